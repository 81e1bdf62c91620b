//! Japan's import rules for small-value and personal-use goods, the FY2026 reform's calendar and
//! the consumption tax, each figure with its source and date.
//!
//! Sources (IDs as in crossdock's `shared/data/MARKETS.md`, checked there 2026-11-25, and read
//! again 2026-11-25 where noted):
//! - J4 and Japan Customs, Customs Answer 1006 (customs.go.jp, English and Japanese pages read
//!   2026-11-25): "goods at a total customs value of 10,000 yen or less shall be exempted from
//!   taxation of customs duty and consumption tax" (Customs Tariff Act art. 14(18)), except
//!   designated goods (Cabinet Order art. 16-3: see `tables::EXCLUDED`); the total is per
//!   declaration, or per package for parcel post; other excises (liquor, tobacco tax) are not
//!   exempted.
//! - Customs Answer 1405 (as quoted in a public research note read 2026-11-25): goods for the
//!   importer's personal use are valued at the overseas retail price × 0.6 (Customs Tariff Act
//!   art. 4-6; in force since 1980 per Yomiuri via livedoor, 2025-11-25).
//! - J1 Ministry of Finance, outline of the bill amending the Customs Tariff Act etc. (submitted
//!   2026-02-20, mof.go.jp/about_mof/bills/221diet/kz20260220y.html, read 2026-11-25): abolishes
//!   the personal-use valuation rule (art. 4-6). Its start, 令和10年4月1日 = 2028-04-01, is the
//!   MOF summary (kz20260220g.html) as quoted in the same research note; the enacted text was not
//!   read. One blog (global-scm.com, 2026-04-03) claims 2026-04-01; the Ministry's figure is used.
//! - J2 SK Advisory, FY2026 Tax Reform Outline (2025-12) and J3 FPS 令和8年度税制改正速報: from
//!   2028-04-01, cross-border mail-order sales of an asset priced JPY 10,000 or less (tax
//!   excluded) are taxable supplies of the seller; goods sold by a registered "specified low-value
//!   asset seller" are not charged import consumption tax; platforms with over JPY 5 billion of
//!   such sales become liable. The customs duty exemption itself is not changed (Nagashima Ohno &
//!   Tsunematsu, 2025-12-24, as quoted in the research note).
//! - Consumption Tax Act and Local Tax Act: 10 % (7.8 % national + 2.2 % local) since
//!   2019-10-01; 8 % (6.24 % + 1.76 %) on food and drink other than alcohol (軽減税率制度, NTA
//!   keigenzeiritsu guidance). A two-year 0 % rate on food was promised in 2026 and sent to a
//!   cross-party council (livedoor/Jiji, 2026-02-14 and 2026-02-26); no enactment was found.
//! - Customs Tariff Act art. 3-3 (simplified rates for small consignments, extended to a total
//!   customs value of JPY 200,000 from 2014-04-01: House of Representatives summary of bill 15 of
//!   2014, read 2026-11-25).

use crossdock_sdk::CountryCode;
use crossdock_sdk::customs::{HsRow, TaxRates};

/// The small-value exemption: total taxable value of at most JPY 10,000 (art. 14(18)).
pub const SMALL_VALUE_LIMIT_JPY: i64 = 10_000;
/// Customs Answer 1006 states no date: the exemption is dated by the day it was read.
pub const SMALL_VALUE_READ: &str = "2026-11-25";
/// Personal-use goods are valued at this share of the overseas retail price, in basis points.
pub const PERSONAL_USE_SHARE_BP: u32 = 6000;
/// First day without the personal-use valuation rule (J1, MOF summary).
pub const PERSONAL_USE_UNTIL: &str = "2028-04-01";
/// First day of consumption tax at sale on items of at most JPY 10,000 (J2, J3).
pub const LOW_VALUE_JCT_FROM: &str = "2028-04-01";
/// Items priced at most this much (tax excluded) fall under the seller-collected tax, JPY (J2).
pub const LOW_VALUE_ITEM_LIMIT_JPY: i64 = 10_000;
/// Consignments up to this total customs value may be charged the simplified rates, JPY.
pub const SIMPLIFIED_RATES_LIMIT_JPY: i64 = 200_000;

const JCT_SOURCE: &str = "Consumption Tax Act art. 29 and Local Tax Act (7.8 % + 2.2 %)";
const REDUCED_SOURCE: &str =
    "Consumption Tax Act, reduced rate for food and drink other than alcohol (NTA 軽減税率制度)";

