//! The findings only customs-gb reports (the shared ones — HS codes, FX, duty table, postal
//! forms, restrictions — come from `crossdock_sdk::customs`). Codes are stable snake_case.

use crossdock_sdk::customs::findings::finding;
use crossdock_sdk::{CountryCode, Finding, Money, Severity};

pub fn vat_at_sale(goods: Money, marketplace: bool) -> Finding {
    let who = if marketplace { "the online marketplace (the deemed supplier)" } else { "you, the seller" };
    let message = format!(
        "consignment of goods worth {goods} (at most 135 GBP): no import VAT and no customs duty; UK VAT is charged \
         at the point of sale by {who}, on the price including delivery, and reported on the UK VAT return \
         (gov.uk, VAT on goods sold direct to customers in the UK)"
    );
    finding(Severity::Info, "vat_at_sale", None, message)
}

pub fn uk_vat_registration_needed() -> Finding {
    let message = "consignments of at most 135 GBP sold direct carry UK VAT charged by the seller, which requires a \
                   UK VAT registration: set uk_vat_number, or marketplace if a marketplace sells the goods"
        .to_owned();
    finding(Severity::Warning, "uk_vat_registration_needed", None, message)
}

pub fn relief_ending() -> Finding {
    let message = "the customs duty relief for consignments of at most 135 GBP is to be abolished by March 2029 at \
                   the latest (Autumn Budget 2025-11-26); no final date was set when these rules were written, so the \
                   relief still applies"
        .to_owned();
    finding(Severity::Info, "low_value_relief_ending", None, message)
}

pub fn import_vat_at_border(goods: Money) -> Finding {
    let message = format!(
        "consignment of goods worth {goods} (over 135 GBP): customs duty and import VAT are due at the border, VAT on \
         the customs value (goods and transport to the UK) plus duty"
    );
    finding(Severity::Info, "import_vat_at_border", None, message)
}

pub fn preference_applied(skus: &[&str]) -> Finding {
    let message = format!(
        "EU origin claimed under the EU-UK Trade and Cooperation Agreement: no duty on {}; a statement on origin must \
         be on the commercial invoice, and the goods must meet the agreement's rules of origin",
        skus.join(", ")
    );
    finding(Severity::Info, "preference_applied", None, message)
}

pub fn preference_not_applicable() -> Finding {
    let message = "claim_preference is set, but no item has an EU member state as origin_country: the EU-UK \
                   agreement's zero duty does not apply and normal rates were used"
        .to_owned();
    finding(Severity::Info, "preference_not_applicable", None, message)
}

pub fn childrens_clothing(skus: &[&str]) -> Finding {
    let message = format!(
        "{}: clothing and footwear for young children is zero-rated for VAT by size and design (VAT Notice 714), \
         which the HS code does not tell; 20% was applied — if these are children's sizes, the VAT is 0",
        skus.join(", ")
    );
    finding(Severity::Info, "childrens_clothing_zero_rate", skus.first().copied(), message)
}

pub fn northern_ireland(postal_code: &str) -> Finding {
    let message = format!(
        "delivery postcode {postal_code} is in Northern Ireland, where EU rules for goods apply under the Windsor \
         Framework (VAT on low-value goods, customs procedures): this GB assessment may not hold; check the Northern \
         Ireland rules"
    );
    finding(Severity::Warning, "northern_ireland", None, message)
}

pub fn domestic(origin: CountryCode) -> Finding {
    let message = format!("{origin} to GB is not an import: no customs duty or import VAT");
    finding(Severity::Info, "not_an_import", None, message)
}
