//! Ranked search over a hanseek index, for every front end (the CLI, the server).
//!
//! Where things are — a search reads parse → expand → execute → present:
//! - [`Searcher`] (here): opens an index with a [`SearchConfig`] ([`config`]) and
//!   follows its rebuilds ([`handle`]); [`Searcher::search`] runs the stages below.
//! - [`query`] (parse): the query language (words, phrases, `OR`, exclusions, filters).
//! - `expand`: each word or phrase as one value listing every way it is looked for
//!   (as written, pairs, bigrams, readings, names, aliases, 초성, typos), from its one
//!   analysis (`word`) and its respellings (`respelling`); `clauses` compiles it into
//!   tantivy queries, [`filters`] the filters.
//! - [`fields`]: which field each derivation searches and its BM25 weight — the only
//!   place a weight is set — and the labels `--explain` shows.
//! - `execute`: the passes (as written, expanded, some of the words) over the index;
//!   `conjunction` and `top` match every word window by window and keep the page of
//!   top hits, scoring only what can reach it.
//! - `present`: the hits of the page, with snippets ([`snippet`]: highlights and `via`,
//!   made from the same expansion); [`result`]: the serde types every front end prints
//!   (the JSON contract); [`documents`]: one document with its references.
//! - [`related`]: the documents sharing one document's rarest words (`show --related`).
//!
//! A front end (the CLI's `search`, `show`, `analyze`, `index stats`; the server)
//! fills a [`SearchConfig`], opens a [`Searcher`], and prints what it returns.

pub mod aliases;
mod bound;
mod clauses;
pub mod config;
mod conjunction;
mod deadline;
pub mod documents;
mod execute;
mod expand;
pub mod fields;
pub mod filters;
mod handle;
mod loading;
mod present;
pub mod query;
pub mod related;
mod respelling;
pub mod result;
pub mod snippet;
pub mod suggest;
mod top;
mod word;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use tantivy::{Score, TantivyDocument};

pub use aliases::{AliasError, Aliases};
pub use clauses::sequence_query;
pub use config::{AliasSource, Limits, SearchConfig, FACETS_OVER_BEST, PARALLEL_FROM_DOCS, TOTAL_UP_TO};
use deadline::Deadline;
pub use documents::{Document, DocumentHighlights, Original, OriginalError};
use expand::{Expander, PairTerms, Plan};
use handle::Handle;
pub use hanseek_analysis::{AnalyzerKind, Token};
pub use hanseek_index::{IndexError, Stats};
use loading::Loading;
pub use query::{Kind, ParsedQuery, QueryError, Text};
pub use related::{Related, RelatedWord};
pub use result::{Analysis, Facets, Hit, SearchResult, TotalRelation, WordsMatched};
use snippet::Matcher;
pub use suggest::{Suggestion, Suggestions};
pub use word::{Crossing, Word};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("in the query {query:?} at {error}")]
    Query { query: String, error: QueryError },
    #[error("the query {0:?} has no searchable words (particles, endings and punctuation alone are ignored)")]
    Empty(String),
    #[error("{0}")]
    UnknownValue(String),
    /// A request over one of the [`Limits`].
    #[error("{0}")]
    Limit(String),
    #[error(transparent)]
    Aliases(#[from] AliasError),
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Original(#[from] OriginalError),
    /// The search passed `SearchOptions::deadline` and was stopped.
    #[error("the search took longer than it was given and was stopped")]
    Deadline,
}

/// What a search covers besides its query: all of the index, and parent titles
/// (a link's article's title, which finds the link), unless `related` says otherwise.
struct Scope<'s> {
    /// The id of a document left out.
    without: Option<String>,
    parent_titles: bool,
    /// The hits ranked again by another score, then cut to a page.
    rescore: Option<Rescore<'s>>,
}

/// The score hits are ranked by instead of the query's, and the page of them kept.
struct Rescore<'s> {
    score: &'s dyn Fn(&TantivyDocument) -> Score,
    offset: usize,
    limit: usize,
}

