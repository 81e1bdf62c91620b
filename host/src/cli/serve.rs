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
use crate::registry::{InstallError, Registry};
use crate::runtime::{Runtime, RuntimeConfig};
use crate::server::router;
use crate::store::{Store, StoreTarget};
use crate::worker::{self, WorkerConfig};

/// `crossdock serve`'s command line: the node's options and where else they may come from.
#[derive(Debug, clap::Args)]
pub struct ServeCommand {
    #[command(flatten)]
    pub args: ServeArgs,
    /// A TOML file of server options, keyed by option name (`workers = 4`,
    /// `allow-internal-host = ["127.0.0.1:8091"]`). A flag beats an environment variable, which
    /// beats this file, which beats the default. Not the merchant setup file (`--config`).
    #[arg(long, value_name = "FILE", env = super::server_config::ENV)]
    pub server_config: Option<PathBuf>,
}

/// The options of a node. Each one can also be set with the environment variable
/// `CROSSDOCK_<OPTION>` (list options: comma-separated) or in the server config file.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "CROSSDOCK_LISTEN")]
    pub listen: SocketAddr,
    /// Directory for the embedded database and the compiled-plugin cache; created if missing.
    #[arg(long, default_value = "./data", env = "CROSSDOCK_DATA_DIR")]
    pub data_dir: PathBuf,
    /// Use PostgreSQL instead of the embedded SQLite: `postgres://user@host:5432/db`. Better
    /// given in the environment or the server config file than here, where `ps` shows it.
    #[arg(long, env = "CROSSDOCK_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// The merchant setup file (merchants, connections, warehouses, markets, catalog) applied
    /// at start; not the server's options (`--server-config`).
    #[arg(long, env = "CROSSDOCK_CONFIG")]
    pub config: Option<PathBuf>,
    /// A plugin component to install at start; repeatable. A plugin that does not load stops
    /// the start with the reason.
    #[arg(long = "plugin", value_name = "FILE", env = "CROSSDOCK_PLUGIN", value_delimiter = ',')]
    pub plugins: Vec<PathBuf>,
    /// A directory whose `*.wasm` files are all installed at start, like `--plugin`;
    /// repeatable. A plugin found twice is taken from the first place (`--plugin`, then the
    /// directories in order) and the other file is logged as shadowed. With neither
    /// `--plugin` nor `--plugins-dir`: `<data-dir>/plugins/`, then `plugins/` beside this
    /// program (where `make build` puts the first-party plugins), each where it exists.
    #[arg(long = "plugins-dir", value_name = "DIR", env = "CROSSDOCK_PLUGINS_DIR", value_delimiter = ',')]
    pub plugins_dirs: Vec<PathBuf>,
    /// A dated FX table lent to plugins: the ECB's `eurofxref-daily.xml` as downloaded, or JSON
    /// (`{"date": "2026-11-24", "base": "EUR", "rates": {"USD": 1052300}}`, micro-units per unit
    /// of base). Cross rates go through the base. Without one, plugins that must convert say so.
    #[arg(long, env = "CROSSDOCK_FX")]
    pub fx: Option<PathBuf>,
    /// Events processed at once on this node.
    #[arg(long, default_value_t = WorkerConfig::default().concurrency, env = "CROSSDOCK_WORKERS")]
    pub workers: usize,
    /// Attempts before an event is dead-lettered.
    #[arg(long, default_value_t = WorkerConfig::default().max_attempts, env = "CROSSDOCK_MAX_ATTEMPTS")]
    pub max_attempts: u32,
    /// Seconds a worker's claim on an event lasts; after a crash, the event waits this long
    /// before another worker takes it.
    #[arg(long, default_value_t = WorkerConfig::default().lease.as_secs(), env = "CROSSDOCK_LEASE_SECS")]
    pub lease_secs: u64,
    /// How often the carriers of shipments in flight are asked for tracking, in seconds.
    #[arg(long, default_value_t = 300, env = "CROSSDOCK_TRACK_EVERY_SECS")]
    pub track_every_secs: u64,
    /// Largest webhook body accepted, in bytes (larger: 413).
    #[arg(long, default_value_t = 1 << 20, env = "CROSSDOCK_BODY_LIMIT")]
    pub body_limit: usize,
    /// Largest plugin upload (`POST /api/v1/plugins`), in bytes.
    #[arg(long, default_value_t = 1 << 20, env = "CROSSDOCK_PLUGIN_LIMIT")]
    pub plugin_limit: usize,
    /// The operator token, which may create merchants through the API
    /// (`crossdock merchant create`). Without it, merchants come from the setup file or
    /// `crossdock merchant create --local`.
    #[arg(long, env = "CROSSDOCK_OPERATOR_TOKEN", hide_env_values = true)]
    pub operator_token: Option<String>,
    /// A host that carrier plugins may reach although it resolves to a loopback, private or
    /// other internal address (`HOST` for every port, or `HOST:PORT`); repeatable. For a carrier
    /// sandbox such as `127.0.0.1:8091`. By default plugin HTTP reaches public addresses only.
    #[arg(
        long = "allow-internal-host",
        value_name = "HOST[:PORT]",
        env = "CROSSDOCK_ALLOW_INTERNAL_HOST",
        value_delimiter = ','
    )]
    pub allow_internal_hosts: Vec<String>,
}

