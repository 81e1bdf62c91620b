//! Australia's rates and restrictions by HS prefix, every row with its source and the date its
//! figure is as of.
//!
//! The duty table covers a documented subset of ecommerce goods; a code outside it gets an
//! `outside_duty_table` finding from the SDK (blocking above AUD 1,000, information below),
//! never a guessed rate. Rows marked in [`CEILINGS`] apply the highest general rate found under
//! the prefix, so a code is never under-assessed; the plugin adds a `duty_rate_ceiling` warning
//! asking for the full 8-digit Australian code.
//!
//! What was checked (2026-11-25), and what was not:
//! - Apparel (chapters 61–62) and footwear (64): the Customs Tariff Amendment (Textile, Clothing
//!   and Footwear Post-2005 Arrangements) Act 2004 (No. 147, 2004) scheduled clothing from 17.5 %
//!   (2005) to 10 % (2010) and 5 % from 2015-01-01, and footwear from 10 % to 5 % from 2010-01-01
//!   (dcpartners.solutions legislation summary of the Act, read 2026-11-25). From 2024-07-01 the
//!   Government abolished about 500 "nuisance tariffs", clothing such as pyjamas and protective
//!   footwear among them (Treasury consultation "Tariff reform: removal of nuisance tariffs",
//!   treasury.gov.au/consultation/c2024-506306; austaxpolicy.com, both read 2026-11-25): some
//!   lines of these chapters are now Free, so 5 % is a ceiling. The full list of abolished lines
//!   was not read.
//! - Electronics: laptops (8471.30) and smartphones (8517.13) are Free under Australia's
//!   Information Technology Agreement commitments (ITA 1996, extended by the Customs Tariff
//!   Amendment (Expanded Information Technology Agreement Implementation and Other Measures) Act
//!   2016; explanatory memorandum read 2026-11-25). The Schedule 3 lines themselves were not
//!   re-read.
//! - Toys (9503): Home Affairs, "Current tariff classification", Schedule 3, Section XX,
//!   Chapter 95 (homeaffairs.gov.au, page undated, read 2026-11-25) lists 9503.00.10 (wheeled toys
//!   ridden by children, dolls' carriages), 9503.00.20 (dolls representing human beings) and
//!   9503.00.30 (toys representing animals or non-human creatures) at a general rate of 5 %.
//!   The rest of the heading (9503.00.40 to .99) was cut off in the copy read, and whether any
//!   of these lines was among the nuisance tariffs abolished on 2024-07-01 was not checked.
//! - Cosmetics (33), jewellery (71), books (49), headphones and speakers (8518) and chargers
//!   (8504) could not be confirmed line by line from Schedule 3 (only undated third-party
//!   calculators were found) and are left out on purpose: they get `outside_duty_table`.

use crossdock_sdk::Severity;
use crossdock_sdk::customs::{Duty, HsRow, HsTable, Restriction, TaxRates};

use crate::rules;

const TCF: &str = "Customs Tariff Act 1995 Sch 3 as amended by the Customs Tariff Amendment (Textile, Clothing and \
                   Footwear Post-2005 Arrangements) Act 2004; nuisance tariffs removed 2024-07-01 (Treasury)";
const ITA: &str = "Customs Tariff Act 1995 Sch 3, Free under the WTO Information Technology Agreement (Expanded ITA \
                   Implementation Act 2016)";
const TOYS: &str = "Home Affairs, Current tariff classification, Schedule 3 Section XX Chapter 95, general rate \
                    (page undated; 2024-07-01 nuisance tariff removals not checked)";

