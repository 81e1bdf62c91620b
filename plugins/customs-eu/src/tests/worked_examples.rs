//! Worked examples: each assessment recomputed by hand in the comments, then checked figure by
//! figure. Rounding is half away from zero on each line.

use crossdock_sdk::{CollectAt, Severity};

use super::*;

#[test]
fn two_t_shirts_to_germany_after_july_2026_pay_3_euros_and_import_vat() {
    // Goods 2 × 19.99 = 39.98 ≤ 150 on 2026-11-25: flat duty, one classification (610910) = 3.00.
    // Customs value 39.98 + 5.00 shipping = 44.98. No IOSS: import VAT 19 % × (44.98 + 3.00)
    // = 19 % × 47.98 = 9.1162 → 9.12, collected at delivery.
    let a = run(&host_on("2026-11-25", "{}"), two_tees());
    assert_eq!(a.lines.len(), 1);
    let line = &a.lines[0];
    assert_eq!(line.customs_value, eur(4498));
    assert_eq!((line.duty_rate_bp, line.duty), (0, eur(300)));
    assert_eq!((line.tax_rate_bp, line.tax), (1900, eur(912)));
    assert_eq!((a.duty, a.tax), (eur(300), eur(912)));
    assert!(!a.de_minimis_applied);
    assert_eq!(a.collect, CollectAt::Delivery);
    assert!(!a.is_blocked());
    assert!(finding(&a, "flat_duty_per_item").message.contains("1 classification(s) (610910) = 3.00 EUR"));
    assert_eq!(a.rules_as_of, "2026-11-01"); // product identifiers mandatory from that day
}

