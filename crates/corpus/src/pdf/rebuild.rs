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

use std::ops::Range;

use super::layout::{is_cjk, Line, Page, Segment};

/// The report's text in its Markdown form, and the page each line came from.
#[derive(Debug, Default)]
pub struct Rebuilt {
    pub lines: Vec<String>,
    /// `pages[i]` is the 1-based page of `lines[i]`.
    pub pages: Vec<u32>,
}

/// Marks a wrap whose spacing the document's text decides (a private-use character:
/// never in a report).
const WRAP: char = '\u{E000}';

/// Characters drawn before a list item's text; dropped (the Markdown form writes `- `).
const BULLETS: [char; 8] = ['○', '-', '•', '◦', '▪', '∙', '·', 'ㅇ'];
/// Characters that start a paragraph and stay in its text (the report rules read them).
const MARKERS: [char; 12] = ['●', '■', '☑', '▶', '※', '*', '〈', '<', '□', '◆', '◇', '◎'];

#[derive(Debug)]
enum Block {
    Paragraph(Paragraph),
    Table { rows: Vec<Vec<Cell>>, page: u32 },
}

#[derive(Debug, Default)]
struct Cell {
    text: String,
    links: Vec<(Range<usize>, String)>,
}

#[derive(Debug)]
struct Paragraph {
    text: String,
    links: Vec<(Range<usize>, String)>,
    page: u32,
    size: f32,
    bold_chars: usize,
    chars: usize,
    lines: usize,
    first_left: f32,
    next_left: Option<f32>,
    last_right: f32,
    last_bottom: f32,
    list_item: bool,
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
    let mut pages = without_running_lines(pages);
    normalize_latin_sizes(&mut pages);
    let metrics = metrics(&pages);
    let blocks = blocks(&pages, &metrics);
    markdown(blocks, &metrics)
}

/// Pages without their running headers, footers and page numbers.
fn without_running_lines(pages: &[Page]) -> Vec<Page> {
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

fn starts_with_bullet(text: &str) -> Option<&str> {
    let mut chars = text.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    (BULLETS.contains(&first) && rest.starts_with(char::is_whitespace)).then(|| rest.trim_start())
}

/// A line that begins a paragraph whatever is above it.
fn starts_paragraph(text: &str) -> bool {
    let text = text.trim_start();
    if starts_with_bullet(text).is_some() || text.starts_with(MARKERS) || text.starts_with("출처") {
        return true;
    }
    // `1) 정보 산업`
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && text[digits..].starts_with(')')
}

fn blocks(pages: &[Page], metrics: &Metrics) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut table: Option<TableDraft> = None;
    for page in pages {
        for (i, line) in page.lines.iter().enumerate() {
            let first_on_page = i == 0;
            if let Some(draft) = table.as_mut() {
                if draft.takes(line, first_on_page) {
                    draft.add(line, page.number);
                    continue;
                }
                blocks.push(table.take().expect("a table").finish());
            }
            if line.segments.len() >= 2 {
                let mut draft = TableDraft::new(page.number, metrics.line_gap);
                draft.add(line, page.number);
                table = Some(draft);
                continue;
            }
            let segment = &line.segments[0];
            let continues = match blocks.last_mut() {
                Some(Block::Paragraph(p)) => continues_paragraph(p, line, segment, first_on_page, metrics),
                _ => false,
            };
            if continues {
                if let Some(Block::Paragraph(p)) = blocks.last_mut() {
                    p.next_left.get_or_insert(segment.left);
                    append_wrapped(&mut p.text, &mut p.links, &segment.text, &segment.links);
                    p.bold_chars += segment.bold_chars;
                    p.chars += segment.chars;
                    p.lines += 1;
                    p.last_right = segment.right;
                    p.last_bottom = line.bottom;
                }
            } else {
                blocks.push(Block::Paragraph(Paragraph::new(page.number, line, segment)));
            }
        }
    }
    blocks.extend(table.map(TableDraft::finish));
    blocks
}

impl Paragraph {
    fn new(page: u32, line: &Line, segment: &Segment) -> Paragraph {
        let (text, links, list_item) = match starts_with_bullet(&segment.text) {
            Some(rest) => {
                let cut = segment.text.len() - rest.len();
                let links = shifted(&segment.links, cut);
                (rest.to_string(), links, true)
            }
            None => (segment.text.clone(), segment.links.clone(), false),
        };
        Paragraph {
            text,
            links,
            page,
            size: segment.size,
            bold_chars: segment.bold_chars,
            chars: segment.chars,
            lines: 1,
            first_left: segment.left,
            next_left: None,
            last_right: segment.right,
            last_bottom: line.bottom,
            list_item,
        }
    }

