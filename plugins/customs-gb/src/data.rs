//! Every figure customs-gb applies, with its source and the date it is as of.
//!
//! Sources (IDs G1–G4 as in `shared/data/MARKETS.md`, checked there 2026-11-25; the others read
//! 2026-11-25 unless a date is given):
//! - G1 gov.uk, "VAT and overseas goods sold to customers in the UK using online marketplaces" and
//!   "Charging VAT on goods sold direct to customers in the UK": since 2021-01-01, consignments of
//!   intrinsic value ≤ £135 (goods only, the whole consignment) carry no import VAT; the seller,
//!   or the online marketplace, charges UK supply VAT at the point of sale. No customs duty on
//!   them either (excise goods and gifts aside). Above £135: import VAT (on the customs value,
//!   which includes transport to the UK, plus duty) and duty at the border.
//! - G3 Deloitte Taxscape, Autumn Budget 2025 (2025-11-26): the £135 customs duty relief is to be
//!   abolished "by March 2029 at the latest"; G4 gov.uk consultation (closed 2026-03-06). No
//!   final design or date was found on 2026-11-25, so the plugin applies the relief and says when
//!   it is expected to end.
//! - UK VAT standard rate 20 % (in force since 2011-01-04; MARKETS.md GB row).
//! - VAT Notice 701/10 (gov.uk, "Zero-rating of books and other forms of printed matter"):
//!   books, booklets, brochures, leaflets, newspapers and periodicals, children's picture books,
//!   printed music and maps are zero-rated — HS 4901–4905; read 2026-11-25 through
//!   centralbooks.com's guide, which links it and the UK Trade Tariff's 0 % VAT measure on 4901.
//! - VAT Notice 714 (gov.uk, "Young children's clothing and footwear"): zero-rated by size and
//!   design, which an HS code does not tell — so the plugin applies 20 % and says so.
//! - Duty: the UK Global Tariff (UKGT) third-country rate. Source "UKGT": the Department for
//!   International Trade's dataset "Tariffs to trade with the UK from 1 January 2021" (issued
//!   2020-05-19, linked from gov.uk "UK tariffs from 1 January 2021"; file global-uk-tariff.csv,
//!   column `ukgt_duty_rate`, one line per 2020 CN8 code), rates in force from 2021-01-01, read
//!   line by line for every heading below on 2026-11-25. A row's date is 2021-01-01 unless a later
//!   dated reading of the same rate is cited beside it (then that date). Where a six-digit
//!   subheading holds lines at different rates, only its eight-digit lines are listed, so a
//!   six-digit code there is reported `outside_duty_table` instead of guessed. The dataset predates
//!   the HS 2022 renumbering; headings whose lines all carry one rate (8517: 8517 12 became
//!   8517 13/14) are keyed by heading so the new codes match. Later amendments to these lines were
//!   not found; the 2026 readings cited beside 6109, 6115 96, 6205, 6404, 8471, 8504, 8517 and 8518
//!   agree with the dataset.
//! - Covered: apparel 61–62 (every line but one, below), footwear 64 (every line), cosmetics and
//!   toiletries 3303–3307, printed matter 49, jewellery 7113 and 7117, computers 8471, chargers and
//!   power supplies 8504, phones 8517, audio 8518, toys 9503 (by eight-digit line: 0 % or 4 %) and
//!   games 9504. Left out, so reported `outside_duty_table`: everything else (headgear 65, tableware 69,
//!   bags 42, watches 91, …) and the six-digit codes of split subheadings (6110 11, 6111 20/30/90,
//!   6112 31/39/41/49, 6113 00, 6115 10, 6117 80, 6403 59/91/99, 6405 20/90, 9503 00). Also left
//!   out where sources disagree: 6203 33 10 (men's industrial and occupational jackets of
//!   synthetic fibres, 12 % in the dataset) and so 6203 33, because openborders.direct's copy of
//!   the UK Trade Tariff (secondary, "information for 04 October 2023") shows 6203 33 10 00 at
//!   0.00 %; its siblings are listed.
//! - EU–UK Trade and Cooperation Agreement, Art. GOODS.5 (no customs duties on originating
//!   goods), applied from 2021-01-01.
//! - Restrictions: dangerous goods (lithium batteries, aerosols, perfume) come from the SDK's UPU
//!   table (`crossdock_sdk::customs::DANGEROUS_GOODS`), which Royal Mail's "Prohibitions and
//!   restrictions in UK and international mail" (2015-10-29: lithium batteries only installed in
//!   equipment) agrees with; Offensive Weapons Act 2019 Part 3 and Criminal Justice Act 1988
//!   s.141A (legislation.gov.uk: knives may not be sold or delivered to under-18s; remote sales
//!   need age verification; some knives are banned outright).

