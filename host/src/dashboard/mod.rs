//! The merchant's web dashboard, served at `/`: server-rendered HTML over the admin API.
//!
//! Every page is rendered on the server (with `maud`, which escapes everything it
//! interpolates) and every action is a plain HTML form POST, so the dashboard works without
//! JavaScript; `dashboard.js` only keeps the scroll position across a switch and marks a form
//! busy while it submits. There is no front-end build: the stylesheet and the script are
//! compiled into the binary from `host/static/`.
//!
//! The dashboard has no rules of its own. Every read and every change is a request to the
//! admin API's router, called in-process with the signed-in token as its bearer
//! ([`backend`]), so scopes, validation, binding rules, merchant isolation and the audit log
//! are exactly the API's; an API error is shown on the page with its message.
//!
//! | route | what |
//! | --- | --- |
//! | `GET /signin`, `POST /signin`, `POST /signout` | sign in with an API token; sign out ([`session`]) |
//! | `GET /` | plugins × markets, a switch in each cell ([`matrix`]) |
//! | `POST /markets/{market}/bindings/{plugin}` | flip one switch (`state=on` binds and enables, `off` disables) |
//! | `GET /plugins/{name}` | a plugin: metadata, a configuration form per market, recent runs ([`plugin`]) |
//! | `POST /plugins/{name}/markets/{market}` | save a binding's configuration |
//! | `GET /orders`, `GET /shipments`, `GET /shipments/{id}` | orders, shipments, one shipment with its customs assessment, invoice and label ([`shipments`]) |
//! | `GET /shipments/{id}/label` | the label document, for the signed-in merchant |
//! | `GET /dead-letters`, `POST /events/{id}/replay` | dead-lettered events and their replay ([`events`]) |
//! | `GET /dashboard/assets/{file}` | the stylesheet and the script |
//!
//! Security: the token lives in an `HttpOnly; SameSite=Strict` cookie and is looked up on every
//! request exactly as the API looks up a bearer token. Every state-changing POST is refused
//! unless its `Origin` (when the browser sends one) is this host and its form carries the
//! session's form token, an HMAC of the signed-in token ([`session::Posted`]).

mod backend;
mod events;
mod form;
mod layout;
mod matrix;
mod plugin;
mod session;
mod shipments;

use std::sync::Arc;

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::app::AppState;

/// What the dashboard's handlers share: the node's state and the admin API to call.
pub struct Dash {
    pub app: Arc<AppState>,
    api: backend::Api,
}

/// The dashboard's routes.
pub fn router(state: Arc<AppState>) -> axum::Router {
    let api = backend::Api::new(crate::api::router(state.clone(), state.plugin_limit));
    let dash = Arc::new(Dash { app: state, api });
    axum::Router::new()
        .route("/signin", get(session::signin_form).post(session::signin))
        .route("/signout", post(session::signout))
        .route("/", get(matrix::page))
        .route("/markets/{market}/bindings/{plugin}", post(matrix::switch))
        .route("/plugins/{name}", get(plugin::page))
        .route("/plugins/{name}/markets/{market}", post(plugin::save))
        .route("/orders", get(shipments::orders))
        .route("/shipments", get(shipments::list))
        .route("/shipments/{id}", get(shipments::detail))
        .route("/shipments/{id}/label", get(shipments::label))
        .route("/dead-letters", get(events::dead_letters))
        .route("/events/{id}/replay", post(events::replay))
        .route("/dashboard/assets/{file}", get(asset))
        .with_state(dash)
}

const STYLESHEET: &str = include_str!("../../static/dashboard.css");
const SCRIPT: &str = include_str!("../../static/dashboard.js");

async fn asset(Path(file): Path<String>) -> Response {
    let (body, content_type) = match file.as_str() {
        "dashboard.css" => (STYLESHEET, "text/css; charset=utf-8"),
        "dashboard.js" => (SCRIPT, "text/javascript; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=300")], body).into_response()
}
