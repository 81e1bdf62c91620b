//! Webhooks to shipments, end to end, on SQLite and on PostgreSQL: signed deliveries over real
//! HTTP into the inbox, workers through the real plugins, and what the store holds afterwards.

mod support;

use crossdock::domain::{ReturnStatus, ShipmentStatus};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use crossdock::app::AppState;
use crossdock::app::Node;
use crossdock::cli::serve::ServeArgs;
use crossdock::ingest::signature::{Key, sign_b64};
use crossdock::server::router;
use crossdock::worker::{WorkerConfig, work_once};
use support::{Backend, on_each_backend, wasm};

const SECRET: &str = "hush-acme-shopify-secret";
const SHOP: &str = "acme-outdoor.myshopify.com";
const BODY_LIMIT: usize = 8 << 10;

struct Running {
    node: Node,
    addr: SocketAddr,
    _backend: Backend,
}

async fn start(backend: Backend) -> Running {
    let setup = backend.dir.path().join("crossdock.toml");
    // The demo merchant, with a WooCommerce and a Standard Webhooks connection added (after the
    // Shopify one, so they belong to the same merchant).
    let more = r#"
[[merchant.connection]]
id = "acme-woo"
platform = "woocommerce"
secret = "hush-acme-woo-secret"

[[merchant.connection]]
id = "acme-std"
platform = "standard"
secret = "whsec_Y3Jvc3Nkb2NrLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE="
"#;
    let text = crossdock::cli::demo::SETUP.replacen("\n# Goods are made", &format!("{more}\n# Goods are made"), 1);
    assert_ne!(text, crossdock::cli::demo::SETUP, "the demo setup changed shape");
    std::fs::write(&setup, text).expect("setup");
    let args = ServeArgs {
        listen: "127.0.0.1:0".parse().expect("addr"),
        data_dir: backend.dir.path().join("data"),
        database_url: backend.database_url.clone(),
        config: Some(setup),
        plugins: vec![wasm("customs_eu"), wasm("carrier_table_rate"), wasm("returns_standard")],
        plugins_dirs: Vec::new(),
        workers: 1,
        max_attempts: 3,
        lease_secs: 60,
        track_every_secs: 300,
        fx: None,
        body_limit: BODY_LIMIT,
        plugin_limit: 1 << 20,
        operator_token: None,
        allow_internal_hosts: Vec::new(),
    };
    let node = Node::start(&args).await.unwrap_or_else(|e| panic!("{}: {e:#}", backend.name));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let state = Arc::new(AppState::new(&node, None));
    tokio::spawn(async move { axum::serve(listener, router(state, BODY_LIMIT)).await });
    Running { node, addr, _backend: backend }
}

fn order(id: u64, country: &str, city: &str, zip: &str, sku: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "id": id, "name": format!("#{id}"), "created_at": "2026-11-24T10:00:00Z", "currency": "EUR",
        "total_price": "51.98", "taxes_included": true,
        "line_items": [{"id": id * 10, "sku": sku, "title": "Goods", "quantity": 2, "price": "19.99", "requires_shipping": true}],
        "shipping_lines": [{"price": "12.00"}],
        "shipping_address": {"name": "Lena Fischer", "address1": "Street 1", "city": city, "zip": zip, "country_code": country},
    }))
    .expect("json")
}

/// POSTs `body` to `path` with `headers`; status and body.
async fn post_raw(addr: SocketAddr, path: &str, headers: Vec<(String, String)>, body: Vec<u8>) -> (u16, String) {
    let mut head =
        format!("POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        stream.write_all(head.as_bytes()).expect("head");
        let _ = stream.write_all(&body); // the server may refuse before reading it all
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default())
    })
    .await
    .expect("client")
}

/// POSTs a Shopify `orders/create` webhook with `signature` (the right one when `None`).
async fn post(addr: SocketAddr, delivery: &str, body: Vec<u8>, signature: Option<&str>) -> (u16, String) {
    post_topic(addr, "orders/create", delivery, body, signature).await
}

