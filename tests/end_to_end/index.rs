//! `hanseek index build|update|stats`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::*;

#[test]
fn index_build_counts_one_document_per_article_and_per_reference_link() {
    let index = tempdir("build-counts").join("index");
    let summary = index_json(&[
        "index",
        "build",
        "--json",
        "--corpus",
        "corpus",
        "--index",
        index.to_str().unwrap(),
    ]);
    assert_eq!(
        (
            summary["files"].as_u64(),
            summary["articles"].as_u64(),
            summary["links"].as_u64()
        ),
        (Some(1), Some(14), Some(18))
    );
    assert!(summary["bytes"].as_u64().unwrap() > 40_000);
    let first = stats(&index);
    assert_eq!(
        (
            first["articles"].as_u64(),
            first["references"].as_u64(),
            first["documents"].as_u64()
        ),
        (Some(14), Some(18), Some(32))
    );
    // Section counts include the links of each section's articles.
    assert_eq!(first["sections"]["특집기사"], 2);
    assert_eq!(first["sections"]["정책동향"], 4 + 7);
    assert_eq!(first["sections"]["기술동향"], 2 + 3);
    assert_eq!(first["sections"]["단신동향"], 7 + 7);
    assert_eq!(first["generation"], "gen-000001");

    let rebuilt = index_json(&["index", "build", "--json", "--index", index.to_str().unwrap()]);
    assert_eq!(rebuilt["generation"], "gen-000002");
    assert_eq!(stats(&index)["documents"], 32, "a rebuild replaces, never adds");
}

