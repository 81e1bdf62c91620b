//! What the merchant watches: installed plugins (and uploads), orders, shipments with their
//! customs assessment and label, returns, inbox events with dead letters and replay, plugin
//! runs, and the audit log.

use std::str::FromStr;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use crossdock_types::LabelFormat;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::model::activity as model;
use super::setup::audit;
use super::{ApiError, ApiResult, Caller, PageQuery, Scope, timestamp as at};
use crate::app::AppState;
use crate::domain::{OrderStatus, ReturnStatus, RunOutcome, ShipmentStatus};
use crate::registry::UploadError;
use crate::runtime::{LoadError, Plugin};
use crate::store::{
    AuditEntry, EventStatus, InboxEvent, OrderRow, Page, ReturnRow, RunEntry, ShipmentFilter, ShipmentRow, StoreError,
};

/// A `?name=` filter read into its enum: absent is no filter, a word the enum does not know
/// is a 422 naming the words it does.
fn filter<T>(name: &str, value: Option<&str>) -> Result<Option<T>, ApiError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    match value.filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|e| ApiError::invalid(format!("?{name}=: {e}"))),
    }
}

/// A JSON column read into the type the pipeline wrote it as. The pipeline only writes these
/// from the same types, so one that does not read back is a corrupt row, answered as a store
/// failure rather than passed on unchecked.
fn stored<T: DeserializeOwned>(column: &'static str, text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupt { column, value: text.to_owned(), reason: e.to_string() }.into())
}

fn stored_opt<T: DeserializeOwned>(column: &'static str, text: Option<&str>) -> Result<Option<T>, ApiError> {
    text.map(|t| stored(column, t)).transpose()
}

/// A text column holding one of an enum's words (which the store keeps as text).
fn stored_word<T>(column: &'static str, text: &str) -> Result<T, ApiError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    text.parse()
        .map_err(|e: T::Err| StoreError::Corrupt { column, value: text.to_owned(), reason: e.to_string() }.into())
}

/// A stored label format (`pdf`, `zpl`, `png`: the contract's words).
fn label_format(text: &str) -> Result<LabelFormat, ApiError> {
    stored("label_format", &Value::String(text.to_owned()).to_string())
}

fn size(len: usize) -> u64 {
    u64::try_from(len).unwrap_or(u64::MAX)
}

// ---- plugins --------------------------------------------------------------------------------

fn plugin_view(p: &Plugin, owner: Option<&str>) -> model::Plugin {
    model::Plugin {
        name: p.metadata.name.clone(),
        version: p.metadata.version.clone(),
        kind: p.metadata.kind,
        description: p.metadata.description.clone(),
        covers: p.metadata.covers.clone(),
        sha256: p.digest.hex(),
        size_bytes: size(p.size_bytes),
        contract_version: p.contract_version.clone(),
        first_party: owner.is_none(),
    }
}

/// The plugins the merchant can bind.
#[utoipa::path(get, path = "/api/v1/plugins", tag = "plugins",
    responses((status = 200, description = "First-party plugins and the merchant's uploads, whole", body = model::PluginList)))]
pub async fn plugins(State(state): State<Arc<AppState>>, caller: Caller) -> ApiResult<Json<model::PluginList>> {
    let items = state
        .registry
        .list()
        .iter()
        .filter(|p| state.registry.visible_to(p.name(), &caller.merchant_id))
        .map(|p| plugin_view(p, state.registry.owner(p.name()).flatten().as_deref()))
        .collect();
    Ok(Json(model::PluginList::all(items)))
}

/// One plugin with its configuration schema, versions and recent runs.
#[utoipa::path(get, path = "/api/v1/plugins/{name}", tag = "plugins",
    params(("name" = String, Path, description = "The plugin's name", example = "customs-eu")),
    responses((status = 200, description = "The plugin", body = model::PluginDetail)))]
