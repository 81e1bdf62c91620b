//! What a merchant sets up: the merchant itself, tokens, storefront connections, markets,
//! catalog and warehouses. Webhook secrets are write-only: no response ever contains one.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use crossdock_types::CountryCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::auth::{bearer, is_operator};
use super::model::setup as model;
use super::{ApiError, ApiResult, Caller, PageQuery, Scope, hash_token, list, new_token, parse_body, rfc3339_ms};
use crate::app::AppState;
use crate::domain::{Platform, Policy};
use crate::store::secrets::Redacted;
use crate::store::{CatalogRow, ConnectionRow, Market, NewAudit, WarehouseRow};

/// Writes an audit entry for a change the caller made.
pub(super) async fn audit(
    state: &AppState,
    caller: &Caller,
    action: &str,
    target: &str,
    before: Option<Value>,
    after: Option<Value>,
) -> Result<(), ApiError> {
    let actor = caller.actor();
    let entry = NewAudit { merchant_id: &caller.merchant_id, actor: &actor, action, target, before, after };
    Ok(state.store.audit(entry).await?)
}

fn check_id(what: &str, id: &str) -> Result<(), ApiError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid(format!("{what} `{id}` must be 1 to 64 letters, digits, `-`, `_` or `.`")))
    }
}

// ---- merchants ------------------------------------------------------------------------------

fn merchant_view(m: &crate::store::MerchantRow) -> Value {
    json!({"id": m.id, "name": m.name, "currency": m.currency})
}

impl From<&crate::store::MerchantRow> for model::Merchant {
    fn from(m: &crate::store::MerchantRow) -> Self {
        Self { id: m.id.clone(), name: m.name.clone(), currency: m.currency }
    }
}

/// The merchant the token belongs to, as a list of one.
#[utoipa::path(get, path = "/api/v1/merchants", tag = "merchants",
    responses((status = 200, description = "The token's own merchant", body = model::MerchantList)))]
pub async fn merchants(State(state): State<Arc<AppState>>, caller: Caller) -> ApiResult<Json<model::MerchantList>> {
    let m = state.store.merchant(&caller.merchant_id).await?;
    Ok(Json(model::MerchantList::all(m.iter().map(model::Merchant::from).collect())))
}

pub async fn merchant(State(state): State<Arc<AppState>>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    if id != caller.merchant_id {
        return Err(ApiError::not_found("merchant", &id));
    }
    let m = state.store.merchant(&id).await?.ok_or_else(|| ApiError::not_found("merchant", &id))?;
    Ok(Json(merchant_view(&m)))
}

pub async fn update_merchant(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult {
    caller.require(Scope::Admin)?;
    if id != caller.merchant_id {
        return Err(ApiError::not_found("merchant", &id));
    }
    let body: model::MerchantBody = parse_body(&body)?;
    let before = state.store.merchant(&id).await?.ok_or_else(|| ApiError::not_found("merchant", &id))?;
    let name = body.name.unwrap_or_else(|| before.name.clone());
    if name.trim().is_empty() {
        return Err(ApiError::invalid("name must not be empty"));
    }
    let currency = body.currency.unwrap_or(before.currency);
    if let Some(branding) = &body.branding {
        branding.validate().map_err(ApiError::invalid)?;
    }
    state.store.upsert_merchant(&id, &name, currency).await?;
    let mut after = json!({"id": id, "name": name, "currency": currency});
    if let Some(branding) = &body.branding {
        let text = serde_json::to_string(branding).unwrap_or_else(|_| "{}".into());
        state.store.set_branding(&id, &text).await?;
        after["branding"] = serde_json::to_value(branding).unwrap_or(Value::Null);
    }
    audit(&state, &caller, "merchant.update", &id, Some(merchant_view(&before)), Some(after.clone())).await?;
    Ok(Json(after))
}

/// A new merchant and its first admin token. Needs the operator token the server was started
/// with (`--operator-token`), not a merchant's.
#[utoipa::path(post, path = "/api/v1/merchants", tag = "merchants",
    request_body = model::MerchantBody,
    responses((status = 201, description = "The merchant and its first admin token, shown once", body = model::CreatedMerchant)))]
