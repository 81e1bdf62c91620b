//! What a merchant sets up: the merchant itself, tokens, storefront connections, markets,
//! catalog and warehouses. Webhook secrets are write-only: no response ever contains one.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use crossdock_types::CountryCode;
use serde_json::Value;

use super::auth::{bearer, is_operator};
use super::model::setup as model;
use super::{ApiError, ApiResult, Caller, PageQuery, Scope, hash_token, new_token, parse_body};
use crate::app::AppState;
use crate::config::Branding;
use crate::domain::{Platform, Policy};
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

impl From<&crate::store::MerchantRow> for model::Merchant {
    fn from(m: &crate::store::MerchantRow) -> Self {
        Self { id: m.id.clone(), name: m.name.clone(), currency: m.currency, branding: None }
    }
}

/// An answer or request as the audit log records it.
pub(super) fn recorded<T: serde::Serialize>(value: &T) -> Option<Value> {
    serde_json::to_value(value).ok()
}

/// Stores a merchant's branding, checked by the caller.
async fn save_branding(state: &AppState, merchant_id: &str, branding: &Branding) -> Result<(), ApiError> {
    let text = serde_json::to_string(branding)
        .map_err(|e| ApiError::invalid(format!("branding cannot be stored as JSON: {e}")))?;
    Ok(state.store.set_branding(merchant_id, &text).await?)
}

/// The merchant the token belongs to, as a list of one.
#[utoipa::path(get, path = "/api/v1/merchants", tag = "merchants",
    responses((status = 200, description = "The token's own merchant", body = model::MerchantList)))]
pub async fn merchants(State(state): State<Arc<AppState>>, caller: Caller) -> ApiResult<Json<model::MerchantList>> {
    let m = state.store.merchant(&caller.merchant_id).await?;
    Ok(Json(model::MerchantList::all(m.iter().map(model::Merchant::from).collect())))
}

/// One merchant: the token's own (any other id is 404).
#[utoipa::path(get, path = "/api/v1/merchants/{id}", tag = "merchants",
    params(("id" = String, Path, description = "The merchant's id")),
    responses((status = 200, description = "The merchant", body = model::Merchant)))]
pub async fn merchant(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<model::Merchant>> {
    if id != caller.merchant_id {
        return Err(ApiError::not_found("merchant", &id));
    }
    let m = state.store.merchant(&id).await?.ok_or_else(|| ApiError::not_found("merchant", &id))?;
    Ok(Json(model::Merchant::from(&m)))
}

/// Changes the token's merchant: its name, currency or tracking-page branding.
#[utoipa::path(patch, path = "/api/v1/merchants/{id}", tag = "merchants",
    params(("id" = String, Path, description = "The merchant's id")),
    request_body = model::MerchantPatch,
    responses((status = 200, description = "The merchant as it now is, with the branding if the request set it",
        body = model::Merchant)))]
pub async fn update_merchant(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<model::Merchant>> {
    caller.require(Scope::Admin)?;
    if id != caller.merchant_id {
        return Err(ApiError::not_found("merchant", &id));
    }
    let body: model::MerchantPatch = parse_body(&body)?;
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
    if let Some(branding) = &body.branding {
        save_branding(&state, &id, branding).await?;
    }
    let after = model::Merchant { id: id.clone(), name, currency, branding: body.branding };
    let before = model::Merchant::from(&before);
    audit(&state, &caller, "merchant.update", &id, recorded(&before), recorded(&after)).await?;
    Ok(Json(after))
}

/// A new merchant and its first admin token. Needs the operator token the server was started
/// with (`--operator-token`), not a merchant's.
#[utoipa::path(post, path = "/api/v1/merchants", tag = "merchants",
    request_body = model::NewMerchant,
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
    let body: model::NewMerchant = parse_body(&body)?;
    let model::NewMerchant { id, name, currency, branding } = body;
    check_id("merchant id", &id)?;
    if name.trim().is_empty() {
        return Err(ApiError::invalid("name must not be empty"));
    }
    if let Some(branding) = &branding {
        branding.validate().map_err(ApiError::invalid)?;
    }
    if state.store.merchant(&id).await?.is_some() {
        return Err(ApiError::conflict(format!("merchant `{id}` already exists")));
    }
    state.store.upsert_merchant(&id, &name, currency).await?;
    if let Some(branding) = &branding {
        save_branding(&state, &id, branding).await?;
    }
    let token =
        new_token().map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", e.to_string()))?;
    const FIRST: &str = "first admin token";
    let token_id = state.store.create_token(&id, Scope::Admin.as_str(), &hash_token(&token)).await?;
    state.store.name_token(token_id, FIRST).await?;
    let merchant = model::Merchant { id, name, currency, branding };
    let entry = NewAudit {
        merchant_id: &merchant.id,
        actor: "operator",
        action: "merchant.create",
        target: &merchant.id,
        before: None,
        after: recorded(&merchant),
    };
    state.store.audit(entry).await?;
    let token = model::IssuedToken::new(token_id, FIRST.to_owned(), Scope::Admin, token);
    Ok((StatusCode::CREATED, Json(model::CreatedMerchant { merchant, token })))
}

