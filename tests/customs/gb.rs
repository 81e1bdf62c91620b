//! customs-gb through the sandbox: the ten-item bench shipment (`tests/fixtures/shipment-10.json`)
//! redirected to London, and worked examples built from its lines, computed by hand below.

use crossdock::runtime::CallContext;
use crossdock_tests::{fixture_as, loaded};

use crate::{assess_with, codes, ctx, currency};
use crossdock_types::{Address, Assessment, CollectAt, Document, Money, PluginKind, Severity, Shipment};

/// The bench shipment, sent from Shenzhen to London, every amount restated in `code` (same
/// figures: €19.99 becomes £19.99).
fn bench_to_london(code: &str) -> Shipment {
    let mut s: Shipment = fixture_as("shipment-10.json");
    let mut london = Address::in_country("GB".parse().expect("GB"));
    london.postal_code = Some("EC1A 1BB".into());
    london.city = Some("London".into());
    s.destination = london;
    s.currency = currency(code);
    s.shipping_cost.currency = currency(code);
    for item in &mut s.items {
        item.unit_price.currency = currency(code);
    }
    s
}

/// The bench's first line (TEE-M-0, cotton T-shirts 610910) only, `quantity` of them at `pence`.
fn tees_to_london(quantity: u32, pence: i64, shipping_pence: i64) -> Shipment {
    let mut s = bench_to_london("GBP");
    s.items.truncate(1);
    s.items[0].quantity = quantity;
    s.items[0].unit_price.amount = pence;
    s.shipping_cost.amount = shipping_pence;
    s
}

fn assess(ctx: CallContext, shipment: &Shipment) -> Assessment {
    assess_with("customs-gb", ctx, shipment)
}

#[test]
fn gb_metadata_covers_gb_and_the_component_is_small() {
    let plugin = loaded("customs-gb");
    assert_eq!(plugin.metadata.name, "customs-gb");
    assert_eq!(plugin.metadata.kind, PluginKind::Customs);
    assert_eq!(plugin.metadata.covers, ["GB"]);
    let schema: serde_json::Value = serde_json::from_str(&plugin.metadata.config_schema).expect("schema is JSON");
    assert_eq!((schema["type"].as_str(), schema["additionalProperties"].as_bool()), (Some("object"), Some(false)));
    assert!(plugin.size_bytes < 512 * 1024, "customs-gb is {} bytes", plugin.size_bytes);
}

#[test]
fn gb_a_120_pound_consignment_of_t_shirts_pays_vat_at_checkout_and_no_duty() {
    // 6 × £20.00 = £120.00 ≤ £135: no duty, no import VAT; UK VAT at the point of sale on the
    // price including delivery: 20 % × (120.00 + 4.99) = 24.998 → £25.00.
    let a = assess(ctx("{}", &[]), &tees_to_london(6, 2000, 499));
    assert_eq!((a.duty, a.tax), (Money::new(0, currency("GBP")), Money::new(2500, currency("GBP"))));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Checkout, true));
    assert!(codes(&a).contains(&"vat_at_sale"));
    assert!(codes(&a).contains(&"low_value_relief_ending"));
    assert_eq!(a.documents, [Document::CommercialInvoice]);
}

#[test]
fn gb_a_400_pound_consignment_pays_duty_and_import_vat_on_the_cif_value_plus_duty() {
    // 20 × £20.00 = £400.00 > £135. CIF value 400.00 + 12.00 = 412.00; duty 12 % = 49.44;
    // import VAT 20 % × (412.00 + 49.44) = 92.288 → 92.29, collected at the border.
    let a = assess(ctx("{}", &[]), &tees_to_london(20, 2000, 1200));
    let line = &a.lines[0];
    assert_eq!((line.customs_value.amount, line.duty_rate_bp, line.duty.amount), (41_200, 1200, 4944));
    assert_eq!((line.tax_rate_bp, line.tax.amount), (2000, 9229));
    assert_eq!((a.duty.amount, a.tax.amount), (4944, 9229));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, false));
    assert!(!a.is_blocked(), "{:?}", a.findings);
}

