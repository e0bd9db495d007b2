//! Ranked search over a hanseek index: the query language ([`query`]), BM25 with field
//! weights, filters, facet counts, and CJK-aware snippets ([`snippet`]).

pub mod aliases;
mod conjunction;
pub mod query;
pub mod snippet;
mod top;

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;
use std::time::Instant;

use hanseek_analysis::{
    analyze, bridge_query_sequences, query_pairs, query_tokens, transliteration_query, whole_compounds, AnalyzerKind,
    Token,
};
use hanseek_corpus::Date;
use hanseek_index::{open_current, Fields, IndexError, OpenIndex};
use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::AggregationCollector;
use tantivy::collector::Count;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DateTime, DocAddress, IndexReader, ReloadPolicy, Score, TantivyDocument, Term};

pub use aliases::{AliasError, Aliases};
use conjunction::{AllOf, WeightedTerm};
pub use query::{Kind, ParsedQuery, QueryError, Text};
use snippet::{snippet, Matcher};
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
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// One pass of a query: the requested page of (score, address), the total, the facets.
type Collected = (Vec<(Score, DocAddress)>, usize, Facets);

/// Facet counts by kind, section, category and month over the whole result set.
fn facets_collector() -> AggregationCollector {
    let request: Aggregations = serde_json::from_value(serde_json::json!({
        "kind": {"terms": {"field": "kind", "size": 10}},
        "section": {"terms": {"field": "section", "size": 100}},
        "category": {"terms": {"field": "category", "size": 100}},
        "month": {"terms": {"field": "month", "size": 1000}},
    }))
    .expect("a valid aggregation request");
    AggregationCollector::from_aggs(request, Default::default())
}

/// Field weights for BM25: a match in a title counts most. `text` holds subtitle,
/// body and 요약 bullets together: one field to look a word up in instead of three (an
/// `a b` query on a large archive spends most of its time merging a word's fields), at
/// the cost of weighing a subtitle or a 요약 bullet like the body.
const MAIN_FIELDS: [(&str, Score); 4] = [("title", 4.0), ("ref_title", 1.5), ("text", 1.0), ("parent_title", 0.5)];
/// The main fields that keep their own phrase when a query's pairs are looked up in
/// the `pairs` field, which holds the others' pairs (weighted like `text`).
const TITLE_FIELDS: [(&str, Score); 2] = [("title", 4.0), ("parent_title", 0.5)];
const PAIRS_FIELDS: [(&str, Score); 1] = [("pairs", 1.0)];
/// The smallest index whose segments a query searches in parallel (see
/// `Searcher::open_with_threads`).
pub const PARALLEL_FROM_DOCS: u32 = 20_000;
/// Bigram fields: a safety net for text morphology splits differently; weighted low so
/// that a morphological match ranks above a bigram-only one. Searched only when a
/// query is expanded (`SearchOptions::expand_below`).
const RECALL_FIELDS: [(&str, Score); 2] = [("title_recall", 0.8), ("text_recall", 0.3)];
/// The cross-script bridge, below every direct match of the same words: a Korean
/// word against the readings of Han text (`bridge`), and the reading of a Chinese word
/// against Korean text (the main fields, at these weights).
const BRIDGE_FIELDS: [(&str, Score); 1] = [("bridge", 0.6)];
const READING_FIELDS: [(&str, Score); 2] = [("title", 0.9), ("text", 0.35)];

#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
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
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            limit: 10,
            offset: 0,
            kind: None,
            explain: false,
            snippet_chars: 160,
            snippets: true,
            bridge: true,
            facets: true,
            expand_below: 100,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub section: Option<String>,
    pub category: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub parent_id: Option<String>,
    pub parent_title: Option<String>,
    /// For a link: reference, source or image_source.
    pub link_kind: Option<String>,
    pub score: Score,
    pub snippet: String,
    /// `[from, to)` character offsets into `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// The field the snippet comes from.
    pub snippet_field: String,
    /// When the hit matched only across scripts: the reading that bridged them, e.g.
    /// `reading 무인기 ← 无人机` (the highlights then mark the original text).
    pub via: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub kind: BTreeMap<String, u64>,
    pub section: BTreeMap<String, u64>,
    pub category: BTreeMap<String, u64>,
    pub month: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    pub query: String,
    pub total: usize,
    pub took_ms: f64,
    /// No document has every word: these hits have some of them.
    pub partial: bool,
    /// Whether the query was expanded (compound parts apart, bigram recall fields):
    /// only when its words find fewer than `expand_below` documents. Otherwise `total`
    /// counts the documents its words find.
    pub expanded: bool,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// Query words that analyze to nothing searchable (a lone particle, punctuation).
    pub ignored: Vec<String>,
}

