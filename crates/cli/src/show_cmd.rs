//! `hanseek show ID`: one article with its full text and references, or one reference
//! link with its article — what a hit's id opens; with `--related`, the documents
//! most like it, across scripts.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hanseek_search::config::INDEX_ENV;
use hanseek_search::{Document, SearchConfig, SearchOptions, Searcher};

use crate::search_cmd::{print_hits, Color};

#[derive(Args)]
#[command(after_help = "Examples:
  hanseek show kostec-weekly-2023-12-01/III-02
  hanseek search --json 리튬배터리 | jq -r '.hits[0].id' | xargs hanseek show
  hanseek show kostec-weekly-2023-12-01/III-02 --related      the Chinese source it summarizes first")]
pub struct ShowArgs {
    /// A hit's id, as `search` prints it.
    id: String,
    /// Instead of the document, the articles and sources sharing its rarest words, most
    /// alike first (score: likeness from 0 to 1), counting readings and
    /// transliterations: a Korean article finds the Chinese sources it summarizes.
    #[arg(long)]
    related: bool,
    /// With --related: how many to print (at most 50 are ranked).
    #[arg(long, default_value_t = 10, value_name = "N", requires = "related")]
    limit: usize,
    /// Print one JSON object: the document (as `/api/documents/ID` answers), or with
    /// --related the related documents (as `/api/documents/ID/related`).
    #[arg(long)]
    json: bool,
    /// With --related: colour the output (auto, always, never), as `search --color`.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    color: Color,
    /// Index folder.
    #[arg(long, env = INDEX_ENV, default_value = "index")]
    index: PathBuf,
}

pub fn run(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::with_config(SearchConfig::new(&args.index))?;
    let missing = || {
        anyhow::anyhow!(
            "no document '{}' in the index '{}': ids are what `hanseek search` prints",
            args.id,
            args.index.display()
        )
    };
    let mut out = std::io::stdout().lock();
    if args.related {
        let options = SearchOptions {
            limit: args.limit,
            ..SearchOptions::default()
        };
        let related = searcher.related(&args.id, &options)?.ok_or_else(missing)?;
        if args.json {
            serde_json::to_writer(&mut out, &related)?;
            writeln!(out)?;
        } else {
            let words: Vec<&str> = related.words.iter().map(|w| w.text.as_str()).collect();
            writeln!(out, "related to {} through its words {}", related.id, words.join(", "))?;
            print_hits(&mut out, &related.result, 0, args.color)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let document = searcher.document(&args.id)?.ok_or_else(missing)?;
    if args.json {
        serde_json::to_writer(&mut out, &document)?;
        writeln!(out)?;
    } else {
        print_text(&mut out, &shown_document(&document))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The document with every text as a terminal may show it ([`crate::terminal::shown`]).
fn shown_document(d: &Document) -> Document {
    use crate::terminal::{shown_option as option, shown_text as text};
    Document {
        id: text(&d.id),
        title: text(&d.title),
        subtitle: option(&d.subtitle),
        body: option(&d.body),
        summary: d.summary.iter().map(|s| text(s)).collect(),
        section: option(&d.section),
        category: option(&d.category),
        path: option(&d.path),
        url: option(&d.url),
        outlet: option(&d.outlet),
        parent_id: option(&d.parent_id),
        parent_title: option(&d.parent_title),
        references: d.references.iter().map(shown_document).collect(),
        article: d.article.as_deref().map(|a| Box::new(shown_document(a))),
        ..d.clone()
    }
}

fn print_text(out: &mut impl Write, d: &Document) -> std::io::Result<()> {
    writeln!(out, "{}", d.title)?;
    let place: Vec<&str> = [d.section.as_deref(), d.category.as_deref(), d.date.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    writeln!(out, "{} · {} · {}", d.kind, d.id, place.join(" · "))?;
    if let Some(path) = &d.path {
        let pages = crate::pages(&d.pages).map(|p| format!(" · {p}")).unwrap_or_default();
        writeln!(out, "file: {path}{pages}")?;
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
