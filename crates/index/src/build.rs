//! Batch builds (a new generation, swapped in atomically) and incremental updates (in
//! place, one atomic tantivy commit). Files are read, hashed and parsed in parallel on
//! a rayon pool; tantivy's indexing threads analyze and index the documents.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use hanseek_corpus::{collect_files_with, parse_bytes, Problem};
use rayon::prelude::*;
use serde::Serialize;
use tantivy::indexer::LogMergePolicy;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::document::{report_documents, FileDocuments, Optional};
use crate::layout::{now_secs, BuildLock, IndexDir};
use crate::schema::{build_schema, Fields};
use crate::{open_generation, register_analyzers, FileEntry, IndexError, Manifest, FORMAT_VERSION};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Threads for parsing and for tantivy's indexing workers.
    pub threads: usize,
    /// The indexing memory budget, in bytes: tantivy's indexing buffers, shared by its
    /// threads, and an eighth of it again for the threads' caches of analyzed Korean
    /// words. The heap is about twice this plus ~200 MB (flushes, queued documents,
    /// jieba's dictionary), plus ~30 bytes per document for the ids that catch one id
    /// in two files (BENCHMARKS.md: 0.57 GB at 10^5 articles, 0.73 GB at 10^6).
    pub memory_budget: usize,
    /// Index Sino-Korean readings for cross-script matches (the `bridge` field). An
    /// update keeps whatever the generation was built with.
    pub bridge: bool,
    /// Index adjacent word pairs (the `pairs` field), which make phrase queries on a
    /// large archive ~5× faster and cost a third of the build time. An update
    /// keeps whatever the generation was built with.
    pub pairs: bool,
    /// The alias file searches of this index use unless told otherwise, recorded as
    /// an absolute path (see `hanseek_search::AliasSource::Recorded`). An update keeps
    /// what the generation recorded.
    pub aliases: Option<PathBuf>,
    /// For an update: index this corpus even if it is not the one the index holds,
    /// or lacks more than half of its files (which would remove their documents).
    pub replace: bool,
    /// Follow symbolic links wherever they lead, not only inside the corpus folder.
    /// An update does as the generation's build did.
    pub follow_links: bool,
}

impl BuildOptions {
    fn optional(&self) -> Optional {
        Optional {
            bridge: self.bridge,
            pairs: self.pairs,
        }
    }
}

impl Default for BuildOptions {
    fn default() -> BuildOptions {
        BuildOptions {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_budget: 256 << 20,
            bridge: true,
            pairs: true,
            aliases: None,
            replace: false,
            follow_links: false,
        }
    }
}

/// What a build is doing: reading and indexing files (the counts move), then
/// committing, when tantivy writes and merges its segments (a large part of a build,
/// with no count to show).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Indexing,
    Committing,
}

/// Reported after each file, and once when the commit starts.
#[derive(Debug, Clone, Copy)]
pub struct ProgressUpdate {
    pub stage: Stage,
    pub files_done: usize,
    pub files_total: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildSummary {
    pub generation: String,
    /// Files indexed by this run (all good files for a build; new and changed ones for
    /// an update).
    pub files: usize,
    /// Of `files`, in an update: those new to the index, and those it held before
    /// (re-indexed because they changed).
    pub added: usize,
    pub changed: usize,
    /// Files an update found unchanged, and files it removed from the index.
    pub unchanged: usize,
    pub removed: usize,
    pub articles: usize,
    pub links: usize,
    /// Bytes of corpus text read and indexed.
    pub bytes: u64,
    pub seconds: f64,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
    pub ignored: Vec<String>,
}

impl BuildSummary {
    pub fn megabytes_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }
}

fn tantivy_error(path: &Path) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    move |source| IndexError::Tantivy {
        path: path.to_path_buf(),
        source,
    }
}

/// tantivy says only "an index writer was killed" when an indexing thread failed; the
/// thread's own error (no space left on device, …) comes out when it is joined, which
/// preparing a commit does. The failure is the index's, not the file's being added.
fn worker_error(writer: &mut IndexWriter<TantivyDocument>, error: tantivy::TantivyError) -> tantivy::TantivyError {
    match error {
        tantivy::TantivyError::ErrorInThread(_) => writer.prepare_commit().err().unwrap_or(error),
        other => other,
    }
}

