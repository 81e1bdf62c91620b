//! Canada's low-value remission rules, with their dates and sources: how much of the duty and
//! the GST/HST a shipment of a given value for duty owes, by channel and place of direct
//! shipment.
//!
//! Sources (IDs as in crossdock's `shared/data/MARKETS.md`, row CA, re-read 2026-11-25):
//! - C1 CBSA, "CUSMA: increase to low-value shipment thresholds" (in force since 2020-07-01):
//!   by mail, up to CAD 20 duty- and tax-free from any country; by courier from any country other
//!   than the US and Mexico, up to CAD 20; by courier from the US or Mexico, up to CAD 40 duty-
//!   and tax-free, above CAD 40 to CAD 150 duty-free with taxes due, above CAD 150 everything due.
//!   "Some exceptions apply when shipping by mail or courier (for example: alcohol, cannabis
//!   products, cigars, cigarettes, tobacco, publications and others)" — the Courier and Postal
//!   Imports Remission Orders define "goods" without them.
//! - C2 CBSA Customs Notice 20-18 (2020-05-02) and the Canada–US blog / CBA summaries of it: the
//!   thresholds follow the place of direct shipment, not the origin of the goods; goods merely
//!   transhipped through the US or Mexico get CAD 20.
//! - C3 Order Amending the Courier Imports Remission Order, SI/2020-34 (2020-04-29).
//! - Amounts are the value for duty (C1: "All amounts … refer to the value for duty"), which
//!   excludes transport after the place of direct shipment (CBSA Memorandum D13-3-5,
//!   2015-04-28, §3).
//!
//! Before 2020-07-01 the courier threshold was CAD 20 from every country (C2: "There are
//! otherwise no changes to Canada's existing de minimis framework").

use crossdock_sdk::HsCode;

/// General remission limit, duty and tax, in cents of CAD (C1).
pub const GENERAL_LIMIT_CENTS: i64 = 2_000;
/// CUSMA courier tax limit from the US or Mexico, in cents of CAD (C1).
pub const CUSMA_TAX_LIMIT_CENTS: i64 = 4_000;
/// CUSMA courier duty limit from the US or Mexico, in cents of CAD (C1).
pub const CUSMA_DUTY_LIMIT_CENTS: i64 = 15_000;
/// First day of the CUSMA thresholds (C1, C2).
pub const CUSMA_FROM: &str = "2020-07-01";
/// The date of the CAD 20 rule as applied here: the CBSA page of the CUSMA thresholds (C1),
/// which restates it as still in force.
pub const GENERAL_AS_OF: &str = "2020-07-01";

/// How the goods travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Postal,
    /// By courier from the US or Mexico (place of direct shipment), on or after 2020-07-01.
    CourierCusma,
    /// By courier from anywhere else, or from anywhere before 2020-07-01.
    Courier,
}

impl Stream {
    pub fn of(postal: bool, shipped_from: &str, today: &str) -> Self {
        if postal {
            Self::Postal
        } else if matches!(shipped_from, "US" | "MX") && today >= CUSMA_FROM {
            Self::CourierCusma
        } else {
            Self::Courier
        }
    }

    /// (duty limit, tax limit) in CAD cents: at or below a limit, that charge is remitted.
    pub const fn limits(self) -> (i64, i64) {
        match self {
            Self::Postal | Self::Courier => (GENERAL_LIMIT_CENTS, GENERAL_LIMIT_CENTS),
            Self::CourierCusma => (CUSMA_DUTY_LIMIT_CENTS, CUSMA_TAX_LIMIT_CENTS),
        }
    }
}

/// What a shipment of `value_cents` (value for duty, CAD) is relieved of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relief {
    pub duty: bool,
    pub tax: bool,
}

impl Relief {
    pub fn for_value(stream: Stream, value_cents: i64) -> Self {
        let (duty_limit, tax_limit) = stream.limits();
        Self { duty: value_cents <= duty_limit, tax: value_cents <= tax_limit }
    }

    pub fn any(self) -> bool {
        self.duty || self.tax
    }
}

/// Whether goods of `hs` are outside the remission orders (C1): publications (chapter 49),
/// tobacco (chapter 24) and alcoholic beverages (headings 22.03–22.08).
pub fn never_remitted(hs: &HsCode) -> bool {
    matches!(hs.chapter(), 24 | 49) || (2203..=2208).contains(&hs.heading())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_of_direct_shipment_picks_the_stream() {
        assert_eq!(Stream::of(false, "US", "2026-11-25"), Stream::CourierCusma);
        assert_eq!(Stream::of(false, "MX", "2026-11-25"), Stream::CourierCusma);
        assert_eq!(Stream::of(false, "CN", "2026-11-25"), Stream::Courier);
        assert_eq!(Stream::of(true, "US", "2026-11-25"), Stream::Postal);
        assert_eq!(Stream::of(false, "US", "2020-06-30"), Stream::Courier);
        assert_eq!(Stream::of(false, "US", "2020-07-01"), Stream::CourierCusma);
    }

    #[test]
    fn the_limits_are_inclusive() {
        let relief = |stream, cents| {
            let r = Relief::for_value(stream, cents);
            (r.duty, r.tax)
        };
        assert_eq!(relief(Stream::Postal, 2_000), (true, true));
        assert_eq!(relief(Stream::Postal, 2_001), (false, false));
        assert_eq!(relief(Stream::Courier, 2_001), (false, false));
        assert_eq!(relief(Stream::CourierCusma, 4_000), (true, true));
        assert_eq!(relief(Stream::CourierCusma, 4_001), (true, false));
        assert_eq!(relief(Stream::CourierCusma, 15_000), (true, false));
        assert_eq!(relief(Stream::CourierCusma, 15_001), (false, false));
    }

    #[test]
    fn publications_tobacco_and_alcohol_are_never_remitted() {
        let hs = |c: &str| c.parse::<HsCode>().unwrap();
        assert!(never_remitted(&hs("490199")));
        assert!(never_remitted(&hs("240220")));
        assert!(never_remitted(&hs("220421")));
        assert!(!never_remitted(&hs("220210")), "soft drinks are not alcohol");
        assert!(!never_remitted(&hs("610910")));
    }
}