#[test]
fn with_ioss_vat_is_charged_at_checkout_on_goods_and_delivery() {
    // Same consignment, IOSS number configured: VAT 19 % × (39.98 + 5.00) = 8.5462 → 8.55,
    // collected at checkout; the import is VAT-exempt. The 3.00 duty is still owed at import.
    let a = run(&host_on("2026-11-25", r#"{"ioss_number": "IM2760000001"}"#), two_tees());
    assert_eq!((a.duty, a.tax), (eur(300), eur(855)));
    assert_eq!(a.collect, CollectAt::Checkout);
    let decision = finding(&a, "ioss_vat_on_duty");
    assert_eq!(decision.severity, Severity::Info);
    assert!(decision.message.contains("no VAT on it"), "{}", decision.message);
}

#[test]
fn with_ioss_and_the_duty_in_the_checkout_price_vat_covers_the_duty_too() {
    // ioss_vat_on_duty: VAT 19 % × (44.98 + 3.00) = 9.1162 → 9.12, still at checkout.
    let config = r#"{"ioss_number": "IM2760000001", "ioss_vat_on_duty": true}"#;
    let a = run(&host_on("2026-11-25", config), two_tees());
    assert_eq!((a.duty, a.tax, a.collect), (eur(300), eur(912), CollectAt::Checkout));
    assert!(finding(&a, "ioss_vat_on_duty").message.contains("because ioss_vat_on_duty is set"));
}

#[test]
fn before_july_2026_the_150_euro_relief_applies() {
    // 2026-06-15: duty relieved, de minimis applied. Import VAT 19 % × 44.98 = 8.5462 → 8.55.
    let a = run(&host_on("2026-06-15", "{}"), two_tees());
    assert_eq!((a.duty, a.tax), (eur(0), eur(855)));
    assert!(a.de_minimis_applied);
    assert_eq!(a.collect, CollectAt::Delivery);
    assert_eq!(codes(&a, Severity::Info), ["low_value_relief"]);
    assert_eq!(a.rules_as_of, "2021-07-01");
}

#[test]
fn the_flat_duty_counts_tariff_classifications_not_lines_or_units() {
    // Two T-shirt SKUs (both 610910), three caps (650500) and a mug (691200): goods
    // 19.99 + 2 × 14.99 + 3 × 9.99 + 12.50 = 92.44 ≤ 150 → 3 classifications × 3.00 = 9.00,
    // each on the first line of its classification.
    let items = vec![
        item("TEE-A", 1, eur(1999), Some("610910")),
        item("CAP", 3, eur(999), Some("6505 00 30")),
        item("TEE-B", 2, eur(1499), Some("6109.10.00")),
        item("MUG", 1, eur(1250), Some("691200")),
    ];
    let a = run(&host_on("2026-11-25", "{}"), shipment("CN", "FR", eur(0), items));
    let duties: Vec<i64> = a.lines.iter().map(|l| l.duty.amount).collect();
    assert_eq!(duties, [300, 300, 0, 300]);
    assert_eq!(a.duty, eur(900));
    // No shipping: VAT (FR 20 %) per line on goods + duty: 22.99 → 4.598 → 4.60; 32.97 → 6.594
    // → 6.59; 29.98 → 5.996 → 6.00; 15.50 → 3.10. Total 20.29.
    let taxes: Vec<i64> = a.lines.iter().map(|l| l.tax.amount).collect();
    assert_eq!(taxes, [460, 659, 600, 310]);
    assert_eq!(a.tax, eur(2029));
    assert!(finding(&a, "flat_duty_per_item").message.contains("(610910, 650500, 691200) = 9.00 EUR"));
    // Rates do not matter under the flat duty: no range warning for 650500 or 691200.
    assert!(codes(&a, Severity::Warning).is_empty());
}

#[test]
fn the_bench_shipment_pays_tariff_rates_per_heading_without_blocking() {
    // Goods 378.34 > 150: normal rates. Shipping 12.00 spread by goods value (largest
    // remainders): 0.63, 3.17, 1.43, 0.28, 0.79, 1.90, 1.59, 0.95, 0.86, 0.40.
    //
    // | sku      | goods  | cv     | rate | duty  | cv+duty | VAT 19 % |
    // | TEE-M-0  |  19.99 |  20.62 | 12   |  2.47 |  23.09  |  4.39 |
    // | HOOD-L-1 |  99.98 | 103.15 | 12   | 12.38 | 115.53  | 21.95 |
    // | CAP-1-2  |  44.97 |  46.40 | 5.7  |  2.64 |  49.04  |  9.32 |  (range 2.7–5.7 %: highest)
    // | SOCK-3-3 |   8.99 |   9.27 | 12   |  1.11 |  10.38  |  1.97 |
    // | MUG-W-4  |  25.00 |  25.79 | 9    |  2.32 |  28.11  |  5.34 |  (range 5–9 %: highest)
    // | TEE-M-5  |  59.97 |  61.87 | 12   |  7.42 |  69.29  | 13.17 |
    // | HOOD-L-6 |  49.99 |  51.58 | 12   |  6.19 |  57.77  | 10.98 |
    // | CAP-1-7  |  29.98 |  30.93 | 5.7  |  1.76 |  32.69  |  6.21 |
    // | SOCK-3-8 |  26.97 |  27.83 | 12   |  3.34 |  31.17  |  5.92 |
    // | MUG-W-9  |  12.50 |  12.90 | 9    |  1.16 |  14.06  |  2.67 |
    // Duty 40.79, VAT 81.92.
    let a = run(&host_on("2026-11-25", "{}"), bench());
    assert!(!a.is_blocked(), "{:#?}", a.findings);
    let cv: Vec<i64> = a.lines.iter().map(|l| l.customs_value.amount).collect();
    assert_eq!(cv, [2062, 10315, 4640, 927, 2579, 6187, 5158, 3093, 2783, 1290]);
    assert_eq!(cv.iter().sum::<i64>(), 37834 + 1200);
    let rates: Vec<u32> = a.lines.iter().map(|l| l.duty_rate_bp).collect();
    assert_eq!(rates, [1200, 1200, 570, 1200, 900, 1200, 1200, 570, 1200, 900]);
    let duties: Vec<i64> = a.lines.iter().map(|l| l.duty.amount).collect();
    assert_eq!(duties, [247, 1238, 264, 111, 232, 742, 619, 176, 334, 116]);
    let taxes: Vec<i64> = a.lines.iter().map(|l| l.tax.amount).collect();
    assert_eq!(taxes, [439, 2195, 932, 197, 534, 1317, 1098, 621, 592, 267]);
    assert_eq!((a.duty, a.tax), (eur(4079), eur(8192)));
    assert_eq!(a.collect, CollectAt::Delivery);
    assert!(!a.de_minimis_applied);
    // One warning per tariff code, naming every SKU that carries it.
    assert_eq!(codes(&a, Severity::Warning), ["duty_rate_range", "duty_rate_range", "anti_dumping_possible"]);
    let caps = &a.findings.iter().find(|f| f.code == "duty_rate_range").unwrap();
    assert_eq!(caps.sku.as_deref(), Some("CAP-1-2"));
    assert!(caps.message.starts_with("SKU CAP-1-2, CAP-1-7: HS 650500"), "{}", caps.message);
    assert!(caps.message.contains("2.7% to 5.7%") && caps.message.contains("6505 00 30"), "{}", caps.message);
    let mugs = finding(&a, "anti_dumping_possible");
    assert!(mugs.message.starts_with("SKU MUG-W-4, MUG-W-9: HS 691200"), "{}", mugs.message);
    assert_eq!(a.rules_as_of, "2026-07-01");
}

#[test]
fn from_july_2028_low_value_goods_pay_normal_rates() {
    // 2028-07-01: 44.98 customs value × 12 % = 5.3976 → 5.40; VAT 19 % × 50.38 = 9.5722 → 9.57.
    let a = run(&host_on("2028-07-01", "{}"), two_tees());
    assert_eq!((a.lines[0].duty_rate_bp, a.duty, a.tax), (1200, eur(540), eur(957)));
    assert!(!a.de_minimis_applied);
    assert_eq!(a.rules_as_of, "2028-07-01");
}

#[test]
fn a_dollar_shipment_is_converted_with_the_host_rate_and_says_which() {
    // 2 × $21.00 and $6.00 shipping at 0.92 EUR per USD (rate of 2026-11-24): goods 42.00 →
    // 38.64 EUR, shipping 6.00 → 5.52 EUR. Flat duty 3.00; customs value 44.16;
    // VAT 19 % × 47.16 = 8.9604 → 8.96. All amounts in EUR.
    let host = host_on("2026-11-25", "{}").with_fx("USD", "EUR", 920_000, "2026-11-24");
    let items = vec![item("TEE-US", 2, money(2100, "USD"), Some("610910"))];
    let a = run(&host, shipment("CN", "DE", money(600, "USD"), items));
    assert_eq!(a.lines[0].customs_value, eur(4416));
    assert_eq!((a.duty, a.tax), (eur(300), eur(896)));
    let used = finding(&a, "fx_rate_used");
    assert!(used.message.contains("0.92 EUR per USD") && used.message.contains("2026-11-24"), "{}", used.message);
    assert_eq!(a.rules_as_of, "2026-11-24");
}

#[test]
fn a_yen_shipment_respects_minor_units_and_the_150_euro_limit_in_euros() {
    // ¥25,000 at 0.006156 EUR per JPY = 153.90 EUR > 150: normal rates although the yen figure
    // looks small. Customs value 153.90 (no shipping) × 12 % = 18.468 → 18.47.
    let host = host_on("2026-11-25", "{}").with_fx("JPY", "EUR", 6_156, "2026-11-24");
    let items = vec![item("TEE-JP", 1, money(25_000, "JPY"), Some("610910"))];
    let a = run(&host, shipment("JP", "DE", money(0, "JPY"), items));
    assert_eq!(a.lines[0].customs_value, eur(15_390));
    assert_eq!((a.lines[0].duty_rate_bp, a.duty), (1200, eur(1847)));
}

#[test]
fn finland_taxes_at_25_5_percent() {
    // 19 % would give 9.12; FI 25.5 % × 47.98 = 12.2349 → 12.23.
    let mut s = two_tees();
    s.destination.country = "FI".parse().unwrap();
    let a = run(&host_on("2026-11-25", "{}"), s);
    assert_eq!((a.lines[0].tax_rate_bp, a.tax), (2550, eur(1223)));
}

#[test]
fn exactly_150_euros_of_goods_is_still_a_low_value_consignment() {
    // 150.00 of goods + 9.00 shipping: the limit looks at goods only. Flat 3.00 duty.
    let items = vec![item("JUMPER", 2, eur(7500), Some("611020"))];
    let a = run(&host_on("2026-11-25", "{}"), shipment("CN", "NL", eur(900), items));
    assert_eq!(a.duty, eur(300));
    let items = vec![item("JUMPER", 2, eur(7501), Some("611020"))];
    let a = run(&host_on("2026-11-25", "{}"), shipment("CN", "NL", eur(900), items));
    // 150.02 + 9.00 = 159.02 × 12 % = 19.0824 → 19.08.
    assert_eq!(a.duty, eur(1908));
}

#[test]
#[ignore = "timing: cargo test -p customs-eu --release -- --ignored --nocapture"]
fn time_the_bench_shipment_natively() {
    // The host's budget is ~10 µs per call for instantiation and the call together, in wasm;
    // the native logic should take a small fraction of it. Shipments are cloned outside the
    // timed loop, as the host hands the plugin a fresh one each call.
    let host = host_on("2026-11-25", "{}");
    let (batches, per_batch) = (20_000u32, 10u32);
    let mut spent = std::time::Duration::ZERO;
    for _ in 0..batches {
        let shipments: Vec<Shipment> = (0..per_batch).map(|_| bench()).collect();
        let start = std::time::Instant::now();
        for s in shipments {
            std::hint::black_box(try_run(&host, s).unwrap());
        }
        spent += start.elapsed();
    }
    eprintln!("{:?} per assessment of the bench shipment", spent / (batches * per_batch));
}
