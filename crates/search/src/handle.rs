//! The index as a long-lived reader sees it: the generation `CURRENT` points at, opened
//! again when a build switches `CURRENT`, an update commits, or the alias file changes.
//!
//! Each query first compares a stamp (`CURRENT`, the generation's tantivy `meta.json`
//! and the alias file: a `stat` each; `CURRENT` is read only when its `stat` changed)
//! with the one its generation was opened at; a query in flight keeps the generation it started on
//! (an `Arc`), and the generation's files stay on disk while anyone holds it
//! (`hanseek_index::GenerationHold`). When reopening fails — a build of another
//! format, a half-removed index — the last good generation keeps serving.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use hanseek_index::{open_current, IndexDir, OpenIndex};
use tantivy::{IndexReader, ReloadPolicy};

use crate::config::{AliasSource, SearchConfig};
use crate::{Aliases, SearchError};

/// One opened generation with everything a query reads.
pub(crate) struct Generation {
    pub open: OpenIndex,
    pub reader: IndexReader,
    pub aliases: Arc<Aliases>,
    /// The alias file in use, if any.
    pub aliases_file: Option<PathBuf>,
    /// Something the user should know about this generation's setup (a recorded
    /// alias file that is gone).
    pub note: Option<String>,
    /// The words by their initials (초성), made on the first suggestion that needs it.
    pub initials: std::sync::OnceLock<crate::suggest::InitialsTable>,
    stamp: Option<Stamp>,
}

/// What changes when the searchable index or its aliases change.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    /// `CURRENT` as `stat` sees it: a build replaces it by a rename.
    current: FileKey,
    generation: String,
    /// The generation's `meta.json`: tantivy replaces it at each commit (an update).
    commit: FileKey,
    aliases: Option<FileKey>,
}

/// A file's identity and version as one `stat` gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileKey {
    modified: SystemTime,
    len: u64,
    inode: u64,
}

impl FileKey {
    fn of(path: &Path) -> Option<FileKey> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(FileKey {
            modified: meta.modified().ok()?,
            len: meta.len(),
            inode,
        })
    }
}

impl Stamp {
    /// The stamp now; `CURRENT` is read again only if it changed since `previous`.
    fn read(root: &Path, aliases: Option<&Path>, previous: Option<&Stamp>) -> Option<Stamp> {
        let current = FileKey::of(&root.join("CURRENT"))?;
        let generation = match previous {
            Some(previous) if previous.current == current => previous.generation.clone(),
            _ => IndexDir::new(root).current().ok()??,
        };
        let commit = FileKey::of(&root.join(&generation).join("meta.json"))?;
        Some(Stamp {
            current,
            generation,
            commit,
            aliases: aliases.and_then(FileKey::of),
        })
    }
}

impl Generation {
    fn open(config: &SearchConfig) -> Result<Generation, SearchError> {
        // Read before opening: a change in between only makes the next query reopen.
        let before = Stamp::read(&config.index, None, None);
        let mut open = open_current(&config.index)?;
        let segments = open.index.searchable_segment_metas()?;
        let docs: u32 = segments.iter().map(|s| s.num_docs()).sum();
        let threads = config.threads.min(segments.len());
        if threads > 1 && docs >= config.parallel_from_docs {
            open.index.set_multithread_executor(threads)?;
        }
        let reader = open
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let alias_path = match &config.aliases {
            AliasSource::Off => None,
            AliasSource::File(path) => Some(path.clone()),
            AliasSource::Recorded => open.meta.aliases.as_deref().map(PathBuf::from),
        };
        // Its time, read before the file is: an edit in between makes the next query
        // reload it.
        let alias_key = alias_path.as_deref().and_then(FileKey::of);
        let (aliases, aliases_file, note) = match alias_path {
            None => (Aliases::default(), None, None),
            // A recorded file that is gone is said, not an error: the index still
            // searches. A file the user named must load.
            Some(path) if config.aliases == AliasSource::Recorded && !path.is_file() => {
                let note = format!(
                    "the alias file this index was built with, {}, is gone: searching without aliases",
                    path.display()
                );
                (Aliases::default(), None, Some(note))
            }
            Some(path) => (Aliases::load(&path)?, Some(path), None),
        };
        let stamp = before.map(|stamp| Stamp {
            aliases: alias_key,
            ..stamp
        });
        Ok(Generation {
            open,
            reader,
            aliases: Arc::new(aliases),
            aliases_file,
            note,
            initials: std::sync::OnceLock::new(),
            stamp,
        })
    }
}

/// Told once about each failure to reopen (the server logs it).
pub type Warn = Box<dyn Fn(&str) + Send + Sync>;

/// The generation to search, reopened when the index changed.
pub(crate) struct Handle {
    pub config: SearchConfig,
    current: RwLock<Option<Arc<Generation>>>,
    /// The stamp a reopen failed at: not tried again until the files change again.
    /// An alias file broken while serving was reread — and the index reopened — by
    /// every query (throughput 739 → 370 rps), and said nothing.
    failed: std::sync::Mutex<Option<Stamp>>,
    pub warn: std::sync::OnceLock<Warn>,
}

impl Handle {
    /// Opens the index now; with `require`, a missing or unreadable index is an error,
    /// else the first query that finds one opens it.
    pub fn open(config: SearchConfig, require: bool) -> Result<Handle, SearchError> {
        let first = match Generation::open(&config) {
            Ok(generation) => Some(Arc::new(generation)),
            Err(e) if require => return Err(e),
            Err(_) => None,
        };
        Ok(Handle {
            config,
            current: RwLock::new(first),
            failed: std::sync::Mutex::new(None),
            warn: std::sync::OnceLock::new(),
        })
    }

    /// The open generation, if the index has not changed since it was opened — or
    /// since reopening it last failed.
    fn fresh(&self, current: &Option<Arc<Generation>>) -> Option<Arc<Generation>> {
        let generation = current.as_ref()?;
        let now = Stamp::read(
            &self.config.index,
            generation.aliases_file.as_deref(),
            generation.stamp.as_ref(),
        );
        let unchanged = generation.stamp.is_some() && generation.stamp == now;
        let failed_before = now.is_some() && *self.failed.lock().unwrap_or_else(|e| e.into_inner()) == now;
        (unchanged || failed_before).then(|| generation.clone())
    }

    /// The generation to run a query on: the open one while the index has not
    /// changed, else the index as it is now (or, if that fails, the open one).
    pub fn get(&self) -> Result<Arc<Generation>, SearchError> {
        if let Some(generation) = self.fresh(&self.current.read().unwrap_or_else(|e| e.into_inner())) {
            return Ok(generation);
        }
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        // Another query may have reopened it while this one waited.
        if let Some(generation) = self.fresh(&current) {
            return Ok(generation);
        }
        match Generation::open(&self.config) {
            Ok(generation) => {
                let generation = Arc::new(generation);
                *current = Some(generation.clone());
                *self.failed.lock().unwrap_or_else(|e| e.into_inner()) = None;
                Ok(generation)
            }
            Err(error) => {
                let Some(serving) = current.clone() else {
                    return Err(error);
                };
                // Said once, then not tried again until a file changes again.
                let now = Stamp::read(
                    &self.config.index,
                    serving.aliases_file.as_deref(),
                    serving.stamp.as_ref(),
                );
                let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
                if *failed != now {
                    *failed = now;
                    if let Some(warn) = self.warn.get() {
                        warn(&format!(
                            "{error}; still serving {} as it was before the change",
                            serving.open.generation
                        ));
                    }
                }
                Ok(serving)
            }
        }
    }
}
