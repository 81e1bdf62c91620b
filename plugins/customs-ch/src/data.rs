//! Every figure customs-ch applies, with its source and the date it is as of.
//!
//! Sources (IDs H1–H4 as in `shared/data/MARKETS.md`, checked there 2026-11-25; the others read
//! 2026-11-25):
//! - BAZG (Federal Office for Customs and Border Security), "Receipt of letters and parcels"
//!   (bazg.admin.ch, importation into Switzerland): VAT 8.1 % of the assessment basis, 2.6 % for
//!   certain goods (foodstuff, books, magazines, medications; VAT Act art. 25); tax amounts of up
//!   to CHF 5 are not levied (≈ CHF 62 of goods at 8.1 %, CHF 193 at 2.6 %); the assessment basis
//!   is the consideration paid plus all costs up to the destination in Switzerland plus import
//!   duties; foreign currency converted at the forex sell rate of the preceding trading day.
//! - H4 ESTV communication of 2022-12-12 (Taxlawblog): 8.1 % / 2.6 % / 3.8 % from 2024-01-01.
//! - H1 ESTV, mail-order trade: since 2019-01-01 a foreign mail-order seller whose small
//!   consignments (import tax ≤ CHF 5) reach CHF 100,000 a year must register for Swiss VAT and
//!   charge it on all its deliveries to Switzerland. H2 (Deloitte/BDO): since 2025-01-01
//!   electronic platforms are deemed suppliers.
//! - WTO, "Measure undertaken by Switzerland to eliminate customs duties on industrial
//!   products", communication of Switzerland dated 2024-03-07 (H3 BAZG/SECO say the same): MFN
//!   duties eliminated from 2024-01-01 on all goods of chapters 25–97, except some goods of
//!   chapters 35 and 38 (albumin, dextrin, acid oils), which Switzerland treats as agricultural;
//!   clothing, footwear, cosmetics, electronics, toys, jewellery and books are industrial goods.
//!   Chapters 35 and 38 are left out whole, like chapters 1–24 (agricultural goods pay specific
//!   duties per gross weight, not documented here): they are reported `outside_duty_table`.
//! - Restrictions: UPU "Dangerous goods" campaign (upu.int: lithium batteries, aerosols and
//!   flammable liquids such as perfume are dangerous goods in the international post); Swiss
//!   Weapons Ordinance (WV, SR 514.541) art. 13a (fedlex, via droit-bilingue.ch): butterfly
//!   knives, knives opening automatically with one hand, throwing knives and certain daggers may
//!   not be brought into Switzerland.

use crossdock_sdk::Severity;
use crossdock_sdk::customs::{Duty, HsRow, HsTable, Restriction, TaxRates};

/// Import VAT is not levied when it comes to at most this many rappen (BAZG).
pub const VAT_NOT_LEVIED_UP_TO_RAPPEN: i64 = 500;
/// First day of the mail-order rules (H1).
pub const MAIL_ORDER_SINCE: &str = "2019-01-01";

const BAZG_VAT: &str = "BAZG, Receipt of letters and parcels: VAT 8.1 %, 2.6 % for foodstuff, books, magazines and \
                        medications (VAT Act art. 25); ESTV rates from 2024-01-01 (H4)";

/// Swiss VAT: 8.1 %, printed books and periodicals 2.6 %.
pub const VAT: TaxRates = TaxRates::standard(810, BAZG_VAT, "2024-01-01").with_reduced(&[
    HsRow::new("4901", 260, "printed books, brochures and leaflets", BAZG_VAT, "2024-01-01"),
    HsRow::new("4902", 260, "newspapers and periodicals", BAZG_VAT, "2024-01-01"),
    HsRow::new("4903", 260, "children's picture, drawing and colouring books", BAZG_VAT, "2024-01-01"),
]);

const WTO_CH: &str = "WTO communication of Switzerland of 2024-03-07: MFN duties on industrial goods (chapters \
                      25-97 except some goods of chapters 35 and 38) eliminated from 2024-01-01";

