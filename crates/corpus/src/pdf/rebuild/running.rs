//! Running headers, footers and page numbers: text in the top or bottom tenth of a page
//! that repeats on a third of the pages (digits aside), or that is only a page number.

use super::super::layout::{Line, Page};

/// Pages without their running headers, footers and page numbers.
pub(super) fn without_running_lines(pages: &[Page]) -> Vec<Page> {
    let in_band = |page: &Page, line: &Line| {
        page.height > 0.0 && (line.bottom < 0.1 * page.height || line.top > 0.9 * page.height)
    };
    let shape = |line: &Line| -> String {
        line.text()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect::<String>()
            .split('#')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("#")
    };
    let mut counts: rustc_hash::FxHashMap<String, usize> = Default::default();
    for page in pages {
        let mut seen = rustc_hash::FxHashSet::default();
        for line in page.lines.iter().filter(|l| in_band(page, l)) {
            if seen.insert(shape(line)) {
                *counts.entry(shape(line)).or_default() += 1;
            }
        }
    }
    let repeats = |s: &str| counts.get(s).is_some_and(|&n| n >= 2 && n * 3 >= pages.len());
    let page_number = |line: &Line| {
        let text = line.text();
        let letters: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        letters.chars().any(|c| c.is_ascii_digit())
            && letters
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '|' | '.' | '(' | ')' | '–' | '—'))
            || letters
                .to_ascii_lowercase()
                .strip_prefix("page")
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
    };
    pages
        .iter()
        .map(|page| Page {
            lines: page
                .lines
                .iter()
                .filter(|line| !(in_band(page, line) && (repeats(&shape(line)) || page_number(line))))
                .cloned()
                .collect(),
            ..page.clone()
        })
        .collect()
}
