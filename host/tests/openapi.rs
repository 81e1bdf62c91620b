//! The generated OpenAPI document held against the running API: the served document is the
//! generated one; every documented operation is called over HTTP on a server with real data and
//! its answer validated against the schema the document gives for that status, strictly (a
//! field the document does not describe fails, as a missing one does); and no path answers a
//! method the document does not list.

mod support;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use crossdock::app::{AppState, Node};
use crossdock::cli::client::{Body, Client, Method};
use crossdock::server::router;
use serde_json::{Value, json};
use support::{Backend, drain, post_shopify, wasm};

const OPERATOR: &str = "operator-secret-for-openapi";

async fn call(addr: SocketAddr, token: Option<&str>, method: Method, path: &str, body: Body) -> (u16, Vec<u8>) {
    let client = Client::new(&format!("http://{addr}"), token.map(str::to_owned));
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || client.send_raw(method, &path, body).expect("an answer")).await.expect("client")
}

fn as_json(bytes: &[u8]) -> Value {
    if bytes.is_empty() { Value::Null } else { serde_json::from_slice(bytes).unwrap_or(Value::Null) }
}

/// The rows the documented operations are called on: the demo merchant after two orders (one
/// labelled, one dead-lettered), a refund, a spare token and a second connection.
struct Seeded {
    admin: String,
    values: BTreeMap<&'static str, String>,
}

async fn seed(node: &Node, addr: SocketAddr) -> Seeded {
    let token = crossdock::api::new_token().expect("randomness");
    node.store.create_token("acme", "admin", &crossdock::api::hash_token(&token)).await.expect("token");
    let order = json!({
        "id": 7001, "name": "#7001", "created_at": "2026-11-24T10:00:00Z", "currency": "EUR",
        "total_price": "51.98", "taxes_included": true,
        "line_items": [{"id": 70010, "sku": "CAP-01", "title": "Goods", "quantity": 1, "price": "19.99", "requires_shipping": true}],
        "shipping_lines": [{"price": "12.00"}],
        "shipping_address": {"name": "Lena Fischer", "address1": "Street 1", "city": "Town", "zip": "10115", "country_code": "DE"},
    });
    post_shopify(addr, "orders/create", "openapi-1", serde_json::to_vec(&order).expect("json")).await;
    post_shopify(addr, "orders/create", "openapi-dead", br#"{"id": 9}"#.to_vec()).await;
    drain(node).await;
    let refund = json!({"id": 71, "order_id": 7001, "created_at": "2026-11-25T09:00:00Z",
        "refund_line_items": [{"quantity": 1, "restock_type": "return", "line_item_id": 70010,
                               "line_item": {"sku": "CAP-01", "price": "19.99"}}]});
    post_shopify(addr, "refunds/create", "openapi-2", serde_json::to_vec(&refund).expect("json")).await;
    drain(node).await;

    let get = |path: &'static str| {
        let token = token.clone();
        async move { as_json(&call(addr, Some(&token), Method::Get, path, Body::None).await.1) }
    };
    let first = |list: &Value, key: &str| -> String {
        match &list["items"][0][key] {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            other => panic!("no `{key}` in the first item of {list}: {other}"),
        }
    };
    let shipment = first(&get("/api/v1/shipments").await, "id");
    let event = first(&get("/api/v1/events?status=dead").await, "id");
    let return_ = first(&get("/api/v1/returns").await, "id");
    // A connection that has received no webhooks, so it can be deleted.
    let spare_connection = json!({"id": "acme-spare", "platform": "woocommerce", "secret": "woo-signing-secret-spare"});
    let (status, bytes) =
        call(addr, Some(&token), Method::Post, "/api/v1/connections", Body::Json(spare_connection)).await;
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&bytes));
    let connection = as_json(&bytes)["id"].as_str().expect("a connection id").to_owned();
    let warehouse = first(&get("/api/v1/warehouses").await, "id");
    let spare = crossdock::api::new_token().expect("randomness");
    let spare = node.store.create_token("acme", "read", &crossdock::api::hash_token(&spare)).await.expect("token");

    let values = BTreeMap::from([
        ("/api/v1/merchants/{id}", "acme".to_owned()),
        ("/api/v1/tokens/{id}", spare.to_string()),
        ("/api/v1/connections/{id}", connection),
        ("/api/v1/markets/{name}", "EU".to_owned()),
        ("/api/v1/catalog/{sku}", "CAP-01".to_owned()),
        ("/api/v1/warehouses/{id}", warehouse),
        ("/api/v1/plugins/{name}", "customs-eu".to_owned()),
        ("/api/v1/orders/{id}", "7001".to_owned()),
        ("/api/v1/shipments/{id}", shipment),
        ("/api/v1/returns/{id}", return_),
        ("/api/v1/events/{id}", event),
        ("{market}", "EU".to_owned()),
        ("{plugin}", "returns-standard".to_owned()),
    ]);
    Seeded { admin: token, values }
}

