//! The carrier fallback policy, without I/O: given what rating every carrier gave and the
//! label attempts so far, what to do next — buy the label of an offer, hold the shipment
//! saying why, or retry the event later.
//!
//! [`super::label`] does the calls (rating in parallel, buying labels) and asks [`next`] after
//! rating and after each failed label, so every branch of the policy is tested here without a
//! plugin or a store:
//!
//! - the best remaining offer by the market's policy is bought ([`super::choose`]);
//! - a carrier that fails to make a label is dropped and the next offer tried, except when it
//!   rejected the address or called the request invalid: another carrier would refuse that too,
//!   so the shipment is held at once;
//! - with no offer, a carrier that only timed out is worth waiting for (retry); offers without an
//!   FX rate and carriers that declined are named in the hold reason, so the merchant can act;
//! - when every offer's label failed, the hold names each refusal.

use crossdock_types::{CarrierError, CurrencyCode};

use super::choose::{Offer, Policy, choose};

/// What rating with every carrier gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ratings {
    /// Rates in the order's currency (converted with the FX table).
    pub offers: Vec<Offer>,
    /// Carriers that answered that they timed out (a carrier's `timeout` error).
    pub timed_out: Vec<String>,
    /// Rates that could not be compared for want of an FX rate: `"{plugin} quoted in {currency}"`.
    pub unconvertible: Vec<String>,
    /// Carriers that declined to rate: `"{plugin}: {error}"`.
    pub declines: Vec<String>,
}

/// A label the carrier of an offer failed to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelFailure {
    pub plugin: String,
    pub error: CarrierError,
}

impl LabelFailure {
    /// Whether every other carrier would refuse the same shipment: an address the carrier
    /// rejected, or a request it calls invalid. Such a failure ends the fallback.
    pub fn ends_fallback(&self) -> bool {
        matches!(self.error, CarrierError::AddressRejected(_) | CarrierError::InvalidRequest(_))
    }

    fn reason(&self) -> String {
        format!("carrier {} refused the label: {}", self.plugin, self.error)
    }
}

/// What to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Buy the label of this offer.
    Buy(Offer),
    /// No label can be bought: hold the shipment with this reason.
    Hold(String),
    /// Only carriers that timed out stand in the way: retry the event later, for this reason.
    Retry(String),
}

