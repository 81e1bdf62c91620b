//! Every New Zealand-specific finding customs-nz reports: its stable code, its severity, and a
//! message a merchant can act on. The shared ones (HS codes, FX, postal forms, restrictions,
//! `outside_duty_table`) come from `crossdock_sdk::customs`.
//!
//! | code | severity | when |
//! | --- | --- | --- |
//! | `gst_at_checkout` | info | low-value goods, registered offshore supplier: GST charged at sale |
//! | `gst_not_registered` | warning | low-value goods, supplier not registered: no GST assessed |
//! | `gst_number_missing` | warning | registered, but no GST number for the customs data |
//! | `low_value_no_duty` | info | ≤ NZD 1,000: no duty and no border GST |
//! | `before_offshore_gst` | info | event before 2019-12-01: no GST at sale on low-value goods |
//! | `border_levy` | info | since 2026-04-01: the low-value goods levy, with its amount (not in duty or tax) |
//! | `border_gst` | info | > NZD 1,000: duty and GST at the border, and how the base was built |
//! | `high_value_levies_not_assessed` | info | > NZD 1,000 since 2026-04-01: entry levies not computed |
//! | `offshore_gst_not_applicable` | info | registered supplier, but the goods exceed NZD 1,000 |
//! | `duty_rate_ceiling` | warning | the duty row applies its highest rate; the tariff item may pay less |
//! | `excise_goods` | blocking | alcohol or tobacco: excise-equivalent duty not computed |
//! | `preference_may_apply` | info | origin covered by a free trade agreement, duty at the normal rate |
//! | `preference_claimed` | info | the merchant claims a preference: certificate listed, rates not lowered |

use crossdock_sdk::customs::Percent;
use crossdock_sdk::customs::findings::finding;
use crossdock_sdk::{Finding, HsCode, Money, Severity};

use crate::rules::{self, Agreement};

pub fn gst_at_checkout(goods: Money, tax: Money) -> Finding {
    let message = format!(
        "goods worth {goods} (customs value at most 1,000.00 NZD): GST of {} on the price including delivery, {tax}, \
         is charged at checkout by you as a registered offshore supplier (since {}); no duty and no GST at the \
         border. Put your GST number in the parcel's customs data",
        Percent(rules::GST_BP),
        rules::OFFSHORE_GST_FROM
    );
    finding(Severity::Info, "gst_at_checkout", None, message)
}

pub fn gst_not_registered(goods: Money) -> Finding {
    let message = format!(
        "goods worth {goods} (at most 1,000.00 NZD) sold to a New Zealand consumer: GST is due at sale from offshore \
         suppliers registered with Inland Revenue, and registration is required above {} NZD of New Zealand sales \
         in 12 months; gst_registered is off, so no GST was assessed. If you are over the threshold, register and \
         turn gst_registered on",
        rules::REGISTRATION_TURNOVER_NZD
    );
    finding(Severity::Warning, "gst_not_registered", None, message)
}

pub fn gst_number_missing() -> Finding {
    let message = "gst_registered is on but no gst_number is set: carriers need your GST number in the customs data \
                   to show that GST was collected at sale"
        .to_owned();
    finding(Severity::Warning, "gst_number_missing", None, message)
}

pub fn low_value_no_duty(value: Money) -> Finding {
    let message = format!(
        "customs value {value} (FOB, freight and insurance excluded) is at most 1,000.00 NZD: Customs collects no \
         duty and no GST on it (Customs and Excise Amendment Regulations 2019)"
    );
    finding(Severity::Info, "low_value_no_duty", None, message)
}

pub fn before_offshore_gst(value: Money) -> Finding {
    let message = format!(
        "customs value {value} (at most 1,000.00 NZD) imported before {}: no GST at sale; duty and GST at the border \
         only when they reached NZD 60, which this plugin does not model for past events",
        rules::OFFSHORE_GST_FROM
    );
    finding(Severity::Info, "before_offshore_gst", None, message)
}

/// The levy and how it was computed. Reported as a finding, not added to duty or tax: it is
/// neither customs duty nor GST on the goods, and it is billed to whoever lodges the declaration.
pub fn border_levy(how: &str, levy: Money, gst: Money, total: Money) -> Finding {
    let message = format!(
        "since {}, low-value imports pay the Customs and MPI goods management levy: {how} = {levy} + GST {gst} = \
         {total}. It is billed to whoever lodges the declaration (your courier or the postal operator), who usually \
         passes it on; it is not included in the duty or tax of this assessment (Customs and Excise (Goods \
         Management Levies) Order 2025)",
        rules::LEVY_FROM
    );
    finding(Severity::Info, "border_levy", None, message)
}

pub fn border_gst(value: Money, duty: Money, freight: Money, tax: Money) -> Finding {
    let message = format!(
        "customs value {value} (FOB) is over 1,000.00 NZD: an import entry is required, duty {duty} is charged on the \
         customs value, and GST of {} on customs value + duty + freight {freight} (+ insurance, none given) is {tax}, \
         collected at the border",
        Percent(rules::GST_BP)
    );
    finding(Severity::Info, "border_gst", None, message)
}

pub fn high_value_levies_not_assessed() -> Finding {
    let message = format!(
        "consignments over NZD 1,000 pay the high-value goods import levies of Customs and MPI per import entry \
         (since {}); their amounts are not included here: ask your customs broker",
        rules::LEVY_FROM
    );
    finding(Severity::Info, "high_value_levies_not_assessed", None, message)
}

pub fn offshore_gst_not_applicable(value: Money) -> Finding {
    let message = format!(
        "goods worth {value} exceed 1,000.00 NZD: do not charge GST at checkout; Customs collects it at the border \
         although you are registered"
    );
    finding(Severity::Info, "offshore_gst_not_applicable", None, message)
}

pub fn duty_rate_ceiling(sku: &str, hs: &HsCode, bp: u32, why: &str) -> Finding {
    let message = format!(
        "SKU {sku}: HS {hs} was charged {}, the highest rate under its chapter ({why}); add the full New Zealand \
         tariff item to your catalog for the exact rate",
        Percent(bp)
    );
    finding(Severity::Warning, "duty_rate_ceiling", Some(sku), message)
}

pub fn excise_goods(sku: &str, hs: &HsCode, goods: &str) -> Finding {
    let message = format!(
        "SKU {sku}: HS {hs} ({goods}) pays duty and GST at the border whatever its value, at excise-equivalent rates \
         this plugin does not compute; declare it through a customs broker"
    );
    finding(Severity::Blocking, "excise_goods", Some(sku), message)
}

pub fn preference_may_apply(agreement: &Agreement, skus: &str) -> Finding {
    let message = format!(
        "SKU {skus}: goods of {} origin may enter at a preferential rate (often Free) under the {} (in force since \
         {}); duty was charged at the normal rate. To claim it, keep proof of origin and set claim_preference",
        agreement.partners.join("/"),
        agreement.name,
        agreement.in_force
    );
    finding(Severity::Info, "preference_may_apply", None, message)
}

pub fn preference_claimed() -> Finding {
    let message = "claim_preference is set: a certificate or declaration of origin is listed among the documents; the \
                   duty shown is still the normal rate, as this plugin does not apply preferential rates"
        .to_owned();
    finding(Severity::Info, "preference_claimed", None, message)
}
