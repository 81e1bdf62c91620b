//! Normalisation of the real sample payloads (tests/fixtures/webhooks/) to exact minor units,
//! and the refusals of malformed ones, each naming its field.

use crossdock_types::{CountryCode, Money, Timestamp};
use serde_json::{Value, json};

use super::{NormalizeError, generic_order, shopify_order, shopify_product, woocommerce_order};
use crate::pipeline::model::{Order, Platform};

const SHOPIFY_SAMPLE: &[u8] = include_bytes!("../../../../tests/fixtures/webhooks/shopify-orders-create-sample.json");
const WOO_SAMPLE: &[u8] = include_bytes!("../../../../tests/fixtures/webhooks/woocommerce-order-created-sample.json");

fn usd(amount: i64) -> Money {
    Money::new(amount, "USD".parse().unwrap())
}

fn eur(amount: i64) -> Money {
    Money::new(amount, "EUR".parse().unwrap())
}

/// The sample with `change` applied, serialised again.
fn edited(sample: &[u8], change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(sample).unwrap();
    change(&mut value);
    serde_json::to_vec(&value).unwrap()
}

/// The field error's path and message, or a panic.
fn field_error(result: Result<Order, NormalizeError>) -> (String, String) {
    match result {
        Err(err @ NormalizeError::Field { .. }) => {
            let message = err.to_string();
            let NormalizeError::Field { path, .. } = err else { unreachable!() };
            (path, message)
        }
        other => panic!("expected a field error, got {other:?}"),
    }
}

// ---- Shopify --------------------------------------------------------------------------------

#[test]
fn the_shopify_sample_order_in_exact_minor_units() {
    let o = shopify_order(SHOPIFY_SAMPLE).unwrap();
    assert_eq!(o.platform, Platform::Shopify);
    assert_eq!(o.external_id, "820982911946154508");
    assert_eq!(o.number.as_deref(), Some("#9999"));
    assert_eq!(o.currency.as_str(), "USD");
    assert_eq!(o.created_at, "2019-06-04T17:53:06Z".parse::<Timestamp>().unwrap());
    assert_eq!(o.email.as_deref(), Some("jon@doe.ca"));
    let a = &o.ship_to;
    assert_eq!(a.name.as_deref(), Some("Steve Shipper"));
    assert_eq!(a.company.as_deref(), Some("Shipping Company"));
    assert_eq!(a.street, ["123 Shipping Street"]);
    assert_eq!(
        (a.city.as_deref(), a.region.as_deref(), a.postal_code.as_deref()),
        (Some("Shippington"), Some("KY"), Some("40003"))
    );
    assert_eq!(a.country, CountryCode::from_static("US"));
    assert_eq!(a.phone.as_deref(), Some("555-555-SHIP"));

    assert_eq!(o.lines.len(), 2);
    for line in &o.lines {
        assert_eq!((line.sku.as_str(), line.title.as_str(), line.quantity), ("IPOD2008PINK", "IPod Nano - 8GB", 1));
        assert_eq!((line.unit_price, line.subtotal), (usd(19900), usd(19900)));
        assert_eq!(line.grams, Some(567));
        assert!(line.requires_shipping);
    }
    assert_eq!(o.lines[0].line_id, "866550311766439020");
    assert_eq!(o.lines[1].line_id, "141249953214522974");
    assert_eq!((o.lines[0].discount, o.lines[1].discount), (usd(0), usd(500)));

    assert_eq!(o.shipping_paid, usd(1000));
    assert_eq!(o.total_tax, usd(0));
    assert_eq!(o.total, usd(40300));
    assert!(!o.prices_include_tax);
    assert!(o.cancelled, "the sample has cancelled_at set");
    // subtotal_price "393.00" = goods after discounts; + shipping + tax = total_price.
    assert_eq!(o.goods_paid().unwrap(), usd(39300));
    assert_eq!(o.goods_paid().unwrap().amount + o.shipping_paid.amount + o.total_tax.amount, o.total.amount);
}

