//! Japan's duty rates, the goods excluded from the JPY 10,000 exemption, and restricted goods,
//! by HS prefix, every row with its source and the date its figure is as of.
//!
//! Duty rates are those of Japan Customs' applied tariff schedule (実行関税率表) of 2025-04-01
//! (customs.go.jp/tariff/2025_04_01/data/j_NN.htm), as scraped on 2025-06-17 into
//! qlitre/japan-tariff-mcp (`src/tariffdata/j_NN_tariff_data.json`, read 2026-11-25). The rate
//! applied to goods of a WTO member is the lower of the general (基本) and WTO (WTO協定) rates; a
//! WTO rate in parentheses is not lower than the general rate and so not applied. Japanese
//! statistical codes have 9 digits (HS 6 + 3), so a 9-digit row refines its subheading.
//!
//! Rows read:
//! - 6101.20/30, 6102.20/30 (coats, knitted): general 10.9 %, WTO (10.9 %) → 10.9 %.
//! - 6109.10 T-shirts of cotton: -010 multi-coloured or printed 10.9 %; -020 other, general
//!   11.2 %, WTO 7.4 % → 7.4 %. 6109.90 other fibres: -100 10.9 %, -200 7.4 %.
//! - 6110.20 jerseys of cotton: -030 sweatshirts (トレーナー) and -019 embroidered or fancy-knit
//!   WTO (10.9 %) → 10.9 %; -029 other WTO 9.1 %.
//! - 3304.20/30/91/99 make-up and skin-care: general 5.8–6.6 %, WTO free → free.
//! - 4901.10/91/99 books: free.
//! - 9503.00 toys: general free (WTO (free)–(3.9 %) not applied) → free.
//! - 8517.18, 8517.61–8517.79 and 8518.10–8518.29: free. The smartphone line (8517.13) and the
//!   headphone line (8518.30) fell just outside the text read; the heading rows assume free, as
//!   every other line of both headings is.
//! - Not read, left out on purpose (they get `outside_duty_table`): footwear (64, partly under
//!   tariff quotas and specific duties), leather goods (42), jewellery (71), woven apparel (62).

use crossdock_sdk::Severity;
use crossdock_sdk::customs::{Duty, HsRow, HsTable, Restriction};

const TARIFF: &str = "Japan Customs applied tariff schedule 2025-04-01 (via qlitre/japan-tariff-mcp)";

/// Applied rates (the lower of general and WTO), for the documented subset.
pub const DUTY: HsTable<Duty> = HsTable::new(&[
    HsRow::new("330420", Duty::FREE, "eye make-up", TARIFF, "2025-04-01"),
    HsRow::new("330430", Duty::FREE, "manicure and pedicure preparations", TARIFF, "2025-04-01"),
    HsRow::new("330491", Duty::FREE, "powders", TARIFF, "2025-04-01"),
    HsRow::new("330499", Duty::FREE, "beauty and skin-care preparations", TARIFF, "2025-04-01"),
    HsRow::new("4901", Duty::FREE, "printed books and leaflets", TARIFF, "2025-04-01"),
    HsRow::new("610120", Duty::ad_valorem(1090), "men's knitted coats of cotton", TARIFF, "2025-04-01"),
    HsRow::new("610130", Duty::ad_valorem(1090), "men's knitted coats of man-made fibres", TARIFF, "2025-04-01"),
    HsRow::new("610220", Duty::ad_valorem(1090), "women's knitted coats of cotton", TARIFF, "2025-04-01"),
    HsRow::new("610230", Duty::ad_valorem(1090), "women's knitted coats of man-made fibres", TARIFF, "2025-04-01"),
    HsRow::new("610910", Duty::ad_valorem(1090), "T-shirts of cotton", TARIFF, "2025-04-01"),
    HsRow::new(
        "610910010",
        Duty::ad_valorem(1090),
        "T-shirts of cotton, multi-coloured or printed",
        TARIFF,
        "2025-04-01",
    ),
    HsRow::new("610910020", Duty::ad_valorem(740), "T-shirts of cotton, other", TARIFF, "2025-04-01"),
    HsRow::new("610990", Duty::ad_valorem(1090), "T-shirts of other textiles", TARIFF, "2025-04-01"),
    HsRow::new(
        "610990100",
        Duty::ad_valorem(1090),
        "T-shirts of other textiles, multi-coloured or printed",
        TARIFF,
        "2025-04-01",
    ),
    HsRow::new("610990200", Duty::ad_valorem(740), "T-shirts of other textiles, other", TARIFF, "2025-04-01"),
    HsRow::new("611020", Duty::ad_valorem(1090), "jerseys and sweatshirts of cotton", TARIFF, "2025-04-01"),
    HsRow::new(
        "611020019",
        Duty::ad_valorem(1090),
        "cotton jerseys, embroidered, laced or fancy-knit",
        TARIFF,
        "2025-04-01",
    ),
    HsRow::new("611020029", Duty::ad_valorem(910), "cotton jerseys, other", TARIFF, "2025-04-01"),
    HsRow::new("611020030", Duty::ad_valorem(1090), "cotton sweatshirts", TARIFF, "2025-04-01"),
    HsRow::new("8517", Duty::FREE, "telephones, smartphones and network equipment", TARIFF, "2025-04-01"),
    HsRow::new("8518", Duty::FREE, "microphones, loudspeakers and headphones", TARIFF, "2025-04-01"),
    HsRow::new("9503", Duty::FREE, "toys, models and puzzles", TARIFF, "2025-04-01"),
]);

