//! The findings customs-us reports beyond the SDK's shared ones (HS codes, FX, postal forms,
//! `outside_duty_table`): their stable codes, severities and messages.
//!
//! | code | severity | when |
//! | --- | --- | --- |
//! | `tariff_regime` | info | always: which low-value rules and surcharges applied on the event's day |
//! | `no_federal_import_tax` | info | always: no tax at the border; sales tax is the seller's |
//! | `de_minimis_applied` | info | Section 321 relieved the shipment (until 2025-08-28; books only afterwards) |
//! | `de_minimis_not_available` | info | duty is due whatever the value |
//! | `duty_components` | info | per SKU: general rate, Section 301, Section 122 |
//! | `duty_rate_range` | warning | a 6-digit code covers HTSUS lines at different rates: the highest was used |
//! | `section_301_unverified` | warning | a product of China whose heading's Section 301 status was not read |
//! | `origin_assumed` | info | an item has no country of origin: the place of shipment is assumed |
//! | `hts_code_incomplete` | info | a code shorter than the 10 digits of an entry |
//! | `usmca_preference` | info | USMCA claimed for goods of Canadian or Mexican origin |
//! | `postal_flat_surcharge` | info | by post during Section 122: the duty is the flat 10 % |
//! | `postal_duty_not_modelled` | blocking | by post 2025-08-29 → 2026-02-23: the IEEPA-based postal duty is not modelled |
//! | `ieepa_not_modelled` | warning | an event while IEEPA duties were collected: not included |
//! | `no_surcharge_confirmed` | warning | after 2026-07-23: no general surcharge is confirmed |
//! | `lithium_batteries_alone` (blocking by post), `flammable_liquid`, `aerosol` | the SDK's `DANGEROUS_GOODS` | dangerous goods |
//! | `switchblade_knife` | by table | restricted goods |

use crossdock_sdk::customs::Percent;
use crossdock_sdk::customs::findings::finding;
use crossdock_sdk::{Finding, HsCode, Money, Severity};

pub fn tariff_regime(description: String) -> Finding {
    finding(Severity::Info, "tariff_regime", None, description)
}

pub fn no_federal_import_tax() -> Finding {
    let message = "no federal import VAT or GST in the United States: tax is 0. Sales tax is a state matter that the \
                   seller charges at checkout where it must register (economic nexus), not collected at the border"
        .to_owned();
    finding(Severity::Info, "no_federal_import_tax", None, message)
}

pub fn de_minimis_applied(goods: Money) -> Finding {
    let message = format!(
        "goods worth {goods} (at most $800) entered before 2025-08-29: duty-free under Section 321 de minimis \
         (19 U.S.C. 1321)"
    );
    finding(Severity::Info, "de_minimis_applied", None, message)
}

pub fn de_minimis_informational(goods: Money) -> Finding {
    let message = format!(
        "informational materials worth {goods} (at most $800): still duty-free under Section 321 de minimis, which \
         the suspension leaves to goods covered by 50 U.S.C. 1702(b) (CBP CSMS of 2026-02-23)"
    );
    finding(Severity::Info, "de_minimis_applied", None, message)
}

pub fn de_minimis_not_available(goods: Money, today: &str) -> Finding {
    let message = if today >= crate::regime::NO_DE_MINIMIS_FROM {
        format!(
            "no de minimis: duty-free treatment of shipments up to $800 is suspended for every origin since \
             2025-08-29 (Executive Order 14324; codified by CBP on 2026-06-24), so these goods worth {goods} owe duty"
        )
    } else if goods.amount > crate::regime::DE_MINIMIS_CENTS {
        format!("goods worth {goods} exceed the $800 Section 321 de minimis: duty is due")
    } else {
        format!(
            "products of China or Hong Kong lost Section 321 de minimis on 2025-05-02: these goods worth {goods} \
             owe duty"
        )
    };
    finding(Severity::Info, "de_minimis_not_available", None, message)
}

/// One line's duty, component by component.
pub fn duty_components(sku: &str, hs: &HsCode, parts: &[(&str, u32)], total_bp: u32) -> Finding {
    let shown: Vec<String> = parts.iter().map(|(name, bp)| format!("{name} {}", Percent(*bp))).collect();
    let message = format!("SKU {sku}, HS {hs}: {} = {}", shown.join(" + "), Percent(total_bp));
    finding(Severity::Info, "duty_components", Some(sku), message)
}

pub fn duty_rate_range(sku: &str, hs: &HsCode, goods: &str, low_bp: u32, high_bp: u32) -> Finding {
    let message = format!(
        "SKU {sku}: HS {hs} ({goods}) covers HTSUS lines charged {} to {}; the highest, {}, was used. Add the \
         10-digit HTSUS code to your catalog for the exact rate",
        Percent(low_bp),
        Percent(high_bp),
        Percent(high_bp)
    );
    finding(Severity::Warning, "duty_rate_range", Some(sku), message)
}

