//! `crossdock serve`: the HTTP server and the workers, on the embedded SQLite store by default
//! or on PostgreSQL.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use crate::app::{AppState, Node};
use crate::clock::Clock;
use crate::config::SetupFile;
use crate::fx::FxTable;
use crate::outbound::{self, DispatchConfig};
use crate::pipeline::process::Pipeline;
use crate::registry::Registry;
use crate::runtime::{Runtime, RuntimeConfig};
use crate::server::router;
use crate::store::{Store, StoreTarget};
use crate::worker::{self, WorkerConfig};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Directory for the embedded database and the compiled-plugin cache; created if missing.
    #[arg(long, default_value = "./data")]
    pub data_dir: PathBuf,
    /// Use PostgreSQL instead of the embedded SQLite: `postgres://user@host:5432/db`.
    #[arg(long)]
    pub database_url: Option<String>,
    /// A setup file (merchants, connections, warehouses, markets, catalog) applied at start.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// A plugin component to install at start; repeatable. A plugin that does not load stops
    /// the start with the reason.
    #[arg(long = "plugin")]
    pub plugins: Vec<PathBuf>,
    /// A dated FX table lent to plugins: the ECB's `eurofxref-daily.xml` as downloaded, or JSON
    /// (`{"date": "2026-11-24", "base": "EUR", "rates": {"USD": 1052300}}`, micro-units per unit
    /// of base). Cross rates go through the base. Without one, plugins that must convert say so.
    #[arg(long)]
    pub fx: Option<PathBuf>,
    /// Events processed at once on this node.
    #[arg(long, default_value_t = WorkerConfig::default().concurrency)]
    pub workers: usize,
    /// Attempts before an event is dead-lettered.
    #[arg(long, default_value_t = WorkerConfig::default().max_attempts)]
    pub max_attempts: u32,
    /// Seconds a worker's claim on an event lasts; after a crash, the event waits this long
    /// before another worker takes it.
    #[arg(long, default_value_t = WorkerConfig::default().lease.as_secs())]
    pub lease_secs: u64,
    /// How often the carriers of shipments in flight are asked for tracking, in seconds.
    #[arg(long, default_value_t = 300)]
    pub track_every_secs: u64,
    /// Largest webhook body accepted, in bytes (larger: 413).
    #[arg(long, default_value_t = 1 << 20)]
    pub body_limit: usize,
    /// Largest plugin upload (`POST /api/v1/plugins`), in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    pub plugin_limit: usize,
    /// The operator token, which may create merchants through the API
    /// (`crossdock merchant create`). Without it, merchants come from the setup file or
    /// `crossdock merchant create --local`.
    #[arg(long, env = "CROSSDOCK_OPERATOR_TOKEN", hide_env_values = true)]
    pub operator_token: Option<String>,
    /// A host that carrier plugins may reach although it resolves to a loopback, private or
    /// other internal address (`HOST` for every port, or `HOST:PORT`); repeatable. For a carrier
    /// sandbox such as `127.0.0.1:8091`. By default plugin HTTP reaches public addresses only.
    #[arg(long = "allow-internal-host", value_name = "HOST[:PORT]")]
    pub allow_internal_hosts: Vec<String>,
}

impl Node {
    /// Opens the store, installs the plugins and applies the setup file, as `serve` is told to by
    /// its arguments (here, beside the arguments, so that the node itself knows no CLI).
    /// Everything that can be checked first is: the setup file and FX table are read, the
    /// plugins loaded and the setup checked against them before a plugin or a setup row is
    /// written.
    pub async fn start(args: &ServeArgs) -> anyhow::Result<Node> {
        Node::start_with_clock(args, Clock::system()).await
    }

