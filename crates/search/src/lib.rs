//! Ranked search over a hanseek index, for every front end (the CLI, the server).
//!
//! Where things are:
//! - [`Searcher`] (here): opens an index with a [`SearchConfig`] ([`config`]) and
//!   follows its rebuilds ([`handle`]); [`Searcher::search`] runs the pipeline below.
//! - [`query`]: the query language (words, phrases, `OR`, exclusions, filters).
//! - [`plan`]: each word or phrase → its clauses (as written, pairs, bigrams,
//!   readings, transliterations, aliases); [`filters`]: the filters' clauses.
//! - [`fields`]: which field each clause searches and its BM25 weight — the only
//!   place a weight is set — and the labels `--explain` shows.
//! - `conjunction` and `top`: matching every word window by window, and the page of
//!   top hits, scoring only what can reach it.
//! - [`related`]: the documents sharing one document's rarest words (`show --related`).
//! - [`snippet`]: highlights and snippets; [`result`]: the serde types every front end
//!   prints (the JSON contract); [`documents`]: one document with its references.
//!
//! A front end (the CLI's `search`, `show`, `analyze`, `index stats`; the server)
//! fills a [`SearchConfig`], opens a [`Searcher`], and prints what it returns.

pub mod aliases;
pub mod config;
mod conjunction;
mod deadline;
pub mod documents;
pub mod fields;
pub mod filters;
mod handle;
mod loading;
pub mod plan;
pub mod query;
pub mod related;
mod respelling;
pub mod result;
pub mod snippet;
pub mod suggest;
mod top;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use hanseek_index::Fields;
use tantivy::collector::Count;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query};
use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, Score, TantivyDocument};

pub use aliases::{AliasError, Aliases};
pub use config::{AliasSource, Limits, SearchConfig, PARALLEL_FROM_DOCS};
use conjunction::AllOf;
use deadline::{Deadline, Within};
pub use documents::{Document, DocumentHighlights, Original, OriginalError};
use fields::{Label, Labeled, ALIAS_WEIGHT};
use filters::filter_clauses;
use handle::Handle;
pub use hanseek_analysis::{AnalyzerKind, Token};
pub use hanseek_index::{IndexError, Stats};
use loading::Loading;
pub use plan::sequence_query;
use plan::{any_of, text_query, Clauses, Plan, Word, Words};
pub use query::{Kind, ParsedQuery, QueryError, Text};
pub use related::{Related, RelatedWord};
use respelling::Respellings;
use result::{explain, facets_collector, read_facets};
pub use result::{Analysis, Facets, Hit, SearchResult};
use snippet::{snippet, Matcher};
pub use suggest::{Suggestion, Suggestions};
use top::{Pruning, TopNewestFirst};

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

