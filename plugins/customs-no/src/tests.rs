//! Native tests of whole Norwegian assessments through the SDK's `TestHost`, on shipments shaped
//! like `tests/fixtures/shipment-10.json` (CN → Oslo), with every figure worked out by hand in
//! the comments.

use crossdock_sdk::testing::{TestHost, from_json};
use crossdock_sdk::{
    Assessment, CollectAt, CustomsPlugin, Document, Item, Metadata, Money, PluginKind, Severity, Shipment,
};

use crate::NoCustoms;

const VOEC: &str = r#"{"voec_number": "2024001"}"#;

fn nok(ore: i64) -> Money {
    Money::new(ore, "NOK".parse().unwrap())
}

fn eur(cents: i64) -> Money {
    Money::new(cents, "EUR".parse().unwrap())
}

fn item(sku: &str, quantity: u32, unit_price: Money, hs: Option<&str>) -> Item {
    Item {
        sku: sku.into(),
        title: sku.into(),
        quantity,
        unit_price,
        unit_weight_g: 400,
        hs_code: hs.map(str::to_owned),
        origin_country: Some("CN".parse().unwrap()),
    }
}

/// A shipment from Shenzhen to Oslo in the currency of `shipping`.
fn to_oslo(shipping: Money, items: Vec<Item>) -> Shipment {
    let mut s: Shipment = from_json(
        r#"{"id": "shp_no", "origin": {"country": "CN", "postal_code": "518000", "city": "Shenzhen"},
            "destination": {"country": "NO", "postal_code": "0150", "city": "Oslo"},
            "incoterm": "DDP", "currency": "NOK", "shipping_cost": {"amount": 0, "currency": "NOK"}, "items": []}"#,
    );
    s.currency = shipping.currency;
    s.shipping_cost = shipping;
    s.items = items;
    s
}

fn run(host: &TestHost, shipment: Shipment) -> Assessment {
    NoCustoms::assess(&host.ctx(), shipment).unwrap()
}

fn codes(a: &Assessment) -> Vec<&str> {
    a.findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn a_2500_krone_item_under_voec_pays_vat_at_checkout_and_no_duty() {
    // Sneakers NOK 2,500.00 + NOK 150.00 shipping, VOEC seller: 25 % × 2,650.00 = 662.50 at
    // checkout, no duty.
    let a = run(
        &TestHost::new().with_config(VOEC),
        to_oslo(nok(15_000), vec![item("SNEAKER", 1, nok(250_000), Some("640411"))]),
    );
    assert_eq!((a.duty.amount, a.tax.amount), (0, 66_250));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Checkout, true));
    assert_eq!(codes(&a), ["voec_vat_at_sale"]);
    assert_eq!(a.rules_as_of, "2026-01-01");
}

#[test]
fn the_same_item_without_voec_pays_vat_at_the_border_from_the_first_krone() {
    // Not registered: shoes are duty-free; VAT 25 % × (2,500.00 + 150.00 + 0) = 662.50 at import.
    let a = run(&TestHost::new(), to_oslo(nok(15_000), vec![item("SNEAKER", 1, nok(250_000), Some("640411"))]));
    assert_eq!((a.duty.amount, a.tax.amount), (0, 66_250));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, false));
    assert_eq!(codes(&a), ["import_vat_from_first_krone", "clearance_fees_not_included"]);
}

#[test]
fn clothing_is_duty_free_under_voec_but_blocks_outside_it_for_want_of_a_documented_rate() {
    let s = || to_oslo(nok(15_000), vec![item("JACKET", 1, nok(250_000), Some("620193"))]);
    let voec = run(&TestHost::new().with_config(VOEC), s());
    assert!(!voec.is_blocked());
    let border = run(&TestHost::new(), s());
    let f = border.findings.iter().find(|f| f.code == "outside_duty_table").unwrap();
    assert_eq!((f.severity, f.sku.as_deref()), (Severity::Blocking, Some("JACKET")));
}

