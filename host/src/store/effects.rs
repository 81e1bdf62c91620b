//! What the pipeline leaves behind: orders, shipments and the audit of plugin runs.
//!
//! A worker can crash (or lose its lease) after writing some effects and before completing
//! its event; the event is then processed again. Every effect is therefore keyed so that the
//! second run finds the first run's rows instead of adding new ones:
//! - an order is keyed by `(merchant_id, external_id)` and only moves forward: an upsert from
//!   an older inbox event than the one already applied is ignored;
//! - a shipment's id is deterministic (e.g. `"{merchant}:{order}:{warehouse}"`) and
//!   [`Store::insert_shipment_if_absent`] never overwrites, so a label bought in the first run
//!   is not lost or bought twice;
//! - plugin runs are an append-only audit: a rerun is a second, true record.
//!
//! External ids are unique per merchant; a merchant with two storefronts whose order numbers
//! could collide must namespace them (e.g. `"shopify:1001"`).

use crossdock_types::{CountryCode, Money};

use crate::domain::{Platform, ShipmentStatus};
use sqlx::any::AnyRow;

use super::sql::{get, get_parsed, get_parsed_opt, get_unsigned, get_unsigned_opt, to_i64, wall_clock_ms};
use super::{Store, StoreError};

/// An order as the pipeline normalised it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub merchant_id: String,
    pub external_id: String,
    pub platform: Platform,
    /// The inbox event that produced this version; a version from an older event is ignored.
    pub event_id: i64,
    pub status: String,
    /// The normalised order, as JSON.
    pub data_json: String,
    pub updated_at_ms: i64,
}

/// A shipment: one warehouse's part of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentRow {
    /// Deterministic, e.g. `"{merchant}:{order}:{warehouse}"`.
    pub id: String,
    pub merchant_id: String,
    pub order_external_id: String,
    pub warehouse_id: String,
    pub destination_country: CountryCode,
    pub status: ShipmentStatus,
    /// Why it is held (a customs finding, no rate), if it is.
    pub hold_reason: Option<String>,
    pub carrier: Option<String>,
    pub service_code: Option<String>,
    pub tracking_number: Option<String>,
    /// `pdf`, `zpl`, `png`, …
    pub label_format: Option<String>,
    pub label: Option<Vec<u8>>,
    /// What shipping costs the merchant.
    pub price: Option<Money>,
    /// The customs assessment, as JSON.
    pub customs_json: Option<String>,
    /// The commercial invoice, as JSON.
    pub invoice_json: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// A bought label and what it cost, for [`Store::set_shipment_label`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentLabel {
    pub carrier: String,
    pub service_code: String,
    pub tracking_number: String,
    pub label_format: String,
    pub label: Vec<u8>,
    pub price: Money,
}

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

pub(super) const ORDER_COLUMNS: &str = "merchant_id, external_id, platform, event_id, status, data_json, updated_at_ms";

pub(super) fn order_from(row: &AnyRow) -> Result<OrderRow, StoreError> {
    Ok(OrderRow {
        merchant_id: get(row, "merchant_id")?,
        external_id: get(row, "external_id")?,
        platform: get_parsed(row, "platform")?,
        event_id: get(row, "event_id")?,
        status: get(row, "status")?,
        data_json: get(row, "data_json")?,
        updated_at_ms: get(row, "updated_at_ms")?,
    })
}

pub(super) const SHIPMENT_COLUMNS: &str = "id, merchant_id, order_external_id, warehouse_id, destination_country, status, \
     hold_reason, carrier, service_code, tracking_number, label_format, label, price_amount, price_currency, \
     customs_json, invoice_json, created_at_ms, updated_at_ms";

pub(super) fn shipment_from(row: &AnyRow) -> Result<ShipmentRow, StoreError> {
    let amount: Option<i64> = get(row, "price_amount")?;
    let currency = get_parsed_opt(row, "price_currency")?;
    let price = match (amount, currency) {
        (Some(amount), Some(currency)) => Some(Money::new(amount, currency)),
        _ => None,
    };
    Ok(ShipmentRow {
        id: get(row, "id")?,
        merchant_id: get(row, "merchant_id")?,
        order_external_id: get(row, "order_external_id")?,
        warehouse_id: get(row, "warehouse_id")?,
        destination_country: get_parsed(row, "destination_country")?,
        status: get_parsed(row, "status")?,
        hold_reason: get(row, "hold_reason")?,
        carrier: get(row, "carrier")?,
        service_code: get(row, "service_code")?,
        tracking_number: get(row, "tracking_number")?,
        label_format: get(row, "label_format")?,
        label: get(row, "label")?,
        price,
        customs_json: get(row, "customs_json")?,
        invoice_json: get(row, "invoice_json")?,
        created_at_ms: get(row, "created_at_ms")?,
        updated_at_ms: get(row, "updated_at_ms")?,
    })
}

