//! Worked examples: each assessment computed by hand in the comments, then checked figure by
//! figure. Rounding is half away from zero on each line.

use crossdock_sdk::{CollectAt, Document, Severity};

use super::*;

#[test]
fn nzd_150_of_t_shirts_pay_gst_at_checkout_and_the_air_levy_is_reported() {
    // 2 × 75.00 = 150.00 NZD customs value (FOB) ≤ 1,000: no duty, no border GST.
    // GST 15 % × (150.00 + 12.00 delivery) = 24.30 at checkout.
    // Levy since 2026-04-01, by air: 2.21 + GST 15 % (0.3315 → 0.33) = 2.54, a finding only.
    let a = run(&host_on("2026-11-25", REGISTERED), tees(2, nzd(7500), nzd(1200)));
    let line = &a.lines[0];
    assert_eq!(line.customs_value, nzd(15_000));
    assert_eq!((line.duty, line.tax_rate_bp, line.tax), (nzd(0), 1500, nzd(2430)));
    assert_eq!((a.duty, a.tax), (nzd(0), nzd(2430)), "the levy is not in the tax");
    assert_eq!(a.collect, CollectAt::Checkout);
    assert!(a.de_minimis_applied);
    assert_eq!(codes(&a, Severity::Info), ["low_value_no_duty", "gst_at_checkout", "border_levy"]);
    let levy = finding(&a, "border_levy");
    assert!(levy.message.contains("air consignment = 2.21 NZD + GST 0.33 NZD = 2.54 NZD"), "{}", levy.message);
    assert_eq!(a.rules_as_of, "2026-04-01");
}

#[test]
fn by_sea_the_levy_is_2_09_plus_gst() {
    // 2.09 + 15 % (0.3135 → 0.31) = 2.40.
    let config = r#"{"gst_registered": true, "gst_number": "12345678", "transport": "sea"}"#;
    let a = run(&host_on("2026-11-25", config), tees(2, nzd(7500), nzd(1200)));
    assert!(finding(&a, "border_levy").message.contains("= 2.09 NZD + GST 0.31 NZD = 2.40 NZD"));
}

#[test]
fn by_post_the_mail_levy_is_per_kilogram() {
    // 2 × 180 g = 360 g × 1.28 NZD/kg = 0.4608 → 0.46; GST 0.069 → 0.07; total 0.53.
    let config = r#"{"gst_registered": true, "gst_number": "12345678", "channel": "postal"}"#;
    let a = run(&host_on("2026-11-25", config), tees(2, nzd(7500), nzd(1200)));
    assert!(finding(&a, "border_levy").message.contains("× 360 g = 0.46 NZD + GST 0.07 NZD = 0.53 NZD"));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn22]);
}

#[test]
fn before_april_2026_there_is_no_levy() {
    let a = run(&host_on("2026-03-31", REGISTERED), tees(2, nzd(7500), nzd(1200)));
    assert!(a.findings.iter().all(|f| f.code != "border_levy"));
    assert_eq!(a.tax, nzd(2430));
    assert_eq!(a.rules_as_of, "2019-12-01");
}

#[test]
fn nzd_1500_of_t_shirts_pay_duty_and_gst_at_the_border() {
    // 20 × 75.00 = 1,500.00 NZD > 1,000. Duty 10 % (the chapter's ceiling) × 1,500.00 = 150.00.
    // GST 15 % × (1,500.00 + 150.00 + 40.00 freight) = 253.50, at delivery. No levy finding: the
    // high-value levies are named as not assessed.
    let a = run(&host_on("2026-11-25", REGISTERED), tees(20, nzd(7500), nzd(4000)));
    let line = &a.lines[0];
    assert_eq!((line.duty_rate_bp, line.duty), (1000, nzd(15_000)));
    assert_eq!(line.tax, nzd(25_350));
    assert_eq!(a.collect, CollectAt::Delivery);
    assert!(!a.de_minimis_applied);
    assert_eq!(codes(&a, Severity::Warning), ["duty_rate_ceiling"]);
    assert_eq!(
        codes(&a, Severity::Info),
        ["border_gst", "high_value_levies_not_assessed", "offshore_gst_not_applicable", "preference_may_apply"]
    );
    assert!(finding(&a, "preference_may_apply").message.contains("New Zealand-China FTA"));
}

#[test]
fn an_unregistered_supplier_is_warned_and_nothing_is_assessed_on_low_value_goods() {
    let a = run(&host_on("2026-11-25", "{}"), tees(2, nzd(7500), nzd(1200)));
    assert_eq!((a.duty, a.tax), (nzd(0), nzd(0)));
    assert_eq!(codes(&a, Severity::Warning), ["gst_not_registered"]);
    assert!(finding(&a, "gst_not_registered").message.contains("60000 NZD"));
    assert!(a.findings.iter().any(|f| f.code == "border_levy"), "the levy applies whoever the seller is");
}

#[test]
fn a_euro_shipment_is_converted_with_the_dated_host_rate() {
    // 2 × 40.00 EUR at 1.95 NZD per EUR = 156.00 NZD; shipping 6.00 EUR = 11.70 NZD.
    // GST 15 % × 167.70 = 25.155 → 25.16.
    let host = host_on("2026-11-25", REGISTERED).with_fx("EUR", "NZD", 1_950_000, "2026-11-24");
    let a = run(&host, tees(2, money(4000, "EUR"), money(600, "EUR")));
    assert_eq!((a.lines[0].customs_value, a.tax), (nzd(15_600), nzd(2516)));
    assert!(finding(&a, "fx_rate_used").message.contains("2026-11-24"));
    assert_eq!(a.rules_as_of, "2026-11-24");
}

#[test]
fn a_phone_and_books_worth_nzd_1300_pay_no_duty_and_gst_at_the_border() {
    // A NZD 1,100.00 smartphone (8517.13) and 4 books (4901.99) × 50.00 = 200.00: 1,300.00 > 1,000.
    // Freight 26.00 spread 1,100:200 → 22.00 and 4.00. Both Free, so duty 0 and no ceiling warning.
    // GST 15 %: phone × (1,100.00 + 0 + 22.00) = 168.30; books × (200.00 + 0 + 4.00) = 30.60.
    let items =
        vec![item("PHONE", 1, nzd(110_000), Some("8517.13.00")), item("BOOK", 4, nzd(5000), Some("4901.99.00"))];
    let a = run(&host_on("2026-11-25", REGISTERED), shipment(nzd(2600), items));
    let got: Vec<(u32, i64, i64)> = a.lines.iter().map(|l| (l.duty_rate_bp, l.duty.amount, l.tax.amount)).collect();
    assert_eq!(got, [(0, 0, 16_830), (0, 0, 3060)]);
    assert_eq!((a.duty, a.tax, a.collect), (nzd(0), nzd(19_890), CollectAt::Delivery));
    assert!(!a.is_blocked(), "{:#?}", a.findings);
    assert!(codes(&a, Severity::Warning).is_empty(), "{:#?}", a.findings);
    assert!(a.findings.iter().all(|f| f.code != "preference_may_apply"), "nothing was charged duty");
}