/// A snippet, the field it comes from, and the bridge it matched through.
#[derive(Default)]
struct Passage {
    field: String,
    snippet: snippet::Snippet,
    via: Option<String>,
}

/// Alias terms rank below the query's own words.
const ALIAS_WEIGHT: Score = 0.5;

/// An open index, ready for many queries.
pub struct Searcher {
    open: OpenIndex,
    reader: IndexReader,
    aliases: Aliases,
}

impl Searcher {
    /// Opens the current generation of the index at `root`, read-only; each query runs
    /// on one thread.
    pub fn open(root: &Path) -> Result<Searcher, SearchError> {
        Searcher::open_with_threads(root, 1)
    }

    /// Opens the current generation; each query searches the index's segments on up
    /// to `threads` threads. That lowers one query's latency on a large index (at
    /// 10^5 articles on 2 cores: `a b` p50 2.4 → 1.9 ms), but
    /// spends the cores that concurrent queries would use: a server answering many
    /// queries at once gets more of them through with 1.
    ///
    /// Only where it pays: an index of several segments and at least
    /// `PARALLEL_FROM_DOCS` documents; below, starting threads costs more than it saves
    /// (the bundled report's one-shot search: 4.6 ms on one thread, 5.7 ms on two).
    pub fn open_with_threads(root: &Path, threads: usize) -> Result<Searcher, SearchError> {
        Searcher::open_parallel_from(root, threads, PARALLEL_FROM_DOCS)
    }

