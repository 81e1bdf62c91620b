//! US duty rates for a documented subset of ecommerce goods, and the goods the US restricts.
//!
//! Each [`UsRate`] row gives, for every HTSUS code that starts with its prefix:
//! - the general (column 1, "most favoured nation") rate — the highest found under the prefix —
//!   and the lowest, so a 6-digit subheading that hides several 8-digit rates is never
//!   under-assessed and the caller can ask for the finer code;
//! - the Section 301 status of products of China: on List 4A (+7.5 %, HTSUS 9903.88.15, at that
//!   rate since 2020-02-14), on no list in force (List 4B, 9903.88.16, was suspended and never
//!   collected), or not verified — then nothing is added and a warning says so;
//! - the Section 122 treatment (2026-02-24 → 2026-07-23): surcharged, or exempt as informational
//!   material or as an electronics product carried over from the reciprocal-tariff exemptions.
//!
//! Goods outside the table get no rate: the caller reports `outside_duty_table` rather than
//! guess. Only ad valorem lines are listed; HTSUS lines with specific or compound duties (for
//! example 6404.11.89, 90¢/pair + 20 %) are left out on purpose.
//!
//! Sources (each row names its own; "read" dates are 2026-11-25):
//! - `HTSHUB_25`: htshub.com, "USA HTS Harmonized Tariff Schedule (2025 HTS Revision 10
//!   (04/14/2025))", Duty(general) and Duty(china) columns (the latter restating the Chapter 99
//!   Section 301 note); `HTSHUB_24`: the same site on the 2024 HTS Revisions 9–10.
//! - `HSFINDER`: hsfinder.io, 6109.10.00 with "General duty 16.5%", linking the USITC record.
//! - `PORTORIA`: portoria.app HTS pages, "Last updated: December 09, 2025".
//! - `ETOOLSAGE`: etoolsage.com HTSUS query pages (6110.20 lines).
//! - `CBP_NY_6204`: CBP New York ruling CLA-2-62:OT:RR:NC:N3:360 (request of 2023-02-01):
//!   6204.62.8021 at 16.6 % plus 7.5 % under 9903.88.15 for products of China.
//! - `FIOWIND`: fiowind.com CN→US pages "effective 2025-05-12", which break each total into the
//!   base rate, the pre-2025-04-11 additional tariff (Section 301) and the 2025 IEEPA layer.
//! - `HTSDEV`/`LOGPOSE`: hts-dev.vercel.app (4901.99.00, general Free) and logpose (4901.99.00
//!   general column endnote "See 9903.88.15.").
//! - `ITT_2025`: International Trade Today, 2025-04-12, quoting the CBP CSMS of 2025-04-11 that
//!   exempted 8517.13.00 (smartphones) among other electronics from the reciprocal tariffs;
//!   Section 122's exemptions carry those over ("certain electronics", White House fact sheet as
//!   summarised by UHY and GHY, 2026-02).
//!
//! These are third-party restatements of the USITC's HTSUS, not hts.usitc.gov itself (which
//! the search tools could not reach): re-check a rate there before a binding declaration.

use crossdock_sdk::Severity;
use crossdock_sdk::customs::{HsRow, HsTable, Restriction};

/// Section 301 treatment of products of China under a prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum S301 {
    /// List 4A: +7.5 % (9903.88.15).
    List4A,
    /// On no list in force (or only on the suspended List 4B).
    None,
    /// Not verified for this prefix: nothing added, a warning says so.
    Unverified,
}

impl S301 {
    /// The additional duty in basis points, for products of China.
    pub const fn bp(self) -> u32 {
        match self {
            Self::List4A => 750,
            Self::None | Self::Unverified => 0,
        }
    }
}

/// Section 122 treatment under a prefix (2026-02-24 → 2026-07-23).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum S122 {
    Surcharged,
    /// Informational materials (books): 50 U.S.C. 1702(b), exempt per CSMS #67844987.
    ExemptInformational,
    /// Electronics exempt from the reciprocal tariffs on 2025-04-11, carried over.
    ExemptElectronics,
}

/// The duty on every HTSUS code starting with a row's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsRate {
    /// Basis points applied: the highest general rate found under the prefix.
    pub general_bp: u32,
    /// The lowest general rate under the prefix; equals `general_bp` when it pays one rate.
    pub low_bp: u32,
    pub s301: S301,
    pub s122: S122,
}

impl UsRate {
    pub fn is_exact(&self) -> bool {
        self.low_bp == self.general_bp
    }
}

const fn one(bp: u32, s301: S301, s122: S122) -> UsRate {
    UsRate { general_bp: bp, low_bp: bp, s301, s122 }
}

const fn range(low_bp: u32, general_bp: u32, s301: S301) -> UsRate {
    UsRate { general_bp, low_bp, s301, s122: S122::Surcharged }
}