/// One pass of a query: the requested page of (score, address), the total, the facets.
type Collected = (Vec<(Score, DocAddress)>, usize, Facets);

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
    /// Count facets (kind, section, category, month) over the whole result set.
    pub facets: bool,
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
        let initials = respelling::initials(&searcher, &fields, &generation.initials, &parsed)?;
        let typos = respelling::typos(&searcher, &fields, &parsed)?;
        let matcher = query_matcher(&parsed, &Words::default(), aliases, &initials, Some(&typos), true);
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

    /// The search of `parsed` (the query `text`) in `generation`, within `scope`.
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
        check_values(&fields, &searcher, parsed)?;
        let pairs = generation.open.meta.pairs.then_some(plan::PairTerms {
            searcher: &searcher,
            field: fields.pairs,
        });
        let aliases: &Aliases = self.aliases.as_deref().unwrap_or(&generation.aliases);
        let words = Words::default();
        let initials = respelling::initials(&searcher, &fields, &generation.initials, parsed)?;
        // A Korean word the index does not have may be a typo of one it has (반도채 →
        // 반도체): looked for only when the query finds few documents (the expanded
        // pass), and then once.
        let typos: std::cell::OnceCell<Respellings> = std::cell::OnceCell::new();
        let find_typos = || respelling::typos(&searcher, &fields, parsed);
        let no_typos = HashMap::new();
        let plan = |cross_script, expand| Plan {
            cross_script,
            expand,
            pairs,
            parent_titles: scope.parent_titles,
        };

        // Each group of alternatives (`a OR b`) as one query, expanded or not (see
        // `SearchOptions::expand_below`).
        let mut ignored = Vec::new();
        let mut make_groups = |expand: bool| -> Vec<Clauses> {
            ignored.clear();
            // A failed guess at typos is no reason to fail the search: it goes without.
            let typos = match expand {
                true => typos.get_or_init(|| find_typos().unwrap_or_default()),
                false => &no_typos,
            };
            let mut groups: Vec<Clauses> = Vec::new();
            for group in &parsed.groups {
                // The alternatives' clauses together: a document matches the group if
                // it matches any of them, and scores their sum.
                let mut clauses: Clauses = Vec::new();
                for t in group {
                    match text_query(&fields, t, &words.get(&t.text), plan(options.bridge, expand)) {
                        Some(query) => clauses.extend(query),
                        None => ignored.push(t.text.clone()),
                    }
                }
                // An alias that analyzes as a word already searched (一帶一路 and 一带一路
                // fold to one) would count the same match twice.
                let analyzed = |word: &Word| -> Vec<String> { word.analyzed.iter().map(|t| t.text.clone()).collect() };
                let mut searched: Vec<Vec<String>> = group.iter().map(|t| analyzed(&words.get(&t.text))).collect();
                for text in group.iter().filter(|_| options.bridge) {
                    for alias in aliases.alternatives(&text.text) {
                        let aliased = Text {
                            text: alias.clone(),
                            phrase: text.phrase || alias.contains(' '),
                            ..text.clone()
                        };
                        let word = words.get(&aliased.text);
                        let tokens = analyzed(&word);
                        if searched.contains(&tokens) {
                            continue;
                        }
                        searched.push(tokens);
                        if let Some(query) = text_query(&fields, &aliased, &word, plan(true, expand)) {
                            clauses.push(Box::new(Labeled::new(
                                Label::Alias,
                                Box::new(BoostQuery::new(any_of(query), ALIAS_WEIGHT)),
                            )));
                        }
                    }
                }
                for text in group {
                    let respelled = initials
                        .get(&text.text)
                        .into_iter()
                        .flatten()
                        .map(|word| (word, Label::Initials, fields::INITIALS_WEIGHT))
                        .chain(
                            typos
                                .get(&text.text)
                                .into_iter()
                                .flatten()
                                .map(|word| (word, Label::Typo, fields::TYPO_WEIGHT)),
                        );
                    for (word, label, weight) in respelled {
                        let spelled = Text {
                            text: word.clone(),
                            ..text.clone()
                        };
                        if let Some(query) = text_query(&fields, &spelled, &words.get(word), plan(false, expand)) {
                            clauses.push(Box::new(Labeled::new(
                                label,
                                Box::new(BoostQuery::new(any_of(query), weight)),
                            )));
                        }
                    }
                }
                if !clauses.is_empty() {
                    groups.push(clauses);
                }
            }
            groups
        };
        let groups = make_groups(false);
        let filters = filter_clauses(&fields, parsed, options.kind);
        // Each clause of an excluded word on its own: `AllOf` seeks each to the matches
        // only, where a union would check the positions of its bigram phrases in every
        // document that has them.
        let mut excluded: Vec<Box<dyn Query>> = parsed
            .excluded
            .iter()
            .filter_map(|t| text_query(&fields, t, &words.get(&t.text), plan(options.bridge, true)))
            .flatten()
            .collect();
        if let Some(id) = &scope.without {
            let term = tantivy::Term::from_field_text(fields.id, id);
            excluded.push(Box::new(tantivy::query::TermQuery::new(
                term,
                tantivy::schema::IndexRecordOption::Basic,
            )));
        }
        if groups.is_empty() && filters.is_empty() {
            return Err(SearchError::Empty(text.to_string()));
        }

        // The query, and what its collector shares with it to skip work (see `conjunction`).
        let build = |groups: &[Clauses], required: bool| -> (Box<dyn Query>, Pruning) {
            let pruning = Pruning::default();
            let copy = |group: &Clauses| -> Clauses { group.iter().map(|c| c.box_clone()).collect() };
            if required && !groups.is_empty() {
                // Every word and every filter, without the exclusions: matched window by
                // window, and scored only where a hit could reach the page.
                let filter_groups = filters.iter().map(|f| vec![f.box_clone()]);
                let all: Vec<Clauses> = groups.iter().map(copy).chain(filter_groups).collect();
                let excluded = excluded.iter().map(|e| e.box_clone()).collect();
                let query = AllOf::new(all).excluding(excluded).pruned_by(pruning.clone());
                return (Box::new(query), pruning);
            }
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            if groups.is_empty() {
                clauses.push((Occur::Must, Box::new(AllQuery)));
            }
            let occur = if required { Occur::Must } else { Occur::Should };
            clauses.extend(groups.iter().map(|g| (occur, any_of(copy(g)))));
            clauses.extend(filters.iter().map(|f| (Occur::Must, f.box_clone())));
            clauses.extend(excluded.iter().map(|e| (Occur::MustNot, e.box_clone())));
            (Box::new(BooleanQuery::new(clauses)), pruning)
        };
        let deadline = Deadline::new(options.deadline);
        let collect = |(query, pruning): &(Box<dyn Query>, Pruning)| -> Result<Collected, SearchError> {
            deadline.check()?;
            let top = TopNewestFirst::new(hanseek_index::DATE_FIELD, options.limit.max(1), options.offset)
                .by_date(options.sort == Sort::Date);
            // One pass over the matches: the top hits, the total and the facets together.
            // Facets need every match, so they turn the pruning off.
            let (top_docs, total, facets) = if options.facets {
                let (top, total, facets) = searcher
                    .search(query, &Within::new((top, Count, facets_collector()), &deadline))
                    .map_err(|e| deadline.explain(e))?;
                (top, total, read_facets(&facets))
            } else {
                let (top, total) = searcher
                    .search(query, &Within::new((top.publishing(pruning.clone()), Count), &deadline))
                    .map_err(|e| deadline.explain(e))?;
                (top, total, Facets::default())
            };
            Ok((
                top_docs.into_iter().map(|hit| (hit.score, hit.address)).collect(),
                total + pruning.skipped() as usize,
                facets,
            ))
        };
        // Documents with every word first; only when none has them all, those with some.
        // Each way, the query is expanded only when its words find few documents.
        let few = options.expand_below;
        let mut query = build(&groups, true);
        let (mut top_docs, mut total, mut facets) = collect(&query)?;
        let mut expanded = false;
        let mut partial = false;
        if total < few {
            let expanded_groups = make_groups(true);
            query = build(&expanded_groups, true);
            (top_docs, total, facets) = collect(&query)?;
            expanded = true;
            if total == 0 && groups.len() > 1 {
                query = build(&groups, false);
                (top_docs, total, facets) = collect(&query)?;
                expanded = false;
                if total < few {
                    query = build(&expanded_groups, false);
                    (top_docs, total, facets) = collect(&query)?;
                    expanded = true;
                }
                partial = total > 0;
            }
        }

        // Highlights and `via` from the same analysis the clauses were built from.
        let typos = typos.get().filter(|_| expanded);
        let matcher = query_matcher(parsed, &words, aliases, &initials, typos, options.bridge);
        // `--limit 0` asks for counts only: no stored document is read. Each stored
        // document is read, used and dropped in its turn (`loading`): one at a time
        // per search, a bounded number across searches.
        let mut page: Vec<(Score, DocAddress)> = top_docs.into_iter().filter(|_| options.limit > 0).collect();
        if let Some(rescore) = &scope.rescore {
            // Ranked again, and only then cut to the page: snippets are made for it alone
            // (its documents read again below).
            let mut rescored: Vec<(Score, Option<String>, DocAddress)> = Vec::with_capacity(page.len());
            for (_, address) in page {
                let _held = self.loading.hold(&deadline)?;
                let doc = searcher.doc::<TantivyDocument>(address)?;
                let id = doc.get_first(fields.id).and_then(|v| v.as_str()).map(str::to_string);
                rescored.push(((rescore.score)(&doc), id, address));
            }
            rescored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            page = rescored
                .into_iter()
                .skip(rescore.offset)
                .take(rescore.limit)
                .map(|(score, _, address)| (score, address))
                .collect();
        }
        let mut hits = Vec::with_capacity(page.len());
        for (score, address) in page {
            let _held = self.loading.hold(&deadline)?;
            let doc = searcher.doc(address)?;
            let mut hit = hit(&fields, &doc, score, &matcher, options);
            if options.explain {
                hit.explanation = Some(explain(&*query.0, &searcher, address));
            }
            hits.push(hit);
        }
        Ok(SearchResult {
            query: text.to_string(),
            total,
            took_ms: (started.elapsed().as_secs_f64() * 1e6).round() / 1000.0,
            partial,
            expanded,
            hits,
            facets,
            ignored,
        })
    }
}

