//! Singapore's dutiable goods and restricted goods by HS prefix, every row with its source and
//! the date its statement is as of.
//!
//! Singapore charges customs or excise duty on four categories only — intoxicating liquors,
//! tobacco products, motor vehicles, and petroleum products and biodiesel blends; "all other
//! products are non-dutiable" (Singapore Customs, "Duties and Dutiable Goods",
//! customs.gov.sg/businesses/valuation-duties-taxes-and-fees/duties-and-dutiable-goods, read
//! 2026-11-25). Their duties are specific (per litre of alcohol, per kilogram of tobacco) or on
//! the customs value of vehicles, and this plugin does not compute them: a dutiable line blocks.
//! Every other line pays no duty, so Singapore needs no duty table.

use crossdock_sdk::Severity;
use crossdock_sdk::customs::{HsRow, HsTable, Restriction};

const DUTIABLE_SOURCE: &str = "Singapore Customs, Duties and Dutiable Goods (four categories)";

/// The dutiable categories, by HS prefix.
pub const DUTIABLE: HsTable<()> = HsTable::new(&[
    HsRow::new("2203", (), "beer and stout (intoxicating liquor)", DUTIABLE_SOURCE, "2026-11-25"),
    HsRow::new("2204", (), "wine (intoxicating liquor)", DUTIABLE_SOURCE, "2026-11-25"),
    HsRow::new("2205", (), "vermouth (intoxicating liquor)", DUTIABLE_SOURCE, "2026-11-25"),
    HsRow::new("2206", (), "cider and other fermented beverages (intoxicating liquor)", DUTIABLE_SOURCE, "2026-11-25"),
    HsRow::new("2208", (), "spirits (intoxicating liquor)", DUTIABLE_SOURCE, "2026-11-25"),
    HsRow::new("24", (), "tobacco products", DUTIABLE_SOURCE, "2026-11-25"),
    HsRow::new("2710", (), "petroleum products", DUTIABLE_SOURCE, "2026-11-25"),
    HsRow::new("3826", (), "biodiesel blends", DUTIABLE_SOURCE, "2026-11-25"),
    HsRow::new("8703", (), "motor cars", DUTIABLE_SOURCE, "2026-11-25"),
    HsRow::new("8711", (), "motorcycles", DUTIABLE_SOURCE, "2026-11-25"),
]);

const ICA: &str = "ICA, Prohibited / Controlled / Dutiable Goods (ica.gov.sg, read 2026-11-25)";
const HSA: &str = "Tobacco (Control of Advertisements and Sale) Act s 16(2A); ICA and HSA releases (read 2026-11-25)";

const VAPORISER: Restriction = Restriction::new(
    Severity::Blocking,
    "imitation_tobacco_prohibited",
    "electronic vaporisers, their components and other imitation tobacco products are prohibited in Singapore: \
     importing, selling or buying them is an offence (fines up to SGD 10,000 for a first import). Do not ship it",
);
const CHEWING_TOBACCO: Restriction = Restriction::new(
    Severity::Blocking,
    "prohibited_tobacco",
    "chewing tobacco, oral and nasal snuff, gutkha, khaini and zarda are prohibited imports. Do not ship it",
);
const KNIVES: Restriction = Restriction::new(
    Severity::Warning,
    "prohibited_weapon_possible",
    "flick, gravity, wasp and throwing knives and concealed weapons are prohibited imports, and weapons, swords \
     and spears need a Singapore Police Force licence; ordinary kitchen knives do not. Check the product",
);
const ARMS: Restriction = Restriction::new(
    Severity::Warning,
    "controlled_arms",
    "arms (including spring, air and toy guns) and catapults are controlled or prohibited and need a Singapore \
     Police Force licence to import. Check the product before shipping",
);

/// Goods Singapore prohibits or controls, or carriers refuse, with the finding each one raises.
pub const RESTRICTED: HsTable<Restriction> = HsTable::new(&[
    HsRow::new("854340", VAPORISER, "electronic cigarettes and vaporising devices", HSA, "2026-11-25"),
    HsRow::new("2404", VAPORISER, "nicotine products for inhalation without combustion", HSA, "2026-11-25"),
    HsRow::new("240399", CHEWING_TOBACCO, "chewing tobacco and snuff", ICA, "2026-11-25"),
    HsRow::new("8211", KNIVES, "knives with cutting blades", ICA, "2026-11-25"),
    HsRow::new("9307", KNIVES, "swords, bayonets and similar arms", ICA, "2026-11-25"),
    HsRow::new("9304", ARMS, "other arms (spring, air or gas guns, truncheons)", ICA, "2026-11-25"),
]);

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::HsCode;

    fn hs(code: &str) -> HsCode {
        code.parse().unwrap()
    }

    #[test]
    fn every_table_has_valid_unique_prefixes_dates_and_sources() {
        assert_eq!(DUTIABLE.check(), Ok(()));
        assert_eq!(RESTRICTED.check(), Ok(()));
    }

    #[test]
    fn only_the_four_categories_are_dutiable() {
        let dutiable = |c: &str| DUTIABLE.lookup(&hs(c)).is_some();
        assert!(dutiable("220830") && dutiable("240220") && dutiable("870323") && dutiable("271019"));
        assert!(!dutiable("610910") && !dutiable("220210") && !dutiable("851713"));
    }

    #[test]
    fn the_chewing_tobacco_row_refines_the_dutiable_chapter_without_hiding_it() {
        assert_eq!(RESTRICTED.lookup(&hs("240399")).map(|r| r.value.code), Some("prohibited_tobacco"));
        assert!(DUTIABLE.lookup(&hs("240399")).is_some());
        assert_eq!(RESTRICTED.lookup(&hs("854340")).map(|r| r.value.severity), Some(Severity::Blocking));
    }
}