#[test]
fn electronics_toys_cosmetics_and_jewellery_outside_voec_pay_vat_from_the_first_krone_and_no_duty() {
    // Not registered, so everything is declared at import. Goods NOK 8,000.00: phone 5,000.00
    // (8517 13), headphones 1,500.00 (8518 30), toys 2 × 250.00 (9503 00), lipstick 200.00
    // (3304 10), silver ring 800.00 (7113 11). Shipping NOK 80.00 = 1 % of the goods, so 50.00,
    // 15.00, 5.00, 2.00 and 8.00. All duty-free (industrial goods); VAT 25 % × CIF: 1,262.50,
    // 378.75, 126.25, 50.50, 202.00 = 2,020.00 (25 % × 8,080.00).
    let s = to_oslo(
        nok(8000),
        vec![
            item("PHONE", 1, nok(500_000), Some("851713")),
            item("HEADPHONES", 1, nok(150_000), Some("851830")),
            item("TOY", 2, nok(25_000), Some("950300")),
            item("LIPSTICK", 1, nok(20_000), Some("330410")),
            item("RING", 1, nok(80_000), Some("711311")),
        ],
    );
    let a = run(&TestHost::new(), s);
    let lines: Vec<(i64, u32, i64)> =
        a.lines.iter().map(|l| (l.customs_value.amount, l.duty_rate_bp, l.tax.amount)).collect();
    assert_eq!(
        lines,
        [(505_000, 0, 126_250), (151_500, 0, 37_875), (50_500, 0, 12_625), (20_200, 0, 5050), (80_800, 0, 20_200)]
    );
    assert_eq!((a.duty.amount, a.tax.amount), (0, 202_000));
    assert!(!a.is_blocked(), "{:?}", a.findings);
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, false));
    assert_eq!(codes(&a), ["import_vat_from_first_krone", "clearance_fees_not_included"]);
}

#[test]
fn clothes_outside_voec_block_while_the_shoes_beside_them_are_assessed() {
    // A hoodie (6110 20) NOK 600.00 and trainers (6404 11) NOK 900.00, shipping NOK 150.00 →
    // 60.00 and 90.00. Norway's clothing rate varies by garment and is not documented, so the
    // hoodie blocks; the trainers are duty-free with VAT 25 % × 990.00 = 247.50 at the border.
    let s = to_oslo(
        nok(15_000),
        vec![item("HOODIE", 1, nok(60_000), Some("611020")), item("TRAINERS", 1, nok(90_000), Some("640411"))],
    );
    let a = run(&TestHost::new(), s);
    let blocked: Vec<&str> =
        a.findings.iter().filter(|f| f.severity == Severity::Blocking).filter_map(|f| f.sku.as_deref()).collect();
    assert_eq!(blocked, ["HOODIE"]);
    assert_eq!((a.lines[1].duty_rate_bp, a.lines[1].duty.amount, a.lines[1].tax.amount), (0, 0, 24_750));
}

#[test]
fn items_of_3000_kroner_or_more_leave_voec_even_for_a_registered_seller() {
    // Boots NOK 3,000.00 (not under 3,000) and socks 2 × NOK 100.00, shipping NOK 160.00 → 150.00
    // and 10.00. Boots at the border: 25 % × 3,150.00 = 787.50. Socks under VOEC: 25 % × 210.00
    // = 52.50 at checkout. Mixed: collected at delivery.
    let a = run(
        &TestHost::new().with_config(VOEC),
        to_oslo(
            nok(16_000),
            vec![item("BOOTS", 1, nok(300_000), Some("640399")), item("SHOE-LACE", 2, nok(10_000), Some("640620"))],
        ),
    );
    let lines: Vec<i64> = a.lines.iter().map(|l| l.tax.amount).collect();
    assert_eq!(lines, [78_750, 5_250]);
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, true));
    let c = codes(&a);
    assert!(c.contains(&"voec_item_over_limit") && c.contains(&"voec_vat_at_sale"), "{c:?}");
    let at_sale = a.findings.iter().find(|f| f.code == "voec_vat_at_sale").unwrap();
    assert!(at_sale.message.contains("52.50 NOK") && at_sale.message.contains("SHOE-LACE"), "{}", at_sale.message);
}

