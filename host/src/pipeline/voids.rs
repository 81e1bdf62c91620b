//! Cancellations and voids: a cancelled order's labels are voided with their carrier, under
//! the shipment's claim, and a void the carrier refuses is retried until it succeeds.
//!
//! ```text
//! labelled ─claim─▶ void_label ─ok──▶ voided
//!                        ├─failed──▶ void_pending (reason, attempts, next attempt with backoff)
//!                        │              ├─ retry ok ──▶ voided
//!                        │              └─ VOID_MAX_ATTEMPTS failed ─▶ void_failed (for a person)
//!                        └─refused for good (the carrier cannot void it) ─▶ void_failed
//! ```
//!
//! Workers retry due voids (`worker.rs` calls [`Pipeline::retry_voids`]). Every write is fenced
//! on the claim (see `store::claims`), and the void request carries the shipment's own id,
//! stable across retries, as the carrier's idempotency key where it has one.
//!
//! A label bought by a worker whose claim lapsed meanwhile cannot be recorded (another worker
//! owns the shipment): [`Pipeline::void_orphan`] voids it at once, and if the carrier refuses,
//! tells the merchant (`label.unrecorded`, with carrier and tracking number) to void it by hand.
//!
//! [`with_heartbeat`] keeps a lease or claim alive while work is in progress.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crossdock_types::{CarrierError, Timestamp};
use serde_json::json;

use super::bound::Bound;
use super::process::{Outcome, Pipeline, ProcessError};
use crate::clock::Clock;
use crate::domain::ShipmentStatus;
use crate::store::{InboxEvent, ShipmentRow, StoreError};

/// Failed void attempts after which the shipment is `void_failed`, left for a person.
pub const VOID_MAX_ATTEMPTS: u32 = 8;
/// The delay after the first failed void; it doubles per attempt, up to [`VOID_MAX_BACKOFF`].
pub const VOID_BASE_BACKOFF: Duration = Duration::from_secs(60);
pub const VOID_MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// Runs `work` while calling `renew` every `every` on `clock`, so the lease or claim that
/// `renew` extends stays alive exactly as long as the work does. A failed or refused renewal is
/// logged; the work goes on, and its fenced writes refuse what it may no longer do.
///
/// The renewal runs beside the work, never instead of it: the work may be suspended in the
/// middle of a query holding the store's only SQLite write connection, which the renewal then
/// waits for. Each renewal is timed from the moment the previous one fell due, on the node's
/// clock: the leases it extends are read against that clock, and a test that moves a manual
/// clock sees a renewal for every `every` it moves it, however fast the store answers.
pub async fn with_heartbeat<T, R, RF>(clock: &Clock, every: Duration, mut renew: R, work: impl Future<Output = T>) -> T
where
    R: FnMut() -> RF,
    RF: Future<Output = Result<bool, StoreError>>,
{
    let every = every.max(Duration::from_millis(50));
    tokio::pin!(work);
    let mut tick = std::pin::pin!(clock.sleep(every));
    let mut renewing: Option<std::pin::Pin<Box<RF>>> = None;
    loop {
        tokio::select! {
            out = &mut work => return out,
            () = &mut tick, if renewing.is_none() => {
                tick.set(clock.sleep(every));
                renewing = Some(Box::pin(renew()));
            }
            renewed = async { renewing.as_mut().expect("guarded by the branch condition").await }, if renewing.is_some() => {
                renewing = None;
                match renewed {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!("a lease or claim was lost while its work was in progress"),
                    Err(e) => tracing::warn!(error = %e, "renewing a lease or claim failed; will try again"),
                }
            }
        }
    }
}

impl Pipeline {
    /// Voids the labels of a cancelled order that have not been handed over, and cancels its
    /// shipments without a label.
    pub(super) async fn cancel(&self, event: &InboxEvent, order_id: &str) -> Result<Outcome, ProcessError> {
        let mut voided = 0;
        let worker = format!("cancel-{}-attempt-{}", event.id, event.attempts);
        let clock = Timestamp::from_unix(event.received_at_ms / 1000);
        for shipment in self.store.shipments_for_order(&event.merchant_id, order_id).await? {
            match shipment.status {
                ShipmentStatus::Labelled | ShipmentStatus::VoidPending => {
                    let done = self.void_under_claim(&shipment, &worker, clock, Some(event.id)).await?;
                    voided += usize::from(done);
                }
                ShipmentStatus::Held => {
                    self.store
                        .update_shipment_status(
                            &shipment.id,
                            ShipmentStatus::Cancelled,
                            Some("order cancelled"),
                            self.clock.now_ms(),
                        )
                        .await?;
                }
                // A pending shipment may be in another worker's hands, about to be labelled:
                // take its claim first, or come back when that worker has decided (a label it
                // buys is then voided by the retry).
                ShipmentStatus::Pending => {
                    let now = self.clock.now_ms();
                    let until = now + self.shipment_claim.as_millis() as i64;
                    if !self.store.claim_shipment(&shipment.id, &worker, now, until).await? {
                        return Err(ProcessError::Waiting(format!("shipment {} is being labelled", shipment.id)));
                    }
                    let done = self
                        .store
                        .set_claimed_shipment_status(
                            &shipment.id,
                            &worker,
                            ShipmentStatus::Cancelled,
                            Some("order cancelled"),
                            now,
                        )
                        .await;
                    self.store.release_shipment(&shipment.id, &worker).await?;
                    done?;
                }
                _ => {}
            }
        }
        Ok(Outcome::Cancelled(voided))
    }

