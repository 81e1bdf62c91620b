//! What the plugin covers, what stops a shipment, and what the merchant is told to do.

use crossdock_sdk::{CollectAt, Severity};

use super::*;

#[test]
fn a_destination_outside_the_eu_is_not_covered() {
    for outside in ["US", "GB", "CH", "NO"] {
        let mut s = two_tees();
        s.destination.country = outside.parse().unwrap();
        let err = try_run(&host_on("2026-11-25", "{}"), s).unwrap_err();
        assert_eq!(err.code, "not_covered", "{outside}");
        assert!(err.message.contains(outside), "{}", err.message);
    }
}

#[test]
fn goods_shipped_from_inside_the_eu_are_not_an_import() {
    let mut s = two_tees();
    s.origin.country = "FR".parse().unwrap();
    let a = run(&host_on("2026-11-25", "{}"), s);
    assert_eq!((a.duty.amount, a.tax.amount), (0, 0));
    assert_eq!(codes(&a, Severity::Info), ["intra_eu"]);
    assert!(a.documents.is_empty());
    assert_eq!(a.collect, CollectAt::Checkout);
    assert_eq!(a.lines[0].customs_value, eur(3998));
}

#[test]
fn a_missing_hs_code_blocks_and_names_the_sku() {
    let items = vec![item("TEE-M", 1, eur(1999), None), item("CAP", 1, eur(999), Some("  "))];
    let a = run(&host_on("2026-11-25", "{}"), shipment("CN", "DE", eur(500), items));
    assert!(a.is_blocked());
    assert_eq!(codes(&a, Severity::Blocking), ["missing_hs_code", "missing_hs_code"]);
    let f = finding(&a, "missing_hs_code");
    assert_eq!(f.sku.as_deref(), Some("TEE-M"));
    assert!(f.message.contains("add its tariff code") && f.message.contains("catalog"), "{}", f.message);
    assert!(a.lines.iter().all(|l| l.hs_code.is_none()));
}

#[test]
fn a_malformed_hs_code_blocks_with_the_parser_message() {
    let items = vec![
        item("LETTER-O", 1, eur(1999), Some("61O910")),
        item("SHORT", 1, eur(1999), Some("6109")),
        item("CHAPTER-77", 1, eur(1999), Some("770000")),
        item("GOOD", 1, eur(1999), Some("610910")),
    ];
    let a = run(&host_on("2026-11-25", "{}"), shipment("CN", "DE", eur(0), items));
    assert_eq!(codes(&a, Severity::Blocking), ["malformed_hs_code"; 3]);
    let messages: Vec<&str> = a.findings.iter().map(|f| f.message.as_str()).collect();
    assert!(messages[0].contains("only digits, dots and spaces"), "{}", messages[0]);
    assert!(messages[1].contains("6 to 10 digits"), "{}", messages[1]);
    assert!(messages[2].contains("HS chapter"), "{}", messages[2]);
    // The valid line still counts for the flat duty; the broken ones cannot be classified.
    assert_eq!(a.duty, eur(300));
}

#[test]
fn an_unknown_rate_blocks_above_150_euros_and_only_informs_below() {
    // Seats (9401 71) are outside the documented subset.
    let low = vec![item("STOOL", 1, eur(4999), Some("940171"))];
    let a = run(&host_on("2026-11-25", "{}"), shipment("CN", "DE", eur(500), low));
    assert!(!a.is_blocked());
    assert_eq!(finding(&a, "duty_rate_unknown").severity, Severity::Info);
    assert_eq!(a.duty, eur(300));

    let high = vec![item("CHAIR", 1, eur(24_999), Some("940171"))];
    let a = run(&host_on("2026-11-25", "{}"), shipment("CN", "DE", eur(500), high));
    assert!(a.is_blocked());
    let f = finding(&a, "duty_rate_unknown");
    assert_eq!((f.severity, f.sku.as_deref()), (Severity::Blocking, Some("CHAIR")));
    assert!(f.message.contains("TARIC"), "{}", f.message);
    assert_eq!(a.lines[0].duty, eur(0), "no guessed rate");
}

