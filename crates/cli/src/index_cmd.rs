//! `hanseek index build|update|stats`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use hanseek_index::{BuildOptions, BuildSummary, ProgressUpdate, Stage};
use hanseek_search::config::{ALIASES_ENV, INDEX_ENV};

/// The alias file a build records when none is named.
const DEFAULT_ALIASES: &str = "aliases.txt";

#[derive(Subcommand)]
pub enum IndexCommand {
    /// Build a new index from every file of the corpus folder, then switch to it.
    ///
    /// Searches keep using the previous index until the new one is complete: a build
    /// writes a new generation and switches atomically only after it is committed, so an
    /// interrupted build loses nothing. Files that fail to parse are reported and
    /// skipped; the exit status is then 1. Only one build or update runs at a time.
    Build(BuildArgs),
    /// Re-index only new, changed and removed files of the corpus the index was built
    /// from (by content hash).
    ///
    /// A changed file's documents are replaced, a removed file's documents deleted; a
    /// file that no longer parses keeps its previous documents. Running it again
    /// without changes changes nothing. The readings, word pairs, alias file and
    /// whether links out of the corpus are followed stay as the build chose them.
    Update(UpdateArgs),
    /// Show what the index holds: documents by kind and section, files, generation, size.
    Stats {
        /// Index folder.
        #[arg(long, env = INDEX_ENV, default_value = "index")]
        index: PathBuf,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct BuildArgs {
    /// Corpus: a folder (read recursively: .md, .txt, .jsonl and .pdf files; hidden
    /// files and README files are passed over) or one file.
    #[arg(long, default_value = "corpus")]
    corpus: PathBuf,
    /// Follow symbolic links that lead out of the corpus folder (by default they are
    /// reported and skipped: a link must not put a file from elsewhere in the index;
    /// updates do as the build did).
    #[arg(long)]
    follow_links: bool,
    /// Index folder.
    #[arg(long, env = INDEX_ENV, default_value = "index")]
    index: PathBuf,
    /// The alias file searches of this index use (recorded with its absolute path;
    /// `search --aliases` overrides it) [default: ./aliases.txt when it exists].
    #[arg(long, env = ALIASES_ENV, value_name = "FILE", conflicts_with = "no_aliases")]
    aliases: Option<PathBuf>,
    /// Record no alias file, not even ./aliases.txt.
    #[arg(long)]
    no_aliases: bool,
    #[command(flatten)]
    run: RunArgs,
    /// Build without the Sino-Korean readings that let Korean keywords find Chinese
    /// text (smaller, faster; an update keeps what the build chose).
    #[arg(long)]
    no_bridge: bool,
    /// Build without the word-pair field (pairs of the 400 most frequent words, which
    /// make a phrase of them one lookup): a quarter faster and 10–15% smaller, but
    /// phrases and words of several tokens then check positions, 7–9× slower on a
    /// large archive (same results; an update keeps what the build chose).
    #[arg(long)]
    no_pairs: bool,
}

#[derive(Args)]
pub struct UpdateArgs {
    /// Corpus folder [default: the one the index holds, see `index stats`].
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Update from a corpus other than the one the index holds (which then becomes
    /// the recorded one), or from one that lacks more than half of the index's files:
    /// both would remove documents, so they are refused without this.
    #[arg(long)]
    replace: bool,
    /// Index folder.
    #[arg(long, env = INDEX_ENV, default_value = "index")]
    index: PathBuf,
    #[command(flatten)]
    run: RunArgs,
}

/// How a build or an update runs.
#[derive(Args)]
pub struct RunArgs {
    /// Threads for parsing and indexing [default: all cores].
    #[arg(long)]
    threads: Option<usize>,
    /// Indexing memory budget in MB, shared by the threads (tantivy needs at least 15
    /// per thread), plus an eighth more for caches of analyzed words. A build's heap is
    /// about twice this plus ~200 MB, plus ~30 bytes per document (peak 0.57 GB at 10^5
    /// articles, 0.73 GB at 10^6 with the default). A smaller budget builds slower
    /// (more, smaller segments to merge).
    #[arg(long, default_value_t = 256)]
    memory_mb: usize,
    /// Print the summary as one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(command: IndexCommand) -> anyhow::Result<ExitCode> {
    match command {
        IndexCommand::Build(args) => build(args),
        IndexCommand::Update(args) => update(args),
        IndexCommand::Stats { index, json } => stats(index, json),
    }
}

/// The alias file a build records: `./aliases.txt` by default — the build is where a
/// project is set up, and it says what it recorded — so that searches never depend on
/// the folder they run in. It is checked now, so a typo fails the build, not a search.
fn build_aliases(args: &BuildArgs) -> anyhow::Result<Option<PathBuf>> {
    let path = match &args.aliases {
        _ if args.no_aliases => return Ok(None),
        Some(path) => path.clone(),
        None if Path::new(DEFAULT_ALIASES).is_file() => PathBuf::from(DEFAULT_ALIASES),
        None => return Ok(None),
    };
    hanseek_search::Aliases::load(&path)?;
    Ok(Some(path))
}

fn build(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let options = BuildOptions {
        bridge: !args.no_bridge,
        pairs: !args.no_pairs,
        aliases: build_aliases(&args)?,
        follow_links: args.follow_links,
        ..BuildOptions::default()
    };
    if let Some(aliases) = &options.aliases {
        say!("aliases: {} (recorded for searches)", aliases.display());
    }
    run_build(&args.corpus, &args.index, &args.run, options, false)
}

fn update(args: UpdateArgs) -> anyhow::Result<ExitCode> {
    let corpus = match args.corpus {
        Some(corpus) => corpus,
        None => hanseek_index::recorded_corpus(&args.index)?,
    };
    let options = BuildOptions {
        replace: args.replace,
        ..BuildOptions::default()
    };
    run_build(&corpus, &args.index, &args.run, options, true)
}

fn run_build(
    corpus: &Path,
    index: &Path,
    args: &RunArgs,
    options: BuildOptions,
    incremental: bool,
) -> anyhow::Result<ExitCode> {
    let mut options = BuildOptions {
        memory_budget: args.memory_mb.max(1) << 20,
        ..options
    };
    if let Some(threads) = args.threads {
        anyhow::ensure!(threads >= 1, "--threads must be at least 1");
        options.threads = threads;
    }
    // tantivy's own bounds on each indexing thread's share.
    anyhow::ensure!(
        options.memory_budget / options.threads.max(1) < 4095 << 20,
        "--memory-mb {} is too large for {} threads: tantivy takes at most 4,095 MB per thread",
        args.memory_mb,
        options.threads
    );
    anyhow::ensure!(
        options.memory_budget >= options.threads * (15 << 20),
        "--memory-mb {} is too small for {} threads: tantivy needs at least 15 MB per thread",
        args.memory_mb,
        options.threads
    );
    let mut bar = ProgressBar::new();
    let run = if incremental {
        hanseek_index::update
    } else {
        hanseek_index::build
    };
    let result = run(corpus, index, options, &mut |update| bar.show(update));
    // Cleared before anything else is printed, the error too.
    bar.finish();
    let summary = result?;
    report(&summary, incremental, args.json)?;
    Ok(if summary.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn report(summary: &BuildSummary, incremental: bool, json: bool) -> anyhow::Result<()> {
    for warning in &summary.warnings {
        say!("warning: {}", crate::problem_line(warning));
    }
    for error in &summary.errors {
        say!("error: {} (skipped)", crate::problem_line(error));
    }
    report_ignored(&summary.ignored);
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, summary)?;
        writeln!(out)?;
        return Ok(());
    }
    let verb = if incremental { "updated" } else { "built" };
    writeln!(
        out,
        "{verb} {}: {}, {}, {}, {:.1} MB in {:.2} s ({:.1} MB/s), {}",
        summary.generation,
        crate::count(summary.files, "file"),
        crate::count(summary.articles, "article"),
        crate::count(summary.links, "link"),
        summary.bytes as f64 / 1e6,
        summary.seconds,
        summary.megabytes_per_second(),
        crate::count(summary.errors.len(), "error")
    )?;
    if incremental {
        writeln!(
            out,
            "files: {} added, {} changed, {} unchanged, {} removed",
            summary.added, summary.changed, summary.unchanged, summary.removed
        )?;
    }
    Ok(())
}

/// Files of the corpus hanseek does not read, by extension and by name: a folder of
/// .hwp files must not look like an empty corpus.
fn report_ignored(ignored: &[String]) {
    // README files are a corpus folder's notes, passed over on purpose.
    let ignored: Vec<&String> = ignored
        .iter()
        .filter(|p| !hanseek_corpus::is_readme(Path::new(p.as_str())))
        .collect();
    if ignored.is_empty() {
        return;
    }
    let mut by_extension = std::collections::BTreeMap::new();
    for path in &ignored {
        let extension = Path::new(path.as_str()).extension().map_or_else(
            || "(none)".to_string(),
            |e| format!(".{}", e.to_string_lossy().to_lowercase()),
        );
        *by_extension.entry(extension).or_insert(0) += 1;
    }
    let counts: Vec<String> = by_extension.iter().map(|(e, n)| format!("{e} {n}")).collect();
    say!(
        "skipped {} hanseek does not read ({}); it reads .md, .txt, .jsonl and .pdf:",
        crate::count(ignored.len(), "file"),
        counts.join(", ")
    );
    const LISTED: usize = 20;
    for path in ignored.iter().take(LISTED) {
        say!("  {path}");
    }
    if ignored.len() > LISTED {
        say!("  … and {} more (all of them in --json)", ignored.len() - LISTED);
    }
}

fn stats(index: PathBuf, json: bool) -> anyhow::Result<ExitCode> {
    let stats = hanseek_index::stats(&index)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &stats)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "index       {} (generation {}, format {})",
        stats.index, stats.generation, stats.format_version
    )?;
    writeln!(out, "corpus      {} ({} files)", stats.corpus, stats.files)?;
    writeln!(
        out,
        "documents   {} ({} articles, {} reference links)",
        stats.documents, stats.articles, stats.references
    )?;
    for (section, n) in &stats.sections {
        writeln!(out, "  {} {n}", crate::terminal::pad(section, 10))?;
    }
    writeln!(out, "size        {:.2} MB", stats.size_bytes as f64 / 1e6)?;
    writeln!(out, "aliases     {}", stats.aliases.as_deref().unwrap_or("none"))?;
    let yes_no = |on: bool| if on { "yes" } else { "no" };
    let pairs = match (stats.pairs, stats.pair_words) {
        (false, _) => "no".to_string(),
        (true, Some(words)) => format!("of the {words} most frequent words"),
        (true, None) => "of every word".to_string(),
    };
    writeln!(
        out,
        "readings    {} (cross-script); word pairs {pairs} (fast phrases)",
        yes_no(stats.bridge),
    )?;
    writeln!(
        out,
        "updated     {} (generation created {})",
        stats.updated, stats.created
    )?;
    writeln!(
        out,
        "built in    {:.2} s; {} errors at the last build or update",
        stats.build_seconds, stats.errors_at_last_build
    )?;
    Ok(ExitCode::SUCCESS)
}

/// A one-line progress display on stderr, only when stderr is a terminal: the files
/// read and indexed, then the commit (tantivy writing and merging segments, often
/// most of a build), always one line at the terminal's width. The speed is left to
/// the summary, which divides by the whole build's time.
struct ProgressBar {
    enabled: bool,
    started: Instant,
    last: Option<Instant>,
    width: usize,
    /// While the commit runs (no updates come), a thread ticks its seconds.
    ticker: Option<(
        std::sync::Arc<std::sync::atomic::AtomicBool>,
        std::thread::JoinHandle<()>,
    )>,
}

/// `text` on the progress line: back to the line's start and clear it, so it stays one
/// line however it shrinks, cut to the terminal's width.
fn show_line(text: &str, width: usize) {
    let fitted: String = text.chars().take(width.saturating_sub(1)).collect();
    let _ = write!(std::io::stderr(), "\r\x1b[K{fitted}");
}

impl ProgressBar {
    fn new() -> ProgressBar {
        let width = terminal_size::terminal_size_of(std::io::stderr()).map_or(80, |(w, _)| w.0 as usize);
        ProgressBar {
            enabled: std::io::stderr().is_terminal(),
            started: Instant::now(),
            last: None,
            width,
            ticker: None,
        }
    }

