//! Worked examples: each assessment computed by hand in the comments, then checked figure by
//! figure. Rounding is half away from zero on each line.

use crossdock_sdk::{CollectAt, Document, Severity};

use super::*;

#[test]
fn aud_150_of_t_shirts_from_a_registered_seller_pay_gst_at_checkout_including_shipping() {
    // 2 × 75.00 = 150.00 AUD customs value (FOB) ≤ 1,000: no duty, no border GST.
    // GST 10 % × (150.00 + 12.00 delivery) = 16.20, charged at checkout.
    let a = run(&host_on("2026-11-25", REGISTERED), tees(2, aud(7500), aud(1200)));
    let line = &a.lines[0];
    assert_eq!(line.customs_value, aud(15_000));
    assert_eq!((line.duty_rate_bp, line.duty), (0, aud(0)));
    assert_eq!((line.tax_rate_bp, line.tax), (1000, aud(1620)));
    assert_eq!((a.duty, a.tax), (aud(0), aud(1620)));
    assert_eq!(a.collect, CollectAt::Checkout);
    assert!(a.de_minimis_applied);
    assert_eq!(a.documents, [Document::CommercialInvoice]);
    assert!(!a.is_blocked(), "{:#?}", a.findings);
    assert_eq!(codes(&a, Severity::Info), ["low_value_no_duty", "gst_at_checkout"]);
    assert!(finding(&a, "gst_at_checkout").message.contains("16.20 AUD"));
    assert_eq!(a.rules_as_of, "2018-07-01");
}

#[test]
fn aud_1500_of_t_shirts_pay_duty_on_fob_and_gst_on_voti_at_the_border() {
    // 20 × 75.00 = 1,500.00 AUD > 1,000. Duty 5 % × 1,500.00 (FOB, shipping excluded) = 75.00.
    // VoTI = 1,500.00 + 75.00 duty + 40.00 transport = 1,615.00; GST 10 % = 161.50, at delivery.
    let a = run(&host_on("2026-11-25", REGISTERED), tees(20, aud(7500), aud(4000)));
    let line = &a.lines[0];
    assert_eq!(line.customs_value, aud(150_000));
    assert_eq!((line.duty_rate_bp, line.duty), (500, aud(7500)));
    assert_eq!((line.tax_rate_bp, line.tax), (1000, aud(16_150)));
    assert_eq!(a.collect, CollectAt::Delivery);
    assert!(!a.de_minimis_applied);
    assert!(!a.is_blocked(), "{:#?}", a.findings);
    assert_eq!(codes(&a, Severity::Warning), ["duty_rate_ceiling"]);
    assert_eq!(codes(&a, Severity::Info), ["border_gst_on_voti", "lvig_not_applicable", "preference_may_apply"]);
    let voti = finding(&a, "border_gst_on_voti");
    assert!(voti.message.contains("75.00 AUD") && voti.message.contains("40.00 AUD"), "{}", voti.message);
    assert!(finding(&a, "preference_may_apply").message.contains("ChAFTA"));
    assert_eq!(a.rules_as_of, "2024-07-01", "the newest figure: the ceiling note on nuisance tariffs");
}

#[test]
fn exactly_aud_1000_is_still_low_value_and_one_cent_more_is_not() {
    let host = host_on("2026-11-25", REGISTERED);
    let a = run(&host, tees(8, aud(12_500), aud(2000)));
    assert_eq!((a.duty, a.collect, a.de_minimis_applied), (aud(0), CollectAt::Checkout, true));
    // 1,000.00 + 20.00 delivery → GST 102.00 at checkout.
    assert_eq!(a.tax, aud(10_200));
    let a = run(
        &host,
        shipment(aud(2000), vec![item("TEE", 8, aud(12_500), Some("610910")), item("PIN", 1, aud(1), Some("610910"))]),
    );
    // 1,000.01 > 1,000: duty 5 % per line: 50.00 and 0.0005 → 0.00.
    assert_eq!((a.duty, a.collect), (aud(5000), CollectAt::Delivery));
}

#[test]
fn an_unregistered_seller_is_warned_and_nothing_is_assessed_on_low_value_goods() {
    let a = run(&host_on("2026-11-25", "{}"), tees(2, aud(7500), aud(1200)));
    assert_eq!((a.duty, a.tax), (aud(0), aud(0)));
    assert_eq!(a.collect, CollectAt::Checkout);
    assert_eq!(codes(&a, Severity::Warning), ["gst_not_registered"]);
    assert!(finding(&a, "gst_not_registered").message.contains("75000 AUD"));
}

