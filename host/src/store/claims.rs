//! Claims on shipments, and the effects only a claim's holder may write.
//!
//! A worker that runs plugins for a shipment first claims it: a conditional update that names
//! the worker and an expiry (`locked_by`, `locked_until_ms`). While it works it renews the
//! claim (see `pipeline::process`), so a slow carrier does not let the claim lapse. Every
//! effect of that work — the customs documents, the label, a hold, a status change, a void
//! retry — is **fenced**: its `UPDATE` carries `locked_by = worker AND locked_until_ms >= now`,
//! so a worker whose claim expired (it stalled, or lost the database for a while) and was
//! taken over writes nothing and gets [`StoreError::ClaimLost`] instead. Whoever holds the
//! live claim is the only writer; two workers never both record a label for one shipment.
//!
//! Voids: a label whose void the carrier refused on cancellation becomes `void_pending`, with
//! its attempts counted and the next attempt's time, until a retry succeeds (`voided`) or the
//! attempts run out (`void_failed`, for a person, with the reason).
//!
//! This file stands beside `shipments.rs` and `returns.rs` rather than in either: the claim
//! (claim, renew, release: [`Claimed`]) is one protocol for both tables, and every shipment
//! write here is only valid under a live claim, so it belongs with the claim.

use sqlx::any::AnyRow;

use crate::domain::ShipmentStatus;

use super::shipments::{SHIPMENT_COLUMNS, ShipmentLabel, shipment_from};
use super::sql::get;
use super::{ShipmentRow, Store, StoreError};

/// The tables whose rows are claimed the same way: `locked_by` and `locked_until_ms`.
#[derive(Debug, Clone, Copy)]
pub(super) enum Claimed {
    Shipment,
    Return,
}

impl Claimed {
    fn name(self) -> &'static str {
        match self {
            Claimed::Shipment => "shipments",
            Claimed::Return => "returns",
        }
    }

    /// What each statement was doing, for its error: (claiming, renewing, releasing).
    fn doing(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Claimed::Shipment => ("claiming a shipment", "renewing a shipment's claim", "releasing a shipment"),
            Claimed::Return => ("claiming a return", "renewing a return's claim", "releasing a return"),
        }
    }
}

/// A shipment waiting for its label's void to be retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoidDue {
    pub shipment: ShipmentRow,
    /// Failed void attempts so far.
    pub attempts: u32,
}

fn lost(what: &'static str, id: &str, worker: &str) -> StoreError {
    StoreError::ClaimLost { what, id: id.to_owned(), worker: worker.to_owned() }
}

/// `Ok` when the fenced update wrote its row, [`StoreError::ClaimLost`] otherwise.
pub(super) fn fenced(updated: u64, what: &'static str, id: &str, worker: &str) -> Result<(), StoreError> {
    if updated == 1 { Ok(()) } else { Err(lost(what, id, worker)) }
}

impl Store {
    /// Claims a pending shipment for `worker` until `until_ms`, unless another worker holds an
    /// unexpired claim on it; returns whether `worker` now holds it. One conditional update, so
    /// two workers on any number of nodes never both hold one shipment.
    pub async fn claim_shipment(&self, id: &str, worker: &str, now_ms: i64, until_ms: i64) -> Result<bool, StoreError> {
        self.claim_shipment_in(id, worker, now_ms, until_ms, "status = 'pending'").await
    }

    /// Claims a labelled shipment (or one whose void is pending) to void its label, on the
    /// same terms as [`Self::claim_shipment`].
    pub async fn claim_shipment_for_void(
        &self,
        id: &str,
        worker: &str,
        now_ms: i64,
        until_ms: i64,
    ) -> Result<bool, StoreError> {
        self.claim_shipment_in(id, worker, now_ms, until_ms, "status IN ('labelled', 'void_pending')").await
    }

    async fn claim_shipment_in(
        &self,
        id: &str,
        worker: &str,
        now_ms: i64,
        until_ms: i64,
        status: &'static str,
    ) -> Result<bool, StoreError> {
        self.claim_row(Claimed::Shipment, id, worker, now_ms, until_ms, status).await
    }