pub async fn plugin(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(name): Path<String>,
) -> ApiResult<Json<model::PluginDetail>> {
    if !state.registry.visible_to(&name, &caller.merchant_id) {
        return Err(ApiError::not_found("plugin", &name));
    }
    let p = state.registry.get(&name).ok_or_else(|| ApiError::not_found("plugin", &name))?;
    let versions = state
        .store
        .plugins_visible(Some(&caller.merchant_id))
        .await?
        .into_iter()
        .filter(|r| r.name == name)
        .map(|r| model::PluginVersion {
            version: r.version,
            sha256: r.digest,
            size_bytes: u64::try_from(r.size_bytes).unwrap_or(0),
            installed_at: at(r.installed_at_ms),
        })
        .collect();
    let page = Page { limit: 20, after: None };
    let recent_runs = state
        .store
        .runs_page(&caller.merchant_id, Some(&name), None, None, &page)
        .await?
        .iter()
        .map(run_view)
        .collect::<Result<_, _>>()?;
    let view = plugin_view(&p, state.registry.owner(&name).flatten().as_deref());
    Ok(Json(model::PluginDetail {
        name: view.name,
        version: view.version,
        kind: view.kind,
        description: view.description,
        covers: view.covers,
        sha256: view.sha256,
        size_bytes: view.size_bytes,
        contract_version: view.contract_version,
        first_party: view.first_party,
        // A plugin's schema is its own text; one that does not parse shows as none.
        config_schema: serde_json::from_str(&p.metadata.config_schema).ok(),
        versions,
        recent_runs,
    }))
}

/// Installs a plugin the merchant built: the component as the raw body, or as the file field
/// (`plugin`) of a form. Only this merchant sees and can bind it.
#[utoipa::path(post, path = "/api/v1/plugins", tag = "plugins",
    request_body(
        description = "The plugin's `.wasm` component: the raw body (`application/wasm` or `application/octet-stream`), \
            or the first file field (or the field `plugin`) of a `multipart/form-data` form",
        content(("application/wasm"), ("application/octet-stream"), ("multipart/form-data"))
    ),
    responses(
        (status = 201, description = "Installed", body = model::Plugin),
        (status = 200, description = "This exact component was installed already", body = model::Plugin),
    ))]
pub async fn install_plugin(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    request: Request,
) -> ApiResult<(StatusCode, Json<model::Plugin>)> {
    caller.require(Scope::Admin)?;
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let too_large = |e: &dyn std::fmt::Display| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("the upload could not be read ({e}); a plugin may be at most {} bytes", state.plugin_limit),
        )
    };
    let wasm: Bytes = if is_multipart {
        let mut form = Multipart::from_request(request, &state)
            .await
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad_request", e.body_text()))?;
        let mut found = None;
        while let Some(field) = form.next_field().await.map_err(|e| too_large(&e))? {
            if field.file_name().is_some() || field.name() == Some("plugin") {
                found = Some(field.bytes().await.map_err(|e| too_large(&e))?);
                break;
            }
        }
        found.ok_or_else(|| ApiError::invalid("the form has no file field: send the .wasm as field `plugin`"))?
    } else {
        Bytes::from_request(request, &state).await.map_err(|e| too_large(&e))?
    };
    if wasm.is_empty() {
        return Err(ApiError::invalid("the body is empty: send the plugin's .wasm component"));
    }
    if wasm.len() > state.plugin_limit {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("the plugin is {} bytes, over the limit of {} bytes", wasm.len(), state.plugin_limit),
        ));
    }
    let installed = state
        .registry
        .install_upload(&state.runtime, &state.store, wasm, &caller.merchant_id, state.upload_quota)
        .await
        .map_err(|e| match e {
            UploadError::Invalid(LoadError::TooLarge { size, limit }) => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the plugin is {size} bytes, over the limit of {limit} bytes"),
            ),
            UploadError::Invalid(e) => ApiError::invalid(format!("not a crossdock plugin: {e}")),
            e @ UploadError::Reserved(_) => ApiError::conflict(e.to_string()),
            e @ UploadError::TooManyVersions { .. } => {
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "quota_exceeded", e.to_string())
            }
            e @ UploadError::OverQuota { .. } => {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "quota_exceeded", e.to_string())
            }
            UploadError::Store(e) => e.into(),
        })?;
    let view = plugin_view(&installed.plugin, Some(&caller.merchant_id));
    if installed.new {
        let after = serde_json::to_value(&view).ok();
        audit(&state, &caller, "plugin.install", installed.plugin.label(), None, after).await?;
    }
    Ok((if installed.new { StatusCode::CREATED } else { StatusCode::OK }, Json(view)))
}

