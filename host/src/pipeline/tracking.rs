//! Tracking: poll the carrier of every shipment in flight, move the shipment along the
//! normalised statuses, and tell the merchant.
//!
//! A shipment's status follows the carrier's newest normalised status: `labelled` (the label
//! exists; the carrier says `pre_transit`), `in_transit`, `out_for_delivery`, `delivered`,
//! `exception`, `returned`. Each change queues an outbound `tracking.updated` event, and
//! `shipment.delivered` on delivery, once per shipment and status. `delivered` and `returned`
//! are final: the tracker stops polling them.

use std::time::Duration;

use crossdock_types::{Tracking, TrackingStatus};
use serde_json::json;

use super::process::{Pipeline, ProcessError};
use crate::domain::ShipmentStatus;
use crate::metrics::Stage;
use crate::store::TrackingEventRow;

/// The shipment status a tracking status stands for.
pub fn shipment_status(status: TrackingStatus) -> ShipmentStatus {
    match status {
        TrackingStatus::PreTransit => ShipmentStatus::Labelled,
        TrackingStatus::InTransit => ShipmentStatus::InTransit,
        TrackingStatus::OutForDelivery => ShipmentStatus::OutForDelivery,
        TrackingStatus::Delivered => ShipmentStatus::Delivered,
        TrackingStatus::Exception => ShipmentStatus::Exception,
        TrackingStatus::Returned => ShipmentStatus::Returned,
    }
}

/// The new status of a shipment now at `current`, if the carrier's answer moves it.
pub fn transition(current: ShipmentStatus, tracking: &Tracking) -> Option<ShipmentStatus> {
    let next = shipment_status(tracking.status);
    (next != current).then_some(next)
}

/// The delay after a shipment's first failed poll; it doubles per failure in a row.
pub const POLL_BACKOFF: Duration = Duration::from_secs(60);
/// The longest delay between two polls of a shipment whose tracking keeps failing.
pub const POLL_BACKOFF_CAP: Duration = Duration::from_secs(6 * 3600);

impl Pipeline {
    /// Polls up to `limit` due shipments in flight, round-robin across merchants, soonest due
    /// first (see `store::tracking`); returns how many changed status. A poll that fails — the
    /// plugin failed, the carrier has no tracking, the carrier plugin is missing or paused —
    /// pushes the shipment back with exponential backoff ([`POLL_BACKOFF`] doubling up to
    /// [`POLL_BACKOFF_CAP`]), so shipments that keep failing cannot hold the tracker's slots.
    pub async fn track_once(&self, limit: u32) -> Result<usize, ProcessError> {
        let _pass = self.metrics().time(Stage::Track);
        let mut changed = 0;
        let started = self.clock.now_ms();
        for shipment in self.store.shipments_in_flight(limit, started).await? {
            let (Some(carrier), Some(number)) = (&shipment.carrier, &shipment.tracking_number) else { continue };
            let bound = self.carrier_of(&shipment.merchant_id, shipment.destination_country, carrier).await?;
            let paused = match bound.as_ref().and_then(|b| b.market().map(str::to_owned)) {
                Some(market) => self.is_paused(&shipment.merchant_id, &market, carrier).await?,
                None => false,
            };
            let Some(bound) = bound.filter(|_| !paused) else {
                tracing::warn!(shipment = %shipment.id, carrier, paused, "the shipment's carrier plugin is missing or paused");
                self.poll_failed(&shipment.id).await?;
                continue;
            };
            let tracked = self
                .run(&bound, self.clock.now(), &shipment.merchant_id, None, &shipment.id, "track", number, {
                    let (rt, p, n) = (self.runtime.clone(), bound.plugin.clone(), number.clone());
                    move |c| rt.track(&p, c, &n)
                })
                .await;
            let tracking = match tracked {
                Ok(Ok(t)) => t,
                Ok(Err(e)) => {
                    tracing::info!(shipment = %shipment.id, error = %e, "the carrier has no tracking for the shipment");
                    self.poll_failed(&shipment.id).await?;
                    continue;
                }
                Err(ProcessError::Store(e)) => return Err(e.into()),
                Err(e) => {
                    tracing::warn!(shipment = %shipment.id, error = %e, "tracking failed; will try again");
                    self.poll_failed(&shipment.id).await?;
                    continue;
                }
            };
            let events: Vec<TrackingEventRow> = tracking
                .events
                .iter()
                .map(|e| TrackingEventRow {
                    at_s: e.time.unix(),
                    status: shipment_status(e.status),
                    raw_code: e.raw_code.clone(),
                    location: e.location.clone(),
                    description: e.description.clone(),
                })
                .collect();
            let eta = tracking.estimated_delivery.map(|t| t.unix());
            self.store.record_tracking(&shipment.id, &events, eta).await?;
            let Some(next) = transition(shipment.status, &tracking) else {
                // Unchanged: note the poll, so the shipments waiting longest come first.
                self.store.record_poll(&shipment.id, shipment.status, shipment.status, self.clock.now_ms()).await?;
                continue;
            };
            // Compare-and-set: a shipment cancelled or voided meanwhile stays as it is.
            if !self.store.record_poll(&shipment.id, shipment.status, next, self.clock.now_ms()).await? {
                continue;
            }
            let latest = tracking.events.iter().max_by_key(|e| e.time);
            let payload = json!({
                "shipment": shipment.id, "order": shipment.order_external_id, "carrier": carrier,
                "tracking_number": number, "status": next,
                "tracking_url": crate::links::tracking_path(&shipment.merchant_id, number),
                "event": latest.map(|e| json!({"time": e.time, "location": e.location, "description": e.description})),
                "estimated_delivery": tracking.estimated_delivery,
            });
            let key = format!("tracking.updated:{}:{next}", shipment.id);
            self.emit(&shipment.merchant_id, "tracking.updated", &payload, &key).await?;
            if next == ShipmentStatus::Delivered {
                let key = format!("shipment.delivered:{}", shipment.id);
                self.emit(&shipment.merchant_id, "shipment.delivered", &payload, &key).await?;
            }
            changed += 1;
        }
        Ok(changed)
    }
}

impl Pipeline {
    async fn poll_failed(&self, shipment_id: &str) -> Result<(), ProcessError> {
        let ms = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        self.store
            .record_poll_failure(shipment_id, self.clock.now_ms(), ms(POLL_BACKOFF), ms(POLL_BACKOFF_CAP))
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracking(status: TrackingStatus) -> Tracking {
        Tracking { tracking_number: "XD1".into(), status, events: Vec::new(), estimated_delivery: None }
    }

    #[test]
    fn a_new_carrier_status_moves_the_shipment_and_the_same_one_does_not() {
        use ShipmentStatus::*;
        assert_eq!(transition(Labelled, &tracking(TrackingStatus::PreTransit)), None);
        assert_eq!(transition(Labelled, &tracking(TrackingStatus::InTransit)), Some(InTransit));
        assert_eq!(transition(InTransit, &tracking(TrackingStatus::InTransit)), None);
        assert_eq!(transition(OutForDelivery, &tracking(TrackingStatus::Delivered)), Some(Delivered));
        assert_eq!(transition(InTransit, &tracking(TrackingStatus::Exception)), Some(Exception));
        assert_eq!(transition(Exception, &tracking(TrackingStatus::Returned)), Some(Returned));
    }
}
