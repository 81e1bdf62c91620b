//! What the storefronts send: bodies derived from the fixtures, and the headers that sign them
//! the way each platform does — computed here, with the secrets of the setup file.

use base64::Engine as _;
use crossdock::ingest::signature::{Key, sign_b64};
use crossdock_tests::fixture;
use serde_json::{Value, json};

pub const SHOPIFY_SECRET: &str = "hush-acme-shopify-secret";
pub const SHOP_DOMAIN: &str = "acme.myshopify.com";
pub const WOO_SECRET: &str = "hush-acme-woo-secret";
pub const STANDARD_SECRET: &str = "whsec_Y3Jvc3Nkb2NrLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE=";

/// The unmodified Shopify sample (a US order in USD) and its V1 header (SIGNATURES.md §4b).
pub const SHOPIFY_SAMPLE: &str = "webhooks/shopify-orders-create-sample.json";
pub const SHOPIFY_SAMPLE_ORDER: &str = "820982911946154508";
pub const V1_HMAC: &str = "JekBgIn+S49z4rsFLBILBQNIYdb0VN3YJJNi/lKHMKU=";

/// The unmodified WooCommerce sample (order 4217 to Lyon) and its V5 header.
pub const WOO_SAMPLE: &str = "webhooks/woocommerce-order-created-sample.json";
pub const V5_SIGNATURE: &str = "2AKJ2iVUfdhsX5qZ9R/0hOYdoyNpqQqsV9qgTJSm29Q=";

/// Request headers, in order.
pub type Headers = Vec<(String, String)>;

/// `headers` with `name` set to `value`, or removed when `value` is `None`.
pub fn with(mut headers: Headers, name: &str, value: Option<&str>) -> Headers {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    if let Some(value) = value {
        headers.push((name.to_owned(), value.to_owned()));
    }
    headers
}

fn pairs(list: &[(&str, &str)]) -> Headers {
    list.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

/// The base64 HMAC-SHA256 of `body` keyed with the secret's UTF-8 bytes (Shopify, WooCommerce).
pub fn hmac_b64(secret: &str, body: &[u8]) -> String {
    sign_b64(&Key::from_utf8(secret), &[body])
}

/// A Shopify `orders/create` delivery of `body`, signed with acme's secret.
pub fn shopify_headers(body: &[u8], webhook_id: &str) -> Headers {
    shopify_headers_signed(&hmac_b64(SHOPIFY_SECRET, body), webhook_id)
}

/// A Shopify `orders/create` delivery claiming the signature `hmac`.
pub fn shopify_headers_signed(hmac: &str, webhook_id: &str) -> Headers {
    pairs(&[
        ("X-Shopify-Topic", "orders/create"),
        ("X-Shopify-Shop-Domain", SHOP_DOMAIN),
        ("X-Shopify-API-Version", "2026-10"),
        ("X-Shopify-Webhook-Id", webhook_id),
        ("X-Shopify-Hmac-Sha256", hmac),
        ("Content-Type", "application/json"),
    ])
}

/// A WooCommerce `order.created` delivery of `body`, signed with acme's WooCommerce secret.
pub fn woocommerce_headers(body: &[u8], delivery_id: &str) -> Headers {
    pairs(&[
        ("X-WC-Webhook-Source", "https://boutique.example.fr/"),
        ("X-WC-Webhook-Topic", "order.created"),
        ("X-WC-Webhook-Resource", "order"),
        ("X-WC-Webhook-Event", "created"),
        ("X-WC-Webhook-ID", "12"),
        ("X-WC-Webhook-Delivery-ID", delivery_id),
        ("X-WC-Webhook-Signature", &hmac_b64(WOO_SECRET, body)),
        ("Content-Type", "application/json"),
    ])
}

/// A Standard Webhooks delivery of `body` sent at `timestamp` (Unix seconds): `v1` is the
/// base64 HMAC-SHA256 of `id.timestamp.body`, keyed with the base64-decoded secret.
pub fn standard_headers(body: &[u8], id: &str, timestamp: i64) -> Headers {
    let encoded = STANDARD_SECRET.strip_prefix("whsec_").expect("a whsec_ secret");
    let key = Key::from_bytes(base64::engine::general_purpose::STANDARD.decode(encoded).expect("base64"));
    let ts = timestamp.to_string();
    let signature = sign_b64(&key, &[id.as_bytes(), b".", ts.as_bytes(), b".", body]);
    pairs(&[
        ("webhook-id", id),
        ("webhook-timestamp", &ts),
        ("webhook-signature", &format!("v1,{signature}")),
        ("Content-Type", "application/json"),
    ])
}

/// Unix seconds now.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).expect("a clock")
}

/// `cents` as the decimal text Shopify sends: `"19.99"`.
fn decimal(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// A line to order: SKU, quantity, unit price in cents.
pub type Line<'a> = (&'a str, u32, i64);

