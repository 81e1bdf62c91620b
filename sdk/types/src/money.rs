//! Money: an integer count of a currency's minor units. Never a float.
//!
//! Arithmetic is checked: adding euros to dollars or overflowing `i64` is an error the caller
//! must handle, not a wrong number. Percentages are basis points (1900 = 19 %) and round half
//! away from zero, the way tax authorities round a computed amount to the cent.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::CurrencyCode;

/// Why a money computation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("cannot combine {0} with {1}: the currencies differ")]
    CurrencyMismatch(CurrencyCode, CurrencyCode),
    #[error("amount out of range")]
    Overflow,
}

/// An amount in integer minor units of an ISO 4217 currency.
///
/// ```
/// use crossdock_types::{Money, CurrencyCode};
/// let eur: CurrencyCode = "EUR".parse().unwrap();
/// let price = Money::new(1999, eur);
/// let two = price.checked_mul(2).unwrap();
/// assert_eq!(two.amount, 3998);
/// assert_eq!(two.percent_bp(1900).unwrap().amount, 760); // 19 % of 39.98 = 7.5962
/// assert_eq!(two.to_string(), "39.98 EUR");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
// The doc comment's example is Rust; the document gets a description of the JSON instead.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(
    description = "An amount in integer minor units (cents for EUR, yen for JPY) of an ISO 4217 currency",
    example = json!({"amount": 1999, "currency": "EUR"})
))]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// Minor units: cents for EUR, yen for JPY.
    pub amount: i64,
    pub currency: CurrencyCode,
}

impl Money {
    pub const fn new(amount: i64, currency: CurrencyCode) -> Self {
        Self { amount, currency }
    }

    pub const fn zero(currency: CurrencyCode) -> Self {
        Self { amount: 0, currency }
    }

