//! customs-ch through the sandbox: the ten-item bench shipment (`tests/fixtures/shipment-10.json`)
//! redirected to Zürich, and worked examples built from its lines, computed by hand below.

use crossdock::runtime::CallContext;
use crossdock_tests::{fixture_as, loaded};

use crate::{assess_with, codes, ctx, currency};
use crossdock_types::{Address, Assessment, CollectAt, Document, PluginKind, Shipment};

/// The bench shipment, sent from Shenzhen to Zürich, every amount restated in `code`.
fn bench_to_zurich(code: &str) -> Shipment {
    let mut s: Shipment = fixture_as("shipment-10.json");
    let mut zurich = Address::in_country("CH".parse().expect("CH"));
    zurich.postal_code = Some("8001".into());
    zurich.city = Some("Zürich".into());
    s.destination = zurich;
    s.currency = currency(code);
    s.shipping_cost.currency = currency(code);
    for item in &mut s.items {
        item.unit_price.currency = currency(code);
    }
    s
}

/// The bench's first line (cotton T-shirts 610910) only, `quantity` of them at `rappen`.
fn tees_to_zurich(quantity: u32, rappen: i64, shipping_rappen: i64) -> Shipment {
    let mut s = bench_to_zurich("CHF");
    s.items.truncate(1);
    s.items[0].quantity = quantity;
    s.items[0].unit_price.amount = rappen;
    s.shipping_cost.amount = shipping_rappen;
    s
}

fn assess(ctx: CallContext, shipment: &Shipment) -> Assessment {
    assess_with("customs-ch", ctx, shipment)
}

#[test]
fn ch_metadata_covers_ch_and_the_component_is_small() {
    let plugin = loaded("customs-ch");
    assert_eq!(plugin.metadata.name, "customs-ch");
    assert_eq!(plugin.metadata.kind, PluginKind::Customs);
    assert_eq!(plugin.metadata.covers, ["CH"]);
    let schema: serde_json::Value = serde_json::from_str(&plugin.metadata.config_schema).expect("schema is JSON");
    assert_eq!((schema["type"].as_str(), schema["additionalProperties"].as_bool()), (Some("object"), Some(false)));
    assert!(plugin.size_bytes < 512 * 1024, "customs-ch is {} bytes", plugin.size_bytes);
}

#[test]
fn ch_vat_of_at_most_five_francs_is_not_collected() {
    // 2 × CHF 25.00 + CHF 9.00 shipping: VAT 8.1 % × 59.00 = 4.779 → 4.78 ≤ 5.00, not levied.
    let a = assess(ctx("{}", &[]), &tees_to_zurich(2, 2500, 900));
    assert_eq!((a.duty.amount, a.tax.amount), (0, 0));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, true));
    let f = a.findings.iter().find(|f| f.code == "vat_not_levied").expect("vat_not_levied");
    assert!(f.message.contains("4.78 CHF"), "{}", f.message);
}

#[test]
fn ch_above_five_francs_vat_is_charged_on_price_and_transport_with_no_duty_on_industrial_goods() {
    // 4 × CHF 30.00 + CHF 10.00 shipping: VAT 8.1 % × 130.00 = 10.53; T-shirts duty-free.
    let a = assess(ctx("{}", &[]), &tees_to_zurich(4, 3000, 1000));
    assert_eq!((a.duty.amount, a.tax.amount), (0, 1053));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, false));
    assert!(codes(&a).contains(&"industrial_goods_duty_free"));
}

#[test]
fn ch_the_bench_shipment_in_francs_is_duty_free_and_pays_vat_line_by_line() {
    // CHF 378.34 of goods, CHF 12.00 shipping spread by value (0.63, 3.17, 1.43, 0.28, 0.79, 1.90,
    // 1.59, 0.95, 0.86, 0.40); VAT 8.1 % per line on goods + share:
    // 1.67 + 8.36 + 3.76 + 0.75 + 2.09 + 5.01 + 4.18 + 2.51 + 2.25 + 1.04 = 31.62.
    let a = assess(ctx("{}", &[]), &bench_to_zurich("CHF"));
    let taxes: Vec<i64> = a.lines.iter().map(|l| l.tax.amount).collect();
    assert_eq!(taxes, [167, 836, 376, 75, 209, 501, 418, 251, 225, 104]);
    assert_eq!((a.duty.amount, a.tax.amount), (0, 3162));
    assert!(!a.is_blocked(), "{:?}", a.findings);
    assert_eq!(a.rules_as_of, "2024-01-01");
}

#[test]
fn ch_euro_prices_are_converted_per_line_with_the_rate_date_reported() {
    // The bench's T-shirt lines in euros at 0.93 CHF/EUR (2026-11-24): €19.99 → 18.59,
    // €59.97 → 55.77; shipping €12.00 → 11.16, spread 2.79 and 8.37. VAT 8.1 % × 21.38 = 1.73
    // and 8.1 % × 64.14 = 5.195 → 5.20: CHF 6.93 > 5, collected.
    let mut s = bench_to_zurich("EUR");
    s.items.retain(|i| i.sku.starts_with("TEE"));
    let a = assess(ctx("{}", &[("EUR", "CHF", 930_000, "2026-11-24")]), &s);
    let taxes: Vec<i64> = a.lines.iter().map(|l| l.tax.amount).collect();
    assert_eq!(taxes, [173, 520]);
    assert_eq!((a.tax.amount, a.tax.currency.as_str()), (693, "CHF"));
    let fx = a.findings.iter().find(|f| f.code == "fx_rate_used").expect("fx_rate_used");
    assert!(fx.message.contains("2026-11-24"), "{}", fx.message);
    assert_eq!(a.rules_as_of, "2026-11-24");
}

#[test]
fn ch_a_registered_mail_order_seller_charges_vat_at_checkout_on_every_parcel() {
    // Same CHF 59.00 as the first example: CHF 4.78 charged at checkout, no CHF 5 exemption.
    let a = assess(ctx(r#"{"swiss_vat_number": "CHE-123.456.789 MWST"}"#, &[]), &tees_to_zurich(2, 2500, 900));
    assert_eq!((a.tax.amount, a.collect, a.de_minimis_applied), (478, CollectAt::Checkout, false));
    assert_eq!(a.documents, [Document::CommercialInvoice]);
}
