//! Every figure customs-no applies, with its source and the date it is as of.
//!
//! Sources (IDs O1–O5 as in `shared/data/MARKETS.md`, checked there 2026-11-25; the others read
//! 2026-11-25 unless a date is given):
//! - O1 Skatteetaten, VAT on low-value imported goods: the VOEC scheme covers goods under
//!   NOK 3,000 **per item** (the item's price at sale, shipping and insurance excluded) sold to
//!   consumers; the registered seller charges 25 % VAT on the price including shipping.
//! - O2 Tolletaten, "The VOEC scheme": VOEC goods are exempt from customs duty; in force since
//!   2020-04-01 (toll.no news of 2019: "There will be no Customs duty on items purchased through
//!   a VOEC online shop").
//! - O3 Posten, and The Local 2023-12-07: since 2024-01-01 goods from sellers outside VOEC pay VAT
//!   (and duty where applicable) from the first krone; the NOK 350 limit is gone. (toll.no's
//!   "Clothes and shoes bought online" page says the limit went on 1 October 2023; Posten,
//!   The Local and MARKETS.md say 2024-01-01, which is used.)
//! - O4 Fiscal Requirements, Storting's VAT rates for 2026: standard rate 25 %.
//! - Tolletaten, "Calculating customs duty and taxes" (toll.no, corporate import): the customs
//!   value includes transport to Norway and insurance (CIF); the VAT basis is the customs value
//!   plus duties and special taxes; duty applies to "some types of goods, like textiles and
//!   foodstuffs".
//! - Tolletaten, "Clothes and shoes bought online": clothing may be dutiable, at rates that vary
//!   by garment (so chapters 61–62 are left out and reported `outside_duty_table`); "There is no
//!   customs duty on shoes".
//! - Tolletaten, "Books" (updated 2025-05-20): no customs duty or VAT on books; the VAT exemption
//!   also covers newspapers and magazines (HS 4901–4903 here); music sheets and photo books are
//!   not books.
//! - Industrial goods other than textiles: Tolletaten, "Online shopping"
//!   (toll.no/en/online-shopping): "Most products are not liable for customs duty. In simple
//!   terms, duty only applies to clothes and food" (the copy read still mentions the NOK 350 limit,
//!   so it predates 2024); the Minister of Finance's answer to the Storting's written question
//!   15:310 (2009–2010, answered 2009-12-10): of industrial goods other than foodstuffs, only some
//!   clothing and other textiles still carry duty; and "Calculating customs duty and taxes" above.
//!   Rows read from these: cosmetics and toiletries 3303–3307 (3301–3302 left out: essential oils
//!   and flavourings may be processed agricultural goods), jewellery and precious metals 71,
//!   computers 8471, electrical and electronic goods 85, toys 9503 and games 9504 — all 0 %.
//!   customsdutyfree.com ("Norway – customs and import duty", secondary) agrees for laptops.
//! - Tolletaten, transitional arrangement page and 2019 news: VOEC does not cover foodstuffs
//!   (food, beverages, supplements, vitamins), goods subject to import restrictions
//!   (pharmaceuticals, weapons, alcohol, tobacco) or excise goods.
//! - Restrictions: UPU "Dangerous goods" campaign (upu.int); Tolletaten as quoted by NRK:
//!   switchblades ("springkniver") and butterfly knives are not legal in Norway (weapons
//!   regulations) and are seized at import.
//!
//! Left out: clothing (61–62). Tolletaten says only that "in most cases" the rate is 10.7 % and
//! that rates "vary according to type of garment"; the per-line rates could not be read from the
//! tariff itself, and the readings found disagree (2008–2009 Storting answers list 5.9 %, 6.4 %,
//! 6.9 %, 7 %, 10.7 % and 0 % by garment and fibre; the 2013 budget proposed one 5.6 % for several; a
//! 2019 party statement says collared T-shirts are duty-free and others 10.7 %, while
//! customsdutyfree.com gives 10.7 % for knitted polo shirts). So clothing outside VOEC is reported
//! `outside_duty_table` and blocks. Also left out: headgear (65), tableware (69) and the rest of the
//! tariff. Food's 15 % VAT rate is not encoded either: food is outside VOEC and its duty is not
//! documented, so it blocks anyway.

use crossdock_sdk::Severity;
use crossdock_sdk::customs::{Duty, HsRow, HsTable, Restriction, TaxRates};