/// Subheadings of [`DUTY`] whose rate is the highest of their statistical codes.
pub const CEILINGS: HsTable<&'static str> = HsTable::new(&[
    HsRow::new(
        "610910",
        "610910010 multi-coloured or printed: 10.9%; 610910020 other: 7.4%",
        "T-shirts of cotton",
        TARIFF,
        "2025-04-01",
    ),
    HsRow::new(
        "610990",
        "610990100 multi-coloured or printed: 10.9%; 610990200 other: 7.4%",
        "T-shirts of other textiles",
        TARIFF,
        "2025-04-01",
    ),
    HsRow::new(
        "611020",
        "611020030 sweatshirts or 611020019 fancy-knit: 10.9%; 611020029 other: 9.1%",
        "jerseys of cotton",
        TARIFF,
        "2025-04-01",
    ),
]);

/// How a good stands towards the JPY 10,000 exemption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// Named by the Cabinet Order: always taxed.
    Excluded,
    /// Liquor and tobacco: always taxed, and their excise (liquor tax, tobacco tax) is not
    /// computed here.
    Excise,
    /// A source names it and another does not: exempted here, with a warning.
    Uncertain,
}

const ORDER: &str = "Customs Tariff Act art. 14(18), Cabinet Order art. 16-3; Customs Answer 1006 (customs.go.jp)";
const ORDER_NOTE: &str = "Order art. 16-3 items 8 and 10 (headings 61.01-61.10, 61.12-61.14), item 11 (6115.10-1, \
                          6115.21-29), as quoted from kanzei.or.jp in a research note read 2026-11-25";
const MARKETS_J4: &str = "Hunade via MARKETS.md J4 names footwear and furs; Customs Answer 1006 names leather shoes \
                          and ski boots only";

