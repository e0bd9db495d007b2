//! The index folder: generations, the `CURRENT` pointer, and the build lock.
//!
//! ```text
//! index/
//!   CURRENT          the name of the generation searches use ("gen-000003"), replaced
//!                    atomically (write CURRENT.tmp, fsync, rename)
//!   gen-000003/      a complete tantivy index + hanseek.json (format version, corpus)
//!   gen-000002/      the previous generation, kept so that a search that read CURRENT
//!                    just before a swap can still open it; older ones are removed
//!                    once no reader holds them
//!   build.lock       held (OS file lock) while a build or update runs; the OS releases
//!                    it when the process dies, so a killed build never blocks the next
//! ```
//!
//! A reader holds its generation with a shared OS lock on the generation's
//! `hanseek.json` ([`GenerationHold`]); a build removes an old generation only when it
//! can lock that file exclusively, so a long-lived searcher (the server) never loses
//! its files however many rebuilds pass. Whoever lets go last and can take the build
//! lock removes what nobody holds ([`IndexDir::collect_garbage`]). Shared locks need no
//! write permission: a read-only index is held the same way.
//!
//! A build writes a new generation and points `CURRENT` at it only after its commit;
//! killed at any moment, it leaves `CURRENT` on the previous complete generation, and
//! the next build removes the unfinished folder.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::document::Optional;
use crate::IndexError;

/// Bump when the schema or the analyzers change in a way old indexes cannot serve.
/// 2: traditional Han characters are folded to simplified ones.
/// 3: the `bridge` field (Sino-Korean readings of Han words).
/// 4: the bridge field also holds names transliterated (曲建 → 취젠).
/// 5: the `pairs` field (adjacent word pairs, for phrase queries).
/// 6: subtitle, body and summary searched through one `text` field.
/// 7: a fast column of ids, which breaks ties in ranking.
/// 8: pairs of frequent words only (`GenerationMeta::pair_words`); a format-7 index,
///    which pairs every word, still serves (see [`READABLE_FORMATS`]).
pub const FORMAT_VERSION: u32 = 8;
/// The formats this version searches and updates: an index of format 7 has every pair,
/// which a search of format 8 uses the same way (a pair term the index has is
/// complete). Format 8 is not format 7 to the hanseek before it, which would look up
/// pairs that a format-8 index leaves out.
pub const READABLE_FORMATS: std::ops::RangeInclusive<u32> = 7..=FORMAT_VERSION;
const GENERATION_PREFIX: &str = "gen-";
const META_FILE: &str = "hanseek.json";

pub struct IndexDir {
    root: PathBuf,
}

/// Written into each generation when it is created.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GenerationMeta {
    pub format_version: u32,
    pub hanseek_version: String,
    pub generation: String,
    /// Unix seconds.
    pub created_at: u64,
    pub corpus: String,
    /// Whether the `bridge` field (Sino-Korean readings) is filled.
    #[serde(default = "yes")]
    pub bridge: bool,
    /// Whether the `pairs` field (adjacent word pairs) is filled; when not, phrases
    /// check positions.
    #[serde(default = "yes")]
    pub pairs: bool,
    /// The words whose pairs the `pairs` field holds (`crate::pair_words`); none for
    /// every pair (format 7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pair_words: Option<Vec<String>>,
    /// The alias file searches use unless told otherwise (absolute), if any.
    #[serde(default)]
    pub aliases: Option<String>,
    /// Whether the build followed symbolic links out of the corpus folder
    /// (`--follow-links`); updates do as the build did.
    #[serde(default)]
    pub follow_links: bool,
    /// The build's wall time, commit and merges included, in seconds: written once
    /// the build is done, before the generation becomes current.
    #[serde(default)]
    pub build_seconds: Option<f64>,
}

fn yes() -> bool {
    true
}

/// Held while a build or update runs.
pub struct BuildLock {
    _file: File,
}