/// What highlights the words of `parsed` and every other spelling the search looked
/// for them by: readings and names across scripts (with `bridge`), aliases, the words
/// a 초성 word stands for, and typos' corrections when the search looked for them.
fn query_matcher(
    parsed: &ParsedQuery,
    words: &Words,
    aliases: &Aliases,
    initials: &Respellings,
    typos: Option<&Respellings>,
    bridge: bool,
) -> Matcher {
    let positive: Vec<&str> = parsed.groups.iter().flatten().map(|t| t.text.as_str()).collect();
    let mut matcher = Matcher::new(positive.iter().map(|text| words.get(text)));
    for text in positive.iter().filter(|_| bridge) {
        for alias in aliases.alternatives(text) {
            matcher.add_alias(text, &words.get(alias));
        }
    }
    for (text, spelled) in initials {
        for word in spelled {
            matcher.add_initials(text, &words.get(word));
        }
    }
    for (text, spelled) in typos.into_iter().flatten() {
        for word in spelled {
            matcher.add_typo(text, &words.get(word));
        }
    }
    matcher
}

/// A snippet, the field it comes from, and the bridge it matched through.
#[derive(Default)]
struct Passage {
    field: String,
    snippet: snippet::Snippet,
    via: Option<String>,
}

/// A filter on a section or category nobody has gets an error listing what exists,
/// not a silent empty result.
fn check_values(fields: &Fields, searcher: &tantivy::Searcher, parsed: &ParsedQuery) -> Result<(), SearchError> {
    for (name, field, wanted) in [
        (
            "section",
            fields.section,
            parsed
                .sections
                .iter()
                .chain(&parsed.excluded_sections)
                .collect::<Vec<_>>(),
        ),
        (
            "category",
            fields.category,
            parsed.categories.iter().chain(&parsed.excluded_categories).collect(),
        ),
    ] {
        if wanted.is_empty() {
            continue;
        }
        let known = hanseek_index::field_values(searcher, field)?;
        for (value, column) in wanted {
            if !known.contains(value) {
                return Err(SearchError::UnknownValue(format!(
                    "column {column}: no {name} '{value}' in this index; {name}s are: {}",
                    known.join(", ")
                )));
            }
        }
    }
    Ok(())
}

