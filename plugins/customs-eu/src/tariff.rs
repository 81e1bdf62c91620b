//! Conventional ("third country", erga omnes) customs duty rates of the EU Common Customs Tariff
//! for a documented subset of ecommerce goods, and the trade-defence measures the plugin warns
//! about.
//!
//! The subset: apparel (chapters 61–62), footwear (64), headwear (65), ceramic tableware (69),
//! jewellery (71), cosmetics (33), books (49), computers, phones and headphones (84–85) and toys
//! (95). A code outside it gets no rate — the caller reports `duty_rate_unknown` rather than
//! guess. Entries are keyed by a prefix of the tariff code (6-digit HS subheading or 8-digit CN
//! code); an 8-digit entry refines its subheading.
//!
//! Where the CN codes inside one subheading carry different rates (headwear 6505 00, ceramic
//! tableware 6912 00, toys 9503 00), the subheading entry applies the highest rate found under
//! it and records the lowest, so a 6-digit code is never under-assessed; the caller adds a
//! `duty_rate_range` warning asking for the 8-digit code.
//!
//! Sources (each entry names its own):
//! - `TaricHsRates`: EU TARIC (DG TAXUD) third-country duty per TARIC code, as tabulated by
//!   HSRates / CustomTariffs, one page per subheading at
//!   `https://custom-tariffs-seo.pages.dev/en/codes/<subheading>-…`, "EU TARIC … accessed
//!   2/22/2026"; read 2026-11-25. Every TARIC code listed under the subheading carried the rate
//!   given unless a range is recorded. Not the official TARIC consultation itself: re-check there
//!   before relying on a rate for a binding declaration.
//! - `TaricDutyDesk`: EU TARIC third-country duty per TARIC code as listed by DutyDesk
//!   (`https://dutydesk.app/eu/950300`, "Source: EU TARIC database (European Commission)"),
//!   undated page read 2026-11-25; agrees with HSRates on the codes both list.
//!
//! Conflict noted: `shared/data/MARKETS.md` gives 2 % for headphones (8518 30); TARIC as
//! tabulated on 2026-02-22 shows 0.00 % for 8518 30 00 00/10/90 — the 2 % looks like the rate
//! before the Information Technology Agreement expansion phased it out. This table uses 0 %.

use crossdock_sdk::{CountryCode, HsCode};

/// Where a rate was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    TaricHsRates,
    TaricDutyDesk,
}

impl Source {
    /// YYYY-MM-DD the figure is as of: the TARIC access date the source states, or the date
    /// it was read when the source states none.
    pub const fn as_of(self) -> &'static str {
        match self {
            Self::TaricHsRates => "2026-02-22",
            Self::TaricDutyDesk => "2026-11-25",
        }
    }
}

/// The duty rate for every tariff code that starts with `prefix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DutyRate {
    /// 6 digits (HS subheading) or 8 digits (CN code).
    pub prefix: &'static str,
    /// `prefix` as a number the table is sorted and searched by (see [`key`]).
    key: u32,
    /// Basis points applied: the highest rate found under the prefix.
    pub rate_bp: u32,
    /// The lowest rate found under the prefix; equals `rate_bp` when the prefix pays one rate.
    pub low_bp: u32,
    /// What the goods are, for messages.
    pub goods: &'static str,
    /// For a range: which finer codes carry which rate, for the merchant to pick from.
    pub finer: &'static str,
    pub source: Source,
}

impl DutyRate {
    /// Whether every code under the prefix pays the same rate.
    pub fn is_exact(&self) -> bool {
        self.low_bp == self.rate_bp
    }
}

/// The search key of a 6- or 8-digit prefix: subheading × 1000, plus 100 + the two CN digits
/// for an 8-digit code. `650500` → 650 500 000, `65050030` → 650 500 130: numbers sort like the
/// texts, a subheading before its CN codes, and compare without `memcmp`.
pub const fn key(prefix: &[u8]) -> Option<u32> {
    if !(prefix.len() == 6 || prefix.len() == 8) {
        return None;
    }
    let mut n: u32 = 0;
    let mut i = 0;
    while i < prefix.len() {
        if !prefix[i].is_ascii_digit() {
            return None;
        }
        n = n * 10 + (prefix[i] - b'0') as u32;
        i += 1;
    }
    Some(if prefix.len() == 6 { n * 1000 } else { (n / 100) * 1000 + 100 + n % 100 })
}