impl Store {
    /// Stores an order, or updates it if `order.event_id` is not older than the stored
    /// version's. Returns whether the row was written (`false`: a newer event already applied).
    pub async fn upsert_order(&self, order: &OrderRow) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO orders (merchant_id, external_id, platform, event_id, status, data_json, updated_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (merchant_id, external_id) DO UPDATE SET \
             platform = excluded.platform, event_id = excluded.event_id, status = excluded.status, \
             data_json = excluded.data_json, updated_at_ms = excluded.updated_at_ms \
             WHERE orders.event_id <= excluded.event_id",
        )
        .bind(order.merchant_id.as_str())
        .bind(order.external_id.as_str())
        .bind(order.platform.as_str())
        .bind(order.event_id)
        .bind(order.status.as_str())
        .bind(order.data_json.as_str())
        .bind(order.updated_at_ms)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("saving an order"))?;
        Ok(done.rows_affected() > 0)
    }

    /// An order by its external id.
    pub async fn order(&self, merchant_id: &str, external_id: &str) -> Result<Option<OrderRow>, StoreError> {
        let row = sqlx::query(
            "SELECT merchant_id, external_id, platform, event_id, status, data_json, updated_at_ms FROM orders \
             WHERE merchant_id = $1 AND external_id = $2",
        )
        .bind(merchant_id)
        .bind(external_id)
        .fetch_optional(self.read_pool())
        .await
        .map_err(StoreError::db("reading an order"))?;
        row.as_ref().map(order_from).transpose()
    }

    /// Inserts a shipment unless one with its id exists; returns whether it was inserted.
    /// An existing shipment is left exactly as it is. Its order must be stored first.
    pub async fn insert_shipment_if_absent(&self, s: &ShipmentRow) -> Result<bool, StoreError> {
        let sql = format!(
            "INSERT INTO shipments ({SHIPMENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
             $13, $14, $15, $16, $17, $18) ON CONFLICT (id) DO NOTHING"
        );
        let done = sqlx::query(&sql)
            .bind(s.id.as_str())
            .bind(s.merchant_id.as_str())
            .bind(s.order_external_id.as_str())
            .bind(s.warehouse_id.as_str())
            .bind(s.destination_country.as_str())
            .bind(s.status.as_str())
            .bind(s.hold_reason.as_deref())
            .bind(s.carrier.as_deref())
            .bind(s.service_code.as_deref())
            .bind(s.tracking_number.as_deref())
            .bind(s.label_format.as_deref())
            .bind(s.label.as_deref())
            .bind(s.price.map(|p| p.amount))
            .bind(s.price.as_ref().map(|p| p.currency.as_str()))
            .bind(s.customs_json.as_deref())
            .bind(s.invoice_json.as_deref())
            .bind(s.created_at_ms)
            .bind(s.updated_at_ms)
            .execute(self.write_pool())
            .await
            .map_err(StoreError::db("saving a shipment"))?;
        Ok(done.rows_affected() == 1)
    }

    /// A shipment by id.
    pub async fn shipment(&self, id: &str) -> Result<Option<ShipmentRow>, StoreError> {
        let sql = format!("SELECT {SHIPMENT_COLUMNS} FROM shipments WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.read_pool())
            .await
            .map_err(StoreError::db("reading a shipment"))?;
        row.as_ref().map(shipment_from).transpose()
    }

    /// Sets a shipment's status and hold reason (`None` clears it).
    pub async fn update_shipment_status(
        &self,
        id: &str,
        status: ShipmentStatus,
        hold_reason: Option<&str>,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE shipments SET status = $2, hold_reason = $3, updated_at_ms = $4 WHERE id = $1")
            .bind(id)
            .bind(status.as_str())
            .bind(hold_reason)
            .bind(now_ms)
            .execute(self.write_pool())
            .await
            .map_err(StoreError::db("updating a shipment's status"))?;
        found(done.rows_affected(), id)
    }

    /// The shipments of an order, by id.
    pub async fn shipments_for_order(
        &self,
        merchant_id: &str,
        order_external_id: &str,
    ) -> Result<Vec<ShipmentRow>, StoreError> {
        let sql = format!(
            "SELECT {SHIPMENT_COLUMNS} FROM shipments WHERE merchant_id = $1 AND order_external_id = $2 ORDER BY id"
        );
        let rows = sqlx::query(&sql)
            .bind(merchant_id)
            .bind(order_external_id)
            .fetch_all(self.read_pool())
            .await
            .map_err(StoreError::db("reading an order's shipments"))?;
        rows.iter().map(shipment_from).collect()
    }

    /// Appends a plugin run to the audit; returns its id. `created_at_ms` of 0 means "now".
    pub async fn record_plugin_run(&self, run: &PluginRunRow) -> Result<i64, StoreError> {
        let created = if run.created_at_ms == 0 { wall_clock_ms() } else { run.created_at_ms };
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

fn found(updated: u64, id: &str) -> Result<(), StoreError> {
    if updated == 0 {
        return Err(StoreError::NotFound { what: "shipment", key: id.to_owned() });
    }
    Ok(())
}
