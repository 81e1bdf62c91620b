//! Which world region a country belongs to, for the `same_region` zone rule.
//!
//! Seven regions, drawn the way parcel carriers usually draw their continental zones rather
//! than along customs borders: Europe (including the UK, Switzerland, Norway, the Balkans,
//! Ukraine and Russia), North America (US, Canada, Mexico, Puerto Rico, the US Virgin Islands,
//! Greenland, Bermuda, Saint Pierre and Miquelon), Latin America and the Caribbean, Asia,
//! Oceania (with the Pacific islands and Australia's Indian Ocean territories), the Middle East
//! (with Türkiye and the South Caucasus) and Africa. Antarctica (`AQ`), Bouvet Island (`BV`) and
//! the French Southern Territories (`TF`) belong to none: a shipment there never counts as
//! same-region and falls to a later zone. A merchant who needs other lines lists countries on
//! a zone instead.

use crossdock_sdk::prelude::*;

/// (region, its ISO 3166-1 alpha-2 countries).
const REGIONS: &[(&str, &str)] = &[
    (
        "europe",
        "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV \
         MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK",
    ),
    ("north_america", "BM CA GL MX PM PR US VI"),
    (
        "latin_america",
        "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN HT JM KN KY LC MF \
         MQ MS NI PA PE PY SR SV SX TC TT UY VC VE VG",
    ),
    ("asia", "AF BD BN BT CN HK ID IN IO JP KG KH KP KR KZ LA LK MM MN MO MV MY NP PH PK SG TH TJ TL TM TW UZ VN"),
    ("oceania", "AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS"),
    ("middle_east", "AE AM AZ BH GE IL IQ IR JO KW LB OM PS QA SA SY TR YE"),
    (
        "africa",
        "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW \
         MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW",
    ),
];

/// The region of `country`, such as `europe`, or `None` for the few places in none.
pub fn region(country: CountryCode) -> Option<&'static str> {
    // Each list is two-letter codes separated by single spaces, so every code starts at a
    // multiple of three (a test holds the lists to that).
    let code = country.as_str().as_bytes();
    REGIONS.iter().find(|(_, members)| members.as_bytes().chunks(3).any(|c| &c[..2] == code)).map(|(name, _)| *name)
}

/// Whether two countries lie in the same region. A country is always in its own region.
pub fn same_region(a: CountryCode, b: CountryCode) -> bool {
    a == b || region(a).is_some_and(|r| region(b) == Some(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every assigned code, found by asking the SDK about each pair of letters.
    fn all_countries() -> Vec<CountryCode> {
        let letters = b'A'..=b'Z';
        letters
            .clone()
            .flat_map(|a| letters.clone().map(move |b| String::from_utf8(vec![a, b]).unwrap()))
            .filter_map(|code| code.parse().ok())
            .collect()
    }

    #[test]
    fn every_country_but_three_remote_territories_has_exactly_one_region() {
        let mut without = Vec::new();
        for country in all_countries() {
            let hits = REGIONS.iter().filter(|(_, m)| m.split_whitespace().any(|c| c == country.as_str())).count();
            assert!(hits <= 1, "{country} is in {hits} regions");
            if hits == 0 {
                without.push(country.to_string());
            }
        }
        assert_eq!(without, ["AQ", "BV", "TF"]);
    }

    #[test]
    fn every_listed_code_is_a_real_country_separated_by_one_space() {
        for (name, members) in REGIONS {
            assert!(members.split(' ').all(|c| c.len() == 2), "{name}: two letters and one space each");
            for code in members.split_whitespace() {
                assert!(code.parse::<CountryCode>().is_ok(), "{name}: {code}");
            }
        }
    }

    #[test]
    fn shenzhen_to_berlin_crosses_regions_and_lyon_to_berlin_does_not() {
        let cc = |c: &str| c.parse::<CountryCode>().unwrap();
        assert!(!same_region(cc("CN"), cc("DE")));
        assert!(same_region(cc("FR"), cc("DE")));
        assert!(same_region(cc("GB"), cc("CH")));
        assert!(same_region(cc("AQ"), cc("AQ")));
        assert!(!same_region(cc("AQ"), cc("TF")));
    }
}