/// Duty-free industrial goods: every chapter from 25 to 97 but 35 and 38 (77 is unused).
pub const DUTY: HsTable<Duty> = HsTable::new(&[
    HsRow::new("25", Duty::FREE, "industrial goods of chapter 25", WTO_CH, "2024-01-01"),
    HsRow::new("26", Duty::FREE, "industrial goods of chapter 26", WTO_CH, "2024-01-01"),
    HsRow::new("27", Duty::FREE, "industrial goods of chapter 27", WTO_CH, "2024-01-01"),
    HsRow::new("28", Duty::FREE, "industrial goods of chapter 28", WTO_CH, "2024-01-01"),
    HsRow::new("29", Duty::FREE, "industrial goods of chapter 29", WTO_CH, "2024-01-01"),
    HsRow::new("30", Duty::FREE, "industrial goods of chapter 30", WTO_CH, "2024-01-01"),
    HsRow::new("31", Duty::FREE, "industrial goods of chapter 31", WTO_CH, "2024-01-01"),
    HsRow::new("32", Duty::FREE, "industrial goods of chapter 32", WTO_CH, "2024-01-01"),
    HsRow::new("33", Duty::FREE, "industrial goods of chapter 33", WTO_CH, "2024-01-01"),
    HsRow::new("34", Duty::FREE, "industrial goods of chapter 34", WTO_CH, "2024-01-01"),
    HsRow::new("36", Duty::FREE, "industrial goods of chapter 36", WTO_CH, "2024-01-01"),
    HsRow::new("37", Duty::FREE, "industrial goods of chapter 37", WTO_CH, "2024-01-01"),
    HsRow::new("39", Duty::FREE, "industrial goods of chapter 39", WTO_CH, "2024-01-01"),
    HsRow::new("40", Duty::FREE, "industrial goods of chapter 40", WTO_CH, "2024-01-01"),
    HsRow::new("41", Duty::FREE, "industrial goods of chapter 41", WTO_CH, "2024-01-01"),
    HsRow::new("42", Duty::FREE, "industrial goods of chapter 42", WTO_CH, "2024-01-01"),
    HsRow::new("43", Duty::FREE, "industrial goods of chapter 43", WTO_CH, "2024-01-01"),
    HsRow::new("44", Duty::FREE, "industrial goods of chapter 44", WTO_CH, "2024-01-01"),
    HsRow::new("45", Duty::FREE, "industrial goods of chapter 45", WTO_CH, "2024-01-01"),
    HsRow::new("46", Duty::FREE, "industrial goods of chapter 46", WTO_CH, "2024-01-01"),
    HsRow::new("47", Duty::FREE, "industrial goods of chapter 47", WTO_CH, "2024-01-01"),
    HsRow::new("48", Duty::FREE, "industrial goods of chapter 48", WTO_CH, "2024-01-01"),
    HsRow::new("49", Duty::FREE, "industrial goods of chapter 49", WTO_CH, "2024-01-01"),
    HsRow::new("50", Duty::FREE, "industrial goods of chapter 50", WTO_CH, "2024-01-01"),
    HsRow::new("51", Duty::FREE, "industrial goods of chapter 51", WTO_CH, "2024-01-01"),
    HsRow::new("52", Duty::FREE, "industrial goods of chapter 52", WTO_CH, "2024-01-01"),
    HsRow::new("53", Duty::FREE, "industrial goods of chapter 53", WTO_CH, "2024-01-01"),
    HsRow::new("54", Duty::FREE, "industrial goods of chapter 54", WTO_CH, "2024-01-01"),
    HsRow::new("55", Duty::FREE, "industrial goods of chapter 55", WTO_CH, "2024-01-01"),
    HsRow::new("56", Duty::FREE, "industrial goods of chapter 56", WTO_CH, "2024-01-01"),
    HsRow::new("57", Duty::FREE, "industrial goods of chapter 57", WTO_CH, "2024-01-01"),
    HsRow::new("58", Duty::FREE, "industrial goods of chapter 58", WTO_CH, "2024-01-01"),
    HsRow::new("59", Duty::FREE, "industrial goods of chapter 59", WTO_CH, "2024-01-01"),
    HsRow::new("60", Duty::FREE, "industrial goods of chapter 60", WTO_CH, "2024-01-01"),
    HsRow::new("61", Duty::FREE, "industrial goods of chapter 61", WTO_CH, "2024-01-01"),
    HsRow::new("62", Duty::FREE, "industrial goods of chapter 62", WTO_CH, "2024-01-01"),
    HsRow::new("63", Duty::FREE, "industrial goods of chapter 63", WTO_CH, "2024-01-01"),
    HsRow::new("64", Duty::FREE, "industrial goods of chapter 64", WTO_CH, "2024-01-01"),
    HsRow::new("65", Duty::FREE, "industrial goods of chapter 65", WTO_CH, "2024-01-01"),
    HsRow::new("66", Duty::FREE, "industrial goods of chapter 66", WTO_CH, "2024-01-01"),
    HsRow::new("67", Duty::FREE, "industrial goods of chapter 67", WTO_CH, "2024-01-01"),
    HsRow::new("68", Duty::FREE, "industrial goods of chapter 68", WTO_CH, "2024-01-01"),
    HsRow::new("69", Duty::FREE, "industrial goods of chapter 69", WTO_CH, "2024-01-01"),
    HsRow::new("70", Duty::FREE, "industrial goods of chapter 70", WTO_CH, "2024-01-01"),
    HsRow::new("71", Duty::FREE, "industrial goods of chapter 71", WTO_CH, "2024-01-01"),
    HsRow::new("72", Duty::FREE, "industrial goods of chapter 72", WTO_CH, "2024-01-01"),
    HsRow::new("73", Duty::FREE, "industrial goods of chapter 73", WTO_CH, "2024-01-01"),
    HsRow::new("74", Duty::FREE, "industrial goods of chapter 74", WTO_CH, "2024-01-01"),
    HsRow::new("75", Duty::FREE, "industrial goods of chapter 75", WTO_CH, "2024-01-01"),
    HsRow::new("76", Duty::FREE, "industrial goods of chapter 76", WTO_CH, "2024-01-01"),
    HsRow::new("78", Duty::FREE, "industrial goods of chapter 78", WTO_CH, "2024-01-01"),
    HsRow::new("79", Duty::FREE, "industrial goods of chapter 79", WTO_CH, "2024-01-01"),
    HsRow::new("80", Duty::FREE, "industrial goods of chapter 80", WTO_CH, "2024-01-01"),
    HsRow::new("81", Duty::FREE, "industrial goods of chapter 81", WTO_CH, "2024-01-01"),
    HsRow::new("82", Duty::FREE, "industrial goods of chapter 82", WTO_CH, "2024-01-01"),
    HsRow::new("83", Duty::FREE, "industrial goods of chapter 83", WTO_CH, "2024-01-01"),
    HsRow::new("84", Duty::FREE, "industrial goods of chapter 84", WTO_CH, "2024-01-01"),
    HsRow::new("85", Duty::FREE, "industrial goods of chapter 85", WTO_CH, "2024-01-01"),
    HsRow::new("86", Duty::FREE, "industrial goods of chapter 86", WTO_CH, "2024-01-01"),
    HsRow::new("87", Duty::FREE, "industrial goods of chapter 87", WTO_CH, "2024-01-01"),
    HsRow::new("88", Duty::FREE, "industrial goods of chapter 88", WTO_CH, "2024-01-01"),
    HsRow::new("89", Duty::FREE, "industrial goods of chapter 89", WTO_CH, "2024-01-01"),
    HsRow::new("90", Duty::FREE, "industrial goods of chapter 90", WTO_CH, "2024-01-01"),
    HsRow::new("91", Duty::FREE, "industrial goods of chapter 91", WTO_CH, "2024-01-01"),
    HsRow::new("92", Duty::FREE, "industrial goods of chapter 92", WTO_CH, "2024-01-01"),
    HsRow::new("93", Duty::FREE, "industrial goods of chapter 93", WTO_CH, "2024-01-01"),
    HsRow::new("94", Duty::FREE, "industrial goods of chapter 94", WTO_CH, "2024-01-01"),
    HsRow::new("95", Duty::FREE, "industrial goods of chapter 95", WTO_CH, "2024-01-01"),
    HsRow::new("96", Duty::FREE, "industrial goods of chapter 96", WTO_CH, "2024-01-01"),
    HsRow::new("97", Duty::FREE, "industrial goods of chapter 97", WTO_CH, "2024-01-01"),
]);

