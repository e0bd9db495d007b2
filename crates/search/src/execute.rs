//! Executing an expanded query: the passes that decide how widely to look (every word
//! as written; expanded when that finds few documents; some of the words when no
//! document has them all), each one pass over the index collecting the page of top
//! hits, the total and the facets together.

use hanseek_index::Fields;
use tantivy::collector::Count;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Score};

use crate::clauses::{any_of, group_clauses, word_clauses, Clauses};
use crate::conjunction::AllOf;
use crate::deadline::{Deadline, Within};
use crate::expand::{Expander, Expansion};
use crate::filters::filter_clauses;
use crate::result::{facets_collector, facets_of, read_facets, TotalRelation, WordsMatched};
use crate::top::{Pruning, TopNewestFirst};
use crate::{Facets, Request, SearchError, SearchOptions, Sort, FACETS_OVER_BEST};

/// What the passes found: the page of top hits of the last one, and how it was found.
pub(crate) struct Executed {
    /// The query of the pass that gave the hits (`--explain` explains it).
    pub query: Box<dyn Query>,
    /// The requested page.
    pub top: Vec<Found>,
    pub total: usize,
    pub total_relation: TotalRelation,
    pub facets: Facets,
    pub facets_counted: usize,
    /// The hits were found by the expanded query.
    pub expanded: bool,
    /// No document has every word: the hits have some of them.
    pub partial: bool,
    /// Query words with nothing to search (a lone particle).
    pub ignored: Vec<String>,
}

/// A hit of the page: its score, where it is, and, when no document has every word,
/// which of them it has.
pub(crate) struct Found {
    pub score: Score,
    pub address: DocAddress,
    pub words: Option<WordsMatched>,
}

/// A group of alternatives (one query word, or `a OR b`) as the clauses that find it.
struct Group {
    /// As the query wrote it, for the words a partial hit lacks.
    words: String,
    clauses: Clauses,
}

impl Group {
    fn query(&self) -> Box<dyn Query> {
        any_of(copy(&self.clauses))
    }
}

/// The query, and what its collector shares with it to skip work (see `conjunction`).
type Built = (Box<dyn Query>, Pruning);

/// What every pass's query has besides its words: the filters and the exclusions.
struct Passes<'p> {
    filters: Clauses,
    excluded: Clauses,
    searcher: &'p tantivy::Searcher,
    options: &'p SearchOptions,
    deadline: &'p Deadline,
}

