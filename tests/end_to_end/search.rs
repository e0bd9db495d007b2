//! `hanseek search` as a user runs it: the JSON contract, errors and exit codes, and
//! which alias file it reads. The library's search behaviour is tested where it lives,
//! in crates/search/tests/search.rs.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::*;

/// One index of the bundled corpus for this module.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = tempdir("search").join("index");
        let summary = hanseek_index::build(Path::new("corpus"), &index, Default::default(), &mut |_| {}).unwrap();
        assert_eq!(summary.articles, 14);
        index
    })
}

/// A broken alias file is an error naming its line.
#[test]
fn a_broken_alias_file_is_an_error_naming_its_line() {
    let bad = tempdir("aliases").join("aliases.txt");
    std::fs::write(&bad, "a = b\nno separator here\n").unwrap();
    let output = hanseek(&[
        "search",
        "--index",
        index().to_str().unwrap(),
        "--aliases",
        bad.to_str().unwrap(),
        "x",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("aliases.txt:2: expected two or more terms"));
}

/// Issue 16.2: the same index gave 4 hits for 科技日报 from one folder and 2 from
/// another, because search read `./aliases.txt`. The alias file is now the one the
/// build recorded (or `--aliases`), wherever the search runs.
#[test]
fn an_index_searches_with_the_alias_file_it_was_built_with_from_any_folder() {
    let dir = tempdir("recorded-aliases");
    let aliases = dir.join("my-aliases.txt");
    std::fs::write(&aliases, "징진지 = 京津冀\n").unwrap();
    let (with, without) = (dir.join("with"), dir.join("without"));
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let corpus = corpus.to_str().unwrap();
    let build = |index: &Path, extra: &[&str]| {
        let mut args = vec!["index", "build", "--corpus", corpus, "--index", index.to_str().unwrap()];
        args.extend(extra);
        let output = hanseek(&args);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    build(&with, &["--aliases", aliases.to_str().unwrap()]);
    // From the repository, whose ./aliases.txt links 京津冀 too: not read.
    build(&without, &["--no-aliases"]);
    assert_eq!(
        stats(&with)["aliases"],
        std::fs::canonicalize(&aliases).unwrap().to_str().unwrap()
    );
    assert!(stats(&without)["aliases"].is_null());
    let total = |index: &Path, cwd: &Path| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_hanseek"))
            .args(["search", "--json", "--index", index.to_str().unwrap(), "京津冀"])
            .current_dir(cwd)
            .env_remove("HANSEEK_ALIASES")
            .output()
            .unwrap();
        stdout_json(&output)["total"].as_u64().unwrap()
    };
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    for cwd in [repository, &dir, Path::new("/")] {
        assert_eq!(total(&with, cwd), 1, "from {}", cwd.display());
        assert_eq!(total(&without, cwd), 0, "from {}", cwd.display());
    }
    // A recorded file that is gone: searched without aliases, and said so.
    std::fs::remove_file(&aliases).unwrap();
    let output = hanseek(&["search", "--index", with.to_str().unwrap(), "京津冀"]);
    assert_eq!(output.status.code(), Some(1), "no hit without the aliases");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("is gone: searching without aliases"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn search_threads_must_be_at_least_one() {
    let output = hanseek(&["search", "--search-threads", "0", "인공지능"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--search-threads"));
}

#[test]
fn search_cli_json_keeps_the_documented_field_names() {
    let output = hanseek(&[
        "search",
        "--json",
        "--index",
        index().to_str().unwrap(),
        "--limit",
        "3",
        "인공지능",
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json = stdout_json(&output);
    for key in ["query", "total", "took_ms", "hits", "facets"] {
        assert!(json.get(key).is_some(), "result lacks {key}");
    }
    let hit = &json["hits"][0];
    for key in [
        "id",
        "kind",
        "title",
        "section",
        "category",
        "date",
        "url",
        "outlet",
        "parent_id",
        "parent_title",
        "score",
        "snippet",
        "highlights",
    ] {
        assert!(hit.get(key).is_some(), "hit lacks {key}");
    }
    let [from, to] = [
        hit["highlights"][0][0].as_u64().unwrap() as usize,
        hit["highlights"][0][1].as_u64().unwrap() as usize,
    ];
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    assert_eq!(snippet[from..to].iter().collect::<String>(), "인공지능");
    assert!(json["facets"]["kind"].is_object());

    let text = hanseek(&[
        "search",
        "--index",
        index().to_str().unwrap(),
        "--explain",
        "--limit",
        "1",
        "리튬배터리",
    ]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("III-02") && !stdout.contains('\x1b'),
        "piped output is plain text: {stdout}"
    );
    assert!(stdout.contains("kind: article"), "facet summary line: {stdout}");

    let bad = hanseek(&["search", "--index", index().to_str().unwrap(), "\"unclosed"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("this quote is never closed"));
    let missing = hanseek(&["search", "--index", "/nonexistent/idx", "x"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no index at '/nonexistent/idx'"));
    let _: Value = json;
}

/// Issue 17.9: one 50 MB single-line document made every query matching it take
/// 2–5 s and 600–900 MB, even with `--limit 0`, and its whole text became its title.
/// Now the title is the line's beginning, highlights are looked for in bounded pieces
/// (the match near the end is still highlighted), `--limit 0` reads no document, and
/// nothing of the text is lost.
#[test]
fn a_document_of_megabytes_on_one_line_is_found_highlighted_and_kept_whole() {
    let dir = tempdir("one-line-megabytes");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let filler = "표준화 인재 양성 액션계획 발표 ".repeat(100_000);
    let text = format!("{filler}폐기 리튬배터리 재활용 방안 제시 {filler}");
    std::fs::write(corpus.join("dump.txt"), &text).unwrap();
    let index = dir.join("index");
    let (corpus, index) = (corpus.to_str().unwrap(), index.to_str().unwrap());
    index_json(&["index", "build", "--json", "--corpus", corpus, "--index", index]);

    let found = index_json(&["search", "--json", "--index", index, "리튬배터리"]);
    let hit = &found["hits"][0];
    assert_eq!(hit["id"], "dump");
    let title = hit["title"].as_str().unwrap();
    assert!(
        title.starts_with("표준화 인재") && title.chars().count() <= 101,
        "{title}"
    );
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let [from, to] = [0, 1].map(|i| hit["highlights"][0][i].as_u64().unwrap() as usize);
    assert_eq!(snippet[from..to].iter().collect::<String>(), "리튬배터리");

    let counted = index_json(&["search", "--json", "--limit", "0", "--index", index, "리튬배터리"]);
    assert_eq!(
        (counted["total"].as_u64(), counted["hits"].as_array().map(Vec::len)),
        (Some(1), Some(0))
    );

    let shown = index_json(&["show", "--json", "--index", index, "dump"]);
    assert_eq!(shown["body"].as_str().map(str::len), Some(text.trim().len()));
}

/// The terminal said "matched across scripts" for every `via`, a typo or 초성 match
/// included; it names the match for what it is.
#[test]
fn the_terminal_names_a_typo_match_as_a_typo() {
    let output = hanseek(&[
        "search",
        "--color",
        "never",
        "--index",
        index().to_str().unwrap(),
        "반도채",
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("matched through typo 반도채 → 반도체"), "{text}");
    assert!(!text.contains("across scripts"), "{text}");
}
