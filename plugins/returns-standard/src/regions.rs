//! Regions and continents, to find the nearest hub for a return.
//!
//! A region is an area goods cross without a customs border, or the nearest thing to one, so
//! that a return routed inside it stays cheap and quick:
//!
//! | region | countries |
//! | --- | --- |
//! | `eu_eea` | the 27 EU member states and Iceland, Liechtenstein, Norway (the EEA), with Åland and Monaco |
//! | `uk` | the United Kingdom and the Crown Dependencies (Guernsey, Isle of Man, Jersey) |
//! | `europe_other` | the rest of Europe: Switzerland, the Balkans outside the EU, Ukraine, Moldova, … |
//! | `north_america` | United States, Canada, Mexico (USMCA), US territories in the Caribbean, Bermuda, Greenland, Saint Pierre and Miquelon |
//! | `latin_america` | Central and South America and the Caribbean |
//! | `asia` | East, South-East, South and Central Asia |
//! | `oceania` | Australia, New Zealand and the Pacific islands |
//! | `middle_east` | the Gulf, the Levant, Türkiye and the South Caucasus |
//! | `africa` | Africa |
//!
//! Continents group regions one step wider: the three European regions form `europe`; every
//! other region is its own continent. A handful of places belong to none (Antarctica and
//! uninhabited islands); a return from there goes to whichever hub comes first.

use crossdock_sdk::prelude::*;

/// (region, its ISO 3166-1 alpha-2 countries).
const REGIONS: &[(&str, &str)] = &[
    ("eu_eea", "AT AX BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO SE SI SK"),
    ("uk", "GB GG IM JE"),
    ("europe_other", "AD AL BA BY CH FO GI MD ME MK RS RU SJ SM UA VA XK"),
    ("north_america", "BM CA GL MX PM PR US VI"),
    (
        "latin_america",
        "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT GY HN HT JM KN KY LC MF MQ MS NI \
         PA PE PY SR SV SX TC TT UY VC VE VG",
    ),
    ("asia", "AF BD BN BT CN HK ID IN IO JP KG KH KP KR KZ LA LK MM MN MO MV MY NP PH PK SG TH TJ TL TM TW UZ VN"),
    ("oceania", "AS AU CC CK CX FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS"),
    ("middle_east", "AE AM AZ BH GE IL IQ IR JO KW LB OM PS QA SA SY TR YE"),
    (
        "africa",
        "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA \
         NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW",
    ),
];

/// The region of `country`, such as `eu_eea`.
pub fn region(country: CountryCode) -> Option<&'static str> {
    REGIONS.iter().find(|(_, members)| members.split_whitespace().any(|c| c == country.as_str())).map(|(name, _)| *name)
}

/// The continent of `country`: its region, with the three European regions as `europe`.
pub fn continent(country: CountryCode) -> Option<&'static str> {
    region(country).map(|r| match r {
        "eu_eea" | "uk" | "europe_other" => "europe",
        other => other,
    })
}

/// A region's name for people.
pub fn region_name(region: &str) -> &str {
    match region {
        "eu_eea" => "EU/EEA",
        "uk" => "UK",
        "europe_other" => "rest of Europe",
        "north_america" => "North America",
        "latin_america" => "Latin America",
        "asia" => "Asia",
        "oceania" => "Oceania",
        "middle_east" => "Middle East",
        "africa" => "Africa",
        "europe" => "Europe",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cc(code: &str) -> CountryCode {
        code.parse().unwrap()
    }

    #[test]
    fn no_country_is_in_two_regions_and_every_code_is_real() {
        let mut seen = std::collections::HashSet::new();
        for (name, members) in REGIONS {
            for code in members.split_whitespace() {
                assert!(code.parse::<CountryCode>().is_ok(), "{name}: {code}");
                assert!(seen.insert(code), "{code} is listed twice");
            }
        }
        let letters = b'A'..=b'Z';
        let all: Vec<String> = letters
            .clone()
            .flat_map(|a| letters.clone().map(move |b| String::from_utf8(vec![a, b]).unwrap()))
            .filter(|c| c.parse::<CountryCode>().is_ok())
            .collect();
        let missing: Vec<&String> = all.iter().filter(|c| !seen.contains(c.as_str())).collect();
        assert_eq!(missing, ["AQ", "BV", "GS", "HM", "TF"], "only uninhabited places have no region");
    }

    #[test]
    fn the_eu_eea_region_has_its_30_states_and_two_territories() {
        let members = REGIONS[0].1.split_whitespace().count();
        assert_eq!(members, 27 + 3 + 2);
    }

    #[test]
    fn lyon_and_venlo_share_a_region_and_london_shares_only_the_continent() {
        assert_eq!(region(cc("FR")), region(cc("NL")));
        assert_ne!(region(cc("FR")), region(cc("GB")));
        assert_eq!(continent(cc("FR")), continent(cc("GB")));
        assert_eq!(continent(cc("CH")), Some("europe"));
        assert_eq!(continent(cc("US")), Some("north_america"));
        assert_eq!(region(cc("AQ")), None);
    }
}
