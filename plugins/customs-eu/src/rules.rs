//! The EU's low-value import rules as they stand, each with its date and source: which duty
//! regime applies on a given day to a consignment of a given value, the €3 flat duty, and the
//! postal declaration forms.
//!
//! Sources (IDs as in `shared/data/MARKETS.md`, checked there 2026-11-25):
//! - E1 Council Regulation (EU) 2026/382 (OJ 2026-02-18): abolishes the €150 customs duty
//!   relief of Reg. (EC) 1186/2009 from 2026-07-01 and sets a flat €3 per item in B2C
//!   distance-sale consignments of intrinsic value ≤ €150 until 2028-07-01; normal TARIC rates
//!   above €150 and from 2028-07-01.
//! - E3 Baker McKenzie 2026-07-02 and the Commission guide of June 2026 as reported there and in
//!   E8 (Glopal): "item" = goods sharing one tariff classification, the 6-digit subheading in an
//!   H7 declaration — 5 T-shirts pay €3, a T-shirt and a watch €6 — whatever the VAT regime.
//! - E7 Delegated Regulation (EU) 2026/1022: product identifiers per item mandatory in H7 from
//!   2026-11-01.
//! - E14 Agencia Tributaria: customs value (CIF) and the import VAT base = customs value + duties.
//! - VAT e-commerce package (Directive (EU) 2017/2455): no VAT exemption for low-value goods
//!   since 2021-07-01; IOSS for consignments ≤ €150.
//!
//! Dates are compared in UTC: a consignment assessed at 2026-06-30T23:30Z is still under the
//! relief although it is already 1 July in Brussels. The event clock (`ctx.now()`), not the
//! wall clock, decides.

use crossdock_sdk::{Document, Timestamp};

/// The consignment value up to which the low-value rules apply, in euro cents (goods only,
/// shipping excluded: "intrinsic value").
pub const LOW_VALUE_LIMIT_CENTS: i64 = 15_000;

/// The flat duty per tariff classification, in euro cents (E1).
pub const FLAT_DUTY_CENTS: i64 = 300;

/// First day of the flat duty (E1).
pub const FLAT_DUTY_FROM: &str = "2026-07-01";
/// First day after the flat duty: normal rates for every value (E1).
pub const FLAT_DUTY_UNTIL: &str = "2028-07-01";
/// First day of the VAT e-commerce package: no VAT exemption, IOSS available.
pub const VAT_PACKAGE_FROM: &str = "2021-07-01";
/// First day on which H7 declarations must carry product identifiers per item (E7).
pub const PRODUCT_IDS_FROM: &str = "2026-11-01";

/// Days from 1970-01-01 to a `YYYY-MM-DD` date (proleptic Gregorian, H. Hinnant's
/// `days_from_civil`). Only for the literal dates of this crate's tables, which a unit test
/// checks; a malformed literal in a `const` fails the build.
pub const fn epoch_days(date: &str) -> i64 {
    let b = date.as_bytes();
    assert!(b.len() == 10 && b[4] == b'-' && b[7] == b'-', "dates are YYYY-MM-DD");
    const fn num(b: &[u8], from: usize, to: usize) -> i64 {
        let mut n = 0;
        let mut i = from;
        while i < to {
            assert!(b[i].is_ascii_digit(), "dates are YYYY-MM-DD");
            n = n * 10 + (b[i] - b'0') as i64;
            i += 1;
        }
        n
    }
    let (y, m, d) = (num(b, 0, 4), num(b, 5, 7), num(b, 8, 10));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether the event at `now` falls on or after `date` (UTC).
pub fn on_or_after(now: Timestamp, date: &str) -> bool {
    now.unix().div_euclid(86_400) >= epoch_days(date)
}

/// The rule calendar: which set of low-value rules is in force on the event's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// 2021-07-01 → 2026-07-01: no VAT exemption, but the €150 customs duty relief.
    Relief,
    /// 2026-07-01 → 2028-07-01: €3 per tariff classification up to €150.
    FlatDuty,
    /// From 2028-07-01: normal tariff rates whatever the value.
    Tariff,
}

impl Period {
    pub fn at(now: Timestamp) -> Self {
        if on_or_after(now, FLAT_DUTY_UNTIL) {
            Self::Tariff
        } else if on_or_after(now, FLAT_DUTY_FROM) {
            Self::FlatDuty
        } else {
            Self::Relief
        }
    }

    /// The first day of the period: the date of the rules applied.
    pub const fn since(self) -> &'static str {
        match self {
            Self::Relief => VAT_PACKAGE_FROM,
            Self::FlatDuty => FLAT_DUTY_FROM,
            Self::Tariff => FLAT_DUTY_UNTIL,
        }
    }
}

/// How duty is computed for one consignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regime {
    /// ≤ €150 before 2026-07-01: duty relieved (Reg. (EC) 1186/2009, Art. 23).
    Relief,
    /// ≤ €150 from 2026-07-01 to 2028-07-01: €3 per distinct 6-digit subheading.
    FlatPerItem,
    /// Above €150, or from 2028-07-01: rate(heading) × customs value per line.
    Tariff,
}

impl Regime {
    /// The regime for a consignment whose goods are worth `goods_eur_cents`.
    pub fn for_consignment(period: Period, goods_eur_cents: i64) -> Self {
        let low_value = goods_eur_cents <= LOW_VALUE_LIMIT_CENTS;
        match period {
            Period::Relief if low_value => Self::Relief,
            Period::FlatDuty if low_value => Self::FlatPerItem,
            _ => Self::Tariff,
        }
    }
}

