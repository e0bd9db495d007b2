//! The documents related to one document (`hanseek show ID --related`,
//! `/api/documents/{id}/related`): those sharing its rarest words, across scripts.
//!
//! First, as Lucene's MoreLikeThis does: the document's words are weighed by how
//! often it uses them and how rare they are in the index, and the best are searched
//! for together (any of them), leaving the document out. Rarity counts a word's other
//! spellings: a Korean word's documents include the Chinese ones whose reading or
//! transliteration it is, a Chinese word's the Korean ones that spell it. The search is
//! the ordinary one (readings, names, highlights, `via`), except that a link's parent
//! title is not searched: it would relate every link of an article to it by the title
//! alone.
//!
//! Then the best [`CANDIDATES`] found are ranked by how alike they are: the cosine of
//! the two documents' word weights, a Chinese word counting as its readings and
//! transliterations. A search score grows with the number of words matched, so long
//! articles would outrank a source of one Chinese title whose every word the article
//! uses, which is what a Korean article that summarizes it looks like.

use std::cell::RefCell;
use std::collections::HashMap;

use hanseek_analysis::{analyze, whole_compounds, AnalyzerKind, Token, TokenKind};
use hanseek_index::Fields;
use serde::Serialize;
use tantivy::schema::{Field, Value};
use tantivy::{TantivyDocument, Term};

use crate::documents::with_value;
use crate::query::{ParsedQuery, Text};
use crate::result::SearchResult;
use crate::snippet::boundary_before;
use crate::word::{Word, Words};

/// How many of a document's words are searched for.
const WORDS: usize = 25;
/// Of them, how many at least have spellings in the other script, so that the
/// candidates include the documents in the other script.
const CROSSING_WORDS: usize = 10;
/// How many of its most frequent words are weighed (a long document has thousands).
const WEIGHED: usize = 200;
/// How many documents the search finds are ranked by likeness (each costs a stored
/// document read and analyzed, and its words' document frequencies).
pub const CANDIDATES: usize = 50;
/// How much of each stored text is read for words: enough for any article, and a
/// bounded cost for a book-sized one (its beginning stands for it).
const TEXT_BYTES: usize = 64 * 1024;

/// A word the related documents were searched for.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedWord {
    pub text: String,
    /// How often the document uses it.
    pub count: usize,
    /// How many documents of the index have it, in any of its spellings (this one too).
    pub documents: u64,
}

/// The documents related to `id`, best first, and the words that found them.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    pub id: String,
    pub words: Vec<RelatedWord>,
    /// `query` is the words OR-ed; the hits never include `id` itself.
    #[serde(flatten)]
    pub result: SearchResult,
}

/// A document's words as related documents are looked for with and ranked by.
pub(crate) struct Profile {
    /// The words searched for, rarest and most used first.
    pub words: Vec<RelatedWord>,
    /// The weight of each word weighed, under each of its spellings.
    weights: HashMap<String, f64>,
    norm: f64,
    /// The words of the documents compared, analyzed once, and their idf.
    analyzed: Words,
    idfs: RefCell<HashMap<String, f64>>,
}

/// The profile of document `id`; `None` if the index has no such document.
pub(crate) fn profile(f: &Fields, searcher: &tantivy::Searcher, id: &str) -> tantivy::Result<Option<Profile>> {
    let Some(doc) = with_value(searcher, f.id, id, 1)?.into_iter().next() else {
        return Ok(None);
    };
    let mut candidates: Vec<(String, usize)> = word_counts(f, &doc)
        .into_iter()
        .map(|(text, (count, _))| (text, count))
        .collect();
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    candidates.truncate(WEIGHED);
    let total = searcher.num_docs();
    // (weight, word, whether it has spellings in the other script)
    let mut weighed: Vec<(f64, RelatedWord, bool)> = Vec::new();
    let mut weights = HashMap::new();
    let mut norm = 0.0;
    for (text, count) in candidates {
        let word = Word::new(&text);
        let (direct, across) = documents_with(f, searcher, &word)?;
        let documents = (direct + across).min(total);
        // A word no other document has relates this one to nothing.
        if documents < 2 {
            continue;
        }
        let weight = (1.0 + (count as f64).ln()) * idf(documents, total);
        norm += weight * weight;
        for spelling in spellings(&word) {
            let kept = weights.entry(spelling).or_insert(0.0f64);
            *kept = kept.max(weight);
        }
        weighed.push((weight, RelatedWord { text, count, documents }, across > 0));
    }
    weighed.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.text.cmp(&b.1.text)));
    let mut words: Vec<RelatedWord> = Vec::new();
    let crossing = weighed.iter().filter(|w| w.2).take(CROSSING_WORDS);
    let best = weighed.iter().take(WORDS - CROSSING_WORDS.min(WORDS));
    for (_, word, _) in best.chain(crossing) {
        if !words.iter().any(|w| w.text == word.text) {
            words.push(word.clone());
        }
    }
    words.truncate(WORDS);
    Ok(Some(Profile {
        words,
        weights,
        norm: norm.sqrt(),
        analyzed: Words::default(),
        idfs: RefCell::default(),
    }))
}

