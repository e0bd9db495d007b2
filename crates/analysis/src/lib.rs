//! hanseek's analyzers: text → tokens with offsets into the original text (for
//! highlighting) and positions (for phrase queries).
//!
//! Text is NFKC-normalized ([`normalize`]), split into script runs ([`script`]), and
//! each run goes to its own segmenter: [`korean`] (lindera + ko-dic), [`chinese`]
//! (jieba), or the alphanumeric rule (`5G` → `5g`, `3,000억` → `3000억`). Two analyzers
//! are built from these pieces:
//!
//! - [`AnalyzerKind::Main`] (`hanseek`): morphemes and words, for the main fields;
//! - [`AnalyzerKind::Recall`] (`hanseek_recall`): overlapping character bigrams over
//!   Hangul and Han (a single character for a one-character run) plus the same
//!   alphanumeric tokens, for secondary fields: any CJK string of two or more characters
//!   copied from a document finds it, however morphology splits it.
//!
//! Dictionaries load lazily, once per process, on the first text of their script.

pub mod chinese;
pub mod korean;
mod normalize;
mod packed;
mod readings;
pub mod script;
mod transliteration;

pub use normalize::simplified;

use serde::Serialize;
use tantivy_tokenizer_api as tapi;

use normalize::Normalized;
use script::{alnum_text, runs, Run, RunKind};

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

/// One token. `from..to` are byte offsets into the original text, on char boundaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    pub text: String,
    pub from: usize,
    pub to: usize,
    pub position: usize,
    pub position_length: usize,
    /// Part of speech for Korean morphemes (`NNG`, `VV`, …); `han`, `alnum` or
    /// `bigram` for the others.
    pub pos: String,
    /// An extra token over text that other tokens also cover (a Korean compound over its
    /// parts, a Chinese sub-word inside its word). Indexed; not used to build queries.
    pub alternative: bool,
}

/// Where tokens go: a `Vec<Token>` for callers, or tantivy's reusable token buffer.
trait Sink {
    #[allow(clippy::too_many_arguments)]
    fn emit(&mut self, text: &str, from: usize, to: usize, position: usize, len: usize, pos: &str, alternative: bool);
}

impl Sink for Vec<Token> {
    fn emit(&mut self, text: &str, from: usize, to: usize, position: usize, len: usize, pos: &str, alternative: bool) {
        self.push(Token {
            text: text.to_string(),
            from,
            to,
            position,
            position_length: len,
            pos: pos.to_string(),
            alternative,
        });
    }
}

/// All tokens of `text`, as indexed.
pub fn analyze(kind: AnalyzerKind, text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    run_analyzer(kind, text, &mut tokens, true);
    tokens
}

/// One token as [`visit`] passes it: borrowed, so that nothing is allocated per token.
#[derive(Debug, Clone, Copy)]
pub struct TokenRef<'a> {
    pub text: &'a str,
    pub from: usize,
    pub to: usize,
    pub position: usize,
    pub position_length: usize,
    pub pos: &'a str,
    pub alternative: bool,
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
        fn emit(&mut self, text: &str, from: usize, to: usize, position: usize, len: usize, pos: &str, alt: bool) {
            (self.0)(TokenRef {
                text,
                from,
                to,
                position,
                position_length: len,
                pos,
                alternative: alt,
            });
        }
    }
    run_analyzer(kind, text, &mut Visitor(each), han_words);
}

/// A query's tokens as adjacent pairs (see [`AnalyzerKind::Pairs`]), each at the
/// position of its first token: `None` unless there are two tokens or more and each
/// starts where the one before ends.
pub fn query_pairs(tokens: &[Token]) -> Option<Vec<Token>> {
    if tokens.len() < 2 {
        return None;
    }
    let mut pairs = Vec::with_capacity(tokens.len() - 1);
    for w in tokens.windows(2) {
        if w[1].position != w[0].position + w[0].position_length {
            return None;
        }
        pairs.push(Token {
            text: format!("{} {}", w[0].text, w[1].text),
            from: w[0].from,
            to: w[1].to,
            position: w[0].position,
            position_length: 1,
            pos: "pair".to_string(),
            alternative: false,
        });
    }
    Some(pairs)
}