const READ: &str = "2026-11-25";
const HTSHUB_25: &str = "htshub.com USA HTS, 2025 HTS Revision 10 (2025-04-14), general and China columns";
const HTSHUB_24: &str = "htshub.com USA HTS, 2024 HTS Revisions 9-10, general and China columns";

use S122::{ExemptElectronics, ExemptInformational, Surcharged};
use S301::{List4A, None as NoList, Unverified};

/// HTSUS general rates and surcharge status for the documented subset.
pub const DUTY: HsTable<UsRate> = HsTable::new(&[
    // Chapter 33, cosmetics: every line Free. Section 301 status of heading 3304 not read.
    HsRow::new(
        "330410",
        one(0, Unverified, Surcharged),
        "lip make-up preparations",
        "portoria.app 3304.10.00.00, general Free",
        "2025-12-09",
    ),
    HsRow::new(
        "330420",
        one(0, Unverified, Surcharged),
        "eye make-up preparations",
        "tariffpilot.ai US chapter 33 table (3304.20 0.0%)",
        READ,
    ),
    HsRow::new(
        "330499",
        one(0, Unverified, Surcharged),
        "beauty and skin-care preparations",
        "portoria.app 3304.99.50.00, general Free; tariffpilot.ai 3304.99 0.0%",
        "2025-12-09",
    ),
    // Chapter 49, books: Free; List 4A per the general-column endnote; informational material.
    HsRow::new(
        "490199",
        one(0, List4A, ExemptInformational),
        "printed books",
        "hts-dev.vercel.app 4901.99.00 general Free; logpose endnote See 9903.88.15",
        READ,
    ),
    // Chapter 61, knitted apparel.
    HsRow::new("610910", one(1650, List4A, Surcharged), "T-shirts of cotton", HTSHUB_25, "2025-04-14"),
    HsRow::new(
        "611020",
        range(500, 1650, List4A),
        "jerseys and sweatshirts of cotton",
        "etoolsage.com 6110.20.10 (5%) and 6110.20.20 (16.5%); htshub.com China column +7.5%",
        READ,
    ),
    HsRow::new(
        "61102010",
        one(500, Unverified, Surcharged),
        "cotton jerseys with 36% or more flax",
        "etoolsage.com HTSUS 6110.20.10, general 5%",
        READ,
    ),
    HsRow::new("61102020", one(1650, List4A, Surcharged), "jerseys and sweatshirts of cotton", HTSHUB_25, "2025-04-14"),
    // Chapter 62, woven apparel (8-digit only: the 6-digit subheadings mix compound rates).
    HsRow::new(
        "62034245",
        one(1660, List4A, Surcharged),
        "men's trousers and shorts of cotton",
        "fiowind.com CN-US 6203.42.4506: base 16.6% + 7.5% additional",
        "2025-05-12",
    ),
    HsRow::new(
        "62046280",
        one(1660, List4A, Surcharged),
        "women's trousers and shorts of cotton",
        "CBP ruling CLA-2-62:OT:RR:NC:N3:360, 6204.62.8021 16.6% + 9903.88.15",
        "2023-02-01",
    ),
    // Chapter 64, footwear (8-digit only: 6404.11 mixes 7.5% to 37.5% and compound rates).
    HsRow::new("64041120", one(1050, List4A, Surcharged), "sports footwear, uppers over 50% leather", HTSHUB_24, READ),
    HsRow::new(
        "64041190",
        one(2000, List4A, Surcharged),
        "sports footwear with textile uppers, over $12/pair",
        "hsciq.com HSUS 6404.11.90 20%; htshub.com China column +7.5%",
        READ,
    ),
    // Chapter 71, jewellery.
    HsRow::new("711311", range(500, 1350, List4A), "silver jewellery", HTSHUB_24, "2024-09-26"),
    HsRow::new("71131110", one(630, List4A, Surcharged), "silver rope and chain in lengths", HTSHUB_24, "2024-09-26"),
    HsRow::new(
        "71131120",
        one(1350, List4A, Surcharged),
        "silver jewellery valued not over $18 per dozen",
        HTSHUB_24,
        "2024-09-26",
    ),
    HsRow::new("71131150", one(500, List4A, Surcharged), "other silver jewellery", HTSHUB_24, "2024-09-26"),
    HsRow::new(
        "71131950",
        one(550, List4A, Surcharged),
        "gold or platinum jewellery",
        "fiowind.com CN-US 7113.19.5030: 43% total = 5.5% + 7.5% Section 301 + 30% IEEPA of the day",
        "2025-05-12",
    ),
    HsRow::new("711719", range(0, 1100, List4A), "imitation jewellery of base metal", HTSHUB_24, "2024-09-26"),
    HsRow::new("71171990", one(1100, List4A, Surcharged), "other imitation jewellery", HTSHUB_24, "2024-09-26"),
    // Chapter 85, electronics.
    HsRow::new(
        "851713",
        one(0, NoList, ExemptElectronics),
        "smartphones",
        "ITT 2025-04-12 quoting CBP CSMS of 2025-04-11 (8517.13.00 exempt); general Free (ITA)",
        "2025-04-11",
    ),
    HsRow::new(
        "851830",
        one(0, Unverified, Surcharged),
        "headphones and earphones",
        "fiowind.com CN-US 8518.30.1000 and 8518.30.2000: base 0.0%",
        "2025-05-12",
    ),
    HsRow::new(
        "85183010",
        one(0, List4A, Surcharged),
        "line telephone handsets and wired headsets",
        "fiowind.com CN-US 8518.30.1000: base 0.0%, 7.5% additional before 2025-04-11",
        "2025-05-12",
    ),
    HsRow::new(
        "85183020",
        one(0, NoList, Surcharged),
        "other headphones and earphones",
        "fiowind.com CN-US 8518.30.2000: base 0.0%, no additional before 2025-04-11",
        "2025-05-12",
    ),
    // Chapter 95, toys: Free; List 4B only (suspended), so no Section 301 in force.
    HsRow::new(
        "950300",
        one(0, NoList, Surcharged),
        "toys, dolls, puzzles and scale models",
        "htshub.com 9503.00.00 Free (China column +15% = List 4B, suspended); fiowind.com 0.0% additional before 2025-04",
        "2025-04-14",
    ),
]);

