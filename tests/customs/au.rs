//! customs-au through the sandbox: worked examples on the bench shipment's shape
//! (`tests/fixtures/shipment-10.json`, sent to Sydney), computed by hand in the comments, and the
//! component's metadata and size.

use crossdock::runtime::CallContext;
use crossdock_tests::{fixture_as, loaded};
use crossdock_types::{Assessment, CollectAt, Document, Money, PluginKind, Severity, Shipment};

use super::{assess_checked, codes_of as codes, context};

fn aud(cents: i64) -> Money {
    Money::new(cents, "AUD".parse().expect("AUD"))
}

/// The bench shipment (10 lines, €378.34, €12.00 shipping, made in China) sent to Sydney.
fn bench_to_sydney() -> Shipment {
    let mut s: Shipment = fixture_as("shipment-10.json");
    s.destination.country = "AU".parse().expect("AU");
    s.destination.postal_code = Some("2000".into());
    s.destination.city = Some("Sydney".into());
    s
}

/// Its first line (cotton T-shirts, HS 610910) only, `quantity` at `unit` AUD cents each.
fn t_shirts(quantity: u32, unit: i64, shipping: i64) -> Shipment {
    let mut s = bench_to_sydney();
    s.items.truncate(1);
    s.items[0].quantity = quantity;
    s.items[0].unit_price = aud(unit);
    s.currency = aud(0).currency;
    s.shipping_cost = aud(shipping);
    s
}

fn assess(ctx: CallContext, shipment: &Shipment) -> Assessment {
    assess_checked("customs-au", ctx, shipment)
}

const REGISTERED: &str = r#"{"gst_registered": true, "gst_registration_number": "51 824 753 556"}"#;

#[test]
fn au_t_shirts_worth_aud_150_from_a_registered_seller_pay_gst_at_checkout_including_shipping() {
    // 2 × 75.00 = 150.00 AUD customs value ≤ 1,000: no duty; GST 10 % × (150.00 + 12.00) = 16.20
    // at checkout.
    let a = assess(context("2026-11-25", REGISTERED, &[]), &t_shirts(2, 7500, 1200));
    assert_eq!((a.duty, a.tax), (aud(0), aud(1620)));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Checkout, true));
    assert_eq!(a.documents, [Document::CommercialInvoice]);
    assert!(!a.is_blocked(), "{:#?}", a.findings);
}

#[test]
fn au_t_shirts_worth_aud_1500_pay_duty_on_fob_and_gst_on_voti_at_the_border() {
    // 20 × 75.00 = 1,500.00 > 1,000: duty 5 % × 1,500.00 (FOB) = 75.00; GST 10 % × (1,500.00 +
    // 75.00 + 40.00 transport) = 161.50, at delivery.
    let a = assess(context("2026-11-25", REGISTERED, &[]), &t_shirts(20, 7500, 4000));
    assert_eq!((a.lines[0].customs_value, a.duty, a.tax), (aud(150_000), aud(7500), aud(16_150)));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, false));
    assert_eq!(codes(&a, Severity::Warning), ["duty_rate_ceiling"]);
}

#[test]
fn au_the_bench_shipment_in_euros_is_converted_line_by_line_with_the_dated_rate() {
    // At 1.75 AUD per EUR (rate of 2026-11-24) the ten lines are 34.98, 174.97, 78.70, 15.73, 43.75,
    // 104.95, 87.48, 52.47, 47.20 and 21.88 AUD = 662.11 AUD (≤ 1,000: low value), shipping 21.00 AUD
    // spread 1.11, 5.55, 2.50, 0.50, 1.39, 3.33, 2.77, 1.66, 1.50, 0.69. GST 10 % per line on goods +
    // share: 3.61, 18.05, 8.12, 1.62, 4.51, 10.83, 9.03, 5.41, 4.87, 2.26 = 68.31 at checkout.
    let a = assess(context("2026-11-25", REGISTERED, &[("EUR", "AUD", 1_750_000, "2026-11-24")]), &bench_to_sydney());
    let taxes: Vec<i64> = a.lines.iter().map(|l| l.tax.amount).collect();
    assert_eq!(taxes, [361, 1805, 812, 162, 451, 1083, 903, 541, 487, 226]);
    assert_eq!((a.duty, a.tax, a.collect), (aud(0), aud(6831), CollectAt::Checkout));
    let fx = a.findings.iter().find(|f| f.code == "fx_rate_used").expect("fx_rate_used");
    assert!(fx.message.contains("1.75 AUD per EUR") && fx.message.contains("2026-11-24"), "{}", fx.message);
    assert_eq!(a.rules_as_of, "2026-11-24");
    // Caps and mugs are outside the documented duty table: information only, no duty is due.
    assert_eq!(codes(&a, Severity::Info).iter().filter(|c| **c == "outside_duty_table").count(), 4);
    assert!(!a.is_blocked());
}

#[test]
fn au_toys_worth_aud_1200_pay_five_percent_on_fob_and_gst_on_voti() {
    // 10 scooters (9503.00.10) × 80.00 = 800.00 and 20 plush animals (9503.00.30) × 20.00 = 400.00:
    // 1,200.00 AUD > 1,000. Transport 60.00 spread 800:400 → 40.00 and 20.00.
    // Duty 5 %: 40.00 and 20.00. GST 10 % on the VoTI: (800 + 40 + 40) = 88.00 and (400 + 20 + 20)
    // = 44.00. Duty 60.00, GST 132.00, at delivery; no ceiling warning for 8-digit rates.
    let mut s = t_shirts(10, 8000, 6000);
    s.items[0].sku = "SCOOTER".into();
    s.items[0].hs_code = Some("9503.00.10".into());
    let mut plush = s.items[0].clone();
    (plush.sku, plush.quantity, plush.unit_price, plush.hs_code) =
        ("PLUSH".into(), 20, aud(2000), Some("9503.00.30".into()));
    s.items.push(plush);
    let a = assess(context("2026-11-25", REGISTERED, &[]), &s);
    let got: Vec<(i64, i64)> = a.lines.iter().map(|l| (l.duty.amount, l.tax.amount)).collect();
    assert_eq!(got, [(4000, 8800), (2000, 4400)], "{:#?}", a.findings);
    assert_eq!((a.duty, a.tax, a.collect), (aud(6000), aud(13_200), CollectAt::Delivery));
    assert!(codes(&a, Severity::Warning).is_empty(), "{:#?}", a.findings);
    assert!(!a.is_blocked(), "{:#?}", a.findings);
}

#[test]
fn au_metadata_names_the_crate_covers_australia_and_the_component_is_small() {
    let plugin = loaded("customs-au");
    assert_eq!(plugin.metadata.name, "customs-au");
    assert_eq!(plugin.metadata.kind, PluginKind::Customs);
    assert_eq!(plugin.metadata.covers, ["AU"]);
    let schema: serde_json::Value = serde_json::from_str(&plugin.metadata.config_schema).expect("schema is JSON");
    assert_eq!((schema["type"].as_str(), schema["additionalProperties"].as_bool()), (Some("object"), Some(false)));
    assert!(plugin.size_bytes < 512 * 1024, "customs-au is {} bytes", plugin.size_bytes);
}
