//! PDFs, as the analysts receive the weekly report. Read in two steps: [`layout`]
//! (pages of positioned, sized, weighted text and link targets, from poppler) and
//! [`rebuild`] (that layout written as the report's Markdown form), then the same
//! report rules as a Markdown report ([`crate::report`]): one Report model, one set of
//! ids. Each article remembers the pages it spans.
//!
//! Failure is reported, never silent: no `pdftohtml`, an encrypted, broken or too slow
//! PDF is an error of that file; a PDF without text (scanned) is an error (no OCR); a
//! PDF that looks like a report but cannot be split into articles is indexed as one
//! document with a warning that says what was missing.

mod characters;
mod layout;
mod poppler;
mod rebuild;

use crate::model::{Format, Report};
use crate::text::Line;
use crate::{plain, report, Parsed, Problem};

pub use poppler::OUTPUT_LIMIT;

/// Parses a PDF's bytes; `path` names it in messages, `source_name` prefixes its ids.
pub fn parse(path: &str, source_name: &str, pdf: &[u8]) -> Parsed {
    let xml = match poppler::layout_xml(pdf) {
        Ok(xml) => xml,
        Err(unread) => {
            let problem = Problem {
                cause: unread.cause,
                ..Problem::new(path, None, unread.message)
            };
            return Parsed::failed(problem);
        }
    };
    parse_layout_xml(path, source_name, &xml)
}

/// The report's Markdown form as rebuilt from a PDF's layout, with the page of each
/// line: what the report rules read (`cargo run -p hanseek-corpus --example pdf_markdown`).
pub fn markdown(pdf: &[u8]) -> Result<Vec<(u32, String)>, String> {
    let pages = layout::parse(&poppler::layout_xml(pdf).map_err(|unread| unread.message)?);
    let rebuilt = rebuild::rebuild(&pages);
    Ok(rebuilt.pages.into_iter().zip(rebuilt.lines).collect())
}

/// [`parse`] once poppler has read the file: the part that needs no poppler (tested and
/// fuzzed on its own).
pub fn parse_layout_xml(path: &str, source_name: &str, xml: &str) -> Parsed {
    let pages = layout::parse(xml);
    if pages.iter().all(|p| p.lines.is_empty()) {
        return Parsed::failed(Problem::new(
            path,
            None,
            "a PDF without text (scanned pages?): skipped; hanseek does no OCR".into(),
        ));
    }
    let rebuilt = rebuild::rebuild(&pages);
    let text = crate::compose_hangul(&rebuilt.lines.join("\n")).into_owned();
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| Line::parse(i + 1, l))
        .collect();
    let page_of = |line: usize| rebuilt.pages.get(line.saturating_sub(1)).copied();
    let all_pages: Vec<u32> = pages.iter().map(|p| p.number).collect();

    let mut warnings = Vec::new();
    // The whole PDF as one document, all its pages.
    let one_document = || {
        let mut document = plain::parse(path, source_name, &lines);
        document.format = Format::Pdf;
        for article in &mut document.articles {
            article.pages = all_pages.clone();
        }
        document
    };
    let as_one_document = |why: String, warnings: &mut Vec<Problem>| {
        warnings.push(Problem::new(
            path,
            None,
            format!("{why}: indexed as one document (the PDF's layout is not one hanseek knows as a report)"),
        ));
        one_document()
    };
    let report = if report::looks_like_report(&lines) {
        match report::parse_report(path, source_name, &lines, &mut warnings) {
            Ok(mut report) => {
                report.format = Format::PdfReport;
                assign_pages(&mut report, &lines, &page_of, all_pages.last().copied().unwrap_or(1));
                let listed = report::contents_entries(&lines);
                let found = report.articles.iter().filter(|a| a.number.is_some()).count();
                if found * 2 < listed {
                    as_one_document(
                        format!("a report whose CONTENTS lists {listed} articles, of which only {found} were found"),
                        &mut warnings,
                    )
                } else {
                    report
                }
            }
            Err(failure) => as_one_document(
                format!(
                    "looks like a report but cannot be split into articles ({})",
                    failure.message
                ),
                &mut warnings,
            ),
        }
    } else {
        one_document()
    };
    // The lines are the rebuilt text's, not the PDF's: messages name pages instead.
    for warning in &mut warnings {
        if let Some(page) = warning.line.take().and_then(page_of) {
            warning.message = format!("page {page}: {}", warning.message);
        }
    }
    Parsed {
        report: Some(report),
        errors: Vec::new(),
        warnings,
    }
}

/// Each article spans the pages from its heading's to that of its last line of text
/// before the next article's heading (or the colophon).
fn assign_pages(report: &mut Report, lines: &[Line], page_of: &dyn Fn(usize) -> Option<u32>, last_page: u32) {
    let starts: Vec<usize> = report.articles.iter().map(|a| a.line).collect();
    for (i, article) in report.articles.iter_mut().enumerate() {
        let first = page_of(article.line).unwrap_or(1);
        let end_line = match starts.get(i + 1) {
            Some(&next) => next.saturating_sub(1),
            None => report::colophon_line(lines).map_or(lines.len(), |l| l.saturating_sub(1)),
        };
        // The last line of text before the end; headings there are the next section's
        // banner (`Ⅳ`, `단신동향`), not the article's.
        let last = (article.line + 1..=end_line)
            .rev()
            .find(|&n| lines.get(n - 1).is_some_and(|l| !l.is_blank() && !l.is_heading()))
            .or(Some(article.line))
            .and_then(page_of)
            .unwrap_or(first)
            .clamp(first, last_page.max(first));
        article.pages = (first..=last).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_without_text_is_reported() {
        let xml = r#"<pdf2xml><page number="1" height="100" width="100"></page></pdf2xml>"#;
        let parsed = parse_layout_xml("scan.pdf", "scan", xml);
        assert!(parsed.report.is_none());
        assert!(parsed.errors[0].message.contains("OCR"), "{:?}", parsed.errors);
    }
}