/// The tokens a query is built from: [`analyze`] without the alternative tokens, so a
/// Korean compound is queried through its parts (and finds them written apart) and a
/// Chinese word as the word (whose sub-words the index also holds).
pub fn query_tokens(kind: AnalyzerKind, text: &str) -> Vec<Token> {
    let mut tokens = analyze(kind, text);
    tokens.retain(|t| !t.alternative);
    tokens
}

/// The ways a Chinese query is written in Korean, as query tokens: all Sino-Korean
/// readings (王中林教授 → 왕중림 교수), and, if it holds a name, the names transliterated
/// and the rest read (왕중린 교수). Each has its own consecutive positions, to be
/// matched as a phrase against Korean text.
pub fn bridge_query_sequences(text: &str) -> Vec<Vec<Token>> {
    let tokens = query_tokens(AnalyzerKind::Bridge, text);
    let has_transliteration = tokens.iter().any(|t| t.pos == "transliteration");
    let mut sequences = Vec::new();
    for prefer_transliteration in [false, true] {
        if prefer_transliteration && !has_transliteration {
            break;
        }
        let mut sequence: Vec<Token> = Vec::new();
        // How far the tokens after the current unit move: a unit takes as many positions
        // in the bridge field as its longest spelling there, the sequence as many as the
        // chosen spelling takes in Korean text (a transliteration may take more).
        let mut shift: isize = 0;
        let mut i = 0;
        while i < tokens.len() {
            let unit = (tokens[i].from, tokens[i].to);
            let end = tokens[i..]
                .iter()
                .position(|t| (t.from, t.to) != unit)
                .map_or(tokens.len(), |n| i + n);
            let start = tokens[i].position;
            let unit_end = tokens[i..end]
                .iter()
                .map(|t| t.position + t.position_length)
                .max()
                .unwrap_or(start);
            let transliterated = tokens[i..end].iter().find(|t| t.pos == "transliteration");
            let chosen: Vec<Token> = match transliterated {
                // The transliteration as the Korean text's analyzer reads it.
                Some(t) if prefer_transliteration => korean::analyze_word(&t.text)
                    .iter()
                    .filter(|m| !m.alternative)
                    .map(|m| Token {
                        text: m.text.to_string(),
                        position: start + m.position,
                        position_length: m.position_length,
                        ..t.clone()
                    })
                    .collect(),
                _ => tokens[i..end].iter().filter(|t| t.pos == "reading").cloned().collect(),
            };
            let chosen_end = chosen
                .iter()
                .map(|t| t.position + t.position_length)
                .max()
                .unwrap_or(start);
            sequence.extend(chosen.into_iter().map(|mut t| {
                t.position = (t.position as isize + shift) as usize;
                t
            }));
            shift += chosen_end as isize - unit_end as isize;
            i = end;
        }
        if !sequence.is_empty() {
            sequences.push(sequence);
        }
    }
    sequences
}