use crossdock_sdk::customs::{Duty, HsRow, HsTable, Restriction, TaxRates};
use crossdock_sdk::{CountryCode, Severity};

/// The consignment value up to which the low-value rules apply, in pence (goods only) (G1).
pub const LOW_VALUE_LIMIT_PENCE: i64 = 13_500;
/// First day of the £135 rules (G1).
pub const LOW_VALUE_SINCE: &str = "2021-01-01";
/// The day the end of the duty relief was announced (G3).
pub const RELIEF_END_ANNOUNCED: &str = "2025-11-26";
/// First day of the TCA's zero duty on originating goods.
pub const TCA_SINCE: &str = "2021-01-01";

const VAT_SOURCE: &str = "UK VAT standard rate, VAT Act 1994 s.2 (MARKETS.md GB row, G1)";
const NOTICE_701_10: &str = "VAT Notice 701/10, zero-rating of books and printed matter (gov.uk)";

/// UK VAT: 20 %, printed matter 0 %.
pub const VAT: TaxRates = TaxRates::standard(2000, VAT_SOURCE, "2011-01-04").with_reduced(&[
    HsRow::new("4901", 0, "printed books, brochures and leaflets", NOTICE_701_10, "2026-11-25"),
    HsRow::new("4902", 0, "newspapers, journals and periodicals", NOTICE_701_10, "2026-11-25"),
    HsRow::new("4903", 0, "children's picture, drawing and colouring books", NOTICE_701_10, "2026-11-25"),
    HsRow::new("4904", 0, "printed music", NOTICE_701_10, "2026-11-25"),
    HsRow::new("4905", 0, "maps and charts", NOTICE_701_10, "2026-11-25"),
]);

const UKGT: &str = "UK Global Tariff, DIT dataset \"Tariffs to trade with the UK from 1 January 2021\" (issued \
                    2020-05-19, gov.uk/guidance/uk-tariffs-from-1-january-2021; global-uk-tariff.csv, ukgt_duty_rate)";
/// The day the UKGT rates took effect, the date of every row read from the dataset alone.
const UKGT_SINCE: &str = "2021-01-01";

const UKGT_AND_TUDORLANE: &str = "UKGT dataset 6109 10 00 and 6109 90 lines 12.0%; UK Trade Tariff third-country duty \
                                  for 6109 10 00 10 \"12.00%\" as returned by a UK Trade Tariff lookup \
                                  (apify.com/tudorlane/hs-tariff-code sample output, secondary)";
const UKGT_AND_EDDIEBASE: &str = "UKGT dataset 6115 96 10/91/99 12.0%; UK Trade Tariff 6115 96 10 00 duty rate \
                                  12.00 % (eddiebase.com/ukTariff, secondary, read 2026-11-25)";
const UKGT_AND_TARIFFIK_CLOTHING: &str = "UKGT dataset 6205 lines 12.0%; Tariffik, \"Commodity Codes for Clothing\" \
                                          (2026-01-23, secondary): cotton shirt (woven) 12%";
const UKGT_AND_FOOTWEAR_2026: &str = "UKGT dataset 6404 11 00, 6404 19 10/90, 6404 20 10/90 16.0%; \
                                      customs-compliance.ai, \"Import Duty on Footwear with textile uppers\" \
                                      (secondary, updated 2026-03-29): United Kingdom 16.0%";
const UKGT_AND_TARIFFIK_ELECTRONICS: &str = "UKGT dataset: every line of the heading 0.0%; Tariffik, \
                                             \"Commodity Codes for Electronics\" (2026-01-17, secondary): \
                                             smartphones 8517 13, laptops 8471 30, headphones, chargers 0%";

