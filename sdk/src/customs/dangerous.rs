//! Goods that are dangerous in transport wherever they go: the UPU's rules for the post, which
//! couriers and airlines apply too. A country plugin reports these with
//! [`AssessmentBuilder::apply_restrictions`](super::AssessmentBuilder::apply_restrictions)
//! beside its own national restrictions (knives, weapons, …), so that every plugin tells a
//! merchant the same thing about the same battery, in the same words and under the same code.
//!
//! Two tables, because the post and couriers differ on one point: lithium cells and batteries
//! shipped without their equipment. A courier carries them as declared dangerous goods
//! ([`DANGEROUS_GOODS`]: a warning); the international post does not carry them at all
//! ([`DANGEROUS_GOODS_BY_POST`]: blocking). A plugin that knows the shipment goes by post (its
//! `postal` configuration) applies the second; one that does not, the first.

use crate::Severity;

use super::table::{HsRow, HsTable, Restriction};

const UPU_DG: &str = "UPU, Dangerous goods and prohibited items campaign (upu.int)";
/// When the UPU rows were read.
const READ: &str = "2026-11-25";

const LITHIUM_CELLS: &str = "lithium primary cells and batteries";
const LITHIUM_ION: &str = "lithium-ion accumulators";

const PERFUME: HsRow<Restriction> = HsRow::new(
    "3303",
    Restriction::new(
        Severity::Warning,
        "flammable_liquid",
        "perfume and eau de toilette are flammable liquids: restricted in the post and by air; use a carrier service \
         that accepts them",
    ),
    "perfumes and toilet waters",
    UPU_DG,
    READ,
);
const HAIR_LACQUER: HsRow<Restriction> = HsRow::new(
    "330530",
    Restriction::new(
        Severity::Warning,
        "aerosol",
        "hair lacquers are usually aerosols, dangerous goods (UN1950) in the post and by air; check the product and \
         the carrier's rules",
    ),
    "hair lacquers",
    UPU_DG,
    READ,
);
const DEODORANT: HsRow<Restriction> = HsRow::new(
    "330720",
    Restriction::new(
        Severity::Warning,
        "aerosol",
        "deodorant sprays are aerosols, dangerous goods (UN1950) in the post and by air; roll-ons and sticks are not \
         — check the product and the carrier's rules",
    ),
    "deodorants and antiperspirants",
    UPU_DG,
    READ,
);

/// Lithium batteries shipped alone, perfume, aerosols: warnings, with what to do instead.
pub const DANGEROUS_GOODS: HsTable<Restriction> = HsTable::new(&[
    HsRow::new(
        "850650",
        Restriction::new(
            Severity::Warning,
            "lithium_batteries_alone",
            "lithium cells shipped on their own are dangerous goods (UN3090): the international post refuses them and \
             couriers carry them only as declared dangerous goods; ship them installed in or packed with equipment",
        ),
        LITHIUM_CELLS,
        UPU_DG,
        READ,
    ),
    HsRow::new(
        "850760",
        Restriction::new(
            Severity::Warning,
            "lithium_batteries_alone",
            "lithium-ion batteries shipped on their own (power banks, spares) are dangerous goods (UN3480): the \
             international post refuses them and couriers carry them only as declared dangerous goods",
        ),
        LITHIUM_ION,
        UPU_DG,
        READ,
    ),
    PERFUME,
    HAIR_LACQUER,
    DEODORANT,
]);

const BATTERY_BY_POST: Restriction = Restriction::new(
    Severity::Blocking,
    "lithium_batteries_alone",
    "lithium cells or batteries without the equipment they power cannot travel in international mail (UN3090, \
     UN3480): send them by a carrier that accepts dangerous goods, or installed in their device",
);

/// [`DANGEROUS_GOODS`] for a shipment that goes by post: lithium batteries shipped alone block,
/// since the international post refuses them; perfume and aerosols stay warnings.
pub const DANGEROUS_GOODS_BY_POST: HsTable<Restriction> = HsTable::new(&[
    HsRow::new("850650", BATTERY_BY_POST, LITHIUM_CELLS, UPU_DG, READ),
    HsRow::new("850760", BATTERY_BY_POST, LITHIUM_ION, UPU_DG, READ),
    PERFUME,
    HAIR_LACQUER,
    DEODORANT,
]);

#[cfg(test)]
mod tests {
    use super::{DANGEROUS_GOODS, DANGEROUS_GOODS_BY_POST};
    use crate::{HsCode, Severity};

    #[test]
    fn the_tables_are_well_formed() {
        DANGEROUS_GOODS.check().expect("valid rows");
        DANGEROUS_GOODS_BY_POST.check().expect("valid rows");
    }

    #[test]
    fn lithium_batteries_alone_block_only_by_post() {
        let hs: HsCode = "8507600020".parse().expect("code");
        let courier = DANGEROUS_GOODS.lookup(&hs).expect("a row").value;
        let post = DANGEROUS_GOODS_BY_POST.lookup(&hs).expect("a row").value;
        assert_eq!((courier.code, courier.severity), ("lithium_batteries_alone", Severity::Warning));
        assert_eq!((post.code, post.severity), ("lithium_batteries_alone", Severity::Blocking));
        let phone: HsCode = "851713".parse().expect("code");
        assert!(DANGEROUS_GOODS_BY_POST.lookup(&phone).is_none(), "a phone carries its battery inside");
    }

    #[test]
    fn both_tables_cover_the_same_goods() {
        let prefixes = |t: &super::HsTable<super::Restriction>| t.rows().iter().map(|r| r.prefix).collect::<Vec<_>>();
        assert_eq!(prefixes(&DANGEROUS_GOODS), prefixes(&DANGEROUS_GOODS_BY_POST));
    }
}
