//! What one request, and one client, may ask of the server — each refusal a JSON error
//! with its own status: a host the server does not answer for (421), a too long
//! request target (414), too many or too large headers (431), a client holding its
//! share of the request slots or all slots taken (429), a request past its deadline
//! (408). `/health` and `/metrics` are never refused for load: a liveness check must
//! not restart a busy server, nor a scrape miss the moment it is busy.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::api::ApiError;
use crate::AppState;

/// What one request may ask of the server.
#[derive(Debug, Clone, Copy)]
pub struct RequestLimits {
    /// Requests served at once; more get 429 at once rather than a queue that grows.
    pub max_concurrent: usize,
    /// Of those, what one client (one IP address) may hold: one client with many
    /// connections of heavy queries left others 27% 429s when it could take them all.
    pub max_per_client: usize,
    /// A request still running after this gets 408 and frees its slot; a search
    /// given this deadline (`SearchOptions::deadline`) stops at its next check.
    pub timeout: Duration,
    /// Longer request targets (path and query) get 414.
    pub max_url_bytes: usize,
    /// Request heads with more header bytes (names and values) get 431.
    pub max_header_bytes: usize,
    /// Requests with more headers get 431.
    pub max_headers: usize,
    /// Text `/api/analyze` analyzes, in characters.
    pub max_analyze_chars: usize,
}

impl Default for RequestLimits {
    fn default() -> RequestLimits {
        RequestLimits {
            max_concurrent: 64,
            max_per_client: 16,
            timeout: Duration::from_secs(10),
            max_url_bytes: 8 * 1024,
            max_header_bytes: 32 * 1024,
            max_headers: 100,
            max_analyze_chars: 10_000,
        }
    }
}

/// What each client address holds of something shared — request slots here,
/// connections in [`crate::connections`] — so that one client cannot take it all.
#[derive(Default, Clone)]
pub(crate) struct PerClient(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One thing a client holds, given back when dropped.
pub(crate) struct ClientHold {
    client: IpAddr,
    held: PerClient,
}

impl PerClient {
    /// One more for `client`, unless it holds `most` already.
    pub(crate) fn take(&self, client: IpAddr, most: usize) -> Option<ClientHold> {
        let mut held = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = held.entry(client).or_insert(0);
        if *count >= most.max(1) {
            return None;
        }
        *count += 1;
        Some(ClientHold {
            client,
            held: self.clone(),
        })
    }
}

impl Drop for ClientHold {
    fn drop(&mut self) {
        let mut held = self.held.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = held.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                held.remove(&self.client);
            }
        }
    }
}

/// The request slots: all of them, and each client's share.
pub struct Slots {
    all: Arc<Semaphore>,
    clients: PerClient,
    per_client: usize,
}

/// One request's slot, given back when the response is made.
pub struct Slot {
    _all: OwnedSemaphorePermit,
    _client: Option<ClientHold>,
}

/// Why no slot was given.
enum Refusal {
    Client,
    All,
}

impl Slots {
    pub fn new(limits: &RequestLimits) -> Slots {
        Slots {
            all: Arc::new(Semaphore::new(limits.max_concurrent)),
            clients: PerClient::default(),
            per_client: limits.max_per_client,
        }
    }

    /// A slot for a request of `client` (unknown for requests made in-process).
    fn take(&self, client: Option<IpAddr>) -> Result<Slot, Refusal> {
        let hold = match client {
            Some(client) => Some(self.clients.take(client, self.per_client).ok_or(Refusal::Client)?),
            None => None,
        };
        // Refused for all slots taken: the client's hold is given back as it drops.
        let all = self.all.clone().try_acquire_owned().map_err(|_| Refusal::All)?;
        Ok(Slot {
            _all: all,
            _client: hold,
        })
    }
}

/// The middleware: every check above, in the order a client can fix them.
pub async fn limit(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let limits = &state.limits.requests;
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
    let headers = request.headers();
    let header_bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers.len() > limits.max_headers || header_bytes > limits.max_header_bytes {
        let message = format!(
            "the request has {} headers of {header_bytes} bytes; at most {} headers of {} bytes are read",
            headers.len(),
            limits.max_headers,
            limits.max_header_bytes
        );
        return ApiError::new(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, message).into_response();
    }
    if matches!(request.uri().path(), "/health" | "/metrics") {
        return next.run(request).await;
    }
    let client = state.client_of(&request);
    let _slot = match state.slots.take(client) {
        Ok(slot) => slot,
        Err(refusal) => {
            let message = match refusal {
                Refusal::Client => format!(
                    "this client already has {} requests being served; wait for their answers",
                    limits.max_per_client
                ),
                Refusal::All => format!(
                    "{} requests are already being served; try again in a moment",
                    limits.max_concurrent
                ),
            };
            let mut response = ApiError::new(StatusCode::TOO_MANY_REQUESTS, message).into_response();
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("1"),
            );
            return response;
        }
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
