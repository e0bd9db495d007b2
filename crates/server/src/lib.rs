//! `hanseek serve`: the HTTP API and the web search page, over one long-lived
//! [`Searcher`] that follows every rebuild of the index.
//!
//! - [`api`]: the JSON endpoints. They return the library's own serde types
//!   (`SearchResult`, `Document`, `Analysis`, `Stats`), so the API and
//!   `hanseek search --json` never drift; errors are JSON with a status code.
//! - [`page`]: the search page, shipped inside the binary (`assets/`).
//! - [`connections`]: hyper's server — header-read timeout, connection cap, graceful
//!   shutdown; [`automatic`]: hyper's own refusals (unparsable heads) as JSON.
//! - [`limits`]: what a request and a client may ask (host, sizes, slots, deadline).
//! - [`access`]: who may search (`--auth-file`).
//! - [`etag`]: revalidation of answers; compression and CORS are tower-http's layers.
//! - [`observe`]: the request log and `/metrics`.
//! - here: the server's configuration and the order of the layers around the routes.
//!
//! axum on tokio: the well-kept Rust HTTP stack; a search itself is synchronous CPU
//! work of a few milliseconds, so it runs on tokio's blocking pool, off the threads
//! that accept connections.

pub mod access;
pub mod api;
pub mod automatic;
pub mod client;
pub mod connections;
pub mod etag;
pub mod limits;
pub mod observe;
pub mod page;

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::Request;
use axum::middleware;
use axum::Router;
use hanseek_search::{Limits, SearchConfig, Searcher};
use tokio::net::TcpListener;

/// The HTTP types the server's options use (an origin is a `HeaderValue`).
pub use axum::http;

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
    metrics: observe::Metrics,
    /// Origins whose pages may read the API (`--cors-origin`); none by default.
    cors_origins: Vec<axum::http::HeaderValue>,
    /// Whether `/api/stats` shows the index's and corpus's paths on the server
    /// (`--show-paths`), not only their folder names.
    pub(crate) show_paths: bool,
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
        // A change that cannot be served (a broken alias file) is logged once; the last
        // good index and aliases keep serving.
        searcher.on_warning(|message| {
            let _ = writeln!(std::io::stderr(), "warning: {message}");
        });
        Ok(AppState {
            searcher,
            slots: Slots::new(&limits.requests),
            access: None,
            metrics: observe::Metrics::default(),
            cors_origins: Vec::new(),
            show_paths: false,
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

    /// Pages from these origins (`https://wiki.office`) may read the API: a team's own
    /// tools, deliberately. Browsers refuse every other origin, as before.
    pub fn allow_origins(mut self, origins: Vec<axum::http::HeaderValue>) -> AppState {
        self.cors_origins = origins;
        self
    }

    /// `/api/stats` shows the paths on the server, for an operator who wants them.
    pub fn show_paths(mut self, show: bool) -> AppState {
        self.show_paths = show;
        self
    }

    fn cors(&self) -> Option<tower_http::cors::CorsLayer> {
        use axum::http::{header, Method};
        (!self.cors_origins.is_empty()).then(|| {
            tower_http::cors::CorsLayer::new()
                .allow_origin(self.cors_origins.clone())
                .allow_methods([Method::GET, Method::HEAD])
                .allow_headers([header::AUTHORIZATION, header::IF_NONE_MATCH])
                .expose_headers([header::ETAG])
                .max_age(std::time::Duration::from_secs(600))
        })
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

    /// The client a request counts against (and is logged as): the address it
    /// connected from — or, from a proxy on loopback with `--behind-proxy`
    /// (`ConnectionLimits::behind_proxy`, which the connections read too), the address
    /// the proxy forwarded, so that the team behind one proxy is not one client. Only a
    /// loopback peer is believed: anyone else could write any `X-Forwarded-For` to get
    /// a fresh share of the slots.
    pub(crate) fn client_of(&self, request: &Request) -> Option<IpAddr> {
        let peer = connections::client_of(request)?.ip();
        if !(self.limits.connections.behind_proxy && peer.is_loopback()) {
            return Some(peer);
        }
        let forwarded = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .last()
            .and_then(|last| last.trim().parse().ok());
        Some(forwarded.unwrap_or(peer))
    }
}

/// Every route, with the limits and the request log around them.
pub fn router(state: Arc<AppState>) -> Router {
    limited(api::routes().merge(page::routes()), state)
}

/// `routes` with the JSON 404 and every layer around them — from the outside in:
/// the log and metrics (so that refusals are counted), the limits, CORS, the access
/// check, compression, and ETags made from the uncompressed answer.
pub fn limited(routes: Router<Arc<AppState>>, state: Arc<AppState>) -> Router {
    routes
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(middleware::from_fn(etag::tag))
        .layer(compression())
        .layer(middleware::from_fn_with_state(state.clone(), access::require))
        // Preflights carry no credentials: answered before the access check.
        .layer(tower::util::option_layer(state.cors()))
        .layer(middleware::from_fn_with_state(state.clone(), limits::limit))
        .layer(middleware::from_fn_with_state(state.clone(), observe::observe))
        .with_state(state)
}

/// gzip or brotli, as the client accepts: 100 hits are 84 KB of JSON, 19 KB gzipped.
/// Not the PDFs: they are compressed already, and a compressed body breaks the byte
/// ranges PDF viewers ask for.
fn compression() -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate as _};
    use tower_http::compression::{CompressionLayer, DefaultPredicate};
    CompressionLayer::new().compress_when(DefaultPredicate::new().and(NotForContentType::const_new("application/pdf")))
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
