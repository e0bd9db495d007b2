//! hanseek's tantivy index: the schema, analyzer registration, parallel batch builds
//! into atomically swapped generations, incremental updates, and statistics.

mod build;
mod directory;
mod document;
pub mod fault;
mod layout;
pub mod pair_words;
mod schema;
mod stats;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use hanseek_analysis::{AnalyzerKind, HanseekTokenizer, PairWords};
use hanseek_corpus::Problem;
use serde::{Deserialize, Serialize};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

pub use build::{build, update, BuildOptions, BuildSummary, ProgressUpdate, Stage};
pub use document::{report_documents, FileDocuments, Optional};
pub use layout::{GenerationHold, GenerationMeta, IndexDir, FORMAT_VERSION, READABLE_FORMATS};
pub use schema::{build_schema, Fields, SearchedField, DATE_FIELD, ID_FIELD, KIND_ARTICLE, KIND_REFERENCE};
pub use stats::{field_values, stats, Stats};

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("'{path}': {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the index at '{path}': {source}")]
    Tantivy {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error(
        "another build or update is running on the index '{path}' (pid {pid}); wait for it to finish and try again"
    )]
    Locked { path: PathBuf, pid: String },
    // These three describe what is wrong; a front end says what to run (the CLI and
    // the server name `hanseek index build`): the library knows no commands.
    #[error("no index at '{path}'")]
    Missing { path: PathBuf },
    #[error(
        "the index at '{path}' was built by another hanseek version ({found}; this one reads formats {}–{})",
        READABLE_FORMATS.start(),
        READABLE_FORMATS.end()
    )]
    Incompatible { path: PathBuf, found: String },
    #[error("the index at '{path}' is damaged: {what}")]
    Damaged { path: PathBuf, what: String },
    #[error(
        "the corpus {} '{path}' does not exist",
        if .path.extension().is_some() { "file" } else { "folder" }
    )]
    NoCorpus { path: PathBuf },
    #[error(
        "the index at '{index}' holds the corpus folder '{recorded}', not '{given}': updating from '{given}' would \
         replace its documents"
    )]
    OtherCorpus {
        index: PathBuf,
        recorded: String,
        given: String,
    },
    #[error(
        "the corpus folder '{corpus}' lacks {missing} of the {total} files the index holds: updating would remove their \
         documents (a mount that is not there?)"
    )]
    MassRemoval {
        corpus: PathBuf,
        missing: usize,
        total: usize,
    },
    #[error(
        "no space left on the device holding the index at '{path}' (a build needs about twice the corpus's size \
         beside the current index); the index as it was is untouched"
    )]
    DiskFull { path: PathBuf },
}

impl IndexError {
    /// The error, or when a full disk is what lies under it (tantivy wraps the I/O
    /// error in its own, and a worker thread's in a message), one that says so.
    pub fn or_disk_full(self, index: &Path) -> IndexError {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&self);
        while let Some(error) = cause {
            if let Some(io) = error.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::StorageFull {
                    return IndexError::DiskFull {
                        path: index.to_path_buf(),
                    };
                }
            }
            cause = error.source();
        }
        let said = self.to_string();
        if said.contains("No space left on device") || said.contains("os error 28") {
            return IndexError::DiskFull {
                path: index.to_path_buf(),
            };
        }
        self
    }
}

/// Registers the four analyzers — main (`hanseek`), recall (`hanseek_recall`), bridge
/// (`hanseek_bridge`) and pairs (`hanseek_pairs`) — and the surface words' tokenizer
/// (`hanseek_surface`) with `index`.
/// Every index is opened through [`open_current`] or created by [`build`], which call
/// it, so indexing, query parsing and snippets use the same analyzers. The pairs
/// analyzer pairs only `pair_words` when given (the generation's, see
/// [`pair_words`]), else every word.
pub fn register_analyzers(index: &Index, pair_words: Option<&[String]>) {
    for kind in [AnalyzerKind::Main, AnalyzerKind::Recall, AnalyzerKind::Bridge] {
        index
            .tokenizers()
            .register(kind.name(), TextAnalyzer::from(HanseekTokenizer::new(kind)));
    }
    let pairs = match pair_words {
        Some(words) => HanseekTokenizer::pairs_of(Arc::new(PairWords::new(words))),
        None => HanseekTokenizer::new(AnalyzerKind::Pairs),
    };
    index
        .tokenizers()
        .register(AnalyzerKind::Pairs.name(), TextAnalyzer::from(pairs));
    index.tokenizers().register(
        hanseek_analysis::SURFACE,
        TextAnalyzer::from(hanseek_analysis::SurfaceTokenizer::default()),
    );
}

