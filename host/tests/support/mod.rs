//! Shared by the host's integration tests: running a test on every store backend, and the
//! bundled plugins.

#![allow(dead_code)]

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crossdock::store::StoreTarget;
use sqlx::Connection;

/// The variable that points the tests at a PostgreSQL server (`.ci/run` sets it).
pub const PG_ENV: &str = "CROSSDOCK_TEST_DATABASE_URL";

/// A bundled plugin's component, built by `make test-plugins`.
pub fn wasm(name: &str) -> PathBuf {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-wasip2/release").join(format!("{name}.wasm"));
    assert!(path.exists(), "{} is missing: run `make test-plugins` first", path.display());
    path
}

/// Where a test keeps its data: a temporary directory, and the database URL for PostgreSQL.
pub struct Backend {
    pub name: &'static str,
    pub dir: tempfile::TempDir,
    pub database_url: Option<String>,
}

impl Backend {
    pub fn target(&self) -> StoreTarget {
        StoreTarget::from_args(self.dir.path(), self.database_url.as_deref()).expect("a store target")
    }
}

/// Runs `test` on SQLite, then on PostgreSQL in a schema of its own (dropped afterwards) when
/// [`PG_ENV`] is set; says so when it is not.
pub async fn on_each_backend<F, Fut>(name: &str, test: F)
where
    F: Fn(Backend) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().expect("a temporary directory");
    spawn(test(Backend { name: "SQLite", dir, database_url: None })).await;

    let Ok(base) = std::env::var(PG_ENV) else {
        println!("{name} on PostgreSQL skipped: {PG_ENV} is not set");
        return;
    };
    static SEQ: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let schema = format!("crossdock_test_{}_{}_{nanos}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed));
    admin(&base, &format!("CREATE SCHEMA {schema}")).await;
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let outcome = tokio::spawn(test(Backend { name: "PostgreSQL", dir, database_url: Some(url) })).await;
    admin(&base, &format!("DROP SCHEMA {schema} CASCADE")).await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

async fn spawn(fut: impl Future<Output = ()> + Send + 'static) {
    if let Err(e) = tokio::spawn(fut).await {
        std::panic::resume_unwind(e.into_panic());
    }
}

async fn admin(url: &str, sql: &str) {
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap_or_else(|e| panic!("connecting to {url}: {e}"));
    sqlx::raw_sql(sql).execute(&mut conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    let _ = conn.close().await;
}

/// The demo shop's domain and webhook secret (`host/demo/minimal.toml`).
pub const DEMO_SHOP: &str = "acme-outdoor.myshopify.com";
pub const DEMO_SECRET: &str = "hush-acme-shopify-secret";

/// POSTs a Shopify webhook on `topic`, signed with the demo shop's secret, and expects it
/// accepted.
pub async fn post_shopify(addr: std::net::SocketAddr, topic: &'static str, delivery: &str, body: Vec<u8>) {
    use crossdock::ingest::signature::{Key, sign_b64};
    let signature = sign_b64(&Key::from_utf8(DEMO_SECRET), &[&body]);
    let delivery = delivery.to_owned();
    let status = tokio::task::spawn_blocking(move || {
        let request = ureq::http::Request::builder()
            .method("POST")
            .uri(format!("http://{addr}/webhooks/shopify"))
            .header("X-Shopify-Topic", topic)
            .header("X-Shopify-Shop-Domain", DEMO_SHOP)
            .header("X-Shopify-Webhook-Id", delivery)
            .header("X-Shopify-Hmac-Sha256", signature)
            .body(body)
            .expect("request");
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        agent.run(request).expect("webhook answered").status().as_u16()
    })
    .await
    .expect("client");
    assert_eq!(status, 200, "the webhook was accepted");
}

/// Runs the node's workers until the inbox is empty.
pub async fn drain(node: &crossdock::app::Node) {
    use crossdock::worker::{WorkerConfig, work_once};
    while work_once(&node.pipeline, &WorkerConfig::default(), "test").await.expect("work") {}
}

/// Server options for a test node on `backend`: the demo setup file, `plugins`, one worker,
/// short limits, ephemeral port, no operator token.
pub fn serve_args(backend: &Backend, plugins: Vec<PathBuf>) -> crossdock::cli::serve::ServeArgs {
    let setup = backend.dir.path().join("crossdock.toml");
    std::fs::write(&setup, crossdock::cli::demo::SETUP).expect("setup");
    crossdock::cli::serve::ServeArgs {
        listen: "127.0.0.1:0".parse().expect("addr"),
        data_dir: backend.dir.path().join("data"),
        database_url: backend.database_url.clone(),
        config: Some(setup),
        plugins,
        plugins_dirs: Vec::new(),
        workers: 1,
        max_attempts: 2,
        lease_secs: 60,
        track_every_secs: 300,
        fx: None,
        body_limit: 1 << 20,
        plugin_limit: 1 << 20,
        operator_token: None,
        allow_internal_hosts: Vec::new(),
    }
}

/// Waits until `done` holds: checks it, then again each time `settled` is told (workers and the
/// outbound dispatcher tell their `WorkerConfig::settled` after each event or delivery they
/// record); panics naming `what` if it does not hold within `within`.
pub async fn wait_for<F, Fut>(settled: &tokio::sync::Notify, within: std::time::Duration, what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + within;
    while !done().await {
        if tokio::time::timeout_at(deadline, settled.notified()).await.is_err() {
            panic!("timed out after {within:?} waiting until {what}");
        }
    }
}

/// A `crossdock serve` child that has said it is serving, and its log: every line it writes to
/// stderr after that, read on a thread of its own (so the server never blocks on a full pipe).
pub struct Serving {
    pub child: std::process::Child,
    pub log: std::sync::mpsc::Receiver<String>,
}

/// Starts `serve` (a `crossdock serve …` command) with its log on a pipe and waits for its
/// "crossdock is serving" line: the port is bound by then (it is taken first), so a request
/// sent afterwards is answered. Panics with the log if it exits or stays silent for `within`.
pub fn start_serving(serve: &mut std::process::Command, within: std::time::Duration) -> Serving {
    use std::io::BufRead;
    let mut child = serve
        .env("CROSSDOCK_LOG", "info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start crossdock serve");
    let stderr = child.stderr.take().expect("a piped stderr");
    let (tx, log) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line); // once the test is done listening, lines are only drained
        }
    });
    let deadline = std::time::Instant::now() + within;
    let mut before = Vec::new();
    loop {
        match log.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now())) {
            Ok(line) if line.contains("crossdock is serving") => return Serving { child, log },
            Ok(line) => before.push(line),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("crossdock serve did not start serving ({e}):\n{}", before.join("\n"));
            }
        }
    }
}
