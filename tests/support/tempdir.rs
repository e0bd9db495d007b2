//! A fresh folder per test, shared by the test binaries (`#[path]`-included): each
//! run works in `hanseek-tests-PID` and removes the folders of earlier runs.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A fresh folder for one test, inside this test run's folder. Indexes built once for
/// the whole run (statics) outlive any guard that would delete them, so instead each
/// run removes the folders of earlier runs whose process has exited.
pub fn tempdir(name: &str) -> PathBuf {
    static RUN: OnceLock<PathBuf> = OnceLock::new();
    let run = RUN.get_or_init(|| {
        remove_finished_runs();
        std::env::temp_dir().join(format!("hanseek-tests-{}", std::process::id()))
    });
    let dir = run.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Deletes `hanseek-tests-PID` folders of processes that no longer run (Linux only: where
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
            .and_then(|n| n.strip_prefix("hanseek-tests-"))
            .and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
