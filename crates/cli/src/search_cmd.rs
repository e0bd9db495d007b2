//! `hanseek search QUERY`: ranked hits with highlighted snippets, for people (terminal)
//! and scripts (`--json`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hanseek_search::config::{ALIASES_ENV, INDEX_ENV};
use hanseek_search::{
    AliasSource, Hit, Kind, SearchConfig, SearchOptions, SearchResult, Searcher, Sort, TotalRelation, TOTAL_UP_TO,
};

#[derive(Args)]
#[command(after_help = "QUERY syntax:
  인공지능 산업              all words (particles and endings ignored, as in documents)
  \"표준화 인재 양성\"          exact phrase
  -드론                     exclude a word or \"phrase\"
  드론 OR 无人机             either
  title:인공지능             in titles only
  ㅇㄱㅈㄴ  인공ㅈㄴ           초성: the words the initials stand for (인공지능), ranked lower
  반도채                    a typo one jamo from a word of the index (반도체), ranked lower
  section:정책동향 category:지역 kind:article|reference
  date:2023-11-01..2023-11-30  date:2023-11  since:2023-11-20  until:2023-11-25

Examples:
  hanseek search 리튬배터리
  hanseek search '人工智能 kind:reference' --json | jq '.hits[].url'")]
pub struct SearchArgs {
    /// The query (quote it in the shell when it has spaces or quotes). It may start
    /// with `-` (`hanseek search -드론 중국`); options then go before it or after it,
    /// but not after a `--`.
    #[arg(
        allow_hyphen_values = true,
        required_unless_present = "query_option",
        conflicts_with = "query_option",
        value_name = "QUERY"
    )]
    query: Option<String>,
    /// The query, as an option (for scripts: `-q "$QUERY"` whatever it starts with).
    #[arg(short = 'q', long = "query", value_name = "QUERY", allow_hyphen_values = true)]
    query_option: Option<String>,
    /// How many hits to show.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Skip this many hits (paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Only articles or only reference links.
    #[arg(long, value_parser = parse_kind, value_name = "article|reference")]
    kind: Option<Kind>,
    /// Order of hits: relevance, or date (newest first, ties by relevance).
    #[arg(long, value_parser = parse_sort, default_value = "relevance", value_name = "relevance|date")]
    sort: Sort,
    /// Print one JSON object: {"query","total","total_relation","took_ms","hits":[…],"facets":{…}}.
    #[arg(long)]
    json: bool,
    /// Count every match. By default matches are counted exactly up to 10,000 ("10000+
    /// hits" past it, `"total_relation":"gte"` in JSON), which lets a frequent word skip
    /// the matches that cannot reach the page; facets then count the best 1,000.
    #[arg(long)]
    exact_total: bool,
    /// Show how each hit's score was computed.
    #[arg(long)]
    explain: bool,
    /// Index folder.
    #[arg(long, env = INDEX_ENV, default_value = "index")]
    index: PathBuf,
    /// Same-script matches only: no Sino-Korean readings, no aliases.
    #[arg(long)]
    no_bridge: bool,
    /// Alias file: terms on one line, separated by " = ", find each other
    /// [default: the file the index was built with, see `index build --aliases`;
    /// never the current folder's].
    #[arg(long, env = ALIASES_ENV, value_name = "FILE")]
    aliases: Option<PathBuf>,
    /// Colour the terminal output: auto (a terminal, unless NO_COLOR is set; or
    /// CLICOLOR_FORCE=1 for a pipe such as `less -R`), always or never.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    color: Color,
    /// Threads searching the index's segments in parallel [default: all cores]. A
    /// large index answers sooner with more; 1 leaves cores to other searches.
    #[arg(long, value_name = "N")]
    search_threads: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    /// The conventions of no-color.org and bixense.com/clicolors, as anstyle-query
    /// reads them: NO_COLOR (non-empty) turns colour off, CLICOLOR_FORCE (not 0) turns it
    /// on for pipes; NO_COLOR wins.
    fn enabled(self, terminal: bool) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto if anstyle_query::no_color() => false,
            Color::Auto => terminal || anstyle_query::clicolor_force(),
        }
    }
}

fn parse_sort(value: &str) -> Result<Sort, String> {
    Sort::parse(value).ok_or_else(|| format!("'{value}' is not an order: use relevance or date"))
}

fn parse_kind(value: &str) -> Result<Kind, String> {
    Kind::parse(value).ok_or_else(|| format!("'{value}' is not a kind: use article or reference"))
}

