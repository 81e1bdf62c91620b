//! Choosing a carrier service among the rates every enabled carrier returned.
//!
//! Policies are an enum decoded once from the market's setup, so no sentinel value leaks in:
//! `cheapest` (optionally within a maximum ETA) or `fastest`. Ties break on price, then on
//! the plugins' priority order (the order the market lists them), then on service code, so
//! the same rates always give the same choice.

use crossdock_types::{Money, Rate};

pub use crate::domain::Policy;

/// A rate together with the priority of the plugin that offered it (0 = first listed), and
/// its price in the currency offers are compared in (the order's; carriers quote in their
/// own, converted with the host's FX table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub plugin: String,
    pub priority: usize,
    pub rate: Rate,
    pub cost: Money,
}

/// Why nothing could be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoChoice {
    #[error("no carrier offered a rate")]
    NoRates,
    #[error("no rate arrives within {max_eta_days} days (fastest offered: {fastest} days)")]
    TooSlow { max_eta_days: u32, fastest: u32 },
    #[error("offers could not be compared in one currency ({0})")]
    MixedCurrencies(String),
}

/// Picks one offer by `policy`.
pub fn choose(offers: &[Offer], policy: Policy, max_eta_days: Option<u32>) -> Result<&Offer, NoChoice> {
    let first = offers.first().ok_or(NoChoice::NoRates)?;
    if let Some(other) = offers.iter().find(|o| o.cost.currency != first.cost.currency) {
        return Err(NoChoice::MixedCurrencies(format!("{} and {}", first.cost.currency, other.cost.currency)));
    }
    let key = |o: &&Offer| (o.cost.amount, o.priority, o.rate.service_code.clone());
    match policy {
        Policy::Cheapest => {
            let within = |o: &&Offer| max_eta_days.is_none_or(|max| o.rate.eta_max_days <= max);
            offers.iter().filter(within).min_by_key(key).ok_or_else(|| NoChoice::TooSlow {
                max_eta_days: max_eta_days.unwrap_or(0),
                fastest: offers.iter().map(|o| o.rate.eta_max_days).min().unwrap_or(0),
            })
        }
        Policy::Fastest => offers
            .iter()
            .min_by_key(|o| (o.rate.eta_max_days, o.cost.amount, o.priority, o.rate.service_code.clone()))
            .ok_or(NoChoice::NoRates),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_types::ServiceLevel;

    fn offer(plugin: &str, priority: usize, code: &str, amount: i64, eta: u32) -> Offer {
        Offer {
            plugin: plugin.into(),
            priority,
            cost: Money::new(amount, "EUR".parse().expect("EUR")),
            rate: Rate {
                carrier: plugin.into(),
                service_code: code.into(),
                service_name: code.into(),
                level: ServiceLevel::Standard,
                price: Money::new(amount, "EUR".parse().expect("EUR")),
                eta_min_days: 1,
                eta_max_days: eta,
            },
        }
    }

    #[test]
    fn cheapest_within_the_eta_limit() {
        let offers = [offer("a", 0, "slow", 990, 12), offer("b", 1, "std", 1490, 6), offer("a", 0, "exp", 3990, 3)];
        assert_eq!(choose(&offers, Policy::Cheapest, None).expect("choice").rate.service_code, "slow");
        assert_eq!(choose(&offers, Policy::Cheapest, Some(7)).expect("choice").rate.service_code, "std");
        let err = choose(&offers, Policy::Cheapest, Some(2)).unwrap_err();
        assert_eq!(err, NoChoice::TooSlow { max_eta_days: 2, fastest: 3 });
    }

    #[test]
    fn fastest_then_cheapest() {
        let offers = [offer("a", 0, "exp", 3990, 3), offer("b", 1, "exp", 2990, 3), offer("a", 0, "std", 990, 9)];
        let chosen = choose(&offers, Policy::Fastest, None).expect("choice");
        assert_eq!((chosen.plugin.as_str(), chosen.rate.price.amount), ("b", 2990));
    }

    #[test]
    fn equal_prices_go_to_the_first_listed_plugin() {
        let offers = [offer("second", 1, "x", 990, 5), offer("first", 0, "y", 990, 5)];
        assert_eq!(choose(&offers, Policy::Cheapest, None).expect("choice").plugin, "first");
    }

    #[test]
    fn nothing_to_choose_from_is_an_error() {
        assert_eq!(choose(&[], Policy::Cheapest, None).unwrap_err(), NoChoice::NoRates);
    }
}