    fn show(&mut self, p: ProgressUpdate) {
        let due = self.last.is_none_or(|t| t.elapsed() >= Duration::from_millis(100));
        let last_file = p.files_done == p.files_total;
        if !self.enabled || !(due || last_file || p.stage == Stage::Committing) {
            return;
        }
        self.last = Some(Instant::now());
        let seconds = self.started.elapsed().as_secs();
        let text = match p.stage {
            Stage::Committing => {
                self.tick_while_committing(p.files_done);
                return;
            }
            Stage::Indexing => {
                let fraction = if p.bytes_total > 0 {
                    p.bytes_done as f64 / p.bytes_total as f64
                } else {
                    1.0
                };
                let counts = format!(
                    "{:>3.0}% indexing {}/{} files, {seconds} s",
                    fraction * 100.0,
                    p.files_done,
                    p.files_total
                );
                // The bar takes what the counts leave, up to 30 columns.
                let room = self.width.saturating_sub(counts.len() + 4).min(30);
                if room >= 10 {
                    let filled = ((fraction * room as f64).round() as usize).min(room);
                    format!("[{}{}] {counts}", "#".repeat(filled), " ".repeat(room - filled))
                } else {
                    counts
                }
            }
        };
        show_line(&text, self.width);
    }

    fn tick_while_committing(&mut self, files: usize) {
        if self.ticker.is_some() {
            return;
        }
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (running, started, width) = (stop.clone(), self.started, self.width);
        let thread = std::thread::spawn(move || {
            while !running.load(std::sync::atomic::Ordering::Relaxed) {
                let seconds = started.elapsed().as_secs();
                let text = format!("committing: writing and merging the index ({files} files read), {seconds} s");
                show_line(&text, width);
                std::thread::sleep(Duration::from_millis(250));
            }
        });
        self.ticker = Some((stop, thread));
    }

    fn finish(&mut self) {
        if let Some((stop, thread)) = self.ticker.take() {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            let _ = thread.join();
        }
        if self.enabled && self.last.is_some() {
            let _ = write!(std::io::stderr(), "\r\x1b[K");
        }
    }
}
