//! The layout of a PDF: pages of text lines, each line a row of segments (a table row
//! has one per cell) with their position, size, weight and link targets. Built from
//! poppler's `pdf2xml`; knows nothing about reports.

use quick_xml::events::Event;
use quick_xml::Reader;
use rustc_hash::FxHashMap;

use crate::is_cjk;

/// One page, its lines top to bottom.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// 1-based.
    pub number: u32,
    pub height: f32,
    pub lines: Vec<Line>,
}

/// Text at one height of a page: fragments whose vertical middles agree, left to
/// right, cut into segments where a gap is wider than a character (table cells).
#[derive(Debug, Clone)]
pub struct Line {
    pub top: f32,
    pub bottom: f32,
    pub segments: Vec<Segment>,
}

/// A run of text without a wide gap.
#[derive(Debug, Clone, Default)]
pub struct Segment {
    pub left: f32,
    pub right: f32,
    pub text: String,
    /// Link annotations over parts of `text`: byte ranges and their targets.
    pub links: Vec<(std::ops::Range<usize>, String)>,
    /// Font size: the size of its Korean or Chinese characters where it has some (a
    /// PDF's Latin fallback fonts report sizes that differ from the text's), else of
    /// its largest font.
    pub size: f32,
    /// The largest size of its runs without Korean or Chinese (0 without such runs).
    pub latin_size: f32,
    pub has_cjk: bool,
    /// The gap before it may be a word space that justification stretched (in a short
    /// line of a narrow cell): a space is drawn beside it, or it is narrower than text
    /// is high. Or it may be a cell's edge; tables decide by the other rows.
    pub soft_gap: bool,
    /// A space is drawn beside the gap before it.
    pub space_drawn: bool,
    /// Characters drawn in a bold font, of all non-space characters.
    pub bold_chars: usize,
    pub chars: usize,
}

impl Line {
    pub fn left(&self) -> f32 {
        self.segments.first().map_or(0.0, |s| s.left)
    }

    pub fn right(&self) -> f32 {
        self.segments.last().map_or(0.0, |s| s.right)
    }

    /// The line as it reads outside a table: one segment when every gap in it has a
    /// space drawn beside it (a justified line's stretched word spaces), else as it is.
    pub fn justified(&self) -> std::borrow::Cow<'_, Line> {
        if self.segments.len() < 2 || !self.segments[1..].iter().all(|s| s.soft_gap) {
            return std::borrow::Cow::Borrowed(self);
        }
        std::borrow::Cow::Owned(Line {
            segments: vec![self.merged()],
            ..self.clone()
        })
    }

    /// The line as one segment, its parts apart by a space: a line whose parts stand
    /// apart (a number boxed before a title, a label and a value at a tab stop) when it
    /// is no table row.
    pub fn merged(&self) -> Segment {
        let mut merged = Segment {
            left: self.left(),
            right: self.right(),
            ..Segment::default()
        };
        for segment in &self.segments {
            if !merged.text.is_empty() && !merged.text.ends_with(char::is_whitespace) {
                merged.text.push(' ');
            }
            let start = merged.text.len();
            merged.text.push_str(segment.text.trim_start());
            merged.links.extend(
                segment
                    .links
                    .iter()
                    .map(|(range, url)| (range.start + start..range.end + start, url.clone())),
            );
            merged.bold_chars += segment.bold_chars;
            merged.chars += segment.chars;
            merged.latin_size = merged.latin_size.max(segment.latin_size);
            if segment.has_cjk && !merged.has_cjk {
                merged.size = 0.0;
            }
            if segment.has_cjk || !merged.has_cjk {
                merged.size = merged.size.max(segment.size);
            }
            merged.has_cjk |= segment.has_cjk;
        }
        merged
    }

    /// Every segment's text, cells apart by a space.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self.segments.iter().map(|s| s.text.as_str()).collect();
        parts.join(" ")
    }
}

impl Segment {
    pub fn is_bold(&self) -> bool {
        mostly_bold(self.bold_chars, self.chars)
    }
}

/// Text of `chars` characters, `bold` of them bold, reads as bold: four fifths at least.
pub fn mostly_bold(bold: usize, chars: usize) -> bool {
    chars > 0 && bold * 5 >= chars * 4
}

/// A text run as poppler reports it.
#[derive(Debug, Clone)]
struct Fragment {
    top: f32,
    left: f32,
    width: f32,
    height: f32,
    size: f32,
    bold: bool,
    text: String,
    link: Option<String>,
}

impl Fragment {
    fn middle(&self) -> f32 {
        self.top + self.height / 2.0
    }

    fn right(&self) -> f32 {
        self.left + self.width
    }
}

