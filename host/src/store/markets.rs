//! Markets and their plugin bindings: a market is a named set of destination countries of a
//! merchant; a binding switches a plugin on or off for a market, with its configuration, its
//! allow-list of hosts and its secrets (sealed at rest, `secrets.rs`; never returned to the API).
//!
//! Setup writes are idempotent upserts keyed by the row's natural key, so applying the same
//! setup file twice changes nothing the second time. Lists that belong to a market (its
//! countries, its bindings) are replaced as a whole in one transaction, so readers see the old
//! list or the new one, never a mix; deleting a market takes its countries, bindings and their
//! secrets with it in one transaction. The admin API changes one binding at a time
//! ([`Store::change_binding`]). The circuit breaker's state of a binding is in `breaker.rs`.

use std::collections::BTreeMap;

use crossdock_types::CountryCode;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::domain::Policy;

use super::secrets;
use super::sql::{IN_CHUNK, get, get_bool, get_parsed, placeholders, require};
use super::{Store, StoreError};

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

/// One change to a binding, as the API makes it. `None` leaves a field as it is. `Debug`
/// shows the secrets' names only.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct BindingChange {
    pub enabled: Option<bool>,
    pub priority: Option<i32>,
    pub config_json: Option<String>,
    pub allow_hosts: Option<Vec<String>>,
    /// Secrets to set (name → value); an empty value deletes that secret.
    pub secrets: Vec<(String, String)>,
}

impl std::fmt::Debug for BindingChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secrets: Vec<(&str, &str)> = self.secrets.iter().map(|(name, _)| (name.as_str(), "[redacted]")).collect();
        f.debug_struct("BindingChange")
            .field("enabled", &self.enabled)
            .field("priority", &self.priority)
            .field("config_json", &self.config_json)
            .field("allow_hosts", &self.allow_hosts)
            .field("secrets", &secrets)
            .finish_non_exhaustive()
    }
}

fn binding_from(row: &AnyRow) -> Result<BindingRow, StoreError> {
    let priority: i64 = get(row, "priority")?;
    let hosts: String = get(row, "allow_hosts_json")?;
    Ok(BindingRow {
        plugin_name: get(row, "plugin_name")?,
        enabled: get_bool(row, "enabled")?,
        priority: i32::try_from(priority).map_err(|_| StoreError::Corrupt {
            column: "bindings.priority",
            value: priority.to_string(),
            reason: "out of range".into(),
        })?,
        config_json: get(row, "config_json")?,
        allow_hosts: serde_json::from_str(&hosts).map_err(|e| StoreError::Corrupt {
            column: "bindings.allow_hosts_json",
            value: hosts.clone(),
            reason: e.to_string(),
        })?,
    })
}

const BINDING_COLUMNS: &str = "plugin_name, enabled, priority, config_json, allow_hosts_json";

/// Whether the merchant has this market, read inside the write transaction that changes its
/// bindings (so the market cannot be deleted between the check and the write).
async fn market_exists(
    conn: &mut AnyConnection,
    merchant_id: &str,
    market: &str,
    op: &'static str,
) -> Result<bool, StoreError> {
    let row = sqlx::query("SELECT name FROM markets WHERE merchant_id = $1 AND name = $2")
        .bind(merchant_id)
        .bind(market)
        .fetch_optional(conn)
        .await
        .map_err(StoreError::db(op))?;
    Ok(row.is_some())
}

impl Store {
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

