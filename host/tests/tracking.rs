//! Carriers in the pipeline, against the DHL double: what the core does with a carrier's
//! errors (another carrier, or a hold that says why), and tracking — the tracker polls the
//! carrier of every labelled shipment through its plugin and records the run and the carrier's
//! events; a carrier that still reports `pre_transit` leaves the shipment `labelled`. The
//! public tracking page shows those events with the merchant's branding.

mod support;

use crossdock::domain::{Platform, Policy, ShipmentStatus};
use std::sync::Arc;
use std::time::Duration;

use crossdock::app::Node;
use crossdock::cli::serve::ServeArgs;
use crossdock::clock::Clock;
use crossdock::store::{BindingChange, NewEvent};
use crossdock::worker::{WorkerConfig, work_once};
use fake_carriers::FakeCarriers;
use support::wasm;

fn order(id: u64) -> serde_json::Value {
    serde_json::json!({
        "id": id, "created_at": "2026-11-24T10:00:00Z", "currency": "EUR", "total_price": "51.98",
        "line_items": [{"id": id * 10, "sku": "CAP-01", "title": "Cap", "quantity": 1, "price": "14.50", "requires_shipping": true}],
        "shipping_lines": [{"price": "9.00"}],
        "shipping_address": {"name": "A B", "address1": "Kungsgatan 1", "city": "Stockholm", "zip": "11143", "country_code": "SE", "phone": "+46 8 123 456"},
    })
}

async fn enqueue(node: &Node, id: u64) {
    store_event(node, &format!("t-{id}"), "orders/create", &order(id)).await;
    while work_once(&node.pipeline, &WorkerConfig::default(), "test").await.expect("work") {}
}

/// Stores a Shopify event as ingest would, without processing it.
async fn store_event(node: &Node, delivery: &str, topic: &str, body: &serde_json::Value) {
    node.store
        .enqueue(NewEvent {
            connection_id: "acme-shopify".into(),
            merchant_id: "acme".into(),
            platform: Platform::Shopify,
            delivery_id: delivery.into(),
            topic: topic.into(),
            body: serde_json::to_vec(body).expect("json"),
            received_at_ms: node.pipeline.clock.now_ms(),
        })
        .await
        .expect("enqueue");
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_millis() as i64
}

fn args(dir: &std::path::Path, setup: &str) -> ServeArgs {
    let path = dir.join("crossdock.toml");
    std::fs::write(&path, setup).expect("setup");
    ServeArgs {
        listen: "127.0.0.1:0".parse().expect("addr"),
        data_dir: dir.join("data"),
        database_url: None,
        config: Some(path),
        plugins: vec![
            wasm("customs_eu"),
            wasm("carrier_table_rate"),
            wasm("returns_standard"),
            wasm("carrier_dhl_express"),
        ],
        plugins_dirs: Vec::new(),
        workers: 1,
        max_attempts: 3,
        lease_secs: 60,
        track_every_secs: 300,
        // DHL quotes in its billing currency; offers are compared in the order's.
        fx: Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/fx.json")),
        body_limit: 1 << 20,
        plugin_limit: 1 << 20,
        operator_token: None,
        allow_internal_hosts: vec!["127.0.0.1".into()],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tracking_page_shows_the_carriers_events_with_the_merchants_branding() {
    let carriers = FakeCarriers::start();
    let dir = tempfile::tempdir().expect("dir");
    let branded = crossdock::cli::demo::SETUP.replacen(
        "currency = \"EUR\"\n",
        "currency = \"EUR\"\n\n[merchant.branding]\nlogo_url = \"https://cdn.acme.test/logo.png\"\nprimary_color = \"#0a7f5a\"\nsupport_email = \"help@acme.test\"\n",
        1,
    );
    // DHL instead of the table-rate carrier in the EU, against the DHL double.
    let node = with_dhl(&carriers, dir.path(), &branded, false).await;
    enqueue(&node, 51).await;
    let shipment = node.store.shipments_for_order("acme", "51").await.expect("shipments").remove(0);
    assert_eq!(
        (shipment.status.as_str(), shipment.carrier.as_deref()),
        ("labelled", Some("carrier-dhl-express")),
        "{shipment:?}"
    );
    let number = shipment.tracking_number.clone().expect("a waybill");
    let auth =
        carriers.requests_to("dhl").iter().all(|r| r.header("authorization").is_some_and(|a| a.starts_with("Basic ")));
    assert!(auth, "the binding's secrets reached DHL as Basic credentials");

    assert_eq!(node.pipeline.track_once(100).await.expect("track"), 1, "the waybill moved");
    node.pipeline.track_once(100).await.expect("track again");
    let (events, _eta) = node.store.tracking_of(&shipment.id).await.expect("events");
    assert!(events.len() > 1, "{events:?}");
    let mut deduped = events.clone();
    deduped.dedup();
    assert_eq!(deduped.len(), events.len(), "polling twice stores each event once");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = crossdock::server::router(Arc::new(crossdock::app::AppState::new(&node, None)), 1 << 20);
    tokio::spawn(async move { axum::serve(listener, app).await });
    let fetch = |path: String, accept: &'static str| {
        tokio::task::spawn_blocking(move || {
            let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
            let mut response =
                agent.get(format!("http://{addr}{path}")).header("Accept", accept).call().expect("answer");
            (response.status().as_u16(), response.body_mut().read_to_string().expect("body"))
        })
    };
    let (status, html) = fetch(format!("/track/{number}"), "text/html").await.expect("client");
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("https://cdn.acme.test/logo.png") && html.contains("#0a7f5a"), "branded: {html}");
    assert!(html.contains(&number) && html.contains("help@acme.test"), "{html}");
    let newest = &events[0];
    assert!(html.contains(&newest.description.replace('&', "&amp;")), "the newest event is shown: {html}");
    assert!(!html.contains("CAP-01") && !html.contains("Kungsgatan"), "no order contents or address on a public page");

    let (status, json) = fetch(format!("/track/{number}"), "application/json").await.expect("client");
    assert_eq!(status, 200, "{json}");
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["carrier"], "carrier-dhl-express");
    assert_eq!(json["events"].as_array().map(Vec::len), Some(events.len()));

    let (status, _) = fetch("/track/NO-SUCH-NUMBER".into(), "text/html").await.expect("client");
    assert_eq!(status, 404);
}