// ---- tokens ---------------------------------------------------------------------------------

/// The merchant's tokens, revoked ones included; never the tokens themselves.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens",
    responses((status = 200, description = "Every token of the merchant", body = model::TokenList)))]
pub async fn tokens(State(state): State<Arc<AppState>>, caller: Caller) -> ApiResult<Json<model::TokenList>> {
    caller.require(Scope::Admin)?;
    let rows = state.store.tokens(&caller.merchant_id).await?;
    let items = rows.into_iter().map(|(t, name)| model::Token::from_row(&t, name)).collect::<Result<_, _>>()?;
    Ok(Json(model::TokenList::all(items)))
}

/// A new token of the caller's merchant; the answer is the only time it is shown.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens",
    request_body = model::NewToken,
    responses((status = 201, description = "The token, shown once", body = model::IssuedToken)))]
pub async fn create_token(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<model::IssuedToken>)> {
    caller.require(Scope::Admin)?;
    let body: model::NewToken = parse_body(&body)?;
    let token =
        new_token().map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", e.to_string()))?;
    let id = state.store.create_token(&caller.merchant_id, body.scope.as_str(), &hash_token(&token)).await?;
    state.store.name_token(id, &body.name).await?;
    audit(&state, &caller, "token.create", &id.to_string(), None, recorded(&body)).await?;
    Ok((StatusCode::CREATED, Json(model::IssuedToken::new(id, body.name, body.scope, token))))
}

/// Revokes one of the merchant's tokens, for good.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens",
    params(("id" = i64, Path, description = "The token's id, as listed")),
    responses((status = 200, description = "The token is revoked", body = model::RevokedToken)))]
pub async fn revoke_token(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<model::RevokedToken>> {
    caller.require(Scope::Admin)?;
    let id: i64 = id.parse().map_err(|_| ApiError::not_found("token", &id))?;
    state.store.revoke_merchant_token(&caller.merchant_id, id).await?;
    let answer = model::RevokedToken { id, revoked: true };
    audit(&state, &caller, "token.revoke", &id.to_string(), None, recorded(&answer)).await?;
    Ok(Json(answer))
}

// ---- connections ----------------------------------------------------------------------------

/// The merchant's storefront connections; never their signing secrets.
#[utoipa::path(get, path = "/api/v1/connections", tag = "connections",
    responses((status = 200, description = "Every connection of the merchant", body = model::ConnectionList)))]
pub async fn connections(State(state): State<Arc<AppState>>, caller: Caller) -> ApiResult<Json<model::ConnectionList>> {
    let rows = state.store.connections(&caller.merchant_id).await?;
    Ok(Json(model::ConnectionList::all(rows.iter().map(model::Connection::from).collect())))
}

/// One storefront connection.
#[utoipa::path(get, path = "/api/v1/connections/{id}", tag = "connections",
    params(("id" = String, Path, description = "The connection's id")),
    responses((status = 200, description = "The connection", body = model::Connection)))]
