//! End to end, in process but over real HTTP and a real database: signed storefront webhooks
//! go into `crossdock serve`'s router, through the durable inbox, and come out of the workers
//! as cleared, rated and labelled shipments, with every plugin run and outbound event recorded.
//! Each test starts its own node (`Node::start` with a setup file and the customs-eu,
//! carrier-table-rate and returns-standard plugins) on a fresh data directory and drives the
//! workers one event at a time with `work_once`, so what it asserts does not depend on timing.
//!
//! Every test runs twice: `<test>::sqlite` on the embedded store, and `<test>::postgres` on a
//! schema of its own when `CROSSDOCK_TEST_DATABASE_URL` is set (for example
//! `postgres://postgres@127.0.0.1:5432/test`); without it the PostgreSQL variant prints
//! "skipped: CROSSDOCK_TEST_DATABASE_URL is not set" and passes. The plugins must be built
//! first (`make test-plugins`).

#[path = "e2e/harness.rs"]
mod harness;
#[path = "e2e/payloads.rs"]
mod payloads;

use crossdock::domain::ShipmentStatus;
use std::time::Duration;

use crossdock::pipeline::process::Outcome;
use crossdock::worker::{self, WorkerConfig};
use crossdock_tests::fixture;
use crossdock_types::Assessment;
use harness::{Backend, Harness, Options};
use payloads::*;

/// `mod <test> { sqlite, postgres }` for each `async fn <test>(Backend)`.
macro_rules! on_both_backends {
    ($($test:ident),* $(,)?) => {$(
        mod $test {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$test(super::Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$test(super::Backend::Postgres).await;
            }
        }
    )*};
}

on_both_backends!(
    a_signed_order_to_berlin_is_cleared_rated_and_labelled,
    a_redelivery_is_answered_duplicate_and_ships_once,
    forged_unknown_unsigned_oversized_and_malformed_requests_store_nothing,
    the_shopify_sample_is_accepted_and_a_us_order_held_outside_every_market,
    a_standard_webhooks_order_ships_and_a_stale_one_is_refused,
    the_woocommerce_ping_stores_nothing_and_a_signed_order_ships_to_lyon,
    an_event_whose_worker_died_is_finished_by_another_after_the_lease,
    processing_an_event_twice_buys_one_label,
    an_order_created_and_paid_at_once_buys_one_label,
    a_line_without_an_hs_code_is_held_by_customs_without_a_label,
    an_order_that_cannot_be_normalised_is_dead_lettered_at_once,
    background_workers_drain_the_inbox,
);

const SHOPIFY: &str = "/webhooks/shopify";
const BERLIN_ORDER: u64 = 7_001_001;

fn shipment_id(order: impl std::fmt::Display) -> String {
    format!("acme:{order}:shenzhen")
}

/// POSTs a signed Shopify order and checks it was accepted; returns its inbox id.
async fn send_shopify(h: &Harness, body: &[u8], webhook_id: &str) -> i64 {
    let reply = h.post(SHOPIFY, &shopify_headers(body, webhook_id), body.to_vec()).await;
    assert_eq!((reply.status, reply.body["status"].as_str()), (200, Some("accepted")), "{reply:?}");
    reply.body["id"].as_i64().expect("the inbox id")
}

/// Checks `id` is the one shipment in the database, of any merchant or order.
async fn assert_only_shipment(h: &Harness, id: &str) {
    assert_eq!(h.all_shipment_ids().await, [id], "one order, one shipment");
}

/// Checks the shipment is labelled by the table-rate carrier with a PDF label.
async fn assert_labelled(h: &Harness, id: &str) {
    let s = h.shipment(id).await;
    assert_eq!((s.status.as_str(), s.hold_reason.as_deref()), ("labelled", None), "{id}");
    assert_eq!(s.carrier.as_deref(), Some("carrier-table-rate"));
    assert!(s.tracking_number.as_deref().is_some_and(|t| !t.is_empty()), "{id} has no tracking number");
    assert_eq!(s.label_format.as_deref(), Some("pdf"));
    assert!(s.label.as_deref().unwrap_or_default().starts_with(b"%PDF-"), "{id}: the label is not a PDF");
}