const WEAPONS_ORDINANCE: &str = "Swiss Weapons Ordinance (WV, SR 514.541) art. 13a";

/// Goods Switzerland restricts, beside the dangerous goods of `crossdock_sdk::customs`.
pub const RESTRICTIONS: HsTable<Restriction> = HsTable::new(&[HsRow::new(
    "8211",
    Restriction::new(
        Severity::Warning,
        "knife_weapons_law",
        "butterfly knives, knives whose blade opens automatically with one hand, throwing knives and certain \
             daggers may not be brought into Switzerland; other knives may be sold, but check the model",
    ),
    "knives with cutting blades",
    WEAPONS_ORDINANCE,
    "2026-11-25",
)]);

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(code: &str) -> crossdock_sdk::HsCode {
        code.parse().unwrap()
    }

    #[test]
    fn every_table_is_well_formed_and_dated() {
        assert_eq!(DUTY.check(), Ok(()));
        assert_eq!(VAT.reduced.check(), Ok(()));
        assert_eq!(RESTRICTIONS.check(), Ok(()));
    }

    #[test]
    fn industrial_goods_are_duty_free_and_agricultural_goods_are_outside_the_table() {
        for code in ["610910", "640411", "330499", "851713", "950300", "711319", "490199", "650500", "691200"] {
            assert_eq!(DUTY.lookup(&hs(code)).map(|r| r.value), Some(Duty::FREE), "{code}");
        }
        for code in ["180632", "090121", "350510", "382499", "220421"] {
            assert!(DUTY.lookup(&hs(code)).is_none(), "{code}");
        }
    }

    #[test]
    fn books_pay_the_reduced_rate() {
        assert_eq!(VAT.rate(Some(&hs("490199"))).0, 260);
        assert_eq!(VAT.rate(Some(&hs("610910"))).0, 810);
    }
}
