//! The highest score a clause can give a document, known before reading it: what lets
//! `conjunction` leave a field unread once the page's weakest hit is out of its reach
//! (phrases and the bigrams of names included, not only terms).

use tantivy::query::{AllQuery, BooleanQuery, PhraseQuery, RangeQuery};
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight, BoostWeight, EnableScoring, Occur, Query, TermQuery, Weight};
use tantivy::{Score, Term};

use crate::conjunction::WeightedTerm;
use crate::fields::Labeled;

/// Scores rounded differently from the bound's own arithmetic stay below it.
const ROUNDING: Score = 1.0 + 1e-5;

/// `inner`'s score multiplied by `weight`: tantivy's `BoostQuery`, whose parts a bound
/// can read.
#[derive(Debug)]
pub struct Boosted {
    inner: Box<dyn Query>,
    weight: Score,
}

impl Boosted {
    pub fn new(inner: Box<dyn Query>, weight: Score) -> Boosted {
        Boosted { inner, weight }
    }
}

impl Clone for Boosted {
    fn clone(&self) -> Boosted {
        Boosted::new(self.inner.box_clone(), self.weight)
    }
}

impl Query for Boosted {
    /// As `BoostQuery` does, so that scores are the same to the bit.
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weight = self.inner.weight(enable_scoring)?;
        Ok(if enable_scoring.is_scoring_enabled() {
            Box::new(BoostWeight::new(weight, self.weight))
        } else {
            weight
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

/// At least the score `query` can give any document (BM25 saturates: at most its idf
/// times `k1 + 1`, times the weights above it); infinite for a query it cannot bound.
pub fn max_score(query: &dyn Query, statistics: &dyn Bm25StatisticsProvider) -> Score {
    let bm25 = |terms: &[Term]| Bm25Weight::for_terms(statistics, terms).map_or(Score::INFINITY, |w| w.max_score());
    let max = if let Some(term) = query.downcast_ref::<WeightedTerm>() {
        term.max_score(statistics)
    } else if let Some(term) = query.downcast_ref::<TermQuery>() {
        bm25(std::slice::from_ref(term.term()))
    } else if let Some(phrase) = query.downcast_ref::<PhraseQuery>() {
        bm25(&phrase.phrase_terms())
    } else if let Some(boosted) = query.downcast_ref::<Boosted>() {
        boosted.weight * max_score(boosted.inner.as_ref(), statistics)
    } else if let Some(labeled) = query.downcast_ref::<Labeled>() {
        max_score(labeled.inner(), statistics)
    } else if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        // It scores the sum of the clauses matched; an excluded one adds nothing.
        let clauses = boolean.clauses().iter().filter(|(occur, _)| *occur != Occur::MustNot);
        clauses.map(|(_, q)| max_score(q.as_ref(), statistics)).sum()
    } else if query.is::<RangeQuery>() || query.is::<AllQuery>() {
        // Filters (a date range, everything but a section) score a constant 1.
        1.0
    } else {
        Score::INFINITY
    };
    if max.is_nan() {
        Score::INFINITY
    } else {
        max * ROUNDING
    }
}
