//! `crossdock serve`: the HTTP server.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use std::sync::Arc;

use anyhow::Context;

use crate::runtime::{Runtime, RuntimeConfig};
use crate::server::{AppState, router};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Directory for the embedded database and the compiled-plugin cache; created if missing.
    #[arg(long, default_value = "./data")]
    pub data_dir: PathBuf,
    /// A plugin component to load at start; repeatable. A plugin that does not load stops
    /// the start with the reason.
    #[arg(long = "plugin")]
    pub plugins: Vec<PathBuf>,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("cannot create the data directory {}", args.data_dir.display()))?;
    let config = RuntimeConfig { cache_dir: Some(args.data_dir.join("plugin-cache")), ..RuntimeConfig::default() };
    let engine = Arc::new(Runtime::new(config)?);
    let mut plugins = Vec::new();
    for path in &args.plugins {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read plugin {}", path.display()))?;
        let plugin = engine.load(&bytes).with_context(|| format!("plugin {} cannot be loaded", path.display()))?;
        tracing::info!(plugin = plugin.label(), kind = %plugin.metadata.kind, covers = plugin.metadata.covers.len(), "plugin loaded");
        plugins.push(Arc::new(plugin));
    }
    let state = Arc::new(AppState { runtime: engine, plugins });

    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {} (is another server using it?)", args.listen))?;
        tracing::info!(listen = %args.listen, data_dir = %args.data_dir.display(), "crossdock is serving");
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("the server stopped with an error")
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
