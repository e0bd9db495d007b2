//! A report's layout turned back into the report's Markdown form, so that one set of
//! report rules ([`crate::report`]) reads both: what is an article heading, a ■
//! subtitle, a 참고자료 block is decided there; here only what the PDF shows with fonts
//! and positions becomes the markers the Markdown form writes:
//!
//! - running headers, footers and page numbers (text in the top or bottom band of a
//!   page that repeats on other pages, or is only a page number) are dropped;
//! - lines become paragraphs across wraps and page breaks: a line continues the
//!   paragraph above when that one reached the text's right edge, the gap between them
//!   is a line gap, the size agrees and the line starts with no bullet;
//! - a paragraph mostly in bold, or in a larger size than the text, is a heading, its
//!   level ranked by size (the report title largest);
//! - a section banner (`Ⅰ 특집기사`) is the numeral heading and the name heading;
//! - lines cut into cells by wide gaps are table rows (`\t` between cells); a row
//!   starts at the table's first column, a cell's wrapped lines are joined, and a table
//!   that goes on at the top of the next page stays one table;
//! - link annotations give URLs exactly (`<url>`), whatever the visible text shows;
//! - a line wrapped inside a word is joined without a space. Korean text justified with
//!   breaks between any two syllables does not show whether a wrap fell on a space, so
//!   the document's own text decides: the wrap's neighbours are looked up elsewhere in
//!   the document, joined and spaced, and the more frequent spelling wins (Korean
//!   without evidence is joined: most wraps in such text fall inside a word).
//!
//! One module a job: [`running`] headers and footers, [`paragraph`]s, [`table`]s,
//! [`wraps`] inside words; here the metrics they share, the blocks in reading order and
//! the Markdown they are written as.

mod paragraph;
mod running;
mod table;
mod wraps;

use std::ops::Range;

use super::layout::{Line, Page, Segment};
use paragraph::{append_wrapped, continues_paragraph, Paragraph};
use table::{Cell, TableDraft};
use wraps::{decide_wraps, WRAP};

/// The report's text in its Markdown form, and the page each line came from.
#[derive(Debug, Default)]
pub struct Rebuilt {
    pub lines: Vec<String>,
    /// `pages[i]` is the 1-based page of `lines[i]`.
    pub pages: Vec<u32>,
}

#[derive(Debug)]
enum Block {
    Paragraph(Paragraph),
    Table { rows: Vec<Vec<Cell>>, page: u32 },
}

/// What the whole document's text looks like: the sizes and edges that say what is a
/// heading and where a line ends early.
struct Metrics {
    body_size: f32,
    /// The right edge of full lines of text.
    text_right: f32,
    /// The usual gap between two lines of one paragraph.
    line_gap: f32,
}

pub fn rebuild(pages: &[Page]) -> Rebuilt {
    let mut pages = running::without_running_lines(pages);
    normalize_latin_sizes(&mut pages);
    let metrics = metrics(&pages);
    let blocks = blocks(&pages, &metrics);
    markdown(blocks, &metrics)
}

/// Some writers draw Latin text in fallback fonts whose reported size is not the
/// text's (Chromium's: 13% larger than the Hangul beside it). The ratio is read off
/// segments that hold both, and segments of Latin only are scaled back by it, so that
/// `(11.25)` or `CONTENTS` compare with the Korean text around them.
fn normalize_latin_sizes(pages: &mut [Page]) {
    let mut ratios: Vec<f32> = pages
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|l| &l.segments)
        .filter(|s| s.has_cjk && s.latin_size > 0.0 && s.size > 0.0)
        .map(|s| s.latin_size / s.size)
        .collect();
    if ratios.is_empty() {
        return;
    }
    ratios.sort_by(f32::total_cmp);
    let ratio = ratios[ratios.len() / 2];
    if !(0.5..=2.0).contains(&ratio) {
        return;
    }
    for segment in pages
        .iter_mut()
        .flat_map(|p| &mut p.lines)
        .flat_map(|l| &mut l.segments)
    {
        if !segment.has_cjk {
            segment.size /= ratio;
        }
    }
}

