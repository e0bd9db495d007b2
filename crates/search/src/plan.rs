//! A query word or phrase as the clauses that find it: the word as written, its pairs,
//! its bigrams when the query is expanded, and across scripts its readings and
//! transliterations. Which fields each kind of clause searches, and at what weight,
//! is [`crate::fields`]'.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use hanseek_analysis::{
    analyze, bridge_query_sequences, names_transliterated_as, query_pairs, query_tokens, transliteration_query,
    whole_compounds, AnalyzerKind, Token, TokenKind,
};
use hanseek_index::{Fields, SearchedField};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::conjunction::WeightedTerm;
use crate::fields::{self, Label, Labeled, Weighted};
use crate::query::Text;

/// How a word or phrase is looked up.
#[derive(Clone, Copy)]
pub(crate) struct Plan<'s> {
    /// Through Sino-Korean readings and transliterations too.
    pub cross_script: bool,
    /// Expanded (see `SearchOptions::expand_below`).
    pub expand: bool,
    /// The index's word pairs, if it has them (`index build --no-pairs` leaves them out).
    pub pairs: Option<PairTerms<'s>>,
    /// Also in a link's parent title (its article's title); not for related documents,
    /// where that would find every link of the article by its title alone.
    pub parent_titles: bool,
}

/// The pairs field of the index searched. A build pairs only its most frequent words
/// (`hanseek_index::pair_words`), and a pair of two of them in every document that has
/// it, so a pair term the index has finds all of the phrase's documents and a pair it
/// lacks sends the phrase to positions (which also find it where no document has it).
#[derive(Clone, Copy)]
pub(crate) struct PairTerms<'s> {
    pub searcher: &'s tantivy::Searcher,
    pub field: Field,
}

impl PairTerms<'_> {
    /// Whether the index has every one of `pairs`.
    fn has_all(&self, pairs: &[Token]) -> bool {
        pairs.iter().all(|pair| {
            let term = Term::from_field_text(self.field, &pair.text);
            self.searcher.doc_freq(&term).is_ok_and(|n| n > 0)
        })
    }
}

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
    /// For a Chinese word: its spellings in Korean, each as query tokens.
    pub readings: Vec<(Crossing, Vec<Token>)>,
    /// For a name of one token: its spellings in the other script that are the same
    /// word (重庆 ⇄ 충칭, 习近平 ⇄ 시진핑), each one token; searched and scored as the
    /// word itself ([`same_name`]).
    pub names: Vec<Token>,
}

/// How many Chinese names one Korean word is looked up as (리밍: 李明, 黎明, …).
const NAMES_PER_WORD: usize = 8;

