//! Finding corpus files: folders are walked recursively in a stable (sorted) order.

use std::path::{Path, PathBuf};

use crate::Problem;

/// The files to parse, the files passed over, and paths that could not be read.
#[derive(Debug, Default)]
pub struct CorpusFiles {
    /// Each file with its source name: its path inside the given folder, without
    /// extension, `/`-separated (a file given directly: its stem). Ids start with it,
    /// so they stay the same whatever the current directory.
    pub files: Vec<(PathBuf, String)>,
    /// Files in a folder whose extension is not `.md`, `.txt` or `.jsonl`, and README
    /// files (a corpus folder's notes about its files, not documents).
    pub ignored: Vec<PathBuf>,
    pub errors: Vec<Problem>,
}

const EXTENSIONS: [&str; 3] = ["md", "txt", "jsonl"];

pub fn collect_files(paths: &[PathBuf]) -> CorpusFiles {
    let mut found = CorpusFiles::default();
    for path in paths {
        if path.is_dir() {
            walk_dir(path, path, &mut found);
        } else if path.is_file() {
            if has_corpus_extension(path) {
                let stem = path
                    .file_stem()
                    .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
                found.files.push((path.clone(), stem));
            } else {
                found.errors.push(problem(
                    path,
                    "unsupported file type: expected .md, .txt or .jsonl".into(),
                ));
            }
        } else {
            found.errors.push(problem(path, "no such file or folder".into()));
        }
    }
    found
}

fn walk_dir(root: &Path, dir: &Path, found: &mut CorpusFiles) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return found.errors.push(problem(dir, format!("cannot list folder: {e}"))),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk_dir(root, &path, found);
        } else if has_corpus_extension(&path) && !name.to_ascii_lowercase().starts_with("readme.") {
            let relative = path.strip_prefix(root).unwrap_or(&path).with_extension("");
            let source = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            found.files.push((path, source));
        } else {
            found.ignored.push(path);
        }
    }
}

fn has_corpus_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn problem(path: &Path, message: String) -> Problem {
    Problem {
        path: path.display().to_string(),
        line: None,
        message,
    }
}
