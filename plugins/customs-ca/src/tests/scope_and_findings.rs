//! What the plugin covers, what stops a shipment, and what the merchant is told to do.

use crossdock_sdk::Severity;

use super::*;

#[test]
fn a_destination_outside_canada_is_not_covered() {
    for outside in ["US", "MX", "GB"] {
        let mut s = tee();
        s.destination.country = outside.parse().unwrap();
        let err = try_run(&host_on("2026-11-25", "{}"), s).unwrap_err();
        assert_eq!(err.code, "not_covered", "{outside}");
        assert!(err.message.contains(outside) && err.message.contains("customs-ca"), "{}", err.message);
    }
}

#[test]
fn missing_malformed_and_impossible_codes_block_and_name_the_sku() {
    let items = vec![
        item("NONE", 1, cad(3000), None, Some("CN")),
        item("LETTER", 1, cad(3000), Some("61O910"), Some("CN")),
        item("CH98", 1, cad(3000), Some("981000"), Some("CN")),
        item("GOOD", 1, cad(3000), Some("6109.10.00"), Some("CN")),
    ];
    let mut s = tee();
    s.items = items;
    let a = run(&host_on("2026-11-25", "{}"), s);
    assert_eq!(codes(&a, Severity::Blocking), ["missing_hs_code", "malformed_hs_code", "unknown_hs_heading"]);
    // The good line: 18% × 30.00 = 5.40, HST 13% × 35.40 = 4.60 (4.602).
    assert_eq!((a.lines[3].duty, a.lines[3].tax), (cad(540), cad(460)));
}

#[test]
fn goods_outside_the_documented_table_block_when_duty_is_due() {
    // The bench shipment in EUR: no host rate first, then caps, socks, mugs and hoodies are
    // outside the documented subset.
    let a = run(&host_on("2026-11-25", "{}"), bench_to_ca());
    assert_eq!(codes(&a, Severity::Blocking), ["fx_rate_unavailable"]);
    assert!(a.lines.is_empty());

    let host = host_on("2026-11-25", "{}").with_fx("EUR", "CAD", 1_612_300, "2026-11-24");
    let a = run(&host, bench_to_ca());
    let outside: Vec<&str> =
        a.findings.iter().filter(|f| f.code == "outside_duty_table").filter_map(|f| f.sku.as_deref()).collect();
    assert_eq!(outside, ["HOOD-L-1", "CAP-1-2", "SOCK-3-3", "MUG-W-4", "HOOD-L-6", "CAP-1-7", "SOCK-3-8", "MUG-W-9"]);
    assert!(a.is_blocked());
    // The T-shirt line is still computed: €19.99 × 1.6123 = 32.2299 → 32.23; 18% = 5.80 (5.8014).
    let tee = a.lines.iter().find(|l| l.sku == "TEE-M-0").unwrap();
    assert_eq!((tee.customs_value, tee.duty), (cad(3223), cad(580)));
}

#[test]
fn a_six_digit_toy_code_blocks_because_canada_splits_the_heading() {
    // 9503.00 holds both 8 % ride-on toys and free other toys: without the tariff item the rate
    // would be a guess, so a dutiable CAD 60.00 parcel from China blocks and names the SKU.
    let mut s = tee();
    s.items = vec![item("TOY", 1, cad(6000), Some("950300"), Some("CN"))];
    let a = run(&host_on("2026-11-25", "{}"), s);
    let f = finding(&a, "outside_duty_table");
    assert_eq!((f.severity, f.sku.as_deref()), (Severity::Blocking, Some("TOY")));
    assert_eq!(a.duty, cad(0));
}

