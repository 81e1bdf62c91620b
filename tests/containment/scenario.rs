//! The containment scenario shared by `tests/containment.rs` and `benches/containment.rs`: a
//! node with two ordinary merchants and a crowd of hostile ones, rounds of signed orders, and
//! what a round measured.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crossdock::app::AppState;
use crossdock::app::Node;
use crossdock::pipeline::process::Pipeline;
use crossdock::registry::Registry;
use crossdock::runtime::fx::FxTable;
use crossdock::runtime::{Limits, Runtime, RuntimeConfig};
use crossdock::server::router;
use crossdock::store::{Store, StoreTarget};
use crossdock::worker::{self, WorkerConfig};
use crossdock_tests::plugin_path;
use sqlx::Connection;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use super::payloads::{TEES_AND_CAP, hmac_b64, shopify_berlin_order};

/// The merchants whose orders must not suffer.
pub const ORDINARY: [&str; 2] = ["acme", "bolt"];
/// Offences of the `hostile` customs plugin, one merchant each (`mallory-<offence>`).
pub const OFFENCES: [&str; 6] = ["loop", "grow", "recurse", "panic", "oversized", "sleep"];
/// What the internal service answers: must never reach a record.
const INTERNAL_SECRET: &str = "internal-secret-7f3a9c";

/// Limits of every call: tight, so hostile calls end quickly.
fn limits() -> Limits {
    Limits {
        fuel: 20_000_000,
        deadline: Duration::from_millis(250),
        http_budget: Duration::from_secs(2),
        hard_deadline: HARD_DEADLINE,
        ..Limits::default()
    }
}
/// No call may outlive this, whatever it does.
pub const HARD_DEADLINE: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    /// Only the ordinary merchants' orders.
    Clean,
    /// The same, with one order of every hostile merchant after each pair.
    Hostile,
}

/// What one round measured.
#[derive(Debug)]
pub struct Measured {
    pub round: Round,
    /// Ordinary shipments of the round: id and milliseconds from webhook to label.
    pub latencies_ms: Vec<(String, i64)>,
    /// Hostile orders sent.
    pub hostile_orders: usize,
    /// Resident memory of this process when the round had settled, in KiB.
    pub rss_kib: u64,
    pub elapsed: Duration,
}

impl Measured {
    pub fn percentile(&self, p: f64) -> i64 {
        let mut v: Vec<i64> = self.latencies_ms.iter().map(|(_, ms)| *ms).collect();
        v.sort_unstable();
        if v.is_empty() {
            return 0;
        }
        let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
        v[rank.clamp(1, v.len()) - 1]
    }
}

/// A loopback HTTP server: `internal` answers the secret and counts hits; `slow` never answers
/// within any deadline.
struct Servers {
    internal: SocketAddr,
    internal_hits: Arc<AtomicU64>,
    slow: SocketAddr,
    handles: Vec<JoinHandle<()>>,
}

async fn serve(app: axum::Router) -> (SocketAddr, JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("an ephemeral port");
    let addr = listener.local_addr().expect("the bound address");
    (addr, tokio::spawn(async move { axum::serve(listener, app).await.expect("a loopback server") }))
}

impl Servers {
    async fn start() -> Servers {
        let hits = Arc::new(AtomicU64::new(0));
        let counted = hits.clone();
        let internal = axum::Router::new().fallback(move || {
            let hits = counted.clone();
            async move {
                hits.fetch_add(1, Ordering::Relaxed);
                INTERNAL_SECRET
            }
        });
        let slow = axum::Router::new().fallback(|| async {
            tokio::time::sleep(Duration::from_secs(120)).await;
            "too late"
        });
        let (internal, a) = serve(internal).await;
        let (slow, b) = serve(slow).await;
        Servers { internal, internal_hits: hits, slow, handles: vec![a, b] }
    }
}

fn shop(merchant: &str) -> String {
    format!("{merchant}.myshopify.com")
}

fn secret(merchant: &str) -> String {
    format!("hush-{merchant}-shopify-secret")
}

/// Every merchant of the scenario: the ordinary ones, one per offence, `eve` (SSRF) and
/// `sloth` (a carrier that never answers).
fn merchants() -> Vec<String> {
    let mut all: Vec<String> = ORDINARY.iter().map(|m| m.to_string()).collect();
    all.extend(OFFENCES.iter().map(|o| format!("mallory-{o}")));
    all.push("eve".into());
    all.push("sloth".into());
    all
}

fn hostile_merchants() -> Vec<String> {
    merchants().into_iter().filter(|m| !ORDINARY.contains(&m.as_str())).collect()
}

