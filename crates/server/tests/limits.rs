//! The server's own limits over a real loopback socket: a request past the timeout
//! gets 408 (a blocking search too), one past the concurrency limit 429 (never
//! `/health`), a too long URL 414, a request naming a host the server does not know
//! 421 — each a JSON error that says the limit. And `openapi.json` describes exactly
//! what is served.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use hanseek_search::SearchConfig;
use hanseek_server::client;
use hanseek_server::{api, AppState, ConnectionLimits, RequestLimits, ServerLimits};

/// A server with tight limits and a route that takes 5 s, on its own runtime.
fn start() -> SocketAddr {
    // Never created: the server starts before any index exists.
    let index = std::env::temp_dir().join(format!("hanseek-server-limits-{}-none", std::process::id()));
    let limits = ServerLimits {
        requests: RequestLimits {
            max_concurrent: 1,
            timeout: Duration::from_secs(1),
            max_url_bytes: 100,
            ..RequestLimits::default()
        },
        connections: ConnectionLimits::default(),
    };
    let state = Arc::new(
        AppState::new(SearchConfig::new(index), limits)
            .unwrap()
            .allow_hosts(["search.office".to_string()]),
    );
    let routes = api::routes()
        .merge(Router::new().route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "done"
            }),
        ))
        // Library work, as a search runs it: CPU on a thread, no await inside.
        .merge(Router::new().route(
            "/blocking",
            get(|| async {
                api::blocking(|| {
                    std::thread::sleep(Duration::from_secs(4));
                    Ok("done")
                })
                .await
            }),
        ));
    support::serve_in_background(routes, state, limits.connections)
}

#[test]
fn timeouts_concurrency_and_url_length_are_refused_with_json_errors() {
    let address = start();
    // While one request runs (the limit is one at a time), another is refused.
    let slow = std::thread::spawn(move || client::get(address, "/slow").unwrap());
    std::thread::sleep(Duration::from_millis(300));
    let busy = client::get(address, "/api/stats").unwrap();
    assert_eq!(busy.status, 429, "{}", busy.text());
    assert!(busy.json()["error"]
        .as_str()
        .unwrap()
        .contains("1 requests are already being served"));
    // Issue 27: a liveness check is never refused for a busy server (503 here: no index).
    let health = client::get(address, "/health").unwrap();
    assert_eq!(health.status, 503, "{}", health.text());
    let timed_out = slow.join().unwrap();
    assert_eq!(timed_out.status, 408, "{}", timed_out.text());
    assert!(timed_out.json()["error"].as_str().unwrap().contains("longer than 1 s"));
    assert_eq!(timed_out.json()["status"], 408);

    let long = format!("/api/search?q={}", "a".repeat(200));
    let too_long = client::get(address, &long).unwrap();
    assert_eq!(too_long.status, 414);
    assert!(too_long.json()["error"].as_str().unwrap().contains("at most 100"));
    // With no index yet: 503, saying how to build one.
    let missing = client::get(address, "/api/search?q=x").unwrap();
    assert_eq!(missing.status, 503);
    assert!(missing.json()["error"]
        .as_str()
        .unwrap()
        .contains("hanseek index build"));
    assert_eq!(client::get(address, "/health").unwrap().status, 503);
}

/// Issue 27: the documented 10 s request timeout never fired for a search, which ran
/// under `block_in_place` and held the timeout's future: a heavy search answered 200
/// late. Library work past the deadline now gets 408 at the deadline, and frees its
/// slot for the next request.
#[test]
fn blocking_work_past_the_deadline_gets_408_and_frees_its_slot() {
    let address = start();
    let started = std::time::Instant::now();
    let late = client::get(address, "/blocking").unwrap();
    assert_eq!(late.status, 408, "{}", late.text());
    assert!(
        started.elapsed() < Duration::from_millis(3500),
        "answered after {:?}",
        started.elapsed()
    );
    let next = client::get(address, "/api/stats").unwrap();
    assert_ne!(next.status, 429, "{}", next.text());
}

/// Issue 27: a page on another site could read the API through DNS rebinding — its
/// requests name the site's host. Requests naming a host the server does not know are
/// refused (421); IP addresses, loopback names and `--allow-host` names are answered.
#[test]
fn requests_naming_an_unknown_host_are_refused() {
    use std::io::{Read, Write};
    let address = start();
    let ask = |host: &str| {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        write!(
            stream,
            "GET /health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    for host in [
        "evil.example",
        "evil.example:8417",
        "127.0.0.1.evil.example",
        "localhost.evil.example:80",
    ] {
        let answer = ask(host);
        assert!(answer.starts_with("HTTP/1.1 421"), "{host}: {answer}");
        assert!(
            answer.contains("does not answer for the host") && answer.contains("--allow-host"),
            "{host}: {answer}"
        );
    }
    let port = address.port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "[::1]:8417".into(),
        "search.office".into(),
        format!("Search.Office:{port}"),
    ] {
        let answer = ask(&host);
        assert!(answer.starts_with("HTTP/1.1 503"), "{host}: {answer}");
    }
}

#[test]
fn openapi_describes_exactly_the_served_paths_and_parameters() {
    let description: serde_json::Value = serde_json::from_str(api::OPENAPI).unwrap();
    let paths = description["paths"].as_object().unwrap();
    let mut documented: Vec<&str> = paths.keys().map(String::as_str).collect();
    let mut served = api::PATHS.to_vec();
    documented.sort();
    served.sort();
    assert_eq!(documented, served);
    let parameters = |path: &str| -> Vec<String> {
        paths[path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(parameters("/api/search"), api::SEARCH_PARAMETERS);
    assert_eq!(parameters("/api/analyze"), api::ANALYZE_PARAMETERS);
    assert_eq!(parameters("/api/suggest"), api::SUGGEST_PARAMETERS);
    assert_eq!(parameters("/api/documents/{id}/related"), api::RELATED_PARAMETERS);
    assert_eq!(parameters("/api/documents/{id}"), api::DOCUMENT_PARAMETERS);
    let document = &paths["/api/documents/{id}"]["get"]["parameters"];
    assert_eq!(document[2]["schema"]["maximum"], api::MOST_BODY_CHARS);
    assert_eq!(document[2]["schema"]["default"], api::DEFAULT_BODY_CHARS);
    let related = &paths["/api/documents/{id}/related"]["get"]["parameters"];
    assert_eq!(related[1]["schema"]["maximum"], hanseek_search::related::CANDIDATES);
    let suggest = &paths["/api/suggest"]["get"]["parameters"];
    assert_eq!(
        suggest[1]["schema"]["maximum"],
        hanseek_search::suggest::MOST_SUGGESTIONS
    );
    // The documented limits are the ones enforced.
    let search = &paths["/api/search"]["get"]["parameters"];
    let limits = hanseek_server::search_limits();
    assert_eq!(search[1]["schema"]["maximum"], limits.max_limit);
    assert_eq!(search[2]["schema"]["maximum"], limits.max_offset);
    assert_eq!(search[0]["schema"]["maxLength"], limits.max_query_chars);
}
