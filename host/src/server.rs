//! The HTTP server's routes: health, the installed plugins, and the webhook endpoints.

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::ingest::http::{self as webhooks, IngestState};
use crate::registry::Registry;
use crate::store::Store;

/// What every handler can reach.
pub struct AppState {
    pub registry: Arc<Registry>,
    pub store: Store,
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
    Router::new().route("/healthz", get(healthz)).route("/api/v1/plugins", get(plugins)).with_state(state).merge(hooks)
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

async fn plugins(State(state): State<Arc<AppState>>) -> Json<Value> {
    let plugins: Vec<Value> = state
        .registry
        .iter()
        .map(|p| {
            json!({
                "name": p.metadata.name,
                "version": p.metadata.version,
                "kind": p.metadata.kind,
                "covers": p.metadata.covers,
                "sha256": p.digest.hex(),
                "size_bytes": p.size_bytes,
            })
        })
        .collect();
    Json(json!({ "plugins": plugins }))
}