#[test]
fn shopify_refusals_name_the_field() {
    let (path, msg) =
        field_error(shopify_order(&edited(SHOPIFY_SAMPLE, |v| v["shipping_address"]["country_code"] = json!("XX"))));
    assert_eq!(path, "shipping_address.country_code");
    assert!(msg.starts_with("shipping_address.country_code: `XX` is not an ISO 3166-1 alpha-2 country code"), "{msg}");

    let missing =
        missing_fields(shopify_order(&edited(SHOPIFY_SAMPLE, |v| v["shipping_address"]["country_code"] = Value::Null)));
    assert_eq!(missing, ["shipping_address.country_code"]);

    // A price as a JSON number (a float) is refused, not rounded.
    let (path, msg) =
        field_error(shopify_order(&edited(SHOPIFY_SAMPLE, |v| v["line_items"][1]["price"] = json!(199.0))));
    assert_eq!(path, "line_items[1].price");
    assert!(msg.contains("never reads money from a JSON number"), "{msg}");

    let (path, msg) =
        field_error(shopify_order(&edited(SHOPIFY_SAMPLE, |v| v["line_items"][0]["price"] = json!("199.005"))));
    assert_eq!(path, "line_items[0].price");
    assert!(msg.contains("3 decimals but USD has 2"), "{msg}");

    let (path, _) = field_error(shopify_order(&edited(SHOPIFY_SAMPLE, |v| v["total_price"] = json!("-403.00"))));
    assert_eq!(path, "total_price");
    let (path, _) = field_error(shopify_order(&edited(SHOPIFY_SAMPLE, |v| v["currency"] = json!("usd"))));
    assert_eq!(path, "currency");
    let (path, _) = field_error(shopify_order(&edited(SHOPIFY_SAMPLE, |v| v["line_items"][0]["quantity"] = json!(-1))));
    assert_eq!(path, "line_items[0].quantity");
    let (path, _) = field_error(shopify_order(&edited(SHOPIFY_SAMPLE, |v| v["line_items"][0]["quantity"] = json!(0))));
    assert_eq!(path, "line_items[0].quantity");
    let (path, _) = field_error(shopify_order(&edited(SHOPIFY_SAMPLE, |v| {
        v["shipping_lines"][0]["discounted_price"] = json!("ten")
    })));
    assert_eq!(path, "shipping_lines[0].discounted_price");
    let (path, _) = field_error(shopify_order(&edited(SHOPIFY_SAMPLE, |v| v["created_at"] = json!("2019-06-04"))));
    assert_eq!(path, "created_at");
    let missing = missing_fields(shopify_order(&edited(SHOPIFY_SAMPLE, |v| v["line_items"][1]["sku"] = json!(""))));
    assert_eq!(missing, ["line_items[1].sku"]);
}

/// The fields a refusal names as missing, or a panic.
fn missing_fields(result: Result<Order, NormalizeError>) -> Vec<String> {
    match result {
        Err(NormalizeError::Missing { platform: Platform::Shopify, fields }) => fields,
        other => panic!("expected missing fields, got {other:?}"),
    }
}

#[test]
fn a_shopify_order_missing_several_fields_names_them_all_at_once() {
    let body = edited(SHOPIFY_SAMPLE, |v| {
        v.as_object_mut().unwrap().remove("currency");
        v["created_at"] = Value::Null;
        v["line_items"][0].as_object_mut().unwrap().remove("price");
        v["line_items"][1].as_object_mut().unwrap().remove("quantity");
        v["shipping_lines"][0].as_object_mut().unwrap().remove("price");
        v["shipping_address"].as_object_mut().unwrap().remove("country_code");
    });
    let err = shopify_order(&body).unwrap_err();
    let message = err.to_string();
    assert_eq!(
        missing_fields(Err(err)),
        [
            "created_at",
            "currency",
            "line_items[0].price",
            "line_items[1].quantity",
            "shipping_lines[0].price",
            "shipping_address.country_code"
        ]
    );
    assert!(
        message.starts_with(
            "the Shopify payload lacks fields crossdock needs: `created_at`, `currency`, `line_items[0].price`"
        ),
        "{message}"
    );
    assert!(message.contains("README \"Webhooks\""), "{message}");
}

#[test]
fn a_shopify_order_without_a_shipping_address_has_nothing_to_ship() {
    let err = shopify_order(&edited(SHOPIFY_SAMPLE, |v| v["shipping_address"] = Value::Null)).unwrap_err();
    assert_eq!(err.to_string(), "Shopify order 820982911946154508 has no shipping address: nothing to ship");
    let err = shopify_order(&edited(SHOPIFY_SAMPLE, |v| v["line_items"] = json!([]))).unwrap_err();
    assert!(matches!(err, NormalizeError::NoLines { .. }), "{err}");
}

