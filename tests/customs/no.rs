//! customs-no through the sandbox: lines of the bench shipment (`tests/fixtures/shipment-10.json`)
//! redirected to Oslo, under VOEC and without it, computed by hand below.

use crossdock::runtime::CallContext;
use crossdock_tests::{fixture_as, loaded};

use crate::{assess_with, codes, ctx, currency};
use crossdock_types::{Address, Assessment, CollectAt, PluginKind, Severity, Shipment};

const VOEC: &str = r#"{"voec_number": "2024001"}"#;

/// The bench shipment, sent from Shenzhen to Oslo, every amount restated in `code`.
fn bench_to_oslo(code: &str) -> Shipment {
    let mut s: Shipment = fixture_as("shipment-10.json");
    let mut oslo = Address::in_country("NO".parse().expect("NO"));
    oslo.postal_code = Some("0150".into());
    oslo.city = Some("Oslo".into());
    s.destination = oslo;
    s.currency = currency(code);
    s.shipping_cost.currency = currency(code);
    for item in &mut s.items {
        item.unit_price.currency = currency(code);
    }
    s
}

/// The bench's first line, re-coded as `hs` and priced at `ore`, with `shipping_ore`.
fn one_item_to_oslo(hs: &str, ore: i64, shipping_ore: i64) -> Shipment {
    let mut s = bench_to_oslo("NOK");
    s.items.truncate(1);
    s.items[0].hs_code = Some(hs.into());
    s.items[0].unit_price.amount = ore;
    s.shipping_cost.amount = shipping_ore;
    s
}

fn assess(ctx: CallContext, shipment: &Shipment) -> Assessment {
    assess_with("customs-no", ctx, shipment)
}

#[test]
fn no_metadata_covers_no_and_the_component_is_small() {
    let plugin = loaded("customs-no");
    assert_eq!(plugin.metadata.name, "customs-no");
    assert_eq!(plugin.metadata.kind, PluginKind::Customs);
    assert_eq!(plugin.metadata.covers, ["NO"]);
    let schema: serde_json::Value = serde_json::from_str(&plugin.metadata.config_schema).expect("schema is JSON");
    assert_eq!((schema["type"].as_str(), schema["additionalProperties"].as_bool()), (Some("object"), Some(false)));
    assert!(plugin.size_bytes < 512 * 1024, "customs-no is {} bytes", plugin.size_bytes);
}

#[test]
fn no_a_2500_krone_pair_of_shoes_under_voec_pays_vat_at_checkout_and_no_duty() {
    // NOK 2,500.00 + NOK 150.00 shipping, VOEC seller: 25 % × 2,650.00 = 662.50 at checkout.
    let a = assess(ctx(VOEC, &[]), &one_item_to_oslo("640411", 250_000, 15_000));
    assert_eq!((a.duty.amount, a.tax.amount), (0, 66_250));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Checkout, true));
    assert_eq!(codes(&a), ["voec_vat_at_sale"]);
}

#[test]
fn no_the_same_shoes_without_voec_pay_the_same_vat_at_the_border() {
    // Not registered: VAT from the first krone at import, 25 % × (2,650.00 + 0 duty) = 662.50.
    let a = assess(ctx("{}", &[]), &one_item_to_oslo("640411", 250_000, 15_000));
    assert_eq!((a.duty.amount, a.tax.amount), (0, 66_250));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, false));
    assert!(codes(&a).contains(&"import_vat_from_first_krone"));
}

#[test]
fn no_a_2500_krone_t_shirt_clears_under_voec_but_blocks_without_it() {
    // Clothing may be dutiable in Norway and its rate is not documented: outside VOEC the duty is
    // due and unknown, so the shipment is blocked; under VOEC it is duty-free.
    let under_voec = assess(ctx(VOEC, &[]), &one_item_to_oslo("610910", 250_000, 15_000));
    assert!(!under_voec.is_blocked(), "{:?}", under_voec.findings);
    assert_eq!(under_voec.tax.amount, 66_250);
    let without = assess(ctx("{}", &[]), &one_item_to_oslo("610910", 250_000, 15_000));
    let f = without.findings.iter().find(|f| f.code == "outside_duty_table").expect("outside_duty_table");
    assert_eq!((f.severity, f.sku.as_deref()), (Severity::Blocking, Some("TEE-M-0")));
}

#[test]
fn no_headphones_and_toys_outside_voec_pay_vat_at_the_border_and_no_duty() {
    // The bench's first line recoded as headphones (8518 30), NOK 1,500.00 + NOK 100.00 shipping,
    // seller not registered: duty-free (industrial goods), VAT 25 % × 1,600.00 = 400.00 at import.
    let a = assess(ctx("{}", &[]), &one_item_to_oslo("851830", 150_000, 10_000));
    assert_eq!((a.lines[0].duty_rate_bp, a.duty.amount, a.tax.amount), (0, 0, 40_000));
    assert_eq!(a.collect, CollectAt::Delivery);
    assert!(!a.is_blocked(), "{:?}", a.findings);
    // A plastic toy (9503 00 95), NOK 400.00 + NOK 40.00: 25 % × 440.00 = 110.00, no duty.
    let toy = assess(ctx("{}", &[]), &one_item_to_oslo("9503009500", 40_000, 4_000));
    assert_eq!((toy.duty.amount, toy.tax.amount), (0, 11_000));
    assert!(!toy.is_blocked(), "{:?}", toy.findings);
}

#[test]
fn no_an_item_of_3000_kroner_is_outside_voec_even_for_a_registered_seller() {
    let a = assess(ctx(VOEC, &[]), &one_item_to_oslo("640411", 300_000, 15_000));
    assert_eq!(a.collect, CollectAt::Delivery);
    assert!(codes(&a).contains(&"voec_item_over_limit"));
    // 25 % × (3,000.00 + 150.00) = 787.50 at the border.
    assert_eq!(a.tax.amount, 78_750);
}

#[test]
fn no_euro_prices_are_converted_per_line_with_the_rate_date_reported() {
    // The bench's T-shirt lines in euros at 11.70 NOK/EUR (2026-11-24), VOEC seller:
    // €19.99 → NOK 233.88, 3 × €19.99 = €59.97 → NOK 701.65; shipping €12.00 → NOK 140.40,
    // spread 35.10 and 105.30. VAT 25 % × 268.98 = 67.245 → 67.25 and 25 % × 806.95 = 201.7375
    // → 201.74, at checkout.
    let mut s = bench_to_oslo("EUR");
    s.items.retain(|i| i.sku.starts_with("TEE"));
    let a = assess(ctx(VOEC, &[("EUR", "NOK", 11_700_000, "2026-11-24")]), &s);
    let taxes: Vec<i64> = a.lines.iter().map(|l| l.tax.amount).collect();
    assert_eq!(taxes, [6725, 20_174]);
    assert_eq!((a.tax.currency.as_str(), a.collect), ("NOK", CollectAt::Checkout));
    let fx = a.findings.iter().find(|f| f.code == "fx_rate_used").expect("fx_rate_used");
    assert!(fx.message.contains("11.7 NOK per EUR") && fx.message.contains("2026-11-24"), "{}", fx.message);
    assert_eq!(a.rules_as_of, "2026-11-24");
}