impl Default for Scope<'_> {
    fn default() -> Self {
        Scope {
            without: None,
            parent_titles: true,
            rescore: None,
        }
    }
}

/// One search as the stages after expansion see it.
#[derive(Clone, Copy)]
struct Request<'r> {
    /// The query as typed (composed), for messages.
    text: &'r str,
    parsed: &'r ParsedQuery,
    options: &'r SearchOptions,
    scope: &'r Scope<'r>,
    deadline: &'r Deadline,
}

/// The order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Highest score first; ties to the newer document, then the lower id.
    #[default]
    Relevance,
    /// Newest first (a weekly report's readers often want this week's first); ties to
    /// the higher score, then the lower id. Documents without a date come last.
    Date,
}

impl Sort {
    pub fn parse(value: &str) -> Option<Sort> {
        match value {
            "relevance" => Some(Sort::Relevance),
            "date" => Some(Sort::Date),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    pub kind: Option<Kind>,
    pub explain: bool,
    /// Snippet length in characters.
    pub snippet_chars: usize,
    pub snippets: bool,
    /// Cross-script matches: Sino-Korean readings and aliases. Off: same-script only.
    pub bridge: bool,
    /// Count facets (kind, section, category, month): over the best
    /// [`FACETS_OVER_BEST`] matches (every match when there are fewer), or over every
    /// match when `total_up_to` is `None` or the hits are sorted by date
    /// (`SearchResult::facets_counted` says how many).
    pub facets: bool,
    /// Count matches exactly up to this many, as Elasticsearch's `track_total_hits`:
    /// past it, the total is "at least this many" (`SearchResult::total_relation`) and
    /// the search skips the matches that cannot reach the page instead of counting
    /// them, which is what keeps a frequent word fast on a large archive. `None`: count
    /// every match (slower, exact). Never below `expand_below`, which needs an exact
    /// count to decide.
    pub total_up_to: Option<usize>,
    /// Expand the query when its words find fewer documents than this: a Korean
    /// compound also as the phrase of its parts (인공지능 finds 인공 지능 written apart),
    /// and every word also through the bigram recall fields (a copied string that
    /// morphology splits differently). Unexpanded, a compound is looked up as the one
    /// word the index also holds. Expansion is a safety net: on a large archive a
    /// phrase costs several times a term (BENCHMARKS.md), and past a hundred hits it
    /// adds few, low-ranked ones. The rule depends on the query only, not on the page,
    /// so paging never reorders results.
    pub expand_below: usize,
    /// Stop the search once this instant passes (checked between its pieces of work;
    /// see `deadline`): a server that has already answered 408 frees the core.
    pub deadline: Option<Instant>,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            kind: None,
            explain: false,
            snippet_chars: 160,
            snippets: true,
            bridge: true,
            facets: true,
            total_up_to: Some(TOTAL_UP_TO),
            expand_below: 100,
            deadline: None,
        }
    }
}

/// An open index, ready for many queries from many threads; it follows rebuilds and
/// updates of the index (see [`handle`]).
pub struct Searcher {
    handle: Handle,
    /// Aliases given directly, instead of the configured ones.
    aliases: Option<Arc<Aliases>>,
    /// The stored documents held at once, across every search of this searcher.
    loading: Loading,
}

impl Searcher {
    /// Opens the current generation of the index at `root`, read-only, with the alias
    /// file it recorded; each query runs on one thread.
    pub fn open(root: &Path) -> Result<Searcher, SearchError> {
        Searcher::with_config(SearchConfig::new(root))
    }

    /// Opens the current generation; each query searches the index's segments on up
    /// to `threads` threads (see [`SearchConfig::all_cores`]), where it pays: an index
    /// of several segments and at least [`PARALLEL_FROM_DOCS`] documents.
    pub fn open_with_threads(root: &Path, threads: usize) -> Result<Searcher, SearchError> {
        Searcher::with_config(SearchConfig::new(root).with_threads(threads))
    }

