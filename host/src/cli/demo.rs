//! `crossdock demo`: the whole pipeline on a laptop in a few seconds.
//!
//! Starts from an empty data directory, applies the demo merchant (`host/demo/crossdock.toml`:
//! EU, UK, US and AU markets), installs the bundled plugins, loads the demo FX table, starts
//! the server, and sends itself Shopify `orders/create` webhooks signed with the merchant's
//! secret — over real HTTP, through the same endpoint a shop would use, including one
//! redelivery. Then it runs the workers until the inbox is empty, sends a return, polls the
//! carriers for tracking, and prints what happened to every order: shipments, warehouses,
//! duties and taxes and who collects them, the carrier and service chosen among every
//! carrier's rates, labels, tracking, the return's route, and what was held and why.
//!
//! The carriers' APIs are the carrier sandbox (`fake-carriers`, on `--carrier-sandbox`), which
//! answers in DHL's, UPS's and FedEx's real wire formats; `make demo` starts it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, bail};
use serde_json::{Value, json};

use super::serve::ServeArgs;
use crate::app::{AppState, Node};
use crate::ingest::signature::{Key, sign_b64};
use crate::server::router;
use crate::worker::{self, WorkerConfig};

/// The demo merchant at its smallest: the EU market with `customs-eu`, `carrier-table-rate`
/// and `returns-standard` (what the host's tests build on).
pub const SETUP: &str = include_str!("../../demo/minimal.toml");
/// The full demo merchant: EU, UK, US and AU markets with their customs plugins, carriers on
/// the carrier sandbox, and returns policies.
pub const DEMO: &str = include_str!("../../demo/crossdock.toml");
/// The demo's FX table (illustrative rates, dated).
pub const FX: &str = include_str!("../../demo/fx.json");
/// Where the demo setup expects the carrier sandbox.
pub const SANDBOX: &str = "127.0.0.1:8091";
/// Every bundled plugin, as built by `make build`.
pub const BUNDLED: &[&str] = &[
    "customs_eu",
    "customs_gb",
    "customs_ch",
    "customs_no",
    "customs_us",
    "customs_ca",
    "customs_au",
    "customs_nz",
    "customs_sg",
    "customs_jp",
    "carrier_table_rate",
    "carrier_dhl_express",
    "carrier_ups",
    "carrier_fedex",
    "carrier_postal",
    "returns_standard",
    "returns_local_hub",
    "returns_eu_withdrawal",
];
const TEMPLATE: &str = include_str!("../../demo/shopify-order-template.json");
const SHOP: &str = "acme-outdoor.myshopify.com";
const SECRET: &str = "hush-acme-shopify-secret";

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// An empty (or missing) directory for the demo's data. Default: a new temporary one.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Plugin components to install. Default: the `*.wasm` in `plugins/` beside this program
    /// (as `make build` leaves them), else the bundled plugins where cargo builds them
    /// (`target/wasm32-wasip2/release/`).
    #[arg(long = "plugin")]
    pub plugins: Vec<PathBuf>,
    /// Where the demo server listens.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,
    /// Keep serving (with background workers) after the demo, until Ctrl-C.
    #[arg(long)]
    pub serve: bool,
    /// Where the carrier sandbox (`fake-carriers`) listens; the demo's DHL, UPS and FedEx
    /// bindings are pointed there.
    #[arg(long, default_value = SANDBOX)]
    pub carrier_sandbox: String,
    /// A host that carrier plugins may reach although it resolves to an internal address
    /// (`HOST` or `HOST:PORT`); repeatable. The carrier sandbox is always allowed: the demo's
    /// bindings point there.
    #[arg(long = "allow-internal-host", value_name = "HOST[:PORT]")]
    pub allow_internal_hosts: Vec<String>,
}

/// One order the demo sends.
struct DemoOrder {
    id: u64,
    city: &'static str,
    zip: &'static str,
    country: (&'static str, &'static str),
    customer: &'static str,
    lines: &'static [(&'static str, &'static str, u32, &'static str)],
    shipping: &'static str,
}