/// One corpus file as last indexed: updates compare hashes to find what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    /// xxh3-128 of the file's bytes, hex.
    pub hash: String,
    pub bytes: u64,
    pub articles: usize,
    pub links: usize,
    /// Some of its documents were skipped: their ids were another file's. Such a file
    /// is read again by every update, so that it gets them once the other lets go.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collided: bool,
}

/// What an index holds, stored in tantivy's commit payload so that it changes
/// atomically with the documents.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    /// Corpus files by source name.
    pub files: BTreeMap<String, FileEntry>,
    /// Unix seconds of the last build or update, and how long the build took.
    pub updated_at: u64,
    pub build_seconds: f64,
    /// Files that failed at the last build or update.
    pub errors: Vec<Problem>,
    /// The corpus (absolute) the index follows: the build's, or the last `update
    /// --replace`'s. Older indexes have it only in the generation's metadata.
    #[serde(default)]
    pub corpus: Option<String>,
}

impl OpenIndex {
    /// The corpus this index follows (see [`Manifest::corpus`]).
    pub fn corpus(&self) -> &str {
        self.manifest.corpus.as_deref().unwrap_or(&self.meta.corpus)
    }
}

/// An opened generation, ready to search. It holds its generation (see
/// [`GenerationHold`]) while it lives; the last one to let go of a generation that is
/// no longer current removes what no reader holds.
pub struct OpenIndex {
    pub index: Index,
    pub fields: Fields,
    pub generation: String,
    pub meta: GenerationMeta,
    pub manifest: Manifest,
    root: PathBuf,
    hold: Option<GenerationHold>,
}

impl Drop for OpenIndex {
    fn drop(&mut self) {
        drop(self.hold.take());
        let dir = IndexDir::new(&self.root);
        if dir.current().ok().flatten().as_deref() != Some(self.generation.as_str()) {
            dir.collect_garbage();
        }
    }
}

/// Opens the generation `CURRENT` points at, read-only, with the analyzers registered.
pub fn open_current(root: &Path) -> Result<OpenIndex, IndexError> {
    let dir = IndexDir::new(root);
    // A build may swap generations between reading CURRENT and opening the folder;
    // reading CURRENT again then finds the new one.
    let mut missing = None;
    for _ in 0..3 {
        let Some(generation) = dir.current()? else {
            return Err(IndexError::Missing {
                path: root.to_path_buf(),
            });
        };
        match open_generation(&dir, &generation) {
            Err(IndexError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                missing = Some(generation);
            }
            result => return result,
        }
    }
    // CURRENT kept naming a generation that is not there.
    Err(IndexError::Damaged {
        path: root.to_path_buf(),
        what: format!("CURRENT names {}, which is missing", missing.unwrap_or_default()),
    })
}

/// The corpus folder the current generation was built from: what `index update`
/// reads unless told otherwise, so that an update run from another folder (or on a
/// copied index) never indexes the wrong corpus and removes the right one's documents.
pub fn recorded_corpus(root: &Path) -> Result<PathBuf, IndexError> {
    Ok(PathBuf::from(open_current(root)?.corpus()))
}

/// A path as the index records it: absolute, links resolved.
pub(crate) fn absolute(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

pub(crate) fn open_generation(dir: &IndexDir, generation: &str) -> Result<OpenIndex, IndexError> {
    let root = dir.root().to_path_buf();
    // Claimed first, so that no build removes it while it is opened and read.
    let hold = dir.hold(generation)?;
    let meta = dir.read_meta(generation)?;
    if !READABLE_FORMATS.contains(&meta.format_version) {
        return Err(IndexError::Incompatible {
            path: root,
            found: format!("format {}", meta.format_version),
        });
    }
    let path = dir.generation_path(generation);
    let directory = directory::ReadableDirectory::open(&path).map_err(|e| IndexError::Incompatible {
        path: root.clone(),
        found: format!("{e}"),
    })?;
    let index = Index::open(directory).map_err(|e| IndexError::Incompatible {
        path: root.clone(),
        found: format!("{e}"),
    })?;
    let fields = Fields::from_schema(&index.schema()).ok_or_else(|| IndexError::Incompatible {
        path: root.clone(),
        found: "a different schema".into(),
    })?;
    register_analyzers(&index, meta.pair_words.as_deref());
    let manifest = read_manifest(&index).map_err(|source| IndexError::Tantivy {
        path: root.clone(),
        source,
    })?;
    Ok(OpenIndex {
        index,
        fields,
        generation: generation.to_string(),
        meta,
        manifest,
        root,
        hold: Some(hold),
    })
}

fn read_manifest(index: &Index) -> tantivy::Result<Manifest> {
    let metas = index.load_metas()?;
    Ok(metas
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
        .unwrap_or_default())
}
