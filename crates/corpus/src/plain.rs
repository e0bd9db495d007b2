//! A `.txt`/`.md` file without report structure is one document: its title is the first
//! heading (or, without headings, the first non-blank line); its body is the rest. A
//! first line too long to be a title (a text with no line breaks) stays in the body and
//! the title is its beginning.

use crate::model::{Article, Format, Report};
use crate::text::{clean_inline, clean_line, Line};

pub fn parse(path: &str, source_name: &str, lines: &[Line]) -> Report {
    let title_line = lines
        .iter()
        .find(|l| l.is_heading() && !l.is_blank())
        .or_else(|| lines.iter().find(|l| !l.is_blank()));
    let whole = title_line.map(|l| clean_inline(l.text)).unwrap_or_default();
    let title = shortened(&whole);
    let title_kept_in_body = title != whole;
    let body = lines
        .iter()
        .filter(|l| title_kept_in_body || Some(l.no) != title_line.map(|t| t.no))
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
        encoding: None,
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
            pages: Vec::new(),
        }],
    }
}

/// Titles longer than this many characters are a paragraph, not a title.
const LONGEST_TITLE: usize = 200;

/// `line` if it is short enough to be a title, else its first words (up to 100
/// characters, cut at a space when there is one) and `…`.
fn shortened(line: &str) -> String {
    if line.chars().count() <= LONGEST_TITLE {
        return line.to_string();
    }
    let head: String = line.chars().take(100).collect();
    let cut = head.rfind(' ').filter(|&at| at > 0).unwrap_or(head.len());
    format!("{}…", head[..cut].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines().enumerate().map(|(i, l)| Line::parse(i + 1, l)).collect()
    }

    #[test]
    fn a_first_line_too_long_for_a_title_stays_in_the_body() {
        let long = "리튬배터리 재활용 ".repeat(40);
        let report = parse("x.txt", "x", &lines(&long));
        let article = &report.articles[0];
        assert!(article.title.chars().count() <= 101, "{}", article.title);
        assert!(article.title.ends_with('…') && article.title.starts_with("리튬배터리 재활용"));
        assert_eq!(article.body, long.trim());
    }

    #[test]
    fn a_short_first_line_is_the_title_and_leaves_the_body() {
        let report = parse("x.txt", "x", &lines("광둥성 인공지능\n본문입니다."));
        assert_eq!(report.articles[0].title, "광둥성 인공지능");
        assert_eq!(report.articles[0].body, "본문입니다.");
    }
}
