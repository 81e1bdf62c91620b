//! What rate and label requests share: the planned shipping time, whether the goods need a
//! customs declaration, and the parcels in DHL's units.

use crossdock_sdk::carrier::{LocalDateTime, decimal_number, format_offset};
use crossdock_sdk::prelude::*;

use crate::wire::{Dimensions, Package};

/// The 27 member states of the European Union, one customs territory: goods moving between
/// two of them are not customs-declarable. Source: European Union, "EU countries"
/// (european-union.europa.eu, country profiles), read 2026-11-25.
const EU: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV",
    "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// DHL's `isCustomsDeclarable`: goods crossing a customs border. Within one country, or
/// between two EU member states, they are not.
pub fn customs_declarable(shipment: &Shipment) -> bool {
    let (from, to) = (shipment.origin.country.as_str(), shipment.destination.country.as_str());
    if from == to {
        return false;
    }
    !(EU.contains(&from) && EU.contains(&to))
}

/// `plannedShippingDateAndTime` in DHL's own format, `2026-11-17T10:00:00 GMT+08:00`, for
/// `now` on the warehouse clock (CARRIERS.md §1.2: not in the past, at most 10 days ahead).
pub fn planned_shipping(now: Timestamp, origin_offset: i32) -> String {
    let local = LocalDateTime::from_timestamp(now, origin_offset);
    format!("{}T{} GMT{}", local.date_iso(), local.time_hms(), format_offset(origin_offset))
}

/// The date of `now` on the warehouse clock, `YYYY-MM-DD` (the invoice date).
pub fn local_date(now: Timestamp, origin_offset: i32) -> String {
    LocalDateTime::from_timestamp(now, origin_offset).date_iso()
}

/// The parcels as DHL packages: kilograms (grams / 1000, exact) and whole centimetres,
/// rounded up so that a box is never declared smaller than it is.
pub fn packages(parcels: &[Parcel]) -> Result<Vec<Package>, CarrierError> {
    if parcels.is_empty() {
        return Err(CarrierError::InvalidRequest("no parcels: DHL Express needs at least one package".into()));
    }
    parcels
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if p.weight_g == 0 {
                return Err(CarrierError::InvalidRequest(format!("parcel {}: the weight is 0 g", i + 1)));
            }
            let cm = |mm: u32| mm.div_ceil(10).max(1);
            Ok(Package {
                weight: kilograms(u64::from(p.weight_g))?,
                dimensions: Dimensions { length: cm(p.length_mm), width: cm(p.width_mm), height: cm(p.height_mm) },
            })
        })
        .collect()
}

/// Grams as a JSON number of kilograms: 1200 → `1.2`.
pub fn kilograms(grams: u64) -> Result<serde_json::Number, CarrierError> {
    let grams = i64::try_from(grams).map_err(|_| CarrierError::InvalidRequest(format!("{grams} g is too heavy")))?;
    decimal_number(grams, 3)
}

/// The money as a JSON number in its currency's units: 8500 USD cents → `85.0`.
pub fn amount(money: Money) -> Result<serde_json::Number, CarrierError> {
    decimal_number(money.amount, u32::from(money.currency.minor_units()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipment(from: &str, to: &str) -> Shipment {
        let mut s: Shipment = serde_json::from_str(crate::tests::SHIPMENT_10).unwrap();
        s.origin.country = from.parse().unwrap();
        s.destination.country = to.parse().unwrap();
        s
    }

    #[test]
    fn goods_crossing_a_customs_border_are_declarable() {
        assert!(customs_declarable(&shipment("CN", "DE")));
        assert!(customs_declarable(&shipment("DE", "CH")));
        assert!(customs_declarable(&shipment("GB", "FR")));
        assert!(!customs_declarable(&shipment("FR", "DE")));
        assert!(!customs_declarable(&shipment("DE", "DE")));
    }

    #[test]
    fn the_planned_time_is_written_on_the_warehouse_clock() {
        let now: Timestamp = "2026-11-17T02:00:00Z".parse().unwrap();
        assert_eq!(planned_shipping(now, 8 * 3600), "2026-11-17T10:00:00 GMT+08:00");
        assert_eq!(planned_shipping(now, -5 * 3600), "2026-11-16T21:00:00 GMT-05:00");
        assert_eq!(local_date(now, -5 * 3600), "2026-11-16");
    }

    #[test]
    fn parcels_become_kilograms_and_whole_centimetres_rounded_up() {
        let parcel = Parcel { weight_g: 1200, length_mm: 300, width_mm: 201, height_mm: 0 };
        let packages = packages(&[parcel]).unwrap();
        let json = serde_json::to_string(&packages).unwrap();
        assert_eq!(json, r#"[{"weight":1.2,"dimensions":{"length":30,"width":21,"height":1}}]"#);
    }

    #[test]
    fn an_empty_or_weightless_parcel_list_is_refused() {
        assert!(matches!(packages(&[]), Err(CarrierError::InvalidRequest(_))));
        let weightless = Parcel { weight_g: 0, length_mm: 1, width_mm: 1, height_mm: 1 };
        assert!(matches!(packages(&[weightless]), Err(CarrierError::InvalidRequest(m)) if m.contains("0 g")));
    }
}
