//! The tracker polls the carrier of every labelled shipment through its plugin and records
//! the run; a carrier that still reports `pre_transit` leaves the shipment `labelled`.

mod support;

use crossdock::cli::serve::{Node, ServeArgs};
use crossdock::store::NewEvent;
use crossdock::worker::{WorkerConfig, work_once};
use support::wasm;

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
        workers: 1,
        max_attempts: 3,
        lease_secs: 60,
        track_every_secs: 300,
        fx: None,
        body_limit: 1 << 20,
        plugin_limit: 1 << 20,
        operator_token: None,
    };
    let node = Node::start(&args).await.expect("node");
    let body = serde_json::json!({
        "id": 42, "created_at": "2026-11-24T10:00:00Z", "currency": "EUR", "total_price": "51.98",
        "line_items": [{"id": 420, "sku": "CAP-01", "title": "Cap", "quantity": 1, "price": "14.50", "requires_shipping": true}],
        "shipping_lines": [{"price": "9.00"}],
        "shipping_address": {"name": "A B", "address1": "Kungsgatan 1", "city": "Stockholm", "zip": "11143", "country_code": "SE"},
    });
    node.store
        .enqueue(NewEvent {
            connection_id: "acme-shopify".into(),
            merchant_id: "acme".into(),
            platform: "shopify".into(),
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
    assert_eq!(shipments[0].status, "labelled", "{:?}", shipments[0].hold_reason);

    let changed = node.pipeline.track_once(100).await.expect("track");
    assert_eq!(changed, 0, "the table-rate carrier reports pre_transit");
    let runs = node.store.plugin_runs("acme", 100).await.expect("runs");
    let track = runs.iter().find(|r| r.function == "track").expect("a track run is recorded");
    assert_eq!((track.plugin_name.as_str(), track.outcome.as_str()), ("carrier-table-rate", "ok"));
    assert_eq!(node.store.shipment(&shipments[0].id).await.expect("row").expect("shipment").status, "labelled");
}