/// Checks the corpus (a folder, or one file) and takes the index's build lock.
fn open_for_writing(corpus: &Path, index_root: &Path) -> Result<(IndexDir, BuildLock), IndexError> {
    if !corpus.exists() {
        return Err(IndexError::NoCorpus {
            path: corpus.to_path_buf(),
        });
    }
    let dir = IndexDir::new(index_root);
    let lock = dir.lock()?;
    Ok((dir, lock))
}

/// Builds a new generation from every file under `corpus` and switches the index to it.
/// Searches keep using the previous generation until the switch.
pub fn build(
    corpus: &Path,
    index_root: &Path,
    options: BuildOptions,
    progress: &mut dyn FnMut(ProgressUpdate),
) -> Result<BuildSummary, IndexError> {
    let started = Instant::now();
    let (dir, _lock) = open_for_writing(corpus, index_root)?;
    let current = dir.current()?;
    // Unfinished generations of killed builds go; the current one and the one before
    // it (which a search may still be opening) stay.
    let mut keep: Vec<String> = current.iter().cloned().collect();
    if let Some(current) = &current {
        keep.extend(dir.previous_generation(current)?);
    }
    dir.remove_generations_except(&keep.iter().map(String::as_str).collect::<Vec<_>>())?;

    let pair_words = options.pairs.then(|| {
        let pool = thread_pool(options.threads);
        crate::pair_words::choose(
            &collect_files_with(&[corpus.to_path_buf()], options.follow_links).files,
            &pool,
        )
    });
    let (generation, path) = dir.create_generation(
        corpus,
        options.optional(),
        options.aliases.as_deref(),
        pair_words.clone(),
        options.follow_links,
    )?;
    let mut summary = BuildSummary {
        generation: generation.clone(),
        ..BuildSummary::default()
    };
    // A build that fails (a full disk, a budget tantivy refuses) leaves no half
    // generation behind; CURRENT still names the previous one.
    let built = build_generation(
        corpus,
        index_root,
        &path,
        options,
        pair_words.as_deref(),
        &mut summary,
        started,
        progress,
    );
    if let Err(error) = built {
        let _ = std::fs::remove_dir_all(&path);
        return Err(error.or_disk_full(index_root));
    }
    summary.seconds = started.elapsed().as_secs_f64();
    dir.record_build_time(&generation, summary.seconds)?;
    dir.switch_to(&generation)?;
    crate::fault::reached("cleanup");
    let mut keep = vec![generation.as_str()];
    if let Some(previous) = current.as_deref() {
        keep.push(previous);
    }
    dir.remove_generations_except(&keep)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Indexes `corpus` into the new generation at `path`, pairing `pair_words` (as its
/// metadata records), and commits it.
#[allow(clippy::too_many_arguments)]
fn build_generation(
    corpus: &Path,
    index_root: &Path,
    path: &Path,
    options: BuildOptions,
    pair_words: Option<&[String]>,
    summary: &mut BuildSummary,
    started: Instant,
    progress: &mut dyn FnMut(ProgressUpdate),
) -> Result<(), IndexError> {
    let (schema, fields) = build_schema();
    let index = Index::create_in_dir(path, schema).map_err(tantivy_error(index_root))?;
    register_analyzers(&index, pair_words);
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(options.threads.max(1), options.memory_budget)
        .map_err(tantivy_error(index_root))?;
    writer.set_merge_policy(merge_policy());

    let mut manifest = Manifest {
        format_version: FORMAT_VERSION,
        corpus: Some(crate::absolute(corpus)),
        ..Manifest::default()
    };
    index_corpus(
        corpus,
        index_root,
        &mut writer,
        &fields,
        options,
        &mut manifest,
        summary,
        None,
        progress,
    )?;

    summary.seconds = started.elapsed().as_secs_f64();
    progress(committing(summary));
    commit(writer, &mut manifest, summary, index_root)?;
    Ok(())
}

/// The update that says the commit has started.
fn committing(summary: &BuildSummary) -> ProgressUpdate {
    ProgressUpdate {
        stage: Stage::Committing,
        files_done: summary.files + summary.unchanged,
        files_total: summary.files + summary.unchanged,
        bytes_done: summary.bytes,
        bytes_total: summary.bytes,
    }
}

/// Segments past this many documents are not merged again (tantivy merges up to eight
/// of a size at a time, so no segment grows much past eight times this). With
/// tantivy's default (10 million) a build of 10^6 articles merged segments of
/// hundreds of MB and mapped 3.3 GB of segment files at its peak (4.1 GB max RSS);
/// with this bound 0.55 GB (1.4 GB max RSS), no slower (686 s against 729 s, one run
/// each), with the same number of segments in the end (14–15 of ~160k documents) and
/// the same query latency (BENCHMARKS.md). An archive of 10^5 articles builds the same
/// either way.
const MAX_DOCS_MERGED: usize = 30_000;

fn merge_policy() -> Box<LogMergePolicy> {
    let mut policy = LogMergePolicy::default();
    policy.set_max_docs_before_merge(MAX_DOCS_MERGED);
    Box::new(policy)
}

/// Re-indexes only new, changed and removed corpus files, in the current generation,
/// in one atomic commit. Running it again without changes commits nothing.
pub fn update(
    corpus: &Path,
    index_root: &Path,
    options: BuildOptions,
    progress: &mut dyn FnMut(ProgressUpdate),
) -> Result<BuildSummary, IndexError> {
    let started = Instant::now();
    let (dir, _lock) = open_for_writing(corpus, index_root)?;
    let Some(generation) = dir.current()? else {
        return Err(IndexError::Missing {
            path: index_root.to_path_buf(),
        });
    };
    let open = open_generation(&dir, &generation)?;
    let given = crate::absolute(corpus);
    if given != open.corpus() && !options.replace {
        return Err(IndexError::OtherCorpus {
            index: index_root.to_path_buf(),
            recorded: open.corpus().to_string(),
            given,
        });
    }
    let mut writer: IndexWriter<TantivyDocument> = open
        .index
        .writer_with_num_threads(options.threads.max(1), options.memory_budget)
        .map_err(tantivy_error(index_root))?;
    writer.set_merge_policy(merge_policy());
    let mut manifest = open.manifest.clone();
    // The generation keeps its format (a format-7 one pairs every word).
    manifest.format_version = open.meta.format_version;
    // A replaced corpus, or one recorded only in an older index's metadata, is written
    // into this commit even if no file changed.
    let moved = manifest.corpus.as_deref() != Some(given.as_str());
    manifest.corpus = Some(given);
    let options = BuildOptions {
        bridge: open.meta.bridge,
        pairs: open.meta.pairs,
        follow_links: open.meta.follow_links,
        ..options
    };
    let mut summary = BuildSummary {
        generation,
        ..BuildSummary::default()
    };
    let reader = open.index.reader().map_err(tantivy_error(index_root))?;
    let owners = Owners {
        searcher: reader.searcher(),
        fields: open.fields,
    };
    let indexed = index_corpus(
        corpus,
        index_root,
        &mut writer,
        &open.fields,
        options,
        &mut manifest,
        &mut summary,
        Some(&owners),
        progress,
    );
    let changed = match indexed {
        Ok(changed) => changed,
        Err(error) => return Err(abandon(writer, error, index_root)),
    };
    summary.seconds = started.elapsed().as_secs_f64();
    if changed || moved {
        progress(committing(&summary));
        commit(writer, &mut manifest, &summary, index_root)?;
    }
    Ok(summary)
}

fn commit(
    mut writer: IndexWriter<TantivyDocument>,
    manifest: &mut Manifest,
    summary: &BuildSummary,
    index_root: &Path,
) -> Result<(), IndexError> {
    manifest.updated_at = now_secs();
    manifest.build_seconds = summary.seconds;
    manifest.errors = summary.errors.clone();
    let payload = serde_json::to_string(manifest).expect("the manifest serializes");
    crate::fault::reached("commit");
    if let Err(error) = prepare_and_commit(&mut writer, &payload) {
        return Err(abandon(writer, tantivy_error(index_root)(error), index_root));
    }
    crate::fault::reached("committed");
    writer.wait_merging_threads().map_err(tantivy_error(index_root))
}

fn prepare_and_commit(writer: &mut IndexWriter<TantivyDocument>, payload: &str) -> tantivy::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(payload);
    prepared.commit()?;
    Ok(())
}

/// Gives up a write that failed: the segments written for it are in no commit and are
/// deleted (a full disk gets its space back); the committed index is as it was.
fn abandon(mut writer: IndexWriter<TantivyDocument>, error: IndexError, index_root: &Path) -> IndexError {
    if writer.rollback().is_ok() {
        collect_until_quiet(&writer);
    }
    error.or_disk_full(index_root)
}

/// Deletes the files no commit holds until several looks in a row find none: a merge
/// the failed writer had started goes on after the rollback (tantivy does not wait for
/// it) and may create its segment's files after a first collection — seen as one
/// segment's six files left behind by a full disk now and then. Once the rollback has
/// stopped the writer, no new merge starts, so this ends; it gives up after a while
/// rather than hang.
fn collect_until_quiet(writer: &IndexWriter<TantivyDocument>) {
    const QUIET_LOOKS: usize = 5;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut quiet = 0;
    while quiet < QUIET_LOOKS && std::time::Instant::now() < deadline {
        match writer.garbage_collect_files().wait() {
            Ok(collected) if collected.deleted_files.is_empty() => quiet += 1,
            Ok(_) => quiet = 0,
            Err(_) => return,
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// What the parallel stage made of one file.
enum Prepared {
    Unchanged,
    Failed {
        errors: Vec<Problem>,
        warnings: Vec<Problem>,
    },
    Parsed {
        entry: FileEntry,
        documents: FileDocuments,
        warnings: Vec<Problem>,
        errors: Vec<Problem>,
    },
}

/// Feeds every corpus file to `writer`. With `incremental`, files whose hash the
/// manifest already holds are skipped, re-indexed files replace their documents, and
/// files gone from the corpus are deleted. Returns whether anything changed.
///
/// A document id belongs to the file that holds it first: in a build, the first in
/// the corpus's order; in an update, the file the index has it from while that file
/// is still in the corpus. A later file's document with that id is skipped and is an
/// error of that file naming the holder — never a silent replacement, and never a
/// delete of another file's document (an update deletes by file only).
#[allow(clippy::too_many_arguments)]
fn index_corpus(
    corpus: &Path,
    index_root: &Path,
    writer: &mut IndexWriter<TantivyDocument>,
    fields: &Fields,
    options: BuildOptions,
    manifest: &mut Manifest,
    summary: &mut BuildSummary,
    owners: Option<&Owners>,
    progress: &mut dyn FnMut(ProgressUpdate),
) -> Result<bool, IndexError> {
    let incremental = owners.is_some();
    // Each indexing thread caches the Korean words it analyzed; together they may
    // keep an eighth of the budget (a growing vocabulary must not grow memory).
    hanseek_analysis::korean::set_cache_limit(options.memory_budget / 8 / options.threads.max(1));
    let found = collect_files_with(&[corpus.to_path_buf()], options.follow_links);
    let present: HashSet<&str> = found.files.iter().map(|(_, s)| s.as_str()).collect();
    if incremental && !options.replace {
        // Before anything is written: an update that would remove more than half of
        // the index's files is more likely a missing mount than a wish.
        let total = manifest.files.len();
        let missing = manifest.files.keys().filter(|s| !present.contains(s.as_str())).count();
        if missing * 2 > total {
            return Err(IndexError::MassRemoval {
                corpus: corpus.to_path_buf(),
                missing,
                total,
            });
        }
    }
    summary.errors.extend(found.errors);
    summary.ignored = found.ignored.iter().map(|p| p.display().to_string()).collect();
    let sizes: Vec<u64> = found
        .files
        .iter()
        .map(|(p, _)| std::fs::metadata(p).map_or(0, |m| m.len()))
        .collect();
    let mut update = ProgressUpdate {
        stage: Stage::Indexing,
        files_done: 0,
        files_total: found.files.len(),
        bytes_done: 0,
        bytes_total: sizes.iter().sum(),
    };
    progress(update);

    let pool = thread_pool(options.threads);
    let mut changed = false;
    // The ids indexed so far and the file (its place in `found.files`) that holds
    // each, to catch one id in two files. Held as 128-bit hashes (against ~110 bytes
    // as strings): at 10^6 articles the strings were what grew the build's heap with
    // the archive (884 -> 727 MB peak, measured with a set of hashes). Naming the
    // holding file makes an entry 32 bytes instead of 16 — about 16 MB more at 10^6
    // documents, not measured again. A hash collision would skip a document with an
    // error that names the other file.
    let mut seen_ids: HashMap<u128, usize> = HashMap::new();
    let mut file_number = 0;
    // Files parsed and indexed again in this run, and documents whose ids the index
    // has from another file (see `Deferred`).
    let mut reindexed: HashSet<&str> = HashSet::new();
    let mut deferred: Vec<Deferred> = Vec::new();
    let known = manifest.files.clone();
    // Batches bound memory: only one batch of parsed files exists at a time.
    let batch = options.threads.max(1) * 8;
    for (chunk, chunk_sizes) in found.files.chunks(batch).zip(sizes.chunks(batch)) {
        let prepared: Vec<Prepared> = pool.install(|| {
            chunk
                .par_iter()
                .map(|(path, source)| {
                    prepare(
                        path,
                        source,
                        fields,
                        incremental.then(|| known.get(source)).flatten(),
                        options.optional(),
                    )
                })
                .collect()
        });
        for (((path, source), prepared), size) in chunk.iter().zip(prepared).zip(chunk_sizes) {
            let this_file = file_number;
            file_number += 1;
            match prepared {
                Prepared::Unchanged => summary.unchanged += 1,
                Prepared::Failed { errors, warnings } => {
                    // A broken file is skipped; in an update its previous documents stay.
                    summary.errors.extend(errors);
                    summary.warnings.extend(warnings);
                }
                Prepared::Parsed {
                    mut entry,
                    documents,
                    warnings,
                    errors,
                } => {
                    summary.warnings.extend(warnings);
                    summary.errors.extend(errors);
                    if incremental {
                        writer.delete_term(Term::from_field_text(fields.source, source));
                    }
                    reindexed.insert(source.as_str());
                    let (mut articles, mut links) = (0, 0);
                    let added = documents.ids.iter().zip(documents.is_link).zip(documents.documents);
                    for ((id, is_link), document) in added {
                        let key = xxhash_rust::xxh3::xxh3_128(id.as_bytes());
                        if let Some(&other) = seen_ids.get(&key).filter(|&&other| other != this_file) {
                            summary
                                .errors
                                .push(held(path, id, &found.files[other].0.display().to_string()));
                            entry.collided = true;
                            continue;
                        }
                        let owner = owners
                            .and_then(|owners| owners.of(id))
                            .filter(|owner| owner != source && present.contains(owner.as_str()));
                        if let Some(owner) = owner {
                            // Held by a file the index has it from; decided at the end,
                            // when it is known whether that file, if re-indexed now,
                            // still holds it.
                            deferred.push(Deferred {
                                file: this_file,
                                id: id.clone(),
                                key,
                                owner,
                                is_link,
                                document,
                            });
                            continue;
                        }
                        seen_ids.insert(key, this_file);
                        if let Err(error) = writer.add_document(document) {
                            let error = worker_error(writer, error);
                            return Err(tantivy_error(index_root)(error));
                        }
                        if is_link {
                            links += 1;
                        } else {
                            articles += 1;
                        }
                    }
                    entry.articles = articles;
                    entry.links = links;
                    summary.files += 1;
                    if incremental {
                        if known.contains_key(source) {
                            summary.changed += 1;
                        } else {
                            summary.added += 1;
                        }
                    }
                    summary.articles += articles;
                    summary.links += links;
                    summary.bytes += entry.bytes;
                    manifest.files.insert(source.clone(), entry);
                    changed = true;
                }
            }
            update.files_done += 1;
            update.bytes_done += size;
            progress(update);
            if update.files_done == found.files.len().div_ceil(2) {
                crate::fault::reached("segments");
            }
        }
    }
    // A document whose id the index had from another file: added if that file was
    // indexed again in this run and let the id go (and no other file took it), else
    // skipped, an error of its file.
    for waiting in deferred {
        let (path, source) = &found.files[waiting.file];
        let let_go = reindexed.contains(waiting.owner.as_str()) && !seen_ids.contains_key(&waiting.key);
        if !let_go {
            let holder = match seen_ids.get(&waiting.key) {
                Some(&taker) => found.files[taker].0.display().to_string(),
                None => known
                    .get(&waiting.owner)
                    .map_or(waiting.owner.clone(), |entry| entry.path.clone()),
            };
            summary.errors.push(held(path, &waiting.id, &holder));
            if let Some(entry) = manifest.files.get_mut(source) {
                entry.collided = true;
            }
            continue;
        }
        seen_ids.insert(waiting.key, waiting.file);
        if let Err(error) = writer.add_document(waiting.document) {
            let error = worker_error(writer, error);
            return Err(tantivy_error(index_root)(error));
        }
        if let Some(entry) = manifest.files.get_mut(source) {
            if waiting.is_link {
                entry.links += 1;
            } else {
                entry.articles += 1;
            }
        }
        if waiting.is_link {
            summary.links += 1;
        } else {
            summary.articles += 1;
        }
    }
    if incremental {
        for source in known.keys().filter(|s| !present.contains(s.as_str())) {
            writer.delete_term(Term::from_field_text(fields.source, source));
            manifest.files.remove(source);
            summary.removed += 1;
            changed = true;
        }
    }
    Ok(changed)
}

/// A document an update put off: its id is in the index from another file (`owner`).
struct Deferred {
    /// Its file's place in the corpus's files.
    file: usize,
    id: String,
    key: u128,
    owner: String,
    is_link: bool,
    document: TantivyDocument,
}

/// The error of a document skipped because another file holds its id.
fn held(path: &Path, id: &str, holder: &str) -> Problem {
    Problem::new(
        path.display().to_string(),
        None,
        format!(
            "document id '{id}' is already held by '{holder}': this one is skipped (give it another id, or take it out of one file)"
        ),
    )
}

/// Who holds a document id in the committed index an update starts from.
struct Owners {
    searcher: tantivy::Searcher,
    fields: Fields,
}

impl Owners {
    /// The source name of the file the index has document `id` from, if any.
    fn of(&self, id: &str) -> Option<String> {
        let query = tantivy::query::TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let found = self
            .searcher
            .search(&query, &tantivy::collector::TopDocs::with_limit(1).order_by_score())
            .ok()?;
        let (_, address) = found.first()?;
        let document: TantivyDocument = self.searcher.doc(*address).ok()?;
        use tantivy::schema::Value;
        document
            .get_first(self.fields.source)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    }
}

fn thread_pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .expect("a thread pool can be built")
}

fn prepare(path: &PathBuf, source: &str, fields: &Fields, known: Option<&FileEntry>, optional: Optional) -> Prepared {
    let display = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let errors = vec![Problem::new(display, None, format!("cannot read: {e}"))];
            return Prepared::Failed {
                errors,
                warnings: Vec::new(),
            };
        }
    };
    let hash = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&bytes));
    // A file whose documents collided is read again: the holder may have let go.
    if known.is_some_and(|entry| entry.hash == hash && !entry.collided) {
        return Prepared::Unchanged;
    }
    let parsed = parse_bytes(&display, source, &bytes);
    let Some(report) = parsed.report else {
        return Prepared::Failed {
            errors: parsed.errors,
            warnings: parsed.warnings,
        };
    };
    let documents = report_documents(fields, source, &report, optional);
    let entry = FileEntry {
        path: display,
        hash,
        bytes: bytes.len() as u64,
        articles: documents.articles,
        links: documents.links,
        collided: false,
    };
    Prepared::Parsed {
        entry,
        documents,
        warnings: parsed.warnings,
        errors: parsed.errors,
    }
}
