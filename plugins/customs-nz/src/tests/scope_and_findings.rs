//! What the plugin covers, what stops a shipment, which documents travel, and what the merchant
//! is told to do.

use crossdock_sdk::{Document, PluginKind, Severity};

use super::*;

#[test]
fn a_destination_other_than_new_zealand_is_not_covered() {
    let mut s = tees(1, nzd(2000), nzd(500));
    s.destination.country = "AU".parse().unwrap();
    let err = try_run(&host_on("2026-11-25", "{}"), s).unwrap_err();
    assert_eq!(err.code, "not_covered");
    assert!(err.message.contains("AU"), "{}", err.message);
}

#[test]
fn malformed_hs_codes_block_and_knives_warn() {
    let items = vec![item("BAD", 1, nzd(2000), Some("6109")), item("KNIFE", 1, nzd(2000), Some("821193"))];
    let a = run(&host_on("2026-11-25", REGISTERED), shipment(nzd(0), items));
    assert_eq!(codes(&a, Severity::Blocking), ["malformed_hs_code"]);
    assert_eq!(codes(&a, Severity::Warning), ["prohibited_weapon_possible"]);
    assert!(finding(&a, "prohibited_weapon_possible").message.contains("LI 2017/214"));
}

#[test]
fn tobacco_blocks_whatever_the_value() {
    let a = run(&host_on("2026-11-25", REGISTERED), shipment(nzd(0), vec![item("CIGS", 1, nzd(3000), Some("240220"))]));
    assert_eq!(codes(&a, Severity::Blocking), ["excise_goods"]);
}

#[test]
fn goods_outside_the_duty_table_block_only_above_the_threshold() {
    // Face cream (3304.99) has no documented rate.
    let low =
        run(&host_on("2026-11-25", REGISTERED), shipment(nzd(0), vec![item("CREAM", 1, nzd(3000), Some("330499"))]));
    assert_eq!(finding(&low, "outside_duty_table").severity, Severity::Info);
    let high =
        run(&host_on("2026-11-25", REGISTERED), shipment(nzd(0), vec![item("CREAM", 40, nzd(3000), Some("330499"))]));
    assert_eq!(finding(&high, "outside_duty_table").severity, Severity::Blocking);
}

#[test]
fn claiming_a_preference_lists_a_certificate_of_origin() {
    let a = run(&host_on("2026-11-25", r#"{"claim_preference": true}"#), tees(20, nzd(7500), nzd(0)));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::CertificateOfOrigin]);
    assert!(codes(&a, Severity::Info).contains(&"preference_claimed"));
}

#[test]
fn a_registered_supplier_without_a_gst_number_is_told_to_add_it() {
    let a = run(&host_on("2026-11-25", r#"{"gst_registered": true}"#), tees(1, nzd(2000), nzd(500)));
    assert_eq!(codes(&a, Severity::Warning), ["gst_number_missing"]);
}

#[test]
fn a_bad_configuration_is_a_plugin_error() {
    let err = try_run(&host_on("2026-11-25", r#"{"gst_number": "12"}"#), tees(1, nzd(2000), nzd(0))).unwrap_err();
    assert_eq!(err.code, "invalid_config");
    assert!(err.message.contains("8 or 9 digits"), "{}", err.message);
}

#[test]
fn without_an_fx_rate_nothing_is_assessed() {
    let a = run(&host_on("2026-11-25", REGISTERED), tees(2, money(5000, "USD"), money(1000, "USD")));
    assert!(a.lines.is_empty() && a.is_blocked());
    assert!(finding(&a, "fx_rate_unavailable").message.contains("USD→NZD"));
}

#[test]
fn the_metadata_names_the_crate_and_covers_new_zealand() {
    let m = NzCustoms::metadata();
    assert_eq!(
        (m.name.as_str(), m.kind, m.covers.as_slice()),
        ("customs-nz", PluginKind::Customs, &["NZ".to_owned()][..])
    );
    assert!(serde_json::from_str::<serde_json::Value>(&m.config_schema).is_ok());
}
