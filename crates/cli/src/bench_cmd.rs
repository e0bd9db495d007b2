//! `hanseek bench`: query latency and throughput against an open index.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use hanseek_search::{AliasSource, SearchConfig, SearchOptions, Searcher, TOTAL_UP_TO};
use serde::Serialize;

#[derive(Args)]
#[command(
    after_help = "QUERIES file: one query per line, `CLASS<TAB>QUERY`, where CLASS is a label
such as term, and, phrase, chinese, mixed, filter, cross-script; `#` starts a comment.
The sets in benches/queries/ are examples."
)]
pub struct BenchArgs {
    /// Index folder.
    #[arg(long, env = hanseek_search::config::INDEX_ENV, default_value = "index")]
    index: PathBuf,
    /// The labelled query set.
    #[arg(long)]
    queries: PathBuf,
    /// Runs of the whole set before measuring (fills caches, loads dictionaries).
    #[arg(long, default_value_t = 2)]
    warmup: usize,
    /// Measured runs of the whole set (per thread).
    #[arg(long, default_value_t = 10)]
    iterations: usize,
    /// Threads running the set concurrently (QPS counts all of them).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Threads each query searches the index's segments with (`hanseek search` uses
    /// all cores). 1 measures throughput as concurrent queries share the cores; more
    /// measures one query's latency when it has the machine to itself.
    #[arg(long, default_value_t = 1)]
    search_threads: usize,
    /// Hits per query: 10 as the page shows; 0 counts only (the total, and the facets
    /// with `--facets`: the page's second request, made after it shows the hits).
    #[arg(long, default_value_t = SearchOptions::default().limit, conflicts_with_all = ["suggest", "related"])]
    limit: usize,
    /// Make top-10 snippets too (as `hanseek search` does); off measures ranking alone.
    #[arg(long)]
    snippets: bool,
    /// Count facets too (as `hanseek search` does): over the best 1,000 matches, or
    /// with `--exact-total` over every match.
    #[arg(long)]
    facets: bool,
    /// Count every match (as `search --exact-total`), instead of exactly up to 10,000
    /// and then only the matches that can reach the page.
    #[arg(long, conflicts_with_all = ["suggest", "related"])]
    exact_total: bool,
    /// Count exactly up to N matches instead of 10,000 (Elasticsearch's default): to
    /// compare with an engine that counts to another bound, as Lucene's own
    /// `IndexSearcher::search(query, 10)` does to 1,000 (benches/peers/).
    #[arg(long, value_name = "N", default_value_t = TOTAL_UP_TO, conflicts_with_all = ["exact_total", "suggest", "related"])]
    total_up_to: usize,
    /// Same-script matches only (as `search --no-bridge`): a Chinese word finds Chinese
    /// text, not the Korean text that writes its reading — the job a peer without
    /// cross-script readings does (benches/peers/).
    #[arg(long, conflicts_with_all = ["suggest", "related"])]
    no_bridge: bool,
    /// Time `suggest` instead: each query is a prefix being typed (`인공ㅈ`, `ㅂㄷㅊ`),
    /// completed with 10 suggestions; "hits" are the suggestions.
    #[arg(long, conflicts_with_all = ["snippets", "facets"])]
    suggest: bool,
    /// Time `show ID --related` instead: each query is a document id, answered with its
    /// 10 most related documents (snippets included); "hits" are the documents sharing
    /// its words.
    #[arg(long, conflicts_with_all = ["snippets", "facets", "suggest"])]
    related: bool,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct ClassReport {
    queries: usize,
    runs: usize,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    qps: f64,
    /// Queries per second: for the overall line, answered per wall-clock second by all
    /// threads; for a class, what the threads would answer running only that class.
    /// Mean total hits per query: a fast empty answer shows here.
    mean_hits: f64,
    zero_hit_queries: usize,
}

#[derive(Serialize)]
struct Report {
    index: String,
    threads: usize,
    search_threads: usize,
    iterations: usize,
    /// What the searches did, from the options they ran with.
    limit: usize,
    snippets: bool,
    facets: bool,
    bridge: bool,
    /// Matches counted exactly before the rest are skipped; null: every match.
    total_up_to: Option<usize>,
    suggest: bool,
    related: bool,
    wall_seconds: f64,
    classes: BTreeMap<String, ClassReport>,
    overall: ClassReport,
}

pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.threads >= 1 && args.iterations >= 1 && args.search_threads >= 1,
        "--threads, --search-threads and --iterations must be at least 1"
    );
    let text =
        std::fs::read_to_string(&args.queries).map_err(|e| anyhow::anyhow!("{}: {e}", args.queries.display()))?;
    let mut queries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (class, query) = line
            .split_once('\t')
            .ok_or_else(|| anyhow::anyhow!("{}:{}: expected CLASS<TAB>QUERY", args.queries.display(), n + 1))?;
        queries.push((class.trim().to_string(), query.trim().to_string()));
    }
    anyhow::ensure!(!queries.is_empty(), "{}: no queries", args.queries.display());
    // Without aliases, as every earlier measurement in BENCHMARKS.md.
    let config = SearchConfig::new(&args.index)
        .with_threads(args.search_threads)
        .with_aliases(AliasSource::Off);
    let searcher = Searcher::with_config(config)?;
    let options = SearchOptions {
        limit: args.limit,
        snippets: args.snippets,
        facets: args.facets,
        bridge: !args.no_bridge,
        total_up_to: (!args.exact_total).then_some(args.total_up_to),
        ..SearchOptions::default()
    };
    // What one timed run does: a search, a completion of a prefix, or related documents.
    let answer = |query: &str| -> Result<usize, hanseek_search::SearchError> {
        if args.suggest {
            Ok(searcher.suggest(query, 10)?.suggestions.len())
        } else if args.related {
            let related = searcher.related(query, &SearchOptions::default())?;
            let related =
                related.ok_or_else(|| hanseek_search::SearchError::UnknownValue(format!("no document '{query}'")))?;
            Ok(related.result.total)
        } else {
            Ok(searcher.search(query, &options)?.total)
        }
    };
    // Hits per query, and query errors before anything is timed.
    let mut hits = Vec::with_capacity(queries.len());
    for (class, query) in &queries {
        hits.push(answer(query).map_err(|e| anyhow::anyhow!("query {query:?} (class {class}): {e}"))?);
    }
    for _ in 0..args.warmup {
        for (_, query) in &queries {
            answer(query)?;
        }
    }
    // A process segments its first 500 Han runs with a small dictionary and then loads
    // the full one (~80 ms, once); a warm searcher is past that, so load it before the
    // timing instead of inside one timed query.
    if args.warmup > 0
        && queries
            .iter()
            .any(|(_, q)| q.chars().any(hanseek_analysis::script::is_han))
    {
        hanseek_analysis::chinese::load_dictionary();
    }
    let started = Instant::now();
    let per_thread: Vec<Vec<(usize, f64)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..args.threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut timings = Vec::with_capacity(queries.len() * args.iterations);
                    for _ in 0..args.iterations {
                        for (i, (_, query)) in queries.iter().enumerate() {
                            let t = Instant::now();
                            let _ = answer(query);
                            timings.push((i, t.elapsed().as_secs_f64() * 1000.0));
                        }
                    }
                    timings
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a bench thread")).collect()
    });
    let wall = started.elapsed().as_secs_f64();
    let timings: Vec<(usize, f64)> = per_thread.into_iter().flatten().collect();

    let threads = args.threads as f64;
    let summarize = |filter: &dyn Fn(usize) -> bool, all: bool| -> ClassReport {
        let mut ms: Vec<f64> = timings.iter().filter(|(i, _)| filter(*i)).map(|&(_, t)| t).collect();
        ms.sort_by(f64::total_cmp);
        let pick = |q: f64| {
            ms.get(((ms.len() as f64 * q).ceil() as usize).saturating_sub(1))
                .copied()
                .unwrap_or(0.0)
        };
        let members: Vec<usize> = (0..queries.len()).filter(|&i| filter(i)).collect();
        ClassReport {
            queries: members.len(),
            runs: ms.len(),
            p50_ms: pick(0.50),
            p95_ms: pick(0.95),
            p99_ms: pick(0.99),
            max_ms: ms.last().copied().unwrap_or(0.0),
            // The whole set: queries answered per wall-clock second, all threads together.
            // A class: what the threads would answer per second running only it.
            qps: if all {
                ms.len() as f64 / wall
            } else {
                ms.len() as f64 * threads / (ms.iter().sum::<f64>() / 1000.0)
            },
            mean_hits: members.iter().map(|&i| hits[i] as f64).sum::<f64>() / members.len().max(1) as f64,
            zero_hit_queries: members.iter().filter(|&&i| hits[i] == 0).count(),
        }
    };
    let mut classes = BTreeMap::new();
    for class in queries
        .iter()
        .map(|(c, _)| c.clone())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let report = summarize(&|i| queries[i].0 == class, false);
        classes.insert(class, report);
    }
    let report = Report {
        index: args.index.display().to_string(),
        threads: args.threads,
        search_threads: args.search_threads,
        iterations: args.iterations,
        limit: options.limit,
        snippets: options.snippets,
        facets: options.facets,
        bridge: options.bridge,
        total_up_to: options.total_up_to,
        suggest: args.suggest,
        related: args.related,
        wall_seconds: wall,
        overall: summarize(&|_| true, true),
        classes,
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} threads × {} iterations, {} search threads per query, snippets {}, {:.2} s",
        report.threads,
        report.iterations,
        report.search_threads,
        if report.snippets { "on" } else { "off" },
        report.wall_seconds
    )?;
    writeln!(
        out,
        "{:<14} {:>7} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9}",
        "class", "queries", "p50 ms", "p95 ms", "p99 ms", "max ms", "QPS", "hits"
    )?;
    for (name, c) in report
        .classes
        .iter()
        .chain(std::iter::once((&"overall".to_string(), &report.overall)))
    {
        writeln!(
            out,
            "{name:<14} {:>7} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>9.0} {:>9.1}{}",
            c.queries,
            c.p50_ms,
            c.p95_ms,
            c.p99_ms,
            c.max_ms,
            c.qps,
            c.mean_hits,
            if c.zero_hit_queries > 0 {
                format!("  ({} with no hit)", c.zero_hit_queries)
            } else {
                String::new()
            }
        )?;
    }
    Ok(())
}