pub async fn create_merchant(
    State(state): State<Arc<AppState>>,
    parts: Parts,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<model::CreatedMerchant>)> {
    let token = bearer(&parts)?;
    if !is_operator(token, &state) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "creating merchants needs the operator token the server was started with (--operator-token)",
        ));
    }
    let body: model::MerchantBody = parse_body(&body)?;
    let id = body.id.ok_or_else(|| ApiError::invalid("id is required"))?;
    check_id("merchant id", &id)?;
    let name = body.name.filter(|n| !n.trim().is_empty()).ok_or_else(|| ApiError::invalid("name is required"))?;
    let currency = body.currency.ok_or_else(|| ApiError::invalid("currency is required (ISO 4217, e.g. EUR)"))?;
    if state.store.merchant(&id).await?.is_some() {
        return Err(ApiError::conflict(format!("merchant `{id}` already exists")));
    }
    state.store.upsert_merchant(&id, &name, currency).await?;
    let token =
        new_token().map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", e.to_string()))?;
    let token_id = state.store.create_token(&id, "admin", &hash_token(&token)).await?;
    state.store.name_token(token_id, "first admin token").await?;
    let entry = NewAudit {
        merchant_id: &id,
        actor: "operator",
        action: "merchant.create",
        target: &id,
        before: None,
        after: Some(json!({"id": id, "name": name, "currency": currency})),
    };
    state.store.audit(entry).await?;
    Ok((
        StatusCode::CREATED,
        Json(model::CreatedMerchant {
            merchant: model::Merchant { id, name, currency },
            token: model::IssuedToken { id: token_id, scope: Scope::Admin.as_str().to_owned(), token },
        }),
    ))
}

// ---- tokens ---------------------------------------------------------------------------------

pub async fn tokens(State(state): State<Arc<AppState>>, caller: Caller) -> ApiResult {
    caller.require(Scope::Admin)?;
    let items: Vec<Value> = state
        .store
        .tokens(&caller.merchant_id)
        .await?
        .into_iter()
        .map(|(t, name)| {
            json!({"id": t.id, "name": name, "scope": t.scope, "revoked": t.revoked,
                   "created_at": rfc3339_ms(t.created_at_ms)})
        })
        .collect();
    Ok(Json(json!({"items": items, "next": null})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenBody {
    scope: String,
    #[serde(default)]
    name: String,
}

pub async fn create_token(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    caller.require(Scope::Admin)?;
    let body: TokenBody = parse_body(&body)?;
    let scope = Scope::parse(&body.scope)
        .ok_or_else(|| ApiError::invalid(format!("scope must be read, write or admin, not `{}`", body.scope)))?;
    let token =
        new_token().map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", e.to_string()))?;
    let id = state.store.create_token(&caller.merchant_id, scope.as_str(), &hash_token(&token)).await?;
    state.store.name_token(id, &body.name).await?;
    let view = json!({"id": id, "name": body.name, "scope": scope.as_str()});
    audit(&state, &caller, "token.create", &id.to_string(), None, Some(view)).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "name": body.name, "scope": scope.as_str(), "token": token,
                    "note": "store this token now: crossdock keeps only its hash and cannot show it again"})),
    ))
}

pub async fn revoke_token(State(state): State<Arc<AppState>>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(Scope::Admin)?;
    let id: i64 = id.parse().map_err(|_| ApiError::not_found("token", &id))?;
    state.store.revoke_merchant_token(&caller.merchant_id, id).await?;
    audit(&state, &caller, "token.revoke", &id.to_string(), None, Some(json!({"revoked": true}))).await?;
    Ok(Json(json!({"id": id, "revoked": true})))
}

// ---- connections ----------------------------------------------------------------------------

fn connection_view(c: &ConnectionRow) -> Value {
    let path = match c.platform {
        Platform::Shopify => "/webhooks/shopify".to_owned(),
        platform => format!("/webhooks/{}/{}", platform.as_str(), c.id),
    };
    json!({"id": c.id, "platform": c.platform, "shop_domain": c.shop_domain, "webhook_path": path,
           "secret": "(write-only)"})
}

pub async fn connections(State(state): State<Arc<AppState>>, caller: Caller) -> ApiResult {
    let items = state.store.connections(&caller.merchant_id).await?.iter().map(connection_view).collect();
    Ok(Json(json!({"items": Value::Array(items), "next": null})))
}

