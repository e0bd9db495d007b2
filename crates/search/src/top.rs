//! The top hits of a query: highest score first, ties to the newer document, then to
//! the lower address (so that paging is stable).
//!
//! tantivy's `TopDocs::tweak_score` could break the ties too, but it reads the date of
//! every matching document; on a large archive, where a query of two frequent words
//! matches half of it, that read was a fifth of the query's time (BENCHMARKS.md). Here
//! the date is read only for a document whose score could enter the page.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// One hit: its score, its date as seconds (`i64::MIN` without one), its address.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub score: Score,
    pub date: i64,
    pub address: DocAddress,
}

impl Ranked {
    /// `Greater` ranks higher.
    fn rank(&self, other: &Ranked) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(self.date.cmp(&other.date))
            .then(other.address.cmp(&self.address))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Ranked) -> bool {
        self.rank(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Ranked) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Ranked) -> Ordering {
        self.rank(other)
    }
}

/// Collects the best `offset + limit` hits and returns them from `offset` on.
pub struct TopNewestFirst {
    date_field: String,
    limit: usize,
    offset: usize,
}

impl TopNewestFirst {
    /// `date_field` is a fast date field; a document without a date is the oldest.
    pub fn new(date_field: &str, limit: usize, offset: usize) -> TopNewestFirst {
        TopNewestFirst {
            date_field: date_field.to_string(),
            limit,
            offset,
        }
    }
}

impl Collector for TopNewestFirst {
    type Fruit = Vec<Ranked>;
    type Child = SegmentTop;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentTop> {
        Ok(SegmentTop {
            segment,
            dates: reader.fast_fields().date(&self.date_field).ok(),
            keep: self.limit + self.offset,
            // A min-heap: its top is the weakest hit kept.
            heap: BinaryHeap::with_capacity(self.limit + self.offset + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<Vec<Ranked>>) -> tantivy::Result<Vec<Ranked>> {
        let mut all: Vec<Ranked> = segments.into_iter().flatten().collect();
        all.sort_unstable_by(|a, b| b.rank(a));
        Ok(all.into_iter().skip(self.offset).take(self.limit).collect())
    }
}

pub struct SegmentTop {
    segment: SegmentOrdinal,
    dates: Option<Column<DateTime>>,
    keep: usize,
    heap: BinaryHeap<Reverse<Ranked>>,
}

impl SegmentCollector for SegmentTop {
    type Fruit = Vec<Ranked>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.keep == 0 {
            return;
        }
        let full = self.heap.len() == self.keep;
        // Below the weakest kept score, the date cannot help: skip without reading it.
        if full && self.heap.peek().is_some_and(|weakest| score < weakest.0.score) {
            return;
        }
        let date = self
            .dates
            .as_ref()
            .and_then(|column| column.first(doc))
            .map_or(i64::MIN, |d| d.into_timestamp_secs());
        let hit = Ranked {
            score,
            date,
            address: DocAddress::new(self.segment, doc),
        };
        if !full {
            self.heap.push(Reverse(hit));
        } else if self.heap.peek().is_some_and(|weakest| hit > weakest.0) {
            self.heap.pop();
            self.heap.push(Reverse(hit));
        }
    }

    fn harvest(self) -> Vec<Ranked> {
        self.heap.into_iter().map(|Reverse(hit)| hit).collect()
    }
}
