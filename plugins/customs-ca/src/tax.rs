//! GST and HST at importation, by the province of the destination.
//!
//! Sources:
//! - C4 CRA, "Charge and collect the tax – Which rate to charge" (current table, read via a
//!   mirror; MARKETS.md row CA): GST 5 %; HST 13 % in Ontario and 15 % in New Brunswick,
//!   Newfoundland and Labrador and Prince Edward Island; Nova Scotia 14 % from 2025-04-01
//!   (Demers Beaulne, 2025-03-08), 15 % before. The same rates are restated by a CRA GST/HST
//!   ruling (taxinterpretations.com) and by Andersen Canada (2024-06-17, before the Nova Scotia
//!   cut).
//! - The HST on imported goods is collected at the border with the GST for residents of the
//!   participating provinces, wherever the goods enter (CBSA, Courier Low Value Shipment program
//!   page "Requirement for payment of PST and HST on casual goods", and Memorandum D17-1-22,
//!   2016-09-19).
//! - Quebec, British Columbia, Manitoba and Saskatchewan levy their own sales tax (QST, PST,
//!   RST, PST). The CBSA collects a province's PST on casual goods only where the province has
//!   a collection agreement (D17-1-22 §4–5; Memorandum D2-3-6 appendix A): which provinces have
//!   one for the courier and postal streams could not be confirmed from the sources read on
//!   2026-11-25, so the plugin assesses the GST alone there and says the provincial tax is not
//!   included.
//!
//! Reduced or zero rates by HS chapter (basic groceries, prescription drugs, medical devices)
//! lie outside the goods this plugin documents; none of the ecommerce goods it covers is
//! zero-rated, so every line pays the province's full rate.

use crossdock_sdk::customs::TaxRates;

const CRA: &str = "CRA, Charge and collect the tax - Which rate to charge";

/// GST alone (provinces and territories without HST).
pub const GST: TaxRates =
    TaxRates::standard(500, "Excise Tax Act, GST 5% since 2008-01-01 (CRA rate table)", "2008-01-01");
/// Ontario HST 13 %.
pub const HST_ON: TaxRates = TaxRates::standard(1300, CRA, "2010-07-01");
/// Nova Scotia HST 14 % from 2025-04-01 (C4, Demers Beaulne 2025-03-08).
pub const HST_NS: TaxRates = TaxRates::standard(1400, "CRA rate table; Demers Beaulne 2025-03-08", "2025-04-01");
/// Nova Scotia HST 15 % until 2025-03-31.
pub const HST_NS_BEFORE: TaxRates = TaxRates::standard(1500, CRA, "2010-07-01");
/// New Brunswick, Newfoundland and Labrador HST 15 % (since 2016-07-01).
pub const HST_15: TaxRates = TaxRates::standard(1500, CRA, "2016-07-01");
/// Prince Edward Island HST 15 % (since 2016-10-01).
pub const HST_PE: TaxRates = TaxRates::standard(1500, CRA, "2016-10-01");

/// First day of Nova Scotia's 14 % (C4).
pub const NS_14_FROM: &str = "2025-04-01";

/// A Canadian province or territory, by its ISO 3166-2 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Province {
    AB,
    BC,
    MB,
    NB,
    NL,
    NS,
    NT,
    NU,
    ON,
    PE,
    QC,
    SK,
    YT,
}

impl Province {
    /// Reads `destination.region` as written by storefronts: `ON`, `CA-ON`, `on` or the name
    /// (`Ontario`, `Québec`, `Prince Edward Island`).
    pub fn parse(region: &str) -> Option<Self> {
        let text = region.trim();
        let code = text.strip_prefix("CA-").or_else(|| text.strip_prefix("ca-")).unwrap_or(text);
        let upper = code.to_ascii_uppercase();
        let by_code = match upper.as_str() {
            "AB" => Some(Self::AB),
            "BC" => Some(Self::BC),
            "MB" => Some(Self::MB),
            "NB" => Some(Self::NB),
            "NL" => Some(Self::NL),
            "NS" => Some(Self::NS),
            "NT" => Some(Self::NT),
            "NU" => Some(Self::NU),
            "ON" => Some(Self::ON),
            "PE" => Some(Self::PE),
            "QC" => Some(Self::QC),
            "SK" => Some(Self::SK),
            "YT" => Some(Self::YT),
            _ => None,
        };
        by_code.or_else(|| {
            let name = text.to_lowercase().replace('é', "e");
            Some(match name.as_str() {
                "alberta" => Self::AB,
                "british columbia" => Self::BC,
                "manitoba" => Self::MB,
                "new brunswick" => Self::NB,
                "newfoundland and labrador" | "newfoundland" => Self::NL,
                "nova scotia" => Self::NS,
                "northwest territories" => Self::NT,
                "nunavut" => Self::NU,
                "ontario" => Self::ON,
                "prince edward island" => Self::PE,
                "quebec" => Self::QC,
                "saskatchewan" => Self::SK,
                "yukon" => Self::YT,
                _ => return None,
            })
        })
    }

