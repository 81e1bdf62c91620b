//! customs-ca through the sandbox: worked examples on the bench shipment's shape
//! (`tests/fixtures/shipment-10.json`, sent to Canada), computed by hand in the comments, and the
//! component's metadata and size.

use crossdock::runtime::CallContext;
use crossdock_tests::{fixture_as, loaded};
use crossdock_types::{Assessment, CollectAt, Document, Money, PluginKind, Severity, Shipment};

use super::{assess_checked, codes_of as codes, context};

fn cad(cents: i64) -> Money {
    Money::new(cents, "CAD".parse().expect("CAD"))
}

/// The bench shipment (10 lines in EUR, made in China) sent to Toronto, Ontario.
fn bench_to_toronto() -> Shipment {
    let mut s: Shipment = fixture_as("shipment-10.json");
    s.destination.country = "CA".parse().expect("CA");
    s.destination.postal_code = Some("M5V 2T6".into());
    s.destination.city = Some("Toronto".into());
    s.destination.region = Some("ON".into());
    s.incoterm = crossdock_types::Incoterm::Dap;
    s
}

/// Its first line (cotton T-shirts, HS 610910) only, shipped from `from` to the province
/// `region`: `quantity` at `unit` Canadian cents.
fn t_shirts(from: &str, region: &str, quantity: u32, unit: i64) -> Shipment {
    let mut s = bench_to_toronto();
    s.origin.country = from.parse().expect("from");
    s.destination.region = Some(region.into());
    s.items.truncate(1);
    s.items[0].quantity = quantity;
    s.items[0].unit_price = cad(unit);
    s.currency = cad(0).currency;
    s.shipping_cost = cad(700);
    s
}

fn assess(ctx: CallContext, shipment: &Shipment) -> Assessment {
    assess_checked("customs-ca", ctx, shipment)
}

fn message<'a>(a: &'a Assessment, code: &str) -> &'a str {
    a.findings.iter().find(|f| f.code == code).map(|f| f.message.as_str()).unwrap_or_else(|| panic!("no `{code}`"))
}

#[test]
fn ca_an_18_dollar_mail_parcel_under_the_cad_20_limit_pays_nothing() {
    // One CAD 18.00 T-shirt by mail from China to Ontario: ≤ CAD 20, duty and HST remitted; CN22.
    let a = assess(context("2026-11-25", r#"{"channel": "postal"}"#, &[]), &t_shirts("CN", "ON", 1, 1800));
    assert_eq!((a.duty, a.tax), (cad(0), cad(0)));
    assert!(a.de_minimis_applied);
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn22]);
    assert!(message(&a, "low_value_relief").contains("Postal Imports Remission Order"));
}

#[test]
fn ca_a_120_dollar_courier_parcel_from_the_us_pays_no_duty_but_hst_above_cad_40() {
    // CAD 120.00 couriered from the US to Ontario: ≤ 150 duty-free (CUSMA), > 40 so HST 13% ×
    // 120.00 = 15.60, collected at delivery.
    let a = assess(context("2026-11-25", "{}", &[]), &t_shirts("US", "ON", 1, 12_000));
    assert_eq!((a.duty, a.tax), (cad(0), cad(1560)));
    assert_eq!((a.lines[0].duty_rate_bp, a.lines[0].tax_rate_bp), (0, 1300));
    assert_eq!(a.collect, CollectAt::Delivery);
    assert_eq!(a.rules_as_of, "2020-07-01");
}

#[test]
fn ca_ontario_pays_hst_13_percent_where_alberta_pays_gst_5_percent() {
    // 5 × CAD 18.00 = 90.00 couriered from China (> CAD 20): duty 18% = 16.20.
    // ON: HST 13% × 106.20 = 13.806 → 13.81.  AB: GST 5% × 106.20 = 5.31.
    let on = assess(context("2026-11-25", "{}", &[]), &t_shirts("CN", "ON", 5, 1800));
    let ab = assess(context("2026-11-25", "{}", &[]), &t_shirts("CN", "AB", 5, 1800));
    assert_eq!((on.duty, on.lines[0].tax_rate_bp, on.tax), (cad(1620), 1300, cad(1381)));
    assert_eq!((ab.duty, ab.lines[0].tax_rate_bp, ab.tax), (cad(1620), 500, cad(531)));
    assert!(message(&on, "border_tax").starts_with("HST 13%"));
    assert!(message(&ab, "border_tax").starts_with("GST 5%"));
}

