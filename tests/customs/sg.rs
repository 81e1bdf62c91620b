//! customs-sg through the sandbox: worked examples on the bench shipment's shape
//! (`tests/fixtures/shipment-10.json`, sent to Singapore), computed by hand in the comments, and the
//! component's metadata and size.

use crossdock::runtime::CallContext;
use crossdock_tests::{fixture_as, loaded};
use crossdock_types::{Assessment, CollectAt, Money, PluginKind, Severity, Shipment};

use super::{assess_checked, codes_of as codes, context};

fn sgd(cents: i64) -> Money {
    Money::new(cents, "SGD".parse().expect("SGD"))
}

/// The bench shipment (10 lines, €378.34, €12.00 shipping, made in China) sent to Singapore.
fn bench_to_singapore() -> Shipment {
    let mut s: Shipment = fixture_as("shipment-10.json");
    s.destination.country = "SG".parse().expect("SG");
    s.destination.postal_code = Some("018956".into());
    s.destination.city = Some("Singapore".into());
    s
}

fn assess(ctx: CallContext, shipment: &Shipment) -> Assessment {
    assess_checked("customs-sg", ctx, shipment)
}

const REGISTERED: &str = r#"{"ovr_registered": true, "gst_registration_number": "M90312345A"}"#;

/// A hoodie at 380.00 and a cap at 50.00 SGD (the bench's second and third lines), 20.00 SGD
/// shipping: consignment CIF 450.00.
fn hoodie_and_cap() -> Shipment {
    let mut s = bench_to_singapore();
    s.items = s.items[1..3].to_vec();
    s.items[0].quantity = 1;
    s.items[0].unit_price = sgd(38_000);
    s.items[1].quantity = 1;
    s.items[1].unit_price = sgd(5000);
    s.currency = sgd(0).currency;
    s.shipping_cost = sgd(2000);
    s
}

#[test]
fn sg_an_item_under_sgd_400_in_a_sgd_450_consignment_is_taxed_at_checkout_with_a_double_tax_warning() {
    // Each item ≤ 400.00 at sale: GST 9 % on price + delivery at checkout. Shipping 20.00 spread
    // 380:50 → 17.67 and 2.33: 9 % × 397.67 = 35.79 and 9 % × 52.33 = 4.71. The consignment's CIF
    // 450.00 exceeds the 400.00 import relief: double-tax warning.
    let a = assess(context("2026-11-25", REGISTERED, &[]), &hoodie_and_cap());
    let taxes: Vec<i64> = a.lines.iter().map(|l| l.tax.amount).collect();
    assert_eq!(taxes, [3579, 471]);
    assert_eq!((a.duty, a.tax, a.collect), (sgd(0), sgd(4050), CollectAt::Checkout));
    assert_eq!(codes(&a, Severity::Warning), ["double_tax_risk"]);
}

#[test]
fn sg_the_same_consignment_from_an_unregistered_vendor_pays_import_gst() {
    let a = assess(context("2026-11-25", "{}", &[]), &hoodie_and_cap());
    assert_eq!((a.tax, a.collect), (sgd(4050), CollectAt::Delivery));
    assert!(codes(&a, Severity::Warning).is_empty());
}

#[test]
fn sg_a_small_consignment_in_euros_is_relieved_and_names_the_rate_date() {
    // The cap alone: 3 × 14.99 EUR = 44.97 EUR × 1.50 = 67.46 SGD (67.455 rounded half away) +
    // 12.00 EUR × 1.50 = 18.00 SGD shipping = 85.46 CIF ≤ 400 by air: no import GST.
    let mut s = bench_to_singapore();
    s.items = vec![s.items[2].clone()];
    let a = assess(context("2026-11-25", "{}", &[("EUR", "SGD", 1_500_000, "2026-11-24")]), &s);
    assert_eq!((a.lines[0].customs_value, a.tax, a.de_minimis_applied), (sgd(8546), sgd(0), true));
    assert_eq!(a.rules_as_of, "2026-11-24");
}

#[test]
fn sg_metadata_names_the_crate_covers_singapore_and_the_component_is_small() {
    let plugin = loaded("customs-sg");
    assert_eq!((plugin.metadata.name.as_str(), plugin.metadata.kind), ("customs-sg", PluginKind::Customs));
    assert_eq!(plugin.metadata.covers, ["SG"]);
    assert!(serde_json::from_str::<serde_json::Value>(&plugin.metadata.config_schema).is_ok());
    assert!(plugin.size_bytes < 512 * 1024, "customs-sg is {} bytes", plugin.size_bytes);
}