/// VOEC covers items priced under this many øre (NOK 3,000), each (O1).
pub const VOEC_ITEM_LIMIT_ORE: i64 = 300_000;
/// First day of VOEC (O2).
pub const VOEC_SINCE: &str = "2020-04-01";
/// First day of VAT from the first krone outside VOEC (O3).
pub const FIRST_KRONE_SINCE: &str = "2024-01-01";

const VAT_2026: &str = "Norwegian VAT standard rate 25 % for 2026 (O4, Storting's budget)";
const TOLL_BOOKS: &str = "Tolletaten, Books (toll.no, updated 2025-05-20): no customs duty or VAT on books, newspapers \
                          and magazines";

/// Norwegian VAT: 25 %, books and periodicals 0 %.
pub const VAT: TaxRates = TaxRates::standard(2500, VAT_2026, "2026-01-01").with_reduced(&[
    HsRow::new("4901", 0, "printed books, brochures and leaflets", TOLL_BOOKS, "2025-05-20"),
    HsRow::new("4902", 0, "newspapers and periodicals", TOLL_BOOKS, "2025-05-20"),
    HsRow::new("4903", 0, "children's picture, drawing and colouring books", TOLL_BOOKS, "2025-05-20"),
]);

const TOLL_SHOES: &str = "Tolletaten, Clothes and shoes bought online (toll.no): no customs duty on shoes";
const TOLL_INDUSTRIAL: &str = "Tolletaten, Online shopping (toll.no/en/online-shopping): duty only applies to clothes \
                               and food; Minister of Finance, answer to Storting written question 15:310 (2009-12-10): \
                               of industrial goods other than foodstuffs only some clothing and textiles carry duty";

/// An industrial good outside the textile chapters: duty-free (`TOLL_INDUSTRIAL`), read 2026-11-25.
const fn industrial(prefix: &'static str, goods: &'static str) -> HsRow<Duty> {
    HsRow::new(prefix, Duty::FREE, goods, TOLL_INDUSTRIAL, "2026-11-25")
}

/// Duty for the goods whose Norwegian rate could be confirmed. See the module docs for what is
/// left out and why.
pub const DUTY: HsTable<Duty> = HsTable::new(&[
    industrial("3303", "perfumes and toilet waters"),
    industrial("3304", "beauty, make-up and skin-care preparations"),
    industrial("3305", "preparations for use on the hair"),
    industrial("3306", "preparations for oral or dental hygiene"),
    industrial("3307", "shaving preparations, deodorants, bath preparations and other toiletries"),
    HsRow::new("4901", Duty::FREE, "printed books, brochures and leaflets", TOLL_BOOKS, "2025-05-20"),
    HsRow::new("4902", Duty::FREE, "newspapers and periodicals", TOLL_BOOKS, "2025-05-20"),
    HsRow::new("4903", Duty::FREE, "children's picture, drawing and colouring books", TOLL_BOOKS, "2025-05-20"),
    HsRow::new("64", Duty::FREE, "footwear", TOLL_SHOES, "2026-11-25"),
    industrial("71", "jewellery, precious metals and stones, imitation jewellery"),
    industrial("8471", "computers, laptops, tablets and their units"),
    industrial("85", "electrical and electronic goods (phones, headphones, chargers, …)"),
    industrial("9503", "toys, dolls, puzzles and scale models"),
    industrial("9504", "video game consoles, table and parlour games"),
]);

const TOLL_VOEC: &str = "Tolletaten: VOEC does not cover foodstuffs, goods subject to import restrictions or excise \
                         goods (toll.no, 2019 news and transitional arrangement page)";

const FOOD_OUTSIDE_VOEC: &str = "foodstuffs, beverages, supplements, alcohol and tobacco are outside VOEC";