    /// [`Searcher::open_with_threads`] with another size from which to go parallel.
    pub fn open_parallel_from(root: &Path, threads: usize, from_docs: u32) -> Result<Searcher, SearchError> {
        let config = SearchConfig {
            parallel_from_docs: from_docs,
            ..SearchConfig::new(root).with_threads(threads)
        };
        Searcher::with_config(config)
    }

    /// Opens the index `config` names; an error if there is none yet.
    pub fn with_config(config: SearchConfig) -> Result<Searcher, SearchError> {
        Ok(Searcher {
            handle: Handle::open(config, true)?,
            aliases: None,
            loading: Loading::for_this_machine(),
        })
    }

    /// A searcher for a long-running front end: it opens the index when there is one,
    /// so it can start before the first build. Until then, searches fail with
    /// [`IndexError::Missing`]; an alias file that does not load is still an error now.
    pub fn watch(config: SearchConfig) -> Result<Searcher, SearchError> {
        if let AliasSource::File(path) = &config.aliases {
            Aliases::load(path)?;
        }
        Ok(Searcher {
            handle: Handle::open(config, false)?,
            aliases: None,
            loading: Loading::for_this_machine(),
        })
    }

    /// Searches these alias terms (see [`aliases`]) instead of the configured ones.
    pub fn with_aliases(mut self, aliases: Aliases) -> Searcher {
        self.aliases = Some(Arc::new(aliases));
        self
    }

    /// What the user should know about the alias file in use, if anything (a recorded
    /// file that is gone).
    pub fn alias_note(&self) -> Result<Option<String>, SearchError> {
        if self.aliases.is_some() {
            return Ok(None);
        }
        Ok(self.handle.get()?.note.clone())
    }

    /// The document with this id, with its references (an article) or its article (a
    /// link); `None` when the index has no such id.
    pub fn document(&self, id: &str) -> Result<Option<Document>, SearchError> {
        let generation = self.handle.get()?;
        let _held = self.loading.hold(&deadline::Deadline::default())?;
        Ok(documents::document(
            &generation.open.fields,
            &generation.reader.searcher(),
            id,
        )?)
    }

    /// `warn` is told, once, each time the index or the alias file changed and could
    /// not be opened again (a broken alias file, an index of another format): the
    /// last good generation keeps serving, and is not reopened until a file changes
    /// again.
    pub fn on_warning(&self, warn: impl Fn(&str) + Send + Sync + 'static) {
        let _ = self.handle.warn.set(Box::new(warn));
    }

    /// Marks where `query` matches what a view of `document` shows (its
    /// `highlights`, and its references' and article's): see [`Searcher::highlights`].
    pub fn highlight(&self, document: &mut Document, query: &str) -> Result<(), SearchError> {
        let marks = self.highlights(query, &document.shown_texts())?;
        document.mark(marks);
        Ok(())
    }

    /// Where the query `query` matches each of `texts` (a stored field's name and a
    /// text of it, such as a document's title and body), as `[from, to)` character
    /// offsets: its words, and every other spelling a search looks for them by —
    /// readings and names across scripts, aliases, the words of a 초성 word, typos'
    /// corrections. The page's article view marks them.
    pub fn highlights(&self, query: &str, texts: &[(&str, &str)]) -> Result<Vec<Vec<[usize; 2]>>, SearchError> {
        let composed = hanseek_corpus::compose_hangul(query);
        let parsed = query::parse(&composed).map_err(|error| SearchError::Query {
            query: composed.to_string(),
            error,
        })?;
        let generation = self.handle.get()?;
        let searcher = generation.reader.searcher();
        let fields = generation.open.fields;
        let aliases: &Aliases = self.aliases.as_deref().unwrap_or(&generation.aliases);
        let plan = Plan {
            cross_script: true,
            expand: true,
            pairs: None,
            parent_titles: true,
        };
        let expander = Expander::new(&parsed, &searcher, &fields, &generation.initials, aliases, plan)?;
        let matcher = Matcher::new(&expander.highlighted(true));
        Ok(texts.iter().map(|(field, text)| matcher.marks(field, text)).collect())
    }

