//! The admin API over real HTTP, on SQLite and on PostgreSQL: authentication and scopes,
//! isolation between merchants on every endpoint, binding rules and config validation, plugin
//! uploads, the audit log, replays, and a toggle taking effect on the next event on another
//! node without a restart.

mod support;

use crossdock::domain::ShipmentStatus;
use std::net::SocketAddr;
use std::sync::Arc;

use crossdock::app::AppState;
use crossdock::app::Node;
use crossdock::cli::client::{Body, Client, Method};
use crossdock::cli::serve::ServeArgs;
use crossdock::server::router;
use serde_json::{Value, json};
use support::{Backend, drain, on_each_backend, post_shopify, wasm};

const OPERATOR: &str = "operator-secret-for-tests";

struct Running {
    node: Node,
    addr: SocketAddr,
    backend: Backend,
}

fn args(backend: &Backend) -> ServeArgs {
    let setup = backend.dir.path().join("crossdock.toml");
    std::fs::write(&setup, crossdock::cli::demo::SETUP).expect("setup");
    ServeArgs {
        listen: "127.0.0.1:0".parse().expect("addr"),
        data_dir: backend.dir.path().join("data"),
        database_url: backend.database_url.clone(),
        config: Some(setup),
        plugins: vec![wasm("customs_eu"), wasm("carrier_table_rate"), wasm("returns_standard")],
        plugins_dirs: Vec::new(),
        workers: 1,
        max_attempts: 2,
        lease_secs: 60,
        track_every_secs: 300,
        fx: None,
        body_limit: 1 << 20,
        plugin_limit: 1 << 20,
        operator_token: Some(OPERATOR.into()),
        allow_internal_hosts: Vec::new(),
    }
}

async fn serve(node: &Node) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = router(Arc::new(AppState::new(node, Some(OPERATOR))), 1 << 20);
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

async fn start(backend: Backend) -> Running {
    let node = Node::start(&args(&backend)).await.unwrap_or_else(|e| panic!("{}: {e:#}", backend.name));
    let addr = serve(&node).await;
    Running { node, addr, backend }
}

/// A token of `scope` for `merchant`, straight into the store.
async fn token(node: &Node, merchant: &str, scope: &str) -> (i64, String) {
    let token = crossdock::api::new_token().expect("randomness");
    let id = node.store.create_token(merchant, scope, &crossdock::api::hash_token(&token)).await.expect("token");
    (id, token)
}

/// One request; status and JSON body (whatever the status).
async fn call(addr: SocketAddr, token: Option<&str>, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let client = Client::new(&format!("http://{addr}"), token.map(str::to_owned));
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let body = body.map_or(Body::None, Body::Json);
        let (status, bytes) = client.send_raw(method, &path, body).expect("an answer");
        let value = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap_or(Value::Null) };
        (status, value)
    })
    .await
    .expect("client")
}

async fn get(addr: SocketAddr, token: &str, path: &str) -> (u16, Value) {
    call(addr, Some(token), Method::Get, path, None).await
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_else(|| panic!("not an error body: {body}"))
}

