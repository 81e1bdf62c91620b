//! Tracking: a shipment's carrier events, its estimated delivery, when its carrier is polled
//! next, and the lookups by tracking number the public tracking page makes (the page's
//! branding is the merchant's, in `merchants.rs`). Events are keyed by (shipment, time, carrier
//! code), so polling the carrier again never stores an event twice.
//!
//! **Fair polling.** Each shipment in flight has a `next_poll_at_ms`. The tracker takes the
//! due shipments soonest first, round-robin across merchants (each merchant's first due
//! shipment, then each one's second, …), so one merchant's volume cannot fill a round. A poll
//! that succeeds makes the shipment due again at once but behind every shipment waiting
//! longer; a poll that fails pushes it back with exponential backoff, so shipments whose
//! tracking keeps failing cannot hold the tracker's slots.

use sqlx::any::AnyRow;

use crate::domain::ShipmentStatus;

use super::shipments::{SHIPMENT_COLUMNS, shipment_from};
use super::sql::{get, get_parsed};
use super::{ShipmentRow, Store, StoreError};

/// One carrier event of a shipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingEventRow {
    /// Seconds since the epoch, UTC.
    pub at_s: i64,
    /// The normalised status (`in_transit`, …).
    pub status: ShipmentStatus,
    /// The carrier's own code, as sent.
    pub raw_code: String,
    pub location: Option<String>,
    pub description: String,
}

fn event_from(row: &AnyRow) -> Result<TrackingEventRow, StoreError> {
    Ok(TrackingEventRow {
        at_s: get(row, "at_s")?,
        status: get_parsed(row, "status")?,
        raw_code: get(row, "raw_code")?,
        location: get(row, "location")?,
        description: get(row, "description")?,
    })
}

