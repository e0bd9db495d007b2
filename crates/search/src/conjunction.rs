//! Documents that match every one of several queries, scored by the sum of their
//! scores: what `a b` needs, computed window by window instead of by seeking, and
//! scored only where a score could reach the page.
//!
//! tantivy intersects by letting one scorer lead and seeking the others to each of
//! its documents. A query word here is a union of the fields it is looked up in (a
//! group of clauses), and seeking such a union restarts its buffered window again and
//! again; when both words are frequent (a large archive's typical `a b`), seeking and
//! refilling the unions was over half of the query's time (BENCHMARKS.md). Here each
//! clause of a group is read forward through a window of 4,096 documents into the
//! group's bitset, the groups' bitsets are intersected, and the matches are popped in
//! order: no union is built, and a clause is only sought to skip whole windows.
//!
//! Scoring every match was then most of the rest (BM25 per posting), although only a
//! page of hits is shown and the total only counts. So a word in one field
//! ([`WeightedTerm`]) is read a block of postings at a time and only its term
//! frequencies are kept; once the collector's page is full ([`Pruning`]), a matching
//! document whose score bound cannot reach the page's weakest hit is counted aside and
//! neither scored nor reported to the collector. The bound uses the shortest possible
//! field for each term frequency and is summed in the same order as the score, so it
//! is never below the score, to the last bit: pruning changes no hit and no total.
//! Counting aside is only right if nothing filters the matches afterwards, so `AllOf`
//! applies the query's exclusions itself and must be the whole query.
//!
//! Once the total is past its bound (`SearchOptions::total_up_to`, 10,000) matches
//! need no longer be counted, only the page found (MaxScore, as Lucene's): each
//! clause has a maximum (`bound`), and a group's clauses whose maxima together, with
//! every other group at its best, stay below the page's weakest hit are inessential:
//! they no longer make a document a match, are not read window by window, and are
//! only looked up for the documents the essential ones find, when those could still
//! reach the page. Every score is summed in one fixed order (the other clauses, then
//! the terms, group by group), so a clause looked up late gives the same score to the
//! bit, and the page is the exhaustive one (`tests/pruned_pages.rs`).

use std::slice;

use tantivy::fastfield::AliveBitSet;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{BlockSegmentPostings, Postings};
use tantivy::query::{
    Bm25StatisticsProvider, Bm25Weight, BoostQuery, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use crate::bound::max_score;
use crate::fields::{explained_as, Label, LabeledWeight};
use crate::top::Pruning;

const WINDOW: u32 = 4096;
/// What looking one document up in a clause costs, in postings read through: a seek
/// searches the skip list and a block where a read steps to the next posting.
const LOOK_UP_COST: u64 = 8;
const WORDS: usize = WINDOW as usize / 64;

/// A term in its field, its BM25 score multiplied by `weight`: what
/// `BoostQuery::new(TermQuery::new(term, WithFreqs), weight)` is anywhere else, and what
/// `AllOf` reads block by block.
#[derive(Debug, Clone)]
pub struct WeightedTerm {
    term: Term,
    weight: Score,
    /// What `--explain` calls it.
    label: Option<Label>,
    /// Other spellings of the same word in the same field (重庆 for 충칭): their
    /// documents count in this term's document frequency, so that every spelling of
    /// the word has one idf, as a synonym's in Lucene.
    spellings: Vec<Term>,
}

impl WeightedTerm {
    pub fn new(term: Term, weight: Score) -> WeightedTerm {
        WeightedTerm {
            term,
            weight,
            label: None,
            spellings: Vec::new(),
        }
    }

    pub fn labeled(mut self, label: Label) -> WeightedTerm {
        self.label = Some(label);
        self
    }

    /// Scored with one document frequency over this term and `spellings`.
    pub fn spelled_also(mut self, spellings: Vec<Term>) -> WeightedTerm {
        self.spellings = spellings;
        self
    }

    fn as_tantivy_query(&self) -> BoostQuery {
        let term = TermQuery::new(self.term.clone(), IndexRecordOption::WithFreqs);
        BoostQuery::new(Box::new(term), self.weight)
    }

    /// Its BM25 weight before `weight`, with one document frequency over its
    /// spellings, as `TermQuery` computes it (so that the scores are tantivy's).
    fn bm25(&self, statistics: &dyn Bm25StatisticsProvider) -> tantivy::Result<Bm25Weight> {
        let one_word = OneWord {
            statistics,
            term: &self.term,
            spellings: &self.spellings,
        };
        Bm25Weight::for_terms(&one_word, slice::from_ref(&self.term))
    }

    /// The highest score it can give (see `bound`).
    pub(crate) fn max_score(&self, statistics: &dyn Bm25StatisticsProvider) -> Score {
        self.bm25(statistics)
            .map_or(Score::INFINITY, |bm25| bm25.boost_by(self.weight).max_score())
    }
}

/// Statistics in which `term`'s document frequency is that of all its spellings: the
/// sum, at most the number of documents. The sum counts twice a document with two
/// spellings, which the union would not; the spellings of a name in two scripts are
/// mostly in different documents (Korean and Chinese ones), where the two agree.
struct OneWord<'a> {
    statistics: &'a dyn Bm25StatisticsProvider,
    term: &'a Term,
    spellings: &'a [Term],
}

impl Bm25StatisticsProvider for OneWord<'_> {
    fn total_num_tokens(&self, field: tantivy::schema::Field) -> tantivy::Result<u64> {
        self.statistics.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.statistics.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if term != self.term {
            return self.statistics.doc_freq(term);
        }
        let mut sum = self.statistics.doc_freq(term)?;
        for spelling in self.spellings {
            sum += self.statistics.doc_freq(spelling)?;
        }
        Ok(sum.min(self.statistics.total_num_docs()?))
    }
}

