//! `hanseek serve` over a real loopback socket: every endpoint and error, the API
//! equal to `hanseek search --json` for the same queries, markup in documents
//! returned as text, one log line per request, and a server that follows rebuilds
//! under a search loop without a failed request.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hanseek_server::client::{self, encode};
use serde_json::Value;

use crate::*;

/// A `hanseek serve` process on 127.0.0.1 and a free port; killed when dropped.
pub struct Server {
    child: Child,
    pub address: SocketAddr,
    /// Its stderr lines so far (the request log).
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(index: &Path) -> Server {
        Server::start_with(index, &[])
    }

    /// A server started with these extra arguments.
    pub fn start_with(index: &Path, arguments: &[&str]) -> Server {
        Server::spawn(Command::new(env!("CARGO_BIN_EXE_hanseek")), index, arguments)
    }

    /// `hanseek serve` run by `command` (the binary, or a program that runs it).
    pub fn spawn(mut command: Command, index: &Path, arguments: &[&str]) -> Server {
        let mut child = command
            .args(["serve", "--listen", "127.0.0.1:0", "--index", index.to_str().unwrap()])
            .args(arguments)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("HANSEEK_ALIASES")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start hanseek serve");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let started = Instant::now();
        let address = loop {
            let line = lines.next().expect("serve exited before listening").unwrap();
            if let Some(at) = line.split("http://").nth(1) {
                break at
                    .trim_end_matches(|c: char| c == '/' || c.is_whitespace())
                    .split('/')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
            }
            assert!(started.elapsed() < Duration::from_secs(10), "no address: {line}");
        };
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "slow start: {:?}",
            started.elapsed()
        );
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Server { child, address, log }
    }

    pub fn get(&self, target: &str) -> client::Response {
        client::get(self.address, target).unwrap_or_else(|e| panic!("GET {target}: {e}"))
    }

    /// `/api/search` with these parameters (values encoded here).
    pub fn search(&self, parameters: &[(&str, &str)]) -> client::Response {
        let query: Vec<String> = parameters.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        self.get(&format!("/api/search?{}", query.join("&")))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One index of the bundled corpus, built by the CLI as a user would (recording
/// ./aliases.txt).
pub fn bundled_index() -> &'static Path {
    static INDEX: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| built_index("serve"))
}

/// Search parameters, the status they get, and words of the error message.
type ErrorCase<'a> = (&'a [(&'a str, &'a str)], u16, &'a str);

/// A document whose title, body and link hold markup and script (the browser test
/// renders the same file).
const XSS_DOCUMENT: &str = include_str!("../fixtures/xss.jsonl");

fn without_timing(mut result: Value) -> Value {
    result["took_ms"] = Value::Null;
    result
}

