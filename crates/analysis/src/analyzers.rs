//! The four analyzers, one function each, over the same pipeline: the text is
//! normalized ([`crate::normalize`]), split into script runs ([`crate::script`]), and
//! each run is passed to the analyzer's function for its script, which emits tokens
//! with offsets into the normalized text ([`Mapped`] maps them back to the original)
//! and returns the position after the run.
//!
//! - [`main_run`] (`hanseek`): Korean morphemes ([`crate::korean`]), Chinese words and
//!   sub-words ([`crate::chinese`]), Latin and numbers;
//! - [`recall_run`] (`hanseek_recall`): character bigrams over Hangul and Han;
//! - [`bridge_run`] (`hanseek_bridge`): the Sino-Korean reading of each Chinese word,
//!   and a name's transliteration;
//! - pairs (`hanseek_pairs`): every main token with the one after it ([`PairSource`]).

use crate::normalize::Normalized;
use crate::script::{self, alnum_text, runs, Run, RunKind};
use crate::token::{Sink, TokenKind, TokenRef};
use crate::{chinese, korean, readings, transliteration, AnalyzerKind};

/// One script run, and what an analyzer's function needs around it.
struct RunAt<'t> {
    /// The whole normalized text.
    text: &'t str,
    run: Run,
    /// The run before it, if any.
    before: Option<Run>,
    /// Whether Han runs are segmented (see [`crate::visit`]).
    han_words: bool,
}

impl<'t> RunAt<'t> {
    fn text(&self) -> &'t str {
        &self.text[self.run.start..self.run.end]
    }
}

/// Emits the main tokens of `original` into `sink` and returns them gathered for
/// pairing: what the pairs analyzer of the same text would make them into, without
/// analyzing it again.
pub(crate) fn main_with_pairs(original: &str, sink: &mut impl Sink, han_words: bool) -> PairSource {
    struct Both<'s, S> {
        sink: &'s mut S,
        pairs: PairSource,
    }
    impl<S: Sink> Sink for Both<'_, S> {
        fn emit(&mut self, t: TokenRef) {
            self.pairs.emit(t);
            self.sink.emit(t);
        }
    }
    let mut both = Both {
        sink,
        pairs: PairSource::default(),
    };
    run_analyzer(AnalyzerKind::Main, original, &mut both, han_words);
    both.pairs
}

/// The main tokens of `original`, gathered for pairing.
pub(crate) fn main_tokens(original: &str, han_words: bool) -> PairSource {
    let mut main = PairSource::default();
    run_analyzer(AnalyzerKind::Main, original, &mut main, han_words);
    main
}

/// Emits the tokens of `original` that the `kind` analyzer makes into `sink`.
pub(crate) fn run_analyzer(kind: AnalyzerKind, original: &str, sink: &mut impl Sink, han_words: bool) {
    if kind == AnalyzerKind::Pairs {
        main_tokens(original, han_words).emit_pairs(sink, None);
        return;
    }
    let normalized = Normalized::new(original);
    let text: &str = &normalized.text;
    let mut out = Mapped {
        normalized: &normalized,
        sink,
    };
    let mut position = 0;
    let mut previous: Option<Run> = None;
    for run in runs(text) {
        let at = RunAt {
            text,
            run,
            before: previous.replace(run),
            han_words,
        };
        position = match kind {
            AnalyzerKind::Main => main_run(&at, position, &mut out),
            AnalyzerKind::Recall => recall_run(&at, position, &mut out),
            AnalyzerKind::Bridge => bridge_run(&at, position, &mut out),
            AnalyzerKind::Pairs => unreachable!("pairs are made from the main tokens, above"),
        };
    }
}

/// A token of normalized text at `from..to`, before mapping.
fn token(text: &str, from: usize, to: usize, position: usize, len: usize, kind: TokenKind, alt: bool) -> TokenRef<'_> {
    TokenRef {
        text,
        from,
        to,
        position,
        position_length: len,
        kind,
        alternative: alt,
    }
}