const fn key_of(prefix: &'static str) -> u32 {
    match key(prefix.as_bytes()) {
        Some(k) => k,
        None => panic!("a duty-rate prefix has 6 or 8 digits"),
    }
}

const fn one(prefix: &'static str, rate_bp: u32, goods: &'static str, source: Source) -> DutyRate {
    DutyRate { prefix, key: key_of(prefix), rate_bp, low_bp: rate_bp, goods, finer: "", source }
}

const fn range(prefix: &'static str, low_bp: u32, rate_bp: u32, goods: &'static str, finer: &'static str) -> DutyRate {
    DutyRate { prefix, key: key_of(prefix), rate_bp, low_bp, goods, finer, source: Source::TaricHsRates }
}

use Source::{TaricDutyDesk as DD, TaricHsRates as HR};

/// Sorted by prefix (a unit test checks): `duty_rate` binary-searches it.
pub const DUTY_RATES: &[DutyRate] = &[
    // Chapter 33, cosmetics: TARIC 3304 20 00 00 and 3304 99 00 00 at 0.00 % (HR). 3304 10, 30
    // and 91 were not checked and are left out.
    one("330420", 0, "eye make-up preparations", HR),
    one("330499", 0, "beauty and skin-care preparations", HR),
    // Chapter 49, books: 4901 91 00 00 and 4901 99 00 00 at 0.00 % (HR; MARKETS.md says 0 %,
    // "not re-checked" — confirmed here).
    one("490191", 0, "dictionaries and encyclopaedias", HR),
    one("490199", 0, "printed books", HR),
    // Chapter 61, knitted apparel: every TARIC code listed at 12.00 % (HR). 6109 10 agrees with
    // MARKETS.md (12 %).
    one("610342", 1200, "men's knitted trousers of cotton", HR),
    one("610462", 1200, "women's knitted trousers of cotton", HR),
    one("610510", 1200, "men's knitted shirts of cotton", HR),
    one("610910", 1200, "T-shirts of cotton", HR),
    one("610990", 1200, "T-shirts of other textiles", HR),
    one("611020", 1200, "jerseys and pullovers of cotton", HR),
    one("611030", 1200, "jerseys and pullovers of man-made fibres", HR),
    one("611595", 1200, "socks and hosiery of cotton", HR),
    one("611596", 1200, "socks and hosiery of synthetic fibres", HR),
    // Chapter 62, woven apparel: 12.00 % on every code listed (HR).
    one("620342", 1200, "men's trousers and shorts of cotton", HR),
    one("620412", 1200, "women's suits of cotton", HR),
    one("620462", 1200, "women's trousers and shorts of cotton", HR),
    // Chapter 64, footwear. 6403 99: the five TARIC codes listed (6403 99 05 00/90, 31 00, 36 00,
    // 50 00) all at 8.00 %; the others of the subheading were not listed. 6404 11 and 6404 19:
    // 16.90 % (HR).
    one("640399", 800, "leather-upper footwear", HR),
    one("640411", 1690, "sports footwear with textile uppers", HR),
    one("640419", 1690, "footwear with textile uppers", HR),
    // Chapter 65, headwear: 6505 00 10 (fur felt) 5.70 %, 6505 00 30 (peaked caps) and
    // 6505 00 90 (other) 2.70 % (HR).
    range(
        "650500",
        270,
        570,
        "hats and caps",
        "6505 00 30 peaked caps or 6505 00 90 other headgear: 2.7%; 6505 00 10 fur felt: 5.7%",
    ),
    one("65050010", 570, "hats of fur felt", HR),
    one("65050030", 270, "peaked caps", HR),
    one("65050090", 270, "knitted or textile headgear", HR),
    // Chapter 69, ceramic tableware other than porcelain: 6912 00 21 (common pottery) 5.00 %,
    // 6912 00 23 (stoneware) 5.50 %, 6912 00 25 (earthenware or fine pottery) 9.00 % (HR);
    // 6912 00 29 and 6912 00 81–89 were not listed, so 9 % is the highest rate found, not a
    // proven maximum.
    range(
        "691200",
        500,
        900,
        "ceramic tableware",
        "6912 00 21 common pottery: 5%; 6912 00 23 stoneware: 5.5%; 6912 00 25 earthenware or fine pottery: 9%",
    ),
    one("69120021", 500, "tableware of common pottery", HR),
    one("69120023", 550, "tableware of stoneware", HR),
    one("69120025", 900, "tableware of earthenware or fine pottery", HR),
    // Chapter 71, jewellery: 7113 11 (silver) and 7113 19 (other precious metal) 2.50 %;
    // 7117 11 and 7117 19 (imitation jewellery of base metal) 4.00 % (HR).
    one("711311", 250, "silver jewellery", HR),
    one("711319", 250, "gold or platinum jewellery", HR),
    one("711711", 400, "imitation cuff links and studs", HR),
    one("711719", 400, "imitation jewellery of base metal", HR),
    // Chapters 84–85, electronics (Information Technology Agreement goods): 8471 30 00 00,
    // 8517 13 00 00, 8518 30 00 00/10/90 at 0.00 % (HR). See the conflict note above on 8518 30.
    one("847130", 0, "laptops", HR),
    one("851713", 0, "smartphones", HR),
    one("851830", 0, "headphones and earphones", HR),
    // Chapter 95, toys: codes under 9503 00 at 0.00 % or 4.70 % (HR for the subheading, DD for
    // the 8-digit codes).
    range(
        "950300",
        0,
        470,
        "toys",
        "e.g. 9503 00 10 wheeled toys or 9503 00 49 other toys representing animals: 0%; 9503 00 41 stuffed toys or 9503 00 75 other toys of plastics: 4.7%",
    ),
    one("95030010", 0, "wheeled toys and dolls' carriages", DD),
    one("95030021", 470, "dolls", DD),
    one("95030029", 0, "parts of dolls", DD),
    one("95030030", 0, "electric trains and scale model kits", DD),
    one("95030035", 470, "construction sets of plastics", DD),
    one("95030039", 0, "other construction sets", DD),
    one("95030041", 470, "stuffed toys", DD),
    one("95030049", 0, "other toys representing animals", DD),
    one("95030055", 0, "toy musical instruments", DD),
    one("95030061", 0, "wooden puzzles", DD),
    one("95030069", 470, "other puzzles", DD),
    one("95030070", 470, "toys put up in sets", DD),
    one("95030075", 470, "other toys of plastics", DD),
    one("95030079", 0, "other toys of other materials", DD),
    one("95030081", 0, "toy weapons", DD),
    one("95030085", 470, "die-cast metal miniature models", DD),
    one("95030087", 0, "interactive electronic education devices", DD),
];

