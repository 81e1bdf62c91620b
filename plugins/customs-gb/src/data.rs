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
//! - Duty: the UK Global Tariff third-country rate, as shown by the UK Trade Tariff
//!   (trade-tariff.service.gov.uk). Only the rows below could be confirmed from a dated or
//!   tariff-sourced page; every other heading of the documented subset (6110, 62xx, 64xx, 33xx,
//!   49xx duty, 71xx, 8518, 95xx) is left out and reported as `outside_duty_table`.
//! - EU–UK Trade and Cooperation Agreement, Art. GOODS.5 (no customs duties on originating
//!   goods), applied from 2021-01-01.
//! - Restrictions: UPU "Dangerous goods" campaign (upu.int: lithium batteries, aerosols,
//!   flammable liquids such as perfume are dangerous goods in the international post); Royal Mail,
//!   "Prohibitions and restrictions in UK and international mail" (2015-10-29: lithium batteries
//!   only installed in equipment); Offensive Weapons Act 2019 Part 3 and Criminal Justice Act 1988
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

const UKGT_TUDORLANE: &str = "UK Trade Tariff third-country duty for 6109 10 00 10 \"12.00%\" as returned by a UK Trade \
                              Tariff lookup (apify.com/tudorlane/hs-tariff-code sample output); Tariffik guide to \
                              clothing codes (cotton and synthetic T-shirts 12%)";
const UKGT_EDDIEBASE: &str = "UK Trade Tariff 6115 96 10 00 duty rate 12.00 % (eddiebase.com/ukTariff, UK Trade Tariff \
                              API source)";
const UKGT_TARIFFIK_ELECTRONICS: &str = "Tariffik, \"Commodity Codes for Electronics\" (UK duty on smartphones \
                                         8517 13 00 00 \"currently 0%\", laptops 8471 30 00 00 0%); Information \
                                         Technology Agreement goods";

/// Duty for the goods whose UK Global Tariff rate could be confirmed. See the module docs for
/// what is left out and why.
pub const DUTY: HsTable<Duty> = HsTable::new(&[
    HsRow::new("6109", Duty::ad_valorem(1200), "T-shirts, singlets and vests, knitted", UKGT_TUDORLANE, "2026-11-25"),
    HsRow::new(
        "61159610",
        Duty::ad_valorem(1200),
        "knee-length stockings of synthetic fibres",
        UKGT_EDDIEBASE,
        "2026-11-25",
    ),
    HsRow::new("847130", Duty::FREE, "laptops and other portable computers", UKGT_TARIFFIK_ELECTRONICS, "2026-01-17"),
    HsRow::new("851713", Duty::FREE, "smartphones", UKGT_TARIFFIK_ELECTRONICS, "2026-01-17"),
]);

const UPU_DG: &str = "UPU, Dangerous goods and prohibited items campaign (upu.int)";
const ROYAL_MAIL: &str =
    "Royal Mail, Prohibitions and restrictions in UK and international mail, valid from 2015-10-29";
const KNIVES_UK: &str = "Criminal Justice Act 1988 s.141A as amended by the Offensive Weapons Act 2019 Part 3 \
                         (legislation.gov.uk)";

/// Goods the merchant must handle with care when shipping into the UK.
pub const RESTRICTIONS: HsTable<Restriction> = HsTable::new(&[
    HsRow::new(
        "850650",
        Restriction::new(
            Severity::Warning,
            "lithium_batteries_alone",
            "lithium cells shipped on their own are dangerous goods (UN3090): the international post refuses them and \
             couriers carry them only as declared dangerous goods; ship them installed in or packed with equipment",
        ),
        "lithium primary cells and batteries",
        ROYAL_MAIL,
        "2015-10-29",
    ),
    HsRow::new(
        "850760",
        Restriction::new(
            Severity::Warning,
            "lithium_batteries_alone",
            "lithium-ion batteries shipped on their own (power banks, spares) are dangerous goods (UN3480): the \
             international post refuses them and couriers carry them only as declared dangerous goods",
        ),
        "lithium-ion accumulators",
        ROYAL_MAIL,
        "2015-10-29",
    ),
    HsRow::new(
        "3303",
        Restriction::new(
            Severity::Warning,
            "flammable_liquid",
            "perfume and eau de toilette are flammable liquids: restricted in the post and by air; use a carrier \
             service that accepts them",
        ),
        "perfumes and toilet waters",
        UPU_DG,
        "2026-11-25",
    ),
    HsRow::new(
        "330530",
        Restriction::new(
            Severity::Warning,
            "aerosol",
            "hair lacquers are usually aerosols, dangerous goods (UN1950) in the post and by air; check the product \
             and the carrier's rules",
        ),
        "hair lacquers",
        UPU_DG,
        "2026-11-25",
    ),
    HsRow::new(
        "330720",
        Restriction::new(
            Severity::Warning,
            "aerosol",
            "deodorant sprays are aerosols, dangerous goods (UN1950) in the post and by air; roll-ons and sticks are \
             not — check the product and the carrier's rules",
        ),
        "deodorants and antiperspirants",
        UPU_DG,
        "2026-11-25",
    ),
    HsRow::new(
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
    ),
]);

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

    #[test]
    fn books_are_zero_rated_and_t_shirts_are_not() {
        let hs = |c: &str| c.parse().unwrap();
        assert_eq!(VAT.rate(Some(&hs("490199"))).0, 0);
        assert_eq!(VAT.rate(Some(&hs("610910"))).0, 2000);
        assert_eq!(DUTY.lookup(&hs("6109100010")).map(|r| r.value), Some(Duty::ad_valorem(1200)));
        assert!(DUTY.lookup(&hs("611020")).is_none(), "jerseys are not confirmed, so not in the table");
    }

    #[test]
    fn only_eu_origins_qualify_for_the_tca_preference() {
        assert!(tca_origin(Some("DE".parse().unwrap())));
        assert!(!tca_origin(Some("CN".parse().unwrap())));
        assert!(!tca_origin(Some("CH".parse().unwrap())));
        assert!(!tca_origin(None));
    }
}