#[test]
fn gb_euro_prices_are_converted_per_line_with_the_rate_date_reported() {
    // The bench's two T-shirt lines in euros at 0.865 GBP/EUR (2026-11-24):
    // TEE-M-0 €19.99 → £17.29 (17.29135); TEE-M-5 3 × €19.99 = €59.97 → £51.87 (51.87405);
    // goods £69.16 ≤ £135. Shipping €12.00 → £10.38, spread 1729:5187 → 2.60 and 7.78 (the tie
    // on the last penny goes to the first line). VAT at sale: 20 % × 19.89 = 3.978 → 3.98 and
    // 20 % × 59.65 = 11.93; total £15.91.
    let mut s = bench_to_london("EUR");
    s.items.retain(|i| i.sku.starts_with("TEE"));
    let a = assess(ctx("{}", &[("EUR", "GBP", 865_000, "2026-11-24")]), &s);
    let taxes: Vec<i64> = a.lines.iter().map(|l| l.tax.amount).collect();
    assert_eq!(taxes, [398, 1193]);
    assert_eq!((a.tax.amount, a.tax.currency.as_str()), (1591, "GBP"));
    let fx = a.findings.iter().find(|f| f.code == "fx_rate_used").expect("fx_rate_used");
    assert!(fx.message.contains("0.865 GBP per EUR") && fx.message.contains("2026-11-24"), "{}", fx.message);
    assert_eq!(a.rules_as_of, "2026-11-24");
}

#[test]
fn gb_the_bench_shipment_in_pounds_blocks_only_on_the_lines_outside_the_documented_subset() {
    // £378.34 of goods > £135: duty is due. T-shirts (6109), hoodies (6110 20) and socks
    // (6115 95) are apparel at 12 %; caps (6505 00, headgear, and split between 2 % and 4 % lines)
    // and mugs (6912, tableware) are outside the documented subset and block, each named.
    // Shipping 1200 pence spread by goods (weights in pence, 37,834 in all), largest remainders
    // first: 63, 317, 143, 28, 79, 190, 159, 95, 86, 40. CIF and 12 % duty, half away from zero:
    // TEE-M-0 2062 → 247.44 → 247; HOOD-L-1 10315 → 1237.8 → 1238; SOCK-3-3 927 → 111.24 → 111;
    // TEE-M-5 6187 → 742.44 → 742; HOOD-L-6 5158 → 618.96 → 619; SOCK-3-8 2783 → 333.96 → 334.
    // Total duty on the covered lines £32.91.
    let a = assess(ctx("{}", &[]), &bench_to_london("GBP"));
    let blocked: Vec<&str> = a
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking && f.code == "outside_duty_table")
        .filter_map(|f| f.sku.as_deref())
        .collect();
    assert_eq!(blocked, ["CAP-1-2", "MUG-W-4", "CAP-1-7", "MUG-W-9"]);
    let duties: Vec<i64> = a.lines.iter().map(|l| l.duty.amount).collect();
    assert_eq!(duties, [247, 1238, 0, 111, 0, 742, 619, 0, 334, 0]);
    assert_eq!(a.duty.amount, 3291);
    let duty: i64 = a.lines.iter().map(|l| l.duty.amount).sum();
    assert_eq!(duty, a.duty.amount, "totals are the sum of the lines");
}

#[test]
fn gb_a_400_pound_consignment_of_hoodies_and_trainers_pays_duty_per_heading_and_vat_on_value_plus_duty() {
    // The bench's hoodie line (6110 20, 12 %) as 10 × £25.00 = £250.00, and its sock line recoded
    // as textile trainers (6404 11, 16 %), 2 × £75.00 = £150.00: £400.00 > £135. Shipping £20.00
    // spread 250:150 → 12.50 and 7.50 (CIF).
    // Hoodies: value 262.50, duty 31.50, VAT 20 % × 294.00 = 58.80.
    // Trainers: value 157.50, duty 25.20, VAT 20 % × 182.70 = 36.54.
    let mut s = bench_to_london("GBP");
    s.items.retain(|i| i.sku == "HOOD-L-1" || i.sku == "SOCK-3-3");
    s.items[0].quantity = 10;
    s.items[0].unit_price.amount = 2500;
    s.items[1].quantity = 2;
    s.items[1].unit_price.amount = 7500;
    s.items[1].hs_code = Some("640411".into());
    s.shipping_cost.amount = 2000;
    let a = assess(ctx("{}", &[]), &s);
    let lines: Vec<(i64, u32, i64, i64)> =
        a.lines.iter().map(|l| (l.customs_value.amount, l.duty_rate_bp, l.duty.amount, l.tax.amount)).collect();
    assert_eq!(lines, [(26_250, 1200, 3150, 5880), (15_750, 1600, 2520, 3654)]);
    assert_eq!((a.duty.amount, a.tax.amount), (5670, 9534));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, false));
    assert!(!a.is_blocked(), "{:?}", a.findings);
}

#[test]
fn gb_without_an_fx_rate_nothing_is_assessed() {
    let a = assess(ctx("{}", &[]), &bench_to_london("EUR"));
    assert!(a.is_blocked() && a.lines.is_empty());
    assert_eq!(codes(&a), ["fx_rate_unavailable"]);
}
