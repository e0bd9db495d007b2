//! The JSON API. Every body is one of the library's serde types, exactly as the CLI's
//! `--json` prints it; every error is `{"error", "status"}` (and `"column"` for a
//! query syntax error) with the matching status code. `openapi.json` describes it,
//! and a test keeps the two in step.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use hanseek_search::{Analysis, AnalyzerKind, Kind, SearchError, SearchOptions, Sort, TOTAL_UP_TO};
use serde::Serialize;

use crate::AppState;

/// The API's description, served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Every path the API serves, as `openapi.json` names them.
pub const PATHS: [&str; 10] = [
    "/api/search",
    "/api/analyze",
    "/api/documents/{id}",
    "/api/stats",
    "/api/openapi.json",
    "/health",
    "/api/suggest",
    "/api/documents/{id}/related",
    "/api/documents/{id}/original",
    "/metrics",
];

/// The parameters `/api/search` takes; any other is an error, not silently ignored.
pub const SEARCH_PARAMETERS: [&str; 12] = [
    "q",
    "limit",
    "offset",
    "sort",
    "kind",
    "section",
    "category",
    "since",
    "until",
    "explain",
    "exact_total",
    "facets",
];
/// The parameters `/api/suggest` takes.
pub const SUGGEST_PARAMETERS: [&str; 2] = ["q", "limit"];
/// The parameters `/api/documents/{id}/related` takes.
pub const RELATED_PARAMETERS: [&str; 2] = ["limit", "offset"];
/// The parameters `/api/documents/{id}` takes: which part of a long body to send.
/// `q`: a query whose matches in the title and the body sent come as `highlights`.
pub const DOCUMENT_PARAMETERS: [&str; 3] = ["body_from", "body_chars", "q"];
/// Characters of a body sent by default (a long article is ~20,000; a book-sized PDF
/// read as one document can be tens of millions), and at most.
pub const DEFAULT_BODY_CHARS: usize = 200_000;
pub const MOST_BODY_CHARS: usize = 1_000_000;
/// The parameters `/api/analyze` takes.
pub const ANALYZE_PARAMETERS: [&str; 2] = ["text", "analyzer"];

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(PATHS[0], get(search))
        .route(PATHS[1], get(analyze))
        // Ids hold slashes (`report/II-02/ref-1`): the rest of the path is the id, or
        // the id and `/related` (see `document`).
        .route("/api/documents/{*id}", get(document))
        .route(PATHS[3], get(stats))
        .route(PATHS[4], get(openapi))
        .route(PATHS[5], get(health))
        .route(PATHS[6], get(suggest))
        .route(PATHS[9], get(crate::observe::metrics))
}

#[derive(Debug, Serialize)]
struct ErrorBody {
    error: String,
    status: u16,
    /// For a query syntax error: the 1-based character column at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

/// An error as the API answers it.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: ErrorBody {
                error: message.into(),
                status: status.as_u16(),
                column: None,
            },
        }
    }

    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

impl From<SearchError> for ApiError {
    fn from(error: SearchError) -> ApiError {
        use hanseek_search::IndexError;
        // No index yet, or one this version cannot read: 503 with what the operator
        // runs (the library says what is wrong, the server what to do), and a build
        // makes the server answer without a restart.
        let build = |what: &str, path: &std::path::Path| {
            format!(
                "{error}: {what} with `hanseek index build --index {}`; the server answers from the next request on",
                path.display()
            )
        };
        let (status, message) = match &error {
            SearchError::Query { .. }
            | SearchError::Empty(_)
            | SearchError::UnknownValue(_)
            | SearchError::Limit(_) => (StatusCode::BAD_REQUEST, error.to_string()),
            SearchError::Deadline => (StatusCode::REQUEST_TIMEOUT, error.to_string()),
            SearchError::Index(IndexError::Missing { path }) => {
                (StatusCode::SERVICE_UNAVAILABLE, build("build one", path))
            }
            SearchError::Index(IndexError::Incompatible { path, .. } | IndexError::Damaged { path, .. }) => {
                (StatusCode::SERVICE_UNAVAILABLE, build("rebuild it", path))
            }
            _ => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
        };
        let mut api = ApiError::new(status, message);
        if let SearchError::Query { error, .. } = &error {
            api.body.column = Some(error.column);
        }
        api
    }
}