    fn is_heading(&self, metrics: &Metrics) -> bool {
        let bold = self.chars > 0 && self.bold_chars * 5 >= self.chars * 4;
        // Bold headings may be set smaller than the text (a category under CONTENTS).
        (bold && self.size >= metrics.body_size * 0.8) || self.size >= metrics.body_size * 1.2
    }
}

/// Link ranges of `links` moved `cut` bytes to the left (text was removed before them).
fn shifted(links: &[(Range<usize>, String)], cut: usize) -> Vec<(Range<usize>, String)> {
    links
        .iter()
        .filter(|(range, _)| range.end > cut)
        .map(|(range, url)| (range.start.saturating_sub(cut)..range.end - cut, url.clone()))
        .collect()
}

fn continues_paragraph(p: &Paragraph, line: &Line, segment: &Segment, first_on_page: bool, metrics: &Metrics) -> bool {
    let em = segment.size.max(1.0);
    // A line ended early when the next line's first word would have fit after it (in
    // justified text every wrapped line reaches the edge; in ragged text it stops
    // short by less than the next word).
    // A word wider than eight characters (a URL) says nothing: it may not fit anywhere.
    let room = metrics.text_right - p.last_right;
    let word = first_word_width(segment);
    let reached_edge = room < 1.5 * em || (word <= 8.0 * em && room < word + 0.5 * em);
    let gap_ok = first_on_page || line.top - p.last_bottom <= metrics.line_gap + 0.3 * em;
    let left_ok = match p.next_left {
        Some(left) => (segment.left - left).abs() <= 0.6 * em,
        None => segment.left >= p.first_left - 0.6 * em && segment.left <= p.first_left + 3.0 * em,
    };
    // A line that ends with a link, above one that does not start with it, ends a URL
    // line (the reports give URLs lines of their own).
    let link_ends = p.links.last().is_some_and(|(range, url)| {
        range.end >= p.text.trim_end().len()
            && segment
                .links
                .first()
                .is_none_or(|(next, next_url)| next.start > 0 || next_url != url)
    });
    same_size(p.size, segment.size)
        && reached_edge
        && gap_ok
        && left_ok
        && !link_ends
        && !starts_paragraph(&segment.text)
}

/// The width of a segment's first word, from its share of the characters.
fn first_word_width(segment: &Segment) -> f32 {
    let total = segment.text.chars().count().max(1);
    let word = segment.text.split_whitespace().next().map_or(0, |w| w.chars().count());
    (segment.right - segment.left) * word as f32 / total as f32
}

/// Appends a wrapped line's text: after a URL nothing, where the text shows a space a
/// space, elsewhere a [`WRAP`] for the document's text to decide.
fn append_wrapped(
    text: &mut String,
    links: &mut Vec<(Range<usize>, String)>,
    next: &str,
    next_links: &[(Range<usize>, String)],
) {
    let last_word = text.rsplit(char::is_whitespace).next().unwrap_or("");
    let url_goes_on = (last_word.contains("://") || last_word.starts_with("www."))
        && next.starts_with(|c: char| c.is_ascii_graphic());
    let spaced = text.ends_with(char::is_whitespace) || next.starts_with(char::is_whitespace);
    if !(spaced || text.is_empty() || url_goes_on) {
        text.push(WRAP);
    }
    let start = text.len();
    text.push_str(next);
    for (range, url) in next_links {
        let range = range.start + start..range.end + start;
        match links.last_mut() {
            // A link wrapped over two lines is one link.
            Some((last, last_url)) if last_url == url && (last.end == start || last.end + WRAP.len_utf8() == start) => {
                last.end = range.end
            }
            _ => links.push((range, url.clone())),
        }
    }
}

/// A table while its lines are read; rows and cells are decided at the end.
struct TableDraft {
    page: u32,
    /// Each line with the page it is on.
    lines: Vec<(Line, u32)>,
    line_gap: f32,
}

impl TableDraft {
    fn new(page: u32, line_gap: f32) -> TableDraft {
        TableDraft {
            page,
            lines: Vec::new(),
            line_gap,
        }
    }

    fn last_bottom(&self) -> f32 {
        self.lines.last().map_or(0.0, |(l, _)| l.bottom)
    }

    /// Column starts: the left edges of the segments of lines of several cells.
    fn columns(&self) -> Vec<f32> {
        let mut columns: Vec<f32> = Vec::new();
        for (line, _) in self.lines.iter().filter(|(l, _)| l.segments.len() >= 2) {
            let em = line.segments[0].size.max(1.0);
            for s in &line.segments {
                if !columns.iter().any(|c| (c - s.left).abs() <= 0.5 * em) {
                    columns.push(s.left);
                }
            }
        }
        columns.sort_by(f32::total_cmp);
        columns
    }

