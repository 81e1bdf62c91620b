//! One crossdock node per test, as `crossdock serve` builds it: `Node::start` on a fresh data
//! directory with the setup file and the three workspace plugins, its router served over real
//! HTTP on an ephemeral port, and the store on SQLite or on a PostgreSQL schema of its own.
//! Workers do not run in the background unless a test starts them; [`Harness::drain`] runs
//! them in the test's own order instead.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use crossdock::app::AppState;
use crossdock::app::Node;
use crossdock::cli::serve::ServeArgs;
use crossdock::clock::{Clock, ManualClock};
use crossdock::server::router;
use crossdock::store::{InboxCounts, PluginRunRow, ShipmentRow};
use crossdock::worker::{WorkerConfig, work_once};
use crossdock_tests::plugin_path;
use serde_json::Value;
use sqlx::Connection;
use tokio::task::JoinHandle;

/// The PostgreSQL server the PostgreSQL variants run against, when set.
pub const PG_ENV: &str = "CROSSDOCK_TEST_DATABASE_URL";

/// The plugins every node installs, by crate name.
const PLUGINS: [&str; 3] = ["customs-eu", "carrier-table-rate", "returns-standard"];

/// The database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// What a test changes in the node it starts.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--body-limit`; 1 MiB when `None`, as `serve` defaults.
    pub body_limit: Option<usize>,
    /// Whether acme has an outbound endpoint (`[[merchant.endpoint]]`).
    pub endpoint: bool,
}

/// The setup file: the documented example of `host/src/config.rs`, with the shop domain the
/// signature vectors use, a WooCommerce and a Standard Webhooks connection, and CAP-01.
fn setup_toml(endpoint: bool) -> String {
    let mut text = String::from(
        r#"
[[merchant]]
id = "acme"
name = "Acme Outdoor"
currency = "EUR"

[[merchant.connection]]
id = "acme-shopify"
platform = "shopify"
shop_domain = "acme.myshopify.com"
secret = "hush-acme-shopify-secret"

[[merchant.connection]]
id = "acme-woo"
platform = "woocommerce"
secret = "hush-acme-woo-secret"

[[merchant.connection]]
id = "acme-std"
platform = "standard"
secret = "whsec_Y3Jvc3Nkb2NrLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE="

[[merchant.warehouse]]
id = "shenzhen"
country = "CN"
postal_code = "518000"
city = "Shenzhen"

[[merchant.market]]
name = "EU"
countries = ["AT","BE","BG","HR","CY","CZ","DK","EE","FI","FR","DE","GR","HU","IE","IT",
             "LV","LT","LU","MT","NL","PL","PT","RO","SK","SI","ES","SE"]
plugins = ["customs-eu", "carrier-table-rate", "returns-standard"]

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
"#,
    );
    if endpoint {
        text.push_str(
            "\n[[merchant.endpoint]]\nurl = \"http://127.0.0.1:9/hook\"\n\
             secret = \"whsec_Y3Jvc3Nkb2NrLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE=\"\n",
        );
    }
    text
}

/// A running node and the server in front of it.
pub struct Harness {
    pub node: Node,
    /// The node's clock: it stands still at the start of the test until the test advances it,
    /// so leases and retries fall due when the test says, not after a sleep.
    pub clock: ManualClock,
    base_url: String,
    database_url: String,
    server: JoinHandle<()>,
    /// Declared after `node`, so that the store is dropped before its schema is.
    _schema: Option<PgSchema>,
    _dir: tempfile::TempDir,
}

