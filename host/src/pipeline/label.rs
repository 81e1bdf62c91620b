//! Buying a label: rate with every carrier at once under one deadline, choose by the market's
//! policy, and buy the label of the best offer, falling back to the next offer when a carrier
//! cannot make the label. This file does the calls; what to do after each answer is the pure
//! policy in [`super::fallback`].
//!
//! The label request names the shipment by its own id (`merchant:order:warehouse`, or
//! `merchant:return id`), the same on every attempt, worker and node: carrier adapters send it
//! as the carrier's idempotency key where the carrier has one, so a create retried after a lost
//! answer returns the first label instead of buying a second.

use crossdock_types::{CarrierError, Label, LabelRequest, Parcel, RateRequest, Shipment, Timestamp};

use super::bound::Bound;
use super::choose::{Offer, Policy};
use super::fallback::{self, LabelFailure, Next, Ratings};
use super::process::{Pipeline, ProcessError};
use crate::metrics::Stage;
use crate::store::InboxEvent;

impl Pipeline {
    /// Rates `shipment` with every carrier at once under one deadline, then buys the label of
    /// the best offer by the market's policy, falling back as [`fallback::next`] decides.
    /// `Ok(Err(reason))` when no label could be bought (the shipment is held); `Err` when the
    /// only obstacle was a carrier that timed out, which is worth retrying.
    ///
    /// **Idempotency.** The label request carries the shipment as it is (`shipment.id`:
    /// `merchant:order:warehouse`, or `merchant:return id` for a return), the same on every
    /// attempt, every worker and every node; carrier adapters send it as the carrier's
    /// idempotency key where the carrier has one, so a retried create (or void) after a lost
    /// answer returns the first label instead of buying another.
    pub(super) async fn buy_label(
        &self,
        event: &InboxEvent,
        subject: &str,
        carriers: &[Bound],
        shipment: &Shipment,
        is_return: bool,
        policy: (Policy, Option<u32>),
    ) -> Result<Result<(Bound, Label), String>, ProcessError> {
        let clock = Timestamp::from_unix(event.received_at_ms / 1000);
        let weight = u32::try_from(shipment.weight_g()).unwrap_or(u32::MAX).max(1);
        let parcels = vec![Parcel { weight_g: weight, length_mm: 300, width_mm: 200, height_mm: 100 }];
        let ratings = self.rate_all(event, subject, carriers, shipment, &parcels).await?;
        let _label = self.metrics().time(Stage::Label);
        let mut failures = Vec::new();
        loop {
            let chosen = match fallback::next(&ratings, &failures, policy, shipment.currency) {
                Next::Buy(offer) => offer,
                Next::Hold(why) => return Ok(Err(why)),
                Next::Retry(why) => return Err(ProcessError::Waiting(why)),
            };
            let Some(carrier) = carriers.iter().find(|c| c.name() == chosen.plugin) else {
                return Err(ProcessError::Task(format!("carrier {} vanished", chosen.plugin)));
            };
            let plugin = &carrier.plugin;
            let label_request = LabelRequest {
                shipment: shipment.clone(),
                parcels: parcels.clone(),
                service_code: chosen.rate.service_code.clone(),
                is_return,
            };
            let label = self
                .run(carrier, clock, &event.merchant_id, event.id, subject, "create_label", &label_request, {
                    let (rt, p, r) = (self.runtime.clone(), plugin.clone(), label_request.clone());
                    move |c| rt.create_label(&p, c, &r)
                })
                .await?;
            match label {
                Ok(label) => return Ok(Ok((carrier.clone(), label))),
                Err(error) => {
                    let failure = LabelFailure { plugin: plugin.name().to_owned(), error };
                    if !failure.ends_fallback() {
                        tracing::warn!(plugin = plugin.label(), %subject, error = %failure.error,
                            "label failed; trying the next offer");
                    }
                    failures.push(failure);
                }
            }
        }
    }

    /// Rates `shipment` with every carrier at once, each under the rate deadline, and sorts
    /// the answers for [`fallback::next`]. A carrier that misses the deadline counts towards
    /// its circuit breaker; a plugin that fails is recorded (by [`Self::run`]) and passed over.
    async fn rate_all(
        &self,
        event: &InboxEvent,
        subject: &str,
        carriers: &[Bound],
        shipment: &Shipment,
        parcels: &[Parcel],
    ) -> Result<Ratings, ProcessError> {
        let _rate = self.metrics().time(Stage::Rate);
        let clock = Timestamp::from_unix(event.received_at_ms / 1000);
        let request = RateRequest { shipment: shipment.clone(), parcels: parcels.to_vec() };
        let mut tasks = Vec::new();
        for (priority, carrier) in carriers.iter().enumerate() {
            let plugin = &carrier.plugin;
            let call = self.run(carrier, clock, &event.merchant_id, event.id, subject, "rate", &request, {
                let (rt, p, r) = (self.runtime.clone(), plugin.clone(), request.clone());
                move |c| rt.rate(&p, c, &r)
            });
            let deadline = self.rate_deadline;
            tasks.push(async move { (priority, carrier, plugin.clone(), tokio::time::timeout(deadline, call).await) });
        }
        let mut ratings = Ratings::default();
        for (priority, carrier, plugin, result) in futures::future::join_all(tasks).await {
            match result {
                Ok(Ok(Ok(rates))) => {
                    for rate in rates {
                        match self.fx.convert(rate.price, shipment.currency) {
                            Some(cost) => {
                                ratings.offers.push(Offer { plugin: plugin.name().to_owned(), priority, rate, cost })
                            }
                            None => {
                                tracing::warn!(plugin = plugin.label(), %subject, price = %rate.price,
                                    "no FX rate to compare this offer in {}; load an FX table with --fx", shipment.currency);
                                ratings.unconvertible.push(format!(
                                    "{} quoted in {}",
                                    plugin.name(),
                                    rate.price.currency
                                ));
                            }
                        }
                    }
                }
                Ok(Ok(Err(CarrierError::Timeout(why)))) => {
                    tracing::info!(plugin = plugin.label(), %subject, %why, "carrier timed out rating");
                    ratings.timed_out.push(plugin.name().to_owned());
                }
                Ok(Ok(Err(e))) => {
                    tracing::info!(plugin = plugin.label(), %subject, error = %e, "carrier declined to rate");
                    ratings.declines.push(format!("{}: {e}", plugin.name()));
                }
                Ok(Err(e)) => tracing::warn!(plugin = plugin.label(), %subject, error = %e, "carrier plugin failed"),
                Err(_) => {
                    tracing::warn!(plugin = plugin.label(), %subject, "carrier did not rate before the deadline");
                    let missed = format!("did not rate within {:?}", self.rate_deadline);
                    self.breaker_note(&event.merchant_id, carrier, Some(&missed)).await?;
                }
            }
        }
        Ok(ratings)
    }
}
