//! The HTTP server's routes: health, readiness and metrics, the webhook endpoints, the admin
//! API (`crate::api`) and the dashboard (`crate::dashboard`), and the security headers every
//! answer carries. The state the handlers share, [`AppState`], lives below them in `crate::app`.
//!
//! The operating endpoints need no token and show nothing of any one merchant:
//! - `GET /healthz`: the process is alive and serving; answers `ok` without touching the
//!   database, so a liveness probe never restarts a node for its database's sake.
//! - `GET /readyz`: whether this node should get traffic: the database answers a trivial query
//!   within [`READY_TIMEOUT`], its migrations are those this binary embeds, plugins are loaded
//!   and workers are running. 200 with the checks as JSON, or 503 naming the failed ones.
//! - `GET /metrics`: the node's metrics in the Prometheus text format (`crate::metrics`): node-
//!   wide figures only, no merchant, shop, order or shipment in any label. They still tell how
//!   busy the node is: keep the path off the public internet (the proxy in front should route
//!   only `/webhooks/`, `/track/`, `/api/` and the dashboard), as with `/readyz`.
//!
//! Every response gets `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` and a
//! `Content-Security-Policy` with `frame-ancestors 'none'` (added to a policy the handler set,
//! or alone), so no page — dashboard or public tracking page — can be framed for
//! clickjacking. crossdock speaks plain HTTP and runs behind a TLS-terminating proxy; when the
//! operator says so with `CROSSDOCK_HSTS=1` (the node is only reached over HTTPS), every
//! response also carries `Strict-Transport-Security: max-age=31536000; includeSubDomains`.
//! HSTS is not inferred from `X-Forwarded-Proto`, which any client can send.

use std::sync::Arc;

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Map, json};

use crate::app::AppState;
use crate::domain::Platform;
use crate::ingest::http::{self as webhooks, IngestState};
use crate::metrics::{Metrics, StoreGauges, WebhookOutcome};

/// How long `/readyz` and `/metrics` wait for the database before calling it unreachable.
pub const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// The routes crossdock serves. Webhook bodies over `body_limit` bytes are answered 413.
pub fn router(state: Arc<AppState>, body_limit: usize) -> Router {
    let ingest = Arc::new(IngestState::new(state.store.clone(), state.clock.clone()));
    let counted = |platform| middleware::from_fn_with_state((state.runtime.metrics().clone(), platform), count_webhook);
    let hooks = Router::new()
        .route("/webhooks/shopify", post(webhooks::shopify).layer(counted(Platform::Shopify)))
        .route("/webhooks/woocommerce/{connection}", post(webhooks::woocommerce).layer(counted(Platform::WooCommerce)))
        .route("/webhooks/standard/{connection}", post(webhooks::standard).layer(counted(Platform::Standard)))
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(ingest);
    let plugin_limit = state.plugin_limit;
    let hsts = state.hsts;
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
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

/// Counts a webhook's answer under its platform: the outcome the handler named (accepted,
/// duplicate, ping), else the one its status stands for (a 413 from the body limit included).
async fn count_webhook(
    State((metrics, platform)): State<(Arc<Metrics>, Platform)>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    let outcome = response
        .extensions()
        .get::<WebhookOutcome>()
        .copied()
        .unwrap_or_else(|| WebhookOutcome::of_status(response.status().as_u16()));
    metrics.webhook(platform, outcome);
    response
}

/// `GET /healthz`: the process is alive. Touches nothing, the database least of all.
async fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: see the module docs. Failed checks say what failed, never a store error's
/// text (it names hosts, paths and queries; the log has it).
async fn readyz(State(state): State<Arc<AppState>>) -> Response {
    let mut checks = Map::new();
    let database = tokio::time::timeout(READY_TIMEOUT, state.store.ping()).await;
    let reachable = match database {
        Ok(Ok(())) => true,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: the database does not answer");
            false
        }
        Err(_) => {
            tracing::warn!(timeout = ?READY_TIMEOUT, "readiness: the database did not answer in time");
            false
        }
    };
    checks.insert("database".into(), json!(if reachable { "ok" } else { "unreachable" }));
    let migrations = if !reachable {
        json!("unknown: the database is unreachable")
    } else {
        match tokio::time::timeout(READY_TIMEOUT, state.store.pending_migrations()).await {
            Ok(Ok(pending)) if pending.is_empty() => json!("ok"),
            Ok(Ok(pending)) => json!(format!("{} not applied: {pending:?}", pending.len())),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "readiness: the applied migrations cannot be read");
                json!("unknown: the applied migrations cannot be read")
            }
            Err(_) => json!("unknown: the database did not answer in time"),
        }
    };
    checks.insert("migrations".into(), migrations);
    let plugins = state.registry.list().len();
    checks.insert("plugins".into(), json!(if plugins > 0 { "ok" } else { "none loaded" }));
    let workers = state.runtime.metrics().workers_running();
    checks.insert("workers".into(), json!(if workers > 0 { "ok" } else { "none running" }));
    let failed: Vec<&String> = checks.iter().filter(|(_, v)| *v != "ok").map(|(k, _)| k).collect();
    if failed.is_empty() {
        (StatusCode::OK, Json(json!({"status": "ready", "checks": checks}))).into_response()
    } else {
        let body = json!({"status": "unready", "failed": failed, "checks": checks});
        (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
    }
}

/// `GET /metrics`: the exposition, with the store's gauges read now (left out, and
/// `crossdock_store_up` 0, when the database does not answer within [`READY_TIMEOUT`]).
async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let gauges = match tokio::time::timeout(READY_TIMEOUT, state.store.live_counts()).await {
        Ok(Ok(live)) => {
            let now = state.clock.now_ms();
            let since =
                |at: Option<i64>| Duration::from_millis(at.map_or(0, |at| now.saturating_sub(at).max(0)) as u64);
            Some(StoreGauges {
                pending: live.pending,
                processing: live.processing,
                dead: live.dead,
                oldest_pending_age: since(live.oldest_pending_ms),
                tracker_lag: since(live.next_poll_ms),
            })
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "metrics: the store cannot be read");
            None
        }
        Err(_) => {
            tracing::warn!(timeout = ?READY_TIMEOUT, "metrics: the store did not answer in time");
            None
        }
    };
    match state.runtime.metrics().render(gauges) {
        Ok(text) => ([(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], text).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "the metrics cannot be encoded");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
