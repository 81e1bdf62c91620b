//! The findings only customs-ch reports (the shared ones — HS codes, FX, duty table, postal
//! forms, restrictions — come from `crossdock_sdk::customs`). Codes are stable snake_case.

use crossdock_sdk::customs::findings::finding;
use crossdock_sdk::{CountryCode, Finding, Money, Severity};

pub fn vat_not_levied(tax: Money) -> Finding {
    let message = format!(
        "import VAT of {tax} is at most CHF 5, so it is not levied (BAZG); no Swiss VAT is due on this consignment \
         unless you are registered as a mail-order seller"
    );
    finding(Severity::Info, "vat_not_levied", None, message)
}

pub fn mail_order_threshold() -> Finding {
    let message = "a foreign mail-order seller whose consignments with import VAT of at most CHF 5 reach CHF 100,000 \
                   a year must register for Swiss VAT and then charge it on every delivery (ESTV, since 2019-01-01); \
                   set swiss_vat_number once registered"
        .to_owned();
    finding(Severity::Info, "mail_order_registration_threshold", None, message)
}

pub fn mail_order_vat_at_sale(tax: Money) -> Finding {
    let message = format!(
        "registered mail-order seller: Swiss VAT of {tax} is charged at checkout on the price including delivery, \
         whatever the amount; as the importer you pay the import VAT at the border and deduct it as input tax \
         (ESTV mail-order rules)"
    );
    finding(Severity::Info, "mail_order_vat_at_sale", None, message)
}

pub fn import_vat_at_border(tax: Money) -> Finding {
    let message = format!(
        "import VAT of {tax} is collected at the border on the price, the costs up to the destination in Switzerland \
         and any duty (BAZG)"
    );
    finding(Severity::Info, "import_vat_at_border", None, message)
}

pub fn industrial_goods_duty_free() -> Finding {
    let message = "industrial goods (HS chapters 25-97, but some goods of 35 and 38) have been duty-free in \
                   Switzerland since 2024-01-01: no customs duty"
        .to_owned();
    finding(Severity::Info, "industrial_goods_duty_free", None, message)
}

pub fn clearance_fees_not_included() -> Finding {
    let message = "not included: the carrier's or Swiss Post's customs clearance fee, which the recipient usually \
                   pays on delivery; check your carrier's tariff"
        .to_owned();
    finding(Severity::Info, "clearance_fees_not_included", None, message)
}

pub fn domestic(origin: CountryCode) -> Finding {
    let message = format!("{origin} to CH is not an import: no customs duty or import VAT");
    finding(Severity::Info, "not_an_import", None, message)
}