impl Passes<'_> {
    /// Documents with every word and every filter, without the exclusions: matched
    /// window by window, and scored only where a hit could reach the page.
    fn all_of(&self, groups: &[Group]) -> Built {
        if groups.is_empty() {
            return self.at_least(groups, 0);
        }
        let pruning = Pruning::counting_to(self.count_to());
        let filter_groups = self.filters.iter().map(|f| vec![f.box_clone()]);
        let all: Vec<Clauses> = groups.iter().map(|g| copy(&g.clauses)).chain(filter_groups).collect();
        let query = AllOf::new(all)
            .excluding(copy(&self.excluded))
            .pruned_by(pruning.clone());
        (Box::new(query), pruning)
    }

    /// Documents with at least `least` of the words (all documents for 0), the filters
    /// and none of the exclusions, scored by the words they have.
    fn at_least(&self, groups: &[Group], least: usize) -> Built {
        (self.with_words(self.some_of(groups, least), None), Pruning::default())
    }

    /// Documents with exactly `count` of the words.
    fn exactly(&self, groups: &[Group], count: usize) -> Built {
        let more = (count < groups.len()).then(|| self.some_of(groups, count + 1));
        (self.with_words(self.some_of(groups, count), more), Pruning::default())
    }

    /// At least `least` of the groups, scoring the sum of those matched.
    fn some_of(&self, groups: &[Group], least: usize) -> Box<dyn Query> {
        if groups.is_empty() || least == 0 {
            return Box::new(AllQuery);
        }
        let clauses = groups.iter().map(|g| (Occur::Should, g.query())).collect();
        Box::new(BooleanQuery::with_minimum_required_clauses(clauses, least))
    }

    /// `words` with the filters, without the exclusions and without `not`.
    fn with_words(&self, words: Box<dyn Query>, not: Option<Box<dyn Query>>) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words)];
        clauses.extend(self.filters.iter().map(|f| (Occur::Must, f.box_clone())));
        clauses.extend(self.excluded.iter().map(|e| (Occur::MustNot, e.box_clone())));
        clauses.extend(not.map(|q| (Occur::MustNot, q)));
        Box::new(BooleanQuery::new(clauses))
    }

    /// How far the first pass counts exactly: never below the count that decides
    /// whether to expand.
    fn count_to(&self) -> Option<usize> {
        let options = self.options;
        options.total_up_to.map(|bound| bound.max(options.expand_below))
    }

    fn collect(&self, built: &Built) -> Result<Collected, SearchError> {
        collect(self.searcher, built, self.options, self.deadline)
    }

    /// The page of a search in which no document has every word: the documents with
    /// the most words first (as Meilisearch's matching strategy drops words until
    /// some document has the rest), by score within the same number of words (BM25
    /// already ranks the rarer words higher). Sorted by date, newest first instead.
    fn fewer_words_below(&self, groups: &[Group], top: Vec<(Score, DocAddress)>) -> Result<Vec<Found>, SearchError> {
        let options = self.options;
        // Each group's matcher, made once for the page's hits.
        let scoring = tantivy::query::EnableScoring::disabled_from_searcher(self.searcher);
        let weights = groups
            .iter()
            .map(|g| g.query().weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let found = |(score, address)| self.found(groups, &weights, score, address);
        if options.sort == Sort::Date || options.limit == 0 {
            return Ok(top.into_iter().map(found).collect());
        }
        let mut page = Vec::with_capacity(options.limit);
        let mut skip = options.offset;
        for count in (1..groups.len()).rev() {
            let wanted = options.limit - page.len();
            if wanted == 0 {
                break;
            }
            let tier = SearchOptions {
                offset: skip,
                limit: wanted,
                facets: false,
                ..options.clone()
            };
            let tier = collect(self.searcher, &self.exactly(groups, count), &tier, self.deadline)?;
            skip = skip.saturating_sub(tier.total);
            page.extend(tier.top.into_iter().map(found));
        }
        Ok(page)
    }

    /// A hit of a partial match, with the words it has and lacks (`weights`: the
    /// groups', in order).
    fn found(&self, groups: &[Group], weights: &[Box<dyn Weight>], score: Score, address: DocAddress) -> Found {
        let segment = self.searcher.segment_reader(address.segment_ord);
        let has = |weight: &dyn Weight| -> bool {
            // A word that cannot be looked up counts as present: no false "without".
            let scorer = weight.scorer(segment, 1.0);
            scorer.map_or(true, |mut s| s.seek(address.doc_id) == address.doc_id)
        };
        let missing: Vec<String> = groups
            .iter()
            .zip(weights)
            .filter(|(_, weight)| !has(weight.as_ref()))
            .map(|(g, _)| g.words.clone())
            .collect();
        Found {
            score,
            address,
            words: Some(WordsMatched {
                found: groups.len() - missing.len(),
                of: groups.len(),
                missing,
            }),
        }
    }
}