#[test]
fn ca_quebec_pays_gst_at_the_border_and_is_told_the_qst_is_not_included() {
    let a = assess(context("2026-11-25", "{}", &[]), &t_shirts("CN", "QC", 5, 1800));
    assert_eq!((a.lines[0].tax_rate_bp, a.tax), (500, cad(531)));
    assert_eq!(codes(&a, Severity::Warning), ["provincial_tax_not_assessed"]);
    assert!(message(&a, "provincial_tax_not_assessed").contains("QST"));
}

#[test]
fn ca_a_euro_priced_bench_shipment_is_converted_with_the_dated_rate() {
    // At 1.6123 CAD per EUR (2026-11-24): TEE-M-0 €19.99 → CAD 32.23 (32.2299); duty 18% = 5.80;
    // HST 13% × 38.03 = 4.94. TEE-M-5 €59.97 → 96.69; duty 17.40; HST 13% × 114.09 = 14.83.
    // Hoodies, caps, socks and mugs are outside the documented duty table: blocking.
    let a = assess(context("2026-11-25", "{}", &[("EUR", "CAD", 1_612_300, "2026-11-24")]), &bench_to_toronto());
    let tee = &a.lines[0];
    assert_eq!((tee.customs_value, tee.duty, tee.tax), (cad(3223), cad(580), cad(494)));
    let tee5 = &a.lines[5];
    assert_eq!((tee5.customs_value, tee5.duty, tee5.tax), (cad(9669), cad(1740), cad(1483)));
    assert!(message(&a, "fx_rate_used").contains("1.6123 CAD per EUR"));
    assert_eq!(a.rules_as_of, "2026-11-24");
    assert_eq!(codes(&a, Severity::Blocking), ["outside_duty_table"; 8]);
}

#[test]
fn ca_a_ride_on_scooter_pays_8_percent_and_a_plush_toy_enters_free() {
    // Couriered from China to Ontario (CAD 20 limit), CAD 7.00 shipping (not in the value for duty):
    // scooter 9503.00.10.90 CAD 80.00 → 8% = 6.40, HST 13% × 86.40 = 11.232 → 11.23;
    // plush bear 9503.00.90.51 CAD 25.00 → Free, HST 13% × 25.00 = 3.25. Duty 6.40, HST 14.48.
    let mut s = t_shirts("CN", "ON", 1, 8000);
    s.items[0].sku = "SCOOTER".into();
    s.items[0].hs_code = Some("9503.00.10.90".into());
    let mut bear = s.items[0].clone();
    (bear.sku, bear.unit_price, bear.hs_code) = ("BEAR".into(), cad(2500), Some("9503.00.90.51".into()));
    s.items.push(bear);
    let a = assess(context("2026-11-25", "{}", &[]), &s);
    let got: Vec<(u32, i64, i64)> = a.lines.iter().map(|l| (l.duty_rate_bp, l.duty.amount, l.tax.amount)).collect();
    assert_eq!(got, [(800, 640, 1123), (0, 0, 325)]);
    assert_eq!((a.duty, a.tax, a.collect), (cad(640), cad(1448), CollectAt::Delivery));
    assert!(codes(&a, Severity::Blocking).is_empty(), "{:#?}", a.findings);
    assert_eq!(a.rules_as_of, "2025-01-01", "the T2025 toy rows are the newest figures");
}

#[test]
fn ca_metadata_names_the_crate_covers_canada_and_the_component_is_small() {
    let plugin = loaded("customs-ca");
    assert_eq!(plugin.metadata.name, "customs-ca");
    assert_eq!(plugin.metadata.kind, PluginKind::Customs);
    assert_eq!(plugin.metadata.covers, ["CA"]);
    let schema: serde_json::Value = serde_json::from_str(&plugin.metadata.config_schema).expect("schema is JSON");
    assert_eq!((schema["type"].as_str(), schema["additionalProperties"].as_bool()), (Some("object"), Some(false)));
    assert!(plugin.size_bytes < 512 * 1024, "customs-ca is {} bytes", plugin.size_bytes);
}
