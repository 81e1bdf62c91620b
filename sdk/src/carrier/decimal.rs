//! Exact decimal amounts: carriers quote prices as decimal text (`"85.40"`) or JSON numbers
//! (`85.4`); both become integer minor units without ever passing through `f64` arithmetic.
//!
//! A JSON number is read through [`serde_json::Number`]'s text. Without serde_json's
//! `arbitrary_precision` feature that text is the shortest form that reads back as the same
//! `f64`, which for any amount of up to 15 significant digits is exactly the digits the carrier
//! sent (`85.4` stays `85.4`). Digits beyond the currency's minor units (a carrier quoting
//! `12.345` EUR) are rounded half away from zero, as a cashier would.
//!
//! ```
//! use crossdock_sdk::carrier::{parse_money, format_decimal};
//! let eur = "EUR".parse().unwrap();
//! assert_eq!(parse_money("85.40", eur).unwrap().amount, 8540);
//! assert_eq!(parse_money("85.4", eur).unwrap().amount, 8540);
//! assert_eq!(parse_money("1.2e2", eur).unwrap().amount, 12000);
//! assert_eq!(parse_money("1500", "JPY".parse().unwrap()).unwrap().amount, 1500);
//! assert_eq!(format_decimal(1200, 3), "1.2"); // 1200 g as kg
//! ```

use std::fmt;

use serde::{Deserialize, Deserializer};

use crate::{CarrierError, CurrencyCode, Money};

/// A value in a carrier's answer that is not in the expected form. It becomes
/// [`CarrierError::BadResponse`] through `?`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

impl ParseError {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

impl From<ParseError> for CarrierError {
    fn from(e: ParseError) -> Self {
        CarrierError::BadResponse(e.0)
    }
}

/// Parses decimal text (`"85.40"`, `"-3"`, `"1.25E+2"`, `" 7.5 "`) into an integer count of
/// `10^-scale` units, rounding extra digits half away from zero.
///
/// ```
/// use crossdock_sdk::carrier::parse_decimal_minor;
/// assert_eq!(parse_decimal_minor("85.405", 2).unwrap(), 8541);
/// assert_eq!(parse_decimal_minor("-0.005", 2).unwrap(), -1);
/// assert!(parse_decimal_minor("85,40", 2).is_err());
/// ```
pub fn parse_decimal_minor(text: &str, scale: u32) -> Result<i64, ParseError> {
    let bad = || ParseError(format!("`{text}` is not a decimal number"));
    let s = text.trim();
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(at) => {
            let exp = &s[at + 1..];
            let exp: i32 = exp.strip_prefix('+').unwrap_or(exp).parse().map_err(|_| bad())?;
            (&s[..at], exp)
        }
        None => (s, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty() {
        return Err(bad());
    }
    if !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    // value = digits × 10^(exponent − fraction.len()); we want value × 10^scale.
    let digits = format!("{whole}{fraction}");
    let digits = digits.trim_start_matches('0');
    let shift = i64::from(exponent) - fraction.len() as i64 + i64::from(scale);
    let too_large = || ParseError(format!("`{text}` is out of range"));
    let magnitude: i128 = if digits.is_empty() {
        0
    } else if shift >= 0 {
        if digits.len() as i64 + shift > 38 {
            return Err(too_large());
        }
        let base: i128 = digits.parse().map_err(|_| too_large())?;
        base.checked_mul(10i128.pow(shift as u32)).ok_or_else(too_large)?
    } else {
        let cut = shift.unsigned_abs() as usize;
        if cut > digits.len() {
            // Every digit lies below half a unit (0.0005 at two decimals).
            0
        } else {
            let (kept, dropped) = digits.split_at(digits.len() - cut);
            if kept.len() > 38 {
                return Err(too_large());
            }
            let kept: i128 = if kept.is_empty() { 0 } else { kept.parse().map_err(|_| too_large())? };
            kept + i128::from(dropped.as_bytes()[0] >= b'5')
        }
    };
    let signed = if negative { -magnitude } else { magnitude };
    i64::try_from(signed).map_err(|_| too_large())
}

/// Parses a decimal amount of `currency` into [`Money`], respecting its minor units
/// (2 for EUR, 0 for JPY, 3 for KWD).
pub fn parse_money(text: &str, currency: CurrencyCode) -> Result<Money, ParseError> {
    let amount = parse_decimal_minor(text, u32::from(currency.minor_units()))
        .map_err(|e| ParseError(format!("{} amount: {e}", currency)))?;
    Ok(Money::new(amount, currency))
}

/// Writes `value × 10^-scale` as decimal text without trailing zeros: `format_decimal(8540, 2)`
/// is `"85.4"`, `format_decimal(1200, 3)` is `"1.2"`, `format_decimal(-5, 2)` is `"-0.05"`.
pub fn format_decimal(value: i64, scale: u32) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    if scale == 0 {
        return format!("{sign}{abs}");
    }
    let unit = 10u64.pow(scale.min(19));
    let (whole, fraction) = (abs / unit, abs % unit);
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let fraction = format!("{fraction:0width$}", width = scale as usize);
    format!("{sign}{whole}.{}", fraction.trim_end_matches('0'))
}

/// `value × 10^-scale` as a JSON number for a request body (`decimal_number(1200, 3)` is
/// `1.2`).
///
/// The number is held as the nearest `f64`, which serde_json prints back as the shortest text
/// that reads as the same `f64`: for up to 15 significant digits, exactly the decimal written
/// by [`format_decimal`]. Larger values are refused rather than rounded.
pub fn decimal_number(value: i64, scale: u32) -> Result<serde_json::Number, CarrierError> {
    let text = format_decimal(value, scale);
    let significant = text.bytes().filter(u8::is_ascii_digit).count();
    if significant > 15 {
        return Err(CarrierError::InvalidRequest(format!("{text} has too many digits to send as a JSON number")));
    }
    let parsed: f64 = text.parse().map_err(|_| CarrierError::InvalidRequest(format!("{text} is not a number")))?;
    serde_json::Number::from_f64(parsed)
        .ok_or_else(|| CarrierError::InvalidRequest(format!("{text} is not a finite number")))
}

/// A decimal field of a carrier's JSON, kept as its text: accepts a JSON string (`"85.40"`, as
/// UPS sends) or a JSON number (`85.4`, as DHL and FedEx send).
///
/// ```
/// use crossdock_sdk::carrier::Decimal;
/// let d: Decimal = serde_json::from_str("85.4").unwrap();
/// assert_eq!(d.to_money("EUR".parse().unwrap()).unwrap().amount, 8540);
/// let d: Decimal = serde_json::from_str("\"85.40\"").unwrap();
/// assert_eq!(d.as_str(), "85.40");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal(String);

impl Decimal {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The text as the carrier sent it (a number's shortest form).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn to_money(&self, currency: CurrencyCode) -> Result<Money, ParseError> {
        parse_money(&self.0, currency)
    }

