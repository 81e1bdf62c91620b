//! Turning crossdock's shipment into the pieces FedEx's Rate and Ship requests share:
//! addresses, parcels in kilograms and whole centimetres, and the customs commodity lines.
//!
//! Units: crossdock counts grams and millimetres; FedEx takes `KG` with decimals and `CM` as
//! integers (CARRIERS.md §0). Grams become kilograms exactly (`1200` → `1.2`, with the SDK's
//! `decimal_number`); millimetres are rounded *up* to whole centimetres, so a box is
//! never declared smaller than it is (a 305 mm side is 31 cm). Money becomes a decimal in the
//! currency's minor units and FedEx's currency code (`GBP` is `UKL`, see [`crate::currency`]).

use crossdock_sdk::carrier::{LocalDateTime, decimal_number};
use crossdock_sdk::{Address, CarrierError, Item, Money, Parcel, Shipment, Timestamp};

use crate::currency;
use crate::wire::{self, Amount, Commodity, Dimensions, PackageLineItem, Weight};

/// The carrier code crossdock reports for rates and labels.
pub const CARRIER: &str = "fedex";

/// The ship date for an event at `now`: its calendar date at UTC+14, the first time zone to
/// start a day. crossdock knows no warehouse's time zone, and a ship date must not lie in the
/// past where the parcel is handed over; this date never does, and is at most two days ahead
/// of anyone's, well within the days ahead FedEx quotes for.
pub fn ship_date(now: Timestamp) -> String {
    LocalDateTime::from_timestamp(now, 14 * 3600).date_iso()
}

/// `grams` as a FedEx weight in kilograms.
pub fn kg(grams: u64) -> Result<Weight, CarrierError> {
    let grams = i64::try_from(grams)
        .map_err(|_| CarrierError::InvalidRequest(format!("{grams} g is too heavy to send to FedEx")))?;
    Ok(Weight { units: "KG", value: decimal_number(grams, 3)? })
}

/// Millimetres as whole centimetres, rounded up.
pub fn cm(mm: u32) -> u32 {
    mm.div_ceil(10)
}

/// `money` as a FedEx amount.
pub fn amount(money: Money) -> Result<Amount, CarrierError> {
    Ok(Amount {
        amount: decimal_number(money.amount, u32::from(money.currency.minor_units()))?,
        currency: currency::to_fedex(money.currency),
    })
}

/// Whether the shipment crosses a border, so FedEx needs its customs block.
pub fn is_international(shipment: &Shipment) -> bool {
    shipment.origin.country != shipment.destination.country
}

/// An address as FedEx reads it. Empty texts are left out rather than sent as `""`.
pub fn address(address: &Address) -> wire::Address {
    let text = |t: &Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
    wire::Address {
        street_lines: address.street.iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect(),
        city: text(&address.city),
        state_or_province_code: text(&address.region),
        postal_code: text(&address.postal_code),
        country_code: address.country.as_str().to_owned(),
    }
}

/// One package line per parcel; at least one parcel is required.
pub fn packages(parcels: &[Parcel]) -> Result<Vec<PackageLineItem>, CarrierError> {
    if parcels.is_empty() {
        return Err(CarrierError::InvalidRequest("FedEx needs at least one parcel with its weight and size".into()));
    }
    parcels
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if p.weight_g == 0 {
                return Err(CarrierError::InvalidRequest(format!("parcel {i} weighs 0 g; FedEx needs its weight")));
            }
            Ok(PackageLineItem {
                weight: kg(u64::from(p.weight_g))?,
                dimensions: Dimensions {
                    length: cm(p.length_mm).max(1),
                    width: cm(p.width_mm).max(1),
                    height: cm(p.height_mm).max(1),
                    units: "CM",
                },
            })
        })
        .collect()
}

/// The parcels' total weight.
pub fn total_weight(parcels: &[Parcel]) -> Result<Weight, CarrierError> {
    kg(parcels.iter().map(|p| u64::from(p.weight_g)).sum())
}

/// The customs lines: one commodity per item, valued at quantity × unit price. `with_unit_price`
/// adds `unitPrice`, which Ship's commercial invoice carries and Rate does not.
pub fn commodities(shipment: &Shipment, with_unit_price: bool) -> Result<Vec<Commodity>, CarrierError> {
    if shipment.items.is_empty() {
        return Err(CarrierError::InvalidRequest(
            "FedEx needs the goods for customs; the shipment has no items".into(),
        ));
    }
    shipment.items.iter().map(|item| commodity(shipment, item, with_unit_price)).collect()
}

fn commodity(shipment: &Shipment, item: &Item, with_unit_price: bool) -> Result<Commodity, CarrierError> {
    let value = item.unit_price.checked_mul(i64::from(item.quantity)).map_err(|e| {
        CarrierError::InvalidRequest(format!("item `{}`: its value cannot be computed ({e})", item.sku))
    })?;
    let hs: String = item.hs_code.as_deref().unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
    Ok(Commodity {
        description: item.title.trim().to_owned(),
        quantity: item.quantity,
        quantity_units: "PCS",
        weight: kg(u64::from(item.unit_weight_g) * u64::from(item.quantity))?,
        customs_value: amount(value)?,
        unit_price: if with_unit_price { Some(amount(item.unit_price)?) } else { None },
        country_of_manufacture: Some(item.origin_country.unwrap_or(shipment.origin.country).as_str().to_owned()),
        harmonized_code: (!hs.is_empty()).then_some(hs),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_become_exact_kilograms() {
        let text = |g| serde_json::to_string(&kg(g).unwrap().value).unwrap();
        assert_eq!(text(1200), "1.2");
        assert_eq!(text(180), "0.18");
        assert_eq!(text(1100), "1.1");
    }

    #[test]
    fn the_ship_date_is_never_in_the_past_for_any_time_zone() {
        // 23:30 UTC is already the next day from UTC+00:30 eastwards (Shenzhen: 07:30).
        assert_eq!(ship_date("2026-11-16T23:30:00Z".parse().unwrap()), "2026-11-17");
        assert_eq!(ship_date("2026-11-17T02:00:00Z".parse().unwrap()), "2026-11-17");
        assert_eq!(ship_date("2026-11-17T10:00:00Z".parse().unwrap()), "2026-11-18");
    }

    #[test]
    fn millimetres_round_up_to_whole_centimetres() {
        assert_eq!(cm(300), 30);
        assert_eq!(cm(305), 31);
        assert_eq!(cm(1), 1);
        assert_eq!(cm(0), 0);
    }

    #[test]
    fn pounds_are_sent_in_fedex_currency() {
        let gbp = amount(Money::new(1999, "GBP".parse().unwrap())).unwrap();
        assert_eq!((gbp.amount.to_string().as_str(), gbp.currency.as_str()), ("19.99", "UKL"));
        let yen = amount(Money::new(1500, "JPY".parse().unwrap())).unwrap();
        assert_eq!((yen.amount.to_string().as_str(), yen.currency.as_str()), ("1500.0", "JYE"));
    }

    #[test]
    fn a_weightless_parcel_is_refused() {
        let parcel = Parcel { weight_g: 0, length_mm: 10, width_mm: 10, height_mm: 10 };
        assert!(matches!(packages(&[parcel]), Err(CarrierError::InvalidRequest(_))));
        assert!(matches!(packages(&[]), Err(CarrierError::InvalidRequest(_))));
    }
}
