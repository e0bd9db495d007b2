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

/// The first hits' ids and scores.
fn top(index: &Path, query: &str, limit: usize) -> Vec<(String, f64)> {
    let limit = limit.to_string();
    let found = index_json(&[
        "search",
        "--json",
        "--limit",
        &limit,
        "--index",
        index.to_str().unwrap(),
        query,
    ]);
    found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["id"].as_str().unwrap().to_string(), h["score"].as_f64().unwrap()))
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
    for layout in ["report", "serif", "plain", "boxed"] {
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
            let ids = |hits: &[(String, f64)]| hits.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
            let (p, m) = (top(&from_pdf, query, 3), top(&from_md, query, 8));
            assert!(!m.is_empty(), "{query}: nothing found in the Markdown index");
            // The same three documents; where the Markdown index ties the third with
            // the next (the derived week repeats most articles word for word), either.
            let third = m[m.len().min(3) - 1].1;
            let allowed: Vec<&String> = m
                .iter()
                .enumerate()
                .filter(|(i, (_, score))| *i < 3 || *score >= third * 0.98)
                .map(|(_, (id, _))| id)
                .collect();
            assert!(
                p.len() == m.len().min(3) && p.iter().all(|(id, _)| allowed.contains(&id)),
                "{layout}: {query}: PDF {:?}, Markdown {:?}",
                ids(&p),
                ids(&m)
            );
            same_order += usize::from(ids(&p) == ids(&m[..m.len().min(3)]));
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
    assert!(text.contains("pages 3–6"), "{text}");
    let json = stdout_json(&hanseek(&[
        "show",
        "--json",
        "--index",
        index.to_str().unwrap(),
        "kostec-weekly-2023-12-01/I-01",
    ]));
    assert_eq!(json["pages"], serde_json::json!([3, 4, 5, 6]), "{json}");

    let inspected = stdout_json(&hanseek(&["corpus", "inspect", "--json", pdf.to_str().unwrap()]));
    assert_eq!(inspected["reports"][0]["format"], "pdf_report");
    let text = String::from_utf8_lossy(&hanseek(&["corpus", "inspect", pdf.to_str().unwrap()]).stdout).to_string();
    assert!(text.contains("a report read from PDF"), "{text}");
}

