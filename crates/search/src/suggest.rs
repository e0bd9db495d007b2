//! Suggestions as you type: the index's words that complete a prefix, most frequent
//! first, read from the term dictionaries of the main-analyzed `title` and `text`
//! fields (so they are the words a search finds: Korean words and compounds, Chinese
//! words as jieba cuts them, acronyms).
//!
//! A Korean prefix is matched by jamo where an IME is still composing: a bare initial
//! consonant stands for every syllable it starts (`인공ㅈ` → 인공지능, `반도ㅊ` →
//! 반도체), so a prefix of initials alone is 초성 search (`ㅇㄱㅈㄴ` → 인공지능); a last
//! syllable without a final consonant stands for any final (`인고`, on the way to
//! 인공); one with a final also for the syllable without it and a next syllable that
//! consonant starts (`반돛`, which the IME shows while 반도체 is typed). A Chinese
//! completion carries its Korean reading or, for a name, transliteration (`广东` →
//! 广东省 · 광둥성).

use std::collections::HashMap;
use std::sync::OnceLock;

use hanseek_analysis::{analyze, simplified, AnalyzerKind, TokenKind};
use hanseek_script::hangul;
use serde::Serialize;
use tantivy::schema::Field;

use crate::word::{Crossing, Word};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub text: String,
    /// How many documents have the word in their title plus how many in their text:
    /// what the suggestions are ranked by.
    pub frequency: u64,
    /// For a Chinese word: how Korean writes it (`광둥성` for 广东省), and how
    /// (`transliteration` for a name, else `reading`).
    pub korean: Option<String>,
    pub korean_via: Option<&'static str>,
}

/// What `hanseek suggest --json` prints and `/api/suggest` answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestions {
    pub prefix: String,
    pub suggestions: Vec<Suggestion>,
    pub took_ms: f64,
}

/// At most this many suggestions are asked for at once.
pub const MOST_SUGGESTIONS: usize = 50;

/// Completions are words of at least this many characters (one character completes
/// nothing useful).
const SHORTEST: usize = 2;

/// The Hangul initial consonants in syllable order, as compatibility jamo (what a
/// keyboard types alone).
const INITIALS: [char; 19] = [
    'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ',
];
/// The final consonants (index 1 to 27 of a syllable's final) that start a syllable
/// too, with their initial's index: `공` may be 고 + ㅇ… still being typed.
const FINAL_AS_INITIAL: [(u32, usize); 14] = [
    (1, 0),   // ㄱ
    (2, 1),   // ㄲ
    (4, 2),   // ㄴ
    (7, 3),   // ㄷ
    (8, 5),   // ㄹ
    (16, 6),  // ㅁ
    (17, 7),  // ㅂ
    (19, 9),  // ㅅ
    (20, 10), // ㅆ
    (21, 11), // ㅇ
    (22, 12), // ㅈ
    (23, 14), // ㅊ
    (24, 15), // ㅋ
    (27, 18), // ㅎ
];
const SYLLABLES: u32 = hangul::FIRST;
const PER_INITIAL: u32 = hangul::PER_INITIAL;

/// What one character of the prefix accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Exact(char),
    /// Every syllable this initial consonant (its index in [`INITIALS`]) starts.
    Initial(usize),
    /// This syllable with any final consonant (or none).
    AnyFinal(char),
    /// Any Hangul syllable.
    Syllable,
}

impl Slot {
    /// The characters it accepts: one range.
    fn range(self) -> (char, char) {
        match self {
            Slot::Exact(c) => (c, c),
            Slot::Initial(initial) => {
                let first = SYLLABLES + initial as u32 * PER_INITIAL;
                (syllable(first), syllable(first + PER_INITIAL - 1))
            }
            Slot::AnyFinal(c) => (c, syllable(c as u32 + 27)),
            Slot::Syllable => (
                syllable(SYLLABLES),
                syllable(SYLLABLES + hangul::INITIALS * PER_INITIAL - 1),
            ),
        }
    }

    fn accepts(self, c: char) -> bool {
        let (from, to) = self.range();
        (from..=to).contains(&c)
    }
}

fn syllable(code: u32) -> char {
    char::from_u32(code).expect("a Hangul syllable")
}

/// A bare initial consonant (`ㅈ`, as typed alone), as its index in [`INITIALS`].
fn bare_initial(c: char) -> Option<usize> {
    INITIALS.iter().position(|&i| i == c)
}

