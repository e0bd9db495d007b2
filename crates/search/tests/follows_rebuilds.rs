//! A long-lived `Searcher` (the server's) follows `index build` and `index update`
//! from its next query on, and never loses the generation it reads: old generations
//! are removed only once no reader holds them.

use std::path::Path;

use hanseek_search::{SearchOptions, Searcher};

#[path = "../../../tests/support/tempdir.rs"]
mod support_tempdir;

use support_tempdir::tempdir;

/// A corpus of one JSONL document about `word`.
fn write_corpus(corpus: &Path, word: &str) {
    std::fs::create_dir_all(corpus).unwrap();
    let line = serde_json::json!({"id": "doc", "title": format!("{word} 동향"), "body": format!("{word}에 관한 본문")});
    std::fs::write(corpus.join("docs.jsonl"), line.to_string()).unwrap();
}

fn total(searcher: &Searcher, query: &str) -> usize {
    searcher.search(query, &SearchOptions::default()).unwrap().total
}

fn generations(index: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(index)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("gen-"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_searcher_follows_three_rebuilds_and_an_update_and_old_generations_go_when_released() {
    let dir = tempdir("follow");
    let (corpus, index) = (dir.join("corpus"), dir.join("index"));
    let build = || hanseek_index::build(&corpus, &index, Default::default(), &mut |_| {}).unwrap();
    write_corpus(&corpus, "리튬배터리");
    build();
    let following = Searcher::open(&index).unwrap();
    // Opened at the first generation and not asked anything until the end: it holds
    // gen-000001 across every rebuild.
    let idle = Searcher::open(&index).unwrap();
    assert_eq!(total(&following, "리튬배터리"), 1);

    for (n, word) in ["반도체", "인공지능", "무인기"].into_iter().enumerate() {
        write_corpus(&corpus, word);
        build();
        assert_eq!(total(&following, word), 1, "rebuild {}: the new content", n + 1);
        assert_eq!(
            total(&following, "리튬배터리"),
            0,
            "rebuild {}: the old content is gone",
            n + 1
        );
        assert_eq!(following.generation().unwrap(), format!("gen-{:06}", n + 2));
    }
    // The build keeps the current generation and the one before it; gen-000002 went,
    // gen-000001 is held by the idle searcher.
    assert_eq!(generations(&index), ["gen-000001", "gen-000003", "gen-000004"]);

    // An update commits in place: seen from the next query on too.
    write_corpus(&corpus, "양자컴퓨터");
    hanseek_index::update(&corpus, &index, Default::default(), &mut |_| {}).unwrap();
    assert_eq!(total(&following, "양자컴퓨터"), 1);
    assert_eq!(total(&following, "무인기"), 0);

    // The idle searcher's next query runs on the newest generation, and letting go of
    // gen-000001 removes it.
    assert_eq!(total(&idle, "양자컴퓨터"), 1);
    assert_eq!(generations(&index), ["gen-000003", "gen-000004"]);
    drop((following, idle));
    assert_eq!(generations(&index), ["gen-000003", "gen-000004"]);
}

#[test]
fn a_watching_searcher_starts_before_the_first_build() {
    let dir = tempdir("watch");
    let (corpus, index) = (dir.join("corpus"), dir.join("index"));
    let searcher = Searcher::watch(hanseek_search::SearchConfig::new(&index)).unwrap();
    let error = searcher.search("반도체", &SearchOptions::default()).unwrap_err();
    assert!(error.to_string().contains("no index at"), "{error}");
    write_corpus(&corpus, "반도체");
    hanseek_index::build(&corpus, &index, Default::default(), &mut |_| {}).unwrap();
    assert_eq!(total(&searcher, "반도체"), 1);
}