impl Query for WeightedTerm {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weight = match enable_scoring {
            EnableScoring::Enabled {
                searcher,
                statistics_provider,
            } if !self.spellings.is_empty() => {
                let one_word = OneWord {
                    statistics: statistics_provider,
                    term: &self.term,
                    spellings: &self.spellings,
                };
                let enable_scoring = EnableScoring::enabled_from_statistics_provider(&one_word, searcher);
                self.as_tantivy_query().weight(enable_scoring)?
            }
            _ => self.as_tantivy_query().weight(enable_scoring)?,
        };
        Ok(match self.label {
            Some(label) => Box::new(LabeledWeight::new(label, weight)),
            None => weight,
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

/// Matches the documents that match at least one clause of every group; the score is
/// the sum of the matching clauses' scores (as a `BooleanQuery` of `Must` groups of
/// `Should` clauses would give).
#[derive(Debug)]
pub struct AllOf {
    groups: Vec<Vec<Box<dyn Query>>>,
    excluded: Vec<Box<dyn Query>>,
    pruning: Pruning,
}

impl AllOf {
    pub fn new(groups: Vec<Vec<Box<dyn Query>>>) -> AllOf {
        AllOf {
            groups,
            excluded: Vec::new(),
            pruning: Pruning::default(),
        }
    }

    /// Without the documents that match any of `excluded`.
    pub fn excluding(mut self, excluded: Vec<Box<dyn Query>>) -> AllOf {
        self.excluded = excluded;
        self
    }

    /// Counts the matches that cannot reach the collector's page in `pruning` instead
    /// of reporting them (see the module's comment). The collector must publish to
    /// `pruning`, must not need every match (facets do), and must be given this query
    /// whole: the total is its count plus `pruning.skipped()`.
    pub fn pruned_by(mut self, pruning: Pruning) -> AllOf {
        self.pruning = pruning;
        self
    }
}

impl Clone for AllOf {
    fn clone(&self) -> AllOf {
        AllOf {
            groups: self
                .groups
                .iter()
                .map(|group| group.iter().map(|c| c.box_clone()).collect())
                .collect(),
            excluded: self.excluded.iter().map(|q| q.box_clone()).collect(),
            pruning: self.pruning.clone(),
        }
    }
}

impl Query for AllOf {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let groups = self
            .groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|c| clause_weight(c.as_ref(), enable_scoring))
                    .collect()
            })
            .collect::<tantivy::Result<Vec<Vec<_>>>>()?;
        // Whether a document has an excluded word, not how well it matches.
        let unscored = EnableScoring::disabled_from_schema(enable_scoring.schema());
        let excluded = self
            .excluded
            .iter()
            .map(|q| q.weight(unscored))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AllOfWeight {
            groups,
            excluded,
            pruning: self.pruning.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for clause in self.groups.iter().flatten() {
            clause.query_terms(visitor);
        }
    }
}

enum ClauseWeight {
    /// A [`WeightedTerm`] whose field records term frequencies, or a `TermQuery` in a
    /// field that records none (a filter on kind, section or category: every term
    /// frequency is 1, as `TermScorer` scores it), while scoring.
    Term {
        term: Term,
        /// Before the clause's weight.
        bm25: Bm25Weight,
        weight: Score,
        label: Option<Label>,
        /// The `TermQuery`'s own weight, which explains it as before.
        explained_by: Option<Box<dyn Weight>>,
    },
    /// Any other clause (a phrase, a boosted union), with the highest score it can give.
    Other { weight: Box<dyn Weight>, max: Score },
}

fn clause_weight(clause: &dyn Query, enable_scoring: EnableScoring<'_>) -> tantivy::Result<ClauseWeight> {
    if let (
        Some(weighted),
        EnableScoring::Enabled {
            statistics_provider, ..
        },
    ) = (clause.downcast_ref::<WeightedTerm>(), enable_scoring)
    {
        let field = enable_scoring.schema().get_field_entry(weighted.term.field());
        let options = field.field_type().get_index_record_option();
        if options.is_some_and(|o| o.has_freq()) {
            return Ok(ClauseWeight::Term {
                term: weighted.term.clone(),
                bm25: weighted.bm25(statistics_provider)?,
                weight: weighted.weight,
                label: weighted.label,
                explained_by: None,
            });
        }
    }
    if let (
        Some(query),
        EnableScoring::Enabled {
            statistics_provider, ..
        },
    ) = (clause.downcast_ref::<TermQuery>(), enable_scoring)
    {
        let field = enable_scoring.schema().get_field_entry(query.term().field());
        let options = field.field_type().get_index_record_option();
        if options.is_some_and(|o| !o.has_freq()) {
            // As `TermQuery::specialized_weight` computes it.
            let bm25 = Bm25Weight::for_terms(statistics_provider, slice::from_ref(query.term()))?;
            return Ok(ClauseWeight::Term {
                term: query.term().clone(),
                bm25,
                weight: 1.0,
                label: None,
                explained_by: Some(clause.weight(enable_scoring)?),
            });
        }
    }
    let max = match enable_scoring {
        EnableScoring::Enabled {
            statistics_provider, ..
        } => max_score(clause, statistics_provider),
        EnableScoring::Disabled { .. } => Score::INFINITY,
    };
    Ok(ClauseWeight::Other {
        weight: clause.weight(enable_scoring)?,
        max,
    })
}

/// The weight's scorer on this segment, unless it matches nothing there.
fn matching_scorer(
    weight: &dyn Weight,
    reader: &SegmentReader,
    boost: Score,
) -> tantivy::Result<Option<Box<dyn Scorer>>> {
    let scorer = weight.scorer(reader, boost)?;
    Ok((scorer.doc() != TERMINATED).then_some(scorer))
}

/// As `TermWeight` reads it: a field without norms counts as one token long.
fn fieldnorms(reader: &SegmentReader, term: &Term) -> tantivy::Result<FieldNormReader> {
    Ok(reader
        .fieldnorms_readers()
        .get_field(term.field())?
        .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1)))
}

struct AllOfWeight {
    groups: Vec<Vec<ClauseWeight>>,
    excluded: Vec<Box<dyn Weight>>,
    pruning: Pruning,
}

impl Weight for AllOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut groups = Vec::with_capacity(self.groups.len());
        for group in &self.groups {
            let mut terms = Vec::new();
            let mut others = Vec::new();
            for clause in group {
                match clause {
                    ClauseWeight::Term { term, bm25, weight, .. } => {
                        let postings = reader
                            .inverted_index(term.field())?
                            .read_block_postings(term, IndexRecordOption::WithFreqs)?;
                        // A term this segment lacks has nothing to read.
                        if let Some(postings) = postings.filter(|p| p.doc_freq() > 0) {
                            // As `BoostWeight` passes it on.
                            let bm25 = bm25.boost_by(boost * weight);
                            terms.push(TermClause::new(postings, fieldnorms(reader, term)?, bm25));
                        }
                    }
                    ClauseWeight::Other { weight, max } => {
                        let scorer = matching_scorer(weight.as_ref(), reader, boost)?;
                        others.extend(scorer.map(|scorer| OtherClause::new(scorer, max * boost)));
                    }
                }
            }
            groups.push(Group { terms, others });
        }
        let mut excluded = Vec::with_capacity(self.excluded.len());
        for weight in &self.excluded {
            excluded.extend(matching_scorer(weight.as_ref(), reader, boost)?);
        }
        let pruning = self.pruning.clone();
        let alive = reader.alive_bitset().cloned();
        Ok(Box::new(WindowedConjunction::new(
            groups,
            excluded,
            pruning,
            alive,
            reader.max_doc(),
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.excluded.iter().any(|e| e.explain(reader, doc).is_ok()) {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document #{doc} matches an excluded word"
            )));
        }
        let mut groups = Vec::with_capacity(self.groups.len());
        for group in &self.groups {
            let mut matched = Vec::new();
            for clause in group {
                match clause {
                    ClauseWeight::Term {
                        explained_by: Some(weight),
                        ..
                    } => matched.extend(weight.explain(reader, doc).ok()),
                    ClauseWeight::Term {
                        term,
                        bm25,
                        weight,
                        label,
                        explained_by: None,
                    } => {
                        let postings = reader
                            .inverted_index(term.field())?
                            .read_postings(term, IndexRecordOption::WithFreqs)?;
                        if let Some(mut postings) = postings.filter(|p| p.doc() <= doc) {
                            if postings.seek(doc) == doc {
                                let norm = fieldnorms(reader, term)?.fieldnorm_id(doc);
                                let mut explanation = bm25.boost_by(*weight).explain(norm, postings.term_freq());
                                explanation.add_context(format!("Term={term:?}, weight {weight}"));
                                matched.push(match label {
                                    Some(label) => explained_as(*label, explanation),
                                    None => explanation,
                                });
                            }
                        }
                    }
                    ClauseWeight::Other { weight, .. } => matched.extend(weight.explain(reader, doc).ok()),
                }
            }
            if matched.is_empty() {
                return Err(tantivy::TantivyError::InvalidArgument(format!(
                    "document #{doc} does not match every word"
                )));
            }
            let mut explanation = Explanation::new("any of: sum of", matched.iter().map(|e| e.value()).sum());
            for detail in matched {
                explanation.add_detail(detail);
            }
            groups.push(explanation);
        }
        let mut explanation = Explanation::new("all of: sum of", groups.iter().map(|e| e.value()).sum());
        for group in groups {
            explanation.add_detail(group);
        }
        Ok(explanation)
    }
}