#[test]
fn the_api_answers_what_the_cli_prints_for_the_same_queries() {
    let server = Server::start(bundled_index());
    let index = bundled_index().to_str().unwrap();
    let queries = [
        "리튬배터리",
        "리튬 배터리를",
        "인공지능",
        "인공지능 산업",
        "\"표준화 인재 양성\"",
        "无人机",
        "無人機",
        "무인기",
        "人工智能",
        "취젠",
        "曲建",
        "광둥성",
        "드론 -고정익",
        "드론 OR 无人机",
        "title:인공지능",
        "CASTED",
        "5G",
        "3,000억",
        "京津冀",
        "雙飛翼",
        "section:정책동향",
        "인공지능 kind:reference",
        "혁신 date:2023-11",
        "전략 since:2023-11-20",
    ];
    for query in queries {
        let cli = stdout_json(&hanseek(&["search", "--json", "--index", index, query]));
        let api = server.search(&[("q", query)]);
        assert_eq!(api.status, 200, "{query}: {}", api.text());
        assert_eq!(without_timing(api.json()), without_timing(cli), "{query}");
    }
    // Options and filter parameters: the same as the query written out.
    let cli = stdout_json(&hanseek(&[
        "search",
        "--json",
        "--index",
        index,
        "--limit",
        "3",
        "--offset",
        "1",
        "--kind",
        "article",
        "--sort",
        "date",
        "인공지능 section:정책동향 since:2023-11-01",
    ]));
    let api = server.search(&[
        ("q", "인공지능"),
        ("limit", "3"),
        ("offset", "1"),
        ("kind", "article"),
        ("sort", "date"),
        ("section", "정책동향"),
        ("since", "2023-11-01"),
    ]);
    assert_eq!(without_timing(api.json()), without_timing(cli));
    // Counting every match: `--exact-total` is `exact_total=true` (issue 29.1).
    let cli = stdout_json(&hanseek(&[
        "search",
        "--json",
        "--exact-total",
        "--index",
        index,
        "인공지능",
    ]));
    let api = server.search(&[("q", "인공지능"), ("exact_total", "true")]);
    assert_eq!(without_timing(api.json()), without_timing(cli.clone()));
    assert_eq!(cli["total_relation"], "eq");
    assert_eq!(cli["facets_counted"], cli["total"]);
    // What the page asks for (issue 29.3): the hits without facets, then the facets
    // alone — the two together are the one answer, hit for hit and count for count.
    let whole = server.search(&[("q", "인공지능")]).json();
    let hits = server.search(&[("q", "인공지능"), ("facets", "false")]).json();
    let counts = server.search(&[("q", "인공지능"), ("limit", "0")]).json();
    assert_eq!(hits["hits"], whole["hits"]);
    assert_eq!(
        (&hits["total"], &hits["total_relation"]),
        (&whole["total"], &whole["total_relation"])
    );
    assert_eq!(hits["facets_counted"], 0);
    assert!(hits["facets"]["section"].as_object().unwrap().is_empty(), "{hits}");
    assert_eq!(counts["facets"], whole["facets"]);
    assert_eq!(counts["facets_counted"], whole["facets_counted"]);
    assert_eq!(counts["hits"].as_array().map(Vec::len), Some(0));
    for explicit in ["true", ""] {
        let answer = server.search(&[("q", "인공지능"), ("facets", explicit)]).json();
        assert_eq!(answer["facets"], whole["facets"], "facets={explicit}");
    }
    let wrong = server.search(&[("q", "인공지능"), ("facets", "no")]);
    assert_eq!(wrong.status, 400);
    let wrong = server.search(&[("q", "인공지능"), ("exact_total", "yes")]);
    assert_eq!(wrong.status, 400);
    assert!(
        wrong.text().contains("exact_total must be true or false"),
        "{}",
        wrong.text()
    );

    let cli = stdout_json(&hanseek(&[
        "analyze",
        "--json",
        "--analyzer",
        "hanseek_bridge",
        "无人机 行动计划",
    ]));
    let api = server.get(&format!(
        "/api/analyze?analyzer=hanseek_bridge&text={}",
        encode("无人机 行动计划")
    ));
    assert_eq!(api.json(), cli);
    // The same figures; the API names the folders, not their paths on the server
    // (deploy.rs: `--show-paths` shows them).
    let mut cli = stdout_json(&hanseek(&["index", "stats", "--json", "--index", index]));
    for field in ["index", "corpus", "aliases"] {
        let path = std::path::Path::new(cli[field].as_str().unwrap());
        cli[field] = path.file_name().unwrap().to_str().unwrap().into();
    }
    assert_eq!(server.get("/api/stats").json(), cli);
    for prefix in ["인공ㅈ", "ㅂㄷㅊ", "广东"] {
        let cli = stdout_json(&hanseek(&[
            "suggest", "--json", "--index", index, "--limit", "5", prefix,
        ]));
        let api = server.get(&format!("/api/suggest?limit=5&q={}", encode(prefix)));
        assert_eq!(api.status, 200, "{prefix}: {}", api.text());
        assert_eq!(without_timing(api.json()), without_timing(cli), "{prefix}");
        assert!(!api.json()["suggestions"].as_array().unwrap().is_empty(), "{prefix}");
    }
    assert_eq!(server.get("/api/suggest?q=%EC%9D%B8&limit=51").status, 400);
    assert_eq!(server.get("/api/suggest").status, 400);
}

