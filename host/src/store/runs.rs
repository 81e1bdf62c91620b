//! The audit of plugin runs: one row per plugin call (digest, input hash, outcome, fuel, time,
//! memory), append-only. An event processed again after a crash records its calls again: a
//! rerun is a second, true record.

use sqlx::any::AnyRow;

use super::page::{Filter, Page};
use super::sql::{get, get_unsigned, get_unsigned_opt, to_i64};
use super::{Store, StoreError};

/// One plugin call, for the audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginRunRow {
    pub merchant_id: String,
    pub event_id: Option<i64>,
    pub shipment_id: Option<String>,
    pub plugin_name: String,
    /// The component's SHA-256, hex.
    pub plugin_digest: String,
    /// `assess`, `rate`, `create_label`, `evaluate`, …
    pub function: String,
    /// SHA-256 of the input, hex.
    pub input_sha256: String,
    /// `ok`, `plugin_error`, `limit`, `trap`, …
    pub outcome: String,
    pub error: Option<String>,
    pub fuel: Option<u64>,
    pub wall_us: u64,
    pub memory_peak_bytes: Option<u64>,
    pub created_at_ms: i64,
}

/// A plugin run with its row id, for lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunEntry {
    pub id: i64,
    pub run: PluginRunRow,
}

pub(super) const RUN_COLUMNS: &str = "id, merchant_id, event_id, shipment_id, plugin_name, plugin_digest, function_name, \
     input_sha256, outcome, error, fuel, wall_us, memory_peak_bytes, created_at_ms";

pub(super) fn run_from(row: &AnyRow) -> Result<PluginRunRow, StoreError> {
    Ok(PluginRunRow {
        merchant_id: get(row, "merchant_id")?,
        event_id: get(row, "event_id")?,
        shipment_id: get(row, "shipment_id")?,
        plugin_name: get(row, "plugin_name")?,
        plugin_digest: get(row, "plugin_digest")?,
        function: get(row, "function_name")?,
        input_sha256: get(row, "input_sha256")?,
        outcome: get(row, "outcome")?,
        error: get(row, "error")?,
        fuel: get_unsigned_opt(row, "fuel")?,
        wall_us: get_unsigned(row, "wall_us")?,
        memory_peak_bytes: get_unsigned_opt(row, "memory_peak_bytes")?,
        created_at_ms: get(row, "created_at_ms")?,
    })
}

impl Store {
    /// Appends a plugin run to the audit; returns its id. `created_at_ms` of 0 means "now".
    pub async fn record_plugin_run(&self, run: &PluginRunRow) -> Result<i64, StoreError> {
        let created = if run.created_at_ms == 0 { self.now_ms() } else { run.created_at_ms };
        let row = sqlx::query(
            "INSERT INTO plugin_runs (merchant_id, event_id, shipment_id, plugin_name, plugin_digest, function_name, \
             input_sha256, outcome, error, fuel, wall_us, memory_peak_bytes, created_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(run.merchant_id.as_str())
        .bind(run.event_id)
        .bind(run.shipment_id.as_deref())
        .bind(run.plugin_name.as_str())
        .bind(run.plugin_digest.as_str())
        .bind(run.function.as_str())
        .bind(run.input_sha256.as_str())
        .bind(run.outcome.as_str())
        .bind(run.error.as_deref())
        .bind(run.fuel.map(|f| to_i64(f, "fuel")).transpose()?)
        .bind(to_i64(run.wall_us, "wall time (µs)")?)
        .bind(run.memory_peak_bytes.map(|m| to_i64(m, "peak memory")).transpose()?)
        .bind(created)
        .fetch_one(self.write_pool())
        .await
        .map_err(StoreError::db("recording a plugin run"))?;
        get(&row, "id")
    }

    /// A merchant's most recent plugin runs, newest first, at most `limit`.
    pub async fn plugin_runs(&self, merchant_id: &str, limit: u32) -> Result<Vec<PluginRunRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT merchant_id, event_id, shipment_id, plugin_name, plugin_digest, function_name, input_sha256, \
             outcome, error, fuel, wall_us, memory_peak_bytes, created_at_ms FROM plugin_runs \
             WHERE merchant_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(merchant_id)
        .bind(i64::from(limit))
        .fetch_all(self.read_pool())
        .await
        .map_err(StoreError::db("reading plugin runs"))?;
        rows.iter().map(run_from).collect()
    }

    /// A page of plugin runs, newest first, optionally of one plugin, outcome and shipment.
    pub async fn runs_page(
        &self,
        merchant_id: &str,
        plugin: Option<&str>,
        outcome: Option<&str>,
        shipment: Option<&str>,
        page: &Page,
    ) -> Result<Vec<RunEntry>, StoreError> {
        let mut f = Filter::new(merchant_id);
        f.eq("plugin_name", plugin).eq("outcome", outcome).eq("shipment_id", shipment).before_id(page)?;
        let select = format!("SELECT {RUN_COLUMNS} FROM plugin_runs");
        f.fetch(self, &select, "id DESC", page)
            .await?
            .iter()
            .map(|row| Ok(RunEntry { id: get(row, "id")?, run: run_from(row)? }))
            .collect()
    }
}