/// The query tokens of a main-analyzer analysis (`tokens`, alternatives included),
/// except that a Korean word ko-dic reads as a compound (인공지능 → 인공 + 지능) is the
/// one token the index also holds for the whole (an alternative token there): a term
/// to look up instead of the phrase of its parts, where the parts written apart
/// (인공 지능) need not be found. The whole keeps the first part's position and spans
/// the parts' positions, so a phrase of several words still lines up.
pub fn whole_compounds(tokens: &[Token]) -> Vec<Token> {
    let parts_of = |whole: &Token| {
        let range = whole.position..whole.position + whole.position_length;
        let parts: Vec<&Token> = tokens
            .iter()
            .filter(|t| !t.alternative && range.contains(&t.position))
            .collect();
        let korean = |t: &&Token| !matches!(t.pos.as_str(), "han" | "alnum") && t.position_length == 1;
        let inside = |t: &&Token| whole.from <= t.from && t.to <= whole.to;
        (parts.len() == whole.position_length && parts.iter().all(|t| korean(t) && inside(t))).then_some(range)
    };
    let compounds: Vec<(&Token, std::ops::Range<usize>)> = tokens
        .iter()
        .filter(|t| t.alternative && t.position_length >= 2)
        .filter_map(|t| parts_of(t).map(|range| (t, range)))
        .collect();
    let mut out: Vec<Token> = tokens
        .iter()
        .filter(|t| !t.alternative && !compounds.iter().any(|(_, range)| range.contains(&t.position)))
        .cloned()
        .collect();
    out.extend(compounds.into_iter().map(|(whole, _)| Token {
        alternative: false,
        ..whole.clone()
    }));
    out.sort_by_key(|t| t.position);
    out
}

/// The token a Korean query word finds a transliterated name with (the bridge field
/// holds 王中林 as the one token 왕중린): the word without its particles, whole, however
/// ko-dic cuts it (왕중린은 → 왕중린, which the main analyzer reads as 왕중 + 린). `None`
/// for several words, non-Hangul text, or when the main tokens already are that word.
/// `main` is the word's [`query_tokens`] of the main analyzer.
pub fn transliteration_query(text: &str, main: &[Token]) -> Option<Token> {
    if text.trim().contains(char::is_whitespace) {
        return None;
    }
    if main.len() < 2 || main.iter().any(|t| matches!(t.pos.as_str(), "han" | "alnum")) {
        return None;
    }
    let (from, to) = (main[0].from, main.iter().map(|t| t.to).max()?);
    Some(Token {
        text: text[from..to].to_string(),
        from,
        to,
        position: 0,
        position_length: 1,
        pos: "transliteration".to_string(),
        alternative: false,
    })
}