    /// Retries the voids due at `now_ms`; returns how many labels were voided.
    pub async fn retry_voids(&self, now_ms: i64) -> Result<usize, ProcessError> {
        static SEQ: AtomicU64 = AtomicU64::new(0);
        let mut voided = 0;
        for due in self.store.voids_due(now_ms, 50).await? {
            let worker = format!("void-{}-{}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed));
            let clock = Timestamp::from_unix(now_ms / 1000);
            match self.void_under_claim(&due.shipment, &worker, clock, None).await {
                Ok(true) => voided += 1,
                Ok(false) => {}
                Err(ProcessError::Waiting(_)) => {} // another worker is on it
                Err(e) => return Err(e),
            }
        }
        Ok(voided)
    }

    /// Claims a labelled shipment and voids its label; `Ok(true)` when voided now.
    async fn void_under_claim(
        &self,
        shipment: &ShipmentRow,
        worker: &str,
        clock: Timestamp,
        event_id: Option<i64>,
    ) -> Result<bool, ProcessError> {
        let claim_ms = self.shipment_claim.as_millis() as i64;
        let now = self.clock.now_ms();
        if !self.store.claim_shipment_for_void(&shipment.id, worker, now, now + claim_ms).await? {
            return Err(ProcessError::Waiting(format!(
                "shipment {} is being worked on by another worker",
                shipment.id
            )));
        }
        let done = with_heartbeat(
            &self.clock,
            self.shipment_claim / 3,
            || self.store.renew_shipment_claim(&shipment.id, worker, self.clock.now_ms() + claim_ms),
            self.void_claimed(shipment, worker, clock, event_id),
        )
        .await;
        self.store.release_shipment(&shipment.id, worker).await?;
        done
    }

    async fn void_claimed(
        &self,
        shipment: &ShipmentRow,
        worker: &str,
        clock: Timestamp,
        event_id: Option<i64>,
    ) -> Result<bool, ProcessError> {
        let merchant_id = &shipment.merchant_id;
        let (Some(carrier), Some(tracking)) = (&shipment.carrier, &shipment.tracking_number) else {
            self.store
                .set_claimed_shipment_status(
                    &shipment.id,
                    worker,
                    ShipmentStatus::Voided,
                    Some("order cancelled"),
                    self.clock.now_ms(),
                )
                .await?;
            return Ok(true);
        };
        let (refused, permanent) = match self.carrier_of(merchant_id, shipment.destination_country, carrier).await? {
            None => (format!("carrier plugin {carrier} is not installed"), false),
            Some(bound) => match self.void_call(&bound, clock, merchant_id, event_id, &shipment.id, tracking).await? {
                Ok(()) => {
                    self.store
                        .set_claimed_shipment_status(
                            &shipment.id,
                            worker,
                            ShipmentStatus::Voided,
                            Some("order cancelled"),
                            self.clock.now_ms(),
                        )
                        .await?;
                    return Ok(true);
                }
                Err(why) => why,
            },
        };
        tracing::warn!(shipment = %shipment.id, error = %refused, permanent, "the carrier did not void the label");
        let reason = format!("order cancelled; voiding label {tracking} with {carrier} failed: {refused}; will retry");
        let backoff = (ms(VOID_BASE_BACKOFF), ms(VOID_MAX_BACKOFF));
        let attempts =
            self.store.schedule_void_retry(&shipment.id, worker, &reason, self.clock.now_ms(), backoff).await?;
        if permanent || attempts >= VOID_MAX_ATTEMPTS {
            let reason = match permanent {
                true => format!(
                    "order cancelled, but {carrier} refused to void label {tracking}: {refused}; void it with the \
                     carrier by hand"
                ),
                false => format!(
                    "order cancelled, but {carrier} did not void label {tracking} after {attempts} attempts (last: \
                     {refused}); void it with the carrier by hand"
                ),
            };
            self.store
                .set_claimed_shipment_status(
                    &shipment.id,
                    worker,
                    ShipmentStatus::VoidFailed,
                    Some(&reason),
                    self.clock.now_ms(),
                )
                .await?;
            let payload =
                json!({"shipment": shipment.id, "carrier": carrier, "tracking_number": tracking, "reason": reason});
            self.emit(merchant_id, "shipment.void_failed", &payload, &format!("shipment.void_failed:{}", shipment.id))
                .await?;
        }
        Ok(false)
    }

    /// Asks the carrier to void a label; `Ok(Err((why, permanent)))` when it did not: refused
    /// for good (an invalid request: the carrier cannot void it, asking again will not help),
    /// or failed for now (unavailable, timed out, the plugin failed).
    async fn void_call(
        &self,
        bound: &Bound,
        clock: Timestamp,
        merchant_id: &str,
        event_id: Option<i64>,
        subject: &str,
        tracking: &str,
    ) -> Result<Result<(), (String, bool)>, ProcessError> {
        let call = self
            .run(bound, clock, merchant_id, event_id, subject, "void_label", &tracking, {
                let (rt, p, t) = (self.runtime.clone(), bound.plugin.clone(), tracking.to_owned());
                move |c| rt.void_label(&p, c, &t)
            })
            .await;
        match call {
            Ok(Ok(())) => Ok(Ok(())),
            Ok(Err(e)) => {
                let permanent = matches!(e, CarrierError::InvalidRequest(_) | CarrierError::AddressRejected(_));
                Ok(Err((e.to_string(), permanent)))
            }
            Err(ProcessError::Plugin(e)) => Ok(Err((e.to_string(), false))),
            Err(e) => Err(e),
        }
    }

    /// Voids a label this worker bought but may not record (its claim lapsed and the shipment
    /// or return is another worker's now). When the carrier refuses, the merchant is told to
    /// void it by hand: a live label is never forgotten silently.
    pub(super) async fn void_orphan(
        &self,
        event: &InboxEvent,
        subject: &str,
        carrier: &Bound,
        tracking: &str,
        why: &str,
    ) {
        let clock = Timestamp::from_unix(event.received_at_ms / 1000);
        let merchant_id = &event.merchant_id;
        match self.void_call(carrier, clock, merchant_id, Some(event.id), subject, tracking).await {
            Ok(Ok(())) => tracing::warn!(%subject, tracking, %why, "a label bought after the claim lapsed was voided"),
            outcome => {
                let refused = match outcome {
                    Ok(Err((e, _))) => e,
                    Err(e) => e.to_string(),
                    Ok(Ok(())) => String::new(),
                };
                tracing::error!(%subject, tracking, %why, %refused, "a label bought after the claim lapsed could not be voided");
                let payload = json!({"subject": subject, "carrier": carrier.name(), "tracking_number": tracking,
                    "reason": format!("bought by a worker that had lost its claim ({why}); voiding failed: {refused}; \
                                       void it with the carrier by hand")});
                let key = format!("label.unrecorded:{subject}:{tracking}");
                if let Err(e) = self.emit(merchant_id, "label.unrecorded", &payload, &key).await {
                    tracing::error!(%subject, tracking, error = %e, "cannot tell the merchant about an unrecorded label");
                }
            }
        }
    }
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;

    use super::*;

    /// Yields until `renewals` reaches `n`; panics if it does not within 30 s.
    async fn until_renewed(renewals: &AtomicUsize, n: usize) {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while renewals.load(Ordering::SeqCst) < n {
            assert!(std::time::Instant::now() < deadline, "renewed {} times, not {n}", renewals.load(Ordering::SeqCst));
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_heartbeat_renews_once_per_period_of_the_nodes_clock_until_the_work_ends() {
        let (clock, hand) = Clock::manual(0);
        let renewals = Arc::new(AtomicUsize::new(0));
        let (finish, finished) = tokio::sync::oneshot::channel::<&str>();
        let (start, started) = tokio::sync::oneshot::channel();
        let working = tokio::spawn({
            let renewals = renewals.clone();
            async move {
                let renew = || {
                    renewals.fetch_add(1, Ordering::SeqCst);
                    async { Ok(true) }
                };
                // Told once the work runs: the heartbeat's first period has begun by then.
                let work = async move {
                    let _ = start.send(());
                    finished.await
                };
                with_heartbeat(&clock, Duration::from_secs(20), renew, work).await
            }
        });
        started.await.expect("the work runs");
        for _ in 0..1_000 {
            tokio::task::yield_now().await;
        }
        assert_eq!(renewals.load(Ordering::SeqCst), 0, "no renewal before the clock moves");
        hand.advance(Duration::from_secs(20));
        until_renewed(&renewals, 1).await;
        hand.advance(Duration::from_secs(19));
        for _ in 0..1_000 {
            tokio::task::yield_now().await;
        }
        assert_eq!(renewals.load(Ordering::SeqCst), 1, "not again before a whole period");
        hand.advance(Duration::from_secs(1));
        until_renewed(&renewals, 2).await;

        finish.send("done").expect("the work is waiting");
        assert_eq!(working.await.expect("join"), Ok("done"), "the work's own output");
        hand.advance(Duration::from_secs(600));
        assert_eq!(renewals.load(Ordering::SeqCst), 2, "no renewal after the work ended");
    }
}
