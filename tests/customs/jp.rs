//! customs-jp through the sandbox: worked examples on the bench shipment's shape
//! (`tests/fixtures/shipment-10.json`, sent to Tokyo), computed by hand in the comments, and the
//! component's metadata and size.

use crossdock::runtime::CallContext;
use crossdock_tests::{fixture_as, loaded};
use crossdock_types::{Assessment, CollectAt, Money, PluginKind, Severity, Shipment};

use super::{assess_checked, codes_of as codes, context};

fn jpy(yen: i64) -> Money {
    Money::new(yen, "JPY".parse().expect("JPY"))
}

/// The bench shipment (10 lines, €378.34, €12.00 shipping, made in China) sent to Tokyo.
fn bench_to_tokyo() -> Shipment {
    let mut s: Shipment = fixture_as("shipment-10.json");
    s.destination.country = "JP".parse().expect("JP");
    s.destination.postal_code = Some("100-0001".into());
    s.destination.city = Some("Tokyo".into());
    s
}

/// Its first line (cotton T-shirts, HS 610910) only, `quantity` at `unit` JPY minor units each.
fn t_shirts(quantity: u32, unit: i64, shipping: i64) -> Shipment {
    let mut s = bench_to_tokyo();
    s.items.truncate(1);
    s.items[0].quantity = quantity;
    s.items[0].unit_price = jpy(unit);
    s.currency = jpy(0).currency;
    s.shipping_cost = jpy(shipping);
    s
}

fn assess(ctx: CallContext, shipment: &Shipment) -> Assessment {
    assess_checked("customs-jp", ctx, shipment)
}

#[test]
fn jp_jpy_9000_of_t_shirts_are_taxed_because_knitwear_is_excluded_from_the_exemption() {
    // 3 × ¥3,000 cotton T-shirts + ¥1,000 freight, personal use: taxable value 9,000 × 60 % + 1,000 =
    // 6,400 ≤ 10,000, but knitted T-shirts are excluded from the exemption. Duty 10.9 % × 6,400 =
    // 697.6 → 698; consumption tax 10 % × 7,098 = 709.8 → 710, at import.
    let a = assess(context("2026-11-25", "{}", &[]), &t_shirts(3, 3000, 1000));
    assert_eq!((a.lines[0].customs_value, a.duty, a.tax), (jpy(6400), jpy(698), jpy(710)));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, false));
    assert!(codes(&a, Severity::Info).contains(&"excluded_from_exemption"));
}

#[test]
fn jp_jpy_9000_of_books_are_waived() {
    // The same value in books (4901.99, not excluded): no duty, no consumption tax.
    let mut s = t_shirts(3, 3000, 1000);
    s.items[0].hs_code = Some("4901.99".into());
    s.items[0].title = "Paperback".into();
    let a = assess(context("2026-11-25", "{}", &[]), &s);
    assert_eq!((a.duty, a.tax, a.de_minimis_applied), (jpy(0), jpy(0), true));
    assert!(codes(&a, Severity::Info).contains(&"small_value_exemption"));
}

#[test]
fn jp_euro_t_shirts_are_converted_with_the_dated_rate() {
    // 3 × 19.99 EUR = 59.97 EUR × 162.45 = ¥9,742.1 → 9,742; freight 12.00 EUR → ¥1,949.4 → 1,949.
    // Personal use: 9,742 × 60 % = 5,845.2 → 5,845 + 1,949 = 7,794. Knitwear: duty 10.9 % × 7,794 =
    // 849.5 → 850; tax 10 % × 8,644 = 864.4 → 864.
    let mut s = bench_to_tokyo();
    s.items.truncate(1);
    s.items[0].quantity = 3;
    let a = assess(context("2026-11-25", "{}", &[("EUR", "JPY", 162_450_000, "2026-11-24")]), &s);
    assert_eq!((a.lines[0].customs_value, a.duty, a.tax), (jpy(7794), jpy(850), jpy(864)));
    let fx = a.findings.iter().find(|f| f.code == "fx_rate_used").expect("fx_rate_used");
    assert!(fx.message.contains("162.45 JPY per EUR") && fx.message.contains("2026-11-24"), "{}", fx.message);
}

#[test]
fn jp_from_april_2028_personal_use_goods_are_valued_at_the_full_price() {
    // 3 × ¥3,000 + ¥1,000 = 10,000 at full price (≤ 10,000); T-shirts still excluded: duty 10.9 %
    // × 10,000 = 1,090; tax 10 % × 11,090 = 1,109.
    let a = assess(context("2028-04-01", "{}", &[]), &t_shirts(3, 3000, 1000));
    assert_eq!((a.lines[0].customs_value, a.duty, a.tax), (jpy(10_000), jpy(1090), jpy(1109)));
    assert!(codes(&a, Severity::Info).contains(&"personal_use_valuation_ended"));
}

#[test]
fn jp_metadata_names_the_crate_covers_japan_and_the_component_is_small() {
    let plugin = loaded("customs-jp");
    assert_eq!((plugin.metadata.name.as_str(), plugin.metadata.kind), ("customs-jp", PluginKind::Customs));
    assert_eq!(plugin.metadata.covers, ["JP"]);
    assert!(serde_json::from_str::<serde_json::Value>(&plugin.metadata.config_schema).is_ok());
    assert!(plugin.size_bytes < 512 * 1024, "customs-jp is {} bytes", plugin.size_bytes);
}
