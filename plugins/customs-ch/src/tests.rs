//! Native tests of whole Swiss assessments through the SDK's `TestHost`, on shipments shaped
//! like `tests/fixtures/shipment-10.json` (CN → Zürich), with every figure worked out by hand in
//! the comments.

use crossdock_sdk::testing::customs::item;
use crossdock_sdk::testing::{TestHost, from_json};
use crossdock_sdk::{
    Assessment, CollectAt, CustomsPlugin, Document, Item, Metadata, Money, PluginKind, Severity, Shipment,
};

use crate::ChCustoms;

fn chf(rappen: i64) -> Money {
    Money::new(rappen, "CHF".parse().unwrap())
}

fn eur(cents: i64) -> Money {
    Money::new(cents, "EUR".parse().unwrap())
}

/// A shipment from Shenzhen to Zürich in the currency of `shipping`.
fn to_zurich(shipping: Money, items: Vec<Item>) -> Shipment {
    let mut s: Shipment = from_json(
        r#"{"id": "shp_ch", "origin": {"country": "CN", "postal_code": "518000", "city": "Shenzhen"},
            "destination": {"country": "CH", "postal_code": "8001", "city": "Zürich"},
            "incoterm": "DAP", "currency": "CHF", "shipping_cost": {"amount": 0, "currency": "CHF"}, "items": []}"#,
    );
    s.currency = shipping.currency;
    s.shipping_cost = shipping;
    s.items = items;
    s
}

fn run(host: &TestHost, shipment: Shipment) -> Assessment {
    ChCustoms::assess(&host.ctx(), shipment).unwrap()
}

fn codes(a: &Assessment) -> Vec<&str> {
    a.findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn vat_of_at_most_five_francs_is_not_levied() {
    // 2 × CHF 25.00 T-shirts + CHF 9.00 shipping: VAT 8.1 % × 59.00 = 4.779 → 4.78 ≤ 5.00: not
    // levied. Industrial goods: no duty.
    let a = run(&TestHost::new(), to_zurich(chf(900), vec![item("TEE-M", 2, chf(2500), Some("610910"))]));
    assert_eq!((a.duty.amount, a.tax.amount), (0, 0));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, true));
    assert_eq!(
        codes(&a),
        [
            "industrial_goods_duty_free",
            "vat_not_levied",
            "mail_order_registration_threshold",
            "clearance_fees_not_included"
        ]
    );
    assert!(a.findings[1].message.contains("4.78 CHF"), "{}", a.findings[1].message);
    assert_eq!(a.rules_as_of, "2024-01-01");
}

#[test]
fn above_five_francs_import_vat_is_collected_on_price_transport_and_duty() {
    // 4 × CHF 30.00 + CHF 10.00 shipping (CIF): VAT 8.1 % × 130.00 = 10.53; duty 0.
    let a = run(&TestHost::new(), to_zurich(chf(1000), vec![item("TEE-M", 4, chf(3000), Some("610910"))]));
    assert_eq!((a.duty.amount, a.tax.amount), (0, 1053));
    assert_eq!((a.lines[0].customs_value.amount, a.lines[0].tax_rate_bp), (13_000, 810));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, false));
    assert!(codes(&a).contains(&"import_vat_at_border"));
}

#[test]
fn books_pay_2_6_percent_so_a_larger_parcel_stays_under_five_francs() {
    // CHF 150.00 of books + CHF 10.00 shipping: 2.6 % × 160.00 = 4.16 ≤ 5.00: not levied.
    let a = run(&TestHost::new(), to_zurich(chf(1000), vec![item("BOOKS", 3, chf(5000), Some("490199"))]));
    assert_eq!((a.tax.amount, a.de_minimis_applied), (0, true));
    assert!(a.findings.iter().any(|f| f.code == "vat_not_levied" && f.message.contains("4.16 CHF")));
}

#[test]
fn each_line_pays_its_own_rate_on_its_share_of_the_transport() {
    // Book CHF 100.00 and hoodie CHF 100.00, shipping CHF 12.00 → 6.00 each.
    // Book: 2.6 % × 106.00 = 2.756 → 2.76. Hoodie: 8.1 % × 106.00 = 8.586 → 8.59. Total 11.35.
    let a = run(
        &TestHost::new(),
        to_zurich(
            chf(1200),
            vec![item("BOOK", 1, chf(10_000), Some("490199")), item("HOOD", 1, chf(10_000), Some("611020"))],
        ),
    );
    let lines: Vec<(u32, i64)> = a.lines.iter().map(|l| (l.tax_rate_bp, l.tax.amount)).collect();
    assert_eq!(lines, [(260, 276), (810, 859)]);
    assert_eq!(a.tax.amount, 1135);
}

