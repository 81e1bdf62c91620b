//! Switching plugins on and off per market, configuring them, and handing carriers their
//! credentials and allow-lists.
//!
//! Rules checked before anything is written: the plugin is installed and visible to the
//! merchant; the configuration passes the plugin's JSON schema (the error names the field); a
//! market has at most one enabled customs plugin, which must cover every country of the market
//! (so each country has exactly one), and at most one enabled returns policy (409 otherwise);
//! allow-lists and secrets are for carriers only. Secret values are write-only: responses and
//! the audit log show their names. Every change is in the audit log with before and after.
//!
//! Where a binding's secrets go is guarded apart from what a binding does: a change to its
//! allow-list, or to a configuration value whose key is `base_url` or ends in `_url` (where
//! carrier adapters read their endpoint), is a *destination change*. It needs an admin token —
//! a write token could otherwise point the admin-entered credentials at a host it controls —
//! and it drops the binding's stored secrets unless the same request enters them again, so
//! credentials never follow a new destination unseen. The answer and the audit entry list
//! the secrets dropped (`secrets_dropped`).
//! The pipeline reads bindings per event, so a change applies to the next event on every node.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use crossdock_types::PluginKind;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;

use super::model::bindings as model;
use super::setup::{audit, find_market, recorded};
use super::{ApiError, ApiResult, Caller, Scope, parse_body};
use crate::app::AppState;
use crate::registry::validate_config;
use crate::store::{BindingChange, BindingRow};

/// `?market=&plugin=` of the bindings list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BindingQuery {
    /// Only the bindings of this market.
    market: Option<String>,
    /// Only the bindings of this plugin.
    plugin: Option<String>,
}

async fn binding_view(
    state: &AppState,
    merchant_id: &str,
    market: &str,
    b: &BindingRow,
) -> Result<model::Binding, ApiError> {
    let secrets = state.store.binding_secret_names(merchant_id, market, &b.plugin_name).await?;
    let plugin = state.registry.get(&b.plugin_name).map(|p| (p.metadata.kind, p.metadata.version.clone()));
    Ok(model::Binding::new(market, b, plugin, secrets))
}

/// The merchant's bindings, optionally of one market or one plugin.
#[utoipa::path(get, path = "/api/v1/bindings", tag = "bindings",
    params(BindingQuery),
    responses((status = 200, description = "The bindings, by market", body = model::BindingList)))]
pub async fn bindings(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(q): Query<BindingQuery>,
) -> ApiResult<Json<model::BindingList>> {
    let mut items = Vec::new();
    for m in state.store.markets_with_bindings(&caller.merchant_id).await? {
        if q.market.as_ref().is_some_and(|n| *n != m.name) {
            continue;
        }
        for b in m.bindings.iter().filter(|b| q.plugin.as_ref().is_none_or(|p| *p == b.plugin_name)) {
            items.push(binding_view(&state, &caller.merchant_id, &m.name, b).await?);
        }
    }
    Ok(Json(model::BindingList::all(items)))
}

/// Binds a plugin to a market if it is not yet, and configures it: switched on or off, its
/// priority, its configuration, and for carriers the hosts it may reach and its secrets.
#[utoipa::path(put, path = "/api/v1/markets/{market}/bindings/{plugin}", tag = "bindings",
    params(("market" = String, Path, description = "The market's name"),
           ("plugin" = String, Path, description = "The plugin's name")),
    request_body = model::BindingPatch,
    responses((status = 200, description = "The binding as it now is, and any secrets the change dropped",
        body = model::Binding)))]
pub async fn put_binding(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((market, plugin)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> ApiResult<Json<model::Binding>> {
    let body: model::BindingPatch = parse_body(&body)?;
    change(&state, &caller, &market, &plugin, body, "binding.configure").await.map(Json)
}

/// Switches a plugin on in a market, binding it with its default configuration if needed;
/// also resumes a binding the circuit breaker paused.
#[utoipa::path(post, path = "/api/v1/markets/{market}/bindings/{plugin}/enable", tag = "bindings",
    params(("market" = String, Path, description = "The market's name"),
           ("plugin" = String, Path, description = "The plugin's name")),
    responses((status = 200, description = "The binding, switched on", body = model::Binding)))]
pub async fn enable(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((market, plugin)): Path<(String, String)>,
) -> ApiResult<Json<model::Binding>> {
    let body = model::BindingPatch { enabled: Some(true), ..model::BindingPatch::default() };
    let answer = change(&state, &caller, &market, &plugin, body, "binding.enable").await?;
    // Enabling is also the manual end of a circuit-breaker pause (`pipeline::breaker`).
    state.store.clear_binding_pause(&caller.merchant_id, &market, &plugin).await?;
    Ok(Json(answer))
}

