//! Query latency per class (benches/queries/scale.tsv) on a synthetic archive of 10,000
//! articles (HANSEEK_BENCH_ARTICLES to change it), ranking only and with top-10
//! snippets, without facets. Run: `cargo bench --bench query`. One criterion iteration runs every query
//! of the class once; the reported time divided by the class's query count (printed at
//! the start) is the mean latency, and the throughput line is queries per second.
//! Percentiles at 10^3–10^5 articles come from `hanseek bench` (benches/scale.sh).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hanseek_search::{SearchOptions, Searcher};

fn articles() -> usize {
    std::env::var("HANSEEK_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000)
}

fn bench(c: &mut Criterion) {
    let work: PathBuf = std::env::temp_dir().join(format!("hanseek-bench-query-{}", std::process::id()));
    let corpus = work.join("corpus");
    let index = work.join("index");
    hanseek_synth::write_archive(&corpus, articles(), 1).expect("write the archive");
    hanseek_index::build(&corpus, &index, Default::default(), &mut |_| {}).expect("build the index");
    let searcher = Searcher::open(&index).expect("open the index");

    let set = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/queries/scale.tsv"))
        .expect("benches/queries/scale.tsv");
    let queries: Vec<(&str, &str)> = set
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect();
    let mut classes: Vec<&str> = queries.iter().map(|(c, _)| *c).collect();
    classes.sort_unstable();
    classes.dedup();

    for snippets in [false, true] {
        // As `hanseek bench` by default: no facets (they need every match counted by
        // category, which `hanseek search` does for its summary line).
        let options = SearchOptions {
            snippets,
            facets: false,
            ..SearchOptions::default()
        };
        let name = if snippets { "query+snippets" } else { "query" };
        let mut group = c.benchmark_group(name);
        group.sample_size(20);
        for class in &classes {
            let members: Vec<&str> = queries.iter().filter(|(c, _)| c == class).map(|(_, q)| *q).collect();
            eprintln!("{name}/{class}: {} queries", members.len());
            group.throughput(Throughput::Elements(members.len() as u64));
            group.bench_function(BenchmarkId::from_parameter(class), |b| {
                b.iter(|| {
                    for query in &members {
                        searcher.search(query, &options).expect("a valid query");
                    }
                })
            });
        }
        group.finish();
    }
    let _ = std::fs::remove_dir_all(&work);
}

criterion_group!(benches, bench);
criterion_main!(benches);
