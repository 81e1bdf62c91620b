//! What the merchant watches: installed plugins (and uploads), orders, shipments with their
//! customs assessment and label, returns, inbox events with dead letters and replay, plugin
//! runs, and the audit log.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::setup::audit;
use super::{ApiError, ApiResult, Caller, PageQuery, Scope, list, rfc3339_ms};
use crate::app::AppState;
use crate::registry::UploadError;
use crate::runtime::{LoadError, Plugin};
use crate::store::{InboxEvent, ReturnRow, RunEntry, ShipmentFilter, ShipmentRow};

fn json_or_null(text: Option<&str>) -> Value {
    text.and_then(|t| serde_json::from_str(t).ok()).unwrap_or(Value::Null)
}

// ---- plugins --------------------------------------------------------------------------------

fn plugin_view(p: &Plugin, owner: Option<&str>) -> Value {
    json!({
        "name": p.metadata.name,
        "version": p.metadata.version,
        "kind": p.metadata.kind,
        "description": p.metadata.description,
        "covers": p.metadata.covers,
        "sha256": p.digest.hex(),
        "size_bytes": p.size_bytes,
        "contract_version": p.contract_version,
        "first_party": owner.is_none(),
    })
}

pub async fn plugins(State(state): State<Arc<AppState>>, caller: Caller) -> ApiResult {
    let items: Vec<Value> = state
        .registry
        .list()
        .iter()
        .filter(|p| state.registry.visible_to(p.name(), &caller.merchant_id))
        .map(|p| plugin_view(p, state.registry.owner(p.name()).flatten().as_deref()))
        .collect();
    Ok(Json(json!({"items": items, "next": null})))
}

pub async fn plugin(State(state): State<Arc<AppState>>, caller: Caller, Path(name): Path<String>) -> ApiResult {
    if !state.registry.visible_to(&name, &caller.merchant_id) {
        return Err(ApiError::not_found("plugin", &name));
    }
    let p = state.registry.get(&name).ok_or_else(|| ApiError::not_found("plugin", &name))?;
    let versions: Vec<Value> = state
        .store
        .plugins_visible(Some(&caller.merchant_id))
        .await?
        .into_iter()
        .filter(|r| r.name == name)
        .map(|r| {
            json!({"version": r.version, "sha256": r.digest, "size_bytes": r.size_bytes,
                        "installed_at": rfc3339_ms(r.installed_at_ms)})
        })
        .collect();
    let page = crate::store::Page { limit: 20, after: None };
    let runs: Vec<Value> = state
        .store
        .runs_page(&caller.merchant_id, Some(&name), None, None, &page)
        .await?
        .iter()
        .map(run_view)
        .collect();
    let mut view = plugin_view(&p, state.registry.owner(&name).flatten().as_deref());
    view["config_schema"] = serde_json::from_str(&p.metadata.config_schema).unwrap_or(Value::Null);
    view["versions"] = Value::Array(versions);
    view["recent_runs"] = Value::Array(runs);
    Ok(Json(view))
}

/// `POST /plugins`: the component as the raw body (`application/wasm` or
/// `application/octet-stream`), or as the first file field of a `multipart/form-data` body.
pub async fn install_plugin(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    request: Request,
) -> ApiResult<(StatusCode, Json<Value>)> {
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
        audit(&state, &caller, "plugin.install", installed.plugin.label(), None, Some(view.clone())).await?;
    }
    Ok((if installed.new { StatusCode::CREATED } else { StatusCode::OK }, Json(view)))
}

// ---- orders ---------------------------------------------------------------------------------

#[derive(Deserialize)]
pub struct StatusQuery {
    status: Option<String>,
    limit: Option<u32>,
    after: Option<String>,
}

impl StatusQuery {
    fn page(&self) -> Result<crate::store::Page, ApiError> {
        PageQuery { limit: self.limit, after: self.after.clone() }.page()
    }
}

pub async fn orders(State(state): State<Arc<AppState>>, caller: Caller, Query(q): Query<StatusQuery>) -> ApiResult {
    let page = q.page()?;
    let items = state
        .store
        .orders_page(&caller.merchant_id, q.status.as_deref(), &page)
        .await?
        .iter()
        .map(|o| {
            json!({"id": o.external_id, "platform": o.platform, "status": o.status,
                   "updated_at": rfc3339_ms(o.updated_at_ms), "order": json_or_null(Some(&o.data_json))})
        })
        .collect();
    Ok(list(items, &page, |v| v["id"].as_str().map(str::to_owned)))
}

