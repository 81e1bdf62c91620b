//! customs-nz through the sandbox: worked examples on the bench shipment's shape
//! (`tests/fixtures/shipment-10.json`, sent to Auckland), computed by hand in the comments, and the
//! component's metadata and size.

use crossdock::runtime::CallContext;
use crossdock_tests::{fixture_as, loaded};
use crossdock_types::{Assessment, CollectAt, Money, PluginKind, Severity, Shipment};

use super::{assess_checked, codes_of as codes, context};

fn nzd(cents: i64) -> Money {
    Money::new(cents, "NZD".parse().expect("NZD"))
}

/// The bench shipment (10 lines, €378.34, €12.00 shipping, made in China) sent to Auckland.
fn bench_to_auckland() -> Shipment {
    let mut s: Shipment = fixture_as("shipment-10.json");
    s.destination.country = "NZ".parse().expect("NZ");
    s.destination.postal_code = Some("1010".into());
    s.destination.city = Some("Auckland".into());
    s
}

/// Its first line (cotton T-shirts, HS 610910) only, `quantity` at `unit` NZD minor units each.
fn t_shirts(quantity: u32, unit: i64, shipping: i64) -> Shipment {
    let mut s = bench_to_auckland();
    s.items.truncate(1);
    s.items[0].quantity = quantity;
    s.items[0].unit_price = nzd(unit);
    s.currency = nzd(0).currency;
    s.shipping_cost = nzd(shipping);
    s
}

fn assess(ctx: CallContext, shipment: &Shipment) -> Assessment {
    assess_checked("customs-nz", ctx, shipment)
}

const REGISTERED: &str = r#"{"gst_registered": true, "gst_number": "123-456-789"}"#;

#[test]
fn nz_t_shirts_worth_nzd_150_pay_gst_at_checkout_and_the_border_levy_is_reported() {
    // 2 × 75.00 = 150.00 NZD ≤ 1,000: no duty; GST 15 % × (150.00 + 12.00) = 24.30 at checkout.
    // Since 2026-04-01 the air consignment pays the goods management levy: 2.21 + GST 0.33 = 2.54,
    // reported as a finding, not added to the tax.
    let a = assess(context("2026-11-25", REGISTERED, &[]), &t_shirts(2, 7500, 1200));
    assert_eq!((a.duty, a.tax, a.collect), (nzd(0), nzd(2430), CollectAt::Checkout));
    let levy = a.findings.iter().find(|f| f.code == "border_levy").expect("border_levy");
    assert_eq!(levy.severity, Severity::Info);
    assert!(levy.message.contains("2.21 NZD + GST 0.33 NZD = 2.54 NZD"), "{}", levy.message);
    assert_eq!(a.rules_as_of, "2026-04-01");
}

#[test]
fn nz_before_april_2026_there_was_no_border_levy() {
    let a = assess(context("2026-03-31", REGISTERED, &[]), &t_shirts(2, 7500, 1200));
    assert!(a.findings.iter().all(|f| f.code != "border_levy"));
    assert_eq!(a.tax, nzd(2430));
}

#[test]
fn nz_t_shirts_worth_nzd_1500_pay_duty_and_gst_at_the_border() {
    // 20 × 75.00 = 1,500.00 > 1,000: duty 10 % = 150.00; GST 15 % × (1,500 + 150 + 40) = 253.50.
    let a = assess(context("2026-11-25", REGISTERED, &[]), &t_shirts(20, 7500, 4000));
    assert_eq!((a.duty, a.tax, a.collect), (nzd(15_000), nzd(25_350), CollectAt::Delivery));
    assert!(codes(&a, Severity::Info).contains(&"high_value_levies_not_assessed"));
}

#[test]
fn nz_the_bench_shipment_in_euros_is_converted_with_the_dated_rate() {
    // At 1.95 NZD per EUR (2026-11-24): goods 737.76 NZD (≤ 1,000), shipping 23.40 NZD; GST 15 % per
    // line on goods + share: 6.03, 30.17, 13.57, 2.71, 7.55, 18.10, 15.09, 9.05, 8.14, 3.77 = 114.18.
    let a = assess(context("2026-11-25", REGISTERED, &[("EUR", "NZD", 1_950_000, "2026-11-24")]), &bench_to_auckland());
    let taxes: Vec<i64> = a.lines.iter().map(|l| l.tax.amount).collect();
    assert_eq!(taxes, [603, 3017, 1357, 271, 755, 1810, 1509, 905, 814, 377]);
    assert_eq!(a.tax, nzd(11_418));
    let fx = a.findings.iter().find(|f| f.code == "fx_rate_used").expect("fx_rate_used");
    assert!(fx.message.contains("2026-11-24"), "{}", fx.message);
}

#[test]
fn nz_a_phone_and_books_worth_nzd_1300_pay_no_duty_and_gst_at_the_border() {
    // Smartphone (8517.13) 1,100.00 and 4 books (4901.99) × 50.00 = 200.00: 1,300.00 NZD > 1,000.
    // Freight 26.00 spread 1,100:200 → 22.00 and 4.00. Both Free. GST 15 %: (1,100 + 22) = 168.30
    // and (200 + 4) = 30.60; 198.90 at delivery, not blocked, no ceiling warning.
    let mut s = t_shirts(1, 110_000, 2600);
    s.items[0].sku = "PHONE".into();
    s.items[0].hs_code = Some("8517.13.00".into());
    let mut book = s.items[0].clone();
    (book.sku, book.quantity, book.unit_price, book.hs_code) = ("BOOK".into(), 4, nzd(5000), Some("4901.99.00".into()));
    s.items.push(book);
    let a = assess(context("2026-11-25", REGISTERED, &[]), &s);
    let got: Vec<(u32, i64, i64)> = a.lines.iter().map(|l| (l.duty_rate_bp, l.duty.amount, l.tax.amount)).collect();
    assert_eq!(got, [(0, 0, 16_830), (0, 0, 3060)]);
    assert_eq!((a.duty, a.tax, a.collect), (nzd(0), nzd(19_890), CollectAt::Delivery));
    assert!(codes(&a, Severity::Warning).is_empty() && !a.is_blocked(), "{:#?}", a.findings);
}

#[test]
fn nz_metadata_names_the_crate_covers_new_zealand_and_the_component_is_small() {
    let plugin = loaded("customs-nz");
    assert_eq!((plugin.metadata.name.as_str(), plugin.metadata.kind), ("customs-nz", PluginKind::Customs));
    assert_eq!(plugin.metadata.covers, ["NZ"]);
    let schema: serde_json::Value = serde_json::from_str(&plugin.metadata.config_schema).expect("schema is JSON");
    assert_eq!(schema["additionalProperties"], false);
    assert!(plugin.size_bytes < 512 * 1024, "customs-nz is {} bytes", plugin.size_bytes);
}