/// Goods excluded from the JPY 10,000 exemption, by HS prefix. Customs Answer 1006 names
/// "leather bags, handbags, gloves etc., knitted clothing (T-shirts, sweaters etc.), ski boots,
/// leather shoes…"; the Order's items were checked for chapter 61 only.
pub const EXCLUDED: HsTable<Exclusion> = HsTable::new(&[
    HsRow::new("2203", Exclusion::Excise, "beer", ORDER, "2026-11-25"),
    HsRow::new("2204", Exclusion::Excise, "wine", ORDER, "2026-11-25"),
    HsRow::new("2205", Exclusion::Excise, "vermouth", ORDER, "2026-11-25"),
    HsRow::new("2206", Exclusion::Excise, "other fermented beverages", ORDER, "2026-11-25"),
    HsRow::new("2208", Exclusion::Excise, "spirits", ORDER, "2026-11-25"),
    HsRow::new("24", Exclusion::Excise, "tobacco", ORDER, "2026-11-25"),
    HsRow::new("420211", Exclusion::Excluded, "trunks and cases with outer surface of leather", ORDER, "2026-11-25"),
    HsRow::new("420221", Exclusion::Excluded, "handbags with outer surface of leather", ORDER, "2026-11-25"),
    HsRow::new("420231", Exclusion::Excluded, "wallets and pocket goods of leather", ORDER, "2026-11-25"),
    HsRow::new("420291", Exclusion::Excluded, "other bags with outer surface of leather", ORDER, "2026-11-25"),
    HsRow::new("420321", Exclusion::Excluded, "leather sports gloves", ORDER, "2026-11-25"),
    HsRow::new("420329", Exclusion::Excluded, "leather gloves", ORDER, "2026-11-25"),
    HsRow::new("4303", Exclusion::Uncertain, "articles of furskin", MARKETS_J4, "2026-11-25"),
    HsRow::new("6101", Exclusion::Excluded, "men's knitted coats", ORDER_NOTE, "2026-11-25"),
    HsRow::new("6102", Exclusion::Excluded, "women's knitted coats", ORDER_NOTE, "2026-11-25"),
    HsRow::new("6103", Exclusion::Excluded, "men's knitted suits and trousers", ORDER_NOTE, "2026-11-25"),
    HsRow::new("6104", Exclusion::Excluded, "women's knitted suits, dresses and trousers", ORDER_NOTE, "2026-11-25"),
    HsRow::new("6105", Exclusion::Excluded, "men's knitted shirts", ORDER_NOTE, "2026-11-25"),
    HsRow::new("6106", Exclusion::Excluded, "women's knitted blouses", ORDER_NOTE, "2026-11-25"),
    HsRow::new("6107", Exclusion::Excluded, "men's knitted underwear", ORDER_NOTE, "2026-11-25"),
    HsRow::new("6108", Exclusion::Excluded, "women's knitted underwear", ORDER_NOTE, "2026-11-25"),
    HsRow::new("6109", Exclusion::Excluded, "knitted T-shirts", ORDER_NOTE, "2026-11-25"),
    HsRow::new("6110", Exclusion::Excluded, "knitted jerseys and cardigans", ORDER_NOTE, "2026-11-25"),
    HsRow::new("6112", Exclusion::Excluded, "knitted tracksuits and swimwear", ORDER_NOTE, "2026-11-25"),
    HsRow::new("6113", Exclusion::Excluded, "knitted coated garments", ORDER_NOTE, "2026-11-25"),
    HsRow::new("6114", Exclusion::Excluded, "other knitted garments", ORDER_NOTE, "2026-11-25"),
    HsRow::new("611510", Exclusion::Uncertain, "graduated compression hosiery", ORDER_NOTE, "2026-11-25"),
    HsRow::new("611521", Exclusion::Excluded, "pantyhose and tights of synthetic fibres", ORDER_NOTE, "2026-11-25"),
    HsRow::new("611522", Exclusion::Excluded, "pantyhose and tights, 67 decitex or more", ORDER_NOTE, "2026-11-25"),
    HsRow::new("611529", Exclusion::Excluded, "pantyhose and tights of other fibres", ORDER_NOTE, "2026-11-25"),
    HsRow::new("6401", Exclusion::Uncertain, "waterproof footwear", MARKETS_J4, "2026-11-25"),
    HsRow::new("6402", Exclusion::Uncertain, "rubber or plastic footwear", MARKETS_J4, "2026-11-25"),
    HsRow::new("640212", Exclusion::Excluded, "ski boots (rubber or plastic uppers)", ORDER, "2026-11-25"),
    HsRow::new("6403", Exclusion::Excluded, "leather-upper footwear, ski boots included", ORDER, "2026-11-25"),
    HsRow::new("6404", Exclusion::Uncertain, "textile-upper footwear", MARKETS_J4, "2026-11-25"),
    HsRow::new("6405", Exclusion::Uncertain, "other footwear", MARKETS_J4, "2026-11-25"),
]);