const ORDERS: &[DemoOrder] = &[
    DemoOrder {
        id: 7_001_001,
        city: "Berlin",
        zip: "10115",
        country: ("DE", "Germany"),
        customer: "Lena Fischer",
        lines: &[("TEE-M", "Cotton T-shirt - M", 2, "19.99"), ("CAP-01", "Baseball cap", 1, "14.50")],
        shipping: "12.00",
    },
    DemoOrder {
        id: 7_001_002,
        city: "Paris",
        zip: "75011",
        country: ("FR", "France"),
        customer: "Camille Martin",
        lines: &[("HOOD-L", "Fleece hoodie - L", 4, "49.99")],
        shipping: "15.00",
    },
    DemoOrder {
        id: 7_001_003,
        city: "Madrid",
        zip: "28013",
        country: ("ES", "Spain"),
        customer: "Lucía García",
        lines: &[("LAMP-01", "Camping lamp", 1, "34.90")],
        shipping: "9.00",
    },
    DemoOrder {
        id: 7_001_004,
        city: "London",
        zip: "SW1A 1AA",
        country: ("GB", "United Kingdom"),
        customer: "Oliver Smith",
        lines: &[("HOOD-L", "Fleece hoodie - L", 1, "49.99"), ("CAP-01", "Baseball cap", 2, "14.50")],
        shipping: "9.00",
    },
    DemoOrder {
        id: 7_001_005,
        city: "New York",
        zip: "10001",
        country: ("US", "United States"),
        customer: "Emma Johnson",
        lines: &[("HOOD-L", "Fleece hoodie - L", 2, "49.99")],
        shipping: "15.00",
    },
    DemoOrder {
        id: 7_001_006,
        city: "Sydney",
        zip: "2000",
        country: ("AU", "Australia"),
        customer: "Jack Wilson",
        lines: &[("TEE-M", "Cotton T-shirt - M", 3, "19.99")],
        shipping: "14.00",
    },
];

/// A Shopify `orders/create` body for `order`, in the shape of Shopify's own test payload.
fn shopify_body(order: &DemoOrder) -> anyhow::Result<Vec<u8>> {
    let mut body: Value = serde_json::from_str(TEMPLATE).context("the order template is not JSON")?;
    let cents = |text: &str| text.replace('.', "").parse::<i64>().unwrap_or(0);
    let subtotal: i64 = order.lines.iter().map(|(_, _, q, p)| i64::from(*q) * cents(p)).sum();
    let total = subtotal + cents(order.shipping);
    let money = |c: i64| format!("{}.{:02}", c / 100, c % 100);
    let (first, last) = order.customer.split_once(' ').unwrap_or((order.customer, ""));
    body["id"] = json!(order.id);
    body["created_at"] = json!(days_ago(3));
    body["updated_at"] = json!(days_ago(3));
    body["processed_at"] = json!(days_ago(3));
    body["order_number"] = json!(order.id % 10_000);
    body["name"] = json!(format!("#{}", order.id % 10_000));
    body["email"] = json!(format!("{}@example.com", first.to_lowercase()));
    body["currency"] = json!("EUR");
    body["presentment_currency"] = json!("EUR");
    body["taxes_included"] = json!(true);
    body["cancelled_at"] = Value::Null;
    body["cancel_reason"] = Value::Null;
    body["total_tax"] = json!("0.00");
    body["subtotal_price"] = json!(money(subtotal));
    body["total_line_items_price"] = json!(money(subtotal));
    body["total_price"] = json!(money(total));
    body["line_items"] = Value::Array(
        order
            .lines
            .iter()
            .enumerate()
            .map(|(i, (sku, title, quantity, price))| {
                json!({
                    "id": order.id * 10 + i as u64, "sku": sku, "title": title, "name": title,
                    "quantity": quantity, "price": price, "requires_shipping": true,
                    "taxable": true, "gift_card": false, "discount_allocations": [],
                })
            })
            .collect(),
    );
    body["shipping_lines"] =
        json!([{"title": "Standard", "price": order.shipping, "discounted_price": order.shipping}]);
    body["shipping_address"] = json!({
        "name": order.customer, "first_name": first, "last_name": last,
        "address1": "1 Demo Street", "city": order.city, "zip": order.zip,
        "country": order.country.1, "country_code": order.country.0, "phone": "+1 555 0100",
    });
    serde_json::to_vec(&body).context("serialising an order")
}

/// Now minus `days`, as RFC 3339.
fn days_ago(days: i64) -> String {
    let now = crate::clock::Clock::system().now().unix();
    crossdock_types::Timestamp::from_unix(now - days * 86_400).to_string()
}

