//! Running poppler's `pdftohtml -xml`, bounded in time and output.
//!
//! Why poppler and this tool: `pdftohtml -xml` gives, in one pass, every text run with
//! its page, position, size, font and weight, and the target of the link annotation
//! it sits under — what the report reader needs, where `pdftotext` gives text without
//! fonts or links. poppler decodes CJK fonts through their ToUnicode maps and CID
//! collections (Chromium's Type 3 fonts and LibreOffice's CID fonts both read back as
//! the right Hangul and Han: tested on fixtures from both writers), is mature on
//! broken files, and is one Debian package (`poppler-utils`). A pure-Rust reader
//! would spare the package, but none was found that gives positions, fonts and link
//! targets together with CJK decoding we could verify; the layout model below is
//! independent of poppler, so another extractor can feed it later.
//!
//! A hostile PDF must not hang or balloon an indexing run: the child is killed after
//! [`time_limit`] and its output is cut at [`OUTPUT_LIMIT`], and each is reported as
//! an error of that file.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

use crate::Cause;

/// XML beyond this is not read: a 20-page report gives under 1 MB.
pub const OUTPUT_LIMIT: u64 = 64 << 20;

/// How long one PDF may take (`HANSEEK_PDF_TIMEOUT_SECS`, default 60): a 20-page
/// report takes about half a second.
pub fn time_limit() -> Duration {
    let secs = std::env::var("HANSEEK_PDF_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .unwrap_or(60.0);
    Duration::from_secs_f64(secs)
}

/// Why poppler gave no layout of a PDF.
pub struct Unread {
    pub message: String,
    pub cause: Option<Cause>,
}

impl From<String> for Unread {
    fn from(message: String) -> Unread {
        Unread { message, cause: None }
    }
}

/// The `pdf2xml` document poppler makes of `pdf`, or why there is none.
pub fn layout_xml(pdf: &[u8]) -> Result<String, Unread> {
    // pdftohtml needs a seekable file, not a pipe.
    let mut file = tempfile::Builder::new()
        .prefix("hanseek-pdf-")
        .suffix(".pdf")
        .tempfile()
        .map_err(|e| format!("a PDF: cannot write a temporary copy for pdftohtml: {e}"))?;
    file.write_all(pdf)
        .and_then(|()| file.flush())
        .map_err(|e| format!("a PDF: cannot write a temporary copy for pdftohtml: {e}"))?;
    let mut child = Command::new("pdftohtml")
        // -i: no images; -noroundcoord: positions to the fraction; -wbt 20: a gap of a
        // fifth of the text height is a space (the default, a tenth, put spaces between
        // Latin digits and Hangul drawn in two fonts: "10 대" for 10대).
        .args(["-xml", "-stdout", "-i", "-noroundcoord", "-nodrm", "-wbt", "20"])
        .arg(file.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                "a PDF: hanseek reads PDFs with pdftohtml, which is not installed (apt-get install poppler-utils)"
                    .to_string()
            }
            _ => format!("a PDF: cannot run pdftohtml: {e}"),
        })?;
    // Read on other threads so that a full pipe never blocks the child, and at most
    // OUTPUT_LIMIT + 1 bytes so that an endless output cannot fill memory.
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let over_limit = Arc::new(AtomicBool::new(false));
    let reader = std::thread::spawn({
        let over_limit = Arc::clone(&over_limit);
        move || {
            let mut out = Vec::new();
            let read = stdout.take(OUTPUT_LIMIT + 1).read_to_end(&mut out);
            over_limit.store(out.len() as u64 > OUTPUT_LIMIT, Ordering::Relaxed);
            read.map(|_| out)
        }
    });
    let err_reader = std::thread::spawn(move || {
        let mut err = Vec::new();
        let _ = stderr.take(64 << 10).read_to_end(&mut err);
        err
    });
    // Waited for in short steps: a child whose output went over the limit is stopped
    // at once, not left blocked on a full pipe until the time limit.
    let limit = time_limit();
    let started = Instant::now();
    let status = loop {
        match child.wait_timeout(Duration::from_millis(20)) {
            Ok(Some(status)) => break Some(status),
            Ok(None) if over_limit.load(Ordering::Relaxed) || started.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => {}
            Err(e) => return Err(format!("a PDF: pdftohtml failed: {e}").into()),
        }
    };
    let out = reader
        .join()
        .map_err(|_| "a PDF: reading pdftohtml's output failed".to_string())?;
    let err = err_reader.join().unwrap_or_default();
    let out = out.map_err(|e| format!("a PDF: reading pdftohtml's output failed: {e}"))?;
    if out.len() as u64 > OUTPUT_LIMIT {
        return Err(format!(
            "a PDF whose text is over {} MB: skipped (not a weekly report?)",
            OUTPUT_LIMIT >> 20
        )
        .into());
    }
    let Some(status) = status else {
        return Err(Unread {
            message: format!("a PDF pdftohtml could not read within {limit:?}: skipped"),
            cause: Some(Cause::PdfTimeLimit),
        });
    };
    if !status.success() {
        let err = String::from_utf8_lossy(&err);
        // poppler's last line says why it gave up (earlier ones are warnings).
        let why: String = err
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .chars()
            .take(200)
            .collect();
        if why.contains("password") || why.contains("ncrypt") {
            return Err(
                "an encrypted PDF (it needs a password): skipped; save an unprotected copy"
                    .to_string()
                    .into(),
            );
        }
        return Err(format!(
            "a PDF poppler cannot read ({}): skipped",
            if why.is_empty() { "damaged or not a PDF" } else { &why }
        )
        .into());
    }
    String::from_utf8(out).map_err(|_| {
        "a PDF: pdftohtml wrote text that is not UTF-8: skipped"
            .to_string()
            .into()
    })
}
