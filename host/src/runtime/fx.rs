//! The host's table of dated exchange rates, lent to plugins through `host.exchange-rate`.
//!
//! crossdock ships no rates of its own: a deployment loads a table (for example the ECB's
//! daily euro reference rates; reading those files is [`crate::fx`]'s job, not the
//! runtime's) and every assessment says which date it used. An empty table makes plugins
//! report that they cannot convert, instead of guessing.

use std::collections::HashMap;

use crossdock_types::{CurrencyCode, Money};

/// One rate: units of the target currency per unit of the source, times 1,000,000.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FxEntry {
    pub micros: u64,
    /// YYYY-MM-DD.
    pub date: String,
}

#[derive(Debug, Default, Clone)]
pub struct FxTable {
    rates: HashMap<(CurrencyCode, CurrencyCode), FxEntry>,
}

impl FxTable {
    pub fn get(&self, from: CurrencyCode, to: CurrencyCode) -> Option<&FxEntry> {
        self.rates.get(&(from, to))
    }

    /// `money` in `to` at the table's rate, rounded half away from zero in `to`'s minor units;
    /// `None` without a rate (the same currency needs none).
    pub fn convert(&self, money: Money, to: CurrencyCode) -> Option<Money> {
        if money.currency == to {
            return Some(money);
        }
        let rate = self.get(money.currency, to)?;
        let shift = i32::from(to.minor_units()) - i32::from(money.currency.minor_units());
        let (num, den) = if shift >= 0 {
            (i128::from(rate.micros) * 10i128.pow(shift.unsigned_abs()), 1_000_000i128)
        } else {
            (i128::from(rate.micros), 1_000_000i128 * 10i128.pow(shift.unsigned_abs()))
        };
        Money::new(money.amount, to).ratio(num, den).ok()
    }

    pub fn insert(&mut self, from: CurrencyCode, to: CurrencyCode, entry: FxEntry) {
        self.rates.insert((from, to), entry);
    }

    /// A table from rates quoted against one base (`quotes`: micros of each currency per unit
    /// of `base`, all of `date`): each quoted rate, its inverse, and the cross rate between
    /// every two quoted currencies through the base (rounded half up to the micro). A zero
    /// quote is skipped: it has no inverse.
    pub fn from_quotes(base: CurrencyCode, date: &str, quotes: &HashMap<CurrencyCode, u64>) -> Self {
        let mut table = Self::default();
        let quotes: Vec<(CurrencyCode, u64)> = quotes.iter().filter(|(_, m)| **m > 0).map(|(c, m)| (*c, *m)).collect();
        let ratio = |num: u64, den: u64| -> u64 {
            let (num, den) = (u128::from(num) * 1_000_000, u128::from(den));
            u64::try_from((num + den / 2) / den).unwrap_or(u64::MAX)
        };
        let entry = |micros| FxEntry { micros, date: date.to_owned() };
        for &(quote, micros) in &quotes {
            table.insert(base, quote, entry(micros));
            table.insert(quote, base, entry(ratio(1_000_000, micros)));
            for &(other, other_micros) in &quotes {
                if other != quote {
                    // 1 quote = (1/micros) base = (other_micros/micros) other.
                    table.insert(quote, other, entry(ratio(other_micros, micros)));
                }
            }
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(c: &str) -> CurrencyCode {
        c.parse().expect("currency")
    }

    #[test]
    fn inverse_and_cross_rates_go_through_the_base() {
        let quotes = HashMap::from([(code("USD"), 1_050_000), (code("JPY"), 162_450_000), (code("GBP"), 840_000)]);
        let table = FxTable::from_quotes(code("EUR"), "2026-11-24", &quotes);
        // 1 USD = 1/1.05 EUR = 0.952381 EUR
        assert_eq!(table.get(code("USD"), code("EUR")).map(|e| e.micros), Some(952_381));
        // 1 GBP = 1.05/0.84 USD = 1.25 USD
        assert_eq!(table.get(code("GBP"), code("USD")).map(|e| e.micros), Some(1_250_000));
        // 1 USD = 0.84/1.05 GBP = 0.8 GBP
        assert_eq!(table.get(code("USD"), code("GBP")).map(|e| e.micros), Some(800_000));
        assert_eq!(table.get(code("USD"), code("GBP")).map(|e| e.date.as_str()), Some("2026-11-24"));
        assert!(table.get(code("USD"), code("CHF")).is_none(), "no rate is invented");
        // 19.99 EUR = 3247.3755 JPY → 3247; JPY has no minor unit.
        assert_eq!(table.convert(Money::new(1999, code("EUR")), code("JPY")), Some(Money::new(3247, code("JPY"))));
        // 100.00 USD = 80.00 GBP
        assert_eq!(table.convert(Money::new(10_000, code("USD")), code("GBP")), Some(Money::new(8_000, code("GBP"))));
        assert_eq!(table.convert(Money::new(5, code("USD")), code("CHF")), None);
    }

    #[test]
    fn a_zero_quote_gives_no_rate_rather_than_an_infinite_inverse() {
        let quotes = HashMap::from([(code("USD"), 0), (code("GBP"), 840_000)]);
        let table = FxTable::from_quotes(code("EUR"), "2026-11-24", &quotes);
        assert!(table.get(code("USD"), code("EUR")).is_none());
        assert!(table.get(code("EUR"), code("USD")).is_none());
        assert_eq!(table.get(code("EUR"), code("GBP")).map(|e| e.micros), Some(840_000));
    }
}
