//! Conventions every command keeps: a closed pipe is no error, and no request sizes
//! an allocation from user input.

use std::process::{Command, Stdio};

use crate::*;

/// Runs hanseek with stdout and stderr into a pipe whose reader is already closed,
/// as `hanseek … 2>&1 | head -1` becomes once head has read its line.
fn into_closed_pipe(args: &[&str]) -> std::process::ExitStatus {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_hanseek"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::from(writer.try_clone().unwrap()))
        .stderr(Stdio::from(writer))
        .status()
        .unwrap()
}

/// Issue 16.3: `corpus inspect --body corpus 2>&1 | head -1` panicked (exit 101), and
/// `search 인공지능 | head -1` could print "error: Broken pipe" and exit 2.
#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let dir = tempdir("pipes");
    let index = dir.join("index");
    let i = index.to_str().unwrap();
    assert!(hanseek(&["index", "build", "--corpus", "corpus", "--index", i])
        .status
        .success());
    for args in [
        &["corpus", "inspect", "--body", "corpus"][..],
        &["corpus", "inspect", "--json", "corpus"],
        &["search", "인공지능", "--index", i],
        &["search", "--json", "인공지능", "--index", i],
        &["search", "\"unclosed", "--index", i],
        &["index", "stats", "--index", i],
        &["analyze", "인공지능 산업을"],
        &["analyze", "--json", "인공지능 산업을"],
    ] {
        let status = into_closed_pipe(args);
        assert!(status.code().is_some_and(|c| c == 0 || c == 2), "{args:?}: {status}");
        assert_ne!(status.code(), Some(101), "{args:?} panicked");
    }
    // What a reader cannot see is no error: a search into a closed pipe succeeds.
    assert_eq!(into_closed_pipe(&["search", "인공지능", "--index", i]).code(), Some(0));
}

/// Issue 17.4: `--limit 4294967295` aborted trying to allocate 103 GB; `--limit
/// 18446744073709551615 --offset 1` panicked. Both are refused with the limit.
#[test]
fn huge_limits_and_offsets_are_refused_with_the_limit() {
    let dir = tempdir("limits");
    let index = dir.join("index");
    let i = index.to_str().unwrap();
    assert!(hanseek(&["index", "build", "--corpus", "corpus", "--index", i])
        .status
        .success());
    for (flags, message) in [
        (
            &["--limit", "4294967295"][..],
            "more than the 10000 hits one page may hold",
        ),
        (&["--limit", "2000000000"], "more than the 10000 hits"),
        (
            &["--limit", "18446744073709551615", "--offset", "1"],
            "more than the 10000 hits",
        ),
        (&["--offset", "18446744073709551615"], "deeper than the 1000000 hits"),
    ] {
        let mut args = vec!["search", "인공지능", "--index", i];
        args.extend(flags);
        let output = hanseek(&args);
        assert_eq!(output.status.code(), Some(2), "{flags:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{flags:?}: {stderr}");
    }
    let fine = hanseek(&["search", "--json", "인공지능", "--index", i, "--limit", "10000"]);
    assert_eq!(stdout_json(&fine)["total"], 5);
}