async fn a_signed_order_to_berlin_is_cleared_rated_and_labelled(backend: Backend) {
    let Some(h) = Harness::start(backend, Options { endpoint: true, ..Options::default() }).await else { return };
    let body = shopify_berlin_order(BERLIN_ORDER, TEES_AND_CAP);
    let event_id = send_shopify(&h, &body, "berlin-1").await;

    // The 200 came after the commit: the event is there, byte for byte, waiting for a worker.
    let event = h.node.store.event(event_id).await.expect("reading the inbox").expect("the acknowledged event");
    assert_eq!((event.platform.as_str(), event.connection_id.as_str()), ("shopify", "acme-shopify"));
    assert_eq!((event.delivery_id.as_str(), event.topic.as_str()), ("berlin-1", "orders/create"));
    assert!(event.body == body, "the inbox holds other bytes than were sent");
    assert_eq!(h.inbox().await.pending, 1);

    assert_eq!(h.drain().await, 1);
    let id = shipment_id(BERLIN_ORDER);
    assert_only_shipment(&h, &id).await;
    assert_labelled(&h, &id).await;
    let s = h.shipment(&id).await;
    let customs: Assessment = serde_json::from_str(s.customs_json.as_deref().expect("customs")).expect("an assessment");
    assert_eq!((customs.duty.currency.to_string(), customs.tax.currency.to_string()), ("EUR".into(), "EUR".into()));
    assert!(customs.duty.amount > 0 && customs.tax.amount > 0, "duty {} and VAT {}", customs.duty, customs.tax);
    let invoice: serde_json::Value =
        serde_json::from_str(s.invoice_json.as_deref().expect("an invoice")).expect("JSON");
    assert!(invoice.to_string().contains("Berlin"), "the invoice names the consignee: {invoice}");

    let runs = h.runs(&id).await;
    let calls: Vec<(&str, &str)> = runs.iter().map(|r| (r.function.as_str(), r.plugin_name.as_str())).collect();
    assert_eq!(
        calls,
        [("assess", "customs-eu"), ("rate", "carrier-table-rate"), ("create_label", "carrier-table-rate")]
    );
    for run in &runs {
        let plugin = h.node.registry.get(&run.plugin_name).expect("an installed plugin");
        assert_eq!(run.plugin_digest, plugin.digest.hex(), "{} digest", run.function);
        assert_eq!(run.outcome, "ok", "{}: {:?}", run.function, run.error);
        assert!(run.fuel.is_some_and(|f| f > 0), "{} burnt no fuel", run.function);
        assert_eq!((run.input_sha256.len(), run.event_id), (64, Some(event_id)));
    }
    assert_eq!(h.outbound_kinds().await, ["order.accepted", "customs.cleared", "label.created"]);
    assert_eq!(h.inbox().await.done, 1);
}

async fn a_redelivery_is_answered_duplicate_and_ships_once(backend: Backend) {
    let Some(h) = Harness::start(backend, Options::default()).await else { return };
    let body = shopify_berlin_order(BERLIN_ORDER, TEES_AND_CAP);
    let first = send_shopify(&h, &body, "berlin-1").await;
    let headers = shopify_headers(&body, "berlin-1");

    let reply = h.post(SHOPIFY, &headers, body.clone()).await;
    assert_eq!(
        (reply.status, reply.body["status"].as_str(), reply.body["id"].as_i64()),
        (200, Some("duplicate"), Some(first))
    );
    assert_eq!(h.inbox().await.pending, 1, "a redelivery is stored once");
    assert_eq!(h.drain().await, 1);
    // Shopify retries late, too: after the order shipped, a redelivery still changes nothing.
    let reply = h.post(SHOPIFY, &headers, body.clone()).await;
    assert_eq!((reply.status, reply.body["status"].as_str()), (200, Some("duplicate")), "{reply:?}");
    assert_eq!(h.drain().await, 0);

    let id = shipment_id(BERLIN_ORDER);
    assert_only_shipment(&h, &id).await;
    assert_labelled(&h, &id).await;
    assert_eq!(Harness::count(&h.runs(&id).await, "create_label"), 1);
    assert_eq!(h.outbound_kinds().await, Vec::<String>::new(), "acme has no endpoint to queue events for");
}