    /// Lines one line gap apart are one cell's wrapped text (or one row's).
    fn in_same_row(&self, line: &Line, first_on_page: bool) -> bool {
        let em = line.segments[0].size.max(1.0);
        !first_on_page && !self.lines.is_empty() && line.top - self.last_bottom() <= self.line_gap + 0.35 * em
    }

    /// A line one line gap below goes on the table; after a wider gap, a line of several
    /// cells does, and a single one only when it is under a column after the first (the
    /// cells before it are empty), close below or at the top of the next page.
    fn takes(&self, line: &Line, first_on_page: bool) -> bool {
        let em = line.segments[0].size.max(1.0);
        if self.in_same_row(line, first_on_page) {
            return true;
        }
        if !first_on_page && line.top - self.last_bottom() >= 2.5 * em {
            return false;
        }
        if line.segments.len() >= 2 {
            return true;
        }
        let left = line.segments[0].left;
        self.columns().iter().skip(1).any(|c| (c - left).abs() <= 0.5 * em)
    }

    fn add(&mut self, line: &Line, page: u32) {
        self.lines.push((line.clone(), page));
    }

    /// Rows, then cells. Rows are split where the gap between lines is wider than a line
    /// gap (cell padding and borders) or the page changes; a table drawn without such
    /// gaps starts a row wherever the first column has text. A segment belongs to the
    /// last column starting at or before it.
    fn finish(self) -> Block {
        let columns = self.columns();
        let first_column = columns.first().copied().unwrap_or(0.0);
        let mut by_gap: Vec<Vec<&Line>> = Vec::new();
        let mut by_first_column: Vec<Vec<&Line>> = Vec::new();
        let mut previous: Option<(&Line, u32)> = None;
        for (line, page) in &self.lines {
            let em = line.segments[0].size.max(1.0);
            let in_first_column = line.left() <= first_column + 0.5 * em;
            // At the top of the next page a row goes on unless the first column has text.
            let gap_break = previous.is_none_or(|(p, p_page)| {
                if p_page != *page {
                    in_first_column
                } else {
                    line.top - p.bottom > self.line_gap + 0.35 * em
                }
            });
            let column_break = previous.is_none() || in_first_column;
            if gap_break {
                by_gap.push(Vec::new());
            }
            if column_break {
                by_first_column.push(Vec::new());
            }
            by_gap.last_mut().expect("a row").push(line);
            by_first_column.last_mut().expect("a row").push(line);
            previous = Some((line, *page));
        }
        let rows = if by_gap.len() >= 2 { by_gap } else { by_first_column };
        let rows = rows
            .into_iter()
            .map(|lines| {
                let mut cells: Vec<Cell> = (0..columns.len().max(1)).map(|_| Cell::default()).collect();
                for line in lines {
                    let em = line.segments[0].size.max(1.0);
                    for s in &line.segments {
                        let at = columns.iter().rposition(|&c| c <= s.left + 0.5 * em).unwrap_or(0);
                        let cell = &mut cells[at];
                        if !cell.text.is_empty() && starts_paragraph(&s.text) {
                            cell.text.push(' ');
                        }
                        append_wrapped(&mut cell.text, &mut cell.links, &s.text, &s.links);
                    }
                }
                cells
            })
            .filter(|cells| cells.iter().any(|c| !c.text.is_empty()))
            .collect();
        Block::Table { rows, page: self.page }
    }
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

/// Every [`WRAP`] replaced by a space or nothing, as the document's own text spells the
/// words around it. The spellings to count are gathered first and counted in one pass.
fn decide_wraps(texts: &[(String, u32)]) -> Vec<(String, u32)> {
    if !texts.iter().any(|(t, _)| t.contains(WRAP)) {
        return texts.to_vec();
    }
    let whole: String = texts.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join("\n");
    let sites: Vec<Vec<Site>> = texts
        .iter()
        .map(|(text, _)| {
            let chars: Vec<char> = text.chars().collect();
            (0..chars.len())
                .filter(|&i| chars[i] == WRAP)
                .map(|i| spellings(&chars, i))
                .collect()
        })
        .collect();
    let mut patterns: Vec<&str> = sites.iter().flatten().flat_map(Site::patterns).collect();
    patterns.sort_unstable();
    patterns.dedup();
    // For each spelling: how often it occurs, how often a word ends right after it
    // and how often one starts right before it.
    let mut counts = vec![[0usize; 3]; patterns.len()];
    let edge =
        |c: Option<char>| c.is_none_or(|c| c != WRAP && (c.is_whitespace() || c.is_ascii_punctuation() || closing(c)));
    if let Ok(automaton) = aho_corasick::AhoCorasick::new(&patterns) {
        for found in automaton.find_overlapping_iter(&whole) {
            let count = &mut counts[found.pattern().as_usize()];
            count[0] += 1;
            count[1] += usize::from(edge(whole[found.end()..].chars().next()));
            count[2] += usize::from(edge(whole[..found.start()].chars().next_back()));
        }
    }
    let counts_of = |p: &str| patterns.binary_search(&p).map_or([0; 3], |i| counts[i]);
    let count = |p: &str| counts_of(p)[0];
    texts
        .iter()
        .zip(&sites)
        .map(|((text, page), text_sites)| {
            let mut sites = text_sites.iter();
            let chars: Vec<char> = text.chars().collect();
            let mut out = String::with_capacity(text.len());
            for (i, &c) in chars.iter().enumerate() {
                if c != WRAP {
                    out.push(c);
                    continue;
                }
                let site = sites.next();
                let pairs = site.map_or(&[][..], |s| s.pairs.as_slice());
                let evidence = pairs
                    .iter()
                    .map(|(joined, spaced)| (count(joined), count(spaced)))
                    .find(|(joined, spaced)| joined != spaced);
                let space = match (evidence, site.and_then(|s| s.ends.as_ref())) {
                    (Some((joined, spaced)), _) => spaced > joined,
                    (None, Some(ends)) => ends
                        .spaced(&counts_of)
                        .unwrap_or_else(|| spaced_without_evidence(&chars, i)),
                    (None, None) => spaced_without_evidence(&chars, i),
                };
                if space {
                    out.push(' ');
                }
            }
            (out, *page)
        })
        .collect()
}

/// What the document's text is asked about one wrap.
struct Site {
    /// The words around it, joined and spaced, from the widest context to the narrowest.
    pairs: Vec<(String, String)>,
    /// When no pair is found: does the text before it end words elsewhere, and the text
    /// after it start them? (`산업과|경쟁`: `업과 ` and ` 경쟁` are word edges.)
    ends: Option<WordEdges>,
}

struct WordEdges {
    left: String,
    right: String,
}

impl Site {
    fn patterns(&self) -> impl Iterator<Item = &str> {
        let edges = self.ends.iter().flat_map(|e| [e.left.as_str(), e.right.as_str()]);
        self.pairs
            .iter()
            .flat_map(|(j, s)| [j.as_str(), s.as_str()])
            .chain(edges)
    }
}

impl WordEdges {
    /// A space when the two sides mostly end and start words elsewhere (followed or
    /// preceded by a space or punctuation); `None` when neither occurs elsewhere.
    /// (`counts` gives [occurrences, words ending after, words starting before]; each
    /// includes the wrap itself, as no edge.)
    fn spaced(&self, counts: &dyn Fn(&str) -> [usize; 3]) -> Option<bool> {
        let (left, right) = (counts(&self.left), counts(&self.right));
        if left[0] + right[0] < 3 {
            return None;
        }
        let ratio = |edge: usize, all: usize| edge as f32 / all.max(1) as f32;
        Some(ratio(left[1], left[0]) + ratio(right[2], right[0]) >= 1.0)
    }
}

fn spellings(chars: &[char], at: usize) -> Site {
    let word_char = |c: &&char| !c.is_whitespace() && **c != WRAP;
    let before: Vec<char> = chars[..at].iter().rev().take_while(word_char).copied().collect();
    let after: Vec<char> = chars[at + 1..].iter().take_while(word_char).copied().collect();
    let side = |chars: &[char], n: usize, reversed: bool| -> String {
        if reversed {
            chars[..n].iter().rev().collect()
        } else {
            chars[..n].iter().collect()
        }
    };
    let pairs = [(3, 3), (2, 2), (2, 1), (1, 2)]
        .into_iter()
        .filter(|&(left, right)| before.len() >= left && after.len() >= right)
        .map(|(left, right)| {
            let (l, r) = (side(&before, left, true), side(&after, right, false));
            (format!("{l}{r}"), format!("{l} {r}"))
        })
        .collect();
    let ends = (before.len() >= 2 && after.len() >= 2).then(|| {
        let (left, right) = (side(&before, 2, true), side(&after, 2, false));
        WordEdges { left, right }
    });
    Site { pairs, ends }
}

/// No evidence: Korean and Chinese join (most wraps fall inside a word, and a number
/// takes its unit: 3,000|억); Latin words keep their space.
fn spaced_without_evidence(chars: &[char], at: usize) -> bool {
    let (Some(&last), Some(&first)) = (chars[..at].last(), chars.get(at + 1)) else {
        return false;
    };
    let joins = |c: char| is_cjk(c) || c.is_ascii_digit();
    !(joins(last) && joins(first) || closing(first))
}

fn closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '」' | '』' | '〉' | '》' | ',' | '.' | '·' | '%' | '、' | '。' | '’' | '”' | '\'' | '"'
    )
}
