//! The HTTP server's routes: health, the webhook endpoints, the admin API (`crate::api`) and
//! the dashboard (`crate::dashboard`).

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::cli::serve::Node;
use crate::ingest::http::{self as webhooks, IngestState};
use crate::registry::Registry;
use crate::runtime::Runtime;
use crate::store::Store;

/// What every handler can reach.
pub struct AppState {
    pub registry: Arc<Registry>,
    pub store: Store,
    pub runtime: Arc<Runtime>,
    /// Largest plugin upload, in bytes.
    pub plugin_limit: usize,
    /// SHA-256 (hex) of the operator token, which may create merchants; `None`: nobody may.
    pub operator_token_sha256: Option<String>,
}

impl AppState {
    /// The state of a started node; `operator_token` enables `POST /api/v1/merchants`.
    pub fn new(node: &Node, operator_token: Option<&str>) -> Self {
        Self {
            registry: node.registry.clone(),
            store: node.store.clone(),
            runtime: node.pipeline.runtime.clone(),
            plugin_limit: node.pipeline.runtime.config().max_plugin_bytes,
            operator_token_sha256: operator_token.filter(|t| !t.is_empty()).map(crate::api::hash_token),
        }
    }
}

/// The routes crossdock serves. Webhook bodies over `body_limit` bytes are answered 413.
pub fn router(state: Arc<AppState>, body_limit: usize) -> Router {
    let ingest = Arc::new(IngestState::new(state.store.clone()));
    let hooks = Router::new()
        .route("/webhooks/shopify", post(webhooks::shopify))
        .route("/webhooks/woocommerce/{connection}", post(webhooks::woocommerce))
        .route("/webhooks/standard/{connection}", post(webhooks::standard))
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(ingest);
    let plugin_limit = state.plugin_limit;
    Router::new()
        .route("/healthz", get(healthz))
        .route("/track/{number}", get(crate::track::page))
        .with_state(state.clone())
        .merge(hooks)
        .merge(crate::api::router(state.clone(), plugin_limit))
        .merge(crate::dashboard::router(state))
}

async fn healthz(State(state): State<Arc<AppState>>) -> (axum::http::StatusCode, Json<Value>) {
    match state.store.inbox_counts().await {
        Ok(c) => (
            axum::http::StatusCode::OK,
            Json(
                json!({"status": "ok", "inbox": {"pending": c.pending, "processing": c.processing, "done": c.done, "dead": c.dead}}),
            ),
        ),
        Err(e) => (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "unavailable", "error": e.to_string()})),
        ),
    }
}
