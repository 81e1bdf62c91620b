//! New Zealand's import rules for low-value and other goods, each figure with its source and date.
//!
//! Sources (IDs as in crossdock's `shared/data/MARKETS.md`, checked there 2026-11-25, and read
//! again 2026-11-25 where noted):
//! - N1 Customs and Excise Amendment Regulations 2019 (LI 2019/250), explanatory note: from
//!   2019-12-01 GST on goods of NZD 1,000 or less is collected at the point of sale by registered
//!   offshore suppliers and marketplaces (registration above NZD 60,000 of New Zealand sales in
//!   12 months); Customs does not collect duty or GST on such consignments (alcohol and tobacco
//!   aside). The NZD 1,000 test is on the customs value, excluding freight and insurance.
//! - N2 NZ Customs, "New Customs goods management levies" (customs.govt.nz, read 2026-11-25) and
//!   the Customs and Excise (Goods Management Levies) Order 2025 (LI 2025/272, made 2025-11-24,
//!   in force 2026-04-01): low-value import levies charged per consignment, not per cargo report;
//!   a new mail levy.
//! - N3 Gondola, "NZ Customs' new per-consignment levy" (2026-03-16): NZD 2.21 + GST per air
//!   consignment, NZD 2.09 + GST per sea consignment, customs value NZD 1,000 or less. The
//!   ShipEngine help centre (read 2026-11-25) splits the air levy as Customs NZD 1.46 + MPI
//!   NZD 0.75 and gives the import UPU mail levy as NZD 1.28 + GST per kilogram, billed to the
//!   postal operator. The mail amount is secondary-sourced: the Order's schedule was not read.
//! - N4 NZ Customs, online shopping FAQs: above NZD 1,000, GST at the border on the customs value
//!   + duty + freight + insurance.
//! - Goods and Services Tax Act 1985, s 8(1): GST 15 % since 2010-10-01.

use crossdock_sdk::CountryCode;

/// GST, basis points (Goods and Services Tax Act 1985, s 8(1)).
pub const GST_BP: u32 = 1500;
/// First day of GST at 15 %.
pub const GST_SINCE: &str = "2010-10-01";
/// Where [`GST_BP`] is stated.
pub const GST_SOURCE: &str = "Goods and Services Tax Act 1985, s 8(1)";

/// The low-value threshold, in NZD cents of customs value (FOB, goods only) (N1).
pub const LOW_VALUE_LIMIT_NZD_CENTS: i64 = 100_000;
/// First day of GST at sale on low-value imported goods (N1).
pub const OFFSHORE_GST_FROM: &str = "2019-12-01";
/// Offshore supplier registration threshold, NZD of sales to New Zealand in 12 months (N1).
pub const REGISTRATION_TURNOVER_NZD: u32 = 60_000;

/// First day of the per-consignment goods management levy (N2).
pub const LEVY_FROM: &str = "2026-04-01";
/// Low-value goods import levy per air consignment, NZD cents, GST exclusive (N3).
pub const LEVY_AIR_CENTS: i64 = 221;
/// Low-value goods import levy per sea consignment, NZD cents, GST exclusive (N3).
pub const LEVY_SEA_CENTS: i64 = 209;
// The sea levy is the cheaper one (N3): checked when the crate compiles.
const _: () = assert!(LEVY_AIR_CENTS > LEVY_SEA_CENTS);

/// Import UPU mail levy per kilogram, NZD cents, GST exclusive (N3, ShipEngine).
pub const MAIL_LEVY_PER_KG_CENTS: i64 = 128;

/// A free trade agreement under which goods of some origins may enter at a lower rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreement {
    pub name: &'static str,
    /// YYYY-MM-DD of entry into force for New Zealand.
    pub in_force: &'static str,
    /// ISO 3166-1 alpha-2 codes of the partner countries.
    pub partners: &'static [&'static str],
}

/// New Zealand's agreements with the partners most ecommerce goods come from. Entry-into-force
/// dates as published by the Ministry of Foreign Affairs and Trade (mfat.govt.nz, "Free trade
/// agreements in force", not re-read 2026-11-25). Used only to tell the merchant that a
/// preference may exist, never to lower a rate.
pub const AGREEMENTS: &[Agreement] = &[
    Agreement { name: "New Zealand-China FTA", in_force: "2008-10-01", partners: &["CN"] },
    Agreement { name: "ANZCERTA", in_force: "1983-01-01", partners: &["AU"] },
    Agreement { name: "New Zealand-Korea FTA", in_force: "2015-12-20", partners: &["KR"] },
    Agreement { name: "New Zealand-UK FTA", in_force: "2023-05-31", partners: &["GB"] },
    Agreement { name: "CPTPP", in_force: "2018-12-30", partners: &["JP", "CA", "MX"] },
    Agreement { name: "New Zealand-Singapore CEP", in_force: "2001-01-01", partners: &["SG"] },
    Agreement {
        name: "ASEAN-Australia-New Zealand FTA (AANZFTA)",
        in_force: "2010-01-01",
        partners: &["BN", "KH", "ID", "LA", "MY", "MM", "PH", "TH", "VN"],
    },
];

/// The agreement that may cover goods of `origin`.
pub fn agreement_for(origin: CountryCode) -> Option<&'static Agreement> {
    AGREEMENTS.iter().find(|a| a.partners.contains(&origin.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::customs::table::is_date;

    #[test]
    fn agreements_are_dated_and_name_partners_once() {
        let mut seen: Vec<&str> = Vec::new();
        for a in AGREEMENTS {
            assert!(is_date(a.in_force), "{}", a.name);
            for p in a.partners {
                assert!(p.parse::<CountryCode>().is_ok(), "{p}");
                assert!(!seen.contains(p), "{p} appears in two agreements");
                seen.push(p);
            }
        }
        assert_eq!(agreement_for("CN".parse().unwrap()).map(|a| a.in_force), Some("2008-10-01"));
        assert_eq!(agreement_for("US".parse().unwrap()), None);
    }

    #[test]
    fn the_dates_are_well_formed() {
        for d in [GST_SINCE, OFFSHORE_GST_FROM, LEVY_FROM] {
            assert!(is_date(d), "{d}");
        }
    }
}
