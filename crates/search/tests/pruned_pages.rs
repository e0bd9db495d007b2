//! Counting matches only up to a bound and skipping what cannot reach the page (the
//! default, `SearchOptions::total_up_to`) shows the same page as counting every
//! match: the same hits in the same order with the same scores, for every query the
//! benchmarks run, on an archive large enough for the bound to be passed.

mod bundled;

use std::path::Path;

use bundled::{repository, tempdir};
use hanseek_search::{SearchOptions, Searcher, Sort, TotalRelation};

/// Every query of `benches/queries` but the related-document ids (not queries).
fn benchmark_queries() -> Vec<String> {
    let folder = repository().join("benches/queries");
    let mut queries = Vec::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if path.file_stem().is_some_and(|stem| stem == "related") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let query = line.split_once('\t').map_or(line, |(_, query)| query);
            queries.push(query.trim().to_string());
        }
    }
    queries.sort();
    queries.dedup();
    assert!(queries.len() > 150, "{} queries", queries.len());
    queries
}

fn synthetic_index(dir: &Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    hanseek_synth::write_archive(&corpus, 3_000, 1).unwrap();
    let index = dir.join("index");
    hanseek_index::build(&corpus, &index, Default::default(), &mut |_| {}).unwrap();
    index
}

#[test]
fn the_bounded_search_shows_the_pages_of_the_exhaustive_one() {
    let index = synthetic_index(&tempdir("pruned-pages"));
    let searcher = Searcher::open(&index).unwrap();
    let (mut compared, mut bounded_totals) = (0, 0);
    for query in benchmark_queries() {
        for (limit, offset, facets, sort) in [
            (10, 0, false, Sort::Relevance),
            (10, 10, false, Sort::Relevance),
            (10, 0, true, Sort::Relevance),
            (3, 0, false, Sort::Date),
        ] {
            let options = |total_up_to| SearchOptions {
                limit,
                offset,
                facets,
                sort,
                snippets: false,
                // The lowest bound there is: `expand_below` (100) counts exactly.
                total_up_to,
                ..SearchOptions::default()
            };
            let (Ok(exhaustive), Ok(bounded)) = (
                searcher.search(&query, &options(None)),
                searcher.search(&query, &options(Some(1))),
            ) else {
                continue;
            };
            let page = |r: &hanseek_search::SearchResult| -> Vec<(String, u32)> {
                r.hits.iter().map(|h| (h.id.clone(), h.score.to_bits())).collect()
            };
            let what = format!("{query} ({limit} from {offset}, facets {facets}, {sort:?})");
            assert_eq!(page(&bounded), page(&exhaustive), "{what}");
            assert_eq!(bounded.expanded, exhaustive.expanded, "{what}");
            assert_eq!(bounded.partial, exhaustive.partial, "{what}");
            assert_eq!(exhaustive.total_relation, TotalRelation::Eq, "{what}");
            match bounded.total_relation {
                TotalRelation::Eq => assert_eq!(bounded.total, exhaustive.total, "{what}"),
                TotalRelation::Gte => {
                    assert_eq!(bounded.total, 100, "{what}: the count stops at its bound");
                    assert!(exhaustive.total >= 100, "{what}");
                    bounded_totals += 1;
                }
            }
            compared += 1;
        }
    }
    assert!(compared > 500, "{compared} pages compared");
    assert!(bounded_totals > 100, "only {bounded_totals} searches passed the bound");
}

/// Facets of a bounded search count the best matches; when those are every match,
/// the counts are the exhaustive search's, value for value.
#[test]
fn facets_over_every_match_equal_the_exhaustive_ones() {
    let searcher = Searcher::open(bundled::index()).unwrap();
    for query in [
        "인공지능",
        "人工智能",
        "산업",
        "표준화",
        "중국 혁신",
        "배터리 OR 드론",
        "kind:reference",
    ] {
        let options = |total_up_to| SearchOptions {
            total_up_to,
            ..SearchOptions::default()
        };
        let exhaustive = searcher.search(query, &options(None)).unwrap();
        let bounded = searcher.search(query, &options(Some(10_000))).unwrap();
        assert!(exhaustive.total <= hanseek_search::FACETS_OVER_BEST, "{query}");
        assert_eq!(bounded.facets_counted, exhaustive.total, "{query}");
        assert_eq!(exhaustive.facets_counted, exhaustive.total, "{query}");
        let facets = |r: &hanseek_search::SearchResult| serde_json::to_string(&r.facets).unwrap();
        assert_eq!(facets(&bounded), facets(&exhaustive), "{query}");
    }
}