/// The initial consonant of a Hangul syllable, as its index in [`INITIALS`].
fn initial_of(c: char) -> Option<usize> {
    hangul::parts(c).map(|(initial, _, _)| initial as usize)
}

/// The patterns a prefix may be the beginning of (see the module comment).
fn patterns(prefix: &str) -> Vec<Vec<Slot>> {
    let chars: Vec<char> = prefix
        .chars()
        .map(|c| simplified(c).unwrap_or(c))
        .flat_map(char::to_lowercase)
        .collect();
    let mut head: Vec<Slot> = Vec::with_capacity(chars.len());
    for &c in &chars[..chars.len().saturating_sub(1)] {
        head.push(bare_initial(c).map_or(Slot::Exact(c), Slot::Initial));
    }
    let Some(&last) = chars.last() else {
        return Vec::new();
    };
    let with = |tail: &[Slot]| -> Vec<Slot> { head.iter().chain(tail).copied().collect() };
    if let Some(initial) = bare_initial(last) {
        return vec![with(&[Slot::Initial(initial)])];
    }
    if initial_of(last).is_none() {
        return vec![with(&[Slot::Exact(last)])];
    }
    let (initial_of_last, medial, final_consonant) = hangul::parts(last).expect("a syllable: it has an initial");
    if final_consonant == 0 {
        return vec![with(&[Slot::AnyFinal(last)])];
    }
    let mut found = vec![with(&[Slot::Exact(last)])];
    if let Some(&(_, initial)) = FINAL_AS_INITIAL.iter().find(|(f, _)| *f == final_consonant) {
        found.push(with(&[
            Slot::Exact(hangul::syllable(initial_of_last, medial, 0).expect("the same syllable without its final")),
            Slot::Initial(initial),
        ]));
    }
    found
}

/// The byte range of terms a pattern's words lie in: its exact beginning, then the
/// first slot that is a range.
fn term_range(pattern: &[Slot]) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut literal = String::new();
    for slot in pattern {
        match *slot {
            Slot::Exact(c) => literal.push(c),
            other => {
                let (from, to) = other.range();
                let lower = format!("{literal}{from}");
                let upper = char::from_u32(to as u32 + 1).map(|after| format!("{literal}{after}"));
                return (lower.into_bytes(), upper.map(String::into_bytes));
            }
        }
    }
    // Every term starting with the literal: up to the literal with its last byte
    // raised (UTF-8 orders as code points do).
    let mut upper = literal.clone().into_bytes();
    while let Some(last) = upper.pop() {
        if last < 0xFF {
            upper.push(last + 1);
            return (literal.into_bytes(), Some(upper));
        }
    }
    (literal.into_bytes(), None)
}

fn matches(pattern: &[Slot], word: &str) -> bool {
    let mut chars = word.chars();
    pattern.iter().all(|slot| chars.next().is_some_and(|c| slot.accepts(c)))
}

/// The `limit` most frequent words of `fields` that `prefix` may be the beginning of.
/// A pattern with a literal beginning reads the term dictionaries' range for it; one
/// that starts with a bare consonant (초성) would read a nineteenth of every Korean
/// word, so it reads `initials` instead, made once per generation.
pub(crate) fn suggest(
    searcher: &tantivy::Searcher,
    fields: &[Field],
    initials: &OnceLock<InitialsTable>,
    prefix: &str,
    limit: usize,
) -> tantivy::Result<Vec<Suggestion>> {
    let mut counts = Counts::default();
    for pattern in patterns(prefix) {
        candidates(searcher, fields, initials, &pattern, &mut |word, documents| {
            counts.add(word, documents)
        })?;
    }
    counts.0.retain(|word, _| !word.chars().all(|c| c.is_ascii_digit()));
    Ok(counts
        .most_frequent(limit)
        .into_iter()
        .map(|(text, frequency)| with_korean(text, frequency))
        .collect())
}

/// Words with their frequency summed over the segments and fields they are in; a word
/// is allocated once, not once per segment and field.
#[derive(Default)]
struct Counts(HashMap<String, u64>);

