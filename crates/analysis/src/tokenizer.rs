//! The analyzers as tantivy tokenizers: what the index registers for its fields.

use tantivy_tokenizer_api as tapi;

use crate::analyzers::run_analyzer;
use crate::token::{Sink, TokenRef};
use crate::AnalyzerKind;

/// A tantivy tokenizer for one of the analyzers; `hanseek_index::register_analyzers`
/// registers all four.
#[derive(Clone)]
pub struct HanseekTokenizer {
    kind: AnalyzerKind,
    buffer: TokenBuffer,
}

impl HanseekTokenizer {
    pub fn new(kind: AnalyzerKind) -> HanseekTokenizer {
        HanseekTokenizer {
            kind,
            buffer: TokenBuffer::default(),
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

pub struct HanseekTokenStream<'a> {
    tokens: &'a mut [tapi::Token],
    next: usize,
}

impl tapi::Tokenizer for HanseekTokenizer {
    type TokenStream<'a> = HanseekTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> HanseekTokenStream<'a> {
        self.buffer.len = 0;
        run_analyzer(self.kind, text, &mut self.buffer, true);
        HanseekTokenStream {
            tokens: &mut self.buffer.tokens[..self.buffer.len],
            next: 0,
        }
    }
}

impl tapi::TokenStream for HanseekTokenStream<'_> {
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