/// Switches a plugin off in a market; its configuration and secrets are kept.
#[utoipa::path(post, path = "/api/v1/markets/{market}/bindings/{plugin}/disable", tag = "bindings",
    params(("market" = String, Path, description = "The market's name"),
           ("plugin" = String, Path, description = "The plugin's name")),
    responses((status = 200, description = "The binding, switched off", body = model::Binding)))]
pub async fn disable(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((market, plugin)): Path<(String, String)>,
) -> ApiResult<Json<model::Binding>> {
    let body = model::BindingPatch { enabled: Some(false), ..model::BindingPatch::default() };
    change(&state, &caller, &market, &plugin, body, "binding.disable").await.map(Json)
}

/// Unbinds a plugin from a market, with its configuration and secrets.
#[utoipa::path(delete, path = "/api/v1/markets/{market}/bindings/{plugin}", tag = "bindings",
    params(("market" = String, Path, description = "The market's name"),
           ("plugin" = String, Path, description = "The plugin's name")),
    responses((status = 200, description = "The binding is deleted", body = model::DeletedBinding)))]
pub async fn delete_binding(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((market, plugin)): Path<(String, String)>,
) -> ApiResult<Json<model::DeletedBinding>> {
    caller.require(Scope::Write)?;
    let current = state.store.binding(&caller.merchant_id, &market, &plugin).await?;
    let current = current.ok_or_else(|| ApiError::not_found("binding", &format!("{market}/{plugin}")))?;
    let before = binding_view(&state, &caller.merchant_id, &market, &current).await?;
    state.store.delete_binding(&caller.merchant_id, &market, &plugin).await?;
    audit(&state, &caller, "binding.delete", &format!("{market}/{plugin}"), recorded(&before), None).await?;
    Ok(Json(model::DeletedBinding { market, plugin, deleted: true }))
}

