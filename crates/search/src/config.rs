//! What a front end decides once, before its first query: which index, which alias
//! file, how many threads a query may use, and how much one request may ask for. The
//! CLI fills it from flags and the server from its own; the defaults are here, so
//! both front ends behave alike and neither reads the current folder behind the
//! user's back.

use std::path::PathBuf;

/// Sets the index folder when no `--index` flag does (front ends read it through
/// their flags, so `--help` shows it).
pub const INDEX_ENV: &str = "HANSEEK_INDEX";
/// Sets the alias file when no `--aliases` flag does.
pub const ALIASES_ENV: &str = "HANSEEK_ALIASES";

/// Where the aliases come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AliasSource {
    /// The file the index recorded when it was built (`index build --aliases`), if
    /// any: the same index then searches the same way from any folder.
    Recorded,
    /// This file (a flag or `HANSEEK_ALIASES`).
    File(PathBuf),
    /// No aliases.
    Off,
}

/// How much one search may ask for: past these, a request is refused with an error
/// that says the limit, instead of allocating what it asks (`--limit 4294967295` once
/// tried to allocate 103 GB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Hits on one page.
    pub max_limit: usize,
    /// How deep paging may go (`offset`).
    pub max_offset: usize,
    /// Query length, in characters.
    pub max_query_chars: usize,
}

impl Default for Limits {
    /// Generous for a terminal or a script: a page of 10,000 hits with snippets takes
    /// about a second on the 10^5-article archive; a server sets tighter ones.
    fn default() -> Limits {
        Limits {
            max_limit: 10_000,
            max_offset: 1_000_000,
            max_query_chars: 2_000,
        }
    }
}

/// Matches counted exactly by default, as Elasticsearch's `track_total_hits`: past
/// this, a search says "at least 10,000" and skips what cannot reach the page.
pub const TOTAL_UP_TO: usize = 10_000;

/// When the total is bounded, facets count the best this many matches: a frequent
/// word's facets then cost a page of 1,000 hits instead of every match (at 10^6
/// articles, hundreds of thousands), and say where the most relevant documents are.
/// Below it, the best matches are every match and the counts are exact.
pub const FACETS_OVER_BEST: usize = 1_000;

/// Everything a [`crate::Searcher`] is opened with.
#[derive(Debug, Clone)]
pub struct SearchConfig {
    pub index: PathBuf,
    pub aliases: AliasSource,
    /// Threads one query may search segments on (see [`crate::Searcher::open`]).
    pub threads: usize,
    /// The smallest index whose segments a query searches in parallel.
    pub parallel_from_docs: u32,
    pub limits: Limits,
}

/// The smallest index whose segments a query searches in parallel: below, starting
/// threads costs more than it saves (the bundled report's one-shot search: 4.6 ms on
/// one thread, 5.7 ms on two).
pub const PARALLEL_FROM_DOCS: u32 = 20_000;

impl SearchConfig {
    /// The index at `index`, its recorded aliases, one thread per query.
    pub fn new(index: impl Into<PathBuf>) -> SearchConfig {
        SearchConfig {
            index: index.into(),
            aliases: AliasSource::Recorded,
            threads: 1,
            parallel_from_docs: PARALLEL_FROM_DOCS,
            limits: Limits::default(),
        }
    }

    /// Every core: one query on a large index answers sooner (at 10^5 articles on 2
    /// cores, `a b` p50 2.4 → 1.9 ms), which suits a one-shot search; a server
    /// answering many queries at once gets more through with 1.
    pub fn all_cores() -> usize {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }

    pub fn with_aliases(mut self, aliases: AliasSource) -> SearchConfig {
        self.aliases = aliases;
        self
    }

    pub fn with_threads(mut self, threads: usize) -> SearchConfig {
        self.threads = threads.max(1);
        self
    }

    pub fn with_limits(mut self, limits: Limits) -> SearchConfig {
        self.limits = limits;
        self
    }
}
