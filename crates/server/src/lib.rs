//! `hanseek serve`: the HTTP API and the web search page, over one long-lived
//! [`Searcher`] that follows every rebuild of the index.
//!
//! - [`api`]: the JSON endpoints. They return the library's own serde types
//!   (`SearchResult`, `Document`, `Analysis`, `Stats`), so the API and
//!   `hanseek search --json` never drift; errors are JSON with a status code.
//! - [`page`]: the search page, shipped inside the binary (`assets/`).
//! - here: the server's configuration, its limits (URL length, concurrent requests,
//!   a per-request timeout) and the one log line per request.
//!
//! axum on tokio: the well-kept Rust HTTP stack; a search itself is synchronous CPU
//! work of a few milliseconds, so it runs on tokio's blocking pool, off the threads
//! that accept connections.

pub mod api;
pub mod client;
pub mod page;

use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hanseek_search::{Limits, SearchConfig, Searcher};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::api::ApiError;

/// `hanseek serve` listens here unless `--listen` says otherwise: loopback only, so
/// that nobody else on the network reaches the index by accident.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8417";

/// What one request may ask of the server.
#[derive(Debug, Clone, Copy)]
pub struct ServerLimits {
    /// Requests served at once; more get 429 at once rather than a queue that grows.
    pub max_concurrent: usize,
    /// A request still running after this gets 408 (its search finishes unseen).
    pub timeout: Duration,
    /// Longer request targets (path and query) get 414.
    pub max_url_bytes: usize,
    /// Text `/api/analyze` analyzes, in characters.
    pub max_analyze_chars: usize,
    /// After Ctrl-C or SIGTERM, requests in flight may finish for this long; then the
    /// server stops, whatever clients are still connected (one sending half a request
    /// kept it alive forever).
    pub shutdown_grace: Duration,
}

impl Default for ServerLimits {
    fn default() -> ServerLimits {
        ServerLimits {
            max_concurrent: 64,
            timeout: Duration::from_secs(10),
            max_url_bytes: 8 * 1024,
            max_analyze_chars: 10_000,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// The search limits of a page that people page through: at most 100 hits a page,
/// 10,000 deep, queries of 500 characters.
pub fn search_limits() -> Limits {
    Limits {
        max_limit: 100,
        max_offset: 10_000,
        max_query_chars: 500,
    }
}

/// What every handler shares.
pub struct AppState {
    pub searcher: Searcher,
    pub limits: ServerLimits,
    permits: Arc<Semaphore>,
    /// Host names requests may name besides loopback names and IP addresses
    /// (`--allow-host`).
    allowed_hosts: Vec<String>,
}

impl AppState {
    /// A server over the index `config` names, with the server's search limits; the
    /// index may not exist yet (requests then get 503 until a build makes one).
    pub fn new(config: SearchConfig, limits: ServerLimits) -> Result<AppState, hanseek_search::SearchError> {
        let searcher = Searcher::watch(config.with_limits(search_limits()))?;
        Ok(AppState {
            searcher,
            permits: Arc::new(Semaphore::new(limits.max_concurrent)),
            limits,
            allowed_hosts: Vec::new(),
        })
    }

    /// The server also answers requests that name these hosts (`search.office`,
    /// `search.office:8417`): the names a team reaches it by.
    pub fn allow_hosts(mut self, hosts: impl IntoIterator<Item = String>) -> AppState {
        self.allowed_hosts
            .extend(hosts.into_iter().map(|h| h.to_ascii_lowercase()));
        self
    }

    /// Whether a request naming `host` (its Host header) is answered. A page on another
    /// site can make a browser send requests to this server under the site's own name
    /// (DNS rebinding) and read the answers; such requests name a host this server does
    /// not know, and are refused. IP addresses and loopback names are always answered:
    /// rebinding needs a name.
    fn answers_host(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let name = match host.strip_prefix('[') {
            // [::1]:8417
            Some(rest) => rest.split(']').next().unwrap_or(""),
            None => host
                .rsplit_once(':')
                .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
                .map_or(host.as_str(), |(name, _)| name),
        };
        name.parse::<std::net::IpAddr>().is_ok()
            || name == "localhost"
            || name.ends_with(".localhost")
            || self
                .allowed_hosts
                .iter()
                .any(|allowed| *allowed == name || *allowed == host)
    }
}

/// Every route, with the limits and the request log around them.
pub fn router(state: Arc<AppState>) -> Router {
    limited(api::routes().merge(page::routes()), state)
}

/// `routes` with the JSON 404, the limits and the request log around them.
pub fn limited(routes: Router<Arc<AppState>>, state: Arc<AppState>) -> Router {
    routes
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), limit))
        .layer(middleware::from_fn(log))
        .with_state(state)
}

