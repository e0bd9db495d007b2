//! A `.txt`/`.md` file without report structure is one document: its title is the first
//! heading (or, without headings, the first non-blank line); its body is the rest.

use crate::model::{Article, Format, Report};
use crate::text::{clean_inline, clean_line, Line};

pub fn parse(path: &str, source_name: &str, lines: &[Line]) -> Report {
    let title_line = lines
        .iter()
        .find(|l| l.is_heading() && !l.is_blank())
        .or_else(|| lines.iter().find(|l| !l.is_blank()));
    let title = title_line.map(|l| clean_inline(l.text)).unwrap_or_default();
    let body = lines
        .iter()
        .filter(|l| Some(l.no) != title_line.map(|t| t.no))
        .map(clean_line)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Report {
        path: path.to_string(),
        format: Format::Plain,
        title: title.clone(),
        publisher: None,
        issue_date: None,
        preface: Vec::new(),
        unattached_summary: Vec::new(),
        articles: vec![Article {
            id: source_name.to_string(),
            section: None,
            section_number: None,
            category: None,
            number: None,
            title,
            subtitle: None,
            date: None,
            body,
            summary: Vec::new(),
            url: None,
            references: Vec::new(),
            line: title_line.map_or(1, |l| l.no),
        }],
    }
}
