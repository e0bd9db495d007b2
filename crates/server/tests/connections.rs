//! Issue 27, tried as a hostile client over a real loopback socket: half-open and idle
//! connections are dropped after the header-read timeout, connections past the cap
//! wait instead of starving the descriptors, one client cannot take every request
//! slot, and too many or too large headers get a JSON 431.

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;
use hanseek_search::SearchConfig;
use hanseek_server::{api, AppState, ConnectionLimits, RequestLimits, ServerLimits};

/// A server with these limits and a `/slow` route that takes 3 s, on its own runtime.
fn start(limits: ServerLimits) -> SocketAddr {
    start_behind(limits, false)
}

fn start_behind(mut limits: ServerLimits, behind_proxy: bool) -> SocketAddr {
    limits.connections.behind_proxy = behind_proxy;
    let index = std::env::temp_dir().join(format!("hanseek-server-connections-{}-none", std::process::id()));
    let state = Arc::new(AppState::new(SearchConfig::new(index), limits).unwrap());
    let routes = api::routes().merge(Router::new().route(
        "/slow",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(3)).await;
            "done"
        }),
    ));
    support::serve_in_background(routes, state, limits.connections)
}

fn limits(connections: ConnectionLimits, requests: RequestLimits) -> ServerLimits {
    ServerLimits { requests, connections }
}

/// Sends `request` on `stream` and reads the answer until the server closes or 5 s pass.
fn exchange(mut stream: TcpStream, request: &str) -> String {
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            // hyper may say 408 before it closes.
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

/// Slow clients sending half a header were still connected after 70 s; now the
/// connection is closed after the header-read timeout — and so is a kept-alive one
/// that sends nothing more.
#[test]
fn half_sent_and_idle_connections_are_closed_after_the_header_timeout() {
    let address = start(limits(
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(1),
            ..ConnectionLimits::default()
        },
        RequestLimits::default(),
    ));
    let started = Instant::now();
    let mut half = TcpStream::connect(address).unwrap();
    half.write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .unwrap();
    let mut silent = TcpStream::connect(address).unwrap();
    assert!(
        closed_within(&mut half, Duration::from_secs(4)),
        "a half-sent head kept its connection"
    );
    assert!(
        closed_within(&mut silent, Duration::from_secs(4)),
        "a silent connection was kept"
    );
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());

    // A kept-alive connection: answered, then closed once idle past the timeout.
    let mut kept = TcpStream::connect(address).unwrap();
    kept.write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut first = [0u8; 12];
    kept.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 503");
    assert!(
        closed_within(&mut kept, Duration::from_secs(4)),
        "an idle kept-alive connection was kept"
    );
}

