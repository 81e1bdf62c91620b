//! Every Japan-specific finding customs-jp reports: its stable code, its severity, and a message a
//! merchant can act on. The shared ones (HS codes, FX, postal forms, restrictions,
//! `outside_duty_table`) come from `crossdock_sdk::customs`.
//!
//! | code | severity | when |
//! | --- | --- | --- |
//! | `personal_use_valuation` | info | goods valued at 60 % of the retail price (until 2028-04-01) |
//! | `personal_use_valuation_ended` | info | personal-use goods after 2028-04-01: full price |
//! | `small_value_exemption` | info | total taxable value ≤ JPY 10,000: duty and tax waived |
//! | `excluded_from_exemption` | info | a good the Cabinet Order excludes: taxed although small |
//! | `exclusion_uncertain` | warning | a good only some sources exclude: exempted, check it |
//! | `excise_not_assessed` | blocking | liquor or tobacco: liquor or tobacco tax not computed |
//! | `border_taxes` | info | duty and consumption tax at import: the base and the amounts |
//! | `jct_at_checkout` | info | from 2028-04-01, registered seller: tax on low-value items at sale |
//! | `jct_registration_required` | warning | from 2028-04-01, unregistered seller of low-value items |
//! | `reduced_rate_food` | warning | 8 % applied by chapter: only food for people qualifies |
//! | `duty_rate_ceiling` | warning | a subheading's highest rate was used; the 9-digit code may pay less |
//! | `simplified_rates_may_apply` | info | ≤ JPY 200,000: Customs may charge the simplified rates instead |
//! | `national_tax_rounding` | info | Customs rounds bases to JPY 1,000 and taxes to JPY 100 per declaration |
//! | `preference_may_apply` | info | origin covered by an EPA, duty charged at the applied MFN rate |
//! | `preference_claimed` | info | the merchant claims a preference: certificate listed, rates not lowered |

use crossdock_sdk::customs::Percent;
use crossdock_sdk::customs::findings::finding;
use crossdock_sdk::{Finding, HsCode, Money, Severity};

use crate::rules::{self, Agreement};

pub fn personal_use_valuation(goods: Money, value: Money) -> Finding {
    let message = format!(
        "personal-use goods: valued at 60 % of their overseas retail price plus freight (Customs Tariff Act art. 4-6, \
         Customs Answer 1405): goods {goods} → taxable value {value}. The rule is abolished from {} (bill of \
         2026-02-20)",
        rules::PERSONAL_USE_UNTIL
    );
    finding(Severity::Info, "personal_use_valuation", None, message)
}

pub fn personal_use_valuation_ended() -> Finding {
    let message = format!(
        "since {}, goods for personal use are valued at their full price: the 60 % rule of Customs Tariff Act art. \
         4-6 was abolished (bill of 2026-02-20)",
        rules::PERSONAL_USE_UNTIL
    );
    finding(Severity::Info, "personal_use_valuation_ended", None, message)
}

pub fn small_value_exemption(value: Money, skus: &str) -> Finding {
    let message = format!(
        "total taxable value {value} is at most 10,000 JPY: no customs duty and no import consumption tax on SKU \
         {skus} (Customs Tariff Act art. 14(18))"
    );
    finding(Severity::Info, "small_value_exemption", None, message)
}

pub fn excluded_from_exemption(sku: &str, hs: &HsCode, goods: &str) -> Finding {
    let message = format!(
        "SKU {sku}: HS {hs} ({goods}) is excluded from the 10,000 JPY exemption (Cabinet Order art. 16-3): duty and \
         consumption tax are due although the consignment is small"
    );
    finding(Severity::Info, "excluded_from_exemption", Some(sku), message)
}

pub fn exclusion_uncertain(sku: &str, hs: &HsCode, goods: &str) -> Finding {
    let message = format!(
        "SKU {sku}: HS {hs} ({goods}) was exempted as small-value goods, but some sources list such goods among the \
         exclusions of Cabinet Order art. 16-3; check the Order's text for this product before quoting a duty-free \
         price"
    );
    finding(Severity::Warning, "exclusion_uncertain", Some(sku), message)
}

