//! A bounded load generator for `hanseek serve` on loopback: N clients, each on one
//! kept-alive connection, send the queries of a `CLASS<TAB>QUERY` file round-robin
//! until a fixed number of requests is done (or a time limit passes), then print QPS,
//! latency percentiles, errors, and what HTTP added to each search: the client's
//! latency minus the `took_ms` the library measured inside the same request.
//!
//! cargo run --release -p hanseek-server --example load -- \
//!     --address 127.0.0.1:8417 --queries benches/queries/scale.tsv --clients 4 --requests 4000

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use hanseek_server::client::{encode, Connection};

struct Args {
    address: SocketAddr,
    queries: Vec<String>,
    clients: usize,
    requests: usize,
    max_seconds: u64,
    pid: Option<u32>,
    /// The local address the clients connect from (`127.0.0.2`: another client than
    /// a load generator on `127.0.0.1`, as the server counts clients).
    source: Option<std::net::IpAddr>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let (mut address, mut queries, mut clients, mut requests, mut max_seconds, mut pid, mut source) =
        (None, None, 1, 1000, 120, None, None);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--address" => address = Some(value()?.parse().map_err(|e| format!("--address: {e}"))?),
            "--queries" => queries = Some(value()?),
            "--clients" => clients = value()?.parse().map_err(|e| format!("--clients: {e}"))?,
            "--requests" => requests = value()?.parse().map_err(|e| format!("--requests: {e}"))?,
            "--max-seconds" => max_seconds = value()?.parse().map_err(|e| format!("--max-seconds: {e}"))?,
            "--pid" => pid = Some(value()?.parse().map_err(|e| format!("--pid: {e}"))?),
            "--source" => source = Some(value()?.parse().map_err(|e| format!("--source: {e}"))?),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    let address: SocketAddr = address.ok_or("--address is required")?;
    if !address.ip().is_loopback() {
        return Err(format!(
            "{address} is not a loopback address: this tool loads only this machine"
        ));
    }
    let file = queries.ok_or("--queries is required")?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?;
    let queries: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t').map(|(_, q)| q.to_string()))
        .collect();
    if queries.is_empty() || clients == 0 {
        return Err("need queries and at least one client".into());
    }
    Ok(Args {
        address,
        queries,
        clients,
        requests,
        max_seconds,
        pid,
        source,
    })
}

/// Per request: latency and the library's own time, in ms; or an error.
type Sample = Result<(f64, f64), String>;

/// `took_ms` from a search result without parsing the whole body (parsing it would
/// spend the machine's cores that the server is being measured on).
fn took_ms(body: &[u8]) -> f64 {
    let text = String::from_utf8_lossy(&body[..body.len().min(200)]);
    text.split("\"took_ms\":")
        .nth(1)
        .and_then(|rest| rest.split([',', '}']).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let args = parse_args().unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2);
    });
    let targets: Vec<String> = args
        .queries
        .iter()
        .map(|q| format!("/api/search?q={}", encode(q)))
        .collect();
    let deadline = Instant::now() + Duration::from_secs(args.max_seconds);
    let per_client = args.requests.div_ceil(args.clients);
    let started = Instant::now();
    let samples: Vec<Sample> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..args.clients)
            .map(|client| {
                let targets = &targets;
                scope.spawn(move || {
                    let mut connection = Connection::open_from(args.address, args.source).expect("connect");
                    let mut samples = Vec::with_capacity(per_client);
                    for i in 0..per_client {
                        if Instant::now() > deadline {
                            break;
                        }
                        let target = &targets[(client + i * args.clients) % targets.len()];
                        let sent = Instant::now();
                        let sample = match connection.get(target) {
                            Ok(response) if response.status == 200 => {
                                let latency = sent.elapsed().as_secs_f64() * 1000.0;
                                let took = took_ms(&response.body);
                                Ok((latency, took))
                            }
                            Ok(response) => Err(format!("{} {}", response.status, response.text())),
                            Err(e) => {
                                connection = Connection::open_from(args.address, args.source).expect("reconnect");
                                Err(e.to_string())
                            }
                        };
                        samples.push(sample);
                    }
                    samples
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    let seconds = started.elapsed().as_secs_f64();
    let mut latencies: Vec<f64> = samples.iter().filter_map(|s| s.as_ref().ok().map(|s| s.0)).collect();
    let mut added: Vec<f64> = samples
        .iter()
        .filter_map(|s| s.as_ref().ok().map(|(latency, took)| latency - took))
        .collect();
    let errors: Vec<&String> = samples.iter().filter_map(|s| s.as_ref().err()).collect();
    latencies.sort_by(f64::total_cmp);
    added.sort_by(f64::total_cmp);
    let rss = args.pid.and_then(|pid| {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse::<u64>().ok()
    });
    let json = serde_json::json!({
        "clients": args.clients,
        "requests": samples.len(),
        "errors": errors.len(),
        "seconds": seconds,
        "qps": samples.len() as f64 / seconds,
        "p50_ms": percentile(&latencies, 0.50),
        "p95_ms": percentile(&latencies, 0.95),
        "p99_ms": percentile(&latencies, 0.99),
        "max_ms": latencies.last().copied().unwrap_or(f64::NAN),
        "http_added_p50_ms": percentile(&added, 0.50),
        "http_added_p99_ms": percentile(&added, 0.99),
        "server_peak_rss_mb": rss.map(|kb| kb as f64 / 1024.0),
    });
    println!("{json}");
    if let Some(first) = errors.first() {
        eprintln!("first error: {first}");
        std::process::exit(1);
    }
}
