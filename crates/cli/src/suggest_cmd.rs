//! `hanseek suggest PREFIX`: the index's words that complete what is typed so far, as
//! the search page's box offers them (`/api/suggest`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hanseek_search::config::INDEX_ENV;
use hanseek_search::suggest::MOST_SUGGESTIONS;
use hanseek_search::{SearchConfig, Searcher};

#[derive(Args)]
#[command(
    after_help = "A Korean prefix is completed by jamo, as an IME types it: a bare consonant \
stands for every syllable it starts, so initials alone are 초성 search. A Chinese word comes with \
its Korean spelling. Exit status 1 when nothing completes the prefix.

Examples:
  hanseek suggest 인공ㅈ        # 인공지능 …
  hanseek suggest ㅂㄷㅊ        # 반도체
  hanseek suggest 广东          # 广东省 · 광둥성
  hanseek suggest --json 반도 | jq -r '.suggestions[].text'"
)]
pub struct SuggestArgs {
    /// What has been typed so far.
    prefix: String,
    /// How many suggestions, most frequent first (at most 50).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=MOST_SUGGESTIONS as i64))]
    limit: u16,
    /// Print one JSON object: {"prefix","suggestions":[{"text","frequency","korean","korean_via"}],"took_ms"}.
    #[arg(long)]
    json: bool,
    /// Index folder.
    #[arg(long, env = INDEX_ENV, default_value = "index")]
    index: PathBuf,
}

pub fn run(args: SuggestArgs) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::with_config(SearchConfig::new(&args.index))?;
    let found = searcher.suggest(&args.prefix, usize::from(args.limit))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &found)?;
        writeln!(out)?;
    } else {
        for suggestion in &found.suggestions {
            let korean = suggestion
                .korean
                .as_deref()
                .map(|k| format!(" · {k}"))
                .unwrap_or_default();
            let line = format!("{:>6}  {}{korean}", suggestion.frequency, suggestion.text);
            writeln!(out, "{}", crate::terminal::shown(&line))?;
        }
    }
    Ok(if found.suggestions.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
