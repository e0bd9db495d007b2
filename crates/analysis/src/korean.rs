//! Korean: ko-dic morphemes through lindera, filtered by part of speech.
//!
//! Kept tags — the ones a searcher types and means:
//! - `NNG`, `NNP` (common and proper nouns), `XR` (roots such as 다양 in 다양한),
//! - `VV`, `VA` (verb and adjective stems: 관한 → 관하),
//! - `SL`, `SH`, `SN` (foreign, Hanja and number pieces ko-dic may still emit) and
//!   unknown words (names ko-dic does not know).
//!
//! Dropped: particles (`J*`), endings (`E*`), copulas (`VCP`, `VCN`), auxiliary verbs
//! (`VX`), suffixes and prefixes (`XS*`, `XPN`), dependent nouns and counters (`NNB`,
//! `NNBC`: 등, 것, 개), numerals written in Hangul (`NR`), pronouns (`NP`), determiners
//! (`MM`), adverbs and interjections (`MAG`, `MAJ`, `IC`) and punctuation (`S*` others).
//! Dropped morphemes take no position, so `표준화 인재를 양성하는` and `표준 인재 양성`
//! give the same positions to the same nouns.
//!
//! Compounds whose ko-dic expression lists parts (`인공지능` = `인공/NNG+지능/NNG`) give
//! the compound as an *alternative* token spanning the parts' positions, plus each part
//! at its own position: `인공지능` finds `인공 지능`, and `지능` finds `인공지능`.
//!
//! Text is analyzed one space-separated word at a time, with a per-thread cache of the
//! words already seen: Korean prose repeats its words, and ko-dic never builds a token
//! across a space. Analyzing a word alone, no morpheme ever follows a space, so
//! lindera's left-space penalty could never apply: we skip building its table (the
//! ~100 ms `Segmenter::new` spends over all 816k entries) without changing results.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use lindera::dictionary::load_dictionary;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera::worker::SegmentWorker;

/// One token of a word, relative to the word.
#[derive(Debug, Clone)]
pub struct Morpheme {
    pub from: usize,
    pub to: usize,
    pub text: Box<str>,
    pub tag: Box<str>,
    /// Position relative to the word's first kept morpheme.
    pub position: usize,
    pub position_length: usize,
    pub alternative: bool,
}

const KEPT_TAGS: &[&str] = &["NNG", "NNP", "XR", "VV", "VA", "SL", "SH", "SN", "UNKNOWN", "UNK"];

fn is_kept(tag: &str) -> bool {
    KEPT_TAGS.contains(&tag.split('+').next().unwrap_or(tag))
}

static SEGMENTER: OnceLock<Segmenter> = OnceLock::new();

/// Whether ko-dic has been loaded in this process (it loads on the first Hangul text).
pub fn dictionary_loaded() -> bool {
    SEGMENTER.get().is_some()
}

fn segmenter() -> &'static Segmenter {
    SEGMENTER.get_or_init(|| {
        let mut dictionary =
            load_dictionary("embedded://ko-dic").expect("ko-dic is embedded in the binary at build time");
        let mut metadata = (*dictionary.metadata).clone();
        metadata.space_penalty = None; // see the module comment: per-word analysis
        dictionary.metadata = Arc::new(metadata);
        Segmenter::new(Mode::Normal, dictionary, None)
    })
}

/// Bytes of cached words each thread may keep, unless [`set_cache_limit`] says
/// otherwise (the indexer sizes it from its memory budget).
const DEFAULT_CACHE_BYTES: usize = 32 << 20;
static CACHE_BYTES: AtomicUsize = AtomicUsize::new(DEFAULT_CACHE_BYTES);

/// Bounds each thread's cache of analyzed words to about `bytes` (a corpus's
/// vocabulary keeps growing, so without a bound the caches would grow with it).
pub fn set_cache_limit(bytes: usize) {
    CACHE_BYTES.store(bytes, Ordering::Relaxed);
}

/// Analyzed words in two generations: new words go to `current`; when it holds half
/// the limit it becomes `previous` and the oldest generation is dropped. A word found
/// in `previous` moves back to `current`, so the words a corpus keeps using stay
/// cached however many rare ones pass through (a cheap stand-in for LRU).
#[derive(Default)]
struct WordCache {
    current: HashMap<Box<str>, Rc<[Morpheme]>>,
    previous: HashMap<Box<str>, Rc<[Morpheme]>>,
    current_bytes: usize,
}

