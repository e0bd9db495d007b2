//! hanseek's corpus reader: turns corpus files into [`Report`]s of [`Article`]s and
//! their [`Reference`] links. It knows three formats, detected from the file:
//!
//! - weekly reports (`.md`/`.txt` with CONTENTS, 요약, `## I` sections, `## 01`
//!   articles and a 발행일 colophon) — see [`report`];
//! - `.jsonl`, one document per line (`id`, `title`, `body`, optional `date`, `url`,
//!   `section`) — see [`jsonl`];
//! - any other `.md`/`.txt`: one document, titled by its first heading or line;
//! - `.pdf`: a weekly report rebuilt from the PDF's layout by the same report rules
//!   (or, when it is no report, one document) — see [`pdf`].
//!
//! Nothing here panics on bad input: every failure is a [`Problem`] naming the file and,
//! where it helps, the line.

mod date;
mod encoding;
pub mod jsonl;
mod model;
pub mod pdf;
mod plain;
pub mod report;
pub mod text;
mod walk;

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use date::Date;
pub use model::{Article, Format, Reference, ReferenceKind, Report};
pub use walk::{collect_files, collect_files_with, is_readme, CorpusFiles};

/// A problem with one input file, at a line where that helps. The message says what
/// is wrong; what to do about it depends on the front end (a CLI flag, a setting), so
/// a problem that has a remedy names its [`Cause`] and the front end words the remedy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct Problem {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
}

impl Problem {
    /// A problem without a [`Cause`] a front end has a remedy for.
    pub fn new(path: impl Into<String>, line: Option<usize>, message: String) -> Problem {
        Problem {
            path: path.into(),
            line,
            message,
            cause: None,
        }
    }
}

/// A problem a front end knows a remedy for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// A symbolic link out of the corpus folder, not followed.
    LinkOutside,
    /// A PDF poppler did not read within the time limit (`HANSEEK_PDF_TIMEOUT_SECS`).
    PdfTimeLimit,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// What parsing one file gave: the report (absent when the file is unusable), the
/// errors that make the run fail (a bad JSONL line is skipped and reported while the
/// other lines are kept), and warnings about oddities that were indexed anyway.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Parsed {
    pub report: Option<Report>,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// Reads and parses one file. `source_name` prefixes the ids of its documents
/// (normally its path inside the corpus without extension).
pub fn parse_path(path: &Path, source_name: &str) -> Parsed {
    match std::fs::read(path) {
        Ok(bytes) => parse_bytes(&path.display().to_string(), source_name, &bytes),
        Err(e) => Parsed::failed(Problem::new(
            path.display().to_string(),
            None,
            format!("cannot read: {e}"),
        )),
    }
}

/// Parses a file's content; `path` is used in messages and decides the format by its
/// extension (`.jsonl` → JSONL, anything else → report or plain text by content).
pub fn parse_bytes(path: &str, source_name: &str, bytes: &[u8]) -> Parsed {
    let fail = |line: Option<usize>, message: String| Parsed::failed(Problem::new(path, line, message));
    let lowercase = path.to_ascii_lowercase();
    if lowercase.ends_with(".pdf") {
        return pdf::parse(path, source_name, bytes);
    }
    // UTF-16 (what some Windows editors save) is read as the text it is.
    let from_utf16: Vec<u8>;
    let mut read_as = None;
    let bytes = if encoding::is_utf16(bytes) {
        match encoding::decode(bytes) {
            Ok((text, name)) => {
                from_utf16 = text.into_owned().into_bytes();
                read_as = Some(name);
                &from_utf16[..]
            }
            Err(e) => return fail(e.line, e.message),
        }
    } else {
        bytes
    };
    // Mostly NUL-free content is text with a stray byte (a bad copy, a crashed editor),
    // not a binary file: one NUL must not cost the whole file.
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    if nuls > 0 && nuls * 100 >= bytes.len() {
        return fail(
            None,
            "binary file (it is mostly NUL bytes): not a report, JSONL or text file (UTF-16 text without a byte order mark? convert it to UTF-8)".into(),
        );
    }
    let is_jsonl = lowercase.ends_with(".jsonl");
    // In a report or a text file, a NUL is dropped and its line named; in JSONL it makes
    // its line invalid JSON, reported by the JSONL parser with the others kept.
    let (without_nuls, nul_warnings) = if nuls > 0 && !is_jsonl {
        drop_nuls(path, bytes)
    } else {
        (Vec::new(), Vec::new())
    };
    let bytes = if nul_warnings.is_empty() {
        bytes
    } else {
        &without_nuls[..]
    };
    let mut parsed = parse_text(path, source_name, bytes, is_jsonl, read_as);
    parsed.warnings.extend(nul_warnings);
    parsed
}

