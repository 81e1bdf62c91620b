//! The operating endpoints over HTTP: `/metrics` after an order has gone through a node (its
//! webhook, the pipeline's stages and plugin calls, the carrier's HTTP, the outbound
//! deliveries, the tracker), parsed by a strict parser of the Prometheus text format; `/healthz`
//! without the store; `/readyz` naming what is not ready.
//!
//! The exposition is parsed with `openmetrics-parser` (a pest grammar of the Prometheus and
//! OpenMetrics text formats), which refuses a malformed line instead of skipping it.

mod support;

use std::sync::Arc;
use std::time::Duration;

use crossdock::app::{AppState, Node};
use crossdock::clock::Clock;
use crossdock::outbound::{DispatchConfig, dispatch_once};
use crossdock::store::BindingChange;
use fake_carriers::FakeCarriers;
use openmetrics_parser::prometheus::parse_prometheus;
use openmetrics_parser::{MetricsExposition, PrometheusType, PrometheusValue};
use support::{DEMO_SHOP, drain, post_shopify, wasm};

type Exposition = MetricsExposition<PrometheusType, PrometheusValue>;

/// The merchant of the demo setup.
const MERCHANT: &str = "acme";

fn order(id: u64) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "id": id, "created_at": "2026-11-24T10:00:00Z", "currency": "EUR", "total_price": "23.50",
        "line_items": [{"id": id * 10, "sku": "CAP-01", "title": "Cap", "quantity": 1, "price": "14.50", "requires_shipping": true}],
        "shipping_lines": [{"price": "9.00"}],
        "shipping_address": {"name": "A B", "address1": "Kungsgatan 1", "city": "Stockholm", "zip": "11143", "country_code": "SE", "phone": "+46 8 123 456"},
    }))
    .expect("json")
}

/// `GET path` on `addr`: status, content type and body.
async fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String, String) {
    let url = format!("http://{addr}{path}");
    tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut response = agent.get(&url).call().expect("an answer");
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        (response.status().as_u16(), content_type, response.body_mut().read_to_string().expect("a body"))
    })
    .await
    .expect("client")
}

/// Serves `node`'s routes on an ephemeral port.
async fn serve(node: &Node) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = crossdock::server::router(Arc::new(AppState::new(node, None)), 1 << 20);
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// An endpoint for the merchant's outbound events that takes everything.
async fn receiver() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app =
        axum::Router::new().route("/events", axum::routing::post(|| async { axum::http::StatusCode::NO_CONTENT }));
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/events")
}

/// The sum of a family's samples: counter and gauge values, histogram observation counts.
fn total(exposition: &Exposition, family: &str) -> f64 {
    let family = exposition.families.get(family).unwrap_or_else(|| panic!("no family {family}"));
    family
        .iter_samples()
        .map(|sample| match &sample.value {
            PrometheusValue::Counter(c) => c.value.as_f64(),
            PrometheusValue::Gauge(n) | PrometheusValue::Unknown(n) => n.as_f64(),
            PrometheusValue::Histogram(h) => h.count.unwrap_or(0) as f64,
            PrometheusValue::Summary(s) => s.count.unwrap_or(0) as f64,
        })
        .sum()
}

/// The values label `label` takes in `family`.
fn label_values(exposition: &Exposition, family: &str, label: &str) -> Vec<String> {
    let family = exposition.families.get(family).unwrap_or_else(|| panic!("no family {family}"));
    family.iter_samples().filter_map(|s| s.get_labelset().ok()?.get_label_value(label).map(str::to_owned)).collect()
}