impl Profile {
    /// How alike `doc` is to the profiled document, from 0 to 1: the cosine of their
    /// words' weights, (1 + ln count) × idf, each of `doc`'s words counting under the
    /// best-weighed of its spellings; times the square root of `doc`'s coverage, the
    /// share of its squared weight in words the profiled document has. A source an
    /// article summarizes is all in the article (coverage 1), while an article of the
    /// same report on another subject shares only the report's vocabulary (~0.25 on the
    /// bundled report): by the cosine alone such articles, sharing many words, ranked
    /// above the short source whose every word the article uses.
    pub(crate) fn likeness(
        &self,
        f: &Fields,
        searcher: &tantivy::Searcher,
        doc: &TantivyDocument,
    ) -> tantivy::Result<f64> {
        let (mut shared, mut norm, mut covered) = (0.0, 0.0, 0.0);
        for (text, (count, crossing)) in word_counts(f, doc) {
            let word = crossing.then(|| self.analyzed.get(&text));
            let weight = (1.0 + (count as f64).ln()) * self.idf(f, searcher, &text, word.as_deref())?;
            norm += weight * weight;
            let weight_of = |spelling: &str| self.weights.get(spelling).copied().unwrap_or(0.0);
            let best = match &word {
                Some(word) => spellings(word).iter().map(|s| weight_of(s)).fold(0.0, f64::max),
                None => weight_of(&text),
            };
            shared += best * weight;
            if best > 0.0 {
                covered += weight * weight;
            }
        }
        if shared == 0.0 {
            return Ok(0.0);
        }
        let cosine = shared / (self.norm * norm.sqrt());
        Ok(cosine * (covered / norm).sqrt())
    }

    /// The idf of `text` (analyzed as `word` if it may cross scripts), over all its
    /// spellings; found once per word.
    fn idf(&self, f: &Fields, searcher: &tantivy::Searcher, text: &str, word: Option<&Word>) -> tantivy::Result<f64> {
        if let Some(&idf) = self.idfs.borrow().get(text) {
            return Ok(idf);
        }
        let documents = match word {
            Some(word) => {
                let (direct, across) = documents_with(f, searcher, word)?;
                direct + across
            }
            None => direct_documents(f, searcher, text)?,
        };
        let idf = idf(documents, searcher.num_docs());
        self.idfs.borrow_mut().insert(text.to_string(), idf);
        Ok(idf)
    }
}

/// BM25's idf of a word `documents` of `total` documents have.
fn idf(documents: u64, total: u64) -> f64 {
    let documents = documents.min(total) as f64;
    (1.0 + (total as f64 - documents + 0.5) / (documents + 0.5)).ln()
}

/// How often `doc` uses each content word, in the stored texts a reader sees, and
/// whether the word may have spellings in the other script (a Chinese word, a Korean
/// name). A Korean common noun's readings in Han text (인공지능 for 人工智能) count in the
/// profiled document's own weights, not in the compared documents' idf: looking them up
/// for every word of every candidate would double what ranking by likeness costs.
fn word_counts(f: &Fields, doc: &TantivyDocument) -> HashMap<String, (usize, bool)> {
    let mut counts: HashMap<String, (usize, bool)> = HashMap::new();
    for (text, times) in stored_texts(f, doc) {
        for token in whole_compounds(&analyze(
            AnalyzerKind::Main,
            &text[..boundary_before(text, TEXT_BYTES.min(text.len()))],
        )) {
            if is_content_word(&token) {
                let crossing = matches!(token.kind, TokenKind::Han | TokenKind::Korean("NNP"));
                counts.entry(token.text).or_insert((0, crossing)).0 += times;
            }
        }
    }
    counts
}