// ---- orders ---------------------------------------------------------------------------------

fn order_view(o: &OrderRow) -> Result<model::Order, ApiError> {
    Ok(model::Order {
        id: o.external_id.clone(),
        platform: o.platform,
        status: stored_word("orders.status", &o.status)?,
        updated_at: at(o.updated_at_ms),
        order: stored("orders.data_json", &o.data_json)?,
    })
}

/// Orders, a page at a time.
#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", params(model::OrderQuery),
    responses((status = 200, description = "A page of orders", body = model::OrderList)))]
pub async fn orders(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(q): Query<model::OrderQuery>,
) -> ApiResult<Json<model::OrderList>> {
    let page = PageQuery { limit: q.limit, after: q.after.clone() }.page()?;
    let status: Option<OrderStatus> = filter("status", q.status.as_deref())?;
    let rows = state.store.orders_page(&caller.merchant_id, status.map(OrderStatus::as_str), &page).await?;
    let items = rows.iter().map(order_view).collect::<Result<_, _>>()?;
    Ok(Json(model::OrderList::new(items, &page, |o| o.id.clone())))
}

/// One order with its shipments.
#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "orders",
    params(("id" = String, Path, description = "The storefront's id of the order", example = "7001")),
    responses((status = 200, description = "The order", body = model::OrderDetail)))]
pub async fn order(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<model::OrderDetail>> {
    let o = state.store.order(&caller.merchant_id, &id).await?.ok_or_else(|| ApiError::not_found("order", &id))?;
    let shipments = state
        .store
        .shipments_for_order(&caller.merchant_id, &id)
        .await?
        .iter()
        .map(shipment_view)
        .collect::<Result<_, _>>()?;
    let o = order_view(&o)?;
    Ok(Json(model::OrderDetail {
        id: o.id,
        platform: o.platform,
        status: o.status,
        updated_at: o.updated_at,
        order: o.order,
        shipments,
    }))
}

// ---- shipments ------------------------------------------------------------------------------

fn shipment_view(s: &ShipmentRow) -> Result<model::Shipment, ApiError> {
    let label = match &s.label {
        None => None,
        Some(bytes) => {
            let format = s.label_format.as_deref().ok_or_else(|| StoreError::Corrupt {
                column: "shipments.label_format",
                value: String::new(),
                reason: "a shipment with a label has no label format".into(),
            })?;
            Some(model::LabelLink {
                format: label_format(format)?,
                size_bytes: size(bytes.len()),
                href: format!("/api/v1/shipments/{}/label", s.id),
            })
        }
    };
    Ok(model::Shipment {
        id: s.id.clone(),
        order: s.order_external_id.clone(),
        warehouse: s.warehouse_id.clone(),
        destination_country: s.destination_country,
        status: s.status,
        hold_reason: s.hold_reason.clone(),
        carrier: s.carrier.clone(),
        service_code: s.service_code.clone(),
        tracking_number: s.tracking_number.clone(),
        tracking_url: s.tracking_number.as_deref().map(|n| crate::track::tracking_path(&s.merchant_id, n)),
        price: s.price,
        label,
        customs: stored_opt("shipments.customs_json", s.customs_json.as_deref())?,
        invoice: stored_opt("shipments.invoice_json", s.invoice_json.as_deref())?,
        created_at: at(s.created_at_ms),
        updated_at: at(s.updated_at_ms),
    })
}

/// Shipments, filtered, a page at a time.
#[utoipa::path(get, path = "/api/v1/shipments", tag = "shipments", params(model::ShipmentQuery),
    responses((status = 200, description = "A page of shipments", body = model::ShipmentList)))]