/// A Latin or number run: one token, lower-cased, thousands separators dropped.
fn alnum_run(at: &RunAt, position: usize, out: &mut Mapped<impl Sink>) -> usize {
    let text = alnum_text(at.text());
    out.emit(token(
        &text,
        at.run.start,
        at.run.end,
        position,
        1,
        TokenKind::Alnum,
        false,
    ));
    position + 1
}

fn main_run(at: &RunAt, mut position: usize, out: &mut Mapped<impl Sink>) -> usize {
    let run = at.run;
    let run_text = at.text();
    match run.kind {
        RunKind::Alnum => alnum_run(at, position, out),
        RunKind::Hangul => {
            for (word_start, word) in split_words(run_text) {
                let base = run.start + word_start;
                // Right after a closing quote, bracket, Han or Latin text, with no space.
                let glued = word_start == 0
                    && at.text[..run.start]
                        .chars()
                        .next_back()
                        .is_some_and(|c| !c.is_whitespace());
                if glued && korean::is_particle(word) {
                    continue;
                }
                let mut used = 0;
                for m in korean::analyze_word(word).iter() {
                    out.emit(token(
                        &m.text,
                        base + m.from,
                        base + m.to,
                        position + m.position,
                        m.position_length,
                        TokenKind::Korean(m.tag),
                        m.alternative,
                    ));
                    used = used.max(m.position + m.position_length);
                }
                position += used;
            }
            position
        }
        RunKind::Han => {
            if at.han_words {
                for w in &chinese::segment(run_text) {
                    out.emit(token(
                        w.text,
                        run.start + w.from,
                        run.start + w.to,
                        position + w.char_start,
                        w.char_len,
                        TokenKind::Han,
                        w.alternative,
                    ));
                }
            }
            // Positions count characters, so they do not depend on segmentation.
            position + run_text.chars().count()
        }
    }
}

fn recall_run(at: &RunAt, mut position: usize, out: &mut Mapped<impl Sink>) -> usize {
    let run = at.run;
    if run.kind == RunKind::Alnum {
        return alnum_run(at, position, out);
    }
    // Spaces inside a Hangul run are skipped, so a copied passage matches whatever its
    // spacing splits. A unit that the number before took (`5대 방향`) also starts this
    // run's bigrams, so `대 방향` is found.
    let start = at
        .before
        .and_then(|b| unit_start(at.text, b))
        .filter(|&u| run.kind == RunKind::Hangul && at.text[u..run.start].chars().skip(1).all(char::is_whitespace))
        .unwrap_or(run.start);
    let run_text = &at.text[start..run.end];
    let chars: Vec<(usize, char)> = run_text.char_indices().filter(|(_, c)| !c.is_whitespace()).collect();
    let end_of = |i: usize| start + chars[i].0 + chars[i].1.len_utf8();
    if chars.len() == 1 {
        let mut buf = [0u8; 4];
        let text = chars[0].1.encode_utf8(&mut buf);
        out.emit(token(text, start, end_of(0), position, 1, TokenKind::Unigram, false));
        return position + 1;
    }
    let mut gram = String::with_capacity(8);
    for i in 0..chars.len().saturating_sub(1) {
        gram.clear();
        gram.push(chars[i].1);
        gram.push(chars[i + 1].1);
        out.emit(token(
            &gram,
            start + chars[i].0,
            end_of(i + 1),
            position,
            1,
            TokenKind::Bigram,
            false,
        ));
        position += 1;
    }
    position
}

