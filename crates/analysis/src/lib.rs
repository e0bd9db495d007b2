//! hanseek's analyzers: text → tokens with offsets into the original text (for
//! highlighting) and positions (for phrase queries).
//!
//! Text is NFKC-normalized (`normalize`, which also folds traditional Han characters to
//! simplified ones), split into script runs ([`script`]), and each run goes to its own
//! segmenter: [`korean`] (lindera + ko-dic), [`chinese`] (jieba), or the alphanumeric
//! rule (`5G` → `5g`, `3,000억` → `3000억`). Four analyzers are built from these pieces,
//! one function each in `analyzers`:
//!
//! - [`AnalyzerKind::Main`] (`hanseek`): morphemes and words, for the main fields;
//! - [`AnalyzerKind::Recall`] (`hanseek_recall`): overlapping character bigrams over
//!   Hangul and Han (a single character for a one-character run) plus the same
//!   alphanumeric tokens, for secondary fields: any CJK string of two or more characters
//!   copied from a document finds it, however morphology splits it;
//! - [`AnalyzerKind::Bridge`] (`hanseek_bridge`): the Sino-Korean reading of each
//!   Chinese word, and the Korean transliteration of a name;
//! - [`AnalyzerKind::Pairs`] (`hanseek_pairs`): adjacent pairs of main tokens.
//!
//! Besides, [`surface_words`]: compounds and loanwords as written (나노발전기), which
//! the index keeps for completions, 초성 and typos.
//!
//! The rest: [`token`] (what comes out: [`Token`], [`TokenRef`], [`TokenKind`]),
//! [`query`] (the tokens a query word is looked up with), [`tokenizer`] (the tantivy
//! adapter). Dictionaries load lazily, once per process, on the first text of their
//! script.

mod analyzers;
pub mod chinese;
pub mod korean;
mod normalize;
mod packed;
mod pinyin_hangul;
pub mod query;
mod readings;
pub mod script;
mod surface;
pub mod token;
pub mod tokenizer;
mod transliteration;

pub use analyzers::PairWords;
pub use normalize::simplified;
pub use query::{bridge_query_sequences, query_pairs, query_tokens, transliteration_query, whole_compounds};
pub use surface::{surface_words, SurfaceTokenizer, SURFACE};
pub use token::{analyze, visit, Token, TokenKind, TokenRef};
pub use tokenizer::{HanseekTokenStream, HanseekTokenizer};
pub use transliteration::{is_place, name_in_korean, names_transliterated_as};

use serde::Serialize;

/// Name under which the main analyzer is registered with tantivy.
pub const MAIN: &str = "hanseek";
/// Name under which the recall (bigram) analyzer is registered with tantivy.
pub const RECALL: &str = "hanseek_recall";
/// Name under which the bridge (Sino-Korean reading) analyzer is registered.
pub const BRIDGE: &str = "hanseek_bridge";
/// Name under which the word-pair analyzer is registered.
pub const PAIRS: &str = "hanseek_pairs";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnalyzerKind {
    Main,
    Recall,
    /// The Sino-Korean readings of Han words, analyzed as Korean: 无人机 → 무인기.
    Bridge,
    /// Adjacent pairs of main tokens (`국가 혁신`), so that a phrase of two words is one
    /// term to look up and a longer one a phrase of rarer pairs (Elasticsearch's
    /// `index_phrases`).
    Pairs,
}

impl AnalyzerKind {
    pub fn name(self) -> &'static str {
        match self {
            AnalyzerKind::Main => MAIN,
            AnalyzerKind::Recall => RECALL,
            AnalyzerKind::Bridge => BRIDGE,
            AnalyzerKind::Pairs => PAIRS,
        }
    }

    /// Accepts the registered names and the short forms `main` and `recall`.
    pub fn from_name(name: &str) -> Option<AnalyzerKind> {
        match name {
            MAIN | "main" => Some(AnalyzerKind::Main),
            RECALL | "recall" => Some(AnalyzerKind::Recall),
            BRIDGE | "bridge" => Some(AnalyzerKind::Bridge),
            PAIRS | "pairs" => Some(AnalyzerKind::Pairs),
            _ => None,
        }
    }
}
