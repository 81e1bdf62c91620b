//! crossdock's units (grams, millimetres, minor units) in UPS's (kilograms, centimetres and
//! decimal strings), and UPS's money back.
//!
//! Weights and sizes round up, never down: a parcel declared lighter or smaller than it is
//! gets re-billed by UPS at the scale. Weight goes in tenths of a kilogram (UPS samples write
//! `"1.2"`, CARRIERS.md Appendix A), sizes in whole centimetres, longest side first (UPS's
//! spec: "Length must be the longest dimension of the container").

use crossdock_sdk::carrier;
use crossdock_sdk::prelude::*;

use crate::wire::{Amount, CodeDescription, Dimensions, PackageWeight};

/// `"1.2"` for 1200 g; at least 0.1 kg.
pub fn kilograms(grams: u32) -> String {
    let tenths = u64::from(grams).div_ceil(100).max(1);
    carrier::format_decimal(i64::try_from(tenths).unwrap_or(i64::MAX), 1)
}

/// Whole centimetres, rounded up, at least 1.
pub fn centimetres(mm: u32) -> String {
    mm.div_ceil(10).max(1).to_string()
}

pub fn weight(parcel: &Parcel) -> PackageWeight {
    PackageWeight { unit_of_measurement: CodeDescription::new("KGS", "Kilograms"), weight: kilograms(parcel.weight_g) }
}

pub fn dimensions(parcel: &Parcel) -> Dimensions {
    let mut sides = [parcel.length_mm, parcel.width_mm, parcel.height_mm];
    sides.sort_unstable_by(|a, b| b.cmp(a));
    Dimensions {
        unit_of_measurement: CodeDescription::new("CM", "Centimeters"),
        length: centimetres(sides[0]),
        width: centimetres(sides[1]),
        height: centimetres(sides[2]),
    }
}

/// UPS's `{CurrencyCode, MonetaryValue}` for an amount: `"85.4"` for 8540 cents.
pub fn amount(money: Money) -> Amount {
    Amount {
        currency_code: money.currency.as_str().to_owned(),
        monetary_value: carrier::format_decimal(money.amount, u32::from(money.currency.minor_units())),
    }
}

/// A UPS amount as [`Money`], exactly (decimal text, never `f64`). `BadResponse` naming
/// `what` when the currency or the number is not what UPS documents.
pub fn money(amount: &Amount, what: &str) -> Result<Money, CarrierError> {
    let currency: CurrencyCode = amount.currency_code.trim().parse().map_err(|_| {
        CarrierError::BadResponse(format!(
            "UPS gave {what} in `{}`, which is not an ISO 4217 currency",
            amount.currency_code
        ))
    })?;
    carrier::parse_money(&amount.monetary_value, currency)
        .map_err(|e| CarrierError::BadResponse(format!("UPS gave {what} as {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_round_up_to_a_tenth_of_a_kilogram() {
        assert_eq!(kilograms(1200), "1.2");
        assert_eq!(kilograms(1201), "1.3");
        assert_eq!(kilograms(2000), "2");
        assert_eq!(kilograms(0), "0.1");
    }

    #[test]
    fn sizes_round_up_to_whole_centimetres_longest_first() {
        let parcel = Parcel { weight_g: 1200, length_mm: 200, width_mm: 300, height_mm: 95 };
        let d = dimensions(&parcel);
        assert_eq!((d.length.as_str(), d.width.as_str(), d.height.as_str()), ("30", "20", "10"));
        assert_eq!(d.unit_of_measurement.code, "CM");
    }

    #[test]
    fn ups_money_strings_become_exact_minor_units() {
        let cny = money(&Amount { currency_code: "CNY".into(), monetary_value: "435.60".into() }, "a price").unwrap();
        assert_eq!((cny.amount, cny.currency.as_str()), (43_560, "CNY"));
        let jpy = money(&Amount { currency_code: "JPY".into(), monetary_value: "5230".into() }, "a price").unwrap();
        assert_eq!(jpy.amount, 5230);
        // 0.1 + 0.2 style drift cannot happen: the text is read digit by digit.
        let eur = money(&Amount { currency_code: "EUR".into(), monetary_value: "0.30".into() }, "a price").unwrap();
        assert_eq!(eur.amount, 30);
    }

    #[test]
    fn a_bad_currency_or_number_is_a_bad_response() {
        let err = money(&Amount { currency_code: "RMB".into(), monetary_value: "1".into() }, "the total").unwrap_err();
        assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("RMB")), "{err:?}");
        let err =
            money(&Amount { currency_code: "CNY".into(), monetary_value: "1,20".into() }, "the total").unwrap_err();
        assert!(matches!(err, CarrierError::BadResponse(_)), "{err:?}");
    }

    #[test]
    fn amounts_are_written_as_ups_decimal_strings() {
        let a = amount(Money::new(8540, "USD".parse().unwrap()));
        assert_eq!((a.currency_code.as_str(), a.monetary_value.as_str()), ("USD", "85.4"));
    }
}