/// The query string's pairs, refusing names `known` does not list.
fn parameters(raw: Option<String>, known: &[&str]) -> Result<Vec<(String, String)>, ApiError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if let Some((name, _)) = pairs.iter().find(|(k, _)| !known.contains(&k.as_str())) {
        return Err(ApiError::bad_request(format!(
            "unknown parameter '{name}'; this endpoint takes {}",
            known.join(", ")
        )));
    }
    Ok(pairs)
}

fn one<'a>(pairs: &'a [(String, String)], name: &str) -> Result<Option<&'a str>, ApiError> {
    let mut values = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let first = values.next();
    if values.next().is_some() {
        return Err(ApiError::bad_request(format!("'{name}' is given twice; give it once")));
    }
    Ok(first)
}

fn number(pairs: &[(String, String)], name: &str, default: usize) -> Result<usize, ApiError> {
    match one(pairs, name)? {
        None => Ok(default),
        Some(value) => value
            .parse()
            .map_err(|_| ApiError::bad_request(format!("{name} must be a whole number, not '{value}'"))),
    }
}

/// A filter value as the query language writes it (quoted when it has spaces).
fn filter_value(name: &str, value: &str) -> Result<String, ApiError> {
    if value.is_empty() || value.contains('"') {
        return Err(ApiError::bad_request(format!(
            "{name} needs a value without double quotes, not '{value}'"
        )));
    }
    Ok(if value.chars().any(char::is_whitespace) {
        format!("{name}:\"{value}\"")
    } else {
        format!("{name}:{value}")
    })
}

/// The query and options a `/api/search` request stands for: `q` with the filter
/// parameters appended in the query language, so the result's `query` says exactly
/// what was searched and `hanseek search --json` gives the same for it.
pub fn search_request(raw: Option<String>) -> Result<(String, SearchOptions), ApiError> {
    let pairs = parameters(raw, &SEARCH_PARAMETERS)?;
    let mut query = one(&pairs, "q")?.unwrap_or_default().trim().to_string();
    for name in ["section", "category", "since", "until"] {
        for (_, value) in pairs.iter().filter(|(k, _)| k == name) {
            let filter = filter_value(name, value)?;
            query = if query.is_empty() {
                filter
            } else {
                format!("{query} {filter}")
            };
        }
    }
    if query.is_empty() {
        return Err(ApiError::bad_request("give a query: /api/search?q=리튬배터리"));
    }
    let kind = match one(&pairs, "kind")? {
        None | Some("") => None,
        Some(value) => Some(
            Kind::parse(value)
                .ok_or_else(|| ApiError::bad_request(format!("kind must be article or reference, not '{value}'")))?,
        ),
    };
    let sort = match one(&pairs, "sort")? {
        None | Some("") => Sort::Relevance,
        Some(value) => Sort::parse(value)
            .ok_or_else(|| ApiError::bad_request(format!("sort must be relevance or date, not '{value}'")))?,
    };
    let explain = flag_or(&pairs, "explain", false)?;
    // The page asks for the hits without facets, shows them, then asks for the facets
    // alone (`limit=0`): counting the best 1,000 matches' facets is most of a request
    // on a large archive, and the reader needs the hits first.
    let facets = flag_or(&pairs, "facets", true)?;
    // Counting every match is the CLI's `--exact-total`: slower on a frequent word.
    let total_up_to = (!flag_or(&pairs, "exact_total", false)?).then_some(TOTAL_UP_TO);
    let options = SearchOptions {
        limit: number(&pairs, "limit", SearchOptions::default().limit)?,
        offset: number(&pairs, "offset", 0)?,
        kind,
        sort,
        explain,
        facets,
        total_up_to,
        ..SearchOptions::default()
    };
    Ok((query, options))
}

