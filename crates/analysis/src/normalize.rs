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

/// The normalized text, and the characters normalization changed, to map offsets back.
pub struct Normalized<'a> {
    pub text: std::borrow::Cow<'a, str>,
    /// Each changed character, in text order. The bytes between two edits are the
    /// original's, shifted; most text has no edit at all, and a report a few dozen
    /// (a byte-by-byte map cost more than the rest of normalizing).
    edits: Vec<Edit>,
    original_len: usize,
    /// The answer of the last [`Normalized::edits_up_to`].
    last_lookup: std::cell::Cell<usize>,
}

/// One original character and what normalization made of it (one or more characters,
/// `㎏` → `kg`), as byte ranges.
#[derive(Debug, Clone, Copy)]
struct Edit {
    normalized: (usize, usize),
    original: (usize, usize),
}

impl<'a> Normalized<'a> {
    pub fn new(original: &'a str) -> Normalized<'a> {
        let mut text = String::new();
        let mut edits = Vec::new();
        // Original bytes up to here are in `text` (once something changed).
        let mut copied = 0;
        let mut normalized = String::new();
        for (start, c) in original.char_indices() {
            if is_stable(c) {
                continue;
            }
            let end = start + c.len_utf8();
            normalized.clear();
            match c {
                // Full-width ASCII (the `，（）：` of Chinese text): NFKC's mapping, without
                // its per-character setup.
                '\u{FF01}'..='\u{FF5E}' => normalized.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
                _ => normalized.extend(std::iter::once(c).nfkc().map(|n| simplified(n).unwrap_or(n))),
            }
            if normalized == original[start..end] {
                continue;
            }
            if edits.is_empty() {
                text.reserve(original.len() + normalized.len());
            }
            text.push_str(&original[copied..start]);
            let at = text.len();
            text.push_str(&normalized);
            copied = end;
            edits.push(Edit {
                normalized: (at, text.len()),
                original: (start, end),
            });
        }
        if edits.is_empty() {
            return Normalized {
                text: original.into(),
                edits,
                original_len: original.len(),
                last_lookup: Default::default(),
            };
        }
        text.push_str(&original[copied..]);
        Normalized {
            text: text.into(),
            edits,
            original_len: original.len(),
            last_lookup: Default::default(),
        }
    }

    /// The original byte range of normalized bytes `from..to` (both on char boundaries).
    pub fn original_range(&self, from: usize, to: usize) -> (usize, usize) {
        if self.edits.is_empty() {
            return (from, to);
        }
        if from >= self.text.len() {
            return (self.original_len, self.original_len);
        }
        let start = match self.locate(from) {
            Ok(edit) => edit.original.0,
            Err(shifted) => shifted,
        };
        if to == 0 {
            return (start, start);
        }
        // The original end of the character that holds the range's last byte.
        let end = match self.locate((to - 1).min(self.text.len() - 1)) {
            Ok(edit) => edit.original.1,
            Err(shifted) => shifted + 1,
        };
        (start, end.max(start))
    }

    /// The edit that made normalized byte `at`, or else where that byte is in the
    /// original: shifted by the edits before it.
    fn locate(&self, at: usize) -> Result<&Edit, usize> {
        let after = self.edits_up_to(at);
        match after.checked_sub(1).map(|i| &self.edits[i]) {
            None => Err(at),
            Some(edit) if at < edit.normalized.1 => Ok(edit),
            Some(edit) => Err(edit.original.1 + (at - edit.normalized.1)),
        }
    }

    /// How many edits start at or before normalized byte `at`. Tokens are looked up in
    /// text order, so the answer for the previous lookup is tried first: Chinese text
    /// with a full-width comma every few characters has thousands of edits.
    fn edits_up_to(&self, at: usize) -> usize {
        let starts_by = |i: usize| self.edits[i].normalized.0 <= at;
        let mut after = self.last_lookup.get();
        if after <= self.edits.len() && (after == 0 || starts_by(after - 1)) {
            for _ in 0..4 {
                if after == self.edits.len() || !starts_by(after) {
                    self.last_lookup.set(after);
                    return after;
                }
                after += 1;
            }
        }
        let after = self.edits.partition_point(|edit| edit.normalized.0 <= at);
        self.last_lookup.set(after);
        after
    }
}

/// Characters that normalization leaves as they are: what NFKC keeps (checked cheaply)
/// except traditional Han characters, and compatibility jamo, which we keep on purpose.
fn is_stable(c: char) -> bool {
    c.is_ascii()
        || hanseek_script::is_hangul_syllable(c)
        || hanseek_script::is_compatibility_jamo(c)
        || (simplified(c).is_none()
            && (hanseek_script::is_han_basic(c) || is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes))
}

/// OpenCC's character table as build.rs packs it: (traditional, simplified) code
/// points as little-endian `u32` pairs, sorted by the first.
static TRADITIONAL_TO_SIMPLIFIED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/traditional_to_simplified.bin"));

/// Traditional → simplified, one character at a time (OpenCC's character table), so
/// that 雙飛翼 and 双飞翼, 長春 and 长春 are the same text to the index and to queries.
/// jieba's dictionary is simplified, so folding also helps it segment traditional text.
/// Folding never changes the number of characters, and offsets still point at the
/// original (traditional) characters, which snippets highlight.
pub fn simplified(c: char) -> Option<char> {
    const TABLE: &[u8] = TRADITIONAL_TO_SIMPLIFIED;
    // One bit per code point up to the last traditional one (~24 KB): most Han
    // characters of a text are already simplified, and a bit test answers them without
    // the binary search (which was a seventh of analyzing Chinese text).
    static TRADITIONAL: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let code = c as usize;
    if code < 0x3400 {
        return None;
    }
    let entries = TABLE.len() / 8;
    let traditional = TRADITIONAL.get_or_init(|| {
        let last = entries.checked_sub(1).map_or(0, |i| packed::u32_at(TABLE, i * 8));
        let mut bits = vec![0u64; last / 64 + 1];
        for i in 0..entries {
            let key = packed::u32_at(TABLE, i * 8);
            bits[key / 64] |= 1 << (key % 64);
        }
        bits
    });
    if traditional
        .get(code / 64)
        .is_none_or(|word| word & (1 << (code % 64)) == 0)
    {
        return None;
    }
    let index = packed::find(entries, |i| packed::u32_at(TABLE, i * 8).cmp(&code))?;
    char::from_u32(packed::u32_at(TABLE, index * 8 + 4) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The original byte range of every normalized byte, built the direct way (one entry
    /// per byte), against which the edit list is checked.
    fn byte_map(original: &str) -> (String, Vec<(usize, usize)>) {
        let (mut text, mut map) = (String::new(), Vec::new());
        for (start, c) in original.char_indices() {
            let before = text.len();
            text.extend(std::iter::once(c).nfkc().map(|n| simplified(n).unwrap_or(n)));
            if is_stable(c) {
                text.truncate(before);
                text.push(c);
            }
            map.resize(text.len(), (start, start + c.len_utf8()));
        }
        (text, map)
    }

    proptest! {
        #[test]
        fn offsets_map_back_like_a_byte_by_byte_map(
            original in "[a-z가-힣 ＡＢ１，（）｀～！㎏長發無機雙ﬁ\u{FDFA}\u{F900}\u{3131}·]{0,24}"
        ) {
            let normalized = Normalized::new(&original);
            let (text, map) = byte_map(&original);
            prop_assert_eq!(&*normalized.text, text.as_str());
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&b| text.is_char_boundary(b)).collect();
            for (i, &from) in boundaries.iter().enumerate() {
                for &to in &boundaries[i..] {
                    let expected = if from >= text.len() {
                        (original.len(), original.len())
                    } else if to == 0 {
                        (map[from].0, map[from].0)
                    } else {
                        (map[from].0, map[to - 1].1.max(map[from].0))
                    };
                    prop_assert_eq!(normalized.original_range(from, to), expected, "{}..{}", from, to);
                }
            }
        }
    }

    /// The bitmap in front of the table answers like the table itself.
    #[test]
    fn every_code_point_folds_as_the_table_says() {
        const TABLE: &[u8] = TRADITIONAL_TO_SIMPLIFIED;
        let table: std::collections::HashMap<u32, u32> = (0..TABLE.len() / 8)
            .map(|i| {
                (
                    packed::u32_at(TABLE, i * 8) as u32,
                    packed::u32_at(TABLE, i * 8 + 4) as u32,
                )
            })
            .collect();
        assert!(table.len() > 2_000);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(simplified(c).map(u32::from), table.get(&u32::from(c)).copied(), "{c}");
        }
        assert_eq!(simplified('雙'), Some('双'));
        assert_eq!(simplified('双'), None);
    }

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