    pub const fn code(self) -> &'static str {
        match self {
            Self::AB => "AB",
            Self::BC => "BC",
            Self::MB => "MB",
            Self::NB => "NB",
            Self::NL => "NL",
            Self::NS => "NS",
            Self::NT => "NT",
            Self::NU => "NU",
            Self::ON => "ON",
            Self::PE => "PE",
            Self::QC => "QC",
            Self::SK => "SK",
            Self::YT => "YT",
        }
    }

    /// The GST/HST collected at the border for a destination in this province on `today`.
    pub fn border_tax(self, today: &str) -> &'static TaxRates {
        match self {
            Self::ON => &HST_ON,
            Self::NS if today >= NS_14_FROM => &HST_NS,
            Self::NS => &HST_NS_BEFORE,
            Self::NB | Self::NL => &HST_15,
            Self::PE => &HST_PE,
            Self::AB | Self::BC | Self::MB | Self::NT | Self::NU | Self::QC | Self::SK | Self::YT => &GST,
        }
    }

    /// The province's own sales tax, for the four that levy one beside the GST.
    pub const fn provincial_tax(self) -> Option<&'static str> {
        match self {
            Self::QC => Some("Quebec sales tax (QST)"),
            Self::BC => Some("British Columbia PST"),
            Self::MB => Some("Manitoba retail sales tax (RST)"),
            Self::SK => Some("Saskatchewan PST"),
            _ => None,
        }
    }

    pub const fn is_hst(self) -> bool {
        matches!(self, Self::ON | Self::NS | Self::NB | Self::NL | Self::PE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_read_as_codes_prefixed_codes_or_names() {
        for text in ["ON", "on", "CA-ON", " Ontario "] {
            assert_eq!(Province::parse(text), Some(Province::ON), "{text}");
        }
        assert_eq!(Province::parse("Québec"), Some(Province::QC));
        assert_eq!(Province::parse("Prince Edward Island"), Some(Province::PE));
        assert_eq!(Province::parse("NY"), None);
        assert_eq!(Province::parse(""), None);
    }

    #[test]
    fn hst_provinces_pay_their_harmonized_rate_and_the_others_gst() {
        let rate = |p: Province, day: &str| p.border_tax(day).standard_bp;
        assert_eq!(rate(Province::ON, "2026-11-25"), 1300);
        assert_eq!(rate(Province::NS, "2026-11-25"), 1400);
        assert_eq!(rate(Province::NB, "2026-11-25"), 1500);
        assert_eq!(rate(Province::NL, "2026-11-25"), 1500);
        assert_eq!(rate(Province::PE, "2026-11-25"), 1500);
        for p in [
            Province::AB,
            Province::BC,
            Province::MB,
            Province::QC,
            Province::SK,
            Province::YT,
            Province::NT,
            Province::NU,
        ] {
            assert_eq!(rate(p, "2026-11-25"), 500, "{p:?}");
            assert!(!p.is_hst());
        }
    }

    #[test]
    fn nova_scotia_cut_its_hst_to_14_percent_on_1_april_2025() {
        assert_eq!(Province::NS.border_tax("2025-03-31").standard_bp, 1500);
        assert_eq!(Province::NS.border_tax("2025-04-01").standard_bp, 1400);
        assert_eq!(Province::NS.border_tax("2025-04-01").as_of, NS_14_FROM);
    }

    #[test]
    fn only_four_provinces_levy_their_own_sales_tax() {
        let with: Vec<&str> = [
            Province::AB,
            Province::BC,
            Province::MB,
            Province::NB,
            Province::NL,
            Province::NS,
            Province::NT,
            Province::NU,
            Province::ON,
            Province::PE,
            Province::QC,
            Province::SK,
            Province::YT,
        ]
        .into_iter()
        .filter(|p| p.provincial_tax().is_some())
        .map(Province::code)
        .collect();
        assert_eq!(with, ["BC", "MB", "QC", "SK"]);
    }

    #[test]
    fn every_rate_is_dated() {
        for rates in [&GST, &HST_ON, &HST_NS, &HST_NS_BEFORE, &HST_15, &HST_PE] {
            assert!(crossdock_sdk::customs::table::is_date(rates.as_of), "{}", rates.as_of);
            assert!(!rates.source.is_empty());
        }
    }
}
