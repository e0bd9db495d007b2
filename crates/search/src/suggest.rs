//! Suggestions as you type: the index's words that complete a prefix, most frequent
//! first, read from the term dictionaries of the main-analyzed `title` and `text`
//! fields (so they are the words a search finds: Korean words and compounds, Chinese
//! words as jieba cuts them, acronyms).
//!
//! A Korean prefix is matched by jamo where an IME is still composing: a bare initial
//! consonant stands for every syllable it starts (`인공ㅈ` → 인공지능, `반도ㅊ` →
//! 반도체), so a prefix of initials alone is 초성 search (`ㅇㄱㅈㄴ` → 인공지능); a last
//! syllable without a final consonant stands for any final (`인고`, on the way to
//! 인공); one with a final also for the syllable without it and a next syllable that
//! consonant starts (`반돛`, which the IME shows while 반도체 is typed). A Chinese
//! completion carries its Korean reading or, for a name, transliteration (`广东` →
//! 广东省 · 광둥성).

use std::collections::HashMap;

use hanseek_analysis::simplified;
use serde::Serialize;
use tantivy::schema::Field;

use crate::plan::{Crossing, Word};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub text: String,
    /// How many documents have the word in their title plus how many in their text:
    /// what the suggestions are ranked by.
    pub frequency: u64,
    /// For a Chinese word: how Korean writes it (`광둥성` for 广东省), and how
    /// (`transliteration` for a name, else `reading`).
    pub korean: Option<String>,
    pub korean_via: Option<&'static str>,
}

/// What `hanseek suggest --json` prints and `/api/suggest` answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestions {
    pub prefix: String,
    pub suggestions: Vec<Suggestion>,
    pub took_ms: f64,
}

/// At most this many suggestions are asked for at once.
pub const MOST_SUGGESTIONS: usize = 50;

/// Completions are words of at least this many characters (one character completes
/// nothing useful).
const SHORTEST: usize = 2;

/// The Hangul initial consonants in syllable order, as compatibility jamo (what a
/// keyboard types alone).
const INITIALS: [char; 19] = [
    'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ',
];
/// The final consonants (index 1 to 27 of a syllable's final) that start a syllable
/// too, with their initial's index: `공` may be 고 + ㅇ… still being typed.
const FINAL_AS_INITIAL: [(u32, usize); 14] = [
    (1, 0),   // ㄱ
    (2, 1),   // ㄲ
    (4, 2),   // ㄴ
    (7, 3),   // ㄷ
    (8, 5),   // ㄹ
    (16, 6),  // ㅁ
    (17, 7),  // ㅂ
    (19, 9),  // ㅅ
    (20, 10), // ㅆ
    (21, 11), // ㅇ
    (22, 12), // ㅈ
    (23, 14), // ㅊ
    (24, 15), // ㅋ
    (27, 18), // ㅎ
];
const SYLLABLES: u32 = 0xAC00;
const PER_INITIAL: u32 = 21 * 28;

/// What one character of the prefix accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Exact(char),
    /// Any syllable in `from..=to` (one initial's block, or one syllable with any final).
    Between(char, char),
}

impl Slot {
    fn accepts(self, c: char) -> bool {
        match self {
            Slot::Exact(wanted) => c == wanted,
            Slot::Between(from, to) => (from..=to).contains(&c),
        }
    }
}

fn syllable(code: u32) -> char {
    char::from_u32(code).expect("a Hangul syllable")
}

/// Every syllable an initial consonant starts.
fn initial_block(initial: usize) -> Slot {
    let first = SYLLABLES + initial as u32 * PER_INITIAL;
    Slot::Between(syllable(first), syllable(first + PER_INITIAL - 1))
}

/// The patterns a prefix may be the beginning of (see the module comment).
fn patterns(prefix: &str) -> Vec<Vec<Slot>> {
    let chars: Vec<char> = prefix
        .chars()
        .map(|c| simplified(c).unwrap_or(c))
        .flat_map(char::to_lowercase)
        .collect();
    let mut head: Vec<Slot> = Vec::with_capacity(chars.len());
    for &c in &chars[..chars.len().saturating_sub(1)] {
        head.push(match INITIALS.iter().position(|&i| i == c) {
            Some(initial) => initial_block(initial),
            None => Slot::Exact(c),
        });
    }
    let Some(&last) = chars.last() else {
        return Vec::new();
    };
    let with = |tail: &[Slot]| -> Vec<Slot> { head.iter().chain(tail).copied().collect() };
    if let Some(initial) = INITIALS.iter().position(|&i| i == last) {
        return vec![with(&[initial_block(initial)])];
    }
    let code = last as u32;
    if !(SYLLABLES..SYLLABLES + 19 * PER_INITIAL).contains(&code) {
        return vec![with(&[Slot::Exact(last)])];
    }
    let final_consonant = (code - SYLLABLES) % 28;
    if final_consonant == 0 {
        return vec![with(&[Slot::Between(last, syllable(code + 27))])];
    }
    let mut found = vec![with(&[Slot::Exact(last)])];
    if let Some(&(_, initial)) = FINAL_AS_INITIAL.iter().find(|(f, _)| *f == final_consonant) {
        found.push(with(&[
            Slot::Exact(syllable(code - final_consonant)),
            initial_block(initial),
        ]));
    }
    found
}