impl Counts {
    fn add(&mut self, word: &str, documents: u64) {
        match self.0.get_mut(word) {
            Some(count) => *count += documents,
            None => {
                self.0.insert(word.to_string(), documents);
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `limit` most frequent, ties in word order.
    fn most_frequent(self, limit: usize) -> Vec<(String, u64)> {
        let mut ranked: Vec<(String, u64)> = self.0.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked.truncate(limit);
        ranked
    }
}

/// The Korean words of the suggestion fields (those starting with two syllables or
/// more), with their frequency, sorted by their syllables' initials: a 초성 prefix is
/// one binary search away from its candidates.
pub(crate) struct InitialsTable {
    /// (initials as indexes into [`INITIALS`], word, frequency), sorted.
    words: Vec<(Vec<u8>, String, u64)>,
}

impl InitialsTable {
    fn of(searcher: &tantivy::Searcher, fields: &[Field]) -> tantivy::Result<InitialsTable> {
        // Every word that starts with two Hangul syllables: any syllable, then another.
        let mut counts = Counts::default();
        let two_syllables = [Slot::Syllable, Slot::Syllable];
        each_term(searcher, fields, &two_syllables, &mut |word, documents| {
            counts.add(word, documents)
        })?;
        let mut words: Vec<(Vec<u8>, String, u64)> = counts
            .0
            .into_iter()
            .map(|(word, documents)| {
                let key = word.chars().map_while(initial_of).map(|i| i as u8).collect();
                (key, word, documents)
            })
            .collect();
        words.sort_unstable();
        Ok(InitialsTable { words })
    }

    /// The words `pattern` (which starts with a bare consonant) may begin.
    fn starting<'t>(&'t self, pattern: &'t [Slot]) -> impl Iterator<Item = (&'t str, u64)> + 't {
        let key: Vec<u8> = pattern
            .iter()
            .map_while(|slot| match slot {
                Slot::Initial(i) => Some(*i as u8),
                _ => None,
            })
            .collect();
        let start = self.words.partition_point(|(k, _, _)| k.as_slice() < key.as_slice());
        self.words[start..]
            .iter()
            .take_while(move |(k, _, _)| k.starts_with(&key))
            .filter(move |(_, word, _)| matches(pattern, word))
            .map(|(_, word, documents)| (word.as_str(), *documents))
    }
}

/// Whether a query word has a bare consonant (`ㅇㄱㅈㄴ`, `인공ㅈㄴ`): a 초성 word.
pub fn has_initials(word: &str) -> bool {
    word.chars().any(|c| bare_initial(c).is_some())
}

/// The fields whose words are suggested and that 초성 words are looked up in: the
/// main-analyzed titles and texts ([`main_word_fields`]), and the compounds and
/// loanwords as written (`surface`, when the index has it: 나노발전기, which the others
/// hold as 나노 발전 기).
pub fn word_fields(fields: &hanseek_index::Fields) -> Vec<Field> {
    main_word_fields(fields).into_iter().chain(fields.surface).collect()
}

/// The main-analyzed titles and texts: the words as a search looks them up.
pub fn main_word_fields(fields: &hanseek_index::Fields) -> [Field; 2] {
    [fields.title, fields.text]
}

/// The `limit` most frequent words a 초성 query word stands for: as many syllables as
/// it has characters, each bare consonant standing for a syllable it starts and every
/// other character for itself (`ㅇㄱㅈㄴ`, `인공ㅈㄴ` → 인공지능).
pub(crate) fn initials_words(
    searcher: &tantivy::Searcher,
    fields: &[Field],
    initials: &OnceLock<InitialsTable>,
    word: &str,
    limit: usize,
) -> tantivy::Result<Vec<String>> {
    let pattern: Vec<Slot> = word
        .chars()
        .map(|c| bare_initial(c).map_or(Slot::Exact(c), Slot::Initial))
        .collect();
    let length = pattern.len();
    let mut counts = Counts::default();
    candidates(searcher, fields, initials, &pattern, &mut |word, documents| {
        if word.chars().count() == length {
            counts.add(word, documents);
        }
    })?;
    Ok(counts.most_frequent(limit).into_iter().map(|(word, _)| word).collect())
}

/// The `limit` most frequent words of the index one jamo from `word` (반도채 → 반도체,
/// 인공지은 → 인공지능: an initial, vowel or final consonant typed wrong, added or
/// dropped), when `word` is Korean of three syllables or more and a term of none of
/// `searched` (a word found as the reading of Han text, 무인기, is no typo); shorter
/// words have too many such neighbours to guess from.
///
/// When no neighbour is a term of the main fields, a compound or loanword as the
/// documents write it (a `surface` term: 국가혁신지수, 틸트로터) is one, unless the
/// word typed is words the index has (행동계획 is 행동 + 계획, which the archive may
/// simply lack: 냉동계획 would be a guess at a different word, not at a typo). Then a
/// compound the index holds only as its parts (메타버스 as 메타 + 버스) is looked for
/// as their pair in `pairs`, or their phrase — if the part typed wrong is no word
/// ([`is_word`]).
pub(crate) fn typo_words(
    searcher: &tantivy::Searcher,
    schema: &hanseek_index::Fields,
    word: &str,
    limit: usize,
) -> tantivy::Result<Vec<String>> {
    // A word that is a term of any field a search looks it up in is no typo.
    let searched = [
        schema.title,
        schema.text,
        schema.ref_title,
        schema.parent_title,
        schema.bridge,
    ];
    let fields = &main_word_fields(schema);
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 3 || chars.iter().any(|&c| initial_of(c).is_none()) || documents(searcher, &searched, word)? > 0 {
        return Ok(Vec::new());
    }
    // The respellings that are terms of `fields`, with their documents.
    let terms_among = |fields: &[Field], counts: &mut Counts| -> tantivy::Result<()> {
        for (respelled, _) in one_jamo_away(&chars) {
            let count = documents(searcher, fields, &respelled)?;
            if count > 0 {
                counts.add(&respelled, count);
            }
        }
        Ok(())
    };
    let mut counts = Counts::default();
    terms_among(fields, &mut counts)?;
    if let Some(surface) = schema.surface.filter(|_| counts.is_empty()) {
        if !words_all(searcher, fields, word)? {
            terms_among(&[surface], &mut counts)?;
        }
    }
    let pairs = schema.pairs;
    if counts.is_empty() {
        let sides = typo_sides(searcher, fields, &chars)?;
        for (respelled, changed) in one_jamo_away(&chars) {
            let count = compound_documents(searcher, fields, pairs, &respelled, &sides, changed)?;
            if count > 0 {
                counts.add(&respelled, count);
            }
        }
    }
    Ok(counts.most_frequent(limit).into_iter().map(|(word, _)| word).collect())
}

/// The longest unspaced Korean run that is cut into words (12 syllables): the cuts
/// tried grow with its square, each a few term look-ups.
const LONGEST_RUN: usize = 12;
/// A word of a run has two syllables or more: one is too ambiguous a part (성, 지).
const SHORTEST_PART: usize = 2;
/// A part that may be a typo has three syllables or more, as `typo_words` asks.
const TYPO_PART: usize = 3;
/// Each part tried as a typo costs a round of `typo_words`.
const TYPO_PARTS_TRIED: usize = 3;

/// The words of an unspaced Korean run the archive never writes as one, nor as its
/// words side by side (광둥성인공지능, where the report has 광둥성 … 인공지능 apart):
/// searched as typed it is a phrase nothing holds. Cut into words of the index of two
/// syllables or more, the fewest (the longer first words on ties). Failing that, one
/// part may be a typo of a word, of three syllables or more (광둥성인공지눙: the
/// shortest such part whose correction the index has, of the first few tried),
/// unless the whole run is itself a typo of a compound (리튬배터래), which
/// `typo_words` corrects as before. `corrected` says whether a word has a correction
/// (the search keeps the answers for its own typo pass).
///
/// None when the run is a word of the index, is found as typed, or cannot be cut so
/// (a part neither word nor typo keeps the run a phrase) — and on an index without
/// the `surface` field, which tells a compound the archive writes from a run it does
/// not.
pub(crate) fn run_words(
    searcher: &tantivy::Searcher,
    schema: &hanseek_index::Fields,
    typed: &str,
    corrected: &mut dyn FnMut(&str) -> tantivy::Result<bool>,
) -> tantivy::Result<Option<Vec<String>>> {
    let chars: Vec<char> = typed.chars().collect();
    let n = chars.len();
    let fields = &main_word_fields(schema);
    // A word as the archive writes it, or as it reads Han text (퇴역 for 退役).
    let words: &Vec<Field> = &word_fields(schema).into_iter().chain([schema.bridge]).collect();
    if schema.surface.is_none()
        || !(4..=LONGEST_RUN).contains(&n)
        || chars.iter().any(|&c| initial_of(c).is_none())
        || documents(searcher, words, typed)? > 0
    {
        return Ok(None);
    }
    let part = |from: usize, to: usize| -> String { chars[from..to].iter().collect() };
    // What each part of two syllables or more is (the run whole aside).
    let mut word = vec![vec![RunWord::No; n + 1]; n + 1];
    for (from, row) in word.iter_mut().enumerate() {
        for (to, what) in row.iter_mut().enumerate().skip(from + SHORTEST_PART) {
            if (from, to) != (0, n) {
                *what = run_word(searcher, words, &part(from, to))?;
            }
        }
    }
    let cuts = WordCuts::of(&word);
    if let Some(parts) = cuts.before(n) {
        // Found as typed (the phrase of its tokens, in Korean text or in the readings
        // of Han text: 행동계획 for 行动计划), the run is a compound of the archive's,
        // searched as today.
        let parts: Vec<String> = parts.iter().map(|&(from, to)| part(from, to)).collect();
        let as_typed = [fields[0], fields[1], schema.bridge];
        return Ok((!phrase_exists(searcher, &as_typed, &[typed])?).then_some(parts));
    }
    // One part a typo, the rest words: the shortest such part first.
    let mut typos: Vec<(usize, usize, usize)> = Vec::new();
    for (from, row) in word.iter().enumerate() {
        for (to, &what) in row.iter().enumerate().skip(from + TYPO_PART) {
            let (before, after) = (cuts.before(from), cuts.after(to));
            if (from, to) != (0, n) && what == RunWord::No && before.is_some() && after.is_some() {
                let parts = before.map_or(0, |p| p.len()) + after.map_or(0, |p| p.len()) + 1;
                typos.push((to - from, parts, from));
            }
        }
    }
    typos.sort();
    if typos.is_empty() || corrected(typed)? {
        return Ok(None);
    }
    for &(len, _, from) in typos.iter().take(TYPO_PARTS_TRIED) {
        let to = from + len;
        if !corrected(&part(from, to))? {
            continue;
        }
        let before = cuts.before(from).unwrap_or_default();
        let after = cuts.after(to).unwrap_or_default();
        let spans = before.into_iter().chain([(from, to)]).chain(after);
        return Ok(Some(spans.map(|(from, to)| part(from, to)).collect()));
    }
    Ok(None)
}

/// The best cuts into words of each beginning and each end of a run: the fewest
/// parts, then the fewest words with an ending (광둥성 + 인공지능 before 광둥성인 + …),
/// then the longer words first.
struct WordCuts {
    /// `before[i]`: the cut of the first `i` syllables, as (parts, with an ending,
    /// where its last part begins).
    before: Vec<Option<(usize, usize, usize)>>,
    /// `after[i]`: the cut of the syllables from `i`, as (parts, with an ending, where
    /// its first part ends).
    after: Vec<Option<(usize, usize, usize)>>,
}

impl WordCuts {
    fn of(word: &[Vec<RunWord>]) -> WordCuts {
        let n = word.len() - 1;
        let cost = |w: RunWord| usize::from(w == RunWord::WithEnding);
        let mut before = vec![None; n + 1];
        before[0] = Some((0, 0, 0));
        for to in 1..=n {
            // Shortest last part first: on a tie, the words before it stay longer.
            for from in (0..to).rev() {
                let (Some((parts, ending, _)), w) = (before[from], word[from][to]) else {
                    continue;
                };
                let cut = (parts + 1, ending + cost(w), from);
                if w != RunWord::No && before[to].is_none_or(|b: (usize, usize, usize)| (cut.0, cut.1) < (b.0, b.1)) {
                    before[to] = Some(cut);
                }
            }
        }
        let mut after = vec![None; n + 1];
        after[n] = Some((0, 0, n));
        for from in (0..n).rev() {
            // Longest first part first: on a tie, it stays longer.
            for to in (from + 1..=n).rev() {
                let (Some((parts, ending, _)), w) = (after[to], word[from][to]) else {
                    continue;
                };
                let cut = (parts + 1, ending + cost(w), to);
                if w != RunWord::No && after[from].is_none_or(|b: (usize, usize, usize)| (cut.0, cut.1) < (b.0, b.1)) {
                    after[from] = Some(cut);
                }
            }
        }
        WordCuts { before, after }
    }