    /// The PDF document `id` was read from, inside the corpus folder the index was
    /// built from; `None` when the index has no such id.
    pub fn original(&self, id: &str) -> Result<Option<Original>, SearchError> {
        let generation = self.handle.get()?;
        let corpus = std::path::PathBuf::from(&generation.open.meta.corpus);
        match documents::original(&generation.open.fields, &generation.reader.searcher(), &corpus, id)? {
            None => Ok(None),
            Some(found) => Ok(Some(found?)),
        }
    }

    /// What the index holds (as `hanseek index stats` prints it).
    pub fn stats(&self) -> Result<Stats, SearchError> {
        Ok(hanseek_index::stats(&self.handle.config.index)?)
    }

    /// The `limit` most frequent words of the index that `prefix` may be the beginning
    /// of, by jamo for Korean still being typed (see [`suggest`]).
    pub fn suggest(&self, prefix: &str, limit: usize) -> Result<Suggestions, SearchError> {
        let started = Instant::now();
        let composed = hanseek_corpus::compose_hangul(prefix);
        let prefix = composed.trim();
        if prefix.is_empty() {
            return Err(SearchError::Empty(prefix.to_string()));
        }
        if limit > suggest::MOST_SUGGESTIONS {
            return Err(SearchError::Limit(format!(
                "limit {limit}: at most {} suggestions are given at once",
                suggest::MOST_SUGGESTIONS
            )));
        }
        let chars = prefix.chars().count();
        let most = self.handle.config.limits.max_query_chars;
        if chars > most {
            return Err(SearchError::Limit(format!(
                "the prefix is {chars} characters long; at most {most} are looked up: shorten it"
            )));
        }
        let generation = self.handle.get()?;
        let fields = generation.open.fields;
        let suggestions = suggest::suggest(
            &generation.reader.searcher(),
            &suggest::word_fields(&fields),
            &generation.initials,
            prefix,
            limit,
        )?;
        Ok(Suggestions {
            prefix: prefix.to_string(),
            suggestions,
            took_ms: (started.elapsed().as_secs_f64() * 1e6).round() / 1000.0,
        })
    }

    /// The generation searches run on now (e.g. `gen-000003`).
    pub fn generation(&self) -> Result<String, SearchError> {
        Ok(self.handle.get()?.open.generation.clone())
    }

    /// The generation searches run on now and its commit: an `index update` commits
    /// into the same generation, so the commit is what tells one update from the next.
    pub fn served(&self) -> Result<(String, u64), SearchError> {
        let generation = self.handle.get()?;
        let commit = generation.open.index.load_metas()?.opstamp;
        Ok((generation.open.generation.clone(), commit))
    }

    /// A request over the configured [`Limits`] is refused before any work.
    fn check_limits(&self, text: &str, options: &SearchOptions) -> Result<(), SearchError> {
        let limits = self.handle.config.limits;
        if options.limit > limits.max_limit {
            return Err(SearchError::Limit(format!(
                "limit {} is more than the {} hits one page may hold: ask for fewer and page with offset",
                options.limit, limits.max_limit
            )));
        }
        if options.offset > limits.max_offset {
            return Err(SearchError::Limit(format!(
                "offset {} is deeper than the {} hits paging may reach: narrow the query with more words or filters",
                options.offset, limits.max_offset
            )));
        }
        let chars = text.chars().count();
        if chars > limits.max_query_chars {
            return Err(SearchError::Limit(format!(
                "the query is {chars} characters long; at most {} are searched: shorten it",
                limits.max_query_chars
            )));
        }
        Ok(())
    }

    pub fn search(&self, text: &str, options: &SearchOptions) -> Result<SearchResult, SearchError> {
        let started = Instant::now();
        // Decomposed Hangul (NFD) is searched as the syllables documents are indexed as.
        let composed = hanseek_corpus::compose_hangul(text);
        let text: &str = &composed;
        let parsed = query::parse(text).map_err(|error| SearchError::Query {
            query: text.to_string(),
            error,
        })?;
        self.check_limits(text, options)?;
        let generation = self.handle.get()?;
        self.run(&generation, text, &parsed, options, &Scope::default(), started)
    }

