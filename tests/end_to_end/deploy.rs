//! Issue 27, serving a team: access control from an access file, refusing a
//! non-loopback address without it, and (further down) what a reverse proxy, a
//! browser and a monitoring system get.

use std::time::Duration;

use hanseek_server::client;

use crate::serve::{bundled_index, Server};
use crate::*;

fn basic(name: &str, secret: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{name}:{secret}"))
    )
}

/// No access control: anyone who reached the server read the index. With an access
/// file, only the people it names do — the page through the browser's own prompt,
/// scripts with a bearer secret — and `/health` stays open for liveness checks.
#[test]
fn only_the_people_the_access_file_names_may_search() {
    let dir = tempdir("deploy-access");
    let file = dir.join("access");
    std::fs::write(
        &file,
        "# team\n김분석:수요일마다-보고서-읽기\nscript:0123456789abcdef\n",
    )
    .unwrap();
    let server = Server::start_with(bundled_index(), &["--auth-file", file.to_str().unwrap()]);
    let target = "/api/search?q=%EB%AC%B4%EC%9D%B8%EA%B8%B0";
    for path in [
        target,
        "/",
        "/app.js",
        "/api/stats",
        "/api/documents/kostec-weekly-2023-12-01/III-01",
    ] {
        let refused = server.get(path);
        assert_eq!(refused.status, 401, "{path}: {}", refused.text());
        assert_eq!(
            refused.header("www-authenticate"),
            Some("Basic realm=\"hanseek\", charset=\"UTF-8\"")
        );
        assert!(refused.json()["error"].as_str().unwrap().contains("name and secret"));
    }
    assert_eq!(server.get("/health").status, 200);
    let signed_in = basic("김분석", "수요일마다-보고서-읽기");
    let answer = client::get_with(server.address, target, &[("Authorization", &signed_in)]).unwrap();
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert!(answer.json()["total"].as_u64().unwrap() > 0);
    let script = client::get_with(server.address, target, &[("Authorization", "Bearer 0123456789abcdef")]).unwrap();
    assert_eq!(script.status, 200);
    for wrong in [
        basic("김분석", "0123456789abcdef"),
        basic("script", "수요일마다-보고서-읽기"),
        "Bearer 0123456789abcdeg".to_string(),
    ] {
        let refused = client::get_with(server.address, target, &[("Authorization", &wrong)]).unwrap();
        assert_eq!(refused.status, 401, "{wrong}");
        assert!(refused.json()["error"]
            .as_str()
            .unwrap()
            .contains("not in the server's access file"));
    }
    std::thread::sleep(Duration::from_millis(100));
    let log = server.log.lock().unwrap().join("\n");
    assert!(
        log.lines().any(|l| l.contains("\" 200 ") && l.ends_with(" 김분석")),
        "{log}"
    );
    assert!(log.lines().any(|l| l.ends_with(" script")), "{log}");
}

#[test]
fn a_bad_access_file_or_an_open_address_is_refused_at_start() {
    let dir = tempdir("deploy-access-refused");
    let index = bundled_index().to_str().unwrap();
    let file = dir.join("access");
    std::fs::write(&file, "김분석:수요일마다-보고서-읽기\nscript:short\n").unwrap();
    let output = hanseek(&[
        "serve",
        "--index",
        index,
        "--listen",
        "127.0.0.1:0",
        "--auth-file",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains(&format!(
            "'{}' line 2: the secret of 'script' is shorter than 12",
            file.display()
        )),
        "{error}"
    );
    let missing = hanseek(&[
        "serve",
        "--index",
        index,
        "--auth-file",
        dir.join("none").to_str().unwrap(),
    ]);
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("cannot read"),
        "{missing:?}"
    );
    // Refused before it binds anything: no test server listens beyond loopback.
    for listen in ["0.0.0.0:0", "192.0.2.1:8417", "[::]:0"] {
        let output = hanseek(&["serve", "--index", index, "--listen", listen]);
        assert_eq!(output.status.code(), Some(2), "{listen}");
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(
            error.contains("is not a loopback address") && error.contains("--auth-file") && error.contains("--public"),
            "{error}"
        );
    }
    assert!(hanseek_server::check_exposure("0.0.0.0:80".parse().unwrap(), false, true).is_ok());
    assert!(hanseek_server::check_exposure("0.0.0.0:80".parse().unwrap(), true, false).is_ok());
    assert!(hanseek_server::check_exposure("[::1]:80".parse().unwrap(), false, false).is_ok());
}

