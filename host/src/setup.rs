//! Applying a `crossdock.toml` to the store.
//!
//! The file seeds: merchants, connections, warehouses, catalog entries and endpoints are
//! upserted at every start, but a market is written only when it does not exist yet. From then
//! on its countries and plugin bindings belong to the admin API (CLI, dashboard), so a restart
//! never undoes a switch a merchant made.
//!
//! The file is parsed and checked completely, and every plugin it names is resolved in the
//! registry, before the first write: a file with a mistake changes nothing. Every write is an
//! upsert, so applying the same file at every start is harmless. Market rules checked here:
//! every listed plugin is installed, and a market has at most one customs plugin and at most
//! one returns policy (any number of carriers).

use crossdock_types::PluginKind;

use crate::config::{MerchantConfig, SetupFile};
use crate::registry::Registry;
use crate::store::{BindingChange, CatalogRow, ConnectionRow, Store, StoreError, WarehouseRow};

/// Why a setup file could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("merchant `{merchant}`, market `{market}`: {message}")]
    Market { merchant: String, market: String, message: String },
    #[error("merchant `{merchant}`: {message}")]
    Merchant { merchant: String, message: String },
    #[error("cannot apply the setup: {0}")]
    Store(#[from] StoreError),
}

/// What applying a file did, for the start-up log.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub merchants: usize,
    pub connections: usize,
    pub markets: usize,
    pub catalog_items: usize,
}

/// Checks `file` against the installed plugins without writing anything: what [`apply`]
/// checks first, for a caller that must know before it changes anything else.
pub fn check(file: &SetupFile, registry: &Registry) -> Result<(), SetupError> {
    for merchant in &file.merchants {
        check_markets(merchant, registry)?;
        merchant
            .branding
            .validate()
            .map_err(|message| SetupError::Merchant { merchant: merchant.id.clone(), message })?;
    }
    Ok(())
}

/// Checks `file` against the installed plugins, then writes it to `store`.
pub async fn apply(file: &SetupFile, registry: &Registry, store: &Store) -> Result<Applied, SetupError> {
    check(file, registry)?;
    let mut applied = Applied::default();
    for m in &file.merchants {
        store.upsert_merchant(&m.id, &m.name, m.currency).await?;
        if m.branding != crate::config::Branding::default() {
            let json = serde_json::to_string(&m.branding).unwrap_or_else(|_| "{}".into());
            store.set_branding(&m.id, &json).await?;
        }
        for c in &m.connections {
            let row = ConnectionRow {
                id: c.id.clone(),
                merchant_id: m.id.clone(),
                platform: c.platform,
                shop_domain: c.shop_domain.as_ref().map(|d| d.to_ascii_lowercase()),
                secret: c.secret.expose().clone(),
            };
            store.upsert_connection(&row).await?;
            applied.connections += 1;
        }
        for w in &m.warehouses {
            let row = WarehouseRow {
                merchant_id: m.id.clone(),
                id: w.id.clone(),
                country: w.country,
                postal_code: w.postal_code.clone().unwrap_or_default(),
                city: w.city.clone().unwrap_or_default(),
                street: w.street.clone().unwrap_or_default(),
                phone: w.phone.clone(),
                kind: w.kind.as_str().to_owned(),
            };
            store.upsert_warehouse(&row).await?;
            for (sku, quantity) in &w.stock {
                store.set_stock(&m.id, &w.id, sku, i64::from(*quantity)).await?;
            }
        }
        let existing = store.markets_with_bindings(&m.id).await?;
        for market in &m.markets {
            // The file seeds a market once; afterwards the admin API owns it, and a restart
            // must not undo what the merchant switched since.
            if existing.iter().any(|e| e.name == market.name) {
                continue;
            }
            store.upsert_market(&m.id, &market.name, &market.countries).await?;
            store.set_market_policy(&m.id, &market.name, market.choose, market.max_eta_days).await?;
            for (priority, name) in market.plugins.iter().enumerate() {
                let config =
                    market.config.get(name).map(serde_json::to_string).transpose().map_err(|e| SetupError::Market {
                        merchant: m.id.clone(),
                        market: market.name.clone(),
                        message: format!("the configuration of `{name}` cannot be written as JSON: {e}"),
                    })?;
                let change = BindingChange {
                    enabled: Some(true),
                    priority: Some(i32::try_from(priority).unwrap_or(i32::MAX)),
                    config_json: Some(config.unwrap_or_else(|| "{}".into())),
                    allow_hosts: Some(market.allow_hosts.get(name).cloned().unwrap_or_default()),
                    secrets: market
                        .secrets
                        .get(name)
                        .map(|s| s.iter().map(|(k, v)| (k.clone(), v.expose().clone())).collect())
                        .unwrap_or_default(),
                };
                store.change_binding(&m.id, &market.name, name, &change).await?;
            }
            applied.markets += 1;
        }
        for item in &m.catalog {
            let row = CatalogRow {
                merchant_id: m.id.clone(),
                sku: item.sku.clone(),
                title: item.title.clone().unwrap_or_else(|| item.sku.clone()),
                hs_code: item.hs_code.clone(),
                origin_country: item.origin_country,
                unit_weight_g: item.unit_weight_g,
            };
            store.upsert_catalog_item(&row).await?;
            applied.catalog_items += 1;
        }
        for endpoint in &m.endpoints {
            store.add_endpoint(&m.id, &endpoint.url, &endpoint.secret).await?;
        }
        applied.merchants += 1;
    }
    Ok(applied)
}

fn check_markets(merchant: &MerchantConfig, registry: &Registry) -> Result<(), SetupError> {
    for market in &merchant.markets {
        let err = |message: String| SetupError::Market {
            merchant: merchant.id.clone(),
            market: market.name.clone(),
            message,
        };
        let mut customs = Vec::new();
        let mut returns = Vec::new();
        for name in &market.plugins {
            match registry.kind(name) {
                None => {
                    return Err(err(format!(
                        "plugin `{name}` is not installed (installed: {}); start crossdock with `--plugin {name}.wasm`",
                        registry.names().join(", ")
                    )));
                }
                Some(PluginKind::Customs) => customs.push(name.as_str()),
                Some(PluginKind::Returns) => returns.push(name.as_str()),
                Some(PluginKind::Carrier) => {}
            }
        }
        if customs.len() > 1 {
            return Err(err(format!(
                "more than one customs plugin ({}); exactly one may decide a country's customs",
                customs.join(", ")
            )));
        }
        if returns.len() > 1 {
            return Err(err(format!("more than one returns policy ({})", returns.join(", "))));
        }
    }
    Ok(())
}