/// The Host a request names, URL length, concurrency and time, each refused with its
/// own status and a JSON body. `/health` is never refused for concurrency: a liveness
/// check must not restart a busy server.
async fn limit(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let limits = state.limits;
    if let Some(host) = request.headers().get(axum::http::header::HOST) {
        let host = host.to_str().unwrap_or("");
        if !state.answers_host(host) {
            let message = format!(
                "this server does not answer for the host '{host}'; start it with --allow-host {} to be reached by that name",
                host.rsplit_once(':').map_or(host, |(name, _)| name)
            );
            return ApiError::new(StatusCode::MISDIRECTED_REQUEST, message).into_response();
        }
    }
    let target = request.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if target > limits.max_url_bytes {
        let message = format!(
            "the request target is {target} bytes long; at most {} are served",
            limits.max_url_bytes
        );
        return ApiError::new(StatusCode::URI_TOO_LONG, message).into_response();
    }
    if request.uri().path() == "/health" {
        return next.run(request).await;
    }
    let Ok(_permit) = state.permits.clone().try_acquire_owned() else {
        let message = format!(
            "{} requests are already being served; try again in a moment",
            limits.max_concurrent
        );
        return ApiError::new(StatusCode::TOO_MANY_REQUESTS, message).into_response();
    };
    match tokio::time::timeout(limits.timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let message = format!(
                "the request took longer than {} s; narrow the query (more words, filters, a smaller limit)",
                limits.timeout.as_secs_f64()
            );
            ApiError::new(StatusCode::REQUEST_TIMEOUT, message).into_response()
        }
    }
}

/// One line per request on stderr: client, method, target, status, milliseconds.
async fn log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "-".to_string(), |c| c.0.ip().to_string());
    let method = request.method().clone();
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    // A closed stderr loses the line, not the request.
    let _ = writeln!(
        std::io::stderr(),
        "{client} \"{method} {target}\" {} {:.1}ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// Binds `listen`; a non-loopback address gets a warning, since anyone who reaches it
/// can read the whole index.
pub async fn bind(listen: SocketAddr) -> std::io::Result<TcpListener> {
    if !listen.ip().is_loopback() {
        // Not eprintln!: a closed stderr must not stop the server.
        let _ = writeln!(
            std::io::stderr(),
            "warning: listening on {listen}, not on loopback: anyone who can reach this machine can search the index"
        );
    }
    TcpListener::bind(listen).await
}

/// Serves until Ctrl-C (or SIGTERM), finishing the requests in flight within the
/// shutdown grace.
pub async fn serve(listener: TcpListener, state: Arc<AppState>) -> std::io::Result<()> {
    let grace = state.limits.shutdown_grace;
    serve_app(listener, router(state), grace).await
}

/// Serves `app` (a [`router`] or a [`limited`] one) until Ctrl-C or SIGTERM; then
/// connections still open after `grace` are dropped.
pub async fn serve_app(listener: TcpListener, app: Router, grace: Duration) -> std::io::Result<()> {
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
    let signalled = async move {
        shutdown().await;
        let _ = stopping.send(());
    };
    let server = axum::serve(listener, app).with_graceful_shutdown(signalled);
    tokio::select! {
        result = std::future::IntoFuture::into_future(server) => result,
        () = async {
            if stopped.await.is_ok() {
                tokio::time::sleep(grace).await;
            } else {
                std::future::pending::<()>().await;
            }
        } => {
            let _ = writeln!(
                std::io::stderr(),
                "stopping: connections still open after {} s are dropped",
                grace.as_secs_f64()
            );
            Ok(())
        }
    }
}

async fn shutdown() {
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
