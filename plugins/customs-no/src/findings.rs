//! The findings only customs-no reports (the shared ones — HS codes, FX, duty table, postal
//! forms, restrictions — come from `crossdock_sdk::customs`). Codes are stable snake_case.

use crossdock_sdk::customs::findings::finding;
use crossdock_sdk::{CountryCode, Finding, Money, Severity};

pub fn voec_vat_at_sale(skus: &[&str], tax: Money) -> Finding {
    let message = format!(
        "VOEC: {tax} of Norwegian VAT is charged at checkout on {} (items under NOK 3,000, VAT on the price \
         including shipping); these goods enter duty-free without a border declaration (Skatteetaten, Tolletaten)",
        skus.join(", ")
    );
    finding(Severity::Info, "voec_vat_at_sale", None, message)
}

pub fn voec_item_over_limit(sku: &str, unit: Money) -> Finding {
    let message = format!(
        "SKU {sku}: priced at {unit} an item, not under NOK 3,000, so outside VOEC: VAT (and any duty) is collected \
         at import, and must not also be charged at checkout"
    );
    finding(Severity::Info, "voec_item_over_limit", Some(sku), message)
}

pub fn voec_excluded(sku: &str, why: &str) -> Finding {
    let message = format!(
        "SKU {sku}: {why}; VAT and any duty or excise are collected at import, and must not be charged at checkout"
    );
    finding(Severity::Info, "voec_excluded_goods", Some(sku), message)
}

pub fn vat_from_first_krone(tax: Money) -> Finding {
    let message = format!(
        "{tax} of import VAT is collected at the border on the customs value (goods, transport and insurance to \
         Norway) plus duty: since 2024-01-01 goods outside VOEC are taxed from the first krone"
    );
    finding(Severity::Info, "import_vat_from_first_krone", None, message)
}

pub fn clearance_fees_not_included() -> Finding {
    let message = "not included: the carrier's or Posten's customs clearance fee for goods declared at import; check \
                   your carrier's tariff"
        .to_owned();
    finding(Severity::Info, "clearance_fees_not_included", None, message)
}

pub fn domestic(origin: CountryCode) -> Finding {
    let message = format!("{origin} to NO is not an import: no customs duty or import VAT");
    finding(Severity::Info, "not_an_import", None, message)
}