/// The setup file: every merchant ships from Shenzhen to a German market; what differs is the
/// plugins bound there.
fn setup_toml(servers: &Servers) -> String {
    let mut text = String::new();
    for merchant in merchants() {
        text.push_str(&format!(
            r#"
[[merchant]]
id = "{merchant}"
name = "{merchant}"
currency = "EUR"

[[merchant.connection]]
id = "{merchant}-shopify"
platform = "shopify"
shop_domain = "{shop}"
secret = "{secret}"

[[merchant.warehouse]]
id = "shenzhen"
country = "CN"
postal_code = "518000"
city = "Shenzhen"

[[merchant.catalog]]
sku = "TEE-M"
hs_code = "610910"
origin_country = "CN"
unit_weight_g = 180

[[merchant.catalog]]
sku = "CAP-01"
hs_code = "650500"
origin_country = "CN"
unit_weight_g = 90

[[merchant.market]]
name = "DE"
countries = ["DE"]
"#,
            shop = shop(&merchant),
            secret = secret(&merchant),
        ));
        if let Some(offence) = merchant.strip_prefix("mallory-") {
            text.push_str(&format!(
                "plugins = [\"hostile\", \"carrier-table-rate\"]\n[merchant.market.config.hostile]\noffence = \"{offence}\"\n"
            ));
        } else if merchant == "eve" {
            // A carrier pointed at a service inside the operator's network.
            let target = servers.internal;
            text.push_str(&format!(
                "plugins = [\"customs-eu\", \"probe-carrier\", \"carrier-table-rate\"]\n\
                 [merchant.market.config.probe-carrier]\nurl = \"http://{target}/latest/meta-data/iam\"\n\
                 [merchant.market.allow_hosts]\nprobe-carrier = [\"{target}\"]\n"
            ));
        } else if merchant == "sloth" {
            let target = servers.slow;
            text.push_str(&format!(
                "plugins = [\"customs-eu\", \"probe-carrier\", \"carrier-table-rate\"]\n\
                 [merchant.market.config.probe-carrier]\nurl = \"http://{target}/rates\"\n\
                 [merchant.market.allow_hosts]\nprobe-carrier = [\"{target}\"]\n"
            ));
        } else {
            text.push_str("plugins = [\"customs-eu\", \"carrier-table-rate\"]\n");
        }
    }
    text
}

/// The node, its server and workers, and the loopback services.
pub struct Scenario {
    node: Node,
    base_url: String,
    database_url: String,
    servers: Servers,
    server: JoinHandle<()>,
    stop: watch::Sender<bool>,
    workers: JoinHandle<()>,
    /// Told by the workers each time they settle an event.
    settled: Arc<Notify>,
    next_order: AtomicU64,
    _dir: tempfile::TempDir,
}

impl Scenario {
    pub async fn start() -> Scenario {
        let servers = Servers::start().await;
        let dir = tempfile::tempdir().expect("a temporary directory");
        let setup = crossdock::config::SetupFile::parse(&setup_toml(&servers)).expect("the scenario's setup file");
        let config = RuntimeConfig {
            limits: limits(),
            cache_dir: Some(dir.path().join("plugin-cache")),
            // The slow carrier is on loopback: the operator lets that one address through.
            internal_hosts: vec![servers.slow.to_string()],
            ..RuntimeConfig::default()
        };
        let runtime = Arc::new(Runtime::new(config).expect("the runtime"));
        let plugins: Vec<_> =
            ["customs-eu", "carrier-table-rate", "hostile", "probe-carrier"].iter().map(|p| plugin_path(p)).collect();
        let registry = Arc::new(Registry::install_files(&runtime, &plugins).expect("the plugins"));
        let target = StoreTarget::from_args(&dir.path().join("data"), None).expect("the store target");
        let store = Store::open(&target).await.expect("the store");
        registry.persist_and_sync(&runtime, &store).await.expect("plugins stored");
        crossdock::setup::apply(&setup, &registry, &store).await.expect("the setup applied");
        let pipeline = Arc::new(Pipeline {
            store: store.clone(),
            runtime,
            registry: registry.clone(),
            fx: Arc::new(FxTable::default()),
            rate_deadline: Duration::from_secs(5),
            shipment_claim: Duration::from_secs(30),
            clock: crossdock::clock::Clock::system(),
        });
        let node = Node { store, registry, pipeline };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("an ephemeral port");
        let base_url = format!("http://{}", listener.local_addr().expect("the bound address"));
        let app = router(Arc::new(AppState::new(&node, None)), 1 << 20);
        let server = tokio::spawn(async move { axum::serve(listener, app).await.expect("the server") });
        let (stop, stopped) = watch::channel(false);
        let settled = Arc::new(Notify::new());
        let worker_config = WorkerConfig {
            concurrency: 4,
            max_attempts: 3,
            base_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            idle_poll: Duration::from_millis(10),
            settled: Some(settled.clone()),
            ..WorkerConfig::default()
        };
        let workers = tokio::spawn(worker::run(node.pipeline.clone(), worker_config, "load".into(), stopped));
        let database_url = format!("sqlite://{}", target_path(&dir));
        Scenario {
            node,
            base_url,
            database_url,
            servers,
            server,
            stop,
            workers,
            settled,
            next_order: AtomicU64::new(8_000_001),
            _dir: dir,
        }
    }

