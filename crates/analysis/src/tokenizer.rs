//! The analyzers as tantivy tokenizers: what the index registers for its fields.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::Arc;

use tantivy_tokenizer_api as tapi;

use crate::analyzers::{main_tokens, main_with_pairs, run_analyzer, PairSource, PairWords};
use crate::token::{Sink, TokenRef};
use crate::AnalyzerKind;

/// A tantivy tokenizer for one of the analyzers; `hanseek_index::register_analyzers`
/// registers all four.
#[derive(Clone)]
pub struct HanseekTokenizer {
    kind: AnalyzerKind,
    buffer: TokenBuffer,
    /// For the pairs analyzer: only pairs of these words (all pairs without).
    pair_words: Option<Arc<PairWords>>,
}

impl HanseekTokenizer {
    pub fn new(kind: AnalyzerKind) -> HanseekTokenizer {
        HanseekTokenizer {
            kind,
            buffer: TokenBuffer::default(),
            pair_words: None,
        }
    }

    /// The pairs analyzer that pairs only two of `words`.
    pub fn pairs_of(words: Arc<PairWords>) -> HanseekTokenizer {
        HanseekTokenizer {
            pair_words: Some(words),
            ..HanseekTokenizer::new(AnalyzerKind::Pairs)
        }
    }
}

/// tantivy tokens reused across documents: strings keep their capacity.
#[derive(Clone, Default)]
struct TokenBuffer {
    tokens: Vec<tapi::Token>,
    len: usize,
}

impl Sink for TokenBuffer {
    fn emit(&mut self, t: TokenRef) {
        if self.len == self.tokens.len() {
            self.tokens.push(tapi::Token::default());
        }
        let token = &mut self.tokens[self.len];
        token.text.clear();
        token.text.push_str(t.text);
        token.offset_from = t.from;
        token.offset_to = t.to;
        token.position = t.position;
        token.position_length = t.position_length;
        self.len += 1;
    }
}

thread_local! {
    /// The main tokens of the texts this thread analyzed last, for their pairs.
    static RECENT_MAIN: RefCell<RecentMain> = RefCell::default();
}

/// The main tokens of the last texts analyzed, kept for the pairs analyzer: tantivy
/// indexes a document's fields in schema order on one thread, so a body's `text`
/// tokens are made just before its `pairs`, which are made of them — the pairs field
/// analyzed every text a second time. A text the pairs never ask for (a title) falls
/// out after [`RECENT_TEXTS`] others, or [`RECENT_BYTES`] of them.
#[derive(Default)]
struct RecentMain {
    texts: VecDeque<(Box<str>, PairSource)>,
    bytes: usize,
}

const RECENT_TEXTS: usize = 32;
const RECENT_BYTES: usize = 4 << 20;

impl RecentMain {
    fn keep(&mut self, text: &str, pairs: PairSource) {
        if text.len() > RECENT_BYTES / 4 {
            return;
        }
        while self.texts.len() >= RECENT_TEXTS || self.bytes + text.len() > RECENT_BYTES {
            let Some((old, _)) = self.texts.pop_front() else {
                break;
            };
            self.bytes -= old.len();
        }
        self.bytes += text.len();
        self.texts.push_back((text.into(), pairs));
    }

    fn take(&mut self, text: &str) -> Option<PairSource> {
        let at = self.texts.iter().position(|(kept, _)| **kept == *text)?;
        let (kept, pairs) = self.texts.remove(at)?;
        self.bytes -= kept.len();
        Some(pairs)
    }
}

/// Texts longer than this are analyzed a piece at a time, each piece ending at a line
/// break (or a space) near this size: the tokens of a book-sized document are never
/// all in memory at once, and shorter texts are analyzed exactly as a whole.
const PIECE_BYTES: usize = 1 << 20;

pub struct HanseekTokenStream<'a> {
    kind: AnalyzerKind,
    buffer: &'a mut TokenBuffer,
    pair_words: Option<&'a PairWords>,
    /// The text not analyzed yet, and its byte offset in the whole text.
    rest: &'a str,
    rest_offset: usize,
    /// The position the next piece's first token takes.
    next_position: usize,
    next: usize,
}

impl tapi::Tokenizer for HanseekTokenizer {
    type TokenStream<'a> = HanseekTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> HanseekTokenStream<'a> {
        self.buffer.len = 0;
        HanseekTokenStream {
            kind: self.kind,
            buffer: &mut self.buffer,
            pair_words: self.pair_words.as_deref(),
            rest: text,
            rest_offset: 0,
            next_position: 0,
            next: 0,
        }
    }
}