/// The rate for `hs`: the entry for its 8-digit CN code if there is one, else the entry for its
/// 6-digit subheading. Two binary searches over numbers, no scan.
pub fn duty_rate(hs: &HsCode) -> Option<&'static DutyRate> {
    let code = hs.as_str().as_bytes();
    let find = |prefix: &[u8]| {
        let k = key(prefix)?;
        DUTY_RATES.binary_search_by_key(&k, |e| e.key).ok().and_then(|i| DUTY_RATES.get(i))
    };
    code.get(..8).and_then(find).or_else(|| code.get(..6).and_then(find))
}

/// An anti-dumping measure that may add duty to goods of one origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AntiDumping {
    pub measure: &'static str,
    pub rates: &'static str,
}

/// Ceramic tableware and kitchenware from China: Commission Implementing Regulation (EU)
/// 2019/1198, definitive anti-dumping duty 13.1 %–36.1 % depending on the producer, on
/// ex 6911 10 00, ex 6912 00 21, 23, 25 and 29 (eppi-online.com 2019-08-13; gov.uk notices
/// ADD 2240 of 2017-11-08 and ADD 2410 of 2020-06-30 for the TARIC codes; orcatrade.pl
/// "renewed", 36.1 % country-wide). Its current expiry-review status was not re-checked, so
/// the plugin warns and never adds the duty itself.
const CERAMICS_CN: AntiDumping = AntiDumping {
    measure: "Implementing Regulation (EU) 2019/1198 (ceramic tableware and kitchenware from China)",
    rates: "13.1%–36.1% depending on the producer",
};