    /// The parts of the first `to` syllables, as spans; none when they cannot be cut
    /// into words (empty when `to` is 0).
    fn before(&self, to: usize) -> Option<Vec<(usize, usize)>> {
        let mut spans = Vec::new();
        let mut at = to;
        while at > 0 {
            let (_, _, from) = self.before[at]?;
            spans.push((from, at));
            at = from;
        }
        spans.reverse();
        Some(spans)
    }

    /// The parts of the syllables from `from`, as [`WordCuts::before`].
    fn after(&self, from: usize) -> Option<Vec<(usize, usize)>> {
        let n = self.after.len() - 1;
        let mut spans = Vec::new();
        let mut at = from;
        while at < n {
            let (_, _, to) = self.after[at]?;
            spans.push((at, to));
            at = to;
        }
        Some(spans)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RunWord {
    /// A term of the fields.
    Term,
    /// One token that is a term, and an ending a search drops (일대일로 is 일대일 and
    /// the particle 로, 후난성 is 후난 and the suffix 성).
    WithEnding,
    No,
}

/// What `part` of a run is in `fields`.
fn run_word(searcher: &tantivy::Searcher, fields: &[Field], part: &str) -> tantivy::Result<RunWord> {
    if documents(searcher, fields, part)? > 0 {
        return Ok(RunWord::Term);
    }
    let tokens: Vec<_> = analyze(AnalyzerKind::Main, part)
        .into_iter()
        .filter(|t| !t.alternative)
        .collect();
    Ok(match &tokens[..] {
        [one] if documents(searcher, fields, &one.text)? > 0 => RunWord::WithEnding,
        _ => RunWord::No,
    })
}

/// Every spelling of the syllables `chars` with one jamo changed, added or dropped,
/// and which syllable changed.
fn one_jamo_away(chars: &[char]) -> impl Iterator<Item = (String, usize)> + '_ {
    chars.iter().enumerate().flat_map(move |(i, &c)| {
        let (initial, vowel, last) = hangul::parts(c).expect("typos are looked for in syllables only");
        let initials = (0..hangul::INITIALS)
            .filter(move |&x| x != initial)
            .map(move |x| (x, vowel, last));
        let vowels = (0..hangul::MEDIALS)
            .filter(move |&x| x != vowel)
            .map(move |x| (initial, x, last));
        let lasts = (0..hangul::FINALS)
            .filter(move |&x| x != last)
            .map(move |x| (initial, vowel, x));
        initials.chain(vowels).chain(lasts).map(move |(initial, vowel, last)| {
            let mut respelled = chars.to_vec();
            respelled[i] = hangul::syllable(initial, vowel, last).expect("indices in range");
            (respelled.into_iter().collect(), i)
        })
    })
}

/// For each cut of `typed` into two parts (after its first syllable, its second, …),
/// whether a typo may be left of it and whether right of it: the other part, as typed,
/// must be found in `fields` (a term, or the phrase of its parts: 표준화인재 as 표준화
/// 인재) and be of two syllables or more (one is too ambiguous a part to guess a
/// compound from), and the part with the typo no word ([`is_word`]). Worked out once
/// per cut, not per respelling.
fn typo_sides(searcher: &tantivy::Searcher, fields: &[Field], typed: &[char]) -> tantivy::Result<Vec<(bool, bool)>> {
    let mut sides = Vec::with_capacity(typed.len());
    for cut in 1..typed.len() {
        let (left, right): (String, String) = (typed[..cut].iter().collect(), typed[cut..].iter().collect());
        let may_hold = |part: &str, other: &str| -> tantivy::Result<bool> {
            let long = other.chars().nth(1).is_some();
            let found = || -> tantivy::Result<bool> {
                Ok(documents(searcher, fields, other)? > 0 || phrase_exists(searcher, fields, &[other])?)
            };
            Ok(long && !is_word(searcher, fields, part)? && found()?)
        };
        sides.push((may_hold(&left, &right)?, may_hold(&right, &left)?));
    }
    Ok(sides)
}

/// Documents with `respelled` written as two adjacent words (메타버스 as the pair
/// 메타 버스, which is how the main analyzer indexes the compound and a query for it
/// looks it up), at the most frequent of its cuts whose side with the `changed`
/// syllable may hold a typo (`sides`, from [`typo_sides`]): the pair's documents, or
/// where the index does not pair the two words (only frequent words are paired), the
/// phrase's documents in `fields`.
fn compound_documents(
    searcher: &tantivy::Searcher,
    fields: &[Field],
    pairs: Field,
    respelled: &str,
    sides: &[(bool, bool)],
    changed: usize,
) -> tantivy::Result<u64> {
    let mut most = 0;
    for ((cut, (at, _)), &(left, right)) in respelled.char_indices().enumerate().skip(1).zip(sides) {
        if !(if changed < cut { left } else { right }) {
            continue;
        }
        let (first, second) = respelled.split_at(at);
        let mut count = documents(searcher, &[pairs], &format!("{first} {second}"))?;
        if count == 0 {
            count = phrase_documents(searcher, fields, &[first, second])?;
        }
        most = most.max(count);
    }
    Ok(most)
}

/// Documents with `parts` one after another in any of `fields` (the main ones, which
/// keep positions), as the main analyzer cuts them (메타 버스, 표준화인재 양성 as 표준 인재 양성): how the
/// search looks a respelled word up. None when a part leaves no token (표준 돠: 돠 is
/// read as an ending and dropped, and would leave the phrase of 표준 alone).
fn phrase_documents(searcher: &tantivy::Searcher, fields: &[Field], parts: &[&str]) -> tantivy::Result<u64> {
    let Some(phrase) = phrase_query(searcher, fields, parts)? else {
        return Ok(0);
    };
    Ok(searcher.search(&phrase, &tantivy::collector::Count)? as u64)
}

/// Whether some document has `parts` one after another ([`phrase_documents`]): the
/// first one found answers, where counting them all read every match of two
/// frequent words (인공지능 산업).
fn phrase_exists(searcher: &tantivy::Searcher, fields: &[Field], parts: &[&str]) -> tantivy::Result<bool> {
    let Some(phrase) = phrase_query(searcher, fields, parts)? else {
        return Ok(false);
    };
    let weight =
        tantivy::query::Query::weight(&phrase, tantivy::query::EnableScoring::disabled_from_searcher(searcher))?;
    for segment in searcher.segment_readers() {
        let mut scorer = weight.scorer(segment, 1.0)?;
        let alive = segment.alive_bitset();
        let mut doc = scorer.doc();
        while doc != tantivy::TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                return Ok(true);
            }
            doc = scorer.advance();
        }
    }
    Ok(false)
}

