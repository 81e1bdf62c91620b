//! A customs plugin, written without the SDK, that returns values breaking the contract (a
//! currency code that is not ISO 4217, an HS code with letters). The host must reject the
//! result with an error naming the field, not pass it on.

wit_bindgen::generate!({
    path: "../../../wit",
    world: "customs",
    generate_all,
});

use crossdock::plugin::types::{AssessmentLine, CollectAt, Money, PluginKind};

struct Malformed;

fn money(amount: i64, currency: &str) -> Money {
    Money { amount, currency: currency.into() }
}

impl Guest for Malformed {
    fn metadata() -> Metadata {
        Metadata {
            name: "malformed".into(),
            version: "0.1.0".into(),
            kind: PluginKind::Customs,
            description: "Returns results that break the contract.".into(),
            covers: vec!["DE".into()],
            config_schema: "{}".into(),
        }
    }

    fn assess(shipment: Shipment) -> Result<Assessment, PluginError> {
        let (currency, hs) = match shipment.id.as_str() {
            "bad-currency" => ("EURO", "610910"),
            _ => ("EUR", "61O910"),
        };
        Ok(Assessment {
            lines: vec![AssessmentLine {
                sku: "TEE-M".into(),
                hs_code: Some(hs.into()),
                customs_value: money(3998, "EUR"),
                duty_rate_bp: 1200,
                duty: money(480, currency),
                tax_rate_bp: 1900,
                tax: money(851, "EUR"),
            }],
            duty: money(480, "EUR"),
            tax: money(851, "EUR"),
            de_minimis_applied: false,
            collect: CollectAt::Delivery,
            documents: Vec::new(),
            findings: Vec::new(),
            rules_as_of: "2026-11-25".into(),
        })
    }
}

export!(Malformed);
