//! The admin API, `/api/v1/…`: JSON over HTTP, documented in `openapi.yaml` (served at
//! `/api/v1/openapi.yaml`).
//!
//! Every request but the OpenAPI document carries `Authorization: Bearer <token>`. A token
//! belongs to one merchant and has a scope: `read` (GET), `write` (also markets, bindings,
//! catalog, warehouses, replays) or `admin` (also tokens, connections, plugin uploads, the
//! merchant itself). Every handler scopes its queries to the token's merchant, so another
//! merchant's rows answer 404 exactly as if they did not exist. Creating merchants takes the
//! operator token the server was started with (`--operator-token`).
//!
//! Errors always have the body `{"error": {"code": "…", "message": "…"}}`; lists are
//! `{"items": […], "next": "<cursor>" | null}`, and the long ones take `?limit=` (1–200,
//! default 50) and `?after=<cursor>`.

mod activity;
mod auth;
mod bindings;
mod setup;

use std::sync::Arc;

use axum::Json;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use serde::Deserialize;
use serde_json::{Value, json};

pub use auth::{Caller, Scope, hash_token, new_token};

use crate::app::AppState;
use crate::store::{Page, StoreError};

/// The OpenAPI document of this API.
pub const OPENAPI: &str = include_str!("openapi.yaml");

/// An API error: its HTTP status, a stable code and a message saying what to do.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into() }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
    }

    pub fn not_found(what: &str, key: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", format!("{what} `{key}` does not exist"))
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(m) => Self::invalid(m),
            StoreError::NotFound { what, key } => Self::not_found(what, &key),
            StoreError::Conflict(m) => Self::conflict(m),
            other => {
                tracing::error!(error = %other, "admin API: store failure");
                Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", format!("the store failed: {other}"))
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({"error": {"code": self.code, "message": self.message}}))).into_response()
    }
}

pub type ApiResult<T = Json<Value>> = Result<T, ApiError>;

/// `?limit=&after=` of a list.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    pub limit: Option<u32>,
    pub after: Option<String>,
}

impl PageQuery {
    pub fn page(&self) -> Result<Page, ApiError> {
        let limit = self.limit.unwrap_or(50);
        if !(1..=crate::store::admin::MAX_PAGE).contains(&limit) {
            return Err(ApiError::invalid(format!(
                "limit must be between 1 and {}, not {limit}",
                crate::store::admin::MAX_PAGE
            )));
        }
        Ok(Page { limit, after: self.after.clone().filter(|a| !a.is_empty()) })
    }
}

/// A list body: the items, and the cursor of the next page when this one is full.
pub fn list(items: Vec<Value>, page: &Page, key: impl Fn(&Value) -> Option<String>) -> Json<Value> {
    let next = if items.len() == page.limit as usize { items.last().and_then(key) } else { None };
    Json(json!({"items": items, "next": next}))
}

/// Parses a JSON request body, answering a clear 400 (with the path of the bad field) instead
/// of axum's plain-text rejection.
pub fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." || path.is_empty() { String::new() } else { format!(" at `{path}`") };
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("the request body is not valid{at}: {}", e.inner()),
        )
    })
}

/// The `/api/v1` routes. `plugin_limit` caps an uploaded component, in bytes.
pub fn router(state: Arc<AppState>, plugin_limit: usize) -> axum::Router {
    use activity as a;
    use bindings as b;
    use setup as s;
    let uploads = axum::Router::new()
        .route("/api/v1/plugins", post(a::install_plugin))
        // Multipart framing around the component, on top of the component's own cap.
        .layer(DefaultBodyLimit::max(plugin_limit + (64 << 10)))
        .with_state(state.clone());
    axum::Router::new()
        .route("/api/v1/openapi.yaml", get(openapi))
        .route("/api/v1/merchants", get(s::merchants).post(s::create_merchant))
        .route("/api/v1/merchants/{id}", get(s::merchant).patch(s::update_merchant))
        .route("/api/v1/tokens", get(s::tokens).post(s::create_token))
        .route("/api/v1/tokens/{id}", delete(s::revoke_token))
        .route("/api/v1/connections", get(s::connections).post(s::create_connection))
        .route("/api/v1/connections/{id}", get(s::connection).delete(s::delete_connection))
        .route("/api/v1/plugins", get(a::plugins))
        .route("/api/v1/plugins/{name}", get(a::plugin))
        .route("/api/v1/markets", get(s::markets).post(s::create_market))
        .route("/api/v1/markets/{name}", get(s::market).put(s::update_market).delete(s::delete_market))
        .route("/api/v1/bindings", get(b::bindings))
        .route("/api/v1/markets/{market}/bindings/{plugin}", put(b::put_binding).delete(b::delete_binding))
        .route("/api/v1/markets/{market}/bindings/{plugin}/enable", post(b::enable))
        .route("/api/v1/markets/{market}/bindings/{plugin}/disable", post(b::disable))
        .route("/api/v1/catalog", get(s::catalog))
        .route("/api/v1/catalog/{sku}", get(s::catalog_item).put(s::put_catalog_item).delete(s::delete_catalog_item))
        .route("/api/v1/warehouses", get(s::warehouses))
        .route("/api/v1/warehouses/{id}", put(s::put_warehouse))
        .route("/api/v1/orders", get(a::orders))
        .route("/api/v1/orders/{id}", get(a::order))
        .route("/api/v1/shipments", get(a::shipments))
        .route("/api/v1/shipments/{id}", get(a::shipment))
        .route("/api/v1/shipments/{id}/label", get(a::shipment_label))
        .route("/api/v1/returns", get(a::returns))
        .route("/api/v1/returns/{id}", get(a::return_))
        .route("/api/v1/events", get(a::events))
        .route("/api/v1/events/{id}", get(a::event))
        .route("/api/v1/events/{id}/replay", post(a::replay))
        .route("/api/v1/plugin-runs", get(a::runs))
        .route("/api/v1/audit", get(a::audit_log))
        .fallback(not_found)
        .with_state(state)
        .merge(uploads)
}

async fn openapi() -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/yaml; charset=utf-8")], OPENAPI)
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no such endpoint: {}; the API is described at /api/v1/openapi.yaml", uri.path()),
    )
}

/// Milliseconds since the epoch as RFC 3339 text.
pub fn rfc3339_ms(ms: i64) -> String {
    crossdock_types::Timestamp::from_unix(ms.div_euclid(1000)).to_string()
}
