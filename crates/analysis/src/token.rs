//! What the analyzers produce: [`Token`] (owned, for callers and queries), [`TokenRef`]
//! (borrowed, for the hot paths), and [`TokenKind`], what a token is — the one type the
//! other crates decide on (Korean or Chinese, reading or transliteration), never a
//! part-of-speech string.

use serde::{Serialize, Serializer};

use crate::analyzers::run_analyzer;
use crate::AnalyzerKind;

/// What a token is. Printed (`analyze --json`, golden tables) as today's `pos` tag:
/// the ko-dic part of speech of a Korean morpheme, else `han`, `alnum`, ….
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A Korean morpheme or word, with its ko-dic part of speech (`NNG`, `VV`, …;
    /// `UNKNOWN` where lindera fails and the word is kept whole).
    Korean(&'static str),
    /// A Chinese word or sub-word (jieba).
    Han,
    /// Latin letters and digits, with a Korean unit glued to a number (`3000억`).
    Alnum,
    /// Two characters of a Hangul or Han run (the recall analyzer).
    Bigram,
    /// The one character of a one-character run (the recall analyzer).
    Unigram,
    /// The Sino-Korean reading of a Chinese word, as Korean (无人机 → 무인기).
    Reading,
    /// A Chinese name as Korean writes its Mandarin sound (曲建 → 취젠).
    Transliteration,
    /// Two adjacent main tokens (the pairs analyzer).
    Pair,
}

impl TokenKind {
    /// The tag printed for the token.
    pub fn tag(self) -> &'static str {
        match self {
            TokenKind::Korean(tag) => tag,
            TokenKind::Han => "han",
            TokenKind::Alnum => "alnum",
            TokenKind::Bigram => "bigram",
            TokenKind::Unigram => "unigram",
            TokenKind::Reading => "reading",
            TokenKind::Transliteration => "transliteration",
            TokenKind::Pair => "pair",
        }
    }

    /// A Korean morpheme (the script whose words cross to Han text by reading).
    pub fn is_korean(self) -> bool {
        matches!(self, TokenKind::Korean(_))
    }
}

impl Serialize for TokenKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.tag())
    }
}

/// One token. `from..to` are byte offsets into the original text, on char boundaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    pub text: String,
    pub from: usize,
    pub to: usize,
    pub position: usize,
    pub position_length: usize,
    /// What the token is; printed as `pos`, its tag.
    #[serde(rename = "pos")]
    pub kind: TokenKind,
    /// An extra token over text that other tokens also cover (a Korean compound over its
    /// parts, a Chinese sub-word inside its word). Indexed; not used to build queries.
    pub alternative: bool,
}

/// One token as [`visit`] passes it: borrowed, so that nothing is allocated per token.
#[derive(Debug, Clone, Copy)]
pub struct TokenRef<'a> {
    pub text: &'a str,
    pub from: usize,
    pub to: usize,
    pub position: usize,
    pub position_length: usize,
    pub kind: TokenKind,
    pub alternative: bool,
}

impl TokenRef<'_> {
    pub fn to_token(self) -> Token {
        Token {
            text: self.text.to_string(),
            from: self.from,
            to: self.to,
            position: self.position,
            position_length: self.position_length,
            kind: self.kind,
            alternative: self.alternative,
        }
    }
}

/// Where tokens go: a `Vec<Token>` for callers, a visitor, the pairs' gatherer, or
/// tantivy's reusable token buffer.
pub(crate) trait Sink {
    fn emit(&mut self, token: TokenRef);
}

impl Sink for Vec<Token> {
    fn emit(&mut self, token: TokenRef) {
        self.push(token.to_token());
    }
}

/// All tokens of `text`, as indexed.
pub fn analyze(kind: AnalyzerKind, text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    run_analyzer(kind, text, &mut tokens, true);
    tokens
}

/// Calls `each` with every token of `text`, as [`analyze`] gives them, without
/// building a `Token` each: highlighting re-analyzes whole documents, where allocating
/// two strings per token costs more than the analysis.
///
/// With `han_words` false, Han runs emit nothing but keep their positions (which count
/// characters, so they do not depend on segmentation), and every other token is
/// exactly as [`analyze`] gives it: highlighting a query without Han text does so, and
/// a Korean search never pays for loading jieba's dictionary.
pub fn visit(kind: AnalyzerKind, text: &str, han_words: bool, each: &mut dyn FnMut(TokenRef)) {
    struct Visitor<'f>(&'f mut dyn FnMut(TokenRef));
    impl Sink for Visitor<'_> {
        fn emit(&mut self, token: TokenRef) {
            (self.0)(token);
        }
    }
    run_analyzer(kind, text, &mut Visitor(each), han_words);
}
