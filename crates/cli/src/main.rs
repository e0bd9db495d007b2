//! `hanseek`: the command-line front end. Each subcommand parses its arguments, then
//! calls into the library crates; nothing here knows how reports are parsed or indexed.

/// Like `eprintln!`, but a closed stderr (`hanseek … 2>&1 | head -1`) is not a panic:
/// a message nobody can read is dropped.
/// A line on stderr; what it quotes (file names, document text) is shown with its
/// control characters escaped ([`terminal::shown`]).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), "{}", $crate::terminal::shown(&format!($($arg)*)));
    }};
}

mod analyze_cmd;
mod bench_cmd;
mod corpus_cmd;
mod index_cmd;
mod man;
mod search_cmd;
mod serve_cmd;
mod show_cmd;
mod suggest_cmd;
mod terminal;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "hanseek",
    version,
    about = "Full-text search for Korean reports on Chinese science and technology policy",
    long_about = "hanseek indexes weekly Korean-language reports (with Chinese names, titles \
                  and reference links), JSONL collections and plain text files, and searches \
                  them in Korean or Chinese.\n\nStart with `hanseek corpus inspect corpus/` to \
                  see what will be indexed."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Work with corpus files: see what the parser makes of them.
    #[command(subcommand)]
    Corpus(corpus_cmd::CorpusCommand),
    /// Show the tokens an analyzer makes of a text: text, byte offsets, position,
    /// position length and part of speech.
    Analyze(analyze_cmd::AnalyzeArgs),
    /// Build, update and describe the search index.
    #[command(subcommand)]
    Index(index_cmd::IndexCommand),
    /// Search the index: ranked articles and reference links with highlighted snippets.
    Search(search_cmd::SearchArgs),
    /// Print one document by id: an article with its full text and references, or a
    /// reference link with its article.
    Show(show_cmd::ShowArgs),
    /// Complete a word being typed from the index's words, by jamo for Korean (초성 too),
    /// with the Korean spelling of Chinese words.
    Suggest(suggest_cmd::SuggestArgs),
    /// Serve the search page and the JSON API over HTTP (127.0.0.1:8417 by default),
    /// following every rebuild of the index.
    Serve(serve_cmd::ServeArgs),
    /// Print a shell completion script: `hanseek completions bash > /etc/bash_completion.d/hanseek`
    /// (zsh: into a folder of $fpath as `_hanseek`; fish: ~/.config/fish/completions/hanseek.fish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or with --dir write one page per command.
    ///
    /// Every option of every command, the query syntax, the exit status and the
    /// environment. Install them all: `hanseek man --dir /usr/local/share/man/man1`
    /// (then `man hanseek`, `man hanseek-index-build`, …).
    Man {
        /// Write hanseek.1 and a page per subcommand (hanseek-search.1, …) into this
        /// folder (created) instead of printing the main page.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
    /// Measure query latency (p50/p95/p99/max) and QPS per query class on an index.
    Bench(bench_cmd::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Corpus(command) => corpus_cmd::run(command),
        Command::Analyze(args) => analyze_cmd::run(args).map(|()| ExitCode::SUCCESS),
        Command::Index(command) => index_cmd::run(command),
        Command::Search(args) => search_cmd::run(args),
        Command::Show(args) => show_cmd::run(args),
        Command::Suggest(args) => suggest_cmd::run(args),
        Command::Serve(args) => serve_cmd::run(args),
        // Written whole into memory first: clap_complete panics on a write error (a
        // reader that closed the pipe, `| grep -q`), and a write error here is then the
        // closed pipe handled below.
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "hanseek", &mut script);
            write_stdout(&script)
        }
        Command::Man { dir: None } => man::main_page(<Cli as clap::CommandFactory>::command())
            .map_err(anyhow::Error::from)
            .and_then(|roff| write_stdout(&roff)),
        Command::Man { dir: Some(dir) } => man::write_pages(<Cli as clap::CommandFactory>::command(), &dir)
            .map_err(|e| anyhow::anyhow!("cannot write the manual pages into '{}': {e}", dir.display()))
            .map(|written| {
                say!(
                    "wrote {} manual pages into '{}' ({})",
                    written.len(),
                    dir.display(),
                    written.join(", ")
                );
                ExitCode::SUCCESS
            }),
        Command::Bench(args) => bench_cmd::run(args).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`| head -1`): what it read was right; stop quietly.
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            say!("error: {}", explained(&e));
            ExitCode::from(2)
        }
    }
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The error and its causes, each said once: library errors often repeat their
/// source's text in their own ("Not a directory (os error 20)" came out twice).
fn message(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

/// An error's message, with what to run about it when there is something to run.
/// A problem with a corpus file as the terminal shows it: what is wrong (the
/// library's message), and what to run about it when something can be done.
pub(crate) fn problem_line(problem: &hanseek_corpus::Problem) -> String {
    use hanseek_corpus::Cause;
    let remedy = match problem.cause {
        Some(Cause::LinkOutside) => " (index build --follow-links reads it)",
        Some(Cause::PdfTimeLimit) => " (HANSEEK_PDF_TIMEOUT_SECS raises the limit)",
        None => "",
    };
    format!("{problem}{remedy}")
}

pub(crate) fn explained(error: &anyhow::Error) -> String {
    match advice(error) {
        Some(advice) => format!("{}: {advice}", message(error)),
        None => message(error),
    }
}

/// What to run about an index error: the library says what is wrong, the front end
/// what to do (its flags and commands).
fn advice(error: &anyhow::Error) -> Option<String> {
    use hanseek_index::IndexError;
    let index = error.chain().find_map(|cause| {
        cause.downcast_ref::<IndexError>().or(match cause.downcast_ref() {
            Some(hanseek_search::SearchError::Index(index)) => Some(index),
            _ => None,
        })
    })?;
    match index {
        IndexError::Missing { path } => Some(format!(
            "build one with `hanseek index build --index {}`",
            path.display()
        )),
        IndexError::Incompatible { path, .. } | IndexError::Damaged { path, .. } => Some(format!(
            "rebuild it with `hanseek index build --index {}`",
            path.display()
        )),
        IndexError::NoCorpus { .. } => Some("give the folder of reports, or one file, with --corpus".into()),
        IndexError::OtherCorpus { recorded, given, .. } => Some(format!(
            "leave out --corpus to update from '{recorded}', or add --replace to index '{given}' instead"
        )),
        IndexError::MassRemoval { .. } => Some("check the folder, or add --replace to remove them".into()),
        IndexError::DiskFull { .. } => Some("free some space, or build elsewhere with --index".into()),
        _ => None,
    }
}

/// The warning for a recorded alias file that is gone, with what to do about it.
pub(crate) fn alias_warning(note: &str) -> String {
    format!(
        "warning: {note} (give one with --aliases FILE or {})",
        hanseek_search::config::ALIASES_ENV
    )
}

/// `1 file`, `2 files`: counts as people write them.
pub(crate) fn count(n: usize, singular: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {singular}s")
    }
}

fn closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// `page 4`, `pages 3–7`; `None` for a document not read from a PDF.
pub(crate) fn pages(pages: &[u32]) -> Option<String> {
    match pages {
        [] => None,
        [page] => Some(format!("page {page}")),
        [first, .., last] => Some(format!("pages {first}–{last}")),
    }
}
