//! Singapore's GST calendar and low-value rules, each figure with its source and date.
//!
//! Sources (IDs as in crossdock's `shared/data/MARKETS.md`, checked there 2026-11-25, and read
//! again 2026-11-25 where noted):
//! - S1 IRAS, "GST on imports of low-value goods": from 2023-01-01 GST is charged at sale on
//!   low-value goods (LVG) by vendors registered under the overseas vendor registration (OVR)
//!   regime (registration above SGD 1 million of global turnover and SGD 100,000 of B2C supplies
//!   of LVG and digital services to Singapore).
//! - S2 gov.sg, "What you need to know: the GST rate from 1 January 2024" (2023-12-29): 9 % from
//!   2024-01-01, after 8 % in 2023 and 7 % before.
//! - S3 Avalara (2022-09), Ninja Van: the LVG value is tested per item at sale, while the import
//!   relief is per consignment, so a consignment can be taxed again at import.
//! - Singapore Customs, "GST on Low-Value Goods" (customs.gov.sg, read 2026-11-25): LVG are goods
//!   with a sales value of SGD 400 or less (the price of the goods only, without transport,
//!   insurance, GST or duty) imported by air or post; from a GST-registered seller, "GST applies
//!   to each item individually … even if the combined shipment value exceeds S$400" and is not
//!   charged again at import when the seller gives the courier the GST details; from an
//!   unregistered seller, GST is charged at import when the shipment's CIF value exceeds SGD 400.
//! - IRAS, "Importing goods into Singapore" (iras.gov.sg, read 2026-11-25): import GST on CIF +
//!   duties; no GST for goods (dutiable products aside) of CIF SGD 400 or less by air or post;
//!   above, "the entire sum will be subject to GST". ADK Logistics (2019): no relief for sea or
//!   land freight.
//! - ask.gov.sg (Singapore Customs), double GST: the importer claims the OVR GST back from the
//!   vendor with proof of the import GST (IRAS e-Tax Guide on LVG, para 8.4).

use crossdock_sdk::customs::TaxRates;

/// GST from 2007-07-01: 7 % (S2, the rate before 2023).
pub const GST_7: TaxRates =
    TaxRates::standard(700, "Goods and Services Tax Act 1993 (7 % until 2022-12-31), gov.sg", "2007-07-01");
/// GST in 2023: 8 % (S2).
pub const GST_8: TaxRates =
    TaxRates::standard(800, "Goods and Services Tax Act 1993 as amended, gov.sg (S2)", "2023-01-01");
/// GST from 2024-01-01: 9 % (S2).
pub const GST_9: TaxRates =
    TaxRates::standard(900, "Goods and Services Tax Act 1993 as amended, gov.sg (S2)", "2024-01-01");

/// The GST rates in force on a day, `today` as YYYY-MM-DD.
pub fn gst_on(today: &str) -> &'static TaxRates {
    if today >= GST_9.as_of {
        &GST_9
    } else if today >= GST_8.as_of {
        &GST_8
    } else {
        &GST_7
    }
}

/// First day of GST at sale on low-value goods by OVR-registered vendors (S1).
pub const OVR_LVG_FROM: &str = "2023-01-01";
/// The largest sales value of one low-value item, SGD cents (Singapore Customs).
pub const LVG_ITEM_LIMIT_SGD_CENTS: i64 = 40_000;
/// The largest CIF value of a consignment relieved of import GST by air or post, SGD cents (IRAS).
pub const IMPORT_RELIEF_LIMIT_SGD_CENTS: i64 = 40_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gst_rate_follows_the_calendar() {
        assert_eq!(gst_on("2022-12-31").standard_bp, 700);
        assert_eq!(gst_on("2023-01-01").standard_bp, 800);
        assert_eq!(gst_on("2023-12-31").standard_bp, 800);
        assert_eq!(gst_on("2024-01-01").standard_bp, 900);
        assert_eq!(gst_on("2026-11-25").standard_bp, 900);
    }
}