/// The spellings of a one-token word that are the same name in the other script. A
/// transliteration is exact, unlike a reading, but only for a name: the Korean spelling
/// must be a word ko-dic reads as a proper noun or does not know. 深圳's 선전 is also
/// "propaganda" and 浙江省's 저장성 is cut to 저장 "storage", both common nouns, so those
/// stay below direct matches with the readings.
fn same_name(main: &[Token], readings: &[(Crossing, Vec<Token>)]) -> Vec<Token> {
    let [word] = main else {
        return Vec::new();
    };
    match word.kind {
        TokenKind::Korean(tag) if is_name_tag(tag) => names_transliterated_as(&word.text)
            .filter_map(one_token(|t| t.kind == TokenKind::Han))
            .take(NAMES_PER_WORD)
            .collect(),
        TokenKind::Han => readings
            .iter()
            .filter(|(how, _)| *how == Crossing::Transliteration)
            .filter_map(|(_, tokens)| {
                one_token(|t| matches!(t.kind, TokenKind::Korean(tag) if is_name_tag(tag)))(&spelled(tokens))
            })
            .collect(),
        _ => Vec::new(),
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
        let korean = main.iter().any(|t| t.kind.is_korean());
        let has_han = main.iter().any(|t| t.kind == TokenKind::Han);
        let whole_name = if korean {
            transliteration_query(text, &main)
        } else {
            None
        };
        let readings = if has_han {
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
        } else {
            Vec::new()
        };
        Word {
            text: text.to_string(),
            recall: query_tokens(AnalyzerKind::Recall, text),
            names: same_name(&main, &readings),
            analyzed,
            main,
            korean,
            has_han,
            whole_name,
            readings,
        }
    }

    /// Its readings and transliterations that rank below direct matches: all but those
    /// that are [`Word::names`].
    pub fn readings_below(&self) -> impl Iterator<Item = &(Crossing, Vec<Token>)> {
        self.readings.iter().filter(|(how, tokens)| {
            let spelled = spelled(tokens);
            !(*how == Crossing::Transliteration && self.names.iter().any(|n| n.text == spelled))
        })
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

/// Queries a document matches if it matches any of them, scoring their sum.
pub(crate) type Clauses = Vec<Box<dyn Query>>;

/// The query for one word or phrase (`text`, analyzed as `word`) over every text field,
/// as its clauses (one per field and spelling), or `None` when it has no searchable
/// token.
pub(crate) fn text_query(schema: &Fields, text: &Text, word: &Word, plan: Plan) -> Option<Clauses> {
    let Plan {
        cross_script,
        expand,
        pairs: pair_terms,
        parent_titles,
    } = plan;
    let analyzed = &word.analyzed;
    let query_main = &word.main;
    // Unexpanded (see `SearchOptions::expand_below`): no bigrams unless they are all the
    // word has; a compound as the one word, not the phrase of its parts; and a word or
    // phrase of several tokens through its adjacent pairs in the pairs field instead
    // of positions checked in each long field (titles keep their own phrase, for their
    // weight). Excluded words are always expanded: an exclusion must not leak.
    let (main, pairs) = if expand || query_main.is_empty() {
        (query_main.clone(), Vec::new())
    } else {
        let whole = whole_compounds(analyzed);
        let pairs = match pair_terms {
            Some(terms) if !text.title_only => query_pairs(&whole).filter(|pairs| terms.has_all(pairs)),
            _ => None,
        };
        (whole, pairs.unwrap_or_default())
    };
    let mut recall = if expand || main.is_empty() {
        word.recall.clone()
    } else {
        Vec::new()
    };
    // A lone particle (의, 을) leaves nothing to the main analyzer; the recall field's
    // guarantee is for two or more characters, so it does not revive it either.
    if main.is_empty() && text.text.chars().filter(|c| !c.is_whitespace()).count() < 2 {
        recall.clear();
    }
    if main.is_empty() && recall.is_empty() {
        return None;
    }
    // A Korean word also looks for Han text that reads as it; a Chinese word also
    // looks for Korean text written with its reading.
    let bridge_on = word.korean && !text.title_only && cross_script;
    // A name's Chinese spellings are searched as the word itself (below), which is
    // what its bridge clause would find.
    let names: &[Token] = if cross_script { &word.names } else { &[] };
    let bridge = if bridge_on && names.is_empty() {
        main.clone()
    } else {
        Vec::new()
    };
    // …and, whole, for a transliterated name (왕중린 for 王中林).
    let whole_name: Vec<Token> = word.whole_name.iter().filter(|_| bridge_on).cloned().collect();
    // Its readings, and its names transliterated (曲建 → 곡건, 취젠).
    let mut readings: Vec<Vec<Token>> = if word.has_han && !text.title_only && cross_script {
        word.readings_below().map(|(_, tokens)| tokens.clone()).collect()
    } else {
        Vec::new()
    };
    if !expand {
        // The reading of one Chinese word is one Korean word: 人工智能 → 인공지능, whole.
        for reading in &mut readings {
            let one_word = reading
                .iter()
                .all(|t| (t.from, t.to) == (reading[0].from, reading[0].to));
            if !one_word || reading.len() < 2 {
                continue;
            }
            let whole = whole_compounds(&analyze(AnalyzerKind::Main, &spelled(reading)));
            if whole.len() == 1 {
                *reading = whole;
            }
        }
    }
    let mut clauses: Clauses = Vec::new();
    let main_fields: &'static [Weighted] = if pairs.is_empty() {
        &fields::MAIN
    } else {
        &fields::TITLES
    };
    // A name's spellings in the other script are searched as the word is, bigrams
    // too when it is expanded, and each one-token spelling shares the word's document
    // frequency in each field (`WeightedTerm::spelled_also`).
    let name_recall: Vec<Vec<Token>> = names
        .iter()
        .filter(|_| !recall.is_empty())
        .map(|n| query_tokens(AnalyzerKind::Recall, &n.text))
        .collect();
    let as_names: Vec<Vec<Token>> = names.iter().map(|n| vec![n.clone()]).collect();
    let main_spellings = one_token_spellings(std::iter::once(&main).chain(&as_names));
    let recall_spellings = one_token_spellings(std::iter::once(&recall).chain(&name_recall));
    let none: &[Token] = &[];
    let sequences = [
        (&main, main_fields, &main_spellings[..]),
        (&pairs, &fields::PAIRS[..], none),
        (&recall, &fields::RECALL[..], &recall_spellings[..]),
        (&bridge, &fields::READINGS_OF_HAN[..], none),
        (&whole_name, &fields::TRANSLITERATIONS[..], none),
    ]
    .into_iter()
    .chain(as_names.iter().map(|n| (n, &fields::NAMES[..], &main_spellings[..])))
    .chain(
        name_recall
            .iter()
            .map(|n| (n, &fields::RECALL[..], &recall_spellings[..])),
    )
    .chain(readings.iter().map(|r| (r, &fields::READINGS_IN_KOREAN[..], none)));
    for (tokens, table, spellings) in sequences {
        if tokens.is_empty() {
            continue;
        }
        for entry in table {
            if text.title_only && !entry.field.is_title() {
                continue;
            }
            if !parent_titles && entry.field == SearchedField::ParentTitle {
                continue;
            }
            clauses.push(weighted_sequence_query(schema, entry, tokens, spellings));
        }
    }
    Some(clauses)
}

/// The one token of each of several spellings of a word, if there are several and
/// each is one token; else none.
fn one_token_spellings<'t>(spellings: impl Iterator<Item = &'t Vec<Token>>) -> Vec<Token> {
    let spellings: Vec<&Vec<Token>> = spellings.collect();
    if spellings.len() < 2 || spellings.iter().any(|s| s.len() != 1) {
        return Vec::new();
    }
    spellings.iter().map(|s| s[0].clone()).collect()
}

