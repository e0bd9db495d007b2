//! `hanseek analyze TEXT`: shows the tokens an analyzer makes, to see why a document
//! matches (or does not).

use std::io::Write;

use clap::Args;
use hanseek_search::{Analysis, AnalyzerKind};

#[derive(Args)]
pub struct AnalyzeArgs {
    /// The text to analyze (quote it: `hanseek analyze "인공지능 산업을"`).
    text: String,
    /// Which analyzer: `hanseek` (main: morphemes and words; also `main`),
    /// `hanseek_recall` (character bigrams for exact-substring recall; also `recall`),
    /// `hanseek_bridge` (the Korean readings of Chinese words and transliterated
    /// names; also `bridge`) or `hanseek_pairs` (adjacent pairs of main tokens, what
    /// phrases look up; also `pairs`).
    #[arg(long, default_value = "hanseek", value_parser = parse_kind)]
    analyzer: AnalyzerKind,
    /// Print one JSON object: {"analyzer","tokens":[{"text","from","to","position","position_length",…}]}.
    #[arg(long)]
    json: bool,
}

fn parse_kind(name: &str) -> Result<AnalyzerKind, String> {
    AnalyzerKind::from_name(name).ok_or_else(|| {
        format!("unknown analyzer '{name}': use hanseek, hanseek_recall, hanseek_bridge or hanseek_pairs")
    })
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<()> {
    let analysis = Analysis::of(args.analyzer, &args.text);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &analysis)?;
        writeln!(out)?;
        return Ok(());
    }
    // Padded by display width: a Hangul or Han character takes two columns.
    let pad = crate::terminal::pad;
    writeln!(
        out,
        "{:<4} {:<5} {} {:<12} {:<8} source",
        "pos",
        "len",
        pad("token", 16),
        "bytes",
        "tag"
    )?;
    for t in &analysis.tokens {
        let mark = if t.alternative { " (alternative)" } else { "" };
        writeln!(
            out,
            "{:<4} {:<5} {} {:<12} {:<8} {}{mark}",
            t.position,
            t.position_length,
            pad(&t.text, 16),
            format!("{}..{}", t.from, t.to),
            t.kind.tag(),
            &args.text[t.from..t.to]
        )?;
    }
    Ok(())
}
