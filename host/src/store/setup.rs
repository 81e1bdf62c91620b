//! Merchants' setup: merchants, storefront connections, warehouses and stock, markets with their
//! plugin bindings, and the product catalog.
//!
//! Every write is an idempotent upsert keyed by the row's natural key, so applying the same
//! config file twice (or the admin API retrying) changes nothing the second time. Lists that
//! belong to a parent (a market's countries, a market's bindings) are replaced as a whole in
//! one transaction, so readers see the old list or the new one, never a mix.

use std::collections::BTreeMap;

use crossdock_types::{CountryCode, CurrencyCode};
use sqlx::any::AnyRow;

use crate::domain::{Platform, Policy};

use super::admin::{BINDING_COLUMNS, binding_from};
use super::secrets::{SecretKeys, connection_row};
use super::sql::{get, get_parsed, get_parsed_opt, get_unsigned_opt, placeholders};
use super::{Store, StoreError};

/// Most values in one `IN (…)` list; longer lists are queried in chunks.
const IN_CHUNK: usize = 500;

/// A merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantRow {
    pub id: String,
    pub name: String,
    /// The currency the merchant reports in.
    pub currency: CurrencyCode,
}

/// A storefront connection: where webhooks come from and the secret that signs them (sealed
/// at rest, see `secrets.rs`; `Debug` shows `[redacted]` in its place).
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionRow {
    pub id: String,
    pub merchant_id: String,
    /// `shopify`, `woocommerce`, `standard`, …
    pub platform: Platform,
    /// The shop's domain, for platforms that name the shop in a header (Shopify); unique.
    pub shop_domain: Option<String>,
    /// The webhook signing secret.
    pub secret: String,
}

impl std::fmt::Debug for ConnectionRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionRow")
            .field("id", &self.id)
            .field("merchant_id", &self.merchant_id)
            .field("platform", &self.platform)
            .field("shop_domain", &self.shop_domain)
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// A warehouse of a merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarehouseRow {
    pub merchant_id: String,
    pub id: String,
    pub country: CountryCode,
    pub postal_code: String,
    pub city: String,
    /// Street and number (empty when unknown).
    pub street: String,
    pub phone: Option<String>,
    /// What sort of warehouse: `own`, `overseas`, `bonded`, `3pl`, … (the config layer decides).
    pub kind: String,
}

impl WarehouseRow {
    /// The warehouse as a contract address (empty parts left out).
    pub fn address(&self) -> crossdock_types::Address {
        let mut address = crossdock_types::Address::in_country(self.country);
        address.postal_code = Some(self.postal_code.clone()).filter(|s| !s.is_empty());
        address.city = Some(self.city.clone()).filter(|s| !s.is_empty());
        address.street = if self.street.is_empty() { Vec::new() } else { vec![self.street.clone()] };
        address.phone = self.phone.clone();
        address
    }
}

/// Stock of one SKU in one warehouse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockRow {
    pub warehouse_id: String,
    pub sku: String,
    pub quantity: i64,
}

/// A plugin switched on or off for a market, with its merchant configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingRow {
    pub plugin_name: String,
    pub enabled: bool,
    /// Lower runs (or is preferred) first.
    pub priority: i32,
    /// The plugin's merchant configuration, a JSON document.
    pub config_json: String,
    /// Hosts (`host` or `host:port`) the plugin may reach over HTTP; carriers only.
    pub allow_hosts: Vec<String>,
}

/// A market: a named set of destination countries and the plugins bound to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Market {
    pub name: String,
    /// `cheapest` or `fastest`: how a carrier rate is chosen.
    pub carrier_policy: Policy,
    /// With `cheapest`: ignore rates slower than this many days.
    pub max_eta_days: Option<u32>,
    /// Sorted.
    pub countries: Vec<CountryCode>,
    /// By priority, then plugin name.
    pub bindings: Vec<BindingRow>,
}

/// A catalog entry: what customs needs to know about a SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogRow {
    pub merchant_id: String,
    pub sku: String,
    pub title: String,
    /// As the merchant gave it; validated by customs plugins, which report a bad code as a finding.
    pub hs_code: Option<String>,
    pub origin_country: Option<CountryCode>,
    pub unit_weight_g: Option<u32>,
}

