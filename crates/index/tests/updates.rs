//! Issue 28.1: whatever adds, edits, removals and reused ids a corpus goes through,
//! `update` leaves the index a fresh `build` of the same corpus would make — but for
//! the ids reported as held by another file, whose holder may differ (the file that
//! had the id first, against the first in the corpus's order) — and never loses a
//! document no other file holds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use hanseek_index::{build, open_current, update, BuildOptions, BuildSummary};
use proptest::prelude::*;
use tantivy::schema::Value;
use tantivy::TantivyDocument;

/// Every document of the index: id → (source file, title).
fn contents(index: &Path) -> BTreeMap<String, (String, String)> {
    let open = open_current(index).unwrap();
    let reader = open.index.reader().unwrap();
    let searcher = reader.searcher();
    let text = |doc: &TantivyDocument, field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string();
    let mut out = BTreeMap::new();
    for (segment, segment_reader) in searcher.segment_readers().iter().enumerate() {
        for doc in segment_reader.doc_ids_alive() {
            let document: TantivyDocument = searcher.doc(tantivy::DocAddress::new(segment as u32, doc)).unwrap();
            let id = text(&document, open.fields.id);
            let previous = out.insert(
                id.clone(),
                (text(&document, open.fields.source), text(&document, open.fields.title)),
            );
            assert!(previous.is_none(), "id {id} indexed twice");
        }
    }
    out
}

/// The ids a build or update reported as held by another file.
fn reported(summary: &BuildSummary) -> BTreeSet<String> {
    summary
        .errors
        .iter()
        .filter_map(|e| {
            e.message
                .strip_prefix("document id '")?
                .split_once("' is already held by")
                .map(|(id, _)| id.to_string())
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Step {
    /// Write file `n` with these (id, title) documents (adds it, or edits it).
    Write(usize, Vec<(usize, usize)>),
    Remove(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..4usize, prop::collection::vec((0..6usize, 0..3usize), 1..4)).prop_map(|(n, docs)| Step::Write(n, docs)),
        1 => (0..4usize).prop_map(Step::Remove),
    ]
}

fn options() -> BuildOptions {
    BuildOptions {
        threads: 1,
        memory_budget: 15 << 20,
        ..BuildOptions::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn updates_leave_what_a_fresh_build_makes(steps in prop::collection::vec(step(), 1..7)) {
        let work = tempfile::tempdir().unwrap();
        let corpus = work.path().join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        // A file that never changes, so that no update removes more than half.
        std::fs::write(corpus.join("base.jsonl"), "{\"id\":\"base\",\"title\":\"기준\",\"body\":\"b\"}\n").unwrap();
        let updated = work.path().join("updated");
        build(&corpus, &updated, options(), &mut |_| {}).unwrap();
        for (n, step) in steps.iter().enumerate() {
            match step {
                Step::Write(file, docs) => {
                    let mut ids = BTreeSet::new();
                    let lines: String = docs
                        .iter()
                        .filter(|(id, _)| ids.insert(*id))
                        .map(|(id, title)| format!("{{\"id\":\"id{id}\",\"title\":\"제목{title} 단계{n}\",\"body\":\"본문\"}}\n"))
                        .collect();
                    std::fs::write(corpus.join(format!("f{file}.jsonl")), lines).unwrap();
                }
                Step::Remove(file) => {
                    let _ = std::fs::remove_file(corpus.join(format!("f{file}.jsonl")));
                }
            }
            let by_update = update(&corpus, &updated, options(), &mut |_| {}).unwrap();
            let fresh = work.path().join(format!("fresh-{n}"));
            let by_build = build(&corpus, &fresh, options(), &mut |_| {}).unwrap();
            let excused: BTreeSet<String> = reported(&by_update).union(&reported(&by_build)).cloned().collect();
            let (got, expected) = (contents(&updated), contents(&fresh));
            let keys: BTreeSet<&String> = got.keys().chain(expected.keys()).collect();
            for id in keys {
                if excused.contains(id.as_str()) {
                    // Held by one file or the other, but held: never lost.
                    prop_assert!(got.contains_key(id) && expected.contains_key(id), "step {n}: {id} lost");
                } else {
                    prop_assert_eq!(got.get(id), expected.get(id), "step {}: {} ({:?})", n, id, step);
                }
            }
        }
    }
}
