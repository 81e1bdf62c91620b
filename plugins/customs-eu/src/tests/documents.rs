//! Which papers travel with a shipment, and what the plugin says about itself.

use crossdock_sdk::{Document, Metadata, PluginKind};

use super::*;

#[test]
fn a_courier_shipment_needs_a_commercial_invoice_only() {
    let a = run(&host_on("2026-11-25", "{}"), two_tees());
    assert_eq!(a.documents, [Document::CommercialInvoice]);
}

#[test]
fn by_post_a_small_light_item_travels_with_a_cn22() {
    // 39.98 EUR ≤ 300 SDR (351.52 EUR at the default 1.17176 EUR/SDR), 360 g ≤ 2 kg.
    let a = run(&host_on("2026-11-25", r#"{"channel": "postal"}"#), two_tees());
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn22]);
    // The SDR rate of 2025-10-20 is older than the rules used: rules_as_of is unchanged.
    assert_eq!(a.rules_as_of, "2026-11-01");
}

#[test]
fn by_post_over_300_sdr_needs_a_cn23() {
    // The bench goods are worth 378.34 EUR > 351.52 EUR.
    let a = run(&host_on("2026-11-25", r#"{"channel": "postal"}"#), bench());
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn23]);
}

#[test]
fn by_post_over_2_kg_needs_a_cn23_whatever_the_value() {
    let mut s = two_tees();
    s.items[0].unit_weight_g = 1_100; // 2 × 1.1 kg
    let a = run(&host_on("2026-11-25", r#"{"channel": "postal"}"#), s);
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn23]);
}

#[test]
fn the_sdr_rate_is_configurable_and_dated() {
    // At 0.10 EUR/SDR the limit is 30.00 EUR, under the 39.98 of goods: CN23.
    let config = r#"{"channel": "postal", "sdr_eur_micros": 100000, "sdr_eur_as_of": "2026-11-20"}"#;
    let a = run(&host_on("2026-11-25", config), two_tees());
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn23]);
    assert_eq!(a.rules_as_of, "2026-11-20");
}

#[test]
fn a_certificate_of_origin_only_when_a_preference_is_claimed() {
    let a = run(&host_on("2026-11-25", r#"{"claim_preference": true}"#), two_tees());
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::CertificateOfOrigin]);
    let a = run(&host_on("2026-11-25", r#"{"claim_preference": false, "channel": "postal"}"#), two_tees());
    assert!(!a.documents.contains(&Document::CertificateOfOrigin));
}

#[test]
fn metadata_covers_the_27_member_states_and_publishes_the_schema() {
    let meta: Metadata = <EuCustoms as CustomsPlugin>::metadata();
    assert_eq!(meta.name, "customs-eu");
    assert_eq!(meta.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(meta.kind, PluginKind::Customs);
    assert_eq!(meta.covers.len(), 27);
    for country in ["AT", "DE", "FR", "GR", "SE"] {
        assert!(meta.covers.iter().any(|c| c == country), "{country}");
    }
    assert!(!meta.covers.iter().any(|c| c == "GB" || c == "EL"));
    let schema: serde_json::Value = serde_json::from_str(&meta.config_schema).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
}