/// Source of the knife row: Switchblade Knife Act, 15 U.S.C. 1241-1245, and CBP regulations
/// 19 CFR 12.95-12.103, as applied in CBP rulings HQ H019251 and HQ H030606 (2007-2008) and
/// restated in the CBP notice of proposed revocation of 2009-05-06.
const KNIVES: &str = "15 U.S.C. 1241-1245; 19 CFR 12.95-12.103 (CBP notice of 2009-05-06)";

const SWITCHBLADE: Restriction = Restriction::new(
    Severity::Warning,
    "switchblade_knife",
    "knives whose blade opens automatically (button, spring, gravity or inertia: switchblade, butterfly, \
     gravity or ballistic knives) may not be imported and are seized; make sure this folding knife opens by \
     hand only",
);

/// Goods restricted on import, beside the dangerous goods of `crossdock_sdk::customs` (lithium
/// batteries alone, perfume, aerosols), which the assessment applies by post or by courier.
pub const RESTRICTED: HsTable<Restriction> =
    HsTable::new(&[HsRow::new("821193", SWITCHBLADE, "knives with other than fixed blades", KNIVES, "2009-05-06")]);

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::HsCode;

    fn hs(code: &str) -> HsCode {
        code.parse().unwrap()
    }

    fn rate(code: &str) -> Option<UsRate> {
        DUTY.lookup(&hs(code)).map(|r| r.value)
    }

    #[test]
    fn every_table_is_well_formed() {
        assert_eq!(DUTY.check(), Ok(()));
        assert_eq!(RESTRICTED.check(), Ok(()));
        for row in DUTY.rows() {
            assert!(row.value.low_bp <= row.value.general_bp, "{}", row.prefix);
            assert!(matches!(row.prefix.len(), 6 | 8), "{}: HS subheading or HTSUS 8-digit line", row.prefix);
        }
    }

    #[test]
    fn an_eight_digit_line_refines_its_subheading_within_the_recorded_range() {
        for fine in DUTY.rows().iter().filter(|r| r.prefix.len() == 8) {
            let Some(parent) = DUTY.rows().iter().find(|r| r.prefix == &fine.prefix[..6]) else { continue };
            let (low, high) = (parent.value.low_bp, parent.value.general_bp);
            assert!((low..=high).contains(&fine.value.general_bp), "{} outside {low}..={high}", fine.prefix);
        }
    }

    #[test]
    fn cotton_t_shirts_pay_16_5_percent_and_list_4a_from_china() {
        let tee = rate("6109100012").unwrap();
        assert_eq!((tee.general_bp, tee.s301.bp(), tee.s122), (1650, 750, S122::Surcharged));
        assert!(tee.is_exact());
    }

    #[test]
    fn a_subheading_with_several_rates_charges_the_highest_and_says_the_range() {
        let jersey = rate("611020").unwrap();
        assert_eq!((jersey.low_bp, jersey.general_bp, jersey.is_exact()), (500, 1650, false));
        assert_eq!(rate("6110201010").map(|r| r.general_bp), Some(500));
    }

    #[test]
    fn books_and_smartphones_are_outside_the_section_122_surcharge() {
        assert_eq!(rate("4901990093").map(|r| r.s122), Some(S122::ExemptInformational));
        assert_eq!(rate("8517130000").map(|r| r.s122), Some(S122::ExemptElectronics));
        assert_eq!(rate("9503000090").map(|r| (r.general_bp, r.s301)), Some((0, S301::None)));
    }

    #[test]
    fn goods_outside_the_subset_and_compound_rate_subheadings_have_no_row() {
        assert!(rate("940171").is_none()); // seats
        assert!(rate("640411").is_none()); // mixes compound rates: the 8-digit line is needed
        assert!(rate("620342").is_none());
    }
}
