//! `--explain` names the field (and the reason) of every clause that scored, the word
//! pairs included: no clause is left as tantivy's anonymous "Boost x1 of ...".

use hanseek_search::{SearchOptions, Searcher};

#[path = "../../../tests/support/tempdir.rs"]
mod support_tempdir;

use support_tempdir::tempdir;

/// Every description in the tree, each with its parent's.
fn descriptions(node: &serde_json::Value, parent: &str, out: &mut Vec<(String, String)>) {
    let description = node["description"].as_str().unwrap_or_default();
    out.push((parent.to_string(), description.to_string()));
    for child in node["details"].as_array().into_iter().flatten() {
        descriptions(child, description, out);
    }
}

#[test]
fn every_clause_of_an_explanation_names_its_field() {
    let dir = tempdir("explain");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let docs = [
        serde_json::json!({"id": "ko", "title": "리튬 배터리 재활용", "body": "폐리튬 배터리 재활용 산업이 커진다. 무인기 산업"}),
        serde_json::json!({"id": "zh", "title": "关于无人机的通知", "body": "新型无人机 发展"}),
    ];
    let lines: Vec<String> = docs.iter().map(|d| d.to_string()).collect();
    std::fs::write(corpus.join("docs.jsonl"), lines.join("\n")).unwrap();
    let index = dir.join("index");
    hanseek_index::build(&corpus, &index, Default::default(), &mut |_| {}).unwrap();
    let searcher = Searcher::open(&index).unwrap();
    // Unexpanded, as on a large archive: phrases go through the word pairs.
    let options = SearchOptions {
        explain: true,
        expand_below: 0,
        ..SearchOptions::default()
    };
    let mut seen = Vec::new();
    for query in ["\"배터리 재활용\"", "리튬배터리", "무인기", "无人机"] {
        let result = searcher.search(query, &options).unwrap();
        assert!(result.total > 0, "{query}");
        for hit in &result.hits {
            let mut all = Vec::new();
            descriptions(hit.explanation.as_ref().unwrap(), "", &mut all);
            for (parent, description) in &all {
                let named = parent.starts_with("field ") || parent.starts_with("alias");
                assert!(
                    named || !description.starts_with("Boost x"),
                    "{query}: {description} under {parent:?} is not named: {all:?}"
                );
            }
            seen.extend(all.into_iter().map(|(_, d)| d));
        }
    }
    for named in [
        "field pairs (weight 1): adjacent word pairs",
        "field title (weight 4)",
        "field text (weight 1)",
        "field bridge (weight 0.6): Korean word = reading of Han text",
        "field text (weight 0.35): reading of the Chinese word",
    ] {
        assert!(seen.iter().any(|d| d == named), "no clause named {named:?} in {seen:?}");
    }
}
