//! A query word or phrase analyzed once ([`Word`]): its tokens, its bigrams, and its
//! spellings in the other script (readings, transliterations, names). The expansion
//! ([`crate::expand`]) derives every way it is looked for from this one analysis.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use hanseek_analysis::{
    analyze, bridge_query_sequences, names_transliterated_as, query_tokens, transliteration_query, AnalyzerKind, Token,
    TokenKind,
};

/// How a Chinese word is spelled in Korean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crossing {
    /// Its Sino-Korean reading (人工智能 → 인공지능).
    Reading,
    /// A name's Mandarin sound as Korean writes it (曲建 → 취젠).
    Transliteration,
}

impl Crossing {
    /// As `via` says it.
    pub fn name(self) -> &'static str {
        match self {
            Crossing::Reading => "reading",
            Crossing::Transliteration => "transliteration",
        }
    }
}

/// One query word or phrase analyzed once, with every way it crosses scripts: what its
/// clauses (unexpanded, expanded, excluded) and its highlights and `via`
/// (`snippet::Matcher`) are built from, so that what is searched and what is shown
/// cannot drift apart.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    /// Main-analyzer tokens, alternatives included.
    pub analyzed: Vec<Token>,
    /// Without the alternatives: a Korean compound as its parts, a Chinese word as the
    /// word.
    pub main: Vec<Token>,
    /// Its bigrams (the recall analyzer).
    pub recall: Vec<Token>,
    /// Korean: also looked for as the reading of Han text (무인기 → 无人机).
    pub korean: bool,
    /// Chinese: also looked for as Korean text written with its readings.
    pub has_han: bool,
    /// For a Korean word: the whole word, for the one token a transliterated name is
    /// indexed as (왕중린 for 王中林).
    pub whole_name: Option<Token>,
    /// For a Chinese word: its spellings in Korean, each as query tokens.
    pub readings: Vec<(Crossing, Vec<Token>)>,
    /// For a name of one token: its spellings in the other script that are the same
    /// word (重庆 ⇄ 충칭, 习近平 ⇄ 시진핑), each one token; searched and scored as the
    /// word itself ([`same_name`]).
    pub names: Vec<Token>,
}

/// How many Chinese names one Korean word is looked up as (리밍: 李明, 黎明, …).
const NAMES_PER_WORD: usize = 8;

/// The spellings of a one-token word that are the same name in the other script. A
/// transliteration is exact, unlike a reading, but only for a name: the Korean spelling
/// must be a word ko-dic reads as a proper noun or does not know. 深圳's 선전 is also
/// "propaganda" and 浙江省's 저장성 is cut to 저장 "storage", both common nouns, so those
/// stay below direct matches with the readings.
fn same_name(main: &[Token], readings: &[(Crossing, Vec<Token>)]) -> Vec<Token> {
    let [word] = main else {
        return Vec::new();
    };
    match word.kind {
        TokenKind::Korean(tag) if is_name_tag(tag) => names_transliterated_as(&word.text)
            .filter_map(one_token(|t| t.kind == TokenKind::Han))
            .take(NAMES_PER_WORD)
            .collect(),
        TokenKind::Han => readings
            .iter()
            .filter(|(how, _)| *how == Crossing::Transliteration)
            .filter_map(|(_, tokens)| {
                one_token(|t| matches!(t.kind, TokenKind::Korean(tag) if is_name_tag(tag)))(&spelled(tokens))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A spelling's tokens written out (`[충칭]` → 충칭, `[왕중, 린]` → 왕중린).
pub(crate) fn spelled(tokens: &[Token]) -> String {
    tokens.iter().map(|t| t.text.as_str()).collect()
}

/// A proper noun, or a word ko-dic does not know (`UNKNOWN`, `UNK`).
fn is_name_tag(tag: &str) -> bool {
    matches!(tag, "NNP" | "UNKNOWN" | "UNK")
}

/// `text` as the main analyzer's one token for all of it, if that token is `wanted`.
fn one_token(wanted: impl Fn(&Token) -> bool) -> impl Fn(&str) -> Option<Token> {
    move |text| {
        let tokens: Vec<Token> = query_tokens(AnalyzerKind::Main, text);
        match <[Token; 1]>::try_from(tokens) {
            Ok([token]) if token.text == text && wanted(&token) => Some(token),
            _ => None,
        }
    }
}

impl Word {
    pub fn new(text: &str) -> Word {
        let analyzed = analyze(AnalyzerKind::Main, text);
        let main: Vec<Token> = analyzed.iter().filter(|t| !t.alternative).cloned().collect();
        let korean = main.iter().any(|t| t.kind.is_korean());
        let has_han = main.iter().any(|t| t.kind == TokenKind::Han);
        let whole_name = if korean {
            transliteration_query(text, &main)
        } else {
            None
        };
        let readings = if has_han {
            bridge_query_sequences(text)
                .into_iter()
                .map(|tokens| {
                    let transliterated = tokens.iter().any(|t| t.kind == TokenKind::Transliteration);
                    let how = if transliterated {
                        Crossing::Transliteration
                    } else {
                        Crossing::Reading
                    };
                    (how, tokens)
                })
                .collect()
        } else {
            Vec::new()
        };
        Word {
            text: text.to_string(),
            recall: query_tokens(AnalyzerKind::Recall, text),
            names: same_name(&main, &readings),
            analyzed,
            main,
            korean,
            has_han,
            whole_name,
            readings,
        }
    }

    /// Its readings and transliterations that rank below direct matches: all but those
    /// that are [`Word::names`].
    pub fn readings_below(&self) -> impl Iterator<Item = &(Crossing, Vec<Token>)> {
        self.readings.iter().filter(|(how, tokens)| {
            let spelled = spelled(tokens);
            !(*how == Crossing::Transliteration && self.names.iter().any(|n| n.text == spelled))
        })
    }
}

/// Each distinct text of one search (its words, phrases, exclusions and aliases)
/// analyzed once, however many passes and highlights use it.
#[derive(Default)]
pub(crate) struct Words(RefCell<HashMap<String, Rc<Word>>>);

impl Words {
    pub fn get(&self, text: &str) -> Rc<Word> {
        if let Some(word) = self.0.borrow().get(text) {
            return word.clone();
        }
        let word = Rc::new(Word::new(text));
        self.0.borrow_mut().insert(text.to_string(), word.clone());
        word
    }
}