fn bridge_run(at: &RunAt, mut position: usize, out: &mut Mapped<impl Sink>) -> usize {
    if at.run.kind != RunKind::Han {
        // No readings for Korean, Latin or numbers; the gap keeps readings of Han runs
        // on either side from forming a phrase.
        return position + 1;
    }
    let run = at.run;
    let run_text = at.text();
    // Each Chinese word's reading, analyzed as the Korean word it is, at the Han word's
    // offsets: highlights land on the original characters.
    let words = if at.han_words {
        chinese::segment(run_text)
    } else {
        Vec::new()
    };
    for unit in reading_units(run_text, &words) {
        let han = &run_text[unit.from..unit.to];
        let (from, to) = (run.start + unit.from, run.start + unit.to);
        let reading = readings::reading(han);
        let mut used = 0;
        // A name is also written by its sound (曲建 → 곡건 and 취젠), as one token that a
        // Korean query word matches whole; so are the names inside a longer name (广东
        // of 广东省), for a query of the bare name.
        if unit.is_name {
            let inner = words.iter().filter(|w| {
                w.alternative && unit.from <= w.from && w.to <= unit.to && transliteration::is_known_name(w.text)
            });
            let mut spelled: Vec<String> = reading.iter().cloned().collect();
            for (i, name) in std::iter::once(han).chain(inner.map(|w| w.text)).enumerate() {
                match transliteration::transliterate(name) {
                    Some(t) if !spelled.contains(&t) => {
                        out.emit(token(&t, from, to, position, 1, TokenKind::Transliteration, i > 0));
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
                out.emit(token(
                    &m.text,
                    from,
                    to,
                    p,
                    m.position_length,
                    TokenKind::Reading,
                    m.alternative,
                ));
                used = used.max(m.position + m.position_length);
            }
        }
        position += used;
    }
    position + 1
}

/// A span of a Han run read as one word, and whether it is a person or place name.
struct ReadingUnit {
    from: usize,
    to: usize,
    is_name: bool,
}

/// The main tokens of a text, gathered to pair them: texts in one buffer.
#[derive(Default)]
pub(crate) struct PairSource {
    texts: String,
    /// (text range, from, to, position, position length, alternative)
    tokens: Vec<(std::ops::Range<usize>, usize, usize, usize, usize, bool)>,
}

impl Sink for PairSource {
    fn emit(&mut self, t: TokenRef) {
        let start = self.texts.len();
        self.texts.push_str(t.text);
        self.tokens.push((
            start..self.texts.len(),
            t.from,
            t.to,
            t.position,
            t.position_length,
            t.alternative,
        ));
    }
}

impl PairSource {
    /// Every token with every token that starts where it ends (a compound's whole
    /// with the next word as well as its last part), at the first one's position;
    /// only pairs of two of `words`, when given.
    pub(crate) fn emit_pairs(&self, sink: &mut impl Sink, words: Option<&PairWords>) {
        let mut pair = String::new();
        for (a_text, a_from, _, a_position, a_len, a_alt) in &self.tokens {
            let a = &self.texts[a_text.clone()];
            if words.is_some_and(|w| !w.contains(a)) {
                continue;
            }
            let next = a_position + a_len;
            let start = self.tokens.partition_point(|t| t.3 < next);
            for (b_text, _, b_to, _, _, b_alt) in self.tokens[start..].iter().take_while(|t| t.3 == next) {
                let b = &self.texts[b_text.clone()];
                if words.is_some_and(|w| !w.contains(b)) {
                    continue;
                }
                pair.clear();
                pair.push_str(a);
                pair.push(' ');
                pair.push_str(b);
                sink.emit(token(
                    &pair,
                    *a_from,
                    *b_to,
                    *a_position,
                    1,
                    TokenKind::Pair,
                    *a_alt || *b_alt,
                ));
            }
        }
    }
}

/// The words an index pairs (see `hanseek_index::pair_words`): its most frequent main
/// tokens. A phrase is slow to check by positions only when all its words are
/// frequent, so pairs of two frequent words buy nearly all of the pairs field's speed
/// for a fraction of its terms (Lucene's CommonGrams, stricter). Whether a pair is
/// indexed depends on its two words alone, so a pair term the index has is complete.
#[derive(Debug)]
pub struct PairWords(std::collections::HashSet<Box<str>>);

impl PairWords {
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> PairWords {
        PairWords(words.into_iter().map(|w| w.as_ref().into()).collect())
    }

    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
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
    fn emit(&mut self, token: TokenRef) {
        let (from, to) = self.normalized.original_range(token.from, token.to);
        self.sink.emit(TokenRef { from, to, ..token });
    }
}

/// Space-separated words of a Hangul run with their byte offsets.
fn split_words(run: &str) -> impl Iterator<Item = (usize, &str)> {
    run.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - run.as_ptr() as usize, w))
}
