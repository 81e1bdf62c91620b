//! The United States' low-value rules and general surcharges as they moved, each with its date
//! and source: which regime applies on the event's day.
//!
//! Sources (IDs as in crossdock's `shared/data/MARKETS.md`, row US, checked there 2026-11-25,
//! re-read here on 2026-11-25):
//! - U1 Executive Order 14324 (90 FR 37775, 2025-07-30): duty-free de minimis treatment under
//!   19 U.S.C. 1321 suspended for all countries from 12:01 a.m. ET on 2025-08-29. U2: CBP's
//!   implementing notice (90 FR 42418, 2025-09-02).
//! - Products of China and Hong Kong had lost de minimis earlier, on 2025-05-02 (MARKETS.md US
//!   row, "CN/HK earlier"; the date from Executive Order 14256 — not re-checked).
//! - U4 Learning Resources, Inc. v. Trump (2026-02-20): IEEPA authorises no tariffs; CBP stopped
//!   collecting IEEPA duties from 12:00 a.m. ET on 2026-02-24 (CSMS #67834313, as quoted by
//!   Janel Group and the National Law Review of 2026-02-25).
//! - U5/U6 and CBP CSMS #67844987 (as summarised by J.M. Rodgers, Tradewin 2026-02-25 and GHY
//!   2026-02-24): a temporary 10 % ad valorem import surcharge under Section 122 of the Trade Act
//!   of 1974 (HTSUS 9903.03.01) on goods entered from 12:01 a.m. EST 2026-02-24 to 12:01 a.m. EDT
//!   2026-07-24; exemptions 9903.03.02–.11 include USMCA-qualifying goods of Canada and Mexico,
//!   informational materials and certain electronics carried over from the reciprocal-tariff
//!   exemptions. A raise to 15 % was announced on 2026-02-21 but CBP guidance kept 10 %, and
//!   Supply Chain Dive (U9, June 2026) still describes postal duty as "equal to the temporary
//!   10% global tariff": 10 % is used.
//! - U7: for international mail during Section 122, the duty is the Section 122 rate. U9: from
//!   2026-07-24, mail up to $2,500 goes through a postal informal entry with 10-digit HTSUS codes
//!   and all applicable duties, as other shipments.
//! - U8 CBP interim final rules of 2026-06-24 (91 FR 37789 non-postal, 91 FR 37801 mail): the
//!   suspension of de minimis is written into 19 CFR 10.151 and 145.31, independently of the
//!   executive orders.
//! - After 2026-07-24: Section 122 lapses by statute after 150 days unless Congress extends it
//!   (Trade Act of 1974 s. 122, as explained by the sources above). No source read on
//!   2026-11-25 confirms a replacement general surcharge, so none is applied, and every
//!   assessment in that period says so in a warning.
//!
//! Dates are compared in UTC on the event clock (`ctx.now()`), not the wall clock; CBP's
//! switch-over times (12:01 a.m. Eastern) fall on the same calendar day.

use crate::findings;

/// First day without Section 321 de minimis for any origin (U1).
pub const NO_DE_MINIMIS_FROM: &str = "2025-08-29";
/// First day without de minimis for products of China and Hong Kong (EO 14256, not re-checked).
pub const NO_DE_MINIMIS_CN_HK_FROM: &str = "2025-05-02";
/// First day of the Section 122 surcharge, and the first day without IEEPA duties (U4–U6).
pub const SECTION_122_FROM: &str = "2026-02-24";
/// First day after the Section 122 surcharge (U6, CSMS #67844987).
pub const SECTION_122_UNTIL: &str = "2026-07-24";
/// First day of postal informal entries with all applicable duties (U9).
pub const POSTAL_INFORMAL_ENTRY_FROM: &str = "2026-07-24";
/// Day CBP's interim final rules codified the suspension (U8).
pub const CODIFIED_ON: &str = "2026-06-24";
/// The first IEEPA duties (on products of China) took effect on 2025-02-04 (Executive Order
/// 14195; not re-checked): from then until 2026-02-23 IEEPA duties applied that this plugin
/// does not model.
pub const IEEPA_FROM: &str = "2025-02-04";

/// Section 321 de minimis, in US cents: $800 (19 U.S.C. 1321(a)(2)(C); MARKETS.md US row).
pub const DE_MINIMIS_CENTS: i64 = 80_000;
/// The Section 122 surcharge in basis points (U5, U6).
pub const SECTION_122_BP: u32 = 1_000;

/// The rule set in force on the event's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regime {
    /// Until 2025-08-28: Section 321 de minimis of $800 (not for products of China or Hong Kong
    /// from 2025-05-02).
    DeMinimis,
    /// 2025-08-29 → 2026-02-23: no de minimis; IEEPA duties applied, not modelled here.
    Ieepa,
    /// 2026-02-24 → 2026-07-23: no de minimis; Section 122 surcharge of 10 %.
    Section122,
    /// From 2026-07-24: no de minimis; general and Section 301 duties; no general surcharge
    /// confirmed.
    AfterSection122,
}

impl Regime {
    /// The regime on `today` (YYYY-MM-DD).
    pub fn on(today: &str) -> Self {
        if today >= SECTION_122_UNTIL {
            Self::AfterSection122
        } else if today >= SECTION_122_FROM {
            Self::Section122
        } else if today >= NO_DE_MINIMIS_FROM {
            Self::Ieepa
        } else {
            Self::DeMinimis
        }
    }

