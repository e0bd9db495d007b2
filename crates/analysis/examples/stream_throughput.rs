//! The main analyzer against raw lindera on a stream of many different reports, read
//! once each, as an indexing run sees them: the per-thread word cache starts empty and
//! keeps its default bound, so words are analyzed at the rate a growing vocabulary
//! brings new ones (neither the warm nor the cold case of `benches/analysis.rs`).
//! Run: `cargo run --release -p hanseek-analysis --example stream_throughput DIR`
//! (DIR: e.g. an archive of `hanseek corpus synth`, or the bundled `corpus/`).
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::Instant;

use hanseek_analysis::{analyze, AnalyzerKind};

fn main() {
    let dir = std::env::args().nth(1).expect("a folder of reports");
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("read a report"))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mib = bytes as f64 / (1 << 20) as f64;

    let dictionary = lindera::dictionary::load_dictionary("embedded://ko-dic").expect("ko-dic");
    let lindera = lindera::segmenter::Segmenter::new(lindera::mode::Mode::Normal, dictionary, None);
    // Both dictionaries loaded before timing.
    analyze(AnalyzerKind::Main, "준비 人工智能");
    hanseek_analysis::chinese::load_dictionary();

    let started = Instant::now();
    let tokens: usize = texts.iter().map(|t| analyze(AnalyzerKind::Main, t).len()).sum();
    let main = mib / started.elapsed().as_secs_f64();
    let started = Instant::now();
    let raw: usize = texts
        .iter()
        .map(|t| lindera.segment(Cow::Borrowed(t.as_str())).expect("segment").len())
        .sum();
    let raw_speed = mib / started.elapsed().as_secs_f64();
    println!(
        "{} files, {mib:.1} MiB: main analyzer {main:.2} MiB/s ({tokens} tokens), raw lindera {raw_speed:.2} MiB/s ({raw} tokens): {:.0}%",
        files.len(),
        100.0 * main / raw_speed
    );
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read the folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}