/// Pages from poppler's `pdf2xml` document. Malformed XML ends the reading where it
/// is broken: what came before is kept.
pub fn parse(xml: &str) -> Vec<Page> {
    let mut reader = Reader::from_str(xml);
    let mut pages: Vec<Page> = Vec::new();
    let mut fragments: Vec<Fragment> = Vec::new();
    let mut font_sizes: FxHashMap<String, f32> = FxHashMap::default();
    let mut current: Option<Fragment> = None;
    let mut bold_depth = 0usize;
    let mut link: Option<String> = None;
    // Text runs under <b> are bold; a run is split where its weight or link changes.
    let mut pieces: Vec<Fragment> = Vec::new();
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                };
                let number = |name: &[u8]| attr(name).and_then(|v| v.parse::<f32>().ok()).filter(|v| v.is_finite());
                match e.name().as_ref() {
                    b"page" => {
                        finish_page(&mut pages, &mut fragments);
                        pages.push(Page {
                            // Pages are numbered by their order (the attribute says the same for
                            // poppler, and a hostile document cannot repeat it).
                            number: pages.len() as u32 + 1,
                            height: number(b"height").unwrap_or(0.0),
                            lines: Vec::new(),
                        });
                    }
                    b"fontspec" => {
                        if let (Some(id), Some(size)) = (attr(b"id"), number(b"size")) {
                            font_sizes.insert(id, size);
                        }
                    }
                    b"text" => {
                        current = Some(Fragment {
                            top: number(b"top").unwrap_or(0.0),
                            left: number(b"left").unwrap_or(0.0),
                            width: number(b"width").unwrap_or(0.0).max(0.0),
                            height: number(b"height").unwrap_or(0.0).max(0.0),
                            size: attr(b"font").and_then(|f| font_sizes.get(&f).copied()).unwrap_or(0.0),
                            bold: false,
                            text: String::new(),
                            link: None,
                        });
                        bold_depth = 0;
                        link = None;
                    }
                    b"b" => bold_depth += 1,
                    b"a" => link = attr(b"href"),
                    _ => {}
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"b" => bold_depth = bold_depth.saturating_sub(1),
                b"a" => link = None,
                b"text" => {
                    if let Some(run) = current.take() {
                        split_by_width(run, std::mem::take(&mut pieces), &mut fragments);
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let (Some(run), Ok(text)) = (current.as_ref(), t.decode()) {
                    push_piece(
                        &mut pieces,
                        run,
                        &super::characters::as_written(&text),
                        bold_depth > 0,
                        &link,
                    );
                }
            }
            Event::GeneralRef(r) => {
                if let Some(run) = current.as_ref() {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        _ => r
                            .decode()
                            .ok()
                            .and_then(|name| quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)),
                    };
                    if let Some(text) = resolved {
                        push_piece(&mut pieces, run, &text, bold_depth > 0, &link);
                    }
                }
            }
            _ => {}
        }
    }
    finish_page(&mut pages, &mut fragments);
    pages
}

fn push_piece(pieces: &mut Vec<Fragment>, run: &Fragment, text: &str, bold: bool, link: &Option<String>) {
    match pieces.last_mut() {
        Some(last) if last.bold == bold && last.link == *link => last.text.push_str(text),
        _ => pieces.push(Fragment {
            bold,
            link: link.clone(),
            text: text.to_string(),
            ..run.clone()
        }),
    }
}

/// A run whose parts differ in weight or link becomes one fragment per part, each
/// given its share of the run's width by character count.
fn split_by_width(run: Fragment, pieces: Vec<Fragment>, out: &mut Vec<Fragment>) {
    let total: usize = pieces.iter().map(|p| p.text.chars().count()).sum();
    if total == 0 {
        return;
    }
    let mut left = run.left;
    for piece in pieces {
        let width = run.width * piece.text.chars().count() as f32 / total as f32;
        out.push(Fragment { left, width, ..piece });
        left += width;
    }
}

fn finish_page(pages: &mut [Page], fragments: &mut Vec<Fragment>) {
    if let Some(page) = pages.last_mut() {
        page.lines = lines(std::mem::take(fragments));
    }
    fragments.clear();
}

/// Fragments grouped into lines (by vertical middle), then into segments.
fn lines(mut fragments: Vec<Fragment>) -> Vec<Line> {
    fragments.retain(|f| !f.text.is_empty() && f.height > 0.0);
    fragments.sort_by(|a, b| a.middle().total_cmp(&b.middle()));
    let mut rows: Vec<Vec<Fragment>> = Vec::new();
    for fragment in fragments {
        let joins = rows.last().is_some_and(|row| {
            let anchor = &row[0];
            (fragment.middle() - anchor.middle()).abs() <= 0.35 * anchor.height.min(fragment.height)
        });
        if joins {
            rows.last_mut().expect("a row").push(fragment);
        } else {
            rows.push(vec![fragment]);
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.left.total_cmp(&b.left));
            let top = row.iter().map(|f| f.top).fold(f32::INFINITY, f32::min);
            let bottom = row.iter().map(|f| f.top + f.height).fold(f32::NEG_INFINITY, f32::max);
            Line {
                top,
                bottom,
                segments: segments(&row),
            }
        })
        // A line of spaces only is no line.
        .filter(|line| !line.segments.is_empty())
        .collect()
}