/// No compression (100 hits: 84 KB, 19 KB gzipped) and no ETag: every answer came in
/// full every time. Now answers are gzip or brotli as the client accepts, tagged, and a
/// client asking again with the tag gets 304 and no body until the answer changes.
#[test]
fn answers_are_compressed_as_accepted_and_tagged_for_revalidation() {
    use std::io::Read as _;
    let server = Server::start(bundled_index());
    let target = "/api/search?q=%EC%A4%91%EA%B5%AD&limit=100";
    let plain = server.get(target);
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("content-encoding"), None);
    let gzip = client::get_with(server.address, target, &[("Accept-Encoding", "gzip")]).unwrap();
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&gzip.body[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    let without_timing = |bytes: &[u8]| {
        let mut json: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        json["took_ms"] = 0.into();
        json
    };
    assert_eq!(without_timing(&unzipped), without_timing(&plain.body));
    assert!(
        gzip.body.len() * 3 < plain.body.len(),
        "{} of {}",
        gzip.body.len(),
        plain.body.len()
    );
    let brotli = client::get_with(server.address, target, &[("Accept-Encoding", "br, gzip")]).unwrap();
    assert_eq!(brotli.header("content-encoding"), Some("br"));
    assert!(brotli.body.len() < gzip.body.len() * 2);

    // Tags: the same answer, the same tag; another answer, another tag.
    for path in [
        "/",
        "/app.js",
        "/api/stats",
        "/api/documents/kostec-weekly-2023-12-01/III-01",
    ] {
        let first = server.get(path);
        let tag = first
            .header("etag")
            .unwrap_or_else(|| panic!("{path}: no ETag"))
            .to_string();
        assert!(tag.starts_with("W/\""), "{tag}");
        assert_eq!(first.header("cache-control"), Some("no-cache"), "{path}");
        let again = client::get_with(server.address, path, &[("If-None-Match", &tag)]).unwrap();
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), Some(tag.as_str()));
        let stale = client::get_with(server.address, path, &[("If-None-Match", "W/\"0000000000000000\"")]).unwrap();
        assert_eq!(stale.status, 200, "{path}");
    }
    let tag = |path: &str| server.get(path).header("etag").unwrap().to_string();
    assert_ne!(
        tag("/api/documents/kostec-weekly-2023-12-01/III-01"),
        tag("/api/documents/kostec-weekly-2023-12-01/III-02")
    );
    // Errors are not tagged.
    assert_eq!(server.get("/api/search?q=%22").header("etag"), None);
}

/// `/api/stats` showed absolute server paths to every client; now the folder names,
/// unless the operator asks (`--show-paths`).
#[test]
fn stats_name_folders_not_server_paths_unless_asked() {
    let index = bundled_index();
    let hidden = Server::start(index).get("/api/stats").json();
    assert_eq!(hidden["index"], "index");
    assert_eq!(hidden["corpus"], "corpus");
    let text = hidden.to_string();
    assert!(!text.contains(&*std::env::temp_dir().to_string_lossy()), "{text}");
    assert!(!text.contains(env!("CARGO_MANIFEST_DIR")), "{text}");
    let shown = Server::start_with(index, &["--show-paths"]).get("/api/stats").json();
    assert_eq!(shown["index"], index.canonicalize().unwrap().to_str().unwrap());
}