pub fn run(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let threads = args.search_threads.unwrap_or_else(SearchConfig::all_cores);
    anyhow::ensure!(threads >= 1, "--search-threads must be at least 1");
    let aliases = match args.aliases {
        Some(path) => AliasSource::File(path),
        None => AliasSource::Recorded,
    };
    let config = SearchConfig::new(&args.index)
        .with_threads(threads)
        .with_aliases(aliases);
    let searcher = Searcher::with_config(config)?;
    if let Some(note) = searcher.alias_note()? {
        say!("{}", crate::alias_warning(&note));
    }
    let options = SearchOptions {
        limit: args.limit,
        offset: args.offset,
        sort: args.sort,
        kind: args.kind,
        explain: args.explain,
        bridge: !args.no_bridge,
        total_up_to: (!args.exact_total).then_some(TOTAL_UP_TO),
        ..SearchOptions::default()
    };
    let query = args.query.or(args.query_option).unwrap_or_default();
    let result = searcher.search(&query, &options)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &result)?;
        writeln!(out)?;
    } else {
        print_hits(&mut out, &result, args.offset, args.color)?;
    }
    // As grep and ripgrep: 1 when nothing matched, so scripts can test for it.
    Ok(if result.total == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `result` as text on standard output (`out`), coloured as `color` says and wrapped to
/// the terminal's width; `offset` numbers the first hit.
pub(crate) fn print_hits(
    out: &mut impl Write,
    result: &SearchResult,
    offset: usize,
    color: Color,
) -> std::io::Result<()> {
    let terminal = std::io::stdout().is_terminal();
    let layout = Layout {
        color: color.enabled(terminal),
        width: crate::terminal::width(terminal),
    };
    print_text(out, &shown_result(result), offset, layout)
}

/// The result with every text from the documents as a terminal may show it
/// ([`crate::terminal::shown`]).
fn shown_result(result: &SearchResult) -> SearchResult {
    use crate::terminal::{shown_option as option, shown_text as text};
    let keys = |counts: &std::collections::BTreeMap<String, u64>| counts.iter().map(|(k, n)| (text(k), *n)).collect();
    let mut shown_result = result.clone();
    shown_result.query = text(&result.query);
    shown_result.ignored = result.ignored.iter().map(|s| text(s)).collect();
    shown_result.facets.kind = keys(&result.facets.kind);
    shown_result.facets.section = keys(&result.facets.section);
    shown_result.facets.category = keys(&result.facets.category);
    shown_result.facets.month = keys(&result.facets.month);
    for hit in &mut shown_result.hits {
        let (snippet, highlights) = crate::terminal::shown_snippet(&hit.snippet, &hit.highlights);
        *hit = Hit {
            id: text(&hit.id),
            title: text(&hit.title),
            section: option(&hit.section),
            category: option(&hit.category),
            date: option(&hit.date),
            url: option(&hit.url),
            outlet: option(&hit.outlet),
            parent_id: option(&hit.parent_id),
            parent_title: option(&hit.parent_title),
            path: option(&hit.path),
            via: option(&hit.via),
            snippet,
            highlights,
            ..hit.clone()
        };
    }
    shown_result
}

/// How the text output looks: coloured or not, wrapped to a width or not.
#[derive(Clone, Copy)]
struct Layout {
    color: bool,
    width: Option<usize>,
}

impl Layout {
    /// One line of output, wrapped with continuation lines indented by `indent`.
    fn line(self, out: &mut impl Write, text: &str, indent: usize) -> std::io::Result<()> {
        match self.width {
            Some(width) => writeln!(out, "{}", crate::terminal::wrap(text, width, indent)),
            None => writeln!(out, "{text}"),
        }
    }
}

fn print_text(out: &mut impl Write, result: &SearchResult, offset: usize, layout: Layout) -> std::io::Result<()> {
    let style = |style: anstyle::Style| if layout.color { style } else { anstyle::Style::new() };
    let bold = style(anstyle::Style::new().bold()).render().to_string();
    let mark = style(anstyle::AnsiColor::Yellow.on_default().bold())
        .render()
        .to_string();
    let dim = style(anstyle::Style::new().dimmed()).render().to_string();
    let reset = style(anstyle::Style::new().bold()).render_reset().to_string();
    let partial = if result.partial {
        " (none has every word: showing hits with some)"
    } else {
        ""
    };
    writeln!(out, "{}{partial} in {:.1} ms", total_hits(result), result.took_ms)?;
    let facets = [
        ("kind", &result.facets.kind),
        ("section", &result.facets.section),
        ("category", &result.facets.category),
        ("month", &result.facets.month),
    ];
    let summary: Vec<String> = facets
        .iter()
        .filter(|(_, counts)| !counts.is_empty())
        .map(|(name, counts)| format!("{name}: {}", facet_values(name, counts)))
        .collect();
    if !summary.is_empty() {
        layout.line(out, &format!("{dim}{}{reset}", summary.join(" | ")), 2)?;
    }
    if !result.ignored.is_empty() {
        writeln!(
            out,
            "{dim}ignored (nothing searchable): {}{reset}",
            result.ignored.join(", ")
        )?;
    }
    for (i, hit) in result.hits.iter().enumerate() {
        writeln!(out)?;
        let rank = format!("{:>3}.", offset + i + 1);
        let place = [hit.section.as_deref(), hit.category.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" / ");
        let date = hit.date.as_deref().unwrap_or("");
        layout.line(out, &format!("{rank} {bold}{}{reset}", hit.title), 5)?;
        let meta = format!(
            "     {dim}{} · {} · {date} · {place} · score {:.2}{reset}",
            kind_label(hit),
            hit.id,
            hit.score
        );
        layout.line(out, &meta, 5)?;
        if let Some(url) = &hit.url {
            writeln!(out, "     {url}")?;
        }
        if let Some(path) = &hit.path {
            writeln!(out, "     {dim}file: {path}{reset}")?;
        }
        if let (Some(parent), Some(title)) = (&hit.parent_id, &hit.parent_title) {
            let outlet = hit.outlet.as_deref().map(|o| format!(" ({o})")).unwrap_or_default();
            layout.line(out, &format!("     {dim}cited{outlet} in {parent}: {title}{reset}"), 5)?;
        }
        if !hit.snippet.is_empty() {
            let snippet = highlight(&hit.snippet, &hit.highlights, &mark, &reset);
            layout.line(out, &format!("     {snippet}"), 5)?;
        }
        if let Some(via) = &hit.via {
            layout.line(out, &format!("     {dim}matched through {via}{reset}"), 5)?;
        }
        if let Some(explanation) = &hit.explanation {
            write_explanation(out, explanation, 5, 0)?;
        }
    }
    Ok(())
}

/// The most values a facet shows on a terminal (`--json` has them all).
const FACET_VALUES_SHOWN: usize = 8;

/// A facet's values, the most frequent first, at most `FACET_VALUES_SHOWN` and then
/// how many more; months become years when there are more than a year's worth.
fn facet_values(name: &str, counts: &std::collections::BTreeMap<String, u64>) -> String {
    let mut values: Vec<(String, u64)> = counts.iter().map(|(k, n)| (k.clone(), *n)).collect();
    if name == "month" && values.len() > 12 {
        let mut years = std::collections::BTreeMap::new();
        for (month, n) in &values {
            *years.entry(month.get(..4).unwrap_or(month).to_string()).or_insert(0) += n;
        }
        values = years.into_iter().collect();
    }
    if values.len() > FACET_VALUES_SHOWN {
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
    let more = values.len().saturating_sub(FACET_VALUES_SHOWN);
    let mut shown: Vec<String> = values
        .iter()
        .take(FACET_VALUES_SHOWN)
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    if more > 0 {
        shown.push(format!("{more} more"));
    }
    shown.join(", ")
}

fn kind_label(hit: &Hit) -> String {
    match hit.link_kind.as_deref() {
        Some("source") => "link: source".into(),
        Some("image_source") => "link: image source".into(),
        Some(_) => "link: reference".into(),
        None => hit.kind.clone(),
    }
}

/// The snippet with its highlights marked (on a terminal) — offsets are characters.
fn highlight(snippet: &str, highlights: &[[usize; 2]], mark: &str, reset: &str) -> String {
    if mark.is_empty() {
        return snippet.to_string();
    }
    let mut out = String::with_capacity(snippet.len() + highlights.len() * 12);
    for (i, c) in snippet.chars().enumerate() {
        if highlights.iter().any(|[from, _]| *from == i) {
            out.push_str(mark);
        }
        out.push(c);
        if highlights.iter().any(|[_, to]| *to == i + 1) {
            out.push_str(reset);
        }
    }
    out
}

/// tantivy's score explanation as an indented tree, small parts left out.
fn write_explanation(
    out: &mut impl Write,
    node: &serde_json::Value,
    indent: usize,
    depth: usize,
) -> std::io::Result<()> {
    let value = node["value"].as_f64().unwrap_or(0.0);
    if depth > 6 || (depth > 0 && value < 0.005) {
        return Ok(());
    }
    let description = node["description"].as_str().unwrap_or("");
    writeln!(out, "{}{value:.3}  {description}", " ".repeat(indent + depth * 2))?;
    for child in node["details"].as_array().into_iter().flatten() {
        write_explanation(out, child, indent, depth + 1)?;
    }
    Ok(())
}

/// "3 hits", or "10000+ hits" when the count stopped at its bound.
fn total_hits(result: &SearchResult) -> String {
    match result.total_relation {
        TotalRelation::Eq => crate::count(result.total, "hit"),
        TotalRelation::Gte => format!("{}+ hits", result.total),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_past_its_bound_says_at_least() {
        let result = |total, total_relation| SearchResult {
            total,
            total_relation,
            ..SearchResult::default()
        };
        assert_eq!(total_hits(&result(1, TotalRelation::Eq)), "1 hit");
        assert_eq!(total_hits(&result(9_999, TotalRelation::Eq)), "9999 hits");
        assert_eq!(total_hits(&result(10_000, TotalRelation::Gte)), "10000+ hits");
    }
}