fn copy(clauses: &Clauses) -> Clauses {
    clauses.iter().map(|c| c.box_clone()).collect()
}

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
    let passes = Passes {
        filters: filter_clauses(fields, parsed, options.kind),
        excluded,
        searcher,
        options,
        deadline,
    };
    if groups.is_empty() && passes.filters.is_empty() {
        return Err(SearchError::Empty(text.to_string()));
    }

    // Documents with every word first; only when none has them all, those with some.
    // Each way, the query is expanded only when its words find few documents.
    let few = options.expand_below;
    let mut query = passes.all_of(&groups);
    let mut found = passes.collect(&query)?;
    let mut expanded = false;
    let mut partial = None;
    if found.total < few {
        let expanded_words = expander.pass(true);
        ignored = ignored_words(&expanded_words);
        let expanded_groups = compiled(fields, &expanded_words);
        query = passes.all_of(&expanded_groups);
        found = passes.collect(&query)?;
        expanded = true;
        if found.total == 0 && groups.len() > 1 {
            query = passes.at_least(&groups, 1);
            found = passes.collect(&query)?;
            expanded = false;
            partial = Some(groups);
            if found.total < few {
                query = passes.at_least(&expanded_groups, 1);
                found = passes.collect(&query)?;
                expanded = true;
                partial = Some(expanded_groups);
            }
        }
    }
    // No document with some of the words either: nothing partial to say.
    let partial = partial.filter(|_| found.total > 0);
    let top = match &partial {
        Some(groups) => passes.fewer_words_below(groups, found.top)?,
        None => found
            .top
            .into_iter()
            .map(|(score, address)| Found {
                score,
                address,
                words: None,
            })
            .collect(),
    };
    Ok(Executed {
        query: query.0,
        top,
        total: found.total,
        total_relation: found.total_relation,
        facets: found.facets,
        facets_counted: found.facets_counted,
        expanded,
        partial: partial.is_some(),
        ignored,
    })
}

/// Each group's clauses; a group with none (its words all ignored) is left out.
fn compiled(fields: &Fields, groups: &[Vec<Expansion>]) -> Vec<Group> {
    groups
        .iter()
        .map(|group| Group {
            words: group
                .iter()
                .map(|e| e.text.text.as_str())
                .collect::<Vec<_>>()
                .join(" OR "),
            clauses: group_clauses(fields, group),
        })
        .filter(|group| !group.clauses.is_empty())
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

/// One pass of a query.
struct Collected {
    /// The requested page of (score, address).
    top: Vec<(Score, DocAddress)>,
    total: usize,
    total_relation: TotalRelation,
    facets: Facets,
    facets_counted: usize,
}

fn collect(
    searcher: &tantivy::Searcher,
    (query, pruning): &Built,
    options: &SearchOptions,
    deadline: &Deadline,
) -> Result<Collected, SearchError> {
    deadline.check()?;
    let page = options.limit.max(1);
    let by_date = options.sort == Sort::Date;
    // Sorted by date, no score can skip a match: every match is counted.
    let bounded = options.total_up_to.is_some() && !by_date;
    if options.facets && !bounded {
        // One pass over every match: the top hits, the total and the facets together.
        let top = TopNewestFirst::new(hanseek_index::DATE_FIELD, page, options.offset).by_date(by_date);
        let (top, total, facets) = searcher
            .search(query, &Within::new((top, Count, facets_collector()), deadline))
            .map_err(|e| deadline.explain(e))?;
        return Ok(Collected {
            top: top.into_iter().map(|hit| (hit.score, hit.address)).collect(),
            total,
            total_relation: TotalRelation::Eq,
            facets: read_facets(&facets),
            facets_counted: total,
        });
    }
    // The facets of a bounded search count the best matches, kept with the page.
    let keep = if options.facets {
        (options.offset + page).max(FACETS_OVER_BEST)
    } else {
        options.offset + page
    };
    let top = TopNewestFirst::new(hanseek_index::DATE_FIELD, keep, 0)
        .ordering_first(options.offset + page)
        .by_date(by_date)
        .publishing(pruning.clone());
    let (kept, count) = searcher
        .search(query, &Within::new((top, Count), deadline))
        .map_err(|e| deadline.explain(e))?;
    // Past the bound the query may have stopped counting: the total is the bound.
    let (total, total_relation) = if bounded && pruning.counted_enough() {
        (pruning.count_to(), TotalRelation::Gte)
    } else {
        (count + pruning.skipped() as usize, TotalRelation::Eq)
    };
    let (facets, facets_counted) = if options.facets {
        let addresses: Vec<DocAddress> = kept.iter().map(|hit| hit.address).collect();
        (facets_of(searcher, &addresses), addresses.len())
    } else {
        (Facets::default(), 0)
    };
    Ok(Collected {
        top: kept
            .into_iter()
            .skip(options.offset)
            .take(page)
            .map(|hit| (hit.score, hit.address))
            .collect(),
        total,
        total_relation,
        facets,
        facets_counted,
    })
}
