//! customs-us through the sandbox: worked examples on the bench shipment's shape
//! (`tests/fixtures/shipment-10.json`, sent to Los Angeles), computed by hand in the comments,
//! and the component's metadata and size.

use crossdock::runtime::CallContext;
use crossdock_tests::{fixture_as, loaded};
use crossdock_types::{Assessment, CollectAt, Document, Money, PluginKind, Severity, Shipment};

use super::{assess_checked, codes_of as codes, context};

fn usd(cents: i64) -> Money {
    Money::new(cents, "USD".parse().expect("USD"))
}

/// The bench shipment (10 lines in EUR, made in China) sent to Los Angeles.
fn bench_to_los_angeles() -> Shipment {
    let mut s: Shipment = fixture_as("shipment-10.json");
    s.destination.country = "US".parse().expect("US");
    s.destination.postal_code = Some("90045".into());
    s.destination.city = Some("Los Angeles".into());
    s.destination.region = Some("CA".into());
    s.incoterm = crossdock_types::Incoterm::Dap;
    s
}

/// Its first line (cotton T-shirts, HS 610910, made in China) only: `quantity` at `unit` US cents.
fn t_shirts(quantity: u32, unit: i64) -> Shipment {
    let mut s = bench_to_los_angeles();
    s.items.truncate(1);
    s.items[0].quantity = quantity;
    s.items[0].unit_price = usd(unit);
    s.currency = usd(0).currency;
    s.shipping_cost = usd(950);
    s
}

fn assess(ctx: CallContext, shipment: &Shipment) -> Assessment {
    let a = assess_checked("customs-us", ctx, shipment);
    assert!(a.tax.is_zero(), "no federal import tax");
    a
}

fn message<'a>(a: &'a Assessment, code: &str) -> &'a str {
    a.findings.iter().find(|f| f.code == code).map(|f| f.message.as_str()).unwrap_or_else(|| panic!("no `{code}`"))
}

#[test]
fn us_an_85_dollar_chinese_t_shirt_parcel_pays_duty_after_the_de_minimis_suspension() {
    // 2026-11-25: 5 × $17.00 = $85.00 FOB (the $9.50 shipping is not dutiable). No de minimis
    // since 2025-08-29. HTSUS 6109.10 16.5% + Section 301 List 4A 7.5% = 24% × 85.00 = $20.40.
    let a = assess(context("2026-11-25", "{}", &[]), &t_shirts(5, 1700));
    assert_eq!((a.lines[0].customs_value, a.lines[0].duty_rate_bp, a.duty), (usd(8500), 2400, usd(2040)));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, false));
    assert_eq!(a.documents, [Document::CommercialInvoice]);
    assert!(message(&a, "de_minimis_not_available").contains("2025-08-29"));
    assert!(message(&a, "no_federal_import_tax").contains("seller"));
    // After 2026-07-23 no general surcharge is confirmed: said, not guessed.
    assert_eq!(codes(&a, Severity::Warning), ["no_surcharge_confirmed"]);
    assert!(!a.is_blocked(), "{:#?}", a.findings);
    assert_eq!(a.rules_as_of, "2026-07-24");
}

#[test]
fn us_during_section_122_the_same_parcel_pays_the_10_percent_surcharge_too() {
    // 2026-03-10: 16.5% + 7.5% + 10% = 34% × 85.00 = $28.90.
    let a = assess(context("2026-03-10", "{}", &[]), &t_shirts(5, 1700));
    assert_eq!((a.lines[0].duty_rate_bp, a.duty), (3400, usd(2890)));
    assert!(message(&a, "tariff_regime").contains("Section 122"));
    assert_eq!(a.rules_as_of, "2026-02-24");
}

#[test]
fn us_before_the_suspension_the_800_dollar_de_minimis_relieved_the_parcel() {
    // 2025-03-10, made in Viet Nam: $85.00 ≤ $800 → Section 321, duty-free.
    let mut s = t_shirts(5, 1700);
    s.items[0].origin_country = Some("VN".parse().expect("VN"));
    let a = assess(context("2025-03-10", "{}", &[]), &s);
    assert!(a.de_minimis_applied);
    assert_eq!(a.duty, usd(0));
    assert!(message(&a, "de_minimis_applied").contains("85.00 USD"));
}

#[test]
fn us_by_post_in_the_section_122_period_the_flat_10_percent_applies_with_a_cn22() {
    // 10% × 85.00 = $8.50; $85.00 ≤ 300 SDR × 1.36568 = $409.70 and 900 g ≤ 2 kg: CN22.
    let a = assess(context("2026-03-10", r#"{"channel": "postal"}"#, &[]), &t_shirts(5, 1700));
    assert_eq!(a.duty, usd(850));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn22]);
}

#[test]
fn us_the_bench_shipment_in_euros_is_converted_with_the_dated_rate_and_unknown_goods_block() {
    // At 1.16 USD per EUR (2026-11-24): TEE-M-0 19.99 → 23.19, HOOD-L-1 99.98 → 115.98,
    // TEE-M-5 59.97 → 69.57, HOOD-L-6 49.99 → 57.99; each 24% (16.5% or the highest 6110.20 rate
    // + 7.5% List 4A): 5.57 + 27.84 + 16.70 + 13.92 = $64.03. Caps, socks and mugs are outside
    // the documented table: blocking, no guessed rate.
    let a = assess(context("2026-11-25", "{}", &[("EUR", "USD", 1_160_000, "2026-11-24")]), &bench_to_los_angeles());
    let duties: Vec<i64> = a.lines.iter().map(|l| l.duty.amount).collect();
    assert_eq!(duties, [557, 2784, 0, 0, 0, 1670, 1392, 0, 0, 0]);
    assert_eq!(a.duty, usd(6403));
    assert!(message(&a, "fx_rate_used").contains("1.16 USD per EUR"));
    assert!(message(&a, "fx_rate_used").contains("2026-11-24"));
    // The 6110.20 row states no date of its own: it is as of the day it was read, 2026-11-25,
    // which is newer than the rate's.
    assert_eq!(a.rules_as_of, "2026-11-25");
    assert_eq!(codes(&a, Severity::Blocking), ["outside_duty_table"; 6]);
}

#[test]
fn us_metadata_names_the_crate_covers_the_united_states_and_the_component_is_small() {
    let plugin = loaded("customs-us");
    assert_eq!(plugin.metadata.name, "customs-us");
    assert_eq!(plugin.metadata.kind, PluginKind::Customs);
    assert_eq!(plugin.metadata.covers, ["US"]);
    let schema: serde_json::Value = serde_json::from_str(&plugin.metadata.config_schema).expect("schema is JSON");
    assert_eq!((schema["type"].as_str(), schema["additionalProperties"].as_bool()), (Some("object"), Some(false)));
    assert!(plugin.size_bytes < 512 * 1024, "customs-us is {} bytes", plugin.size_bytes);
}