/// ~1,100 half-open connections made every other client time out (the descriptors ran
/// out). Past the cap the server stops accepting: the next client waits in the
/// kernel's queue and is answered as soon as a connection ends.
#[test]
fn connections_past_the_cap_wait_for_a_free_one() {
    let address = start(limits(
        ConnectionLimits {
            max_connections: 4,
            header_read_timeout: Duration::from_secs(30),
            ..ConnectionLimits::default()
        },
        RequestLimits::default(),
    ));
    let mut holders: Vec<TcpStream> = (0..4).map(|_| TcpStream::connect(address).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut waiting = TcpStream::connect(address).unwrap();
    waiting
        .write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    waiting.set_read_timeout(Some(Duration::from_millis(700))).unwrap();
    let mut buffer = [0u8; 64];
    assert!(
        waiting.read(&mut buffer).is_err(),
        "answered past the cap of 4 connections"
    );
    holders.pop();
    waiting.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    let read = waiting.read(&mut buffer).expect("answered once a connection ended");
    assert!(
        buffer[..read].starts_with(b"HTTP/1.1 503"),
        "{}",
        String::from_utf8_lossy(&buffer[..read])
    );
}

/// A connection from another loopback address: another client.
fn connect_from(source: &str, address: SocketAddr) -> TcpStream {
    hanseek_server::client::connect_from(address, source.parse().unwrap()).unwrap()
}

/// One client with many connections of heavy queries took every slot: a normal client
/// got 27% 429s. Now a client holds at most its share; the others are still served.
#[test]
fn one_client_cannot_take_every_request_slot() {
    let address = start(limits(
        ConnectionLimits::default(),
        RequestLimits {
            max_concurrent: 4,
            max_per_client: 2,
            ..RequestLimits::default()
        },
    ));
    let slow: Vec<_> = (0..2)
        .map(|_| {
            std::thread::spawn(move || {
                exchange(
                    TcpStream::connect(address).unwrap(),
                    "GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                )
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let request = "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let greedy = exchange(TcpStream::connect(address).unwrap(), request);
    assert!(greedy.starts_with("HTTP/1.1 429"), "{greedy}");
    assert!(greedy.contains("this client already has 2 requests"), "{greedy}");
    assert!(greedy.to_ascii_lowercase().contains("retry-after: 1"), "{greedy}");
    // Another client is served (503: no index here), and so is /health for anyone.
    let other = exchange(connect_from("127.0.0.2", address), request);
    assert!(other.starts_with("HTTP/1.1 503"), "{other}");
    let health = exchange(
        TcpStream::connect(address).unwrap(),
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert!(health.starts_with("HTTP/1.1 503"), "{health}");
    for answer in slow {
        assert!(answer.join().unwrap().starts_with("HTTP/1.1 200"));
    }
}

/// Behind nginx every request comes from 127.0.0.1: the team would share one client's
/// slots. With `--behind-proxy` the client is the address the proxy forwarded — and
/// without it, a forwarded address is not believed.
#[test]
fn behind_a_proxy_each_forwarded_client_has_its_own_share() {
    let requests = RequestLimits {
        max_concurrent: 8,
        max_per_client: 2,
        ..RequestLimits::default()
    };
    let ask = |address: SocketAddr, path: &str, forwarded: &str| {
        exchange(
            TcpStream::connect(address).unwrap(),
            &format!(
                "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: {forwarded}\r\nConnection: close\r\n\r\n"
            ),
        )
    };
    for behind_proxy in [true, false] {
        let address = start_behind(limits(ConnectionLimits::default(), requests), behind_proxy);
        let slow: Vec<_> = (0..2)
            .map(|_| std::thread::spawn(move || ask(address, "/slow", "192.0.2.7, 10.0.0.1")))
            .collect();
        std::thread::sleep(Duration::from_millis(500));
        let same = ask(address, "/api/stats", "10.0.0.1");
        let other = ask(address, "/api/stats", "10.0.0.1, 10.0.0.2");
        if behind_proxy {
            assert!(same.starts_with("HTTP/1.1 429"), "{same}");
            assert!(other.starts_with("HTTP/1.1 503"), "{other}");
        } else {
            assert!(same.starts_with("HTTP/1.1 429"), "{same}");
            assert!(
                other.starts_with("HTTP/1.1 429"),
                "a forwarded address was believed: {other}"
            );
        }
        for answer in slow {
            assert!(answer.join().unwrap().starts_with("HTTP/1.1 200"));
        }
    }
}

/// 431 was hyper's, with an empty body. Heads up to the read buffer are the server's
/// to refuse, as JSON that says the limit.
#[test]
fn too_many_or_too_large_headers_get_a_json_431() {
    let address = start(limits(ConnectionLimits::default(), RequestLimits::default()));
    let many: String = (0..150).map(|i| format!("X-Header-{i}: {i}\r\n")).collect();
    let large = format!("X-Large: {}\r\n", "a".repeat(40 * 1024));
    for headers in [many, large] {
        let answer = exchange(
            TcpStream::connect(address).unwrap(),
            &format!("GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n"),
        );
        assert!(
            answer.starts_with("HTTP/1.1 431"),
            "{}",
            &answer[..answer.len().min(300)]
        );
        let body = answer.split("\r\n\r\n").nth(1).unwrap();
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["status"], 431);
        assert!(json["error"]
            .as_str()
            .unwrap()
            .contains("at most 100 headers of 32768 bytes"));
    }
}

/// hyper answers heads it cannot parse itself — a target over 64 KiB (414), a head over
/// its read buffer (431), a malformed request (400) — and did with an empty body. They
/// are JSON errors like every other refusal now.
#[test]
fn heads_hyper_cannot_parse_get_json_errors_too() {
    let address = start(limits(ConnectionLimits::default(), RequestLimits::default()));
    let huge_target = format!(
        "GET /api/search?q={} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "a".repeat(70 * 1024)
    );
    let huge_head = format!(
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Large: {}\r\n\r\n",
        "a".repeat(1024 * 1024)
    );
    for (request, status, words) in [
        (huge_target.as_str(), 414, "over 64 KiB"),
        (huge_head.as_str(), 431, "larger than the server reads"),
        ("GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n", 400, "not valid HTTP/1.1"),
        (
            "GET /\u{1}x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            400,
            "not valid HTTP/1.1",
        ),
    ] {
        let answer = exchange(TcpStream::connect(address).unwrap(), request);
        assert!(answer.starts_with(&format!("HTTP/1.1 {status} ")), "{:.300}", answer);
        let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
        let json: serde_json::Value =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{status}: not JSON ({e}): {answer:.300}"));
        assert_eq!(json["status"], status);
        assert!(json["error"].as_str().unwrap().contains(words), "{json}");
    }
    // The server's own refusals and answers pass untouched.
    let own = exchange(
        TcpStream::connect(address).unwrap(),
        &format!(
            "GET /api/search?q={} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            "a".repeat(9000)
        ),
    );
    assert!(
        own.starts_with("HTTP/1.1 414") && own.contains("at most 8192 are served"),
        "{own:.300}"
    );
}
