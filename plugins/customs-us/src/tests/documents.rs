//! Which papers travel with a shipment, and what the plugin says about itself.

use crossdock_sdk::{Document, Metadata, PluginKind};

use super::*;

#[test]
fn a_courier_shipment_needs_a_commercial_invoice_only() {
    let a = run(&host_on("2026-11-25", "{}"), tees());
    assert_eq!(a.documents, [Document::CommercialInvoice]);
}

#[test]
fn by_post_a_small_light_item_travels_with_a_cn22_and_a_dear_one_with_a_cn23() {
    // $85.00 ≤ 300 SDR × 1.36568 = $409.70 and 900 g: CN22.
    let a = run(&host_on("2026-11-25", r#"{"channel": "postal"}"#), tees());
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn22]);
    assert!(finding(&a, "postal_declaration").message.contains("2025-10-20"));
    // 25 × $17.00 = $425.00 > $409.70: CN23.
    let mut s = tees();
    s.items[0].quantity = 25;
    let a = run(&host_on("2026-11-25", r#"{"channel": "postal"}"#), s);
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn23]);
}

#[test]
fn a_certificate_of_origin_only_for_a_usmca_claim_on_canadian_or_mexican_goods() {
    let a = run(&host_on("2026-11-25", r#"{"claim_preference": true}"#), tees());
    assert!(!a.documents.contains(&Document::CertificateOfOrigin), "Chinese goods: no USMCA claim");
    let mut s = tees();
    s.items[0].origin_country = Some("CA".parse().unwrap());
    let a = run(&host_on("2026-11-25", r#"{"claim_preference": true}"#), s);
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::CertificateOfOrigin]);
}

#[test]
fn metadata_covers_the_united_states_and_publishes_the_schema() {
    let meta: Metadata = <UsCustoms as CustomsPlugin>::metadata();
    assert_eq!(meta.name, "customs-us");
    assert_eq!(meta.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(meta.kind, PluginKind::Customs);
    assert_eq!(meta.covers, ["US"]);
    let schema: serde_json::Value = serde_json::from_str(&meta.config_schema).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(schema["type"], "object");
}