/// A term, or a phrase over the tokens' relative positions: how every query word and
/// phrase becomes a tantivy query.
pub fn sequence_query(field: Field, tokens: &[Token]) -> Box<dyn Query> {
    let first = tokens[0].position;
    let terms: Vec<(usize, Term)> = tokens
        .iter()
        .map(|t| (t.position - first, Term::from_field_text(field, &t.text)))
        .collect();
    if terms.len() == 1 {
        Box::new(TermQuery::new(terms[0].1.clone(), IndexRecordOption::WithFreqs))
    } else {
        Box::new(PhraseQuery::new_with_offset(terms))
    }
}

/// `sequence_query` in `entry`'s field with its score multiplied by its weight and
/// labelled with it for `--explain`; a single term in the form that `AllOf` can score
/// sparingly, with one document frequency over `spellings` (the word's spellings, this
/// one among them) if there are any.
fn weighted_sequence_query(
    schema: &Fields,
    entry: &'static Weighted,
    tokens: &[Token],
    spellings: &[Token],
) -> Box<dyn Query> {
    let field = schema.searched(entry.field);
    let label = Label::Field(entry);
    if let [token] = tokens {
        let others = spellings
            .iter()
            .filter(|s| s.text != token.text)
            .map(|s| Term::from_field_text(field, &s.text))
            .collect();
        let term = WeightedTerm::new(Term::from_field_text(field, &token.text), entry.weight);
        return Box::new(term.labeled(label).spelled_also(others));
    }
    let boosted = BoostQuery::new(sequence_query(field, tokens), entry.weight);
    Box::new(Labeled::new(label, Box::new(boosted)))
}

pub(crate) fn any_of(mut alternatives: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if alternatives.len() == 1 {
        return alternatives.pop().expect("one alternative");
    }
    Box::new(BooleanQuery::new(
        alternatives.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}
