//! Pricing: which zone a shipment falls in, what it weighs, and what each service charges.
//!
//! The chargeable weight is the sum of the parcels' weights, or, when the request carries no
//! parcels, Σ quantity × unit weight of the items. With a `volumetric_divisor`, each parcel
//! counts at the greater of its actual and its volumetric weight (length × width × height in
//! cm³ ÷ divisor, in kg, rounded up to the gram). A service prices the weight with the first
//! band it fits; above the last band, `per_extra_kg` (if set) is charged for each started
//! kilogram, up to `max_weight_g`. All arithmetic is on integers; prices are minor units of
//! the table's currency.

use crossdock_sdk::prelude::*;

use crate::config::{Config, Service, Zone, ZonePrices};

/// Where and how heavy: everything a price depends on.
#[derive(Debug, Clone, Copy)]
pub struct Route<'a> {
    /// Where the shipment starts.
    pub origin: CountryCode,
    /// Where it goes.
    pub destination: CountryCode,
    /// The first zone of the table that matches.
    pub zone: &'a Zone,
    /// The chargeable weight in grams.
    pub weight_g: u64,
}

/// A price and delivery window for one service on one route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// Minor units of the table's currency.
    pub price: i64,
    /// Fewest days to delivery.
    pub eta_min_days: u32,
    /// Most days to delivery.
    pub eta_max_days: u32,
}

/// The zone and chargeable weight of a shipment, or `service_unavailable` when no zone of
/// the table covers the route.
pub fn route<'a>(config: &'a Config, shipment: &Shipment, parcels: &[Parcel]) -> Result<Route<'a>, CarrierError> {
    let (origin, destination) = (shipment.origin.country, shipment.destination.country);
    let zone = config.zone_for(origin, destination).ok_or_else(|| {
        CarrierError::ServiceUnavailable(format!(
            "no zone of the `{}` table covers {origin} → {destination}; add a zone for this route \
             (a zone with rule `any` and no countries catches every route)",
            config.carrier_code
        ))
    })?;
    let weight_g = chargeable_weight_g(shipment, parcels, config.volumetric_divisor);
    Ok(Route { origin, destination, zone, weight_g })
}

/// Σ parcel weights (each at least its volumetric weight when a divisor is set), or the
/// items' weight when there are no parcels.
pub fn chargeable_weight_g(shipment: &Shipment, parcels: &[Parcel], divisor: Option<u32>) -> u64 {
    if parcels.is_empty() {
        return shipment.weight_g();
    }
    parcels
        .iter()
        .map(|p| {
            let actual = u64::from(p.weight_g);
            match divisor {
                // mm³ ÷ (cm³ per kg) = g, since 1 cm³ = 1000 mm³ and 1 kg = 1000 g.
                Some(d) if d > 0 => {
                    let mm3 = u128::from(p.length_mm) * u128::from(p.width_mm) * u128::from(p.height_mm);
                    let volumetric = u64::try_from(mm3.div_ceil(u128::from(d))).unwrap_or(u64::MAX);
                    actual.max(volumetric)
                }
                _ => actual,
            }
        })
        .fold(0u64, u64::saturating_add)
}

/// The price of `weight_g` grams in one zone, or `None` if it fits no band.
pub fn price(prices: &ZonePrices, weight_g: u64) -> Option<i64> {
    if let Some(band) = prices.bands.iter().find(|b| weight_g <= u64::from(b.max_weight_g)) {
        return Some(band.price);
    }
    let last = prices.bands.last()?;
    let per_kg = prices.per_extra_kg?;
    if prices.max_weight_g.is_some_and(|max| weight_g > u64::from(max)) {
        return None;
    }
    let extra_kg = (weight_g - u64::from(last.max_weight_g)).div_ceil(1000);
    let extra = i64::try_from(extra_kg).ok()?.checked_mul(per_kg)?;
    last.price.checked_add(extra)
}

/// What `service` charges on `route`, or `None` if it does not serve the zone or the weight.
pub fn quote(service: &Service, route: &Route) -> Option<Quote> {
    let prices = service.prices_for(&route.zone.name)?;
    Some(Quote {
        price: price(prices, route.weight_g)?,
        eta_min_days: prices.eta_min_days.unwrap_or(service.eta_min_days),
        eta_max_days: prices.eta_max_days.unwrap_or(service.eta_max_days),
    })
}

/// The contract's rate for a quote.
pub fn rate(config: &Config, service: &Service, quote: Quote) -> Rate {
    Rate {
        carrier: config.carrier_code.clone(),
        service_code: service.code.clone(),
        service_name: service.name.clone(),
        level: service.level,
        price: Money::new(quote.price, config.currency),
        eta_min_days: quote.eta_min_days,
        eta_max_days: quote.eta_max_days,
    }
}

