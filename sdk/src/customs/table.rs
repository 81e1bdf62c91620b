//! Tables keyed by HS prefix, each row with its source and the date its figure is as of.
//!
//! One shape serves the three kinds of per-code data a country has:
//! - [`HsTable<Duty>`]: the duty on a documented subset of goods, ad valorem in basis points or
//!   specific per 100 kg gross;
//! - [`TaxRates`]: the standard import VAT/GST rate plus reduced rates by prefix (books,
//!   food, children's clothes, …);
//! - [`HsTable<Restriction>`]: goods a country restricts or carriers refuse (lithium batteries
//!   shipped alone, aerosols, knives, …), with the finding to report.
//!
//! A prefix is 2 to 10 digits — a chapter (`"49"`), a heading (`"6109"`), a subheading
//! (`"610910"`) or a national code — and [`HsTable::lookup`] returns the row with the longest
//! prefix the code starts with, so a national code refines its heading. Tables are `const`
//! data; [`HsTable::check`] (call it from a unit test) proves every prefix, date and source is
//! well formed and no prefix appears twice. Tables are small (tens of rows), so lookup is a
//! linear scan: no sorting invariant to keep by hand.

use crate::{HsCode, Severity};

/// One row: every code starting with `prefix` gets `value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HsRow<T> {
    /// 2 to 10 digits, no dots or spaces.
    pub prefix: &'static str,
    pub value: T,
    /// What the goods are, for messages ("T-shirts of cotton").
    pub goods: &'static str,
    /// Where the figure was read: a document, a page, a table.
    pub source: &'static str,
    /// YYYY-MM-DD the figure is as of: the date the source states, or the date it was read.
    pub as_of: &'static str,
}

impl<T> HsRow<T> {
    pub const fn new(
        prefix: &'static str,
        value: T,
        goods: &'static str,
        source: &'static str,
        as_of: &'static str,
    ) -> Self {
        Self { prefix, value, goods, source, as_of }
    }
}

/// Rows keyed by HS prefix, searched by longest prefix.
#[derive(Debug, Clone, Copy)]
pub struct HsTable<T: 'static> {
    rows: &'static [HsRow<T>],
}

impl<T> HsTable<T> {
    pub const fn new(rows: &'static [HsRow<T>]) -> Self {
        Self { rows }
    }

    /// An empty table: every code is outside it.
    pub const fn empty() -> Self {
        Self { rows: &[] }
    }

    pub fn rows(&self) -> &'static [HsRow<T>] {
        self.rows
    }

    /// The row with the longest prefix that `hs` starts with.
    ///
    /// ```
    /// use crossdock_sdk::customs::{Duty, HsRow, HsTable};
    /// const T: HsTable<Duty> = HsTable::new(&[
    ///     HsRow::new("61", Duty::ad_valorem(1200), "knitted apparel", "tariff", "2026-01-01"),
    ///     HsRow::new("610910", Duty::ad_valorem(1000), "cotton T-shirts", "tariff", "2026-01-01"),
    /// ]);
    /// let rate = |code: &str| T.lookup(&code.parse().unwrap()).map(|r| r.value);
    /// assert_eq!(rate("6109100010"), Some(Duty::ad_valorem(1000)));
    /// assert_eq!(rate("611020"), Some(Duty::ad_valorem(1200)));
    /// assert_eq!(rate("620342"), None);
    /// ```
    pub fn lookup(&self, hs: &HsCode) -> Option<&'static HsRow<T>> {
        let code = hs.as_str();
        self.rows.iter().filter(|r| code.starts_with(r.prefix)).max_by_key(|r| r.prefix.len())
    }

    /// Every prefix 2–10 digits and unique, every date YYYY-MM-DD, every source named.
    pub fn check(&self) -> Result<(), TableError> {
        for (i, row) in self.rows.iter().enumerate() {
            let p = row.prefix;
            if !(2..=10).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(TableError::Prefix(p));
            }
            if self.rows[..i].iter().any(|r| r.prefix == p) {
                return Err(TableError::Duplicate(p));
            }
            if !is_date(row.as_of) {
                return Err(TableError::Date(p, row.as_of));
            }
            if row.source.trim().is_empty() {
                return Err(TableError::Source(p));
            }
        }
        Ok(())
    }
}

/// What [`HsTable::check`] found wrong with a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    Prefix(&'static str),
    Duplicate(&'static str),
    Date(&'static str, &'static str),
    Source(&'static str),
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Prefix(p) => write!(f, "prefix `{p}` is not 2 to 10 digits"),
            Self::Duplicate(p) => write!(f, "prefix `{p}` appears twice"),
            Self::Date(p, d) => write!(f, "row `{p}`: `{d}` is not a YYYY-MM-DD date"),
            Self::Source(p) => write!(f, "row `{p}` names no source"),
        }
    }
}

impl std::error::Error for TableError {}

/// Whether `text` is a YYYY-MM-DD date with a plausible month and day.
pub fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return false;
    }
    let two = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    (1..=12).contains(&two(5)) && (1..=31).contains(&two(8))
}

/// A customs duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// A share of the customs value, in basis points (1200 = 12 %).
    AdValorem { bp: u32 },
    /// An amount per 100 kg of gross weight, in minor units of the assessment currency
    /// (Switzerland's tariff: `CHF 123.00 per 100 kg gross` is `12_300`). The weight is the
    /// line's quantity × unit weight: the packaging is not known per line, so a gross-weight duty
    /// is computed on the goods' own weight and says so.
    PerGrossKg100 { minor: i64 },
}

impl Duty {
    pub const fn ad_valorem(bp: u32) -> Self {
        Self::AdValorem { bp }
    }

