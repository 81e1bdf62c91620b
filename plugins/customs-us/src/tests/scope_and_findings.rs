//! What the plugin covers, what stops a shipment, and what the merchant is told to do.

use crossdock_sdk::Severity;

use super::*;

#[test]
fn a_destination_outside_the_united_states_is_not_covered() {
    for outside in ["CA", "MX", "DE"] {
        let mut s = tees();
        s.destination.country = outside.parse().unwrap();
        let err = try_run(&host_on("2026-11-25", "{}"), s).unwrap_err();
        assert_eq!(err.code, "not_covered", "{outside}");
        assert!(err.message.contains(outside) && err.message.contains("customs-us"), "{}", err.message);
    }
}

#[test]
fn every_assessment_says_there_is_no_federal_import_tax() {
    let a = run(&host_on("2026-11-25", "{}"), tees());
    let f = finding(&a, "no_federal_import_tax");
    assert_eq!(f.severity, Severity::Info);
    assert!(f.message.contains("state") && f.message.contains("seller"), "{}", f.message);
}

#[test]
fn missing_malformed_and_impossible_codes_block_and_name_the_sku() {
    let items = vec![
        item("NONE", 1, usd(1000), None, Some("CN")),
        item("LETTER", 1, usd(1000), Some("61O910"), Some("CN")),
        item("SHORT", 1, usd(1000), Some("6109"), Some("CN")),
        item("CH77", 1, usd(1000), Some("771000"), Some("CN")),
        item("GOOD", 1, usd(1000), Some("6109.10.00.12"), Some("CN")),
    ];
    let a = run(&host_on("2026-11-25", "{}"), with_items(items));
    assert_eq!(
        codes(&a, Severity::Blocking),
        ["missing_hs_code", "malformed_hs_code", "malformed_hs_code", "unknown_hs_heading"]
    );
    let skus: Vec<&str> =
        a.findings.iter().filter(|f| f.severity == Severity::Blocking).filter_map(|f| f.sku.as_deref()).collect();
    assert_eq!(skus, ["NONE", "LETTER", "SHORT", "CH77"]);
    // The good line is still assessed: 24% × 10.00 = 2.40.
    assert_eq!(a.lines[4].duty, usd(240));
    assert!(a.lines[..4].iter().all(|l| l.duty.is_zero() && l.hs_code.is_none()));
}

#[test]
fn goods_outside_the_documented_table_block_instead_of_being_guessed() {
    // The bench shipment's caps (6505.00), socks (6115.95) and mugs (6912.00) are outside the
    // subset; its T-shirts and hoodies are inside. No host rate EUR→USD: first that blocks.
    let a = run(&host_on("2026-11-25", "{}"), bench_to_us());
    assert_eq!(codes(&a, Severity::Blocking), ["fx_rate_unavailable"]);
    assert!(a.lines.is_empty());

    let host = host_on("2026-11-25", "{}").with_fx("EUR", "USD", 1_160_000, "2026-11-24");
    let a = run(&host, bench_to_us());
    let outside: Vec<&str> =
        a.findings.iter().filter(|f| f.code == "outside_duty_table").filter_map(|f| f.sku.as_deref()).collect();
    assert_eq!(outside, ["CAP-1-2", "SOCK-3-3", "MUG-W-4", "CAP-1-7", "SOCK-3-8", "MUG-W-9"]);
    assert!(a.findings.iter().filter(|f| f.code == "outside_duty_table").all(|f| f.severity == Severity::Blocking));
    let caps = a.lines.iter().find(|l| l.sku == "CAP-1-2").unwrap();
    assert_eq!((caps.duty_rate_bp, caps.duty), (0, usd(0)), "no guessed rate");
    // The T-shirt line: €19.99 × 1.16 = $23.19 (23.1884); 24% = $5.57 (5.5656).
    let tee = a.lines.iter().find(|l| l.sku == "TEE-M-0").unwrap();
    assert_eq!((tee.customs_value, tee.duty), (usd(2319), usd(557)));
}

