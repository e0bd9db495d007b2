//! The bundled report indexed once per test binary, and a search of it with a page of
//! twenty hits: shared by the test files that rank its articles (each uses a part).
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

/// `query` over the bundled report, twenty hits.
pub fn search(query: &str) -> SearchResult {
    let options = SearchOptions {
        limit: 20,
        ..SearchOptions::default()
    };
    Searcher::open(index())
        .unwrap()
        .search(query, &options)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
}
