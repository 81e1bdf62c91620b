//! What a merchant with an ordinary token, or someone probing the public endpoints, must not be
//! able to do, over real HTTP on SQLite and on PostgreSQL: move a binding's credentials to
//! another host, squat a first-party plugin name (or race another merchant for a name), claim
//! another platform's shop domain, learn which shops exist, upload without limit, or frame a
//! page.

mod support;

use crossdock::domain::Platform;
use std::net::SocketAddr;
use std::sync::Arc;

use crossdock::app::AppState;
use crossdock::app::Node;
use crossdock::cli::client::{Body, Client, Method};
use crossdock::cli::serve::ServeArgs;
use crossdock::registry::UploadQuota;
use crossdock::server::router;
use crossdock::store::{PluginRecord, StoreError};
use serde_json::{Value, json};
use support::{Backend, DEMO_SHOP, on_each_backend, wasm};

const OPERATOR: &str = "operator-secret-for-containment-tests";

fn args(backend: &Backend) -> ServeArgs {
    let setup = backend.dir.path().join("crossdock.toml");
    std::fs::write(&setup, crossdock::cli::demo::SETUP).expect("setup");
    ServeArgs {
        listen: "127.0.0.1:0".parse().expect("addr"),
        data_dir: backend.dir.path().join("data"),
        database_url: backend.database_url.clone(),
        config: Some(setup),
        plugins: vec![
            wasm("customs_eu"),
            wasm("carrier_table_rate"),
            wasm("returns_standard"),
            wasm("carrier_dhl_express"),
        ],
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

async fn serve_state(state: AppState) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = router(Arc::new(state), 1 << 20);
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

async fn start(backend: &Backend) -> (Node, SocketAddr) {
    let node = Node::start(&args(backend)).await.unwrap_or_else(|e| panic!("{}: {e:#}", backend.name));
    let addr = serve_state(AppState::new(&node, Some(OPERATOR))).await;
    (node, addr)
}

async fn token(node: &Node, merchant: &str, scope: &str) -> String {
    let token = crossdock::api::new_token().expect("randomness");
    node.store.create_token(merchant, scope, &crossdock::api::hash_token(&token)).await.expect("token");
    token
}

async fn call(addr: SocketAddr, token: &str, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let client = Client::new(&format!("http://{addr}"), Some(token.to_owned()));
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let (status, bytes) = client.send_raw(method, &path, body.map_or(Body::None, Body::Json)).expect("an answer");
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    })
    .await
    .expect("client")
}

async fn upload(addr: SocketAddr, token: &str, bytes: Vec<u8>) -> (u16, Value) {
    let client = Client::new(&format!("http://{addr}"), Some(token.to_owned()));
    tokio::task::spawn_blocking(move || {
        let (status, body) =
            client.send_raw(Method::Post, "/api/v1/plugins", Body::Bytes(bytes, "application/wasm")).expect("answer");
        (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
    })
    .await
    .expect("client")
}

/// A raw request: status, headers and body text.
async fn raw(
    addr: SocketAddr,
    method: &'static str,
    path: &str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
) -> (u16, ureq::http::HeaderMap, String) {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut request = ureq::http::Request::builder().method(method).uri(format!("http://{addr}{path}"));
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let mut response = agent.run(request.body(body).expect("request")).expect("answer");
        let headers = response.headers().clone();
        (response.status().as_u16(), headers, response.body_mut().read_to_string().unwrap_or_default())
    })
    .await
    .expect("client")
}

fn message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap_or_else(|| panic!("not an error body: {body}"))
}

