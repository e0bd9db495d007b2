//! Issue 25: the weekly report as the analysts receive it — a PDF — searched like its
//! Markdown form. For each fixture layout (tests/fixtures/pdf/), an index built from
//! the PDFs answers a list of queries (Korean, Chinese, cross-script, phrases, filters)
//! with the same first three documents as an index built from the Markdown they were
//! rendered from; `show` prints an article's pages; `corpus inspect` names the format.

use std::path::{Path, PathBuf};

use crate::{hanseek, index_json, stdout_json, tempdir};

/// Queries an analyst types, of every kind the page serves.
const QUERIES: [&str; 28] = [
    "리튬배터리",
    "인공지능",
    "표준화 인재",
    "일대일로",
    "드론",
    "탄소중화센터",
    "웨강아오대만구",
    "국가혁신지수",
    "나노기술",
    "메타버스",
    "연산력",
    "반도체",
    "无人机",
    "曲建",
    "一带一路",
    "标准化",
    "人工智能",
    "长春",
    "双循环",
    "무인기",
    "취젠",
    "\"범용 인공지능\"",
    "\"세계 최초\"",
    "\"산업 클러스터\"",
    "CASTED 혁신",
    "AIIB",
    "kind:reference 一带一路",
    "since:2023-11-24 인공지능",
];

fn build(name: &str, files: &[PathBuf]) -> PathBuf {
    let dir = tempdir(name);
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for file in files {
        std::fs::copy(file, corpus.join(file.file_name().unwrap())).unwrap();
    }
    let index = dir.join("index");
    let output = hanseek(&[
        "index",
        "build",
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("warning"), "{name}: {stderr}");
    index
}

fn top3(index: &Path, query: &str) -> Vec<String> {
    let found = index_json(&[
        "search",
        "--json",
        "--limit",
        "3",
        "--index",
        index.to_str().unwrap(),
        query,
    ]);
    found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

fn markdown_of(pdf: &Path) -> PathBuf {
    match pdf.file_stem().unwrap().to_str().unwrap() {
        "kostec-weekly-2023-12-01" => PathBuf::from("corpus/kostec-weekly-2023-12-01.md"),
        stem => PathBuf::from(format!("tests/fixtures/pdf/{stem}.md")),
    }
}

#[test]
fn an_index_of_pdfs_answers_as_an_index_of_their_markdown() {
    for layout in ["report", "serif", "plain"] {
        let mut pdfs: Vec<PathBuf> = std::fs::read_dir(format!("tests/fixtures/pdf/{layout}"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        pdfs.sort();
        let markdown: Vec<PathBuf> = pdfs.iter().map(|p| markdown_of(p)).collect();
        let from_pdf = build(&format!("pdf-{layout}"), &pdfs);
        let from_md = build(&format!("pdf-{layout}-md"), &markdown);
        let mut same_order = 0;
        for query in QUERIES {
            let (p, m) = (top3(&from_pdf, query), top3(&from_md, query));
            assert!(!m.is_empty(), "{query}: nothing found in the Markdown index");
            let mut sorted = (p.clone(), m.clone());
            sorted.0.sort();
            sorted.1.sort();
            assert_eq!(sorted.0, sorted.1, "{layout}: {query}: PDF {p:?}, Markdown {m:?}");
            same_order += usize::from(p == m);
        }
        println!("{layout}: {same_order} of {} queries in the same order", QUERIES.len());
    }
}

#[test]
fn show_prints_an_articles_pages_and_inspect_names_the_format() {
    let pdf = PathBuf::from("tests/fixtures/pdf/report/kostec-weekly-2023-12-01.pdf");
    let index = build("pdf-show", std::slice::from_ref(&pdf));
    let shown = hanseek(&[
        "show",
        "--index",
        index.to_str().unwrap(),
        "kostec-weekly-2023-12-01/I-01",
    ]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    assert!(text.contains("pages 3–7"), "{text}");
    let json = stdout_json(&hanseek(&[
        "show",
        "--json",
        "--index",
        index.to_str().unwrap(),
        "kostec-weekly-2023-12-01/I-01",
    ]));
    assert_eq!(json["pages"], serde_json::json!([3, 4, 5, 6, 7]), "{json}");

    let inspected = stdout_json(&hanseek(&["corpus", "inspect", "--json", pdf.to_str().unwrap()]));
    assert_eq!(inspected["reports"][0]["format"], "pdf_report");
    let text = String::from_utf8_lossy(&hanseek(&["corpus", "inspect", pdf.to_str().unwrap()]).stdout).to_string();
    assert!(text.contains("a report read from PDF"), "{text}");
}
