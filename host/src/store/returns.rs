//! Returns: the decision of the merchant's returns policy and the return label, one row per
//! return request. Written once when the request is first decided; a redelivered or retried
//! request finds the row and does not decide, or buy a label, again.

use sqlx::any::AnyRow;

use super::sql::get;
use super::{Store, StoreError};

/// A return request as the pipeline decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRow {
    /// `{merchant}:{return id}`.
    pub id: String,
    pub merchant_id: String,
    pub order_external_id: String,
    pub event_id: i64,
    /// `approved`, `refused`, `labelled` or `held`.
    pub status: String,
    pub hold_reason: Option<String>,
    /// The returns plugin's decision, as JSON.
    pub decision_json: Option<String>,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub label_format: Option<String>,
    pub label: Option<Vec<u8>>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

pub(super) fn return_from(row: &AnyRow) -> Result<ReturnRow, StoreError> {
    Ok(ReturnRow {
        id: get(row, "id")?,
        merchant_id: get(row, "merchant_id")?,
        order_external_id: get(row, "order_external_id")?,
        event_id: get(row, "event_id")?,
        status: get(row, "status")?,
        hold_reason: get(row, "hold_reason")?,
        decision_json: get(row, "decision_json")?,
        carrier: get(row, "carrier")?,
        tracking_number: get(row, "tracking_number")?,
        label_format: get(row, "label_format")?,
        label: get(row, "label")?,
        created_at_ms: get(row, "created_at_ms")?,
        updated_at_ms: get(row, "updated_at_ms")?,
    })
}

pub(super) const COLUMNS: &str = "id, merchant_id, order_external_id, event_id, status, hold_reason, decision_json, carrier, \
     tracking_number, label_format, label, created_at_ms, updated_at_ms";

impl Store {
    /// Inserts a return unless one with its id exists; returns whether it was inserted.
    pub async fn insert_return_if_absent(&self, r: &ReturnRow) -> Result<bool, StoreError> {
        let sql = format!(
            "INSERT INTO returns ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             ON CONFLICT (id) DO NOTHING"
        );
        let done = sqlx::query(&sql)
            .bind(r.id.as_str())
            .bind(r.merchant_id.as_str())
            .bind(r.order_external_id.as_str())
            .bind(r.event_id)
            .bind(r.status.as_str())
            .bind(r.hold_reason.as_deref())
            .bind(r.decision_json.as_deref())
            .bind(r.carrier.as_deref())
            .bind(r.tracking_number.as_deref())
            .bind(r.label_format.as_deref())
            .bind(r.label.as_deref())
            .bind(r.created_at_ms)
            .bind(r.updated_at_ms)
            .execute(self.write_pool())
            .await
            .map_err(StoreError::db("saving a return"))?;
        Ok(done.rows_affected() == 1)
    }

    /// A return by id.
    pub async fn return_by_id(&self, id: &str) -> Result<Option<ReturnRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM returns WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.read_pool())
            .await
            .map_err(StoreError::db("reading a return"))?;
        row.as_ref().map(return_from).transpose()
    }

    /// Records the return label and sets the status to `labelled`.
    pub async fn set_return_label(
        &self,
        id: &str,
        carrier: &str,
        tracking_number: &str,
        label_format: &str,
        label: &[u8],
        now_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE returns SET status = 'labelled', carrier = $2, tracking_number = $3, label_format = $4, \
             label = $5, updated_at_ms = $6 WHERE id = $1",
        )
        .bind(id)
        .bind(carrier)
        .bind(tracking_number)
        .bind(label_format)
        .bind(label)
        .bind(now_ms)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("saving a return label"))?;
        Ok(())
    }

    /// Warehouses of the merchant that keep a stock table; the others carry every SKU.
    pub async fn stocked_warehouses(&self, merchant_id: &str) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT DISTINCT warehouse_id FROM stock WHERE merchant_id = $1")
            .bind(merchant_id)
            .fetch_all(self.read_pool())
            .await
            .map_err(StoreError::db("reading which warehouses keep stock"))?;
        rows.iter().map(|row| get(row, "warehouse_id")).collect()
    }
}