impl WordCache {
    /// `limit`: the bytes both generations may hold together.
    fn get(&mut self, word: &str, limit: usize) -> Option<Rc<[Morpheme]>> {
        if let Some(hit) = self.current.get(word) {
            return Some(hit.clone());
        }
        let (key, hit) = self.previous.remove_entry(word)?;
        self.insert(key, hit.clone(), limit);
        Some(hit)
    }

    fn insert(&mut self, word: Box<str>, morphemes: Rc<[Morpheme]>, limit: usize) {
        self.current_bytes += entry_bytes(&word, &morphemes);
        self.current.insert(word, morphemes);
        if self.current_bytes > limit / 2 {
            self.previous = std::mem::take(&mut self.current);
            self.current_bytes = 0;
        }
    }
}

/// About what one cached word costs on the heap: its key, its morphemes and their
/// strings, each with the allocator's overhead, and its share of the hash table.
fn entry_bytes(word: &str, morphemes: &[Morpheme]) -> usize {
    let strings: usize = morphemes.iter().map(|m| m.text.len() + m.tag.len() + 48).sum();
    word.len() + 24 + 56 + std::mem::size_of_val(morphemes) + 24 + strings
}

thread_local! {
    /// lindera's lattice and scratch buffers, reused for every word this thread analyzes.
    static WORKER: RefCell<Option<SegmentWorker>> = const { RefCell::new(None) };
    static CACHE: RefCell<WordCache> = RefCell::new(WordCache::default());
}

/// Forgets this thread's cached words (benchmarks use it to measure a cold cache).
pub fn clear_cache() {
    CACHE.with(|cache| *cache.borrow_mut() = WordCache::default());
}

/// The kept morphemes of one space-free Hangul word.
pub fn analyze_word(word: &str) -> Rc<[Morpheme]> {
    let limit = CACHE_BYTES.load(Ordering::Relaxed);
    if let Some(hit) = CACHE.with(|cache| cache.borrow_mut().get(word, limit)) {
        return hit;
    }
    let morphemes: Rc<[Morpheme]> = segment_word(word).into();
    CACHE.with(|cache| cache.borrow_mut().insert(word.into(), morphemes.clone(), limit));
    morphemes
}

/// The word's morphemes straight from lindera, without the cache (for comparisons).
pub fn segment_word(word: &str) -> Vec<Morpheme> {
    WORKER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let worker = slot.get_or_insert_with(|| segmenter().new_worker());
        let in_context = format!("{word}{RIGHT_CONTEXT}");
        match worker.segment(&in_context) {
            Ok(tokens) => morphemes_of(word, tokens.into_iter().filter(|t| t.byte_end <= word.len())),
            // lindera only fails on internal errors; index the word whole rather than lose it.
            Err(_) => vec![Morpheme {
                from: 0,
                to: word.len(),
                text: word.into(),
                tag: "UNKNOWN".into(),
                position: 0,
                position_length: 1,
                alternative: false,
            }],
        }
    })
}

/// The three ko-dic detail fields a token's morphemes need.
struct Details<'a> {
    /// Part of speech (`NNG`, `VV+EC`, …).
    tag: &'a str,
    /// `Compound`, `Inflect`, `Preanalysis` or `*`.
    kind: &'a str,
    /// The parts, as `인공/NNG/*+지능/NNG/*`.
    expression: Option<&'a str>,
}

/// Read from the dictionary entry in place: `Token::details` collects every field
/// into a new vector, twice per token, which was a tenth of analyzing uncached words.
fn details<'a>(token: &lindera::token::Token<'a>) -> Details<'a> {
    let id = token.word_id.id() as usize;
    let mut fields = if token.word_id.is_unknown() {
        token.dictionary.unknown_word_details_iter(id)
    } else {
        token.dictionary.word_details_iter(id)
    };
    let tag = fields.next().unwrap_or("UNKNOWN");
    // Fields 1–3 are the semantic class, final consonant and reading.
    let kind = fields.nth(3).unwrap_or("*");
    let expression = fields.nth(2);
    Details { tag, kind, expression }
}

