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

use std::sync::OnceLock;

use jieba_rs::Jieba;

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

/// Whether jieba's dictionary has been loaded in this process (on the first Han text).
pub fn dictionary_loaded() -> bool {
    JIEBA.get().is_some()
}

fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(Jieba::new)
}

/// Words and sub-words of a Han run, ordered by start, longer first.
pub fn segment(run: &str) -> Vec<Word<'_>> {
    let tokens = jieba().cut_for_search(run, false);
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