async fn forged_unknown_unsigned_oversized_and_malformed_requests_store_nothing(backend: Backend) {
    const LIMIT: usize = 16 * 1024;
    let Some(h) = Harness::start(backend, Options { body_limit: Some(LIMIT), ..Options::default() }).await else {
        return;
    };
    let body = shopify_berlin_order(BERLIN_ORDER, TEES_AND_CAP);
    let signed = shopify_headers(&body, "berlin-1");

    let forged = with(signed.clone(), "X-Shopify-Hmac-Sha256", Some(&hmac_b64("not-the-secret", &body)));
    let reply = h.post(SHOPIFY, &forged, body.clone()).await;
    assert_eq!((reply.status, reply.code()), (401, "bad_signature"), "{reply:?}");

    let unknown = with(signed.clone(), "X-Shopify-Shop-Domain", Some("evil.myshopify.com"));
    let reply = h.post(SHOPIFY, &unknown, body.clone()).await;
    // Answered exactly as a bad signature: the endpoint does not tell which shops exist.
    assert_eq!((reply.status, reply.code()), (401, "bad_signature"), "{reply:?}");

    let reply = h.post(SHOPIFY, &with(signed.clone(), "X-Shopify-Hmac-Sha256", None), body.clone()).await;
    assert_eq!(reply.status, 401, "{reply:?}");
    assert!(reply.message().contains("X-Shopify-Hmac-Sha256"), "{reply:?}");

    // Genuine and well-formed, but too large: the limit alone refuses it.
    let mut large = body.clone();
    large.resize(LIMIT + 1000, b' ');
    let reply = h.post(SHOPIFY, &shopify_headers(&large, "berlin-large"), large).await;
    assert_eq!(reply.status, 413, "{reply:?}");

    let broken = br#"{"id": 1, "line_items": ["#.to_vec();
    let reply = h.post(SHOPIFY, &shopify_headers(&broken, "berlin-broken"), broken).await;
    assert_eq!((reply.status, reply.code()), (400, "bad_json"), "{reply:?}");
    assert!(reply.message().contains("EOF while parsing") && reply.message().contains("line 1"), "{reply:?}");

    let counts = h.inbox().await;
    assert_eq!(
        (counts.pending, counts.processing, counts.done, counts.dead),
        (0, 0, 0, 0),
        "a refusal stored something"
    );
    // The control: the same delivery, signed, from the known shop, is taken.
    send_shopify(&h, &body, "berlin-1").await;
    assert_eq!(h.inbox().await.pending, 1);
}

async fn the_shopify_sample_is_accepted_and_a_us_order_held_outside_every_market(backend: Backend) {
    let Some(h) = Harness::start(backend, Options::default()).await else { return };
    let sample = fixture(SHOPIFY_SAMPLE).into_bytes();
    assert_eq!(hmac_b64(SHOPIFY_SECRET, &sample), V1_HMAC, "vector V1 (is the fixture byte-exact?)");
    let reply = h.post(SHOPIFY, &shopify_headers_signed(V1_HMAC, "v1-delivery"), sample).await;
    assert_eq!((reply.status, reply.body["status"].as_str()), (200, Some("accepted")), "{reply:?}");
    // Shopify's test notification is of a cancelled order: processed, and nothing to ship.
    assert_eq!(h.drain().await, 1);
    assert_eq!((h.inbox().await.done, h.all_shipment_ids().await), (1, vec![]));

    // The same order, live, goes to the US, which no market of acme's includes.
    send_shopify(&h, &shopify_us_order(), "us-live").await;
    assert_eq!(h.drain().await, 1);
    let id = shipment_id(SHOPIFY_SAMPLE_ORDER);
    let s = h.shipment(&id).await;
    assert_eq!((s.status.as_str(), s.destination_country.to_string()), ("held", "US".to_owned()));
    assert!(s.hold_reason.as_deref().unwrap_or_default().contains("no market of this merchant includes US"), "{s:?}");
    assert!(h.runs(&id).await.is_empty(), "no plugin runs for a country outside every market");
    assert_eq!(h.inbox().await.done, 2);
}

async fn a_standard_webhooks_order_ships_and_a_stale_one_is_refused(backend: Backend) {
    let Some(h) = Harness::start(backend, Options::default()).await else { return };
    let body = generic_amsterdam_order("STD-1001");
    let path = "/webhooks/standard/acme-std";

    let stale = h.post(path, &standard_headers(&body, "msg_e2e_2", now_secs() - 600), body.clone()).await;
    assert_eq!((stale.status, stale.code()), (401, "stale_timestamp"), "{stale:?}");
    assert!(stale.message().contains("too old"), "{stale:?}");
    assert_eq!(h.inbox().await.pending, 0, "a stale delivery stored something");

    let reply = h.post(path, &standard_headers(&body, "msg_e2e_1", now_secs()), body).await;
    assert_eq!((reply.status, reply.body["status"].as_str()), (200, Some("accepted")), "{reply:?}");
    assert_eq!(h.drain().await, 1);
    let id = shipment_id("STD-1001");
    assert_only_shipment(&h, &id).await;
    assert_labelled(&h, &id).await;
    assert_eq!(h.shipment(&id).await.destination_country.to_string(), "NL");
}

