//! The main analyzer from an empty word cache ("cold", every word new) against raw
//! lindera on the same text, alternating pass by pass, and the median of the per-round
//! ratios: on a machine whose speed drifts within minutes (this one's did by up to
//! 1.8× on 2026-12-01), back-to-back criterion groups can disagree where alternating
//! rounds do not.
//! Run: `cargo run --release -p hanseek-analysis --example cold_ratio [FILE] [ROUNDS]`
//! (FILE: a report, default the bundled one; ROUNDS default 200).
use std::borrow::Cow;
use std::time::Instant;

use hanseek_analysis::{analyze, korean, AnalyzerKind};

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args
        .next()
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/kostec-weekly-2023-12-01.md").into());
    let rounds: usize = args.next().map_or(200, |r| r.parse().expect("ROUNDS is a number"));
    let parsed = hanseek_corpus::parse_path(std::path::Path::new(&file), "ratio");
    let report = parsed.report.expect("the file parses as a report");
    // What the indexer analyzes, as `benches/analysis.rs` takes it.
    let text: String = report
        .articles
        .iter()
        .map(|a| format!("{}\n{}\n{}\n", a.title, a.subtitle.as_deref().unwrap_or(""), a.body))
        .collect();
    let mib = text.len() as f64 / (1 << 20) as f64;

    let dictionary = lindera::dictionary::load_dictionary("embedded://ko-dic").expect("ko-dic");
    let lindera = lindera::segmenter::Segmenter::new(lindera::mode::Mode::Normal, dictionary, None);
    hanseek_analysis::chinese::load_dictionary();
    for _ in 0..5 {
        korean::clear_cache();
        analyze(AnalyzerKind::Main, &text);
        lindera.segment(Cow::Borrowed(text.as_str())).expect("segment");
    }

    let (mut main, mut raw, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        korean::clear_cache();
        let started = Instant::now();
        std::hint::black_box(analyze(AnalyzerKind::Main, &text));
        let m = started.elapsed().as_secs_f64();
        let started = Instant::now();
        std::hint::black_box(lindera.segment(Cow::Borrowed(text.as_str())).expect("segment"));
        let r = started.elapsed().as_secs_f64();
        main.push(mib / m);
        raw.push(mib / r);
        ratios.push(r / m);
    }
    println!(
        "{:.0} KiB × {rounds} rounds: main cold median {:.2} MiB/s, raw lindera {:.2} MiB/s; \
         median ratio {:.1}% (quartiles {:.1}–{:.1}%)",
        mib * 1024.0,
        quantile(&mut main, 0.5),
        quantile(&mut raw, 0.5),
        100.0 * quantile(&mut ratios, 0.5),
        100.0 * quantile(&mut ratios, 0.25),
        100.0 * quantile(&mut ratios, 0.75),
    );
}

fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    values[((values.len() - 1) as f64 * q).round() as usize]
}