/// The kept morphemes of `word` from lindera's tokens for it (offsets within the word).
pub fn morphemes_of<'a>(word: &str, tokens: impl Iterator<Item = lindera::token::Token<'a>>) -> Vec<Morpheme> {
    let mut out = Vec::new();
    let mut position = 0;
    let mut pieces = Vec::new();
    for token in tokens {
        let (from, to) = (token.byte_start, token.byte_end);
        let surface = &word[from..to];
        let Details { tag, kind, expression } = details(&token);
        let emitted_before = out.len();
        let expression = expression.filter(|e| *e != "*" && !e.is_empty());
        let emit =
            |out: &mut Vec<Morpheme>, (f, t): (usize, usize), text: &str, tag: &str, position, len, alternative| {
                out.push(Morpheme {
                    from: f,
                    to: t,
                    text: text.into(),
                    tag: tag.into(),
                    position,
                    position_length: len,
                    alternative,
                })
            };
        // Whatever this token emits, `pieces` records it once, below.
        'token: {
            let Some(expression) = expression else {
                if is_kept(tag) {
                    emit(&mut out, (from, to), surface, tag, position, 1, false);
                    position += 1;
                }
                break 'token;
            };
            let parts: Vec<(&str, &str)> = expression
                .split('+')
                .filter_map(|part| {
                    let mut fields = part.split('/');
                    Some((fields.next()?, fields.next()?))
                })
                .filter(|(text, tag)| !text.is_empty() && is_kept(tag))
                .collect();
            if kind == "Compound" {
                if parts.is_empty() {
                    break 'token;
                }
                let whole_is_alternative = parts.len() >= 2;
                emit(
                    &mut out,
                    (from, to),
                    surface,
                    tag,
                    position,
                    parts.len(),
                    whole_is_alternative,
                );
                if whole_is_alternative {
                    let mut search_from = 0;
                    for (k, (text, part_tag)) in parts.iter().enumerate() {
                        let range = match surface[search_from..].find(text) {
                            Some(at) => {
                                let start = search_from + at;
                                search_from = start + text.len();
                                (from + start, from + start + text.len())
                            }
                            None => (from, to),
                        };
                        emit(&mut out, range, text, part_tag, position + k, 1, false);
                    }
                }
                position += parts.len();
            } else {
                // Inflected forms and pre-analysed words: their stems, at the word's offsets.
                for (text, part_tag) in parts {
                    emit(&mut out, (from, to), text, part_tag, position, 1, false);
                    position += 1;
                }
            }
        }
        pieces.push(Piece {
            to,
            first_tag: first_tag(tag).into(),
            kept: out.len() > emitted_before,
        });
    }
    if let [only] = out.as_slice() {
        if only.from == 0 && DEPENDENT_NOUNS.contains(&&*only.text) {
            out.clear();
        }
    }
    if let Some(stem_end) = unreliable_stem_end(&pieces) {
        for m in &mut out {
            m.alternative = true;
        }
        out.insert(
            0,
            Morpheme {
                from: 0,
                to: stem_end,
                text: word[..stem_end].into(),
                tag: "NNP".into(),
                position: 0,
                position_length: position.max(1),
                alternative: false,
            },
        );
    }
    with_bare_place_names(out)
}

/// Administrative units that Korean writes after a Chinese place name: 광둥성 (省),
/// 선전시 (市), 하이뎬구 (区), 현 (县).
const PLACE_SUFFIXES: [char; 4] = ['성', '시', '구', '현'];

/// A proper noun of three syllables or more ending in an administrative unit
/// (광둥성, 쓰촨성) also indexes the bare place name (광둥) as an alternative, so that
/// 광둥 and 广东 find text that writes 광둥성.
fn with_bare_place_names(morphemes: Vec<Morpheme>) -> Vec<Morpheme> {
    let is_place = |m: &Morpheme| {
        !m.alternative
            && m.position_length == 1
            && m.tag.starts_with("NNP")
            && m.text.chars().count() >= 3
            && m.text.ends_with(PLACE_SUFFIXES)
            && m.to - m.from == m.text.len()
    };
    if !morphemes.iter().any(is_place) {
        return morphemes;
    }
    let mut out: Vec<Morpheme> = Vec::with_capacity(morphemes.len() + 1);
    for m in &morphemes {
        out.push(m.clone());
        let Some(bare) = m.text.strip_suffix(PLACE_SUFFIXES).filter(|_| is_place(m)) else {
            continue;
        };
        if !morphemes.iter().any(|o| o.position == m.position && *o.text == *bare) {
            out.push(Morpheme {
                from: m.from,
                to: m.from + bare.len(),
                text: bare.into(),
                tag: m.tag.clone(),
                position: m.position,
                position_length: 1,
                alternative: true,
            });
        }
    }
    out
}

/// A word is analyzed followed by this neutral next word, then the next word's tokens
/// are discarded. Alone, a word ends the "sentence", and ko-dic then prefers readings
/// that can end one: the genitive 의 of 기업의 became the noun 의. With a following
/// word, per-word analysis agrees with whole-text analysis on most words (measured by
/// `examples/per_word_differences.rs`; see BENCHMARKS.md). The next word starts with a
/// noun, which the left-space penalty never applies to, so it stays irrelevant.
const RIGHT_CONTEXT: &str = " 것";

