//! Whether USPS can carry a shipment at all: from the United States, abroad, one parcel.
//!
//! USPS accepts mail only on its own territory (CARRIERS.md §4: "USPS only ships from the US"),
//! so this adapter serves stock held in a US warehouse. "US" here means where USPS delivers as
//! domestic mail: the states and the places whose codes the International Labels API 3.3.7 takes
//! as a sender's `state` (its `State` pattern, captured 2026-06-23) and which have their own
//! ISO 3166-1 codes — Puerto Rico, Guam, the US Virgin Islands, American Samoa, the Northern
//! Mariana Islands, and the freely associated Micronesia, Marshall Islands and Palau. A shipment
//! from anywhere else, or to any of those places (domestic mail, which international labels do
//! not buy), is `ServiceUnavailable`, so that the core asks another carrier.
//!
//! An international label is one piece (`packageDescription` describes one package), so a
//! shipment of several parcels is `ServiceUnavailable` too: split, it would be several shipments.

use crossdock_sdk::prelude::*;

/// Countries whose mail USPS treats as domestic (see the module docs).
const USPS_DOMESTIC: [&str; 9] = ["US", "PR", "GU", "VI", "AS", "MP", "FM", "MH", "PW"];

/// A lane USPS serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The sender's 5-digit ZIP Code.
    pub zip: String,
    /// The ZIP+4 extension, when the origin has one.
    pub zip_plus4: Option<String>,
    pub destination: CountryCode,
}

/// Whether USPS delivers in `country` as domestic mail.
pub fn is_domestic(country: CountryCode) -> bool {
    USPS_DOMESTIC.contains(&country.as_str())
}

/// The lane of `shipment`, or why USPS cannot carry it.
pub fn route(shipment: &Shipment) -> Result<Route, CarrierError> {
    let (from, to) = (shipment.origin.country, shipment.destination.country);
    if !is_domestic(from) {
        return Err(CarrierError::ServiceUnavailable(format!(
            "USPS ships only from the United States, and shipment {} leaves from {from}: rate it with a carrier \
             that collects in {from}, or ship it from a US warehouse",
            shipment.id
        )));
    }
    if is_domestic(to) {
        return Err(CarrierError::ServiceUnavailable(format!(
            "shipment {} goes from {from} to {to}, which USPS carries as domestic mail; this adapter buys \
             international labels only",
            shipment.id
        )));
    }
    let postal = shipment.origin.postal_code.as_deref().unwrap_or_default().trim();
    let (zip, zip_plus4) = split_zip(postal).ok_or_else(|| {
        CarrierError::InvalidRequest(format!(
            "the origin of shipment {} has postal code `{postal}`, not a US ZIP Code (5 digits, or ZIP+4 such as \
             90045-1234); USPS prices from the ZIP Code",
            shipment.id
        ))
    })?;
    Ok(Route { zip, zip_plus4, destination: to })
}

/// `90045`, `90045-1234`, `90045 1234` or `900451234` → (`90045`, `1234`).
fn split_zip(text: &str) -> Option<(String, Option<String>)> {
    let digits: String = text.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        5 => Some((digits, None)),
        9 => Some((digits[..5].to_owned(), Some(digits[5..].to_owned()))),
        _ => None,
    }
}

/// The one parcel of a request, with its sides sorted longest first (USPS's `length` is
/// always the longest side and `width` the second).
pub fn single_parcel(parcels: &[Parcel]) -> Result<Parcel, CarrierError> {
    let parcel = match parcels {
        [] => return Err(CarrierError::InvalidRequest("the request has no parcel: give its weight and size".into())),
        [one] => *one,
        more => {
            return Err(CarrierError::ServiceUnavailable(format!(
                "USPS international mail is one label per parcel and this request has {} parcels: make one \
                 shipment per parcel, or use a carrier with multi-piece shipments",
                more.len()
            )));
        }
    };
    if parcel.weight_g == 0 || parcel.length_mm == 0 || parcel.width_mm == 0 || parcel.height_mm == 0 {
        return Err(CarrierError::InvalidRequest(format!(
            "the parcel must have a weight and three sides above zero, not {} g and {}×{}×{} mm",
            parcel.weight_g, parcel.length_mm, parcel.width_mm, parcel.height_mm
        )));
    }
    let (a, b, c) = (parcel.length_mm, parcel.width_mm, parcel.height_mm);
    let longest = a.max(b).max(c);
    let shortest = a.min(b).min(c);
    let middle = a + b + c - longest - shortest;
    Ok(Parcel { length_mm: longest, width_mm: middle, height_mm: shortest, ..parcel })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::from_json;

    fn shipment(from: &str, zip: &str, to: &str) -> Shipment {
        from_json(&format!(
            r#"{{"id": "s1", "origin": {{"country": "{from}", "postal_code": "{zip}"}}, "destination": {{"country": "{to}"}},
                "incoterm": "DAP", "currency": "USD", "shipping_cost": {{"amount": 0, "currency": "USD"}}, "items": []}}"#
        ))
    }

    #[test]
    fn a_shipment_from_china_is_a_lane_usps_does_not_serve() {
        let err = route(&shipment("CN", "518000", "DE")).unwrap_err();
        let CarrierError::ServiceUnavailable(message) = err else { panic!("{err:?}") };
        assert!(message.contains("USPS ships only from the United States"), "{message}");
        assert!(message.contains("leaves from CN"), "{message}");
    }

    #[test]
    fn us_territories_ship_abroad_but_not_to_the_mainland() {
        assert_eq!(route(&shipment("PR", "00901", "DE")).unwrap().zip, "00901");
        assert!(matches!(route(&shipment("US", "90045", "PR")), Err(CarrierError::ServiceUnavailable(_))));
        assert!(matches!(route(&shipment("US", "90045", "US")), Err(CarrierError::ServiceUnavailable(_))));
    }

    #[test]
    fn zip_codes_are_five_digits_with_an_optional_plus_four() {
        let r = route(&shipment("US", "90045-1234", "DE")).unwrap();
        assert_eq!((r.zip.as_str(), r.zip_plus4.as_deref()), ("90045", Some("1234")));
        assert_eq!(route(&shipment("US", "900451234", "DE")).unwrap().zip_plus4.as_deref(), Some("1234"));
        let err = route(&shipment("US", "9004", "DE")).unwrap_err();
        assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("`9004`")), "{err:?}");
    }

    #[test]
    fn one_parcel_with_its_longest_side_first() {
        let parcel = Parcel { weight_g: 1200, length_mm: 100, width_mm: 300, height_mm: 200 };
        let sorted = single_parcel(&[parcel]).unwrap();
        assert_eq!((sorted.length_mm, sorted.width_mm, sorted.height_mm), (300, 200, 100));
        assert!(matches!(single_parcel(&[parcel, parcel]), Err(CarrierError::ServiceUnavailable(_))));
        assert!(matches!(single_parcel(&[]), Err(CarrierError::InvalidRequest(_))));
        let empty = Parcel { weight_g: 0, ..parcel };
        assert!(matches!(single_parcel(&[empty]), Err(CarrierError::InvalidRequest(_))));
    }
}