/// A word as written and as the other script spells it: a Chinese word's one-word
/// readings and names, a Korean name's Chinese spellings.
fn spellings(word: &Word) -> Vec<String> {
    let mut spellings = vec![word.text.clone()];
    for (_, reading) in word.readings_below() {
        if let [one] = &reading[..] {
            spellings.push(one.text.clone());
        }
    }
    spellings.extend(word.names.iter().map(|n| n.text.clone()));
    spellings
}

/// The query that finds documents with any of `words`.
pub(crate) fn query(words: &[RelatedWord]) -> ParsedQuery {
    let alternatives = words
        .iter()
        .map(|w| Text {
            text: w.text.clone(),
            phrase: false,
            title_only: false,
            column: 1,
        })
        .collect();
    ParsedQuery {
        groups: vec![alternatives],
        ..ParsedQuery::default()
    }
}

/// The document's stored texts a reader sees, each once, and how many times a word
/// there counts: twice in a title or a link's cited title, which say what the
/// document is about; once in the subtitle, body and 요약 bullets.
fn stored_texts<'d>(f: &Fields, doc: &'d TantivyDocument) -> Vec<(&'d str, usize)> {
    let fields: [(Field, usize); 5] = [
        (f.title, 2),
        (f.ref_title, 2),
        (f.subtitle, 1),
        (f.body, 1),
        (f.summary, 1),
    ];
    let mut texts: Vec<(&str, usize)> = Vec::new();
    for (field, times) in fields {
        for text in doc.get_all(field).filter_map(|v| v.as_str()) {
            if !texts.iter().any(|(t, _)| *t == text) {
                texts.push((text, times));
            }
        }
    }
    texts
}

/// A word worth relating documents by: a noun, name or unknown word of Korean, a
/// Chinese word, or Latin letters; two characters or more (one syllable or one
/// character is too ambiguous), never a bare number.
fn is_content_word(token: &Token) -> bool {
    let long = token.text.chars().nth(1).is_some();
    let kind = match token.kind {
        TokenKind::Korean(tag) => matches!(tag, "NNG" | "NNP" | "UNKNOWN" | "UNK" | "SL"),
        TokenKind::Han => true,
        TokenKind::Alnum => token.text.chars().any(|c| c.is_alphabetic()),
        _ => false,
    };
    long && kind
}

/// How many documents have `word` as written, in the field that has it most, and how
/// many across scripts (the Han text a Korean word reads or transliterates, the Korean
/// text a Chinese word is spelled in).
fn documents_with(f: &Fields, searcher: &tantivy::Searcher, word: &Word) -> tantivy::Result<(u64, u64)> {
    let in_field = |field: Field, text: &str| searcher.doc_freq(&Term::from_field_text(field, text));
    let direct = direct_documents(f, searcher, &word.text)?;
    let mut across = 0;
    // A name's Chinese spellings are its `names`, which the bridge would count again.
    if word.korean && word.names.is_empty() {
        across += in_field(f.bridge, &word.text)?;
    }
    for spelling in spellings(word).iter().skip(1) {
        across += in_field(f.text, spelling)?;
    }
    Ok((direct, across))
}

/// How many documents have `text` as written, in the field that has it most: the text
/// or the cited titles (a word of a title is nearly always in some text too, and each
/// field looked in is a term lookup per segment, most of what ranking by likeness costs).
fn direct_documents(f: &Fields, searcher: &tantivy::Searcher, text: &str) -> tantivy::Result<u64> {
    let mut most = 0;
    for field in [f.text, f.ref_title] {
        most = most.max(searcher.doc_freq(&Term::from_field_text(field, text))?);
    }
    Ok(most)
}
