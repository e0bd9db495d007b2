//! `hanseek show ID`: one article with its full text and references, or one reference
//! link with its article — what a hit's id opens.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hanseek_search::config::INDEX_ENV;
use hanseek_search::{Document, SearchConfig, Searcher};

#[derive(Args)]
#[command(after_help = "Examples:
  hanseek show kostec-weekly-2023-12-01/III-02
  hanseek search --json 리튬배터리 | jq -r '.hits[0].id' | xargs hanseek show")]
pub struct ShowArgs {
    /// A hit's id, as `search` prints it.
    id: String,
    /// Print the document as one JSON object (as `/api/documents/ID` answers).
    #[arg(long)]
    json: bool,
    /// Index folder.
    #[arg(long, env = INDEX_ENV, default_value = "index")]
    index: PathBuf,
}

pub fn run(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::with_config(SearchConfig::new(&args.index))?;
    let Some(document) = searcher.document(&args.id)? else {
        anyhow::bail!(
            "no document '{}' in {}: ids are what `hanseek search` prints",
            args.id,
            args.index.display()
        );
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &document)?;
        writeln!(out)?;
    } else {
        print_text(&mut out, &document)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(out: &mut impl Write, d: &Document) -> std::io::Result<()> {
    writeln!(out, "{}", d.title)?;
    let place: Vec<&str> = [d.section.as_deref(), d.category.as_deref(), d.date.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    writeln!(out, "{} · {} · {}", d.kind, d.id, place.join(" · "))?;
    if let Some(path) = &d.path {
        writeln!(out, "file: {path}")?;
    }
    if let Some(url) = &d.url {
        let outlet = d.outlet.as_deref().map(|o| format!(" ({o})")).unwrap_or_default();
        writeln!(out, "{url}{outlet}")?;
    }
    if let Some(subtitle) = &d.subtitle {
        writeln!(out, "\n■ {subtitle}")?;
    }
    if !d.summary.is_empty() {
        writeln!(out, "\n요약")?;
        for bullet in &d.summary {
            writeln!(out, "  • {bullet}")?;
        }
    }
    if let Some(body) = &d.body {
        writeln!(out, "\n{body}")?;
    }
    if !d.references.is_empty() {
        writeln!(out, "\n참고자료 · 출처")?;
        for (i, r) in d.references.iter().enumerate() {
            let url = r.url.as_deref().unwrap_or("");
            writeln!(out, "  {}. {} {url}  [{}]", i + 1, r.title, r.id)?;
        }
    }
    if let Some(article) = &d.article {
        writeln!(out, "\ncited in {}: {}", article.id, article.title)?;
    }
    Ok(())
}
