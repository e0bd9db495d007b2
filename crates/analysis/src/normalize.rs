//! NFKC normalization that remembers where each character came from, so that tokens
//! found in the normalized text point back into the ORIGINAL text.
//!
//! Characters are normalized one at a time. That folds what users see as the same
//! character (full-width `ＡＩ１` → `AI1`, `㎏` → `kg`, CJK compatibility ideographs →
//! unified ones) while keeping an exact offset map. What it gives up — composing
//! sequences of conjoining jamo into syllables — does not occur in our text. Never NFKD:
//! it would turn every Hangul syllable into jamo. Compatibility jamo (ㄱ, and the
//! `ㆍ` used as a middle dot) are left alone, since NFKC maps them to conjoining jamo.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::packed;

/// The normalized text and, when it differs from the original, for each byte of it that
/// starts a character, the original byte range that character came from.
pub struct Normalized<'a> {
    pub text: std::borrow::Cow<'a, str>,
    /// `(original start, original end)` per normalized byte; only meaningful at char
    /// boundaries. Empty when `text` is the original (the common case).
    map: Vec<(u32, u32)>,
    original_len: usize,
}

impl<'a> Normalized<'a> {
    pub fn new(original: &'a str) -> Normalized<'a> {
        if original.chars().all(is_stable) {
            return Normalized {
                text: original.into(),
                map: Vec::new(),
                original_len: original.len(),
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len());
        for (start, c) in original.char_indices() {
            let end = (start + c.len_utf8()) as u32;
            let before = text.len();
            if is_stable(c) {
                text.push(c);
            } else {
                text.extend(std::iter::once(c).nfkc().map(|n| simplified(n).unwrap_or(n)));
            }
            map.resize(map.len() + (text.len() - before), (start as u32, end));
        }
        Normalized {
            text: text.into(),
            map,
            original_len: original.len(),
        }
    }

    /// The original byte range of normalized bytes `from..to` (both on char boundaries).
    pub fn original_range(&self, from: usize, to: usize) -> (usize, usize) {
        if self.map.is_empty() {
            return (from, to);
        }
        if from >= self.map.len() {
            return (self.original_len, self.original_len);
        }
        let start = self.map[from].0 as usize;
        let end = if to == 0 {
            start
        } else {
            self.map[(to - 1).min(self.map.len() - 1)].1 as usize
        };
        (start, end.max(start))
    }
}

/// Characters that normalization leaves as they are: what NFKC keeps (checked cheaply)
/// except traditional Han characters, and compatibility jamo, which we keep on purpose.
fn is_stable(c: char) -> bool {
    c.is_ascii()
        || matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{3130}'..='\u{318F}')
        || (simplified(c).is_none()
            && (('\u{4E00}'..='\u{9FFF}').contains(&c) || is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes))
}

/// Traditional → simplified, one character at a time (OpenCC's character table), so
/// that 雙飛翼 and 双飞翼, 長春 and 长春 are the same text to the index and to queries.
/// jieba's dictionary is simplified, so folding also helps it segment traditional text.
/// Folding never changes the number of characters, and offsets still point at the
/// original (traditional) characters, which snippets highlight.
pub fn simplified(c: char) -> Option<char> {
    static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/traditional_to_simplified.bin"));
    if (c as u32) < 0x3400 {
        return None;
    }
    let index = packed::find(TABLE.len() / 8, |i| packed::u32_at(TABLE, i * 8).cmp(&(c as usize)))?;
    char::from_u32(packed::u32_at(TABLE, index * 8 + 4) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_folds_and_offsets_point_back() {
        let original = "ＡＩ와 ５Ｇ";
        let n = Normalized::new(original);
        assert_eq!(n.text, "AI와 5G");
        let start = n.text.find("5G").unwrap();
        let (from, to) = n.original_range(start, start + 2);
        assert_eq!(&original[from..to], "５Ｇ");
    }

    #[test]
    fn one_character_to_many() {
        let original = "50㎏ 화물";
        let n = Normalized::new(original);
        assert_eq!(n.text, "50kg 화물");
        let (from, to) = n.original_range(0, 4);
        assert_eq!(&original[from..to], "50㎏");
    }

    #[test]
    fn hangul_and_middle_dots_are_untouched() {
        for s in ["도로ㆍ지반", "디지털인프라·스마트시티", "双飞翼"] {
            assert_eq!(Normalized::new(s).text, s);
        }
    }

    #[test]
    fn traditional_folds_to_simplified_with_offsets_on_the_original() {
        for (traditional, simple) in [
            ("雙飛翼", "双飞翼"),
            ("長春", "长春"),
            ("發展", "发展"),
            ("無人機", "无人机"),
        ] {
            assert_eq!(Normalized::new(traditional).text, simple);
        }
        let original = "창춘(長春) 연구소";
        let n = Normalized::new(original);
        let start = n.text.find("长春").unwrap();
        let (from, to) = n.original_range(start, start + "长春".len());
        assert_eq!(&original[from..to], "長春");
    }
}