pub fn excise_not_assessed(sku: &str, hs: &HsCode, goods: &str) -> Finding {
    let message = format!(
        "SKU {sku}: HS {hs} ({goods}) pays liquor or tobacco tax at import whatever its value, which this plugin does \
         not compute; declare it through a customs broker"
    );
    finding(Severity::Blocking, "excise_not_assessed", Some(sku), message)
}

pub fn border_taxes(skus: &str, duty: Money, tax: Money) -> Finding {
    let message = format!(
        "SKU {skus}: customs duty {duty} on the taxable value (CIF) and consumption tax {tax} on taxable value + duty, \
         collected at import"
    );
    finding(Severity::Info, "border_taxes", None, message)
}

pub fn jct_at_checkout(skus: &str, tax: Money) -> Finding {
    let message = format!(
        "SKU {skus}: items priced at most 10,000 JPY sold by mail order from abroad are taxable supplies of the seller \
         since {}; as a registered seller you charge consumption tax on the price including delivery at checkout, \
         {tax}, and none is charged at import. Give the carrier your registration number",
        rules::LOW_VALUE_JCT_FROM
    );
    finding(Severity::Info, "jct_at_checkout", None, message)
}

pub fn jct_registration_required(skus: &str) -> Finding {
    let message = format!(
        "SKU {skus}: since {}, sellers of items priced at most 10,000 JPY to Japan owe consumption tax on the sale and \
         register as specified low-value asset sellers (FY2026 tax reform); jct_low_value_registered is off, so the \
         import rules were applied. Register and turn it on",
        rules::LOW_VALUE_JCT_FROM
    );
    finding(Severity::Warning, "jct_registration_required", None, message)
}

pub fn reduced_rate_food(skus: &str) -> Finding {
    let message = format!(
        "SKU {skus}: consumption tax at the reduced 8 %, applied by HS chapter; it covers food and drink for people \
         (alcohol excluded) only, so check the product: pet food or ingredients for non-food use pay 10 %"
    );
    finding(Severity::Warning, "reduced_rate_food", None, message)
}

pub fn duty_rate_ceiling(sku: &str, hs: &HsCode, bp: u32, finer: &str) -> Finding {
    let message = format!(
        "SKU {sku}: HS {hs} was charged {}, the highest applied rate under its subheading ({finer}); add the 9-digit \
         Japanese statistical code to your catalog for the exact rate",
        Percent(bp)
    );
    finding(Severity::Warning, "duty_rate_ceiling", Some(sku), message)
}

pub fn simplified_rates_may_apply(value: Money) -> Finding {
    let message = format!(
        "taxable value {value} is at most 200,000 JPY: Customs may charge the simplified rates for small consignments \
         (Customs Tariff Act art. 3-3) instead of the applied rates used here, which this plugin does not model"
    );
    finding(Severity::Info, "simplified_rates_may_apply", None, message)
}

pub fn national_tax_rounding() -> Finding {
    let message = "amounts here are computed per line and rounded to the yen; Customs rounds each tax base down to \
                   1,000 JPY and each tax down to 100 JPY per declaration (Act on General Rules for National Taxes \
                   arts. 118-119), so the bill can be slightly lower"
        .to_owned();
    finding(Severity::Info, "national_tax_rounding", None, message)
}

pub fn preference_may_apply(agreement: &Agreement, skus: &str) -> Finding {
    let message = format!(
        "SKU {skus}: goods of {} origin may enter at a preferential rate under the {}; duty was charged at the applied \
         MFN rate. To claim it, keep proof of origin and set claim_preference",
        agreement.partners.join("/"),
        agreement.name
    );
    finding(Severity::Info, "preference_may_apply", None, message)
}

pub fn preference_claimed() -> Finding {
    let message = "claim_preference is set: a certificate or declaration of origin is listed among the documents; the \
                   duty shown is still the applied MFN rate, as this plugin does not apply preferential rates"
        .to_owned();
    finding(Severity::Info, "preference_claimed", None, message)
}
