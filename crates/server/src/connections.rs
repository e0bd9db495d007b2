//! Connections: hyper's HTTP/1 server, with the settings `axum::serve` does not expose.
//!
//! - a header-read timeout (hyper's own, on tokio's timer): a client that sends half a
//!   request head — or keeps an idle kept-alive connection — is dropped after it, so
//!   slow clients cannot hold descriptors forever;
//! - a connection cap: past it the server stops accepting until a connection ends
//!   (the kernel queues the rest), so ~1,100 half-open connections no longer exhaust
//!   the common 1,024-descriptor limit and starve everyone;
//! - graceful shutdown (hyper-util's): on Ctrl-C or SIGTERM the listener closes,
//!   requests in flight finish, and connections still open after the grace are
//!   dropped.

use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

use crate::automatic::JsonRefusals;
use crate::limits::PerClient;

/// What the server allows a connection.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Connections open at once; further clients wait in the kernel's queue. Lowered
    /// at start to what the process's descriptor limit allows ([`fit_descriptors`]).
    pub max_connections: usize,
    /// Connections one client address may hold; its next ones are closed at once, so a
    /// client flooding half-open connections cannot fill the cap for everyone. Not
    /// counted for loopback peers with `behind_proxy`: a local reverse proxy carries
    /// the whole team (nginx limits each client itself, docs/deploy/).
    pub max_per_client: usize,
    /// Connections come through a reverse proxy on this machine (`--behind-proxy`).
    pub behind_proxy: bool,
    /// A request head (or the next one on a kept-alive connection) must arrive within
    /// this, or the connection is closed.
    pub header_read_timeout: Duration,
    /// Bytes of request head hyper reads before answering 431 itself. Larger than the
    /// server's own header limit, so that the JSON 431 of [`crate::limits`] answers
    /// every head a browser or a script sends.
    pub max_head_bytes: usize,
    /// After Ctrl-C or SIGTERM, requests in flight may finish for this long; then the
    /// server stops, whatever clients are still connected.
    pub shutdown_grace: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            // Half the common 1,024-descriptor limit: the index's files need the rest.
            max_connections: 512,
            // A browser opens at most six per host; a script, one or a few.
            max_per_client: 32,
            behind_proxy: false,
            header_read_timeout: Duration::from_secs(10),
            max_head_bytes: 128 * 1024,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Serves `app` until Ctrl-C or SIGTERM (or `stop` resolves), each connection knowing
/// its client's address (`ConnectInfo`).
pub async fn serve_connections(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let per_client = PerClient::default();
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(limits.max_head_bytes)
        // Counted by the server's own header check, which answers JSON.
        .max_headers(1000);
    tokio::pin!(stop);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut stop => break,
        };
        let (stream, client) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    pause_after(&error).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        // A local proxy's connections are the whole team's: not counted.
        let client_slot = if limits.behind_proxy && client.ip().is_loopback() {
            None
        } else {
            let Some(hold) = per_client.take(client.ip(), limits.max_per_client) else {
                // Closed at once: this address holds its share of the connections.
                drop(stream);
                continue;
            };
            Some(hold)
        };
        let _ = stream.set_nodelay(true);
        let service = app
            .clone()
            .map_request(move |mut request: Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(client));
                request
            });
        let connection = graceful.watch(http.serve_connection(
            TokioIo::new(JsonRefusals::new(stream)),
            TowerToHyperService::new(service),
        ));
        tokio::spawn(async move {
            // A client that vanished or timed out is that connection's end, nothing more.
            let _ = connection.await;
            drop(client_slot);
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            // Not eprintln!: a closed stderr must not stop the shutdown.
            let _ = writeln!(
                std::io::stderr(),
                "stopping: connections still open after {} s are dropped",
                limits.shutdown_grace.as_secs_f64()
            );
        }
    }
    Ok(())
}

/// Descriptors kept for everything but connections: the index's files, the listener,
/// standard streams, PDFs being served.
const RESERVED_DESCRIPTORS: u64 = 128;

/// Raises the process's descriptor limit as far as it may go, and lowers
/// `max_connections` to what the limit leaves for connections; says so when it does.
/// Past the limit, accept fails and every client waits: the cap must come first.
pub fn fit_descriptors(limits: &mut ConnectionLimits) {
    let Ok(limit) = rlimit::increase_nofile_limit(u64::MAX) else {
        return;
    };
    let room = usize::try_from(limit.saturating_sub(RESERVED_DESCRIPTORS).max(8)).unwrap_or(usize::MAX);
    if limits.max_connections > room {
        let _ = writeln!(
            std::io::stderr(),
            "note: at most {room} connections at once (not {}): the descriptor limit is {limit} (ulimit -n)",
            limits.max_connections
        );
        limits.max_connections = room;
    }
}

/// After a failed accept: a client that left before it was accepted costs nothing; out
/// of descriptors (or memory), the server waits a moment instead of spinning.
async fn pause_after(error: &std::io::Error) {
    use std::io::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::ConnectionRefused
    ) {
        return;
    }
    let _ = writeln!(std::io::stderr(), "cannot accept a connection: {error}");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn signalled() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("a SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

/// The client address a request came from, when the connection recorded it.
pub fn client_of(request: &Request) -> Option<SocketAddr> {
    request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0)
}