/// The term frequencies of a block of postings in a field that records none.
static ONES: [u32; 128] = [1; 128];

/// Term frequencies from this one up share the last score bound.
const BOUNDED_FREQUENCIES: usize = 16;

/// One term's postings in one segment, read a block at a time.
struct TermClause {
    postings: BlockSegmentPostings,
    /// The current posting's index in the loaded block.
    at: usize,
    fieldnorms: FieldNormReader,
    bm25: Bm25Weight,
    /// `bound[tf]` is at least the score of any posting with that term frequency (the
    /// last one: with that one or more).
    bound: [Score; BOUNDED_FREQUENCIES],
    /// The window's postings that may need a score: offset in the window and term
    /// frequency; the first `hit_count`. A clause has at most one posting per document,
    /// so a window's fit.
    hits: Box<[(u16, u32); WINDOW as usize]>,
    hit_count: usize,
    /// Whether a document can match its group through this clause alone and still
    /// reach the page; if not, the clause is only looked up for the documents its
    /// group's other clauses find (`WindowedConjunction::choose_essential`).
    essential: bool,
}

impl TermClause {
    fn new(postings: BlockSegmentPostings, fieldnorms: FieldNormReader, bm25: Bm25Weight) -> TermClause {
        // The shortest field (norm id 0) scores a frequency highest, and the score
        // grows with the frequency towards `bm25`'s weight, which the last bound is.
        let mut bound = [0.0; BOUNDED_FREQUENCIES];
        for (tf, b) in bound.iter_mut().enumerate() {
            *b = bm25.score(0, tf as u32);
        }
        bound[BOUNDED_FREQUENCIES - 1] = bm25.score(0, u32::MAX);
        let mut clause = TermClause {
            postings,
            at: 0,
            fieldnorms,
            bm25,
            bound,
            hits: zeroed(),
            hit_count: 0,
            essential: true,
        };
        clause.settle();
        clause
    }

    fn doc(&self) -> DocId {
        self.postings.docs().get(self.at).copied().unwrap_or(TERMINATED)
    }

    /// Moves past a fully read block; an empty block means the postings are over.
    fn settle(&mut self) {
        while self.at >= self.postings.block_len() && self.postings.block_len() > 0 {
            self.postings.advance();
            self.at = 0;
        }
    }

    fn seek(&mut self, target: DocId) {
        if self.doc() < target {
            self.at = self.postings.seek(target);
            self.settle();
        }
    }

    /// Keeps the postings in the window from `start` of the documents in `wanted` (all,
    /// without it) in `hits` and sets their bits.
    fn read_window(&mut self, start: DocId, bits: &mut [u64; WORDS], wanted: Option<&[u64; WORDS]>) {
        self.seek(start);
        let end = window_end(start);
        loop {
            let (docs, freqs) = (self.postings.docs(), self.postings.freqs());
            // A field without term frequencies decodes none: each is 1.
            let freqs = if freqs.len() < docs.len() {
                &ONES[..docs.len()]
            } else {
                freqs
            };
            let from = self.at;
            let to = from + docs[from..].partition_point(|&doc| doc < end);
            // Tight loops: this is where a query of frequent words spends its time.
            let postings = docs[from..to].iter().zip(&freqs[from..to]);
            let offset = |doc: DocId| (doc - start) as usize % WINDOW as usize;
            // Without branches: a hit is always written and counted only if wanted
            // (`% WINDOW` cannot wrap a kept one: there are at most WINDOW).
            let (hits, mut count) = (&mut self.hits, self.hit_count);
            match wanted {
                None => {
                    for (&doc, &tf) in postings {
                        let delta = offset(doc);
                        bits[delta / 64] |= 1 << (delta % 64);
                        hits[count % WINDOW as usize] = (delta as u16, tf);
                        count += 1;
                    }
                }
                Some(wanted) => {
                    for (&doc, &tf) in postings {
                        let delta = offset(doc);
                        let bit = wanted[delta / 64] & (1 << (delta % 64));
                        bits[delta / 64] |= bit;
                        hits[count % WINDOW as usize] = (delta as u16, tf);
                        count += usize::from(bit != 0);
                    }
                }
            }
            self.hit_count = count;
            self.at = to;
            if to < docs.len() || docs.is_empty() {
                return;
            }
            self.postings.advance();
            self.at = 0;
        }
    }

    fn hits(&self) -> &[(u16, u32)] {
        &self.hits[..self.hit_count]
    }

    /// Keeps `doc`'s posting, if it has one, as the hit at `delta` in the window: docs
    /// must come in increasing order, after the window's `read_window` if any.
    fn look_up(&mut self, doc: DocId, delta: usize) -> bool {
        self.seek(doc);
        let found = self.doc() == doc;
        if found {
            self.hits[self.hit_count % WINDOW as usize] = (delta as u16, self.postings.freq(self.at));
            self.hit_count += 1;
        }
        found
    }

    /// About how many postings it has in a window of a segment of `max_doc` documents.
    fn postings_per_window(&self, max_doc: u32) -> u64 {
        per_window(u64::from(self.postings.doc_freq()), max_doc)
    }

    /// The highest score any posting of this term can have.
    fn max(&self) -> Score {
        self.bound[BOUNDED_FREQUENCIES - 1]
    }

    fn bound(&self, term_freq: u32) -> Score {
        self.bound[(term_freq as usize).min(BOUNDED_FREQUENCIES - 1)]
    }
}

/// Keeps the set bits whose offset `keep` accepts, visiting them in order.
#[inline]
fn retain(bits: &mut [u64; WORDS], mut keep: impl FnMut(usize) -> bool) {
    for (w, word) in bits.iter_mut().enumerate() {
        let mut set = *word;
        while set != 0 {
            let delta = w * 64 + set.trailing_zeros() as usize;
            set &= set - 1;
            if !keep(delta) {
                *word &= !(1 << (delta % 64));
            }
        }
    }
}