#[test]
fn shopify_lines_that_do_not_ship_need_no_sku() {
    let body = edited(SHOPIFY_SAMPLE, |v| {
        v["line_items"][1]["sku"] = Value::Null;
        v["line_items"][1]["requires_shipping"] = json!(false);
        v["cancelled_at"] = Value::Null;
    });
    let o = shopify_order(&body).unwrap();
    assert_eq!(o.lines_to_ship().count(), 1);
    assert!(!o.cancelled);
}

#[test]
fn not_json_is_refused_as_such() {
    for body in [&b"{not json"[..], b"", b"{\"id\": ", b"nul"] {
        for result in [shopify_order(body), woocommerce_order(body), generic_order(body)] {
            assert!(matches!(result, Err(NormalizeError::NotJson { .. })), "{result:?}");
        }
    }
    assert!(matches!(shopify_product(b"{\"title\": "), Err(NormalizeError::NotJson { .. })));
    // A whole order followed by more text is not one JSON document.
    let trailing = [SHOPIFY_SAMPLE, b"{}"].concat();
    assert!(matches!(shopify_order(&trailing), Err(NormalizeError::NotJson { .. })));
}

// ---- WooCommerce ----------------------------------------------------------------------------

#[test]
fn the_woocommerce_sample_order_4217_to_lyon() {
    let o = woocommerce_order(WOO_SAMPLE).unwrap();
    assert_eq!(o.platform, Platform::WooCommerce);
    assert_eq!((o.external_id.as_str(), o.number.as_deref()), ("4217", Some("4217")));
    assert_eq!(o.currency.as_str(), "EUR");
    assert_eq!(o.created_at, "2026-11-24T13:32:07Z".parse::<Timestamp>().unwrap());
    assert_eq!(o.email.as_deref(), Some("camille.beranger@example.fr"));
    let a = &o.ship_to;
    assert_eq!(a.name.as_deref(), Some("Camille Béranger"));
    assert_eq!(a.street, ["12 rue de la République", "Bâtiment B, 3e étage"]);
    assert_eq!((a.city.as_deref(), a.postal_code.as_deref(), a.region.as_deref()), (Some("Lyon"), Some("69002"), None));
    assert_eq!(a.country, CountryCode::from_static("FR"));
    assert_eq!(a.phone.as_deref(), Some("+33 6 12 34 56 78"));

    assert_eq!(o.lines.len(), 2);
    let (tee, cap) = (&o.lines[0], &o.lines[1]);
    assert_eq!(
        (tee.line_id.as_str(), tee.sku.as_str(), tee.title.as_str()),
        ("3101", "TEE-M", "T-shirt Crossdock - M")
    );
    assert_eq!((tee.quantity, tee.unit_price, tee.subtotal, tee.discount), (2, eur(1999), eur(3998), eur(0)));
    assert_eq!((cap.line_id.as_str(), cap.sku.as_str()), ("3102", "CAP-01"));
    assert_eq!((cap.quantity, cap.unit_price, cap.subtotal, cap.discount), (1, eur(1450), eur(1450), eur(0)));
    assert_eq!(tee.grams, None);

    assert_eq!(o.shipping_paid, eur(800));
    assert_eq!(o.total_tax, eur(1250));
    assert_eq!(o.total, eur(7498));
    assert!(!o.prices_include_tax && !o.cancelled);
    // goods 54.48 + shipping 8.00 + tax 12.50 = 74.98
    assert_eq!(o.goods_paid().unwrap(), eur(5448));
    assert_eq!(o.goods_paid().unwrap().amount + o.shipping_paid.amount + o.total_tax.amount, o.total.amount);
}

#[test]
fn woocommerce_float_prices_are_never_read() {
    // `price` (a float) is there, `subtotal` is not: refused rather than read from the float.
    let body = edited(WOO_SAMPLE, |v| {
        v["line_items"][0].as_object_mut().unwrap().remove("subtotal");
    });
    let (path, msg) = field_error(woocommerce_order(&body));
    assert_eq!(path, "line_items[0].subtotal");
    assert!(msg.contains("never from the floating-point `price`"), "{msg}");
    // A subtotal sent as a number is refused too.
    let (path, msg) =
        field_error(woocommerce_order(&edited(WOO_SAMPLE, |v| v["line_items"][0]["subtotal"] = json!(39.98))));
    assert_eq!(path, "line_items[0].subtotal");
    assert!(msg.contains("never reads money from a JSON number"), "{msg}");
    // The float itself may be anything: it is ignored.
    let o = woocommerce_order(&edited(WOO_SAMPLE, |v| v["line_items"][0]["price"] = json!(19.989999999))).unwrap();
    assert_eq!(o.lines[0].unit_price, eur(1999));
}

