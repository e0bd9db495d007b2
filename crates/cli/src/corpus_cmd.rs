//! `hanseek corpus …`: inspect what the parser makes of corpus files.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use hanseek_corpus::{collect_files_with, parse_path, Problem, Report};
use rayon::prelude::*;
use serde::Serialize;

#[derive(Subcommand)]
pub enum CorpusCommand {
    /// Show what will be indexed: every report, article and reference link.
    ///
    /// PATH may be files (.md, .txt, .jsonl, .pdf) or folders (searched recursively;
    /// README files, hidden files and other extensions are passed over). Exits with
    /// status 1 when any file could not be parsed; the other files are still shown.
    // The examples go after the options, as clap keeps their lines there.
    #[command(after_help = "Examples:
  hanseek corpus inspect corpus/
  hanseek corpus inspect --json corpus/kostec-weekly-2023-12-01.md | jq '.reports[0].articles[].title'")]
    Inspect {
        /// Files or folders to parse.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print one JSON object: {"reports":[…],"errors":[…],"warnings":[…],"ignored":[…]}.
        #[arg(long)]
        json: bool,
        /// With the text output, print each article's full body.
        #[arg(long)]
        body: bool,
        /// Follow symbolic links that lead out of a folder given (by default they are
        /// reported and skipped, as `index build` does).
        #[arg(long)]
        follow_links: bool,
    },
    /// Write a synthetic archive of weekly reports, for benchmarks at scale.
    ///
    /// Deterministic (same --articles and --seed, same files), made from real material:
    /// the bundled report's words drawn with Zipf-like frequencies whose vocabulary
    /// keeps growing, jieba's Chinese words for cited titles and names, acronyms,
    /// numbers with units, tables and links in the report's proportions, dates over
    /// 2010-2025. Files go to OUT/YYYY/, 14 articles each.
    Synth {
        /// Number of articles.
        #[arg(long)]
        articles: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output folder (created).
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(command: CorpusCommand) -> anyhow::Result<ExitCode> {
    match command {
        CorpusCommand::Inspect {
            paths,
            json,
            body,
            follow_links,
        } => inspect(&paths, json, body, follow_links),
        CorpusCommand::Synth { articles, seed, out } => {
            anyhow::ensure!(articles >= 1, "--articles must be at least 1");
            let (files, bytes) = hanseek_synth::write_archive(&out, articles, seed)
                .map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
            // Not println!: a reader that went away (`| head`) is an error handled
            // quietly, not a panic.
            writeln!(
                std::io::stdout(),
                "wrote {articles} articles in {files} reports ({:.1} MB) to {}",
                bytes as f64 / 1e6,
                out.display()
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[derive(Serialize)]
struct Inspection {
    reports: Vec<Report>,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
    ignored: Vec<String>,
}

fn inspect(paths: &[PathBuf], json: bool, show_body: bool, follow_links: bool) -> anyhow::Result<ExitCode> {
    let found = collect_files_with(paths, follow_links);
    let parsed: Vec<_> = found
        .files
        .par_iter()
        .map(|(path, source)| parse_path(path, source))
        .collect();
    let mut inspection = Inspection {
        reports: Vec::new(),
        errors: found.errors,
        warnings: Vec::new(),
        ignored: found.ignored.iter().map(|p| p.display().to_string()).collect(),
    };
    for file in parsed {
        inspection.reports.extend(file.report);
        inspection.errors.extend(file.errors);
        inspection.warnings.extend(file.warnings);
    }

    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &inspection)?;
        writeln!(out)?;
    } else {
        print_text(&mut out, &inspection, show_body)?;
    }
    for warning in &inspection.warnings {
        say!("warning: {}", crate::problem_line(warning));
    }
    for error in &inspection.errors {
        say!("error: {}", crate::problem_line(error));
    }
    Ok(if inspection.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The report with every text as a terminal may show it ([`crate::terminal::shown`]).
fn shown_report(report: &Report) -> Report {
    use crate::terminal::{shown_option as option, shown_text as text};
    let mut shown_report = report.clone();
    shown_report.path = text(&report.path);
    shown_report.title = text(&report.title);
    shown_report.unattached_summary = report.unattached_summary.iter().map(|s| text(s)).collect();
    for article in &mut shown_report.articles {
        article.id = text(&article.id);
        article.title = text(&article.title);
        article.subtitle = option(&article.subtitle);
        article.section = option(&article.section);
        article.category = option(&article.category);
        article.body = text(&article.body);
        article.summary = article.summary.iter().map(|s| text(s)).collect();
        for reference in &mut article.references {
            reference.title = text(&reference.title);
            reference.url = option(&reference.url);
            reference.outlet = option(&reference.outlet);
        }
    }
    shown_report
}

fn print_text(out: &mut impl Write, inspection: &Inspection, show_body: bool) -> std::io::Result<()> {
    for report in inspection.reports.iter().map(shown_report) {
        let report = &report;
        let issue = report.issue_date.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "{}  [{}{}] {}  (issue {issue}, {} articles)",
            report.path,
            report.format.describe(),
            match report.encoding {
                Some(name) if name != "UTF-8" => format!(", read as {name}"),
                _ => String::new(),
            },
            report.title,
            report.articles.len()
        )?;
        for article in &report.articles {
            let date = article.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
            let place = [article.section.as_deref(), article.category.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" / ");
            let pages = crate::pages(&article.pages)
                .map(|p| format!("  {p}"))
                .unwrap_or_default();
            writeln!(out, "  {:<38} {date}  {place}{pages}", article.id)?;
            writeln!(out, "      {}", article.title)?;
            if let Some(subtitle) = &article.subtitle {
                writeln!(out, "      ■ {subtitle}")?;
            }
            let chars = article.body.chars().count();
            writeln!(
                out,
                "      body: {chars} characters, {} lines; summary bullets: {}",
                article.body.lines().count(),
                article.summary.len()
            )?;
            if show_body {
                for line in article.body.lines() {
                    writeln!(out, "        | {line}")?;
                }
            }
            for reference in &article.references {
                let kind = serde_json::to_value(reference.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "      - {kind}: {}  {}",
                    reference.title,
                    reference.url.as_deref().unwrap_or("(no URL)")
                )?;
            }
        }
        for bullet in &report.unattached_summary {
            writeln!(out, "  요약 (report-level): {bullet}")?;
        }
    }
    let articles: usize = inspection.reports.iter().map(|r| r.articles.len()).sum();
    let links: usize = inspection
        .reports
        .iter()
        .flat_map(|r| &r.articles)
        .map(|a| a.references.len())
        .sum();
    writeln!(
        out,
        "{}, {}, {}, {}, {}, {} ignored",
        crate::count(inspection.reports.len() + inspection.errors.len(), "file"),
        crate::count(articles, "article"),
        crate::count(links, "reference link"),
        crate::count(inspection.errors.len(), "error"),
        crate::count(inspection.warnings.len(), "warning"),
        inspection.ignored.len()
    )
}