/// How many bits are set.
fn count_set(bits: &[u64; WORDS]) -> u64 {
    bits.iter().map(|w| u64::from(w.count_ones())).sum()
}

#[inline]
fn is_set(bits: &[u64; WORDS], delta: usize) -> bool {
    bits[delta / 64] & (1 << (delta % 64)) != 0
}

/// About how many of `postings` spread over a segment of `max_doc` documents fall in
/// one window.
fn per_window(postings: u64, max_doc: u32) -> u64 {
    postings * u64::from(WINDOW) / u64::from(max_doc.max(1))
}

/// TERMINATED is itself a doc id: a window never reaches it.
fn window_end(start: DocId) -> DocId {
    start.saturating_add(WINDOW).min(TERMINATED)
}

/// A clause other than a term (a phrase, a boosted union) in one segment: scored as
/// it is read, each window's scores kept until the window's matches are summed.
struct OtherClause {
    scorer: Box<dyn Scorer>,
    /// The highest score it can give (infinite when unknown).
    max: Score,
    /// As [`TermClause::essential`].
    essential: bool,
    /// The window's documents it matched: offset and score.
    hits: Vec<(u16, Score)>,
}

impl OtherClause {
    fn new(scorer: Box<dyn Scorer>, max: Score) -> OtherClause {
        OtherClause {
            scorer,
            max,
            essential: true,
            hits: Vec::new(),
        }
    }

    /// Sets the bits of its documents in the window from `start`, and keeps the scores
    /// of those in `wanted` (all, without it).
    fn read_window(&mut self, start: DocId, bits: &mut [u64; WORDS], wanted: Option<&[u64; WORDS]>) {
        let scorer = self.scorer.as_mut();
        if scorer.doc() < start {
            scorer.seek(start);
        }
        let end = window_end(start);
        let mut doc = scorer.doc();
        while doc < end {
            let delta = (doc - start) as usize;
            bits[delta / 64] |= 1 << (delta % 64);
            if wanted.is_none_or(|wanted| is_set(wanted, delta)) {
                self.hits.push((delta as u16, scorer.score()));
            }
            doc = scorer.advance();
        }
    }

    /// As [`TermClause::look_up`].
    fn look_up(&mut self, doc: DocId, delta: usize) -> bool {
        let scorer = self.scorer.as_mut();
        if scorer.doc() < doc {
            scorer.seek(doc);
        }
        let found = scorer.doc() == doc;
        if found {
            self.hits.push((delta as u16, scorer.score()));
        }
        found
    }
}

/// A query word's clauses in one segment.
struct Group {
    terms: Vec<TermClause>,
    others: Vec<OtherClause>,
}

impl Group {
    /// The first document the group can match: its earliest essential clause's.
    fn doc(&self) -> DocId {
        let terms = self.terms.iter().filter(|t| t.essential).map(|t| t.doc());
        let others = self.others.iter().filter(|c| c.essential).map(|c| c.scorer.doc());
        terms.chain(others).min().unwrap_or(TERMINATED)
    }

    fn cost(&self) -> u64 {
        let terms = self.terms.iter().map(|t| u64::from(t.postings.doc_freq()));
        terms.chain(self.others.iter().map(|c| c.scorer.cost())).sum()
    }

    /// Reads its essential clauses' documents in the window from `start` into `bits`,
    /// keeping the hits of those in `wanted` (all, without it).
    fn read_window(&mut self, start: DocId, bits: &mut [u64; WORDS], wanted: Option<&[u64; WORDS]>) {
        for term in self.terms.iter_mut().filter(|t| t.essential) {
            term.read_window(start, bits, wanted);
        }
        for clause in self.others.iter_mut().filter(|c| c.essential) {
            clause.read_window(start, bits, wanted);
        }
    }

    /// Sets the bits of the documents of `wanted` it matches through its essential
    /// clauses, looking each one up: cheaper than reading the window when the
    /// documents wanted are few and the group's fields dense (a filter on kind, the
    /// second word of two frequent ones once only the page's contenders are left).
    fn look_up_window(&mut self, start: DocId, bits: &mut [u64; WORDS], wanted: &[u64; WORDS]) {
        for term in self.terms.iter_mut().filter(|t| t.essential) {
            for_each_set(wanted, |delta| {
                if term.look_up(start + delta as DocId, delta) {
                    bits[delta / 64] |= 1 << (delta % 64);
                }
            });
        }
        for clause in self.others.iter_mut().filter(|c| c.essential) {
            for_each_set(wanted, |delta| {
                if clause.look_up(start + delta as DocId, delta) {
                    bits[delta / 64] |= 1 << (delta % 64);
                }
            });
        }
    }

    /// About how many postings its essential clauses have in a window of a segment of
    /// `max_doc` documents.
    fn postings_per_window(&self, max_doc: u32) -> u64 {
        let terms = self
            .terms
            .iter()
            .filter(|t| t.essential)
            .map(|t| t.postings_per_window(max_doc));
        let others = self.others.iter().filter(|c| c.essential).map(|c| c.scorer.cost());
        terms.sum::<u64>() + per_window(others.sum(), max_doc)
    }

    fn essential_clauses(&self) -> u64 {
        let terms = self.terms.iter().filter(|t| t.essential).count();
        (terms + self.others.iter().filter(|c| c.essential).count()) as u64
    }

    /// The highest score a document can have from this group.
    fn max(&self) -> Score {
        let terms = self.terms.iter().map(TermClause::max);
        terms.chain(self.others.iter().map(|c| c.max)).sum()
    }
}

pub struct WindowedConjunction {
    /// Sparsest group first: the order scores are summed in.
    groups: Vec<Group>,
    /// The order groups are read in, the sparsest in what is read first, so that an
    /// empty window is found after reading the fewest postings: the groups' order
    /// until matches are skipped, then by their essential clauses.
    read_order: Vec<usize>,
    excluded: Vec<Box<dyn Scorer>>,
    pruning: Pruning,
    /// The segment's live documents, when some are deleted: skipped matches are
    /// counted only if alive, as the collector would.
    alive: Option<AliveBitSet>,
    /// The segment's documents, deleted ones included.
    max_doc: u32,
    window_start: DocId,
    /// The window's documents that every group read so far matches.
    matched: Box<[u64; WORDS]>,
    /// One group's documents in the window while it is read; then the matches to score.
    group: Box<[u64; WORDS]>,
    scores: Box<[Score; WINDOW as usize]>,
    bounds: Box<[Score; WINDOW as usize]>,
    /// The word of `matched` that the next match is popped from.
    word: usize,
    /// Matches that cannot reach the page are neither counted nor looked for: the
    /// total reached its bound (see [`Pruning`]).
    skipping: bool,
    /// The threshold the essential clauses were last chosen for: they change only
    /// when it rises.
    chosen_for: Score,
    doc: DocId,
    score: Score,
}