#[test]
fn woocommerce_unit_prices_divide_exactly_or_round_with_the_subtotal_kept() {
    let body = edited(WOO_SAMPLE, |v| {
        v["line_items"][0]["quantity"] = json!(3);
        v["line_items"][0]["subtotal"] = json!("10.00");
        v["line_items"][0]["total"] = json!("9.01");
        v["line_items"][1]["quantity"] = json!(3);
        v["line_items"][1]["subtotal"] = json!("10.01");
        v["line_items"][1]["total"] = json!("10.01");
    });
    let o = woocommerce_order(&body).unwrap();
    assert_eq!((o.lines[0].unit_price, o.lines[0].subtotal, o.lines[0].discount), (eur(333), eur(1000), eur(99)));
    assert_eq!((o.lines[1].unit_price, o.lines[1].subtotal), (eur(334), eur(1001)));
}

#[test]
fn woocommerce_refusals_name_the_field() {
    let (path, msg) = field_error(woocommerce_order(&edited(WOO_SAMPLE, |v| v["shipping"]["country"] = json!("XX"))));
    assert_eq!(path, "shipping.country");
    assert!(msg.starts_with("shipping.country: `XX` is not an ISO 3166-1"), "{msg}");
    let (path, _) = field_error(woocommerce_order(&edited(WOO_SAMPLE, |v| v["shipping"]["country"] = json!(""))));
    assert_eq!(path, "shipping.country");
    let (path, msg) =
        field_error(woocommerce_order(&edited(WOO_SAMPLE, |v| v["line_items"][1]["total"] = json!("15.00"))));
    assert_eq!(path, "line_items[1].total");
    assert!(msg.contains("more than the line's subtotal"), "{msg}");
    let (path, _) = field_error(woocommerce_order(&edited(WOO_SAMPLE, |v| v["shipping_total"] = json!(8))));
    assert_eq!(path, "shipping_total");
    let (path, _) = field_error(woocommerce_order(&edited(WOO_SAMPLE, |v| v["line_items"][1]["sku"] = json!(""))));
    assert_eq!(path, "line_items[1].sku");
    let (path, _) = field_error(woocommerce_order(&edited(WOO_SAMPLE, |v| v["total"] = json!("74.985"))));
    assert_eq!(path, "total");
    let (path, _) = field_error(woocommerce_order(&edited(WOO_SAMPLE, |v| {
        v.as_object_mut().unwrap().remove("date_created_gmt");
    })));
    assert_eq!(path, "date_created_gmt");
}

#[test]
fn a_woocommerce_order_with_a_blank_shipping_address_has_nothing_to_ship() {
    let blank = json!({"first_name": "", "last_name": "", "company": "", "address_1": "", "address_2": "",
                       "city": "", "state": "", "postcode": "", "country": "", "phone": ""});
    let err = woocommerce_order(&edited(WOO_SAMPLE, |v| v["shipping"] = blank)).unwrap_err();
    assert_eq!(err.to_string(), "WooCommerce order 4217 has no shipping address: nothing to ship");
}

#[test]
fn woocommerce_status_and_zero_decimal_currencies() {
    let o = woocommerce_order(&edited(WOO_SAMPLE, |v| v["status"] = json!("cancelled"))).unwrap();
    assert!(o.cancelled);
    let body = edited(WOO_SAMPLE, |v| {
        v["currency"] = json!("JPY");
        v["line_items"][0]["subtotal"] = json!("3000");
        v["line_items"][0]["total"] = json!("3000");
        v["line_items"][1]["subtotal"] = json!("1500");
        v["line_items"][1]["total"] = json!("1500");
        v["shipping_total"] = json!("800");
        v["total_tax"] = json!("0");
        v["total"] = json!("5300");
    });
    let o = woocommerce_order(&body).unwrap();
    assert_eq!(o.lines[0].unit_price, Money::new(1500, "JPY".parse().unwrap()));
    assert_eq!(o.total.to_string(), "5300 JPY");
}

