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
//! every pass, so each word is analyzed once per pass as lindera would.

use std::borrow::Cow;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hanseek_analysis::{analyze, korean, AnalyzerKind};

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
        group.bench_function("recall", |b| b.iter(|| analyze(AnalyzerKind::Recall, text)));
        group.bench_function("raw-lindera", |b| {
            b.iter(|| lindera.segment(Cow::Borrowed(text.as_str())).unwrap().len())
        });
        group.bench_function("raw-jieba", |b| b.iter(|| jieba.cut_for_search(text, false).len()));
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