/// The query of [`phrase_documents`]; none when it cannot match.
fn phrase_query(
    searcher: &tantivy::Searcher,
    fields: &[Field],
    parts: &[&str],
) -> tantivy::Result<Option<tantivy::query::BooleanQuery>> {
    let text = parts.join(" ");
    let tokens = hanseek_analysis::query_tokens(AnalyzerKind::Main, &text);
    let mut from = 0;
    for part in parts {
        let to = from + part.len();
        if !tokens.iter().any(|t| from <= t.from && t.to <= to) {
            return Ok(None);
        }
        from = to + 1;
    }
    // A token no field has cannot be in the phrase: a few term look-ups spare most
    // respellings (nonsense syllables) the phrase search.
    for token in &tokens {
        if documents(searcher, fields, &token.text)? == 0 {
            return Ok(None);
        }
    }
    let phrases: Vec<Box<dyn tantivy::query::Query>> = fields
        .iter()
        .map(|&field| crate::sequence_query(field, &tokens))
        .collect();
    Ok(Some(tantivy::query::BooleanQuery::union(phrases)))
}

/// Whether `typed` is two words or more that are each a word ([`is_word`]) of two
/// syllables or more: 행동계획, as 행동 + 계획 (a syllable such as 틸 of 틸트로토 is a
/// term only as a piece of a loanword the analyzer cut up).
fn words_all(searcher: &tantivy::Searcher, fields: &[Field], typed: &str) -> tantivy::Result<bool> {
    let parts: Vec<_> = analyze(AnalyzerKind::Main, typed)
        .into_iter()
        .filter(|t| !t.alternative)
        .collect();
    if parts.len() < 2 {
        return Ok(false);
    }
    for part in &parts {
        if part.text.chars().count() < 2 || !is_word(searcher, fields, &part.text)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether `part` is a word: a term of `fields`, or of two syllables or more and a
/// common noun of ko-dic's (행동 is, though an archive may lack it; 매타 and 거잠 are
/// not; one syllable, 펌 or 귀, is too short to tell a word from a piece of one).
fn is_word(searcher: &tantivy::Searcher, fields: &[Field], part: &str) -> tantivy::Result<bool> {
    if documents(searcher, fields, part)? > 0 {
        return Ok(true);
    }
    let tokens = analyze(AnalyzerKind::Main, part);
    Ok(part.chars().nth(1).is_some()
        && matches!(&tokens[..], [one] if one.text == part && one.kind == TokenKind::Korean("NNG")))
}

/// Documents with `word` as a term, counted once per field.
fn documents(searcher: &tantivy::Searcher, fields: &[Field], word: &str) -> tantivy::Result<u64> {
    let mut count = 0;
    for segment in searcher.segment_readers() {
        for &field in fields {
            let term = tantivy::Term::from_field_text(field, word);
            if let Some(info) = segment.inverted_index(field)?.get_term_info(&term)? {
                count += u64::from(info.doc_freq);
            }
        }
    }
    Ok(count)
}

/// Every word of `fields` that `pattern` may begin, with its document frequency, once
/// per segment and field it is in: from the generation's table of words by initials
/// (made now if it is not yet) when the pattern starts with a bare consonant, else from
/// the term dictionaries' range for its literal beginning.
fn candidates(
    searcher: &tantivy::Searcher,
    fields: &[Field],
    initials: &OnceLock<InitialsTable>,
    pattern: &[Slot],
    each: &mut dyn FnMut(&str, u64),
) -> tantivy::Result<()> {
    let Some(Slot::Initial(_)) = pattern.first() else {
        return each_term(searcher, fields, pattern, each);
    };
    let table = match initials.get() {
        Some(table) => table,
        None => {
            let made = InitialsTable::of(searcher, fields)?;
            initials.get_or_init(|| made)
        }
    };
    for (word, documents) in table.starting(pattern) {
        each(word, documents);
    }
    Ok(())
}

/// Every term of `fields` that `pattern` may begin, with its document frequency, once
/// per segment and field it is in.
fn each_term(
    searcher: &tantivy::Searcher,
    fields: &[Field],
    pattern: &[Slot],
    each: &mut dyn FnMut(&str, u64),
) -> tantivy::Result<()> {
    let (lower, upper) = term_range(pattern);
    for segment in searcher.segment_readers() {
        for &field in fields {
            let index = segment.inverted_index(field)?;
            let range = index.terms().range().ge(&lower);
            let range = match &upper {
                Some(upper) => range.lt(upper),
                None => range,
            };
            let mut stream = range.into_stream()?;
            while stream.advance() {
                let Ok(word) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if word.chars().nth(SHORTEST - 1).is_some() && matches(pattern, word) {
                    each(word, u64::from(stream.value().doc_freq));
                }
            }
        }
    }
    Ok(())
}

/// A Chinese word's Korean spelling: a name's transliteration before a reading.
fn with_korean(text: String, frequency: u64) -> Suggestion {
    let mut suggestion = Suggestion {
        text,
        frequency,
        korean: None,
        korean_via: None,
    };
    let word = Word::new(&suggestion.text);
    if word.has_han {
        let spelled = |how: Crossing| {
            word.readings
                .iter()
                .find(|(h, _)| *h == how)
                .map(|(_, tokens)| tokens.iter().map(|t| t.text.as_str()).collect::<String>())
        };
        let (how, korean) = match spelled(Crossing::Transliteration) {
            Some(name) => (Crossing::Transliteration, Some(name)),
            None => (Crossing::Reading, spelled(Crossing::Reading)),
        };
        if korean.is_some() {
            suggestion.korean = korean;
            suggestion.korean_via = Some(how.name());
        }
    }
    suggestion
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_half_typed_syllable_stands_for_what_it_may_become() {
        for (prefix, word, expected) in [
            ("인공ㅈ", "인공지능", true),
            ("반도ㅊ", "반도체", true),
            ("ㅇㄱㅈㄴ", "인공지능", true),
            ("ㅇㄱ", "인공지능", true),
            ("인고", "인공지능", true),
            ("반돛", "반도체", true),
            ("반돛", "반도", false),
            ("인공", "인공지능", true),
            ("인공ㅈ", "인공위성", false),
            ("ㅂㄷㅊ", "반도체", true),
            ("ㅂㄷㅊ", "반도", false),
            ("广东", "广东省", true),
            ("廣東", "广东省", true),
            ("cas", "casted", true),
        ] {
            let found = patterns(prefix).iter().any(|p| matches(p, word));
            assert_eq!(found, expected, "{prefix} → {word}");
        }
    }

    #[test]
    fn term_ranges_hold_every_match() {
        for prefix in ["인공ㅈ", "ㅇㄱ", "인고", "广东", "a"] {
            for pattern in patterns(prefix) {
                let (lower, upper) = term_range(&pattern);
                for word in ["인공지능", "인공", "아기", "广东省", "ai"] {
                    if matches(&pattern, word) {
                        assert!(word.as_bytes() >= &lower[..], "{prefix}: {word}");
                        assert!(
                            upper.as_ref().is_none_or(|u| word.as_bytes() < &u[..]),
                            "{prefix}: {word}"
                        );
                    }
                }
            }
        }
    }
}