pub async fn shipments(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(q): Query<model::ShipmentQuery>,
) -> ApiResult<Json<model::ShipmentList>> {
    let page = PageQuery { limit: q.limit, after: q.after.clone() }.page()?;
    let status: Option<ShipmentStatus> = filter("status", q.status.as_deref())?;
    let filter = ShipmentFilter {
        status: status.map(ShipmentStatus::as_str),
        carrier: q.carrier.as_deref(),
        country: q.country.as_deref(),
        order: q.order.as_deref(),
    };
    let rows = state.store.shipments_page(&caller.merchant_id, &filter, &page).await?;
    let items = rows.iter().map(shipment_view).collect::<Result<_, _>>()?;
    Ok(Json(model::ShipmentList::new(items, &page, |s| s.id.clone())))
}

/// One shipment with its customs assessment, invoice and label link.
#[utoipa::path(get, path = "/api/v1/shipments/{id}", tag = "shipments",
    params(("id" = String, Path, description = "The shipment's id", example = "acme:7001:main")),
    responses((status = 200, description = "The shipment", body = model::Shipment)))]
pub async fn shipment(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<model::Shipment>> {
    let s = state.store.merchant_shipment(&caller.merchant_id, &id).await?;
    Ok(Json(shipment_view(&s.ok_or_else(|| ApiError::not_found("shipment", &id))?)?))
}

/// A shipment's label document, in the format the carrier made it.
#[utoipa::path(get, path = "/api/v1/shipments/{id}/label", tag = "shipments",
    params(("id" = String, Path, description = "The shipment's id", example = "acme:7001:main")),
    responses((status = 200, description = "The label, inline, named `{id}.pdf`, `.png` or `.zpl`",
        headers(("Content-Disposition" = String, description = "`inline; filename=\"{id}.{format}\"`")),
        content(("application/pdf"), ("image/png"), ("text/plain")))))]
pub async fn shipment_label(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let s = state.store.merchant_shipment(&caller.merchant_id, &id).await?;
    let s = s.ok_or_else(|| ApiError::not_found("shipment", &id))?;
    let Some(label) = s.label else {
        return Err(ApiError::not_found("label of shipment", &id));
    };
    let format = s.label_format.as_deref().map(label_format).transpose()?;
    let (content_type, ext) = match format {
        Some(LabelFormat::Pdf) => ("application/pdf", "pdf"),
        Some(LabelFormat::Png) => ("image/png", "png"),
        // ZPL is printer commands as text; a label stored without a format was always ZPL.
        Some(LabelFormat::Zpl) | None => ("text/plain; charset=utf-8", "zpl"),
    };
    let disposition = format!("inline; filename=\"{id}.{ext}\"");
    Ok(([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], label)
        .into_response())
}

// ---- returns --------------------------------------------------------------------------------

fn return_view(r: &ReturnRow) -> Result<model::Return, ApiError> {
    Ok(model::Return {
        id: r.id.clone(),
        order: r.order_external_id.clone(),
        status: r.status,
        hold_reason: r.hold_reason.clone(),
        decision: stored_opt("returns.decision_json", r.decision_json.as_deref())?,
        carrier: r.carrier.clone(),
        tracking_number: r.tracking_number.clone(),
        label_format: r.label_format.as_deref().map(label_format).transpose()?,
        created_at: at(r.created_at_ms),
        updated_at: at(r.updated_at_ms),
    })
}

/// Return requests, a page at a time.
#[utoipa::path(get, path = "/api/v1/returns", tag = "returns", params(model::ReturnQuery),
    responses((status = 200, description = "A page of returns", body = model::ReturnList)))]
