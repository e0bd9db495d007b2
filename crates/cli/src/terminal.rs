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
