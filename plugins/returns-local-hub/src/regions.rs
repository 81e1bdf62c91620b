//! Regions: the areas a return may cross and still count as local.
//!
//! A region is an area that goods move through without a customs border, or the nearest
//! thing to one, so a return routed inside it is cheap, quick and needs no export papers.
//! It is data, one row per region, with the reason for its borders:
//!
//! | id | countries | why these |
//! | --- | --- | --- |
//! | `eu_single_market` | the 27 EU member states, Åland (AX, part of Finland), Monaco (in the EU customs territory through France), and the EEA EFTA states Iceland, Liechtenstein, Norway | the single market: free movement of goods. Iceland and Norway (and Liechtenstein, in customs union with Switzerland) are outside the EU customs union, so a return from them crosses a customs border with returned-goods relief; they are kept here because the rules on the goods are the same |
//! | `uk` | the United Kingdom and the Crown Dependencies (Guernsey, Isle of Man, Jersey) | one customs area outside the EU's since 2021-01-01 (the Isle of Man shares the UK's customs territory; Jersey and Guernsey are in customs union with it) |
//! | `europe_other` | Switzerland, the Balkans outside the EU, Ukraine, Moldova, Andorra, San Marino, the Vatican, Gibraltar, the Faroes, … | Europe outside the two above: each crossing is a customs border |
//! | `north_america` | United States, Canada, Mexico (USMCA), Puerto Rico, US Virgin Islands, Bermuda, Greenland, Saint Pierre and Miquelon | one trade area and one carrier network |
//! | `latin_america` | Central and South America and the Caribbean, including the French Caribbean departments | |
//! | `asia` | East, South-East, South and Central Asia | |
//! | `oceania` | Australia, New Zealand and the Pacific islands | |
//! | `middle_east` | the Gulf, the Levant, Türkiye and the South Caucasus | |
//! | `africa` | Africa, including Réunion and Mayotte | |
//!
//! The EU's outermost regions with their own ISO codes (French Guiana, Guadeloupe, Martinique,
//! Saint-Martin, Réunion, Mayotte) are in the EU but an ocean away from its hubs, so they sit
//! in their geographic region: a return from Réunion is not local to Venlo. A few uninhabited
//! places belong to no region (AQ, BV, GS, HM, TF); a return from there goes to the origin.
//! Country lists as of 2026-11-25: the EU's 27 member states (since 2020-02-01), the EEA
//! Agreement's three EFTA states, ISO 3166-1 alpha-2 for the codes.

use crossdock_sdk::prelude::*;

/// One region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// A stable snake_case id.
    pub id: &'static str,
    /// Its name for people.
    pub name: &'static str,
    /// Its ISO 3166-1 alpha-2 countries, separated by spaces.
    countries: &'static str,
}

/// Every region; no country is in two.
pub const REGIONS: &[Region] = &[
    Region {
        id: "eu_single_market",
        name: "EU single market",
        countries: "AT AX BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO SE SI SK",
    },
    Region { id: "uk", name: "UK", countries: "GB GG IM JE" },
    Region {
        id: "europe_other",
        name: "rest of Europe",
        countries: "AD AL BA BY CH FO GI MD ME MK RS RU SJ SM UA VA XK",
    },
    Region { id: "north_america", name: "North America", countries: "BM CA GL MX PM PR US VI" },
    Region {
        id: "latin_america",
        name: "Latin America",
        countries: "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT GY HN HT JM KN KY LC MF \
                    MQ MS NI PA PE PY SR SV SX TC TT UY VC VE VG",
    },
    Region {
        id: "asia",
        name: "Asia",
        countries: "AF BD BN BT CN HK ID IN IO JP KG KH KP KR KZ LA LK MM MN MO MV MY NP PH PK SG TH TJ TL TM TW \
                    UZ VN",
    },
    Region {
        id: "oceania",
        name: "Oceania",
        countries: "AS AU CC CK CX FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS",
    },
    Region {
        id: "middle_east",
        name: "Middle East",
        countries: "AE AM AZ BH GE IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    },
    Region {
        id: "africa",
        name: "Africa",
        countries: "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR \
                    MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW",
    },
];

impl Region {
    /// Whether `country` is in this region.
    pub fn contains(&self, country: CountryCode) -> bool {
        self.countries.split_whitespace().any(|c| c == country.as_str())
    }
}

/// The region of `country`, if it has one.
pub fn region_of(country: CountryCode) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.contains(country))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cc(code: &str) -> CountryCode {
        code.parse().unwrap()
    }

    #[test]
    fn every_listed_code_is_real_no_country_is_in_two_regions_and_only_uninhabited_places_are_left_out() {
        let mut seen = std::collections::BTreeSet::new();
        for region in REGIONS {
            for code in region.countries.split_whitespace() {
                assert!(code.parse::<CountryCode>().is_ok(), "{}: {code}", region.id);
                assert!(seen.insert(code.to_owned()), "{code} is in two regions");
            }
        }
        let letters = b'A'..=b'Z';
        let missing: Vec<String> = letters
            .clone()
            .flat_map(|a| letters.clone().map(move |b| String::from_utf8(vec![a, b]).unwrap()))
            .filter(|c| c.parse::<CountryCode>().is_ok() && !seen.contains(c))
            .collect();
        assert_eq!(missing, ["AQ", "BV", "GS", "HM", "TF"]);
    }

    #[test]
    fn the_single_market_is_the_27_member_states_with_aland_monaco_and_the_three_eea_states() {
        let single_market = &REGIONS[0];
        assert_eq!(single_market.countries.split_whitespace().count(), 27 + 2 + 3);
        for code in ["FR", "NL", "DE", "NO", "IS", "LI", "AX", "MC"] {
            assert!(single_market.contains(cc(code)), "{code}");
        }
        for code in ["GB", "CH", "RE", "GP"] {
            assert!(!single_market.contains(cc(code)), "{code}");
        }
    }

    #[test]
    fn lyon_and_venlo_share_a_region_london_does_not() {
        assert_eq!(region_of(cc("FR")).map(|r| r.id), Some("eu_single_market"));
        assert_eq!(region_of(cc("FR")), region_of(cc("NL")));
        assert_eq!(region_of(cc("GB")).map(|r| r.name), Some("UK"));
        assert_eq!(region_of(cc("AU")), region_of(cc("NZ")));
        assert_eq!(region_of(cc("AQ")), None);
    }
}