    /// The first day of the regime, which dates the rules applied.
    pub const fn since(self) -> &'static str {
        match self {
            // The $800 figure dates from the Trade Facilitation and Trade Enforcement Act of
            // 2015, in force 2016-03-10 (MARKETS.md US row says "since 2016").
            Self::DeMinimis => "2016-03-10",
            Self::Ieepa => NO_DE_MINIMIS_FROM,
            Self::Section122 => SECTION_122_FROM,
            Self::AfterSection122 => SECTION_122_UNTIL,
        }
    }

    /// Whether the Section 122 surcharge is due in this regime.
    pub const fn surcharge(self) -> bool {
        matches!(self, Self::Section122)
    }

    /// What the regime is, for the `tariff_regime` finding.
    pub fn describe(self, today: &str) -> String {
        let rule = match self {
            Self::DeMinimis => {
                "Section 321 de minimis ($800 per shipment, 19 U.S.C. 1321) still in force; it ends for products of \
                 China and Hong Kong on 2025-05-02 and for every origin on 2025-08-29 (Executive Order 14324)"
            }
            Self::Ieepa => {
                "no de minimis (Executive Order 14324, from 2025-08-29); general and Section 301 duties apply; IEEPA \
                 duties were also collected until 2026-02-23 and are not included (held unlawful on 2026-02-20)"
            }
            Self::Section122 => {
                "no de minimis (suspended 2025-08-29, codified by CBP's interim final rules of 2026-06-24); general \
                 and Section 301 duties plus the Section 122 surcharge of 10% (HTSUS 9903.03.01, 2026-02-24 to \
                 2026-07-23, CBP CSMS #67844987)"
            }
            Self::AfterSection122 => {
                "no de minimis (suspended 2025-08-29, codified in 19 CFR 10.151 and 145.31 by CBP's interim final \
                 rules of 2026-06-24); general and Section 301 duties; the Section 122 surcharge ended on 2026-07-23"
            }
        };
        format!("event of {today}: {rule}")
    }
}

/// Whether the event of `today` still knows de minimis for goods of `origin`.
pub fn de_minimis_open_to(today: &str, origin: Option<&str>) -> bool {
    Regime::on(today) == Regime::DeMinimis
        && !(today >= NO_DE_MINIMIS_CN_HK_FROM && matches!(origin, Some("CN" | "HK")))
}

/// The warnings a regime carries whatever the goods.
pub fn regime_warnings(regime: Regime, today: &str) -> Vec<crossdock_sdk::Finding> {
    match regime {
        Regime::DeMinimis if today >= IEEPA_FROM => vec![findings::ieepa_not_modelled(today)],
        Regime::Ieepa => vec![findings::ieepa_not_modelled(today)],
        Regime::AfterSection122 => vec![findings::no_surcharge_confirmed()],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_switches_on_the_documented_days() {
        assert_eq!(Regime::on("2025-08-28"), Regime::DeMinimis);
        assert_eq!(Regime::on("2025-08-29"), Regime::Ieepa);
        assert_eq!(Regime::on("2026-02-23"), Regime::Ieepa);
        assert_eq!(Regime::on("2026-02-24"), Regime::Section122);
        assert_eq!(Regime::on("2026-07-23"), Regime::Section122);
        assert_eq!(Regime::on("2026-07-24"), Regime::AfterSection122);
        assert_eq!(Regime::on("2026-11-25"), Regime::AfterSection122);
    }

    #[test]
    fn only_the_section_122_period_carries_the_surcharge() {
        let surcharged: Vec<bool> = [Regime::DeMinimis, Regime::Ieepa, Regime::Section122, Regime::AfterSection122]
            .iter()
            .map(|r| r.surcharge())
            .collect();
        assert_eq!(surcharged, [false, false, true, false]);
    }

    #[test]
    fn china_and_hong_kong_lost_de_minimis_before_everyone_else() {
        assert!(de_minimis_open_to("2025-05-01", Some("CN")));
        assert!(!de_minimis_open_to("2025-05-02", Some("CN")));
        assert!(!de_minimis_open_to("2025-06-01", Some("HK")));
        assert!(de_minimis_open_to("2025-08-28", Some("VN")));
        assert!(de_minimis_open_to("2025-08-28", None));
        assert!(!de_minimis_open_to("2025-08-29", Some("VN")));
    }

    #[test]
    fn every_regime_names_its_day_and_its_authority() {
        for (day, words) in [
            ("2025-03-01", "Section 321"),
            ("2025-10-01", "IEEPA"),
            ("2026-03-01", "9903.03.01"),
            ("2026-11-25", "ended on 2026-07-23"),
        ] {
            let text = Regime::on(day).describe(day);
            assert!(text.contains(day) && text.contains(words), "{text}");
        }
    }

    #[test]
    fn the_regime_dates_are_well_formed_and_in_order() {
        let dates = [NO_DE_MINIMIS_CN_HK_FROM, NO_DE_MINIMIS_FROM, SECTION_122_FROM, CODIFIED_ON, SECTION_122_UNTIL];
        for pair in dates.windows(2) {
            assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
        }
        for date in dates.iter().chain([&IEEPA_FROM, &POSTAL_INFORMAL_ENTRY_FROM, &Regime::DeMinimis.since()]) {
            assert!(crossdock_sdk::customs::table::is_date(date), "{date}");
        }
    }
}