// ---- crossdock's own shape ------------------------------------------------------------------

fn generic_example() -> Value {
    json!({
        "type": "order.created",
        "timestamp": "2026-11-24T13:32:11Z",
        "data": {
            "id": "A-1001",
            "number": "#1001",
            "currency": "EUR",
            "created_at": "2026-11-24T13:32:07Z",
            "email": "camille@example.fr",
            "ship_to": {
                "name": "Camille Béranger",
                "street": ["12 rue de la République"],
                "city": "Lyon",
                "postal_code": "69002",
                "country": "FR"
            },
            "lines": [{
                "id": "1",
                "sku": "TEE-M",
                "title": "T-shirt Crossdock - M",
                "quantity": 2,
                "unit_price": {"amount": 1999, "currency": "EUR"},
                "grams": 180
            }],
            "shipping_paid": {"amount": 800, "currency": "EUR"},
            "total_tax": {"amount": 960, "currency": "EUR"},
            "total": {"amount": 5758, "currency": "EUR"}
        }
    })
}

#[test]
fn the_documented_generic_order() {
    let o = generic_order(&serde_json::to_vec(&generic_example()).unwrap()).unwrap();
    assert_eq!(o.platform, Platform::Standard);
    assert_eq!((o.external_id.as_str(), o.number.as_deref()), ("A-1001", Some("#1001")));
    assert_eq!(o.ship_to.country, CountryCode::from_static("FR"));
    let line = &o.lines[0];
    assert_eq!((line.quantity, line.unit_price, line.subtotal, line.discount), (2, eur(1999), eur(3998), eur(0)));
    assert_eq!(line.grams, Some(180));
    assert!(line.requires_shipping);
    assert_eq!((o.shipping_paid, o.total_tax, o.total), (eur(800), eur(960), eur(5758)));
    assert!(!o.cancelled && !o.prices_include_tax);
    // The core model round-trips through its own JSON face.
    let back: Order = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
    assert_eq!(back, o);
}

#[test]
fn generic_refusals_name_the_field() {
    let with = |change: fn(&mut Value)| {
        let mut v = generic_example();
        change(&mut v);
        generic_order(&serde_json::to_vec(&v).unwrap())
    };
    let (path, msg) = field_error(with(|v| v["data"]["lines"][0]["unit_price"]["amount"] = json!(19.99)));
    assert_eq!(path, "data.lines[0].unit_price.amount");
    assert!(msg.contains("floating point"), "{msg}");
    let (path, msg) = field_error(with(|v| v["data"]["lines"][0]["unit_price"]["currency"] = json!("USD")));
    assert_eq!(path, "data.lines[0].unit_price.currency");
    assert!(msg.contains("USD differs from the order's currency EUR"), "{msg}");
    let (path, msg) = field_error(with(|v| v["data"]["ship_to"]["country"] = json!("XX")));
    assert_eq!(path, "data.ship_to.country");
    assert!(msg.contains("ISO 3166-1"), "{msg}");
    let (path, msg) = field_error(with(|v| v["data"]["shiping_paid"] = json!({"amount": 1, "currency": "EUR"})));
    assert_eq!(path, "data.shiping_paid");
    assert!(msg.contains("unknown field"), "{msg}");
    let (path, _) = field_error(with(|v| v["data"]["total"] = json!({"amount": -1, "currency": "EUR"})));
    assert_eq!(path, "data.total");
    let (path, _) =
        field_error(with(|v| v["data"]["lines"][0]["discount"] = json!({"amount": 4000, "currency": "EUR"})));
    assert_eq!(path, "data.lines[0].discount");
    let (path, _) = field_error(with(|v| v["data"]["lines"][0]["quantity"] = json!(0)));
    assert_eq!(path, "data.lines[0].quantity");
    let err = with(|v| {
        v["data"].as_object_mut().unwrap().remove("ship_to");
    })
    .unwrap_err();
    assert_eq!(err.to_string(), "Standard Webhooks order A-1001 has no shipping address: nothing to ship");
    // Extra keys on the envelope are the sender's business.
    assert!(with(|v| v["sender"] = json!("acme")).is_ok());
}

// ---- Shopify products -----------------------------------------------------------------------