async fn the_woocommerce_ping_stores_nothing_and_a_signed_order_ships_to_lyon(backend: Backend) {
    let Some(h) = Harness::start(backend, Options::default()).await else { return };
    let path = "/webhooks/woocommerce/acme-woo";
    let form = vec![("Content-Type".to_owned(), "application/x-www-form-urlencoded".to_owned())];
    let ping = h.post(path, &form, b"webhook_id=12".to_vec()).await;
    assert_eq!(
        (ping.status, ping.body["status"].as_str(), ping.body["webhook_id"].as_u64()),
        (200, Some("ping"), Some(12))
    );
    assert_eq!(h.inbox().await.pending, 0, "the ping was stored");

    let sample = fixture(WOO_SAMPLE).into_bytes();
    assert_eq!(hmac_b64(WOO_SECRET, &sample), V5_SIGNATURE, "vector V5 (is the fixture byte-exact?)");
    let reply = h.post(path, &woocommerce_headers(&sample, "6f1c0a93d2b84e7a9c55e0b1d4a7f321"), sample).await;
    assert_eq!((reply.status, reply.body["status"].as_str()), (200, Some("accepted")), "{reply:?}");
    assert_eq!(h.drain().await, 1);

    let id = shipment_id(4217);
    assert_only_shipment(&h, &id).await;
    assert_labelled(&h, &id).await;
    let s = h.shipment(&id).await;
    assert_eq!(s.destination_country.to_string(), "FR");
    assert!(s.invoice_json.as_deref().unwrap_or_default().contains("Lyon"), "{:?}", s.invoice_json);
}

async fn an_event_whose_worker_died_is_finished_by_another_after_the_lease(backend: Backend) {
    let Some(h) = Harness::start(backend, Options::default()).await else { return };
    let event_id = send_shopify(&h, &shopify_berlin_order(BERLIN_ORDER, TEES_AND_CAP), "berlin-1").await;
    let store = &h.node.store;
    let lease = Duration::from_secs(60);
    let claimed = store.claim("crashed-worker", lease, h.clock.now_ms()).await.expect("claim");
    assert_eq!(claimed.map(|e| e.id), Some(event_id));
    // The crashed worker never settles. While its lease lasts, nobody else takes the event.
    assert_eq!(h.drain().await, 0, "the event is leased to the crashed worker");
    h.clock.advance(lease + Duration::from_millis(1));

    assert_eq!(h.drain().await, 1, "another worker takes the event over");
    let id = shipment_id(BERLIN_ORDER);
    assert_only_shipment(&h, &id).await;
    assert_labelled(&h, &id).await;
    assert_eq!(Harness::count(&h.runs(&id).await, "create_label"), 1);
    let event = store.event(event_id).await.expect("the event").expect("the event");
    assert_eq!((event.status.as_str(), event.attempts), ("done", 2));
    assert!(store.complete(event_id, "crashed-worker").await.is_err(), "the dead worker's late settle is refused");
}

async fn processing_an_event_twice_buys_one_label(backend: Backend) {
    let Some(h) = Harness::start(backend, Options::default()).await else { return };
    let event_id = send_shopify(&h, &shopify_berlin_order(BERLIN_ORDER, TEES_AND_CAP), "berlin-1").await;
    let event = h.node.store.event(event_id).await.expect("the event").expect("the event");
    let id = shipment_id(BERLIN_ORDER);
    for attempt in 1..=2 {
        let outcome = h.node.pipeline.process(&event).await.unwrap_or_else(|e| panic!("attempt {attempt}: {e}"));
        assert_eq!(outcome, Outcome::Order(vec![(id.clone(), ShipmentStatus::Labelled)]), "attempt {attempt}");
    }
    assert_only_shipment(&h, &id).await;
    assert_labelled(&h, &id).await;
    let runs = h.runs(&id).await;
    assert_eq!((Harness::count(&runs, "assess"), Harness::count(&runs, "create_label")), (1, 1), "{runs:?}");
}

