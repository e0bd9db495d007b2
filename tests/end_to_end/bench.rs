//! `hanseek corpus synth` and `hanseek bench`: the smoke version of the archive-scale
//! benchmark (10^3 articles, a few iterations), so the commands cannot silently break.
//! It checks what the commands report, never how fast.

use crate::*;

#[test]
fn synth_build_and_bench_a_thousand_articles() {
    let dir = tempdir("bench-smoke");
    let corpus = dir.join("corpus");
    let index = dir.join("index");
    let output = hanseek(&[
        "corpus",
        "synth",
        "--articles",
        "1000",
        "--seed",
        "3",
        "--out",
        corpus.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let summary = index_json(&[
        "index",
        "build",
        "--json",
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    assert_eq!(summary["articles"], 1000);
    assert_eq!(summary["errors"].as_array().unwrap().len(), 0);
    let bench = |options: &[&str]| {
        let index = index.to_str().unwrap();
        let args = [
            "bench",
            "--json",
            "--index",
            index,
            "--queries",
            "benches/queries/scale.tsv",
        ];
        index_json(&[&args[..], options].concat())
    };
    let report = bench(&["--warmup", "1", "--iterations", "2", "--threads", "2", "--snippets"]);
    let classes = report["classes"].as_object().unwrap();
    for class in ["term", "and", "phrase", "chinese", "mixed", "filter", "cross-script"] {
        let c = &classes[class];
        assert!(c["queries"].as_u64().unwrap() > 0, "{class}");
        assert!(
            c["p50_ms"].as_f64().unwrap() <= c["p99_ms"].as_f64().unwrap(),
            "{class}"
        );
        assert!(
            c["p99_ms"].as_f64().unwrap() <= c["max_ms"].as_f64().unwrap(),
            "{class}"
        );
    }
    let overall = &report["overall"];
    assert_eq!(
        overall["runs"].as_u64(),
        Some(overall["queries"].as_u64().unwrap() * 2 * 2)
    );
    assert!(
        overall["mean_hits"].as_f64().unwrap() > 1.0,
        "the synthetic archive answers the query set"
    );
    assert_eq!(
        (report["snippets"].as_bool(), report["facets"].as_bool()),
        (Some(true), Some(false))
    );

    // Regression: --facets was accepted but ignored (facets were always counted).
    let with_facets = bench(&["--warmup", "0", "--iterations", "1", "--facets"]);
    assert_eq!(
        (with_facets["snippets"].as_bool(), with_facets["facets"].as_bool()),
        (Some(false), Some(true))
    );

    // The page's second request: the facets alone (--limit 0), same totals.
    let counts = bench(&["--warmup", "0", "--iterations", "1", "--facets", "--limit", "0"]);
    assert_eq!(
        (counts["limit"].as_u64(), counts["facets"].as_bool()),
        (Some(0), Some(true))
    );
    assert_eq!(counts["overall"]["mean_hits"], with_facets["overall"]["mean_hits"]);

    // --total-up-to counts to another bound (the peer's 1,000, benches/peers/): the
    // frequent words' totals stop there, and the report says which bound it ran with.
    assert_eq!(report["total_up_to"], 10_000);
    let up_to = bench(&["--warmup", "0", "--iterations", "1", "--total-up-to", "150"]);
    assert_eq!(up_to["total_up_to"], 150);
    let term_hits = |report: &serde_json::Value| report["classes"]["term"]["mean_hits"].as_f64().unwrap();
    assert!(term_hits(&up_to) <= 150.0, "{up_to}");
    assert!(term_hits(&report) > term_hits(&up_to), "{report}");
    let exact = bench(&["--warmup", "0", "--iterations", "1", "--exact-total"]);
    assert_eq!(exact["total_up_to"], serde_json::Value::Null);

    // --related times related documents of ids; an id the index lacks is named.
    let ids = dir.join("ids.tsv");
    let first = index_json(&[
        "search",
        "--json",
        "--limit",
        "1",
        "--index",
        index.to_str().unwrap(),
        "드론 kind:article",
    ]);
    let id = first["hits"][0]["id"].as_str().unwrap().to_string();
    std::fs::write(&ids, format!("article\t{id}\n")).unwrap();
    let related = index_json(&[
        "bench",
        "--json",
        "--related",
        "--index",
        index.to_str().unwrap(),
        "--queries",
        ids.to_str().unwrap(),
        "--warmup",
        "0",
        "--iterations",
        "1",
    ]);
    assert_eq!(related["related"], true);
    assert!(
        related["classes"]["article"]["mean_hits"].as_f64().unwrap() >= 1.0,
        "{related}"
    );
    std::fs::write(&ids, "article\tno/such/id\n").unwrap();
    let missing = hanseek(&[
        "bench",
        "--related",
        "--index",
        index.to_str().unwrap(),
        "--queries",
        ids.to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no document 'no/such/id'"));
}