fn run_analyzer(kind: AnalyzerKind, original: &str, sink: &mut impl Sink, han_words: bool) {
    if kind == AnalyzerKind::Pairs {
        let mut main = PairSource::default();
        run_analyzer(AnalyzerKind::Main, original, &mut main, han_words);
        main.emit_pairs(sink);
        return;
    }
    let normalized = Normalized::new(original);
    let text: &str = &normalized.text;
    let mut position = 0;
    let mut out = Mapped {
        normalized: &normalized,
        sink,
    };
    let mut previous: Option<Run> = None;
    for run in runs(text) {
        let run_text = &text[run.start..run.end];
        let before = previous.replace(run);
        match (kind, run.kind) {
            (AnalyzerKind::Bridge, RunKind::Han) => {
                // Each Chinese word's reading, analyzed as the Korean word it is, at the
                // Han word's offsets: highlights land on the original characters.
                let words = if han_words {
                    chinese::segment(run_text)
                } else {
                    Vec::new()
                };
                for unit in reading_units(run_text, &words) {
                    let han = &run_text[unit.from..unit.to];
                    let (from, to) = (run.start + unit.from, run.start + unit.to);
                    let reading = readings::reading(han);
                    let mut used = 0;
                    // A name is also written by its sound (曲建 → 곡건 and 취젠), as one
                    // token that a Korean query word matches whole; so are the names
                    // inside a longer name (广东 of 广东省), for a query of the bare name.
                    if unit.is_name {
                        let inner = words.iter().filter(|w| {
                            w.alternative
                                && unit.from <= w.from
                                && w.to <= unit.to
                                && transliteration::is_known_name(w.text)
                        });
                        let mut spelled: Vec<String> = reading.iter().cloned().collect();
                        for (i, name) in std::iter::once(han).chain(inner.map(|w| w.text)).enumerate() {
                            match transliteration::transliterate(name) {
                                Some(t) if !spelled.contains(&t) => {
                                    out.emit(&t, from, to, position, 1, "transliteration", i > 0);
                                    used = 1;
                                    spelled.push(t);
                                }
                                _ => {}
                            }
                        }
                    }
                    if let Some(reading) = &reading {
                        for m in korean::analyze_word(reading).iter() {
                            let p = position + m.position;
                            out.emit(&m.text, from, to, p, m.position_length, "reading", m.alternative);
                            used = used.max(m.position + m.position_length);
                        }
                    }
                    position += used;
                }
                position += 1;
            }
            // Pairs are made from the main tokens, above.
            (AnalyzerKind::Pairs, _) => {}
            (AnalyzerKind::Bridge, _) => {
                // No readings for Korean, Latin or numbers; the gap keeps readings of
                // Han runs on either side from forming a phrase.
                position += 1;
            }
            (_, RunKind::Alnum) => {
                let token = alnum_text(run_text);
                out.emit(&token, run.start, run.end, position, 1, "alnum", false);
                position += 1;
            }
            (AnalyzerKind::Main, RunKind::Hangul) => {
                for (word_start, word) in split_words(run_text) {
                    let base = run.start + word_start;
                    // Right after a closing quote, bracket, Han or Latin text, with no space.
                    let glued = word_start == 0
                        && text[..run.start]
                            .chars()
                            .next_back()
                            .is_some_and(|c| !c.is_whitespace());
                    if glued && korean::is_particle(word) {
                        continue;
                    }
                    let morphemes = korean::analyze_word(word);
                    let mut used = 0;
                    for m in morphemes.iter() {
                        let p = position + m.position;
                        out.emit(
                            &m.text,
                            base + m.from,
                            base + m.to,
                            p,
                            m.position_length,
                            m.tag,
                            m.alternative,
                        );
                        used = used.max(m.position + m.position_length);
                    }
                    position += used;
                }
            }
            (AnalyzerKind::Main, RunKind::Han) => {
                let words = if han_words {
                    chinese::segment(run_text)
                } else {
                    Vec::new()
                };
                for w in &words {
                    let (from, to) = (run.start + w.from, run.start + w.to);
                    out.emit(
                        w.text,
                        from,
                        to,
                        position + w.char_start,
                        w.char_len,
                        "han",
                        w.alternative,
                    );
                }
                position += run_text.chars().count();
            }
            (AnalyzerKind::Recall, RunKind::Hangul | RunKind::Han) => {
                // Spaces inside a Hangul run are skipped, so a copied passage matches
                // whatever its spacing splits. A unit that the number before took
                // (`5대 방향`) also starts this run's bigrams, so `대 방향` is found.
                let start = before
                    .and_then(|b| unit_start(text, b))
                    .filter(|&u| {
                        run.kind == RunKind::Hangul && text[u..run.start].chars().skip(1).all(char::is_whitespace)
                    })
                    .unwrap_or(run.start);
                let run_text = &text[start..run.end];
                let chars: Vec<(usize, char)> = run_text.char_indices().filter(|(_, c)| !c.is_whitespace()).collect();
                let end_of = |i: usize| start + chars[i].0 + chars[i].1.len_utf8();
                if chars.len() == 1 {
                    let mut buf = [0u8; 4];
                    out.emit(
                        chars[0].1.encode_utf8(&mut buf),
                        start,
                        end_of(0),
                        position,
                        1,
                        "unigram",
                        false,
                    );
                    position += 1;
                    continue;
                }
                let mut gram = String::with_capacity(8);
                for i in 0..chars.len().saturating_sub(1) {
                    gram.clear();
                    gram.push(chars[i].1);
                    gram.push(chars[i + 1].1);
                    out.emit(&gram, start + chars[i].0, end_of(i + 1), position, 1, "bigram", false);
                    position += 1;
                }
            }
        }
    }
}

/// A span of a Han run read as one word, and whether it is a person or place name.
struct ReadingUnit {
    from: usize,
    to: usize,
    is_name: bool,
}

