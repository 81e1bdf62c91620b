//! What the plugin covers, what stops a shipment, which documents travel, and what the merchant
//! is told to do.

use crossdock_sdk::{Document, PluginKind, Severity};

use super::*;

#[test]
fn a_destination_other_than_japan_is_not_covered() {
    let mut s = tees(1, jpy(2000), jpy(500));
    s.destination.country = "KR".parse().unwrap();
    assert_eq!(try_run(&host_on("2026-11-25", "{}"), s).unwrap_err().code, "not_covered");
}

#[test]
fn leather_shoes_are_excluded_and_sneakers_get_an_uncertainty_warning() {
    // Leather shoes (6403.99) are excluded and outside the duty table: blocking, as duty is due.
    // Textile sneakers (6404.11): exempted with a warning.
    let items = vec![item("SHOES", 1, jpy(4000), Some("640399")), item("SNEAKERS", 1, jpy(4000), Some("640411"))];
    let a = run(&host_on("2026-11-25", "{}"), shipment(jpy(500), items));
    let f = a.findings.iter().find(|f| f.code == "outside_duty_table").unwrap();
    assert_eq!((f.sku.as_deref(), f.severity), (Some("SHOES"), Severity::Blocking));
    assert_eq!(finding(&a, "exclusion_uncertain").sku.as_deref(), Some("SNEAKERS"));
    assert_eq!(a.lines[1].tax, jpy(0));
    assert!(a.lines[0].tax.amount > 0);
}

#[test]
fn liquor_blocks_whatever_the_value() {
    let a = run(&host_on("2026-11-25", "{}"), shipment(jpy(0), vec![item("SAKE", 1, jpy(3000), Some("220600"))]));
    assert!(codes(&a, Severity::Blocking).contains(&"excise_not_assessed"));
}

#[test]
fn switchblades_warn_and_cosmetics_are_noted() {
    let items = vec![item("KNIFE", 1, jpy(3000), Some("821193")), item("CREAM", 1, jpy(3000), Some("330499"))];
    let a = run(&host_on("2026-11-25", "{}"), shipment(jpy(0), items));
    assert_eq!(codes(&a, Severity::Warning), ["controlled_blade"]);
    assert_eq!(finding(&a, "pharmaceutical_affairs_law").severity, Severity::Info);
}

#[test]
fn by_post_a_cn22_up_to_300_sdr() {
    // 300 SDR at 206.163 JPY = ¥61,848.9: ¥61,848 fits a CN22, ¥61,849 does not.
    let config = r#"{"channel": "postal"}"#;
    let a = run(&host_on("2026-11-25", config), shipment(jpy(0), vec![item("BOOK", 1, jpy(61_848), Some("490199"))]));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn22]);
    let a = run(&host_on("2026-11-25", config), shipment(jpy(0), vec![item("BOOK", 1, jpy(61_849), Some("490199"))]));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn23]);
}

#[test]
fn claiming_a_preference_lists_a_certificate_of_origin() {
    let a = run(&host_on("2026-11-25", r#"{"claim_preference": true}"#), tees(3, jpy(3000), jpy(1000)));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::CertificateOfOrigin]);
    assert!(codes(&a, Severity::Info).contains(&"preference_claimed"));
}

#[test]
fn malformed_codes_block_and_name_the_sku() {
    let a = run(&host_on("2026-11-25", "{}"), shipment(jpy(0), vec![item("BAD", 1, jpy(3000), Some("6109-10"))]));
    assert_eq!(finding(&a, "malformed_hs_code").sku.as_deref(), Some("BAD"));
}

#[test]
fn a_bad_configuration_is_a_plugin_error() {
    let err = try_run(&host_on("2026-11-25", r#"{"personal_use": "yes"}"#), tees(1, jpy(2000), jpy(0))).unwrap_err();
    assert_eq!(err.code, "invalid_config");
}

#[test]
fn without_an_fx_rate_nothing_is_assessed() {
    let a = run(&host_on("2026-11-25", "{}"), tees(2, money(5000, "USD"), money(1000, "USD")));
    assert!(a.lines.is_empty() && a.is_blocked());
}

#[test]
fn the_metadata_names_the_crate_and_covers_japan() {
    let m = JpCustoms::metadata();
    assert_eq!(
        (m.name.as_str(), m.kind, m.covers.as_slice()),
        ("customs-jp", PluginKind::Customs, &["JP".to_owned()][..])
    );
}
