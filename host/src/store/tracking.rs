//! What the public tracking page shows: a shipment's carrier events, its estimated delivery,
//! and its merchant's branding. Events are keyed by (shipment, time, carrier code), so polling
//! the carrier again never stores an event twice.

use sqlx::any::AnyRow;

use super::effects::{SHIPMENT_COLUMNS, shipment_from};
use super::sql::get;
use super::{ShipmentRow, Store, StoreError};

/// One carrier event of a shipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingEventRow {
    /// Seconds since the epoch, UTC.
    pub at_s: i64,
    /// The normalised status (`in_transit`, …).
    pub status: String,
    /// The carrier's own code, as sent.
    pub raw_code: String,
    pub location: Option<String>,
    pub description: String,
}

fn event_from(row: &AnyRow) -> Result<TrackingEventRow, StoreError> {
    Ok(TrackingEventRow {
        at_s: get(row, "at_s")?,
        status: get(row, "status")?,
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

    /// A merchant's branding for public pages, as JSON text (`{}` when none).
    pub async fn branding(&self, merchant_id: &str) -> Result<String, StoreError> {
        let row = sqlx::query("SELECT branding_json FROM merchants WHERE id = $1")
            .bind(merchant_id)
            .fetch_optional(self.read_pool())
            .await
            .map_err(StoreError::db("reading branding"))?;
        Ok(match row {
            Some(row) => get(&row, "branding_json")?,
            None => "{}".into(),
        })
    }

    /// Sets a merchant's branding (JSON text, validated by the caller).
    pub async fn set_branding(&self, merchant_id: &str, branding_json: &str) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE merchants SET branding_json = $2 WHERE id = $1")
            .bind(merchant_id)
            .bind(branding_json)
            .execute(self.write_pool())
            .await
            .map_err(StoreError::db("saving branding"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound { what: "merchant", key: merchant_id.to_owned() });
        }
        Ok(())
    }
}
