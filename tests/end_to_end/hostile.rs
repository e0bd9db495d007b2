//! Issue 27, `hanseek serve` against a hostile client over loopback, as the binary
//! runs: a flood of half-open connections under a lowered descriptor limit while a
//! normal client (another loopback address) is answered, and `/health` with it.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use hanseek_server::client;

use crate::serve::{bundled_index, Server};

fn connect_from(source: &str, address: SocketAddr) -> std::io::Result<TcpStream> {
    client::connect_from(address, source.parse().unwrap())
}

fn ask(stream: &mut TcpStream, target: &str) -> String {
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

/// With the common 1,024-descriptor limit, ~1,100 half-open connections made every
/// other client time out. Here the limit is 256 and one client opens 400: the server
/// fits its connection cap to the limit and holds a client to its share, so another
/// client is answered at once, and so is /health.
#[test]
fn a_half_open_flood_under_a_low_descriptor_limit_leaves_other_clients_answered() {
    let mut prlimit = Command::new("prlimit");
    prlimit.args(["--nofile=256:256", env!("CARGO_BIN_EXE_hanseek")]);
    let server = Server::spawn(prlimit, bundled_index(), &[]);
    let mut flood = Vec::new();
    for _ in 0..400 {
        match connect_from("127.0.0.1", server.address) {
            Ok(mut stream) => {
                // Half a request head, never finished.
                let _ = stream.write_all(b"GET /api/search?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\n");
                flood.push(stream);
            }
            Err(_) => break,
        }
    }
    std::thread::sleep(Duration::from_millis(300));
    for round in 0..5 {
        let started = Instant::now();
        let mut stream = connect_from("127.0.0.2", server.address).expect("another client connects");
        let answer = ask(&mut stream, "/api/search?q=%EB%AC%B4%EC%9D%B8%EA%B8%B0");
        assert!(answer.starts_with("HTTP/1.1 200"), "round {round}: {:.200}", answer);
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "round {round}: {:?}",
            started.elapsed()
        );
        let mut stream = connect_from("127.0.0.3", server.address).expect("a monitor connects");
        let health = ask(&mut stream, "/health");
        assert!(health.starts_with("HTTP/1.1 200"), "round {round}: {health:.200}");
    }
    drop(flood);
}
