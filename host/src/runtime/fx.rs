//! The host's table of dated exchange rates, lent to plugins through `host.exchange-rate`.
//!
//! crossdock ships no rates of its own: a deployment loads a table (for example the ECB's
//! daily euro reference rates) and every assessment says which date it used. An empty table
//! makes plugins report that they cannot convert, instead of guessing.

use std::collections::HashMap;

use crossdock_types::{CurrencyCode, Money};
use serde::Deserialize;

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

/// The JSON form: `{"date": "2026-11-24", "base": "EUR", "rates": {"USD": 1052300, …}}`,
/// rates in micros of the quoted currency per unit of `base`. Inverse rates are derived.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FxFile {
    pub date: String,
    pub base: CurrencyCode,
    pub rates: HashMap<CurrencyCode, u64>,
    /// Where the rates come from.
    #[serde(default)]
    pub source: Option<String>,
}

/// `1.0842` → `1084200` micros; at most six decimals, no sign, no exponent.
fn decimal_micros(text: &str) -> Option<u64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() || frac.len() > 6 || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac = format!("{frac:0<6}");
    whole.parse::<u64>().ok()?.checked_mul(1_000_000)?.checked_add(frac.parse().ok()?)
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

    /// A table with each quoted rate, its inverse, and the cross rate between every two
    /// quoted currencies through the base (rounded half up to the micro).
    pub fn from_file(file: FxFile) -> Self {
        let mut table = Self::default();
        let quotes: Vec<(CurrencyCode, u64)> =
            file.rates.iter().filter(|(_, m)| **m > 0).map(|(c, m)| (*c, *m)).collect();
        let ratio = |num: u64, den: u64| -> u64 {
            let (num, den) = (u128::from(num) * 1_000_000, u128::from(den));
            u64::try_from((num + den / 2) / den).unwrap_or(u64::MAX)
        };
        for &(quote, micros) in &quotes {
            table.insert(file.base, quote, FxEntry { micros, date: file.date.clone() });
            table.insert(quote, file.base, FxEntry { micros: ratio(1_000_000, micros), date: file.date.clone() });
            for &(other, other_micros) in &quotes {
                if other != quote {
                    // 1 quote = (1/micros) base = (other_micros/micros) other.
                    table.insert(
                        quote,
                        other,
                        FxEntry { micros: ratio(other_micros, micros), date: file.date.clone() },
                    );
                }
            }
        }
        table
    }

    /// Reads the European Central Bank's daily reference rates file (`eurofxref-daily.xml`,
    /// as downloaded from ecb.europa.eu): one `<Cube time="…">` with `<Cube currency="…"
    /// rate="…"/>` entries, quoted per euro. Rates are decimal text, read exactly.
    pub fn parse_ecb_xml(text: &str) -> Result<FxFile, String> {
        let attr = |tag: &str, name: &str| -> Option<String> {
            let start = tag.find(&format!("{name}="))? + name.len() + 1;
            let quote = tag[start..].chars().next()?;
            let rest = &tag[start + 1..];
            rest.find(quote).map(|end| rest[..end].to_owned())
        };
        let mut date = None;
        let mut rates = HashMap::new();
        for tag in text.split('<').filter(|t| t.starts_with("Cube")) {
            if let Some(time) = attr(tag, "time") {
                date = Some(time);
            }
            if let (Some(currency), Some(rate)) = (attr(tag, "currency"), attr(tag, "rate")) {
                let code: CurrencyCode =
                    currency.parse().map_err(|e| format!("currency `{currency}` in the ECB file: {e}"))?;
                rates.insert(
                    code,
                    decimal_micros(&rate).ok_or_else(|| format!("rate `{rate}` of {currency} is not a decimal"))?,
                );
            }
        }
        let date = date.ok_or("no <Cube time=\"…\"> in the file: is it the ECB's eurofxref-daily.xml?")?;
        if rates.is_empty() {
            return Err("the ECB file lists no rates".into());
        }
        let base = "EUR".parse().map_err(|e| format!("{e}"))?;
        Ok(FxFile {
            date,
            base,
            rates,
            source: Some("European Central Bank euro foreign exchange reference rates".into()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(c: &str) -> CurrencyCode {
        c.parse().expect("currency")
    }

    const ECB: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <Cube>
    <Cube time='2026-11-24'>
      <Cube currency='USD' rate='1.0500'/>
      <Cube currency='JPY' rate='162.45'/>
      <Cube currency='GBP' rate='0.84000'/>
    </Cube>
  </Cube>
</gesmes:Envelope>"#;

    #[test]
    fn the_ecb_daily_file_is_read_exactly_with_its_date() {
        let file = FxTable::parse_ecb_xml(ECB).expect("parses");
        assert_eq!(file.date, "2026-11-24");
        assert_eq!(file.rates[&code("USD")], 1_050_000);
        assert_eq!(file.rates[&code("JPY")], 162_450_000);
        assert_eq!(file.rates[&code("GBP")], 840_000);
        assert!(FxTable::parse_ecb_xml("<html>not it</html>").is_err());
        assert!(FxTable::parse_ecb_xml("<Cube time='2026-11-24'><Cube currency='USD' rate='1,05'/></Cube>").is_err());
    }

    #[test]
    fn inverse_and_cross_rates_go_through_the_base() {
        let table = FxTable::from_file(FxTable::parse_ecb_xml(ECB).expect("parses"));
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
}