pub async fn connection(State(state): State<Arc<AppState>>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    let c = state.store.connection(&id).await?.filter(|c| c.merchant_id == caller.merchant_id);
    let c = c.ok_or_else(|| ApiError::not_found("connection", &id))?;
    Ok(Json(connection_view(&c)))
}

/// `Debug` shows `[redacted]` for the secret.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConnectionBody {
    id: String,
    platform: Platform,
    shop_domain: Option<String>,
    secret: Redacted<String>,
}

/// Creates a connection, or rotates the secret of one of the caller's.
pub async fn create_connection(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    caller.require(Scope::Admin)?;
    let body: ConnectionBody = parse_body(&body)?;
    check_id("connection id", &body.id)?;
    if body.secret.len() < 8 {
        return Err(ApiError::invalid("secret must be the storefront's webhook signing secret (8 characters or more)"));
    }
    if let Some(existing) = state.store.connection(&body.id).await?
        && existing.merchant_id != caller.merchant_id
    {
        return Err(ApiError::conflict(format!("connection id `{}` is taken; choose another", body.id)));
    }
    let platform = body.platform;
    if platform == Platform::Shopify && body.shop_domain.is_none() {
        return Err(ApiError::invalid("shop_domain is required for Shopify (e.g. acme.myshopify.com)"));
    }
    let shop_domain = body
        .shop_domain
        .as_deref()
        .map(|d| crate::ingest::normalize_shop_domain(platform, d))
        .transpose()
        .map_err(ApiError::invalid)?;
    if platform == Platform::Standard {
        crate::ingest::standard::check_new_secret(&body.secret).map_err(ApiError::invalid)?;
    }
    let row = ConnectionRow {
        id: body.id.clone(),
        merchant_id: caller.merchant_id.clone(),
        platform,
        shop_domain,
        secret: body.secret.into_inner(),
    };
    state.store.upsert_connection(&row).await?;
    let view = connection_view(&row);
    audit(&state, &caller, "connection.save", &row.id, None, Some(view.clone())).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

pub async fn delete_connection(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult {
    caller.require(Scope::Admin)?;
    state.store.delete_connection(&caller.merchant_id, &id).await?;
    audit(&state, &caller, "connection.delete", &id, None, None).await?;
    Ok(Json(json!({"id": id, "deleted": true})))
}

// ---- markets --------------------------------------------------------------------------------

pub(super) fn market_view(m: &Market) -> Value {
    json!({
        "name": m.name,
        "countries": m.countries,
        "choose": m.carrier_policy,
        "max_eta_days": m.max_eta_days,
        "bindings": m.bindings.iter().map(|b| json!({
            "plugin": b.plugin_name, "enabled": b.enabled, "priority": b.priority,
            "config": serde_json::from_str::<Value>(&b.config_json).unwrap_or(Value::Null),
            "allow_hosts": b.allow_hosts,
        })).collect::<Vec<_>>(),
    })
}

pub(super) async fn find_market(state: &AppState, merchant_id: &str, name: &str) -> Result<Market, ApiError> {
    let markets = state.store.markets_with_bindings(merchant_id).await?;
    markets.into_iter().find(|m| m.name == name).ok_or_else(|| ApiError::not_found("market", name))
}

pub async fn markets(State(state): State<Arc<AppState>>, caller: Caller) -> ApiResult {
    let items = state.store.markets_with_bindings(&caller.merchant_id).await?.iter().map(market_view).collect();
    Ok(Json(json!({"items": Value::Array(items), "next": null})))
}

pub async fn market(State(state): State<Arc<AppState>>, caller: Caller, Path(name): Path<String>) -> ApiResult {
    Ok(Json(market_view(&find_market(&state, &caller.merchant_id, &name).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarketBody {
    name: Option<String>,
    countries: Option<Vec<CountryCode>>,
    choose: Option<Policy>,
    max_eta_days: Option<u32>,
}

pub async fn create_market(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    caller.require(Scope::Write)?;
    let body: MarketBody = parse_body(&body)?;
    let name = body.name.clone().ok_or_else(|| ApiError::invalid("name is required (e.g. EU)"))?;
    check_id("market name", &name)?;
    if state.store.markets_with_bindings(&caller.merchant_id).await?.iter().any(|m| m.name == name) {
        return Err(ApiError::conflict(format!(
            "market `{name}` already exists; PUT /api/v1/markets/{name} changes it"
        )));
    }
    let view = save_market(&state, &caller, &name, body).await?;
    audit(&state, &caller, "market.create", &name, None, Some(view.clone())).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

pub async fn update_market(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(name): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult {
    caller.require(Scope::Write)?;
    let mut body: MarketBody = parse_body(&body)?;
    let before = find_market(&state, &caller.merchant_id, &name).await?;
    if body.name.as_ref().is_some_and(|n| *n != name) {
        return Err(ApiError::invalid("a market cannot be renamed; create a new one"));
    }
    body.countries = body.countries.or_else(|| Some(before.countries.clone()));
    body.choose = body.choose.or(Some(before.carrier_policy));
    body.max_eta_days = body.max_eta_days.or(before.max_eta_days);
    let view = save_market(&state, &caller, &name, body).await?;
    audit(&state, &caller, "market.update", &name, Some(market_view(&before)), Some(view.clone())).await?;
    Ok(Json(view))
}

async fn save_market(state: &AppState, caller: &Caller, name: &str, body: MarketBody) -> Result<Value, ApiError> {
    let countries = body.countries.unwrap_or_default();
    if countries.is_empty() {
        return Err(ApiError::invalid("countries must list at least one ISO 3166-1 alpha-2 code"));
    }
    let choose = body.choose.unwrap_or_default();
    state.store.upsert_market(&caller.merchant_id, name, &countries).await?;
    state.store.set_market_policy(&caller.merchant_id, name, choose, body.max_eta_days).await?;
    Ok(market_view(&find_market(state, &caller.merchant_id, name).await?))
}

pub async fn delete_market(State(state): State<Arc<AppState>>, caller: Caller, Path(name): Path<String>) -> ApiResult {
    caller.require(Scope::Write)?;
    let before = find_market(&state, &caller.merchant_id, &name).await?;
    state.store.delete_market(&caller.merchant_id, &name).await?;
    audit(&state, &caller, "market.delete", &name, Some(market_view(&before)), None).await?;
    Ok(Json(json!({"name": name, "deleted": true})))
}

// ---- catalog --------------------------------------------------------------------------------

fn catalog_view(c: &CatalogRow) -> Value {
    json!({"sku": c.sku, "title": c.title, "hs_code": c.hs_code, "origin_country": c.origin_country,
           "unit_weight_g": c.unit_weight_g})
}

pub async fn catalog(State(state): State<Arc<AppState>>, caller: Caller, Query(q): Query<PageQuery>) -> ApiResult {
    let page = q.page()?;
    let items = state.store.catalog_page(&caller.merchant_id, &page).await?.iter().map(catalog_view).collect();
    Ok(list(items, &page, |v| v["sku"].as_str().map(str::to_owned)))
}

pub async fn catalog_item(State(state): State<Arc<AppState>>, caller: Caller, Path(sku): Path<String>) -> ApiResult {
    let rows = state.store.catalog(&caller.merchant_id, &[sku.as_str()]).await?;
    let row = rows.first().ok_or_else(|| ApiError::not_found("catalog entry", &sku))?;
    Ok(Json(catalog_view(row)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogBody {
    title: Option<String>,
    hs_code: Option<String>,
    origin_country: Option<CountryCode>,
    unit_weight_g: Option<u32>,
}

pub async fn put_catalog_item(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(sku): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult {
    caller.require(Scope::Write)?;
    let body: CatalogBody = parse_body(&body)?;
    if sku.trim().is_empty() || sku.len() > 128 {
        return Err(ApiError::invalid("sku must be 1 to 128 characters"));
    }
    if let Some(hs) = &body.hs_code
        && !(6..=10).contains(&hs.len())
    {
        return Err(ApiError::invalid(format!("hs_code `{hs}` must be 6 to 10 digits of the Harmonized System")));
    }
    if let Some(hs) = &body.hs_code
        && !hs.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(ApiError::invalid(format!("hs_code `{hs}` must be digits only, without dots")));
    }
    let before = state.store.catalog(&caller.merchant_id, &[sku.as_str()]).await?.first().map(catalog_view);
    let row = CatalogRow {
        merchant_id: caller.merchant_id.clone(),
        sku: sku.clone(),
        title: body.title.unwrap_or_else(|| sku.clone()),
        hs_code: body.hs_code,
        origin_country: body.origin_country,
        unit_weight_g: body.unit_weight_g,
    };
    state.store.upsert_catalog_item(&row).await?;
    let view = catalog_view(&row);
    audit(&state, &caller, "catalog.save", &sku, before, Some(view.clone())).await?;
    Ok(Json(view))
}

pub async fn delete_catalog_item(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(sku): Path<String>,
) -> ApiResult {
    caller.require(Scope::Write)?;
    let before = state.store.catalog(&caller.merchant_id, &[sku.as_str()]).await?.first().map(catalog_view);
    state.store.delete_catalog_item(&caller.merchant_id, &sku).await?;
    audit(&state, &caller, "catalog.delete", &sku, before, None).await?;
    Ok(Json(json!({"sku": sku, "deleted": true})))
}

// ---- warehouses -----------------------------------------------------------------------------

fn warehouse_view(w: &WarehouseRow, stock: &[(String, i64)]) -> Value {
    let stock: serde_json::Map<String, Value> = stock.iter().map(|(s, q)| (s.clone(), json!(q))).collect();
    json!({"id": w.id, "country": w.country, "postal_code": w.postal_code, "city": w.city, "street": w.street,
           "phone": w.phone, "kind": w.kind, "stock": stock})
}

pub async fn warehouses(State(state): State<Arc<AppState>>, caller: Caller) -> ApiResult {
    let items = state
        .store
        .warehouses_with_stock(&caller.merchant_id)
        .await?
        .iter()
        .map(|(w, s)| warehouse_view(w, s))
        .collect();
    Ok(Json(json!({"items": Value::Array(items), "next": null})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WarehouseBody {
    country: CountryCode,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    street: String,
    phone: Option<String>,
    #[serde(default)]
    kind: crate::config::WarehouseKind,
    #[serde(default)]
    stock: std::collections::BTreeMap<String, u32>,
}

pub async fn put_warehouse(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult {
    caller.require(Scope::Write)?;
    check_id("warehouse id", &id)?;
    let body: WarehouseBody = parse_body(&body)?;
    let row = WarehouseRow {
        merchant_id: caller.merchant_id.clone(),
        id: id.clone(),
        country: body.country,
        postal_code: body.postal_code,
        city: body.city,
        street: body.street,
        phone: body.phone,
        kind: body.kind.as_str().to_owned(),
    };
    state.store.upsert_warehouse(&row).await?;
    for (sku, quantity) in &body.stock {
        state.store.set_stock(&caller.merchant_id, &id, sku, i64::from(*quantity)).await?;
    }
    let stock: Vec<(String, i64)> = body.stock.iter().map(|(s, q)| (s.clone(), i64::from(*q))).collect();
    let view = warehouse_view(&row, &stock);
    audit(&state, &caller, "warehouse.save", &id, None, Some(view.clone())).await?;
    Ok(Json(view))
}

#[cfg(test)]
mod tests {
    use super::super::bindings::BindingBody;
    use super::*;

    #[test]
    fn debug_of_request_bodies_that_carry_secrets_shows_them_redacted() {
        let connection: ConnectionBody =
            parse_body(br#"{"id": "acme-woo", "platform": "woocommerce", "secret": "woo-signing-secret-Qx7"}"#)
                .expect("a connection body");
        assert_eq!(connection.secret.expose(), "woo-signing-secret-Qx7");
        let binding: BindingBody =
            parse_body(br#"{"priority": 1, "secrets": {"password": "dhl-password-Zq81"}}"#).expect("a binding body");
        let shown = format!("{connection:?} {binding:?}");
        assert!(!shown.contains("woo-signing-secret-Qx7") && !shown.contains("dhl-password-Zq81"), "{shown}");
        assert!(shown.contains("[redacted]") && shown.contains("password") && shown.contains("acme-woo"), "{shown}");
    }
}