/// No metrics: now `/metrics` counts requests by route and status (refused ones too),
/// times them, and describes the index served.
#[test]
fn metrics_count_requests_and_describe_the_index_served() {
    let server = Server::start(bundled_index());
    for _ in 0..3 {
        assert_eq!(server.search(&[("q", "무인기")]).status, 200);
    }
    assert_eq!(server.search(&[("q", "\"")]).status, 400);
    assert_eq!(server.get("/no/such/page").status, 404);
    assert_eq!(server.get("/no/other/page").status, 404);
    let metrics = server.get("/metrics");
    assert_eq!(metrics.status, 200);
    assert!(metrics
        .header("content-type")
        .unwrap()
        .starts_with("application/openmetrics-text"));
    let text = metrics.text();
    for line in [
        "hanseek_http_requests_total{route=\"/api/search\",status=\"200\"} 3",
        "hanseek_http_requests_total{route=\"/api/search\",status=\"400\"} 1",
        "hanseek_http_requests_total{route=\"other\",status=\"404\"} 2",
        "hanseek_http_request_duration_seconds_count{route=\"/api/search\"} 4",
        "hanseek_index_generation{generation=\"gen-000001\"} 1",
        "# EOF",
    ] {
        assert!(text.lines().any(|l| l == line), "no line {line} in\n{text}");
    }
    let value = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no {name} in\n{text}"))
            .parse()
            .unwrap()
    };
    let stats = server.get("/api/stats").json();
    assert_eq!(value("hanseek_index_documents"), stats["documents"].as_f64().unwrap());
    assert_eq!(value("hanseek_index_articles"), stats["articles"].as_f64().unwrap());
    assert!(value("hanseek_index_build_seconds") > 0.0);
    assert_eq!(
        value("hanseek_index_updated_timestamp_seconds"),
        stats["updated_at"].as_f64().unwrap()
    );
    assert!(
        text.contains("hanseek_http_request_duration_seconds_bucket{le=\"0.0005\",route=\"/api/search\"}")
            || text.contains("hanseek_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"0.0005\"}"),
        "{text}"
    );
}

/// A CORS preflight got 405. CORS is now the operator's choice: off by default (the
/// preflight is still refused, and no answer lets another origin's page read it), and
/// with `--cors-origin`, exactly those origins.
#[test]
fn other_origins_read_the_api_only_when_the_operator_names_them() {
    let preflight = [
        ("Origin", "https://wiki.office"),
        ("Access-Control-Request-Method", "GET"),
        ("Access-Control-Request-Headers", "authorization"),
    ];
    let target = "/api/search?q=%EB%AC%B4%EC%9D%B8%EA%B8%B0";
    let closed = Server::start(bundled_index());
    let mut connection = client::Connection::open(closed.address).unwrap();
    let refused = connection.send("OPTIONS", target, &preflight).unwrap();
    assert_eq!(refused.status, 405);
    assert_eq!(refused.header("access-control-allow-origin"), None);
    let read = client::get_with(closed.address, target, &[("Origin", "https://wiki.office")]).unwrap();
    assert_eq!(read.header("access-control-allow-origin"), None);

    let open = Server::start_with(bundled_index(), &["--cors-origin", "https://wiki.office"]);
    let mut connection = client::Connection::open(open.address).unwrap();
    let allowed = connection.send("OPTIONS", target, &preflight).unwrap();
    assert_eq!(allowed.status, 200, "{}", allowed.text());
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("https://wiki.office")
    );
    assert!(allowed.header("access-control-allow-methods").unwrap().contains("GET"));
    let read = client::get_with(open.address, target, &[("Origin", "https://wiki.office")]).unwrap();
    assert_eq!(read.status, 200);
    assert_eq!(read.header("access-control-allow-origin"), Some("https://wiki.office"));
    let other = client::get_with(open.address, target, &[("Origin", "https://evil.example")]).unwrap();
    assert_eq!(other.header("access-control-allow-origin"), None);
    for bad in ["wiki.office", "https://wiki.office/path", "*", "ftp://wiki.office"] {
        let output = hanseek(&["serve", "--cors-origin", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("is not an origin"),
            "{bad}"
        );
    }
}
