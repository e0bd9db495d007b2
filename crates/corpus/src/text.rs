//! Turning converted-PDF Markdown into clean, readable text and exact URLs.
//!
//! The reports are PDFs converted to Markdown, so "markup" here is whatever the
//! converter left: heading and list markers, `**bold**`, backslash escapes, HTML lists
//! inside tab-separated table cells, entities, autolinks and `[url](url)` links.

/// One source line with its Markdown block markers taken off.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based line number in the file.
    pub no: usize,
    /// Heading level (`##` → 2), 0 for a non-heading line.
    pub level: usize,
    /// The line without heading/list markers and surrounding whitespace.
    pub text: &'a str,
    /// The raw line held a tab: a table row.
    pub is_table_row: bool,
    /// The line was a list item (`- …`).
    pub is_list_item: bool,
}

impl<'a> Line<'a> {
    pub fn parse(no: usize, raw: &'a str) -> Line<'a> {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let is_table_row = raw.contains('\t');
        let trimmed = raw.trim();
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
        let (level, rest) =
            if (1..=6).contains(&hashes) && trimmed[hashes..].chars().next().is_none_or(char::is_whitespace) {
                (hashes, trimmed[hashes..].trim_start())
            } else {
                (0, trimmed)
            };
        let text = strip_list_marker(rest);
        let is_list_item = text.len() != rest.len();
        Line {
            no,
            level,
            text,
            is_table_row,
            is_list_item,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    pub fn is_heading(&self) -> bool {
        self.level > 0
    }
}

/// `- item`, `* item`, `+ item` → `item` (nested items too). An escaped `\*` is text.
fn strip_list_marker(s: &str) -> &str {
    let mut s = s;
    while let Some(rest) = s
        .strip_prefix("- ")
        .or_else(|| s.strip_prefix("* "))
        .or_else(|| s.strip_prefix("+ "))
    {
        s = rest.trim_start();
    }
    if s == "-" || s == "*" || s == "+" {
        ""
    } else {
        s
    }
}

/// Clean readable text for one line: links unwrapped, HTML tags removed, entities
/// decoded, Markdown escapes and bold markers removed, whitespace collapsed. Table rows
/// (tab-separated) keep their cells apart with ` | `.
pub fn clean_line(line: &Line) -> String {
    if line.is_table_row {
        clean_table_row(line.text)
    } else {
        clean_inline(line.text)
    }
}

fn clean_table_row(row: &str) -> String {
    row.split('\t')
        .map(clean_inline)
        .filter(|cell| !cell.is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Clean one piece of inline Markdown/HTML text.
pub fn clean_inline(s: &str) -> String {
    let s = unwrap_markdown_links(s);
    let s = strip_tags_and_autolinks(&s);
    let s = decode_entities(&s);
    let s = unescape_markdown(&s);
    let s = s.replace("**", "");
    collapse_whitespace(&s)
}

/// `[text](target)` → the target when the text is itself a URL (the converter writes
/// links as `[url](url)`, and only the target is unescaped correctly), else the text.
/// `![alt](src)` → alt.
fn unwrap_markdown_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some((text, target, after)) = split_link(&rest[open..]) else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        let before = &rest[..open];
        out.push_str(before.strip_suffix('!').unwrap_or(before));
        if looks_like_url(text) {
            out.push_str(&clean_url(target));
        } else {
            out.push_str(text);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// For `[text](target)rest` returns (text, target, rest).
fn split_link(s: &str) -> Option<(&str, &str, &str)> {
    let close = s.find("](")?;
    let text = &s[1..close];
    if text.contains('[') {
        return None;
    }
    let after_paren = &s[close + 2..];
    let end = after_paren.find(')')?;
    let target = &after_paren[..end];
    if target.chars().any(char::is_whitespace) && !looks_like_url(target) {
        return None;
    }
    Some((text, target, &after_paren[end + 1..]))
}

fn looks_like_url(s: &str) -> bool {
    let s = s.trim();
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www.")
}

/// Removes HTML tags; `<http…>` autolinks become their URL. List items and block tags
/// leave a space so that words of neighbouring items do not run together.
fn strip_tags_and_autolinks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &after[..close];
        if looks_like_url(inner) {
            out.push_str(&clean_url(inner));
        } else if is_tag(inner) {
            let name = inner.trim_start_matches('/').split([' ', '/']).next().unwrap_or("");
            if !matches!(
                name.to_ascii_lowercase().as_str(),
                "b" | "i" | "em" | "strong" | "span" | "u" | "sup" | "sub"
            ) {
                out.push(' ');
            }
        } else {
            out.push('<');
            rest = after;
            continue;
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn is_tag(inner: &str) -> bool {
    let name = inner.strip_prefix('/').unwrap_or(inner);
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .all(|c| c.is_ascii_alphanumeric())
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = &after[..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A run of backslashes before ASCII punctuation is a Markdown escape: `\*` → `*`,
/// `\\_\\_biz` → `__biz` (the converter doubled them inside URLs).
fn unescape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let mut run = 1;
            while chars.peek() == Some(&'\\') {
                chars.next();
                run += 1;
            }
            match chars.peek() {
                Some(next) if next.is_ascii_punctuation() => {}
                _ => out.extend(std::iter::repeat_n('\\', run)),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whitespace runs become one space; U+FFFD (the converter's broken characters, as in
/// `실�크로드`) and control characters are dropped so the word reads and matches whole.
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else if c == '\u{FFFD}' || c.is_control() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}') {
            continue;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// A URL exactly as a browser needs it: no backslashes (URLs never hold one; the
/// converter's Markdown escapes do), no surrounding `<>` or whitespace.
pub fn clean_url(s: &str) -> String {
    let s = s.trim().trim_start_matches('<').trim_end_matches('>');
    s.chars().filter(|&c| c != '\\' && !c.is_whitespace()).collect()
}

/// When the whole line is a link (`<url>`, `[url](url)` or a bare URL), its URL.
pub fn url_line(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(inner) = t.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        return looks_like_url(inner).then(|| clean_url(inner));
    }
    if t.starts_with('[') {
        let (label, target, rest) = split_link(t)?;
        return (rest.trim().is_empty() && (looks_like_url(target) || looks_like_url(label)))
            .then(|| clean_url(target));
    }
    (looks_like_url(t) && !t.chars().any(char::is_whitespace)).then(|| clean_url(t))
}

/// The first URL inside a line of text, if any.
pub fn find_url(text: &str) -> Option<String> {
    let start = text.find("http://").or_else(|| text.find("https://"))?;
    let candidate = &text[start..];
    // A `[url](url)` link: the target after `](` is the unescaped one.
    if let Some((_, target, _)) = text[..start].rfind('[').and_then(|open| split_link(&text[open..])) {
        return Some(clean_url(target));
    }
    let end = candidate
        .find(|c: char| c.is_whitespace() || matches!(c, '>' | ')' | ']' | '"'))
        .unwrap_or(candidate.len());
    Some(clean_url(&candidate[..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_markdown_escapes_and_wrappers() {
        let md = "[https://mp.weixin.qq.com/s?\\\\_\\\\_biz=Mj==&mid=1](https://mp.weixin.qq.com/s?__biz=Mj==&mid=1)";
        assert_eq!(url_line(md).unwrap(), "https://mp.weixin.qq.com/s?__biz=Mj==&mid=1");
        assert_eq!(url_line("<http://a.cn/x_y.html>").unwrap(), "http://a.cn/x_y.html");
        assert_eq!(url_line("http://a.cn/p\\_1").unwrap(), "http://a.cn/p_1");
        assert_eq!(url_line("see http://a.cn"), None);
    }

    #[test]
    fn html_cells_become_readable_text() {
        let cell = "<ul style=\"x\"> <li>● <b>다자간 협력:</b> R&amp;D 추진</li> <li>● <b>규칙:</b> ISO</li> </ul>";
        assert_eq!(clean_inline(cell), "● 다자간 협력: R&D 추진 ● 규칙: ISO");
    }

    #[test]
    fn table_rows_keep_cells_apart() {
        let line = Line::parse(1, "1\t디지털인프라·스마트시티\t6\t5G/6G 무선통신");
        assert_eq!(clean_line(&line), "1 | 디지털인프라·스마트시티 | 6 | 5G/6G 무선통신");
        let header = Line::parse(1, "\t기술 방향\t\t기술 방향");
        assert_eq!(clean_line(&header), "기술 방향 | 기술 방향");
    }

    #[test]
    fn escapes_bold_and_broken_characters() {
        assert_eq!(
            clean_inline("연구소\\* 취젠 **표준화 전공** 실\u{FFFD}크로드"),
            "연구소* 취젠 표준화 전공 실크로드"
        );
        assert_eq!(clean_inline("a < b and c > d"), "a < b and c > d");
        assert_eq!(
            clean_inline("&#54620;&#xAD6D; &unknown; & done"),
            "한국 &unknown; & done"
        );
    }

    #[test]
    fn line_markers() {
        let l = Line::parse(3, "## ■ 정보, 건강(11.25)");
        assert_eq!((l.level, l.text), (2, "■ 정보, 건강(11.25)"));
        let l = Line::parse(3, "  - \\* 3대 주요실험실");
        assert_eq!((l.level, l.text), (0, "\\* 3대 주요실험실"));
        assert!(Line::parse(1, " \u{a0} ").is_blank());
        assert_eq!(Line::parse(1, "#hashtag").level, 0);
    }
}