    /// Creates a market or replaces its countries. A country already in another market of the
    /// same merchant is refused (a destination must map to one market).
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
        if !market_exists(&mut tx, merchant_id, market, op).await? {
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

    /// Deletes a market with its countries, bindings and their secrets.
    pub async fn delete_market(&self, merchant_id: &str, market: &str) -> Result<(), StoreError> {
        let op = "deleting a market";
        let mut tx = self.begin_write(op).await?;
        for sql in [
            "DELETE FROM binding_secrets WHERE merchant_id = $1 AND market = $2",
            "DELETE FROM bindings WHERE merchant_id = $1 AND market = $2",
            "DELETE FROM market_countries WHERE merchant_id = $1 AND market = $2",
        ] {
            sqlx::query(sql).bind(merchant_id).bind(market).execute(&mut *tx).await.map_err(StoreError::db(op))?;
        }
        let done = sqlx::query("DELETE FROM markets WHERE merchant_id = $1 AND name = $2")
            .bind(merchant_id)
            .bind(market)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(op))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound { what: "market", key: market.to_owned() });
        }
        tx.commit().await.map_err(StoreError::db(op))
    }

    /// One binding of a market, if it exists.
    pub async fn binding(
        &self,
        merchant_id: &str,
        market: &str,
        plugin: &str,
    ) -> Result<Option<BindingRow>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {BINDING_COLUMNS} FROM bindings WHERE merchant_id = $1 AND market = $2 AND plugin_name = $3"
        ))
        .bind(merchant_id)
        .bind(market)
        .bind(plugin)
        .fetch_optional(self.read_pool())
        .await
        .map_err(StoreError::db("reading a binding"))?;
        row.as_ref().map(binding_from).transpose()
    }

    /// Creates or changes one binding (a new binding starts disabled, priority 100, config
    /// `{}`, unless `change` says otherwise). Returns the binding after the change.
    pub async fn change_binding(
        &self,
        merchant_id: &str,
        market: &str,
        plugin: &str,
        change: &BindingChange,
    ) -> Result<BindingRow, StoreError> {
        let op = "changing a binding";
        let mut tx = self.begin_write(op).await?;
        if !market_exists(&mut tx, merchant_id, market, op).await? {
            return Err(StoreError::NotFound { what: "market", key: market.to_owned() });
        }
        let current = sqlx::query(&format!(
            "SELECT {BINDING_COLUMNS} FROM bindings WHERE merchant_id = $1 AND market = $2 AND plugin_name = $3"
        ))
        .bind(merchant_id)
        .bind(market)
        .bind(plugin)
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::db(op))?;
        let current = current.as_ref().map(binding_from).transpose()?;
        let mut next = current.clone().unwrap_or(BindingRow {
            plugin_name: plugin.to_owned(),
            enabled: false,
            priority: 100,
            config_json: "{}".into(),
            allow_hosts: Vec::new(),
        });
        if let Some(enabled) = change.enabled {
            next.enabled = enabled;
        }
        if let Some(priority) = change.priority {
            next.priority = priority;
        }
        if let Some(config) = &change.config_json {
            next.config_json = config.clone();
        }
        if let Some(hosts) = &change.allow_hosts {
            next.allow_hosts = hosts.clone();
        }
        let hosts = serde_json::to_string(&next.allow_hosts).unwrap_or_else(|_| "[]".into());
        let now = self.now_ms();
        if current.is_some() {
            sqlx::query(
                "UPDATE bindings SET enabled = $4, priority = $5, config_json = $6, allow_hosts_json = $7, \
                 updated_at_ms = $8 WHERE merchant_id = $1 AND market = $2 AND plugin_name = $3",
            )
        } else {
            sqlx::query(
                "INSERT INTO bindings (merchant_id, market, plugin_name, enabled, priority, config_json, \
                 allow_hosts_json, updated_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
        }
        .bind(merchant_id)
        .bind(market)
        .bind(plugin)
        .bind(next.enabled)
        .bind(i64::from(next.priority))
        .bind(next.config_json.as_str())
        .bind(hosts)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db(op))?;
        for (name, value) in &change.secrets {
            sqlx::query(
                "DELETE FROM binding_secrets WHERE merchant_id = $1 AND market = $2 AND plugin_name = $3 AND name = $4",
            )
            .bind(merchant_id)
            .bind(market)
            .bind(plugin)
            .bind(name.as_str())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(op))?;
            if !value.is_empty() {
                sqlx::query(
                    "INSERT INTO binding_secrets (merchant_id, market, plugin_name, name, value) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(merchant_id)
                .bind(market)
                .bind(plugin)
                .bind(name.as_str())
                .bind(self.seal_secret(value, &secrets::binding_row(merchant_id, market, plugin, name))?)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db(op))?;
            }
        }
        tx.commit().await.map_err(StoreError::db(op))?;
        Ok(next)
    }

    /// Removes a binding and its secrets.
    pub async fn delete_binding(&self, merchant_id: &str, market: &str, plugin: &str) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM bindings WHERE merchant_id = $1 AND market = $2 AND plugin_name = $3")
            .bind(merchant_id)
            .bind(market)
            .bind(plugin)
            .execute(self.write_pool())
            .await
            .map_err(StoreError::db("removing a binding"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound { what: "binding", key: format!("{market}/{plugin}") });
        }
        Ok(())
    }

    /// The secrets of a binding, by name (for the pipeline; never for the API).
    pub async fn binding_secrets(
        &self,
        merchant_id: &str,
        market: &str,
        plugin: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT name, value FROM binding_secrets WHERE merchant_id = $1 AND market = $2 AND plugin_name = $3 \
             ORDER BY name",
        )
        .bind(merchant_id)
        .bind(market)
        .bind(plugin)
        .fetch_all(self.read_pool())
        .await
        .map_err(StoreError::db("reading binding secrets"))?;
        rows.iter()
            .map(|r| {
                let (name, stored): (String, String) = (get(r, "name")?, get(r, "value")?);
                let row = secrets::binding_row(merchant_id, market, plugin, &name);
                let value =
                    self.open_secret(&stored, &row, &format!("binding secret `{name}` of {market}/{plugin}"))?;
                Ok((name, value))
            })
            .collect()
    }

    /// The names (only) of a binding's secrets, for the API.
    pub async fn binding_secret_names(
        &self,
        merchant_id: &str,
        market: &str,
        plugin: &str,
    ) -> Result<Vec<String>, StoreError> {
        Ok(self.binding_secrets(merchant_id, market, plugin).await?.into_iter().map(|(name, _)| name).collect())
    }
}
