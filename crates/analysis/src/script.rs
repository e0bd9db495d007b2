//! Splitting text into script runs, each analyzed by its own segmenter (as charabia
//! does): Hangul (with the spaces inside Korean prose), Han, alphanumeric blocks, and
//! everything else (punctuation and symbols, which separate tokens and are dropped).
//!
//! Han characters inside Korean prose (曲建, 湘江, 雙飛翼) are Chinese runs: we never
//! guess between Chinese and Japanese. Middle dots (·, ㆍ, ・) and slashes are "other",
//! so `디지털인프라·스마트시티` gives two Hangul runs.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    Hangul,
    Han,
    /// Letters and digits of any other script, with `3,000`/`2.41` separators, `R&D`,
    /// a year apostrophe (`'25`) and a Korean unit right after a number (`10대`).
    Alnum,
}

/// A run as byte offsets into the (normalized) text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub kind: RunKind,
    pub start: usize,
    pub end: usize,
}

pub use hanseek_script::{is_han, is_hangul};

fn is_alnum(c: char) -> bool {
    c.is_alphanumeric() && !is_hangul(c) && !is_han(c) && !is_middle_dot(c)
}

/// List separators. `ㆍ` (U+318D, a Hangul letter) is what Korean documents use most.
fn is_middle_dot(c: char) -> bool {
    matches!(c, '·' | 'ㆍ' | '・' | '‧' | '∙' | '･')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’' | '`' | '′')
}

/// Korean counters and units that belong to the number written right before them:
/// `10대`, `3,000억`, `'25년`, `2,000개`, `1위`.
const NUMBER_UNITS: &[char] = &[
    '년', '월', '일', '억', '만', '조', '천', '개', '명', '대', '위', '차', '회', '건', '편', '점', '톤', '원', '배',
    '급', '도', '호', '층', '세', '곳', '종', '국', '주', '기',
];

pub fn runs(text: &str) -> Vec<Run> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let char_at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut runs = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(i) {
        let start = i;
        let kind = if is_hangul(c) {
            i = hangul_run_end(&chars, i);
            RunKind::Hangul
        } else if is_han(c) {
            while char_at(i).is_some_and(is_han) {
                i += 1;
            }
            RunKind::Han
        } else if is_alnum(c) || year_apostrophe_at(&chars, i) {
            i = alnum_run_end(&chars, i);
            RunKind::Alnum
        } else {
            i += 1;
            continue;
        };
        runs.push(Run {
            kind,
            start: byte_at(start),
            end: byte_at(i),
        });
    }
    runs
}

/// Hangul continues across whitespace when more Hangul follows.
fn hangul_run_end(chars: &[(usize, char)], mut i: usize) -> usize {
    loop {
        while chars.get(i).is_some_and(|&(_, c)| is_hangul(c)) {
            i += 1;
        }
        let mut k = i;
        while chars.get(k).is_some_and(|&(_, c)| c.is_whitespace()) {
            k += 1;
        }
        if k > i && chars.get(k).is_some_and(|&(_, c)| is_hangul(c)) {
            i = k;
        } else {
            return i;
        }
    }
}

/// `'25` (not after a letter or digit, exactly two digits) is the year 2025.
fn year_apostrophe_at(chars: &[(usize, char)], i: usize) -> bool {
    let c = |k: usize| chars.get(k).map(|&(_, c)| c);
    c(i).is_some_and(is_apostrophe)
        && !(i > 0 && c(i - 1).is_some_and(is_alnum))
        && c(i + 1).is_some_and(|d| d.is_ascii_digit())
        && c(i + 2).is_some_and(|d| d.is_ascii_digit())
        && !c(i + 3).is_some_and(is_alnum)
}

fn alnum_run_end(chars: &[(usize, char)], mut i: usize) -> usize {
    let c = |k: usize| chars.get(k).map(|&(_, c)| c);
    if c(i).is_some_and(is_apostrophe) {
        i += 1;
    }
    while let Some(ch) = c(i) {
        let prev = if i > 0 { c(i - 1) } else { None };
        let next = c(i + 1);
        let joins_digits = matches!(ch, ',' | '.')
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit());
        let joins_letters =
            ch == '&' && prev.is_some_and(|p| p.is_ascii_alphabetic()) && next.is_some_and(|n| n.is_ascii_alphabetic());
        if is_alnum(ch) || joins_digits || joins_letters {
            i += 1;
        } else {
            break;
        }
    }
    if i > 0 && c(i - 1).is_some_and(|p| p.is_ascii_digit()) && c(i).is_some_and(|u| NUMBER_UNITS.contains(&u)) {
        i += 1;
    }
    i
}

/// The indexed form of an alphanumeric run: lower case, thousands separators dropped
/// (`3,000억` → `3000억`), a year apostrophe expanded (`'25년` → `2025년`).
pub fn alnum_text(run: &str) -> String {
    let mut out = String::with_capacity(run.len() + 2);
    let mut chars = run.chars().peekable();
    if chars.peek().copied().is_some_and(is_apostrophe) {
        chars.next();
        out.push_str("20");
    }
    for c in chars {
        if c != ',' {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<(RunKind, &str)> {
        runs(text)
            .into_iter()
            .map(|r| (r.kind, &text[r.start..r.end]))
            .collect()
    }

    #[test]
    fn mixed_sentence() {
        use RunKind::*;
        assert_eq!(
            pieces("취젠(曲建) 부원장은 5G/6G와 R&D를 '25년까지 3,000억 위안"),
            [
                (Hangul, "취젠"),
                (Han, "曲建"),
                (Hangul, "부원장은"),
                (Alnum, "5G"),
                (Alnum, "6G"),
                (Hangul, "와"),
                (Alnum, "R&D"),
                (Hangul, "를"),
                (Alnum, "'25년"),
                (Hangul, "까지"),
                (Alnum, "3,000억"),
                (Hangul, "위안"),
            ]
        );
        assert_eq!(
            pieces("디지털인프라·스마트시티 도로ㆍ지반"),
            [(Hangul, "디지털인프라"), (Hangul, "스마트시티 도로"), (Hangul, "지반")]
        );
        assert_eq!(
            pieces("'일대일로' 2.41% 3.6.3."),
            [(Hangul, "일대일로"), (Alnum, "2.41"), (Alnum, "3.6.3")]
        );
    }

    #[test]
    fn indexed_forms() {
        assert_eq!(alnum_text("'25년"), "2025년");
        assert_eq!(alnum_text("3,000억"), "3000억");
        assert_eq!(alnum_text("CASTED"), "casted");
        assert_eq!(alnum_text("R&D"), "r&d");
    }
}