#[test]
fn a_currency_without_a_host_rate_blocks_instead_of_guessing() {
    let items = vec![item("TEE-US", 2, money(2100, "USD"), Some("610910"))];
    let a = run(&host_on("2026-11-25", "{}"), shipment("CN", "DE", money(600, "USD"), items));
    assert!(a.is_blocked());
    let f = finding(&a, "fx_rate_unavailable");
    assert!(f.message.contains("USD→EUR"), "{}", f.message);
    assert!(a.lines.is_empty());
    assert_eq!((a.duty, a.tax), (eur(0), eur(0)));
}

#[test]
fn an_event_before_the_vat_rate_took_effect_blocks() {
    // Estonia's 24 % applies from 2025-07-01; the table knows no earlier rate.
    let mut s = two_tees();
    s.destination.country = "EE".parse().unwrap();
    let a = run(&host_on("2025-06-30", "{}"), s);
    let f = finding(&a, "vat_rate_not_in_force");
    assert_eq!(f.severity, Severity::Blocking);
    assert!(f.message.contains("2025-07-01") && f.message.contains("24%"), "{}", f.message);
    let mut s = two_tees();
    s.destination.country = "EE".parse().unwrap();
    assert!(!run(&host_on("2025-07-01", "{}"), s).is_blocked());
}

#[test]
fn an_ioss_number_does_not_apply_above_150_euros() {
    let a = run(&host_on("2026-11-25", r#"{"ioss_number": "IM2760000001"}"#), bench());
    assert_eq!(a.collect, CollectAt::Delivery);
    assert_eq!(finding(&a, "ioss_not_applicable").severity, Severity::Info);
    assert_eq!(a.tax, eur(8192), "import VAT on customs value + duty, as without IOSS");
}

#[test]
fn a_bad_configuration_is_a_plugin_error_not_a_finding() {
    let err = try_run(&host_on("2026-11-25", r#"{"ioss_number": "123"}"#), two_tees()).unwrap_err();
    assert_eq!(err.code, "invalid_config");
    assert!(err.message.contains("IM2760000001"), "{}", err.message);
    let err = try_run(&host_on("2026-11-25", r#"{"channel": "pigeon"}"#), two_tees()).unwrap_err();
    assert_eq!(err.code, "invalid_config");
}

#[test]
fn low_value_consignments_are_told_what_is_not_included() {
    let a = run(&host_on("2026-11-25", "{}"), two_tees());
    assert_eq!(codes(&a, Severity::Info), ["flat_duty_per_item", "product_identifiers_required", "fees_not_assessed"]);
    // Before 2026-11-01 product identifiers are not yet mandatory.
    let a = run(&host_on("2026-10-31", "{}"), two_tees());
    assert_eq!(codes(&a, Severity::Info), ["flat_duty_per_item", "fees_not_assessed"]);
    assert_eq!(a.rules_as_of, "2026-07-01");
}

#[test]
fn anti_dumping_is_flagged_for_chinese_tableware_but_never_charged() {
    let items = vec![item("MUG", 20, eur(1250), Some("69120023"))];
    let a = run(&host_on("2026-11-25", "{}"), shipment("CN", "IT", eur(0), items));
    // 250.00 × 5.5 % = 13.75: only the conventional rate, exact for the 8-digit code.
    assert_eq!((a.lines[0].duty_rate_bp, a.duty), (550, eur(1375)));
    assert_eq!(codes(&a, Severity::Warning), ["anti_dumping_possible"]);
    assert!(finding(&a, "anti_dumping_possible").message.contains("2019/1198"));
}

#[test]
fn every_finding_has_a_stable_snake_case_code_and_a_message() {
    let items = vec![
        item("NONE", 1, eur(1999), None),
        item("BAD", 1, eur(1999), Some("abc")),
        item("SEAT", 1, eur(19_999), Some("940171")),
        item("CAP", 1, eur(999), Some("650500")),
    ];
    let host = host_on("2026-11-25", r#"{"ioss_number": "IM2760000001"}"#);
    let a = run(&host, shipment("CN", "DE", eur(700), items));
    for f in &a.findings {
        assert!(!f.code.is_empty() && f.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", f.code);
        assert!(f.message.len() > 20, "{}: {}", f.code, f.message);
    }
}