impl ServeArgs {
    /// The plugin files to install, in layers of precedence (see [`Registry::install_layers`]):
    /// the `--plugin` files, then each `--plugins-dir`; without either, the default
    /// directories that exist. A directory named on purpose must be readable.
    fn plugin_layers(&self) -> Result<Vec<Vec<PathBuf>>, InstallError> {
        if !self.plugins.is_empty() || !self.plugins_dirs.is_empty() {
            let mut layers = vec![self.plugins.clone()];
            for dir in &self.plugins_dirs {
                layers.push(Registry::files_in(dir)?);
            }
            return Ok(layers);
        }
        let mut dirs = vec![self.data_dir.join(PLUGINS_DIR)];
        // Beside the program, as `make build` and a release archive lay it out. Where the
        // program's path cannot be known, the data directory's plugins are all there is.
        match std::env::current_exe() {
            Ok(exe) => dirs.extend(exe.parent().map(|dir| dir.join(PLUGINS_DIR))),
            Err(e) => tracing::warn!(error = %e, "cannot find this program's path: no plugins beside it"),
        }
        let mut layers = Vec::new();
        let mut seen = Vec::new();
        for dir in dirs {
            if !dir.is_dir() {
                tracing::info!(dir = %dir.display(), "no default plugins directory here");
                continue;
            }
            // The data directory may be the program's: read it once.
            let canonical = dir.canonicalize().unwrap_or_else(|_| dir.clone());
            if seen.contains(&canonical) {
                continue;
            }
            seen.push(canonical);
            let files = Registry::files_in(&dir)?;
            tracing::info!(dir = %dir.display(), files = files.len(), "default plugins directory read");
            layers.push(files);
        }
        Ok(layers)
    }
}

/// The name of the default plugins directories, in the data directory and beside the program.
pub const PLUGINS_DIR: &str = "plugins";

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
        let registry = Arc::new(Registry::install_layers(&runtime, &args.plugin_layers()?)?);
        if registry.list().is_empty() {
            tracing::warn!("no plugin files: pass --plugin or --plugins-dir, or put them in a plugins directory");
        }
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

pub fn run(command: ServeCommand) -> anyhow::Result<ExitCode> {
    let ServeCommand { args, server_config } = command;
    if let Some(path) = &server_config {
        tracing::info!(file = %path.display(), "server config file read (flags and environment variables win over it)");
    }
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
        // The bound address, not the asked one: with port 0 the log is how to find the port.
        let listen = listener.local_addr().map_or_else(|_| args.listen.to_string(), |a| a.to_string());
        tracing::info!(listen = %listen, backend = ?node.store.backend(), "crossdock is serving");
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