/// A line cut where the gap between two fragments is wider than half the text's
/// height: wider than an unstretched word space, as narrow as table cells may sit apart
/// (whether a gap is a cell's edge or a stretched word space, the reader of the lines
/// decides; see [`Segment::soft_gap`]).
fn segments(row: &[Fragment]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut cjk_size = Vec::new();
    let mut prev: Option<&Fragment> = None;
    for f in row {
        let gap = prev.map_or(f32::INFINITY, |p| f.left - p.right());
        let height = prev.map_or(f.height, |p| p.height.min(f.height));
        if gap > 0.5 * height {
            let space_drawn =
                prev.is_some_and(|p| p.text.ends_with(char::is_whitespace)) || f.text.starts_with(char::is_whitespace);
            finish_size(out.last_mut(), &mut cjk_size);
            out.push(Segment {
                left: f.left,
                right: f.right(),
                soft_gap: space_drawn || gap <= 0.9 * height,
                space_drawn,
                ..Segment::default()
            });
        }
        let segment = out.last_mut().expect("a segment");
        let justified = match (segment.text.chars().next_back(), f.text.chars().next()) {
            (Some(before), Some(after)) => super::characters::justification_gap(before, after),
            _ => false,
        };
        let needs_space = prev.is_some()
            && gap > 0.2 * height
            && !justified
            && !segment.text.ends_with(char::is_whitespace)
            && !f.text.starts_with(char::is_whitespace)
            && !segment.text.is_empty();
        if needs_space {
            segment.text.push(' ');
        }
        let start = segment.text.len();
        segment.text.push_str(&f.text);
        if let Some(url) = &f.link {
            match segment.links.last_mut() {
                Some((range, last)) if last == url && range.end == start => range.end = segment.text.len(),
                _ => segment.links.push((start..segment.text.len(), url.clone())),
            }
        }
        let chars = f.text.chars().filter(|c| !c.is_whitespace()).count();
        segment.chars += chars;
        if f.bold {
            segment.bold_chars += chars;
        }
        if f.text.chars().any(is_cjk) {
            cjk_size.push(f.size);
            segment.has_cjk = true;
        } else if chars > 0 {
            segment.size = segment.size.max(f.size);
            segment.latin_size = segment.latin_size.max(f.size);
        }
        segment.right = segment.right.max(f.right());
        prev = Some(f);
    }
    finish_size(out.last_mut(), &mut cjk_size);
    out.retain(|s| !s.text.trim().is_empty());
    out
}

fn finish_size(segment: Option<&mut Segment>, cjk_sizes: &mut Vec<f32>) {
    if let (Some(segment), Some(&max)) = (segment, cjk_sizes.iter().max_by(|a, b| a.total_cmp(b))) {
        segment.size = max;
    }
    cjk_sizes.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<pdf2xml producer="poppler" version="22.12.0">
<page number="1" position="absolute" top="0" left="0" height="1262" width="892">
	<fontspec id="0" size="15" family="Times" color="#000000"/>
	<fontspec id="1" size="17" family="Times" color="#000000"/>
<text top="105" left="51" width="28" height="19" font="0"><b>선전</b></text>
<text top="103" left="79" width="3" height="22" font="1"> </text>
<text top="105" left="82" width="50" height="19" font="0">연구소&amp;</text>
<text top="103" left="140" width="16" height="22" font="1">10</text>
<text top="104" left="300" width="8" height="22" font="1"><a href="https://a.cn/x?a=1&amp;b=2">a.cn</a></text>
<text top="130" left="51" width="28" height="19" font="0">다음</text>
</page>
</pdf2xml>"##;

    #[test]
    fn runs_become_lines_of_segments_with_sizes_weights_and_links() {
        let pages = parse(XML);
        assert_eq!(pages.len(), 1);
        let lines = &pages[0].lines;
        assert_eq!(lines.len(), 2, "{lines:?}");
        let first = &lines[0];
        assert_eq!(first.segments.len(), 2);
        assert_eq!(first.segments[0].text, "선전 연구소& 10");
        // The Latin run's own size (17) is not the text's: the Hangul size is.
        assert_eq!(first.segments[0].size, 15.0);
        assert_eq!(first.segments[0].bold_chars, 2);
        assert_eq!(
            first.segments[1].links,
            vec![(0..4, "https://a.cn/x?a=1&b=2".to_string())]
        );
        assert_eq!(lines[1].text(), "다음");
    }

    #[test]
    fn broken_xml_keeps_what_came_before() {
        let cut = &XML[..XML.find("<text top=\"130\"").unwrap()];
        let pages = parse(&format!("{cut}<text top=\"1\" <<"));
        assert_eq!(pages[0].lines.len(), 1);
    }
}
