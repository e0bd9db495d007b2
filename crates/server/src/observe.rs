//! What the server tells its operator: one log line per request on stderr, and
//! `/metrics` in the Prometheus (OpenMetrics) text format — requests by route and
//! status, a latency histogram by route, and the index served: its generation, its
//! documents, when and how fast it was built. Both are made by one middleware, around
//! every other, so that refused requests (421, 429, 401) are logged and counted too.

use std::io::Write as _;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::api::{self, ApiError};
use crate::{access, AppState};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteStatus {
    route: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Route {
    route: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Generation {
    generation: String,
}

/// The server's counters, and the index's figures read at each scrape.
pub struct Metrics {
    registry: Registry,
    requests: Family<RouteStatus, Counter>,
    latency: Family<Route, Histogram>,
    generation: Family<Generation, Gauge>,
    commit: Gauge,
    documents: Gauge,
    articles: Gauge,
    references: Gauge,
    build_seconds: Gauge<f64, std::sync::atomic::AtomicU64>,
    updated: Gauge,
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::with_prefix("hanseek");
        let requests = Family::<RouteStatus, Counter>::default();
        registry.register(
            "http_requests",
            "Requests answered, by route and status",
            requests.clone(),
        );
        // 0.5 ms to 16 s: a search is milliseconds, the request deadline 10 s.
        let latency =
            Family::<Route, Histogram>::new_with_constructor(|| Histogram::new(exponential_buckets(0.0005, 2.0, 16)));
        registry.register(
            "http_request_duration_seconds",
            "Time from request to response head, by route",
            latency.clone(),
        );
        let generation = Family::<Generation, Gauge>::default();
        registry.register(
            "index_generation",
            "The index generation served (1)",
            generation.clone(),
        );
        let commit = Gauge::default();
        registry.register(
            "index_commit",
            "The commit of the generation served (an update adds one)",
            commit.clone(),
        );
        let documents = Gauge::default();
        registry.register("index_documents", "Documents in the index served", documents.clone());
        let articles = Gauge::default();
        registry.register("index_articles", "Articles in the index served", articles.clone());
        let references = Gauge::default();
        registry.register(
            "index_references",
            "Cited sources in the index served",
            references.clone(),
        );
        let build_seconds = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
        registry.register(
            "index_build_seconds",
            "How long the last build or update of the index took",
            build_seconds.clone(),
        );
        let updated = Gauge::default();
        registry.register(
            "index_updated_timestamp_seconds",
            "Unix time of the last build or update",
            updated.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            generation,
            commit,
            documents,
            articles,
            references,
            build_seconds,
            updated,
        }
    }
}

impl Metrics {
    fn observe(&self, route: &'static str, status: StatusCode, seconds: f64) {
        self.requests
            .get_or_create(&RouteStatus {
                route,
                status: status.as_u16(),
            })
            .inc();
        self.latency.get_or_create(&Route { route }).observe(seconds);
    }
}

/// The route a path is counted under: one of the served paths, or `other`, so that
/// no client can make the metrics grow by asking for new paths.
fn route_of(path: &str) -> &'static str {
    if let Some(rest) = path.strip_prefix("/api/documents/") {
        return if rest.ends_with("/related") {
            "/api/documents/{id}/related"
        } else if rest.ends_with("/original") {
            "/api/documents/{id}/original"
        } else {
            "/api/documents/{id}"
        };
    }
    api::PATHS
        .iter()
        .chain(&crate::page::PATHS)
        .find(|served| **served == path)
        .copied()
        .unwrap_or("other")
}

/// The middleware: the log line and the counters of every request.
pub async fn observe(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let client = state
        .client_of(&request)
        .map_or_else(|| "-".to_string(), |c| c.to_string());
    let method = request.method().clone();
    let route = route_of(request.uri().path());
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    state.metrics.observe(route, response.status(), seconds);
    let who = response
        .extensions()
        .get::<access::SignedIn>()
        .map_or_else(String::new, |signed_in| format!(" {}", signed_in.0));
    // Not eprintln!: a closed stderr loses the line, not the request.
    let _ = writeln!(
        std::io::stderr(),
        "{client} \"{method} {target}\" {} {:.1}ms{who}",
        response.status().as_u16(),
        seconds * 1000.0
    );
    response
}

/// `/metrics`: the counters, and the index served as it is now.
pub async fn metrics(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let scraped = state.clone();
    let index = api::blocking(move || Ok((scraped.searcher.served(), scraped.searcher.stats()))).await?;
    let metrics = &state.metrics;
    metrics.generation.clear();
    if let (Ok((generation, commit)), Ok(stats)) = index {
        metrics.generation.get_or_create(&Generation { generation }).set(1);
        metrics.commit.set(commit as i64);
        metrics.documents.set(stats.documents as i64);
        metrics.articles.set(stats.articles as i64);
        metrics.references.set(stats.references as i64);
        metrics.build_seconds.set(stats.build_seconds);
        metrics.updated.set(stats.updated_at as i64);
    }
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &metrics.registry).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write the metrics: {e}"),
        )
    })?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}