/// A row read from the UKGT dataset alone: `bp` basis points (1200 = 12 %) from 2021-01-01.
const fn ukgt(prefix: &'static str, bp: u32, goods: &'static str) -> HsRow<Duty> {
    HsRow::new(prefix, Duty::ad_valorem(bp), goods, UKGT, UKGT_SINCE)
}

/// Duty for the goods whose UK Global Tariff rate is documented here, by the narrowest prefix
/// that carries one rate. See the module docs for the source, what is left out and why.
pub const DUTY: HsTable<Duty> = HsTable::new(&[
    // Cosmetics and toiletries (ch. 33).
    ukgt("3303", 0, "perfumes and toilet waters"),
    ukgt("3304", 0, "beauty, make-up and skin-care preparations"),
    ukgt("3305", 0, "preparations for use on the hair"),
    ukgt("3306", 0, "preparations for oral or dental hygiene"),
    ukgt("330620", 400, "dental floss in retail packages"),
    ukgt("3307", 600, "shaving preparations, deodorants, bath preparations and other toiletries"),
    // Printed matter (ch. 49): every line 0 %.
    ukgt("49", 0, "printed books, newspapers, pictures and other printed matter"),
    // Apparel, knitted (ch. 61).
    ukgt("6101", 1200, "men's or boys' overcoats and anoraks, knitted"),
    ukgt("6102", 1200, "women's or girls' overcoats and anoraks, knitted"),
    ukgt("6103", 1200, "men's or boys' suits, jackets, trousers and shorts, knitted"),
    ukgt("6104", 1200, "women's or girls' suits, jackets, dresses, skirts and trousers, knitted"),
    ukgt("6105", 1200, "men's or boys' shirts, knitted"),
    ukgt("6106", 1200, "women's or girls' blouses and shirts, knitted"),
    ukgt("6107", 1200, "men's or boys' underpants, pyjamas and bathrobes, knitted"),
    ukgt("6108", 1200, "women's or girls' slips, briefs, nightdresses and bathrobes, knitted"),
    HsRow::new(
        "6109",
        Duty::ad_valorem(1200),
        "T-shirts, singlets and vests, knitted",
        UKGT_AND_TUDORLANE,
        "2026-11-25",
    ),
    ukgt("61101110", 1000, "jerseys and pullovers, >= 50 % wool, weighing >= 600 g each"),
    ukgt("61101130", 1200, "men's or boys' jerseys and cardigans of wool"),
    ukgt("61101190", 1200, "women's or girls' jerseys and cardigans of wool"),
    ukgt("611012", 1200, "jerseys and cardigans of cashmere"),
    ukgt("611019", 1200, "jerseys and cardigans of fine animal hair"),
    ukgt("611020", 1200, "jerseys, pullovers, sweatshirts and cardigans of cotton"),
    ukgt("611030", 1200, "jerseys, pullovers, sweatshirts and cardigans of man-made fibres"),
    ukgt("611090", 1200, "jerseys, pullovers and cardigans of other textile materials"),
    ukgt("61112010", 800, "babies' gloves and mittens of cotton, knitted"),
    ukgt("61112090", 1200, "babies' garments of cotton, knitted"),
    ukgt("61113010", 800, "babies' gloves and mittens of synthetic fibres, knitted"),
    ukgt("61113090", 1200, "babies' garments of synthetic fibres, knitted"),
    ukgt("61119011", 800, "babies' gloves and mittens of wool, knitted"),
    ukgt("61119019", 1200, "babies' garments of wool, knitted"),
    ukgt("61119090", 1200, "babies' garments of other textile materials, knitted"),
    ukgt("611211", 1200, "tracksuits of cotton, knitted"),
    ukgt("611212", 1200, "tracksuits of synthetic fibres, knitted"),
    ukgt("611219", 1200, "tracksuits of other textile materials, knitted"),
    ukgt("611220", 1200, "ski suits, knitted"),
    ukgt("61123110", 800, "men's swimwear of synthetic fibres, >= 5 % rubber thread"),
    ukgt("61123190", 1200, "men's swimwear of synthetic fibres"),
    ukgt("61123910", 800, "men's swimwear of other textiles, >= 5 % rubber thread"),
    ukgt("61123990", 1200, "men's swimwear of other textiles"),
    ukgt("61124110", 800, "women's swimwear of synthetic fibres, >= 5 % rubber thread"),
    ukgt("61124190", 1200, "women's swimwear of synthetic fibres"),
    ukgt("61124910", 800, "women's swimwear of other textiles, >= 5 % rubber thread"),
    ukgt("61124990", 1200, "women's swimwear of other textiles"),
    ukgt("61130010", 800, "rubberised garments, knitted"),
    ukgt("61130090", 1200, "garments coated with plastics, knitted"),
    ukgt("6114", 1200, "other garments, knitted"),
    ukgt("61151010", 800, "stockings for varicose veins of synthetic fibres"),
    ukgt("61151090", 1200, "graduated compression hosiery"),
    ukgt("611521", 1200, "tights of synthetic fibres, < 67 decitex"),
    ukgt("611522", 1200, "tights of synthetic fibres, >= 67 decitex"),
    ukgt("611529", 1200, "tights of other textile materials"),
    ukgt("611530", 1200, "women's stockings, < 67 decitex"),
    ukgt("611594", 1200, "socks and stockings of wool"),
    ukgt("611595", 1200, "socks and stockings of cotton"),
    HsRow::new(
        "611596",
        Duty::ad_valorem(1200),
        "socks and stockings of synthetic fibres",
        UKGT_AND_EDDIEBASE,
        "2026-11-25",
    ),
    ukgt("611599", 1200, "socks and stockings of other textile materials"),
    ukgt("6116", 800, "gloves, mittens and mitts, knitted"),
    ukgt("611710", 1200, "shawls, scarves and veils, knitted"),
    ukgt("61178010", 800, "elasticated or rubberised clothing accessories, knitted"),
    ukgt("61178080", 1200, "ties and other clothing accessories, knitted"),
    ukgt("611790", 1200, "parts of garments, knitted"),
    // Apparel, not knitted (ch. 62).
    ukgt("6201", 1200, "men's or boys' overcoats, raincoats and anoraks"),
    ukgt("6202", 1200, "women's or girls' overcoats, raincoats and anoraks"),
    ukgt("620311", 1200, "men's or boys' suits of wool"),
    ukgt("620312", 1200, "men's or boys' suits of synthetic fibres"),
    ukgt("620319", 1200, "men's or boys' suits of other textile materials"),
    ukgt("620322", 1200, "men's or boys' ensembles of cotton"),
    ukgt("620323", 1200, "men's or boys' ensembles of synthetic fibres"),
    ukgt("620329", 1200, "men's or boys' ensembles of other textile materials"),
    ukgt("620331", 1200, "men's or boys' jackets and blazers of wool"),
    ukgt("620332", 1200, "men's or boys' jackets and blazers of cotton"),
    ukgt("62033390", 1200, "men's or boys' jackets and blazers of synthetic fibres (not workwear)"),
    ukgt("620339", 1200, "men's or boys' jackets and blazers of other textile materials"),
    ukgt("620341", 1200, "men's or boys' trousers and shorts of wool"),
    ukgt("620342", 1200, "men's or boys' trousers, jeans and shorts of cotton"),
    ukgt("620343", 1200, "men's or boys' trousers and shorts of synthetic fibres"),
    ukgt("620349", 1200, "men's or boys' trousers and shorts of other textile materials"),
    ukgt("6204", 1200, "women's or girls' suits, jackets, dresses, skirts, trousers and jeans"),
    HsRow::new("6205", Duty::ad_valorem(1200), "men's or boys' shirts", UKGT_AND_TARIFFIK_CLOTHING, "2026-01-23"),
    ukgt("6206", 1200, "women's or girls' blouses and shirts"),
    ukgt("6207", 1200, "men's or boys' underwear, pyjamas and bathrobes"),
    ukgt("6208", 1200, "women's or girls' slips, nightdresses and bathrobes"),
    ukgt("6209", 1000, "babies' garments and clothing accessories"),
    ukgt("6210", 1200, "garments of felt, nonwovens or coated fabrics"),
    ukgt("6211", 1200, "tracksuits, ski suits, swimwear and other garments"),
    ukgt("6212", 600, "brassieres, girdles, corsets, braces and suspenders"),
    ukgt("6213", 1000, "handkerchiefs"),
    ukgt("6214", 800, "shawls, scarves and veils"),
    ukgt("6215", 600, "ties, bow ties and cravats"),
    ukgt("6216", 600, "gloves, mittens and mitts"),
    ukgt("621710", 600, "other made-up clothing accessories"),
    ukgt("621790", 1200, "parts of garments or clothing accessories"),
    // Footwear (ch. 64): 16 % for rubber, plastics and textile uppers, 8 % for leather uppers with
    // a few women's lines at 4-6 %, 2-4 % for other soles, 0 % for parts.
    ukgt("6401", 1600, "waterproof footwear of rubber or plastics"),
    ukgt("6402", 1600, "footwear with soles and uppers of rubber or plastics (trainers, sandals, flip-flops)"),
    ukgt("640312", 800, "ski and snowboard boots with leather uppers"),
    ukgt("640319", 800, "sports footwear with leather uppers"),
    ukgt("640320", 800, "leather-soled footwear with leather straps over the instep"),
    ukgt("640340", 800, "leather-upper footwear with a protective metal toecap"),
    ukgt("640351", 800, "leather-soled footwear with leather uppers, covering the ankle"),
    ukgt("64035905", 800, "leather footwear on a wooden base, without inner soles"),
    ukgt("64035911", 400, "leather footwear, strapped vamp, heel over 3 cm"),
    ukgt("64035931", 800, "leather footwear, strapped vamp, heel up to 3 cm, insoles under 24 cm"),
    ukgt("64035935", 800, "men's leather footwear, strapped vamp, heel up to 3 cm"),
    ukgt("64035939", 800, "women's leather footwear, strapped vamp, heel up to 3 cm"),
    ukgt("64035950", 800, "leather slippers and indoor footwear"),
    ukgt("64035991", 800, "leather footwear, insoles under 24 cm"),
    ukgt("64035995", 800, "men's leather shoes, leather soles"),
    ukgt("64035999", 800, "women's leather shoes, leather soles"),
    ukgt("64039105", 800, "leather-upper footwear covering the ankle, on a wooden base"),
    ukgt("64039111", 800, "leather-upper ankle boots, insoles under 24 cm"),
    ukgt("64039113", 800, "unisex leather-upper ankle boots, rubber or plastic soles"),
    ukgt("64039116", 800, "men's leather-upper ankle boots, rubber or plastic soles"),
    ukgt("64039118", 800, "women's leather-upper ankle boots, rubber or plastic soles"),
    ukgt("64039191", 800, "leather-upper boots covering the calf, insoles under 24 cm"),
    ukgt("64039193", 800, "unisex leather-upper boots covering the calf, rubber or plastic soles"),
    ukgt("64039196", 800, "men's leather-upper boots covering the calf, rubber or plastic soles"),
    ukgt("64039198", 400, "women's leather-upper boots covering the calf, rubber or plastic soles"),
    ukgt("64039905", 800, "leather-upper footwear on a wooden base, rubber or plastic soles"),
    ukgt("64039911", 800, "leather-upper footwear, strapped vamp, heel over 3 cm, rubber or plastic soles"),
    ukgt("64039931", 800, "leather-upper footwear, strapped vamp, heel up to 3 cm, insoles under 24 cm"),
    ukgt("64039933", 800, "unisex leather-upper footwear, strapped vamp, heel up to 3 cm"),
    ukgt("64039936", 800, "men's leather-upper footwear, strapped vamp, heel up to 3 cm"),
    ukgt("64039938", 400, "women's leather-upper footwear, strapped vamp, heel up to 3 cm"),
    ukgt("64039950", 800, "leather-upper slippers, rubber or plastic soles"),
    ukgt("64039991", 800, "leather-upper shoes, rubber or plastic soles, insoles under 24 cm"),
    ukgt("64039993", 800, "unisex leather-upper shoes, rubber or plastic soles"),
    ukgt("64039996", 800, "men's leather-upper shoes, rubber or plastic soles"),
    ukgt("64039998", 600, "women's leather-upper shoes, rubber or plastic soles"),
    HsRow::new(
        "6404",
        Duty::ad_valorem(1600),
        "footwear with textile uppers (canvas trainers, sports shoes, slippers)",
        UKGT_AND_FOOTWEAR_2026,
        "2026-03-29",
    ),
    ukgt("640510", 200, "footwear with leather uppers and other soles"),
    ukgt("64052010", 200, "textile-upper footwear with wooden or cork soles"),
    ukgt("64052091", 400, "textile-upper slippers with other soles"),
    ukgt("64052099", 400, "textile-upper footwear with other soles"),
    ukgt("64059010", 1600, "footwear with rubber, plastic or leather soles and other uppers"),
    ukgt("64059090", 400, "footwear with other soles and other uppers"),
    ukgt("6406", 0, "parts of footwear, insoles and gaiters"),
    // Jewellery (ch. 71).
    ukgt("7113", 200, "jewellery of silver or other precious metal"),
    ukgt("711320", 400, "jewellery of base metal clad with precious metal"),
    ukgt("7117", 400, "imitation jewellery"),
    // Electronics (ch. 84-85).
    HsRow::new(
        "8471",
        Duty::FREE,
        "computers, laptops, tablets and their units",
        UKGT_AND_TARIFFIK_ELECTRONICS,
        "2026-01-17",
    ),
    HsRow::new(
        "8504",
        Duty::FREE,
        "transformers, chargers and power supplies",
        UKGT_AND_TARIFFIK_ELECTRONICS,
        "2026-01-17",
    ),
    HsRow::new(
        "8517",
        Duty::FREE,
        "telephones, smartphones and network apparatus",
        UKGT_AND_TARIFFIK_ELECTRONICS,
        "2026-01-17",
    ),
    HsRow::new(
        "8518",
        Duty::FREE,
        "microphones, loudspeakers, headphones, earphones and amplifiers",
        UKGT_AND_TARIFFIK_ELECTRONICS,
        "2026-01-17",
    ),
    // Toys and games (ch. 95): 9503 00 is split by material and kind, so by eight-digit line.
    ukgt("95030010", 0, "tricycles, scooters, pedal cars and dolls' carriages"),
    ukgt("95030021", 400, "dolls representing human beings"),
    ukgt("95030029", 0, "parts and accessories for dolls"),
    ukgt("95030030", 0, "electric trains and scale model assembly kits"),
    ukgt("95030035", 400, "construction sets of plastics"),
    ukgt("95030039", 0, "construction sets of other materials"),
    ukgt("95030041", 400, "stuffed toys representing animals or creatures"),
    ukgt("95030049", 0, "other toys representing animals or creatures"),
    ukgt("95030055", 0, "toy musical instruments"),
    ukgt("95030061", 0, "wooden puzzles"),
    ukgt("95030069", 400, "puzzles of other materials"),
    ukgt("95030070", 400, "toys put up in sets or outfits"),
    ukgt("95030075", 400, "plastic toys and models with a motor"),
    ukgt("95030079", 0, "other toys and models with a motor"),
    ukgt("95030081", 0, "toy weapons"),
    ukgt("95030085", 400, "die-cast metal miniature models"),
    ukgt("95030087", 0, "portable interactive electronic education toys"),
    ukgt("95030095", 400, "plastic toys, n.e.s."),
    ukgt("95030099", 0, "toys, n.e.s."),
    ukgt("9504", 0, "video game consoles, table and parlour games"),
    ukgt("950440", 200, "playing cards"),
]);