/// Goods VOEC does not cover, whatever their price: they are declared and taxed at import.
pub const VOEC_EXCLUDED: HsTable<&str> = HsTable::new(&[
    HsRow::new("01", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 01", TOLL_VOEC, "2020-04-01"),
    HsRow::new("02", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 02", TOLL_VOEC, "2020-04-01"),
    HsRow::new("03", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 03", TOLL_VOEC, "2020-04-01"),
    HsRow::new("04", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 04", TOLL_VOEC, "2020-04-01"),
    HsRow::new("05", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 05", TOLL_VOEC, "2020-04-01"),
    HsRow::new("06", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 06", TOLL_VOEC, "2020-04-01"),
    HsRow::new("07", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 07", TOLL_VOEC, "2020-04-01"),
    HsRow::new("08", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 08", TOLL_VOEC, "2020-04-01"),
    HsRow::new("09", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 09", TOLL_VOEC, "2020-04-01"),
    HsRow::new("10", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 10", TOLL_VOEC, "2020-04-01"),
    HsRow::new("11", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 11", TOLL_VOEC, "2020-04-01"),
    HsRow::new("12", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 12", TOLL_VOEC, "2020-04-01"),
    HsRow::new("13", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 13", TOLL_VOEC, "2020-04-01"),
    HsRow::new("14", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 14", TOLL_VOEC, "2020-04-01"),
    HsRow::new("15", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 15", TOLL_VOEC, "2020-04-01"),
    HsRow::new("16", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 16", TOLL_VOEC, "2020-04-01"),
    HsRow::new("17", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 17", TOLL_VOEC, "2020-04-01"),
    HsRow::new("18", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 18", TOLL_VOEC, "2020-04-01"),
    HsRow::new("19", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 19", TOLL_VOEC, "2020-04-01"),
    HsRow::new("20", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 20", TOLL_VOEC, "2020-04-01"),
    HsRow::new("21", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 21", TOLL_VOEC, "2020-04-01"),
    HsRow::new("22", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 22", TOLL_VOEC, "2020-04-01"),
    HsRow::new("23", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 23", TOLL_VOEC, "2020-04-01"),
    HsRow::new("24", FOOD_OUTSIDE_VOEC, "food, drink and tobacco of chapter 24", TOLL_VOEC, "2020-04-01"),
    HsRow::new(
        "30",
        "goods subject to import restrictions are outside VOEC",
        "pharmaceutical products",
        TOLL_VOEC,
        "2020-04-01",
    ),
    HsRow::new(
        "93",
        "goods subject to import restrictions are outside VOEC",
        "arms and ammunition",
        TOLL_VOEC,
        "2020-04-01",
    ),
]);

const KNIVES_NO: &str = "Tolletaten (Tolldirektoratet) as quoted by NRK: switchblades and butterfly knives are not \
                         legal in Norway";

/// Goods Norway restricts, beside the dangerous goods of `crossdock_sdk::customs`.
pub const RESTRICTIONS: HsTable<Restriction> = HsTable::new(&[HsRow::new(
    "8211",
    Restriction::new(
        Severity::Warning,
        "knife_weapons_law",
        "switchblades and butterfly knives are illegal in Norway and are seized at import; other knives need a \
             legitimate purpose — check the model",
    ),
    "knives with cutting blades",
    KNIVES_NO,
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
        assert_eq!(VOEC_EXCLUDED.check(), Ok(()));
        assert_eq!(RESTRICTIONS.check(), Ok(()));
    }

    #[test]
    fn shoes_and_books_are_duty_free_and_clothing_is_not_documented() {
        assert_eq!(DUTY.lookup(&hs("640411")).map(|r| r.value), Some(Duty::FREE));
        assert_eq!(DUTY.lookup(&hs("490199")).map(|r| r.value), Some(Duty::FREE));
        for code in ["610910", "611020", "620342", "620462", "611595"] {
            assert!(DUTY.lookup(&hs(code)).is_none(), "{code}");
        }
        assert_eq!(VAT.rate(Some(&hs("490199"))).0, 0);
        assert_eq!(VAT.rate(Some(&hs("640411"))).0, 2500);
    }

    #[test]
    fn industrial_goods_of_the_documented_subset_are_duty_free() {
        for code in ["330410", "330300", "711311", "711719", "847130", "851713", "851830", "850440", "950300", "950450"]
        {
            assert_eq!(DUTY.lookup(&hs(code)).map(|r| r.value), Some(Duty::FREE), "{code}");
        }
        for code in ["330210", "650500", "691200"] {
            assert!(DUTY.lookup(&hs(code)).is_none(), "{code} is outside the documented subset");
        }
    }

    #[test]
    fn food_medicines_and_weapons_are_outside_voec() {
        for code in ["180632", "210690", "220421", "240220", "300490", "930400"] {
            assert!(VOEC_EXCLUDED.lookup(&hs(code)).is_some(), "{code}");
        }
        for code in ["610910", "640411", "851713", "490199"] {
            assert!(VOEC_EXCLUDED.lookup(&hs(code)).is_none(), "{code}");
        }
    }
}