/// The snippet from the stored field with the most matches (body first on ties);
/// when nothing matches directly, from the field that matches through a reading,
/// with that reading (`via`).
fn best_passage(f: &Fields, doc: &TantivyDocument, matcher: &Matcher, budget: usize, bridge: bool) -> Passage {
    let candidates = [
        ("body", f.body),
        ("summary", f.summary),
        ("subtitle", f.subtitle),
        ("ref_title", f.ref_title),
        ("title", f.title),
        ("parent_title", f.parent_title),
    ];
    let values: Vec<(&str, &str)> = candidates
        .iter()
        .flat_map(|&(name, field)| doc.get_all(field).filter_map(|v| v.as_str()).map(move |v| (name, v)))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let Some(&(mut field, mut value)) = values.first() else {
        return Passage::default();
    };
    let mut ranges = matcher.ranges(value);
    for &(name, text) in &values[1..] {
        let found = matcher.ranges(text);
        if found.len() > ranges.len() {
            (field, value, ranges) = (name, text, found);
        }
    }
    let mut via = matcher.simplified_via(value, &ranges);
    if ranges.is_empty() && bridge {
        let bridged = values.iter().map(|&(n, t)| (n, t, matcher.bridged_ranges(n, t)));
        if let Some((name, text, found)) = bridged.into_iter().find(|(_, _, b)| !b.ranges.is_empty()) {
            (field, value, ranges, via) = (name, text, found.ranges, found.via);
        }
    }
    Passage {
        field: field.to_string(),
        snippet: snippet(value, &ranges, budget),
        via,
    }
}

fn hit(f: &Fields, doc: &TantivyDocument, score: Score, matcher: &Matcher, options: &SearchOptions) -> Hit {
    let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
    let date = documents::stored_date(doc, f.date);
    let kind = text(f.kind).unwrap_or_default();
    let passage = if options.snippets {
        best_passage(f, doc, matcher, options.snippet_chars, options.bridge)
    } else {
        Passage::default()
    };
    Hit {
        id: text(f.id).unwrap_or_default(),
        kind,
        title: text(f.title).unwrap_or_default(),
        section: text(f.section),
        category: text(f.category),
        date,
        url: text(f.url),
        outlet: text(f.outlet),
        parent_id: text(f.parent_id),
        parent_title: text(f.parent_title),
        path: text(f.path),
        link_kind: text(f.link_kind),
        score,
        snippet: passage.snippet.text,
        highlights: passage.snippet.highlights,
        snippet_field: passage.field,
        via: passage.via,
        explanation: None,
    }
}