/// `service_unavailable` for a weight that fits none of `services` in the route's zone,
/// naming the weight, the zone and the heaviest weight that would be carried.
pub fn no_band(route: &Route, services: &[&Service]) -> CarrierError {
    let zone = &route.zone.name;
    let limits = services.iter().filter_map(|s| s.prices_for(zone)).map(|p| match (p.per_extra_kg, p.max_weight_g) {
        (Some(_), None) => u64::MAX,
        (Some(_), Some(max)) => u64::from(max),
        (None, _) => p.bands.last().map_or(0, |b| u64::from(b.max_weight_g)),
    });
    let detail = match limits.max() {
        None => "no service of the table is priced for this zone".to_owned(),
        Some(max) => format!("the heaviest shipment carried there is {}", kg(max)),
    };
    CarrierError::ServiceUnavailable(format!(
        "no band for {} to zone {zone} ({} → {}): {detail}",
        kg(route.weight_g),
        route.origin,
        route.destination
    ))
}

/// Grams as kilograms for people: `31 kg`, `1.2 kg`, `0.45 kg`.
pub fn kg(grams: u64) -> String {
    let (whole, rest) = (grams / 1000, grams % 1000);
    if rest == 0 {
        return format!("{whole} kg");
    }
    let decimals = format!("{rest:03}");
    format!("{whole}.{} kg", decimals.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Band;
    use crossdock_sdk::testing::from_json;

    fn prices(json: &str) -> ZonePrices {
        from_json(json)
    }

    #[test]
    fn a_weight_takes_the_first_band_it_fits_including_the_limit() {
        let p = prices(r#"{"zone":"z","bands":[{"max_weight_g":1000,"price":500},{"max_weight_g":2000,"price":700}]}"#);
        assert_eq!(price(&p, 0), Some(500));
        assert_eq!(price(&p, 1000), Some(500));
        assert_eq!(price(&p, 1001), Some(700));
        assert_eq!(price(&p, 2001), None);
    }

    #[test]
    fn each_started_kilogram_above_the_last_band_costs_the_extra_kg_price_up_to_the_cap() {
        let p = prices(
            r#"{"zone":"z","bands":[{"max_weight_g":2000,"price":700}],"per_extra_kg":150,"max_weight_g":5000}"#,
        );
        assert_eq!(price(&p, 2001), Some(850));
        assert_eq!(price(&p, 3000), Some(850));
        assert_eq!(price(&p, 3001), Some(1000));
        assert_eq!(price(&p, 5000), Some(1150));
        assert_eq!(price(&p, 5001), None);
    }

    #[test]
    fn an_absurd_extra_weight_is_no_price_rather_than_an_overflow() {
        let p = ZonePrices {
            zone: "z".into(),
            bands: vec![Band { max_weight_g: 1, price: i64::MAX - 1 }],
            per_extra_kg: Some(i64::MAX),
            max_weight_g: None,
            eta_min_days: None,
            eta_max_days: None,
        };
        assert_eq!(price(&p, u64::MAX), None);
    }

    #[test]
    fn a_box_of_30_by_20_by_10_cm_weighs_1_2_kg_by_volume_at_divisor_5000() {
        let shipment: Shipment = from_json(
            r#"{"id":"s","origin":{"country":"CN"},"destination":{"country":"DE"},"incoterm":"DAP","currency":"EUR",
            "shipping_cost":{"amount":0,"currency":"EUR"},"items":[]}"#,
        );
        let light = Parcel { weight_g: 400, length_mm: 300, width_mm: 200, height_mm: 100 };
        assert_eq!(chargeable_weight_g(&shipment, &[light], Some(5000)), 1200);
        assert_eq!(chargeable_weight_g(&shipment, &[light], None), 400);
        let heavy = Parcel { weight_g: 2500, ..light };
        assert_eq!(chargeable_weight_g(&shipment, &[light, heavy], Some(5000)), 3700);
        let huge = Parcel { weight_g: 1, length_mm: u32::MAX, width_mm: u32::MAX, height_mm: u32::MAX };
        assert_eq!(chargeable_weight_g(&shipment, &[huge, huge], Some(1)), u64::MAX);
    }

    #[test]
    fn weights_read_as_kilograms() {
        assert_eq!(kg(31_000), "31 kg");
        assert_eq!(kg(1_200), "1.2 kg");
        assert_eq!(kg(450), "0.45 kg");
        assert_eq!(kg(1_234), "1.234 kg");
        assert_eq!(kg(0), "0 kg");
    }
}
