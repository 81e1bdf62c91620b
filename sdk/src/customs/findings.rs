//! The findings the customs kit reports, with their stable codes, and [`Percent`] for messages.
//!
//! Codes are snake_case and never change meaning. Blocking findings stop the shipment (the
//! assessment cannot be trusted without a fix); warnings mean the figures stand but may be off;
//! info says which rule or rate was applied and why.
//!
//! | code | severity | when |
//! | --- | --- | --- |
//! | `missing_hs_code` | blocking | an item has no tariff code |
//! | `malformed_hs_code` | blocking | not digits, or not 6 to 10 of them |
//! | `unknown_hs_heading` | blocking | no such HS chapter or heading |
//! | `outside_duty_table` | blocking when duty is due, info otherwise | the plugin's documented duty table has no row for the code |
//! | `fx_rate_used` | info | an amount was converted: the rate and the date it was published for |
//! | `fx_rate_unavailable` | blocking | the host has no rate, so nothing was assessed |
//! | `postal_declaration` | info | CN22 or CN23, with the SDR rate used and its date |
//! | `postal_sdr_unavailable` | warning | no rate to compare the goods with 300 SDR: CN23, which is never wrong |

use crate::{CurrencyCode, Document, Finding, FxRate, HsCode, Money, Severity};

/// A finding about one SKU, or the whole shipment when `sku` is `None`.
pub fn finding(severity: Severity, code: &str, sku: Option<&str>, message: String) -> Finding {
    Finding { severity, code: code.to_owned(), sku: sku.map(str::to_owned), message }
}

/// Basis points shown as a percentage: 1200 → `12%`, 270 → `2.7%`, 2550 → `25.5%`, 5 → `0.05%`.
///
/// ```
/// use crossdock_sdk::customs::Percent;
/// assert_eq!(Percent(810).to_string(), "8.1%");
/// assert_eq!(Percent(2000).to_string(), "20%");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent(pub u32);

impl std::fmt::Display for Percent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => write!(f, "{whole}%"),
            _ if frac % 10 == 0 => write!(f, "{whole}.{}%", frac / 10),
            _ => write!(f, "{whole}.{frac:02}%"),
        }
    }
}

/// A rate in millionths as a decimal without trailing zeros: 920000 → `0.92`, 2000000 → `2`.
pub fn decimal_micros(micros: u64) -> String {
    let text = format!("{}.{:06}", micros / 1_000_000, micros % 1_000_000);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

pub fn missing_hs_code(sku: &str) -> Finding {
    let message = format!(
        "SKU {sku} has no HS code: add its tariff code (6 to 10 digits, such as 610910 for cotton T-shirts) to the \
         product in your catalog; customs cannot clear goods without one"
    );
    finding(Severity::Blocking, "missing_hs_code", Some(sku), message)
}

pub fn malformed_hs_code(sku: &str, written: &str, why: &str) -> Finding {
    let message = format!(
        "SKU {sku}: `{written}` is not an HS code ({why}); correct the HS code of this product in your catalog \
         (6 to 10 digits, such as 610910)"
    );
    finding(Severity::Blocking, "malformed_hs_code", Some(sku), message)
}

pub fn unknown_hs_heading(sku: &str, written: &str, why: &str) -> Finding {
    let message = format!(
        "SKU {sku}: HS code `{written}` names no heading of the Harmonized System ({why}); look the product up \
         in the tariff and correct its code in your catalog"
    );
    finding(Severity::Blocking, "unknown_hs_heading", Some(sku), message)
}

/// No row in the plugin's duty table. Blocking when the consignment owes duty (the duty would
/// be a guess); information otherwise, as a warning of what would block a dearer consignment.
pub fn outside_duty_table(sku: &str, hs: &HsCode, plugin: &str, duty_due: bool) -> Finding {
    if duty_due {
        let message = format!(
            "SKU {sku}: HS {hs} is outside the documented duty table of {plugin} (a sourced subset of common \
             ecommerce goods) and this consignment owes duty, so none was computed for it; look the rate up in \
             the official tariff and declare through a customs broker, or check the HS code in your catalog"
        );
        finding(Severity::Blocking, "outside_duty_table", Some(sku), message)
    } else {
        let message = format!(
            "SKU {sku}: HS {hs} is outside the documented duty table of {plugin}; no duty is due on this \
             consignment, but one that owes duty with this product will be blocked"
        );
        finding(Severity::Info, "outside_duty_table", Some(sku), message)
    }
}

pub fn fx_rate_used(rate: &FxRate) -> Finding {
    let message = format!(
        "converted from {from} at {r} {to} per {from} (host rate published for {date}); every amount in this \
         assessment is in {to}",
        from = rate.from,
        to = rate.to,
        r = decimal_micros(rate.micros),
        date = rate.date
    );
    finding(Severity::Info, "fx_rate_used", None, message)
}

pub fn fx_rate_unavailable(from: CurrencyCode, to: CurrencyCode) -> Finding {
    let message = format!(
        "the host has no {from}→{to} exchange rate, and this country's thresholds and duties are in {to}, so \
         nothing was assessed; load the day's rates into the host's FX table and retry"
    );
    finding(Severity::Blocking, "fx_rate_unavailable", None, message)
}

/// Which postal form, why, and the SDR rate used.
pub fn postal_declaration(document: Document, goods: Money, weight_g: u64, sdr: &str) -> Finding {
    let form = if document == Document::Cn22 { "CN22" } else { "CN23" };
    let message =
        format!("postal item: {form} (goods {goods}, {weight_g} g; CN22 up to 300 SDR and 2 kg, CN23 above; {sdr})");
    finding(Severity::Info, "postal_declaration", None, message)
}

pub fn postal_sdr_unavailable(from: CurrencyCode, to: &str) -> Finding {
    let message = format!(
        "no {from}→{to} rate to compare the goods with the 300 SDR limit of a CN22: a CN23 is declared, which \
         is accepted for any value; load the rate into the host's FX table for the lighter form"
    );
    finding(Severity::Warning, "postal_sdr_unavailable", None, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_print_without_trailing_zeros() {
        let shown: Vec<String> = [1200, 270, 2550, 1690, 5, 0, 810].iter().map(|bp| Percent(*bp).to_string()).collect();
        assert_eq!(shown, ["12%", "2.7%", "25.5%", "16.9%", "0.05%", "0%", "8.1%"]);
    }

    #[test]
    fn rates_print_as_decimals() {
        assert_eq!(decimal_micros(920_000), "0.92");
        assert_eq!(decimal_micros(1_085_000), "1.085");
        assert_eq!(decimal_micros(2_000_000), "2");
        assert_eq!(decimal_micros(6_156), "0.006156");
    }

    #[test]
    fn outside_the_table_blocks_only_when_duty_is_due() {
        let hs: HsCode = "940171".parse().unwrap();
        let due = outside_duty_table("SEAT", &hs, "customs-gb", true);
        let not_due = outside_duty_table("SEAT", &hs, "customs-gb", false);
        assert_eq!((due.severity, due.code.as_str()), (Severity::Blocking, "outside_duty_table"));
        assert_eq!((not_due.severity, not_due.code.as_str()), (Severity::Info, "outside_duty_table"));
        assert!(due.message.contains("customs-gb") && due.message.contains("940171"), "{}", due.message);
    }
}
