//! Lines into paragraphs: what continues a paragraph (it reached the right edge, the
//! gap is a line gap, the size agrees, no bullet starts the line) and how a wrapped
//! line's text is appended.

use std::ops::Range;

use super::super::layout::{mostly_bold, Line, Segment};
use super::wraps::WRAP;
use super::{same_size, Metrics};

/// Characters drawn before a list item's text; dropped (the Markdown form writes `- `).
const BULLETS: [char; 8] = ['○', '-', '•', '◦', '▪', '∙', '·', 'ㅇ'];
/// Characters that start a paragraph and stay in its text (the report rules read them).
const MARKERS: [char; 12] = ['●', '■', '☑', '▶', '※', '*', '〈', '<', '□', '◆', '◇', '◎'];

#[derive(Debug)]
pub(super) struct Paragraph {
    pub(super) text: String,
    pub(super) links: Vec<(Range<usize>, String)>,
    pub(super) page: u32,
    pub(super) size: f32,
    pub(super) bold_chars: usize,
    pub(super) chars: usize,
    pub(super) lines: usize,
    pub(super) first_left: f32,
    pub(super) next_left: Option<f32>,
    pub(super) last_right: f32,
    pub(super) last_bottom: f32,
    pub(super) list_item: bool,
}

fn starts_with_bullet(text: &str) -> Option<&str> {
    let mut chars = text.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    (BULLETS.contains(&first) && rest.starts_with(char::is_whitespace)).then(|| rest.trim_start())
}

/// A line that begins a paragraph whatever is above it.
pub(super) fn starts_paragraph(text: &str) -> bool {
    let text = text.trim_start();
    if starts_with_bullet(text).is_some() || text.starts_with(MARKERS) || text.starts_with("출처") {
        return true;
    }
    // `1) 정보 산업`
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && text[digits..].starts_with(')')
}

impl Paragraph {
    pub(super) fn new(page: u32, line: &Line, segment: &Segment) -> Paragraph {
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

    pub(super) fn is_heading(&self, metrics: &Metrics) -> bool {
        let bold = mostly_bold(self.bold_chars, self.chars);
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

pub(super) fn continues_paragraph(
    p: &Paragraph,
    line: &Line,
    segment: &Segment,
    first_on_page: bool,
    metrics: &Metrics,
) -> bool {
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
pub(super) fn append_wrapped(
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
