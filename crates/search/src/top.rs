//! The top hits of a query: highest score first, ties to the newer document, then to
//! the lower id (or, sorted by date, newest first, ties to the higher score, then to
//! the lower id), so that the order depends on neither how many threads built the index
//! nor how its segments merged (document addresses do), and paging is stable.
//!
//! tantivy's `TopDocs::tweak_score` could break the ties too, but it reads the date of
//! every matching document; on a large archive, where a query of two frequent words
//! matches half of it, that read was a fifth of the query's time (BENCHMARKS.md). Here
//! the date and the id are read only for a document whose score could enter the page,
//! and the id as its position in the segment's sorted dictionary of ids, spelled out
//! only to break a tie between two segments.

use std::cell::OnceCell;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering as AtomicOrdering};
use std::sync::Arc;

use hanseek_index::ID_FIELD;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DateTime, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// One hit: its score, its date as seconds (`i64::MIN` without one), its address.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub score: Score,
    pub date: i64,
    pub address: DocAddress,
    /// Newest first instead of highest score first.
    by_date: bool,
    /// The document's id, as its ordinal in its segment's id column.
    id: IdKey,
}

/// A document's id, spelled out only to break a tie with a hit of another segment:
/// spelling one out decompresses a block of the column's dictionary (~20 µs).
#[derive(Debug, Clone)]
struct IdKey {
    ids: Option<StrColumn>,
    ordinal: u64,
    /// Spelled once: sorting the best 1,000 hits of several segments (for facets)
    /// compares a hit many times, and tied dates are common (a week's report).
    spelled: OnceCell<String>,
}

impl IdKey {
    fn spelled(&self) -> &str {
        self.spelled.get_or_init(|| {
            let mut id = String::new();
            if let Some(ids) = &self.ids {
                // The ordinal was read from this column, so it is in its dictionary.
                let _ = ids.ord_to_str(self.ordinal, &mut id);
            }
            id
        })
    }
}

impl Ranked {
    /// `Greater` ranks higher.
    fn rank(&self, other: &Ranked) -> Ordering {
        first_keys(self.by_date, (self.score, self.date), (other.score, other.date))
            .then_with(|| {
                if self.address.segment_ord == other.address.segment_ord {
                    // Ordinals in one segment's sorted dictionary order like the ids.
                    other.id.ordinal.cmp(&self.id.ordinal)
                } else {
                    other.id.spelled().cmp(self.id.spelled())
                }
            })
            .then(other.address.cmp(&self.address))
    }
}

/// Score then date, or (by date) date then score: `Greater` ranks higher.
fn first_keys(by_date: bool, (score, date): (Score, i64), (other_score, other_date): (Score, i64)) -> Ordering {
    if by_date {
        date.cmp(&other_date).then(score.total_cmp(&other_score))
    } else {
        score.total_cmp(&other_score).then(date.cmp(&other_date))
    }
}

/// A hit inside one segment, where the id's ordinal in the segment's dictionary of ids
/// orders like the id itself.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    score: Score,
    date: i64,
    id_ordinal: u64,
    doc: DocId,
    by_date: bool,
}

impl Candidate {
    fn rank(&self, other: &Candidate) -> Ordering {
        first_keys(self.by_date, (self.score, self.date), (other.score, other.date))
            .then(other.id_ordinal.cmp(&self.id_ordinal))
            .then(other.doc.cmp(&self.doc))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Candidate) -> bool {
        self.rank(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Candidate) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Candidate) -> Ordering {
        self.rank(other)
    }
}

