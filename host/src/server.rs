//! The HTTP server's routes: health, the webhook endpoints, the admin API (`crate::api`) and
//! the dashboard (`crate::dashboard`), and the security headers every answer carries. The state
//! the handlers share, [`AppState`], lives below them in `crate::app`.
//!
//! Every response gets `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` and a
//! `Content-Security-Policy` with `frame-ancestors 'none'` (added to a policy the handler set,
//! or alone), so no page — dashboard or public tracking page — can be framed for
//! clickjacking. crossdock speaks plain HTTP and runs behind a TLS-terminating proxy; when the
//! operator says so with `CROSSDOCK_HSTS=1` (the node is only reached over HTTPS), every
//! response also carries `Strict-Transport-Security: max-age=31536000; includeSubDomains`.
//! HSTS is not inferred from `X-Forwarded-Proto`, which any client can send.

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::app::AppState;
use crate::ingest::http::{self as webhooks, IngestState};

/// The routes crossdock serves. Webhook bodies over `body_limit` bytes are answered 413.
pub fn router(state: Arc<AppState>, body_limit: usize) -> Router {
    let ingest = Arc::new(IngestState::new(state.store.clone(), state.clock.clone()));
    let hooks = Router::new()
        .route("/webhooks/shopify", post(webhooks::shopify))
        .route("/webhooks/woocommerce/{connection}", post(webhooks::woocommerce))
        .route("/webhooks/standard/{connection}", post(webhooks::standard))
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(ingest);
    let plugin_limit = state.plugin_limit;
    let hsts = state.hsts;
    Router::new()
        .route("/healthz", get(healthz))
        .route("/track/{number}", get(crate::track::page))
        .route("/track/{merchant}/{number}", get(crate::track::scoped_page))
        .with_state(state.clone())
        .merge(hooks)
        .merge(crate::api::router(state.clone(), plugin_limit))
        .merge(crate::dashboard::router(state))
        .layer(axum::middleware::map_response(move |response: Response| async move { secure_headers(response, hsts) }))
}

/// The frame-ancestors directive every page carries.
const NO_FRAMING: &str = "frame-ancestors 'none'";

/// Adds the security headers of the module docs to one response.
fn secure_headers(mut response: Response, hsts: bool) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let csp = match headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()) {
        Some(policy) if policy.contains("frame-ancestors") => None,
        Some(policy) => HeaderValue::from_str(&format!("{}; {NO_FRAMING}", policy.trim_end_matches([';', ' ']))).ok(),
        None => Some(HeaderValue::from_static(NO_FRAMING)),
    };
    if let Some(csp) = csp {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    if hsts {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

/// `GET /healthz`: liveness and the node-wide inbox counts, with no token. It holds nothing of
/// any one merchant (no names, ids or per-merchant counts) and no store error text.
async fn healthz(State(state): State<Arc<AppState>>) -> (axum::http::StatusCode, Json<Value>) {
    match state.store.inbox_counts().await {
        Ok(c) => (
            axum::http::StatusCode::OK,
            Json(
                json!({"status": "ok", "inbox": {"pending": c.pending, "processing": c.processing, "done": c.done, "dead": c.dead}}),
            ),
        ),
        Err(e) => {
            // The store's error names hosts, paths and queries: logged, not shown.
            tracing::error!(error = %e, "health check: the store is unavailable");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "error": "the store cannot be read; see the server log"})),
            )
        }
    }
}
