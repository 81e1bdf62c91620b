//! The host's table of dated exchange rates, lent to plugins through `host.exchange-rate`.
//!
//! crossdock ships no rates of its own: a deployment loads a table (for example the ECB's
//! daily euro reference rates) and every assessment says which date it used. An empty table
//! makes plugins report that they cannot convert, instead of guessing.

use std::collections::HashMap;

use crossdock_types::CurrencyCode;
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
}

impl FxTable {
    pub fn get(&self, from: CurrencyCode, to: CurrencyCode) -> Option<&FxEntry> {
        self.rates.get(&(from, to))
    }

    pub fn insert(&mut self, from: CurrencyCode, to: CurrencyCode, entry: FxEntry) {
        self.rates.insert((from, to), entry);
    }

    /// A table with each quoted rate and its inverse.
    pub fn from_file(file: FxFile) -> Self {
        let mut table = Self::default();
        for (quote, micros) in file.rates {
            if micros == 0 {
                continue;
            }
            table.insert(file.base, quote, FxEntry { micros, date: file.date.clone() });
            let inverse = (1_000_000_000_000u128 + u128::from(micros) / 2) / u128::from(micros);
            table.insert(quote, file.base, FxEntry { micros: inverse as u64, date: file.date.clone() });
        }
        table
    }
}
