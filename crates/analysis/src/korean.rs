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

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use lindera::dictionary::load_dictionary;
use lindera::dictionary::WordId;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera_dictionary::viterbi::{Lattice, LatticeOptions};
use rustc_hash::FxHashMap;

/// One token of a word, relative to the word.
#[derive(Debug, Clone)]
pub struct Morpheme {
    pub from: usize,
    pub to: usize,
    pub text: Box<str>,
    /// The ko-dic part of speech, borrowed from the process's dictionary.
    pub tag: &'static str,
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
    // Fx rather than SipHash: the keys are the analyzed text's own words, and hashing
    // them was a few percent of analyzing new text.
    current: FxHashMap<Box<str>, Rc<[Morpheme]>>,
    previous: FxHashMap<Box<str>, Rc<[Morpheme]>>,
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

/// lindera's lattice and scratch buffers, reused for every word a thread analyzes.
#[derive(Default)]
struct Worker {
    lattice: Lattice,
    /// Where each morpheme of the best path starts, and its dictionary entry.
    offsets: Vec<(usize, WordId)>,
    /// The word followed by [`RIGHT_CONTEXT`].
    text: String,
}

thread_local! {
    static WORKER: RefCell<Worker> = RefCell::default();
    static CACHE: RefCell<WordCache> = RefCell::new(WordCache::default());
    static ENTRIES: RefCell<FxHashMap<u64, Entry>> = RefCell::default();
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

/// Longer "words" (no real one is this long) go through lindera's `Segmenter`, which
/// cuts text into sentences its lattice can hold (at most 65,534 characters), and the
/// reused lattice keeps the size of ordinary words.
const LONGEST_LATTICE_WORD: usize = 1024;

/// The word's morphemes straight from lindera, without the cache (for comparisons).
pub fn segment_word(word: &str) -> Vec<Morpheme> {
    WORKER.with(|cell| {
        let mut worker = cell.borrow_mut();
        let Worker { lattice, offsets, text } = &mut *worker;
        text.clear();
        text.push_str(word);
        text.push_str(RIGHT_CONTEXT);
        let segmenter = segmenter();
        if word.len() > LONGEST_LATTICE_WORD {
            return match segmenter.segment(Cow::Borrowed(text.as_str())) {
                Ok(tokens) => morphemes_of(
                    word,
                    tokens
                        .iter()
                        .map(|t| (t.byte_start, t.byte_end, t.word_id))
                        .take_while(|&(_, end, _)| end <= word.len()),
                ),
                // lindera only fails on internal errors; index the word whole rather than lose it.
                Err(_) => vec![Morpheme {
                    from: 0,
                    to: word.len(),
                    text: word.into(),
                    tag: "UNKNOWN",
                    position: 0,
                    position_length: 1,
                    alternative: false,
                }],
            };
        }
        // lindera's `Segmenter::segment` without what a space-free word never needs:
        // sentence splitting, whitespace filtering and a `Token` per morpheme.
        let dictionary = &segmenter.dictionary;
        let mut options = LatticeOptions::new(&segmenter.mode);
        options.max_grouping_len = segmenter.max_grouping_len;
        options.unknown_word_ladder = segmenter.unknown_word_ladder;
        lattice.set_text_with_options(
            &dictionary.prefix_dictionary,
            &None,
            &dictionary.character_definition,
            &dictionary.unknown_dictionary,
            &dictionary.connection_cost_matrix,
            text,
            &options,
        );
        lattice.tokens_offset_into(offsets);
        let ends = offsets.iter().skip(1).map(|&(start, _)| start).chain([text.len()]);
        let tokens = offsets
            .iter()
            .zip(ends)
            .map(|(&(start, word_id), end)| (start, end, word_id))
            .take_while(|&(_, end, _)| end <= word.len());
        morphemes_of(word, tokens)
    })
}

/// What one ko-dic entry contributes to a word's morphemes, decoded from its detail
/// fields once per entry and thread: reading them touches two far-apart places of a
/// 100 MB dictionary per token, which was a seventh of analyzing a new word.
struct Entry {
    /// Part of speech (`NNG`, `VV+EC`, …).
    tag: &'static str,
    /// Its first morpheme's tag (`VV` of `VV+EC`).
    first_tag: &'static str,
    /// Whether [`KEPT_TAGS`] holds `first_tag`.
    kept: bool,
    /// The expression's parts with kept tags (`인공/NNG+지능/NNG` → 인공, 지능), or
    /// `None` when the entry has no expression.
    parts: Option<Box<[(&'static str, &'static str)]>>,
    /// The entry's kind is `Compound` (not `Inflect` or `Preanalysis`).
    compound: bool,
}

/// Entries decoded so far; dropped whole past this many (a corpus uses a small part of
/// ko-dic's 816k entries, so this rarely happens, and it bounds the table to ~20 MB per
/// thread, ~100 bytes an entry, if it does).
const MAX_ENTRIES: usize = 200_000;

impl Entry {
    fn decode(word_id: WordId) -> Entry {
        let dictionary = &segmenter().dictionary;
        let id = word_id.id() as usize;
        let mut fields = if word_id.is_unknown() {
            dictionary.unknown_word_details_iter(id)
        } else {
            dictionary.word_details_iter(id)
        };
        let tag = fields.next().unwrap_or("UNKNOWN");
        // Fields 1–3 are the semantic class, final consonant and reading.
        let kind = fields.nth(3).unwrap_or("*");
        let expression = fields.nth(2).filter(|e| *e != "*" && !e.is_empty());
        let parts = expression.map(|expression| {
            expression
                .split('+')
                .filter_map(|part| {
                    let mut fields = part.split('/');
                    Some((fields.next()?, fields.next()?))
                })
                .filter(|(text, tag)| !text.is_empty() && is_kept(tag))
                .collect()
        });
        let first_tag = first_tag(tag);
        Entry {
            tag,
            first_tag,
            kept: KEPT_TAGS.contains(&first_tag),
            parts,
            compound: kind == "Compound",
        }
    }
}

/// Calls `with` on the decoded entry of `word_id`, decoding it on first use.
fn with_entry<R>(word_id: WordId, with: impl FnOnce(&Entry) -> R) -> R {
    let key = (word_id.id() as u64) << 1 | word_id.is_unknown() as u64;
    ENTRIES.with(|cell| {
        let mut entries = cell.borrow_mut();
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.clear();
        }
        with(entries.entry(key).or_insert_with(|| Entry::decode(word_id)))
    })
}

/// The kept morphemes of `word` from lindera's tokens for it: byte range within the
/// word and dictionary entry of each.
pub fn morphemes_of(word: &str, tokens: impl Iterator<Item = (usize, usize, WordId)>) -> Vec<Morpheme> {
    let mut out = Vec::new();
    let mut position = 0;
    let mut pieces = Vec::new();
    for (from, to, word_id) in tokens {
        let surface = &word[from..to];
        let emitted_before = out.len();
        let emit = |out: &mut Vec<Morpheme>, (f, t): (usize, usize), text: &str, tag, position, len, alternative| {
            out.push(Morpheme {
                from: f,
                to: t,
                text: text.into(),
                tag,
                position,
                position_length: len,
                alternative,
            })
        };
        let first_tag = with_entry(word_id, |entry| {
            // Whatever this token emits, `pieces` records it once, below.
            let (tag, first_tag) = (entry.tag, entry.first_tag);
            let Some(parts) = entry.parts.as_deref() else {
                if entry.kept {
                    emit(&mut out, (from, to), surface, tag, position, 1, false);
                    position += 1;
                }
                return first_tag;
            };
            if !entry.compound {
                // Inflected forms and pre-analysed words: their stems, at the word's offsets.
                for &(text, part_tag) in parts {
                    emit(&mut out, (from, to), text, part_tag, position, 1, false);
                    position += 1;
                }
                return first_tag;
            }
            if parts.is_empty() {
                return first_tag;
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
                for (k, &(text, part_tag)) in parts.iter().enumerate() {
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
            first_tag
        });
        pieces.push(Piece {
            to,
            first_tag,
            kept: out.len() > emitted_before,
        });
    }
    if let [only] = out.as_slice() {
        if only.from == 0 && DEPENDENT_NOUNS.contains(&&*only.text) {
            out.clear();
        }
    }
    if let Some(stem_end) = unreliable_stem_end(&pieces) {
        // A word ko-dic kept nothing of is highlighted whole: its last syllable, read as
        // a particle (일대일로's 로), is as doubtful as the rest of the analysis.
        let to = if out.is_empty() { word.len() } else { stem_end };
        for m in &mut out {
            m.alternative = true;
        }
        out.insert(
            0,
            Morpheme {
                from: 0,
                to,
                text: word[..stem_end].into(),
                tag: "NNP",
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
                tag: m.tag,
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
    first_tag: &'static str,
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
///
/// A word that keeps nothing is trusted too (및, 등을, 세 개, 이십오), unless a numeral
/// follows a counter, which no Korean number does: 일대일로 (一带一路) is cut into
/// 일 대 일 로, numerals, a counter and a particle, and would vanish from the index.
fn unreliable_stem_end(pieces: &[Piece]) -> Option<usize> {
    let numeral_after_counter = pieces
        .windows(2)
        .any(|pair| pair[0].first_tag == "NNBC" && pair[1].first_tag == "NR");
    let last_kept = match pieces.iter().rposition(|p| p.kept) {
        Some(last) => last,
        None if numeral_after_counter => pieces.len() - 1,
        None => return None,
    };
    let grammatical = |tag: &str| {
        tag.starts_with('J') || tag.starts_with('E') || tag.starts_with("XS") || matches!(tag, "VCP" | "VCN" | "VX")
    };
    let suspicious = pieces
        .iter()
        .enumerate()
        .any(|(i, p)| !p.kept && (i < last_kept || !grammatical(p.first_tag) && !p.first_tag.starts_with('S')));
    if !suspicious {
        return None;
    }
    let stem_len = pieces.iter().rposition(|p| !grammatical(p.first_tag))?;
    Some(pieces[stem_len].to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_longer_than_lindera_lattice_holds_is_analyzed_without_panicking() {
        // lindera's lattice asserts fewer than 65,535 characters per sentence.
        let word = "인공지능".repeat(20_000);
        let morphemes = segment_word(&word);
        assert!(!morphemes.is_empty());
        assert!(morphemes
            .iter()
            .all(|m| m.to <= word.len() && word.is_char_boundary(m.from)));
        assert_eq!(
            &*segment_word("인공지능")[0].text,
            "인공지능",
            "the reused lattice still works"
        );
    }

    #[test]
    fn a_word_cut_into_numerals_and_a_counter_is_kept_but_numbers_are_not() {
        // ko-dic: 일/NR 대/NNBC 일/NR 로/JKB; the report writes 일대일로 22 times.
        let texts = |word: &str| -> Vec<String> { segment_word(word).iter().map(|m| m.text.to_string()).collect() };
        assert_eq!(texts("일대일로"), ["일대일"]);
        assert_eq!(
            texts("일대일로의"),
            texts("일대일로"),
            "a query finds it with particles"
        );
        for number in ["세개", "이십오", "하나하나", "등을", "및"] {
            assert!(texts(number).is_empty(), "{number}: {:?}", texts(number));
        }
    }

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