    /// Duty-free: 0 %.
    pub const FREE: Duty = Duty::AdValorem { bp: 0 };

    /// The basis points to report on a line: the rate for ad valorem duty, 0 for specific duty.
    pub fn rate_bp(self) -> u32 {
        match self {
            Self::AdValorem { bp } => bp,
            Self::PerGrossKg100 { .. } => 0,
        }
    }
}

/// Import VAT/GST: a standard rate, and reduced rates for the goods a table names.
#[derive(Debug, Clone, Copy)]
pub struct TaxRates {
    /// Basis points (2000 = 20 %).
    pub standard_bp: u32,
    pub source: &'static str,
    /// YYYY-MM-DD the standard rate is as of.
    pub as_of: &'static str,
    /// Rates in basis points that replace the standard rate for the prefixes listed.
    pub reduced: HsTable<u32>,
}

impl TaxRates {
    /// Only a standard rate.
    pub const fn standard(standard_bp: u32, source: &'static str, as_of: &'static str) -> Self {
        Self { standard_bp, source, as_of, reduced: HsTable::empty() }
    }

    /// A standard rate and reduced rates by prefix.
    pub const fn with_reduced(mut self, reduced: &'static [HsRow<u32>]) -> Self {
        self.reduced = HsTable::new(reduced);
        self
    }

    /// The rate for `hs` (standard when `None` or not in the reduced table) and the date it is as of.
    pub fn rate(&self, hs: Option<&HsCode>) -> (u32, &'static str) {
        match hs.and_then(|c| self.reduced.lookup(c)) {
            Some(row) => (row.value, row.as_of),
            None => (self.standard_bp, self.as_of),
        }
    }
}

/// Goods a country restricts: the finding to report for every line that matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Restriction {
    pub severity: Severity,
    /// Stable snake_case code, such as `lithium_batteries_alone`.
    pub code: &'static str,
    /// What the merchant must do, without the SKU (added by the builder).
    pub message: &'static str,
}

impl Restriction {
    pub const fn new(severity: Severity, code: &'static str, message: &'static str) -> Self {
        Self { severity, code, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(code: &str) -> HsCode {
        code.parse().unwrap()
    }

    const DUTY: HsTable<Duty> = HsTable::new(&[
        HsRow::new("64", Duty::ad_valorem(800), "footwear", "test tariff", "2026-01-01"),
        HsRow::new("6404", Duty::ad_valorem(1690), "textile-upper footwear", "test tariff", "2026-01-02"),
        HsRow::new("64041100", Duty::ad_valorem(1600), "sports footwear", "test tariff", "2026-01-03"),
        HsRow::new("9503", Duty::PerGrossKg100 { minor: 12_300 }, "toys", "test tariff", "2026-01-04"),
    ]);

    #[test]
    fn the_longest_matching_prefix_wins_whatever_the_row_order() {
        let rate = |code: &str| DUTY.lookup(&hs(code)).map(|r| r.prefix);
        assert_eq!(rate("640411"), Some("6404"));
        assert_eq!(rate("6404110000"), Some("64041100"));
        assert_eq!(rate("640399"), Some("64"));
        assert_eq!(rate("950300"), Some("9503"));
        assert_eq!(rate("610910"), None);
        assert_eq!(HsTable::<Duty>::empty().lookup(&hs("610910")), None);
    }

    #[test]
    fn check_refuses_bad_prefixes_duplicates_dates_and_missing_sources() {
        assert_eq!(DUTY.check(), Ok(()));
        const BAD_PREFIX: &[HsRow<u32>] = &[HsRow::new("6", 0, "x", "s", "2026-01-01")];
        const DUP: &[HsRow<u32>] =
            &[HsRow::new("61", 0, "x", "s", "2026-01-01"), HsRow::new("61", 1, "y", "s", "2026-01-01")];
        const DATE: &[HsRow<u32>] = &[HsRow::new("61", 0, "x", "s", "2026-13-01")];
        const SOURCE: &[HsRow<u32>] = &[HsRow::new("61", 0, "x", " ", "2026-01-01")];
        assert_eq!(HsTable::new(BAD_PREFIX).check(), Err(TableError::Prefix("6")));
        assert_eq!(HsTable::new(DUP).check(), Err(TableError::Duplicate("61")));
        assert_eq!(HsTable::new(DATE).check(), Err(TableError::Date("61", "2026-13-01")));
        assert_eq!(HsTable::new(SOURCE).check(), Err(TableError::Source("61")));
    }

    #[test]
    fn reduced_tax_rates_replace_the_standard_rate_by_prefix() {
        const VAT: TaxRates = TaxRates::standard(2000, "VAT Act", "2011-01-04").with_reduced(&[HsRow::new(
            "4901",
            0,
            "printed books",
            "VAT Notice 701/10",
            "2020-05-01",
        )]);
        assert_eq!(VAT.rate(Some(&hs("490199"))), (0, "2020-05-01"));
        assert_eq!(VAT.rate(Some(&hs("610910"))), (2000, "2011-01-04"));
        assert_eq!(VAT.rate(None), (2000, "2011-01-04"));
    }

    #[test]
    fn dates_are_checked_for_shape_month_and_day() {
        assert!(is_date("2026-11-25"));
        assert!(!is_date("2026-11-5"));
        assert!(!is_date("2026/11/25"));
        assert!(!is_date("2026-00-10"));
        assert!(!is_date("2026-01-32"));
    }

    #[test]
    fn specific_duty_reports_a_zero_rate() {
        assert_eq!(Duty::PerGrossKg100 { minor: 100 }.rate_bp(), 0);
        assert_eq!(Duty::ad_valorem(1200).rate_bp(), 1200);
        assert_eq!(Duty::FREE.rate_bp(), 0);
    }
}
