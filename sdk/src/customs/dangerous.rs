//! Goods that are dangerous in transport wherever they go: the UPU's rules for the post, which
//! couriers and airlines apply too. A country plugin reports these with
//! [`AssessmentBuilder::apply_restrictions`](super::AssessmentBuilder::apply_restrictions)
//! beside its own national restrictions (knives, weapons, …).

use crate::Severity;

use super::table::{HsRow, HsTable, Restriction};

const UPU_DG: &str = "UPU, Dangerous goods and prohibited items campaign (upu.int)";
/// When the UPU rows were read.
const READ: &str = "2026-11-25";

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
        "lithium primary cells and batteries",
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
        "lithium-ion accumulators",
        UPU_DG,
        READ,
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
        READ,
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
        READ,
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
        READ,
    ),
]);

#[cfg(test)]
mod tests {
    use super::DANGEROUS_GOODS;

    #[test]
    fn the_table_is_well_formed() {
        DANGEROUS_GOODS.check().expect("valid rows");
    }
}