#[test]
fn books_carry_no_vat_and_no_duty_either_way() {
    for config in ["{}", VOEC] {
        let a = run(
            &TestHost::new().with_config(config),
            to_oslo(nok(9_900), vec![item("BOOK", 2, nok(35_000), Some("490199"))]),
        );
        assert_eq!((a.duty.amount, a.tax.amount), (0, 0), "{config}");
        assert!(!a.is_blocked());
    }
}

#[test]
fn food_is_outside_voec_and_its_duty_is_not_documented() {
    let a =
        run(&TestHost::new().with_config(VOEC), to_oslo(nok(0), vec![item("CHOC", 1, nok(20_000), Some("180632"))]));
    let c = codes(&a);
    assert!(c.contains(&"voec_excluded_goods") && c.contains(&"outside_duty_table"), "{c:?}");
    assert_eq!(a.collect, CollectAt::Delivery);
    assert!(a.is_blocked());
}

#[test]
fn euro_prices_are_converted_with_the_dated_host_rate() {
    // 2 × €50.00 = €100.00 at 11.70 = NOK 1,170.00 (NOK 585 an item, under 3,000); shipping €10.00
    // = NOK 117.00. VOEC: 25 % × 1,287.00 = 321.75.
    let host = TestHost::new().with_config(VOEC).with_fx("EUR", "NOK", 11_700_000, "2026-11-24");
    let a = run(&host, to_oslo(eur(1000), vec![item("SNEAKER", 2, eur(5000), Some("640411"))]));
    assert_eq!((a.tax.amount, a.tax.currency.as_str()), (32_175, "NOK"));
    let fx = a.findings.iter().find(|f| f.code == "fx_rate_used").unwrap();
    assert!(fx.message.contains("11.7 NOK per EUR") && fx.message.contains("2026-11-24"), "{}", fx.message);
    assert_eq!(a.rules_as_of, "2026-11-24");
}

#[test]
fn a_preference_claim_lists_a_certificate_of_origin_for_goods_declared_at_import() {
    let config = r#"{"claim_preference": true}"#;
    let a = run(
        &TestHost::new().with_config(config),
        to_oslo(nok(0), vec![item("SNEAKER", 1, nok(50_000), Some("640411"))]),
    );
    assert_eq!(a.documents, [Document::CommercialInvoice, Document::CertificateOfOrigin]);
}

#[test]
fn knives_are_flagged_and_missing_codes_block() {
    let a = run(
        &TestHost::new(),
        to_oslo(nok(0), vec![item("KNIFE", 1, nok(50_000), Some("821193")), item("MYSTERY", 1, nok(10_000), None)]),
    );
    let c = codes(&a);
    assert!(c.contains(&"knife_weapons_law") && c.contains(&"missing_hs_code"), "{c:?}");
}

#[test]
fn other_destinations_are_refused_and_domestic_moves_are_not_imports() {
    let mut s = to_oslo(nok(0), vec![item("TEE", 1, nok(20_000), Some("610910"))]);
    s.destination.country = "SE".parse().unwrap();
    assert_eq!(NoCustoms::assess(&TestHost::new().ctx(), s.clone()).unwrap_err().code, "not_covered");
    s.destination.country = "NO".parse().unwrap();
    s.origin.country = "NO".parse().unwrap();
    assert_eq!(codes(&run(&TestHost::new(), s)), ["not_an_import"]);
}

#[test]
fn metadata_names_the_crate_covers_no_and_publishes_the_schema() {
    let meta: Metadata = <NoCustoms as CustomsPlugin>::metadata();
    assert_eq!(
        (meta.name.as_str(), meta.kind, meta.covers.clone()),
        ("customs-no", PluginKind::Customs, vec!["NO".into()])
    );
    let schema: serde_json::Value = serde_json::from_str(&meta.config_schema).unwrap();
    assert_eq!(schema["additionalProperties"], false);
}
