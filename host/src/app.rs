//! The application: what a running crossdock node is made of ([`Node`]: the store, the
//! installed plugins, the pipeline) and the state every HTTP handler shares ([`AppState`]).
//!
//! It sits below every entry point — the HTTP server (`server`), the admin API (`api`), the
//! dashboard (`dashboard`), the tracking page (`track`) and the command line (`cli`) — so
//! that they all depend on it and none of them on another's internals: the CLI builds a node
//! from its arguments (`Node::start` in `cli::serve`) and hands it to the server, which lends
//! its parts to the handlers.

use std::sync::Arc;

use crate::clock::Clock;
use crate::pipeline::process::Pipeline;
use crate::registry::{Registry, UploadQuota};
use crate::runtime::Runtime;
use crate::store::Store;

/// Everything `serve` and `demo` run on.
pub struct Node {
    pub store: Store,
    pub registry: Arc<Registry>,
    pub pipeline: Arc<Pipeline>,
}

/// What every handler can reach.
pub struct AppState {
    pub registry: Arc<Registry>,
    pub store: Store,
    pub runtime: Arc<Runtime>,
    /// Largest plugin upload, in bytes.
    pub plugin_limit: usize,
    /// SHA-256 (hex) of the operator token, which may create merchants; `None`: nobody may.
    pub operator_token_sha256: Option<String>,
    /// Send `Strict-Transport-Security` (the operator serves crossdock over HTTPS only).
    pub hsts: bool,
    /// How much each merchant may upload in plugins.
    pub upload_quota: UploadQuota,
    /// The node's clock (the pipeline's).
    pub clock: Clock,
}

/// The environment variable that turns HSTS on (`1` or `true`).
pub const HSTS_ENV: &str = "CROSSDOCK_HSTS";

impl AppState {
    /// The state of a started node; `operator_token` enables `POST /api/v1/merchants`.
    pub fn new(node: &Node, operator_token: Option<&str>) -> Self {
        Self {
            registry: node.registry.clone(),
            store: node.store.clone(),
            runtime: node.pipeline.runtime.clone(),
            plugin_limit: node.pipeline.runtime.config().max_plugin_bytes,
            operator_token_sha256: operator_token.filter(|t| !t.is_empty()).map(crate::store::hash_token),
            hsts: std::env::var(HSTS_ENV).is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes")),
            upload_quota: UploadQuota::default(),
            clock: node.pipeline.clock.clone(),
        }
    }
}