/// Issue 18.5: `/api/documents/{id}/related` answers what `show ID --related --json`
/// prints; the Chinese source the article summarizes comes first.
#[test]
fn related_documents_over_http_and_on_the_command_line() {
    let server = Server::start(bundled_index());
    let index = bundled_index().to_str().unwrap();
    let article = "kostec-weekly-2023-12-01/III-02";
    let api = server.get(&format!("/api/documents/{article}/related?limit=3"));
    assert_eq!(api.status, 200, "{}", api.text());
    let cli = stdout_json(&hanseek(&[
        "show",
        "--related",
        "--json",
        "--limit",
        "3",
        "--index",
        index,
        article,
    ]));
    assert_eq!(without_timing(api.json()), without_timing(cli.clone()));
    assert_eq!(cli["id"], article);
    assert_eq!(cli["hits"][0]["id"], format!("{article}/ref-1"), "{cli}");
    assert_eq!(cli["hits"].as_array().unwrap().len(), 3);
    assert!(cli["words"].as_array().unwrap().iter().any(|w| w["text"] == "锂电池"));
    let text = hanseek(&["show", "--related", "--limit", "3", "--index", index, article]);
    let printed = String::from_utf8_lossy(&text.stdout);
    assert!(
        printed.starts_with(&format!("related to {article} through its words ")),
        "{printed}"
    );
    assert!(printed.contains("“双循环”让退役锂电池有了新出路"), "{printed}");
    // The document itself is still its own path; errors name what is wrong.
    assert_eq!(server.get(&format!("/api/documents/{article}")).json()["id"], article);
    assert_eq!(server.get("/api/documents/no/such/related").status, 404);
    let unknown = server.get(&format!("/api/documents/{article}/related?q=x"));
    assert_eq!(unknown.status, 400);
    assert!(unknown.json()["error"]
        .as_str()
        .unwrap()
        .contains("unknown parameter 'q'"));
    let too_many = server.get(&format!("/api/documents/{article}/related?limit=90&offset=20"));
    assert_eq!(too_many.status, 400, "{}", too_many.text());
    let missing = hanseek(&["show", "--related", "--index", index, "no/such"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn documents_health_errors_and_the_request_log() {
    let server = Server::start(bundled_index());
    let article = server.get("/api/documents/kostec-weekly-2023-12-01/III-01");
    assert_eq!(article.status, 200, "{}", article.text());
    let article = article.json();
    assert_eq!(article["kind"], "article");
    assert!(article["body"].as_str().unwrap().contains("틸트로터"));
    let references = article["references"].as_array().unwrap();
    assert!(references
        .iter()
        .any(|r| r["url"].as_str().unwrap_or("").contains("people.com.cn")));
    // Encoded slashes are the same id.
    let link_id = references[0]["id"].as_str().unwrap();
    let link = server.get(&format!("/api/documents/{}", encode(link_id))).json();
    assert_eq!(link["id"], link_id);
    assert_eq!(link["article"]["id"], "kostec-weekly-2023-12-01/III-01");

    let missing = server.get("/api/documents/no/such/id");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"], "no document 'no/such/id' in this index");
    assert_eq!(server.get("/health").json()["generation"], "gen-000001");
    assert_eq!(server.get("/api/openapi.json").json()["openapi"], "3.0.3");
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<script src=\"app.js\""));
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .contains("script-src 'self'"));
    assert_eq!(server.get("/app.js").status, 200);
    assert_eq!(server.get("/nowhere").status, 404);

    // Each error: a status and a JSON body that says what is wrong.
    let cases: [ErrorCase; 9] = [
        (&[("q", "\"unclosed")], 400, "this quote is never closed"),
        (&[("q", "section:없는섹션")], 400, "no section '없는섹션' in this index"),
        (&[("q", "-드론")], 400, "no searchable words"),
        (&[("q", "x"), ("limit", "101")], 400, "more than the 100 hits"),
        (&[("q", "x"), ("limit", "4294967295")], 400, "more than the 100 hits"),
        (&[("q", "x"), ("offset", "10001")], 400, "deeper than the 10000"),
        (&[("q", "x"), ("limit", "ten")], 400, "limit must be a whole number"),
        (&[("q", "x"), ("sort", "newest")], 400, "sort must be relevance or date"),
        (&[("q", "x"), ("color", "red")], 400, "unknown parameter 'color'"),
    ];
    for (parameters, status, message) in cases {
        let response = server.search(parameters);
        assert_eq!(response.status, status, "{parameters:?}: {}", response.text());
        let body = response.json();
        assert!(
            body["error"].as_str().unwrap().contains(message),
            "{parameters:?}: {body}"
        );
        assert_eq!(body["status"], status);
    }
    let syntax = server.search(&[("q", "인공지능 \"표준화")]).json();
    assert_eq!(syntax["column"], 6);
    let long = "가".repeat(501);
    assert!(server.search(&[("q", &long)]).json()["error"]
        .as_str()
        .unwrap()
        .contains("at most 500"));
    assert_eq!(server.search(&[]).status, 400);
    assert_eq!(server.get("/api/analyze?text=x&analyzer=nori").status, 400);

    std::thread::sleep(Duration::from_millis(100));
    let log = server.log.lock().unwrap().join("\n");
    assert!(
        log.lines()
            .any(|l| l.starts_with("127.0.0.1 \"GET /api/documents/no/such/id\" 404 ") && l.ends_with("ms")),
        "{log}"
    );
}

