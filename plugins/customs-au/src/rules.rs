//! Australia's import rules for low-value and other goods, each figure with its source and date.
//!
//! Sources (IDs as in crossdock's `shared/data/MARKETS.md`, checked there 2026-11-25):
//! - A1 Department of Home Affairs, "GST on low value imported goods"
//!   (archive.homeaffairs.gov.au/News/Pages/gst-on-low-value-imported-goods.aspx), rules in force
//!   from 2018-07-01: goods with a customs value of AUD 1,000 or less are "low value"; GST is
//!   charged at the point of sale by vendors, electronic distribution platforms and re-deliverers
//!   registered for GST (registration required at AUD 75,000 of Australian turnover); the AUD 1,000
//!   threshold for duty and GST at the border is unchanged; tobacco and alcohol are excluded from
//!   the regime. No change for 2026 was found.
//! - A New Tax System (Goods and Services Tax) Act 1999: GST 10 % (s 9-70, since 2000-07-01); on
//!   taxable importations the GST is 10 % of the value of the taxable importation (VoTI, s 13-20):
//!   customs value + duty + the cost of international transport and insurance to Australia.
//! - Customs Act 1901 s 159 and the Customs Valuation rules: the customs value is the FOB
//!   transaction value (transport after export excluded), as restated in MARKETS.md.
//!
//! Dates are compared in UTC on the event's day (`ctx.now()`), not on the wall clock.

use crossdock_sdk::CountryCode;

/// GST, basis points (A New Tax System (Goods and Services Tax) Act 1999, s 9-70).
pub const GST_BP: u32 = 1000;
/// First day of GST at 10 %.
pub const GST_SINCE: &str = "2000-07-01";
/// Where [`GST_BP`] is stated.
pub const GST_SOURCE: &str = "A New Tax System (Goods and Services Tax) Act 1999, s 9-70";

/// The low-value threshold, in AUD cents of customs value (FOB, goods only) (A1).
pub const LOW_VALUE_LIMIT_AUD_CENTS: i64 = 100_000;
/// First day of GST at sale on low-value imported goods (A1).
pub const LVIG_FROM: &str = "2018-07-01";
/// GST registration turnover for vendors selling to Australian consumers, AUD (A1).
pub const REGISTRATION_TURNOVER_AUD: u32 = 75_000;

/// Whether `text` is an Australian Business Number (11 digits with valid check digits) or an ATO
/// reference number (12 digits), ignoring spaces. The ABN check: subtract 1 from the first digit,
/// weight the digits 10, 1, 3, 5, …, 19, and the sum is a multiple of 89 (ATO, "Format of the
/// ABN"; its example 51 824 753 556 passes).
pub fn check_registration_number(text: &str) -> Result<(), &'static str> {
    let digits: Vec<u32> = text.chars().filter(|c| *c != ' ').map(|c| c.to_digit(10).unwrap_or(u32::MAX)).collect();
    if digits.contains(&u32::MAX) || !(digits.len() == 11 || digits.len() == 12) {
        return Err("is neither an ABN (11 digits) nor an ARN (12 digits)");
    }
    if digits.len() == 12 {
        return Ok(());
    }
    const WEIGHTS: [u32; 11] = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
    let first = digits[0].checked_sub(1).ok_or("has invalid ABN check digits")?;
    let sum: u32 = std::iter::once(first).chain(digits[1..].iter().copied()).zip(WEIGHTS).map(|(d, w)| d * w).sum();
    if sum.is_multiple_of(89) { Ok(()) } else { Err("has invalid ABN check digits") }
}

/// A free trade agreement under which goods of some origins may enter at a lower rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreement {
    pub name: &'static str,
    /// YYYY-MM-DD of entry into force.
    pub in_force: &'static str,
    /// ISO 3166-1 alpha-2 codes of the partner countries.
    pub partners: &'static [&'static str],
}

/// Australia's agreements with the partners most ecommerce goods come from. Entry-into-force
/// dates as published by the Department of Foreign Affairs and Trade ("Australia's free trade
/// agreements", dfat.gov.au/trade/agreements, not re-read 2026-11-25; the AANZFTA, AUSFTA and
/// CPTPP implementation acts' commencement dates were seen on legislation summaries 2026-11-25).
/// Used only to tell the merchant that a preference may exist, never to lower a rate.
pub const AGREEMENTS: &[Agreement] = &[
    Agreement { name: "China-Australia FTA (ChAFTA)", in_force: "2015-12-20", partners: &["CN"] },
    Agreement { name: "Japan-Australia EPA (JAEPA)", in_force: "2015-01-15", partners: &["JP"] },
    Agreement { name: "Korea-Australia FTA (KAFTA)", in_force: "2014-12-12", partners: &["KR"] },
    Agreement { name: "Australia-US FTA (AUSFTA)", in_force: "2005-01-01", partners: &["US"] },
    Agreement { name: "Australia-UK FTA (A-UKFTA)", in_force: "2023-05-31", partners: &["GB"] },
    Agreement { name: "ANZCERTA", in_force: "1983-01-01", partners: &["NZ"] },
    Agreement { name: "Singapore-Australia FTA (SAFTA)", in_force: "2003-07-28", partners: &["SG"] },
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
    fn abns_are_checked_and_arns_are_twelve_digits() {
        assert_eq!(check_registration_number("51 824 753 556"), Ok(()));
        assert_eq!(check_registration_number("51824753556"), Ok(()));
        assert!(check_registration_number("51824753555").is_err());
        assert!(check_registration_number("01824753556").is_err()); // first digit 0 cannot lose 1
        assert_eq!(check_registration_number("1234 5678 9012"), Ok(()));
        assert!(check_registration_number("1234567890").is_err());
        assert!(check_registration_number("5182475355X").is_err());
    }

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
        assert_eq!(agreement_for("CN".parse().unwrap()).map(|a| a.in_force), Some("2015-12-20"));
        assert_eq!(agreement_for("DE".parse().unwrap()), None);
    }

    #[test]
    fn the_dates_are_well_formed() {
        for d in [GST_SINCE, LVIG_FROM] {
            assert!(is_date(d), "{d}");
        }
    }
}