/// The next step of the fallback, given `ratings`, the label `failures` so far (in the order
/// they happened), the market's `policy` and limit, and the order's `currency`.
pub fn next(
    ratings: &Ratings,
    failures: &[LabelFailure],
    (policy, max_eta_days): (Policy, Option<u32>),
    currency: CurrencyCode,
) -> Next {
    if let Some(last) = failures.last().filter(|f| f.ends_fallback()) {
        return Next::Hold(last.reason());
    }
    // A carrier whose label failed is not asked again, for any of its services.
    let offers: Vec<Offer> =
        ratings.offers.iter().filter(|o| !failures.iter().any(|f| f.plugin == o.plugin)).cloned().collect();
    let why = match choose(&offers, policy, max_eta_days) {
        Ok(offer) => return Next::Buy(offer.clone()),
        Err(why) => why,
    };
    if !failures.is_empty() {
        return Next::Hold(failures.iter().map(LabelFailure::reason).collect::<Vec<_>>().join("; "));
    }
    if offers.is_empty() && !ratings.timed_out.is_empty() {
        return Next::Retry(format!("no carrier answered in time ({}): {why}", ratings.timed_out.join(", ")));
    }
    if !ratings.unconvertible.is_empty() {
        let mut unconvertible = ratings.unconvertible.clone();
        unconvertible.sort();
        unconvertible.dedup();
        return Next::Hold(format!(
            "no carrier: {why}; offers without an FX rate into {currency}: {}",
            unconvertible.join(", ")
        ));
    }
    if !ratings.declines.is_empty() {
        return Next::Hold(format!("no carrier: {why} ({})", ratings.declines.join("; ")));
    }
    Next::Hold(format!("no carrier: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_types::{Money, Rate, ServiceLevel};

    fn eur() -> CurrencyCode {
        "EUR".parse().expect("EUR")
    }

    fn offer(plugin: &str, priority: usize, code: &str, amount: i64, eta: u32) -> Offer {
        Offer {
            plugin: plugin.into(),
            priority,
            cost: Money::new(amount, eur()),
            rate: Rate {
                carrier: plugin.into(),
                service_code: code.into(),
                service_name: code.into(),
                level: ServiceLevel::Standard,
                price: Money::new(amount, eur()),
                eta_min_days: 1,
                eta_max_days: eta,
            },
        }
    }

    fn failed(plugin: &str, error: CarrierError) -> LabelFailure {
        LabelFailure { plugin: plugin.into(), error }
    }

    const CHEAPEST: (Policy, Option<u32>) = (Policy::Cheapest, None);

    fn bought(next: Next) -> (String, String) {
        match next {
            Next::Buy(offer) => (offer.plugin, offer.rate.service_code),
            other => panic!("expected a purchase, got {other:?}"),
        }
    }

    #[test]
    fn the_best_offer_by_the_markets_policy_is_bought_first() {
        let ratings = Ratings {
            offers: vec![offer("dhl", 0, "exp", 3000, 2), offer("ups", 1, "std", 1500, 6)],
            timed_out: vec!["fedex".into()],
            ..Ratings::default()
        };
        assert_eq!(bought(next(&ratings, &[], CHEAPEST, eur())), ("ups".into(), "std".into()));
        assert_eq!(bought(next(&ratings, &[], (Policy::Fastest, None), eur())), ("dhl".into(), "exp".into()));
    }

    #[test]
    fn carriers_that_only_timed_out_mean_retry_later() {
        let ratings = Ratings { timed_out: vec!["dhl".into(), "ups".into()], ..Ratings::default() };
        assert_eq!(
            next(&ratings, &[], CHEAPEST, eur()),
            Next::Retry("no carrier answered in time (dhl, ups): no carrier offered a rate".into())
        );
    }

    #[test]
    fn a_timeout_beside_offers_that_are_too_slow_holds_instead_of_waiting() {
        let ratings = Ratings {
            offers: vec![offer("dhl", 0, "std", 900, 9)],
            timed_out: vec!["ups".into()],
            ..Ratings::default()
        };
        assert_eq!(
            next(&ratings, &[], (Policy::Cheapest, Some(5)), eur()),
            Next::Hold("no carrier: no rate arrives within 5 days (fastest offered: 9 days)".into())
        );
    }

    #[test]
    fn offers_without_an_fx_rate_are_named_once_each_in_the_hold() {
        let ratings = Ratings {
            unconvertible: vec!["ups quoted in USD".into(), "dhl quoted in GBP".into(), "ups quoted in USD".into()],
            declines: vec!["fedex: not found: no service".into()],
            ..Ratings::default()
        };
        assert_eq!(
            next(&ratings, &[], CHEAPEST, eur()),
            Next::Hold(
                "no carrier: no carrier offered a rate; offers without an FX rate into EUR: \
                 dhl quoted in GBP, ups quoted in USD"
                    .into()
            )
        );
    }

    #[test]
    fn declines_are_named_in_the_hold() {
        let ratings = Ratings {
            declines: vec!["dhl: authentication failed: bad key".into(), "ups: not found: no route".into()],
            ..Ratings::default()
        };
        assert_eq!(
            next(&ratings, &[], CHEAPEST, eur()),
            Next::Hold(
                "no carrier: no carrier offered a rate (dhl: authentication failed: bad key; ups: not found: no route)"
                    .into()
            )
        );
        assert_eq!(
            next(&Ratings::default(), &[], CHEAPEST, eur()),
            Next::Hold("no carrier: no carrier offered a rate".into())
        );
    }

    #[test]
    fn a_failed_label_falls_through_to_the_next_carriers_offer() {
        let ratings = Ratings {
            offers: vec![
                offer("dhl", 0, "std", 900, 5),
                offer("dhl", 0, "exp", 1900, 2),
                offer("ups", 1, "std", 1500, 5),
            ],
            ..Ratings::default()
        };
        let failures = [failed("dhl", CarrierError::ServiceUnavailable("down".into()))];
        // Every service of the failed carrier is passed over, not only the one tried.
        assert_eq!(bought(next(&ratings, &failures, CHEAPEST, eur())), ("ups".into(), "std".into()));
    }

    #[test]
    fn an_address_the_carrier_rejects_stops_the_fallback() {
        let ratings = Ratings {
            offers: vec![offer("dhl", 0, "std", 900, 5), offer("ups", 1, "std", 1500, 5)],
            ..Ratings::default()
        };
        for error in [CarrierError::AddressRejected("no such street".into()), CarrierError::InvalidRequest("x".into())]
        {
            let failures = [failed("dhl", error.clone())];
            assert_eq!(
                next(&ratings, &failures, CHEAPEST, eur()),
                Next::Hold(format!("carrier dhl refused the label: {error}"))
            );
        }
    }

    #[test]
    fn when_every_carrier_refused_the_label_the_hold_names_each_refusal() {
        let ratings = Ratings {
            offers: vec![offer("dhl", 0, "std", 900, 5), offer("ups", 1, "std", 1500, 5)],
            timed_out: vec!["fedex".into()],
            ..Ratings::default()
        };
        let failures = [
            failed("dhl", CarrierError::ServiceUnavailable("down".into())),
            failed("ups", CarrierError::AuthFailed("expired".into())),
        ];
        assert_eq!(
            next(&ratings, &failures, CHEAPEST, eur()),
            Next::Hold(
                "carrier dhl refused the label: service unavailable: down; \
                 carrier ups refused the label: authentication failed: expired"
                    .into()
            ),
            "refused labels hold rather than wait for the carrier that timed out"
        );
    }
}