#[test]
fn a_registered_mail_order_seller_charges_vat_at_checkout_even_under_five_francs() {
    // Same CHF 50.00 + 9.00 as above: 4.78 charged at checkout, no exemption.
    let host = TestHost::new().with_config(r#"{"swiss_vat_number": "CHE-123.456.789 MWST"}"#);
    let a = run(&host, to_zurich(chf(900), vec![item("TEE-M", 2, chf(2500), Some("610910"))]));
    assert_eq!((a.tax.amount, a.collect, a.de_minimis_applied), (478, CollectAt::Checkout, false));
    assert!(codes(&a).contains(&"mail_order_vat_at_sale"));
}

#[test]
fn euro_prices_are_converted_with_the_dated_host_rate() {
    // 3 × €40.00 = €120.00 at 0.93 = CHF 111.60; shipping €8.00 = CHF 7.44.
    // VAT 8.1 % × 119.04 = 9.64224 → 9.64.
    let host = TestHost::new().with_fx("EUR", "CHF", 930_000, "2026-11-24");
    let a = run(&host, to_zurich(eur(800), vec![item("TEE", 3, eur(4000), Some("610910"))]));
    assert_eq!((a.tax.amount, a.tax.currency.as_str()), (964, "CHF"));
    let fx = a.findings.iter().find(|f| f.code == "fx_rate_used").unwrap();
    assert!(fx.message.contains("0.93 CHF per EUR") && fx.message.contains("2026-11-24"), "{}", fx.message);
    assert_eq!(a.rules_as_of, "2026-11-24");
}

#[test]
fn agricultural_goods_are_outside_the_duty_table_and_block() {
    // Chocolate pays a specific duty per gross kg that this plugin does not document.
    let a = run(&TestHost::new(), to_zurich(chf(0), vec![item("CHOC", 1, chf(2000), Some("180632"))]));
    let f = a.findings.iter().find(|f| f.code == "outside_duty_table").unwrap();
    assert_eq!((f.severity, f.sku.as_deref()), (Severity::Blocking, Some("CHOC")));
}

#[test]
fn knives_and_power_banks_are_flagged() {
    let a = run(
        &TestHost::new(),
        to_zurich(
            chf(0),
            vec![item("KNIFE", 1, chf(4000), Some("821192")), item("BANK", 1, chf(3000), Some("850760"))],
        ),
    );
    let c = codes(&a);
    assert!(c.contains(&"knife_weapons_law") && c.contains(&"lithium_batteries_alone"), "{c:?}");
}

#[test]
fn by_post_a_light_cheap_item_travels_with_a_cn22() {
    // CHF 50.00 at 1.07 EUR/CHF = €53.50 ≤ 300 SDR (€351.53): CN22.
    let host = TestHost::new().with_config(r#"{"channel": "postal"}"#).with_fx("CHF", "EUR", 1_070_000, "2026-11-24");
    let a = run(&host, to_zurich(chf(900), vec![item("TEE", 2, chf(2500), Some("610910"))]));
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::Cn22]);
}

#[test]
fn other_destinations_are_refused_and_domestic_moves_are_not_imports() {
    let mut s = to_zurich(chf(0), vec![item("TEE", 1, chf(2000), Some("610910"))]);
    s.destination.country = "DE".parse().unwrap();
    assert_eq!(ChCustoms::assess(&TestHost::new().ctx(), s.clone()).unwrap_err().code, "not_covered");
    s.destination.country = "CH".parse().unwrap();
    s.origin.country = "CH".parse().unwrap();
    assert_eq!(codes(&run(&TestHost::new(), s)), ["not_an_import"]);
}

#[test]
fn metadata_names_the_crate_covers_ch_and_publishes_the_schema() {
    let meta: Metadata = <ChCustoms as CustomsPlugin>::metadata();
    assert_eq!(
        (meta.name.as_str(), meta.kind, meta.covers.clone()),
        ("customs-ch", PluginKind::Customs, vec!["CH".into()])
    );
    let schema: serde_json::Value = serde_json::from_str(&meta.config_schema).unwrap();
    assert_eq!(schema["additionalProperties"], false);
}
