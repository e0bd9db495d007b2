//! The bundled report indexed once per test binary, a search of it with a page of
//! twenty hits, and indexes of JSONL fixtures: shared by the test files that rank
//! documents (each uses a part).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use hanseek_search::{SearchOptions, SearchResult, Searcher};

#[path = "../../../../tests/support/tempdir.rs"]
mod support_tempdir;

pub use support_tempdir::tempdir;

/// The ids' common prefix in the bundled report.
pub const REPORT: &str = "kostec-weekly-2023-12-01/";

pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The index of the bundled corpus, built on first use.
pub fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = tempdir("bundled").join("index");
        hanseek_index::build(&repository().join("corpus"), &index, Default::default(), &mut |_| {}).unwrap();
        index
    })
}

/// `query` over the bundled report, twenty hits; checked to be the page of the search
/// that counts every match (see `pruned_pages.rs`), so every ranking test checks it.
pub fn search(query: &str) -> SearchResult {
    let options = |total_up_to| SearchOptions {
        limit: 20,
        total_up_to,
        ..SearchOptions::default()
    };
    let searcher = Searcher::open(index()).unwrap();
    let search = |options| {
        searcher
            .search(query, &options)
            .unwrap_or_else(|e| panic!("{query}: {e}"))
    };
    let (bounded, exhaustive) = (search(options(Some(1))), search(options(None)));
    let page =
        |r: &SearchResult| -> Vec<(String, u32)> { r.hits.iter().map(|h| (h.id.clone(), h.score.to_bits())).collect() };
    assert_eq!(page(&bounded), page(&exhaustive), "{query}: the bounded search's page");
    search(options(SearchOptions::default().total_up_to))
}

/// The hits' ids, without the bundled report's prefix.
pub fn ids(result: &SearchResult) -> Vec<&str> {
    result
        .hits
        .iter()
        .map(|h| h.id.strip_prefix(REPORT).unwrap_or(&h.id))
        .collect()
}

/// An index of a JSONL fixture of (id, title, body) documents, all of one date, in a
/// fresh folder.
pub fn fixture_index(name: &str, documents: &[(&str, &str, &str)]) -> PathBuf {
    let dir = tempdir(name);
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let lines: Vec<String> = documents
        .iter()
        .map(|(id, title, body)| {
            serde_json::json!({"id": id, "title": title, "body": body, "date": "2024-01-05"}).to_string()
        })
        .collect();
    std::fs::write(corpus.join("documents.jsonl"), lines.join("\n")).unwrap();
    let index = dir.join("index");
    hanseek_index::build(&corpus, &index, Default::default(), &mut |_| {}).unwrap();
    index
}

/// A searcher over [`fixture_index`].
pub fn fixture(name: &str, documents: &[(&str, &str, &str)]) -> Searcher {
    Searcher::open(&fixture_index(name, documents)).unwrap()
}