pub async fn returns(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(q): Query<model::ReturnQuery>,
) -> ApiResult<Json<model::ReturnList>> {
    let page = PageQuery { limit: q.limit, after: q.after.clone() }.page()?;
    let status: Option<ReturnStatus> = filter("status", q.status.as_deref())?;
    let rows = state.store.returns_page(&caller.merchant_id, status.map(ReturnStatus::as_str), &page).await?;
    let items = rows.iter().map(return_view).collect::<Result<_, _>>()?;
    Ok(Json(model::ReturnList::new(items, &page, |r| r.id.clone())))
}

/// One return request with the returns plugin's decision.
#[utoipa::path(get, path = "/api/v1/returns/{id}", tag = "returns",
    params(("id" = String, Path, description = "The return's id", example = "acme:71")),
    responses((status = 200, description = "The return", body = model::Return)))]
pub async fn return_(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<model::Return>> {
    let r = state.store.return_by_id(&id).await?.filter(|r| r.merchant_id == caller.merchant_id);
    Ok(Json(return_view(&r.ok_or_else(|| ApiError::not_found("return", &id))?)?))
}

// ---- events ---------------------------------------------------------------------------------

fn event_view(e: &InboxEvent, with_body: bool) -> model::Event {
    // The body is whatever the storefront sent: its JSON when it is JSON, its text otherwise.
    let body = with_body.then(|| {
        serde_json::from_slice(&e.body).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&e.body).into_owned()))
    });
    model::Event {
        id: e.id,
        connection: e.connection_id.clone(),
        platform: e.platform,
        delivery_id: e.delivery_id.clone(),
        topic: e.topic.clone(),
        status: e.status,
        attempts: e.attempts,
        last_error: e.last_error.clone(),
        received_at: at(e.received_at_ms),
        size_bytes: size(e.body.len()),
        body,
    }
}

/// Inbox events, filtered, a page at a time; `?status=dead` lists the dead letters.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(model::EventQuery),
    responses((status = 200, description = "A page of events, without their bodies", body = model::EventList)))]
pub async fn events(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(q): Query<model::EventQuery>,
) -> ApiResult<Json<model::EventList>> {
    let page = PageQuery { limit: q.limit, after: q.after.clone() }.page()?;
    let status: Option<EventStatus> =
        match q.status.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(s.parse().map_err(|_| {
                ApiError::invalid(format!("status must be pending, processing, done or dead, not `{s}`"))
            })?),
        };
    let rows = state
        .store
        .events_page(&caller.merchant_id, status.map(EventStatus::as_str), q.topic.as_deref(), &page)
        .await?;
    let items = rows.iter().map(|e| event_view(e, false)).collect();
    Ok(Json(model::EventList::new(items, &page, |e| e.id.to_string())))
}

async fn own_event(state: &AppState, caller: &Caller, id: &str) -> Result<InboxEvent, ApiError> {
    let parsed: i64 = id.parse().map_err(|_| ApiError::not_found("event", id))?;
    let e = state.store.event(parsed).await?.filter(|e| e.merchant_id == caller.merchant_id);
    e.ok_or_else(|| ApiError::not_found("event", id))
}

/// One inbox event with its body.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i64, Path, description = "The event's id")),
    responses((status = 200, description = "The event, with its body", body = model::Event)))]
pub async fn event(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<model::Event>> {
    Ok(Json(event_view(&own_event(&state, &caller, &id).await?, true)))
}

/// Sends an event through the pipeline again: it becomes pending, with its attempts reset.
#[utoipa::path(post, path = "/api/v1/events/{id}/replay", tag = "events",
    params(("id" = i64, Path, description = "The event's id")),
    responses((status = 200, description = "The event, pending again (without its body)", body = model::Event)))]