pub async fn order(State(state): State<Arc<AppState>>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    let o = state.store.order(&caller.merchant_id, &id).await?.ok_or_else(|| ApiError::not_found("order", &id))?;
    let shipments: Vec<Value> =
        state.store.shipments_for_order(&caller.merchant_id, &id).await?.iter().map(shipment_view).collect();
    Ok(Json(json!({"id": o.external_id, "platform": o.platform, "status": o.status,
                   "updated_at": rfc3339_ms(o.updated_at_ms), "order": json_or_null(Some(&o.data_json)),
                   "shipments": shipments})))
}

// ---- shipments ------------------------------------------------------------------------------

pub(crate) fn shipment_view(s: &ShipmentRow) -> Value {
    json!({
        "id": s.id,
        "order": s.order_external_id,
        "warehouse": s.warehouse_id,
        "destination_country": s.destination_country,
        "status": s.status,
        "hold_reason": s.hold_reason,
        "carrier": s.carrier,
        "service_code": s.service_code,
        "tracking_number": s.tracking_number,
        "tracking_url": s.tracking_number.as_deref().map(|n| crate::track::tracking_path(&s.merchant_id, n)),
        "price": s.price,
        "label": s.label.as_ref().map(|l| json!({
            "format": s.label_format, "size_bytes": l.len(), "href": format!("/api/v1/shipments/{}/label", s.id)
        })),
        "customs": json_or_null(s.customs_json.as_deref()),
        "invoice": json_or_null(s.invoice_json.as_deref()),
        "created_at": rfc3339_ms(s.created_at_ms),
        "updated_at": rfc3339_ms(s.updated_at_ms),
    })
}

#[derive(Deserialize)]
pub struct ShipmentQuery {
    status: Option<String>,
    carrier: Option<String>,
    country: Option<String>,
    order: Option<String>,
    limit: Option<u32>,
    after: Option<String>,
}

pub async fn shipments(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(q): Query<ShipmentQuery>,
) -> ApiResult {
    let page = PageQuery { limit: q.limit, after: q.after.clone() }.page()?;
    let filter = ShipmentFilter {
        status: q.status.as_deref(),
        carrier: q.carrier.as_deref(),
        country: q.country.as_deref(),
        order: q.order.as_deref(),
    };
    let items =
        state.store.shipments_page(&caller.merchant_id, &filter, &page).await?.iter().map(shipment_view).collect();
    Ok(list(items, &page, |v| v["id"].as_str().map(str::to_owned)))
}

pub async fn shipment(State(state): State<Arc<AppState>>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    let s = state.store.merchant_shipment(&caller.merchant_id, &id).await?;
    Ok(Json(shipment_view(&s.ok_or_else(|| ApiError::not_found("shipment", &id))?)))
}

/// The label document, with the content type of its format.
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
    let (content_type, ext) = match s.label_format.as_deref() {
        Some("pdf") => ("application/pdf", "pdf"),
        Some("png") => ("image/png", "png"),
        _ => ("text/plain; charset=utf-8", "zpl"),
    };
    let disposition = format!("inline; filename=\"{id}.{ext}\"");
    Ok(([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], label)
        .into_response())
}

// ---- returns --------------------------------------------------------------------------------

fn return_view(r: &ReturnRow) -> Value {
    json!({"id": r.id, "order": r.order_external_id, "status": r.status, "hold_reason": r.hold_reason,
           "decision": json_or_null(r.decision_json.as_deref()), "carrier": r.carrier,
           "tracking_number": r.tracking_number, "label_format": r.label_format,
           "created_at": rfc3339_ms(r.created_at_ms), "updated_at": rfc3339_ms(r.updated_at_ms)})
}

pub async fn returns(State(state): State<Arc<AppState>>, caller: Caller, Query(q): Query<StatusQuery>) -> ApiResult {
    let page = q.page()?;
    let items = state
        .store
        .returns_page(&caller.merchant_id, q.status.as_deref(), &page)
        .await?
        .iter()
        .map(return_view)
        .collect();
    Ok(list(items, &page, |v| v["id"].as_str().map(str::to_owned)))
}

pub async fn return_(State(state): State<Arc<AppState>>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    let r = state.store.return_by_id(&id).await?.filter(|r| r.merchant_id == caller.merchant_id);
    Ok(Json(return_view(&r.ok_or_else(|| ApiError::not_found("return", &id))?)))
}

// ---- events ---------------------------------------------------------------------------------

fn event_view(e: &InboxEvent, with_body: bool) -> Value {
    let mut v = json!({"id": e.id, "connection": e.connection_id, "platform": e.platform,
                       "delivery_id": e.delivery_id, "topic": e.topic, "status": e.status.as_str(),
                       "attempts": e.attempts, "last_error": e.last_error,
                       "received_at": rfc3339_ms(e.received_at_ms), "size_bytes": e.body.len()});
    if with_body {
        v["body"] = serde_json::from_slice(&e.body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&e.body).into_owned()));
    }
    v
}