/// General rates of duty (Customs Tariff Act 1995, Schedule 3), for the documented subset.
pub const DUTY: HsTable<Duty> = HsTable::new(&[
    HsRow::new("61", Duty::ad_valorem(500), "knitted or crocheted apparel", TCF, "2015-01-01"),
    HsRow::new("62", Duty::ad_valorem(500), "woven apparel", TCF, "2015-01-01"),
    HsRow::new("64", Duty::ad_valorem(500), "footwear", TCF, "2010-01-01"),
    HsRow::new("847130", Duty::FREE, "laptops and other portable computers", ITA, "2016-11-30"),
    HsRow::new("851713", Duty::FREE, "smartphones", ITA, "2016-11-30"),
    HsRow::new(
        "95030010",
        Duty::ad_valorem(500),
        "wheeled toys ridden by children; dolls' carriages",
        TOYS,
        "2026-11-25",
    ),
    HsRow::new("95030020", Duty::ad_valorem(500), "dolls representing only human beings", TOYS, "2026-11-25"),
    HsRow::new(
        "95030030",
        Duty::ad_valorem(500),
        "toys representing animals or non-human creatures",
        TOYS,
        "2026-11-25",
    ),
]);

const APPAREL_FREE: &str = "5 % is the general rate of most lines; some, such as pyjamas, became Free on 2024-07-01";

/// Prefixes of [`DUTY`] whose rate is the highest found, not every line's: what the merchant
/// should look up.
pub const CEILINGS: HsTable<&'static str> = HsTable::new(&[
    HsRow::new("61", APPAREL_FREE, "knitted or crocheted apparel", TCF, "2024-07-01"),
    HsRow::new("62", APPAREL_FREE, "woven apparel", TCF, "2024-07-01"),
    HsRow::new(
        "64",
        "5 % is the general rate of most lines; protective footwear became Free on 2024-07-01",
        "footwear",
        TCF,
        "2024-07-01",
    ),
]);

const GST_FREE_FOOD: &str = "A New Tax System (Goods and Services Tax) Act 1999, s 38-2 (food GST-free) and \
                             Schedule 1 (prepared food, confectionery, savoury snacks, biscuits: taxable); not re-read";

/// GST: 10 %, and GST-free (0 %) basic food by chapter. Food is GST-free whether supplied or
/// imported (s 38-2, s 13-10), but Schedule 1 makes prepared meals, confectionery, savoury snacks,
/// ice cream and biscuits taxable, and those hide in these chapters too (salted nuts in 08,
/// flavoured coffee drinks in 09): the plugin warns whenever it applies 0 %. Chapters 16–21 are
/// left at 10 %, as most of their ecommerce goods are Schedule 1 food.
pub const GST: TaxRates = TaxRates::standard(rules::GST_BP, rules::GST_SOURCE, rules::GST_SINCE).with_reduced(&[
    HsRow::new("02", 0, "meat", GST_FREE_FOOD, "2000-07-01"),
    HsRow::new("03", 0, "fish and seafood", GST_FREE_FOOD, "2000-07-01"),
    HsRow::new("04", 0, "dairy, eggs and honey", GST_FREE_FOOD, "2000-07-01"),
    HsRow::new("07", 0, "vegetables", GST_FREE_FOOD, "2000-07-01"),
    HsRow::new("08", 0, "fruit and nuts", GST_FREE_FOOD, "2000-07-01"),
    HsRow::new("09", 0, "coffee, tea and spices", GST_FREE_FOOD, "2000-07-01"),
    HsRow::new("10", 0, "cereals", GST_FREE_FOOD, "2000-07-01"),
    HsRow::new("11", 0, "flour and milled products", GST_FREE_FOOD, "2000-07-01"),
]);

/// Excise-equivalent goods: outside the low-value regime (A1) and charged a specific duty per
/// litre of alcohol or per kilogram of tobacco that this plugin does not compute.
pub const EXCISE: HsTable<()> = HsTable::new(&[
    HsRow::new("2203", (), "beer", A1, "2018-07-01"),
    HsRow::new("2204", (), "wine", A1, "2018-07-01"),
    HsRow::new("2205", (), "vermouth", A1, "2018-07-01"),
    HsRow::new("2206", (), "other fermented beverages", A1, "2018-07-01"),
    HsRow::new("2208", (), "spirits", A1, "2018-07-01"),
    HsRow::new("24", (), "tobacco", A1, "2018-07-01"),
]);