    /// [`Node::start`] on the given clock (a manual one, in tests that drive time).
    pub async fn start_with_clock(args: &ServeArgs, clock: Clock) -> anyhow::Result<Node> {
        std::fs::create_dir_all(&args.data_dir)
            .with_context(|| format!("cannot create the data directory {}", args.data_dir.display()))?;
        let setup = args.config.as_deref().map(SetupFile::load).transpose()?;
        let fx = match &args.fx {
            Some(path) => {
                let file = crate::fx::load(path)?;
                tracing::info!(date = %file.date, rates = file.rates.len(), "FX table loaded");
                FxTable::from_file(file)
            }
            None => FxTable::default(),
        };
        let config = RuntimeConfig {
            cache_dir: Some(args.data_dir.join("plugin-cache")),
            max_plugin_bytes: args.plugin_limit,
            internal_hosts: args.allow_internal_hosts.clone(),
            ..RuntimeConfig::default()
        };
        let runtime = Arc::new(Runtime::new(config)?);
        let registry = Arc::new(Registry::install_files(&runtime, &args.plugins)?);
        let target = StoreTarget::from_args(&args.data_dir, args.database_url.as_deref())?;
        // Secrets at rest: CROSSDOCK_SECRET_KEY, else <data-dir>/secret.key (see store/secrets.rs);
        // values in plaintext or under a previous key are sealed again under the current one.
        let secret_keys = crate::store::secrets::SecretKeys::load(&args.data_dir)?;
        let options =
            crate::store::StoreOptions { secret_keys: Some(secret_keys), clock: clock.clone(), ..Default::default() };
        let store = Store::open_with(&target, &options).await?;
        let resealed = store.reseal_secrets().await?;
        if resealed != crate::store::secrets::Resealed::default() {
            tracing::info!(?resealed, "secrets sealed under the current key");
        }
        // Check the setup file against every plugin this node will know (its files and the
        // store's) before recording the files' plugins, so a bad file changes nothing.
        if let Some(setup) = &setup {
            registry.sync(&runtime, &store).await?;
            crate::setup::check(setup, &registry)?;
        }
        registry.persist_and_sync(&runtime, &store).await?;
        if let Some(setup) = &setup {
            let applied = crate::setup::apply(setup, &registry, &store).await?;
            tracing::info!(?applied, "setup applied");
        }
        let pipeline = Arc::new(Pipeline {
            store: store.clone(),
            runtime,
            registry: registry.clone(),
            fx: Arc::new(fx),
            rate_deadline: Duration::from_secs(10),
            shipment_claim: Duration::from_secs(args.lease_secs.max(1)),
            clock,
        });
        Ok(Node { store, registry, pipeline })
    }
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    runtime.block_on(async {
        // Take the port before anything is written: a server that cannot listen must leave the
        // data directory, the database, the installed plugins and the setup as they were.
        let listener = tokio::net::TcpListener::bind(args.listen).await.with_context(|| {
            format!("cannot listen on {} (is another server using it?); nothing was changed", args.listen)
        })?;
        let node = Node::start(&args).await?;
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let worker_config = WorkerConfig {
            concurrency: args.workers,
            max_attempts: args.max_attempts,
            lease: Duration::from_secs(args.lease_secs.max(1)),
            ..WorkerConfig::default()
        };
        let node_id = format!("{}-{}", args.listen, std::process::id());
        let workers = tokio::spawn(worker::run(node.pipeline.clone(), worker_config, node_id.clone(), stop_rx.clone()));
        let dispatcher = tokio::spawn(outbound::run(
            node.store.clone(),
            DispatchConfig::for_node(&node.pipeline),
            format!("{node_id}/outbound"),
            stop_rx,
        ));
        let tracker = {
            let (pipeline, every) = (node.pipeline.clone(), Duration::from_secs(args.track_every_secs.max(1)));
            tokio::spawn(async move {
                loop {
                    match pipeline.track_once(200).await {
                        Ok(0) => {}
                        Ok(changed) => tracing::info!(changed, "tracking updated"),
                        Err(e) => tracing::warn!(error = %e, "tracking poll failed"),
                    }
                    tokio::time::sleep(every).await;
                }
            })
        };
        tracing::info!(listen = %args.listen, backend = ?node.store.backend(), "crossdock is serving");
        let state = Arc::new(AppState::new(&node, args.operator_token.as_deref()));
        axum::serve(listener, router(state, args.body_limit))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("the server stopped with an error")?;
        let _ = stop_tx.send(true);
        let _ = workers.await;
        let _ = dispatcher.await;
        tracker.abort();
        node.store.close().await;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}