#[test]
fn outside_the_table_is_only_information_when_the_duty_is_remitted() {
    // CAD 15.00 of mascara by mail: remitted, so the missing rate does not block.
    let mut s = tee();
    s.items = vec![item("MASCARA", 1, cad(1500), Some("330420"), Some("FR"))];
    let a = run(&host_on("2026-11-25", r#"{"channel": "postal"}"#), s);
    assert_eq!(finding(&a, "outside_duty_table").severity, Severity::Info);
    assert!(!a.is_blocked());
}

#[test]
fn publications_are_never_remitted_even_under_20_dollars() {
    // A CAD 12.00 book and a CAD 6.00 T-shirt by mail (CAD 18.00 ≤ 20): the T-shirt is remitted,
    // the book pays GST/HST (ON 13% × 12.00 = 1.56); the book's duty rate is not documented, so
    // the plugin blocks rather than guess.
    let mut s = tee();
    s.items = vec![
        item("NOVEL", 1, cad(1200), Some("490199"), Some("GB")),
        item("TEE", 1, cad(600), Some("610910"), Some("CN")),
    ];
    let a = run(&host_on("2026-11-25", r#"{"channel": "postal"}"#), s);
    assert_eq!(finding(&a, "not_remitted").sku.as_deref(), Some("NOVEL"));
    assert_eq!((a.lines[0].tax, a.lines[1].tax, a.lines[1].duty), (cad(156), cad(0), cad(0)));
    assert_eq!(finding(&a, "outside_duty_table").severity, Severity::Blocking);
}

#[test]
fn a_missing_or_foreign_province_falls_back_to_gst_with_a_warning() {
    let mut s = tees("CN", "ON", 5, 1800);
    s.destination.region = None;
    let a = run(&host_on("2026-11-25", "{}"), s);
    assert_eq!((a.lines[0].tax_rate_bp, a.tax), (500, cad(531)));
    assert_eq!(codes(&a, Severity::Warning), ["province_unknown"]);
    let a = run(&host_on("2026-11-25", "{}"), tees("CN", "NY", 5, 1800));
    assert!(finding(&a, "province_unknown").message.contains("`NY`"));
    // Names and ISO 3166-2 codes are read too.
    let a = run(&host_on("2026-11-25", "{}"), tees("CN", "CA-ON", 5, 1800));
    assert_eq!(a.lines[0].tax_rate_bp, 1300);
}

#[test]
fn restricted_goods_warn_by_courier_and_block_by_post() {
    let mut s = tee();
    s.items = vec![
        item("CELLS", 2, cad(1500), Some("8507600020"), Some("CN")),
        item("FLIPPER", 1, cad(4000), Some("821193"), Some("CN")),
    ];
    let a = run(&host_on("2026-11-25", "{}"), s.clone());
    assert_eq!(finding(&a, "lithium_batteries_alone").severity, Severity::Warning);
    let knife = finding(&a, "prohibited_weapon_knife");
    assert_eq!((knife.severity, knife.sku.as_deref()), (Severity::Warning, Some("FLIPPER")));
    assert!(knife.message.contains("Customs Notice 18-01"), "{}", knife.message);
    let a = run(&host_on("2026-11-25", r#"{"channel": "postal"}"#), s);
    assert_eq!(finding(&a, "lithium_batteries_alone").severity, Severity::Blocking);
}

#[test]
fn every_assessment_says_who_collects_the_tax() {
    let a = run(&host_on("2026-11-25", "{}"), tee());
    let f = finding(&a, "collected_at_border");
    assert!(f.message.contains("at delivery") && f.message.contains("non-resident vendor"), "{}", f.message);
}

#[test]
fn a_bad_configuration_is_a_plugin_error_not_a_finding() {
    let err = try_run(&host_on("2026-11-25", r#"{"channel": "pigeon"}"#), tee()).unwrap_err();
    assert_eq!(err.code, "invalid_config");
    let err = try_run(&host_on("2026-11-25", r#"{"sdr_cad_as_of": "soon"}"#), tee()).unwrap_err();
    assert!(err.message.contains("YYYY-MM-DD"), "{}", err.message);
}

#[test]
fn every_finding_has_a_stable_snake_case_code_and_a_message() {
    let mut s = tees("US", "QC", 1, 9000);
    s.items.push(item("NONE", 1, cad(1000), None, None));
    s.items.push(item("SEAT", 1, cad(5000), Some("940171"), Some("US")));
    s.items.push(item("CELLS", 1, cad(999), Some("850650"), Some("CN")));
    let a = run(&host_on("2026-11-25", r#"{"channel": "postal", "claim_preference": true}"#), s);
    for f in &a.findings {
        assert!(!f.code.is_empty() && f.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", f.code);
        assert!(f.message.len() > 20, "{}: {}", f.code, f.message);
    }
}