/// A reader's claim on one generation: while it lives, no build or update removes the
/// generation. Dropping it releases the claim (the OS does so too if the process dies).
#[derive(Debug)]
pub struct GenerationHold {
    _file: File,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl IndexDir {
    pub fn new(root: &Path) -> IndexDir {
        IndexDir {
            root: root.to_path_buf(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn generation_path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// Takes the build lock, or says who holds it.
    pub fn lock(&self) -> Result<BuildLock, IndexError> {
        fs::create_dir_all(&self.root).map_err(io(&self.root))?;
        let path = self.root.join("build.lock");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io(&path))?;
        match file.try_lock() {
            Ok(()) => {
                file.set_len(0).map_err(io(&path))?;
                file.rewind().map_err(io(&path))?;
                write!(file, "{}", std::process::id()).map_err(io(&path))?;
                Ok(BuildLock { _file: file })
            }
            Err(fs::TryLockError::WouldBlock) => {
                let mut pid = String::new();
                let _ = file.read_to_string(&mut pid);
                Err(IndexError::Locked {
                    path: self.root.clone(),
                    pid: pid.trim().to_string(),
                })
            }
            Err(fs::TryLockError::Error(e)) => Err(io(&path)(e)),
        }
    }

    /// The generation `CURRENT` points at, if any.
    pub fn current(&self) -> Result<Option<String>, IndexError> {
        let path = self.root.join("CURRENT");
        match fs::read_to_string(&path) {
            Ok(name) => Ok(Some(name.trim().to_string()).filter(|n| !n.is_empty())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path)(e)),
        }
    }

    fn generations(&self) -> Result<Vec<(u64, String)>, IndexError> {
        let mut found = Vec::new();
        let entries = match fs::read_dir(&self.root) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
            Err(e) => return Err(io(&self.root)(e)),
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(n) = name.strip_prefix(GENERATION_PREFIX).and_then(|n| n.parse::<u64>().ok()) {
                found.push((n, name));
            }
        }
        found.sort();
        Ok(found)
    }

    /// A fresh generation folder, numbered after every existing one.
    pub fn create_generation(
        &self,
        corpus: &Path,
        optional: Optional,
        aliases: Option<&Path>,
        pair_words: Option<Vec<String>>,
        follow_links: bool,
    ) -> Result<(String, PathBuf), IndexError> {
        let next = self.generations()?.last().map_or(1, |(n, _)| n + 1);
        let name = format!("{GENERATION_PREFIX}{next:06}");
        let path = self.root.join(&name);
        fs::create_dir_all(&path).map_err(io(&path))?;
        let meta = GenerationMeta {
            format_version: FORMAT_VERSION,
            hanseek_version: env!("CARGO_PKG_VERSION").to_string(),
            generation: name.clone(),
            created_at: now_secs(),
            corpus: crate::absolute(corpus),
            bridge: optional.bridge,
            pairs: optional.pairs,
            pair_words,
            aliases: aliases.map(crate::absolute),
            follow_links,
            build_seconds: None,
        };
        let meta_path = path.join(META_FILE);
        let json = serde_json::to_string_pretty(&meta).expect("generation metadata serializes");
        fs::write(&meta_path, json).map_err(io(&meta_path))?;
        Ok((name, path))
    }

    /// Records a finished build's wall time in its generation's metadata. Only for a
    /// generation no reader can have opened yet (before [`IndexDir::switch_to`]): the
    /// file is rewritten in place, so that no lock a reader takes on it is lost.
    pub fn record_build_time(&self, name: &str, seconds: f64) -> Result<(), IndexError> {
        let mut meta = self.read_meta(name)?;
        meta.build_seconds = Some(seconds);
        let path = self.root.join(name).join(META_FILE);
        let json = serde_json::to_string_pretty(&meta).expect("generation metadata serializes");
        fs::write(&path, json).map_err(io(&path))
    }

    /// Points `CURRENT` at `name`, atomically.
    pub fn switch_to(&self, name: &str) -> Result<(), IndexError> {
        let tmp = self.root.join("CURRENT.tmp");
        let mut file = File::create(&tmp).map_err(io(&tmp))?;
        file.write_all(name.as_bytes()).map_err(io(&tmp))?;
        file.sync_all().map_err(io(&tmp))?;
        crate::fault::reached("switch");
        let current = self.root.join("CURRENT");
        fs::rename(&tmp, &current).map_err(io(&current))?;
        // Make the rename itself durable.
        if let Ok(dir) = File::open(&self.root) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// Claims `generation` for a reader (see [`GenerationHold`]). A generation that is
    /// gone, or being removed, is `NotFound`: read `CURRENT` again.
    pub fn hold(&self, generation: &str) -> Result<GenerationHold, IndexError> {
        let path = self.root.join(generation).join(META_FILE);
        let file = File::open(&path).map_err(io(&path))?;
        match file.try_lock_shared() {
            Ok(()) => Ok(GenerationHold { _file: file }),
            Err(fs::TryLockError::WouldBlock) => Err(io(&path)(std::io::ErrorKind::NotFound.into())),
            // A file system without locks (some network mounts): read unprotected, as
            // before holds existed, rather than not at all.
            Err(fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                Ok(GenerationHold { _file: file })
            }
            Err(fs::TryLockError::Error(e)) => Err(io(&path)(e)),
        }
    }

    /// Removes every generation except `keep` and those a reader holds (call with the
    /// build lock held). Unfinished generations of killed builds have no readers.
    pub fn remove_generations_except(&self, keep: &[&str]) -> Result<(), IndexError> {
        for (_, name) in self.generations()? {
            if keep.contains(&name.as_str()) {
                continue;
            }
            let path = self.root.join(&name);
            // Locked exclusively while it is removed, so that no reader claims it
            // half-deleted; a folder without its metadata (a build killed at once)
            // has no reader.
            let claim = File::open(path.join(META_FILE));
            if let Ok(file) = &claim {
                if file.try_lock().is_err() {
                    continue; // a reader holds it: whoever lets go last removes it
                }
            }
            fs::remove_dir_all(&path).map_err(io(&path))?;
        }
        Ok(())
    }

    /// Removes the generations that are neither current, nor the one before it, nor
    /// held by a reader — when the build lock can be had at once. Readers call it as
    /// they let go of a generation; a running build cleans up itself when it ends, and
    /// a read-only index has nothing to clean, so every failure here is ignored.
    pub fn collect_garbage(&self) {
        let Ok(_lock) = self.try_lock_quietly() else {
            return;
        };
        let Ok(Some(current)) = self.current() else {
            return;
        };
        let previous = self.previous_generation(&current).ok().flatten();
        let keep: Vec<&str> = [Some(current.as_str()), previous.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let _ = self.remove_generations_except(&keep);
    }

    /// The build lock if it is free and the folder writable; never creates the folder.
    fn try_lock_quietly(&self) -> Result<BuildLock, ()> {
        let path = self.root.join("build.lock");
        let file = OpenOptions::new().write(true).open(&path).map_err(|_| ())?;
        file.try_lock().map_err(|_| ())?;
        Ok(BuildLock { _file: file })
    }

    /// The generation right before `name`, if it still exists.
    pub fn previous_generation(&self, name: &str) -> Result<Option<String>, IndexError> {
        let generations = self.generations()?;
        let position = generations.iter().position(|(_, n)| n == name);
        Ok(position
            .and_then(|p| p.checked_sub(1))
            .map(|p| generations[p].1.clone()))
    }

    pub fn read_meta(&self, name: &str) -> Result<GenerationMeta, IndexError> {
        let path = self.root.join(name).join(META_FILE);
        let text = fs::read_to_string(&path).map_err(io(&path))?;
        serde_json::from_str(&text).map_err(|e| IndexError::Damaged {
            path: self.root.clone(),
            what: format!("{name}/{META_FILE} is unreadable ({e})"),
        })
    }

    /// Bytes on disk of one generation.
    pub fn size_of(&self, name: &str) -> u64 {
        fn walk(path: &Path) -> u64 {
            match fs::read_dir(path) {
                Ok(entries) => entries
                    .flatten()
                    .map(|e| match e.metadata() {
                        Ok(m) if m.is_dir() => walk(&e.path()),
                        Ok(m) => m.len(),
                        Err(_) => 0,
                    })
                    .sum(),
                Err(_) => 0,
            }
        }
        walk(&self.root.join(name))
    }
}
