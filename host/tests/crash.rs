//! `kill -9` at any moment loses no acknowledged webhook and never turns one order into two
//! shipments.
//!
//! The real binary serves on the embedded store; the test sends signed Shopify orders, kills
//! the server with SIGKILL at arbitrary points (mid-ingest, mid-processing, mid-label), starts
//! it again on the same data directory, and repeats. At the end every order the server ever
//! answered 200 has exactly one shipment, labelled — no order lost, none doubled.

mod support;

use crossdock::domain::ShipmentStatus;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crossdock::ingest::signature::{Key, sign_b64};
use crossdock::store::{Store, StoreTarget};
use support::wasm;

const SECRET: &str = "hush-acme-shopify-secret";
const SHOP: &str = "acme-outdoor.myshopify.com";

const SETUP: &str = r#"
[[merchant]]
id = "acme"
name = "Acme Outdoor"
currency = "EUR"

[[merchant.connection]]
id = "acme-shopify"
platform = "shopify"
shop_domain = "acme-outdoor.myshopify.com"
secret = "hush-acme-shopify-secret"

[[merchant.warehouse]]
id = "shenzhen"
country = "CN"
postal_code = "518000"
city = "Shenzhen"

[[merchant.market]]
name = "EU"
countries = ["DE", "FR", "NL"]
plugins = ["customs-eu", "carrier-table-rate"]

[[merchant.catalog]]
sku = "TEE-M"
hs_code = "610910"
origin_country = "CN"
unit_weight_g = 180
"#;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

struct Server(Child, std::sync::mpsc::Receiver<String>);

impl Server {
    fn start(data: &Path, setup: &Path, port: u16) -> Server {
        let mut serve = Command::new(env!("CARGO_BIN_EXE_crossdock"));
        serve
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .args(["--data-dir", data.to_str().expect("path"), "--config", setup.to_str().expect("path")])
            .args(["--plugin", wasm("customs_eu").to_str().expect("path")])
            .args(["--plugin", wasm("carrier_table_rate").to_str().expect("path")])
            .args(["--lease-secs", "1", "--workers", "2"]);
        let serving = support::start_serving(&mut serve, Duration::from_secs(60));
        Server(serving.child, serving.log)
    }

    /// SIGKILL: no shutdown, no flush, no goodbye.
    fn kill_9(mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A minimal HTTP/1.1 exchange; `None` when the server is not (or no longer) there.
fn request(port: u16, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split(' ').nth(1)?.parse().ok()?;
    Some((status, response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default()))
}

fn order_body(id: u64) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "id": id, "name": format!("#{id}"), "created_at": "2026-11-24T10:00:00Z", "currency": "EUR",
        "total_price": "51.98", "taxes_included": true,
        "line_items": [{"id": id * 10, "sku": "TEE-M", "title": "Cotton T-shirt", "quantity": 2, "price": "19.99",
                        "requires_shipping": true}],
        "shipping_lines": [{"price": "12.00"}],
        "shipping_address": {"name": "Lena Fischer", "address1": "Invalidenstraße 1", "city": "Berlin",
                             "zip": "10115", "country_code": "DE"},
    }))
    .expect("json")
}

/// Sends order `id`; whether the server acknowledged it (200).
fn send(port: u16, id: u64) -> bool {
    let body = order_body(id);
    let headers = [
        ("Content-Type", "application/json".to_owned()),
        ("X-Shopify-Topic", "orders/create".to_owned()),
        ("X-Shopify-Shop-Domain", SHOP.to_owned()),
        ("X-Shopify-Webhook-Id", format!("delivery-{id}")),
        ("X-Shopify-Hmac-Sha256", sign_b64(&Key::from_utf8(SECRET), &[&body])),
    ];
    matches!(request(port, "POST", "/webhooks/shopify", &headers, &body), Some((200, _)))
}

/// Whether the server's metrics count no inbox event pending or being processed.
fn inbox_drained(port: u16) -> bool {
    let Some((200, text)) = request(port, "GET", "/metrics", &[], b"") else { return false };
    ["pending", "processing"]
        .iter()
        .all(|status| text.lines().any(|line| line == format!("crossdock_inbox_events{{status=\"{status}\"}} 0")))
}

#[test]
fn kill_9_at_any_moment_loses_no_acknowledged_order_and_doubles_none() {
    let dir = tempfile::tempdir().expect("temp dir");
    let setup = dir.path().join("crossdock.toml");
    std::fs::write(&setup, SETUP).expect("setup");
    let data = dir.path().join("data");
    let mut acknowledged = Vec::new();
    let mut next_id = 8_000_000u64;

    // Rounds of: start, send a burst (sending on while the workers process), SIGKILL at a
    // varying moment — during ingest in some rounds, during processing in others.
    for round in 0..4u64 {
        let port = free_port();
        let server = Server::start(&data, &setup, port);
        let killer_delay = Duration::from_millis(40 + round * 70);
        let started = Instant::now();
        while started.elapsed() < killer_delay {
            next_id += 1;
            if send(port, next_id) {
                acknowledged.push(next_id);
            }
        }
        server.kill_9();
    }
    assert!(acknowledged.len() >= 4, "too few orders got through to prove anything: {}", acknowledged.len());

    // A last, clean start finishes what the killed servers left (leases expire after 1 s).
    let port = free_port();
    let server = Server::start(&data, &setup, port);
    // Checked at the start and after each line the server logs: a worker logs every event it
    // settles once the store has it, so the line of the last one finds the inbox drained.
    let deadline = Instant::now() + Duration::from_secs(120);
    while !inbox_drained(port) {
        let line = server.1.recv_timeout(deadline.saturating_duration_since(Instant::now()));
        assert!(line.is_ok(), "the inbox did not drain: {line:?}");
    }
    drop(server);

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let store = Store::open(&StoreTarget::Sqlite { path: data.join("crossdock.db") }).await.expect("store");
        for id in &acknowledged {
            let shipments = store.shipments_for_order("acme", &id.to_string()).await.expect("shipments");
            assert_eq!(shipments.len(), 1, "order {id}: {shipments:?}");
            assert_eq!(shipments[0].status, ShipmentStatus::Labelled, "order {id}: {:?}", shipments[0].hold_reason);
            assert!(shipments[0].tracking_number.is_some(), "order {id} has a tracking number");
        }
        let counts = store.inbox_counts().await.expect("counts");
        // A delivery committed just before a kill may never have had its 200 sent: stored and
        // processed, but not counted as acknowledged. Never fewer.
        assert!(counts.done as usize >= acknowledged.len(), "every acknowledged delivery was processed: {counts:?}");
        assert_eq!((counts.pending, counts.processing, counts.dead), (0, 0, 0), "{counts:?}");
        eprintln!("{} orders acknowledged across 4 kills, {} deliveries processed", acknowledged.len(), counts.done);
        store.close().await;
    });
}