impl WindowedConjunction {
    fn new(
        mut groups: Vec<Group>,
        excluded: Vec<Box<dyn Scorer>>,
        pruning: Pruning,
        alive: Option<AliveBitSet>,
        max_doc: u32,
    ) -> WindowedConjunction {
        groups.sort_by_key(|group| group.cost());
        let mut conjunction = WindowedConjunction {
            read_order: (0..groups.len()).collect(),
            groups,
            excluded,
            pruning,
            alive,
            max_doc,
            window_start: 0,
            matched: Box::new([0; WORDS]),
            group: Box::new([0; WORDS]),
            scores: zeroed(),
            bounds: zeroed(),
            word: WORDS,
            skipping: false,
            chosen_for: Score::NEG_INFINITY,
            doc: 0,
            score: 0.0,
        };
        if conjunction.groups.is_empty() {
            conjunction.doc = TERMINATED;
        } else {
            conjunction.advance();
        }
        conjunction
    }

    /// The first document every group can match from: where the next window starts.
    /// Once the count reached its bound, only from the essential clauses, and nowhere
    /// when no document can reach the page any more.
    fn next_start(&mut self) -> DocId {
        if !self.skipping && self.pruning.may_skip_uncounted() {
            self.skipping = true;
        }
        let threshold = self.pruning.threshold();
        if self.skipping && threshold != self.chosen_for {
            if !self.choose_essential(threshold) {
                return TERMINATED;
            }
            self.chosen_for = threshold;
        }
        self.groups.iter().map(Group::doc).max().unwrap_or(TERMINATED)
    }

    /// Reads every clause's documents in `[start, start + WINDOW)`, keeps those that
    /// every group matches, and scores those that could reach the page.
    fn fill(&mut self, start: DocId) {
        self.window_start = start;
        self.word = 0;
        self.scores.fill(0.0);
        self.matched.fill(0);
        for group in &mut self.groups {
            group.terms.iter_mut().for_each(|term| term.hit_count = 0);
            group.others.iter_mut().for_each(|clause| clause.hits.clear());
        }
        let Some((&first, rest)) = self.read_order.split_first() else {
            return;
        };
        self.groups[first].read_window(start, &mut self.matched, None);
        for &g in rest {
            let group = &mut self.groups[g];
            // Nothing left in this window: the other groups skip it by seeking.
            if self.matched.iter().all(|&w| w == 0) {
                return;
            }
            self.group.fill(0);
            // Only the documents the groups before matched can match: looked up one by
            // one when they are few against the postings a read would go through.
            let wanted = count_set(&self.matched);
            if wanted * LOOK_UP_COST * group.essential_clauses() < group.postings_per_window(self.max_doc) {
                group.look_up_window(start, &mut self.group, &self.matched);
            } else {
                group.read_window(start, &mut self.group, Some(&self.matched));
            }
            for (m, g) in self.matched.iter_mut().zip(self.group.iter()) {
                *m &= g;
            }
        }
        // An exclusion is checked only at the matches, by seeking: an excluded word is
        // looked up expanded (bigram phrases), and checking its positions in every
        // document that has it was most of `드론 -고정익` at 10^6 articles.
        for excluded in &mut self.excluded {
            retain(&mut self.matched, |delta| {
                let doc = start + delta as DocId;
                !(excluded.doc() < doc && excluded.seek(doc) == doc || excluded.doc() == doc)
            });
        }
        self.score_matches();
    }

    /// Adds the term clauses' scores of the matches whose bound reaches the threshold;
    /// the others are counted as skipped and dropped. Every score is summed in one
    /// order: the other clauses' (group by group), then the terms'.
    fn score_matches(&mut self) {
        let threshold = self.pruning.threshold();
        if self.skipping {
            self.look_up_inessential(threshold);
        } else {
            self.count_matches();
        }
        for clause in self.groups.iter().flat_map(|g| g.others.iter()) {
            for &(delta, score) in &clause.hits {
                let delta = delta as usize;
                if is_set(&self.matched, delta) {
                    self.scores[delta] += score;
                }
            }
        }
        if threshold > Score::NEG_INFINITY {
            self.bounds.copy_from_slice(&self.scores[..]);
            for term in self.groups.iter().flat_map(|g| g.terms.iter()) {
                for &(delta, tf) in term.hits() {
                    self.bounds[delta as usize] += term.bound(tf);
                }
            }
            let (bounds, alive, start) = (&self.bounds, &self.alive, self.window_start);
            // While skipping, the matches left out are no longer counted.
            let counting = !self.skipping;
            let mut skipped = 0;
            retain(&mut self.matched, |delta| {
                let reaches = bounds[delta] >= threshold;
                if !reaches && counting {
                    let doc = start + delta as DocId;
                    skipped += u64::from(alive.as_ref().is_none_or(|a| a.is_alive(doc)));
                }
                reaches
            });
            if counting {
                self.pruning.add_skipped(skipped);
            }
        }
        let start = self.window_start;
        for term in self.groups.iter().flat_map(|g| g.terms.iter()) {
            for &(delta, tf) in term.hits() {
                let delta = delta as usize;
                if is_set(&self.matched, delta) {
                    let norm = term.fieldnorms.fieldnorm_id(start + delta as DocId);
                    self.scores[delta] += term.bm25.score(norm, tf);
                }
            }
        }
    }

    /// Adds the window's matches to the running count, as the collector would count
    /// them (live documents only).
    fn count_matches(&self) {
        let matches = match &self.alive {
            None => count_set(&self.matched),
            Some(alive) => {
                let mut live = 0;
                for_each_set(&self.matched, |delta| {
                    live += u64::from(alive.is_alive(self.window_start + delta as DocId));
                });
                live
            }
        };
        self.pruning.add_counted(matches);
    }

    /// While skipping: drops the matches that cannot reach the page even if every
    /// inessential clause matched them at its best, and looks those clauses up for the
    /// rest. Each bound is the score with every inessential clause's maximum in place
    /// of its own, summed in the order the score is (clause by clause): never below it.
    fn look_up_inessential(&mut self, threshold: Score) {
        self.bounds.fill(0.0);
        let start = self.window_start;
        for clause in self.groups.iter().flat_map(|g| g.others.iter()) {
            if clause.essential {
                for &(delta, score) in &clause.hits {
                    let delta = delta as usize;
                    if is_set(&self.matched, delta) {
                        self.bounds[delta] += score;
                    }
                }
            } else {
                let (bounds, max) = (&mut self.bounds, clause.max);
                for_each_set(&self.matched, |delta| bounds[delta] += max);
            }
        }
        for term in self.groups.iter().flat_map(|g| g.terms.iter()) {
            if term.essential {
                // The score itself: fewer documents are looked up than a bound by term
                // frequency alone would leave.
                for &(delta, tf) in term.hits() {
                    let delta = delta as usize;
                    if is_set(&self.matched, delta) {
                        let norm = term.fieldnorms.fieldnorm_id(start + delta as DocId);
                        self.bounds[delta] += term.bm25.score(norm, tf);
                    }
                }
            } else {
                let (bounds, max) = (&mut self.bounds, term.max());
                for_each_set(&self.matched, |delta| bounds[delta] += max);
            }
        }
        let bounds = &self.bounds;
        retain(&mut self.matched, |delta| bounds[delta] >= threshold);
        let contenders = count_set(&self.matched);
        for group in &mut self.groups {
            for term in group.terms.iter_mut().filter(|t| !t.essential) {
                // Many contenders (a frequent word's near-ties under a high threshold):
                // reading the window steps through the postings once, where looking
                // each one up would search the skip list and a block again and again.
                if contenders * LOOK_UP_COST >= term.postings_per_window(self.max_doc) {
                    // Only its hits are wanted: the bits it sets go to a scratch set.
                    term.read_window(start, &mut self.group, Some(&self.matched));
                    continue;
                }
                for_each_set(&self.matched, |delta| {
                    term.look_up(start + delta as DocId, delta);
                });
            }
            for clause in group.others.iter_mut().filter(|c| !c.essential) {
                for_each_set(&self.matched, |delta| {
                    clause.look_up(start + delta as DocId, delta);
                });
            }
        }
    }