/// POSTs a Shopify webhook on `topic`; status and body.
async fn post_topic(
    addr: SocketAddr,
    topic: &str,
    delivery: &str,
    body: Vec<u8>,
    signature: Option<&str>,
) -> (u16, String) {
    let signature = signature.map_or_else(|| sign_b64(&Key::from_utf8(SECRET), &[&body]), str::to_owned);
    let headers = [
        ("X-Shopify-Topic", topic.to_owned()),
        ("X-Shopify-Shop-Domain", SHOP.to_owned()),
        ("X-Shopify-Webhook-Id", delivery.to_owned()),
        ("X-Shopify-Hmac-Sha256", signature),
    ];
    post_raw(addr, "/webhooks/shopify", headers.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(), body).await
}

async fn drain(node: &Node) {
    while work_once(&node.pipeline, &WorkerConfig::default(), "test").await.expect("work") {}
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_order_becomes_one_labelled_shipment_and_a_redelivery_changes_nothing() {
    on_each_backend("order to shipment", |backend| async move {
        let run = start(backend).await;
        let body = order(1001, "SE", "Stockholm", "11143", "CAP-01");
        let (status, answer) = post(run.addr, "d-1", body.clone(), None).await;
        assert_eq!(status, 200, "{answer}");
        assert!(answer.contains("\"accepted\""), "{answer}");
        let (status, answer) = post(run.addr, "d-1", body, None).await;
        assert_eq!((status, answer.contains("\"duplicate\"")), (200, true), "{answer}");
        drain(&run.node).await;

        let store = &run.node.store;
        let shipments = store.shipments_for_order("acme", "1001").await.expect("shipments");
        assert_eq!(shipments.len(), 1, "{shipments:?}");
        let s = &shipments[0];
        assert_eq!((s.status.as_str(), s.carrier.as_deref()), ("labelled", Some("carrier-table-rate")));
        assert!(s.label.as_deref().is_some_and(|l| l.starts_with(b"%PDF-")), "a PDF label");
        let customs: serde_json::Value =
            serde_json::from_str(s.customs_json.as_deref().expect("customs")).expect("json");
        assert_eq!(customs["duty"]["amount"], 300, "the EU's €3 per item below €150: {customs}");
        assert!(s.invoice_json.as_deref().is_some_and(|i| i.contains("CI-acme:1001:shenzhen")));
        let runs = store.plugin_runs("acme", 100).await.expect("runs");
        for function in ["assess", "rate", "create_label"] {
            assert_eq!(runs.iter().filter(|r| r.function == function).count(), 1, "{function}: {runs:?}");
        }
        assert!(runs.iter().all(|r| r.plugin_digest.len() == 64 && r.fuel.is_some_and(|f| f > 0)));

        // Processing the same event again (a retry after a crash) changes nothing.
        let event = store.event(1).await.expect("event").expect("stored");
        run.node.pipeline.process(&event).await.expect("reprocess");
        assert_eq!(store.shipments_for_order("acme", "1001").await.expect("shipments").len(), 1);
        let labels =
            store.plugin_runs("acme", 100).await.expect("runs").iter().filter(|r| r.function == "create_label").count();
        assert_eq!(labels, 1, "no second label");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_requests_store_nothing() {
    on_each_backend("refusals", |backend| async move {
        let run = start(backend).await;
        let body = order(1002, "DE", "Berlin", "10115", "TEE-M");
        let (status, answer) = post(run.addr, "d-2", body.clone(), Some("c2lnbmVkIGJ5IHNvbWVib2R5IGVsc2U=")).await;
        assert_eq!(status, 401, "{answer}");
        assert!(answer.contains("bad_signature"), "{answer}");
        let (status, answer) = post(run.addr, "d-3", vec![b'{'; BODY_LIMIT + 1], None).await;
        assert_eq!(status, 413, "{answer}");
        let (status, answer) = post(run.addr, "d-4", b"{\"id\": 1,".to_vec(), None).await;
        assert_eq!(status, 400, "{answer}");
        assert!(answer.contains("bad_json") && answer.contains("EOF"), "{answer}");
        let counts = run.node.store.inbox_counts().await.expect("counts");
        assert_eq!((counts.pending, counts.done, counts.dead), (0, 0, 0), "nothing stored: {counts:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn customs_holds_goods_without_an_hs_code_and_an_unreadable_order_is_dead_lettered() {
    on_each_backend("holds and dead letters", |backend| async move {
        let run = start(backend).await;
        assert_eq!(post(run.addr, "d-5", order(1003, "ES", "Madrid", "28013", "LAMP-01"), None).await.0, 200);
        assert_eq!(post(run.addr, "d-6", br#"{"id": 1004}"#.to_vec(), None).await.0, 200);
        drain(&run.node).await;
        let store = &run.node.store;
        let held = store.shipments_for_order("acme", "1003").await.expect("shipments");
        assert_eq!(held.len(), 1);
        assert_eq!(held[0].status, ShipmentStatus::Held);
        assert!(
            held[0].hold_reason.as_deref().is_some_and(|r| r.contains("LAMP-01") && r.contains("HS code")),
            "{held:?}"
        );
        let runs = store.plugin_runs("acme", 100).await.expect("runs");
        assert!(!runs.iter().any(|r| r.function == "create_label"), "no label for a held shipment");
        let dead = store.dead_letters("acme", 10).await.expect("dead letters");
        assert_eq!(dead.len(), 1);
        assert!(dead[0].last_error.as_deref().is_some_and(|e| e.contains("cannot be read")), "{dead:?}");
    })
    .await;
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn woocommerce_orders_ship_and_its_creation_ping_is_answered_without_storing() {
    on_each_backend("woocommerce", |backend| async move {
        let run = start(backend).await;
        let (status, answer) =
            post_raw(run.addr, "/webhooks/woocommerce/acme-woo", Vec::new(), b"webhook_id=12".to_vec()).await;
        assert_eq!(status, 200, "{answer}");
        assert!(answer.contains("ping"), "{answer}");
        assert_eq!(run.node.store.inbox_counts().await.expect("counts").pending, 0, "a ping is not stored");

        // The unmodified sample with the known-answer signature of crossdock's shared vectors (V5).
        let body = include_bytes!("../../tests/fixtures/webhooks/woocommerce-order-created-sample.json").to_vec();
        let signed = headers(&[
            ("X-WC-Webhook-Topic", "order.created"),
            ("X-WC-Webhook-Resource", "order"),
            ("X-WC-Webhook-Event", "created"),
            ("X-WC-Webhook-Source", "https://boutique.example.fr/"),
            ("X-WC-Webhook-Delivery-ID", "0f3c3b6c8a2d4e5f9a1b2c3d4e5f6a7b"),
            ("X-WC-Webhook-Signature", "2AKJ2iVUfdhsX5qZ9R/0hOYdoyNpqQqsV9qgTJSm29Q="),
        ]);
        let (status, answer) = post_raw(run.addr, "/webhooks/woocommerce/acme-woo", signed, body).await;
        assert_eq!(status, 200, "{answer}");
        drain(&run.node).await;
        let shipments = run.node.store.shipments_for_order("acme", "4217").await.expect("shipments");
        assert!(!shipments.is_empty(), "order 4217 to Lyon shipped");
        assert!(
            shipments.iter().all(|s| s.destination_country.as_str() == "FR" && s.status == ShipmentStatus::Labelled),
            "{shipments:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn standard_webhooks_orders_ship_and_stale_ones_are_refused_with_the_reason() {
    on_each_backend("standard webhooks", |backend| async move {
        use crossdock::ingest::standard::{SigningSecret, sign};
        let run = start(backend).await;
        let secret: SigningSecret = "whsec_Y3Jvc3Nkb2NrLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE=".parse().expect("secret");
        let body = serde_json::to_vec(&serde_json::json!({
            "type": "order.created", "timestamp": "2026-11-24T13:32:11Z",
            "data": {
                "id": "A-1001", "currency": "EUR", "created_at": "2026-11-24T13:32:07Z",
                "ship_to": {"name": "Jan de Vries", "street": ["Damrak 1"], "city": "Amsterdam", "postal_code": "1012 LG", "country": "NL"},
                "lines": [{"id": "1", "sku": "CAP-01", "title": "Baseball cap", "quantity": 1,
                           "unit_price": {"amount": 1450, "currency": "EUR"}}],
                "shipping_paid": {"amount": 800, "currency": "EUR"},
                "total": {"amount": 2250, "currency": "EUR"}
            }
        }))
        .expect("json");
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64;
        let signed = |id: &str, at: i64| {
            headers(&[("webhook-id", id), ("webhook-timestamp", &at.to_string()), ("webhook-signature", &sign(&secret, id, at, &body))])
        };
        let (status, answer) = post_raw(run.addr, "/webhooks/standard/acme-std", signed("msg_stale", now - 600), body.clone()).await;
        assert_eq!(status, 401, "{answer}");
        assert!(answer.contains("too old"), "{answer}");
        let (status, answer) = post_raw(run.addr, "/webhooks/standard/acme-std", signed("msg_1", now), body.clone()).await;
        assert_eq!(status, 200, "{answer}");
        let (status, _) = post_raw(run.addr, "/webhooks/standard/unknown", signed("msg_2", now), body).await;
        assert_eq!(status, 401, "an unknown connection");
        drain(&run.node).await;
        let shipments = run.node.store.shipments_for_order("acme", "A-1001").await.expect("shipments");
        assert_eq!(shipments.len(), 1, "{shipments:?}");
        assert_eq!(shipments[0].status, ShipmentStatus::Labelled, "{:?}", shipments[0].hold_reason);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_order_voids_its_label() {
    on_each_backend("cancellation", |backend| async move {
        let run = start(backend).await;
        assert_eq!(post(run.addr, "d-7", order(1005, "SE", "Stockholm", "11143", "CAP-01"), None).await.0, 200);
        drain(&run.node).await;
        let id = "acme:1005:shenzhen";
        assert_eq!(run.node.store.shipment(id).await.expect("row").expect("shipment").status, ShipmentStatus::Labelled);

        let mut cancelled: serde_json::Value =
            serde_json::from_slice(&order(1005, "SE", "Stockholm", "11143", "CAP-01")).expect("json");
        cancelled["cancelled_at"] = serde_json::json!("2026-11-25T09:00:00Z");
        let body = serde_json::to_vec(&cancelled).expect("json");
        assert_eq!(post_topic(run.addr, "orders/cancelled", "d-8", body, None).await.0, 200);
        drain(&run.node).await;
        let shipment = run.node.store.shipment(id).await.expect("row").expect("shipment");
        assert_eq!((shipment.status.as_str(), shipment.hold_reason.as_deref()), ("voided", Some("order cancelled")));
        let runs = run.node.store.plugin_runs("acme", 100).await.expect("runs");
        assert!(runs.iter().any(|r| r.function == "void_label" && r.outcome == "ok"), "the carrier was asked to void");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shopify_order_replayed_under_the_cancelled_topic_voids_nothing() {
    on_each_backend("replayed under orders/cancelled", |backend| async move {
        let run = start(backend).await;
        let body = order(1006, "SE", "Stockholm", "11143", "CAP-01");
        assert_eq!(post(run.addr, "d-9", body.clone(), None).await.0, 200);
        drain(&run.node).await;
        let id = "acme:1006:shenzhen";
        assert_eq!(run.node.store.shipment(id).await.expect("row").expect("shipment").status, ShipmentStatus::Labelled);

        // The same signed body, a fresh webhook id, and only the unsigned topic header changed.
        assert_eq!(post_topic(run.addr, "orders/cancelled", "d-10", body, None).await.0, 200);
        drain(&run.node).await;
        let shipment = run.node.store.shipment(id).await.expect("row").expect("shipment");
        assert_eq!(shipment.status, ShipmentStatus::Labelled, "{:?}", shipment.hold_reason);
        let runs = run.node.store.plugin_runs("acme", 100).await.expect("runs");
        assert!(!runs.iter().any(|r| r.function == "void_label"), "no void was asked: {runs:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_woocommerce_order_is_cancelled_by_its_signed_status_whatever_the_topic_header() {
    on_each_backend("woocommerce cancellation from the body", |backend| async move {
        let run = start(backend).await;
        let sample: serde_json::Value = serde_json::from_slice(include_bytes!(
            "../../tests/fixtures/webhooks/woocommerce-order-created-sample.json"
        ))
        .expect("json");
        let post_woo = |topic: &'static str, delivery: &'static str, body: serde_json::Value| {
            let body = serde_json::to_vec(&body).expect("json");
            let signature = sign_b64(&Key::from_utf8("hush-acme-woo-secret"), &[&body]);
            let signed = headers(&[
                ("X-WC-Webhook-Topic", topic),
                ("X-WC-Webhook-Resource", "order"),
                ("X-WC-Webhook-Event", topic.trim_start_matches("order.")),
                ("X-WC-Webhook-Source", "https://boutique.example.fr/"),
                ("X-WC-Webhook-Delivery-ID", delivery),
                ("X-WC-Webhook-Signature", &signature),
            ]);
            post_raw(run.addr, "/webhooks/woocommerce/acme-woo", signed, body)
        };
        assert_eq!(post_woo("order.created", "w-1", sample.clone()).await.0, 200);
        drain(&run.node).await;
        let labelled = |s: &[crossdock::store::ShipmentRow]| {
            !s.is_empty() && s.iter().all(|s| s.status == ShipmentStatus::Labelled)
        };
        let shipments = run.node.store.shipments_for_order("acme", "4217").await.expect("shipments");
        assert!(labelled(&shipments), "{shipments:?}");

        // An update that is not a cancellation leaves the labels alone.
        assert_eq!(post_woo("order.updated", "w-2", sample.clone()).await.0, 200);
        drain(&run.node).await;
        let shipments = run.node.store.shipments_for_order("acme", "4217").await.expect("shipments");
        assert!(labelled(&shipments), "{shipments:?}");

        // The signed status decides, even under the creation topic.
        let mut cancelled = sample;
        cancelled["status"] = serde_json::json!("cancelled");
        assert_eq!(post_woo("order.created", "w-3", cancelled).await.0, 200);
        drain(&run.node).await;
        let shipments = run.node.store.shipments_for_order("acme", "4217").await.expect("shipments");
        assert!(shipments.iter().all(|s| s.status == ShipmentStatus::Voided), "{shipments:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_return_whose_label_cannot_be_bought_is_held_with_the_reason() {
    on_each_backend("return label failure", |backend| async move {
        use crossdock::store::BindingChange;
        let run = start(backend).await;
        assert_eq!(post(run.addr, "d-11", order(1007, "SE", "Stockholm", "11143", "CAP-01"), None).await.0, 200);
        assert_eq!(post(run.addr, "d-12", order(1008, "SE", "Stockholm", "11143", "CAP-01"), None).await.0, 200);
        drain(&run.node).await;
        let refund = |id: u64, order: u64| {
            serde_json::to_vec(&serde_json::json!({"id": id, "order_id": order, "created_at": "2026-11-25T09:00:00Z",
                "refund_line_items": [{"quantity": 1, "restock_type": "return", "line_item_id": order * 10,
                                       "line_item": {"sku": "CAP-01", "price": "19.99"}}]}))
            .expect("json")
        };
        // With a carrier: approved, then labelled.
        assert_eq!(post_topic(run.addr, "refunds/create", "d-13", refund(81, 1007), None).await.0, 200);
        drain(&run.node).await;
        let labelled = run.node.store.return_by_id("acme:refund-81").await.expect("read").expect("return");
        assert_eq!((labelled.status.as_str(), labelled.hold_reason.as_deref()), ("labelled", None));
        assert!(labelled.tracking_number.is_some(), "{labelled:?}");

        // Without one, the approved return is held, saying why — never left "approved" without a label.
        let off = BindingChange { enabled: Some(false), ..BindingChange::default() };
        run.node.store.change_binding("acme", "EU", "carrier-table-rate", &off).await.expect("carrier off");
        assert_eq!(post_topic(run.addr, "refunds/create", "d-14", refund(82, 1008), None).await.0, 200);
        drain(&run.node).await;
        let held = run.node.store.return_by_id("acme:refund-82").await.expect("read").expect("return");
        assert_eq!(held.status, ReturnStatus::Held, "{held:?}");
        let reason = held.hold_reason.unwrap_or_default();
        assert!(reason.contains("no return label") && reason.contains("no carrier"), "{reason}");
        assert!(held.decision_json.is_some_and(|d| d.contains("\"approved\":true")), "the decision is kept");
    })
    .await;
}