fn require(field: &str, value: &str) -> Result<(), StoreError> {
    if value.trim().is_empty() {
        return Err(StoreError::Invalid(format!("{field} must not be empty")));
    }
    Ok(())
}

/// A connection row, its secret opened with `keys`.
pub(super) fn connection_from(keys: &SecretKeys, row: &AnyRow) -> Result<ConnectionRow, StoreError> {
    let id: String = get(row, "id")?;
    let stored: String = get(row, "secret")?;
    let secret = keys.open(&stored, &connection_row(&id), &format!("the signing secret of connection `{id}`"))?.value;
    Ok(ConnectionRow {
        merchant_id: get(row, "merchant_id")?,
        platform: get_parsed(row, "platform")?,
        shop_domain: get(row, "shop_domain")?,
        secret,
        id,
    })
}

pub(super) fn catalog_from(row: &AnyRow) -> Result<CatalogRow, StoreError> {
    Ok(CatalogRow {
        merchant_id: get(row, "merchant_id")?,
        sku: get(row, "sku")?,
        title: get(row, "title")?,
        hs_code: get(row, "hs_code")?,
        origin_country: get_parsed_opt(row, "origin_country")?,
        unit_weight_g: get_unsigned_opt(row, "unit_weight_g")?,
    })
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

fn is_foreign_key_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_foreign_key_violation())
}

