//! The findings customs-ca reports beyond the SDK's shared ones (HS codes, FX, postal forms,
//! `outside_duty_table`): their stable codes, severities and messages.
//!
//! | code | severity | when |
//! | --- | --- | --- |
//! | `low_value_relief` | info | the value for duty is within a remission limit: what is waived and why |
//! | `no_low_value_relief` | info | above every limit: duty and GST/HST are due |
//! | `not_remitted` | info | publications, tobacco or alcohol: never remitted |
//! | `border_tax` | info | which tax (GST or HST) at which rate, for which province |
//! | `province_unknown` | warning | the destination has no readable province: GST alone was assessed |
//! | `provincial_tax_not_assessed` | warning | QC, BC, MB, SK: the province's own sales tax is not included |
//! | `collected_at_border` | info | GST/HST on goods mailed or couriered from abroad is collected at import |
//! | `cusma_preference` | info | CUSMA claimed for goods of US or Mexican origin |
//! | `lithium_batteries_alone` (blocking by post), `flammable_liquid`, `aerosol` | the SDK's `DANGEROUS_GOODS` | dangerous goods |
//! | `prohibited_weapon_knife` | by table | restricted goods |

use crossdock_sdk::customs::Percent;
use crossdock_sdk::customs::findings::finding;
use crossdock_sdk::{Finding, Money, Severity};

use crate::rules::Stream;

fn stream_text(stream: Stream, shipped_from: &str) -> String {
    match stream {
        Stream::Postal => "by mail".to_owned(),
        Stream::CourierCusma => format!("by courier shipped from {shipped_from} (CUSMA thresholds)"),
        Stream::Courier => format!("by courier shipped from {shipped_from}"),
    }
}

pub fn low_value_relief(value: Money, stream: Stream, shipped_from: &str, duty: bool, tax: bool) -> Finding {
    let how = stream_text(stream, shipped_from);
    let what = match (duty, tax) {
        (true, true) => "duty and GST/HST are remitted",
        (true, false) => "duty is remitted (CUSMA: up to CAD 150) but GST/HST is due above CAD 40",
        (false, true) => "GST/HST is remitted",
        (false, false) => "nothing is remitted",
    };
    let limits = match stream {
        Stream::CourierCusma => "CAD 150 for duty, CAD 40 for tax (Courier Imports Remission Order, since 2020-07-01)",
        Stream::Postal => "CAD 20 (Postal Imports Remission Order)",
        Stream::Courier => "CAD 20 (Courier Imports Remission Order)",
    };
    let message = format!("value for duty {value} {how}: {what}; limits {limits}");
    finding(Severity::Info, "low_value_relief", None, message)
}

pub fn no_low_value_relief(value: Money, stream: Stream, shipped_from: &str) -> Finding {
    let how = stream_text(stream, shipped_from);
    let limit = match stream {
        Stream::CourierCusma => "CAD 150",
        Stream::Postal | Stream::Courier => {
            "CAD 20 (shipments couriered directly from outside the US and Mexico get CAD 20 whatever the goods' origin)"
        }
    };
    let message = format!("value for duty {value} {how} is above {limit}: duty and GST/HST are due");
    finding(Severity::Info, "no_low_value_relief", None, message)
}

pub fn not_remitted(sku: &str) -> Finding {
    let message = format!(
        "SKU {sku}: publications, tobacco and alcoholic beverages are outside the Courier and Postal Imports \
         Remission Orders: duty and GST/HST are due whatever the value"
    );
    finding(Severity::Info, "not_remitted", Some(sku), message)
}

pub fn border_tax(province: &str, hst: bool, bp: u32) -> Finding {
    let what = if hst { "HST" } else { "GST" };
    let message =
        format!("{what} {} for a destination in {province}, on the value for duty plus the duty", Percent(bp));
    finding(Severity::Info, "border_tax", None, message)
}

pub fn province_unknown(region: Option<&str>) -> Finding {
    let message = match region {
        Some(text) => format!(
            "destination region `{text}` is not a Canadian province or territory: GST 5% alone was assessed, but \
             HST provinces (ON, NS, NB, NL, PE) pay 13% to 15%; send the province code (such as ON) in the address"
        ),
        None => "the destination has no province: GST 5% alone was assessed, but HST provinces (ON, NS, NB, NL, PE) \
                 pay 13% to 15%; send the province code (such as ON) in the address"
            .to_owned(),
    };
    finding(Severity::Warning, "province_unknown", None, message)
}

pub fn provincial_tax_not_assessed(province: &str, tax: &str) -> Finding {
    let message = format!(
        "{province}: the CBSA collects the GST at the border; the {tax} is not included here. The CBSA collects a \
         province's own tax on personal imports only under a collection agreement with that province, and a \
         registered seller may have to charge it at sale; check before quoting a landed cost"
    );
    finding(Severity::Warning, "provincial_tax_not_assessed", None, message)
}

pub fn collected_at_border(ddp: bool) -> Finding {
    let message = if ddp {
        "DDP: you pay the duty and GST/HST the CBSA assesses at import, so charge them at checkout. Goods mailed or \
         couriered to Canada from abroad are taxed at the border, not through a non-resident vendor's GST/HST \
         registration, which excludes them"
    } else {
        "the carrier, broker or Canada Post collects the duty and GST/HST from the buyer at delivery. Goods mailed or \
         couriered to Canada from abroad are taxed at the border, not through a non-resident vendor's GST/HST \
         registration, which excludes them"
    };
    finding(Severity::Info, "collected_at_border", None, message.to_owned())
}

pub fn cusma_preference(sku: &str, origin: &str) -> Finding {
    let message = format!(
        "SKU {sku}: CUSMA preference claimed for goods of {origin} origin: duty-free (UST/MXT), provided they qualify \
         under the CUSMA rules of origin; a certification of origin must be held. GST/HST is still due"
    );
    finding(Severity::Info, "cusma_preference", Some(sku), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relief_message_says_which_limits_applied() {
        let cad = Money::new(12_000, "CAD".parse().unwrap());
        let f = low_value_relief(cad, Stream::CourierCusma, "US", true, false);
        assert!(f.message.contains("120.00 CAD") && f.message.contains("CAD 40"), "{}", f.message);
        let f = no_low_value_relief(cad, Stream::Courier, "CN");
        assert!(f.message.contains("CAD 20") && f.message.contains("CN"), "{}", f.message);
    }

    #[test]
    fn the_border_tax_names_hst_or_gst() {
        assert_eq!(
            border_tax("ON", true, 1300).message,
            "HST 13% for a destination in ON, on the value for duty plus the duty"
        );
        assert!(border_tax("AB", false, 500).message.starts_with("GST 5%"));
    }
}