/// Issue 25.5: a broken, encrypted or scanned PDF is an error naming that file and
/// what to do; the reports beside it are indexed.
#[test]
fn broken_pdfs_are_errors_of_their_files_and_the_rest_is_indexed() {
    let dir = tempdir("pdf-broken");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::copy(
        "tests/fixtures/pdf/report/kostec-weekly-2023-12-08.pdf",
        corpus.join("kostec-weekly-2023-12-08.pdf"),
    )
    .unwrap();
    for name in ["encrypted.pdf", "scanned.pdf"] {
        std::fs::copy(format!("tests/fixtures/pdf/broken/{name}"), corpus.join(name)).unwrap();
    }
    std::fs::write(
        corpus.join("cut.pdf"),
        &std::fs::read("tests/fixtures/pdf/report/kostec-weekly-2023-12-01.pdf").unwrap()[..4000],
    )
    .unwrap();
    let index = dir.join("index");
    let (c, i) = (corpus.to_str().unwrap(), index.to_str().unwrap());
    let output = hanseek(&["index", "build", "--corpus", c, "--index", i]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "errors must show in the exit code: {stderr}");
    assert!(
        stderr.contains("encrypted.pdf: an encrypted PDF (it needs a password)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("scanned.pdf: a PDF without text (scanned pages?)"),
        "{stderr}"
    );
    assert!(stderr.contains("cut.pdf: "), "{stderr}");
    let found = index_json(&["search", "--json", "--index", i, "리튬배터리"]);
    assert_eq!(found["hits"][0]["id"], "kostec-weekly-2023-12-08/III-02", "{found}");
}

/// A PDF poppler cannot finish with is stopped: a reader that hangs at the time limit
/// (HANSEEK_PDF_TIMEOUT_SECS), one that writes without end at the output limit.
#[test]
fn a_pdf_reader_that_hangs_or_floods_is_stopped() {
    let pdf = "tests/fixtures/pdf/report/kostec-weekly-2023-12-08.pdf";
    for (name, script, expected) in [
        ("hang", "exec /bin/sleep 60", "could not read within 1s"),
        (
            "flood",
            "exec /usr/bin/yes '<text>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</text>'",
            "over 64 MB",
        ),
    ] {
        let bin = tempdir(&format!("pdf-{name}"));
        let tool = bin.join("pdftohtml");
        std::fs::write(&tool, format!("#!/bin/sh\n{script}\n")).unwrap();
        let mut permissions = std::fs::metadata(&tool).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
        std::fs::set_permissions(&tool, permissions).unwrap();
        let started = std::time::Instant::now();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_hanseek"))
            .args(["corpus", "inspect", pdf])
            .env("PATH", &bin)
            .env("HANSEEK_PDF_TIMEOUT_SECS", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success() && stderr.contains(expected),
            "{name}: {stderr}"
        );
        if name == "hang" {
            assert!(
                stderr.contains("(HANSEEK_PDF_TIMEOUT_SECS raises the limit)"),
                "{stderr}"
            );
        }
        // Stopped, not waited for (the hanging one would take 60 s).
        assert!(started.elapsed().as_secs() < 30, "{name}: {:?}", started.elapsed());
    }
}

/// Issue 25.4: the original at hand. `/api/documents/{id}/original` hands out the PDF
/// an article (or a link's article) was read from, found by the document's source name
/// in the indexed corpus folder — never by a path from the request — in ranges as a
/// PDF viewer asks; nothing for documents read from Markdown, unknown ids or a PDF
/// removed since.
#[test]
fn the_original_pdf_is_served_by_document_id_from_the_corpus_only() {
    use std::io::{Read, Write};
    let pdf = PathBuf::from("tests/fixtures/pdf/report/kostec-weekly-2023-12-01.pdf");
    let markdown = PathBuf::from("tests/fixtures/pdf/kostec-weekly-2023-12-08.md");
    let index = build("pdf-original", &[pdf.clone(), markdown]);
    let corpus = index.parent().unwrap().join("corpus");
    let server = crate::serve::Server::start(&index);

    let article = server.get("/api/documents/kostec-weekly-2023-12-01/I-01").json();
    assert_eq!(article["pages"], serde_json::json!([3, 4, 5, 6]), "{article}");
    let original = std::fs::read(&pdf).unwrap();
    for id in ["kostec-weekly-2023-12-01/I-01", "kostec-weekly-2023-12-01/I-01/ref-1"] {
        let served = server.get(&format!("/api/documents/{id}/original"));
        assert_eq!(served.status, 200, "{id}: {}", served.text());
        assert_eq!(served.header("content-type"), Some("application/pdf"));
        assert!(served
            .header("content-disposition")
            .unwrap()
            .starts_with("inline; filename*=UTF-8''kostec-weekly-2023-12-01.pdf"));
        assert!(served.body == original, "{id}: the served bytes are not the file's");
    }
    // A PDF viewer reads in ranges — never of a compressed body, whatever the client
    // accepts (the server compresses its JSON).
    let mut stream = std::net::TcpStream::connect(server.address).unwrap();
    write!(
        stream,
        "GET /api/documents/kostec-weekly-2023-12-01/II-02/original HTTP/1.1\r\nHost: {}\r\nRange: bytes=0-99\r\nAccept-Encoding: gzip, br\r\nConnection: close\r\n\r\n",
        server.address
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 206"), "{answer:.300}");
    assert!(
        answer.to_ascii_lowercase().contains("content-range: bytes 0-99/"),
        "{answer:.300}"
    );
    assert!(
        !answer.to_ascii_lowercase().contains("content-encoding"),
        "{answer:.300}"
    );

    for (target, expected) in [
        (
            "/api/documents/kostec-weekly-2023-12-08/I-01/original",
            "was not read from a PDF",
        ),
        ("/api/documents/..%2F..%2F..%2Fetc%2Fpasswd/original", "no document"),
        ("/api/documents/../../../etc/passwd/original", "no"),
        ("/api/documents/kostec-weekly-2023-12-01/IX-99/original", "no document"),
    ] {
        let refused = server.get(target);
        assert_eq!(refused.status, 404, "{target}: {}", refused.text());
        assert!(
            refused.json()["error"].as_str().unwrap().contains(expected),
            "{target}: {}",
            refused.text()
        );
    }
    std::fs::remove_file(corpus.join("kostec-weekly-2023-12-01.pdf")).unwrap();
    let gone = server.get("/api/documents/kostec-weekly-2023-12-01/I-01/original");
    assert_eq!(gone.status, 404, "{}", gone.text());
    assert!(
        gone.text().contains("no longer in the corpus folder"),
        "{}",
        gone.text()
    );
}
