//! The query's filters (kind, section, category, dates) as tantivy clauses.

use std::ops::Bound;

use hanseek_corpus::Date;
use hanseek_index::Fields;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, Term};

use crate::clauses::any_of;
use crate::query::{Kind, ParsedQuery};
use crate::SearchError;

pub(crate) fn filter_clauses(fields: &Fields, parsed: &ParsedQuery, kind: Option<Kind>) -> Vec<Box<dyn Query>> {
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

/// A filter on a section or category nobody has gets an error listing what exists,
/// not a silent empty result.
pub(crate) fn check_values(
    fields: &Fields,
    searcher: &tantivy::Searcher,
    parsed: &ParsedQuery,
) -> Result<(), SearchError> {
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