pub async fn connection(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<model::Connection>> {
    let c = state.store.connection(&id).await?.filter(|c| c.merchant_id == caller.merchant_id);
    let c = c.ok_or_else(|| ApiError::not_found("connection", &id))?;
    Ok(Json(model::Connection::from(&c)))
}

/// Creates a storefront connection, or rotates the signing secret of one of the caller's.
#[utoipa::path(post, path = "/api/v1/connections", tag = "connections",
    request_body = model::NewConnection,
    responses((status = 201, description = "The connection and where its webhooks go", body = model::Connection)))]
pub async fn create_connection(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<model::Connection>)> {
    caller.require(Scope::Admin)?;
    let body: model::NewConnection = parse_body(&body)?;
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
    let answer = model::Connection::from(&row);
    audit(&state, &caller, "connection.save", &row.id, None, recorded(&answer)).await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

/// Deletes a storefront connection; its webhooks are refused from then on.
#[utoipa::path(delete, path = "/api/v1/connections/{id}", tag = "connections",
    params(("id" = String, Path, description = "The connection's id")),
    responses((status = 200, description = "The connection is deleted", body = model::DeletedConnection)))]
pub async fn delete_connection(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<model::DeletedConnection>> {
    caller.require(Scope::Admin)?;
    state.store.delete_connection(&caller.merchant_id, &id).await?;
    audit(&state, &caller, "connection.delete", &id, None, None).await?;
    Ok(Json(model::DeletedConnection { id, deleted: true }))
}

// ---- markets --------------------------------------------------------------------------------

pub(super) async fn find_market(state: &AppState, merchant_id: &str, name: &str) -> Result<Market, ApiError> {
    let markets = state.store.markets_with_bindings(merchant_id).await?;
    markets.into_iter().find(|m| m.name == name).ok_or_else(|| ApiError::not_found("market", name))
}

/// The merchant's markets with their bindings.
#[utoipa::path(get, path = "/api/v1/markets", tag = "markets",
    responses((status = 200, description = "Every market of the merchant", body = model::MarketList)))]
pub async fn markets(State(state): State<Arc<AppState>>, caller: Caller) -> ApiResult<Json<model::MarketList>> {
    let rows = state.store.markets_with_bindings(&caller.merchant_id).await?;
    Ok(Json(model::MarketList::all(rows.iter().map(model::Market::from).collect())))
}

/// One market with its bindings.
#[utoipa::path(get, path = "/api/v1/markets/{name}", tag = "markets",
    params(("name" = String, Path, description = "The market's name")),
    responses((status = 200, description = "The market", body = model::Market)))]
pub async fn market(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(name): Path<String>,
) -> ApiResult<Json<model::Market>> {
    Ok(Json(model::Market::from(&find_market(&state, &caller.merchant_id, &name).await?)))
}

/// A new market: a named set of destination countries and how a carrier rate is chosen.
#[utoipa::path(post, path = "/api/v1/markets", tag = "markets",
    request_body = model::NewMarket,
    responses((status = 201, description = "The market, with no bindings yet", body = model::Market)))]
pub async fn create_market(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<model::Market>)> {
    caller.require(Scope::Write)?;
    let body: model::NewMarket = parse_body(&body)?;
    let name = body.name;
    check_id("market name", &name)?;
    if state.store.markets_with_bindings(&caller.merchant_id).await?.iter().any(|m| m.name == name) {
        return Err(ApiError::conflict(format!(
            "market `{name}` already exists; PUT /api/v1/markets/{name} changes it"
        )));
    }
    let answer =
        save_market(&state, &caller, &name, body.countries, body.choose.unwrap_or_default(), body.max_eta_days).await?;
    audit(&state, &caller, "market.create", &name, None, recorded(&answer)).await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

/// Changes a market's countries or carrier policy; a market is not renamed.
#[utoipa::path(put, path = "/api/v1/markets/{name}", tag = "markets",
    params(("name" = String, Path, description = "The market's name")),
    request_body = model::MarketPatch,
    responses((status = 200, description = "The market as it now is", body = model::Market)))]
