//! A query word or phrase analyzed once ([`Word`]): its tokens, its bigrams, and its
//! spellings in the other script (readings, transliterations, names). The expansion
//! ([`crate::expand`]) derives every way it is looked for from this one analysis.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use hanseek_analysis::{
    analyze, bridge_query_sequences, is_place, name_in_korean, names_transliterated_as, query_tokens,
    transliteration_query, AnalyzerKind, Token, TokenKind,
};
use hanseek_script::is_hangul_syllable;

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
    /// For a Chinese word: its spellings in Korean, each as query tokens; for a Korean
    /// place name, its Chinese name's readings (충칭: 중경).
    pub readings: Vec<(Crossing, Vec<Token>)>,
    /// For a name: its spellings in the other script that are the same word (重庆 ⇄
    /// 충칭, 习近平 ⇄ 시진핑, 珠海 ⇄ 주하이); searched and scored as the word itself
    /// ([`same_name`]).
    pub names: Vec<Name>,
    /// For a Korean name that ko-dic cuts into something else than itself (주하이 → 주하,
    /// 저장성 → 저장): it is searched by its bigrams, as its Chinese spelling searches it.
    pub cut_name: bool,
}

/// A name's spelling in the other script.
#[derive(Debug, Clone)]
pub struct Name {
    pub text: String,
    /// Its main tokens when they spell it whole (충칭, or 重庆 as one Chinese word);
    /// none when ko-dic cuts it into something else (주하이 → 주하), which only its
    /// bigrams then find.
    pub tokens: Vec<Token>,
    /// Its bigrams: they find it however ko-dic cut it in a document (주하이시, 주하이에서).
    pub recall: Vec<Token>,
}

impl Name {
    fn of(text: &str) -> Name {
        let tokens = query_tokens(AnalyzerKind::Main, text);
        Name {
            text: text.to_string(),
            tokens: if spelled(&tokens) == text { tokens } else { Vec::new() },
            recall: query_tokens(AnalyzerKind::Recall, text),
        }
    }
}

/// How many Chinese names one Korean word is looked up as (리밍: 李明, 黎明, …).
const NAMES_PER_WORD: usize = 8;

/// The spellings of a name that are the same word in the other script, whatever ko-dic
/// makes of the Hangul: for a Korean word, the known Chinese names (jieba's, and the
/// places of data/places.txt) that it spells whole (주하이 → 珠海, though ko-dic reads
/// 주하) or that its one proper noun spells (주하이에서 → 주하이 → 珠海); for a Chinese
/// word of one token, its transliterations. A transliteration is exact, unlike a
/// reading, but only for a name: a spelling that is also an ordinary Korean word is
/// no name ([`is_name_spelling`]). Also says whether a Korean name is cut
/// ([`Word::cut_name`]). `hangul`: the whole word is Hangul syllables; `korean`: it
/// is, or some of its tokens are Korean.
fn same_name(whole: &str, main: &[Token], hangul: bool, korean: bool) -> (Vec<Name>, bool) {
    let spells_a_name = |hangul: &str| names_transliterated_as(hangul).next().is_some();
    if korean {
        let spelling = match main {
            // The table first: ko-dic's reading of the word is the dearer question.
            _ if hangul && spells_a_name(whole) && is_name_spelling(whole) => whole,
            [one] if matches!(one.kind, TokenKind::Korean(tag) if is_name_tag(tag)) => one.text.as_str(),
            _ => return (Vec::new(), false),
        };
        let names: Vec<Name> = names_transliterated_as(spelling)
            .filter_map(one_token(|t| t.kind == TokenKind::Han))
            .take(NAMES_PER_WORD)
            .map(|t| Name {
                recall: query_tokens(AnalyzerKind::Recall, &t.text),
                text: t.text.clone(),
                tokens: vec![t],
            })
            .collect();
        let cut = !names.is_empty() && spelled(main) != spelling;
        return (names, cut);
    }
    let [word] = main else {
        return (Vec::new(), false);
    };
    if word.kind != TokenKind::Han {
        return (Vec::new(), false);
    }
    // The transliteration as written (옌타이), not as the bridge's tokens cut it (옌타):
    // the Korean word a Korean query would type.
    let names = name_in_korean(&word.text)
        .filter(|hangul| is_name_spelling(hangul))
        .map(|hangul| Name::of(&hangul))
        .into_iter()
        .collect();
    (names, false)
}

/// Whether Hangul that spells a known name is not also an ordinary Korean word: ko-dic
/// reads it as one proper noun or word it does not know (충칭, 허페이), or cuts it into
/// nouns none of which is all of it (주하이 → 주하, 저장성 → 저장, 웨강아오 → 웨 강 아오).
/// Not a name: one common noun (선전 "propaganda", 진화 "evolution", 신장 "kidney") or
/// a verb's form (지난 "last", 지나 + ㄴ), which would rank every such Korean text as
/// the Chinese place; those stay a reading below direct matches.
fn is_name_spelling(hangul: &str) -> bool {
    let tokens = query_tokens(AnalyzerKind::Main, hangul);
    let nouns = tokens
        .iter()
        .all(|t| matches!(t.kind, TokenKind::Korean(tag) if tag.starts_with("NN") || is_name_tag(tag) || tag == "XSN"));
    match &tokens[..] {
        [one] if one.text == hangul => matches!(one.kind, TokenKind::Korean(tag) if is_name_tag(tag)),
        _ => nouns,
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
        // Hangul that ko-dic reads as nothing (난퉁) is Korean too.
        let all_hangul = !text.trim().is_empty() && text.trim().chars().all(is_hangul_syllable);
        let korean = all_hangul || main.iter().any(|t| t.kind.is_korean());
        let has_han = main.iter().any(|t| t.kind == TokenKind::Han);
        let whole_name = if korean {
            transliteration_query(text, &main)
        } else {
            None
        };
        let mut readings = if has_han { Word::han_readings(text) } else { Vec::new() };
        let (names, cut_name) = same_name(text.trim(), &main, all_hangul, korean);
        // A Korean place name is also looked for by its Chinese name's readings, as the
        // Chinese name is (충칭 by 중경, 重庆's reading): the same word whichever script
        // is searched. Not a person's (리밍: 李明, 黎明, …), whose readings would be as
        // many other words (여명 "dawn").
        if korean {
            for name in names.iter().filter(|n| is_place(&n.text)) {
                let read = Word::han_readings(&name.text).into_iter();
                readings.extend(read.filter(|(how, _)| *how == Crossing::Reading));
            }
            readings.dedup_by(|a, b| a.1.iter().map(|t| &t.text).eq(b.1.iter().map(|t| &t.text)));
        }
        Word {
            text: text.to_string(),
            recall: query_tokens(AnalyzerKind::Recall, text),
            names,
            cut_name,
            analyzed,
            main,
            korean,
            has_han,
            whole_name,
            readings,
        }
    }

    /// The Korean spellings of Han text: its readings, and its transliterations where
    /// it is a name.
    fn han_readings(text: &str) -> Vec<(Crossing, Vec<Token>)> {
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
    }

    /// Its readings and transliterations that rank below direct matches: all but the
    /// transliteration of a name, which is one of its [`Word::names`].
    pub fn readings_below(&self) -> impl Iterator<Item = &(Crossing, Vec<Token>)> {
        let a_name = !self.names.is_empty();
        self.readings
            .iter()
            .filter(move |(how, _)| !(a_name && *how == Crossing::Transliteration))
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