    /// The articles and sources that share this document's rarest words, most alike
    /// first (see [`related`]); `None` when the index has no such id. Each hit's
    /// `score` is its likeness, from 0 to 1.
    pub fn related(&self, id: &str, options: &SearchOptions) -> Result<Option<Related>, SearchError> {
        let started = Instant::now();
        self.check_limits("", options)?;
        if options.offset.saturating_add(options.limit) > related::CANDIDATES {
            return Err(SearchError::Limit(format!(
                "at most {} related documents are ranked: ask for fewer (offset + limit)",
                related::CANDIDATES
            )));
        }
        let generation = self.handle.get()?;
        let searcher = generation.reader.searcher();
        let fields = generation.open.fields;
        let Some(profile) = related::profile(&fields, &searcher, id)? else {
            return Ok(None);
        };
        let shown: Vec<&str> = profile.words.iter().map(|w| w.text.as_str()).collect();
        // A document whose words cannot be looked up ranks last rather than failing
        // the list (a look-up only fails on a broken index, which the search reports).
        let likeness = |doc: &TantivyDocument| profile.likeness(&fields, &searcher, doc).unwrap_or(0.0) as Score;
        let scope = Scope {
            without: Some(id.to_string()),
            parent_titles: false,
            rescore: Some(Rescore {
                score: &likeness,
                offset: options.offset,
                limit: options.limit,
            }),
        };
        let candidates = SearchOptions {
            limit: related::CANDIDATES,
            offset: 0,
            sort: Sort::Relevance,
            expand_below: 0,
            facets: false,
            ..options.clone()
        };
        let result = if profile.words.is_empty() {
            SearchResult::default()
        } else {
            let parsed = related::query(&profile.words);
            self.run(&generation, &shown.join(" OR "), &parsed, &candidates, &scope, started)?
        };
        Ok(Some(Related {
            id: id.to_string(),
            words: profile.words.clone(),
            result,
        }))
    }

    /// The search of `parsed` (the query `text`) in `generation`, within `scope`:
    /// expand its words ([`expand`]), execute the passes ([`execute`]), present the
    /// page ([`present`]).
    fn run(
        &self,
        generation: &handle::Generation,
        text: &str,
        parsed: &ParsedQuery,
        options: &SearchOptions,
        scope: &Scope,
        started: Instant,
    ) -> Result<SearchResult, SearchError> {
        let searcher = generation.reader.searcher();
        let fields = generation.open.fields;
        filters::check_values(&fields, &searcher, parsed)?;
        let plan = Plan {
            cross_script: options.bridge,
            expand: false,
            pairs: generation.open.meta.pairs.then_some(PairTerms {
                searcher: &searcher,
                field: fields.pairs,
            }),
            parent_titles: scope.parent_titles,
        };
        let aliases: &Aliases = self.aliases.as_deref().unwrap_or(&generation.aliases);
        let expander = Expander::new(parsed, &searcher, &fields, &generation.initials, aliases, plan)?;
        let deadline = Deadline::new(options.deadline);
        let request = Request {
            text,
            parsed,
            options,
            scope,
            deadline: &deadline,
        };
        let executed = execute::execute(&searcher, &fields, &expander, &request)?;
        // Highlights and `via` from the same expansion the clauses were compiled from.
        let matcher = Matcher::new(&expander.highlighted(executed.expanded));
        let hits = present::hits(&searcher, &fields, &self.loading, &executed, &matcher, &request)?;
        Ok(SearchResult {
            query: text.to_string(),
            total: executed.total,
            total_relation: executed.total_relation,
            took_ms: (started.elapsed().as_secs_f64() * 1e6).round() / 1000.0,
            partial: executed.partial,
            expanded: executed.expanded,
            hits,
            facets: executed.facets,
            facets_counted: executed.facets_counted,
            ignored: executed.ignored,
        })
    }
}