    /// Sends `pairs` orders of each ordinary merchant (and, in a hostile round, one of every
    /// hostile merchant after each pair), waits until the inbox has settled, and measures.
    pub async fn round(&self, round: Round, pairs: usize) -> Measured {
        let started = Instant::now();
        let mut sent: BTreeMap<String, i64> = BTreeMap::new();
        let mut hostile_orders = 0;
        for _ in 0..pairs {
            for merchant in ORDINARY {
                let (id, at) = self.send(merchant).await;
                sent.insert(format!("{merchant}:{id}:shenzhen"), at);
            }
            if round == Round::Hostile {
                for merchant in hostile_merchants() {
                    self.send(&merchant).await;
                    hostile_orders += 1;
                }
            }
        }
        self.settle(Duration::from_secs(240)).await;
        let mut latencies_ms = Vec::new();
        for (shipment, at) in &sent {
            let row = self.node.store.shipment(shipment).await.expect("a shipment").unwrap_or_else(|| {
                panic!("ordinary shipment {shipment} was never made");
            });
            assert_eq!(row.status, crossdock::domain::ShipmentStatus::Labelled, "{shipment}: {:?}", row.hold_reason);
            latencies_ms.push((shipment.clone(), row.updated_at_ms - at));
        }
        Measured { round, latencies_ms, hostile_orders, rss_kib: rss_kib(), elapsed: started.elapsed() }
    }

    async fn send(&self, merchant: &str) -> (u64, i64) {
        let id = self.next_order.fetch_add(1, Ordering::Relaxed);
        let body = shopify_berlin_order(id, TEES_AND_CAP);
        let headers = [
            ("X-Shopify-Topic", "orders/create".to_owned()),
            ("X-Shopify-Shop-Domain", shop(merchant)),
            ("X-Shopify-API-Version", "2026-10".to_owned()),
            ("X-Shopify-Webhook-Id", format!("load-{merchant}-{id}")),
            ("X-Shopify-Hmac-Sha256", hmac_b64(&secret(merchant), &body)),
            ("Content-Type", "application/json".to_owned()),
        ];
        let url = format!("{}/webhooks/shopify", self.base_url);
        let at = now_ms();
        let status = tokio::task::spawn_blocking(move || {
            let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
            let mut request = agent.post(&url);
            for (name, value) in &headers {
                request = request.header(*name, value);
            }
            request.send(&body[..]).map(|r| r.status().as_u16()).unwrap_or_else(|e| panic!("POST {url}: {e}"))
        })
        .await
        .expect("the client thread");
        assert_eq!(status, 200, "{merchant}'s order {id} was not acknowledged");
        (id, at)
    }