/// The byte range of terms a pattern's words lie in: its exact beginning, then the
/// first slot that is a range.
fn term_range(pattern: &[Slot]) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut literal = String::new();
    for slot in pattern {
        match *slot {
            Slot::Exact(c) => literal.push(c),
            Slot::Between(from, to) => {
                let lower = format!("{literal}{from}");
                let upper = char::from_u32(to as u32 + 1).map(|after| format!("{literal}{after}"));
                return (lower.into_bytes(), upper.map(String::into_bytes));
            }
        }
    }
    // Every term starting with the literal: up to the literal with its last byte
    // raised (UTF-8 orders as code points do).
    let mut upper = literal.clone().into_bytes();
    while let Some(last) = upper.pop() {
        if last < 0xFF {
            upper.push(last + 1);
            return (literal.into_bytes(), Some(upper));
        }
    }
    (literal.into_bytes(), None)
}

fn matches(pattern: &[Slot], word: &str) -> bool {
    let mut chars = word.chars();
    pattern.iter().all(|slot| chars.next().is_some_and(|c| slot.accepts(c)))
}

/// The `limit` most frequent words of `fields` that `prefix` may be the beginning of.
pub(crate) fn suggest(
    searcher: &tantivy::Searcher,
    fields: &[Field],
    prefix: &str,
    limit: usize,
) -> tantivy::Result<Vec<Suggestion>> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for pattern in patterns(prefix.trim()) {
        let (lower, upper) = term_range(&pattern);
        for segment in searcher.segment_readers() {
            for &field in fields {
                let index = segment.inverted_index(field)?;
                let range = index.terms().range().ge(&lower);
                let range = match &upper {
                    Some(upper) => range.lt(upper),
                    None => range,
                };
                let mut stream = range.into_stream()?;
                while stream.advance() {
                    let Ok(word) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if word.chars().count() >= SHORTEST && matches(&pattern, word) {
                        *counts.entry(word.to_string()).or_default() += u64::from(stream.value().doc_freq);
                    }
                }
            }
        }
    }
    let mut ranked: Vec<(String, u64)> = counts
        .into_iter()
        .filter(|(word, _)| !word.chars().all(|c| c.is_ascii_digit()))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(limit);
    Ok(ranked
        .into_iter()
        .map(|(text, frequency)| with_korean(text, frequency))
        .collect())
}

/// A Chinese word's Korean spelling: a name's transliteration before a reading.
fn with_korean(text: String, frequency: u64) -> Suggestion {
    let mut suggestion = Suggestion {
        text,
        frequency,
        korean: None,
        korean_via: None,
    };
    let word = Word::new(&suggestion.text);
    if word.has_han {
        let spelled = |how: Crossing| {
            word.readings
                .iter()
                .find(|(h, _)| *h == how)
                .map(|(_, tokens)| tokens.iter().map(|t| t.text.as_str()).collect::<String>())
        };
        let (how, korean) = match spelled(Crossing::Transliteration) {
            Some(name) => (Crossing::Transliteration, Some(name)),
            None => (Crossing::Reading, spelled(Crossing::Reading)),
        };
        if korean.is_some() {
            suggestion.korean = korean;
            suggestion.korean_via = Some(how.name());
        }
    }
    suggestion
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_half_typed_syllable_stands_for_what_it_may_become() {
        for (prefix, word, expected) in [
            ("인공ㅈ", "인공지능", true),
            ("반도ㅊ", "반도체", true),
            ("ㅇㄱㅈㄴ", "인공지능", true),
            ("ㅇㄱ", "인공지능", true),
            ("인고", "인공지능", true),
            ("반돛", "반도체", true),
            ("반돛", "반도", false),
            ("인공", "인공지능", true),
            ("인공ㅈ", "인공위성", false),
            ("ㅂㄷㅊ", "반도체", true),
            ("ㅂㄷㅊ", "반도", false),
            ("广东", "广东省", true),
            ("廣東", "广东省", true),
            ("cas", "casted", true),
        ] {
            let found = patterns(prefix).iter().any(|p| matches(p, word));
            assert_eq!(found, expected, "{prefix} → {word}");
        }
    }

    #[test]
    fn term_ranges_hold_every_match() {
        for prefix in ["인공ㅈ", "ㅇㄱ", "인고", "广东", "a"] {
            for pattern in patterns(prefix) {
                let (lower, upper) = term_range(&pattern);
                for word in ["인공지능", "인공", "아기", "广东省", "ai"] {
                    if matches(&pattern, word) {
                        assert!(word.as_bytes() >= &lower[..], "{prefix}: {word}");
                        assert!(
                            upper.as_ref().is_none_or(|u| word.as_bytes() < &u[..]),
                            "{prefix}: {word}"
                        );
                    }
                }
            }
        }
    }
}