fn metrics(pages: &[Page]) -> Metrics {
    // The body size: the size most characters are set in (not in bold).
    let mut by_size: rustc_hash::FxHashMap<u32, usize> = Default::default();
    for s in pages.iter().flat_map(|p| &p.lines).flat_map(|l| &l.segments) {
        if !s.is_bold() {
            *by_size.entry((s.size * 2.0).round() as u32).or_default() += s.chars;
        }
    }
    let body_size = by_size
        .iter()
        .max_by_key(|(size, chars)| (**chars, **size))
        .map_or(10.0, |(size, _)| *size as f32 / 2.0);
    let body_lines = || {
        pages
            .iter()
            .flat_map(|p| &p.lines)
            .filter(move |l| l.segments.len() == 1 && same_size(l.segments[0].size, body_size))
    };
    // Full lines share the right edge; a high percentile ignores a stray overhang.
    let mut rights: Vec<f32> = body_lines().map(Line::right).collect();
    rights.sort_by(f32::total_cmp);
    let text_right = rights
        .get(rights.len().saturating_sub(1) * 9 / 10)
        .copied()
        .unwrap_or(f32::INFINITY);
    // The usual gap: the most frequent gap between consecutive body lines, of those
    // narrower than a line (wider ones are between paragraphs).
    let mut gaps: rustc_hash::FxHashMap<i32, usize> = Default::default();
    for page in pages {
        for pair in page.lines.windows(2) {
            let both_body = pair
                .iter()
                .all(|l| l.segments.len() == 1 && same_size(l.segments[0].size, body_size));
            let gap = pair[1].top - pair[0].bottom;
            if both_body && gap > -0.5 * body_size && gap < body_size {
                *gaps.entry(gap.round() as i32).or_default() += 1;
            }
        }
    }
    let line_gap = gaps
        .iter()
        .max_by_key(|(gap, n)| (**n, -**gap))
        .map_or(0.25 * body_size, |(gap, _)| *gap as f32);
    Metrics {
        body_size,
        text_right,
        line_gap,
    }
}

fn same_size(a: f32, b: f32) -> bool {
    (a - b).abs() <= 0.75
}

fn blocks(pages: &[Page], metrics: &Metrics) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut table: Option<TableDraft> = None;
    for page in pages {
        for (i, line) in page.lines.iter().enumerate() {
            let first_on_page = i == 0;
            // Outside a table, gaps with a space beside them are word spaces.
            let read = line.justified();
            if let Some(draft) = table.as_mut() {
                if draft.takes(line, &read, first_on_page) {
                    draft.add(line, page.number, first_on_page);
                    continue;
                }
                finish_table(table.take().expect("a table"), &mut blocks, metrics);
            }
            let line = read.as_ref();
            if line.segments.len() >= 2 {
                let mut draft = TableDraft::new(page.number, metrics.line_gap);
                draft.add(line, page.number, first_on_page);
                table = Some(draft);
                continue;
            }
            add_line(
                &mut blocks,
                page.number,
                line,
                &line.segments[0],
                first_on_page,
                metrics,
            );
        }
    }
    if let Some(draft) = table {
        finish_table(draft, &mut blocks, metrics);
    }
    blocks
}

/// A table of one line is no table: a line whose parts stand apart (a boxed number
/// and a title, a label and a value at a tab stop), read as one.
fn finish_table(draft: TableDraft, blocks: &mut Vec<Block>, metrics: &Metrics) {
    match draft.lone_line() {
        Some((line, page, first_on_page)) => add_line(blocks, page, &line, &line.merged(), first_on_page, metrics),
        None => blocks.push(draft.finish()),
    }
}

/// A line of text: the paragraph above goes on with it, or it starts one.
fn add_line(
    blocks: &mut Vec<Block>,
    page: u32,
    line: &Line,
    segment: &Segment,
    first_on_page: bool,
    metrics: &Metrics,
) {
    if let Some(Block::Paragraph(p)) = blocks.last_mut() {
        if continues_paragraph(p, line, segment, first_on_page, metrics) {
            p.next_left.get_or_insert(segment.left);
            append_wrapped(&mut p.text, &mut p.links, &segment.text, &segment.links);
            p.bold_chars += segment.bold_chars;
            p.chars += segment.chars;
            p.lines += 1;
            p.last_right = segment.right;
            p.last_bottom = line.bottom;
            return;
        }
    }
    blocks.push(Block::Paragraph(Paragraph::new(page, line, segment)));
}

