//! What the plugin covers, what stops a shipment, which documents travel, and what the merchant
//! is told to do.

use crossdock_sdk::{CollectAt, Document, PluginKind, Severity};

use super::*;

#[test]
fn a_destination_other_than_australia_is_not_covered() {
    let mut s = tees(1, aud(2000), aud(500));
    s.destination.country = "NZ".parse().unwrap();
    let err = try_run(&host_on("2026-11-25", "{}"), s).unwrap_err();
    assert_eq!(err.code, "not_covered");
    assert!(err.message.contains("NZ") && err.message.contains("customs-au"), "{}", err.message);
}

#[test]
fn missing_and_malformed_hs_codes_block_and_name_the_sku() {
    let items = vec![
        item("NONE", 1, aud(2000), None),
        item("BAD", 1, aud(2000), Some("61O910")),
        item("OK", 1, aud(2000), Some("610910")),
    ];
    let a = run(&host_on("2026-11-25", REGISTERED), shipment(aud(0), items));
    assert_eq!(codes(&a, Severity::Blocking), ["missing_hs_code", "malformed_hs_code"]);
    assert_eq!(finding(&a, "malformed_hs_code").sku.as_deref(), Some("BAD"));
    // Low-value GST still applies to every line, classified or not: 3 × 2.00.
    assert_eq!(a.tax, aud(600));
}

#[test]
fn vaping_goods_block_and_knives_and_batteries_warn() {
    let items = vec![
        item("VAPE", 1, aud(3000), Some("854340")),
        item("KNIFE", 1, aud(3000), Some("821193")),
        item("CELLS", 1, aud(3000), Some("850760")),
    ];
    let a = run(&host_on("2026-11-25", REGISTERED), shipment(aud(0), items));
    assert_eq!(codes(&a, Severity::Blocking), ["vaping_goods_prohibited"]);
    assert_eq!(codes(&a, Severity::Warning), ["prohibited_weapon_possible", "lithium_batteries_alone"]);
    let vape = finding(&a, "vaping_goods_prohibited");
    assert_eq!(vape.sku.as_deref(), Some("VAPE"));
    assert!(vape.message.contains("reg 5A") && vape.message.contains("2024-03-01"), "{}", vape.message);
}

#[test]
fn alcohol_is_excluded_from_the_low_value_rules_and_blocks() {
    let a = run(&host_on("2026-11-25", REGISTERED), shipment(aud(0), vec![item("GIN", 1, aud(5000), Some("220850"))]));
    let f = finding(&a, "excise_goods");
    assert_eq!((f.severity, f.sku.as_deref()), (Severity::Blocking, Some("GIN")));
}

#[test]
fn by_post_a_cn22_up_to_300_sdr_and_a_cn23_above() {
    // 300 SDR at 2.10008 AUD = 630.024 AUD: 630.02 AUD of goods fit a CN22, 630.03 do not.
    let postal = r#"{"channel": "postal", "gst_registered": true, "gst_registration_number": "51824753556"}"#;
    let host = host_on("2026-11-25", postal);
    let a = run(&host, shipment(aud(1500), vec![item("TEE", 1, aud(63_002), Some("610910"))]));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn22]);
    assert!(finding(&a, "postal_declaration").message.contains("2025-10-20"));
    let a = run(&host, shipment(aud(1500), vec![item("TEE", 1, aud(63_003), Some("610910"))]));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn23]);
    // Heavier than 2 kg: a parcel with a CN23 whatever the value.
    let a = run(&host, shipment(aud(1500), vec![item("TEE", 12, aud(1000), Some("610910"))]));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn23]);
}

#[test]
fn claiming_a_preference_lists_a_certificate_of_origin_without_lowering_the_rate() {
    let config = r#"{"claim_preference": true}"#;
    let a = run(&host_on("2026-11-25", config), tees(20, aud(7500), aud(4000)));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::CertificateOfOrigin]);
    assert_eq!(a.duty, aud(7500));
    assert!(codes(&a, Severity::Info).contains(&"preference_claimed"));
    assert!(!codes(&a, Severity::Info).contains(&"preference_may_apply"));
}

#[test]
fn a_registered_seller_without_a_number_is_told_to_add_it() {
    let a = run(&host_on("2026-11-25", r#"{"gst_registered": true}"#), tees(1, aud(2000), aud(500)));
    assert_eq!(codes(&a, Severity::Warning), ["gst_registration_number_missing"]);
    assert_eq!(a.collect, CollectAt::Checkout);
}

#[test]
fn a_bad_configuration_is_a_plugin_error_saying_what_to_fix() {
    let err = try_run(&host_on("2026-11-25", r#"{"gst_registration_number": "12 345"}"#), tees(1, aud(2000), aud(0)))
        .unwrap_err();
    assert_eq!(err.code, "invalid_config");
    assert!(err.message.contains("11-digit ABN"), "{}", err.message);
    let err = try_run(&host_on("2026-11-25", r#"{"channel": "pigeon"}"#), tees(1, aud(2000), aud(0))).unwrap_err();
    assert_eq!(err.code, "invalid_config");
}

#[test]
fn without_an_fx_rate_nothing_is_assessed() {
    let a = run(&host_on("2026-11-25", REGISTERED), tees(2, money(5000, "USD"), money(1000, "USD")));
    assert!(a.lines.is_empty() && a.is_blocked());
    assert!(finding(&a, "fx_rate_unavailable").message.contains("USD→AUD"));
}

#[test]
fn the_metadata_names_the_crate_covers_australia_and_publishes_the_schema() {
    let m = AuCustoms::metadata();
    assert_eq!(
        (m.name.as_str(), m.kind, m.covers.as_slice()),
        ("customs-au", PluginKind::Customs, &["AU".to_owned()][..])
    );
    let schema: serde_json::Value = serde_json::from_str(&m.config_schema).unwrap();
    assert_eq!(schema["type"], "object");
}

#[test]
fn every_finding_has_a_stable_snake_case_code_and_a_message() {
    let items = vec![
        item("NONE", 1, aud(2000), None),
        item("VAPE", 1, aud(3000), Some("854340")),
        item("BOOK", 20, aud(6000), Some("490199")),
        item("TEE", 10, aud(7500), Some("610910")),
    ];
    let a = run(&host_on("2026-11-25", r#"{"gst_registered": true, "channel": "postal"}"#), shipment(aud(3000), items));
    for f in &a.findings {
        assert!(!f.code.is_empty() && f.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", f.code);
        assert!(f.message.len() > 30, "{}: {}", f.code, f.message);
    }
}
