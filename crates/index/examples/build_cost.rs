//! Where a one-core build's time goes, stage by stage, on a folder of reports: parsing,
//! each analyzer over exactly the texts the schema gives it, and what tantivy itself
//! adds (postings, positions, the document store, segment files). Issue 4 asks the
//! build to run at 90% of the main analyzer's own throughput; this shows how much of a
//! build the other stages are, whatever the main analyzer's speed.
//!
//! Run pinned to one core, so that tantivy's store and merge threads count too:
//! `cargo build --release -p hanseek-index --example build_cost &&
//!  taskset -c 0 target/release/examples/build_cost DIR`
//! (DIR: a folder of reports, e.g. an archive of `hanseek corpus synth`).
//!
//! The analyzers are timed in one pass over every document's indexed text values,
//! from an empty Korean word cache (as a build starts); then the same documents are
//! indexed by tantivy with one indexing thread, again from an empty cache, and
//! tantivy's share is that build's time less the analysis time.
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use hanseek_index::{build_schema, register_analyzers, report_documents, Optional};
use tantivy::schema::{FieldType, Value};
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, IndexWriter, TantivyDocument};

const BUDGET: usize = 256 << 20;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: build_cost DIR"));
    let files = hanseek_corpus::collect_files(&[dir]).files;
    // Dictionaries load before timing, as they do once per build.
    hanseek_analysis::analyze(hanseek_analysis::AnalyzerKind::Main, "준비 人工智能");
    hanseek_analysis::chinese::load_dictionary();
    hanseek_analysis::korean::set_cache_limit(BUDGET / 8);

    let started = Instant::now();
    let mut corpus_bytes = 0;
    let reports: Vec<_> = files
        .iter()
        .filter_map(|(path, source)| {
            let bytes = std::fs::read(path).expect("read a corpus file");
            corpus_bytes += bytes.len();
            let parsed = hanseek_corpus::parse_bytes(&path.display().to_string(), source, &bytes);
            parsed.report.map(|r| (source.clone(), r))
        })
        .collect();
    let parse = started.elapsed().as_secs_f64();

    let (schema, fields) = build_schema();
    let optional = Optional {
        bridge: true,
        pairs: true,
    };
    let started = Instant::now();
    let documents: Vec<TantivyDocument> = reports
        .iter()
        .flat_map(|(source, report)| report_documents(&fields, source, report, optional).documents)
        .collect();
    let assemble = started.elapsed().as_secs_f64();

    let dir = tempdir();
    let index = Index::create_in_dir(&dir, schema.clone()).expect("create the index");
    register_analyzers(&index, None);

    // Each analyzer over the values of the fields it indexes, timed apart.
    hanseek_analysis::korean::clear_cache();
    let mut by_analyzer: BTreeMap<String, (f64, usize, usize)> = BTreeMap::new();
    let mut analyzers = BTreeMap::new();
    for document in &documents {
        for (field, value) in document.field_values() {
            let FieldType::Str(options) = schema.get_field_entry(field).field_type() else {
                continue;
            };
            let (Some(indexing), Some(text)) = (options.get_indexing_options(), value.as_str()) else {
                continue;
            };
            let name = indexing.tokenizer().to_string();
            if name == "raw" {
                continue;
            }
            let analyzer = analyzers
                .entry(name.clone())
                .or_insert_with(|| index.tokenizers().get(&name).expect("a registered analyzer"));
            let started = Instant::now();
            let mut stream = analyzer.token_stream(text);
            let mut tokens = 0;
            while stream.advance() {
                tokens += 1;
            }
            let entry = by_analyzer.entry(name).or_default();
            entry.0 += started.elapsed().as_secs_f64();
            entry.1 += text.len();
            entry.2 += tokens;
        }
    }
    let analysis: f64 = by_analyzer.values().map(|v| v.0).sum();

    hanseek_analysis::korean::clear_cache();
    let started = Instant::now();
    let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(1, BUDGET).expect("a writer");
    for document in documents {
        writer.add_document(document).expect("add a document");
    }
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merges end");
    let build = started.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&dir);

    let mb = |bytes: usize| bytes as f64 / 1e6;
    let (main_seconds, main_bytes, _) = by_analyzer["hanseek"];
    let main_speed = mb(main_bytes) / main_seconds;
    let total = parse + assemble + build;
    println!("{} files, {:.1} MB of corpus files", files.len(), mb(corpus_bytes));
    println!(
        "parse            {parse:7.2} s  ({:.1} MB/s of files)",
        mb(corpus_bytes) / parse
    );
    println!("assemble docs    {assemble:7.2} s");
    for (name, (seconds, bytes, tokens)) in &by_analyzer {
        println!(
            "analyze {name:<15} {seconds:7.2} s  {:6.1} MB in, {tokens:>10} tokens, {:5.1} MB/s",
            mb(*bytes),
            mb(*bytes) / seconds
        );
    }
    println!(
        "index build      {build:7.2} s  = analysis {analysis:.2} s + tantivy {:.2} s",
        build - analysis
    );
    println!(
        "whole build      {total:7.2} s  = {:.2} MB/s of files, {:.0}% of the main analyzer's {main_speed:.1} MB/s",
        mb(corpus_bytes) / total,
        100.0 * mb(corpus_bytes) / total / main_speed
    );
    println!(
        "  without tantivy, parsing and assembly (analysis alone): {:.2} MB/s of files, {:.0}%",
        mb(corpus_bytes) / analysis,
        100.0 * mb(corpus_bytes) / analysis / main_speed
    );
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hanseek-build-cost-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temporary folder");
    dir
}