/// A measure that may apply to `hs` made in `origin`. A bare 6-digit 6912 00 matches because
/// it may hide one of the covered CN codes; 6912 00 81–89 (other household articles) do not.
pub fn anti_dumping(hs: &HsCode, origin: Option<CountryCode>) -> Option<AntiDumping> {
    // The heading first: it rules out almost every line without a string comparison.
    if !matches!(hs.heading(), 6911 | 6912) || origin.is_none_or(|c| c.as_str() != "CN") {
        return None;
    }
    let code = hs.as_str();
    let covered = ["691110", "69120021", "69120023", "69120025", "69120029"];
    if covered.iter().any(|p| code.starts_with(p)) || (code.len() < 8 && code.starts_with("691200")) {
        Some(CERAMICS_CN)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(code: &str) -> HsCode {
        code.parse().unwrap()
    }

    #[test]
    fn the_table_is_sorted_with_unique_valid_prefixes() {
        for pair in DUTY_RATES.windows(2) {
            assert!(pair[0].prefix < pair[1].prefix, "{} before {}", pair[0].prefix, pair[1].prefix);
            assert!(pair[0].key < pair[1].key, "keys sort like prefixes: {}", pair[1].prefix);
        }
        for entry in DUTY_RATES {
            assert!(matches!(entry.prefix.len(), 6 | 8), "{}", entry.prefix);
            assert!(entry.prefix.parse::<HsCode>().is_ok(), "{}", entry.prefix);
            assert!(entry.low_bp <= entry.rate_bp, "{}", entry.prefix);
            assert_eq!(entry.is_exact(), entry.finer.is_empty(), "{}: a range names its finer codes", entry.prefix);
        }
    }

    #[test]
    fn a_cn_code_refines_its_subheading_within_the_recorded_range() {
        for fine in DUTY_RATES.iter().filter(|e| e.prefix.len() == 8) {
            let parent = DUTY_RATES.iter().find(|e| e.prefix == &fine.prefix[..6]);
            let parent = parent.unwrap_or_else(|| panic!("{} has no subheading entry", fine.prefix));
            assert!(
                (parent.low_bp..=parent.rate_bp).contains(&fine.rate_bp),
                "{} at {} outside {}..={}",
                fine.prefix,
                fine.rate_bp,
                parent.low_bp,
                parent.rate_bp
            );
        }
    }

    #[test]
    fn a_cn_code_entry_wins_over_its_subheading() {
        assert_eq!(duty_rate(&hs("610910")).map(|r| r.rate_bp), Some(1200));
        assert_eq!(duty_rate(&hs("6109100010")).map(|r| r.rate_bp), Some(1200));
        let caps = duty_rate(&hs("650500")).unwrap();
        assert_eq!((caps.low_bp, caps.rate_bp, caps.is_exact()), (270, 570, false));
        let peaked = duty_rate(&hs("6505 00 30")).unwrap();
        assert_eq!((peaked.rate_bp, peaked.is_exact()), (270, true));
        assert_eq!(duty_rate(&hs("69120025")).map(|r| r.rate_bp), Some(900));
        assert_eq!(duty_rate(&hs("851830")).map(|r| r.rate_bp), Some(0));
    }

    #[test]
    fn search_keys_sort_subheadings_before_their_cn_codes() {
        assert_eq!(key(b"650500"), Some(650_500_000));
        assert_eq!(key(b"65050030"), Some(650_500_130));
        assert_eq!(key(b"65050000"), Some(650_500_100));
        assert_eq!(key(b"6505"), None);
        assert_eq!(key(b"65O500"), None);
    }

    #[test]
    fn goods_outside_the_subset_have_no_rate() {
        assert!(duty_rate(&hs("940171")).is_none()); // seats
        assert!(duty_rate(&hs("610120")).is_none()); // a chapter-61 subheading not in the table
        assert!(duty_rate(&hs("950490")).is_none()); // games, not toys
    }

    #[test]
    fn anti_dumping_is_flagged_for_chinese_ceramic_tableware_only() {
        let cn = Some("CN".parse().unwrap());
        let vn = Some("VN".parse().unwrap());
        assert!(anti_dumping(&hs("691200"), cn).is_some());
        assert!(anti_dumping(&hs("69120023"), cn).is_some());
        assert!(anti_dumping(&hs("6911100090"), cn).is_some());
        assert!(anti_dumping(&hs("69120083"), cn).is_none());
        assert!(anti_dumping(&hs("691200"), vn).is_none());
        assert!(anti_dumping(&hs("691200"), None).is_none());
        assert!(anti_dumping(&hs("610910"), cn).is_none());
    }
}
