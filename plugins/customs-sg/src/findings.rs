//! Every Singapore-specific finding customs-sg reports: its stable code, its severity, and a
//! message a merchant can act on. The shared ones (HS codes, FX, postal forms, restrictions)
//! come from `crossdock_sdk::customs`.
//!
//! | code | severity | when |
//! | --- | --- | --- |
//! | `gst_at_checkout` | info | OVR-registered vendor: GST on low-value items charged at sale |
//! | `double_tax_risk` | warning | OVR items in a consignment over SGD 400 CIF: import GST may be charged again |
//! | `gst_registration_number_missing` | warning | OVR-registered, but no number for the courier |
//! | `ovr_not_registered` | info | low-value items sold without OVR registration |
//! | `import_gst` | info | GST at import on CIF + duty, and on which SKUs |
//! | `import_relief` | info | consignment of at most SGD 400 CIF by air or post: no import GST |
//! | `no_relief_by_sea_or_land` | info | sea or land freight: GST from the first dollar |
//! | `mixed_collection` | info | some lines taxed at checkout, others at import |
//! | `no_customs_duty` | info | no dutiable goods: no customs duty |
//! | `dutiable_goods` | blocking | liquor, tobacco, motor vehicles or petroleum: duty not computed |
//! | `preference_claimed` | info | certificate of origin listed; no figure changes |

use crossdock_sdk::customs::Percent;
use crossdock_sdk::customs::findings::finding;
use crossdock_sdk::{Finding, HsCode, Money, Severity};

use crate::rules;

pub fn gst_at_checkout(bp: u32, skus: &str, tax: Money) -> Finding {
    let message = format!(
        "SKU {skus}: each item is sold for at most 400.00 SGD and travels by air or post, so as an OVR-registered \
         vendor you charge GST of {} on the price including delivery at checkout: {tax} (since {}). Give your \
         courier the GST registration number and the GST charged, so that it is not charged again at import",
        Percent(bp),
        rules::OVR_LVG_FROM
    );
    finding(Severity::Info, "gst_at_checkout", None, message)
}

pub fn double_tax_risk(cif: Money) -> Finding {
    let message = format!(
        "the consignment's CIF value {cif} exceeds 400.00 SGD, the import relief limit, although its items were taxed \
         at checkout (the low-value test is per item at sale, the relief per consignment at import): unless your \
         courier passes on your GST registration number and the GST you charged, the buyer pays import GST again and \
         must claim it back from you (IRAS e-Tax Guide on low-value goods, para 8.4). Send the data, or split the \
         order into consignments of at most 400.00 SGD"
    );
    finding(Severity::Warning, "double_tax_risk", None, message)
}

pub fn gst_registration_number_missing() -> Finding {
    let message = "ovr_registered is on but no gst_registration_number is set: the courier needs it to show that GST \
                   was charged at sale, or import GST may be charged again"
        .to_owned();
    finding(Severity::Warning, "gst_registration_number_missing", None, message)
}

pub fn ovr_not_registered(skus: &str) -> Finding {
    let message = format!(
        "SKU {skus}: items of at most 400.00 SGD sold to Singapore consumers are taxed at sale by vendors registered \
         under the overseas vendor registration regime (required above SGD 1 million of global turnover and SGD \
         100,000 of such sales to Singapore); ovr_registered is off, so they were assessed at import instead"
    );
    finding(Severity::Info, "ovr_not_registered", None, message)
}

pub fn import_gst(bp: u32, skus: &str, cif: Money, tax: Money) -> Finding {
    let message = format!(
        "SKU {skus}: import GST of {} on CIF + duty, {tax}, collected at delivery (consignment CIF value {cif})",
        Percent(bp)
    );
    finding(Severity::Info, "import_gst", None, message)
}

pub fn import_relief(cif: Money) -> Finding {
    let message = format!(
        "the consignment's CIF value {cif} is at most 400.00 SGD and it travels by air or post: no import GST (IRAS \
         import relief; dutiable goods excepted)"
    );
    finding(Severity::Info, "import_relief", None, message)
}

pub fn no_relief_by_sea_or_land() -> Finding {
    let message =
        "the goods travel by sea or land: the SGD 400 low-value rules cover air and post only, so import GST \
                   is due from the first dollar and GST at checkout does not apply"
            .to_owned();
    finding(Severity::Info, "no_relief_by_sea_or_land", None, message)
}

pub fn mixed_collection(checkout: &str, import: &str) -> Finding {
    let message = format!(
        "GST is collected in two places: at checkout for SKU {checkout}, at import (delivery) for SKU {import}; \
         collect names delivery, where the buyer or you still pay"
    );
    finding(Severity::Info, "mixed_collection", None, message)
}

pub fn no_customs_duty() -> Finding {
    let message = "no customs duty: Singapore charges duty only on intoxicating liquors, tobacco products, motor \
                   vehicles, and petroleum products and biodiesel blends (Singapore Customs)"
        .to_owned();
    finding(Severity::Info, "no_customs_duty", None, message)
}

pub fn dutiable_goods(sku: &str, hs: &HsCode, goods: &str) -> Finding {
    let message = format!(
        "SKU {sku}: HS {hs} ({goods}) is dutiable in Singapore at a specific rate (per litre of alcohol, per kilogram, \
         or on the value of a vehicle) that this plugin does not compute, and gets no import relief; declare it \
         through a licensed declaring agent"
    );
    finding(Severity::Blocking, "dutiable_goods", Some(sku), message)
}

pub fn preference_claimed() -> Finding {
    let message =
        "claim_preference is set: a certificate of origin is listed among the documents; Singapore charges no \
                   customs duty on these goods, so no figure changes"
            .to_owned();
    finding(Severity::Info, "preference_claimed", None, message)
}