    /// The value in `10^-scale` units (for example `scale` 0 for whole transit days).
    pub fn to_minor(&self, scale: u32) -> Result<i64, ParseError> {
        parse_decimal_minor(&self.0, scale)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A hand-written visitor rather than an untagged enum: serde's buffering of untagged
        // content is large, and plugins are shipped by size.
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number or a string holding one")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
                Ok(Decimal(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
                Ok(Decimal(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
                // The shortest text that reads back as `v`: the digits the carrier sent.
                serde_json::Number::from_f64(v)
                    .map(|n| Decimal(n.to_string()))
                    .ok_or_else(|| E::custom("a number that is not finite"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
                Ok(Decimal(v.to_owned()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> CurrencyCode {
        code.parse().unwrap()
    }

    #[test]
    fn prices_respect_the_currency_minor_units() {
        assert_eq!(parse_money("85.40", cur("USD")).unwrap().amount, 8540);
        assert_eq!(parse_money("85", cur("USD")).unwrap().amount, 8500);
        assert_eq!(parse_money(".5", cur("EUR")).unwrap().amount, 50);
        assert_eq!(parse_money("1500", cur("JPY")).unwrap().amount, 1500);
        assert_eq!(parse_money("1.5", cur("KWD")).unwrap().amount, 1500);
        assert_eq!(parse_money("-12.30", cur("EUR")).unwrap().amount, -1230);
    }

    #[test]
    fn extra_digits_round_half_away_from_zero() {
        assert_eq!(parse_decimal_minor("12.344", 2).unwrap(), 1234);
        assert_eq!(parse_decimal_minor("12.345", 2).unwrap(), 1235);
        assert_eq!(parse_decimal_minor("-12.345", 2).unwrap(), -1235);
        assert_eq!(parse_decimal_minor("0.004", 2).unwrap(), 0);
        assert_eq!(parse_decimal_minor("0.005", 2).unwrap(), 1);
        assert_eq!(parse_decimal_minor("0.0005", 2).unwrap(), 0);
        assert_eq!(parse_decimal_minor("1499.5", 0).unwrap(), 1500);
    }

    #[test]
    fn exponent_forms_from_number_printing_are_read_exactly() {
        assert_eq!(parse_decimal_minor("1e2", 2).unwrap(), 10000);
        assert_eq!(parse_decimal_minor("8.54E+1", 2).unwrap(), 8540);
        assert_eq!(parse_decimal_minor("8540e-2", 2).unwrap(), 8540);
        assert_eq!(parse_decimal_minor("1e-7", 2).unwrap(), 0);
    }

    #[test]
    fn json_numbers_keep_their_decimal_digits() {
        // 0.1 + 0.2 style values: the f64 text is the shortest that reads back the same.
        for (json, cents) in [("85.4", 8540), ("0.1", 10), ("1234567.89", 123456789), ("19.99", 1999), ("85", 8500)] {
            let d: Decimal = serde_json::from_str(json).unwrap();
            assert_eq!(d.to_money(cur("EUR")).unwrap().amount, cents, "{json}");
        }
    }

    #[test]
    fn text_that_is_not_a_decimal_is_a_parse_error() {
        for bad in ["", "-", ".", "85,40", "1.2.3", "EUR 5", "1e", "0x10", "١٢"] {
            assert!(parse_decimal_minor(bad, 2).is_err(), "{bad:?}");
        }
        let err: CarrierError = parse_money("n/a", cur("EUR")).unwrap_err().into();
        assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("n/a")), "{err}");
    }

    #[test]
    fn amounts_beyond_i64_are_refused_not_wrapped() {
        assert!(parse_decimal_minor("99999999999999999999", 2).is_err());
        assert!(parse_decimal_minor("1e300", 2).is_err());
    }

    #[test]
    fn decimals_for_requests_print_without_trailing_zeros() {
        assert_eq!(format_decimal(8540, 2), "85.4");
        assert_eq!(format_decimal(8500, 2), "85");
        assert_eq!(format_decimal(1200, 3), "1.2");
        assert_eq!(format_decimal(5, 2), "0.05");
        assert_eq!(format_decimal(-5, 2), "-0.05");
        assert_eq!(format_decimal(7, 0), "7");
        assert_eq!(serde_json::to_string(&decimal_number(1200, 3).unwrap()).unwrap(), "1.2");
        assert_eq!(serde_json::to_string(&decimal_number(123456789, 2).unwrap()).unwrap(), "1234567.89");
        assert_eq!(serde_json::to_string(&decimal_number(8500, 2).unwrap()).unwrap(), "85.0");
    }
}