    /// Decides which clauses are essential, from the page's threshold: a group's
    /// clauses with the lowest maxima are inessential while a document matching only
    /// them could not reach the threshold even with every other group at its best.
    /// Returns false when no document can reach it any more.
    fn choose_essential(&mut self, threshold: Score) -> bool {
        // Sums of maxima are summed in another order than scores: a margin far above
        // the rounding keeps a document that ties the threshold.
        let below = threshold - threshold.abs() * 1e-4;
        let maxima: Vec<Score> = self.groups.iter().map(Group::max).collect();
        for (g, group) in self.groups.iter_mut().enumerate() {
            group.terms.iter_mut().for_each(|t| t.essential = true);
            group.others.iter_mut().for_each(|c| c.essential = true);
            let rest: Score = maxima.iter().enumerate().filter(|&(o, _)| o != g).map(|(_, m)| m).sum();
            // Each clause's maximum, terms then others, lowest first.
            let terms = group.terms.len();
            let clause_max = |group: &Group, c: usize| {
                if c < terms {
                    group.terms[c].max()
                } else {
                    group.others[c - terms].max
                }
            };
            let mut order: Vec<usize> = (0..terms + group.others.len()).collect();
            order.sort_by(|&a, &b| clause_max(group, a).total_cmp(&clause_max(group, b)));
            let mut inessential = 0.0;
            for c in order {
                let max = clause_max(group, c);
                // Not `>=`: a NaN sum keeps the clause essential.
                let best = rest + inessential + max;
                let essential = best.partial_cmp(&below) != Some(std::cmp::Ordering::Less);
                if c < terms {
                    group.terms[c].essential = essential;
                } else {
                    group.others[c - terms].essential = essential;
                }
                if essential {
                    break;
                }
                inessential += max;
            }
            if group.terms.iter().all(|t| !t.essential) && group.others.iter().all(|c| !c.essential) {
                return false;
            }
        }
        let groups = &self.groups;
        self.read_order
            .sort_by_key(|&g| groups[g].postings_per_window(self.max_doc));
        true
    }
}

/// A zeroed array on the heap, without building it on the stack first.
fn zeroed<T: Copy + Default, const N: usize>() -> Box<[T; N]> {
    vec![T::default(); N]
        .into_boxed_slice()
        .try_into()
        .unwrap_or_else(|_| unreachable!("a vector of N elements"))
}

/// Calls `visit` with each set bit's offset, in order.
#[inline]
fn for_each_set(bits: &[u64; WORDS], mut visit: impl FnMut(usize)) {
    for (w, &word) in bits.iter().enumerate() {
        let mut set = word;
        while set != 0 {
            visit(w * 64 + set.trailing_zeros() as usize);
            set &= set - 1;
        }
    }
}

impl DocSet for WindowedConjunction {
    fn advance(&mut self) -> DocId {
        loop {
            while self.word < WORDS {
                let bits = self.matched[self.word];
                if bits != 0 {
                    self.matched[self.word] = bits & (bits - 1);
                    let delta = self.word * 64 + bits.trailing_zeros() as usize;
                    self.doc = self.window_start + delta as DocId;
                    self.score = self.scores[delta];
                    return self.doc;
                }
                self.word += 1;
            }
            // The first group always ends past the window, so this moves forward.
            let next = self.next_start();
            if next == TERMINATED {
                self.doc = TERMINATED;
                return TERMINATED;
            }
            self.fill(next);
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if self.word < WORDS && target < window_end(self.window_start) {
            // Inside the current window: drop the matches before the target.
            let delta = (target - self.window_start) as usize;
            let word = delta / 64;
            if word > self.word {
                self.matched[self.word..word].fill(0);
                self.word = word;
            }
            self.matched[word] &= !((1u64 << (delta % 64)) - 1);
            return self.advance();
        }
        self.word = WORDS;
        let next = self.next_start().max(target);
        if next == TERMINATED {
            self.doc = TERMINATED;
            return TERMINATED;
        }
        self.fill(next);
        self.advance()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        let hint = self.groups.iter().map(Group::cost).min().unwrap_or(0);
        hint.min(u64::from(u32::MAX)) as u32
    }

    fn cost(&self) -> u64 {
        self.groups.iter().map(Group::cost).sum()
    }
}

impl Scorer for WindowedConjunction {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::top::{Pruning, TopNewestFirst};
    use tantivy::collector::Count;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, PhraseQuery};
    use tantivy::schema::{Field, IndexRecordOption, Schema, STRING, TEXT};
    use tantivy::{doc, DocAddress, Index, IndexWriter, Term};

    /// 13,000 documents in three segments: a title and a body of words `w0`…`w39`
    /// (word k in a document with probability about 1 / (k + 1)), and a tag.
    fn archive() -> (Index, [Field; 3]) {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let tag = schema.add_text_field("tag", STRING);
        let id = schema.add_text_field("id", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 30 << 20).unwrap();
        let mut random = random_numbers(7);
        let words: Vec<String> = (0..40).map(|k| format!("w{k}")).collect();
        for n in 0..13_000 {
            let pick = |random: &mut dyn FnMut() -> u32| {
                let picked: Vec<&str> = (0..words.len())
                    .filter(|&k| random().is_multiple_of(k as u32 + 1))
                    .map(|k| words[k].as_str())
                    .collect();
                picked.join(" ")
            };
            let (t, b) = (pick(&mut random), pick(&mut random));
            let tag_value = if n % 3 == 0 { "a" } else { "b" };
            writer
                .add_document(doc!(title => t, body => b, tag => tag_value, id => n.to_string()))
                .unwrap();
            // Several segments, of different sizes.
            if n == 4_000 || n == 9_500 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        // Deleted documents in two segments.
        for n in (3_000..6_000).step_by(7) {
            writer.delete_term(Term::from_field_text(id, &n.to_string()));
        }
        writer.commit().unwrap();
        (index, [title, body, tag])
    }

    fn random_numbers(seed: u64) -> impl FnMut() -> u32 {
        let mut state = seed;
        move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        }
    }

