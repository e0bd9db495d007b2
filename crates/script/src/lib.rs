//! Which script a character is written in, and how a Hangul syllable is made of its
//! jamo: the one place every hanseek crate asks (the report rules, the PDF reader,
//! normalization, the analyzers' script runs, Sino-Korean readings, pinyin
//! transliteration, 초성 and typo search, the synthetic archive). No dependencies.
//!
//! The predicates are named for the ranges they test; callers compose them, so that a
//! fast path that only needs the basic blocks says so by name.

/// A precomposed Hangul syllable (가–힣): what Korean text is written in.
#[inline]
pub fn is_hangul_syllable(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}')
}

/// Conjoining jamo (decomposed Hangul, NFD: macOS file systems and some PDF
/// extractors write Korean so), with the extended blocks.
#[inline]
pub fn is_conjoining_jamo(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11FF}' | '\u{A960}'..='\u{A97F}' | '\u{D7B0}'..='\u{D7FF}')
}

/// The Hangul Compatibility Jamo block (ㄱ, ㅏ as typed alone: 초성 queries), including
/// `ㆍ` (U+318D), which Korean documents use as a list separator.
#[inline]
pub fn is_compatibility_jamo(c: char) -> bool {
    matches!(c, '\u{3130}'..='\u{318F}')
}

/// A Hangul letter of any form — syllable, conjoining jamo, or a compatibility jamo
/// letter (U+3131–318C: without the archaic ones and `ㆍ`, which separates list items).
#[inline]
pub fn is_hangul(c: char) -> bool {
    is_hangul_syllable(c) || is_conjoining_jamo(c) || matches!(c, '\u{3131}'..='\u{318C}')
}

/// The CJK Unified Ideographs block (U+4E00–9FFF): nearly every Han character of the
/// reports; a fast path before the wider test.
#[inline]
pub fn is_han_basic(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}')
}

/// Han characters of the Basic Multilingual Plane: the unified block, Extension A and
/// the compatibility ideographs.
#[inline]
pub fn is_han_bmp(c: char) -> bool {
    is_han_basic(c) || matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Any Han character: the BMP's, the supplementary planes' (Extensions B–F and the
/// compatibility supplement), and 〇 (U+3007, written in Chinese numbers).
#[inline]
pub fn is_han(c: char) -> bool {
    is_han_bmp(c) || matches!(c, '\u{20000}'..='\u{2FA1F}' | '\u{3007}')
}

/// Hangul syllable arithmetic (Unicode's: 19 initials × 21 medials × 28 finals, the
/// final 0 being none).
pub mod hangul {
    /// The first syllable, 가.
    pub const FIRST: u32 = 0xAC00;
    pub const MEDIALS: u32 = 21;
    pub const FINALS: u32 = 28;
    /// Syllables that share one initial consonant.
    pub const PER_INITIAL: u32 = MEDIALS * FINALS;
    pub const INITIALS: u32 = 19;

    /// A syllable's (initial, medial, final) indices.
    pub fn parts(syllable: char) -> Option<(u32, u32, u32)> {
        let index = (syllable as u32).checked_sub(FIRST)?;
        (index < INITIALS * PER_INITIAL).then_some((index / PER_INITIAL, (index / FINALS) % MEDIALS, index % FINALS))
    }

    /// The syllable of these indices.
    pub fn syllable(initial: u32, medial: u32, last: u32) -> Option<char> {
        if initial >= INITIALS || medial >= MEDIALS || last >= FINALS {
            return None;
        }
        char::from_u32(FIRST + (initial * MEDIALS + medial) * FINALS + last)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn syllables_and_their_parts_round_trip() {
            assert_eq!(parts('가'), Some((0, 0, 0)));
            assert_eq!(parts('힣'), Some((18, 20, 27)));
            assert_eq!(parts('한'), Some((18, 0, 4)));
            assert_eq!(parts('ㄱ'), None);
            assert_eq!(parts('A'), None);
            for code in FIRST..FIRST + INITIALS * PER_INITIAL {
                let c = char::from_u32(code).unwrap();
                let (i, m, f) = parts(c).unwrap();
                assert_eq!(syllable(i, m, f), Some(c));
            }
            assert_eq!(syllable(19, 0, 0), None);
        }
    }
}
