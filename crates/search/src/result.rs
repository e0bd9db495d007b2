//! What a search returns: the JSON contract with users' scripts and the HTTP API, one
//! set of serde types that every front end prints (`hanseek search --json`, the
//! server). Field names here are a contract: add, never rename.

use std::collections::BTreeMap;

use hanseek_analysis::{analyze, AnalyzerKind, Token};
use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::AggregationCollector;
use tantivy::query::Query;
use tantivy::{DocAddress, Score};

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
    /// The corpus file the document came from, as the build was given it.
    pub path: Option<String>,
    /// For a link: reference, source or image_source.
    pub link_kind: Option<String>,
    pub score: Score,
    pub snippet: String,
    /// `[from, to)` character offsets into `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// The field the snippet comes from.
    pub snippet_field: String,
    /// When the hit matched only across scripts: the reading that bridged them, e.g.
    /// `reading 무인기 ← 无人机` (the highlights then mark the original text); or, for
    /// a query in traditional characters that matched the simplified spelling,
    /// `simplified 无人机 ← 無人機` (ranked as the word itself).
    pub via: Option<String>,
    /// When no document has every query word (`SearchResult::partial`): how many of
    /// them this hit has, and which it lacks. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words_matched: Option<WordsMatched>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<serde_json::Value>,
}

/// How many of a query's words (its groups of `a OR b` alternatives count as one) a
/// partial hit has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordsMatched {
    pub found: usize,
    pub of: usize,
    /// The words it lacks, as the query wrote them.
    pub missing: Vec<String>,
}

impl WordsMatched {
    /// As `via` says it: `partial — 3 of 4 words, without 创新`.
    pub fn describe(&self) -> String {
        let mut said = format!("partial — {} of {} words", self.found, self.of);
        if !self.missing.is_empty() {
            said.push_str(", without ");
            said.push_str(&self.missing.join(", "));
        }
        said
    }
}

/// Whether `total` is every match or a lower bound, as Elasticsearch's
/// `hits.total.relation`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TotalRelation {
    /// `total` is exact.
    #[default]
    Eq,
    /// There are at least `total` matches.
    Gte,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub kind: BTreeMap<String, u64>,
    pub section: BTreeMap<String, u64>,
    pub category: BTreeMap<String, u64>,
    pub month: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchResult {
    pub query: String,
    /// Matching documents: every one when `total_relation` is `eq`, at least this many
    /// when it is `gte` (`SearchOptions::total_up_to`).
    pub total: usize,
    pub total_relation: TotalRelation,
    /// Milliseconds, to the microsecond.
    pub took_ms: f64,
    /// No document has every word: these hits have some of them.
    pub partial: bool,
    /// Whether the query was expanded (compound parts apart, bigram recall fields):
    /// only when its words find fewer than `expand_below` documents. Otherwise `total`
    /// counts the documents its words find.
    pub expanded: bool,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// How many matches the facets count: the best [`crate::FACETS_OVER_BEST`], every
    /// match when there are fewer or when every match is counted (`total_up_to` of
    /// `None`, or sorted by date); 0 when no facets were asked for.
    pub facets_counted: usize,
    /// Query words that analyze to nothing searchable (a lone particle, punctuation).
    pub ignored: Vec<String>,
}

/// The facets and how many values each keeps, most frequent first.
const FACET_FIELDS: [(&str, usize); 4] = [("kind", 10), ("section", 100), ("category", 100), ("month", 1000)];

/// Facet counts by kind, section, category and month over the whole result set.
pub(crate) fn facets_collector() -> AggregationCollector {
    let request: serde_json::Map<String, serde_json::Value> = FACET_FIELDS
        .iter()
        .map(|(name, size)| {
            (
                name.to_string(),
                serde_json::json!({"terms": {"field": name, "size": size}}),
            )
        })
        .collect();
    let request: Aggregations = serde_json::from_value(request.into()).expect("a valid aggregation request");
    AggregationCollector::from_aggs(request, Default::default())
}

/// Facet counts over these documents only, as [`facets_collector`] counts them.
pub(crate) fn facets_of(searcher: &tantivy::Searcher, addresses: &[DocAddress]) -> Facets {
    let mut counts: [BTreeMap<String, u64>; 4] = Default::default();
    let mut by_segment: Vec<&DocAddress> = addresses.iter().collect();
    by_segment.sort_unstable();
    for segment in by_segment.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
        let reader = searcher.segment_reader(segment[0].segment_ord);
        for ((name, _), counts) in FACET_FIELDS.iter().zip(&mut counts) {
            let Ok(Some(column)) = reader.fast_fields().str(name) else {
                continue;
            };
            // Counted by ordinal, each spelled out once: spelling one decompresses a
            // block of the column's dictionary.
            let mut by_ordinal: BTreeMap<u64, u64> = BTreeMap::new();
            for address in segment {
                for ordinal in column.term_ords(address.doc_id) {
                    *by_ordinal.entry(ordinal).or_default() += 1;
                }
            }
            let mut value = String::new();
            for (ordinal, count) in by_ordinal {
                value.clear();
                if column.ord_to_str(ordinal, &mut value).is_ok() {
                    *counts.entry(value.clone()).or_default() += count;
                }
            }
        }
    }
    let [kind, section, category, month] = counts;
    let kept = |counts: BTreeMap<String, u64>, size: usize| {
        let mut values: Vec<(String, u64)> = counts.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        values.truncate(size);
        values.into_iter().collect()
    };
    Facets {
        kind: kept(kind, FACET_FIELDS[0].1),
        section: kept(section, FACET_FIELDS[1].1),
        category: kept(category, FACET_FIELDS[2].1),
        month: kept(month, FACET_FIELDS[3].1),
    }
}

pub(crate) fn read_facets(results: &tantivy::aggregation::agg_result::AggregationResults) -> Facets {
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

/// Why a hit scored as it did, each clause named by its field (see
/// [`crate::fields::Label`]); never fails the search.
pub(crate) fn explain(query: &dyn Query, searcher: &tantivy::Searcher, address: DocAddress) -> serde_json::Value {
    match query.explain(searcher, address) {
        Ok(explanation) => serde_json::to_value(&explanation).unwrap_or_default(),
        Err(e) => serde_json::json!({ "value": 0.0, "description": format!("no explanation: {e}") }),
    }
}

/// The tokens an analyzer makes of a text (`hanseek analyze --json`, `/api/analyze`).
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub analyzer: &'static str,
    pub tokens: Vec<Token>,
}

impl Analysis {
    pub fn of(kind: AnalyzerKind, text: &str) -> Analysis {
        Analysis {
            analyzer: kind.name(),
            tokens: analyze(kind, text),
        }
    }
}