pub async fn update_market(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(name): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<model::Market>> {
    caller.require(Scope::Write)?;
    let body: model::MarketPatch = parse_body(&body)?;
    let before = find_market(&state, &caller.merchant_id, &name).await?;
    let countries = body.countries.unwrap_or_else(|| before.countries.clone());
    let choose = body.choose.unwrap_or(before.carrier_policy);
    let max_eta_days = body.max_eta_days.or(before.max_eta_days);
    let answer = save_market(&state, &caller, &name, countries, choose, max_eta_days).await?;
    audit(&state, &caller, "market.update", &name, recorded(&model::Market::from(&before)), recorded(&answer)).await?;
    Ok(Json(answer))
}

async fn save_market(
    state: &AppState,
    caller: &Caller,
    name: &str,
    countries: Vec<CountryCode>,
    choose: Policy,
    max_eta_days: Option<u32>,
) -> Result<model::Market, ApiError> {
    if countries.is_empty() {
        return Err(ApiError::invalid("countries must list at least one ISO 3166-1 alpha-2 code"));
    }
    state.store.upsert_market(&caller.merchant_id, name, &countries).await?;
    state.store.set_market_policy(&caller.merchant_id, name, choose, max_eta_days).await?;
    Ok(model::Market::from(&find_market(state, &caller.merchant_id, name).await?))
}

/// Deletes a market and its bindings.
#[utoipa::path(delete, path = "/api/v1/markets/{name}", tag = "markets",
    params(("name" = String, Path, description = "The market's name")),
    responses((status = 200, description = "The market is deleted", body = model::DeletedMarket)))]
pub async fn delete_market(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(name): Path<String>,
) -> ApiResult<Json<model::DeletedMarket>> {
    caller.require(Scope::Write)?;
    let before = find_market(&state, &caller.merchant_id, &name).await?;
    state.store.delete_market(&caller.merchant_id, &name).await?;
    audit(&state, &caller, "market.delete", &name, recorded(&model::Market::from(&before)), None).await?;
    Ok(Json(model::DeletedMarket { name, deleted: true }))
}

// ---- catalog --------------------------------------------------------------------------------

/// A page of the merchant's catalog, by SKU.
#[utoipa::path(get, path = "/api/v1/catalog", tag = "catalog",
    params(PageQuery),
    responses((status = 200, description = "Catalog entries, by SKU", body = model::CatalogPage)))]
pub async fn catalog(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<model::CatalogPage>> {
    let page = q.page()?;
    let rows = state.store.catalog_page(&caller.merchant_id, &page).await?;
    let items = rows.iter().map(model::CatalogItem::from).collect();
    Ok(Json(model::CatalogPage::new(items, &page, |c| c.sku.clone())))
}

/// One catalog entry.
#[utoipa::path(get, path = "/api/v1/catalog/{sku}", tag = "catalog",
    params(("sku" = String, Path, description = "The SKU")),
    responses((status = 200, description = "The catalog entry", body = model::CatalogItem)))]
pub async fn catalog_item(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(sku): Path<String>,
) -> ApiResult<Json<model::CatalogItem>> {
    let rows = state.store.catalog(&caller.merchant_id, &[sku.as_str()]).await?;
    let row = rows.first().ok_or_else(|| ApiError::not_found("catalog entry", &sku))?;
    Ok(Json(model::CatalogItem::from(row)))
}

/// Creates or replaces a catalog entry.
#[utoipa::path(put, path = "/api/v1/catalog/{sku}", tag = "catalog",
    params(("sku" = String, Path, description = "The SKU, 1 to 128 characters")),
    request_body = model::CatalogEntry,
    responses((status = 200, description = "The entry as stored", body = model::CatalogItem)))]