/// Consumption tax: 10 %, 8 % on food by HS chapter. The reduced rate covers food for human
/// consumption; the chapters below hold mostly such food, but not only (pet food of 2309 is
/// outside them, live animals of chapter 01 are not listed): a warning says so whenever 8 % is
/// applied.
pub const JCT: TaxRates = TaxRates::standard(1000, JCT_SOURCE, "2019-10-01").with_reduced(&[
    HsRow::new("02", 800, "meat", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("03", 800, "fish and seafood", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("04", 800, "dairy, eggs and honey", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("07", 800, "vegetables", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("08", 800, "fruit and nuts", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("09", 800, "coffee, tea and spices", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("10", 800, "cereals", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("11", 800, "milled products", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("16", 800, "meat and fish preparations", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("17", 800, "sugars and confectionery", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("18", 800, "cocoa and chocolate", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("19", 800, "cereal preparations and bakery", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("20", 800, "vegetable and fruit preparations", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("21", 800, "miscellaneous food preparations", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("2201", 800, "waters", REDUCED_SOURCE, "2019-10-01"),
    HsRow::new("2202", 800, "non-alcoholic beverages", REDUCED_SOURCE, "2019-10-01"),
]);

/// An economic partnership under which goods of some origins may enter at a lower rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreement {
    pub name: &'static str,
    /// ISO 3166-1 alpha-2 codes of the partner countries.
    pub partners: &'static [&'static str],
}

/// Japan's EPA partners, as the EPA columns of Japan Customs' tariff schedule of 2025-04-01 name
/// them (scraped by qlitre/japan-tariff-mcp, read 2026-11-25). Where a country has several
/// agreements the one most used for ecommerce goods is named. Used only to tell the merchant that
/// a preference may exist, never to lower a rate.
pub const AGREEMENTS: &[Agreement] = &[
    Agreement { name: "RCEP (China column)", partners: &["CN"] },
    Agreement { name: "RCEP (Korea column)", partners: &["KR"] },
    Agreement { name: "Japan-Australia EPA", partners: &["AU"] },
    Agreement { name: "CPTPP", partners: &["CA", "NZ"] },
    Agreement { name: "Japan-UK CEPA", partners: &["GB"] },
    Agreement { name: "Japan-Switzerland EPA", partners: &["CH"] },
    Agreement { name: "Japan-India CEPA", partners: &["IN"] },
    Agreement { name: "Japan-Mexico EPA", partners: &["MX"] },
    Agreement { name: "Japan-Chile EPA", partners: &["CL"] },
    Agreement { name: "Japan-Peru EPA", partners: &["PE"] },
    Agreement { name: "Japan-Mongolia EPA", partners: &["MN"] },
    Agreement {
        name: "ASEAN-Japan CEP and the bilateral EPAs",
        partners: &["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"],
    },
    Agreement {
        name: "Japan-EU EPA",
        partners: &[
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
        ],
    },
];

/// The agreement that may cover goods of `origin`.
pub fn agreement_for(origin: CountryCode) -> Option<&'static Agreement> {
    AGREEMENTS.iter().find(|a| a.partners.contains(&origin.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::HsCode;
    use crossdock_sdk::customs::table::is_date;

    #[test]
    fn the_consumption_tax_is_10_percent_and_8_on_food_but_not_alcohol() {
        let rate = |c: &str| JCT.rate(Some(&c.parse::<HsCode>().unwrap())).0;
        assert_eq!(rate("610910"), 1000);
        assert_eq!(rate("180632"), 800);
        assert_eq!(rate("220290"), 800);
        assert_eq!(rate("220830"), 1000);
        assert_eq!(JCT.reduced.check(), Ok(()));
    }

    #[test]
    fn agreements_name_partners_once() {
        let mut seen: Vec<&str> = Vec::new();
        for a in AGREEMENTS {
            for p in a.partners {
                assert!(p.parse::<CountryCode>().is_ok(), "{p}");
                assert!(!seen.contains(p), "{p} appears in two agreements");
                seen.push(p);
            }
        }
        assert_eq!(agreement_for("CN".parse().unwrap()).map(|a| a.name), Some("RCEP (China column)"));
        assert_eq!(agreement_for("US".parse().unwrap()), None);
    }

    #[test]
    fn the_reform_dates_are_well_formed() {
        assert!(is_date(PERSONAL_USE_UNTIL) && is_date(LOW_VALUE_JCT_FROM) && is_date(SMALL_VALUE_READ));
    }
}