/// The main tokens of a text, gathered to pair them: texts in one buffer.
#[derive(Default)]
struct PairSource {
    texts: String,
    /// (text range, from, to, position, position length, alternative)
    tokens: Vec<(std::ops::Range<usize>, usize, usize, usize, usize, bool)>,
}

impl Sink for PairSource {
    fn emit(&mut self, text: &str, from: usize, to: usize, position: usize, len: usize, _: &str, alternative: bool) {
        let start = self.texts.len();
        self.texts.push_str(text);
        self.tokens
            .push((start..self.texts.len(), from, to, position, len, alternative));
    }
}

impl PairSource {
    /// Every token with every token that starts where it ends (a compound's whole
    /// with the next word as well as its last part), at the first one's position.
    fn emit_pairs(&self, sink: &mut impl Sink) {
        let mut pair = String::new();
        for (a_text, a_from, _, a_position, a_len, a_alt) in &self.tokens {
            let next = a_position + a_len;
            let start = self.tokens.partition_point(|t| t.3 < next);
            for (b_text, _, b_to, _, _, b_alt) in self.tokens[start..].iter().take_while(|t| t.3 == next) {
                pair.clear();
                pair.push_str(&self.texts[a_text.clone()]);
                pair.push(' ');
                pair.push_str(&self.texts[b_text.clone()]);
                sink.emit(&pair, *a_from, *b_to, *a_position, 1, "pair", *a_alt || *b_alt);
            }
        }
    }
}

/// The spans read as one word: each jieba word, except that consecutive single
/// characters (a name jieba does not know, such as 王中林) are read together, so the
/// initial-sound rule applies to the name's first syllable only — and such a span is
/// taken for a name if it looks like one, like the words jieba tags as names.
fn reading_units(run: &str, words: &[chinese::Word]) -> Vec<ReadingUnit> {
    let mut units: Vec<ReadingUnit> = Vec::new();
    let mut previous_single = false;
    for w in words.iter().filter(|w| !w.alternative) {
        let single = w.char_len == 1;
        match units.last_mut() {
            Some(last) if single && previous_single && last.to == w.from => {
                last.to = w.to;
                last.is_name = transliteration::may_be_unknown_name(&run[last.from..last.to]);
            }
            _ => units.push(ReadingUnit {
                from: w.from,
                to: w.to,
                is_name: !single && transliteration::is_known_name(&run[w.from..w.to]),
            }),
        }
        previous_single = single;
    }
    units
}

/// Where the Korean unit of a number run (`대` of `5대`) starts, if it has one.
fn unit_start(text: &str, run: Run) -> Option<usize> {
    let last = text[run.start..run.end].chars().next_back()?;
    (run.kind == RunKind::Alnum && script::is_hangul(last)).then(|| run.end - last.len_utf8())
}

/// Maps offsets in the normalized text back to the original before emitting.
struct Mapped<'n, 's, S> {
    normalized: &'n Normalized<'n>,
    sink: &'s mut S,
}

impl<S: Sink> Mapped<'_, '_, S> {
    #[allow(clippy::too_many_arguments)]
    fn emit(&mut self, text: &str, from: usize, to: usize, position: usize, len: usize, pos: &str, alternative: bool) {
        let (from, to) = self.normalized.original_range(from, to);
        self.sink.emit(text, from, to, position, len, pos, alternative);
    }
}

/// Space-separated words of a Hangul run with their byte offsets.
fn split_words(run: &str) -> impl Iterator<Item = (usize, &str)> {
    run.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - run.as_ptr() as usize, w))
}

/// A tantivy tokenizer for one of the analyzers; register both with
/// `hanseek_index::register_analyzers`.
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
    fn emit(&mut self, text: &str, from: usize, to: usize, position: usize, len: usize, _: &str, _: bool) {
        if self.len == self.tokens.len() {
            self.tokens.push(tapi::Token::default());
        }
        let token = &mut self.tokens[self.len];
        token.text.clear();
        token.text.push_str(text);
        token.offset_from = from;
        token.offset_to = to;
        token.position = position;
        token.position_length = len;
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
