//! End-to-end tests: the `hanseek` binary and the library crates on the bundled corpus
//! and on small fixtures, as a user or a script would use them. One test binary; one
//! module per command.

mod analyze;
mod bench;
mod cli;
mod corpus;
mod deploy;
mod hostile;
mod index;
mod pdf;
mod search;
mod serve;
#[path = "../support/tempdir.rs"]
mod support_tempdir;

pub use support_tempdir::tempdir;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub fn hanseek(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hanseek"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run hanseek")
}

/// The bundled corpus indexed by `hanseek index build`, as a user builds it, in a
/// fresh folder `name`.
pub fn built_index(name: &str) -> PathBuf {
    let index = tempdir(name).join("index");
    let output = hanseek(&[
        "index",
        "build",
        "--corpus",
        "corpus",
        "--index",
        index.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    index
}

pub fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
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