    /// Waits until no event is pending or in a worker's hands: checked again each time a
    /// worker settles one.
    async fn settle(&self, within: Duration) {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let counts = self.node.store.inbox_counts().await.expect("inbox counts");
            if counts.pending == 0 && counts.processing == 0 {
                return;
            }
            let settled = tokio::time::timeout_at(deadline, self.settled.notified()).await;
            assert!(settled.is_ok(), "the inbox did not settle: {counts:?}");
        }
    }

    pub fn report(&self, rounds: &[&Measured]) {
        println!("round    orders  hostile  p50 ms  p99 ms  RSS MiB  elapsed");
        for m in rounds {
            println!(
                "{:<8} {:>6}  {:>7}  {:>6}  {:>6}  {:>7.1}  {:.1} s",
                format!("{:?}", m.round),
                m.latencies_ms.len(),
                m.hostile_orders,
                m.percentile(50.0),
                m.percentile(99.0),
                m.rss_kib as f64 / 1024.0,
                m.elapsed.as_secs_f64()
            );
        }
        if let (Some(clean), Some(hostile)) =
            (rounds.iter().find(|m| m.round == Round::Clean), rounds.iter().rfind(|m| m.round == Round::Hostile))
        {
            let ratio = hostile.percentile(99.0) as f64 / clean.percentile(99.0).max(1) as f64;
            println!("ordinary merchants' p99 with hostile traffic / clean: {ratio:.2}");
        }
    }

    /// What must hold after any number of rounds.
    pub async fn assert_contained(&self, rounds: &[&Measured]) {
        let mut conn = sqlx::AnyConnection::connect(&self.database_url).await.expect("a second connection");
        // Nothing acknowledged is lost or stuck; only hostile events may be dead.
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT merchant_id, status FROM inbox").fetch_all(&mut conn).await.expect("the inbox");
        for (merchant, status) in &rows {
            assert!(status == "done" || status == "dead", "{merchant}: an event left {status}");
            if ORDINARY.contains(&merchant.as_str()) {
                assert_eq!(status, "done", "an ordinary merchant's event was dead-lettered");
            }
        }
        // Every ordinary shipment labelled once: one shipment per order, one label bought.
        let ordinary: usize = rounds.iter().map(|m| m.latencies_ms.len()).sum();
        for merchant in ORDINARY {
            let (shipments,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM shipments WHERE merchant_id = $1")
                .bind(merchant)
                .fetch_one(&mut conn)
                .await
                .expect("shipments");
            assert_eq!(shipments as usize, ordinary / ORDINARY.len(), "{merchant}'s shipments");
            let labels: Vec<(String, i64)> = sqlx::query_as(
                "SELECT shipment_id, COUNT(*) FROM plugin_runs WHERE merchant_id = $1 AND function_name = 'create_label' \
                 AND outcome = 'ok' GROUP BY shipment_id",
            )
            .bind(merchant)
            .fetch_all(&mut conn)
            .await
            .expect("label runs");
            assert_eq!(labels.len(), ordinary / ORDINARY.len(), "{merchant}: a shipment without a label run");
            for (shipment, n) in labels {
                assert_eq!(n, 1, "{shipment} was labelled {n} times");
            }
        }
        // Every hostile call ended, stopped by a limit or a refusal, within the hard deadline.
        let hostile: Vec<(String, String, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT merchant_id, plugin_name, outcome, wall_us, error FROM plugin_runs \
             WHERE plugin_name IN ('hostile', 'probe-carrier')",
        )
        .fetch_all(&mut conn)
        .await
        .expect("hostile runs");
        assert!(!hostile.is_empty(), "no hostile call was made");
        let slack = Duration::from_secs(1);
        for (merchant, plugin, outcome, wall_us, error) in &hostile {
            assert_ne!(outcome, "ok", "{merchant}'s {plugin} call succeeded: {error:?}");
            assert!(
                Duration::from_micros(*wall_us as u64) <= HARD_DEADLINE + slack,
                "{merchant}'s {plugin} call ran {wall_us} µs, past the hard deadline"
            );
        }
        // The internal service was never reached, and nothing of it is in any record.
        assert_eq!(self.servers.internal_hits.load(Ordering::Relaxed), 0, "a plugin reached the internal service");
        let leaked: Vec<(String,)> = sqlx::query_as(
            "SELECT COALESCE(error, '') FROM plugin_runs WHERE error LIKE $1 \
             UNION ALL SELECT COALESCE(hold_reason, '') FROM shipments WHERE hold_reason LIKE $1",
        )
        .bind(format!("%{INTERNAL_SECRET}%"))
        .fetch_all(&mut conn)
        .await
        .expect("records");
        assert!(leaked.is_empty(), "the internal service's answer reached a record: {leaked:?}");
        let _ = conn.close().await;
    }

    /// Resident memory must not grow from one hostile round to the next.
    pub fn assert_memory_flat(&self, first: &Measured, second: &Measured) {
        let growth_kib = second.rss_kib.saturating_sub(first.rss_kib);
        assert!(growth_kib < 64 << 10, "resident memory grew by {} MiB between two hostile rounds", growth_kib / 1024);
    }

    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.workers.await;
        self.server.abort();
        for handle in &self.servers.handles {
            handle.abort();
        }
    }
}

fn target_path(dir: &tempfile::TempDir) -> String {
    dir.path().join("data").join(crossdock::store::SQLITE_FILE_NAME).display().to_string()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).expect("a clock")
}

/// This process's resident set size, in KiB (Linux), 0 elsewhere.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}