/// A second merchant, created through the API with the operator token; its admin token.
async fn second_merchant(addr: SocketAddr) -> String {
    let (status, body) = call(
        addr,
        Some(OPERATOR),
        Method::Post,
        "/api/v1/merchants",
        Some(json!({"id": "globex", "name": "Globex", "currency": "USD"})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    body["token"]["token"].as_str().expect("a token").to_owned()
}

async fn post_order(addr: SocketAddr, delivery: &str, id: u64, country: &str, zip: &str, sku: &str) {
    let body = json!({
        "id": id, "name": format!("#{id}"), "created_at": "2026-11-24T10:00:00Z", "currency": "EUR",
        "total_price": "51.98", "taxes_included": true,
        "line_items": [{"id": id * 10, "sku": sku, "title": "Goods", "quantity": 1, "price": "19.99", "requires_shipping": true}],
        "shipping_lines": [{"price": "12.00"}],
        "shipping_address": {"name": "Lena Fischer", "address1": "Street 1", "city": "Town", "zip": zip, "country_code": country},
    });
    post_shopify(addr, "orders/create", delivery, serde_json::to_vec(&body).expect("json")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_wrong_revoked_and_under_scoped_tokens_are_refused_with_the_reason() {
    on_each_backend("auth", |backend| async move {
        let run = start(backend).await;
        let (status, body) = call(run.addr, None, Method::Get, "/api/v1/markets", None).await;
        assert_eq!((status, error_code(&body)), (401, "unauthorized"), "{body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("Authorization")), "{body}");

        let (status, body) = get(run.addr, "cdk_not-a-real-token", "/api/v1/markets").await;
        assert_eq!((status, error_code(&body)), (401, "unauthorized"), "{body}");
        assert!(body.to_string().contains("unknown token"), "{body}");

        let (revoked_id, revoked) = token(&run.node, "acme", "admin").await;
        assert_eq!(get(run.addr, &revoked, "/api/v1/markets").await.0, 200);
        let (_, admin) = token(&run.node, "acme", "admin").await;
        let (status, body) =
            call(run.addr, Some(&admin), Method::Delete, &format!("/api/v1/tokens/{revoked_id}"), None).await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = get(run.addr, &revoked, "/api/v1/markets").await;
        assert_eq!(status, 401, "{body}");
        assert!(body.to_string().contains("revoked"), "{body}");

        let (_, reader) = token(&run.node, "acme", "read").await;
        assert_eq!(get(run.addr, &reader, "/api/v1/shipments").await.0, 200);
        let (status, body) =
            call(run.addr, Some(&reader), Method::Post, "/api/v1/markets/EU/bindings/returns-standard/disable", None)
                .await;
        assert_eq!((status, error_code(&body)), (403, "forbidden"), "{body}");
        assert!(body.to_string().contains("`write`"), "{body}");
        let (_, writer) = token(&run.node, "acme", "write").await;
        let (status, body) = call(run.addr, Some(&writer), Method::Get, "/api/v1/tokens", None).await;
        assert_eq!((status, error_code(&body)), (403, "forbidden"), "writers cannot list tokens: {body}");

        // Only the operator creates merchants.
        let (status, body) = call(
            run.addr,
            Some(&admin),
            Method::Post,
            "/api/v1/merchants",
            Some(json!({"id": "x", "name": "X", "currency": "EUR"})),
        )
        .await;
        assert_eq!((status, error_code(&body)), (403, "forbidden"), "{body}");
        // The OpenAPI document needs no token.
        let client = Client::new(&format!("http://{}", run.addr), None);
        let (status, doc) =
            tokio::task::spawn_blocking(move || client.send_raw(Method::Get, "/api/v1/openapi.yaml", Body::None))
                .await
                .expect("client")
                .expect("answer");
        assert_eq!(status, 200);
        assert!(String::from_utf8_lossy(&doc).starts_with("openapi: 3.1.0"));
        let _ = &run.backend;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn another_merchant_can_neither_see_nor_change_anything_of_acme_on_any_endpoint() {
    on_each_backend("isolation", |backend| async move {
        let run = start(backend).await;
        post_order(run.addr, "iso-1", 7001, "DE", "10115", "CAP-01").await;
        post_order(run.addr, "iso-2", 7002, "DE", "10115", "NO-SUCH-SKU").await;
        drain(&run.node).await;
        let refund = json!({"id": 71, "order_id": 7001, "created_at": "2026-11-25T09:00:00Z",
            "refund_line_items": [{"quantity": 1, "restock_type": "return", "line_item_id": 70010,
                                   "line_item": {"sku": "CAP-01", "price": "19.99"}}]});
        post_shopify(run.addr, "refunds/create", "iso-3", serde_json::to_vec(&refund).expect("json")).await;
        drain(&run.node).await;
        assert!(run.node.store.return_by_id("acme:refund-71").await.expect("read").is_some(), "acme has a return");
        let (_, acme) = token(&run.node, "acme", "admin").await;
        let (acme_token_id, _) = token(&run.node, "acme", "read").await;
        let globex = second_merchant(run.addr).await;

        // What acme has, by its own token.
        let shipments = get(run.addr, &acme, "/api/v1/shipments").await.1;
        let shipment = shipments["items"][0]["id"].as_str().expect("a shipment").to_owned();
        let events = get(run.addr, &acme, "/api/v1/events").await.1;
        let event = events["items"][0]["id"].as_i64().expect("an event");
        assert!(get(run.addr, &acme, "/api/v1/orders/7001").await.0 == 200);

        // Every endpoint that names one of acme's rows answers 404 to globex.
        let named: Vec<(Method, String, Option<Value>)> = vec![
            (Method::Get, "/api/v1/merchants/acme".into(), None),
            (Method::Patch, "/api/v1/merchants/acme".into(), Some(json!({"name": "Taken"}))),
            (Method::Delete, format!("/api/v1/tokens/{acme_token_id}"), None),
            (Method::Get, "/api/v1/connections/acme-shopify".into(), None),
            (Method::Delete, "/api/v1/connections/acme-shopify".into(), None),
            (Method::Get, "/api/v1/markets/EU".into(), None),
            (Method::Put, "/api/v1/markets/EU".into(), Some(json!({"countries": ["DE"]}))),
            (Method::Delete, "/api/v1/markets/EU".into(), None),
            (Method::Put, "/api/v1/markets/EU/bindings/customs-eu".into(), Some(json!({"enabled": false}))),
            (Method::Post, "/api/v1/markets/EU/bindings/carrier-table-rate/disable".into(), None),
            (Method::Post, "/api/v1/markets/EU/bindings/carrier-table-rate/enable".into(), None),
            (Method::Delete, "/api/v1/markets/EU/bindings/customs-eu".into(), None),
            (Method::Get, "/api/v1/catalog/CAP-01".into(), None),
            (Method::Delete, "/api/v1/catalog/CAP-01".into(), None),
            (Method::Get, "/api/v1/orders/7001".into(), None),
            (Method::Get, format!("/api/v1/shipments/{shipment}"), None),
            (Method::Get, format!("/api/v1/shipments/{shipment}/label"), None),
            (Method::Get, "/api/v1/returns/acme:refund-71".into(), None),
            (Method::Get, format!("/api/v1/events/{event}"), None),
            (Method::Post, format!("/api/v1/events/{event}/replay"), None),
        ];
        for (method, path, body) in named {
            let (status, answer) = call(run.addr, Some(&globex), method, &path, body).await;
            assert_eq!(status, 404, "{method:?} {path} answered {status}: {answer}");
            assert_eq!(error_code(&answer), "not_found", "{path}");
        }
        // A connection id of acme's cannot be taken over either.
        let (status, answer) = call(
            run.addr,
            Some(&globex),
            Method::Post,
            "/api/v1/connections",
            Some(json!({"id": "acme-shopify", "platform": "woocommerce", "secret": "globex-secret"})),
        )
        .await;
        assert_eq!(status, 409, "{answer}");

        // Every list globex reads is free of acme's rows.
        for path in [
            "/api/v1/merchants",
            "/api/v1/tokens",
            "/api/v1/connections",
            "/api/v1/markets",
            "/api/v1/bindings",
            "/api/v1/catalog",
            "/api/v1/warehouses",
            "/api/v1/orders",
            "/api/v1/shipments",
            "/api/v1/returns",
            "/api/v1/events",
            "/api/v1/plugin-runs",
            "/api/v1/audit",
        ] {
            let (status, answer) = get(run.addr, &globex, path).await;
            assert_eq!(status, 200, "{path}: {answer}");
            let text = answer.to_string();
            for acme_thing in ["acme", "CAP-01", "7001", "shenzhen", "hush-acme"] {
                assert!(!text.contains(acme_thing), "{path} shows globex `{acme_thing}`: {text}");
            }
        }
        // Writing the same keys creates globex's own rows and leaves acme's alone.
        let (status, _) =
            call(run.addr, Some(&globex), Method::Put, "/api/v1/catalog/CAP-01", Some(json!({"title": "Globex cap"})))
                .await;
        assert_eq!(status, 200);
        let (status, _) = call(
            run.addr,
            Some(&globex),
            Method::Put,
            "/api/v1/warehouses/shenzhen",
            Some(json!({"country": "US", "city": "Reno"})),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(get(run.addr, &acme, "/api/v1/catalog/CAP-01").await.1["title"], "Baseball cap");
        let warehouses = get(run.addr, &acme, "/api/v1/warehouses").await.1;
        let shenzhen = warehouses["items"].as_array().and_then(|w| w.iter().find(|w| w["id"] == "shenzhen")).cloned();
        assert_eq!(shenzhen.map(|w| w["country"].clone()), Some(json!("CN")), "{warehouses}");
        // And acme still has everything.
        assert_eq!(get(run.addr, &acme, "/api/v1/markets/EU").await.0, 200);
        assert_eq!(get(run.addr, &acme, "/api/v1/catalog/CAP-01").await.0, 200);
        let secretless = get(run.addr, &acme, "/api/v1/connections").await.1.to_string();
        assert!(!secretless.contains(support::DEMO_SECRET), "webhook secrets are write-only: {secretless}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bindings_are_validated_one_customs_per_country_one_returns_policy_per_market() {
    on_each_backend("binding rules", |backend| async move {
        let run = start(backend).await;
        let (_, admin) = token(&run.node, "acme", "admin").await;

        // A configuration that breaks the schema names the field.
        let (status, body) = call(
            run.addr,
            Some(&admin),
            Method::Put,
            "/api/v1/markets/EU/bindings/returns-standard",
            Some(json!({"config": {"prepaid_label": "yes"}})),
        )
        .await;
        assert_eq!((status, error_code(&body)), (422, "invalid"), "{body}");
        let message = body["error"]["message"].as_str().expect("message");
        assert!(message.contains("config/prepaid_label"), "names the field: {message}");

        // A second customs plugin in a market that has one: 409, naming the one in place.
        let hostile = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-wasip2/release/hostile.wasm"),
        )
        .expect("the hostile test plugin (make test-plugins)");
        let client = Client::new(&format!("http://{}", run.addr), Some(admin.clone()));
        let (status, installed) = tokio::task::spawn_blocking(move || {
            client.send_raw(Method::Post, "/api/v1/plugins", Body::Bytes(hostile, "application/wasm"))
        })
        .await
        .expect("client")
        .expect("answer");
        assert_eq!(status, 201, "{}", String::from_utf8_lossy(&installed));
        let (status, body) =
            call(run.addr, Some(&admin), Method::Post, "/api/v1/markets/EU/bindings/hostile/enable", None).await;
        assert_eq!((status, error_code(&body)), (409, "conflict"), "{body}");
        assert!(body.to_string().contains("customs-eu"), "{body}");

        // Move DE into its own market: customs-eu may not decide a country it does not cover…
        let eu = get(run.addr, &admin, "/api/v1/markets/EU").await.1;
        let rest: Vec<Value> =
            eu["countries"].as_array().expect("countries").iter().filter(|c| *c != "DE").cloned().collect();
        assert_eq!(
            call(run.addr, Some(&admin), Method::Put, "/api/v1/markets/EU", Some(json!({"countries": rest}))).await.0,
            200
        );
        let (status, body) = call(
            run.addr,
            Some(&admin),
            Method::Post,
            "/api/v1/markets",
            Some(json!({"name": "DACH", "countries": ["DE", "CH"]})),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let (status, body) =
            call(run.addr, Some(&admin), Method::Post, "/api/v1/markets/DACH/bindings/customs-eu/enable", None).await;
        assert_eq!(status, 409, "CH is not in the EU: {body}");
        assert!(body.to_string().contains("CH"), "{body}");
        // …and a country belongs to one market only.
        let (status, body) = call(
            run.addr,
            Some(&admin),
            Method::Post,
            "/api/v1/markets",
            Some(json!({"name": "DE2", "countries": ["DE"]})),
        )
        .await;
        assert_eq!(status, 409, "{body}");

        // One customs plugin per country: in a DE-only market, the first is fine, the second is not.
        assert_eq!(
            call(run.addr, Some(&admin), Method::Put, "/api/v1/markets/DACH", Some(json!({"countries": ["DE"]})))
                .await
                .0,
            200
        );
        let (status, body) =
            call(run.addr, Some(&admin), Method::Post, "/api/v1/markets/DACH/bindings/customs-eu/enable", None).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["enabled"], true);
        let (status, _) =
            call(run.addr, Some(&admin), Method::Post, "/api/v1/markets/DACH/bindings/hostile/enable", None).await;
        assert_eq!(status, 409);
        assert_eq!(
            call(run.addr, Some(&admin), Method::Post, "/api/v1/markets/DACH/bindings/customs-eu/disable", None)
                .await
                .0,
            200
        );
        let (status, body) =
            call(run.addr, Some(&admin), Method::Post, "/api/v1/markets/DACH/bindings/hostile/enable", None).await;
        assert_eq!(status, 200, "after switching the first off: {body}");

        // Carriers only take allow-lists and secrets; secret values never come back.
        let (status, body) = call(
            run.addr,
            Some(&admin),
            Method::Put,
            "/api/v1/markets/EU/bindings/customs-eu",
            Some(json!({"secrets": {"api_key": "x"}})),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        let (status, body) = call(
            run.addr,
            Some(&admin),
            Method::Put,
            "/api/v1/markets/EU/bindings/carrier-table-rate",
            Some(json!({"allow_hosts": ["api.example.test"], "secrets": {"api_key": "very-secret-value"}})),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["secrets"], json!(["api_key"]));
        let everything = [
            get(run.addr, &admin, "/api/v1/bindings").await.1,
            get(run.addr, &admin, "/api/v1/markets").await.1,
            get(run.addr, &admin, "/api/v1/audit").await.1,
        ];
        for answer in everything {
            assert!(!answer.to_string().contains("very-secret-value"), "a secret leaked: {answer}");
        }

        // A second returns policy in one market: 409.
        let (status, body) = call(
            run.addr,
            Some(&admin),
            Method::Put,
            "/api/v1/markets/EU/bindings/returns-standard",
            Some(json!({"enabled": true, "config": {"window_days": 30}})),
        )
        .await;
        assert_eq!(status, 200, "reconfiguring the one in place is fine: {body}");
        let audit = get(run.addr, &admin, "/api/v1/audit?action=binding.configure").await.1;
        let entry = audit["items"]
            .as_array()
            .and_then(|items| items.iter().find(|e| e["target"] == "EU/returns-standard"))
            .unwrap_or_else(|| panic!("the change is audited: {audit}"));
        assert_eq!(entry["before"]["config"]["prepaid_label"], true, "{entry}");
        assert_eq!(entry["after"]["config"]["window_days"], 30, "{entry}");
        assert!(entry["actor"].as_str().is_some_and(|a| a.starts_with("token:")), "{entry}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn uploads_are_validated_content_addressed_and_size_capped() {
    on_each_backend("uploads", |backend| async move {
        let run = start(backend).await;
        let (_, admin) = token(&run.node, "acme", "admin").await;
        let upload = |bytes: Vec<u8>, kind: &'static str| {
            let client = Client::new(&format!("http://{}", run.addr), Some(admin.clone()));
            async move {
                tokio::task::spawn_blocking(move || {
                    client.send_raw(Method::Post, "/api/v1/plugins", Body::Bytes(bytes, kind))
                })
                .await
                .expect("client")
                .expect("answer")
            }
        };
        let (status, body) = upload(b"not a component".to_vec(), "application/wasm").await;
        assert_eq!(status, 422, "{}", String::from_utf8_lossy(&body));
        let (status, body) = upload(vec![0u8; (1 << 20) + 1], "application/wasm").await;
        assert_eq!(status, 413, "{}", String::from_utf8_lossy(&body));
        // A first-party name cannot be taken over, not even with the first-party bytes.
        let (status, body) = upload(std::fs::read(wasm("customs_eu")).expect("wasm"), "application/wasm").await;
        assert_eq!(status, 409, "the same bytes as the first-party plugin: {}", String::from_utf8_lossy(&body));

        // Multipart, as a browser form sends it.
        let probe = std::fs::read(wasm("probe_carrier")).expect("probe-carrier");
        let boundary = "crossdock-test-boundary";
        let mut form = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"plugin\"; filename=\"probe.wasm\"\r\n\
             Content-Type: application/wasm\r\n\r\n"
        )
        .into_bytes();
        form.extend_from_slice(&probe);
        form.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let content_type: &'static str = "multipart/form-data; boundary=crossdock-test-boundary";
        let (status, body) = upload(form, content_type).await;
        assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
        let plugin: Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(plugin["name"], "probe-carrier");
        assert_eq!(plugin["kind"], "carrier");
        assert_eq!(plugin["first_party"], false);
        assert_eq!(plugin["sha256"].as_str().map(str::len), Some(64));
        // Again: nothing new.
        assert_eq!(upload(probe, "application/wasm").await.0, 200);

        // Visible to its owner only, and listed with its versions and schema.
        let (status, detail) = get(run.addr, &admin, "/api/v1/plugins/probe-carrier").await;
        assert_eq!(status, 200, "{detail}");
        assert_eq!(detail["versions"].as_array().map(Vec::len), Some(1));
        assert_eq!(detail["config_schema"]["type"], "object");
        let globex = second_merchant(run.addr).await;
        assert_eq!(get(run.addr, &globex, "/api/v1/plugins/probe-carrier").await.0, 404);
        let listed = get(run.addr, &globex, "/api/v1/plugins").await.1.to_string();
        assert!(!listed.contains("probe-carrier") && listed.contains("customs-eu"), "{listed}");
        // Another node sees the upload without a restart.
        let other = Node::start(&args(&run.backend)).await.expect("a second node");
        assert!(other.registry.get("probe-carrier").is_some(), "loaded from the store at start");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_a_carrier_off_on_one_node_holds_the_next_order_on_another_without_a_restart() {
    on_each_backend("hot toggle", |backend| async move {
        let run = start(backend).await;
        // A second node on the same store: it processes, the first one takes API calls.
        let worker = Node::start(&args(&run.backend)).await.expect("a second node");
        let (_, writer) = token(&run.node, "acme", "write").await;

        post_order(run.addr, "t-1", 8001, "FR", "75001", "CAP-01").await;
        drain(&worker).await;
        let first = worker.store.shipments_for_order("acme", "8001").await.expect("shipments");
        assert_eq!((first[0].status.as_str(), first[0].carrier.as_deref()), ("labelled", Some("carrier-table-rate")));

        let (status, body) =
            call(run.addr, Some(&writer), Method::Post, "/api/v1/markets/EU/bindings/carrier-table-rate/disable", None)
                .await;
        assert_eq!(status, 200, "{body}");
        post_order(run.addr, "t-2", 8002, "FR", "75001", "CAP-01").await;
        drain(&worker).await;
        let second = worker.store.shipments_for_order("acme", "8002").await.expect("shipments");
        assert_eq!(second[0].status, ShipmentStatus::Held, "{second:?}");
        assert!(second[0].hold_reason.as_deref().is_some_and(|r| r.contains("no carrier")), "{second:?}");

        assert_eq!(
            call(run.addr, Some(&writer), Method::Post, "/api/v1/markets/EU/bindings/carrier-table-rate/enable", None)
                .await
                .0,
            200
        );
        post_order(run.addr, "t-3", 8003, "FR", "75001", "CAP-01").await;
        drain(&worker).await;
        let third = worker.store.shipments_for_order("acme", "8003").await.expect("shipments");
        assert_eq!(third[0].status, ShipmentStatus::Labelled, "{third:?}");

        // A restart re-applies the setup file without undoing the switch history.
        let (_, admin) = token(&run.node, "acme", "admin").await;
        call(run.addr, Some(&admin), Method::Post, "/api/v1/markets/EU/bindings/carrier-table-rate/disable", None)
            .await;
        let restarted = Node::start(&args(&run.backend)).await.expect("restart");
        let markets = restarted.store.markets_with_bindings("acme").await.expect("markets");
        let eu = markets.iter().find(|m| m.name == "EU").expect("EU");
        let carrier = eu.bindings.iter().find(|b| b.plugin_name == "carrier-table-rate").expect("binding");
        assert!(!carrier.enabled, "the setup file seeds, it does not undo API changes");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_paginate_and_dead_letters_can_be_replayed() {
    on_each_backend("pagination and replay", |backend| async move {
        let run = start(backend).await;
        let (_, admin) = token(&run.node, "acme", "admin").await;
        for i in 0..5 {
            let (status, body) = call(
                run.addr,
                Some(&admin),
                Method::Put,
                &format!("/api/v1/catalog/SKU-{i}"),
                Some(json!({"title": format!("Thing {i}"), "hs_code": "610910", "origin_country": "CN"})),
            )
            .await;
            assert_eq!(status, 200, "{body}");
        }
        let (status, body) =
            call(run.addr, Some(&admin), Method::Put, "/api/v1/catalog/BAD", Some(json!({"hs_code": "61.09"}))).await;
        assert_eq!(status, 422, "{body}");
        let mut seen = Vec::new();
        let mut after = String::new();
        loop {
            let page = get(run.addr, &admin, &format!("/api/v1/catalog?limit=3&after={after}")).await.1;
            let items = page["items"].as_array().expect("items");
            assert!(items.len() <= 3);
            seen.extend(items.iter().map(|i| i["sku"].as_str().expect("sku").to_owned()));
            match page["next"].as_str() {
                Some(next) => after = next.to_owned(),
                None => break,
            }
        }
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(seen, sorted, "every entry once, in order");
        assert!(seen.len() >= 5 + 4, "the five new and the demo's four: {seen:?}");
        assert_eq!(get(run.addr, &admin, "/api/v1/catalog?limit=0").await.0, 422);

        // An order that cannot be read is dead-lettered after its attempts, then replayed.
        post_shopify(run.addr, "orders/create", "dead-1", br#"{"id": 9}"#.to_vec()).await;
        drain(&run.node).await;
        let dead = get(run.addr, &admin, "/api/v1/events?status=dead").await.1;
        let id = dead["items"][0]["id"].as_i64().unwrap_or_else(|| panic!("a dead letter: {dead}"));
        let (status, body) =
            call(run.addr, Some(&admin), Method::Post, &format!("/api/v1/events/{id}/replay"), None).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["status"], "pending");
        assert_eq!(get(run.addr, &admin, "/api/v1/events?status=bogus").await.0, 422);
    })
    .await;
}