#[test]
fn index_update_is_idempotent_replaces_changed_files_and_removes_deleted_ones() {
    let corpus = corpus_of_copies("update", 2);
    let index = corpus.parent().unwrap().join("index");
    let (c, i) = (corpus.to_str().unwrap(), index.to_str().unwrap());
    index_json(&["index", "build", "--json", "--corpus", c, "--index", i]);
    assert_eq!(stats(&index)["documents"], 64);

    let again = index_json(&["index", "update", "--json", "--corpus", c, "--index", i]);
    assert_eq!(
        (
            again["files"].as_u64(),
            again["unchanged"].as_u64(),
            again["removed"].as_u64()
        ),
        (Some(0), Some(2), Some(0))
    );
    assert_eq!(
        stats(&index)["documents"],
        64,
        "an update without changes changes nothing"
    );

    // A changed report is re-indexed without duplicating its documents.
    let path = corpus.join("report-0001.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("## 07 중국, 도시 커뮤니티", "## 07 중국, 농촌 커뮤니티");
    std::fs::write(&path, text).unwrap();
    let changed = index_json(&["index", "update", "--json", "--corpus", c, "--index", i]);
    assert_eq!(
        (changed["files"].as_u64(), changed["unchanged"].as_u64()),
        (Some(1), Some(1))
    );
    // Issue 28.6: the summary says what kind of change each file was.
    assert_eq!(
        (changed["added"].as_u64(), changed["changed"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(stats(&index)["documents"], 64);
    let twice = index_json(&["index", "update", "--json", "--corpus", c, "--index", i]);
    assert_eq!(twice["files"], 0);

    // A new file is added, a removed file's documents go.
    std::fs::copy("corpus/kostec-weekly-2023-12-01.md", corpus.join("new.md")).unwrap();
    std::fs::remove_file(corpus.join("report-0000.md")).unwrap();
    let moved = index_json(&["index", "update", "--json", "--corpus", c, "--index", i]);
    assert_eq!((moved["files"].as_u64(), moved["removed"].as_u64()), (Some(1), Some(1)));
    assert_eq!((moved["added"].as_u64(), moved["changed"].as_u64()), (Some(1), Some(0)));
    let text = hanseek(&["index", "update", "--corpus", c, "--index", i]);
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("files: 0 added, 0 changed, 2 unchanged, 0 removed"),
        "{}",
        String::from_utf8_lossy(&text.stdout)
    );
    let after = stats(&index);
    assert_eq!(
        (after["documents"].as_u64(), after["files"].as_u64()),
        (Some(64), Some(2))
    );
}

#[test]
fn bad_files_are_reported_skipped_and_fail_the_exit_code() {
    let corpus = corpus_of_copies("bad-files", 1);
    std::fs::write(corpus.join("broken.md"), b"# \xff\xfe").unwrap();
    std::fs::write(corpus.join("empty.txt"), b"").unwrap();
    let index = corpus.parent().unwrap().join("index");
    let output = hanseek(&[
        "index",
        "build",
        "--json",
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let summary = stdout_json(&output);
    assert_eq!(summary["errors"].as_array().unwrap().len(), 2);
    assert_eq!(summary["articles"], 14, "the good file is indexed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.md:1: not valid UTF-8") && stderr.contains("empty.txt: empty file"),
        "{stderr}"
    );
    assert_eq!(stats(&index)["documents"], 32);
}

#[test]
fn a_second_concurrent_build_is_refused_with_a_clear_message() {
    let index = tempdir("locked").join("index");
    let dir = hanseek_index::IndexDir::new(&index);
    let lock = dir.lock().expect("take the build lock");
    let output = hanseek(&["index", "build", "--index", index.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("another build or update is running") && stderr.contains(&std::process::id().to_string()),
        "{stderr}"
    );
    drop(lock);
    assert!(
        hanseek(&["index", "build", "--index", index.to_str().unwrap()])
            .status
            .success(),
        "free again once released"
    );
}

#[test]
fn killing_a_build_leaves_the_previous_index_searchable_and_the_next_build_works() {
    let corpus = corpus_of_copies("kill", 1);
    let index = corpus.parent().unwrap().join("index");
    let (c, i) = (corpus.to_str().unwrap(), index.to_str().unwrap());
    index_json(&["index", "build", "--json", "--corpus", c, "--index", i]);
    for n in 1..400 {
        std::fs::copy(corpus.join("report-0000.md"), corpus.join(format!("more-{n:04}.md"))).unwrap();
    }
    let mut killed_mid_build = 0;
    for delay_ms in [50, 300, 800] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hanseek"))
            .args(["index", "build", "--threads", "1", "--corpus", c, "--index", i])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        if finished {
            continue; // this machine built it before the kill: nothing to check
        }
        killed_mid_build += 1;
        let after = stats(&index);
        assert_eq!(after["generation"], "gen-000001", "killed after {delay_ms} ms");
        assert_eq!(after["documents"], 32, "the previous index is whole");
        let searcher = hanseek_search::Searcher::open(&index).expect("the previous index opens");
        let found = searcher.search("리튬배터리", &Default::default()).unwrap();
        assert_eq!(found.total, 2, "and answers searches");
    }
    assert!(killed_mid_build > 0, "no build was killed before it finished");
    let rebuilt = index_json(&["index", "build", "--json", "--corpus", c, "--index", i]);
    assert_eq!(rebuilt["articles"], 400 * 14);
    let generations: Vec<String> = std::fs::read_dir(&index)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("gen-"))
        .collect();
    assert_eq!(
        generations.len(),
        2,
        "unfinished generations are removed, one previous kept: {generations:?}"
    );
    assert_eq!(stats(&index)["documents"], 400 * 32);
}

#[test]
fn an_index_of_another_format_asks_for_a_rebuild() {
    let index = tempdir("format").join("index");
    index_json(&["index", "build", "--json", "--index", index.to_str().unwrap()]);
    let meta = index.join("gen-000001/hanseek.json");
    let mut json: Value = serde_json::from_str(&std::fs::read_to_string(&meta).unwrap()).unwrap();
    json["format_version"] = 999.into();
    std::fs::write(&meta, json.to_string()).unwrap();
    let output = hanseek(&["index", "stats", "--index", index.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("format 999") && stderr.contains("rebuild it with `hanseek index build"),
        "{stderr}"
    );

    let missing = hanseek(&["index", "stats", "--index", "/nonexistent/hanseek-index"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no index at '/nonexistent/hanseek-index'"));
}

/// A format-7 index pairs every word; this version, which pairs only the most frequent
/// (format 8), still searches and updates it, and the update keeps its pairing.
#[test]
fn an_index_of_format_7_still_serves_and_updates() {
    let dir = tempdir("format-7");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let report =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/kostec-weekly-2023-12-01.md"))
            .unwrap();
    std::fs::write(corpus.join("a.md"), &report).unwrap();
    let (index, c) = (dir.join("index"), corpus.to_str().unwrap());
    let i = index.to_str().unwrap();
    index_json(&["index", "build", "--json", "--corpus", c, "--index", i]);
    assert_eq!(stats(&index)["format_version"], 8);
    assert_eq!(stats(&index)["pair_words"], 400);
    let meta = index.join("gen-000001/hanseek.json");
    let mut json: Value = serde_json::from_str(&std::fs::read_to_string(&meta).unwrap()).unwrap();
    json["format_version"] = 7.into();
    json.as_object_mut().unwrap().remove("pair_words");
    std::fs::write(&meta, json.to_string()).unwrap();

    let found = stdout_json(&hanseek(&["search", "--json", "--index", i, "\"산업 클러스터\""]));
    assert_eq!(found["total"], 2);
    std::fs::write(corpus.join("b.md"), report.replace("kostec-weekly-2023-12-01", "copy")).unwrap();
    index_json(&["index", "update", "--json", "--index", i]);
    let after = stats(&index);
    assert_eq!(
        (after["format_version"].clone(), after["pair_words"].clone()),
        (7.into(), Value::Null)
    );
    assert!(after["pairs"].as_bool().unwrap());
    let text = String::from_utf8_lossy(&hanseek(&["index", "stats", "--index", i]).stdout).to_string();
    assert!(text.contains("word pairs of every word"), "{text}");
}

#[test]
fn an_index_built_without_bridges_has_no_cross_script_matches() {
    let index = tempdir("no-bridge").join("index");
    let i = index.to_str().unwrap();
    index_json(&["index", "build", "--json", "--no-bridge", "--index", i]);
    let found = stdout_json(&hanseek(&["search", "--json", "--index", i, "무인기"]));
    assert_eq!(found["total"], 0);
    let direct = stdout_json(&hanseek(&["search", "--json", "--index", i, "无人机"]));
    assert_eq!(direct["total"], 2);
}

/// One id in two files: the build keeps the first file's document and reports the
/// second's as an error naming both (issue 28.1; it used to replace it with a warning).
/// Ids are remembered as hashes; see `index_corpus`.
#[test]
fn an_id_in_two_files_is_indexed_once_and_the_second_is_an_error() {
    let dir = tempdir("duplicate-ids");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let line =
        |id: &str, title: &str| format!(r#"{{"id":"{id}","title":"{title}","body":"본문","date":"2024-01-05"}}"#);
    std::fs::write(
        corpus.join("a.jsonl"),
        [line("shared", "첫 번째"), line("only-a", "하나")].join("\n"),
    )
    .unwrap();
    std::fs::write(
        corpus.join("b.jsonl"),
        [line("shared", "두 번째"), line("only-b", "둘")].join("\n"),
    )
    .unwrap();
    let index = dir.join("index");
    let summary = hanseek_index::build(&corpus, &index, Default::default(), &mut |_| {}).unwrap();
    let errors: Vec<String> = summary.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("b.jsonl: document id 'shared' is already held by") && errors[0].contains("a.jsonl"),
        "{errors:?}"
    );
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    assert_eq!(stats(&index)["documents"], 3);
    let shown = index_json(&["show", "--json", "shared", "--index", index.to_str().unwrap()]);
    assert_eq!(shown["title"], "첫 번째");
}

/// Issue 16.1: `index update` on a copied index, run from another folder, indexed
/// `./corpus` instead of the corpus the index records, and removed every document.
#[test]
fn update_reads_the_corpus_the_index_was_built_from() {
    let corpus = corpus_of_copies("update-recorded", 2);
    let dir = tempdir("update-recorded-index");
    let (index, copy) = (dir.join("index"), dir.join("copy"));
    let built = index_json(&[
        "index",
        "build",
        "--json",
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    // stats' build time is the build's wall time, its commit included (issue 16.7).
    let (recorded, wall) = (
        stats(&index)["build_seconds"].as_f64().unwrap(),
        built["seconds"].as_f64().unwrap(),
    );
    assert!(
        recorded <= wall && recorded >= wall * 0.9 - 0.005,
        "stats {recorded} s, build {wall} s"
    );
    let status = std::process::Command::new("cp")
        .args(["-r", index.to_str().unwrap(), copy.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    // Run from the repository, whose ./corpus is another corpus.
    let updated = index_json(&["index", "update", "--json", "--index", copy.to_str().unwrap()]);
    assert_eq!(updated["removed"], 0, "{updated}");
    assert_eq!(updated["unchanged"], built["files"]);
    assert_eq!(stats(&copy)["documents"], stats(&index)["documents"]);
    // Another corpus, or one that lacks most of the files, would remove documents:
    // refused, naming both corpora and the flag that confirms.
    let other = hanseek(&[
        "index",
        "update",
        "--corpus",
        "corpus",
        "--index",
        copy.to_str().unwrap(),
    ]);
    assert_eq!(other.status.code(), Some(2));
    let message = String::from_utf8_lossy(&other.stderr);
    let recorded = std::fs::canonicalize(&corpus).unwrap();
    assert!(
        message.contains(recorded.to_str().unwrap()) && message.contains("--replace"),
        "{message}"
    );
    assert_eq!(stats(&copy)["documents"], stats(&index)["documents"], "nothing removed");
    for file in std::fs::read_dir(&corpus).unwrap().flatten() {
        std::fs::remove_file(file.path()).unwrap();
    }
    let emptied = hanseek(&["index", "update", "--index", copy.to_str().unwrap()]);
    assert_eq!(emptied.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&emptied.stderr).contains("lacks 2 of the 2 files"));
    assert_eq!(stats(&copy)["documents"], stats(&index)["documents"], "nothing removed");
    // Confirmed: the other corpus is indexed and recorded.
    let replaced = index_json(&[
        "index",
        "update",
        "--json",
        "--replace",
        "--corpus",
        "corpus",
        "--index",
        copy.to_str().unwrap(),
    ]);
    assert_eq!(replaced["removed"], 2);
    let repository_corpus = std::fs::canonicalize("corpus").unwrap();
    assert_eq!(stats(&copy)["corpus"], repository_corpus.to_str().unwrap());
    assert_eq!(stats(&copy)["articles"], 14);
    let updated = stats(&copy)["updated"].as_str().unwrap().to_string();
    assert!(
        updated.len() == 20 && updated.ends_with('Z') && updated.starts_with("20"),
        "ISO 8601: {updated}"
    );
    // What only a build decides is refused by an update, not ignored.
    let output = hanseek(&["index", "update", "--no-pairs", "--index", copy.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--no-pairs"));
}

/// A read-only bind mount of `source` at `target`, unmounted when dropped.
struct ReadOnlyMount(PathBuf);

impl ReadOnlyMount {
    fn new(source: &Path, target: &Path) -> Option<ReadOnlyMount> {
        let run = |args: &[&str]| Command::new("mount").args(args).status().is_ok_and(|s| s.success());
        let (s, t) = (source.to_str().unwrap(), target.to_str().unwrap());
        if !run(&["--bind", s, t]) {
            return None;
        }
        let mount = ReadOnlyMount(target.to_path_buf());
        run(&["-o", "remount,bind,ro", t]).then_some(mount)
    }
}

impl Drop for ReadOnlyMount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Issue 17.5: on a read-only mount, `search` and `stats` failed with "Failed to
/// acquire Lockfile … ReadOnlyFilesystem": tantivy's reader lock file could not be
/// created. Readers take no write lock now.
#[test]
fn a_read_only_index_is_searched_and_described() {
    let dir = tempdir("read-only");
    let (source, target) = (dir.join("source"), dir.join("mounted"));
    std::fs::create_dir_all(&target).unwrap();
    let built = hanseek(&[
        "index",
        "build",
        "--corpus",
        "corpus",
        "--index",
        source.join("index").to_str().unwrap(),
    ]);
    assert!(built.status.success());
    let root = String::from_utf8_lossy(&Command::new("id").arg("-u").output().unwrap().stdout).trim() == "0";
    // As root only a read-only mount stops writes; otherwise a folder without write
    // permission does.
    let _mount = if root {
        Some(ReadOnlyMount::new(&source, &target).expect("a read-only bind mount (this test needs mount as root)"))
    } else {
        std::fs::remove_dir(&target).unwrap();
        assert!(Command::new("cp")
            .args(["-r"])
            .arg(&source)
            .arg(&target)
            .status()
            .unwrap()
            .success());
        assert!(Command::new("chmod")
            .args(["-R", "a-w"])
            .arg(&target)
            .status()
            .unwrap()
            .success());
        None
    };
    let index = target.join("index");
    assert!(
        std::fs::write(index.join("probe"), b"x").is_err(),
        "the index is not read-only"
    );
    let search = hanseek(&["search", "--json", "--index", index.to_str().unwrap(), "리튬배터리"]);
    assert!(search.status.success(), "{}", String::from_utf8_lossy(&search.stderr));
    assert_eq!(stdout_json(&search)["total"], 2);
    assert_eq!(stats(&index)["articles"], 14);
    let searcher = hanseek_search::Searcher::open(&index).unwrap();
    assert_eq!(searcher.search("무인기", &Default::default()).unwrap().total, 2);
    drop(searcher);
    if !root {
        let _ = Command::new("chmod").args(["-R", "u+w"]).arg(&target).status();
    }
}

/// A tmpfs of `megabytes` at `target`, unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn new(target: &Path, megabytes: u32) -> Option<SmallDisk> {
        let size = format!("size={megabytes}m");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &size, "tmpfs"])
            .arg(target)
            .status()
            .is_ok_and(|s| s.success());
        mounted.then(|| SmallDisk(target.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Issue 17.8: a full disk was blamed on a corpus file ("index at synth/…md: … An index
/// writer was killed"), with no "no space left on device". It is named now, once; the
/// index as it was keeps answering, no half generation is left, and once there is room
/// the next build works.
#[test]
fn a_full_disk_is_named_and_the_previous_index_keeps_answering() {
    let root = String::from_utf8_lossy(&Command::new("id").arg("-u").output().unwrap().stdout).trim() == "0";
    if !root {
        eprintln!("skipped: mounting a small tmpfs needs root (CI runs as root)");
        return;
    }
    let dir = tempdir("full-disk");
    let disk = dir.join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let _disk = SmallDisk::new(&disk, 3).expect("a 3 MB tmpfs (this test needs mount as root)");
    let index = disk.join("index");
    let index_arg = index.to_str().unwrap();
    let built = hanseek(&["index", "build", "--corpus", "corpus", "--index", index_arg]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));

    let big = corpus_of_copies("full-disk-corpus", 60);
    let big_arg = big.to_str().unwrap();
    // The command fails with the full disk named once, and no corpus file blamed.
    let out_of_space = |args: &[&str]| {
        let output = hanseek(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        let named = stderr
            .matches("no space left on the device holding the index at")
            .count();
        assert_eq!(named, 1, "{args:?}: {stderr}");
        assert!(!stderr.contains("report-0"), "no corpus file is blamed: {stderr}");
    };
    out_of_space(&["index", "build", "--corpus", big_arg, "--index", index_arg]);

    let search = index_json(&["search", "--json", "--index", index_arg, "리튬배터리"]);
    assert_eq!(search["total"], 2);
    let generations = std::fs::read_dir(&index)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("gen-"))
        .count();
    assert_eq!(generations, 1, "the failed build left no generation behind");

    // An update that runs out of space: the same message, and the segments it wrote
    // before failing are deleted, so the space comes back.
    let files = || {
        std::fs::read_dir(&index)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|g| std::fs::read_dir(g.path()).unwrap().count())
            .sum::<usize>()
    };
    let before = files();
    out_of_space(&[
        "index",
        "update",
        "--replace",
        "--corpus",
        big_arg,
        "--index",
        index_arg,
    ]);
    assert_eq!(files(), before, "no uncommitted segment is left taking space");
    assert_eq!(
        index_json(&["search", "--json", "--index", index_arg, "리튬배터리"])["total"],
        2
    );

    let remounted = Command::new("mount")
        .args(["-o", "remount,size=64m"])
        .arg(&disk)
        .status()
        .unwrap();
    assert!(remounted.success());
    let output = hanseek(&["index", "build", "--corpus", big_arg, "--index", index_arg]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// Issue 17.1 and 17.2: a FIFO hung the build, `/dev/zero` as `zero.md` was read
/// until 6 GB of memory, sparse 2 GB files were read whole, and `ln -s .. loop`
/// indexed the corpus again and again. Each is now reported and skipped, and the
/// build finishes with the good files.
#[test]
fn fifos_devices_huge_files_and_symlink_loops_are_reported_and_skipped() {
    let corpus = corpus_of_copies("hostile", 1);
    let sub = corpus.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy("corpus/kostec-weekly-2023-12-01.md", sub.join("inner.md")).unwrap();
    assert!(Command::new("mkfifo")
        .arg(corpus.join("pipe.md"))
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink("/dev/zero", corpus.join("zero.md")).unwrap();
    std::os::unix::fs::symlink("..", sub.join("loop")).unwrap();
    let sparse = std::fs::File::create(corpus.join("sparse.jsonl")).unwrap();
    sparse.set_len(2 << 30).unwrap();
    let index = corpus.parent().unwrap().join("index");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hanseek"))
        .args([
            "index",
            "build",
            "--json",
            "--corpus",
            corpus.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("the build hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "errors are reported");
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["articles"], 28, "the two good reports, once each: {summary}");
    let errors = summary["errors"].to_string();
    for (file, why) in [
        ("pipe.md", "not a regular file"),
        // A link out of the corpus is refused before anything is read (issue 28.2).
        ("zero.md", "outside the corpus folder"),
        ("sparse.jsonl", "over the 512 MB limit for one file"),
        ("loop", "a link to a folder already read"),
    ] {
        assert!(
            summary["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["path"].as_str().unwrap().ends_with(file) && e["message"].as_str().unwrap().contains(why)),
            "{file}: {errors}"
        );
    }
    // The limit is configurable.
    let lowered = Command::new(env!("CARGO_BIN_EXE_hanseek"))
        .args(["corpus", "inspect", "--json", sub.join("inner.md").to_str().unwrap()])
        .env("HANSEEK_MAX_FILE_MB", "0")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&lowered.stdout).contains("over the 0 MB limit"));
}

/// Issue 17.8: folders deeper than the system's path limit were passed over as files of
/// no known type ("0 errors", exit 0). They are an error that says why and what to do,
/// in the text output, and the rest is indexed.
#[test]
fn a_folder_deeper_than_the_path_limit_is_an_error_in_the_text_output() {
    let corpus = corpus_of_copies("deep-folders", 1);
    // Two chains of folders, each well under the limit, the second moved into the
    // deepest folder of the first: together they are over it.
    let chain = |top: &Path| {
        let mut deepest = top.to_path_buf();
        for _ in 0..12 {
            deepest = deepest.join("d".repeat(200));
        }
        std::fs::create_dir_all(&deepest).unwrap();
        deepest
    };
    let outer = chain(&corpus.join("outer"));
    let inner = chain(&corpus.parent().unwrap().join("inner"));
    std::fs::write(inner.join("deep.txt"), "광둥성\n").unwrap();
    std::fs::rename(corpus.parent().unwrap().join("inner"), outer.join("inner")).unwrap();
    let index = corpus.parent().unwrap().join("index");
    let output = hanseek(&[
        "index",
        "build",
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("its path is longer than the system allows"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("14 articles"));
}

/// Hangul syllables as conjoining jamo (NFD), the Unicode algorithm.
fn decompose_hangul(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let s = c as u32;
        if (0xAC00..=0xD7A3).contains(&s) {
            let index = s - 0xAC00;
            out.push(char::from_u32(0x1100 + index / 588).unwrap());
            out.push(char::from_u32(0x1161 + (index % 588) / 28).unwrap());
            if !index.is_multiple_of(28) {
                out.push(char::from_u32(0x11A7 + index % 28).unwrap());
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Issue 17.3: a report saved in decomposed jamo was rejected ("no colophon … looks
/// truncated"), and NFD text or JSONL was indexed but not found by 리튬배터리.
#[test]
fn decomposed_korean_is_indexed_and_found_as_syllables() {
    let dir = tempdir("nfd");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let report = std::fs::read_to_string("corpus/kostec-weekly-2023-12-01.md").unwrap();
    let nfd = decompose_hangul(&report);
    assert_ne!(nfd, report);
    std::fs::write(corpus.join("report-nfd.md"), &nfd).unwrap();
    let line = serde_json::json!({"id": "nfd-doc", "title": decompose_hangul("광둥성 인공지능 정책"), "body": decompose_hangul("리튬배터리 재활용")});
    std::fs::write(corpus.join("docs.jsonl"), line.to_string()).unwrap();
    std::fs::write(
        corpus.join("note.txt"),
        decompose_hangul("# 메모\n\n인공지능 산업 동향"),
    )
    .unwrap();
    let index = dir.join("index");
    let (c, i) = (corpus.to_str().unwrap(), index.to_str().unwrap());
    let built = index_json(&["index", "build", "--json", "--corpus", c, "--index", i]);
    assert_eq!(built["errors"], serde_json::json!([]), "{built}");
    assert_eq!(built["articles"], 14 + 2);
    let search = |query: &str| stdout_json(&hanseek(&["search", "--json", "--limit", "50", "--index", i, query]));
    for query in ["리튬배터리", "인공지능", "광둥성"] {
        let composed = search(query);
        let ids: Vec<&str> = composed["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap())
            .collect();
        assert!(ids.iter().any(|id| id.starts_with("report-nfd/")), "{query}: {ids:?}");
        assert!(ids.contains(&"nfd-doc"), "{query}: {ids:?}");
        // A decomposed query finds the same.
        assert_eq!(search(&decompose_hangul(query))["total"], composed["total"], "{query}");
    }
    let found = search("리튬배터리");
    let doc = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "nfd-doc")
        .expect("the JSONL document");
    assert_eq!(doc["title"], "광둥성 인공지능 정책", "shown as syllables");
    assert!(search("메모")["hits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["id"] == "note"));
}

/// Issue 17.7: `\xff\xfebad-name.txt` and `\xfe\xffbad-name.txt` both got the id
/// `��bad-name`, and every update re-indexed one of them and flipped which existed.
#[test]
fn file_names_that_are_not_utf8_get_distinct_stable_ids() {
    use std::os::unix::ffi::OsStrExt;
    let corpus = tempdir("non-utf8").join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for (name, word) in [
        (&b"\xff\xfebad-name.txt"[..], "반도체"),
        (&b"\xfe\xffbad-name.txt"[..], "양자컴퓨터"),
    ] {
        let path = corpus.join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(path, format!("# {word} 동향\n\n{word} 정책 본문\n")).unwrap();
    }
    let index = corpus.parent().unwrap().join("index");
    let (c, i) = (corpus.to_str().unwrap(), index.to_str().unwrap());
    let built = index_json(&["index", "build", "--json", "--corpus", c, "--index", i]);
    assert_eq!(built["articles"], 2, "{built}");
    let id = |word: &str| stdout_json(&hanseek(&["search", "--json", "--index", i, word]))["hits"][0]["id"].clone();
    assert_eq!(id("반도체"), "%FF%FEbad-name");
    assert_eq!(id("양자컴퓨터"), "%FE%FFbad-name");
    for _ in 0..2 {
        let updated = index_json(&["index", "update", "--json", "--index", i]);
        assert_eq!(
            (updated["unchanged"].as_u64(), updated["files"].as_u64()),
            (Some(2), Some(0)),
            "{updated}"
        );
    }
    assert_eq!(stats(&index)["documents"], 2);
}

/// Issue 17.8: messages a user can act on, each said once: `--index FILE` printed
/// "Not a directory (os error 20)" twice; CURRENT naming a missing generation said "no
/// index"; a damaged hanseek.json was "built by another hanseek version";
/// `--memory-mb 100000` repeated tantivy's error and left a stray generation.
#[test]
fn damaged_indexes_and_impossible_budgets_get_messages_that_say_what_to_do() {
    let dir = tempdir("messages");
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let output = hanseek(&["search", "리튬", "--index", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(stderr.matches("Not a directory").count(), 1, "{stderr}");

    let index = built_index("messages-index");
    let i = index.to_str().unwrap();
    let search_error = || String::from_utf8_lossy(&hanseek(&["search", "리튬", "--index", i]).stderr).to_string();
    let meta = index.join("gen-000001/hanseek.json");
    let good = std::fs::read(&meta).unwrap();
    std::fs::write(&meta, "{").unwrap();
    let damaged = search_error();
    assert!(
        damaged.contains("is damaged: gen-000001/hanseek.json is unreadable"),
        "{damaged}"
    );
    assert!(
        damaged.contains("rebuild it with `hanseek index build --index"),
        "{damaged}"
    );
    std::fs::write(&meta, good).unwrap();
    std::fs::write(index.join("CURRENT"), "gen-000099").unwrap();
    let missing = search_error();
    assert!(
        missing.contains("CURRENT names gen-000099, which is missing"),
        "{missing}"
    );
    std::fs::write(index.join("CURRENT"), "gen-000001").unwrap();

    let output = hanseek(&[
        "index",
        "build",
        "--memory-mb",
        "100000",
        "--threads",
        "2",
        "--corpus",
        "corpus",
        "--index",
        i,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("at most 4,095 MB per thread"));
    let generations: Vec<_> = std::fs::read_dir(&index)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
        .collect();
    assert_eq!(generations.len(), 1, "no stray generation");
    // A build that tantivy refuses once its generation exists removes it again.
    let refused = hanseek_index::BuildOptions {
        threads: 1,
        memory_budget: 100_000 << 20,
        ..Default::default()
    };
    assert!(hanseek_index::build(Path::new("corpus"), &index, refused, &mut |_| {}).is_err());
    let generations = std::fs::read_dir(&index)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
        .count();
    assert_eq!(generations, 1, "no stray generation");
    assert_eq!(
        stdout_json(&hanseek(&["search", "--json", "리튬배터리", "--index", i]))["total"],
        2
    );
}

/// Issue 16.8: a folder of .pdf and .hwp files gave "0 files … 0 errors" with the
/// skipped files listed only in --json. PDFs are read now (pdftohtml), and files
/// hanseek does not read are counted by extension and named.
#[test]
fn pdfs_are_read_and_files_hanseek_cannot_read_are_named() {
    let corpus = tempdir("pdf").join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::copy("tests/fixtures/report-excerpt.pdf", corpus.join("excerpt.pdf")).unwrap();
    for name in ["a.hwp", "b.HWP", "c.docx"] {
        std::fs::write(corpus.join(name), b"not read").unwrap();
    }
    let index = corpus.parent().unwrap().join("index");
    let (c, i) = (corpus.to_str().unwrap(), index.to_str().unwrap());
    let output = hanseek(&["index", "build", "--corpus", c, "--index", i]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("skipped 3 files hanseek does not read (.docx 1, .hwp 2)"),
        "{stderr}"
    );
    assert!(stderr.contains("a.hwp") && stderr.contains("c.docx"), "{stderr}");
    let found = stdout_json(&hanseek(&["search", "--json", "--index", i, "리튬배터리"]));
    assert_eq!(found["hits"][0]["id"], "excerpt", "{found}");
    assert!(
        stdout_json(&hanseek(&["search", "--json", "--index", i, "曲建"]))["total"]
            .as_u64()
            .unwrap()
            > 0
    );
    // Without pdftohtml, each PDF is named with how to enable it.
    let empty_path = tempdir("no-path");
    let without = Command::new(env!("CARGO_BIN_EXE_hanseek"))
        .args(["corpus", "inspect", c])
        .env("PATH", &empty_path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&without.stderr);
    assert!(
        stderr.contains("excerpt.pdf") && stderr.contains("apt-get install poppler-utils"),
        "{stderr}"
    );
}

/// Issue 16.7: the progress bar reached 100% early and sat still while the index
/// committed, and at 50 columns it wrapped into 21 lines. In a real terminal (tmux, 50
/// columns) the progress stays one line, says when it commits, and is gone when the
/// summary prints.
#[test]
fn progress_is_one_line_in_a_narrow_terminal_and_clears_before_the_summary() {
    let dir = tempdir("progress");
    let corpus = dir.join("corpus");
    assert!(hanseek(&[
        "corpus",
        "synth",
        "--articles",
        "1500",
        "--seed",
        "3",
        "--out",
        corpus.to_str().unwrap()
    ])
    .status
    .success());
    let session = format!("hanseek-progress-{}", std::process::id());
    let command = format!(
        "{} index build --threads 1 --corpus {} --index {}; echo FINISHED; sleep 60",
        env!("CARGO_BIN_EXE_hanseek"),
        corpus.display(),
        dir.join("index").display()
    );
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(args)
            .output()
            .expect("tmux (apt-get install tmux)")
    };
    assert!(
        tmux(&["new-session", "-d", "-s", &session, "-x", "50", "-y", "40", &command])
            .status
            .success()
    );
    let pane = || String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", &session]).stdout).to_string();
    let started = std::time::Instant::now();
    let screen = loop {
        let screen = pane();
        // While it runs: at most one line of progress.
        let progress = screen
            .lines()
            .filter(|l| l.contains('%') || l.contains("committing:"))
            .count();
        assert!(progress <= 1, "{screen}");
        if screen.contains("FINISHED") || started.elapsed() > std::time::Duration::from_secs(120) {
            break screen;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let _ = tmux(&["kill-session", "-t", &session]);
    assert!(screen.contains("FINISHED"), "the build did not finish: {screen}");
    let lines: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(
        !lines.iter().any(|l| l.contains('%') || l.contains("committing:")),
        "no progress left on screen: {lines:#?}"
    );
    assert!(lines.iter().any(|l| l.starts_with("built gen-000001")), "{lines:#?}");
    assert!(lines.len() <= 6, "{lines:#?}");
}

/// Issue 16.12: `.gitignore`/`.ignore` and hidden folders were not honoured when
/// walking a corpus.
#[test]
fn gitignore_ignore_files_and_hidden_folders_are_honoured() {
    let corpus = tempdir("gitignore").join("corpus");
    let write = |path: &str, text: &str| {
        let path = corpus.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(".gitignore", "drafts/\n*.tmp.md\n!keep.tmp.md\n");
    write("keep.md", "# 반도체 동향\n\n본문\n");
    write("notes.tmp.md", "# 임시\n\n본문\n");
    write("keep.tmp.md", "# 예외\n\n본문\n");
    write("drafts/draft.md", "# 초안\n\n본문\n");
    write("sub/.ignore", "secret.md\n");
    write("sub/secret.md", "# 비밀\n\n본문\n");
    write("sub/other.md", "# 다른 글\n\n본문\n");
    write(".hidden/h.md", "# 숨김\n\n본문\n");
    let inspected = stdout_json(&hanseek(&["corpus", "inspect", "--json", corpus.to_str().unwrap()]));
    let mut ids: Vec<String> = inspected["reports"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].as_str().unwrap().to_string())
        })
        .collect();
    ids.sort();
    assert_eq!(ids, ["keep", "keep.tmp", "sub/other"], "{inspected}");
}

/// The fault-injection moments: a build, then an update, dies at each (as `kill -9`
/// would stop it, by `HANSEEK_FAULT_AT`). After each death the index answers a fixed
/// query set exactly as before (or, once an update has committed, exactly as the
/// update makes it), and the next build or update works. `scripts/fault-injection.sh`
/// adds kills at random moments on a larger corpus.
#[test]
fn a_build_or_update_killed_at_each_moment_leaves_the_index_answering_as_before() {
    use hanseek_index::fault::{FAULT_ENV, MOMENTS};
    let corpus = corpus_of_copies("fault-moments", 4);
    let index = corpus.parent().unwrap().join("index");
    let (corpus_arg, index_arg) = (corpus.to_str().unwrap(), index.to_str().unwrap());
    let answers = || -> Vec<(u64, Vec<String>)> {
        ["리튬배터리", "무인기", "人工智能", "광둥성 인공지능", "\"국가 혁신\""]
            .iter()
            .map(|query| {
                let found = index_json(&["search", "--json", "--limit", "100", "--index", index_arg, query]);
                // In rank order, but with scores equal to six digits as ties (by id): the
                // same document copied four times can score differently in the last bit
                // from one segment layout to another (tantivy's unions sum their
                // clauses in an order that follows the segment's postings).
                let mut hits: Vec<(i64, String)> = found["hits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| ((h["score"].as_f64().unwrap() * 1e4).round() as i64, h["id"].to_string()))
                    .collect();
                hits.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
                let ids = hits.into_iter().map(|(_, id)| id).collect();
                (found["total"].as_u64().unwrap(), ids)
            })
            .collect()
    };
    let run = |args: &[&str], moment: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hanseek"));
        command.args(args).args(["--corpus", corpus_arg, "--index", index_arg]);
        if let Some(moment) = moment {
            command.env(FAULT_ENV, moment);
        }
        command.output().unwrap()
    };
    let built = run(&["index", "build"], None);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let before = answers();
    assert!(before[0].0 > 0);

    for moment in MOMENTS {
        let died = run(&["index", "build"], Some(moment));
        assert_eq!(died.status.code(), None, "{moment}: killed, not exited");
        assert!(String::from_utf8_lossy(&died.stderr).contains(&format!("dying at '{moment}'")));
        assert_eq!(answers(), before, "after a build died at '{moment}'");
    }
    let rebuilt = run(&["index", "build"], None);
    assert!(rebuilt.status.success(), "{}", String::from_utf8_lossy(&rebuilt.stderr));
    assert_eq!(answers(), before);

    std::fs::copy("corpus/kostec-weekly-2023-12-01.md", corpus.join("report-new.md")).unwrap();
    for moment in &MOMENTS[..2] {
        let died = run(&["index", "update"], Some(moment));
        assert_eq!(died.status.code(), None, "{moment}: killed, not exited");
        assert_eq!(answers(), before, "after an update died at '{moment}'");
    }
    // Killed after its commit, the update has happened, whole.
    let died = run(&["index", "update"], Some("committed"));
    assert_eq!(died.status.code(), None);
    let after = answers();
    assert_eq!(
        after[0].0,
        before[0].0 * 5 / 4,
        "the new report's hits, once each: {after:?}"
    );
    assert!(after[0].1.iter().any(|id| id.contains("report-new/")));
    let again = run(&["index", "update", "--json"], None);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(stdout_json(&again)["unchanged"], 5);
    assert_eq!(answers(), after);
}

/// Issue 28.2: symbolic links were followed wherever they pointed: `ln -s /etc/passwd
/// corpus/passwd.txt` was indexed and its `root:x:0:0` line searchable from the page.
/// Links out of the corpus folder are reported and skipped (a link inside it is read);
/// `--follow-links` reads them, and updates do as the build did.
#[test]
fn symbolic_links_out_of_the_corpus_are_reported_and_skipped() {
    let dir = tempdir("links");
    let (corpus, outside) = (dir.join("corpus"), dir.join("outside"));
    std::fs::create_dir_all(corpus.join("weekly")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::copy("corpus/kostec-weekly-2023-12-01.md", corpus.join("weekly/report.md")).unwrap();
    std::fs::write(outside.join("secret.txt"), "root:x:0:0:비밀번호 파일\n").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", corpus.join("passwd.txt")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), corpus.join("secret.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, corpus.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("weekly/report.md", corpus.join("same-report.md")).unwrap();
    let (c, i) = (corpus.to_str().unwrap(), dir.join("index"));
    let i = i.to_str().unwrap();
    let output = hanseek(&["index", "build", "--json", "--corpus", c, "--index", i]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors = summary["errors"].as_array().unwrap();
    for name in ["passwd.txt", "secret.txt", "elsewhere"] {
        assert!(
            errors.iter().any(|e| e["path"].as_str().unwrap().ends_with(name)
                && e["message"].as_str().unwrap().contains("outside the corpus folder")
                && e["cause"] == "link_outside"),
            "{name}: {errors:?}"
        );
    }
    // The message says what is wrong; the terminal adds what to run (issue 26).
    assert!(errors
        .iter()
        .all(|e| !e["message"].as_str().unwrap().contains("--follow-links")));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("outside the corpus folder: skipped (index build --follow-links reads it)"));
    // The link inside the corpus is read: two copies of the report.
    assert_eq!(summary["articles"], 28, "{summary}");
    for query in ["root", "비밀번호"] {
        let found = stdout_json(&hanseek(&["search", "--json", query, "--index", i]));
        assert_eq!(found["total"], 0, "{query}: {found}");
    }
    let inspected = hanseek(&["corpus", "inspect", c]);
    assert!(String::from_utf8_lossy(&inspected.stderr)
        .contains("passwd.txt: a symbolic link to '/etc/passwd', outside the corpus folder"));

    // Asked for, links are followed, and an update keeps following them.
    let output = hanseek(&["index", "build", "--follow-links", "--corpus", c, "--index", i]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(index_json(&["search", "--json", "비밀번호", "--index", i])["total"], 2);
    std::fs::write(outside.join("secret.txt"), "root:x:0:0:바뀐 파일\n").unwrap();
    let output = hanseek(&["index", "update", "--index", i]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(index_json(&["search", "--json", "바뀐", "--index", i])["total"], 2);
}

/// Issue 28.1: a JSONL file that reused an article's id replaced that article in
/// `index update` without a word; removing the file and updating again deleted the
/// original for good. An id belongs to the file that holds it first: the newer file's
/// document is an error naming both files and is skipped, the original stays through
/// every update, and the newer one gets the id once the holder lets go.
#[test]
fn a_reused_id_is_an_error_of_the_newer_file_and_loses_nothing() {
    let dir = tempdir("collisions");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::copy(
        "corpus/kostec-weekly-2023-12-01.md",
        corpus.join("kostec-weekly-2023-12-01.md"),
    )
    .unwrap();
    let (c, i) = (corpus.to_str().unwrap(), dir.join("index"));
    let i = i.to_str().unwrap();
    let run = |args: &[&str]| {
        let output = hanseek(args);
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let title = |id: &str| {
        index_json(&["show", "--json", id, "--index", i])["title"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(run(&["index", "build", "--corpus", c, "--index", i]).0, Some(0));
    let original = title("kostec-weekly-2023-12-01/II-04");

    std::fs::write(corpus.join("zz.jsonl"), "{\"id\":\"kostec-weekly-2023-12-01/II-04\",\"title\":\"가짜\",\"body\":\"x\"}\n{\"id\":\"own\",\"title\":\"제 문서\",\"body\":\"y\"}\n").unwrap();
    let (code, stderr) = run(&["index", "update", "--index", i]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("zz.jsonl: document id 'kostec-weekly-2023-12-01/II-04' is already held by")
            && stderr.contains("kostec-weekly-2023-12-01.md"),
        "{stderr}"
    );
    assert_eq!(title("kostec-weekly-2023-12-01/II-04"), original);
    assert_eq!(title("own"), "제 문서", "the file's other documents are indexed");

    std::fs::remove_file(corpus.join("zz.jsonl")).unwrap();
    assert_eq!(run(&["index", "update", "--index", i]).0, Some(0));
    assert_eq!(
        title("kostec-weekly-2023-12-01/II-04"),
        original,
        "removing the newer file keeps the original"
    );
    assert_eq!(run(&["index", "update", "--index", i]).0, Some(0));
    assert_eq!(title("kostec-weekly-2023-12-01/II-04"), original);

    // A build gives the id to the first file in the corpus's order, alike.
    std::fs::write(
        corpus.join("zz.jsonl"),
        "{\"id\":\"kostec-weekly-2023-12-01/II-04\",\"title\":\"가짜\",\"body\":\"x\"}\n",
    )
    .unwrap();
    let (code, stderr) = run(&["index", "build", "--corpus", c, "--index", i]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("zz.jsonl: document id 'kostec-weekly-2023-12-01/II-04' is already held by"),
        "{stderr}"
    );
    assert_eq!(title("kostec-weekly-2023-12-01/II-04"), original);
    // Once the holder lets go (its file removed), the other file gets the id.
    std::fs::remove_file(corpus.join("kostec-weekly-2023-12-01.md")).unwrap();
    let (code, stderr) = run(&["index", "update", "--index", i]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(title("kostec-weekly-2023-12-01/II-04"), "가짜");
}
