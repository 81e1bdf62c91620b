//! Native tests of whole GB assessments through the SDK's `TestHost`, on shipments shaped like
//! `tests/fixtures/shipment-10.json` (CN → London), with every figure worked out by hand in the
//! comments.

use crossdock_sdk::testing::{TestHost, from_json};
use crossdock_sdk::{
    Assessment, CollectAt, CustomsPlugin, Document, Item, Metadata, Money, PluginKind, Severity, Shipment,
};

use crate::GbCustoms;

fn gbp(pence: i64) -> Money {
    Money::new(pence, "GBP".parse().unwrap())
}

fn usd(cents: i64) -> Money {
    Money::new(cents, "USD".parse().unwrap())
}

fn item(sku: &str, quantity: u32, unit_price: Money, hs: Option<&str>, origin: &str) -> Item {
    Item {
        sku: sku.into(),
        title: sku.into(),
        quantity,
        unit_price,
        unit_weight_g: 180,
        hs_code: hs.map(str::to_owned),
        origin_country: Some(origin.parse().unwrap()),
    }
}

/// A shipment from Shenzhen to London in the currency of `shipping`.
fn to_london(shipping: Money, items: Vec<Item>) -> Shipment {
    let mut s: Shipment = from_json(
        r#"{"id": "shp_gb", "origin": {"country": "CN", "postal_code": "518000", "city": "Shenzhen"},
            "destination": {"country": "GB", "postal_code": "EC1A 1BB", "city": "London"},
            "incoterm": "DDP", "currency": "GBP", "shipping_cost": {"amount": 0, "currency": "GBP"}, "items": []}"#,
    );
    s.currency = shipping.currency;
    s.shipping_cost = shipping;
    s.items = items;
    s
}

fn run(host: &TestHost, shipment: Shipment) -> Assessment {
    GbCustoms::assess(&host.ctx(), shipment).unwrap()
}

fn codes(a: &Assessment) -> Vec<&str> {
    a.findings.iter().map(|f| f.code.as_str()).collect()
}

fn totals_are_the_sum_of_the_lines(a: &Assessment) {
    let duty: i64 = a.lines.iter().map(|l| l.duty.amount).sum();
    let tax: i64 = a.lines.iter().map(|l| l.tax.amount).sum();
    assert_eq!((duty, tax), (a.duty.amount, a.tax.amount));
}

#[test]
fn a_120_pound_consignment_of_t_shirts_pays_vat_at_checkout_and_no_duty() {
    // 6 × £20.00 = £120.00 ≤ £135: no duty, no import VAT. VAT at sale on the price including
    // delivery: 20 % × (120.00 + 4.99) = 24.998 → £25.00.
    let s = to_london(gbp(499), vec![item("TEE-M", 6, gbp(2000), Some("610910"), "CN")]);
    let a = run(&TestHost::new(), s);
    assert_eq!((a.duty.amount, a.tax.amount), (0, 2500));
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Checkout, true));
    assert_eq!((a.lines[0].duty_rate_bp, a.lines[0].tax_rate_bp), (0, 2000));
    assert_eq!(
        codes(&a),
        ["vat_at_sale", "uk_vat_registration_needed", "low_value_relief_ending", "childrens_clothing_zero_rate"]
    );
    assert!(!a.is_blocked());
    assert_eq!(a.documents, [Document::CommercialInvoice]);
    // The newest rule used: the relief's announced end (2025-11-26).
    assert_eq!(a.rules_as_of, "2025-11-26");
}

#[test]
fn exactly_135_pounds_is_still_low_value_and_a_penny_more_is_not() {
    let at = |pence| run(&TestHost::new(), to_london(gbp(0), vec![item("TEE", 1, gbp(pence), Some("610910"), "CN")]));
    assert_eq!(at(13_500).collect, CollectAt::Checkout);
    let over = at(13_501);
    assert_eq!(over.collect, CollectAt::Delivery);
    // 135.01 × 12 % = 16.2012 → 16.20.
    assert_eq!(over.duty.amount, 1620);
}