    /// [`Searcher::open_with_threads`] with another size from which to go parallel.
    pub fn open_parallel_from(root: &Path, threads: usize, from_docs: u32) -> Result<Searcher, SearchError> {
        let mut open = open_current(root)?;
        let segments = open.index.searchable_segment_metas()?;
        let docs: u32 = segments.iter().map(|s| s.num_docs()).sum();
        let threads = threads.min(segments.len());
        if threads > 1 && docs >= from_docs {
            open.index.set_multithread_executor(threads)?;
        }
        let reader = open
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Searcher {
            open,
            reader,
            aliases: Aliases::default(),
        })
    }

    /// Searches alias terms too (see [`aliases`]).
    pub fn with_aliases(mut self, aliases: Aliases) -> Searcher {
        self.aliases = aliases;
        self
    }

    pub fn search(&self, text: &str, options: &SearchOptions) -> Result<SearchResult, SearchError> {
        let started = Instant::now();
        let parsed = query::parse(text).map_err(|error| SearchError::Query {
            query: text.to_string(),
            error,
        })?;
        let searcher = self.reader.searcher();
        let fields = self.open.fields;
        self.check_values(&parsed)?;
        let pairs = self.open.meta.pairs;
        let plan = |cross_script, expand| Plan {
            cross_script,
            expand,
            pairs,
        };

        // Each group of alternatives (`a OR b`) as one query, expanded or not (see
        // `SearchOptions::expand_below`).
        let mut ignored = Vec::new();
        let mut make_groups = |expand: bool| -> Vec<Clauses> {
            ignored.clear();
            let mut groups: Vec<Clauses> = Vec::new();
            for group in &parsed.groups {
                // The alternatives' clauses together: a document matches the group if
                // it matches any of them, and scores their sum.
                let mut clauses: Clauses = Vec::new();
                for t in group {
                    match text_query(&fields, t, plan(options.bridge, expand)) {
                        Some(query) => clauses.extend(query),
                        None => ignored.push(t.text.clone()),
                    }
                }
                for text in group.iter().filter(|_| options.bridge) {
                    for alias in self.aliases.alternatives(&text.text) {
                        let aliased = Text {
                            text: alias.clone(),
                            phrase: text.phrase || alias.contains(' '),
                            ..text.clone()
                        };
                        if let Some(query) = text_query(&fields, &aliased, plan(true, expand)) {
                            clauses.push(Box::new(BoostQuery::new(any_of(query), ALIAS_WEIGHT)));
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
        let filters = filter_clauses(&fields, &parsed, options.kind);
        // Each clause of an excluded word on its own: `AllOf` seeks each to the matches
        // only, where a union would check the positions of its bigram phrases in every
        // document that has them.
        let excluded: Vec<Box<dyn Query>> = parsed
            .excluded
            .iter()
            .filter_map(|t| text_query(&fields, t, plan(options.bridge, true)))
            .flatten()
            .collect();
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
        let collect = |(query, pruning): &(Box<dyn Query>, Pruning)| -> Result<Collected, SearchError> {
            let top = TopNewestFirst::new("date", options.limit.max(1), options.offset);
            // One pass over the matches: the top hits, the total and the facets together.
            // Facets need every match, so they turn the pruning off.
            let (top_docs, total, facets) = if options.facets {
                let (top, total, facets) = searcher.search(query, &(top, Count, facets_collector()))?;
                (top, total, read_facets(&facets))
            } else {
                let (top, total) = searcher.search(query, &(top.publishing(pruning.clone()), Count))?;
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

        let positive: Vec<&str> = parsed.groups.iter().flatten().map(|t| t.text.as_str()).collect();
        let mut matcher = Matcher::new(positive.iter().copied());
        for text in positive.iter().filter(|_| options.bridge) {
            for alias in self.aliases.alternatives(text) {
                matcher.add_alias(text, alias);
            }
        }
        let mut hits = Vec::with_capacity(top_docs.len());
        for (score, address) in top_docs {
            let doc: TantivyDocument = searcher.doc(address)?;
            let mut hit = self.hit(&doc, score, &matcher, options);
            if options.explain {
                hit.explanation = Some(explain(&*query.0, &searcher, address));
            }
            hits.push(hit);
        }
        Ok(SearchResult {
            query: text.to_string(),
            total,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            partial,
            expanded,
            hits: if options.limit == 0 { Vec::new() } else { hits },
            facets,
            ignored,
        })
    }

    /// A filter on a section or category nobody has gets an error listing what exists,
    /// not a silent empty result.
    fn check_values(&self, parsed: &ParsedQuery) -> Result<(), SearchError> {
        let fields = self.open.fields;
        let searcher = self.reader.searcher();
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
            let known = hanseek_index::field_values(&searcher, field)?;
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
    fn best_passage(&self, doc: &TantivyDocument, matcher: &Matcher, budget: usize, bridge: bool) -> Passage {
        let f = &self.open.fields;
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
        let mut via = None;
        if ranges.is_empty() && bridge {
            let bridged = values.iter().map(|&(n, t)| (n, t, matcher.bridged_ranges(t)));
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

    fn hit(&self, doc: &TantivyDocument, score: Score, matcher: &Matcher, options: &SearchOptions) -> Hit {
        let f = &self.open.fields;
        let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let date = doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .map(|d| Date::from_days_since_epoch(d.into_timestamp_secs().div_euclid(86_400)).to_string());
        let kind = text(f.kind).unwrap_or_default();
        let passage = if options.snippets {
            self.best_passage(doc, matcher, options.snippet_chars, options.bridge)
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
            link_kind: text(f.link_kind),
            score,
            snippet: passage.snippet.text,
            highlights: passage.snippet.highlights,
            snippet_field: passage.field,
            via: passage.via,
            explanation: None,
        }
    }
}

/// How a word or phrase is looked up.
#[derive(Clone, Copy)]
struct Plan {
    /// Through Sino-Korean readings and transliterations too.
    cross_script: bool,
    /// Expanded (see `SearchOptions::expand_below`).
    expand: bool,
    /// The index has the word-pair field (`index build --no-pairs` leaves it empty).
    pairs: bool,
}

/// Queries a document matches if it matches any of them, scoring their sum.
type Clauses = Vec<Box<dyn Query>>;

/// The query for one word or phrase over every text field, as its clauses (one per
/// field and spelling), or `None` when it has no searchable token.
fn text_query(fields: &Fields, text: &Text, plan: Plan) -> Option<Clauses> {
    let Plan {
        cross_script,
        expand,
        pairs: pairs_indexed,
    } = plan;
    let analyzed = analyze(AnalyzerKind::Main, &text.text);
    let query_main: Vec<Token> = analyzed.iter().filter(|t| !t.alternative).cloned().collect();
    // Unexpanded (see `SearchOptions::expand_below`): no bigrams unless they are all the
    // word has; a compound as the one word, not the phrase of its parts; and a word or
    // phrase of several tokens through its adjacent pairs in the pairs field instead
    // of positions checked in each long field (titles keep their own phrase, for their
    // weight). Excluded words are always expanded: an exclusion must not leak.
    let (main, pairs) = if expand || query_main.is_empty() {
        (query_main.clone(), Vec::new())
    } else {
        let whole = whole_compounds(&analyzed);
        let pairs = if text.title_only || !pairs_indexed {
            None
        } else {
            query_pairs(&whole)
        };
        (whole, pairs.unwrap_or_default())
    };
    let mut recall = if expand || main.is_empty() {
        query_tokens(AnalyzerKind::Recall, &text.text)
    } else {
        Vec::new()
    };
    // A lone particle (의, 을) leaves nothing to the main analyzer; the recall field's
    // guarantee is for two or more characters, so it does not revive it either.
    if main.is_empty() && text.text.chars().filter(|c| !c.is_whitespace()).count() < 2 {
        recall.clear();
    }
    if main.is_empty() && recall.is_empty() {
        return None;
    }
    let field_of = |name: &str| match name {
        "title" => fields.title,
        "text" => fields.text,
        "ref_title" => fields.ref_title,
        "parent_title" => fields.parent_title,
        "title_recall" => fields.title_recall,
        "bridge" => fields.bridge,
        "pairs" => fields.pairs,
        _ => fields.text_recall,
    };
    // A Korean word also looks for Han text that reads as it; a Chinese word also
    // looks for Korean text written with its reading.
    let korean = main.iter().any(|t| t.pos != "han" && t.pos != "alnum");
    let bridge_on = korean && !text.title_only && cross_script;
    let bridge = if bridge_on { main.clone() } else { Vec::new() };
    // …and, whole, for a transliterated name (왕중린 for 王中林).
    let whole_name: Vec<_> = transliteration_query(&text.text, &query_main)
        .filter(|_| bridge_on)
        .into_iter()
        .collect();
    let has_han = main.iter().any(|t| t.pos == "han");
    // Its readings, and its names transliterated (曲建 → 곡건, 취젠).
    let mut readings = if has_han && !text.title_only && cross_script {
        bridge_query_sequences(&text.text)
    } else {
        Vec::new()
    };
    if !expand {
        // The reading of one Chinese word is one Korean word: 人工智能 → 인공지능, whole.
        for reading in &mut readings {
            let one_word = reading
                .iter()
                .all(|t| (t.from, t.to) == (reading[0].from, reading[0].to));
            if !one_word || reading.len() < 2 {
                continue;
            }
            let spelled: String = reading.iter().map(|t| t.text.as_str()).collect();
            let whole = whole_compounds(&analyze(AnalyzerKind::Main, &spelled));
            if whole.len() == 1 {
                *reading = whole;
            }
        }
    }
    let mut clauses: Clauses = Vec::new();
    let main_fields = if pairs.is_empty() {
        &MAIN_FIELDS[..]
    } else {
        &TITLE_FIELDS[..]
    };
    let sequences = [
        (&main, main_fields),
        (&pairs, &PAIRS_FIELDS[..]),
        (&recall, &RECALL_FIELDS[..]),
        (&bridge, &BRIDGE_FIELDS[..]),
        (&whole_name, &BRIDGE_FIELDS[..]),
    ]
    .into_iter()
    .chain(readings.iter().map(|r| (r, &READING_FIELDS[..])));
    for (tokens, table) in sequences {
        if tokens.is_empty() {
            continue;
        }
        for &(name, weight) in table {
            if text.title_only && !name.starts_with("title") {
                continue;
            }
            clauses.push(weighted_sequence_query(field_of(name), tokens, weight));
        }
    }
    Some(clauses)
}

/// A term, or a phrase over the tokens' relative positions: how every query word and
/// phrase becomes a tantivy query.
pub fn sequence_query(field: Field, tokens: &[hanseek_analysis::Token]) -> Box<dyn Query> {
    let first = tokens[0].position;
    let terms: Vec<(usize, Term)> = tokens
        .iter()
        .map(|t| (t.position - first, Term::from_field_text(field, &t.text)))
        .collect();
    if terms.len() == 1 {
        Box::new(TermQuery::new(terms[0].1.clone(), IndexRecordOption::WithFreqs))
    } else {
        Box::new(PhraseQuery::new_with_offset(terms))
    }
}

/// `sequence_query` with its score multiplied by `weight`; a single term in the form
/// that `AllOf` can score sparingly.
fn weighted_sequence_query(field: Field, tokens: &[hanseek_analysis::Token], weight: Score) -> Box<dyn Query> {
    if let [token] = tokens {
        return Box::new(WeightedTerm::new(Term::from_field_text(field, &token.text), weight));
    }
    Box::new(BoostQuery::new(sequence_query(field, tokens), weight))
}

fn any_of(mut alternatives: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if alternatives.len() == 1 {
        return alternatives.pop().expect("one alternative");
    }
    Box::new(BooleanQuery::new(
        alternatives.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn filter_clauses(fields: &Fields, parsed: &ParsedQuery, kind: Option<Kind>) -> Vec<Box<dyn Query>> {
    let term = |field: Field, value: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    };
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    let kinds: Vec<Kind> = parsed.kinds.iter().copied().chain(kind).collect();
    if !kinds.is_empty() {
        for k in &kinds {
            filters.push(term(fields.kind, k.as_str()));
        }
    }
    for (field, values) in [
        (fields.section, &parsed.sections),
        (fields.category, &parsed.categories),
    ] {
        if !values.is_empty() {
            filters.push(any_of(values.iter().map(|(v, _)| term(field, v)).collect()));
        }
    }
    for (field, values) in [
        (fields.section, &parsed.excluded_sections),
        (fields.category, &parsed.excluded_categories),
    ] {
        for (value, _) in values {
            filters.push(Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, term(field, value)),
            ])));
        }
    }
    if parsed.date_from.is_some() || parsed.date_to.is_some() {
        let bound = |date: Option<Date>, end: bool| match date {
            None => Bound::Unbounded,
            Some(d) => {
                let secs = d.days_since_epoch() * 86_400 + if end { 86_399 } else { 0 };
                Bound::Included(Term::from_field_date(fields.date, DateTime::from_timestamp_secs(secs)))
            }
        };
        filters.push(Box::new(RangeQuery::new(
            bound(parsed.date_from, false),
            bound(parsed.date_to, true),
        )));
    }
    filters
}

fn read_facets(results: &tantivy::aggregation::agg_result::AggregationResults) -> Facets {
    let json = serde_json::to_value(results).unwrap_or_default();
    let buckets = |name: &str| -> BTreeMap<String, u64> {
        json[name]["buckets"]
            .as_array()
            .map(|b| {
                b.iter()
                    .filter_map(|bucket| Some((bucket["key"].as_str()?.to_string(), bucket["doc_count"].as_u64()?)))
                    .collect()
            })
            .unwrap_or_default()
    };
    Facets {
        kind: buckets("kind"),
        section: buckets("section"),
        category: buckets("category"),
        month: buckets("month"),
    }
}

/// tantivy describes a field clause as "Boost xW of ..."; say which field it is.
fn name_fields(node: &mut serde_json::Value) {
    if let Some(description) = node["description"].as_str() {
        let named = |table: &[(&str, Score)], suffix: &str| {
            let (name, weight) = table
                .iter()
                .find(|(_, w)| description == format!("Boost x{w} of ..."))?;
            Some(format!("field {name}{suffix} (weight {weight})"))
        };
        let name = named(&MAIN_FIELDS, "")
            .or_else(|| named(&RECALL_FIELDS, ""))
            .or_else(|| named(&BRIDGE_FIELDS, ": Korean word = reading of Han text"))
            .or_else(|| named(&READING_FIELDS, ": reading of the Chinese word"))
            .or_else(|| (description == format!("Boost x{ALIAS_WEIGHT} of ...")).then(|| "alias".to_string()));
        if let Some(name) = name {
            node["description"] = name.into();
        }
    }
    if let Some(details) = node.get_mut("details").and_then(|d| d.as_array_mut()) {
        details.iter_mut().for_each(name_fields);
    }
}

/// Why a hit scored as it did, with field names; never fails the search.
fn explain(query: &dyn Query, searcher: &tantivy::Searcher, address: DocAddress) -> serde_json::Value {
    match query.explain(searcher, address) {
        Ok(explanation) => {
            let mut json = serde_json::to_value(&explanation).unwrap_or_default();
            name_fields(&mut json);
            json
        }
        Err(e) => serde_json::json!({ "value": 0.0, "description": format!("no explanation: {e}") }),
    }
}
