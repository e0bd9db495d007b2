//! End-to-end tests: the `hanseek` binary and the library crates on the bundled corpus
//! and on small fixtures, as a user or a script would use them. One test binary; one
//! module per command.

mod analyze;
mod bench;
mod cli;
mod corpus;
mod index;
mod search;
mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

pub fn hanseek(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hanseek"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run hanseek")
}

pub fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// A fresh folder for one test, inside this test run's folder. Indexes built once for
/// the whole run (statics) outlive any guard that would delete them, so instead each
/// run removes the folders of earlier runs whose process has exited.
pub fn tempdir(name: &str) -> PathBuf {
    static RUN: OnceLock<PathBuf> = OnceLock::new();
    let run = RUN.get_or_init(|| {
        remove_finished_runs();
        std::env::temp_dir().join(format!("hanseek-e2e-{}", std::process::id()))
    });
    let dir = run.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Deletes `hanseek-e2e-PID` folders of processes that no longer run (Linux only: where
/// `/proc` cannot say, nothing is deleted, since another run may be using them).
fn remove_finished_runs() {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name
            .to_str()
            .and_then(|n| n.strip_prefix("hanseek-e2e-"))
            .and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

pub fn index_json(args: &[&str]) -> Value {
    let output = hanseek(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout_json(&output)
}

pub fn stats(index: &Path) -> Value {
    index_json(&["index", "stats", "--json", "--index", index.to_str().unwrap()])
}

/// A corpus folder holding copies of the bundled report under other names.
pub fn corpus_of_copies(name: &str, copies: usize) -> PathBuf {
    let dir = tempdir(name).join("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..copies {
        std::fs::copy(
            "corpus/kostec-weekly-2023-12-01.md",
            dir.join(format!("report-{i:04}.md")),
        )
        .unwrap();
    }
    dir
}