pub fn section_301_unverified(sku: &str, hs: &HsCode) -> Finding {
    let message = format!(
        "SKU {sku}: HS {hs} is a product of China and whether its heading is on a Section 301 list in force was \
         not verified; no Section 301 duty is included (7.5% on List 4A, 25% on Lists 1-3). Check the HTSUS \
         Chapter 99 endnote of the 10-digit line before quoting a landed cost"
    );
    finding(Severity::Warning, "section_301_unverified", Some(sku), message)
}

pub fn origin_assumed(sku: &str, origin: &str) -> Finding {
    let message = format!(
        "SKU {sku} has no country of origin in the catalog: {origin}, where the shipment leaves from, was assumed. \
         Origin decides Section 301 and USMCA: add it to the product"
    );
    finding(Severity::Info, "origin_assumed", Some(sku), message)
}

pub fn hts_code_incomplete(skus: &[&str]) -> Finding {
    let message = format!(
        "SKU {}: a US entry declares 10-digit HTSUS codes (postal informal entries too since 2026-07-24); the \
         rates here are found from shorter codes, so add the full codes to your catalog",
        skus.join(", ")
    );
    finding(Severity::Info, "hts_code_incomplete", None, message)
}

pub fn usmca_preference(sku: &str, origin: &str) -> Finding {
    let message = format!(
        "SKU {sku}: USMCA preference claimed for goods of {origin} origin: duty-free and outside the Section 122 \
         surcharge, provided they qualify under the USMCA rules of origin; a certification of origin must be held"
    );
    finding(Severity::Info, "usmca_preference", Some(sku), message)
}

pub fn postal_flat_surcharge() -> Finding {
    let message = "by post between 2026-02-24 and 2026-07-23, the duty on mail is the Section 122 rate, 10% of the \
                   value, in place of tariff rates (executive order continuing the de minimis suspension, \
                   2026-02-20); from 2026-07-24 mail goes through a postal informal entry with all applicable duties"
        .to_owned();
    finding(Severity::Info, "postal_flat_surcharge", None, message)
}

pub fn postal_duty_not_modelled() -> Finding {
    let message = "by post between 2025-08-29 and 2026-02-23, duty on mail was the IEEPA rate of the country of \
                   origin or a specific $80/$160/$200 per item (Executive Order 14324); these duties are not \
                   modelled here: assess this shipment with the postal operator's figures"
        .to_owned();
    finding(Severity::Blocking, "postal_duty_not_modelled", None, message)
}

pub fn ieepa_not_modelled(today: &str) -> Finding {
    let message = format!(
        "on {today} IEEPA duties (fentanyl-related and 'reciprocal' tariffs) were collected on top of the duties \
         here; they are not included. The Supreme Court held them unlawful on 2026-02-20 and collection ended on \
         2026-02-24"
    );
    finding(Severity::Warning, "ieepa_not_modelled", None, message)
}

pub fn no_surcharge_confirmed() -> Finding {
    let message = "the Section 122 surcharge lapsed after 2026-07-23 and no replacement general surcharge was \
                   confirmed when these rules were last checked (2026-11-25); Section 232 and any new Section 301 \
                   actions are not included. Check CBP's CSMS messages before quoting a landed cost"
        .to_owned();
    finding(Severity::Warning, "no_surcharge_confirmed", None, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duty_components_add_up_in_the_message() {
        let hs: HsCode = "6109100012".parse().unwrap();
        let f = duty_components("TEE", &hs, &[("HTSUS general", 1650), ("Section 301", 750)], 2400);
        assert_eq!(f.message, "SKU TEE, HS 6109100012: HTSUS general 16.5% + Section 301 7.5% = 24%");
        assert_eq!((f.severity, f.sku.as_deref()), (Severity::Info, Some("TEE")));
    }

    #[test]
    fn every_finding_code_is_snake_case() {
        let hs: HsCode = "611020".parse().unwrap();
        let usd = Money::new(8500, "USD".parse().unwrap());
        for f in [
            tariff_regime(crate::regime::Regime::on("2026-11-25").describe("2026-11-25")),
            no_federal_import_tax(),
            de_minimis_applied(usd),
            de_minimis_informational(usd),
            de_minimis_not_available(usd, "2026-11-25"),
            duty_rate_range("A", &hs, "jerseys", 500, 1650),
            section_301_unverified("A", &hs),
            origin_assumed("A", "CN"),
            hts_code_incomplete(&["A"]),
            usmca_preference("A", "MX"),
            postal_flat_surcharge(),
            postal_duty_not_modelled(),
            ieepa_not_modelled("2025-10-01"),
            no_surcharge_confirmed(),
        ] {
            assert!(f.code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'), "{}", f.code);
            assert!(f.message.len() > 20, "{}", f.code);
        }
    }
}