async fn change(
    state: &AppState,
    caller: &Caller,
    market_name: &str,
    plugin_name: &str,
    body: model::BindingPatch,
    action: &str,
) -> Result<model::Binding, ApiError> {
    caller.require(Scope::Write)?;
    let market = find_market(state, &caller.merchant_id, market_name).await?;
    if !state.registry.visible_to(plugin_name, &caller.merchant_id) {
        return Err(ApiError::not_found("plugin", plugin_name));
    }
    let plugin = state.registry.get(plugin_name).ok_or_else(|| ApiError::not_found("plugin", plugin_name))?;
    let kind = plugin.metadata.kind;
    let current = market.bindings.iter().find(|b| b.plugin_name == plugin_name);
    if let Some(config) = &body.config {
        validate_config(&plugin, config).map_err(|e| ApiError::invalid(format!("{plugin_name}: {e}")))?;
    } else if current.is_none() {
        // A new binding starts with `{}`: it must be a valid configuration of this plugin.
        validate_config(&plugin, &json!({}))
            .map_err(|e| ApiError::invalid(format!("{plugin_name} needs a configuration: {e}; send it as `config`")))?;
    }
    if kind != PluginKind::Carrier && (body.allow_hosts.is_some() || !body.secrets.is_empty()) {
        return Err(ApiError::invalid(format!(
            "{plugin_name} is a {kind} plugin; only carrier plugins take allow_hosts and secrets"
        )));
    }
    if let Some(hosts) = &body.allow_hosts
        && let Some(bad) = hosts.iter().find(|h| h.is_empty() || h.contains('/') || h.contains(' '))
    {
        return Err(ApiError::invalid(format!(
            "allow_hosts entry `{bad}` must be a host name or host:port, not a URL"
        )));
    }
    if let Some(bad) = body.secrets.keys().find(|k| k.is_empty() || k.len() > 64) {
        return Err(ApiError::invalid(format!("secret name `{bad}` must be 1 to 64 characters")));
    }
    let enabling = body.enabled.unwrap_or_else(|| current.is_some_and(|b| b.enabled));
    if enabling {
        let others: Vec<&str> = market
            .bindings
            .iter()
            .filter(|b| b.enabled && b.plugin_name != plugin_name)
            .filter(|b| state.registry.kind(&b.plugin_name) == Some(kind))
            .map(|b| b.plugin_name.as_str())
            .collect();
        match kind {
            PluginKind::Customs => {
                if let Some(other) = others.first() {
                    return Err(ApiError::conflict(format!(
                        "market {market_name} already has customs plugin `{other}` enabled; exactly one customs \
                         plugin may decide a country's customs: disable `{other}` first"
                    )));
                }
                let uncovered: Vec<String> = market
                    .countries
                    .iter()
                    .filter(|c| !plugin.metadata.covers.iter().any(|cov| cov == c.as_str()))
                    .map(|c| c.to_string())
                    .collect();
                if !uncovered.is_empty() {
                    return Err(ApiError::conflict(format!(
                        "customs plugin `{plugin_name}` does not cover {} of market {market_name}; split the market \
                         or choose a customs plugin that covers them",
                        uncovered.join(", ")
                    )));
                }
            }
            PluginKind::Returns => {
                if let Some(other) = others.first() {
                    return Err(ApiError::conflict(format!(
                        "market {market_name} already has returns policy `{other}` enabled; one returns policy \
                         per market: disable `{other}` first"
                    )));
                }
            }
            PluginKind::Carrier => {}
        }
    }
    let moved = destination_changed(current, body.config.as_ref(), body.allow_hosts.as_deref());
    if let Some(what) = &moved {
        caller.require(Scope::Admin).map_err(|mut e| {
            e.message = format!(
                "changing {what} changes where this binding's credentials are sent, which needs an admin token; {}",
                e.message
            );
            e
        })?;
    }
    let before = match current {
        Some(b) => recorded(&binding_view(state, &caller.merchant_id, market_name, b).await?),
        None => None,
    };
    let mut secrets: Vec<(String, String)> = body.secrets.into_iter().map(|(n, v)| (n, v.into_inner())).collect();
    let mut dropped = Vec::new();
    if moved.is_some() && current.is_some() {
        for name in state.store.binding_secret_names(&caller.merchant_id, market_name, plugin_name).await? {
            if !secrets.iter().any(|(n, v)| *n == name && !v.is_empty()) {
                if !secrets.iter().any(|(n, _)| *n == name) {
                    secrets.push((name.clone(), String::new()));
                }
                dropped.push(name);
            }
        }
    }
    let change = BindingChange {
        enabled: body.enabled,
        priority: body.priority,
        config_json: body.config.map(|c| c.to_string()),
        allow_hosts: body.allow_hosts,
        secrets,
    };
    let after = state.store.change_binding(&caller.merchant_id, market_name, plugin_name, &change).await?;
    let view = binding_view(state, &caller.merchant_id, market_name, &after).await?.with_dropped(dropped);
    audit(state, caller, action, &format!("{market_name}/{plugin_name}"), before, recorded(&view)).await?;
    Ok(view)
}

/// What a change would move, if it changes where a binding's requests (and so its secrets)
/// go: `None` when the allow-list and every `base_url`/`…_url` value stay as they are. A new
/// binding is compared with the empty one (no hosts, `{}`).
fn destination_changed(
    current: Option<&BindingRow>,
    config: Option<&Value>,
    hosts: Option<&[String]>,
) -> Option<String> {
    let normalized = |hosts: &[String]| {
        let mut h: Vec<String> = hosts.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
        h.sort();
        h.dedup();
        h
    };
    if let Some(hosts) = hosts {
        let before = current.map(|b| normalized(&b.allow_hosts)).unwrap_or_default();
        if normalized(hosts) != before {
            return Some("allow_hosts".into());
        }
    }
    if let Some(config) = config {
        let before: Value =
            current.and_then(|b| serde_json::from_str(&b.config_json).ok()).unwrap_or_else(|| json!({}));
        let (mut old, mut new) = (Vec::new(), Vec::new());
        url_values(&before, "", &mut old);
        url_values(config, "", &mut new);
        old.sort();
        new.sort();
        if old != new {
            let keys: std::collections::BTreeSet<&str> = old
                .iter()
                .chain(&new)
                .filter(|kv| !(old.contains(kv) && new.contains(kv)))
                .map(|(k, _)| k.as_str())
                .collect();
            return Some(format!("config {}", keys.into_iter().collect::<Vec<_>>().join(", ")));
        }
    }
    None
}

/// Every value under a key named `base_url` or ending in `_url`, with its JSON pointer.
fn url_values(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = format!("{at}/{k}");
                if (k == "base_url" || k.ends_with("_url")) && !v.is_object() && !v.is_array() {
                    let text = v.as_str().map(|s| s.trim().trim_end_matches('/').to_owned()).unwrap_or(v.to_string());
                    out.push((path, text));
                } else {
                    url_values(v, &path, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                url_values(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}