    /// Extends `worker`'s claim on a shipment to `until_ms`; `false` when it no longer holds it.
    /// A claim that expired but was not taken by anyone is still the worker's to renew: no one
    /// else can have written in between.
    pub async fn renew_shipment_claim(&self, id: &str, worker: &str, until_ms: i64) -> Result<bool, StoreError> {
        self.renew_row(Claimed::Shipment, id, worker, until_ms).await
    }

    /// Gives up `worker`'s claim on a shipment (a no-op when it holds none).
    pub async fn release_shipment(&self, id: &str, worker: &str) -> Result<(), StoreError> {
        self.release_row(Claimed::Shipment, id, worker).await
    }

    /// Claims row `id` of `table` whose status matches `status` (an SQL condition written by
    /// this crate) for `worker` until `until_ms`, unless another worker holds an unexpired claim.
    pub(super) async fn claim_row(
        &self,
        table: Claimed,
        id: &str,
        worker: &str,
        now_ms: i64,
        until_ms: i64,
        status: &'static str,
    ) -> Result<bool, StoreError> {
        let sql = format!(
            "UPDATE {} SET locked_by = $2, locked_until_ms = $3 WHERE id = $1 AND {status} \
             AND (locked_by IS NULL OR locked_by = $2 OR locked_until_ms < $4)",
            table.name()
        );
        let done = sqlx::query(&sql)
            .bind(id)
            .bind(worker)
            .bind(until_ms)
            .bind(now_ms)
            .execute(self.write_pool())
            .await
            .map_err(StoreError::db(table.doing().0))?;
        Ok(done.rows_affected() == 1)
    }

