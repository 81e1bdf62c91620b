//! The standard VAT rate of each of the 27 member states, and so the list of countries this
//! plugin covers.
//!
//! Source: European Commission, Taxes in Europe Database (TEDB), via vatnode/eu-vat-rates-data
//! (`data/eu-vat-rates-history.json`, version 2026-09-23), copied unchanged into
//! `data/eu-vat-standard-rates.json` on 2026-11-25. The table below restates that file as a
//! `const` so that an assessment never parses JSON for it; the unit test
//! `the_const_vat_table_equals_the_json_file` proves the two agree.
//!
//! Only standard rates: reduced rates (books, children's clothing in IE, …) depend on the
//! product category and are not modelled, so every line is taxed at the standard rate.
//! The file knows the rate in force now and the date it took effect, not the rates before it;
//! an event older than that date cannot be taxed from this table (see `rules::vat_for`).

use crossdock_sdk::CountryCode;

/// One member state's standard VAT rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VatRate {
    /// ISO 3166-1 alpha-2 (Greece is `GR`, not the `EL` of EU VAT numbers).
    pub country: &'static str,
    /// Basis points: 1900 = 19 %.
    pub rate_bp: u32,
    /// YYYY-MM-DD the rate took effect.
    pub since: &'static str,
}

const fn rate(country: &'static str, rate_bp: u32, since: &'static str) -> VatRate {
    VatRate { country, rate_bp, since }
}

/// Sorted by country code, one row per member state.
pub const STANDARD_RATES: [VatRate; 27] = [
    rate("AT", 2000, "1984-01-01"),
    rate("BE", 2100, "1996-01-01"),
    rate("BG", 2000, "1999-01-01"),
    rate("CY", 1900, "2014-01-13"),
    rate("CZ", 2100, "2013-01-01"),
    rate("DE", 1900, "2021-01-01"),
    rate("DK", 2500, "1992-01-01"),
    rate("EE", 2400, "2025-07-01"),
    rate("ES", 2100, "2012-09-01"),
    rate("FI", 2550, "2024-09-01"),
    rate("FR", 2000, "2014-01-01"),
    rate("GR", 2400, "2016-06-01"),
    rate("HR", 2500, "2012-03-01"),
    rate("HU", 2700, "2012-01-01"),
    rate("IE", 2300, "2021-03-01"),
    rate("IT", 2200, "2013-10-01"),
    rate("LT", 2100, "2009-09-01"),
    rate("LU", 1700, "2024-01-01"),
    rate("LV", 2100, "2012-07-01"),
    rate("MT", 1800, "2004-01-01"),
    rate("NL", 2100, "2012-10-01"),
    rate("PL", 2300, "2011-01-01"),
    rate("PT", 2300, "2011-01-01"),
    rate("RO", 2100, "2025-08-01"),
    rate("SE", 2500, "1990-07-01"),
    rate("SI", 2200, "2013-07-01"),
    rate("SK", 2300, "2025-01-01"),
];

/// The standard rate of a member state, or `None` for any other country.
pub fn standard_rate(country: CountryCode) -> Option<&'static VatRate> {
    // Two ASCII letters compared as one number: no string comparison per probe.
    let pair = |s: &str| s.bytes().fold(0u16, |n, b| n << 8 | u16::from(b));
    let code = pair(country.as_str());
    STANDARD_RATES.binary_search_by_key(&code, |r| pair(r.country)).ok().and_then(|i| STANDARD_RATES.get(i))
}

/// Whether `country` is one of the 27 member states (the EU customs and VAT territory, give or
/// take special territories such as the Canary Islands, which this plugin does not model).
pub fn is_member_state(country: CountryCode) -> bool {
    standard_rate(country).is_some()
}

/// The 27 country codes, for the plugin's metadata.
pub fn member_states() -> Vec<String> {
    STANDARD_RATES.iter().map(|r| r.country.to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Percent text such as `19` or `25.5` to basis points, without going through a float.
    fn percent_text_to_bp(text: &str) -> u32 {
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        assert!(frac.len() <= 2, "{text}: more precision than basis points");
        let frac = format!("{frac:0<2}");
        whole.parse::<u32>().unwrap() * 100 + frac.parse::<u32>().unwrap()
    }

    #[test]
    fn the_const_vat_table_equals_the_json_file() {
        let file: serde_json::Value = serde_json::from_str(include_str!("../data/eu-vat-standard-rates.json")).unwrap();
        let rates = file["rates"].as_object().unwrap();
        assert_eq!(rates.len(), STANDARD_RATES.len());
        for row in &STANDARD_RATES {
            let entry = &rates[row.country];
            let percent = entry["standard_percent"].as_number().unwrap().to_string();
            assert_eq!(percent_text_to_bp(&percent), row.rate_bp, "{}", row.country);
            assert_eq!(entry["since"].as_str().unwrap(), row.since, "{}", row.country);
        }
    }

    #[test]
    fn the_table_is_sorted_for_binary_search_and_holds_valid_codes() {
        for pair in STANDARD_RATES.windows(2) {
            assert!(pair[0].country < pair[1].country, "{} before {}", pair[0].country, pair[1].country);
        }
        for row in &STANDARD_RATES {
            assert!(row.country.parse::<CountryCode>().is_ok(), "{}", row.country);
            // `rules::on_or_after` reads these dates on every call: they must be well formed.
            assert!(crate::rules::epoch_days(row.since) > 0, "{}", row.since);
        }
    }

    #[test]
    fn member_states_are_found_and_others_are_not() {
        let de: CountryCode = "DE".parse().unwrap();
        assert_eq!(standard_rate(de).map(|r| r.rate_bp), Some(1900));
        let fi: CountryCode = "FI".parse().unwrap();
        assert_eq!(standard_rate(fi).map(|r| r.rate_bp), Some(2550));
        for outside in ["GB", "CH", "NO", "US", "TR"] {
            assert!(!is_member_state(outside.parse().unwrap()), "{outside}");
        }
        assert_eq!(member_states().len(), 27);
    }
}