const A1: &str = "Home Affairs, GST on low value imported goods (alcohol and tobacco excluded)";
const WEAPONS: &str =
    "Customs (Prohibited Imports) Regulations 1956, reg 4H and Schedule 13 (ato.gov.au copy read 2026-11-25)";
const VAPES: &str = "Customs (Prohibited Imports) Regulations 1956, reg 5A; Office of Drug Control, Importing vaping \
                     goods into Australia (odc.gov.au, read 2026-11-25)";

const KNIVES: Restriction = Restriction::new(
    Severity::Warning,
    "prohibited_weapon_possible",
    "flick knives, gravity and butterfly knives, push daggers, knives disguised as other objects and similar \
     weapons are prohibited imports without a permit and are seized at the border; ordinary kitchen and \
     pocket knives are not. Check the product before shipping",
);
const VAPING: Restriction = Restriction::new(
    Severity::Blocking,
    "vaping_goods_prohibited",
    "since 2024-03-01 every vaping good (device, accessory, nicotine liquid) is a prohibited import unless the \
     importer holds an Office of Drug Control licence and permit, which consumers cannot get; by post they are \
     prohibited absolutely. Do not ship it",
);

/// Goods Australia restricts or carriers refuse, with the finding each one raises.
pub const RESTRICTED: HsTable<Restriction> = HsTable::new(&[
    HsRow::new("8211", KNIVES, "knives with cutting blades", WEAPONS, "2011-12-14"),
    HsRow::new("9307", KNIVES, "swords, bayonets and similar arms", WEAPONS, "2011-12-14"),
    HsRow::new("854340", VAPING, "electronic cigarettes and vaporising devices", VAPES, "2024-03-01"),
    HsRow::new("2404", VAPING, "nicotine products for inhalation without combustion", VAPES, "2024-03-01"),
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
        assert_eq!(GST.reduced.check(), Ok(()));
    }

    #[test]
    fn basic_food_is_gst_free_and_chocolate_is_not() {
        assert_eq!(GST.rate(Some(&hs("090111"))).0, 0);
        assert_eq!(GST.rate(Some(&hs("180632"))).0, 1000);
        assert_eq!(GST.rate(Some(&hs("610910"))).0, 1000);
    }

    #[test]
    fn every_ceiling_is_a_duty_row() {
        for row in CEILINGS.rows() {
            assert!(DUTY.rows().iter().any(|d| d.prefix == row.prefix), "{}", row.prefix);
        }
    }

    #[test]
    fn apparel_and_footwear_pay_five_percent_and_phones_nothing() {
        let rate = |code: &str| DUTY.lookup(&hs(code)).map(|r| r.value.rate_bp());
        assert_eq!(rate("610910"), Some(500));
        assert_eq!(rate("6204620010"), Some(500));
        assert_eq!(rate("640419"), Some(500));
        assert_eq!(rate("851713"), Some(0));
        assert_eq!(rate("490199"), None, "books are outside the documented subset");
        assert_eq!(rate("851830"), None);
    }

    #[test]
    fn ride_on_toys_dolls_and_animal_toys_pay_five_percent_and_other_toys_have_no_row() {
        let rate = |code: &str| DUTY.lookup(&hs(code)).map(|r| r.value.rate_bp());
        assert_eq!(rate("9503001011"), Some(500), "scooters");
        assert_eq!(rate("9503002014"), Some(500), "dolls");
        assert_eq!(rate("95030030"), Some(500), "plush animals");
        assert_eq!(rate("95030090"), None, "the rest of the heading was not read");
        assert_eq!(rate("950300"), None);
        assert_eq!(CEILINGS.lookup(&hs("95030030")), None, "an 8-digit rate, not a ceiling");
    }

    #[test]
    fn restrictions_match_by_prefix() {
        let code = |c: &str| RESTRICTED.lookup(&hs(c)).map(|r| r.value.code);
        assert_eq!(code("821191"), Some("prohibited_weapon_possible"));
        assert_eq!(code("854340"), Some("vaping_goods_prohibited"));
        assert_eq!(code("850760"), None, "dangerous goods are the SDK's table");
    }
}