/// `bytes` without its NUL bytes, and a warning for each line that had some.
fn drop_nuls(path: &str, bytes: &[u8]) -> (Vec<u8>, Vec<Problem>) {
    let mut line = 1;
    let mut lines = Vec::new();
    for &b in bytes {
        if b == b'\n' {
            line += 1;
        } else if b == 0 && lines.last() != Some(&line) {
            lines.push(line);
        }
    }
    let warnings = lines
        .into_iter()
        .map(|line| Problem::new(path, Some(line), "a NUL byte was removed from this line".into()))
        .collect();
    (bytes.iter().copied().filter(|&b| b != 0).collect(), warnings)
}

/// `parse_bytes` once NUL bytes are dealt with; `read_as` names the encoding the bytes
/// were already converted from (UTF-16), if any.
fn parse_text(path: &str, source_name: &str, bytes: &[u8], is_jsonl: bool, read_as: Option<&'static str>) -> Parsed {
    let fail = |line: Option<usize>, message: String| Parsed::failed(Problem::new(path, line, message));
    let (decoded, encoding) = match encoding::decode(bytes) {
        Ok(decoded) => decoded,
        Err(e) => return fail(e.line, e.message),
    };
    let mut parsed = parse_decoded(path, source_name, &decoded, is_jsonl);
    if let Some(report) = parsed.report.as_mut() {
        report.encoding = Some(read_as.unwrap_or(encoding));
    }
    parsed
}

/// `parse_text` once the text is decoded.
fn parse_decoded(path: &str, source_name: &str, text: &str, is_jsonl: bool) -> Parsed {
    let fail = |line: Option<usize>, message: String| Parsed::failed(Problem::new(path, line, message));
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let composed = compose_hangul(text);
    // Old Mac line endings (CR alone) are lines too, not one long line.
    let lines_fixed: String;
    let text: &str = if composed.contains('\r') && !composed.contains('\n') {
        lines_fixed = composed.replace('\r', "\n");
        &lines_fixed
    } else {
        &composed
    };
    if text.trim().is_empty() {
        return fail(None, "empty file".into());
    }
    if is_jsonl {
        return jsonl::parse(path, text);
    }
    let lines: Vec<text::Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| text::Line::parse(i + 1, l))
        .collect();
    if report::looks_like_report(&lines) {
        let mut warnings = Vec::new();
        match report::parse_report(path, source_name, &lines, &mut warnings) {
            Ok(report) => Parsed {
                report: Some(report),
                errors: Vec::new(),
                warnings,
            },
            Err(problem) => Parsed {
                report: None,
                errors: vec![problem],
                warnings,
            },
        }
    } else {
        Parsed {
            report: Some(plain::parse(path, source_name, &lines)),
            ..Parsed::default()
        }
    }
}

/// Korean (syllables and jamo) or Chinese: the scripts the reports are written
/// in (the report rules and the PDF reader ask it).
pub(crate) fn is_cjk(c: char) -> bool {
    use hanseek_script::*;
    is_hangul_syllable(c) || is_conjoining_jamo(c) || is_compatibility_jamo(c) || is_han_bmp(c)
}

/// Korean written in conjoining jamo (decomposed, NFD: macOS file systems and some
/// PDF extractors write it so) composed into syllables, so that headings are
/// recognized and words are the words queries look for; other text is returned as it
/// is. Queries go through the same function (`hanseek_search`).
pub fn compose_hangul(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    if text.chars().any(hanseek_script::is_conjoining_jamo) {
        std::borrow::Cow::Owned(text.nfc().collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

impl Parsed {
    pub(crate) fn failed(problem: Problem) -> Parsed {
        Parsed {
            report: None,
            errors: vec![problem],
            warnings: Vec::new(),
        }
    }
}