/// What a collector and a query share to skip work: the lowest score a hit needs to
/// enter the page, as the collector learns it (the weakest hit it keeps once it keeps a
/// full page), and how many matches the query counted without reporting them because
/// their score could not reach it (`conjunction::AllOf`). Skipping is safe because a
/// full page of better hits exists somewhere: a skipped match could neither enter the
/// page nor push a hit out of it. The total is the collector's count plus `skipped`.
///
/// With a bound on the total ([`Pruning::counting_to`]), the query also says how many
/// matches it has counted; once they reach the bound it stops counting, and may then
/// skip whole clauses and windows that cannot reach the page (`conjunction`): the
/// total is then "at least the bound".
#[derive(Debug, Clone)]
pub struct Pruning(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    threshold: AtomicU32,
    skipped: AtomicU64,
    /// Count matches exactly up to this many; `u64::MAX`: all of them.
    count_to: u64,
    /// The matches counted so far, reported or skipped, in every segment.
    counted: AtomicU64,
}

impl Default for Pruning {
    fn default() -> Pruning {
        Pruning::counting_to(None)
    }
}

impl Pruning {
    /// Counts the matches exactly up to `bound` (all of them without one).
    pub fn counting_to(bound: Option<usize>) -> Pruning {
        Pruning(Arc::new(Shared {
            threshold: AtomicU32::new(Score::NEG_INFINITY.to_bits()),
            skipped: AtomicU64::new(0),
            count_to: bound.map_or(u64::MAX, |b| b as u64),
            counted: AtomicU64::new(0),
        }))
    }

    /// Minus infinity until a page is full.
    pub fn threshold(&self) -> Score {
        Score::from_bits(self.0.threshold.load(AtomicOrdering::Relaxed))
    }

    /// Never lowers it: each segment's page is a lower bound of the final page.
    pub(crate) fn raise(&self, score: Score) {
        let _ = self
            .0
            .threshold
            .fetch_update(AtomicOrdering::Relaxed, AtomicOrdering::Relaxed, |bits| {
                (score > Score::from_bits(bits)).then_some(score.to_bits())
            });
    }

    pub(crate) fn add_skipped(&self, matches: u64) {
        self.0.skipped.fetch_add(matches, AtomicOrdering::Relaxed);
    }

    /// The matches counted but not reported to the collector.
    pub fn skipped(&self) -> u64 {
        self.0.skipped.load(AtomicOrdering::Relaxed)
    }

    /// The bound the matches are counted to.
    pub fn count_to(&self) -> usize {
        usize::try_from(self.0.count_to).unwrap_or(usize::MAX)
    }

    /// Adds matches (reported or skipped) to the running count.
    pub(crate) fn add_counted(&self, matches: u64) {
        self.0.counted.fetch_add(matches, AtomicOrdering::Relaxed);
    }

    /// The count reached the bound: the total is at least the bound, and matches need
    /// no longer be counted.
    pub fn counted_enough(&self) -> bool {
        self.0.counted.load(AtomicOrdering::Relaxed) >= self.0.count_to
    }

    /// Matches that cannot reach the page may go uncounted: the page is full and the
    /// bound reached.
    pub(crate) fn may_skip_uncounted(&self) -> bool {
        self.threshold() > Score::NEG_INFINITY && self.counted_enough()
    }
}

/// Collects the best `offset + limit` hits and returns them from `offset` on.
pub struct TopNewestFirst {
    date_field: String,
    limit: usize,
    offset: usize,
    /// Only the first this many hits returned need their exact order; the rest only
    /// need to be the right hits (facets count them).
    ordered: usize,
    pruning: Pruning,
    by_date: bool,
}

impl TopNewestFirst {
    /// `date_field` is a fast date field; a document without a date is the oldest.
    pub fn new(date_field: &str, limit: usize, offset: usize) -> TopNewestFirst {
        TopNewestFirst {
            date_field: date_field.to_string(),
            limit,
            offset,
            ordered: usize::MAX,
            pruning: Pruning::default(),
            by_date: false,
        }
    }

    /// Orders only the first `ordered` hits it returns exactly; the others are the
    /// right hits in an order of score and date alone, which spares spelling out the
    /// ids of tied hits from different segments (~20 µs each).
    pub fn ordering_first(mut self, ordered: usize) -> TopNewestFirst {
        self.ordered = ordered;
        self
    }

