//! Surface words: Korean words as a report writes them, where the main analyzer cuts
//! them into parts — compounds and loanwords (나노발전기 → 나노 발전 기, 틸트로터 →
//! 틸 트 로터, 국가혁신지수 → 국가 혁신 지수). They are what people abbreviate (초성
//! ㄴㄴㅂㅈㄱ), half-type (나노발ㅈ) and mistype (국가혁신지슈), so the index keeps them
//! as terms of their own (`surface`), for completions, 초성 and typos to look up.
//!
//! A surface word is the run of nouns an eojeol (a space-delimited Hangul run) begins
//! with, particles and endings left off (국가혁신지수를 → 국가혁신지수), when that run
//! has two morphemes or more: a one-morpheme word is a term of the main fields already.
//!
//! The index's `surface` field is given the same texts as the main fields and cut by
//! [`SurfaceTokenizer`]: tantivy indexes a document's fields in schema order on one
//! thread, `surface` last, so the eojeols ko-dic reads here are the main field's, in
//! its per-thread cache of words (`korean::analyze_word`); run on the build's other
//! threads before tantivy, they were analyzed twice (+18% of a build's instructions).
//! Each eojeol's surface word is remembered per thread too: a report's vocabulary
//! repeats.

use std::cell::RefCell;
use std::collections::HashMap;

use hanseek_script::is_hangul_syllable;
use tantivy_tokenizer_api as tapi;

use crate::{visit, AnalyzerKind, TokenKind};

/// The name the index registers [`SurfaceTokenizer`] under.
pub const SURFACE: &str = "hanseek_surface";

/// A tantivy tokenizer whose tokens are a text's [`surface_words`], in order.
#[derive(Clone, Default)]
pub struct SurfaceTokenizer {
    tokens: Vec<tapi::Token>,
}

pub struct SurfaceTokenStream<'a> {
    tokens: &'a mut [tapi::Token],
    next: usize,
}

impl tapi::Tokenizer for SurfaceTokenizer {
    type TokenStream<'a> = SurfaceTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SurfaceTokenStream<'a> {
        self.tokens.clear();
        let tokens = &mut self.tokens;
        surface_words(text, &mut |word| {
            tokens.push(tapi::Token {
                position: tokens.len(),
                text: word.to_string(),
                ..tapi::Token::default()
            })
        });
        SurfaceTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

impl tapi::TokenStream for SurfaceTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &tapi::Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut tapi::Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Eojeols shorter than this (in syllables) are no compound worth keeping: two
/// syllables of two one-syllable nouns are too ambiguous to abbreviate.
const SHORTEST: usize = 3;
/// Eojeols remembered per thread before the memory is cleared.
const REMEMBERED: usize = 200_000;

thread_local! {
    static SEEN: RefCell<HashMap<String, Option<String>>> = RefCell::new(HashMap::new());
}

/// Each surface word of `text`, in order, as often as it occurs.
pub fn surface_words(text: &str, found: &mut dyn FnMut(&str)) {
    for eojeol in text.split(|c: char| !is_hangul_syllable(c)) {
        if eojeol.chars().count() < SHORTEST {
            continue;
        }
        let known = SEEN.with(|seen| match seen.borrow().get(eojeol) {
            Some(Some(word)) => {
                found(word);
                true
            }
            Some(None) => true,
            None => false,
        });
        if known {
            continue;
        }
        let word = surface_word(eojeol);
        if let Some(word) = &word {
            found(word);
        }
        SEEN.with(|seen| {
            let mut seen = seen.borrow_mut();
            if seen.len() >= REMEMBERED {
                seen.clear();
            }
            seen.insert(eojeol.to_string(), word);
        });
    }
}

/// The surface word an eojeol begins with, if its nouns are two morphemes or more.
fn surface_word(eojeol: &str) -> Option<String> {
    let mut end = 0;
    let mut morphemes = 0;
    let mut open = true;
    visit(AnalyzerKind::Main, eojeol, false, &mut |t| {
        if !open || t.alternative {
            return;
        }
        if t.from == end && is_noun_like(t.kind) {
            end = t.to;
            morphemes += 1;
        } else {
            open = false;
        }
    });
    (morphemes >= 2).then(|| eojeol[..end].to_string())
}

/// A part of a noun: a noun (common or proper), a prefix or suffix that makes one, or a
/// word ko-dic does not know (a loanword or a name).
fn is_noun_like(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Korean("NNG" | "NNP" | "XPN" | "XSN" | "NR" | "UNKNOWN" | "UNK")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        surface_words(text, &mut |w| found.push(w.to_string()));
        found
    }

    #[test]
    fn compounds_and_loanwords_are_kept_as_written_without_their_particles() {
        assert_eq!(words("나노발전기를 개발했다"), ["나노발전기"]);
        assert_eq!(words("국가혁신지수는 상승"), ["국가혁신지수"]);
        assert_eq!(words("쌍날개 고정익 틸트로터 드론"), ["쌍날개", "고정익", "틸트로터"]);
        assert!(words("스마트시티 건설").contains(&"스마트시티".to_string()));
        assert!(words("페로브스카이트 태양전지").contains(&"페로브스카이트".to_string()));
    }

    #[test]
    fn single_morphemes_verbs_and_other_scripts_give_none() {
        assert!(
            words("발표했다 추진하는 드론").is_empty(),
            "{:?}",
            words("발표했다 추진하는 드론")
        );
        assert!(words("人工智能 AI 2023").is_empty());
        assert!(words("").is_empty());
    }
}