pub async fn put_catalog_item(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(sku): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<model::CatalogItem>> {
    caller.require(Scope::Write)?;
    let body: model::CatalogEntry = parse_body(&body)?;
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
    let before = state.store.catalog(&caller.merchant_id, &[sku.as_str()]).await?;
    let before = before.first().map(model::CatalogItem::from);
    let row = CatalogRow {
        merchant_id: caller.merchant_id.clone(),
        sku: sku.clone(),
        title: body.title.unwrap_or_else(|| sku.clone()),
        hs_code: body.hs_code,
        origin_country: body.origin_country,
        unit_weight_g: body.unit_weight_g,
    };
    state.store.upsert_catalog_item(&row).await?;
    let answer = model::CatalogItem::from(&row);
    audit(&state, &caller, "catalog.save", &sku, before.as_ref().and_then(recorded), recorded(&answer)).await?;
    Ok(Json(answer))
}

/// Deletes a catalog entry.
#[utoipa::path(delete, path = "/api/v1/catalog/{sku}", tag = "catalog",
    params(("sku" = String, Path, description = "The SKU")),
    responses((status = 200, description = "The entry is deleted", body = model::DeletedCatalogItem)))]
pub async fn delete_catalog_item(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(sku): Path<String>,
) -> ApiResult<Json<model::DeletedCatalogItem>> {
    caller.require(Scope::Write)?;
    let before = state.store.catalog(&caller.merchant_id, &[sku.as_str()]).await?;
    let before = before.first().map(model::CatalogItem::from);
    state.store.delete_catalog_item(&caller.merchant_id, &sku).await?;
    audit(&state, &caller, "catalog.delete", &sku, before.as_ref().and_then(recorded), None).await?;
    Ok(Json(model::DeletedCatalogItem { sku, deleted: true }))
}

// ---- warehouses -----------------------------------------------------------------------------

impl From<model::UnknownStoredWord> for ApiError {
    fn from(e: model::UnknownStoredWord) -> Self {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", e.to_string())
    }
}

/// The merchant's warehouses with their stock.
#[utoipa::path(get, path = "/api/v1/warehouses", tag = "warehouses",
    responses((status = 200, description = "Every warehouse of the merchant", body = model::WarehouseList)))]
pub async fn warehouses(State(state): State<Arc<AppState>>, caller: Caller) -> ApiResult<Json<model::WarehouseList>> {
    let rows = state.store.warehouses_with_stock(&caller.merchant_id).await?;
    let items = rows.iter().map(|(w, s)| model::Warehouse::from_row(w, s)).collect::<Result<_, _>>()?;
    Ok(Json(model::WarehouseList::all(items)))
}

/// Creates or replaces a warehouse, and sets the stock of the SKUs it names.
#[utoipa::path(put, path = "/api/v1/warehouses/{id}", tag = "warehouses",
    params(("id" = String, Path, description = "The warehouse's id")),
    request_body = model::WarehouseEntry,
    responses((status = 200, description = "The warehouse and the stock the request set", body = model::Warehouse)))]
pub async fn put_warehouse(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<model::Warehouse>> {
    caller.require(Scope::Write)?;
    check_id("warehouse id", &id)?;
    let body: model::WarehouseEntry = parse_body(&body)?;
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
    let answer = model::Warehouse::from_row(&row, &stock)?;
    audit(&state, &caller, "warehouse.save", &id, None, recorded(&answer)).await?;
    Ok(Json(answer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::bindings::BindingPatch;

    #[test]
    fn debug_of_request_bodies_that_carry_secrets_shows_them_redacted() {
        let connection: model::NewConnection =
            parse_body(br#"{"id": "acme-woo", "platform": "woocommerce", "secret": "woo-signing-secret-Qx7"}"#)
                .expect("a connection body");
        assert_eq!(connection.secret.expose(), "woo-signing-secret-Qx7");
        let binding: BindingPatch =
            parse_body(br#"{"priority": 1, "secrets": {"password": "dhl-password-Zq81"}}"#).expect("a binding body");
        let shown = format!("{connection:?} {binding:?}");
        assert!(!shown.contains("woo-signing-secret-Qx7") && !shown.contains("dhl-password-Zq81"), "{shown}");
        assert!(shown.contains("[redacted]") && shown.contains("password") && shown.contains("acme-woo"), "{shown}");
    }
}