impl Harness {
    /// Starts a node on `backend`; `None` (after saying so) for PostgreSQL without [`PG_ENV`].
    pub async fn start(backend: Backend, options: Options) -> Option<Harness> {
        let schema = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => match std::env::var(PG_ENV) {
                Ok(base) => Some(PgSchema::create(base).await),
                Err(_) => {
                    println!("skipped: {PG_ENV} is not set");
                    return None;
                }
            },
        };
        let dir = tempfile::tempdir().expect("a temporary directory");
        let config = dir.path().join("crossdock.toml");
        std::fs::write(&config, setup_toml(options.endpoint)).expect("writing the setup file");
        let args = ServeArgs {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: dir.path().join("data"),
            database_url: schema.as_ref().map(PgSchema::url),
            config: Some(config),
            plugins: PLUGINS.iter().map(|p| plugin_path(p)).collect(),
            fx: None,
            plugins_dirs: Vec::new(),
            workers: 2,
            max_attempts: 3,
            lease_secs: 60,
            track_every_secs: 300,
            body_limit: options.body_limit.unwrap_or(1 << 20),
            plugin_limit: 1 << 20,
            operator_token: None,
            allow_internal_hosts: Vec::new(),
        };
        let (clock, hand) = Clock::manual(crossdock::clock::system_now_ms());
        let node =
            Node::start_with_clock(&args, clock).await.unwrap_or_else(|e| panic!("the node does not start: {e:#}"));
        let listener = tokio::net::TcpListener::bind(args.listen).await.expect("an ephemeral port");
        let base_url = format!("http://{}", listener.local_addr().expect("the bound address"));
        let state = Arc::new(AppState::new(&node, None));
        let app = router(state, args.body_limit);
        let server = tokio::spawn(async move { axum::serve(listener, app).await.expect("the server stops") });
        let database_url = match &schema {
            Some(s) => s.url(),
            None => format!("sqlite://{}", args.data_dir.join(crossdock::store::SQLITE_FILE_NAME).display()),
        };
        Some(Harness { node, clock: hand, base_url, database_url, server, _schema: schema, _dir: dir })
    }

    /// POSTs `body` to `path` with `headers`, over HTTP/1.1.
    pub async fn post(&self, path: &str, headers: &[(String, String)], body: Vec<u8>) -> Reply {
        let (url, headers) = (format!("{}{path}", self.base_url), headers.to_vec());
        let agent = agent();
        tokio::task::spawn_blocking(move || {
            let mut request = agent.post(&url);
            for (name, value) in &headers {
                request = request.header(name, value);
            }
            Reply::read(request.send(&body[..]).unwrap_or_else(|e| panic!("POST {url}: {e}")))
        })
        .await
        .expect("the HTTP client thread")
    }

    /// GETs `path`.
    pub async fn get(&self, path: &str) -> Reply {
        let (url, agent) = (format!("{}{path}", self.base_url), agent());
        tokio::task::spawn_blocking(move || {
            Reply::read(agent.get(&url).call().unwrap_or_else(|e| panic!("{url}: {e}")))
        })
        .await
        .expect("the HTTP client thread")
    }

    /// Runs `work_once` as "test-worker" until nothing is due; returns how many events it settled.
    pub async fn drain(&self) -> usize {
        let config = WorkerConfig::default();
        let mut settled = 0;
        while work_once(&self.node.pipeline, &config, "test-worker").await.expect("a worker claims and settles") {
            settled += 1;
            assert!(settled < 100, "the inbox never drains");
        }
        settled
    }

    pub async fn inbox(&self) -> InboxCounts {
        self.node.store.inbox_counts().await.expect("inbox counts")
    }

    /// The one shipment with this id.
    pub async fn shipment(&self, id: &str) -> ShipmentRow {
        self.node.store.shipment(id).await.expect("reading a shipment").unwrap_or_else(|| panic!("no shipment {id}"))
    }

    /// acme's plugin runs for `shipment`, oldest first.
    pub async fn runs(&self, shipment: &str) -> Vec<PluginRunRow> {
        let mut runs = self.node.store.plugin_runs("acme", 1000).await.expect("plugin runs");
        runs.retain(|r| r.shipment_id.as_deref() == Some(shipment));
        runs.reverse();
        runs
    }

    /// How many of `runs` called `function`.
    pub fn count(runs: &[PluginRunRow], function: &str) -> usize {
        runs.iter().filter(|r| r.function == function).count()
    }

    /// Every shipment in the database, of every merchant and order: read with SQL, because the
    /// store has no such listing (and the point is to catch one it would not show).
    pub async fn all_shipment_ids(&self) -> Vec<String> {
        let mut conn = sqlx::AnyConnection::connect(&self.database_url).await.expect("a second connection");
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT id FROM shipments ORDER BY id").fetch_all(&mut conn).await.expect("shipments");
        let _ = conn.close().await;
        rows.into_iter().map(|(id,)| id).collect()
    }

    /// The kinds of acme's queued outbound events, oldest first.
    pub async fn outbound_kinds(&self) -> Vec<String> {
        let rows = self.node.store.outbound_for_merchant("acme", 1000).await.expect("outbound events");
        rows.into_iter().rev().map(|r| r.kind).collect()
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

/// A response: its status and its JSON body (a JSON string when the body is not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    fn read(mut response: ureq::http::Response<ureq::Body>) -> Reply {
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        Reply { status, body: serde_json::from_str(&text).unwrap_or(Value::String(text)) }
    }

    /// `error.code` of a refusal.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }

    /// `error.message` of a refusal.
    pub fn message(&self) -> &str {
        self.body["error"]["message"].as_str().unwrap_or_default()
    }
}

/// A schema of its own on the PostgreSQL server, reached through the connection's startup
/// options (as `host/tests/store.rs` does), dropped with everything in it when the test ends,
/// whether it passed or panicked.
struct PgSchema {
    base: String,
    name: String,
}

impl PgSchema {
    async fn create(base: String) -> PgSchema {
        static SEQ: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let name = format!("crossdock_e2e_{}_{}_{nanos}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed));
        admin(&base, &format!("CREATE SCHEMA {name}")).await;
        PgSchema { base, name }
    }

    fn url(&self) -> String {
        let sep = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-c%20search_path%3D{}", self.base, self.name)
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        // Drop runs inside the test's runtime, which cannot be blocked on: use a thread of its own.
        let (base, sql) = (self.base.clone(), format!("SET lock_timeout = '10s'; DROP SCHEMA {} CASCADE", self.name));
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            runtime.block_on(admin(&base, &sql));
        })
        .join();
        if dropped.is_err() {
            eprintln!("could not drop schema {}; drop it by hand", self.name);
        }
    }
}

async fn admin(url: &str, sql: &str) {
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap_or_else(|e| panic!("connecting to {url}: {e}"));
    sqlx::raw_sql(sql).execute(&mut conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    let _ = conn.close().await;
}