#[test]
fn shopify_product_variants_become_catalog_updates() {
    let body = json!({
        "id": 632910392,
        "title": "T-shirt Crossdock",
        "variants": [
            {"id": 808950810, "sku": "TEE-M", "title": "M", "grams": 180, "price": 19.99,
             "harmonized_system_code": "6109.10", "country_code_of_origin": "PT"},
            {"id": 808950811, "sku": "", "title": "L", "grams": 200},
            {"id": 808950812, "sku": "TEE-S", "title": "Default Title", "harmonized_system_code": "",
             "country_code_of_origin": null}
        ]
    });
    let updates = shopify_product(&serde_json::to_vec(&body).unwrap()).unwrap();
    assert_eq!(updates.len(), 2, "the variant without a SKU is left out");
    let m = &updates[0];
    assert_eq!(
        (m.sku.as_str(), m.title.as_str(), m.variant_id.as_deref()),
        ("TEE-M", "T-shirt Crossdock - M", Some("808950810"))
    );
    assert_eq!(
        (m.hs_code.as_deref(), m.origin_country, m.grams),
        (Some("6109.10"), Some(CountryCode::from_static("PT")), Some(180))
    );
    let s = &updates[1];
    assert_eq!(
        (s.title.as_str(), s.hs_code.as_deref(), s.origin_country, s.grams),
        ("T-shirt Crossdock", None, None, None)
    );

    let bad = json!({"title": "Cap", "variants": [{"sku": "CAP-01", "country_code_of_origin": "XX"}]});
    let err = shopify_product(&serde_json::to_vec(&bad).unwrap()).unwrap_err();
    let NormalizeError::Field { path, .. } = &err else { panic!("{err:?}") };
    assert_eq!(path, "variants[0].country_code_of_origin");
}

// ---- what the README documents ------------------------------------------------------------------

const README: &str = include_str!("../../../../README.md");

/// The README's section that starts with `heading`, up to the next heading of any level.
fn readme_section(heading: &str) -> &'static str {
    let start = README.find(heading).unwrap_or_else(|| panic!("README has no {heading:?}"));
    let rest = &README[start + heading.len()..];
    &rest[..rest.find("\n#").unwrap_or(rest.len())]
}

#[test]
fn the_readme_documents_every_field_of_the_generic_order_and_its_example_is_accepted() {
    let section = readme_section("### The generic order (Standard Webhooks)");
    let example = section.split("```json").nth(1).and_then(|s| s.split("```").next()).expect("a JSON example");
    let order = generic_order(example.as_bytes()).unwrap_or_else(|e| panic!("the README's example: {e}"));
    assert_eq!(order.total, eur(5758));

    // Every field the type has, with every option set, is named in the table.
    let mut full = generic_example();
    full["timestamp"] = json!("2026-11-24T13:32:11Z");
    full["data"]["cancelled"] = json!(false);
    full["data"]["prices_include_tax"] = json!(false);
    full["data"]["lines"][0]["discount"] = json!({"amount": 0, "currency": "EUR"});
    full["data"]["lines"][0]["requires_shipping"] = json!(true);
    let parsed: super::GenericEnvelope = serde_json::from_value(full).expect("the full example");
    let value = serde_json::to_value(&parsed).expect("serialises");
    let mut documented = vec!["type".to_owned(), "timestamp".to_owned()];
    for key in value["data"].as_object().expect("data").keys() {
        documented.push(format!("data.{key}"));
    }
    for key in value["data"]["lines"][0].as_object().expect("a line").keys() {
        documented.push(format!("data.lines[].{key}"));
    }
    for field in documented {
        assert!(section.contains(&format!("| `{field}` |")), "README does not document `{field}`");
    }
}

#[test]
fn the_readme_lists_every_shopify_field_the_normaliser_needs() {
    let section = readme_section("### What crossdock reads from a Shopify order");
    for field in super::SHOPIFY_REQUIRED_FIELDS {
        let path = field.split(' ').next().expect("a path");
        let (parent, leaf) = path.rsplit_once('.').map_or(("", path), |(p, l)| (p, l));
        let named = section.contains(&format!("`{path}`"))
            || (!parent.is_empty() && section.contains(&format!("`{parent}.{leaf}`")))
            || (!parent.is_empty()
                && section.contains(&format!("`{parent}."))
                && section.contains(&format!(".{leaf}`")));
        assert!(named, "README does not list the Shopify field `{path}`");
    }
}