    /// Newest first; the score only breaks ties. Nothing is pruned then: a match's
    /// score says nothing about whether its date enters the page.
    pub fn by_date(mut self, by_date: bool) -> TopNewestFirst {
        self.by_date = by_date;
        self
    }

    /// Tells `pruning` the score a hit needs to enter the page, as soon as it is known.
    pub fn publishing(mut self, pruning: Pruning) -> TopNewestFirst {
        self.pruning = pruning;
        self
    }
}

impl Collector for TopNewestFirst {
    type Fruit = Vec<Ranked>;
    type Child = SegmentTop;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentTop> {
        Ok(SegmentTop {
            segment,
            dates: reader.fast_fields().date(&self.date_field).ok(),
            ids: reader.fast_fields().str(ID_FIELD).ok().flatten(),
            keep: self.limit + self.offset,
            // A min-heap: its top is the weakest hit kept.
            heap: BinaryHeap::with_capacity(self.limit + self.offset + 1),
            pruning: self.pruning.clone(),
            by_date: self.by_date,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<Vec<Ranked>>) -> tantivy::Result<Vec<Ranked>> {
        let mut all: Vec<Ranked> = segments.into_iter().flatten().collect();
        let first_keys_of =
            |hit: &Ranked, other: &Ranked| first_keys(hit.by_date, (hit.score, hit.date), (other.score, other.date));
        all.sort_unstable_by(|a, b| first_keys_of(b, a));
        // Hits tied on score and date are put in their exact order where the order is
        // asked for, and where the tie straddles the last hit kept.
        let (ordered_to, kept_to) = (self.offset.saturating_add(self.ordered), self.offset + self.limit);
        let mut start = 0;
        while start < all.len().min(kept_to) {
            let end = start + all[start..].partition_point(|hit| first_keys_of(hit, &all[start]) == Ordering::Equal);
            if start < ordered_to || end > kept_to {
                all[start..end].sort_unstable_by(|a, b| b.rank(a));
            }
            start = end;
        }
        Ok(all.into_iter().skip(self.offset).take(self.limit).collect())
    }
}

pub struct SegmentTop {
    segment: SegmentOrdinal,
    dates: Option<Column<DateTime>>,
    ids: Option<StrColumn>,
    keep: usize,
    heap: BinaryHeap<Reverse<Candidate>>,
    pruning: Pruning,
    by_date: bool,
}

impl SegmentCollector for SegmentTop {
    type Fruit = Vec<Ranked>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.keep == 0 {
            return;
        }
        let full = self.heap.len() == self.keep;
        // Below the weakest kept score, the date cannot help: skip without reading it.
        if full && !self.by_date && self.heap.peek().is_some_and(|weakest| score < weakest.0.score) {
            return;
        }
        let date = self
            .dates
            .as_ref()
            .and_then(|column| column.first(doc))
            .map_or(i64::MIN, |d| d.into_timestamp_secs());
        let id_ordinal = self
            .ids
            .as_ref()
            .and_then(|column| column.term_ords(doc).next())
            .unwrap_or(u64::MAX);
        let hit = Candidate {
            score,
            date,
            id_ordinal,
            doc,
            by_date: self.by_date,
        };
        if !full {
            self.heap.push(Reverse(hit));
        } else if self.heap.peek().is_some_and(|weakest| hit > weakest.0) {
            self.heap.pop();
            self.heap.push(Reverse(hit));
        } else {
            // The page did not change, nor the score it needs.
            return;
        }
        if self.heap.len() == self.keep && !self.by_date {
            if let Some(weakest) = self.heap.peek() {
                self.pruning.raise(weakest.0.score);
            }
        }
    }

    fn harvest(self) -> Vec<Ranked> {
        self.heap
            .into_iter()
            .map(|Reverse(hit)| Ranked {
                score: hit.score,
                date: hit.date,
                address: DocAddress::new(self.segment, hit.doc),
                by_date: hit.by_date,
                id: IdKey {
                    ids: self.ids.clone(),
                    ordinal: hit.id_ordinal,
                    spelled: OnceCell::new(),
                },
            })
            .collect()
    }
}
