//! Executing an expanded query: the passes that decide how widely to look (every word
//! as written; expanded when that finds few documents; some of the words when no
//! document has them all), each one pass over the index collecting the page of top
//! hits, the total and the facets together.

use hanseek_index::Fields;
use tantivy::collector::Count;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Score};

use crate::clauses::{any_of, group_clauses, word_clauses, Clauses};
use crate::conjunction::AllOf;
use crate::deadline::{Deadline, Within};
use crate::expand::{Expander, Expansion};
use crate::filters::filter_clauses;
use crate::result::{facets_collector, read_facets};
use crate::top::{Pruning, TopNewestFirst};
use crate::{Facets, Request, SearchError, SearchOptions, Sort};

/// What the passes found: the page of top hits of the last one, and how it was found.
pub(crate) struct Executed {
    /// The query of the pass that gave the hits (`--explain` explains it).
    pub query: Box<dyn Query>,
    /// The requested page of (score, address).
    pub top: Vec<(Score, DocAddress)>,
    pub total: usize,
    pub facets: Facets,
    /// The hits were found by the expanded query.
    pub expanded: bool,
    /// No document has every word: the hits have some of them.
    pub partial: bool,
    /// Query words with nothing to search (a lone particle).
    pub ignored: Vec<String>,
}

/// The query, and what its collector shares with it to skip work (see `conjunction`).
type Built = (Box<dyn Query>, Pruning);

/// Runs the passes (see the module's comment) of `request` over `searcher`.
pub(crate) fn execute(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    expander: &Expander,
    request: &Request,
) -> Result<Executed, SearchError> {
    let Request {
        text,
        parsed,
        options,
        scope,
        deadline,
    } = *request;
    let unexpanded = expander.pass(false);
    let mut ignored = ignored_words(&unexpanded);
    let groups = compiled(fields, &unexpanded);
    let filters = filter_clauses(fields, parsed, options.kind);
    // Each clause of an excluded word on its own: `AllOf` seeks each to the matches
    // only, where a union would check the positions of its bigram phrases in every
    // document that has them.
    let mut excluded: Clauses = expander
        .excluded()
        .iter()
        .flat_map(|word| word_clauses(fields, word))
        .collect();
    if let Some(id) = &scope.without {
        let term = tantivy::Term::from_field_text(fields.id, id);
        excluded.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
    }
    if groups.is_empty() && filters.is_empty() {
        return Err(SearchError::Empty(text.to_string()));
    }

    let build = |groups: &[Clauses], required: bool| -> Built {
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
    let collect = |built: &Built| collect(searcher, built, options, deadline);

    // Documents with every word first; only when none has them all, those with some.
    // Each way, the query is expanded only when its words find few documents.
    let few = options.expand_below;
    let mut query = build(&groups, true);
    let (mut top, mut total, mut facets) = collect(&query)?;
    let mut expanded = false;
    let mut partial = false;
    if total < few {
        let expanded_words = expander.pass(true);
        ignored = ignored_words(&expanded_words);
        let expanded_groups = compiled(fields, &expanded_words);
        query = build(&expanded_groups, true);
        (top, total, facets) = collect(&query)?;
        expanded = true;
        if total == 0 && groups.len() > 1 {
            query = build(&groups, false);
            (top, total, facets) = collect(&query)?;
            expanded = false;
            if total < few {
                query = build(&expanded_groups, false);
                (top, total, facets) = collect(&query)?;
                expanded = true;
            }
            partial = total > 0;
        }
    }
    Ok(Executed {
        query: query.0,
        top,
        total,
        facets,
        expanded,
        partial,
        ignored,
    })
}

/// Each group's clauses; a group with none (its words all ignored) is left out.
fn compiled(fields: &Fields, groups: &[Vec<Expansion>]) -> Vec<Clauses> {
    groups
        .iter()
        .map(|group| group_clauses(fields, group))
        .filter(|clauses| !clauses.is_empty())
        .collect()
}

fn ignored_words(groups: &[Vec<Expansion>]) -> Vec<String> {
    groups
        .iter()
        .flatten()
        .filter(|e| e.ignored())
        .map(|e| e.text.text.clone())
        .collect()
}

/// One pass of a query: the requested page of (score, address), the total, the facets.
type Collected = (Vec<(Score, DocAddress)>, usize, Facets);

fn collect(
    searcher: &tantivy::Searcher,
    (query, pruning): &Built,
    options: &SearchOptions,
    deadline: &Deadline,
) -> Result<Collected, SearchError> {
    deadline.check()?;
    let top = TopNewestFirst::new(hanseek_index::DATE_FIELD, options.limit.max(1), options.offset)
        .by_date(options.sort == Sort::Date);
    // One pass over the matches: the top hits, the total and the facets together.
    // Facets need every match, so they turn the pruning off.
    let (top_docs, total, facets) = if options.facets {
        let (top, total, facets) = searcher
            .search(query, &Within::new((top, Count, facets_collector()), deadline))
            .map_err(|e| deadline.explain(e))?;
        (top, total, read_facets(&facets))
    } else {
        let (top, total) = searcher
            .search(query, &Within::new((top.publishing(pruning.clone()), Count), deadline))
            .map_err(|e| deadline.explain(e))?;
        (top, total, Facets::default())
    };
    Ok((
        top_docs.into_iter().map(|hit| (hit.score, hit.address)).collect(),
        total + pruning.skipped() as usize,
        facets,
    ))
}