/// The concrete path of a documented path template, from the seeded rows.
fn concrete(template: &str, seeded: &Seeded) -> String {
    let mut path = template.to_owned();
    while let Some(start) = path.find('{') {
        let end = path[start..].find('}').map(|e| start + e + 1).expect("a closed parameter");
        let name = &path[start..end];
        let prefix = &template[..template.find(name).expect("the parameter") + name.len()];
        let value = seeded.values.get(prefix).or_else(|| seeded.values.get(name)).unwrap_or_else(|| {
            panic!("this test has no value for {name} in {template}: seed a row and add it to `seed`")
        });
        path.replace_range(start..end, &crossdock::links::segment(value));
    }
    path
}

/// `schema` (from the document) as a JSON Schema that resolves the document's `$ref`s and
/// refuses properties it does not describe.
fn strict(schema: &Value, doc: &Value) -> Value {
    fn tighten(v: &mut Value) {
        match v {
            Value::Object(map) => {
                if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                    map.insert("unevaluatedProperties".into(), Value::Bool(false));
                }
                map.values_mut().for_each(tighten);
            }
            Value::Array(items) => items.iter_mut().for_each(tighten),
            _ => {}
        }
    }
    let mut components = doc["components"].clone();
    tighten(&mut components);
    let mut schema = schema.clone();
    tighten(&mut schema);
    json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "components": components, "allOf": [schema]})
}

