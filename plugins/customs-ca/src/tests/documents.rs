//! Which papers travel with a shipment, and what the plugin says about itself.

use crossdock_sdk::{Document, Metadata, PluginKind};

use super::*;

#[test]
fn a_courier_shipment_needs_a_commercial_invoice_only() {
    let a = run(&host_on("2026-11-25", "{}"), tee());
    assert_eq!(a.documents, [Document::CommercialInvoice]);
}

#[test]
fn by_post_the_sdr_limit_in_canadian_dollars_picks_cn22_or_cn23() {
    // 300 SDR × 1.91687 CAD = CAD 575.06: CAD 90.00 (5 × 18.00, 900 g) takes a CN22; CAD 576.00
    // (32 × 18.00) a CN23.
    let a = run(&host_on("2026-11-25", r#"{"channel": "postal"}"#), tees("CN", "ON", 5, 1800));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn22]);
    assert!(finding(&a, "postal_declaration").message.contains("1.91687 CAD"));
    let mut s = tees("CN", "ON", 32, 1800);
    s.items[0].unit_weight_g = 50;
    let a = run(&host_on("2026-11-25", r#"{"channel": "postal"}"#), s);
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn23]);
}

#[test]
fn a_certificate_of_origin_only_for_a_cusma_claim_on_us_or_mexican_goods() {
    let a = run(&host_on("2026-11-25", r#"{"claim_preference": true}"#), tees("US", "ON", 1, 20_000));
    assert!(!a.documents.contains(&Document::CertificateOfOrigin), "Chinese goods shipped from the US: no claim");
    let mut s = tees("MX", "ON", 1, 20_000);
    s.items[0].origin_country = Some("MX".parse().unwrap());
    let a = run(&host_on("2026-11-25", r#"{"claim_preference": true}"#), s);
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::CertificateOfOrigin]);
}

#[test]
fn metadata_covers_canada_and_publishes_the_schema() {
    let meta: Metadata = <CaCustoms as CustomsPlugin>::metadata();
    assert_eq!(meta.name, "customs-ca");
    assert_eq!(meta.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(meta.kind, PluginKind::Customs);
    assert_eq!(meta.covers, ["CA"]);
    let schema: serde_json::Value = serde_json::from_str(&meta.config_schema).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(schema["type"], "object");
}
