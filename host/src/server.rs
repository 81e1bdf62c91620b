//! The HTTP server: health for now.

use axum::Router;
use axum::routing::get;

/// The routes crossdock serves.
pub fn router() -> Router {
    Router::new().route("/healthz", get(|| async { "ok" }))
}
