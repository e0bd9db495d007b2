//! Chinese: jieba words, plus their dictionary sub-words on the same text.
//!
//! Positions inside a Han run count characters, not words: a word starting at the run's
//! k-th character is at position start + k. jieba's search mode offers the 2- and
//! 3-character dictionary words inside a longer word (人工智能 → 人工, 智能), and with
//! character positions each of them sits exactly where it is in the text, however they
//! overlap. So the phrase 智能产业 (智能 at 0, 产业 at 2) matches 人工智能产业, whose
//! 智能 sub-word sits two characters before 产业. Sub-words are *alternative* tokens:
//! indexed, but queries are built from the words.
//!
//! HMM is off: it would guess new words differently depending on the context around a
//! name, so a query for 曲建 could disagree with the document that contains it. Without
//! it, unknown names fall apart into characters, the same way on both sides.
//!
//! Loading jieba's dictionary takes ~70 ms, which a one-shot search should not pay for
//! a few characters. jieba's segmentation of a run only reads the dictionary words
//! that occur inside the run, their frequencies, and the dictionary's total frequency.
//! So the first runs a process sees are segmented by a small jieba holding just those
//! words (looked up in a packed table built from the same dictionary, see build.rs)
//! plus one placeholder entry that restores the total — which gives exactly the full
//! dictionary's result (a test compares them). A process that segments many runs
//! (indexing) switches to the full dictionary, loaded once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use jieba_rs::Jieba;

use crate::packed::{find, u32_at};

pub struct Word<'a> {
    pub text: &'a str,
    pub from: usize,
    pub to: usize,
    /// Characters from the run's start.
    pub char_start: usize,
    pub char_len: usize,
    pub alternative: bool,
}

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// Runs segmented with a small per-run dictionary before the full one is loaded.
const SMALL_DICTIONARY_RUNS: usize = 500;
static RUNS_SEEN: AtomicUsize = AtomicUsize::new(0);

/// Whether jieba's full dictionary has been loaded in this process.
pub fn dictionary_loaded() -> bool {
    JIEBA.get().is_some()
}

/// Loads jieba's full dictionary now (~80 ms) rather than at the 500th Han run, as a
/// long-running process would have long done: what a warm benchmark must measure.
pub fn load_dictionary() {
    full_jieba();
}

fn full_jieba() -> &'static Jieba {
    JIEBA.get_or_init(Jieba::new)
}

/// Words and sub-words of a Han run, ordered by start, longer first.
pub fn segment(run: &str) -> Vec<Word<'_>> {
    let tokens = match JIEBA.get() {
        Some(jieba) => jieba.cut_for_search(run, false),
        None if RUNS_SEEN.fetch_add(1, Ordering::Relaxed) < SMALL_DICTIONARY_RUNS => {
            small_jieba(run).cut_for_search(run, false)
        }
        None => full_jieba().cut_for_search(run, false),
    };
    // jieba emits a word's sub-words just before the word itself.
    let mut words = Vec::with_capacity(tokens.len());
    let mut cover: Option<(usize, usize)> = None;
    for token in tokens.iter().rev() {
        let inside = cover.is_some_and(|(s, e)| s <= token.start && token.end <= e && token.end - token.start < e - s);
        if !inside {
            cover = Some((token.start, token.end));
        }
        words.push(Word {
            text: token.word,
            from: token.byte_start,
            to: token.byte_end,
            char_start: token.start,
            char_len: token.end - token.start,
            alternative: inside,
        });
    }
    words.sort_by_key(|w| (w.char_start, std::cmp::Reverse(w.char_len)));
    words
}

/// A jieba whose dictionary is the words occurring in `run`, with the full total.
fn small_jieba(run: &str) -> Jieba {
    let table = WordTable::get();
    let mut jieba = Jieba::empty();
    let starts: Vec<usize> = run
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(run.len()))
        .collect();
    let mut added: u64 = 0;
    for i in 0..starts.len() - 1 {
        for j in i + 1..starts.len().min(i + 1 + table.max_chars) {
            let candidate = &run[starts[i]..starts[j]];
            if let Some(freq) = table.frequency(candidate) {
                if !jieba.has_word(candidate) {
                    jieba.add_word(candidate, Some(freq as usize), None);
                    added += u64::from(freq);
                }
            }
        }
    }
    // A private-use character never occurs in a Han run: this entry only restores the
    // total frequency that every route's probability is divided by.
    let rest = table.total.saturating_sub(added).max(1);
    jieba.add_word("\u{E000}", Some(rest as usize), None);
    jieba
}

/// The packed word table of build.rs, searched in place.
struct WordTable {
    total: u64,
    max_chars: usize,
    offsets: &'static [u8],
    freqs: &'static [u8],
    words: &'static [u8],
    count: usize,
}

static PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_words.bin"));

impl WordTable {
    fn get() -> &'static WordTable {
        static TABLE: OnceLock<WordTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            let total = u64::from_le_bytes(PACKED[0..8].try_into().expect("8 bytes"));
            let count = u32_at(PACKED, 8);
            let max_chars = u32_at(PACKED, 12);
            let offsets_start = 16;
            let freqs_start = offsets_start + (count + 1) * 4;
            let words_start = freqs_start + count * 4;
            WordTable {
                total,
                max_chars,
                offsets: &PACKED[offsets_start..freqs_start],
                freqs: &PACKED[freqs_start..words_start],
                words: &PACKED[words_start..],
                count,
            }
        })
    }

    fn word(&self, i: usize) -> &'static [u8] {
        &self.words[u32_at(self.offsets, i * 4)..u32_at(self.offsets, (i + 1) * 4)]
    }

    fn frequency(&self, word: &str) -> Option<u32> {
        let i = find(self.count, |i| self.word(i).cmp(word.as_bytes()))?;
        Some(u32_at(self.freqs, i * 4) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The small per-run dictionary segments exactly like jieba's full one.
    #[test]
    fn small_dictionary_segments_like_the_full_one() {
        let report = include_str!("../../../corpus/kostec-weekly-2023-12-01.md");
        let runs: Vec<&str> = report
            .split(|c: char| !('\u{4E00}'..='\u{9FFF}').contains(&c))
            .filter(|r| !r.is_empty())
            .collect();
        let extra = [
            "人工智能产业",
            "中华人民共和国",
            "退役锂电池",
            "长春光机所",
            "双飞翼",
            "雙飛翼",
            "研究生命起源",
            "结婚的和尚未结婚的",
        ];
        assert!(runs.len() > 30);
        for run in runs.iter().copied().chain(extra) {
            let full: Vec<(String, usize)> = full_jieba()
                .cut_for_search(run, false)
                .into_iter()
                .map(|t| (t.word.to_string(), t.start))
                .collect();
            let small: Vec<(String, usize)> = small_jieba(run)
                .cut_for_search(run, false)
                .into_iter()
                .map(|t| (t.word.to_string(), t.start))
                .collect();
            assert_eq!(small, full, "{run}");
        }
    }
}