impl Store {
    /// Creates or updates a merchant.
    pub async fn upsert_merchant(&self, id: &str, name: &str, currency: CurrencyCode) -> Result<(), StoreError> {
        require("a merchant id", id)?;
        sqlx::query(
            "INSERT INTO merchants (id, name, currency) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, currency = excluded.currency",
        )
        .bind(id)
        .bind(name)
        .bind(currency.as_str())
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("saving a merchant"))?;
        Ok(())
    }

    /// Creates or updates a storefront connection. Its merchant must exist; its shop domain
    /// must not belong to another connection; its id must be new or already the merchant's.
    ///
    /// The owner check is part of the write (`DO UPDATE … WHERE` the stored owner is this
    /// merchant), not a read before it: two merchants creating the same new id at once end with
    /// one owner and a [`StoreError::Conflict`] for the other, and a merchant (or a setup file)
    /// naming another merchant's connection id cannot move it. The error does not name the owner.
    pub async fn upsert_connection(&self, c: &ConnectionRow) -> Result<(), StoreError> {
        require("a connection id", &c.id)?;
        require("a connection's secret", &c.secret)?;
        let sealed = self.seal_secret(&c.secret, &connection_row(&c.id))?;
        let result = sqlx::query(
            "INSERT INTO connections (id, merchant_id, platform, shop_domain, secret) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, \
             shop_domain = excluded.shop_domain, secret = excluded.secret \
             WHERE connections.merchant_id = excluded.merchant_id",
        )
        .bind(c.id.as_str())
        .bind(c.merchant_id.as_str())
        .bind(c.platform.as_str())
        .bind(c.shop_domain.as_deref())
        .bind(sealed)
        .execute(self.write_pool())
        .await;
        match result {
            Ok(done) if done.rows_affected() == 0 => Err(StoreError::Conflict(format!(
                "connection id `{}` belongs to another merchant; choose another id for merchant `{}`",
                c.id, c.merchant_id
            ))),
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(StoreError::Conflict(format!(
                "shop domain `{}` already belongs to another connection; give connection `{}` another domain",
                c.shop_domain.as_deref().unwrap_or_default(),
                c.id
            ))),
            Err(e) if is_foreign_key_violation(&e) => {
                Err(StoreError::NotFound { what: "merchant", key: c.merchant_id.clone() })
            }
            Err(e) => Err(StoreError::db("saving a connection")(e)),
        }
    }

    /// Creates or updates a warehouse.
    pub async fn upsert_warehouse(&self, w: &WarehouseRow) -> Result<(), StoreError> {
        require("a warehouse id", &w.id)?;
        sqlx::query(
            "INSERT INTO warehouses (merchant_id, id, country, postal_code, city, kind, street, phone) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (merchant_id, id) DO UPDATE SET country = excluded.country, \
             postal_code = excluded.postal_code, city = excluded.city, kind = excluded.kind, \
             street = excluded.street, phone = excluded.phone",
        )
        .bind(w.merchant_id.as_str())
        .bind(w.id.as_str())
        .bind(w.country.as_str())
        .bind(w.postal_code.as_str())
        .bind(w.city.as_str())
        .bind(w.kind.as_str())
        .bind(w.street.as_str())
        .bind(w.phone.as_deref())
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("saving a warehouse"))?;
        Ok(())
    }

    /// Sets the stock of `sku` in a warehouse (replacing the previous quantity).
    pub async fn set_stock(
        &self,
        merchant_id: &str,
        warehouse_id: &str,
        sku: &str,
        quantity: i64,
    ) -> Result<(), StoreError> {
        require("a SKU", sku)?;
        sqlx::query(
            "INSERT INTO stock (merchant_id, warehouse_id, sku, quantity) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (merchant_id, sku, warehouse_id) DO UPDATE SET quantity = excluded.quantity",
        )
        .bind(merchant_id)
        .bind(warehouse_id)
        .bind(sku)
        .bind(quantity)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("setting stock"))?;
        Ok(())
    }

    /// Creates a market or replaces its countries. A country already in another market of the
    /// same merchant is refused (a destination must map to one market).
    /// Sets how a market chooses among carrier rates.
    pub async fn set_market_policy(
        &self,
        merchant_id: &str,
        name: &str,
        carrier_policy: Policy,
        max_eta_days: Option<u32>,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE markets SET carrier_policy = $3, max_eta_days = $4 WHERE merchant_id = $1 AND name = $2",
        )
        .bind(merchant_id)
        .bind(name)
        .bind(carrier_policy.as_str())
        .bind(max_eta_days.map(i64::from))
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("saving a market's carrier policy"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Invalid(format!("merchant `{merchant_id}` has no market `{name}`")));
        }
        Ok(())
    }

    pub async fn upsert_market(
        &self,
        merchant_id: &str,
        name: &str,
        countries: &[CountryCode],
    ) -> Result<(), StoreError> {
        require("a market name", name)?;
        let mut countries = countries.to_vec();
        countries.sort();
        countries.dedup();
        let op = "saving a market";
        let mut tx = self.begin_write(op).await?;
        sqlx::query(
            "INSERT INTO markets (merchant_id, name) VALUES ($1, $2) ON CONFLICT (merchant_id, name) DO NOTHING",
        )
        .bind(merchant_id)
        .bind(name)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db(op))?;
        for chunk in countries.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT country, market FROM market_countries WHERE merchant_id = $1 AND market <> $2 \
                 AND country IN ({}) ORDER BY country LIMIT 1",
                placeholders(3, chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(merchant_id).bind(name);
            for country in chunk {
                query = query.bind(country.as_str());
            }
            if let Some(row) = query.fetch_optional(&mut *tx).await.map_err(StoreError::db(op))? {
                let country: String = get(&row, "country")?;
                let other: String = get(&row, "market")?;
                return Err(StoreError::Conflict(format!(
                    "country {country} is already in market `{other}` of merchant `{merchant_id}`; \
                     remove it there before adding it to `{name}`"
                )));
            }
        }
        sqlx::query("DELETE FROM market_countries WHERE merchant_id = $1 AND market = $2")
            .bind(merchant_id)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(op))?;
        for chunk in countries.chunks(IN_CHUNK) {
            let values: Vec<String> = (0..chunk.len()).map(|i| format!("($1, $2, ${})", i + 3)).collect();
            let sql =
                format!("INSERT INTO market_countries (merchant_id, market, country) VALUES {}", values.join(", "));
            let mut query = sqlx::query(&sql).bind(merchant_id).bind(name);
            for country in chunk {
                query = query.bind(country.as_str());
            }
            query.execute(&mut *tx).await.map_err(StoreError::db(op))?;
        }
        tx.commit().await.map_err(StoreError::db(op))
    }

    /// Replaces the plugin bindings of a market with `bindings`. Each `config_json` must be
    /// JSON; plugin names must not repeat.
    pub async fn set_bindings(
        &self,
        merchant_id: &str,
        market: &str,
        bindings: &[BindingRow],
    ) -> Result<(), StoreError> {
        for (i, b) in bindings.iter().enumerate() {
            require("a binding's plugin name", &b.plugin_name)?;
            if bindings[..i].iter().any(|earlier| earlier.plugin_name == b.plugin_name) {
                return Err(StoreError::Invalid(format!(
                    "plugin `{}` is bound twice to market `{market}`; bind each plugin once",
                    b.plugin_name
                )));
            }
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&b.config_json) {
                return Err(StoreError::Invalid(format!(
                    "the configuration of plugin `{}` in market `{market}` is not JSON: {e}",
                    b.plugin_name
                )));
            }
        }
        let op = "saving plugin bindings";
        let mut tx = self.begin_write(op).await?;
        let exists = sqlx::query("SELECT name FROM markets WHERE merchant_id = $1 AND name = $2")
            .bind(merchant_id)
            .bind(market)
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::db(op))?;
        if exists.is_none() {
            return Err(StoreError::NotFound { what: "market", key: format!("{merchant_id}/{market}") });
        }
        sqlx::query("DELETE FROM bindings WHERE merchant_id = $1 AND market = $2")
            .bind(merchant_id)
            .bind(market)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(op))?;
        for b in bindings {
            sqlx::query(
                "INSERT INTO bindings (merchant_id, market, plugin_name, enabled, priority, config_json, \
                 allow_hosts_json) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(merchant_id)
            .bind(market)
            .bind(b.plugin_name.as_str())
            .bind(b.enabled)
            .bind(i64::from(b.priority))
            .bind(b.config_json.as_str())
            .bind(serde_json::to_string(&b.allow_hosts).unwrap_or_else(|_| "[]".into()))
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(op))?;
        }
        tx.commit().await.map_err(StoreError::db(op))
    }

    /// Creates or updates a catalog entry.
    pub async fn upsert_catalog_item(&self, c: &CatalogRow) -> Result<(), StoreError> {
        require("a SKU", &c.sku)?;
        sqlx::query(
            "INSERT INTO catalog (merchant_id, sku, title, hs_code, origin_country, unit_weight_g) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (merchant_id, sku) DO UPDATE SET title = excluded.title, \
             hs_code = excluded.hs_code, origin_country = excluded.origin_country, \
             unit_weight_g = excluded.unit_weight_g",
        )
        .bind(c.merchant_id.as_str())
        .bind(c.sku.as_str())
        .bind(c.title.as_str())
        .bind(c.hs_code.as_deref())
        .bind(c.origin_country.as_ref().map(CountryCode::as_str))
        .bind(c.unit_weight_g.map(i64::from))
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("saving a catalog item"))?;
        Ok(())
    }

    /// A merchant by id.
    pub async fn merchant(&self, id: &str) -> Result<Option<MerchantRow>, StoreError> {
        let row = sqlx::query("SELECT id, name, currency FROM merchants WHERE id = $1")
            .bind(id)
            .fetch_optional(self.read_pool())
            .await
            .map_err(StoreError::db("reading a merchant"))?;
        row.map(|row| {
            Ok(MerchantRow { id: get(&row, "id")?, name: get(&row, "name")?, currency: get_parsed(&row, "currency")? })
        })
        .transpose()
    }

    /// A connection by id.
    pub async fn connection(&self, id: &str) -> Result<Option<ConnectionRow>, StoreError> {
        let row = sqlx::query("SELECT id, merchant_id, platform, shop_domain, secret FROM connections WHERE id = $1")
            .bind(id)
            .fetch_optional(self.read_pool())
            .await
            .map_err(StoreError::db("reading a connection"))?;
        row.as_ref().map(|r| connection_from(self.secret_keys(), r)).transpose()
    }

    /// The connection of a shop domain (as Shopify sends it in `X-Shopify-Shop-Domain`).
    pub async fn connection_by_shop_domain(&self, domain: &str) -> Result<Option<ConnectionRow>, StoreError> {
        let row = sqlx::query(
            "SELECT id, merchant_id, platform, shop_domain, secret FROM connections WHERE shop_domain = $1",
        )
        .bind(domain)
        .fetch_optional(self.read_pool())
        .await
        .map_err(StoreError::db("reading a connection by shop domain"))?;
        row.as_ref().map(|r| connection_from(self.secret_keys(), r)).transpose()
    }

    /// A merchant's warehouses, by id.
    pub async fn warehouses(&self, merchant_id: &str) -> Result<Vec<WarehouseRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT merchant_id, id, country, postal_code, city, kind, street, phone FROM warehouses \
             WHERE merchant_id = $1 ORDER BY id",
        )
        .bind(merchant_id)
        .fetch_all(self.read_pool())
        .await
        .map_err(StoreError::db("reading warehouses"))?;
        rows.iter()
            .map(|row| {
                Ok(WarehouseRow {
                    merchant_id: get(row, "merchant_id")?,
                    id: get(row, "id")?,
                    country: get_parsed(row, "country")?,
                    postal_code: get(row, "postal_code")?,
                    city: get(row, "city")?,
                    street: get(row, "street")?,
                    phone: get(row, "phone")?,
                    kind: get(row, "kind")?,
                })
            })
            .collect()
    }

    /// Stock of the given SKUs in every warehouse of the merchant, by SKU then warehouse.
    pub async fn stock<S: AsRef<str>>(&self, merchant_id: &str, skus: &[S]) -> Result<Vec<StockRow>, StoreError> {
        let mut out = Vec::new();
        for chunk in skus.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT warehouse_id, sku, quantity FROM stock WHERE merchant_id = $1 AND sku IN ({}) \
                 ORDER BY sku, warehouse_id",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(merchant_id);
            for sku in chunk {
                query = query.bind(sku.as_ref());
            }
            let rows = query.fetch_all(self.read_pool()).await.map_err(StoreError::db("reading stock"))?;
            for row in &rows {
                out.push(StockRow {
                    warehouse_id: get(row, "warehouse_id")?,
                    sku: get(row, "sku")?,
                    quantity: get(row, "quantity")?,
                });
            }
        }
        Ok(out)
    }

    /// A merchant's markets with their countries and bindings, by name.
    pub async fn markets_with_bindings(&self, merchant_id: &str) -> Result<Vec<Market>, StoreError> {
        let op = "reading markets";
        let pool = self.read_pool();
        let names =
            sqlx::query("SELECT name, carrier_policy, max_eta_days FROM markets WHERE merchant_id = $1 ORDER BY name")
                .bind(merchant_id)
                .fetch_all(pool)
                .await
                .map_err(StoreError::db(op))?;
        let mut markets = BTreeMap::new();
        for row in &names {
            let name: String = get(row, "name")?;
            let carrier_policy: Policy = get_parsed(row, "carrier_policy")?;
            let max_eta_days: Option<i64> = get(row, "max_eta_days")?;
            let max_eta_days = max_eta_days.and_then(|d| u32::try_from(d).ok());
            markets.insert(
                name.clone(),
                Market { name, carrier_policy, max_eta_days, countries: Vec::new(), bindings: Vec::new() },
            );
        }
        let countries =
            sqlx::query("SELECT market, country FROM market_countries WHERE merchant_id = $1 ORDER BY country")
                .bind(merchant_id)
                .fetch_all(pool)
                .await
                .map_err(StoreError::db(op))?;
        for row in &countries {
            let market: String = get(row, "market")?;
            if let Some(m) = markets.get_mut(&market) {
                m.countries.push(get_parsed(row, "country")?);
            }
        }
        let bindings = sqlx::query(&format!(
            "SELECT market, {BINDING_COLUMNS} FROM bindings WHERE merchant_id = $1 ORDER BY priority, plugin_name"
        ))
        .bind(merchant_id)
        .fetch_all(pool)
        .await
        .map_err(StoreError::db(op))?;
        for row in &bindings {
            let market: String = get(row, "market")?;
            if let Some(m) = markets.get_mut(&market) {
                m.bindings.push(binding_from(row)?);
            }
        }
        Ok(markets.into_values().collect())
    }

    /// Catalog entries for the given SKUs (those that exist), by SKU.
    pub async fn catalog<S: AsRef<str>>(&self, merchant_id: &str, skus: &[S]) -> Result<Vec<CatalogRow>, StoreError> {
        let mut out = Vec::new();
        for chunk in skus.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT merchant_id, sku, title, hs_code, origin_country, unit_weight_g FROM catalog \
                 WHERE merchant_id = $1 AND sku IN ({}) ORDER BY sku",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(merchant_id);
            for sku in chunk {
                query = query.bind(sku.as_ref());
            }
            let rows = query.fetch_all(self.read_pool()).await.map_err(StoreError::db("reading the catalog"))?;
            for row in &rows {
                out.push(catalog_from(row)?);
            }
        }
        Ok(out)
    }
}