/// The blocks written as the report's Markdown form.
fn markdown(blocks: Vec<Block>, metrics: &Metrics) -> Rebuilt {
    // Heading levels: sizes ranked, the largest first.
    let mut sizes: Vec<u32> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) if p.is_heading(metrics) => Some((p.size * 2.0).round() as u32),
            _ => None,
        })
        .collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    let level = |size: f32| {
        let size = (size * 2.0).round() as u32;
        (sizes.iter().position(|&s| s == size).unwrap_or(0) + 1).min(6)
    };
    let mut texts: Vec<(String, u32)> = Vec::new();
    for block in &blocks {
        match block {
            Block::Paragraph(p) => {
                let (text, trailing_urls) = with_urls(&p.text, &p.links);
                // A link wrapped into two paragraphs gives its URL once.
                if text.starts_with('<') && texts.last().is_some_and(|(last, _)| last.ends_with(text.as_str())) {
                    continue;
                }
                if p.is_heading(metrics) {
                    let hashes = "#".repeat(level(p.size));
                    match section_banner(&text) {
                        Some((numeral, name)) => {
                            texts.push((format!("{hashes} {numeral}"), p.page));
                            texts.push((format!("{hashes} {}", escape(name)), p.page));
                        }
                        None => texts.push((format!("{hashes} {}", escape_inline(&text)), p.page)),
                    }
                } else if p.list_item || p.lines == 1 {
                    // One-line paragraphs are list items too: CONTENTS entries are
                    // lines without bullets, and in an article body it makes no odds.
                    texts.push((format!("- {}", escape_inline(&text)), p.page));
                } else {
                    texts.push((escape_start(&escape_inline(&text)), p.page));
                }
                texts.extend(trailing_urls.into_iter().map(|url| (format!("<{url}>"), p.page)));
            }
            Block::Table { rows, page } => {
                for row in rows {
                    let cells: Vec<String> = row
                        .iter()
                        .map(|c| {
                            let (text, _) = with_urls(&c.text, &c.links);
                            escape_inline(&text).replace('\t', " ")
                        })
                        .collect();
                    // A row of one cell still needs a tab to be read as a row.
                    let joined = cells.join("\t");
                    texts.push((
                        if cells.len() == 1 {
                            format!("{joined}\t")
                        } else {
                            joined
                        },
                        *page,
                    ));
                }
            }
        }
    }
    let decided = decide_wraps(&texts);
    let mut rebuilt = Rebuilt::default();
    for (text, page) in decided {
        rebuilt.lines.push(text);
        rebuilt.pages.push(page);
        // Blank lines between blocks, as the Markdown form has them.
        rebuilt.lines.push(String::new());
        rebuilt.pages.push(page);
    }
    rebuilt
}

/// `Ⅰ 특집기사`, `II. 정책동향` → (numeral, name).
fn section_banner(text: &str) -> Option<(&str, &str)> {
    let (numeral, name) = text.trim().split_once(char::is_whitespace)?;
    let numeral = numeral.trim_end_matches('.');
    let is_numeral = !numeral.is_empty()
        && (numeral.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) || numeral.chars().all(|c| ('Ⅰ'..='Ⅻ').contains(&c)))
        && numeral.chars().count() <= 4;
    (is_numeral && !name.trim().is_empty()).then(|| (numeral, name.trim()))
}

/// Link annotations whose visible text is the URL (or part of it) become `<url>`, the
/// exact target, whatever the line shows; other links keep their text and give their
/// URLs for lines of their own after the paragraph.
fn with_urls(text: &str, links: &[(Range<usize>, String)]) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut trailing = Vec::new();
    let mut at = 0;
    for (range, url) in links {
        let (Some(before), Some(shown)) = (text.get(at..range.start), text.get(range.start..range.end)) else {
            continue;
        };
        out.push_str(before);
        let shown_plain: String = shown.chars().filter(|&c| c != WRAP && !c.is_whitespace()).collect();
        let shows_url =
            shown_plain.starts_with("http") || shown_plain.starts_with("www.") || url.contains(&shown_plain);
        if shows_url && !url.chars().any(|c| c.is_whitespace() || c == '>') {
            out.push('<');
            out.push_str(url);
            out.push('>');
        } else {
            out.push_str(shown);
            if !trailing.contains(url) {
                trailing.push(url.clone());
            }
        }
        at = range.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    (out, trailing)
}

/// PDF text read back through the Markdown form's cleaning (`text::clean_inline`)
/// must come out as it was: its `&`, `<` and `*` are escaped. `<url>` made above stays.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let (before, after) = rest.split_at(open);
        out.push_str(&escape(before));
        match after
            .find('>')
            .filter(|_| after[1..].starts_with("http") || after[1..].starts_with("www."))
        {
            Some(close) => {
                out.push_str(&after[..=close]);
                rest = &after[close + 1..];
            }
            None => {
                out.push_str("&lt;");
                rest = &after[1..];
            }
        }
    }
    out.push_str(&escape(rest));
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('*', "\\*")
}

/// A paragraph that starts like a Markdown marker (`# `, `- `) is text, not a marker.
fn escape_start(text: &str) -> String {
    if text.starts_with(['#', '-', '+']) {
        format!("\\{text}")
    } else {
        text.to_string()
    }
}
