//! PDFs, the analysts' usual input: their text, extracted by `pdftotext` (Debian's
//! poppler-utils), then read as a plain document (one per file, titled by its first
//! heading or line). pdftotext is the extractor because it is poppler's, mature with
//! the CJK fonts and encodings these reports use (it reads Hangul and Han from the
//! test fixture), and one Debian package away; a pure-Rust extractor, which would need
//! no package, has not been evaluated yet. Without pdftotext each PDF is reported with
//! how to enable it, never silently passed over.

use std::io::Write;
use std::process::{Command, Stdio};

/// The text of a PDF, as UTF-8 bytes.
pub fn text(pdf: &[u8]) -> Result<Vec<u8>, String> {
    let mut child = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-q", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                "a PDF: hanseek reads PDFs with pdftotext, which is not installed (apt-get install poppler-utils)"
                    .to_string()
            }
            _ => format!("a PDF: cannot run pdftotext: {e}"),
        })?;
    // Written from another thread: pdftotext may fill its output pipe before it has
    // read all of its input.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = pdf.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("a PDF: pdftotext failed: {e}"))?;
    let _ = writer.join();
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        return Err(format!("a PDF pdftotext cannot read ({}): skipped", why.trim()));
    }
    if output.stdout.iter().all(|b| b.is_ascii_whitespace() || *b == b'\x0c') {
        return Err("a PDF without text (scanned pages?): skipped; hanseek does no OCR".into());
    }
    // Form feeds separate pages; they are line breaks to the parser.
    Ok(output
        .stdout
        .into_iter()
        .map(|b| if b == b'\x0c' { b'\n' } else { b })
        .collect())
}