    /// Extends `worker`'s claim on row `id` of `table`; `false` when it no longer holds it.
    pub(super) async fn renew_row(
        &self,
        table: Claimed,
        id: &str,
        worker: &str,
        until_ms: i64,
    ) -> Result<bool, StoreError> {
        let sql = format!("UPDATE {} SET locked_until_ms = $3 WHERE id = $1 AND locked_by = $2", table.name());
        let done = sqlx::query(&sql)
            .bind(id)
            .bind(worker)
            .bind(until_ms)
            .execute(self.write_pool())
            .await
            .map_err(StoreError::db(table.doing().1))?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives up `worker`'s claim on row `id` of `table` (a no-op when it holds none).
    pub(super) async fn release_row(&self, table: Claimed, id: &str, worker: &str) -> Result<(), StoreError> {
        let sql = format!(
            "UPDATE {} SET locked_by = NULL, locked_until_ms = NULL WHERE id = $1 AND locked_by = $2",
            table.name()
        );
        sqlx::query(&sql)
            .bind(id)
            .bind(worker)
            .execute(self.write_pool())
            .await
            .map_err(StoreError::db(table.doing().2))?;
        Ok(())
    }

    /// Sets the status and hold reason of a shipment `worker` holds a live claim on.
    pub async fn set_claimed_shipment_status(
        &self,
        id: &str,
        worker: &str,
        status: ShipmentStatus,
        hold_reason: Option<&str>,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE shipments SET status = $3, hold_reason = $4, updated_at_ms = $5 \
             WHERE id = $1 AND locked_by = $2 AND locked_until_ms >= $5",
        )
        .bind(id)
        .bind(worker)
        .bind(status.as_str())
        .bind(hold_reason)
        .bind(now_ms)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("updating a shipment's status"))?;
        fenced(done.rows_affected(), "shipment", id, worker)
    }

    /// Records a bought label on a shipment `worker` holds a live claim on, and sets its status
    /// to `status`; [`StoreError::ClaimLost`] (and nothing written) otherwise.
    pub async fn set_shipment_label(
        &self,
        id: &str,
        worker: &str,
        label: &ShipmentLabel,
        status: ShipmentStatus,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE shipments SET carrier = $2, service_code = $3, tracking_number = $4, label_format = $5, \
             label = $6, price_amount = $7, price_currency = $8, status = $9, hold_reason = NULL, \
             updated_at_ms = $10, next_poll_at_ms = $10, poll_failures = 0 \
             WHERE id = $1 AND locked_by = $11 AND locked_until_ms >= $10",
        )
        .bind(id)
        .bind(label.carrier.as_str())
        .bind(label.service_code.as_str())
        .bind(label.tracking_number.as_str())
        .bind(label.label_format.as_str())
        .bind(label.label.as_slice())
        .bind(label.price.amount)
        .bind(label.price.currency.as_str())
        .bind(status.as_str())
        .bind(now_ms)
        .bind(worker)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("saving a shipment's label"))?;
        fenced(done.rows_affected(), "shipment", id, worker)
    }

    /// Records the customs assessment and commercial invoice of a shipment `worker` holds a
    /// live claim on.
    pub async fn set_shipment_customs(
        &self,
        id: &str,
        worker: &str,
        customs_json: &str,
        invoice_json: Option<&str>,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE shipments SET customs_json = $2, invoice_json = $3, updated_at_ms = $4 \
             WHERE id = $1 AND locked_by = $5 AND locked_until_ms >= $4",
        )
        .bind(id)
        .bind(customs_json)
        .bind(invoice_json)
        .bind(now_ms)
        .bind(worker)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("saving a shipment's customs documents"))?;
        fenced(done.rows_affected(), "shipment", id, worker)
    }

    /// Notes a failed void of a claimed shipment's label: `void_pending` with the reason, due
    /// again after `base × 2^(failed attempts - 1)`, at most `cap`. Returns the failed attempts
    /// so far, this one included.
    pub async fn schedule_void_retry(
        &self,
        id: &str,
        worker: &str,
        reason: &str,
        now_ms: i64,
        (base_ms, cap_ms): (i64, i64),
    ) -> Result<u32, StoreError> {
        let op = "scheduling a void retry";
        let mut tx = self.begin_write(op).await?;
        let row = sqlx::query(
            "UPDATE shipments SET status = 'void_pending', hold_reason = $3, void_attempts = void_attempts + 1, \
             updated_at_ms = $4 WHERE id = $1 AND locked_by = $2 AND locked_until_ms >= $4 RETURNING void_attempts",
        )
        .bind(id)
        .bind(worker)
        .bind(reason)
        .bind(now_ms)
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::db(op))?;
        let Some(row) = row else { return Err(lost("shipment", id, worker)) };
        let attempts: u32 = super::sql::get_unsigned(&row, "void_attempts")?;
        let delay = base_ms.saturating_mul(1_i64 << attempts.saturating_sub(1).min(30)).min(cap_ms);
        sqlx::query("UPDATE shipments SET void_next_at_ms = $2 WHERE id = $1")
            .bind(id)
            .bind(now_ms.saturating_add(delay))
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(op))?;
        tx.commit().await.map_err(StoreError::db(op))?;
        Ok(attempts)
    }

    /// Shipments whose label's void is due for another attempt at `now_ms`, oldest first.
    pub async fn voids_due(&self, now_ms: i64, limit: u32) -> Result<Vec<VoidDue>, StoreError> {
        let sql = format!(
            "SELECT {SHIPMENT_COLUMNS}, void_attempts FROM shipments WHERE status = 'void_pending' \
             AND (void_next_at_ms IS NULL OR void_next_at_ms <= $1) ORDER BY void_next_at_ms, id LIMIT $2"
        );
        let rows = sqlx::query(&sql)
            .bind(now_ms)
            .bind(i64::from(limit))
            .fetch_all(self.read_pool())
            .await
            .map_err(StoreError::db("listing voids due"))?;
        rows.iter().map(void_due_from).collect()
    }
}

fn void_due_from(row: &AnyRow) -> Result<VoidDue, StoreError> {
    let attempts: i64 = get(row, "void_attempts")?;
    Ok(VoidDue { shipment: shipment_from(row)?, attempts: u32::try_from(attempts).unwrap_or(u32::MAX) })
}
