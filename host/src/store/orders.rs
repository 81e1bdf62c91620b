//! Orders as the pipeline normalised them, keyed by `(merchant_id, external_id)`.
//!
//! An order only moves forward: an upsert from an older inbox event than the one already
//! applied is ignored, so an event processed again after a crash (see the pipeline's effects
//! in `mod.rs`) cannot roll an order back.
//!
//! External ids are unique per merchant; a merchant with two storefronts whose order numbers
//! could collide must namespace them (e.g. `"shopify:1001"`).

use sqlx::any::AnyRow;

use crate::domain::Platform;

use super::page::{Filter, Page};
use super::sql::{get, get_parsed};
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

    /// A page of orders by external id, optionally of one status.
    pub async fn orders_page(
        &self,
        merchant_id: &str,
        status: Option<&str>,
        page: &Page,
    ) -> Result<Vec<OrderRow>, StoreError> {
        let mut f = Filter::new(merchant_id);
        f.eq("status", status).after_text("external_id", page);
        let select = format!("SELECT {ORDER_COLUMNS} FROM orders");
        f.fetch(self, &select, "external_id", page).await?.iter().map(order_from).collect()
    }
}
