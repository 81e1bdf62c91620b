//! The HTTP server: health, and the plugins this node has loaded.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::runtime::{Plugin, Runtime};

/// What every handler can reach.
pub struct AppState {
    pub runtime: Arc<Runtime>,
    pub plugins: Vec<Arc<Plugin>>,
}

/// The routes crossdock serves.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new().route("/healthz", get(healthz)).route("/api/v1/plugins", get(plugins)).with_state(state)
}

async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

async fn plugins(State(state): State<Arc<AppState>>) -> Json<Value> {
    let plugins: Vec<Value> = state
        .plugins
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