#[test]
fn a_registered_seller_or_a_marketplace_is_not_warned_about_registration() {
    let s = || to_london(gbp(499), vec![item("TEE", 1, gbp(2000), Some("610910"), "CN")]);
    let registered = run(&TestHost::new().with_config(r#"{"uk_vat_number": "GB123456789"}"#), s());
    assert!(!codes(&registered).contains(&"uk_vat_registration_needed"));
    let marketplace = run(&TestHost::new().with_config(r#"{"marketplace": true}"#), s());
    assert!(!codes(&marketplace).contains(&"uk_vat_registration_needed"));
    assert!(marketplace.findings[0].message.contains("marketplace"));
}

#[test]
fn a_400_pound_consignment_pays_duty_by_heading_and_import_vat_on_value_plus_duty() {
    // T-shirts 15 × £20.00 = £300.00 and a laptop £100.00: £400.00 > £135.
    // Shipping £12.00 spread 3:1 → £9.00 and £3.00 (CIF).
    // Tees: value 309.00, duty 12 % = 37.08, VAT 20 % × (309.00 + 37.08) = 69.216 → 69.22.
    // Laptop: value 103.00, duty 0 %, VAT 20 % × 103.00 = 20.60.
    let s = to_london(
        gbp(1200),
        vec![
            item("TEE-M", 15, gbp(2000), Some("6109100010"), "CN"),
            item("LAPTOP", 1, gbp(10_000), Some("847130"), "CN"),
        ],
    );
    let a = run(&TestHost::new(), s);
    let lines: Vec<(i64, u32, i64, i64)> =
        a.lines.iter().map(|l| (l.customs_value.amount, l.duty_rate_bp, l.duty.amount, l.tax.amount)).collect();
    assert_eq!(lines, [(30_900, 1200, 3708, 6922), (10_300, 0, 0, 2060)]);
    assert_eq!((a.duty.amount, a.tax.amount), (3708, 8982));
    totals_are_the_sum_of_the_lines(&a);
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, false));
    assert_eq!(codes(&a), ["import_vat_at_border", "childrens_clothing_zero_rate"]);
    assert_eq!(a.rules_as_of, "2026-11-25");
}

#[test]
fn a_400_pound_consignment_of_jerseys_and_trainers_pays_duty_per_heading_and_vat_on_value_plus_duty() {
    // Cotton hoodies 10 × £25.00 = £250.00 (6110 20, 12 %) and textile trainers 2 × £75.00 =
    // £150.00 (6404 11, 16 %): £400.00 > £135. Shipping £20.00 spread 250:150 → £12.50 and £7.50.
    // Hoodies: CIF 262.50, duty 12 % = 31.50, VAT 20 % × (262.50 + 31.50) = 58.80.
    // Trainers: CIF 157.50, duty 16 % = 25.20, VAT 20 % × (157.50 + 25.20) = 36.54.
    // Totals: duty 56.70, VAT 95.34, both collected at the border.
    let s = to_london(
        gbp(2000),
        vec![item("HOODIE", 10, gbp(2500), Some("611020"), "CN"), item("TRAINER", 2, gbp(7500), Some("640411"), "VN")],
    );
    let a = run(&TestHost::new(), s);
    let lines: Vec<(i64, u32, i64, i64)> =
        a.lines.iter().map(|l| (l.customs_value.amount, l.duty_rate_bp, l.duty.amount, l.tax.amount)).collect();
    assert_eq!(lines, [(26_250, 1200, 3150, 5880), (15_750, 1600, 2520, 3654)]);
    assert_eq!((a.duty.amount, a.tax.amount), (5670, 9534));
    totals_are_the_sum_of_the_lines(&a);
    assert_eq!((a.collect, a.de_minimis_applied), (CollectAt::Delivery, false));
    assert!(!a.is_blocked(), "{:?}", a.findings);
    assert_eq!(codes(&a), ["import_vat_at_border", "childrens_clothing_zero_rate"]);
    // The newest figure used: the 2026-03-29 reading of the footwear rate.
    assert_eq!(a.rules_as_of, "2026-03-29");
}

#[test]
fn womens_leather_boots_pay_their_own_rate_and_a_six_digit_code_in_a_split_subheading_blocks() {
    // Women's leather-upper boots covering the calf, 6403 91 98: 4 % (the rest of 6403 91 is 8 %).
    // £150.00, no shipping: duty 6.00, VAT 20 % × 156.00 = 31.20.
    let boots = |hs| to_london(gbp(0), vec![item("BOOTS-W", 1, gbp(15_000), Some(hs), "CN")]);
    let a = run(&TestHost::new(), boots("6403919800"));
    assert_eq!((a.lines[0].duty_rate_bp, a.duty.amount, a.tax.amount), (400, 600, 3120));
    assert!(!a.is_blocked());
    // 6403 91 alone could be 4 % or 8 %: the plugin asks for the full code rather than guess.
    let six = run(&TestHost::new(), boots("640391"));
    let f = six.findings.iter().find(|f| f.code == "outside_duty_table").unwrap();
    assert_eq!((f.severity, f.sku.as_deref()), (Severity::Blocking, Some("BOOTS-W")));
}

#[test]
fn headphones_perfume_and_plastic_toys_carry_their_documented_rates() {
    // Headphones £200.00 (8518 30, 0 %), perfume £60.00 (3303, 0 %), plastic toys 2 × £20.00
    // (9503 00 95, 4 %): £300.00, no shipping. Duty: toys 40.00 × 4 % = 1.60.
    // VAT 20 %: 40.00, 12.00 and 20 % × 41.60 = 8.32; total 60.32.
    let s = to_london(
        gbp(0),
        vec![
            item("HEADPHONES", 1, gbp(20_000), Some("851830"), "CN"),
            item("PERFUME", 1, gbp(6000), Some("330300"), "FR"),
            item("TOY-CAR", 2, gbp(2000), Some("9503009500"), "CN"),
        ],
    );
    let a = run(&TestHost::new(), s);
    let duties: Vec<(u32, i64)> = a.lines.iter().map(|l| (l.duty_rate_bp, l.duty.amount)).collect();
    assert_eq!(duties, [(0, 0), (0, 0), (400, 160)]);
    assert_eq!((a.duty.amount, a.tax.amount), (160, 6032));
    totals_are_the_sum_of_the_lines(&a);
    assert!(!a.is_blocked(), "{:?}", a.findings);
    assert!(codes(&a).contains(&"flammable_liquid"));
}

#[test]
fn books_over_135_pounds_are_duty_free_and_zero_rated() {
    // A £150.00 set of books (4901 99): UKGT 0 % duty, VAT Notice 701/10 zero rate.
    let s = to_london(gbp(0), vec![item("BOOKS", 1, gbp(15_000), Some("490199"), "CN")]);
    let a = run(&TestHost::new(), s);
    assert_eq!((a.duty.amount, a.tax.amount), (0, 0));
    assert_eq!(a.lines[0].tax_rate_bp, 0);
    assert!(!a.is_blocked(), "{:?}", a.findings);
}

#[test]
fn goods_outside_the_documented_duty_table_block_a_consignment_that_owes_duty() {
    // A £150.00 set of ceramic mugs (6912, tableware): not in the documented subset.
    let s = to_london(gbp(0), vec![item("MUGS", 1, gbp(15_000), Some("691200"), "CN")]);
    let a = run(&TestHost::new(), s);
    assert!(a.is_blocked());
    let f = a.findings.iter().find(|f| f.code == "outside_duty_table").unwrap();
    assert_eq!((f.severity, f.sku.as_deref()), (Severity::Blocking, Some("MUGS")));
    // VAT is still computed on the value (20 % × 150.00), only the duty is unknown.
    assert_eq!((a.lines[0].tax_rate_bp, a.tax.amount), (2000, 3000));
}

#[test]
fn below_135_pounds_goods_outside_the_table_are_not_blocked() {
    // £30.00 of mugs: the relief means no duty whatever the goods, so the table is not consulted.
    let s = to_london(gbp(0), vec![item("MUGS", 1, gbp(3000), Some("691200"), "CN")]);
    let a = run(&TestHost::new(), s);
    assert!(!a.is_blocked(), "{:?}", a.findings);
    assert!(!codes(&a).contains(&"outside_duty_table"));
    assert_eq!((a.duty.amount, a.collect), (0, CollectAt::Checkout));
}

#[test]
fn eu_origin_goods_pay_no_duty_when_the_tca_preference_is_claimed() {
    // 20 × £20.00 T-shirts made in Portugal: £400.00; with the claim, duty 0 and VAT on 400.00.
    let s = || to_london(gbp(0), vec![item("TEE-PT", 20, gbp(2000), Some("610910"), "PT")]);
    let claimed = run(&TestHost::new().with_config(r#"{"claim_preference": true}"#), s());
    assert_eq!((claimed.duty.amount, claimed.tax.amount), (0, 8000));
    assert!(claimed.documents.contains(&Document::CertificateOfOrigin));
    assert!(codes(&claimed).contains(&"preference_applied"));
    let not_claimed = run(&TestHost::new(), s());
    // 400.00 × 12 % = 48.00; VAT 20 % × 448.00 = 89.60.
    assert_eq!((not_claimed.duty.amount, not_claimed.tax.amount), (4800, 8960));
    assert!(!not_claimed.documents.contains(&Document::CertificateOfOrigin));
}

#[test]
fn a_claim_for_goods_made_outside_the_eu_changes_nothing_but_says_so() {
    let s = to_london(gbp(0), vec![item("TEE", 20, gbp(2000), Some("610910"), "CN")]);
    let a = run(&TestHost::new().with_config(r#"{"claim_preference": true}"#), s);
    assert_eq!(a.duty.amount, 4800);
    assert!(codes(&a).contains(&"preference_not_applicable"));
    assert!(!a.documents.contains(&Document::CertificateOfOrigin));
}

#[test]
fn dollar_prices_are_converted_once_per_line_and_the_rate_date_is_reported() {
    // 5 × $30.00 = $150.00 at 0.79 = £118.50 ≤ £135; shipping $10.00 = £7.90.
    // VAT at sale: 20 % × (118.50 + 7.90) = 25.28.
    let s = to_london(usd(1000), vec![item("TEE", 5, usd(3000), Some("610910"), "CN")]);
    let a = run(&TestHost::new().with_fx("USD", "GBP", 790_000, "2026-11-24"), s);
    assert_eq!((a.tax.amount, a.tax.currency.as_str()), (2528, "GBP"));
    let fx = a.findings.iter().find(|f| f.code == "fx_rate_used").unwrap();
    assert!(fx.message.contains("0.79 GBP per USD") && fx.message.contains("2026-11-24"), "{}", fx.message);
    assert_eq!(a.rules_as_of, "2026-11-24");
}

#[test]
fn without_a_rate_nothing_is_assessed() {
    let s = to_london(usd(1000), vec![item("TEE", 5, usd(3000), Some("610910"), "CN")]);
    let a = run(&TestHost::new(), s);
    assert!(a.is_blocked() && a.lines.is_empty());
    assert_eq!(codes(&a), ["fx_rate_unavailable"]);
}

#[test]
fn by_post_the_form_follows_300_sdr_through_the_euro_rate() {
    // £120.00 at 1.15 EUR/GBP = €138.00 ≤ 300 SDR (€351.53 at 1.17176): CN22.
    // £400.00 = €460.00 > €351.53: CN23.
    let host = TestHost::new().with_config(r#"{"channel": "postal"}"#).with_fx("GBP", "EUR", 1_150_000, "2026-11-24");
    let small = run(&host, to_london(gbp(0), vec![item("TEE", 6, gbp(2000), Some("610910"), "CN")]));
    assert_eq!(small.documents, [Document::CommercialInvoice, Document::Cn22]);
    let large = run(&host, to_london(gbp(0), vec![item("TEE", 20, gbp(2000), Some("610910"), "CN")]));
    assert_eq!(large.documents, [Document::CommercialInvoice, Document::Cn23]);
}

#[test]
fn hs_code_problems_block_with_their_own_codes() {
    let s = to_london(
        gbp(0),
        vec![
            item("NONE", 1, gbp(1000), None, "CN"),
            item("SHORT", 1, gbp(1000), Some("6109"), "CN"),
            item("NOCHAPTER", 1, gbp(1000), Some("990000"), "CN"),
        ],
    );
    let a = run(&TestHost::new(), s);
    let blocking: Vec<(&str, Option<&str>)> = a
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .map(|f| (f.code.as_str(), f.sku.as_deref()))
        .collect();
    assert_eq!(
        blocking,
        [
            ("missing_hs_code", Some("NONE")),
            ("malformed_hs_code", Some("SHORT")),
            ("unknown_hs_heading", Some("NOCHAPTER"))
        ]
    );
}

#[test]
fn restricted_goods_and_northern_ireland_are_flagged() {
    let mut s = to_london(
        gbp(0),
        vec![item("POWERBANK", 1, gbp(2500), Some("850760"), "CN"), item("KNIFE", 1, gbp(3000), Some("821191"), "CN")],
    );
    s.destination.postal_code = Some("BT1 5GS".into());
    let a = run(&TestHost::new(), s);
    let c = codes(&a);
    assert!(c.contains(&"lithium_batteries_alone") && c.contains(&"knife_age_restricted"), "{c:?}");
    assert!(c.contains(&"northern_ireland"), "{c:?}");
}

#[test]
fn other_destinations_are_refused_and_domestic_moves_are_not_imports() {
    let mut s = to_london(gbp(0), vec![item("TEE", 1, gbp(2000), Some("610910"), "CN")]);
    s.destination.country = "FR".parse().unwrap();
    let err = GbCustoms::assess(&TestHost::new().ctx(), s.clone()).unwrap_err();
    assert_eq!(err.code, "not_covered");
    s.destination.country = "GB".parse().unwrap();
    s.origin.country = "GB".parse().unwrap();
    let a = run(&TestHost::new(), s);
    assert_eq!((a.duty.amount, a.tax.amount, codes(&a)), (0, 0, vec!["not_an_import"]));
}

#[test]
fn a_malformed_config_is_refused_with_the_field_named() {
    let s = to_london(gbp(0), vec![item("TEE", 1, gbp(2000), Some("610910"), "CN")]);
    let err = GbCustoms::assess(&TestHost::new().with_config(r#"{"uk_vat_number": "123"}"#).ctx(), s).unwrap_err();
    assert_eq!(err.code, "invalid_config");
    assert!(err.message.contains("uk_vat_number"));
}

#[test]
fn metadata_names_the_crate_covers_gb_and_publishes_the_schema() {
    let meta: Metadata = <GbCustoms as CustomsPlugin>::metadata();
    assert_eq!(
        (meta.name.as_str(), meta.kind, meta.covers.clone()),
        ("customs-gb", PluginKind::Customs, vec!["GB".into()])
    );
    let schema: serde_json::Value = serde_json::from_str(&meta.config_schema).unwrap();
    assert_eq!(schema["type"], "object");
}