/// One-syllable dependent nouns of running text (등 "etc.", 개 "pieces", 수 "number",
/// 중 "during", 외 "besides", 간 "between", 내 "within", 시 "when", 후 "after", 전
/// "before", 측 "side") that ko-dic reads as common nouns when their word stands alone
/// (등, 등의, 수는). A word whose only kept morpheme is one of them keeps nothing: they
/// are noise to a searcher either way.
const DEPENDENT_NOUNS: &[&str] = &["등", "개", "수", "중", "외", "간", "내", "시", "후", "전", "측"];

/// Particles written right after a Chinese, Latin or number run or a closing quote or
/// bracket (`AI의`, `CASTED는`, `人工智能产业과`, `'…'의`, `(…)의`). Alone, ko-dic reads some of them as nouns (의 "righteousness", 과
/// "department"), so a Hangul word glued to such a run that is exactly a particle is
/// dropped instead of analyzed.
const GLUED_PARTICLES: &[&str] = &[
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "에서",
    "에게",
    "으로",
    "로",
    "와",
    "과",
    "도",
    "만",
    "까지",
    "부터",
    "보다",
    "처럼",
    "과의",
    "와의",
    "에는",
    "에서는",
    "으로는",
    "로는",
    "이며",
    "며",
    "이나",
    "나",
    "이다",
    "인",
    "이라는",
    "라는",
    "에서의",
    "으로의",
    "로의",
    "과는",
    "와는",
    "이라고",
    "라고",
    "에도",
    "으로도",
    "로도",
    "만의",
    "이고",
    "고",
];

pub fn is_particle(word: &str) -> bool {
    GLUED_PARTICLES.contains(&word)
}

/// A lindera token of the word: where it ends, its first tag, whether it was kept.
struct Piece {
    to: usize,
    first_tag: Box<str>,
    kept: bool,
}

fn first_tag(tag: &str) -> &str {
    tag.split('+').next().unwrap_or(tag)
}

/// ko-dic does not know most transliterated names (취젠, 웨강아오) and cuts them into
/// whatever it knows, dropping pieces as particles or counters: 취젠 → 취 + 젠(NNBC+JX).
/// When a word keeps something but drops a piece that is neither a particle, an ending,
/// a copula nor a suffix — or drops anything in the middle of the word — its analysis
/// is not trusted: the word without its trailing particles and endings becomes the
/// token queries use (at the word's first position, spanning its pieces), and the
/// pieces stay indexed as alternatives, so queries for the pieces still find it.
fn unreliable_stem_end(pieces: &[Piece]) -> Option<usize> {
    let last_kept = pieces.iter().rposition(|p| p.kept)?;
    let grammatical = |tag: &str| {
        tag.starts_with('J') || tag.starts_with('E') || tag.starts_with("XS") || matches!(tag, "VCP" | "VCN" | "VX")
    };
    let suspicious = pieces
        .iter()
        .enumerate()
        .any(|(i, p)| !p.kept && (i < last_kept || !grammatical(&p.first_tag) && !p.first_tag.starts_with('S')));
    if !suspicious {
        return None;
    }
    let stem_len = pieces.iter().rposition(|p| !grammatical(&p.first_tag))?;
    Some(pieces[stem_len].to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_cache_stays_within_its_limit_and_keeps_the_words_in_use() {
        let limit = 20_000;
        let mut cache = WordCache::default();
        let morphemes = |word: &str| -> Rc<[Morpheme]> { segment_word(word).into() };
        let frequent: Box<str> = "인공지능".into();
        let kept = morphemes(&frequent);
        cache.insert(frequent.clone(), kept.clone(), limit);
        // A stream of words seen once (a growing vocabulary), with the frequent word
        // used more often than a generation fills (~50 words here).
        let rare = morphemes("산업을");
        for n in 0..5_000 {
            cache.insert(format!("단어{n}").into(), rare.clone(), limit);
            if n % 20 == 0 {
                assert!(cache.get(&frequent, limit).is_some_and(|hit| Rc::ptr_eq(&hit, &kept)));
            }
            let held: usize = [&cache.current, &cache.previous]
                .iter()
                .flat_map(|generation| generation.iter())
                .map(|(word, m)| entry_bytes(word, m))
                .sum();
            assert!(held <= limit + entry_bytes(&frequent, &kept), "{held} bytes held");
        }
        assert!(cache.get("단어0", limit).is_none(), "old rare words are dropped");
        assert!(cache.get("단어4999", limit).is_some());
    }
}