impl Store {
    /// Adds the events not stored yet and sets the estimated delivery.
    pub async fn record_tracking(
        &self,
        shipment_id: &str,
        events: &[TrackingEventRow],
        estimated_delivery_s: Option<i64>,
    ) -> Result<(), StoreError> {
        let op = "recording tracking events";
        let mut tx = self.begin_write(op).await?;
        for e in events {
            sqlx::query(
                "INSERT INTO tracking_events (shipment_id, at_s, status, raw_code, location, description) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            )
            .bind(shipment_id)
            .bind(e.at_s)
            .bind(e.status.as_str())
            .bind(e.raw_code.as_str())
            .bind(e.location.as_deref())
            .bind(e.description.as_str())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(op))?;
        }
        sqlx::query("UPDATE shipments SET estimated_delivery_s = $2 WHERE id = $1")
            .bind(shipment_id)
            .bind(estimated_delivery_s)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(op))?;
        tx.commit().await.map_err(StoreError::db(op))
    }

    /// Up to `limit` shipments the carrier still has (labelled, in transit, out for delivery, or
    /// in exception) whose next poll is due at `now_ms`: soonest due first, round-robin across
    /// merchants. What the tracker polls.
    pub async fn shipments_in_flight(&self, limit: u32, now_ms: i64) -> Result<Vec<ShipmentRow>, StoreError> {
        let sql = format!(
            "SELECT {SHIPMENT_COLUMNS} FROM (SELECT {SHIPMENT_COLUMNS}, next_poll_at_ms, \
             ROW_NUMBER() OVER (PARTITION BY merchant_id ORDER BY next_poll_at_ms, id) AS merchant_rank \
             FROM shipments WHERE status IN ('labelled', 'in_transit', 'out_for_delivery', 'exception') \
             AND tracking_number IS NOT NULL AND next_poll_at_ms <= $2) due \
             ORDER BY merchant_rank, next_poll_at_ms, id LIMIT $1"
        );
        let rows = sqlx::query(&sql)
            .bind(i64::from(limit))
            .bind(now_ms)
            .fetch_all(self.read_pool())
            .await
            .map_err(StoreError::db("listing shipments in flight"))?;
        rows.iter().map(shipment_from).collect()
    }

    /// Records a successful poll: the shipment moves from `from` to `to` (the same status when
    /// the carrier reported nothing new) and is due again from `now_ms`, behind the shipments
    /// waiting longer. `false` when its status is no longer `from` (it was cancelled or voided
    /// meanwhile), in which case nothing is written.
    pub async fn record_poll(
        &self,
        id: &str,
        from: ShipmentStatus,
        to: ShipmentStatus,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE shipments SET status = $3, updated_at_ms = $4, next_poll_at_ms = $4, poll_failures = 0 \
             WHERE id = $1 AND status = $2",
        )
        .bind(id)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(now_ms)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("recording a tracking poll"))?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a failed poll: the shipment is due again after `base × 2^(failures in a row - 1)`,
    /// at most `cap`. Returns when it is due.
    pub async fn record_poll_failure(
        &self,
        id: &str,
        now_ms: i64,
        base_ms: i64,
        cap_ms: i64,
    ) -> Result<i64, StoreError> {
        let row =
            sqlx::query("UPDATE shipments SET poll_failures = poll_failures + 1 WHERE id = $1 RETURNING poll_failures")
                .bind(id)
                .fetch_optional(self.write_pool())
                .await
                .map_err(StoreError::db("recording a failed tracking poll"))?;
        let Some(row) = row else {
            return Err(StoreError::NotFound { what: "shipment", key: id.to_owned() });
        };
        let failures: i64 = get(&row, "poll_failures")?;
        let exp = u32::try_from((failures - 1).clamp(0, 30)).unwrap_or(30);
        let delay = base_ms.saturating_mul(1_i64 << exp).min(cap_ms);
        let next = now_ms.saturating_add(delay);
        sqlx::query("UPDATE shipments SET next_poll_at_ms = $2 WHERE id = $1")
            .bind(id)
            .bind(next)
            .execute(self.write_pool())
            .await
            .map_err(StoreError::db("recording a failed tracking poll"))?;
        Ok(next)
    }

    /// A shipment's events, newest first, and its estimated delivery.
    pub async fn tracking_of(&self, shipment_id: &str) -> Result<(Vec<TrackingEventRow>, Option<i64>), StoreError> {
        let rows = sqlx::query(
            "SELECT at_s, status, raw_code, location, description FROM tracking_events WHERE shipment_id = $1 \
             ORDER BY at_s DESC, raw_code",
        )
        .bind(shipment_id)
        .fetch_all(self.read_pool())
        .await
        .map_err(StoreError::db("reading tracking events"))?;
        let eta = sqlx::query("SELECT estimated_delivery_s FROM shipments WHERE id = $1")
            .bind(shipment_id)
            .fetch_optional(self.read_pool())
            .await
            .map_err(StoreError::db("reading tracking events"))?;
        let eta = match eta {
            Some(row) => get(&row, "estimated_delivery_s")?,
            None => None,
        };
        Ok((rows.iter().map(event_from).collect::<Result<_, _>>()?, eta))
    }

    /// A merchant's shipment with this tracking number (the most recent one if the merchant's
    /// carrier reused a number). Another merchant's shipment is never found here, whatever
    /// number its carrier returned.
    pub async fn merchant_shipment_by_tracking_number(
        &self,
        merchant_id: &str,
        number: &str,
    ) -> Result<Option<ShipmentRow>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {SHIPMENT_COLUMNS} FROM shipments WHERE merchant_id = $1 AND tracking_number = $2 \
             ORDER BY created_at_ms DESC LIMIT 1"
        ))
        .bind(merchant_id)
        .bind(number)
        .fetch_optional(self.read_pool())
        .await
        .map_err(StoreError::db("finding a tracking number"))?;
        row.as_ref().map(shipment_from).transpose()
    }

    /// Up to two shipments with this tracking number, of any merchant: what an unscoped
    /// (`/track/{number}`) link may show only when exactly one is found.
    pub async fn shipments_by_tracking_number(&self, number: &str) -> Result<Vec<ShipmentRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {SHIPMENT_COLUMNS} FROM shipments WHERE tracking_number = $1 ORDER BY created_at_ms DESC LIMIT 2"
        ))
        .bind(number)
        .fetch_all(self.read_pool())
        .await
        .map_err(StoreError::db("finding a tracking number"))?;
        rows.iter().map(shipment_from).collect()
    }
}
