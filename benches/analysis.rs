//! Analyzer throughput on the bundled report, side by side with raw lindera and raw
//! jieba on the same text. Run: `cargo bench --bench analysis`.
//!
//! - "korean-heavy": every article's title, subtitle and body (what the indexer
//!   analyzes), ~70% Hangul.
//! - "chinese-only": the report's Han runs joined (titles of cited sources, names),
//!   repeated to ~40 KB.
//!
//! The main analyzer caches Korean words per thread; "warm" is the steady state of a
//! long indexing run (Korean prose repeats its words), "cold" clears the cache before
//! every pass, so each word is analyzed once per pass as lindera would. "tokenizer" is
//! warm too, through the tantivy token stream the indexer reads (no `Token` allocated).
//!
//! - "stream": 2,000 synthetic articles (`hanseek corpus synth`, seed 1; ~5 MB), each
//!   analyzed once, the cache emptied before each pass: what an indexing run of that
//!   many articles does, new words arriving as a growing vocabulary brings them.

use std::borrow::Cow;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hanseek_analysis::{analyze, korean, AnalyzerKind, HanseekTokenizer};
use tantivy::tokenizer::{TokenStream, Tokenizer};

fn report_text() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/kostec-weekly-2023-12-01.md");
    let parsed = hanseek_corpus::parse_path(&path, "bench");
    let report = parsed.report.expect("the bundled report parses");
    let mut text = String::new();
    for article in &report.articles {
        for part in [
            article.title.as_str(),
            article.subtitle.as_deref().unwrap_or(""),
            article.body.as_str(),
        ] {
            text.push_str(part);
            text.push('\n');
        }
    }
    text
}

/// Every article's indexed text (title, subtitle, body) of `report`, as `report_text`.
fn article_texts(path: &Path) -> Vec<String> {
    let parsed = hanseek_corpus::parse_path(path, "bench");
    let Some(report) = parsed.report else {
        return Vec::new();
    };
    report
        .articles
        .iter()
        .map(|a| format!("{}\n{}\n{}\n", a.title, a.subtitle.as_deref().unwrap_or(""), a.body))
        .collect()
}

fn synthetic_articles(articles: usize) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("hanseek-bench-analysis-{}", std::process::id()));
    hanseek_synth::write_archive(&dir, articles, 1).expect("write the synthetic archive");
    let mut files = Vec::new();
    let mut folders = vec![dir.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read the archive") {
            let path = entry.expect("an archive entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let texts = files.iter().flat_map(|f| article_texts(f)).collect();
    let _ = std::fs::remove_dir_all(&dir);
    texts
}

fn chinese_text(report: &str) -> String {
    let runs: Vec<String> = report
        .split(|c: char| !('\u{4E00}'..='\u{9FFF}').contains(&c))
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    let once = runs.join("，");
    once.repeat((40_000 / once.len().max(1)).max(1))
}

fn bench(c: &mut Criterion) {
    let korean_heavy = report_text();
    let chinese = chinese_text(&korean_heavy);
    let lindera = {
        let dictionary = lindera::dictionary::load_dictionary("embedded://ko-dic").unwrap();
        lindera::segmenter::Segmenter::new(lindera::mode::Mode::Normal, dictionary, None)
    };
    let jieba = jieba_rs::Jieba::new();

    for (name, text) in [("korean-heavy", &korean_heavy), ("chinese-only", &chinese)] {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.sample_size(20);
        group.bench_function(BenchmarkId::new("main", "warm"), |b| {
            b.iter(|| analyze(AnalyzerKind::Main, text))
        });
        group.bench_function(BenchmarkId::new("main", "cold"), |b| {
            b.iter(|| {
                korean::clear_cache();
                analyze(AnalyzerKind::Main, text)
            })
        });
        // What indexing runs: tantivy's token stream over a reused buffer, where
        // `analyze` builds a `Token` with two strings for each token.
        let mut tokenizer = HanseekTokenizer::new(AnalyzerKind::Main);
        group.bench_function(BenchmarkId::new("main", "tokenizer"), |b| {
            b.iter(|| {
                let mut stream = tokenizer.token_stream(text);
                let mut tokens = 0;
                while stream.advance() {
                    tokens += 1;
                }
                tokens
            })
        });
        group.bench_function("recall", |b| b.iter(|| analyze(AnalyzerKind::Recall, text)));
        group.bench_function("raw-lindera", |b| {
            b.iter(|| lindera.segment(Cow::Borrowed(text.as_str())).unwrap().len())
        });
        group.bench_function("raw-jieba", |b| b.iter(|| jieba.cut_for_search(text, false).len()));
        group.finish();
    }

    let stream = synthetic_articles(2_000);
    let mut group = c.benchmark_group("stream");
    group.throughput(Throughput::Bytes(stream.iter().map(|t| t.len() as u64).sum()));
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("main", "from-empty-cache"), |b| {
        b.iter(|| {
            korean::clear_cache();
            stream
                .iter()
                .map(|t| analyze(AnalyzerKind::Main, t).len())
                .sum::<usize>()
        })
    });
    group.bench_function("raw-lindera", |b| {
        b.iter(|| {
            stream
                .iter()
                .map(|t| lindera.segment(Cow::Borrowed(t.as_str())).unwrap().len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
