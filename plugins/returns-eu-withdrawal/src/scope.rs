//! Whose returns this policy judges: consumers in the European Union.
//!
//! The right of withdrawal comes from Directive 2011/83/EU as each member state transposed
//! it, so it protects consumers in the 27 member states. Some parts of member states have
//! their own ISO 3166-1 code, and customers there arrive with it as their country: Åland (AX,
//! Finland, Art. 355(4) TFEU) and the outermost regions French Guiana (GF), Guadeloupe (GP),
//! Martinique (MQ), Réunion (RE), Mayotte (YT) and Saint-Martin (MF) (Art. 355(1) and 349
//! TFEU) are EU territory, so they are covered. The Canary Islands, Azores and Madeira share
//! ES and PT. Monaco, Andorra, San Marino and the Vatican are not member states and are not
//! covered.
//!
//! **The EEA.** Directive 2011/83/EU is "Text with EEA relevance" and part of the EEA
//! Agreement: the EFTA Surveillance Authority took Iceland and Liechtenstein to the EFTA
//! Court for transposing it late (deadline 2014-02-01; ESA press release, read 2026-11-25),
//! and Norway applies it through its angrerettloven. Whether the later amendments (Directive
//! (EU) 2019/2161, Directive (EU) 2023/2673) are yet part of the EEA Agreement was not
//! verified, so the EEA EFTA states are **opt-in** (`include_eea`): off by default, the
//! policy covers EU consumers only. The 14-day period, the refund and the exceptions this
//! policy applies are those of the 2011 text, unchanged by either amendment.
//!
//! A customer outside the covered countries is not refused (that would tell the customer
//! "no"); the call fails with `outside_scope`, so the host holds the return and the merchant
//! binds the right policy to that market.

use crossdock_sdk::prelude::*;

/// The 27 member states, as of 2026-11-25 (27 since 2020-02-01).
pub const MEMBER_STATES: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV",
    "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// Parts of member states with an ISO 3166-1 code of their own.
pub const TERRITORIES: [&str; 7] = ["AX", "GF", "GP", "MF", "MQ", "RE", "YT"];

/// The EEA EFTA states, covered with `include_eea`.
pub const EEA_EFTA: [&str; 3] = ["IS", "LI", "NO"];

/// Every code the plugin can cover, for its metadata.
pub fn all_covered() -> Vec<String> {
    MEMBER_STATES.iter().chain(&TERRITORIES).chain(&EEA_EFTA).map(|c| (*c).to_owned()).collect()
}

/// Whether a customer in `country` is covered, or why not.
pub fn check(country: CountryCode, include_eea: bool) -> Result<(), PluginError> {
    let code = country.as_str();
    if MEMBER_STATES.contains(&code) || TERRITORIES.contains(&code) || (include_eea && EEA_EFTA.contains(&code)) {
        return Ok(());
    }
    let message = if EEA_EFTA.contains(&code) {
        format!(
            "this policy covers consumers in the EU; the customer is in {code}, an EEA EFTA state, which it covers \
             only with `include_eea: true` in its configuration"
        )
    } else {
        format!(
            "this policy covers consumers in the EU only (the 27 member states); the customer is in {code}, so the \
             EU right of withdrawal does not decide this return: bind another returns policy to the market of {code}"
        )
    };
    Err(PluginError::new("outside_scope", message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cc(code: &str) -> CountryCode {
        code.parse().unwrap()
    }

    #[test]
    fn every_listed_code_is_a_real_country_listed_once() {
        let all = all_covered();
        assert_eq!(all.len(), 27 + 7 + 3);
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
        assert!(all.iter().all(|c| c.parse::<CountryCode>().is_ok()));
    }

    #[test]
    fn member_states_and_their_territories_are_covered_the_uk_and_switzerland_are_not() {
        for code in ["FR", "DE", "IE", "HR", "RE", "AX"] {
            assert!(check(cc(code), false).is_ok(), "{code}");
        }
        for code in ["GB", "CH", "US", "MC"] {
            let err = check(cc(code), false).unwrap_err();
            assert_eq!(err.code, "outside_scope");
            assert!(
                err.message.contains("covers consumers in the EU only") && err.message.contains(code),
                "{}",
                err.message
            );
        }
    }

    #[test]
    fn the_eea_efta_states_are_covered_only_when_the_merchant_opts_in() {
        let err = check(cc("NO"), false).unwrap_err();
        assert!(err.message.contains("include_eea: true"), "{}", err.message);
        assert!(check(cc("NO"), true).is_ok() && check(cc("IS"), true).is_ok() && check(cc("LI"), true).is_ok());
        assert!(check(cc("CH"), true).is_err());
    }
}
