//! ETags for every answer made in memory (JSON, the page's files), so that a browser or
//! a script asking again gets `304 Not Modified` and no body when nothing changed —
//! after an `index update`, the same search answers a new body and a new tag.
//!
//! The tag is a hash of the body, computed after the handler, so that it can never
//! disagree with what is sent (a tag from the generation served would also have to
//! know the alias file, which is re-read while serving). Weak (`W/`): gzip and brotli
//! change the bytes on the wire but not the answer. The hash is std's SipHash: stable
//! for the life of a server, which is all a tag needs; after an upgrade a tag that no
//! longer matches costs one full answer. tower-http has no layer for this (its
//! `ServeFile` tags files by their modification time, and serves the PDFs).

use std::hash::{Hash as _, Hasher as _};

use axum::body::{Body, HttpBody as _};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Bodies larger than this are sent without a tag rather than held twice.
const MOST_TAGGED_BYTES: usize = 8 * 1024 * 1024;

pub async fn tag(request: Request, next: Next) -> Response {
    let conditional = request.headers().get(header::IF_NONE_MATCH).cloned();
    let is_read = matches!(*request.method(), Method::GET | Method::HEAD);
    let response = next.run(request).await;
    if !is_read || response.status() != StatusCode::OK || response.headers().contains_key(header::ETAG) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Only bodies of a known, bounded size: a stream is sent as it comes.
    let bounded = body
        .size_hint()
        .upper()
        .is_some_and(|size| size <= MOST_TAGGED_BYTES as u64);
    if !bounded {
        return Response::from_parts(parts, body);
    }
    let bytes = match axum::body::to_bytes(body, MOST_TAGGED_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            let message = format!("the answer could not be read: {error}");
            return crate::api::ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message).into_response();
        }
    };
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    let etag = format!("W/\"{:016x}\"", hasher.finish());
    let matches = conditional
        .as_ref()
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    let value = HeaderValue::from_str(&etag).expect("hex digits are a header value");
    parts.headers.insert(header::ETAG, value);
    if !parts.headers.contains_key(header::CACHE_CONTROL) {
        // Kept, but asked about again before each use: an update changes the answers.
        parts
            .headers
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    if matches {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.remove(header::CONTENT_TYPE);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}
