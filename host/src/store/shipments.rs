//! Shipments: one warehouse's part of an order, with its customs documents, label and price.
//!
//! A shipment's id is deterministic (e.g. `"{merchant}:{order}:{warehouse}"`) and
//! [`Store::insert_shipment_if_absent`] never overwrites, so an event processed again after a
//! crash finds the first run's shipment, and a label bought in the first run is not lost or
//! bought twice. What only the holder of a shipment's claim may write (customs, label, holds,
//! voids) is in `claims.rs`; its tracking (events, polling) in `tracking.rs`.

use crossdock_types::{CountryCode, Money};

use sqlx::any::AnyRow;

use crate::domain::ShipmentStatus;

use super::page::{Filter, Page};
use super::sql::{get, get_parsed, get_parsed_opt};
use super::{Store, StoreError};

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

    /// A page of shipments by id, filtered by status, carrier, destination or order.
    pub async fn shipments_page(
        &self,
        merchant_id: &str,
        filter: &ShipmentFilter<'_>,
        page: &Page,
    ) -> Result<Vec<ShipmentRow>, StoreError> {
        let mut f = Filter::new(merchant_id);
        f.eq("status", filter.status)
            .eq("carrier", filter.carrier)
            .eq("destination_country", filter.country)
            .eq("order_external_id", filter.order)
            .after_text("id", page);
        let select = format!("SELECT {SHIPMENT_COLUMNS} FROM shipments");
        f.fetch(self, &select, "id", page).await?.iter().map(shipment_from).collect()
    }

    /// A merchant's shipment by id.
    pub async fn merchant_shipment(&self, merchant_id: &str, id: &str) -> Result<Option<ShipmentRow>, StoreError> {
        Ok(self.shipment(id).await?.filter(|s| s.merchant_id == merchant_id))
    }
}

fn found(updated: u64, id: &str) -> Result<(), StoreError> {
    if updated == 0 {
        return Err(StoreError::NotFound { what: "shipment", key: id.to_owned() });
    }
    Ok(())
}

/// Filters of [`Store::shipments_page`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ShipmentFilter<'a> {
    pub status: Option<&'a str>,
    pub carrier: Option<&'a str>,
    pub country: Option<&'a str>,
    pub order: Option<&'a str>,
}
