//! New Zealand's rates and restrictions by HS prefix, every row with its source and the date its
//! figure is as of.
//!
//! The duty table covers a documented subset of ecommerce goods; a code outside it gets an
//! `outside_duty_table` finding from the SDK (blocking above NZD 1,000, information below),
//! never a guessed rate. Rows marked in [`CEILINGS`] apply the highest rate found under the
//! prefix, so a code is never under-assessed; the plugin adds a `duty_rate_ceiling` warning.
//!
//! What was checked (2026-11-25), and what was not:
//! - Apparel (chapters 61–62) and footwear (64): New Zealand's tariff on these ranges from Free
//!   to 10 % (US International Trade Administration, "New Zealand: ad valorem tariff ranges for
//!   textiles, apparel, footwear and travel goods", updated 2017-08-14: apparel 61–62 0–10 %,
//!   footwear 64 0–10 %; trade.gov Country Commercial Guide "New Zealand — Import Tariffs": "most
//!   tariffs range from 0 % to 10 %, mainly affecting imports like clothing, footwear"). The
//!   Working Tariff Document's lines were not read: 10 % is applied as the ceiling.
//! - Computers (8471): "nearly all computer software and hardware are duty-free" (trade.gov
//!   Country Commercial Guide, read 2026-11-25).
//! - Smartphones (8517.13) and printed books (4901): Free, as a secondary source only — a
//!   shipping agent's table of New Zealand duty by product category (shipcustomerdirect.com, "New
//!   Zealand – NZ", "Mobiles – 0%", "Books & Collectibles – 0%", page © 2025, read 2026-11-25).
//!   The Working Tariff Document's lines were not read.
//! - Cosmetics (33), toys (95), jewellery (71), headphones and speakers (8518) and chargers (8504)
//!   are left out on purpose and get `outside_duty_table`: the same agent's table gives only
//!   category rates ("Health & Beauty – 5%", "Toys – 5%", "Jewelry – 0%", "Audio Video – 5%")
//!   that cannot be tied to a tariff item, and no line of the Working Tariff Document was read.

use crossdock_sdk::Severity;
use crossdock_sdk::customs::{Duty, HsRow, HsTable, Restriction, TaxRates};

use crate::rules;

const ITA_RANGES: &str = "US ITA, New Zealand tariff ranges for textiles, apparel, footwear (2017-08-14); trade.gov \
                          Country Commercial Guide, New Zealand Import Tariffs";
const CCG: &str = "trade.gov Country Commercial Guide, New Zealand Import Tariffs (computer hardware duty-free)";
const AGENT: &str = "shipcustomerdirect.com, New Zealand duty by category (secondary; page (c) 2025), Working Tariff \
                     Document not read";

/// Normal tariff rates (Tariff Act 1988, Working Tariff Document), for the documented subset.
pub const DUTY: HsTable<Duty> = HsTable::new(&[
    HsRow::new("61", Duty::ad_valorem(1000), "knitted or crocheted apparel", ITA_RANGES, "2017-08-14"),
    HsRow::new("62", Duty::ad_valorem(1000), "woven apparel", ITA_RANGES, "2017-08-14"),
    HsRow::new("64", Duty::ad_valorem(1000), "footwear", ITA_RANGES, "2017-08-14"),
    HsRow::new("8471", Duty::FREE, "computers", CCG, "2026-11-25"),
    HsRow::new("851713", Duty::FREE, "smartphones", AGENT, "2026-11-25"),
    HsRow::new("4901", Duty::FREE, "printed books, brochures and leaflets", AGENT, "2026-11-25"),
]);

const RANGE: &str = "New Zealand's rates under this chapter range from Free to 10 %";

/// Prefixes of [`DUTY`] whose rate is the highest of a range, not every line's.
pub const CEILINGS: HsTable<&'static str> = HsTable::new(&[
    HsRow::new("61", RANGE, "knitted or crocheted apparel", ITA_RANGES, "2017-08-14"),
    HsRow::new("62", RANGE, "woven apparel", ITA_RANGES, "2017-08-14"),
    HsRow::new("64", RANGE, "footwear", ITA_RANGES, "2017-08-14"),
]);

