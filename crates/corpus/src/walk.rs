//! Finding corpus files: folders are walked recursively in a stable (sorted) order.
//!
//! Only regular files are read, up to a size limit: a FIFO would block the build
//! forever, `/dev/zero` linked as `zero.md` would be read until memory runs out, and a
//! 2 GB sparse file would be read whole before its NUL bytes reject it. Each folder is
//! visited once (by device and inode), so a symbolic link back up the tree (`ln -s ..
//! loop`) is reported instead of indexing the corpus again and again. Hidden files and
//! folders are passed over, and so is what a `.gitignore` or `.ignore` file in the
//! corpus excludes (git's rules, through the `ignore` crate ripgrep uses), so a corpus
//! kept in git indexes what git keeps. A symbolic link is followed only when its target
//! stays inside the corpus folder (`ln -s /etc/passwd corpus/passwd.txt` must not put
//! the password file in a shared search page); others are reported and skipped unless
//! the caller asks to follow every link (`--follow-links`).

use std::collections::HashSet;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::path::{Path, PathBuf};

use crate::{Cause, Problem};

/// The files to parse, the files passed over, and paths that could not be read.
#[derive(Debug, Default)]
pub struct CorpusFiles {
    /// Each file with its source name: its path inside the given folder, without
    /// extension, `/`-separated (a file given directly: its stem). Ids start with it,
    /// so they stay the same whatever the current directory.
    pub files: Vec<(PathBuf, String)>,
    /// Files in a folder whose extension is not `.md`, `.txt`, `.jsonl` or `.pdf`, and README
    /// files (a corpus folder's notes about its files, not documents).
    pub ignored: Vec<PathBuf>,
    pub errors: Vec<Problem>,
}

const EXTENSIONS: [&str; 4] = ["md", "txt", "jsonl", "pdf"];

/// Files larger than this are reported and skipped unless `HANSEEK_MAX_FILE_MB` says
/// otherwise: a weekly report is ~100 KB, and a JSONL collection of 10^5 articles
/// ~300 MB would be split into several files anyway.
pub const DEFAULT_MAX_FILE_MB: u64 = 512;
/// Raises or lowers the size limit, in MB.
pub const MAX_FILE_MB_ENV: &str = "HANSEEK_MAX_FILE_MB";

fn max_file_bytes() -> u64 {
    std::env::var(MAX_FILE_MB_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(DEFAULT_MAX_FILE_MB)
        .saturating_mul(1 << 20)
}

/// Why a path that looks like a corpus file must not be read, if it must not.
fn unreadable(path: &Path, max_bytes: u64) -> Option<String> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => return Some(format!("cannot read: {e}")),
    };
    if !meta.is_file() {
        return Some("not a regular file (a FIFO, device or socket): skipped".into());
    }
    if meta.len() > max_bytes {
        return Some(format!(
            "{:.0} MB, over the {} MB limit for one file: skipped (set {MAX_FILE_MB_ENV} to raise it)",
            meta.len() as f64 / (1u64 << 20) as f64,
            max_bytes >> 20
        ));
    }
    None
}

/// A folder's identity, to visit it once however many links lead to it.
#[cfg(unix)]
fn folder_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn folder_id(path: &Path) -> Option<(u64, u64)> {
    let canonical = std::fs::canonicalize(path).ok()?;
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    canonical.hash(&mut hasher);
    Some((0, hasher.finish()))
}

/// The corpus files under `paths`, following symbolic links only inside each folder.
pub fn collect_files(paths: &[PathBuf]) -> CorpusFiles {
    collect_files_with(paths, false)
}

/// [`collect_files`], following every symbolic link when `follow_links` says so.
pub fn collect_files_with(paths: &[PathBuf], follow_links: bool) -> CorpusFiles {
    let mut found = CorpusFiles::default();
    let max_bytes = max_file_bytes();
    for path in paths {
        if path.is_dir() {
            let mut visited = HashSet::new();
            visited.extend(folder_id(path));
            let mut walk = Walk {
                root: path,
                // Links are followed only into this folder (its real path: the corpus
                // folder may itself be reached through a link).
                inside: (!follow_links).then(|| path.canonicalize().unwrap_or_else(|_| path.clone())),
                max_bytes,
                visited,
                ignores: Vec::new(),
                found: &mut found,
            };
            walk.dir(path);
        } else if path.exists() {
            if let Some(why) = unreadable(path, max_bytes) {
                found.errors.push(problem(path, why));
            } else if has_corpus_extension(path) {
                let stem = path.file_stem().map_or_else(String::new, name_text);
                found.files.push((path.clone(), stem));
            } else {
                found.errors.push(problem(
                    path,
                    "unsupported file type: expected .md, .txt, .jsonl or .pdf".into(),
                ));
            }
        } else {
            found.errors.push(problem(path, "no such file or folder".into()));
        }
    }
    found
}

/// One walk of a corpus folder.
struct Walk<'a> {
    root: &'a Path,
    /// Where symbolic links may lead (the corpus folder's real path); `None`: anywhere.
    inside: Option<PathBuf>,
    max_bytes: u64,
    /// Folders read so far, by device and inode.
    visited: HashSet<(u64, u64)>,
    /// The `.gitignore`/`.ignore` rules of the folders from the root down to the one
    /// being read.
    ignores: Vec<Gitignore>,
    found: &'a mut CorpusFiles,
}