fn default_plugins() -> anyhow::Result<Vec<PathBuf>> {
    let exe = std::env::current_exe().context("cannot find this program's path")?;
    let exe_dir = exe.parent().context("unexpected program location")?;
    // `make build` and a release archive put them beside the program, as `serve` finds them.
    let beside = exe_dir.join(super::serve::PLUGINS_DIR);
    if beside.is_dir() {
        return Ok(crate::registry::Registry::files_in(&beside)?);
    }
    // A plain `cargo build` leaves them where cargo builds them.
    let target = exe_dir.parent().context("unexpected program location")?;
    let dir = target.join("wasm32-wasip2/release");
    let paths: Vec<PathBuf> = BUNDLED.iter().map(|name| dir.join(format!("{name}.wasm"))).collect();
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        bail!("the bundled plugin {} is missing: run `make build` first, or pass --plugin", missing.display());
    }
    Ok(paths)
}

pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let data_dir = args
        .data_dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("crossdock-demo-{}", std::process::id())));
    if data_dir.read_dir().map(|mut d| d.next().is_some()).unwrap_or(false) {
        bail!("{} is not empty: the demo starts from an empty data directory", data_dir.display());
    }
    std::fs::create_dir_all(&data_dir).with_context(|| format!("cannot create {}", data_dir.display()))?;
    let setup = data_dir.join("crossdock.toml");
    std::fs::write(&setup, DEMO.replace(SANDBOX, &args.carrier_sandbox)).context("writing the demo setup")?;
    let fx = data_dir.join("fx.json");
    std::fs::write(&fx, FX).context("writing the demo FX table")?;
    let plugins = if args.plugins.is_empty() { default_plugins()? } else { args.plugins.clone() };
    let mut allow_internal_hosts = args.allow_internal_hosts.clone();
    allow_internal_hosts.push(args.carrier_sandbox.clone());
    let serve = ServeArgs {
        listen: args.listen,
        data_dir: data_dir.clone(),
        database_url: None,
        config: Some(setup),
        plugins,
        plugins_dirs: Vec::new(),
        workers: WorkerConfig::default().concurrency,
        max_attempts: WorkerConfig::default().max_attempts,
        lease_secs: WorkerConfig::default().lease.as_secs(),
        track_every_secs: 300,
        fx: Some(fx),
        body_limit: 1 << 20,
        plugin_limit: 1 << 20,
        operator_token: None,
        allow_internal_hosts,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(demo(serve, args.serve))?;
    Ok(ExitCode::SUCCESS)
}

async fn demo(args: ServeArgs, keep_serving: bool) -> anyhow::Result<()> {
    let node = Node::start(&args).await?;
    let listener = tokio::net::TcpListener::bind(args.listen).await.context("cannot listen")?;
    let addr = listener.local_addr()?;
    let state = Arc::new(AppState::new(&node, None));
    let server = tokio::spawn(async move { axum::serve(listener, router(state, 1 << 20)).await });
    println!("crossdock demo: data in {}, serving on http://{addr}\n", args.data_dir.display());

    let mut deliveries = Vec::new();
    for (n, order) in ORDERS.iter().enumerate() {
        deliveries.push((format!("demo-delivery-{}", n + 1), shopify_body(order)?));
    }
    // Shopify retries a delivery it thinks failed: the same webhook id, the same body.
    deliveries.push(deliveries[0].clone());
    for (webhook_id, body) in deliveries {
        let url = format!("http://{addr}/webhooks/shopify");
        let answer = tokio::task::spawn_blocking(move || post(&url, "orders/create", &webhook_id, &body)).await??;
        println!("POST /webhooks/shopify (orders/create) → {answer}");
    }
    while worker::work_once(&node.pipeline, &WorkerConfig::default(), "demo").await? {}

    // The Berlin customer sends the T-shirts back: Shopify reports the refund, restocked as a return.
    let refund = json!({
        "id": 9_001, "order_id": ORDERS[0].id, "created_at": days_ago(0),
        "refund_line_items": [{"quantity": 2, "restock_type": "return", "line_item_id": ORDERS[0].id * 10,
                               "line_item": {"sku": "TEE-M", "price": "19.99"}}]
    });
    let body = serde_json::to_vec(&refund)?;
    let url = format!("http://{addr}/webhooks/shopify");
    let answer = tokio::task::spawn_blocking(move || post(&url, "refunds/create", "demo-refund-1", &body)).await??;
    println!("POST /webhooks/shopify (refunds/create) → {answer}");
    while worker::work_once(&node.pipeline, &WorkerConfig::default(), "demo").await? {}
    println!();
    for order in ORDERS {
        print_order(&node, &order.id.to_string(), order.city).await?;
    }
    if let Some(r) = node.store.return_by_id("acme:refund-9001").await? {
        println!("return refund-9001 of order {}: {}", r.order_external_id, r.status);
        let decision: Option<crossdock_types::Decision> =
            r.decision_json.as_deref().and_then(|j| serde_json::from_str(j).ok());
        if let Some(d) = decision {
            println!("    route: {}, refund {}", serde_json::to_string(&d.route)?, d.refund);
        }
        if let (Some(carrier), Some(tracking)) = (&r.carrier, &r.tracking_number) {
            println!(
                "    return label: {carrier}, tracking {tracking}, {} ({} bytes)",
                r.label_format.as_deref().unwrap_or("?"),
                r.label.as_ref().map_or(0, Vec::len)
            );
        }
    }
    let moved = node.pipeline.track_once(100).await?;
    println!("tracking: every labelled shipment polled, {moved} changed status; public tracking pages:");
    for order in ORDERS {
        for s in node.store.shipments_for_order("acme", &order.id.to_string()).await? {
            if let Some(number) = &s.tracking_number {
                println!("    {} {:<18} http://{addr}/track/{number}", s.destination_country, s.status);
            }
        }
    }
    let counts = node.store.inbox_counts().await?;
    let runs = node.store.plugin_runs("acme", 1000).await?;
    println!(
        "inbox: {} done, {} dead; {} plugin runs recorded (fuel total {})",
        counts.done,
        counts.dead,
        runs.len(),
        runs.iter().filter_map(|r| r.fuel).sum::<u64>()
    );

    if keep_serving {
        println!("\nserving on http://{addr} with background workers; Ctrl-C to stop");
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let workers = tokio::spawn(worker::run(node.pipeline.clone(), WorkerConfig::default(), "demo".into(), stop_rx));
        let _ = tokio::signal::ctrl_c().await;
        let _ = stop_tx.send(true);
        let _ = workers.await;
    }
    server.abort();
    node.store.close().await;
    Ok(())
}