/// GST: one rate for every good.
pub const GST: TaxRates = TaxRates::standard(rules::GST_BP, rules::GST_SOURCE, rules::GST_SINCE);

const N1: &str = "Customs and Excise Amendment Regulations 2019 (LI 2019/250): alcohol and tobacco aside";

/// Excise goods: Customs still collects duty and GST on them whatever the value (N1), at
/// specific excise-equivalent rates this plugin does not compute.
pub const EXCISE: HsTable<()> = HsTable::new(&[
    HsRow::new("2203", (), "beer", N1, "2019-12-01"),
    HsRow::new("2204", (), "wine", N1, "2019-12-01"),
    HsRow::new("2205", (), "vermouth", N1, "2019-12-01"),
    HsRow::new("2206", (), "other fermented beverages", N1, "2019-12-01"),
    HsRow::new("2208", (), "spirits", N1, "2019-12-01"),
    HsRow::new("24", (), "tobacco", N1, "2019-12-01"),
]);

const KNIVES_ORDER: &str = "Customs Import Prohibition Order 2017 (LI 2017/214), Schedule: prohibited offensive \
                            weapons imports (legislation.govt.nz version read 2026-11-25; its confirmation after \
                            2018 not re-checked)";

const KNIVES: Restriction = Restriction::new(
    Severity::Warning,
    "prohibited_weapon_possible",
    "flick knives, gravity and butterfly knives, knives disguised or designed for concealment, throwing and push \
     knives and knuckledusters are prohibited imports; an ordinary folding pocket knife with a blade under 10 cm \
     is not. Check the product before shipping",
);

/// Goods New Zealand restricts or carriers refuse, with the finding each one raises.
pub const RESTRICTED: HsTable<Restriction> = HsTable::new(&[
    HsRow::new("8211", KNIVES, "knives with cutting blades", KNIVES_ORDER, "2026-11-25"),
    HsRow::new("9307", KNIVES, "swords, bayonets and similar arms", KNIVES_ORDER, "2026-11-25"),
]);

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::HsCode;

    fn hs(code: &str) -> HsCode {
        code.parse().unwrap()
    }

    #[test]
    fn every_table_has_valid_unique_prefixes_dates_and_sources() {
        assert_eq!(DUTY.check(), Ok(()));
        assert_eq!(CEILINGS.check(), Ok(()));
        assert_eq!(EXCISE.check(), Ok(()));
        assert_eq!(RESTRICTED.check(), Ok(()));
        for row in CEILINGS.rows() {
            assert!(DUTY.rows().iter().any(|d| d.prefix == row.prefix), "{}", row.prefix);
        }
    }

    #[test]
    fn apparel_pays_the_ten_percent_ceiling_and_computers_nothing() {
        let rate = |code: &str| DUTY.lookup(&hs(code)).map(|r| r.value.rate_bp());
        assert_eq!(rate("610910"), Some(1000));
        assert_eq!(rate("640399"), Some(1000));
        assert_eq!(rate("847130"), Some(0));
    }

    #[test]
    fn phones_and_books_are_free_and_cosmetics_toys_and_jewellery_have_no_row() {
        let rate = |code: &str| DUTY.lookup(&hs(code)).map(|r| r.value.rate_bp());
        assert_eq!(rate("851713"), Some(0));
        assert_eq!(rate("490199"), Some(0));
        assert_eq!(rate("490110"), Some(0));
        for code in ["330499", "950300", "711319", "711719", "851830", "850440", "851762"] {
            assert_eq!(rate(code), None, "{code}");
        }
    }

    #[test]
    fn knives_are_flagged() {
        let code = |c: &str| RESTRICTED.lookup(&hs(c)).map(|r| r.value.code);
        assert_eq!(code("821192"), Some("prohibited_weapon_possible"));
        assert_eq!(code("850650"), None, "dangerous goods are the SDK's table");
        assert_eq!(code("610910"), None);
    }
}