    pub fn is_zero(&self) -> bool {
        self.amount == 0
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let amount = self.amount.checked_add(other.amount).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let amount = self.amount.checked_sub(other.amount).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    pub fn checked_mul(self, factor: i64) -> Result<Money, MoneyError> {
        let amount = self.amount.checked_mul(factor).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `bp` basis points of this amount, rounded half away from zero.
    pub fn percent_bp(self, bp: u32) -> Result<Money, MoneyError> {
        self.ratio(i128::from(bp), 10_000)
    }

    /// `self × numerator ÷ denominator`, rounded half away from zero.
    pub fn ratio(self, numerator: i128, denominator: i128) -> Result<Money, MoneyError> {
        if denominator == 0 {
            return Err(MoneyError::Overflow);
        }
        let product = i128::from(self.amount).checked_mul(numerator).ok_or(MoneyError::Overflow)?;
        let (q, r) = (product / denominator, product % denominator);
        let rounded = if 2 * r.abs() >= denominator.abs() {
            q + if (product < 0) == (denominator < 0) { 1 } else { -1 }
        } else {
            q
        };
        let amount = i64::try_from(rounded).map_err(|_| MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// Splits this amount over `weights` in proportion, so that the parts add up exactly to
    /// the whole (largest remainder method). All-zero weights split evenly.
    ///
    /// ```
    /// use crossdock_types::Money;
    /// let shipping = Money::new(1000, "EUR".parse().unwrap());
    /// let parts = shipping.allocate(&[1, 1, 1]).unwrap();
    /// assert_eq!(parts.iter().map(|m| m.amount).collect::<Vec<_>>(), [334, 333, 333]);
    /// ```
    pub fn allocate(self, weights: &[u64]) -> Result<Vec<Money>, MoneyError> {
        if weights.is_empty() {
            return Ok(Vec::new());
        }
        let even = vec![1u64; weights.len()];
        let weights = if weights.iter().all(|w| *w == 0) { &even[..] } else { weights };
        let total: i128 = weights.iter().map(|w| i128::from(*w)).sum();
        let whole = i128::from(self.amount);
        let mut parts: Vec<(usize, i128, i128)> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let exact = whole * i128::from(*w);
                (i, exact / total, exact % total)
            })
            .collect();
        let mut left = whole - parts.iter().map(|p| p.1).sum::<i128>();
        // Hand the units lost to truncation to the largest remainders, first index first.
        let mut order: Vec<usize> = (0..parts.len()).collect();
        order.sort_by(|a, b| parts[*b].2.abs().cmp(&parts[*a].2.abs()).then(a.cmp(b)));
        let step = left.signum();
        for i in order.into_iter().cycle() {
            if left == 0 {
                break;
            }
            parts[i].1 += step;
            left -= step;
        }
        parts
            .into_iter()
            .map(|(_, amount, _)| {
                i64::try_from(amount).map(|a| Money::new(a, self.currency)).map_err(|_| MoneyError::Overflow)
            })
            .collect()
    }

    /// Sums amounts of one currency; an empty sum is zero in `currency`.
    pub fn sum(currency: CurrencyCode, items: impl IntoIterator<Item = Money>) -> Result<Money, MoneyError> {
        items.into_iter().try_fold(Money::zero(currency), Money::checked_add)
    }
}

impl fmt::Display for Money {
    /// Prints `19.99 EUR`, `500 JPY`, `-0.05 USD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let minor = u32::from(self.currency.minor_units());
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs();
        if minor == 0 {
            return write!(f, "{sign}{abs} {}", self.currency);
        }
        let scale = 10u64.pow(minor);
        write!(f, "{sign}{}.{:0width$} {}", abs / scale, abs % scale, self.currency, width = minor as usize)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(amount: i64) -> Money {
        Money::new(amount, "EUR".parse().unwrap())
    }

    #[test]
    fn adding_different_currencies_is_refused() {
        let usd = Money::new(100, "USD".parse().unwrap());
        assert!(matches!(eur(100).checked_add(usd), Err(MoneyError::CurrencyMismatch(..))));
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        assert_eq!(eur(i64::MAX).checked_add(eur(1)), Err(MoneyError::Overflow));
        assert_eq!(eur(i64::MAX).checked_mul(2), Err(MoneyError::Overflow));
    }

    #[test]
    fn percentages_round_half_away_from_zero() {
        assert_eq!(eur(250).percent_bp(1000).unwrap().amount, 25); // 25.0
        assert_eq!(eur(5).percent_bp(1000).unwrap().amount, 1); // 0.5 rounds up
        assert_eq!(eur(4).percent_bp(1000).unwrap().amount, 0); // 0.4 rounds down
        assert_eq!(eur(-5).percent_bp(1000).unwrap().amount, -1); // -0.5 rounds away from zero
        assert_eq!(eur(3998).percent_bp(1900).unwrap().amount, 760);
    }

    #[test]
    fn allocation_always_adds_up() {
        let parts = eur(1200).allocate(&[1999, 9998, 4497]).unwrap();
        assert_eq!(parts.iter().map(|m| m.amount).sum::<i64>(), 1200);
        let parts = eur(-7).allocate(&[1, 1]).unwrap();
        assert_eq!(parts.iter().map(|m| m.amount).sum::<i64>(), -7);
        let parts = eur(10).allocate(&[0, 0, 0]).unwrap();
        assert_eq!(parts.iter().map(|m| m.amount).collect::<Vec<_>>(), [4, 3, 3]);
    }

    #[test]
    fn display_uses_the_currency_minor_units() {
        assert_eq!(eur(1999).to_string(), "19.99 EUR");
        assert_eq!(eur(-5).to_string(), "-0.05 EUR");
        assert_eq!(Money::new(500, "JPY".parse().unwrap()).to_string(), "500 JPY");
        assert_eq!(Money::new(1500, "KWD".parse().unwrap()).to_string(), "1.500 KWD");
    }

    #[test]
    fn json_rejects_float_amounts_and_bad_currencies() {
        assert!(serde_json::from_str::<Money>(r#"{"amount": 19.99, "currency": "EUR"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount": 1999, "currency": "eur"}"#).is_err());
        let m: Money = serde_json::from_str(r#"{"amount": 1999, "currency": "EUR"}"#).unwrap();
        assert_eq!(m, eur(1999));
    }
}