fn post(url: &str, topic: &str, webhook_id: &str, body: &[u8]) -> anyhow::Result<String> {
    let signature = sign_b64(&Key::from_utf8(SECRET), &[body]);
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut response = agent
        .post(url)
        .header("Content-Type", "application/json")
        .header("X-Shopify-Topic", topic)
        .header("X-Shopify-Shop-Domain", SHOP)
        .header("X-Shopify-Webhook-Id", webhook_id)
        .header("X-Shopify-Hmac-Sha256", &signature)
        .header("X-Shopify-API-Version", "2026-10")
        .send(body)
        .context("posting a webhook to the demo server")?;
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    Ok(format!("{status} {text}"))
}

async fn print_order(node: &Node, order_id: &str, city: &str) -> anyhow::Result<()> {
    println!("order {order_id} to {city}:");
    let runs = node.store.plugin_runs("acme", 10_000).await?;
    for s in node.store.shipments_for_order("acme", order_id).await? {
        let customs: Option<crossdock_types::Assessment> =
            s.customs_json.as_deref().and_then(|j| serde_json::from_str(j).ok());
        println!("  shipment {} from {}: {}", s.id, s.warehouse_id, s.status);
        if let Some(c) = &customs {
            let customs_run = runs.iter().find(|r| r.shipment_id.as_deref() == Some(&s.id) && r.function == "assess");
            println!(
                "    customs ({}): duty {}, import tax {}, collected at {}, documents {}",
                customs_run.map_or("?", |r| r.plugin_name.as_str()),
                c.duty,
                c.tax,
                serde_json::to_string(&c.collect)?.trim_matches('"'),
                serde_json::to_string(&c.documents)?
            );
        } else {
            println!("    customs: none needed (no border crossed)");
        }
        let mut rated: Vec<String> = runs
            .iter()
            .filter(|r| r.shipment_id.as_deref() == Some(&s.id) && r.function == "rate")
            .map(|r| format!("{} ({})", r.plugin_name, r.outcome))
            .collect();
        rated.sort();
        if !rated.is_empty() {
            println!("    rated by: {}", rated.join(", "));
        }
        if let (Some(carrier), Some(tracking)) = (&s.carrier, &s.tracking_number) {
            println!(
                "    carrier: {} {} at {}, tracking {}, label {} ({} bytes)",
                carrier,
                s.service_code.as_deref().unwrap_or(""),
                s.price.map(|p| p.to_string()).unwrap_or_default(),
                tracking,
                s.label_format.as_deref().unwrap_or("?"),
                s.label.as_ref().map_or(0, Vec::len)
            );
        }
        if let Some(reason) = &s.hold_reason {
            println!("    held: {reason}");
        }
    }
    Ok(())
}