pub async fn replay(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<model::Event>> {
    caller.require(Scope::Write)?;
    let e = own_event(&state, &caller, &id).await?;
    state.store.replay(e.id, state.clock.now_ms()).await?;
    let target = e.id.to_string();
    audit(
        &state,
        &caller,
        "event.replay",
        &target,
        Some(json!({"status": e.status})),
        Some(json!({"status": EventStatus::Pending})),
    )
    .await?;
    let after = own_event(&state, &caller, &id).await?;
    Ok(Json(event_view(&after, false)))
}

// ---- plugin runs and audit ------------------------------------------------------------------

fn run_view(r: &RunEntry) -> Result<model::PluginRun, ApiError> {
    Ok(model::PluginRun {
        id: r.id,
        plugin: r.run.plugin_name.clone(),
        sha256: r.run.plugin_digest.clone(),
        function: r.run.function.clone(),
        event: r.run.event_id,
        subject: r.run.shipment_id.clone(),
        input_sha256: r.run.input_sha256.clone(),
        outcome: stored_word("plugin_runs.outcome", &r.run.outcome)?,
        error: r.run.error.clone(),
        fuel: r.run.fuel,
        wall_us: r.run.wall_us,
        memory_peak_bytes: r.run.memory_peak_bytes,
        at: at(r.run.created_at_ms),
    })
}

/// Plugin calls, filtered, newest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/plugin-runs", tag = "plugin runs", params(model::RunQuery),
    responses((status = 200, description = "A page of plugin runs", body = model::PluginRunList)))]
pub async fn runs(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(q): Query<model::RunQuery>,
) -> ApiResult<Json<model::PluginRunList>> {
    let page = PageQuery { limit: q.limit, after: q.after.clone() }.page()?;
    let outcome: Option<RunOutcome> = filter("outcome", q.outcome.as_deref())?;
    let rows = state
        .store
        .runs_page(
            &caller.merchant_id,
            q.plugin.as_deref(),
            outcome.map(RunOutcome::as_str),
            q.shipment.as_deref(),
            &page,
        )
        .await?;
    let items = rows.iter().map(run_view).collect::<Result<_, _>>()?;
    Ok(Json(model::PluginRunList::new(items, &page, |r| r.id.to_string())))
}

fn audit_view(a: &AuditEntry) -> Result<model::AuditEntry, ApiError> {
    Ok(model::AuditEntry {
        id: a.id,
        actor: a.actor.clone(),
        action: a.action.clone(),
        target: a.target.clone(),
        before: stored_opt("audit.before_json", a.before_json.as_deref())?,
        after: stored_opt("audit.after_json", a.after_json.as_deref())?,
        at: at(a.at_ms),
    })
}

/// Changes made to the merchant's setup, newest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(model::AuditQuery),
    responses((status = 200, description = "A page of the audit log", body = model::AuditLog)))]
pub async fn audit_log(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(q): Query<model::AuditQuery>,
) -> ApiResult<Json<model::AuditLog>> {
    let page = PageQuery { limit: q.limit, after: q.after.clone() }.page()?;
    let rows = state.store.audit_log(&caller.merchant_id, q.action.as_deref(), &page).await?;
    let items = rows.iter().map(audit_view).collect::<Result<_, _>>()?;
    Ok(Json(model::AuditLog::new(items, &page, |a| a.id.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_filter_reads_into_its_enum_and_an_unknown_word_is_a_422_naming_the_known_ones() {
        assert_eq!(filter::<ShipmentStatus>("status", Some("in_transit")).ok(), Some(Some(ShipmentStatus::InTransit)));
        assert_eq!(filter::<ShipmentStatus>("status", Some("")).ok(), Some(None), "an empty filter is no filter");
        let err = filter::<RunOutcome>("outcome", Some("crashed")).expect_err("unknown");
        assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            err.message,
            "?outcome=: `crashed` is not a run outcome: expected one of ok, declined, limit, failed"
        );
    }

    #[test]
    fn a_stored_column_that_does_not_read_back_as_its_type_is_a_store_failure() {
        assert_eq!(label_format("png").ok(), Some(LabelFormat::Png));
        let err = label_format("gif").expect_err("unknown format");
        assert_eq!(err.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(err.message.contains("`label_format`"), "{}", err.message);
        let err =
            stored::<crossdock_types::Decision>("returns.decision_json", "{\"approved\": true}").expect_err("partial");
        assert!(err.message.contains("`returns.decision_json`"), "{}", err.message);
    }
}