fn order_of(method: &str, path: &str) -> (u8, std::cmp::Reverse<usize>) {
    let rank = match method {
        "get" => 0,
        "post" | "put" | "patch" => 1,
        _ => 2,
    };
    // Deletes go deepest first: a binding before its market.
    (rank, std::cmp::Reverse(if rank == 2 { path.len() } else { 0 }))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_documented_operation_answers_as_the_document_says() {
    let backend = Backend { name: "SQLite", dir: tempfile::tempdir().expect("dir"), database_url: None };
    let mut args =
        support::serve_args(&backend, vec![wasm("customs_eu"), wasm("carrier_table_rate"), wasm("returns_standard")]);
    args.operator_token = Some(OPERATOR.into());
    let node = Node::start(&args).await.expect("node");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = router(Arc::new(AppState::new(&node, Some(OPERATOR))), 1 << 20);
    tokio::spawn(async move { axum::serve(listener, app).await });

    let (status, served) = call(addr, None, Method::Get, "/api/v1/openapi.json", Body::None).await;
    assert_eq!(status, 200);
    let doc = as_json(&served);
    let generated = serde_json::to_value(crossdock::api::document()).expect("document");
    assert_eq!(doc, generated, "the served document is the generated one");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", doc["openapi"]);
    let seeded = seed(&node, addr).await;

    let mut operations = Vec::new();
    for (template, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("a path item") {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                operations.push((template.clone(), method.clone(), op.clone()));
            }
        }
    }
    operations.sort_by_key(|(path, method, _)| order_of(method, path));

    for (template, method, op) in &operations {
        let what = format!("{} {template}", method.to_uppercase());
        assert!(op["responses"]["default"].is_object(), "{what} documents its error answer");
        assert!(op["summary"].is_string() || op["description"].is_string(), "{what} says what it does");
        let path = concrete(template, &seeded);
        let token = match (method.as_str(), template.as_str()) {
            (_, t) if t.starts_with("/api/v1/openapi") => None,
            ("post", "/api/v1/merchants") => Some(OPERATOR),
            _ => Some(seeded.admin.as_str()),
        };
        let body = match op["requestBody"]["content"].as_object() {
            None => Body::None,
            Some(content) if content.contains_key("application/wasm") => {
                Body::Bytes(std::fs::read(wasm("probe_carrier")).expect("probe-carrier"), "application/wasm")
            }
            Some(content) => {
                let media = &content["application/json"];
                let example = media["example"]
                    .clone()
                    .as_object()
                    .map(|_| media["example"].clone())
                    .or_else(|| media["schema"]["example"].as_object().map(|_| media["schema"]["example"].clone()))
                    .or_else(|| {
                        let name = media["schema"]["$ref"].as_str()?.rsplit('/').next()?;
                        doc["components"]["schemas"][name]["example"]
                            .as_object()
                            .map(|_| doc["components"]["schemas"][name]["example"].clone())
                    })
                    .unwrap_or_else(|| panic!("{what} documents no example request body"));
                Body::Json(example)
            }
        };
        let method_ = match method.as_str() {
            "get" => Method::Get,
            "post" => Method::Post,
            "put" => Method::Put,
            "patch" => Method::Patch,
            _ => Method::Delete,
        };
        let (status, bytes) = call(addr, token, method_, &path, body).await;
        assert!((200..300).contains(&status), "{what} ({path}) answered {status}: {}", String::from_utf8_lossy(&bytes));
        let answer = op["responses"][status.to_string()]
            .as_object()
            .unwrap_or_else(|| panic!("{what} answered {status}, which it does not document"));
        let Some(content) = answer.get("content").and_then(Value::as_object) else {
            assert!(bytes.is_empty(), "{what} documents no body but answered one");
            continue;
        };
        let Some(media) = content.get("application/json") else { continue };
        let schema = strict(&media["schema"], &doc);
        let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{what}: schema: {e}"));
        let instance = as_json(&bytes);
        let errors: Vec<String> =
            validator.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(
            errors.is_empty(),
            "{what} answered what the document does not say:\n{}\n{instance:#}",
            errors.join("\n")
        );
    }
    assert!(operations.len() >= 44, "{} documented operations", operations.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_documented_path_answers_405_to_a_method_the_document_does_not_list() {
    let backend = Backend { name: "SQLite", dir: tempfile::tempdir().expect("dir"), database_url: None };
    let plugins = vec![wasm("customs_eu"), wasm("carrier_table_rate"), wasm("returns_standard")];
    let node = Node::start(&support::serve_args(&backend, plugins)).await.expect("node");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = router(Arc::new(AppState::new(&node, None)), 1 << 20);
    tokio::spawn(async move { axum::serve(listener, app).await });
    let doc = serde_json::to_value(crossdock::api::document()).expect("document");
    let token = crossdock::api::new_token().expect("randomness");
    node.store.create_token("acme", "admin", &crossdock::api::hash_token(&token)).await.expect("token");
    let mut checked = 0;
    for (template, item) in doc["paths"].as_object().expect("paths") {
        let path = template.replace('{', "x").replace('}', "");
        for (name, method) in [
            ("get", Method::Get),
            ("post", Method::Post),
            ("put", Method::Put),
            ("patch", Method::Patch),
            ("delete", Method::Delete),
        ] {
            if item.get(name).is_some() {
                continue;
            }
            let (status, bytes) = call(addr, Some(&token), method, &path, Body::None).await;
            assert_eq!(status, 405, "{} {path}: {}", name.to_uppercase(), String::from_utf8_lossy(&bytes));
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} undocumented methods tried");
}

#[test]
fn the_api_registers_routes_only_through_the_documenting_macro() {
    let source = include_str!("../src/api/mod.rs");
    let plain: Vec<&str> = source.lines().filter(|l| l.contains(".route(")).collect();
    assert!(plain.is_empty(), "routes outside `routes!` would be missing from the document: {plain:#?}");
}