#[test]
fn markup_in_documents_comes_back_as_text() {
    let dir = tempdir("serve-xss");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("xss.jsonl"), XSS_DOCUMENT).unwrap();
    let index = dir.join("index");
    hanseek_index::build(&corpus, &index, Default::default(), &mut |_| {}).unwrap();
    let server = Server::start(&index);
    let result = server.search(&[("q", "리튬배터리")]).json();
    assert_eq!(result["total"], 1);
    let hit = &result["hits"][0];
    assert_eq!(
        hit["title"],
        "<script>window.pwned=1</script> 리튬배터리 \"><b>굵게</b>"
    );
    let document = server.get("/api/documents/xss").json();
    assert!(document["body"]
        .as_str()
        .unwrap()
        .contains("<img src=x onerror=\"window.pwned=2\">"));
}

#[test]
fn the_server_follows_rebuilds_under_a_search_loop_without_a_failed_request() {
    let dir = tempdir("serve-rebuild");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let write = |word: &str| {
        let line = serde_json::json!({"id": "doc", "title": format!("{word} 동향"), "body": format!("{word} 정책")});
        std::fs::write(corpus.join("docs.jsonl"), line.to_string()).unwrap();
    };
    write("반도체");
    let index = dir.join("index");
    let (c, i) = (corpus.to_str().unwrap(), index.to_str().unwrap());
    let build = || {
        let output = hanseek(&["index", "build", "--corpus", c, "--index", i]);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    build();
    let server = Server::start(&index);
    let address = server.address;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    // Bounded: at most 20,000 requests or 60 s, whichever comes first.
    let searching = std::thread::spawn(move || {
        let (mut ok, mut failed) = (0, Vec::new());
        let started = Instant::now();
        let mut connection = client::Connection::open(address).unwrap();
        while !flag.load(std::sync::atomic::Ordering::Relaxed)
            && ok + failed.len() < 20_000
            && started.elapsed() < Duration::from_secs(60)
        {
            match connection.get(&format!("/api/search?q={}", encode("동향"))) {
                Ok(r) if r.status == 200 && r.json()["total"] == 1 => ok += 1,
                Ok(r) => failed.push(format!("{} {}", r.status, r.text())),
                Err(e) => failed.push(e.to_string()),
            }
        }
        (ok, failed)
    });
    let found = |word: &str| server.search(&[("q", word)]).json()["total"].as_u64().unwrap();
    for word in ["인공지능", "무인기"] {
        std::thread::sleep(Duration::from_millis(200));
        write(word);
        build();
        assert_eq!(found(word), 1, "the new content, from the next request on");
        assert_eq!(found("반도체"), 0, "the old content is gone");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (ok, failed) = searching.join().unwrap();
    assert!(
        failed.is_empty(),
        "{} failed of {}: {:?}",
        failed.len(),
        ok + failed.len(),
        &failed[..failed.len().min(3)]
    );
    assert!(ok > 10, "the loop ran ({ok} requests)");
    assert_eq!(server.get("/health").json()["generation"], "gen-000003");

    // Issue 27: /health said the same after an update, which commits into the same
    // generation; its commit tells them apart.
    let before = server.get("/health").json();
    write("드론");
    let output = hanseek(&["index", "update", "--index", i]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(found("드론"), 1);
    let after = server.get("/health").json();
    assert_eq!(after["generation"], before["generation"]);
    assert!(
        after["commit"].as_u64() > before["commit"].as_u64(),
        "{before} then {after}"
    );
}

/// Issue 27: a method other than GET got an empty 405 and an id that is not UTF-8 a
/// plain-text 400; every error is JSON, as the API promises.
#[test]
fn other_methods_and_undecodable_ids_get_json_errors() {
    use std::io::{Read, Write};
    let server = Server::start(bundled_index());
    let raw = |request: String| {
        let mut stream = std::net::TcpStream::connect(server.address).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    let host = server.address;
    for method in ["POST", "DELETE", "PUT"] {
        let answer = raw(format!(
            "{method} /api/search?q=x HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ));
        assert!(answer.starts_with("HTTP/1.1 405"), "{method}: {answer}");
        let lower = answer.to_ascii_lowercase();
        assert!(
            lower.contains("content-type: application/json") && lower.contains("allow: get, head"),
            "{answer}"
        );
        assert!(
            answer.contains(&format!("\"error\":\"{method} is not served at /api/search")),
            "{answer}"
        );
    }
    let bad = server.get("/api/documents/%FF%FE");
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert!(
        bad.json()["error"].as_str().unwrap().contains("not a document id"),
        "{}",
        bad.text()
    );
}

/// Issue 27: SIGTERM waited forever for a client that had sent half a request. The
/// server finishes what is in flight for the shutdown grace, then stops.
#[test]
fn sigterm_stops_the_server_within_its_grace_despite_a_half_open_client() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_hanseek"))
        .args(["serve", "--listen", "127.0.0.1:0", "--shutdown-grace", "1", "--index"])
        .arg(bundled_index())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let address: SocketAddr = loop {
        let line = lines.next().expect("serve exited before listening").unwrap();
        if let Some(at) = line.split("http://").nth(1) {
            break at
                .trim_end_matches(['/', ' '])
                .split('/')
                .next()
                .unwrap()
                .parse()
                .unwrap();
        }
    };
    let mut half = std::net::TcpStream::connect(address).unwrap();
    half.write_all(b"GET /api/search?q=x HTTP/1.1\r\nHost: ").unwrap();
    assert_eq!(client::get(address, "/health").unwrap().status, 200);
    assert!(Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(15) {
            child.kill().unwrap();
            panic!("serve still running 15 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stopped after {:?}",
        started.elapsed()
    );
    drop(half);
}

/// Issue 27: `/api/documents/ID` sent a 52 MB document whole with every request. A
/// long body is sent in bounded parts that say where they are, and a script pages
/// through them to the whole text; short bodies come whole, as before.
#[test]
fn a_huge_document_is_sent_in_bounded_parts_that_add_up_to_the_whole() {
    let dir = tempdir("serve-huge-document");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let filler = "표준화 인재 양성 액션계획 발표 ".repeat(30_000);
    let text = format!("{filler}폐기 리튬배터리 재활용 방안 제시 {filler}");
    std::fs::write(corpus.join("dump.txt"), &text).unwrap();
    std::fs::write(corpus.join("short.txt"), "짧은 문서\n\n리튬배터리 재활용").unwrap();
    let index = dir.join("index");
    hanseek_index::build(&corpus, &index, Default::default(), &mut |_| {}).unwrap();
    let server = Server::start(&index);
    let whole: String = text.trim().to_string();
    let total = whole.chars().count();

    let first = server.get("/api/documents/dump");
    assert_eq!(first.status, 200);
    assert!(first.body.len() < 1_000_000, "{} bytes", first.body.len());
    let first = first.json();
    assert_eq!(first["body_chars"], total);
    assert_eq!(first["body_from"], 0);
    assert_eq!(first["body"].as_str().unwrap().chars().count(), 200_000);
    let mut joined = String::new();
    let mut from = 0;
    while from < total {
        let part = server
            .get(&format!("/api/documents/dump?body_from={from}&body_chars=150000"))
            .json();
        assert_eq!(part["body_from"], from);
        let body = part["body"].as_str().unwrap();
        joined.push_str(body);
        from += body.chars().count();
    }
    assert!(joined == whole, "the parts do not add up to the body");
    let past = server
        .get(&format!("/api/documents/dump?body_from={}", total + 5))
        .json();
    assert_eq!(
        (past["body"].as_str(), past["body_from"].as_u64()),
        (Some(""), Some(total as u64))
    );
    let too_much = server.get("/api/documents/dump?body_chars=1000001");
    assert_eq!(too_much.status, 400);
    assert!(too_much.json()["error"]
        .as_str()
        .unwrap()
        .contains("page through the body with body_from"));
    assert_eq!(server.get("/api/documents/dump?color=red").status, 400);

    let short = server.get("/api/documents/short").json();
    assert!(short["body"].as_str().unwrap().contains("리튬배터리 재활용"), "{short}");
    assert!(
        short.get("body_chars").is_none() && short.get("body_from").is_none(),
        "{short}"
    );
}

/// The marked strings of a document answered with `?q=`: in its title, subtitle,
/// body, summary and its references' titles.
fn marked(document: &Value) -> std::collections::BTreeSet<String> {
    let cut = |text: &Value, ranges: &Value| -> Vec<String> {
        let chars: Vec<char> = text.as_str().unwrap_or("").chars().collect();
        ranges
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                let [from, to] = [0, 1].map(|i| r[i].as_u64().unwrap() as usize);
                chars[from..to].iter().collect()
            })
            .collect()
    };
    let h = &document["highlights"];
    let mut found: Vec<String> = ["title", "subtitle", "body"]
        .iter()
        .flat_map(|field| cut(&document[field], &h[field]))
        .collect();
    for (i, item) in document["summary"].as_array().unwrap().iter().enumerate() {
        found.extend(cut(item, &h["summary"][i]));
    }
    for reference in document["references"].as_array().unwrap() {
        found.extend(cut(&reference["title"], &reference["highlights"]["title"]));
    }
    found.into_iter().collect()
}

/// Issue 27: the article view did not mark the query. `?q=` marks its words where the
/// view shows them — title, subtitle, body, summary, the references' titles — as
/// written and across scripts (readings, names, traditional characters), with the
/// words a 초성 query or a typo stands for.
#[test]
fn a_document_asked_with_a_query_marks_it_as_written_and_across_scripts() {
    let server = Server::start(bundled_index());
    let cases: [(&str, &str, &[&str]); 22] = [
        ("무인기", "III-01", &["无人机"]),
        ("无人机", "III-01", &["无人机"]),
        ("雙飛翼", "III-01", &["雙飛翼"]),
        ("틸트로터", "III-01", &["틸트로터"]),
        ("창춘", "III-01", &["창춘", "长春", "長春"]),
        ("长春", "III-01", &["창춘", "长春", "長春"]),
        ("長春", "III-01", &["창춘", "长春", "長春"]),
        ("中国科学院", "III-01", &["中国科学院", "중국과학원"]),
        ("중국과학원", "III-02", &["중국과학원"]),
        ("曲建", "I-01", &["曲建", "취젠"]),
        ("취젠", "I-01", &["취젠", "曲建", "曲健"]),
        ("반도체", "I-01", &["반도체"]),
        ("반도채", "I-01", &["반도체"]),
        ("스마트시티", "I-01", &["스마트시티"]),
        ("광둥성", "II-04", &["광둥성", "广东省"]),
        ("广东", "II-04", &["광둥", "广东"]),
        ("인공지능", "II-04", &["인공지능", "人工智能"]),
        ("ㅇㄱㅈㄴ", "II-04", &["인공지능"]),
        ("블록체인", "IV-03", &["블록체인"]),
        ("ㅂㄹㅊㅇ", "II-02", &["블록체인"]),
        ("매타버스", "IV-03", &["메타버스"]),
        ("리튬배터리", "III-02", &["리튬배터리", "리튬 배터리"]),
    ];
    for (query, article, expected) in cases {
        let id = format!("kostec-weekly-2023-12-01/{article}");
        let answer = server.get(&format!("/api/documents/{id}?q={}", encode(query)));
        assert_eq!(answer.status, 200, "{query}: {}", answer.text());
        let found = marked(&answer.json());
        for word in expected {
            assert!(
                found.contains(*word),
                "{query} in {article}: {word} is not marked; marked {found:?}"
            );
        }
        // Nothing unrelated is marked: every mark is one of the spellings expected.
        assert!(
            found.iter().all(|m| expected.contains(&m.as_str())),
            "{query} in {article}: {found:?}"
        );
    }
    // Without q, no highlights; a malformed q is the query's error.
    let plain = server.get("/api/documents/kostec-weekly-2023-12-01/III-01").json();
    assert!(plain.get("highlights").is_none());
    let broken = server.get(&format!(
        "/api/documents/kostec-weekly-2023-12-01/III-01?q={}",
        encode("\"무인기")
    ));
    assert_eq!(broken.status, 400);
    assert!(broken.json()["column"].is_number());
}

/// Issue 27: an alias file broken while serving was ignored without a log line, and
/// every query reread it and reopened the index (throughput 739 → 370 rps). Now the
/// failure is logged once, naming the file and line, the last good aliases keep
/// serving, and the file is read again only when it changes again — fixed, its new
/// aliases serve.
#[test]
fn an_alias_file_broken_while_serving_is_logged_once_and_the_last_good_one_kept() {
    let dir = tempdir("serve-broken-aliases");
    let aliases = dir.join("aliases.txt");
    std::fs::write(&aliases, "비행체 = 无人机\n").unwrap();
    let server = Server::start_with(bundled_index(), &["--aliases", aliases.to_str().unwrap()]);
    let via = |query: &str| -> Vec<String> {
        let result = server.search(&[("q", query)]).json();
        assert!(result["total"].as_u64().is_some(), "{result}");
        result["hits"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|h| h["via"].as_str().map(str::to_string))
            .collect()
    };
    assert!(
        via("비행체").iter().any(|v| v.starts_with("alias")),
        "{:?}",
        via("비행체")
    );
    // Broken: a line without ' = '. (A new length and time: the server sees the change.)
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&aliases, "비행체 = 无人机\n이 줄은 틀렸다\n").unwrap();
    for _ in 0..20 {
        assert!(
            via("비행체").iter().any(|v| v.starts_with("alias")),
            "the last good aliases serve"
        );
    }
    std::thread::sleep(Duration::from_millis(100));
    let warnings: Vec<String> = server
        .log
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.starts_with("warning:"))
        .cloned()
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains(&format!("{}:2:", aliases.display())),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("still serving gen-000001"), "{warnings:?}");
    // Fixed: the new aliases serve, and nothing more is said.
    std::fs::write(&aliases, "날틀 = 无人机\n").unwrap();
    assert!(via("날틀").iter().any(|v| v.starts_with("alias")));
    assert!(via("비행체").iter().all(|v| !v.starts_with("alias")));
    std::thread::sleep(Duration::from_millis(100));
    let log = server.log.lock().unwrap();
    assert_eq!(log.iter().filter(|l| l.starts_with("warning:")).count(), 1);
}
