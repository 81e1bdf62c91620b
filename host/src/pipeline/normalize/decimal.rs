//! Exact decimal text → integer minor units, for the money that platforms send as strings
//! (Shopify `"19.99"`, WooCommerce `"39.98"`).
//!
//! Accepted: ASCII digits, optionally one `.` with digits on both sides. Decimals beyond the
//! currency's minor units are accepted only when they are zeros (`"19.990"` EUR is 1999;
//! `"19.995"` is refused, as it would lose money). Refused: empty text, signs, exponents,
//! whitespace, thousands separators, a bare or trailing `.`, and anything past `i64`. No float
//! is ever involved, so `"0.1"` is exactly 10 cents.

use crossdock_types::{CurrencyCode, Money};

/// Why a decimal text was refused. The messages quote the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    #[error("the amount is empty; expected a decimal such as \"19.99\"")]
    Empty,
    #[error("{0:?} has a sign; amounts here are never negative and carry no `+`")]
    Sign(String),
    #[error("{0:?} uses an exponent; expected plain digits such as \"1000.00\"")]
    Exponent(String),
    #[error("{0:?} is not a decimal amount: only digits and one `.` between digits are allowed")]
    Invalid(String),
    #[error("{text:?} has {decimals} decimals but {currency} has {minor_units}; the extra digits are not zeros")]
    TooPrecise { text: String, decimals: usize, currency: CurrencyCode, minor_units: u8 },
    #[error("{0:?} is too large to be an amount")]
    Overflow(String),
}

/// `text` in minor units of `currency`: `"19.99"` EUR → 1999, `"500"` JPY → 500,
/// `"1.5"` KWD → 1500.
pub fn to_minor(text: &str, currency: CurrencyCode) -> Result<i64, DecimalError> {
    if text.is_empty() {
        return Err(DecimalError::Empty);
    }
    if text.starts_with(['-', '+']) {
        return Err(DecimalError::Sign(text.to_owned()));
    }
    if text.contains(['e', 'E']) {
        return Err(DecimalError::Exponent(text.to_owned()));
    }
    let (int, frac) = match text.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (text, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return Err(DecimalError::Invalid(text.to_owned()));
    }
    let frac = frac.unwrap_or("");
    let minor = usize::from(currency.minor_units());
    let (kept, dropped) = frac.split_at(frac.len().min(minor));
    if dropped.bytes().any(|b| b != b'0') {
        return Err(DecimalError::TooPrecise {
            text: text.to_owned(),
            decimals: frac.len(),
            currency,
            minor_units: currency.minor_units(),
        });
    }
    // The integer digits, the kept decimals, then zeros up to the minor units.
    let overflow = || DecimalError::Overflow(text.to_owned());
    let padding = std::iter::repeat_n(b'0', minor - kept.len());
    int.bytes().chain(kept.bytes()).chain(padding).try_fold(0i64, |n, digit| {
        n.checked_mul(10).and_then(|n| n.checked_add(i64::from(digit - b'0'))).ok_or_else(overflow)
    })
}

/// `text` as [`Money`] in `currency`.
pub fn to_money(text: &str, currency: CurrencyCode) -> Result<Money, DecimalError> {
    to_minor(text, currency).map(|amount| Money::new(amount, currency))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> CurrencyCode {
        code.parse().unwrap()
    }

    #[test]
    fn decimals_become_exact_minor_units() {
        let eur = cur("EUR");
        for (text, minor) in [
            ("19.99", 1999),
            ("0.1", 10),
            ("0.10", 10),
            ("14.5", 1450),
            ("14.50", 1450),
            ("8", 800),
            ("0", 0),
            ("0.00", 0),
            ("007.30", 730),
            ("19.990", 1999),
            ("19.9900000000000000000000", 1999),
            ("403.00", 40300),
            ("92233720368547758.07", i64::MAX),
        ] {
            assert_eq!(to_minor(text, eur), Ok(minor), "{text}");
        }
    }

    #[test]
    fn the_currency_decides_the_minor_units() {
        assert_eq!(to_minor("500", cur("JPY")), Ok(500));
        assert_eq!(to_minor("500.00", cur("JPY")), Ok(500));
        assert_eq!(to_minor("1.5", cur("KWD")), Ok(1500));
        assert_eq!(to_minor("1.234", cur("KWD")), Ok(1234));
        assert_eq!(to_money("19.99", cur("USD")).unwrap().to_string(), "19.99 USD");
    }

    #[test]
    fn more_decimals_than_the_currency_has_are_refused_unless_zeros() {
        let err = to_minor("19.995", cur("EUR")).unwrap_err();
        assert_eq!(
            err,
            DecimalError::TooPrecise { text: "19.995".into(), decimals: 3, currency: cur("EUR"), minor_units: 2 }
        );
        assert_eq!(err.to_string(), "\"19.995\" has 3 decimals but EUR has 2; the extra digits are not zeros");
        assert!(matches!(to_minor("500.5", cur("JPY")), Err(DecimalError::TooPrecise { .. })));
        assert!(matches!(to_minor("1.2345", cur("KWD")), Err(DecimalError::TooPrecise { .. })));
        assert!(matches!(to_minor("0.001", cur("USD")), Err(DecimalError::TooPrecise { .. })));
    }

    #[test]
    fn signs_exponents_and_other_text_are_refused() {
        let eur = cur("EUR");
        assert_eq!(to_minor("", eur), Err(DecimalError::Empty));
        for text in ["-5.00", "+5.00", "-0"] {
            assert_eq!(to_minor(text, eur), Err(DecimalError::Sign(text.into())), "{text}");
        }
        for text in ["1e3", "1.5E2", "2e-2"] {
            assert_eq!(to_minor(text, eur), Err(DecimalError::Exponent(text.into())), "{text}");
        }
        for text in [
            ".", ".99", "19.", "19..99", "1.2.3", " 19.99", "19.99 ", "19,99", "1,000.00", "1_000", "NaN", "inf",
            "0x10", "١٩", "19.99€", "€19.99",
        ] {
            assert_eq!(to_minor(text, eur), Err(DecimalError::Invalid(text.into())), "{text}");
        }
    }

    #[test]
    fn amounts_past_i64_are_refused() {
        let eur = cur("EUR");
        assert_eq!(to_minor("92233720368547758.08", eur), Err(DecimalError::Overflow("92233720368547758.08".into())));
        assert!(matches!(to_minor(&"9".repeat(40), eur), Err(DecimalError::Overflow(_))));
        assert!(to_minor(&format!("{}1", "0".repeat(200)), eur).is_ok());
    }
}
