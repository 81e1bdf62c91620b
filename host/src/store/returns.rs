//! Returns: the decision of the merchant's returns policy and the return label, one row per
//! return request, through explicit states:
//!
//! ```text
//! requested ─▶ approved ─▶ label_pending ─▶ labelled
//!     │            │             └───────▶ held (with the reason)
//!     ├─▶ refused  └─▶ (final: the decision asks for no prepaid label)
//!     └─▶ held (no policy, or the policy failed; with the reason)
//! ```
//!
//! The row is inserted as `requested` once; every later step is taken by the holder of the
//! return's claim (`locked_by`, `locked_until_ms`, renewed while it works) and written fenced on
//! that claim, as for shipments (`claims.rs`). A retry resumes from the stored state, so a
//! redelivered or retried request never decides, or buys a label, twice; a failure leaves the
//! reason on the row.

use sqlx::any::AnyRow;

use crate::domain::ReturnStatus;

use super::claims::Claimed;
use super::page::{Filter, Page};
use super::sql::{get, get_parsed};
use super::{Store, StoreError};

/// A return request as the pipeline decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRow {
    /// `{merchant}:{return id}`.
    pub id: String,
    pub merchant_id: String,
    pub order_external_id: String,
    pub event_id: i64,
    pub status: ReturnStatus,
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

fn return_from(row: &AnyRow) -> Result<ReturnRow, StoreError> {
    Ok(ReturnRow {
        id: get(row, "id")?,
        merchant_id: get(row, "merchant_id")?,
        order_external_id: get(row, "order_external_id")?,
        event_id: get(row, "event_id")?,
        status: get_parsed(row, "status")?,
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

const COLUMNS: &str = "id, merchant_id, order_external_id, event_id, status, hold_reason, decision_json, carrier, \
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

    /// Claims a return that is not final yet for `worker` until `until_ms`, unless another
    /// worker holds an unexpired claim; returns whether `worker` now holds it.
    pub async fn claim_return(&self, id: &str, worker: &str, now_ms: i64, until_ms: i64) -> Result<bool, StoreError> {
        let open = "status IN ('requested', 'approved', 'label_pending')";
        self.claim_row(Claimed::Return, id, worker, now_ms, until_ms, open).await
    }

    /// Extends `worker`'s claim on a return; `false` when it no longer holds it.
    pub async fn renew_return_claim(&self, id: &str, worker: &str, until_ms: i64) -> Result<bool, StoreError> {
        self.renew_row(Claimed::Return, id, worker, until_ms).await
    }

    /// Gives up `worker`'s claim on a return (a no-op when it holds none).
    pub async fn release_return(&self, id: &str, worker: &str) -> Result<(), StoreError> {
        self.release_row(Claimed::Return, id, worker).await
    }

    /// Moves a claimed return to `status` with `reason` (`None` clears it), keeping the
    /// decision when `decision_json` is `None`. Fenced on `worker`'s live claim.
    pub async fn set_return_status(
        &self,
        id: &str,
        worker: &str,
        status: ReturnStatus,
        reason: Option<&str>,
        decision_json: Option<&str>,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE returns SET status = $3, hold_reason = $4, decision_json = COALESCE($5, decision_json), \
             updated_at_ms = $6 WHERE id = $1 AND locked_by = $2 AND locked_until_ms >= $6",
        )
        .bind(id)
        .bind(worker)
        .bind(status.as_str())
        .bind(reason)
        .bind(decision_json)
        .bind(now_ms)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("updating a return"))?;
        super::claims::fenced(done.rows_affected(), "return", id, worker)
    }

    /// Records the return label of a claimed return and sets the status to `labelled`.
    /// Fenced on `worker`'s live claim: [`StoreError::ClaimLost`], and nothing written, otherwise.
    #[allow(clippy::too_many_arguments)]
    pub async fn set_return_label(
        &self,
        id: &str,
        worker: &str,
        carrier: &str,
        tracking_number: &str,
        label_format: &str,
        label: &[u8],
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE returns SET status = 'labelled', hold_reason = NULL, carrier = $2, tracking_number = $3, \
             label_format = $4, label = $5, updated_at_ms = $6 WHERE id = $1 AND locked_by = $7 \
             AND locked_until_ms >= $6",
        )
        .bind(id)
        .bind(carrier)
        .bind(tracking_number)
        .bind(label_format)
        .bind(label)
        .bind(now_ms)
        .bind(worker)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("saving a return label"))?;
        super::claims::fenced(done.rows_affected(), "return", id, worker)
    }

    // ---- what the pipeline produced -------------------------------------------------------
    /// A page of returns by id, optionally of one status.
    pub async fn returns_page(
        &self,
        merchant_id: &str,
        status: Option<&str>,
        page: &Page,
    ) -> Result<Vec<ReturnRow>, StoreError> {
        let mut f = Filter::new(merchant_id);
        f.eq("status", status).after_text("id", page);
        let select = format!("SELECT {COLUMNS} FROM returns");
        f.fetch(self, &select, "id", page).await?.iter().map(return_from).collect()
    }
}
