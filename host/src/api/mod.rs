//! The admin API, `/api/v1/…`: JSON over HTTP. Every request and answer body is a type in
//! [`model`], and the OpenAPI document is generated from those types and the handlers'
//! `#[utoipa::path]` attributes (served at `/api/v1/openapi.json` and `/api/v1/openapi.yaml`,
//! printed by `crossdock api openapi`). A route can only be added through `routes!`, so it is
//! in the document by construction; `host/tests/openapi.rs` calls every documented operation
//! and validates each answer against the document.
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
pub mod model;
mod setup;

use std::sync::Arc;

use axum::Json;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use auth::{Caller, Scope, hash_token, new_token};

use crate::app::AppState;
use crate::store::{Page, StoreError};

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
        let body = model::ErrorBody { error: model::ErrorDetail { code: self.code.to_owned(), message: self.message } };
        (self.status, Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// `?limit=&after=` of a list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 200; 50 when left out.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}

impl PageQuery {
    pub fn page(&self) -> Result<Page, ApiError> {
        let limit = self.limit.unwrap_or(50);
        if !(1..=crate::store::MAX_PAGE).contains(&limit) {
            return Err(ApiError::invalid(format!(
                "limit must be between 1 and {}, not {limit}",
                crate::store::MAX_PAGE
            )));
        }
        Ok(Page { limit, after: self.after.clone().filter(|a| !a.is_empty()) })
    }
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

/// The document's fixed parts: what the API is, how it authenticates, and the error answer
/// every operation may give.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "crossdock admin API",
        description = "Merchants, storefront connections, markets and plugin bindings, and what the pipeline did. \
            Every request but this document carries `Authorization: Bearer <token>`. Lists are \
            `{\"items\": [...], \"next\": cursor|null}` and take `?limit=` (1-200, default 50) and `?after=`.",
    ),
    components(schemas(model::ErrorBody))
)]
struct Doc;

/// Applied once every route is collected: adds the bearer scheme, requires it on every operation but the document itself, and gives
/// every operation the error answer (`default`: `{"error": {code, message}}`).
struct Conventions;

impl utoipa::Modify for Conventions {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::SecurityRequirement;
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
        let error = ResponseBuilder::new()
            .description("Not a success: the error's code and a message saying what to do")
            .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
            .build();
        for (path, item) in doc.paths.paths.iter_mut() {
            let public = path.starts_with("/api/v1/openapi");
            for op in operations(item) {
                op.responses.responses.entry("default".into()).or_insert_with(|| error.clone().into());
                if !public {
                    op.security = Some(vec![SecurityRequirement::new("bearer", Vec::<String>::new())]);
                }
            }
        }
    }
}

fn operations(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch, &mut item.head]
        .into_iter()
        .filter_map(Option::as_mut)
}

/// Every route with its documentation. Add a route here, through `routes!`, and it is in the
/// document.
/// `plugin_limit` caps an uploaded component, in bytes.
fn documented(plugin_limit: usize) -> OpenApiRouter<Arc<AppState>> {
    use activity as a;
    use bindings as b;
    use setup as s;
    // Uploads carry multipart framing around the component, on top of the component's own cap.
    let uploads =
        OpenApiRouter::new().routes(routes!(a::install_plugin)).layer(DefaultBodyLimit::max(plugin_limit + (64 << 10)));
    OpenApiRouter::with_openapi(Doc::openapi())
        .routes(routes!(openapi_json))
        .routes(routes!(openapi_yaml))
        // What a merchant sets up.
        .routes(routes!(s::merchants, s::create_merchant))
        .routes(routes!(s::merchant, s::update_merchant))
        .routes(routes!(s::tokens, s::create_token))
        .routes(routes!(s::revoke_token))
        .routes(routes!(s::connections, s::create_connection))
        .routes(routes!(s::connection, s::delete_connection))
        .routes(routes!(s::markets, s::create_market))
        .routes(routes!(s::market, s::update_market, s::delete_market))
        .routes(routes!(s::catalog))
        .routes(routes!(s::catalog_item, s::put_catalog_item, s::delete_catalog_item))
        .routes(routes!(s::warehouses))
        .routes(routes!(s::put_warehouse))
        // Plugins bound to markets.
        .routes(routes!(b::bindings))
        .routes(routes!(b::put_binding, b::delete_binding))
        .routes(routes!(b::enable))
        .routes(routes!(b::disable))
        // What a merchant watches.
        .routes(routes!(a::plugins))
        .routes(routes!(a::plugin))
        .routes(routes!(a::orders))
        .routes(routes!(a::order))
        .routes(routes!(a::shipments))
        .routes(routes!(a::shipment))
        .routes(routes!(a::shipment_label))
        .routes(routes!(a::returns))
        .routes(routes!(a::return_))
        .routes(routes!(a::events))
        .routes(routes!(a::event))
        .routes(routes!(a::replay))
        .routes(routes!(a::runs))
        .routes(routes!(a::audit_log))
        .merge(uploads)
}

/// The generated OpenAPI document of this API.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = documented(0).into_openapi();
    utoipa::Modify::modify(&Conventions, &mut doc);
    doc
}

/// The `/api/v1` routes. `plugin_limit` caps an uploaded component, in bytes.
pub fn router(state: Arc<AppState>, plugin_limit: usize) -> axum::Router {
    let (routes, _) = documented(plugin_limit).split_for_parts();
    routes.fallback(not_found).with_state(state)
}

/// The document as JSON and YAML, rendered once.
fn rendered() -> &'static (String, String) {
    static RENDERED: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    RENDERED.get_or_init(|| {
        let doc = document();
        let json = doc.to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        let yaml = doc.to_yaml().unwrap_or_else(|e| format!("error: {e}\n"));
        (json, yaml)
    })
}

/// This API's OpenAPI document, as JSON.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "document",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json", body = Object)))]
async fn openapi_json() -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], rendered().0.as_str())
}

/// This API's OpenAPI document, as YAML.
#[utoipa::path(get, path = "/api/v1/openapi.yaml", tag = "document",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/yaml", body = String)))]
async fn openapi_yaml() -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/yaml; charset=utf-8")], rendered().1.as_str())
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no such endpoint: {}; the API is described at /api/v1/openapi.json", uri.path()),
    )
}

/// Milliseconds since the epoch as the API's timestamp (whole seconds).
pub fn timestamp(ms: i64) -> crossdock_types::Timestamp {
    crossdock_types::Timestamp::from_unix(ms.div_euclid(1000))
}

/// Milliseconds since the epoch as RFC 3339 text.
pub fn rfc3339_ms(ms: i64) -> String {
    timestamp(ms).to_string()
}
