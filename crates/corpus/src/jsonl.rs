//! JSONL collections: one JSON object per line with `id`, `title`, `body` and optional
//! `date` (YYYY-MM-DD), `url`, `section`; other fields are ignored. A bad line is
//! reported with its line number and skipped; the other lines are kept.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use crate::model::{Article, Format, Report};
use crate::{Date, Parsed, Problem};

#[derive(Deserialize)]
struct JsonDocument {
    id: String,
    title: String,
    body: String,
    date: Option<String>,
    url: Option<String>,
    section: Option<String>,
}

pub fn parse(path: &str, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut articles = Vec::new();
    let mut seen = HashSet::new();
    for (index, line) in text.lines().enumerate() {
        let no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        match read_document(line, &mut seen) {
            Ok(document) => articles.push(Article { line: no, ..document }),
            Err(message) => parsed.errors.push(Problem::new(path, Some(no), message)),
        }
    }
    if !articles.is_empty() {
        let title = Path::new(path)
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        parsed.report = Some(Report {
            path: path.to_string(),
            format: Format::Jsonl,
            title,
            publisher: None,
            issue_date: None,
            encoding: None,
            preface: Vec::new(),
            unattached_summary: Vec::new(),
            articles,
        });
    }
    parsed
}

fn read_document(line: &str, seen: &mut HashSet<String>) -> Result<Article, String> {
    let document: JsonDocument = serde_json::from_str(line)
        .map_err(|e| format!("not a JSON document with string fields id, title, body: {e}"))?;
    if document.id.trim().is_empty() {
        return Err("empty id".into());
    }
    if !seen.insert(document.id.clone()) {
        return Err(format!("duplicate id '{}' (an earlier line has it)", document.id));
    }
    let date = document.date.as_deref().map(str::parse::<Date>).transpose()?;
    Ok(Article {
        id: document.id,
        section: document.section.filter(|s| !s.trim().is_empty()),
        section_number: None,
        category: None,
        number: None,
        title: document.title.trim().to_string(),
        subtitle: None,
        date,
        body: document.body.trim().to_string(),
        summary: Vec::new(),
        url: document.url.filter(|u| !u.trim().is_empty()),
        references: Vec::new(),
        line: 0,
        pages: Vec::new(),
    })
}
