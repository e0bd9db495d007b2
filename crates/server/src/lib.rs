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

pub mod access;
pub mod api;
pub mod client;
pub mod connections;
pub mod limits;
pub mod page;

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use hanseek_search::{Limits, SearchConfig, Searcher};
use tokio::net::TcpListener;

pub use crate::connections::ConnectionLimits;
pub use crate::limits::RequestLimits;
use crate::limits::Slots;

/// `hanseek serve` listens here unless `--listen` says otherwise: loopback only, so
/// that nobody else on the network reaches the index by accident.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8417";

/// What the server allows: per request and client, and per connection.
#[derive(Debug, Clone, Copy, Default)]
pub struct ServerLimits {
    pub requests: RequestLimits,
    pub connections: ConnectionLimits,
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
    slots: Slots,
    /// Who may use the server (`--auth-file`); everyone without one.
    access: Option<access::Access>,
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
            slots: Slots::new(&limits.requests),
            access: None,
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

    /// Only the people `access` names may use the server.
    pub fn with_access(mut self, access: access::Access) -> AppState {
        self.access = Some(access);
        self
    }

    /// Whether a request naming `host` (its Host header) is answered. A page on another
    /// site can make a browser send requests to this server under the site's own name
    /// (DNS rebinding) and read the answers; such requests name a host this server does
    /// not know, and are refused. IP addresses and loopback names are always answered:
    /// rebinding needs a name.
    pub(crate) fn answers_host(&self, host: &str) -> bool {
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

    /// The client a request counts against: the address it connected from.
    pub(crate) fn client_of(&self, request: &Request) -> Option<IpAddr> {
        connections::client_of(request).map(|address| address.ip())
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
        .layer(middleware::from_fn_with_state(state.clone(), access::require))
        .layer(middleware::from_fn_with_state(state.clone(), limits::limit))
        .layer(middleware::from_fn(log))
        .with_state(state)
}

/// One line per request on stderr: client, method, target, status, milliseconds, and
/// the name signed in as when there is an access file.
async fn log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let client = connections::client_of(&request).map_or_else(|| "-".to_string(), |c| c.ip().to_string());
    let method = request.method().clone();
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    let who = response
        .extensions()
        .get::<access::SignedIn>()
        .map_or_else(String::new, |signed_in| format!(" {}", signed_in.0));
    // A closed stderr loses the line, not the request.
    let _ = writeln!(
        std::io::stderr(),
        "{client} \"{method} {target}\" {} {:.1}ms{who}",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// Whether the server may listen on `listen`: anyone who reaches a non-loopback address
/// can read the whole index, so one needs an access file — or the operator's explicit
/// word (`public`) that the network it is on is the access control.
pub fn check_exposure(listen: SocketAddr, has_access: bool, public: bool) -> Result<(), String> {
    if listen.ip().is_loopback() || has_access || public {
        return Ok(());
    }
    Err(format!(
        "{listen} is not a loopback address: anyone who reaches it could read the whole index. \
         Give --auth-file FILE (one name:secret line per person), or --public if every machine \
         that can reach {} may search it (docs/server.md: behind nginx with TLS)",
        listen.ip()
    ))
}

/// Binds `listen`; a non-loopback address gets a warning, since anyone who reaches it
/// can at least try to read the index.
pub async fn bind(listen: SocketAddr) -> std::io::Result<TcpListener> {
    if !listen.ip().is_loopback() {
        // Not eprintln!: a closed stderr must not stop the server.
        let _ = writeln!(
            std::io::stderr(),
            "warning: listening on {listen}, not on loopback: whoever can reach this machine reaches the server"
        );
    }
    TcpListener::bind(listen).await
}

/// Serves until Ctrl-C (or SIGTERM), finishing the requests in flight within the
/// shutdown grace.
pub async fn serve(listener: TcpListener, state: Arc<AppState>) -> std::io::Result<()> {
    let limits = state.limits.connections;
    serve_app(listener, router(state), limits).await
}

/// Serves `app` (a [`router`] or a [`limited`] one) until Ctrl-C or SIGTERM.
pub async fn serve_app(listener: TcpListener, app: Router, limits: ConnectionLimits) -> std::io::Result<()> {
    connections::serve_connections(listener, app, limits, connections::signalled()).await
}