const KNIVES_UK: &str = "Criminal Justice Act 1988 s.141A as amended by the Offensive Weapons Act 2019 Part 3 \
                         (legislation.gov.uk)";

/// Goods the merchant must handle with care when shipping into the UK, beside the dangerous goods
/// of `crossdock_sdk::customs`.
pub const RESTRICTIONS: HsTable<Restriction> = HsTable::new(&[HsRow::new(
    "8211",
    Restriction::new(
        Severity::Warning,
        "knife_age_restricted",
        "knives may not be sold or handed over to anyone under 18 in the UK: a remote sale needs age verification \
             at purchase and on delivery, and some knives (flick, butterfly, zombie knives) are banned outright",
    ),
    "knives with cutting blades",
    KNIVES_UK,
    "2019-05-16",
)]);

/// The EU member states, whose originating goods enter duty-free under the TCA.
const EU_MEMBER_STATES: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV",
    "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// Whether goods made in `origin` can claim the TCA's zero duty (with a statement of origin).
pub fn tca_origin(origin: Option<CountryCode>) -> bool {
    origin.is_some_and(|c| EU_MEMBER_STATES.contains(&c.as_str()))
}

/// HS chapters of clothing and footwear, where the zero rate for young children's sizes may apply.
pub fn is_clothing_or_footwear(chapter: u8) -> bool {
    matches!(chapter, 61 | 62 | 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_well_formed_and_dated() {
        assert_eq!(DUTY.check(), Ok(()));
        assert_eq!(VAT.reduced.check(), Ok(()));
        assert_eq!(RESTRICTIONS.check(), Ok(()));
    }

    fn rate(code: &str) -> Option<u32> {
        DUTY.lookup(&code.parse().unwrap()).map(|r| r.value.rate_bp())
    }

    #[test]
    fn books_are_zero_rated_and_duty_free_and_t_shirts_are_not() {
        let hs = |c: &str| c.parse().unwrap();
        assert_eq!(VAT.rate(Some(&hs("490199"))).0, 0);
        assert_eq!(VAT.rate(Some(&hs("610910"))).0, 2000);
        assert_eq!(rate("4901990000"), Some(0));
        assert_eq!(rate("6109100010"), Some(1200));
    }

    #[test]
    fn apparel_is_12_percent_with_the_tariffs_own_exceptions() {
        // UKGT dataset: jerseys, trousers, dresses, socks 12 %; heavy wool jerseys 10 %; babies'
        // woven garments 10 %; bras, ties and woven gloves 6 %; knitted gloves 8 %.
        for code in ["611020", "6110309900", "610462", "620342", "6203423500", "620442", "611595", "620520"] {
            assert_eq!(rate(code), Some(1200), "{code}");
        }
        assert_eq!(rate("6110111000"), Some(1000));
        assert_eq!(rate("620920"), Some(1000));
        assert_eq!(rate("621210"), Some(600));
        assert_eq!(rate("611693"), Some(800));
    }

    #[test]
    fn footwear_rates_follow_the_subheading() {
        // Textile uppers and rubber/plastics 16 %, leather uppers 8 %, some women's leather lines
        // 4-6 %, parts 0 %.
        assert_eq!(rate("640411"), Some(1600));
        assert_eq!(rate("6404199000"), Some(1600));
        assert_eq!(rate("640299"), Some(1600));
        assert_eq!(rate("64039116"), Some(800));
        assert_eq!(rate("64039198"), Some(400));
        assert_eq!(rate("6403999800"), Some(600));
        assert_eq!(rate("640351"), Some(800));
        assert_eq!(rate("640620"), Some(0));
    }

    #[test]
    fn a_six_digit_code_in_a_split_subheading_is_not_guessed() {
        for code in ["640391", "640399", "640359", "611011", "611231", "611510", "950300", "640520", "620333"] {
            assert_eq!(rate(code), None, "{code} holds lines at different rates");
        }
        assert_eq!(rate("6203339000"), Some(1200));
        assert_eq!(rate("6203331000"), None, "the sources disagree on this line");
        assert_eq!(rate("9503009500"), Some(400));
        assert_eq!(rate("9503009900"), Some(0));
    }

    #[test]
    fn electronics_cosmetics_jewellery_and_games_carry_their_documented_rates() {
        for code in ["851713", "851714", "851830", "850440", "847130", "330410", "330300", "950450"] {
            assert_eq!(rate(code), Some(0), "{code}");
        }
        assert_eq!(rate("330720"), Some(600));
        assert_eq!(rate("711311"), Some(200));
        assert_eq!(rate("711320"), Some(400));
        assert_eq!(rate("711719"), Some(400));
        assert_eq!(rate("950440"), Some(200));
        assert_eq!(rate("650500"), None, "headgear is outside the documented subset");
        assert_eq!(rate("691200"), None, "tableware is outside the documented subset");
    }

    #[test]
    fn only_eu_origins_qualify_for_the_tca_preference() {
        assert!(tca_origin(Some("DE".parse().unwrap())));
        assert!(!tca_origin(Some("CN".parse().unwrap())));
        assert!(!tca_origin(Some("CH".parse().unwrap())));
        assert!(!tca_origin(None));
    }
}