const FIREARMS_SWORDS: &str =
    "Firearms and Swords Control Act (Act No. 6 of 1958), arts. 3 and 22, not re-read 2026-11-25";
const PMD: &str = "Japan Customs tariff schedule 2025-04-01: other-law code PA (Pharmaceuticals and Medical \
                   Devices Act) on heading 33.04";

const KNIVES: Restriction = Restriction::new(
    Severity::Warning,
    "controlled_blade",
    "switchblades with a blade over 5.5 cm may not be possessed in Japan, and swords need registration with the \
     prefectural board of education; ordinary kitchen knives are free to import. Check the product",
);
const COSMETICS: Restriction = Restriction::new(
    Severity::Info,
    "pharmaceutical_affairs_law",
    "cosmetics fall under the Pharmaceuticals and Medical Devices Act: selling them in Japan needs a licensed \
     marketing authorisation holder, and customs checks quantities of personal imports",
);

/// Goods Japan controls or carriers refuse, with the finding each one raises.
pub const RESTRICTED: HsTable<Restriction> = HsTable::new(&[
    HsRow::new("8211", KNIVES, "knives with cutting blades", FIREARMS_SWORDS, "2026-11-25"),
    HsRow::new("9307", KNIVES, "swords and similar arms", FIREARMS_SWORDS, "2026-11-25"),
    HsRow::new("3304", COSMETICS, "beauty and make-up preparations", PMD, "2025-04-01"),
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
        assert_eq!(EXCLUDED.check(), Ok(()));
        assert_eq!(RESTRICTED.check(), Ok(()));
        for row in CEILINGS.rows() {
            assert!(DUTY.rows().iter().any(|d| d.prefix == row.prefix), "{}", row.prefix);
        }
    }

    #[test]
    fn a_statistical_code_refines_its_subheading_within_the_ceiling() {
        let rate = |code: &str| DUTY.lookup(&hs(code)).map(|r| r.value.rate_bp());
        assert_eq!(rate("610910"), Some(1090));
        assert_eq!(rate("610910020"), Some(740));
        assert_eq!(rate("6109100100"), Some(1090));
        assert_eq!(rate("611020029"), Some(910));
        for fine in DUTY.rows().iter().filter(|r| r.prefix.len() == 9) {
            let parent = DUTY.lookup(&hs(&fine.prefix[..6])).map(|r| r.value.rate_bp()).unwrap_or(0);
            assert!(fine.value.rate_bp() <= parent, "{} above its subheading", fine.prefix);
        }
        assert_eq!(rate("490199"), Some(0));
        assert_eq!(rate("640399"), None, "footwear is outside the documented subset");
    }

    #[test]
    fn knitwear_leather_bags_and_shoes_are_excluded_but_socks_and_books_are_not() {
        let exclusion = |c: &str| EXCLUDED.lookup(&hs(c)).map(|r| r.value);
        assert_eq!(exclusion("610910"), Some(Exclusion::Excluded));
        assert_eq!(exclusion("420221"), Some(Exclusion::Excluded));
        assert_eq!(exclusion("640399"), Some(Exclusion::Excluded));
        assert_eq!(exclusion("640212"), Some(Exclusion::Excluded));
        assert_eq!(exclusion("640291"), Some(Exclusion::Uncertain));
        assert_eq!(exclusion("220830"), Some(Exclusion::Excise));
        assert_eq!(exclusion("611595"), None, "ordinary socks are not on the list");
        assert_eq!(exclusion("620342"), None, "woven apparel is not on the list");
        assert_eq!(exclusion("490199"), None);
    }
}