/// A `true`/`false` parameter, `default` when absent or empty.
fn flag_or(pairs: &[(String, String)], name: &str, default: bool) -> Result<bool, ApiError> {
    match one(pairs, name)? {
        None | Some("") => Ok(default),
        Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(value) => Err(ApiError::bad_request(format!(
            "{name} must be true or false, not '{value}'"
        ))),
    }
}

/// Runs library work (a search is milliseconds of CPU) on tokio's blocking pool. Not
/// `block_in_place` on the worker, though it saved 10–20 µs of p50 (BENCHMARKS.md):
/// it held the request's future, so the request deadline around it never fired — a
/// heavy search answered 200 after 15 s instead of 408 at 10 s, its slot held. Now the
/// deadline answers and frees the slot, and a search given the same deadline stops at
/// its next check (`SearchOptions::deadline`).
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|e| {
        Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the request failed: {e}"),
        ))
    })
}

async fn search(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let (query, mut options) = search_request(raw)?;
    // Past the request's deadline the client has its 408: the search stops too.
    options.deadline = Some(std::time::Instant::now() + state.limits.requests.timeout);
    let result = blocking(move || Ok(state.searcher.search(&query, &options)?)).await?;
    Ok(Json(result).into_response())
}

async fn suggest(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let pairs = parameters(raw, &SUGGEST_PARAMETERS)?;
    let prefix = one(&pairs, "q")?
        .ok_or_else(|| ApiError::bad_request("give what is typed so far: /api/suggest?q=인공ㅈ"))?
        .to_string();
    let limit = number(&pairs, "limit", 10)?;
    let found = blocking(move || Ok(state.searcher.suggest(&prefix, limit)?)).await?;
    Ok(Json(found).into_response())
}

async fn analyze(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let pairs = parameters(raw, &ANALYZE_PARAMETERS)?;
    let text = one(&pairs, "text")?
        .ok_or_else(|| ApiError::bad_request("give a text: /api/analyze?text=인공지능 산업을"))?
        .to_string();
    let max = state.limits.requests.max_analyze_chars;
    if text.chars().count() > max {
        return Err(ApiError::bad_request(format!("text is longer than {max} characters")));
    }
    let name = one(&pairs, "analyzer")?.unwrap_or("hanseek");
    let kind = AnalyzerKind::from_name(name).ok_or_else(|| {
        ApiError::bad_request(format!(
            "unknown analyzer '{name}': use hanseek, hanseek_recall, hanseek_bridge or hanseek_pairs"
        ))
    })?;
    let analysis = blocking(move || Ok(Analysis::of(kind, &text))).await?;
    Ok(Json(analysis).into_response())
}

