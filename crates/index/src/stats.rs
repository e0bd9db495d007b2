//! `hanseek index stats`: what the current generation holds.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{ReloadPolicy, Searcher, Term};

use crate::layout::IndexDir;
use crate::{open_current, IndexError, KIND_ARTICLE, KIND_REFERENCE};

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub index: String,
    pub generation: String,
    pub format_version: u32,
    pub hanseek_version: String,
    pub corpus: String,
    /// Whether the build filled the cross-script readings (`--no-bridge` did not).
    pub bridge: bool,
    /// Whether the build filled the word-pair field (`--no-pairs` did not).
    pub pairs: bool,
    /// How many words the word-pair field pairs (its most frequent); `null` when it
    /// pairs every word (an index of format 7) or has no pairs.
    pub pair_words: Option<usize>,
    /// The alias file the build recorded for searches, if any.
    pub aliases: Option<String>,
    pub documents: u64,
    pub articles: u64,
    pub references: u64,
    /// Documents (articles and links) by section.
    pub sections: BTreeMap<String, u64>,
    pub files: usize,
    pub size_bytes: u64,
    /// Unix seconds of the generation's creation and of its last build or update.
    pub created_at: u64,
    pub updated_at: u64,
    /// The same as ISO 8601 (UTC).
    pub created: String,
    pub updated: String,
    pub build_seconds: f64,
    pub errors_at_last_build: usize,
}

pub fn stats(root: &Path) -> Result<Stats, IndexError> {
    let open = open_current(root)?;
    let tantivy = |source| IndexError::Tantivy {
        path: root.to_path_buf(),
        source,
    };
    let reader = open
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(tantivy)?;
    let searcher = reader.searcher();
    let fields = open.fields;
    let count = |field: Field, value: &str| -> Result<u64, IndexError> {
        let query = TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic);
        searcher.search(&query, &Count).map(|n| n as u64).map_err(tantivy)
    };
    let mut sections = BTreeMap::new();
    for name in field_values(&searcher, fields.section).map_err(tantivy)? {
        let n = count(fields.section, &name)?;
        if n > 0 {
            sections.insert(name, n);
        }
    }
    Ok(Stats {
        index: root.display().to_string(),
        generation: open.generation.clone(),
        format_version: open.meta.format_version,
        hanseek_version: open.meta.hanseek_version.clone(),
        corpus: open.corpus().to_string(),
        bridge: open.meta.bridge,
        pairs: open.meta.pairs,
        pair_words: open.meta.pair_words.as_ref().map(Vec::len),
        aliases: open.meta.aliases.clone(),
        documents: searcher.num_docs(),
        articles: count(fields.kind, KIND_ARTICLE)?,
        references: count(fields.kind, KIND_REFERENCE)?,
        sections,
        files: open.manifest.files.len(),
        size_bytes: IndexDir::new(root).size_of(&open.generation),
        created_at: open.meta.created_at,
        updated_at: open.manifest.updated_at,
        created: iso8601(open.meta.created_at),
        updated: iso8601(open.manifest.updated_at),
        // The wall time where the build recorded it (older indexes: until its commit).
        build_seconds: open.meta.build_seconds.unwrap_or(open.manifest.build_seconds),
        errors_at_last_build: open.manifest.errors.len(),
    })
}

/// Unix seconds as `2026-12-01T21:28:16Z`.
pub fn iso8601(secs: u64) -> String {
    let date = hanseek_corpus::Date::from_days_since_epoch((secs / 86_400) as i64);
    let time = secs % 86_400;
    format!("{date}T{:02}:{:02}:{:02}Z", time / 3600, time / 60 % 60, time % 60)
}

/// Every distinct value of a raw string field, over all segments.
pub fn field_values(searcher: &Searcher, field: Field) -> tantivy::Result<Vec<String>> {
    let mut values = std::collections::BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted.terms().stream()?;
        while terms.advance() {
            values.insert(String::from_utf8_lossy(terms.key()).into_owned());
        }
    }
    Ok(values.into_iter().collect())
}