/// The two T-shirts and the cap of every EU order in these tests.
pub const TEES_AND_CAP: &[Line<'static>] = &[("TEE-M", 2, 1999), ("CAP-01", 1, 1450)];

/// The Shopify sample as a live order: Shopify's test notification is of a cancelled one.
fn shopify_sample_uncancelled() -> Value {
    let mut order: Value = serde_json::from_str(&fixture(SHOPIFY_SAMPLE)).expect("the Shopify sample");
    order["cancelled_at"] = Value::Null;
    order["cancel_reason"] = Value::Null;
    order["financial_status"] = json!("paid");
    order
}

/// The Shopify sample, still to the US in USD, but not cancelled.
pub fn shopify_us_order() -> Vec<u8> {
    serde_json::to_vec(&shopify_sample_uncancelled()).expect("serialising the order")
}

/// The Shopify sample turned into order `id` to Berlin, in EUR, with `lines` (their prices in
/// `price`, no discounts) and shipping at 10.00; not cancelled.
pub fn shopify_berlin_order(id: u64, lines: &[Line<'_>]) -> Vec<u8> {
    let mut order = shopify_sample_uncancelled();
    let template = order["line_items"][0].clone();
    order["line_items"] = lines.iter().enumerate().map(|(i, line)| shopify_line(&template, i, *line)).collect();
    let goods: i64 = lines.iter().map(|(_, quantity, cents)| i64::from(*quantity) * cents).sum();
    let shipping = 1000;
    order["id"] = json!(id);
    order["name"] = json!(format!("#{id}"));
    order["currency"] = json!("EUR");
    order["presentment_currency"] = json!("EUR");
    for (field, cents) in
        [("subtotal_price", goods), ("total_line_items_price", goods), ("total_price", goods + shipping)]
    {
        order[field] = json!(decimal(cents));
    }
    order["total_discounts"] = json!("0.00");
    order["total_tax"] = json!("0.00");
    order["discount_applications"] = json!([]);
    order["discount_codes"] = json!([]);
    let address = &mut order["shipping_address"];
    for (field, value) in [("country_code", "DE"), ("country", "Germany"), ("zip", "10115"), ("city", "Berlin")] {
        address[field] = json!(value);
    }
    address["province"] = Value::Null;
    address["province_code"] = Value::Null;
    set_currency_codes(&mut order, "EUR");
    serde_json::to_vec(&order).expect("serialising the order")
}

fn shopify_line(template: &Value, i: usize, (sku, quantity, cents): Line<'_>) -> Value {
    let mut line = template.clone();
    line["id"] = json!(1_000_001 + i as u64);
    line["sku"] = json!(sku);
    line["title"] = json!(format!("Crossdock {sku}"));
    line["name"] = json!(format!("Crossdock {sku}"));
    line["quantity"] = json!(quantity);
    line["fulfillable_quantity"] = json!(quantity);
    line["price"] = json!(decimal(cents));
    line["price_set"]["shop_money"]["amount"] = json!(decimal(cents));
    line["price_set"]["presentment_money"]["amount"] = json!(decimal(cents));
    line["grams"] = json!(200);
    line["discount_allocations"] = json!([]);
    line
}

/// Every `currency_code` of the `*_set` money pairs, so that no USD is left in an EUR order.
fn set_currency_codes(value: &mut Value, code: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "currency_code" {
                    *v = json!(code);
                } else {
                    set_currency_codes(v, code);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| set_currency_codes(v, code)),
        _ => {}
    }
}

/// crossdock's own order `id` to Amsterdam in a Standard Webhooks envelope (`order.created`).
pub fn generic_amsterdam_order(id: &str) -> Vec<u8> {
    let eur = |amount: i64| json!({"amount": amount, "currency": "EUR"});
    let lines: Vec<Value> = TEES_AND_CAP
        .iter()
        .enumerate()
        .map(|(i, (sku, quantity, cents))| {
            json!({"id": (i + 1).to_string(), "sku": sku, "title": format!("Crossdock {sku}"),
                   "quantity": quantity, "unit_price": eur(*cents), "grams": 200})
        })
        .collect();
    let envelope = json!({
        "type": "order.created",
        "timestamp": "2026-11-24T13:32:11Z",
        "data": {
            "id": id,
            "number": "#1001",
            "currency": "EUR",
            "created_at": "2026-11-24T13:32:07Z",
            "email": "sanne@example.nl",
            "ship_to": {"name": "Sanne de Vries", "street": ["Damrak 1"], "city": "Amsterdam",
                        "postal_code": "1012 LG", "country": "NL"},
            "lines": lines,
            "shipping_paid": eur(800),
            "total": eur(2 * 1999 + 1450 + 800)
        }
    });
    serde_json::to_vec(&envelope).expect("serialising the order")
}
