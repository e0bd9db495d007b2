//! The search page: plain HTML, CSS and JavaScript in `assets/`, compiled into the
//! binary, so it works offline and needs no build step. The page builds every piece of
//! document text with `textContent`, never as HTML, and the content security policy
//! below forbids inline scripts, so a document holding `<script>` shows as text.

use std::sync::Arc;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::AppState;

const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const STYLE_CSS: &str = include_str!("../assets/style.css");

const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                      connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The page's paths.
pub const PATHS: [&str; 3] = ["/", "/app.js", "/style.css"];

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(PATHS[0], get(|| asset("text/html; charset=utf-8", INDEX_HTML)))
        .route(PATHS[1], get(|| asset("text/javascript; charset=utf-8", APP_JS)))
        .route(PATHS[2], get(|| asset("text/css; charset=utf-8", STYLE_CSS)))
}

async fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}
