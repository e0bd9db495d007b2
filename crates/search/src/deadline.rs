//! A search's deadline (`SearchOptions::deadline`): the server answers 408 when a
//! request passes it, and the search itself stops at its next check instead of
//! running to its end unseen, holding a core (64 heavy requests kept searching 10–15 s
//! after their answers were given).
//!
//! Checked where a search moves from one piece of work to the next: before each
//! collection pass, before each segment of a pass ([`Within`]), before each stored
//! document of the page is read and before each snippet. A pass over one segment
//! runs to its end: tantivy's collectors cannot stop inside one, and a segment is a
//! bounded part of the index (BENCHMARKS.md: tens of milliseconds at 10^5 articles).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{SegmentOrdinal, SegmentReader};

use crate::SearchError;

/// When a search must stop, if ever; and whether a check found it past.
#[derive(Default)]
pub(crate) struct Deadline {
    at: Option<Instant>,
    passed: AtomicBool,
}

impl Deadline {
    pub(crate) fn new(at: Option<Instant>) -> Deadline {
        Deadline {
            at,
            passed: AtomicBool::new(false),
        }
    }

    fn is_past(&self) -> bool {
        let past = self.at.is_some_and(|at| Instant::now() >= at);
        if past {
            self.passed.store(true, Ordering::Relaxed);
        }
        past
    }

    /// How long until the deadline, if there is one (zero once past).
    pub(crate) fn remaining(&self) -> Option<std::time::Duration> {
        self.at.map(|at| at.saturating_duration_since(Instant::now()))
    }

    /// An error once the deadline has passed.
    pub(crate) fn check(&self) -> Result<(), SearchError> {
        if self.is_past() {
            return Err(SearchError::Deadline);
        }
        Ok(())
    }

    /// `error`, or the deadline if a segment was refused for it (tantivy reports the
    /// refusal as its own error).
    pub(crate) fn explain(&self, error: tantivy::TantivyError) -> SearchError {
        if self.passed.load(Ordering::Relaxed) {
            SearchError::Deadline
        } else {
            SearchError::Tantivy(error)
        }
    }
}

/// `collector`, refusing each segment once the deadline has passed.
pub(crate) struct Within<'d, C> {
    collector: C,
    deadline: &'d Deadline,
}

impl<'d, C> Within<'d, C> {
    pub(crate) fn new(collector: C, deadline: &'d Deadline) -> Within<'d, C> {
        Within { collector, deadline }
    }
}

impl<C: Collector> Collector for Within<'_, C> {
    type Fruit = C::Fruit;
    type Child = C::Child;

    fn check_schema(&self, schema: &tantivy::schema::Schema) -> tantivy::Result<()> {
        self.collector.check_schema(schema)
    }

    fn for_segment(&self, ordinal: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<Self::Child> {
        self.collector.for_segment(ordinal, segment)
    }

    fn requires_scoring(&self) -> bool {
        self.collector.requires_scoring()
    }

    fn merge_fruits(&self, fruits: Vec<<Self::Child as SegmentCollector>::Fruit>) -> tantivy::Result<Self::Fruit> {
        self.collector.merge_fruits(fruits)
    }

    fn collect_segment(
        &self,
        weight: &dyn tantivy::query::Weight,
        ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<<Self::Child as SegmentCollector>::Fruit> {
        if self.deadline.is_past() {
            return Err(tantivy::TantivyError::InternalError(
                "the search passed its deadline".into(),
            ));
        }
        self.collector.collect_segment(weight, ordinal, segment)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::Count;
    use tantivy::query::AllQuery;
    use tantivy::schema::{Schema, STRING};
    use tantivy::{doc, Index};

    use super::*;

    #[test]
    fn each_segment_is_refused_once_the_deadline_has_passed() {
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.add_document(doc!(id => "a")).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();

        let open = Deadline::new(Some(Instant::now() + std::time::Duration::from_secs(60)));
        assert_eq!(searcher.search(&AllQuery, &Within::new(Count, &open)).unwrap(), 1);
        let passed = Deadline::new(Some(Instant::now()));
        let refused = searcher.search(&AllQuery, &Within::new(Count, &passed)).unwrap_err();
        assert!(matches!(passed.explain(refused), SearchError::Deadline));
        // Another error is reported as itself.
        let other = tantivy::TantivyError::InternalError("other".into());
        assert!(matches!(open.explain(other), SearchError::Tantivy(_)));
        assert!(Deadline::default().check().is_ok());
    }
}