fn dhl_config(base_url: &str) -> Value {
    json!({"base_url": base_url, "account_number": "123456789", "origin_utc_offset": "+08:00",
           "shipper": {"company_name": "Acme Outdoor", "full_name": "Wei Zhang", "phone": "+86 755 0000 0000"}})
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_token_cannot_send_a_carriers_credentials_elsewhere_and_a_move_drops_them() {
    on_each_backend("binding destinations", |backend| async move {
        let (node, addr) = start(&backend).await;
        let admin = token(&node, "acme", "admin").await;
        let writer = token(&node, "acme", "write").await;
        let path = "/api/v1/markets/EU/bindings/carrier-dhl-express";
        let (status, body) = call(
            addr,
            &admin,
            Method::Put,
            path,
            Some(json!({"config": dhl_config("https://express.api.dhl.com/mydhlapi"),
                        "allow_hosts": ["express.api.dhl.com"],
                        "secrets": {"username": "acme-user", "password": "acme-pass"}})),
        )
        .await;
        assert_eq!(status, 200, "{body}");

        // A write token may tune the binding, but not move where its credentials go.
        let moves = [
            json!({"allow_hosts": ["127.0.0.1:5432"]}),
            json!({"allow_hosts": ["express.api.dhl.com", "169.254.169.254"]}),
            json!({"config": dhl_config("http://127.0.0.1:5432")}),
        ];
        for change in moves {
            let (status, body) = call(addr, &writer, Method::Put, path, Some(change.clone())).await;
            assert_eq!(status, 403, "{change} by a write token: {body}");
            assert!(message(&body).contains("admin"), "says an admin token is needed: {body}");
        }
        let (status, body) = call(addr, &writer, Method::Put, path, Some(json!({"priority": 5}))).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["secrets"], json!(["password", "username"]), "kept when nothing moved: {body}");

        // An admin may move it; the stored secrets are dropped unless entered again.
        let (status, body) =
            call(addr, &admin, Method::Put, path, Some(json!({"config": dhl_config("https://sandbox.dhl.test")})))
                .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["secrets"], json!([]), "{body}");
        assert_eq!(body["secrets_dropped"], json!(["password", "username"]), "{body}");
        let audit = call(addr, &admin, Method::Get, "/api/v1/audit?action=binding.configure", None).await.1;
        let entry = &audit["items"][0];
        assert_eq!(entry["after"]["secrets_dropped"], json!(["password", "username"]), "{audit}");

        let (status, body) = call(
            addr,
            &admin,
            Method::Put,
            path,
            Some(json!({"allow_hosts": ["sandbox.dhl.test"], "secrets": {"username": "u2", "password": "p2"}})),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["secrets"], json!(["password", "username"]), "re-entered with the move: {body}");
        assert!(body.get("secrets_dropped").is_none(), "{body}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn first_party_plugin_names_are_reserved_even_when_this_node_does_not_run_them() {
    on_each_backend("reserved names", |backend| async move {
        let (node, addr) = start(&backend).await;
        let admin = token(&node, "acme", "admin").await;
        // This node does not run carrier-ups; its name is reserved all the same.
        assert!(node.registry.get("carrier-ups").is_none());
        let (status, body) = upload(addr, &admin, std::fs::read(wasm("carrier_ups")).expect("wasm")).await;
        assert_eq!(status, 409, "{body}");
        assert!(message(&body).contains("reserved") && message(&body).contains("carrier-ups"), "{body}");
        // Nor the bytes of a first-party plugin the node does run.
        let (status, body) = upload(addr, &admin, std::fs::read(wasm("customs_eu")).expect("wasm")).await;
        assert_eq!(status, 409, "{body}");
    })
    .await;
}

fn record(digest: char, owner: Option<&str>, name: &str, version: &str) -> PluginRecord {
    PluginRecord {
        digest: digest.to_string().repeat(64),
        owner_merchant_id: owner.map(str::to_owned),
        name: name.into(),
        version: version.into(),
        kind: "carrier".into(),
        contract_version: "0.1.0".into(),
        description: "test".into(),
        covers: vec![],
        config_schema: "{\"type\":\"object\"}".into(),
        size_bytes: 4,
        installed_at_ms: 1,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_merchant_row_under_a_first_party_name_does_not_stop_the_node_that_runs_it_from_starting() {
    on_each_backend("squatted start", |backend| async move {
        let (node, _) = start(&backend).await;
        // A row stored before names were reserved: Acme published `carrier-ups`.
        let squat = record('a', Some("acme"), "carrier-ups", "9.9.9");
        assert!(node.store.insert_plugin(&squat, b"not loaded").await.expect("planted"));
        drop(node);

        let mut with_ups = args(&backend);
        with_ups.plugins.push(wasm("carrier_ups"));
        let node = Node::start(&with_ups).await.unwrap_or_else(|e| panic!("the node must start: {e:#}"));
        assert_eq!(node.registry.owner("carrier-ups"), Some(None), "the operator's plugin keeps the name");
        let ups = node.registry.get("carrier-ups").expect("loaded");
        assert_ne!(ups.metadata.version, "9.9.9");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_merchants_uploading_the_same_new_name_at_once_end_with_exactly_one_owner() {
    on_each_backend("name race", |backend| async move {
        let (node, _) = start(&backend).await;
        node.store.upsert_merchant("globex", "Globex", "USD".parse().expect("currency")).await.expect("merchant");
        let digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 'b', 'c', 'd', 'e', 'f'];
        for (round, pair) in digits.chunks(2).enumerate() {
            let [a, b] = pair else { continue };
            let name = format!("shared-name-{round}");
            let (sa, sb) = (node.store.clone(), node.store.clone());
            let (ra, rb) = (record(*a, Some("acme"), &name, "1.0.0"), record(*b, Some("globex"), &name, "2.0.0"));
            let first = tokio::spawn(async move { sa.insert_plugin(&ra, b"acme").await });
            let second = tokio::spawn(async move { sb.insert_plugin(&rb, b"globex").await });
            let outcomes = [first.await.expect("task"), second.await.expect("task")];
            let won = outcomes.iter().filter(|o| matches!(o, Ok(true))).count();
            assert_eq!(won, 1, "{name}: {outcomes:?}");
            assert!(
                outcomes.iter().any(|o| matches!(o, Err(StoreError::Conflict(m)) if m.contains("another publisher"))),
                "{outcomes:?}"
            );
            let owners: std::collections::BTreeSet<Option<String>> = node
                .store
                .plugins_visible(None)
                .await
                .expect("list")
                .into_iter()
                .filter(|r| r.name == name)
                .map(|r| r.owner_merchant_id)
                .collect();
            assert_eq!(owners.len(), 1, "{name}: {owners:?}");
        }
    })
    .await;
}

fn shopify_headers(domain: &str, hmac: &str) -> Vec<(&'static str, String)> {
    vec![
        ("X-Shopify-Topic", "orders/create".into()),
        ("X-Shopify-Shop-Domain", domain.into()),
        ("X-Shopify-API-Version", "2026-10".into()),
        ("X-Shopify-Webhook-Id", "probe-1".into()),
        ("X-Shopify-Hmac-Sha256", hmac.into()),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn webhook_endpoints_answer_an_unknown_shop_exactly_like_a_known_shop_with_a_bad_signature() {
    on_each_backend("no enumeration", |backend| async move {
        let (node, addr) = start(&backend).await;
        let admin = token(&node, "acme", "admin").await;
        let forged = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        let body = br#"{"id": 1}"#.to_vec();
        let known = raw(addr, "POST", "/webhooks/shopify", shopify_headers(DEMO_SHOP, forged), body.clone()).await;
        let unknown =
            raw(addr, "POST", "/webhooks/shopify", shopify_headers("nobody-here.myshopify.com", forged), body.clone())
                .await;
        assert_eq!(known.0, 401, "{}", known.2);
        assert_eq!((unknown.0, &unknown.2), (known.0, &known.2), "same status and body");

        // The same for connections found by path (Standard Webhooks).
        let secret = "whsec_Y3Jvc3Nkb2NrLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE=";
        let (status, created) = call(
            addr,
            &admin,
            Method::Post,
            "/api/v1/connections",
            Some(json!({"id": "acme-standard", "platform": "standard", "secret": secret})),
        )
        .await;
        assert_eq!(status, 201, "{created}");
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();
        let headers = vec![
            ("webhook-id", "msg_1".to_owned()),
            ("webhook-timestamp", now.to_string()),
            ("webhook-signature", format!("v1,{forged}")),
        ];
        let known = raw(addr, "POST", "/webhooks/standard/acme-standard", headers.clone(), body.clone()).await;
        let unknown = raw(addr, "POST", "/webhooks/standard/no-such-connection", headers, body).await;
        assert_eq!(known.0, 401, "{}", known.2);
        assert_eq!((unknown.0, &unknown.2), (known.0, &known.2), "same status and body");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn shop_domains_are_checked_per_platform_and_owned_by_one_connection() {
    on_each_backend("shop domains", |backend| async move {
        let (node, addr) = start(&backend).await;
        let acme = token(&node, "acme", "admin").await;
        node.store.upsert_merchant("globex", "Globex", "USD".parse().expect("currency")).await.expect("merchant");
        let other = token(&node, "globex", "admin").await;
        let connect = |token: String, body: Value| async move {
            call(addr, &token, Method::Post, "/api/v1/connections", Some(body)).await
        };
        let refused = [
            json!({"id": "g1", "platform": "shopify", "shop_domain": "globex", "secret": "shopify-secret"}),
            json!({"id": "g2", "platform": "shopify", "shop_domain": "globex.example.com", "secret": "shopify-secret"}),
            json!({"id": "g3", "platform": "shopify", "shop_domain": "-x.myshopify.com", "secret": "shopify-secret"}),
            json!({"id": "g4", "platform": "woocommerce", "shop_domain": "globex.myshopify.com", "secret": "woo-secret"}),
            json!({"id": "g5", "platform": "woocommerce", "shop_domain": "https://shop.globex.test/", "secret": "woo-secret"}),
        ];
        for body in refused {
            let (status, answer) = connect(other.clone(), body.clone()).await;
            assert_eq!(status, 422, "{body}: {answer}");
            assert!(message(&answer).contains("shop_domain"), "{answer}");
        }
        let (status, answer) = connect(
            other.clone(),
            json!({"id": "g6", "platform": "woocommerce", "shop_domain": "Shop.Globex.test", "secret": "woo-secret"}),
        )
        .await;
        assert_eq!(status, 201, "{answer}");
        assert_eq!(answer["shop_domain"], "shop.globex.test");

        // Taken, whichever platform and spelling asks, without naming its owner.
        for (id, platform, domain) in [("g7", "shopify", "ACME-OUTDOOR.myshopify.com"), ("g8", "woocommerce", "shop.globex.test")] {
            let (status, answer) = connect(
                other.clone(),
                json!({"id": id, "platform": platform, "shop_domain": domain, "secret": "a-webhook-secret"}),
            )
            .await;
            assert_eq!(status, 409, "{domain}: {answer}");
            assert!(!message(&answer).contains("acme-shopify") && !message(&answer).contains("Acme"), "{answer}");
        }
        let (status, answer) = connect(
            acme,
            json!({"id": "acme-2", "platform": "standard", "shop_domain": "shop.globex.test",
                   "secret": "whsec_Y3Jvc3Nkb2NrLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE="}),
        )
        .await;
        assert_eq!(status, 409, "{answer}");
        assert!(!message(&answer).contains("g6"), "the owner's connection is not named: {answer}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn standard_webhooks_secrets_shorter_than_24_bytes_are_refused() {
    on_each_backend("short secrets", |backend| async move {
        let (node, addr) = start(&backend).await;
        let admin = token(&node, "acme", "admin").await;
        // `whsec_` + base64 of 16 bytes.
        let short = "whsec_MDEyMzQ1Njc4OWFiY2RlZg==";
        let (status, body) = call(
            addr,
            &admin,
            Method::Post,
            "/api/v1/connections",
            Some(json!({"id": "acme-sw", "platform": "standard", "secret": short})),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert!(message(&body).contains("24"), "{body}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn uploads_are_capped_per_merchant_in_versions_and_bytes() {
    on_each_backend("upload quota", |backend| async move {
        let node = Node::start(&args(&backend)).await.expect("node");
        let mut state = AppState::new(&node, Some(OPERATOR));
        state.upload_quota = UploadQuota { max_versions: 1, max_bytes: 64 << 20 };
        let addr = serve_state(state).await;
        let admin = token(&node, "acme", "admin").await;
        let probe = std::fs::read(wasm("probe_carrier")).expect("wasm");
        assert_eq!(upload(addr, &admin, probe.clone()).await.0, 201);
        assert_eq!(upload(addr, &admin, probe.clone()).await.0, 200, "the same bytes again store nothing");
        let (status, body) = upload(addr, &admin, std::fs::read(wasm("hostile")).expect("wasm")).await;
        assert_eq!((status, body["error"]["code"].as_str()), (429, Some("quota_exceeded")), "{body}");
        assert!(message(&body).contains("1"), "{body}");

        let mut state = AppState::new(&node, Some(OPERATOR));
        state.upload_quota = UploadQuota { max_versions: 50, max_bytes: probe.len() as u64 + 10 };
        let addr = serve_state(state).await;
        let (status, body) = upload(addr, &admin, std::fs::read(wasm("hostile")).expect("wasm")).await;
        assert_eq!((status, body["error"]["code"].as_str()), (413, Some("quota_exceeded")), "{body}");
        assert_eq!(UploadQuota::default(), UploadQuota { max_versions: 50, max_bytes: 64 << 20 });
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_refuses_framing_and_hsts_is_sent_when_the_operator_says_tls_is_in_front() {
    let backend = Backend { name: "SQLite", dir: tempfile::tempdir().expect("dir"), database_url: None };
    let (node, addr) = start(&backend).await;
    for path in ["/track/NO-SUCH-NUMBER", "/signin", "/healthz", "/api/v1/markets"] {
        let (status, headers, body) = raw(addr, "GET", path, vec![("Accept", "text/html".into())], vec![]).await;
        assert!(status < 500, "{path}: {status} {body}");
        let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert_eq!(get("x-frame-options"), "DENY", "{path}");
        assert!(get("content-security-policy").contains("frame-ancestors 'none'"), "{path}: {headers:?}");
        assert_eq!(get("x-content-type-options"), "nosniff", "{path}");
        assert!(headers.get("strict-transport-security").is_none(), "{path}: not without the operator's say-so");
    }
    let mut state = AppState::new(&node, None);
    state.hsts = true;
    let behind_tls = serve_state(state).await;
    let (_, headers, _) = raw(behind_tls, "GET", "/signin", vec![], vec![]).await;
    let hsts = headers.get("strict-transport-security").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(hsts.contains("max-age=31536000"), "{headers:?}");

    // No merchant's data on the unauthenticated health check.
    let (status, _, body) = raw(addr, "GET", "/healthz", vec![], vec![]).await;
    assert_eq!(status, 200, "{body}");
    assert!(!body.contains("acme") && !body.contains("Acme"), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn two_merchants_creating_the_same_connection_id_at_once_end_with_exactly_one_owner() {
    on_each_backend("connection id race", |backend| async move {
        let (node, addr) = start(&backend).await;
        node.store.upsert_merchant("globex", "Globex", "USD".parse().expect("currency")).await.expect("merchant");
        let acme = token(&node, "acme", "admin").await;
        let globex = token(&node, "globex", "admin").await;
        for round in 0..8 {
            let id = format!("shared-connection-{round}");
            let body = |secret: &str| json!({"id": id, "platform": "woocommerce", "secret": secret});
            let (a, b) = (body("acme-woo-secret"), body("globex-woo-secret"));
            let (acme, globex) = (acme.clone(), globex.clone());
            let first =
                tokio::spawn(async move { call(addr, &acme, Method::Post, "/api/v1/connections", Some(a)).await });
            let second =
                tokio::spawn(async move { call(addr, &globex, Method::Post, "/api/v1/connections", Some(b)).await });
            let outcomes = [first.await.expect("task"), second.await.expect("task")];
            let statuses: Vec<u16> = outcomes.iter().map(|(s, _)| *s).collect();
            let mut sorted = statuses.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, [201, 409], "{id}: {outcomes:?}");
            let (winner, loser) = if statuses[0] == 201 { ("acme", 1) } else { ("globex", 0) };
            let refused = &outcomes[loser].1;
            assert!(!message(refused).contains(winner), "the owner is not named: {refused}");
            let stored = node.store.connection(&id).await.expect("read").expect("created");
            assert_eq!(stored.merchant_id, winner, "{id}: the first writer keeps it");
            let secret = if winner == "acme" { "acme-woo-secret" } else { "globex-woo-secret" };
            assert_eq!(stored.secret, secret, "{id}: the loser's secret was not written");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_store_and_the_setup_file_refuse_to_move_a_connection_to_another_merchant() {
    on_each_backend("connection takeover", |backend| async move {
        let (node, _) = start(&backend).await;
        let store = &node.store;
        store.upsert_merchant("globex", "Globex", "USD".parse().expect("currency")).await.expect("merchant");
        let acme_shop = store.connection("acme-shopify").await.expect("read").expect("the demo connection");
        assert_eq!(acme_shop.merchant_id, "acme");

        // Globex naming Acme's connection id through the store.
        let takeover = crossdock::store::ConnectionRow {
            merchant_id: "globex".into(),
            platform: Platform::WooCommerce,
            shop_domain: None,
            secret: "globex-chosen-secret".into(),
            ..acme_shop.clone()
        };
        let refused = store.upsert_connection(&takeover).await;
        match &refused {
            Err(StoreError::Conflict(m)) => {
                assert!(m.contains("acme-shopify") && m.contains("another merchant"), "{m}");
                assert!(!m.contains("`acme`"), "the owner is not named: {m}");
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(store.connection("acme-shopify").await.expect("read").expect("kept"), acme_shop, "unchanged");

        // The owner may still rotate its own connection's secret.
        let rotated = crossdock::store::ConnectionRow { secret: "a-rotated-secret".into(), ..acme_shop.clone() };
        store.upsert_connection(&rotated).await.expect("the owner updates its own connection");

        // A setup file giving Globex the same connection id fails clearly and moves nothing.
        let file = crossdock::config::SetupFile::parse(
            r#"
[[merchant]]
id = "globex"
name = "Globex"
currency = "USD"

[[merchant.connection]]
id = "acme-shopify"
platform = "woocommerce"
secret = "globex-setup-secret"
"#,
        )
        .expect("a valid file");
        let err = crossdock::setup::apply(&file, &node.registry, store).await.expect_err("refused");
        let text = err.to_string();
        assert!(text.contains("acme-shopify") && text.contains("another merchant"), "{text}");
        assert_eq!(store.connection("acme-shopify").await.expect("read").expect("kept"), rotated, "not moved");
    })
    .await;
}