#[test]
fn the_parser_refuses_what_is_not_the_text_format() {
    assert!(parse_prometheus("# TYPE x_total counter\nx_total 1\n").is_ok());
    for broken in ["x_total{a=\"b\" 1\n", "x_total one\n", "# TYPE x_total counter\nx_total{a=b} 1\n"] {
        assert!(parse_prometheus(broken).is_err(), "accepted: {broken:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_through_a_node_shows_in_every_family_without_the_merchant() {
    support::on_each_backend("metrics of an order", order_through_a_node).await;
}

async fn order_through_a_node(backend: support::Backend) {
    let carriers = FakeCarriers::start();
    // DHL is bound first but unavailable: its rate requests are answered 503 (carrier HTTP
    // errors), and the table-rate carrier makes the label.
    carriers.set_mode("dhl", fake_carriers::Mode::Unavailable);
    let mut args = support::serve_args(
        &backend,
        vec![wasm("customs_eu"), wasm("carrier_table_rate"), wasm("returns_standard"), wasm("carrier_dhl_express")],
    );
    let setup = args.config.clone().expect("a setup file");
    use base64::Engine as _;
    let secret = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode([7u8; 32]));
    let endpoint = format!("\n[[merchant.endpoint]]\nurl = \"{}\"\nsecret = \"{secret}\"\n", receiver().await);
    std::fs::write(&setup, format!("{}{endpoint}", crossdock::cli::demo::SETUP)).expect("setup");
    args.fx = Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/fx.json"));
    args.allow_internal_hosts = vec!["127.0.0.1".into()];
    let (clock, time) = Clock::manual(crossdock::clock::system_now_ms());
    let node = Node::start_with_clock(&args, clock.clone()).await.expect("node");
    let dhl = BindingChange {
        enabled: Some(true),
        priority: Some(0),
        config_json: Some(
            serde_json::json!({"base_url": carriers.base_url("dhl"), "account_number": "123456789"}).to_string(),
        ),
        allow_hosts: Some(vec![carriers.host()]),
        secrets: vec![("username".into(), "acme-dhl".into()), ("password".into(), "s3cret".into())],
    };
    node.store.change_binding(MERCHANT, "EU", "carrier-dhl-express", &dhl).await.expect("bind DHL");
    let addr = serve(&node).await;

    post_shopify(addr, "orders/create", "metrics-1", order(71)).await;
    drain(&node).await;
    let shipment = node.store.shipments_for_order(MERCHANT, "71").await.expect("shipments").remove(0);
    assert_eq!(shipment.status.as_str(), "labelled", "{shipment:?}");
    let outbound = DispatchConfig::for_node(&node.pipeline);
    while dispatch_once(&node.store, &outbound, "test").await.expect("dispatch") {}
    node.pipeline.track_once(100).await.expect("track");
    // A second order waits in the inbox while time passes: the inbox has an oldest pending
    // event, and the shipment's next poll falls due.
    post_shopify(addr, "orders/create", "metrics-2", order(72)).await;
    time.advance(Duration::from_secs(90));

    let (status, content_type, text) = get(addr, "/metrics").await;
    assert_eq!(status, 200, "{text}");
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    let exposition = parse_prometheus(&text).unwrap_or_else(|e| panic!("the exposition does not parse: {e:?}\n{text}"));

    for family in [
        "crossdock_webhooks_received_total",
        "crossdock_inbox_events",
        "crossdock_stage_duration_seconds",
        "crossdock_events_settled_total",
        "crossdock_plugin_calls_total",
        "crossdock_plugin_call_duration_seconds",
        "crossdock_plugin_call_fuel",
        "crossdock_carrier_http_request_duration_seconds",
        "crossdock_carrier_http_errors_total",
        "crossdock_outbound_deliveries_total",
        "crossdock_store_up",
    ] {
        assert!(total(&exposition, family) > 0.0, "{family} is zero:\n{text}");
    }
    assert_eq!(total(&exposition, "crossdock_inbox_oldest_pending_age_seconds"), 90.0, "{text}");
    assert_eq!(total(&exposition, "crossdock_tracker_lag_seconds"), 90.0, "{text}");
    let stages = label_values(&exposition, "crossdock_stage_duration_seconds", "stage");
    for stage in ["queue", "event", "customs", "rate", "label", "track"] {
        assert!(stages.iter().any(|s| s == stage), "stage {stage} timed: {stages:?}");
    }
    assert_eq!(label_values(&exposition, "crossdock_webhooks_received_total", "outcome"), ["accepted"]);
    let errors = label_values(&exposition, "crossdock_carrier_http_errors_total", "error");
    assert!(errors.iter().any(|e| e == "server_error"), "{errors:?}");
    assert_eq!(label_values(&exposition, "crossdock_carrier_http_errors_total", "host"), [carriers.host()]);
    let plugins = label_values(&exposition, "crossdock_plugin_calls_total", "plugin");
    assert!(["customs-eu", "carrier-dhl-express", "carrier-table-rate"].iter().all(|p| plugins.iter().any(|l| l == p)));
    assert_eq!(label_values(&exposition, "crossdock_outbound_deliveries_total", "status"), ["delivered"]);

    for family in exposition.families.values() {
        for sample in family.iter_samples() {
            let labels = sample.get_labelset().expect("a label set");
            for (name, value) in labels.iter() {
                assert!(
                    !value.contains(MERCHANT) && !value.contains(DEMO_SHOP),
                    "{} carries merchant data in {name}={value:?}",
                    family.family_name
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn healthz_stays_off_the_store_and_readyz_names_what_is_not_ready() {
    support::on_each_backend("health and readiness", health_and_readiness).await;
}

async fn health_and_readiness(backend: support::Backend) {
    let args =
        support::serve_args(&backend, vec![wasm("customs_eu"), wasm("carrier_table_rate"), wasm("returns_standard")]);
    let node = Node::start(&args).await.expect("node");
    let addr = serve(&node).await;

    let (status, _, body) = get(addr, "/readyz").await;
    assert_eq!(status, 503, "no worker runs yet: {body}");
    let ready: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(ready["failed"], serde_json::json!(["workers"]), "{ready}");

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let workers = tokio::spawn(crossdock::worker::run(
        node.pipeline.clone(),
        crossdock::worker::WorkerConfig::default(),
        "test".into(),
        stopped,
    ));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while node.pipeline.metrics().workers_running() == 0 {
        assert!(tokio::time::Instant::now() < deadline, "the workers did not start");
        tokio::task::yield_now().await;
    }
    let (status, _, body) = get(addr, "/readyz").await;
    assert_eq!(status, 200, "{body}");
    let ready: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(ready["status"], "ready");
    for check in ["database", "migrations", "plugins", "workers"] {
        assert_eq!(ready["checks"][check], "ok", "{ready}");
    }

    // The database goes away: the node is alive, but not ready, and says why.
    node.store.close().await;
    let (status, _, body) = get(addr, "/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok"), "liveness does not touch the store");
    let (status, _, body) = get(addr, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    let ready: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(ready["failed"], serde_json::json!(["database", "migrations"]), "{ready}");
    assert_eq!(ready["checks"]["database"], "unreachable");
    assert!(!body.contains(MERCHANT) && !body.contains(DEMO_SHOP), "{body}");
    let (status, _, text) = get(addr, "/metrics").await;
    assert_eq!(status, 200, "the metrics are served without the store: {text}");
    let exposition = parse_prometheus(&text).expect("parses");
    assert_eq!(total(&exposition, "crossdock_store_up"), 0.0);
    assert!(!exposition.families.contains_key("crossdock_inbox_events"), "no stale inbox figures: {text}");

    let _ = stop.send(true);
    workers.await.expect("the workers stop");
}
