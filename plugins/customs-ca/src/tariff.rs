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
//!   in its August 2009 archive. The current CBSA tariff (T2026) could not be reached with the
//!   search tools; the 2025 tariff as tabulated by htshub.com ("T2025 2025-01-01") shows the same
//!   18 % and 17 % bands for neighbouring textile items, but not these lines. Re-check each rate
//!   in the CBSA Customs Tariff before relying on it for a binding declaration.
//!
//! The subset is small on purpose: apparel (61), jewellery (71). Footwear, cosmetics,
//! electronics, toys and books were not found in a dated source during the last check and are
//! left out; they get `outside_duty_table`.

use crossdock_sdk::Severity;
use crossdock_sdk::customs::{Duty, HsRow, HsTable, Restriction};

const MIRROR_61: &str = "CBSA Customs Tariff ch. 61 as restated by betterdollar.com (2009-08 archive), MFN column";
const MIRROR_71: &str = "CBSA Customs Tariff ch. 71 as restated by betterdollar.com, MFN column";

/// MFN rates for the documented subset.
pub const DUTY: HsTable<Duty> = HsTable::new(&[
    HsRow::new("610910", Duty::ad_valorem(1800), "T-shirts and singlets of cotton", MIRROR_61, "2009-08-01"),
    HsRow::new("610990", Duty::ad_valorem(1800), "T-shirts and singlets of other textiles", MIRROR_61, "2009-08-01"),
    HsRow::new("71131110", Duty::ad_valorem(500), "silver jewellery findings, not plated", MIRROR_71, "2026-11-25"),
    HsRow::new("71131190", Duty::ad_valorem(850), "other silver jewellery", MIRROR_71, "2026-11-25"),
    HsRow::new("71131910", Duty::ad_valorem(500), "gold or platinum findings, not plated", MIRROR_71, "2026-11-25"),
    HsRow::new("71131990", Duty::ad_valorem(650), "other gold or platinum jewellery", MIRROR_71, "2026-11-25"),
]);

/// Lithium batteries: ICAO and UPU rules keep lithium cells and batteries shipped without their
/// equipment out of international air mail (stamps.com, USPS lithium battery standards,
/// 2023-05-09); Canada Post accepts them in its own mail only under its battery conditions
/// (Canada Post, "Mailing batteries", read 2026-11-25).
const LITHIUM: &str = "ICAO/UPU rules via stamps.com USPS lithium standards; Canada Post battery conditions";
const LITHIUM_AS_OF: &str = "2023-05-09";
/// Knives: Criminal Code s. 84(1) "prohibited weapon", tariff item 9898.00.00 and Customs
/// Tariff s. 136(1); CBSA Customs Notice 18-01 (2018-01-05, revised 2018-01-10) on knives that
/// open by centrifugal force, after CITT appeal AP-2017-012.
const KNIVES: &str = "Criminal Code s. 84(1); tariff item 9898.00.00; CBSA Customs Notice 18-01";

const BATTERY_COURIER: Restriction = Restriction::new(
    Severity::Warning,
    "lithium_batteries_alone",
    "lithium cells or batteries shipped without the equipment they power are dangerous goods (UN3480 or \
     UN3090): the carrier must accept them as such",
);
const BATTERY_POSTAL: Restriction = Restriction::new(
    Severity::Blocking,
    "lithium_batteries_alone",
    "lithium cells or batteries without the equipment they power cannot travel in international mail: send \
     them by a carrier that accepts dangerous goods, or installed in their device",
);
const KNIFE: Restriction = Restriction::new(
    Severity::Warning,
    "prohibited_weapon_knife",
    "knives whose blade opens automatically by a button, spring, gravity or centrifugal force (including \
     flipper knives that open fully with a flick of the wrist) are prohibited weapons and are seized when an \
     individual imports them; make sure this folding knife opens by hand only",
);

/// Restricted goods when the shipment goes by courier.
pub const RESTRICTED_COURIER: HsTable<Restriction> = HsTable::new(&[
    HsRow::new("850650", BATTERY_COURIER, "lithium primary cells and batteries", LITHIUM, LITHIUM_AS_OF),
    HsRow::new("850760", BATTERY_COURIER, "lithium-ion accumulators", LITHIUM, LITHIUM_AS_OF),
    HsRow::new("821193", KNIFE, "knives with other than fixed blades", KNIVES, "2018-01-10"),
]);

/// Restricted goods when the shipment goes by post.
pub const RESTRICTED_POSTAL: HsTable<Restriction> = HsTable::new(&[
    HsRow::new("850650", BATTERY_POSTAL, "lithium primary cells and batteries", LITHIUM, LITHIUM_AS_OF),
    HsRow::new("850760", BATTERY_POSTAL, "lithium-ion accumulators", LITHIUM, LITHIUM_AS_OF),
    HsRow::new("821193", KNIFE, "knives with other than fixed blades", KNIVES, "2018-01-10"),
]);

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
        assert_eq!(RESTRICTED_COURIER.check(), Ok(()));
        assert_eq!(RESTRICTED_POSTAL.check(), Ok(()));
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
    fn goods_outside_the_subset_have_no_row() {
        for code in ["640411", "330499", "950300", "851830", "490199"] {
            assert_eq!(rate(code), None, "{code}");
        }
    }

    #[test]
    fn lithium_batteries_block_only_by_post() {
        let hs: HsCode = "850760".parse().unwrap();
        assert_eq!(RESTRICTED_COURIER.lookup(&hs).unwrap().value.severity, Severity::Warning);
        assert_eq!(RESTRICTED_POSTAL.lookup(&hs).unwrap().value.severity, Severity::Blocking);
    }
}