/// The demo merchant with DHL (against `carriers`) bound in the EU before the table-rate
/// carrier, which is switched on or off.
async fn with_dhl(carriers: &FakeCarriers, dir: &std::path::Path, setup: &str, table_rate: bool) -> Node {
    let node = Node::start(&args(dir, setup)).await.expect("node");
    bind(&node, carriers, "dhl", table_rate).await;
    node
}

/// Binds DHL Express or UPS (against `carriers`) in the EU before the table-rate carrier,
/// which is switched on or off.
async fn bind(node: &Node, carriers: &FakeCarriers, carrier: &str, table_rate: bool) {
    let (plugin, config, secrets) = match carrier {
        "dhl" => (
            "carrier-dhl-express",
            serde_json::json!({"base_url": carriers.base_url("dhl"), "account_number": "123456789"}),
            vec![("username".into(), "acme-dhl".into()), ("password".into(), "s3cret".into())],
        ),
        _ => (
            "carrier-ups",
            serde_json::json!({"base_url": carriers.base_url("ups"), "account_number": "A1B2C3"}),
            vec![("client_id".into(), "acme-ups".into()), ("client_secret".into(), "s3cret".into())],
        ),
    };
    let change = BindingChange {
        enabled: Some(true),
        priority: Some(0),
        config_json: Some(config.to_string()),
        allow_hosts: Some(vec![carriers.host()]),
        secrets,
    };
    node.store.change_binding("acme", "EU", plugin, &change).await.expect("bind the carrier");
    let table = BindingChange { enabled: Some(table_rate), ..BindingChange::default() };
    node.store.change_binding("acme", "EU", "carrier-table-rate", &table).await.expect("table-rate");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_carrier_that_is_unavailable_is_passed_over_for_the_next() {
    let carriers = FakeCarriers::start();
    carriers.set_mode("dhl", fake_carriers::Mode::Unavailable);
    let dir = tempfile::tempdir().expect("dir");
    let node = with_dhl(&carriers, dir.path(), crossdock::cli::demo::SETUP, true).await;
    enqueue(&node, 61).await;
    let shipment = node.store.shipments_for_order("acme", "61").await.expect("shipments").remove(0);
    assert_eq!((shipment.status.as_str(), shipment.carrier.as_deref()), ("labelled", Some("carrier-table-rate")));
    let runs = node.store.plugin_runs("acme", 100).await.expect("runs");
    let dhl = runs.iter().find(|r| r.plugin_name == "carrier-dhl-express" && r.function == "rate").expect("DHL asked");
    assert_eq!(dhl.outcome, "declined");
    assert!(dhl.error.as_deref().is_some_and(|e| e.contains("unavailable")), "{:?}", dhl.error);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_carrier_that_quotes_but_cannot_make_the_label_gives_way_to_the_next_offer() {
    let carriers = FakeCarriers::start();
    carriers.set_mode("dhl", fake_carriers::Mode::LabelsUnavailable);
    let dir = tempfile::tempdir().expect("dir");
    let node = with_dhl(&carriers, dir.path(), crossdock::cli::demo::SETUP, true).await;
    // DHL Express is the fastest offer, so it is chosen first.
    node.store.set_market_policy("acme", "EU", Policy::Fastest, None).await.expect("policy");
    enqueue(&node, 64).await;
    let shipment = node.store.shipments_for_order("acme", "64").await.expect("shipments").remove(0);
    assert_eq!((shipment.status.as_str(), shipment.carrier.as_deref()), ("labelled", Some("carrier-table-rate")));
    let runs = node.store.plugin_runs("acme", 100).await.expect("runs");
    let label = |plugin: &str| runs.iter().find(|r| r.plugin_name == plugin && r.function == "create_label").cloned();
    let dhl = label("carrier-dhl-express").expect("DHL was asked for the label first");
    assert_eq!(dhl.outcome, "declined", "{dhl:?}");
    assert_eq!(label("carrier-table-rate").map(|r| r.outcome), Some("ok".into()));
    assert!(carriers.requests_to("dhl").iter().any(|r| r.path.starts_with("/shipments")), "DHL saw the label request");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_address_the_only_carrier_rejects_holds_the_shipment_saying_so() {
    let carriers = FakeCarriers::start();
    carriers.set_mode("dhl", fake_carriers::Mode::BadAddress);
    let dir = tempfile::tempdir().expect("dir");
    let node = with_dhl(&carriers, dir.path(), crossdock::cli::demo::SETUP, false).await;
    enqueue(&node, 62).await;
    let shipment = node.store.shipments_for_order("acme", "62").await.expect("shipments").remove(0);
    assert_eq!(shipment.status, ShipmentStatus::Held, "{shipment:?}");
    let reason = shipment.hold_reason.unwrap_or_default();
    assert!(reason.contains("carrier-dhl-express") && reason.contains("address"), "{reason}");
    let dead = node.store.dead_letters("acme", 10).await.expect("dead letters");
    assert!(dead.is_empty(), "a rejected address is a hold, not a failure to retry");
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_credentials_hold_the_shipment_naming_the_carrier() {
    let carriers = FakeCarriers::start();
    carriers.set_mode("dhl", fake_carriers::Mode::RejectAuth);
    let dir = tempfile::tempdir().expect("dir");
    let node = with_dhl(&carriers, dir.path(), crossdock::cli::demo::SETUP, false).await;
    enqueue(&node, 63).await;
    let shipment = node.store.shipments_for_order("acme", "63").await.expect("shipments").remove(0);
    assert_eq!(shipment.status, ShipmentStatus::Held, "{shipment:?}");
    let reason = shipment.hold_reason.unwrap_or_default();
    assert!(reason.contains("carrier-dhl-express") && reason.to_lowercase().contains("credentials"), "{reason}");
}

#[tokio::test(flavor = "multi_thread")]
async fn branding_that_could_break_out_of_the_page_is_refused_at_start() {
    let dir = tempfile::tempdir().expect("dir");
    let hostile = crossdock::cli::demo::SETUP.replacen(
        "currency = \"EUR\"\n",
        "currency = \"EUR\"\n\n[merchant.branding]\nprimary_color = \"red;}body{display:none\"\n",
        1,
    );
    let error = Node::start(&args(dir.path(), &hostile)).await.err().expect("refused");
    assert!(format!("{error:#}").contains("primary_color"), "{error:#}");
}

#[tokio::test(flavor = "multi_thread")]
async fn labelled_shipments_are_tracked_through_their_carrier_plugin() {
    let dir = tempfile::tempdir().expect("dir");
    let setup = dir.path().join("crossdock.toml");
    std::fs::write(&setup, crossdock::cli::demo::SETUP).expect("setup");
    let args = ServeArgs {
        listen: "127.0.0.1:0".parse().expect("addr"),
        data_dir: dir.path().join("data"),
        database_url: None,
        config: Some(setup),
        plugins: vec![wasm("customs_eu"), wasm("carrier_table_rate"), wasm("returns_standard")],
        plugins_dirs: Vec::new(),
        workers: 1,
        max_attempts: 3,
        lease_secs: 60,
        track_every_secs: 300,
        fx: None,
        body_limit: 1 << 20,
        plugin_limit: 1 << 20,
        operator_token: None,
        allow_internal_hosts: vec!["127.0.0.1".into()],
    };
    let node = Node::start(&args).await.expect("node");
    let body = serde_json::json!({
        "id": 42, "created_at": "2026-11-24T10:00:00Z", "currency": "EUR", "total_price": "51.98",
        "line_items": [{"id": 420, "sku": "CAP-01", "title": "Cap", "quantity": 1, "price": "14.50", "requires_shipping": true}],
        "shipping_lines": [{"price": "9.00"}],
        "shipping_address": {"name": "A B", "address1": "Kungsgatan 1", "city": "Stockholm", "zip": "11143", "country_code": "SE", "phone": "+46 8 123 456"},
    });
    node.store
        .enqueue(NewEvent {
            connection_id: "acme-shopify".into(),
            merchant_id: "acme".into(),
            platform: Platform::Shopify,
            delivery_id: "t-1".into(),
            topic: "orders/create".into(),
            body: serde_json::to_vec(&body).expect("json"),
            received_at_ms: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("clock")
                .as_millis() as i64,
        })
        .await
        .expect("enqueue");
    while work_once(&node.pipeline, &WorkerConfig::default(), "test").await.expect("work") {}
    let dead = node.store.dead_letters("acme", 10).await.expect("dead letters");
    assert!(dead.is_empty(), "{:?}", dead.iter().map(|e| e.last_error.clone()).collect::<Vec<_>>());
    let shipments = node.store.shipments_for_order("acme", "42").await.expect("shipments");
    assert_eq!(shipments.len(), 1);
    assert_eq!(shipments[0].status, ShipmentStatus::Labelled, "{:?}", shipments[0].hold_reason);

    let changed = node.pipeline.track_once(100).await.expect("track");
    assert_eq!(changed, 0, "the table-rate carrier reports pre_transit");
    let runs = node.store.plugin_runs("acme", 100).await.expect("runs");
    let track = runs.iter().find(|r| r.function == "track").expect("a track run is recorded");
    assert_eq!((track.plugin_name.as_str(), track.outcome.as_str()), ("carrier-table-rate", "ok"));
    assert_eq!(
        node.store.shipment(&shipments[0].id).await.expect("row").expect("shipment").status,
        ShipmentStatus::Labelled
    );
}

/// Serves `node` on a loopback port; `GET path` with `accept` answers (status, body).
async fn serve_pages(node: &Node) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = crossdock::server::router(Arc::new(crossdock::app::AppState::new(node, None)), 1 << 20);
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

async fn fetch(addr: std::net::SocketAddr, path: String, accept: &'static str) -> (u16, String) {
    tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut response = agent.get(format!("http://{addr}{path}")).header("Accept", accept).call().expect("answer");
        (response.status().as_u16(), response.body_mut().read_to_string().expect("body"))
    })
    .await
    .expect("client")
}

#[tokio::test(flavor = "multi_thread")]
async fn another_merchant_minting_the_same_tracking_number_never_shows_its_branding_on_the_link() {
    let dir = tempfile::tempdir().expect("dir");
    let branded = crossdock::cli::demo::SETUP.replacen(
        "currency = \"EUR\"\n",
        "currency = \"EUR\"\n\n[merchant.branding]\nlogo_url = \"https://cdn.acme.test/logo.png\"\n",
        1,
    );
    let mut args = args(dir.path(), &branded);
    args.plugins.pop(); // the table-rate carrier labels
    let node = Node::start(&args).await.expect("node");
    enqueue(&node, 71).await;
    let shipment = node.store.shipments_for_order("acme", "71").await.expect("shipments").remove(0);
    let number = shipment.tracking_number.clone().expect("a tracking number");

    // Globex's own carrier answers with Acme's tracking number for a newer shipment of Globex.
    let globex = "globex";
    node.store.upsert_merchant(globex, "Globex", "USD".parse().expect("currency")).await.expect("merchant");
    node.store.set_branding(globex, r#"{"logo_url": "https://evil.test/logo.png"}"#).await.expect("branding");
    let mut order = node.store.order("acme", "71").await.expect("order").expect("the order");
    order.merchant_id = globex.into();
    node.store.upsert_order(&order).await.expect("order");
    let mut minted = shipment.clone();
    minted.id = format!("{globex}:71:shenzhen");
    minted.merchant_id = globex.into();
    minted.created_at_ms += 60_000;
    minted.updated_at_ms += 60_000;
    assert!(node.store.insert_shipment_if_absent(&minted).await.expect("shipment"));

    let addr = serve_pages(&node).await;
    // The old unscoped link is now ambiguous: no merchant's page, a request for the full link.
    for accept in ["text/html", "application/json"] {
        let (status, body) = fetch(addr, format!("/track/{number}"), accept).await;
        assert_eq!(status, 409, "{body}");
        assert!(!body.contains("evil.test") && !body.contains("Globex"), "never the other merchant's page: {body}");
        assert!(!body.contains("cdn.acme.test"), "{body}");
        assert!(body.contains("full") || body.contains("link"), "says what to do: {body}");
    }
    // The link Acme gives out is scoped to Acme: its own page, its own branding.
    let (status, view) = serve_api_shipment(&node, addr, &shipment.id).await;
    assert_eq!(status, 200, "{view}");
    let link = view["tracking_url"].as_str().expect("the API gives the tracking link").to_owned();
    assert_eq!(link, format!("/track/acme/{number}"));
    let (status, html) = fetch(addr, link, "text/html").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("cdn.acme.test") && !html.contains("evil.test"), "{html}");
    // Globex's scoped link shows Globex's own shipment only.
    let (status, html) = fetch(addr, format!("/track/{globex}/{number}"), "text/html").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("evil.test") && !html.contains("cdn.acme.test"), "{html}");
    assert_eq!(fetch(addr, format!("/track/nobody/{number}"), "text/html").await.0, 404);
}

/// `GET /api/v1/shipments/{id}` with a fresh admin token of Acme.
async fn serve_api_shipment(node: &Node, addr: std::net::SocketAddr, id: &str) -> (u16, serde_json::Value) {
    let token = crossdock::api::new_token().expect("randomness");
    node.store.create_token("acme", "read", &crossdock::api::hash_token(&token)).await.expect("token");
    let client = crossdock::cli::client::Client::new(&format!("http://{addr}"), Some(token));
    let path = format!("/api/v1/shipments/{}", crossdock::cli::client::segment(id));
    tokio::task::spawn_blocking(move || {
        let (status, bytes) = client
            .send_raw(crossdock::cli::client::Method::Get, &path, crossdock::cli::client::Body::None)
            .expect("an answer");
        (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
    })
    .await
    .expect("client")
}

/// Waits until the inbox lease of event 1 and the claim on `shipment` both reach `until_ms`
/// (renewed by the heartbeat at the manual clock's time), re-reading them after letting the
/// other tasks run; panics, saying how far each got, if they do not within 30 s.
async fn renewed(node: &Node, database: &std::path::Path, shipment: &str, until_ms: i64) {
    use sqlx::Connection;
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(database).read_only(true);
    let mut db = sqlx::SqliteConnection::connect_with(&options).await.expect("the node's database");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let lease = node.store.event(1).await.expect("read").expect("event").available_at_ms;
        // The claim's expiry is not part of a shipment's row as the store returns it.
        let claim: Option<i64> = sqlx::query_scalar("SELECT locked_until_ms FROM shipments WHERE id = ?")
            .bind(shipment)
            .fetch_optional(&mut db)
            .await
            .expect("the claim")
            .flatten();
        if lease >= until_ms && claim.is_some_and(|c| c >= until_ms) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the lease ({lease}) and the claim ({claim:?}) were not renewed to {until_ms}"
        );
        tokio::task::yield_now().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_carrier_and_a_short_lease_buy_one_label() {
    let carriers = FakeCarriers::start();
    let dir = tempfile::tempdir().expect("dir");
    let mut short = args(dir.path(), crossdock::cli::demo::SETUP);
    short.lease_secs = 3;
    let (clock, hand) = Clock::manual(crossdock::clock::system_now_ms());
    let node = Node::start_with_clock(&short, clock).await.expect("node");
    bind(&node, &carriers, "dhl", false).await;
    // DHL answers rating and the label only when the test lets it, after the node's clock has
    // moved far beyond the 3 s lease and shipment claim.
    carriers.set_mode("dhl", fake_carriers::Mode::Held);
    store_event(&node, "t-66", "orders/create", &order(66)).await;
    let shipment = "acme:66:shenzhen";
    let database = short.data_dir.join(crossdock::store::SQLITE_FILE_NAME);

    let lease = Duration::from_secs(3);
    let config = WorkerConfig { lease, ..WorkerConfig::default() };
    let first = {
        let (pipeline, config) = (node.pipeline.clone(), config.clone());
        tokio::spawn(async move { work_once(&pipeline, &config, "worker-a").await })
    };
    // A second worker looks for due work at every step of the clock while the first waits on
    // the carrier: twice the lease per call to DHL, a heartbeat period at a time, each step
    // once the heartbeat has renewed the lease and the claim from the clock's new time.
    let mut second = Vec::new();
    for n in 1.. {
        let call = tokio::time::timeout(Duration::from_secs(60), carriers.held("dhl", n))
            .await
            .unwrap_or_else(|_| panic!("worker-a never made call {n} to DHL (worker-b: {second:?})"));
        for _ in 0..6 {
            hand.advance(lease / 3);
            renewed(&node, &database, shipment, hand.now_ms() + lease.as_millis() as i64).await;
            second.push(work_once(&node.pipeline, &config, "worker-b").await.map_err(|e| e.to_string()));
        }
        carriers.release("dhl");
        if call.path.starts_with("/shipments") {
            break;
        }
    }
    let first = tokio::time::timeout(Duration::from_secs(180), first).await.expect("worker-a finishes").expect("join");
    second.push(work_once(&node.pipeline, &config, "worker-b").await.map_err(|e| e.to_string()));

    let purchases = carriers.requests_to("dhl").iter().filter(|r| r.path.starts_with("/shipments")).count();
    assert_eq!(purchases, 1, "one label bought (worker-a: {first:?}, worker-b: {second:?})");
    // Whichever worker claimed the event first kept it to the end; the other never had it.
    let processed = usize::from(first.expect("worker-a settles what it claims"))
        + second.iter().map(|o| usize::from(*o.as_ref().expect("worker-b settles what it claims"))).sum::<usize>();
    assert_eq!(processed, 1, "the event was processed once: worker-b {second:?}");
    let shipment = node.store.shipments_for_order("acme", "66").await.expect("shipments").remove(0);
    assert_eq!((shipment.status.as_str(), shipment.carrier.as_deref()), ("labelled", Some("carrier-dhl-express")));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_void_the_carrier_fails_is_retried_until_it_succeeds() {
    let carriers = FakeCarriers::start();
    let dir = tempfile::tempdir().expect("dir");
    let mut with_ups = args(dir.path(), crossdock::cli::demo::SETUP);
    with_ups.plugins.push(wasm("carrier_ups"));
    let node = Node::start(&with_ups).await.expect("node");
    bind(&node, &carriers, "ups", false).await;
    enqueue(&node, 67).await;
    let id = "acme:67:shenzhen";
    let labelled = node.store.shipment(id).await.expect("read").expect("shipment");
    assert_eq!((labelled.status.as_str(), labelled.carrier.as_deref()), ("labelled", Some("carrier-ups")));

    carriers.set_mode("ups", fake_carriers::Mode::Unavailable);
    let mut cancelled = order(67);
    cancelled["cancelled_at"] = serde_json::json!("2026-11-25T09:00:00Z");
    store_event(&node, "t-67-cancel", "orders/cancelled", &cancelled).await;
    while work_once(&node.pipeline, &WorkerConfig::default(), "test").await.expect("work") {}
    let pending = node.store.shipment(id).await.expect("read").expect("shipment");
    assert_eq!(pending.status, ShipmentStatus::VoidPending, "{:?}", pending.hold_reason);
    let reason = pending.hold_reason.unwrap_or_default();
    assert!(reason.contains("will retry") && reason.contains("carrier-ups"), "{reason}");

    carriers.set_mode("ups", fake_carriers::Mode::Normal);
    assert_eq!(node.pipeline.retry_voids(now_ms()).await.expect("retry"), 0, "not due before its backoff");
    assert_eq!(node.pipeline.retry_voids(now_ms() + 120_000).await.expect("retry"), 1, "due after its backoff");
    let voided = node.store.shipment(id).await.expect("read").expect("shipment");
    assert_eq!((voided.status.as_str(), voided.hold_reason.as_deref()), ("voided", Some("order cancelled")));
    let runs = node.store.plugin_runs("acme", 100).await.expect("runs");
    let voids: Vec<&str> = runs.iter().filter(|r| r.function == "void_label").map(|r| r.outcome.as_str()).collect();
    assert_eq!(voids, ["ok", "declined"], "newest first: refused, then voided on retry");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plugin_that_keeps_failing_is_paused_for_its_binding_and_skipped() {
    let dir = tempfile::tempdir().expect("dir");
    let mut with_broken = args(dir.path(), crossdock::cli::demo::SETUP);
    with_broken.plugins.push(wasm("malformed"));
    let node = Node::start(&with_broken).await.expect("node");
    let on = BindingChange { enabled: Some(true), priority: Some(0), ..BindingChange::default() };
    node.store.change_binding("acme", "EU", "malformed", &on).await.expect("bind the broken customs plugin");
    let off = BindingChange { enabled: Some(false), ..BindingChange::default() };
    node.store.change_binding("acme", "EU", "customs-eu", &off).await.expect("customs-eu off");
    node.store.add_endpoint("acme", "http://127.0.0.1:9/hooks", "whsec-test").await.expect("endpoint");

    let threshold = crossdock::pipeline::breaker::THRESHOLD;
    for id in 0..u64::from(threshold) {
        enqueue(&node, 70 + id).await; // each call breaks the contract: a failure, retried later
    }
    let pauses = node.store.binding_pauses("acme", now_ms()).await.expect("pauses");
    assert_eq!(pauses.len(), 1, "{pauses:?}");
    assert_eq!((pauses[0].market.as_str(), pauses[0].plugin_name.as_str()), ("EU", "malformed"));
    assert!(pauses[0].failures >= threshold, "{pauses:?}");
    let told = node.store.outbound_for_merchant("acme", 100).await.expect("outbound");
    assert_eq!(told.iter().filter(|o| o.kind == "binding.paused").count(), 1, "the merchant is told once");

    let assessed = |runs: &[crossdock::store::PluginRunRow], shipment: &str| {
        runs.iter().filter(|r| r.function == "assess" && r.shipment_id.as_deref() == Some(shipment)).count()
    };
    enqueue(&node, 80).await;
    let held = node.store.shipment("acme:80:shenzhen").await.expect("read").expect("shipment");
    assert_eq!(held.status, ShipmentStatus::Held);
    let reason = held.hold_reason.unwrap_or_default();
    assert!(reason.contains("malformed") && reason.contains("paused") && reason.contains("resumes"), "{reason}");
    let runs = node.store.plugin_runs("acme", 200).await.expect("runs");
    assert_eq!(assessed(&runs, "acme:80:shenzhen"), 0, "a paused plugin is not called");

    // Enabling the binding again ends the pause: the next event calls the plugin.
    node.store.clear_binding_pause("acme", "EU", "malformed").await.expect("re-enable");
    enqueue(&node, 81).await;
    let runs = node.store.plugin_runs("acme", 200).await.expect("runs");
    assert_eq!(assessed(&runs, "acme:81:shenzhen"), 1, "called again after the pause");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_worker_that_lost_its_claim_records_no_label_and_voids_the_one_it_bought() {
    let carriers = FakeCarriers::start();
    let dir = tempfile::tempdir().expect("dir");
    let mut with_ups = args(dir.path(), crossdock::cli::demo::SETUP);
    with_ups.plugins.push(wasm("carrier_ups"));
    let node = Node::start(&with_ups).await.expect("node");
    bind(&node, &carriers, "ups", false).await;
    // UPS holds every call until the test lets it go.
    carriers.set_mode("ups", fake_carriers::Mode::Held);
    store_event(&node, "t-68", "orders/create", &order(68)).await;
    let id = "acme:68:shenzhen";

    let worker = {
        let pipeline = node.pipeline.clone();
        tokio::spawn(async move { work_once(&pipeline, &WorkerConfig::default(), "worker-a").await })
    };
    // Every call before the label's goes on. While UPS holds the label request, the claim
    // passes to another worker (as if worker-a had stalled past its claim).
    for n in 1.. {
        let call = tokio::time::timeout(Duration::from_secs(60), carriers.held("ups", n))
            .await
            .unwrap_or_else(|_| panic!("worker-a never made call {n} to UPS"));
        if call.method == "POST" && call.path.split('?').next().is_some_and(|p| p.ends_with("/ship")) {
            break;
        }
        carriers.release("ups");
    }
    node.store.release_shipment(id, "event-1-attempt-1").await.expect("release");
    assert!(node.store.claim_shipment(id, "thief", now_ms(), now_ms() + 600_000).await.expect("claim"), "taken over");
    carriers.set_mode("ups", fake_carriers::Mode::Normal);
    carriers.release("ups");
    let settled = tokio::time::timeout(Duration::from_secs(120), worker).await.expect("worker-a ends").expect("join");

    let shipment = node.store.shipment(id).await.expect("read").expect("shipment");
    assert_eq!((shipment.status.as_str(), shipment.tracking_number.as_deref()), ("pending", None), "nothing recorded");
    let runs = node.store.plugin_runs("acme", 100).await.expect("runs");
    let outcome = |f: &str| runs.iter().find(|r| r.function == f).map(|r| r.outcome.clone());
    assert_eq!(outcome("create_label").as_deref(), Some("ok"), "worker-a bought a label: {settled:?}");
    assert_eq!(outcome("void_label").as_deref(), Some("ok"), "and voided it: {runs:?}");
    assert!(carriers.requests_to("ups").iter().any(|r| r.method == "DELETE"), "UPS was asked to void");
    let event = node.store.event(1).await.expect("read").expect("event");
    assert_eq!(event.status, crossdock::store::EventStatus::Pending, "retried: {:?}", event.last_error);
    assert!(event.last_error.is_some_and(|e| e.contains("no longer claimed")), "the claim was lost");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_poll_puts_the_shipment_back_instead_of_taking_the_next_round_again() {
    let carriers = FakeCarriers::start();
    let dir = tempfile::tempdir().expect("dir");
    let node = with_dhl(&carriers, dir.path(), crossdock::cli::demo::SETUP, false).await;
    enqueue(&node, 69).await;
    let shipment = node.store.shipments_for_order("acme", "69").await.expect("shipments").remove(0);
    assert_eq!((shipment.status.as_str(), shipment.carrier.as_deref()), ("labelled", Some("carrier-dhl-express")));

    carriers.set_mode("dhl", fake_carriers::Mode::Unavailable);
    let tracks = |runs: &[crossdock::store::PluginRunRow]| runs.iter().filter(|r| r.function == "track").count();
    node.pipeline.track_once(200).await.expect("track");
    let runs = node.store.plugin_runs("acme", 100).await.expect("runs");
    assert_eq!(tracks(&runs), 1, "polled once: {runs:?}");
    node.pipeline.track_once(200).await.expect("track");
    let runs = node.store.plugin_runs("acme", 100).await.expect("runs");
    assert_eq!(tracks(&runs), 1, "the failed shipment waits its backoff instead of holding the next round's slot");
}

/// A labelled shipment of `merchant` with its order, last updated at `at`.
async fn in_flight(store: &crossdock::store::Store, merchant: &str, n: u32, at: i64) -> String {
    use crossdock::store::{OrderRow, ShipmentRow};
    let eur = "EUR".parse().expect("EUR");
    store.upsert_merchant(merchant, merchant, eur).await.expect("merchant");
    let order = OrderRow {
        merchant_id: merchant.into(),
        external_id: n.to_string(),
        platform: Platform::Shopify,
        event_id: 1,
        status: "accepted".into(),
        data_json: "{}".into(),
        updated_at_ms: at,
    };
    store.upsert_order(&order).await.expect("order");
    let id = format!("{merchant}:{n}:w");
    let shipment = ShipmentRow {
        id: id.clone(),
        merchant_id: merchant.into(),
        order_external_id: n.to_string(),
        warehouse_id: "w".into(),
        destination_country: "SE".parse().expect("SE"),
        status: ShipmentStatus::Labelled,
        hold_reason: None,
        carrier: Some("carrier-table-rate".into()),
        service_code: Some("standard".into()),
        tracking_number: Some(format!("TRK-{merchant}-{n}")),
        label_format: Some("pdf".into()),
        label: None,
        price: None,
        customs_json: None,
        invoice_json: None,
        created_at_ms: at,
        updated_at_ms: at,
    };
    store.insert_shipment_if_absent(&shipment).await.expect("shipment");
    id
}

const T0: i64 = 1_800_000_000_000;

#[tokio::test(flavor = "multi_thread")]
async fn one_merchants_failing_shipments_cannot_starve_another_merchants() {
    support::on_each_backend("tracker fairness", |db| async move {
        let store = crossdock::store::Store::open(&db.target()).await.expect("store");
        let mut big = Vec::new();
        for n in 0..5 {
            big.push(in_flight(&store, "big", n, T0 + i64::from(n)).await);
        }
        let small = in_flight(&store, "small", 0, T0 + 100).await;
        let round: Vec<String> =
            store.shipments_in_flight(2, T0).await.expect("due").into_iter().map(|s| s.id).collect();
        assert_eq!(round, [big[0].clone(), small.clone()], "one of each merchant before a second of either");

        // Polls that fail push their shipments back with exponential backoff.
        for id in &big[..4] {
            assert_eq!(store.record_poll_failure(id, T0, 60_000, 3_600_000).await.expect("failure"), T0 + 60_000);
        }
        let round: Vec<String> =
            store.shipments_in_flight(2, T0).await.expect("due").into_iter().map(|s| s.id).collect();
        assert_eq!(round, [big[4].clone(), small.clone()], "the failing shipments wait their turn");
        assert!(
            store.record_poll(&small, ShipmentStatus::Labelled, ShipmentStatus::InTransit, T0 + 1).await.expect("poll")
        );
        assert!(
            !store
                .record_poll(&small, ShipmentStatus::Labelled, ShipmentStatus::Delivered, T0 + 2)
                .await
                .expect("poll"),
            "compare-and-set"
        );
        let later: Vec<String> =
            store.shipments_in_flight(10, T0 + 60_000).await.expect("due").into_iter().map(|s| s.id).collect();
        assert_eq!(later.len(), 6, "all due again after the backoff: {later:?}");
        assert_eq!(later[1], small, "small's only shipment comes in the first round: {later:?}");
        let second = store.record_poll_failure(&big[0], T0 + 60_000, 60_000, 3_600_000).await.expect("failure");
        assert_eq!(second, T0 + 180_000, "the second failure in a row waits twice as long");
    })
    .await;
}