#[test]
fn a_dollar_shipment_is_converted_with_the_dated_host_rate() {
    // 2 × 50.00 USD at 1.52 AUD per USD = 152.00 AUD; shipping 10.00 USD = 15.20 AUD.
    // GST 10 % × 167.20 = 16.72 at checkout. The rate's date is the newest date used.
    let host = host_on("2026-11-25", REGISTERED).with_fx("USD", "AUD", 1_520_000, "2026-11-24");
    let a = run(&host, tees(2, money(5000, "USD"), money(1000, "USD")));
    assert_eq!(a.lines[0].customs_value, aud(15_200));
    assert_eq!(a.tax, aud(1672));
    let used = finding(&a, "fx_rate_used");
    assert!(used.message.contains("1.52 AUD per USD") && used.message.contains("2026-11-24"), "{}", used.message);
    assert_eq!(a.rules_as_of, "2026-11-24");
}

#[test]
fn a_mixed_consignment_over_the_threshold_blocks_on_goods_outside_the_duty_table() {
    // T-shirts 12 × 75.00 = 900.00 and books 2 × 60.00 = 120.00: 1,020.00 > 1,000.
    // Shipping 51.00 spread 900:120 → 45.00 and 6.00. T-shirts: duty 45.00, GST 10 % × (900 + 45
    // + 45) = 99.00. Books: outside the documented table, no duty computed, GST 10 % × 126.00 = 12.60.
    let items = vec![item("TEE", 12, aud(7500), Some("610910")), item("BOOK", 2, aud(6000), Some("490199"))];
    let a = run(&host_on("2026-11-25", "{}"), shipment(aud(5100), items));
    let got: Vec<(i64, i64)> = a.lines.iter().map(|l| (l.duty.amount, l.tax.amount)).collect();
    assert_eq!(got, [(4500, 9900), (0, 1260)]);
    assert!(a.is_blocked());
    let outside = finding(&a, "outside_duty_table");
    assert_eq!((outside.severity, outside.sku.as_deref()), (Severity::Blocking, Some("BOOK")));
}

#[test]
fn before_july_2018_low_value_goods_paid_no_gst_at_all() {
    let a = run(&host_on("2018-06-30", REGISTERED), tees(2, aud(7500), aud(1200)));
    assert_eq!((a.duty, a.tax, a.de_minimis_applied), (aud(0), aud(0), true));
    assert_eq!(codes(&a, Severity::Info), ["before_low_value_gst"]);
}

#[test]
fn basic_food_is_gst_free_with_a_warning_and_chocolate_is_not() {
    // Coffee beans (0901.21) 2 × 20.00 and chocolate (1806.32) 1 × 10.00, 5.00 shipping spread 4:1 →
    // 4.00 and 1.00. Registered seller, low value: coffee GST-free (0 %), chocolate 10 % × 11.00 = 1.10.
    let items = vec![item("COFFEE", 2, aud(2000), Some("090121")), item("CHOC", 1, aud(1000), Some("180632"))];
    let a = run(&host_on("2026-11-25", REGISTERED), shipment(aud(500), items));
    let rates: Vec<(u32, i64)> = a.lines.iter().map(|l| (l.tax_rate_bp, l.tax.amount)).collect();
    assert_eq!(rates, [(0, 0), (1000, 110)]);
    assert_eq!(codes(&a, Severity::Warning), ["gst_free_food_assumed"]);
    assert!(finding(&a, "gst_free_food_assumed").message.contains("SKU COFFEE:"));
}

#[test]
fn aud_1200_of_toys_pay_five_percent_on_fob_and_gst_on_voti() {
    // 10 scooters (9503.00.10) × 80.00 = 800.00 and 20 plush animals (9503.00.30) × 20.00 = 400.00:
    // 1,200.00 AUD > 1,000. Shipping 60.00 spread 800:400 → 40.00 and 20.00.
    // Scooters: duty 5 % × 800.00 = 40.00; GST 10 % × (800.00 + 40.00 + 40.00) = 88.00.
    // Plush: duty 5 % × 400.00 = 20.00; GST 10 % × (400.00 + 20.00 + 20.00) = 44.00.
    // No ceiling warning: both rates are read at the 8-digit tariff classification.
    let items =
        vec![item("SCOOTER", 10, aud(8000), Some("9503.00.10")), item("PLUSH", 20, aud(2000), Some("9503.00.30"))];
    let a = run(&host_on("2026-11-25", "{}"), shipment(aud(6000), items));
    let got: Vec<(u32, i64, i64)> = a.lines.iter().map(|l| (l.duty_rate_bp, l.duty.amount, l.tax.amount)).collect();
    assert_eq!(got, [(500, 4000, 8800), (500, 2000, 4400)]);
    assert_eq!((a.duty, a.tax, a.collect), (aud(6000), aud(13_200), CollectAt::Delivery));
    assert!(!a.is_blocked(), "{:#?}", a.findings);
    assert!(codes(&a, Severity::Warning).is_empty(), "{:#?}", a.findings);
    assert_eq!(a.rules_as_of, "2026-11-25", "the toy rows are as of the day the tariff page was read");
}