impl HanseekTokenStream<'_> {
    /// Analyzes the next piece of the text into the buffer; false when none is left.
    fn refill(&mut self) -> bool {
        if self.rest.is_empty() {
            return false;
        }
        let end = piece_end(self.rest);
        let (piece, rest) = self.rest.split_at(end);
        self.buffer.len = 0;
        match self.kind {
            AnalyzerKind::Main => {
                let pairs = main_with_pairs(piece, self.buffer, true);
                RECENT_MAIN.with(|recent| recent.borrow_mut().keep(piece, pairs));
            }
            AnalyzerKind::Pairs => {
                let main = RECENT_MAIN.with(|recent| recent.borrow_mut().take(piece));
                let main = main.unwrap_or_else(|| main_tokens(piece, true));
                main.emit_pairs(self.buffer, self.pair_words);
            }
            kind => run_analyzer(kind, piece, self.buffer, true),
        }
        let (shift, base) = (self.rest_offset, self.next_position);
        for token in &mut self.buffer.tokens[..self.buffer.len] {
            token.offset_from += shift;
            token.offset_to += shift;
            token.position += base;
        }
        if let Some(last) = self.buffer.tokens[..self.buffer.len].last() {
            self.next_position = last.position + last.position_length.max(1);
        }
        self.rest = rest;
        self.rest_offset += end;
        self.next = 0;
        true
    }
}

/// Where the first piece of `text` ends: all of it when short, else after the last line
/// break (or failing that, space; or character) before [`PIECE_BYTES`].
fn piece_end(text: &str) -> usize {
    if text.len() <= PIECE_BYTES {
        return text.len();
    }
    let mut limit = PIECE_BYTES;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let head = &text[..limit];
    let at_break = |found: Option<usize>| found.filter(|&at| at >= limit / 2).map(|at| at + 1);
    at_break(head.rfind('\n'))
        .or_else(|| at_break(head.rfind(' ')))
        .unwrap_or(limit)
}

impl tapi::TokenStream for HanseekTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        while self.next > self.buffer.len {
            if !self.refill() {
                return false;
            }
            self.next = 1;
        }
        true
    }

    fn token(&self) -> &tapi::Token {
        &self.buffer.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut tapi::Token {
        &mut self.buffer.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tapi::{TokenStream, Tokenizer};

    fn tokens(kind: AnalyzerKind, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut tokenizer = HanseekTokenizer::new(kind);
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn pairs_made_from_the_main_tokens_just_made_are_the_pairs_of_the_text() {
        let text = "표준화 인재를 양성하는 国家标准化管理委员会 CASTED 2023년 인공지능 산업";
        let recent = || RECENT_MAIN.with(|recent| recent.borrow().texts.len());
        let cold = tokens(AnalyzerKind::Pairs, text);
        assert!(!cold.is_empty());
        let main = tokens(AnalyzerKind::Main, text);
        assert_eq!(recent(), 1, "the main tokens are kept");
        assert_eq!(tokens(AnalyzerKind::Pairs, text), cold);
        assert_eq!(recent(), 0, "and taken by the pairs");
        assert_eq!(
            main,
            crate::analyze(AnalyzerKind::Main, text)
                .into_iter()
                .map(|t| (t.text, t.from, t.to, t.position))
                .collect::<Vec<_>>()
        );
        // A text the pairs never ask for falls out.
        for n in 0..RECENT_TEXTS + 5 {
            tokens(AnalyzerKind::Main, &format!("제목 {n}"));
        }
        assert_eq!(recent(), RECENT_TEXTS);
    }

    #[test]
    fn the_pairs_of_given_words_are_the_pairs_both_of_whose_words_are_given() {
        let text = "신흥 산업 클러스터를 만드는 국가 혁신";
        let words = Arc::new(PairWords::new(["산업", "클러스터", "국가", "혁신"]));
        let mut tokenizer = HanseekTokenizer::pairs_of(words);
        let mut stream = tokenizer.token_stream(text);
        let mut pairs = Vec::new();
        while stream.advance() {
            pairs.push(stream.token().text.clone());
        }
        assert_eq!(pairs, ["산업 클러스터", "국가 혁신"]);
        let every: Vec<String> = tokens(AnalyzerKind::Pairs, text).into_iter().map(|t| t.0).collect();
        assert!(
            every.contains(&"신흥 산업".to_string()) && every.len() > pairs.len(),
            "{every:?}"
        );
    }

    #[test]
    fn a_long_text_is_analyzed_in_pieces_with_offsets_and_positions_of_the_whole() {
        let line = "광둥성 인공지능 산업 无人机 CASTED 2023년\n";
        let text = line.repeat(2 * PIECE_BYTES / line.len() + 10);
        for kind in [AnalyzerKind::Main, AnalyzerKind::Recall, AnalyzerKind::Pairs] {
            let pieces = tokens(kind, &text);
            let whole: std::collections::HashSet<(String, usize, usize)> = crate::analyze(kind, &text)
                .into_iter()
                .map(|t| (t.text, t.from, t.to))
                .collect();
            // The same tokens at the same offsets, but for the few that would have
            // spanned the line break where one piece ends and the next begins.
            assert!(
                whole.len() - pieces.len() <= 3 * 3,
                "{kind:?}: {} of {}",
                pieces.len(),
                whole.len()
            );
            for (i, (token, from, to, position)) in pieces.iter().enumerate() {
                assert!(
                    whole.contains(&(token.clone(), *from, *to)),
                    "{kind:?}: {token} at {from}"
                );
                if i > 0 {
                    assert!(*position >= pieces[i - 1].3, "{kind:?}: positions never decrease");
                }
            }
        }
    }
}