/// Whether `text` has the shape of an IOSS VAT identification number: `IM`, three digits for
/// the member state of identification and seven for the trader ("IMxxxyyyyyyz", Commission
/// explanatory notes on the VAT e-commerce rules, 2020).
pub fn is_ioss_number(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 12 && b.starts_with(b"IM") && b[2..].iter().all(u8::is_ascii_digit)
}

/// The UPU declaration limit for a CN22, in SDR: "CN22 for items up to 300 SDR, CN23 above"
/// (UPU Convention, as summarised in MARKETS.md "Postal documents"; Japan Post's form guide
/// says the same).
pub const CN22_LIMIT_SDR: i64 = 300;

/// Letter-post small packets, the items a CN22 travels with, weigh at most 2 kg; heavier items
/// go as parcels with a CN23 (legalclarity.org and dutiable.io CN22 guides of 2026, which cite
/// the UPU rule; not re-checked against the Convention text).
pub const CN22_MAX_WEIGHT_G: u64 = 2_000;

/// The postal declaration for goods worth `goods_eur_cents` weighing `weight_g`, with
/// `sdr_eur_micros` euros per SDR × 1,000,000.
pub fn postal_declaration(goods_eur_cents: i64, weight_g: u64, sdr_eur_micros: u64) -> Document {
    // cents ≤ 300 SDR × (micros / 1e6) € × 100 ⇔ cents × 10,000 ≤ 300 × micros, in integers.
    let value_ok = i128::from(goods_eur_cents) * 10_000 <= i128::from(CN22_LIMIT_SDR) * i128::from(sdr_eur_micros);
    if value_ok && weight_g <= CN22_MAX_WEIGHT_G { Document::Cn22 } else { Document::Cn23 }
}

/// The newest date among the rules and figures used in one assessment.
#[derive(Debug, Clone, Copy)]
pub struct AsOf(&'static str);

impl AsOf {
    pub fn new(first: &'static str) -> Self {
        Self(first)
    }

    /// Notes that a rule or figure dated `date` (YYYY-MM-DD) was used.
    pub fn note(&mut self, date: &'static str) {
        if date > self.0 {
            self.0 = date;
        }
    }

    /// The newest date, also counting dated figures that live in owned strings (an FX rate,
    /// the configured SDR rate).
    pub fn finish(self, others: [Option<&str>; 2]) -> String {
        others.into_iter().flatten().fold(self.0, |best, d| if d > best { d } else { best }).to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rfc3339: &str) -> Timestamp {
        rfc3339.parse().unwrap()
    }

    #[test]
    fn epoch_days_matches_the_timestamp_type() {
        for date in [FLAT_DUTY_FROM, FLAT_DUTY_UNTIL, VAT_PACKAGE_FROM, PRODUCT_IDS_FROM, "1970-01-01", "2024-02-29"] {
            let t = at(&format!("{date}T00:00:00Z"));
            assert_eq!(epoch_days(date) * 86_400, t.unix(), "{date}");
            assert_eq!(t.date(), date);
        }
    }

    #[test]
    fn the_calendar_switches_at_midnight_utc() {
        assert_eq!(Period::at(at("2026-06-30T23:59:59Z")), Period::Relief);
        assert_eq!(Period::at(at("2026-07-01T00:00:00Z")), Period::FlatDuty);
        assert_eq!(Period::at(at("2028-06-30T23:59:59Z")), Period::FlatDuty);
        assert_eq!(Period::at(at("2028-07-01T00:00:00Z")), Period::Tariff);
    }

    #[test]
    fn exactly_150_euros_is_still_low_value() {
        assert_eq!(Regime::for_consignment(Period::FlatDuty, 15_000), Regime::FlatPerItem);
        assert_eq!(Regime::for_consignment(Period::FlatDuty, 15_001), Regime::Tariff);
        assert_eq!(Regime::for_consignment(Period::Relief, 15_000), Regime::Relief);
        assert_eq!(Regime::for_consignment(Period::Tariff, 100), Regime::Tariff);
    }

    #[test]
    fn ioss_numbers_are_im_and_ten_digits() {
        assert!(is_ioss_number("IM2760000001"));
        for bad in ["", "IM276000000", "IM27600000011", "im2760000001", "DE2760000001", "IM27600000O1"] {
            assert!(!is_ioss_number(bad), "{bad}");
        }
    }

    #[test]
    fn cn22_up_to_300_sdr_and_2_kg_else_cn23() {
        // 300 SDR at 1.171760 €/SDR = €351.528: €351.52 fits, €351.53 does not.
        assert_eq!(postal_declaration(35_152, 500, 1_171_760), Document::Cn22);
        assert_eq!(postal_declaration(35_153, 500, 1_171_760), Document::Cn23);
        assert_eq!(postal_declaration(1_000, 2_000, 1_171_760), Document::Cn22);
        assert_eq!(postal_declaration(1_000, 2_001, 1_171_760), Document::Cn23);
    }

    #[test]
    fn as_of_keeps_the_newest_date() {
        let mut as_of = AsOf::new("2021-01-01");
        as_of.note("2026-02-22");
        as_of.note("2024-01-01");
        assert_eq!(as_of.finish([None, None]), "2026-02-22");
        assert_eq!(as_of.finish([Some("2025-10-20"), Some("2026-11-24")]), "2026-11-24");
        assert_eq!(as_of.finish([Some("2020-01-01"), None]), "2026-02-22");
    }
}