impl Walk<'_> {
    /// The folder's own ignore files, if it has any.
    fn ignore_rules(dir: &Path) -> Option<Gitignore> {
        let files: Vec<PathBuf> = [".gitignore", ".ignore"]
            .iter()
            .map(|name| dir.join(name))
            .filter(|path| path.is_file())
            .collect();
        if files.is_empty() {
            return None;
        }
        let mut builder = GitignoreBuilder::new(dir);
        for file in &files {
            builder.add(file);
        }
        builder.build().ok()
    }

    /// Whether the rules exclude `path` (the deepest folder's rules decide, as in git).
    fn ignored(&self, path: &Path, is_dir: bool) -> bool {
        for rules in self.ignores.iter().rev() {
            let matched = rules.matched(path, is_dir);
            if matched.is_ignore() {
                return true;
            }
            if matched.is_whitelist() {
                return false;
            }
        }
        false
    }

    /// Why the symbolic link at `path` must not be followed: its target is outside the
    /// corpus folder (and links are not all followed), or it leads nowhere.
    fn link_outside(&self, path: &Path) -> Option<(String, Option<Cause>)> {
        let inside = self.inside.as_ref()?;
        match path.canonicalize() {
            Ok(target) if target.starts_with(inside) => None,
            Ok(target) => Some((
                format!(
                    "a symbolic link to '{}', outside the corpus folder: skipped",
                    target.display()
                ),
                Some(Cause::LinkOutside),
            )),
            Err(e) => Some((format!("a symbolic link that leads nowhere ({e}): skipped"), None)),
        }
    }

    fn dir(&mut self, dir: &Path) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return self.found.errors.push(problem(dir, cannot_list(&e))),
        };
        let rules = Walk::ignore_rules(dir);
        let pushed = rules.is_some();
        self.ignores.extend(rules);
        let mut paths: Vec<(PathBuf, bool, bool)> = entries
            .filter_map(Result::ok)
            .map(|e| {
                // The entry's own type first: a folder whose path is over the system's
                // length limit cannot be stat'ed by path, and must be reported as a
                // folder, not passed over as a file of no known type.
                let path = e.path();
                let is_dir = e.file_type().is_ok_and(|t| t.is_dir()) || path.is_dir();
                let is_link = e.file_type().is_ok_and(|t| t.is_symlink());
                (path, is_dir, is_link)
            })
            .collect();
        paths.sort();
        for (path, is_dir, is_link) in paths {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            if name.starts_with('.') || self.ignored(&path, is_dir) {
                continue;
            }
            if is_link && (is_dir || has_corpus_extension(&path)) {
                if let Some((why, cause)) = self.link_outside(&path) {
                    let problem = Problem {
                        cause,
                        ..problem(&path, why)
                    };
                    self.found.errors.push(problem);
                    continue;
                }
            }
            if is_dir {
                match folder_id(&path) {
                    Some(id) if !self.visited.insert(id) => self.found.errors.push(problem(
                        &path,
                        "a link to a folder already read (a symbolic link loop?): skipped".into(),
                    )),
                    _ => self.dir(&path),
                }
            } else if has_corpus_extension(&path) && !is_readme(&path) {
                if let Some(why) = unreadable(&path, self.max_bytes) {
                    self.found.errors.push(problem(&path, why));
                    continue;
                }
                let relative = path.strip_prefix(self.root).unwrap_or(&path).with_extension("");
                let source = relative
                    .components()
                    .map(|c| name_text(c.as_os_str()))
                    .collect::<Vec<_>>()
                    .join("/");
                self.found.files.push((path, source));
            } else {
                self.found.ignored.push(path);
            }
        }
        if pushed {
            self.ignores.pop();
        }
    }
}

/// Why a folder could not be listed, with what to do when the reason is its path's length.
fn cannot_list(error: &std::io::Error) -> String {
    if error.kind() == std::io::ErrorKind::InvalidFilename {
        format!("cannot list folder: its path is longer than the system allows ({error}): move or rename folders to shorten it")
    } else {
        format!("cannot list folder: {error}")
    }
}

/// A file or folder name as it goes into ids. A name that is not UTF-8 keeps each
/// invalid byte as `%XX`: `\xff\xfebad.txt` and `\xfe\xffbad.txt` stay two documents
/// with stable ids, where replacing the bytes with U+FFFD made them one id that every
/// update flipped between the two files.
fn name_text(name: &std::ffi::OsStr) -> String {
    if let Some(text) = name.to_str() {
        return text.to_string();
    }
    #[cfg(unix)]
    {
        use std::fmt::Write as _;
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for byte in chunk.invalid() {
                let _ = write!(out, "%{byte:02X}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    name.to_string_lossy().into_owned()
}

/// A corpus folder's notes about its files (`README.md`, …), not a document.
pub fn is_readme(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().starts_with("readme."))
}

fn has_corpus_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn problem(path: &Path, message: String) -> Problem {
    Problem::new(path.display().to_string(), None, message)
}