#[derive(Deserialize)]
pub struct EventQuery {
    status: Option<String>,
    topic: Option<String>,
    limit: Option<u32>,
    after: Option<String>,
}

pub async fn events(State(state): State<Arc<AppState>>, caller: Caller, Query(q): Query<EventQuery>) -> ApiResult {
    let page = PageQuery { limit: q.limit, after: q.after.clone() }.page()?;
    if let Some(s) = &q.status
        && s.parse::<crate::store::EventStatus>().is_err()
    {
        return Err(ApiError::invalid(format!("status must be pending, processing, done or dead, not `{s}`")));
    }
    let rows = state.store.events_page(&caller.merchant_id, q.status.as_deref(), q.topic.as_deref(), &page).await?;
    let items = rows.iter().map(|e| event_view(e, false)).collect();
    Ok(list(items, &page, |v| v["id"].as_i64().map(|i| i.to_string())))
}

async fn own_event(state: &AppState, caller: &Caller, id: &str) -> Result<InboxEvent, ApiError> {
    let parsed: i64 = id.parse().map_err(|_| ApiError::not_found("event", id))?;
    let e = state.store.event(parsed).await?.filter(|e| e.merchant_id == caller.merchant_id);
    e.ok_or_else(|| ApiError::not_found("event", id))
}

pub async fn event(State(state): State<Arc<AppState>>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    Ok(Json(event_view(&own_event(&state, &caller, &id).await?, true)))
}

/// Sends a dead-lettered event through the pipeline again.
pub async fn replay(State(state): State<Arc<AppState>>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(Scope::Write)?;
    let e = own_event(&state, &caller, &id).await?;
    state.store.replay(e.id, state.clock.now_ms()).await?;
    let target = e.id.to_string();
    audit(
        &state,
        &caller,
        "event.replay",
        &target,
        Some(json!({"status": e.status.as_str()})),
        Some(json!({"status": crate::store::EventStatus::Pending.as_str()})),
    )
    .await?;
    let after = own_event(&state, &caller, &id).await?;
    Ok(Json(event_view(&after, false)))
}

// ---- plugin runs and audit ------------------------------------------------------------------

fn run_view(r: &RunEntry) -> Value {
    json!({"id": r.id, "plugin": r.run.plugin_name, "sha256": r.run.plugin_digest, "function": r.run.function,
           "event": r.run.event_id, "subject": r.run.shipment_id, "input_sha256": r.run.input_sha256,
           "outcome": r.run.outcome, "error": r.run.error, "fuel": r.run.fuel, "wall_us": r.run.wall_us,
           "memory_peak_bytes": r.run.memory_peak_bytes, "at": rfc3339_ms(r.run.created_at_ms)})
}

#[derive(Deserialize)]
pub struct RunQuery {
    plugin: Option<String>,
    outcome: Option<String>,
    /// The runs made for one shipment (`crossdock runs list --shipment`).
    shipment: Option<String>,
    limit: Option<u32>,
    after: Option<String>,
}

pub async fn runs(State(state): State<Arc<AppState>>, caller: Caller, Query(q): Query<RunQuery>) -> ApiResult {
    let page = PageQuery { limit: q.limit, after: q.after.clone() }.page()?;
    let rows = state
        .store
        .runs_page(&caller.merchant_id, q.plugin.as_deref(), q.outcome.as_deref(), q.shipment.as_deref(), &page)
        .await?;
    Ok(list(rows.iter().map(run_view).collect(), &page, |v| v["id"].as_i64().map(|i| i.to_string())))
}

#[derive(Deserialize)]
pub struct AuditQuery {
    action: Option<String>,
    limit: Option<u32>,
    after: Option<String>,
}

pub async fn audit_log(State(state): State<Arc<AppState>>, caller: Caller, Query(q): Query<AuditQuery>) -> ApiResult {
    let page = PageQuery { limit: q.limit, after: q.after.clone() }.page()?;
    let rows = state.store.audit_log(&caller.merchant_id, q.action.as_deref(), &page).await?;
    let items = rows
        .iter()
        .map(|a| {
            json!({"id": a.id, "actor": a.actor, "action": a.action, "target": a.target,
                   "before": json_or_null(a.before_json.as_deref()), "after": json_or_null(a.after_json.as_deref()),
                   "at": rfc3339_ms(a.at_ms)})
        })
        .collect();
    Ok(list(items, &page, |v| v["id"].as_i64().map(|i| i.to_string())))
}