    fn union(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            clauses.into_iter().map(|c| (Occur::Should, c)).collect(),
        ))
    }

    /// A word's clauses: the word in each field, weighted, and once more as a clause
    /// that `AllOf` scores as it reads (not a `WeightedTerm`). Theirs are tantivy's.
    fn word([title, body, _]: [Field; 3], w: &str, ours: bool) -> Vec<Box<dyn Query>> {
        let term = |field, weight: Score| -> Box<dyn Query> {
            let term = Term::from_field_text(field, w);
            if ours {
                return Box::new(WeightedTerm::new(term, weight));
            }
            Box::new(WeightedTerm::new(term, weight).as_tantivy_query())
        };
        let eager = TermQuery::new(Term::from_field_text(body, w), IndexRecordOption::WithFreqs);
        vec![
            term(title, 2.0),
            term(body, 1.0),
            Box::new(BoostQuery::new(Box::new(eager), 0.5)),
        ]
    }

    /// Words of very different frequencies over three windows' worth of documents in
    /// two fields, each query word a union of both fields as in hanseek: every
    /// conjunction finds exactly the documents and scores of tantivy's intersection,
    /// alone, with a filter (which seeks it) and with an exclusion.
    #[test]
    fn the_windowed_conjunction_matches_tantivys_intersection() {
        let (index, fields) = archive();
        let [_, _, tag] = fields;
        let mut random = random_numbers(11);
        let searcher = index.reader().unwrap().searcher();
        let word = |w: &str, ours: bool| word(fields, w, ours);
        let tag_is = |v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(tag, v), IndexRecordOption::Basic))
        };
        let run = |query: &dyn Query| -> Vec<(DocAddress, Score)> {
            let mut hits: Vec<(DocAddress, Score)> = searcher
                .search(query, &TopDocs::with_limit(20_000).order_by_score())
                .unwrap()
                .into_iter()
                .map(|(score, address)| (address, score))
                .collect();
            hits.sort_by_key(|(address, _)| *address);
            hits
        };
        let mut checked = 0;
        for words_of_query in [
            vec!["w0", "w1"],
            vec!["w1", "w2", "w3"],
            vec!["w0", "w30"],
            vec!["w25", "w39"],
            vec!["w2", "w5", "w0", "w9"],
            vec!["w1", "nowhere"],
        ] {
            let groups = || words_of_query.iter().map(|w| word(w, true)).collect::<Vec<_>>();
            let their_groups = || words_of_query.iter().map(|w| word(w, false)).collect::<Vec<_>>();
            let with = |extra: Vec<(Occur, Box<dyn Query>)>| -> (Box<dyn Query>, Box<dyn Query>) {
                let mut ours: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllOf::new(groups())))];
                let mut theirs: Vec<(Occur, Box<dyn Query>)> =
                    their_groups().into_iter().map(|g| (Occur::Must, union(g))).collect();
                for (occur, q) in extra {
                    ours.push((occur, q.box_clone()));
                    theirs.push((occur, q));
                }
                (Box::new(BooleanQuery::new(ours)), Box::new(BooleanQuery::new(theirs)))
            };
            for extra in [
                vec![],
                vec![(Occur::Must, tag_is("a"))],
                vec![(Occur::MustNot, tag_is("b"))],
            ] {
                let (ours, theirs) = with(extra);
                let (a, b) = (run(&*ours), run(&*theirs));
                assert_eq!(a.len(), b.len(), "{words_of_query:?}");
                for ((da, sa), (db, sb)) in a.iter().zip(&b) {
                    assert_eq!(da, db, "{words_of_query:?}");
                    assert!(
                        (sa - sb).abs() <= 1e-4 * sb.abs().max(1.0),
                        "{words_of_query:?}: {sa} vs {sb}"
                    );
                }
                checked += a.len();
            }
            // An exclusion applied by `AllOf` itself (as hanseek passes exclusions).
            let ours = AllOf::new(groups()).excluding(vec![tag_is("b")]);
            let (_, theirs) = with(vec![(Occur::MustNot, tag_is("b"))]);
            let (theirs, ours) = (run(&*theirs), run(&ours));
            assert_eq!(ours.len(), theirs.len(), "{words_of_query:?}");
            for ((da, sa), (db, sb)) in ours.iter().zip(&theirs) {
                assert_eq!(da, db);
                assert!((sa - sb).abs() <= 1e-4 * sb.abs().max(1.0));
            }
            // A filter as one more group (as hanseek passes filters).
            let mut with_filter = groups();
            with_filter.push(vec![tag_is("a")]);
            let ours = AllOf::new(with_filter);
            let (_, theirs) = with(vec![(Occur::Must, tag_is("a"))]);
            let (theirs, ours) = (run(&*theirs), run(&ours));
            assert_eq!(ours.len(), theirs.len(), "{words_of_query:?}");
            for ((da, sa), (db, sb)) in ours.iter().zip(&theirs) {
                assert_eq!(da, db);
                assert!((sa - sb).abs() <= 1e-4 * sb.abs().max(1.0));
            }
        }
        assert!(
            checked > 5_000,
            "the queries match enough documents to cross windows: {checked}"
        );

        // Seeking directly: the same documents as tantivy's intersection, never before
        // the target, whatever the stride.
        let enable = EnableScoring::enabled_from_searcher(&searcher);
        for words_of_query in [vec!["w0", "w1"], vec!["w1", "w3"], vec!["w0", "w20"]] {
            let groups = |ours| words_of_query.iter().map(|w| word(w, ours)).collect::<Vec<_>>();
            let ours = AllOf::new(groups(true)).weight(enable).unwrap();
            let theirs = BooleanQuery::new(groups(false).into_iter().map(|g| (Occur::Must, union(g))).collect())
                .weight(enable)
                .unwrap();
            for reader in searcher.segment_readers() {
                for stride in [1, 7, 300, 5_000] {
                    let mut a = ours.scorer(reader, 1.0).unwrap();
                    let mut b = theirs.scorer(reader, 1.0).unwrap();
                    assert_eq!(a.doc(), b.doc());
                    let mut target = 0;
                    while b.doc() != TERMINATED {
                        target += 1 + random() % stride;
                        let (da, db) = (a.seek(target), b.seek(target));
                        assert!(da >= target, "{words_of_query:?}: sought {target}, got {da}");
                        assert_eq!(da, db, "{words_of_query:?}: stride {stride}");
                        if db != TERMINATED {
                            assert!((a.score() - b.score()).abs() <= 1e-4 * b.score().max(1.0));
                        }
                    }
                }
            }
        }
    }

    /// Counting only up to a bound, then skipping the clauses and windows that cannot
    /// reach the page, gives the same pages as counting every match, and says the
    /// total reached the bound exactly when it did.
    #[test]
    fn counting_to_a_bound_keeps_every_page() {
        let (index, fields) = archive();
        let [title, body, tag] = fields;
        let searcher = index.reader().unwrap().searcher();
        // Clauses with a bound (so some become inessential: terms, and a boosted phrase
        // and term as `bound` reads them), or with one of unknown bound (`word`'s
        // `BoostQuery`).
        let terms_only = |w: &str| -> Vec<Box<dyn Query>> {
            let next = format!("w{}", w[1..].parse::<u32>().unwrap_or(0) + 1);
            let phrase = PhraseQuery::new(vec![Term::from_field_text(body, w), Term::from_field_text(body, &next)]);
            let eager = TermQuery::new(Term::from_field_text(title, w), IndexRecordOption::WithFreqs);
            vec![
                Box::new(WeightedTerm::new(Term::from_field_text(title, w), 3.0)),
                Box::new(WeightedTerm::new(Term::from_field_text(body, w), 0.7)),
                Box::new(crate::bound::Boosted::new(Box::new(phrase), 0.4)),
                Box::new(crate::bound::Boosted::new(Box::new(eager), 0.2)),
            ]
        };
        let tag_b = || -> Vec<Box<dyn Query>> {
            vec![Box::new(TermQuery::new(
                Term::from_field_text(tag, "b"),
                IndexRecordOption::Basic,
            ))]
        };
        let mut skipped_some = false;
        for (words_of_query, bounded_terms, exclude) in [
            (vec!["w0"], true, false),
            (vec!["w1"], true, true),
            (vec!["w0", "w1"], true, false),
            (vec!["w0", "w2", "w1"], true, true),
            (vec!["w3", "w0"], false, false),
            (vec!["w1"], false, true),
            (vec!["w30"], true, false),
        ] {
            let query = || {
                let groups: Vec<Vec<Box<dyn Query>>> = words_of_query
                    .iter()
                    .map(|w| {
                        if bounded_terms {
                            terms_only(w)
                        } else {
                            word(fields, w, true)
                        }
                    })
                    .collect();
                AllOf::new(groups).excluding(if exclude { tag_b() } else { Vec::new() })
            };
            let page = |limit: usize, offset: usize, bound: Option<usize>| {
                let pruning = Pruning::counting_to(bound);
                let top = TopNewestFirst::new("date", limit, offset).publishing(pruning.clone());
                let (hits, count) = searcher
                    .search(&query().pruned_by(pruning.clone()), &(top, Count))
                    .unwrap();
                let hits: Vec<(DocAddress, u32)> = hits.iter().map(|h| (h.address, h.score.to_bits())).collect();
                (hits, count + pruning.skipped() as usize, pruning.counted_enough())
            };
            for bound in [1, 40, 700, 5_000] {
                for (limit, offset) in [(10, 0), (1, 0), (10, 30), (100, 0)] {
                    let (full, total, _) = page(limit, offset, None);
                    let (bounded, partial_total, enough) = page(limit, offset, Some(bound));
                    assert_eq!(bounded, full, "{words_of_query:?} up to {bound}: {limit} from {offset}");
                    assert_eq!(enough, total >= bound, "{words_of_query:?} up to {bound}: {total}");
                    if !enough {
                        assert_eq!(partial_total, total, "{words_of_query:?} up to {bound}");
                    }
                    skipped_some |= enough && partial_total < total;
                }
            }
        }
        assert!(skipped_some, "some search stopped counting");
    }

    /// Skipping the matches that cannot reach the page changes nothing a user sees
    /// (the same page at every offset, the same total, with exclusions and deleted
    /// documents), and it does skip most of them.
    #[test]
    fn pruning_keeps_every_hit_and_the_total() {
        let (index, fields) = archive();
        let [_, body, tag] = fields;
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().iter().any(|r| r.has_deletes()));
        let enable = EnableScoring::enabled_from_searcher(&searcher);
        let excluded = |on: bool| -> Vec<Box<dyn Query>> {
            let w9 = TermQuery::new(Term::from_field_text(body, "w9"), IndexRecordOption::Basic);
            let tag_a = TermQuery::new(Term::from_field_text(tag, "a"), IndexRecordOption::Basic);
            if on {
                vec![Box::new(w9), Box::new(tag_a)]
            } else {
                Vec::new()
            }
        };
        for (words_of_query, exclude) in [
            (["w0", "w1"], false),
            (["w1", "w2"], true),
            (["w0", "w3"], false),
            (["w2", "w5"], true),
        ] {
            let query = || {
                let groups = words_of_query.iter().map(|w| word(fields, w, true)).collect();
                AllOf::new(groups).excluding(excluded(exclude))
            };
            let page = |limit: usize, offset: usize, prune: bool| {
                let pruning = Pruning::default();
                let mut top = TopNewestFirst::new("date", limit, offset);
                let mut query = query();
                if prune {
                    query = query.pruned_by(pruning.clone());
                    top = top.publishing(pruning.clone());
                }
                let (hits, count) = searcher.search(&query, &(top, Count)).unwrap();
                let hits: Vec<(DocAddress, Score)> = hits.iter().map(|h| (h.address, h.score)).collect();
                (hits, count + pruning.skipped() as usize, pruning.threshold())
            };
            let mut first_page_threshold = Score::NEG_INFINITY;
            for (limit, offset) in [(1, 0), (10, 20), (50, 100), (10, 0)] {
                let (pruned, total, threshold) = page(limit, offset, true);
                let (full, full_total, _) = page(limit, offset, false);
                assert_eq!(pruned, full, "{words_of_query:?} {limit} from {offset}");
                assert_eq!(total, full_total, "{words_of_query:?}");
                assert!(threshold > Score::NEG_INFINITY, "{words_of_query:?}: a page was full");
                first_page_threshold = threshold;
            }
            // tantivy agrees on the total.
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = words_of_query
                .iter()
                .map(|w| (Occur::Must, union(word(fields, w, false))))
                .collect();
            clauses.extend(excluded(exclude).into_iter().map(|e| (Occur::MustNot, e)));
            let theirs = searcher.search(&BooleanQuery::new(clauses), &Count).unwrap();
            assert_eq!(page(10, 0, true).1, theirs, "{words_of_query:?}");

            // With the first page's threshold: every match left out scores below it and
            // is counted as skipped if alive; every other one keeps its score to the bit.
            let (mut matched, mut skipped) = (0, 0);
            let pruning = Pruning::default();
            pruning.raise(first_page_threshold);
            let pruned = query().pruned_by(pruning.clone()).weight(enable).unwrap();
            let full = query().weight(enable).unwrap();
            for reader in searcher.segment_readers() {
                let (mut a, mut b) = (pruned.scorer(reader, 1.0).unwrap(), full.scorer(reader, 1.0).unwrap());
                while b.doc() != TERMINATED {
                    let alive = reader.alive_bitset().is_none_or(|alive| alive.is_alive(b.doc()));
                    matched += u64::from(alive);
                    if a.doc() == b.doc() {
                        assert_eq!(a.score().to_bits(), b.score().to_bits());
                        a.advance();
                    } else {
                        assert!(a.doc() > b.doc());
                        assert!(
                            b.score() < first_page_threshold,
                            "{words_of_query:?}: a hit was skipped"
                        );
                        skipped += u64::from(alive);
                    }
                    b.advance();
                }
                assert_eq!(a.doc(), TERMINATED);
            }
            assert_eq!(pruning.skipped(), skipped);
            assert!(
                skipped * 2 > matched,
                "{words_of_query:?}: only {skipped} of {matched} matches skipped"
            );
        }
    }
}
