//! Every Australia-specific finding customs-au reports: its stable code, its severity, and a
//! message a merchant can act on. The shared ones (HS codes, FX, postal forms, restrictions,
//! `outside_duty_table`) come from `crossdock_sdk::customs`.
//!
//! | code | severity | when |
//! | --- | --- | --- |
//! | `gst_at_checkout` | info | low-value goods sold by a GST-registered vendor: GST charged at sale |
//! | `gst_not_registered` | warning | low-value goods, vendor not registered: no GST assessed |
//! | `gst_registration_number_missing` | warning | registered, but no ABN/ARN to give the carrier |
//! | `low_value_no_duty` | info | ≤ AUD 1,000: no duty and no border GST |
//! | `before_low_value_gst` | info | event before 2018-07-01: no GST on low-value goods at all |
//! | `border_gst_on_voti` | info | > AUD 1,000: duty and GST at the border, and how the base was built |
//! | `lvig_not_applicable` | info | registered vendor, but the goods exceed AUD 1,000 |
//! | `duty_rate_ceiling` | warning | the duty row applies its highest rate; the 8-digit code may pay less |
//! | `excise_goods` | blocking | alcohol or tobacco: excise-equivalent duty not computed |
//! | `preference_may_apply` | info | origin covered by a free trade agreement, duty charged at the general rate |
//! | `gst_free_food_assumed` | warning | 0 % applied to basic food by chapter: Schedule 1 food is taxable |
//! | `preference_claimed` | info | the merchant claims a preference: certificate listed, rates not lowered |

use crossdock_sdk::customs::Percent;
use crossdock_sdk::customs::findings::finding;
use crossdock_sdk::{Finding, HsCode, Money, Severity};

use crate::rules::{self, Agreement};

pub fn gst_at_checkout(goods: Money, tax: Money) -> Finding {
    let message = format!(
        "goods worth {goods} (customs value at most 1,000.00 AUD): GST of {} on the price including delivery, {tax}, \
         is charged at checkout under the low-value imported goods rules (since {}); no duty and no GST at the \
         border. Put your ABN or ARN on the invoice and in the parcel's customs data",
        Percent(rules::GST_BP),
        rules::LVIG_FROM
    );
    finding(Severity::Info, "gst_at_checkout", None, message)
}

pub fn gst_not_registered(goods: Money) -> Finding {
    let message = format!(
        "goods worth {goods} (at most 1,000.00 AUD) sold to an Australian consumer: GST is due at sale from \
         vendors registered for GST, and registration is required once your Australian sales reach {} AUD a \
         year; gst_registered is off, so no GST was assessed. If you are over the threshold, register with the \
         ATO and turn gst_registered on",
        rules::REGISTRATION_TURNOVER_AUD
    );
    finding(Severity::Warning, "gst_not_registered", None, message)
}

pub fn gst_registration_number_missing() -> Finding {
    let message = "gst_registered is on but no gst_registration_number is set: carriers need your ABN or ARN in the \
                   customs data, or GST may be charged again at the border"
        .to_owned();
    finding(Severity::Warning, "gst_registration_number_missing", None, message)
}

pub fn low_value_no_duty(value: Money) -> Finding {
    let message = format!(
        "customs value {value} (FOB, goods only) is at most 1,000.00 AUD: no duty and no GST at the border \
         (Home Affairs, low value imported goods)"
    );
    finding(Severity::Info, "low_value_no_duty", None, message)
}

pub fn before_low_value_gst(value: Money) -> Finding {
    let message = format!(
        "customs value {value} (at most 1,000.00 AUD) imported before {}: no duty and no GST, at the border or at \
         sale",
        rules::LVIG_FROM
    );
    finding(Severity::Info, "before_low_value_gst", None, message)
}

pub fn border_gst_on_voti(value: Money, duty: Money, transport: Money, tax: Money) -> Finding {
    let message = format!(
        "customs value {value} (FOB) is over 1,000.00 AUD: an import declaration is required, duty {duty} is charged \
         on the customs value, and GST of {} on the value of the taxable importation (customs value + duty + \
         transport {transport} + insurance, none given) is {tax}, collected at the border",
        Percent(rules::GST_BP)
    );
    finding(Severity::Info, "border_gst_on_voti", None, message)
}

pub fn lvig_not_applicable(value: Money) -> Finding {
    let message = format!(
        "goods worth {value} exceed 1,000.00 AUD, so they are not low-value goods: do not charge GST at checkout; it \
         is collected at the border although you are GST-registered"
    );
    finding(Severity::Info, "lvig_not_applicable", None, message)
}

pub fn duty_rate_ceiling(sku: &str, hs: &HsCode, bp: u32, why: &str) -> Finding {
    let message = format!(
        "SKU {sku}: HS {hs} was charged {}, the highest general rate under its heading ({why}); add the 8-digit \
         Australian tariff code to your catalog for the exact rate",
        Percent(bp)
    );
    finding(Severity::Warning, "duty_rate_ceiling", Some(sku), message)
}

pub fn excise_goods(sku: &str, hs: &HsCode, goods: &str) -> Finding {
    let message = format!(
        "SKU {sku}: HS {hs} ({goods}) is excluded from the low-value rules and pays excise-equivalent duty per litre \
         of alcohol or kilogram of tobacco, which this plugin does not compute; declare it through a customs broker"
    );
    finding(Severity::Blocking, "excise_goods", Some(sku), message)
}

pub fn preference_may_apply(agreement: &Agreement, skus: &str) -> Finding {
    let message = format!(
        "SKU {skus}: goods of {} origin may enter at a preferential rate (often Free) under the {} (in force since \
         {}); duty was charged at the general rate. To claim it, keep proof of origin and set claim_preference",
        agreement.partners.join("/"),
        agreement.name,
        agreement.in_force
    );
    finding(Severity::Info, "preference_may_apply", None, message)
}

pub fn preference_claimed() -> Finding {
    let message = "claim_preference is set: a certificate or declaration of origin is listed among the documents; the \
                   duty shown is still the general rate, as this plugin does not apply preferential rates"
        .to_owned();
    finding(Severity::Info, "preference_claimed", None, message)
}

pub fn gst_free_food_assumed(skus: &str) -> Finding {
    let message = format!(
        "SKU {skus}: treated as GST-free basic food by its HS chapter (GST Act s 38-2); prepared food, confectionery, \
         savoury snacks (such as salted nuts), ice cream and biscuits are taxable under Schedule 1, so check the \
         product and charge 10 % if it is one of them"
    );
    finding(Severity::Warning, "gst_free_food_assumed", None, message)
}
