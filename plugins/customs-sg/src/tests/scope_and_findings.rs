//! What the plugin covers, what stops a shipment, which documents travel, and what the merchant
//! is told to do.

use crossdock_sdk::{CollectAt, Document, PluginKind, Severity};

use super::*;

#[test]
fn a_destination_other_than_singapore_is_not_covered() {
    let mut s = tees(1, sgd(2000), sgd(500));
    s.destination.country = "MY".parse().unwrap();
    let err = try_run(&host_on("2026-11-25", "{}"), s).unwrap_err();
    assert_eq!(err.code, "not_covered");
}

#[test]
fn e_vaporisers_and_chewing_tobacco_block_and_knives_warn() {
    let items = vec![
        item("VAPE", 1, sgd(3000), Some("854340")),
        item("CHEW", 1, sgd(3000), Some("240399")),
        item("KNIFE", 1, sgd(3000), Some("821193")),
    ];
    let a = run(&host_on("2026-11-25", REGISTERED), shipment(sgd(0), items));
    assert_eq!(codes(&a, Severity::Blocking), ["imitation_tobacco_prohibited", "prohibited_tobacco", "dutiable_goods"]);
    assert_eq!(codes(&a, Severity::Warning), ["prohibited_weapon_possible"]);
}

#[test]
fn dutiable_liquor_blocks_and_gets_no_relief() {
    // Whisky 60.00 + 5.00 shipping: dutiable → blocking, and import GST 9 % × 65.00 = 5.85 although
    // the consignment is under 400.00.
    let a = run(&host_on("2026-11-25", "{}"), shipment(sgd(500), vec![item("WHISKY", 1, sgd(6000), Some("220830"))]));
    assert_eq!(finding(&a, "dutiable_goods").severity, Severity::Blocking);
    assert_eq!((a.tax, a.collect), (sgd(585), CollectAt::Delivery));
    assert!(!codes(&a, Severity::Info).contains(&"no_customs_duty"));
}

#[test]
fn by_post_a_cn22_up_to_300_sdr() {
    // 300 SDR at 1.76799 SGD = 530.397 SGD: 530.39 fits a CN22, 530.40 does not.
    let config = r#"{"channel": "postal"}"#;
    let a = run(&host_on("2026-11-25", config), shipment(sgd(0), vec![item("A", 1, sgd(53_039), Some("851830"))]));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn22]);
    let a = run(&host_on("2026-11-25", config), shipment(sgd(0), vec![item("A", 1, sgd(53_040), Some("851830"))]));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn23]);
}

#[test]
fn a_registered_vendor_without_a_number_is_told_to_add_it() {
    let a = run(&host_on("2026-11-25", r#"{"ovr_registered": true}"#), tees(1, sgd(2000), sgd(500)));
    assert_eq!(codes(&a, Severity::Warning), ["gst_registration_number_missing"]);
}

#[test]
fn claiming_a_preference_lists_a_certificate_and_changes_no_figure() {
    let a = run(&host_on("2026-11-25", r#"{"claim_preference": true}"#), tees(1, sgd(50_000), sgd(0)));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::CertificateOfOrigin]);
    assert_eq!(a.duty, sgd(0));
    assert!(codes(&a, Severity::Info).contains(&"preference_claimed"));
}

#[test]
fn missing_hs_codes_block_but_gst_is_still_assessed() {
    let a = run(&host_on("2026-11-25", "{}"), shipment(sgd(0), vec![item("X", 1, sgd(50_000), None)]));
    assert_eq!(codes(&a, Severity::Blocking), ["missing_hs_code"]);
    assert_eq!(a.tax, sgd(4500));
}

#[test]
fn a_bad_configuration_is_a_plugin_error() {
    let err =
        try_run(&host_on("2026-11-25", r#"{"gst_registration_number": "x"}"#), tees(1, sgd(2000), sgd(0))).unwrap_err();
    assert_eq!(err.code, "invalid_config");
}

#[test]
fn without_an_fx_rate_nothing_is_assessed() {
    let a = run(&host_on("2026-11-25", REGISTERED), tees(2, money(5000, "USD"), money(1000, "USD")));
    assert!(a.lines.is_empty() && a.is_blocked());
}

#[test]
fn the_metadata_names_the_crate_and_covers_singapore() {
    let m = SgCustoms::metadata();
    assert_eq!(
        (m.name.as_str(), m.kind, m.covers.as_slice()),
        ("customs-sg", PluginKind::Customs, &["SG".to_owned()][..])
    );
}