async fn an_order_created_and_paid_at_once_buys_one_label(backend: Backend) {
    let Some(h) = Harness::start(backend, Options::default()).await else { return };
    let body = shopify_berlin_order(BERLIN_ORDER, TEES_AND_CAP);
    send_shopify(&h, &body, "berlin-create").await;
    let paid = with(shopify_headers(&body, "berlin-paid"), "X-Shopify-Topic", Some("orders/paid"));
    let reply = h.post(SHOPIFY, &paid, body).await;
    assert_eq!((reply.status, reply.body["status"].as_str()), (200, Some("accepted")), "{reply:?}");

    // Two workers take the two events of one order at the same moment.
    let config = WorkerConfig::default();
    let (first, second) = tokio::join!(
        worker::work_once(&h.node.pipeline, &config, "worker-1"),
        worker::work_once(&h.node.pipeline, &config, "worker-2"),
    );
    assert_eq!((first.expect("worker 1"), second.expect("worker 2")), (true, true));
    assert_eq!(h.inbox().await.done, 2);
    let id = shipment_id(BERLIN_ORDER);
    assert_only_shipment(&h, &id).await;
    assert_labelled(&h, &id).await;
    let runs = h.runs(&id).await;
    assert_eq!((Harness::count(&runs, "assess"), Harness::count(&runs, "create_label")), (1, 1), "{runs:?}");
}

async fn a_line_without_an_hs_code_is_held_by_customs_without_a_label(backend: Backend) {
    let Some(h) = Harness::start(backend, Options::default()).await else { return };
    send_shopify(&h, &shopify_berlin_order(BERLIN_ORDER, &[("NOHS-1", 1, 2500)]), "berlin-nohs").await;
    assert_eq!(h.drain().await, 1);

    let id = shipment_id(BERLIN_ORDER);
    let s = h.shipment(&id).await;
    assert_eq!(s.status, ShipmentStatus::Held);
    let reason = s.hold_reason.unwrap_or_default();
    assert!(reason.starts_with("customs:") && reason.contains("NOHS-1 has no HS code"), "{reason}");
    assert_eq!((s.tracking_number, s.label), (None, None));
    let runs = h.runs(&id).await;
    let functions: Vec<&str> = runs.iter().map(|r| r.function.as_str()).collect();
    assert_eq!(functions, ["assess"], "customs holds the shipment before any carrier is asked");
}

async fn an_order_that_cannot_be_normalised_is_dead_lettered_at_once(backend: Backend) {
    let Some(h) = Harness::start(backend, Options::default()).await else { return };
    let event_id = send_shopify(&h, br#"{"id": 1}"#, "not-an-order").await;
    assert_eq!(h.drain().await, 1);

    let dead = h.node.store.dead_letters("acme", 10).await.expect("dead letters");
    assert_eq!(
        dead.iter().map(|e| (e.id, e.attempts)).collect::<Vec<_>>(),
        [(event_id, 1)],
        "dead at the first attempt"
    );
    let reason = dead[0].last_error.as_deref().unwrap_or_default();
    assert!(reason.contains("cannot be read") && reason.contains("lacks fields"), "{reason}");
    assert!(reason.contains("`line_items`") && reason.contains("`currency`"), "every missing field is named: {reason}");
    let counts = h.inbox().await;
    assert_eq!((counts.pending, counts.dead), (0, 1));
    assert!(h.all_shipment_ids().await.is_empty());
}

async fn background_workers_drain_the_inbox(backend: Backend) {
    let Some(h) = Harness::start(backend, Options::default()).await else { return };
    let orders = [7_003_001, 7_003_002, 7_003_003];
    for order in orders {
        send_shopify(&h, &shopify_berlin_order(order, TEES_AND_CAP), &format!("bg-{order}")).await;
    }
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let settled = std::sync::Arc::new(tokio::sync::Notify::new());
    let config = WorkerConfig { settled: Some(settled.clone()), ..WorkerConfig::default() };
    let workers = tokio::spawn(worker::run(h.node.pipeline.clone(), config, "bg".into(), stopped));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        let counts = h.inbox().await;
        if counts.done >= 3 {
            break;
        }
        let woken = tokio::time::timeout_at(deadline, settled.notified()).await;
        assert!(woken.is_ok(), "the workers left {counts:?}");
    }
    stop.send(true).expect("the workers listen");
    workers.await.expect("the workers stop");

    for order in orders {
        assert_labelled(&h, &shipment_id(order)).await;
    }
    assert_eq!(h.all_shipment_ids().await.len(), 3);
    let health = h.get("/healthz").await;
    assert_eq!((health.status, &health.body), (200, &serde_json::json!("ok")), "{health:?}");
}
