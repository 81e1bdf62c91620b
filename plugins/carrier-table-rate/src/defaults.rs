//! The table a merchant gets with `{}`: three zones and two services, priced in EUR.
//!
//! It exists so that the pipeline can always rate and label a parcel, from any country to any
//! country, before a merchant has typed in their own carrier's prices. The figures are round
//! numbers in the range of 2026 list prices of European parcel and express services; they are
//! a starting point, not any carrier's tariff.
//!
//! | zone | rule |
//! | --- | --- |
//! | `domestic` | origin and destination in the same country |
//! | `region` | same region: Europe, North America, Latin America, Asia, Oceania, Middle East or Africa |
//! | `world` | everything else |
//!
//! | service | zone | days | ≤ 0.5 kg | ≤ 1 kg | ≤ 2 kg | ≤ 5 kg | ≤ 10 kg | ≤ 20 kg | ≤ 30 kg |
//! | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
//! | `standard` | domestic | 1–3 | 4.90 | 5.90 | 6.90 | 8.90 | 12.90 | 18.90 | 24.90 |
//! | `standard` | region | 3–6 | 8.90 | 9.90 | 12.90 | 17.90 | 26.90 | 39.90 | 54.90 |
//! | `standard` | world | 6–12 | 14.90 | 19.90 | 27.90 | 44.90 | 69.90 | 109.90 | 149.90 |
//! | `express` | domestic | 1–1 | 11.90 | 12.90 | 13.90 | 16.90 | 22.90 | 31.90 | 39.90 |
//! | `express` | region | 1–3 | 21.90 | 24.90 | 29.90 | 39.90 | 59.90 | 89.90 | 119.90 |
//! | `express` | world | 2–5 | 39.90 | 49.90 | 64.90 | 99.90 | 159.90 | 249.90 | 329.90 |
//!
//! Nothing above 30 kg is carried: a heavier shipment gets `service_unavailable`, so the
//! pipeline can try a freight carrier instead.

use crossdock_sdk::prelude::*;

use crate::config::{Band, Service, Zone, ZonePrices, ZoneRule};

/// The band limits shared by every row of the default table, in grams.
const LIMITS_G: [u32; 7] = [500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000];

/// EUR.
pub fn currency() -> CurrencyCode {
    "EUR".parse().expect("EUR is an ISO 4217 currency code")
}

/// `domestic`, `region`, `world`, in that order.
pub fn zones() -> Vec<Zone> {
    let zone = |name: &str, rule| Zone { name: name.into(), rule, countries: Vec::new(), origin_countries: Vec::new() };
    vec![zone("domestic", ZoneRule::Domestic), zone("region", ZoneRule::SameRegion), zone("world", ZoneRule::Any)]
}

fn row(zone: &str, eta: (u32, u32), prices: [i64; 7]) -> ZonePrices {
    ZonePrices {
        zone: zone.into(),
        bands: LIMITS_G.iter().zip(prices).map(|(&max_weight_g, price)| Band { max_weight_g, price }).collect(),
        per_extra_kg: None,
        max_weight_g: None,
        eta_min_days: Some(eta.0),
        eta_max_days: Some(eta.1),
    }
}

/// `standard` and `express`, each priced in all three zones.
pub fn services() -> Vec<Service> {
    vec![
        Service {
            code: "standard".into(),
            name: "Standard".into(),
            level: ServiceLevel::Standard,
            eta_min_days: 3,
            eta_max_days: 12,
            prices: vec![
                row("domestic", (1, 3), [490, 590, 690, 890, 1290, 1890, 2490]),
                row("region", (3, 6), [890, 990, 1290, 1790, 2690, 3990, 5490]),
                row("world", (6, 12), [1490, 1990, 2790, 4490, 6990, 10990, 14990]),
            ],
        },
        Service {
            code: "express".into(),
            name: "Express".into(),
            level: ServiceLevel::Express,
            eta_min_days: 1,
            eta_max_days: 5,
            prices: vec![
                row("domestic", (1, 1), [1190, 1290, 1390, 1690, 2290, 3190, 3990]),
                row("region", (1, 3), [2190, 2490, 2990, 3990, 5990, 8990, 11990]),
                row("world", (2, 5), [3990, 4990, 6490, 9990, 15990, 24990, 32990]),
            ],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_price_rises_with_weight_and_express_costs_more_than_standard() {
        let services = services();
        for service in &services {
            for prices in &service.prices {
                let ascending = prices.bands.windows(2).all(|w| w[0].price < w[1].price);
                assert!(ascending, "{} {}", service.code, prices.zone);
            }
        }
        let (standard, express) = (&services[0], &services[1]);
        for (s, e) in standard.prices.iter().zip(&express.prices) {
            assert!(s.bands.iter().zip(&e.bands).all(|(s, e)| s.price < e.price), "{}", s.zone);
        }
    }
}