#[test]
fn outside_the_table_is_only_information_under_de_minimis() {
    let items = vec![item("STOOL", 1, usd(4999), Some("940171"), Some("VN"))];
    let a = run(&host_on("2025-03-10", "{}"), with_items(items));
    assert!(a.de_minimis_applied);
    assert_eq!(finding(&a, "outside_duty_table").severity, Severity::Info);
    assert!(!a.is_blocked());
}

#[test]
fn chinese_goods_of_an_unverified_301_heading_get_a_warning_not_a_guess() {
    // Mascara (3304.20, Free): Section 301 status not read → nothing added, warned.
    let items = vec![item("MASCARA", 3, usd(900), Some("330420"), Some("CN"))];
    let a = run(&host_on("2026-11-25", "{}"), with_items(items));
    assert_eq!(a.duty, usd(0));
    assert!(finding(&a, "section_301_unverified").message.contains("not verified"));
}

#[test]
fn a_missing_origin_is_assumed_from_the_place_of_shipment_and_said() {
    let mut s = tees();
    s.items[0].origin_country = None;
    let a = run(&host_on("2026-11-25", "{}"), s);
    assert_eq!(a.duty, usd(2040), "China assumed: Section 301 applies");
    assert!(finding(&a, "origin_assumed").message.contains("CN"));
}

#[test]
fn restricted_goods_warn_by_courier_and_block_by_post() {
    let items = vec![
        item("POWERBANK-CELLS", 2, usd(1500), Some("8507600020"), Some("CN")),
        item("FLICK-KNIFE", 1, usd(2500), Some("821193"), Some("CN")),
    ];
    let a = run(&host_on("2026-11-25", "{}"), with_items(items.clone()));
    let battery = finding(&a, "lithium_batteries_alone");
    assert_eq!((battery.severity, battery.sku.as_deref()), (Severity::Warning, Some("POWERBANK-CELLS")));
    assert!(battery.message.contains("UN3480"), "{}", battery.message);
    assert_eq!(finding(&a, "switchblade_knife").severity, Severity::Warning);
    assert!(finding(&a, "switchblade_knife").message.contains("15 U.S.C. 1241"));

    let a = run(&host_on("2026-11-25", r#"{"channel": "postal"}"#), with_items(items));
    assert_eq!(finding(&a, "lithium_batteries_alone").severity, Severity::Blocking);
}

#[test]
fn postal_duty_during_the_ieepa_period_blocks_rather_than_guessing() {
    let a = run(&host_on("2025-10-01", r#"{"channel": "postal"}"#), tees());
    assert!(a.is_blocked());
    assert_eq!(finding(&a, "postal_duty_not_modelled").severity, Severity::Blocking);
    assert_eq!(a.duty, usd(0));
}

#[test]
fn a_bad_configuration_is_a_plugin_error_not_a_finding() {
    let err = try_run(&host_on("2026-11-25", r#"{"channel": "pigeon"}"#), tees()).unwrap_err();
    assert_eq!(err.code, "invalid_config");
    let err = try_run(&host_on("2026-11-25", r#"{"sdr_usd_micros": 0}"#), tees()).unwrap_err();
    assert!(err.message.contains("sdr_usd_micros"), "{}", err.message);
}

#[test]
fn every_finding_has_a_stable_snake_case_code_and_a_message() {
    let items = vec![
        item("NONE", 1, usd(1999), None, Some("CN")),
        item("SEAT", 1, usd(19_999), Some("940171"), Some("CN")),
        item("HOODIE", 1, usd(4000), Some("611020"), None),
        item("CELLS", 1, usd(999), Some("850650"), Some("CN")),
    ];
    let a = run(&host_on("2026-03-10", r#"{"channel": "postal"}"#), with_items(items));
    for f in &a.findings {
        assert!(
            !f.code.is_empty() && f.code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{}",
            f.code
        );
        assert!(f.message.len() > 20, "{}: {}", f.code, f.message);
    }
}
