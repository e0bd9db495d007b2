//! Laying text out for a terminal: display width (a Hangul syllable or Han character
//! takes two columns, so padding by characters made Hangul rows drift) and wrapping
//! with a hanging indent (continuation lines started at column 0).

use unicode_width::UnicodeWidthChar;

/// The columns the output may use: the terminal's, or `COLUMNS` when stdout is not a
/// terminal but the caller says how wide to be; `None`: do not wrap.
pub fn width(is_terminal: bool) -> Option<usize> {
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok());
    if is_terminal {
        let size = terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| w.0 as usize);
        size.or(columns)
    } else {
        columns
    }
    .filter(|&w| w >= 20)
}

/// Columns `text` takes, ignoring ANSI colour sequences.
pub fn display_width(text: &str) -> usize {
    let mut width = 0;
    let mut in_escape = false;
    for c in text.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, c) => width += c.width().unwrap_or(0),
        }
    }
    width
}

/// `text` padded with spaces to `columns` display columns.
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = text.to_string();
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(display_width(text))));
    out
}

/// Lines being filled: each word goes on the current line if it fits, else on a new
/// one that starts with the indent.
struct Lines {
    out: String,
    width: usize,
    indent: usize,
    used: usize,
    first: bool,
}

impl Lines {
    fn push(&mut self, word: &str, word_width: usize) {
        let room = if self.first {
            self.width
        } else {
            self.width.saturating_sub(self.indent)
        };
        let mut word = word;
        let mut word_width = word_width;
        if self.used > 0 && self.used + word_width > room.max(10) {
            while self.out.ends_with(' ') {
                self.out.pop();
            }
            self.out.push('\n');
            self.out.extend(std::iter::repeat_n(' ', self.indent));
            self.first = false;
            self.used = 0;
            let trimmed = word.trim_start_matches(' ');
            word_width -= word.len() - trimmed.len();
            word = trimmed;
        }
        self.out.push_str(word);
        self.used += word_width;
    }
}

/// `text` (one line, colour sequences allowed) broken into lines of at most `width`
/// columns, every line after the first starting with `indent` spaces; breaks fall
/// after a space or between Han characters, never inside a Korean or Latin word or a
/// colour sequence (a word longer than a line gets a line of its own).
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut lines = Lines {
        out: String::with_capacity(text.len() + 16),
        width,
        indent,
        used: 0,
        first: true,
    };
    let mut word = String::new();
    let mut word_width = 0;
    let mut in_escape = false;
    for c in text.chars() {
        if in_escape || c == '\x1b' {
            in_escape = c != 'm';
            word.push(c);
            continue;
        }
        let w = c.width().unwrap_or(0);
        // Korean breaks between words, as Korean typesetting does; Chinese (and other
        // wide text) between any two characters.
        if w == 2 && !hanseek_analysis::script::is_hangul(c) {
            lines.push(&word, word_width);
            word.clear();
            let mut buf = [0u8; 4];
            lines.push(c.encode_utf8(&mut buf), w);
            word_width = 0;
            continue;
        }
        word.push(c);
        word_width += w;
        if c == ' ' {
            lines.push(&word, word_width);
            word.clear();
            word_width = 0;
        }
    }
    lines.push(&word, word_width);
    lines.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_takes_two_columns_and_pads_by_them() {
        assert_eq!(display_width("리튬"), 4);
        assert_eq!(display_width("\x1b[1m리튬\x1b[0m ab"), 7);
        assert_eq!(display_width(&pad("인공", 6)), 6);
        assert_eq!(pad("ab", 6), "ab    ");
    }

    #[test]
    fn wrapped_lines_fit_and_hang() {
        let text = "중국과학원 창춘(長春) 광학정밀기계연구소 关于加快建设通用人工智能产业创新引领地的实施意见 drone-platform 제품으로 무게 50kg";
        let wrapped = wrap(text, 24, 5);
        for (i, line) in wrapped.lines().enumerate() {
            assert!(display_width(line) <= 24, "{line:?}");
            assert!(!line.ends_with("광학정"), "Korean words stay whole: {line:?}");
            if i > 0 {
                assert!(line.starts_with("     ") && !line[5..].starts_with(' '), "{line:?}");
            }
        }
        assert!(wrapped.contains("drone-platform"), "Latin words stay whole: {wrapped}");
        assert_eq!(wrapped.replace("\n     ", "").replace(' ', ""), text.replace(' ', ""));
    }
}

/// Text from documents (and file names) as a terminal shows it: control characters —
/// ESC and the rest of C0 but tab and newline, DEL, C1 — and bidirectional overrides
/// escaped (`\x1b`, `\u{202e}`), as ripgrep and `ls` quote them, so that a document
/// cannot write the clipboard (OSC 52), retitle the window (OSC 0), plant a link (OSC 8)
/// or clear the screen. JSON output is left as it is: it escapes them itself.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_shown(&mut out, c);
    }
    out.into()
}

/// [`shown`], owned: for a copy of a document made to print.
pub fn shown_text(text: &str) -> String {
    shown(text).into_owned()
}

/// [`shown_text`] of an optional field.
pub fn shown_option(text: &Option<String>) -> Option<String> {
    text.as_deref().map(shown_text)
}

/// A snippet and its highlights (character ranges) escaped as [`shown`]: the ranges
/// move with the text.
pub fn shown_snippet(snippet: &str, highlights: &[[usize; 2]]) -> (String, Vec<[usize; 2]>) {
    if !snippet.chars().any(needs_escape) {
        return (snippet.to_string(), highlights.to_vec());
    }
    let mut out = String::with_capacity(snippet.len() + 8);
    // Where each character of the snippet starts in the escaped text (in characters).
    let mut starts = Vec::with_capacity(snippet.len() + 1);
    let mut at = 0;
    for c in snippet.chars() {
        starts.push(at);
        let before = out.len();
        push_shown(&mut out, c);
        at += out[before..].chars().count();
    }
    starts.push(at);
    let moved = highlights
        .iter()
        .map(|[from, to]| {
            [
                starts[(*from).min(starts.len() - 1)],
                starts[(*to).min(starts.len() - 1)],
            ]
        })
        .collect();
    (out, moved)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn push_shown(out: &mut String, c: char) {
    use std::fmt::Write as _;
    if !needs_escape(c) {
        out.push(c);
    } else if c.is_ascii() {
        let _ = write!(out, "\\x{:02x}", c as u32);
    } else {
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    }
}

#[cfg(test)]
mod shown_tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_escaped() {
        let hostile = "제목\x1b]52;c;cGF3bmVk\x07 \x1b[2J\u{9b}31m \u{202e}txt.exe 탭\t줄\n끝";
        assert_eq!(
            shown(hostile),
            "제목\\x1b]52;c;cGF3bmVk\\x07 \\x1b[2J\\u{9b}31m \\u{202e}txt.exe 탭\t줄\n끝"
        );
        assert!(matches!(shown("리튬배터리 无人机"), std::borrow::Cow::Borrowed(_)));
        // 리튬 is marked in both; the escape before it moves the range by 3.
        let (text, highlights) = shown_snippet("\x1b리튬 배터리", &[[1, 3]]);
        assert_eq!(text, "\\x1b리튬 배터리");
        assert_eq!(highlights, vec![[4, 6]]);
        assert_eq!(text.chars().skip(4).take(2).collect::<String>(), "리튬");
    }
}
