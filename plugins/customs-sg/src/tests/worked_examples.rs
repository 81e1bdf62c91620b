//! Worked examples: each assessment computed by hand in the comments, then checked figure by
//! figure. Rounding is half away from zero on each line.

use crossdock_sdk::{CollectAt, Severity};

use super::*;

/// Headphones at 380.00 and a case at 50.00 SGD, 20.00 SGD shipping: CIF 450.00.
fn headphones_and_case() -> Shipment {
    shipment(
        sgd(2000),
        vec![item("HEADPHONES", 1, sgd(38_000), Some("851830")), item("CASE", 1, sgd(5000), Some("420232"))],
    )
}

#[test]
fn items_under_sgd_400_in_a_sgd_450_consignment_are_taxed_at_checkout_with_a_double_tax_warning() {
    // Each item ≤ 400.00 (per item at sale): GST 9 % at checkout on price + delivery.
    // Shipping 20.00 spread 380:50 → 17.67 and 2.33.
    // HEADPHONES: 9 % × 397.67 = 35.7903 → 35.79. CASE: 9 % × 52.33 = 4.7097 → 4.71. Total 40.50.
    // Consignment CIF 450.00 > 400.00: the import relief does not cover it → double-tax warning.
    let a = run(&host_on("2026-11-25", REGISTERED), headphones_and_case());
    let got: Vec<(i64, u32, i64)> =
        a.lines.iter().map(|l| (l.customs_value.amount, l.tax_rate_bp, l.tax.amount)).collect();
    assert_eq!(got, [(39_767, 900, 3579), (5233, 900, 471)]);
    assert_eq!((a.duty, a.tax), (sgd(0), sgd(4050)));
    assert_eq!(a.collect, CollectAt::Checkout);
    assert!(!a.de_minimis_applied);
    assert_eq!(codes(&a, Severity::Warning), ["double_tax_risk"]);
    assert!(finding(&a, "double_tax_risk").message.contains("450.00 SGD"));
    assert_eq!(codes(&a, Severity::Info), ["gst_at_checkout", "no_customs_duty"]);
    assert_eq!(a.rules_as_of, "2024-01-01");
}

#[test]
fn the_same_consignment_from_an_unregistered_vendor_pays_import_gst_on_cif() {
    // Not OVR-registered: CIF 450.00 > 400.00 → import GST 9 % on CIF (+ no duty):
    // 397.67 → 35.79 and 52.33 → 4.71, at delivery.
    let a = run(&host_on("2026-11-25", "{}"), headphones_and_case());
    assert_eq!(a.tax, sgd(4050));
    assert_eq!(a.collect, CollectAt::Delivery);
    assert_eq!(codes(&a, Severity::Info), ["ovr_not_registered", "import_gst", "no_customs_duty"]);
}

#[test]
fn a_consignment_of_at_most_sgd_400_cif_from_an_unregistered_vendor_is_relieved() {
    // 300.00 + 20.00 shipping = 320.00 CIF ≤ 400.00 by air: no import GST.
    let s = shipment(sgd(2000), vec![item("HEADPHONES", 1, sgd(30_000), Some("851830"))]);
    let a = run(&host_on("2026-11-25", "{}"), s);
    assert_eq!((a.tax, a.collect, a.de_minimis_applied), (sgd(0), CollectAt::Delivery, true));
    assert!(codes(&a, Severity::Info).contains(&"import_relief"));
}

#[test]
fn an_item_over_sgd_400_is_not_low_value_and_pays_import_gst_even_from_a_registered_vendor() {
    // 420.00 + 10.00 shipping: the item is over 400.00 → import GST 9 % × 430.00 = 38.70.
    let s = shipment(sgd(1000), vec![item("WATCH", 1, sgd(42_000), Some("910211"))]);
    let a = run(&host_on("2026-11-25", REGISTERED), s);
    assert_eq!((a.tax, a.collect), (sgd(3870), CollectAt::Delivery));
    assert_eq!(codes(&a, Severity::Info), ["import_gst", "no_customs_duty"]);
}

#[test]
fn a_mixed_consignment_is_taxed_in_two_places_and_says_so() {
    // CASE 50.00 (low value, at checkout) and WATCH 420.00 (at import); shipping 47.00 spread
    // 50:420 → 5.00 and 42.00. CASE: 9 % × 55.00 = 4.95 at checkout. WATCH: 9 % × 462.00 = 41.58 at
    // import. CIF 517.00 > 400.00 → double-tax warning for the CASE.
    let s = shipment(
        sgd(4700),
        vec![item("CASE", 1, sgd(5000), Some("420232")), item("WATCH", 1, sgd(42_000), Some("910211"))],
    );
    let a = run(&host_on("2026-11-25", REGISTERED), s);
    let taxes: Vec<i64> = a.lines.iter().map(|l| l.tax.amount).collect();
    assert_eq!(taxes, [495, 4158]);
    assert_eq!(a.collect, CollectAt::Delivery);
    assert_eq!(codes(&a, Severity::Warning), ["double_tax_risk"]);
    let mixed = finding(&a, "mixed_collection");
    assert!(
        mixed.message.contains("checkout for SKU CASE") && mixed.message.contains("import (delivery) for SKU WATCH")
    );
}

#[test]
fn by_sea_there_is_no_relief_and_no_gst_at_checkout() {
    // 300.00 + 20.00 by sea: import GST 9 % × 320.00 = 28.80 even from a registered vendor.
    let config = r#"{"ovr_registered": true, "gst_registration_number": "M90312345A", "transport": "sea"}"#;
    let s = shipment(sgd(2000), vec![item("HEADPHONES", 1, sgd(30_000), Some("851830"))]);
    let a = run(&host_on("2026-11-25", config), s);
    assert_eq!((a.tax, a.collect), (sgd(2880), CollectAt::Delivery));
    assert!(codes(&a, Severity::Info).contains(&"no_relief_by_sea_or_land"));
}

#[test]
fn in_2023_the_rate_was_8_percent() {
    // 420.00 + 10.00 at 8 % = 34.40.
    let s = shipment(sgd(1000), vec![item("WATCH", 1, sgd(42_000), Some("910211"))]);
    let a = run(&host_on("2023-06-01", "{}"), s);
    assert_eq!((a.lines[0].tax_rate_bp, a.tax), (800, sgd(3440)));
    assert_eq!(a.rules_as_of, "2023-01-01");
}

#[test]
fn a_dollar_shipment_is_converted_with_the_dated_host_rate() {
    // 2 × 250.00 USD at 1.30 SGD per USD = 650.00 SGD (each item 325.00, low value);
    // shipping 10.00 USD = 13.00 SGD. OVR: 9 % × 663.00 = 59.67 at checkout; CIF 663 > 400.
    let host = host_on("2026-11-25", REGISTERED).with_fx("USD", "SGD", 1_300_000, "2026-11-24");
    let a = run(&host, shipment(money(1000, "USD"), vec![item("SPEAKER", 2, money(25_000, "USD"), Some("851822"))]));
    assert_eq!((a.lines[0].customs_value, a.tax), (sgd(66_300), sgd(5967)));
    assert!(finding(&a, "fx_rate_used").message.contains("1.3 SGD per USD"));
    assert_eq!(a.rules_as_of, "2026-11-24");
}
