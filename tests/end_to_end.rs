//! End-to-end tests: the `hanseek` binary on the bundled corpus and on small fixtures,
//! as a user or a script would run it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn hanseek(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hanseek"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run hanseek")
}

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hanseek-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn corpus_inspect_json_keeps_the_documented_field_names() {
    let output = hanseek(&["corpus", "inspect", "--json", "corpus/"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json = stdout_json(&output);
    assert_eq!(json["errors"], Value::Array(vec![]));
    let report = &json["reports"][0];
    assert_eq!(report["path"], "corpus/kostec-weekly-2023-12-01.md");
    assert_eq!(report["title"], "중국 과학기술 정책 주간동향");
    assert_eq!(report["issue_date"], "2023-12-01");
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 14);
    for key in [
        "id",
        "section",
        "category",
        "number",
        "title",
        "subtitle",
        "date",
        "body",
        "references",
    ] {
        assert!(articles[0].get(key).is_some(), "article lacks {key}");
    }
    let drone = articles
        .iter()
        .find(|a| a["id"] == "kostec-weekly-2023-12-01/III-01")
        .unwrap();
    assert_eq!(drone["section"], "기술동향");
    assert_eq!(drone["category"], "기계");
    assert_eq!(drone["number"], 1);
    assert_eq!(drone["date"], "2023-11-22");
    let image = &drone["references"][0];
    for key in ["kind", "title", "url", "outlet", "date"] {
        assert!(image.get(key).is_some(), "reference lacks {key}");
    }
    assert_eq!(image["kind"], "image_source");
    assert_eq!(image["url"], "https://mp.weixin.qq.com/s/wKmM3mTI-TWw4I_L2d9tmw");
    let links: usize = articles.iter().map(|a| a["references"].as_array().unwrap().len()).sum();
    assert_eq!(links, 18);
}

#[test]
fn corpus_inspect_reports_bad_files_and_still_shows_the_good_ones() {
    let dir = tempdir("inspect-bad");
    std::fs::copy(Path::new("corpus/kostec-weekly-2023-12-01.md"), dir.join("good.md")).unwrap();
    std::fs::write(dir.join("empty.md"), "").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"caf\xe9").unwrap();
    let output = hanseek(&["corpus", "inspect", "--json", dir.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a failed file makes the exit code non-zero"
    );
    let json = stdout_json(&output);
    assert_eq!(json["reports"].as_array().unwrap().len(), 1);
    assert_eq!(json["reports"][0]["articles"].as_array().unwrap().len(), 14);
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert!(errors[0]["path"].as_str().unwrap().ends_with("empty.md"));
    assert_eq!(errors[1]["line"], 1);
    assert!(errors[1]["message"].as_str().unwrap().contains("UTF-8"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("empty.md: empty file"), "{stderr}");
}

#[test]
fn corpus_inspect_text_output_and_missing_paths() {
    let output = hanseek(&["corpus", "inspect", "corpus/kostec-weekly-2023-12-01.md"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("kostec-weekly-2023-12-01/II-04"));
    assert!(
        text.contains("1 files, 14 articles, 18 reference links, 0 errors"),
        "{text}"
    );

    let missing = hanseek(&["corpus", "inspect", "no/such/dir"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/dir: no such file or folder"));
}

#[test]
fn analyze_json_shows_tokens_with_offsets_and_positions() {
    let output = hanseek(&["analyze", "--json", "인공지능 산업을 人工智能"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json = stdout_json(&output);
    assert_eq!(json["analyzer"], "hanseek");
    let tokens = json["tokens"].as_array().unwrap();
    let first = &tokens[0];
    for key in ["text", "from", "to", "position", "position_length"] {
        assert!(first.get(key).is_some(), "token lacks {key}");
    }
    let texts: Vec<&str> = tokens.iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["인공지능", "인공", "지능", "산업", "人工智能", "人工", "智能"]);
    assert_eq!(
        (&tokens[3]["from"], &tokens[3]["to"], &tokens[3]["position"]),
        (&Value::from(13), &Value::from(19), &Value::from(2))
    );

    let recall = stdout_json(&hanseek(&["analyze", "--json", "--analyzer", "recall", "인공 지능"]));
    assert_eq!(recall["analyzer"], "hanseek_recall");
    assert_eq!(recall["tokens"].as_array().unwrap().len(), 3);

    let bad = hanseek(&["analyze", "--analyzer", "nori", "x"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown analyzer 'nori'"));
}

fn index_json(args: &[&str]) -> Value {
    let output = hanseek(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout_json(&output)
}

fn stats(index: &Path) -> Value {
    index_json(&["index", "stats", "--json", "--index", index.to_str().unwrap()])
}

/// A corpus folder holding copies of the bundled report under other names.
fn corpus_of_copies(name: &str, copies: usize) -> PathBuf {
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
    assert_eq!(stats(&index)["documents"], 64);
    let twice = index_json(&["index", "update", "--json", "--corpus", c, "--index", i]);
    assert_eq!(twice["files"], 0);

    // A new file is added, a removed file's documents go.
    std::fs::copy("corpus/kostec-weekly-2023-12-01.md", corpus.join("new.md")).unwrap();
    std::fs::remove_file(corpus.join("report-0000.md")).unwrap();
    let moved = index_json(&["index", "update", "--json", "--corpus", c, "--index", i]);
    assert_eq!((moved["files"].as_u64(), moved["removed"].as_u64()), (Some(1), Some(1)));
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
    let text = std::fs::read_to_string(&meta)
        .unwrap()
        .replace("\"format_version\": 1", "\"format_version\": 999");
    std::fs::write(&meta, text).unwrap();
    let output = hanseek(&["index", "stats", "--index", index.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("format 999") && stderr.contains("rebuild it with `hanseek index build"),
        "{stderr}"
    );

    let missing = hanseek(&["index", "stats", "--index", "/nonexistent/hanseek-index"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no index at /nonexistent/hanseek-index"));
}