/// `/api/documents/{id}`, `/api/documents/{id}/related` or
/// `/api/documents/{id}/original`: a document whose id is the whole path wins, so an
/// id ending in `/related` or `/original` that could be both (a `related.md` in a
/// corpus folder) stays reachable as a document.
async fn document(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(raw): RawQuery,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    // An id that is not UTF-8 once decoded (`%FF`) is an error like any other.
    let Path(id) =
        id.map_err(|rejection| ApiError::bad_request(format!("not a document id: {}", rejection.body_text())))?;
    if let Some(of) = id.strip_suffix("/original").map(str::to_string) {
        let searcher_state = state.clone();
        let whole = id.clone();
        let found = blocking(move || {
            if searcher_state.searcher.document(&whole)?.is_some() {
                return Ok(None);
            }
            match searcher_state.searcher.original(&of) {
                Ok(Some(original)) => Ok(Some(original)),
                Ok(None) => Err(not_a_document(&of)),
                Err(SearchError::Original(why)) => Err(ApiError::new(StatusCode::NOT_FOUND, why.to_string())),
                Err(other) => Err(other.into()),
            }
        })
        .await?;
        if let Some(original) = found {
            return original_file(original, request).await;
        }
    }
    // Each body serialized from its own type: through a `serde_json::Value`, an f32
    // score would print as its f64 widening (0.4006630778312683, not the CLI's 0.40066308).
    blocking(move || {
        let related_to = id.strip_suffix("/related");
        if related_to.is_none() || raw.is_none() {
            if let Some(mut document) = state.searcher.document(&id)? {
                let pairs = parameters(raw, &DOCUMENT_PARAMETERS)?;
                let chars = number(&pairs, "body_chars", DEFAULT_BODY_CHARS)?;
                if chars > MOST_BODY_CHARS {
                    return Err(ApiError::bad_request(format!(
                        "body_chars {chars} is more than the {MOST_BODY_CHARS} characters one answer holds: page through the body with body_from"
                    )));
                }
                document.keep_body_part(number(&pairs, "body_from", 0)?, chars);
                if let Some(query) = one(&pairs, "q")?.filter(|q| !q.trim().is_empty()) {
                    state.searcher.highlight(&mut document, query)?;
                }
                return Ok(Json(document).into_response());
            }
        }
        let Some(of) = related_to else {
            return Err(not_a_document(&id));
        };
        let pairs = parameters(raw, &RELATED_PARAMETERS)?;
        let options = SearchOptions {
            limit: number(&pairs, "limit", SearchOptions::default().limit)?,
            offset: number(&pairs, "offset", 0)?,
            deadline: Some(std::time::Instant::now() + state.limits.requests.timeout),
            ..SearchOptions::default()
        };
        match state.searcher.related(of, &options)? {
            Some(related) => Ok(Json(related).into_response()),
            None => Err(not_a_document(of)),
        }
    })
    .await
}

/// The PDF itself, streamed (with ranges) by tower-http's file service, shown in the
/// browser rather than saved.
async fn original_file(
    original: hanseek_search::Original,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    use tower::ServiceExt;
    let name = original
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "original.pdf".into());
    let served = tower_http::services::ServeFile::new(&original.file)
        .oneshot(request)
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("cannot read the PDF: {e}")))?;
    let mut response = served.into_response();
    let disposition = format!(
        "inline; filename*=UTF-8''{}",
        form_urlencoded::byte_serialize(name.as_bytes())
            .collect::<String>()
            .replace('+', "%20")
    );
    if let Ok(value) = axum::http::HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(axum::http::header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

fn not_a_document(id: &str) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, format!("no document '{id}' in this index"))
}

/// The index's figures. Its paths are the server's business: only the folder names are
/// shown, unless the operator started the server with `--show-paths`.
async fn stats(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let show_paths = state.show_paths;
    let mut stats = blocking(move || Ok(state.searcher.stats()?)).await?;
    if !show_paths {
        let name = |path: &str| {
            std::path::Path::new(path)
                .file_name()
                .map_or_else(|| path.to_string(), |name| name.to_string_lossy().into_owned())
        };
        stats.index = name(&stats.index);
        stats.corpus = name(&stats.corpus);
        stats.aliases = stats.aliases.as_deref().map(name);
    }
    Ok(Json(stats).into_response())
}

async fn openapi() -> Response {
    ([("content-type", "application/json")], OPENAPI).into_response()
}

/// 200 with the generation served and its commit (which an update changes), or 503
/// while there is no index to serve.
async fn health(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let (generation, commit) = blocking(move || Ok(state.searcher.served()?)).await?;
    Ok(Json(serde_json::json!({"status": "ok", "generation": generation, "commit": commit})).into_response())
}

/// A method other than GET (or HEAD): a JSON 405.
pub async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    let mut response = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not served at {}: the API answers GET only", uri.path()),
    )
    .into_response();
    response.headers_mut().insert(
        axum::http::header::ALLOW,
        axum::http::HeaderValue::from_static("GET, HEAD"),
    );
    response
}

/// Any other path: a JSON 404 that says where to look.
pub async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("nothing at {}; the API is described at /api/openapi.json", uri.path()),
    )
}
