//! Canadian MFN duty rates for a documented subset of goods, and the goods Canada restricts.
//!
//! Rows are keyed by HS subheading (6 digits) where every tariff item under it pays one rate,
//! and by Canadian tariff item (8 digits) otherwise, so a code is never charged a rate that
//! belongs to a sibling item. Goods outside the table get no rate: the caller reports
//! `outside_duty_table` rather than guess.
//!
//! Sources ("read" is 2026-11-25):
//! - `MIRROR`: CBSA Customs Tariff, schedule, as restated line by line by betterdollar.com ("Duty
//!   rate for …", MFN Tariff column, "For the latest tariff rate, please refer to CBSA"), pages
//!   in its August 2009 archive — a secondary source. The 2025 tariff as tabulated by htshub.com
//!   ("T2025 2025-01-01") shows the same 18 % and 17 % bands for neighbouring textile items, but
//!   not these lines. Re-check each rate in the CBSA Customs Tariff before relying on it for a
//!   binding declaration.
//! - `T2025`: the CBSA Customs Tariff T2025 (in force 2025-01-01) as tabulated heading by heading
//!   by htshub.com ("2025 Canada Customs Tariff … chapter-by-chapter (T2025 2025-01-01)", MFN
//!   Tariff column) — a secondary source mirroring the CBSA schedule.
//!
//! The subset is small on purpose: T-shirts (6109), jewellery of precious metal or clad with it
//! (7113) and toys (9503). Heading 9503 is split in Canada: wheeled toys ridden by children and
//! dolls' carriages (9503.00.10) pay 8 %, every other toy (9503.00.90) is free, so a six-digit
//! 950300 has no row and gets `outside_duty_table` rather than either rate.
//!
//! Left out, because no line of the current schedule could be read with the search tools (a
//! rate is never guessed from a neighbour):
//! - other apparel (61–62) and footwear (64): CBSA's Duty and Taxes Estimator gives only the
//!   highest rate of each category (18 % for clothing and shoes, "where specific products within a
//!   category of goods have different rates of duty, the highest rate has been used"), and the
//!   2009 mirror shows waterproof rubber boots (6401) at 20 %, above it; this plugin has no
//!   ceiling warning, so a ceiling is not applied silently;
//! - cosmetics (3304), imitation jewellery (7117), books (4901), phones (8517), headphones and
//!   speakers (8518), computers (8471) and chargers (8504): no tariff line read.

use crossdock_sdk::Severity;
use crossdock_sdk::customs::{Duty, HsRow, HsTable, Restriction};

const MIRROR_61: &str = "CBSA Customs Tariff ch. 61 as restated by betterdollar.com (2009-08 archive), MFN column";
const MIRROR_71: &str = "CBSA Customs Tariff ch. 71 as restated by betterdollar.com, MFN column";
const T2025_95: &str =
    "CBSA Customs Tariff T2025, heading 95.03, as tabulated by htshub.com (secondary; T2025 2025-01-01), MFN column";

/// MFN rates for the documented subset.
pub const DUTY: HsTable<Duty> = HsTable::new(&[
    HsRow::new("610910", Duty::ad_valorem(1800), "T-shirts and singlets of cotton", MIRROR_61, "2009-08-01"),
    HsRow::new("610990", Duty::ad_valorem(1800), "T-shirts and singlets of other textiles", MIRROR_61, "2009-08-01"),
    HsRow::new("71131110", Duty::ad_valorem(500), "silver jewellery findings, not plated", MIRROR_71, "2026-11-25"),
    HsRow::new("71131190", Duty::ad_valorem(850), "other silver jewellery", MIRROR_71, "2026-11-25"),
    HsRow::new("71131910", Duty::ad_valorem(500), "gold or platinum findings, not plated", MIRROR_71, "2026-11-25"),
    HsRow::new("71131990", Duty::ad_valorem(650), "other gold or platinum jewellery", MIRROR_71, "2026-11-25"),
    HsRow::new(
        "71132010",
        Duty::ad_valorem(500),
        "findings of base metal clad with precious metal",
        MIRROR_71,
        "2026-11-25",
    ),
    HsRow::new(
        "71132090",
        Duty::ad_valorem(850),
        "other jewellery of base metal clad with precious metal",
        MIRROR_71,
        "2026-11-25",
    ),
    HsRow::new(
        "95030010",
        Duty::ad_valorem(800),
        "wheeled toys designed to be ridden by children; dolls' carriages",
        T2025_95,
        "2025-01-01",
    ),
    HsRow::new("95030090", Duty::FREE, "other toys, scale models and puzzles", T2025_95, "2025-01-01"),
]);

/// Knives: Criminal Code s. 84(1) "prohibited weapon", tariff item 9898.00.00 and Customs
/// Tariff s. 136(1); CBSA Customs Notice 18-01 (2018-01-05, revised 2018-01-10) on knives that
/// open by centrifugal force, after CITT appeal AP-2017-012.
const KNIVES: &str = "Criminal Code s. 84(1); tariff item 9898.00.00; CBSA Customs Notice 18-01";

const KNIFE: Restriction = Restriction::new(
    Severity::Warning,
    "prohibited_weapon_knife",
    "knives whose blade opens automatically by a button, spring, gravity or centrifugal force (including \
     flipper knives that open fully with a flick of the wrist) are prohibited weapons and are seized when an \
     individual imports them; make sure this folding knife opens by hand only",
);

/// Goods restricted on import, beside the dangerous goods of `crossdock_sdk::customs` (lithium
/// batteries alone, perfume, aerosols), which the assessment applies by post or by courier.
pub const RESTRICTED: HsTable<Restriction> =
    HsTable::new(&[HsRow::new("821193", KNIFE, "knives with other than fixed blades", KNIVES, "2018-01-10")]);

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::HsCode;

    fn rate(code: &str) -> Option<u32> {
        DUTY.lookup(&code.parse::<HsCode>().unwrap()).map(|r| r.value.rate_bp())
    }

    #[test]
    fn every_table_is_well_formed() {
        assert_eq!(DUTY.check(), Ok(()));
        assert_eq!(RESTRICTED.check(), Ok(()));
    }

    #[test]
    fn cotton_t_shirts_pay_18_percent() {
        assert_eq!(rate("610910"), Some(1800));
        assert_eq!(rate("6109100012"), Some(1800));
    }

    #[test]
    fn jewellery_needs_the_tariff_item_because_its_items_differ() {
        assert_eq!(rate("7113119000"), Some(850));
        assert_eq!(rate("71131910"), Some(500));
        assert_eq!(rate("711311"), None);
    }

    #[test]
    fn jewellery_clad_with_precious_metal_pays_8_5_percent_and_its_findings_5() {
        assert_eq!(rate("7113209000"), Some(850));
        assert_eq!(rate("71132010"), Some(500));
        assert_eq!(rate("711320"), None, "the subheading alone does not say which");
    }

    #[test]
    fn ride_on_toys_pay_8_percent_and_other_toys_are_free() {
        // T2025: 9503.00.10 (tricycles, scooters, pedal cars, dolls' carriages) 8 %; 9503.00.90 Free.
        assert_eq!(rate("9503001090"), Some(800));
        assert_eq!(rate("9503009051"), Some(0));
        assert_eq!(rate("950300"), None, "six digits cannot tell a scooter from a plush toy");
    }

    #[test]
    fn goods_outside_the_subset_have_no_row() {
        for code in ["640411", "330499", "851830", "851713", "847130", "490199", "711719", "611020"] {
            assert_eq!(rate(code), None, "{code}");
        }
    }
}
