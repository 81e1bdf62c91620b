//! The plugin runtime: one wasmtime [`Engine`], compiled plugins, and calls under limits.
//!
//! ```text
//!  .wasm bytes ──load──▶ Plugin { metadata, digest, InstancePre }   (once per plugin)
//!                               │
//!   CallContext + input ──call──▶ fresh Store + instance ──▶ output + CallStats   (every call)
//! ```
//!
//! - One engine for the process, configured for fuel, epoch interruption and the pooling
//!   allocator (instances come from pre-reserved slots, linear memories are reset with
//!   copy-on-write images instead of being mapped anew).
//! - A plugin is compiled once — or loaded precompiled from the on-disk [`Cache`] — validated
//!   (a component of a known world, metadata matching that world) and pre-linked into an
//!   `InstancePre` against the linker of its world. Linkers differ per world: only the carrier
//!   linker defines `http`, so a customs plugin that imports it fails to load.
//! - Every call gets a fresh store and instance: nothing survives between calls, merchants or
//!   plugins. A trap, a limit or a malformed result is a [`CallError`] naming the plugin; the
//!   engine and every other plugin carry on.
//!
//! The runtime knows nothing of webhooks, merchants or markets. It holds the node's
//! [`Metrics`](crate::metrics::Metrics), the one object both the pipeline and the HTTP handlers
//! reach, and records into it only what it does itself: carrier HTTP.

mod bindings;
mod cache;
mod call;
pub mod fx;
pub mod http;
mod limits;
mod load;
pub mod netguard;
mod sandbox;
mod wasi;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use wasmtime::component::Linker;
use wasmtime::{Config, Enabled, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use crate::metrics::Metrics;

pub use cache::Cache;
pub use call::{Call, CallError, CallStats};
pub use limits::{EPOCH_TICK, Limit, Limits};
pub use load::{LoadError, Plugin, PluginDigest, World};
pub use netguard::InternalHosts;
pub use sandbox::CallContext;

use bindings::v0_1;
use sandbox::State;

/// How to build a [`Runtime`]. [`RuntimeConfig::default`] is what `crossdock serve` uses.
#[derive(Debug, Clone)]
pub struct RuntimeConfig {
    /// Limits of every call.
    pub limits: Limits,
    /// Where compiled plugins are cached; `None` compiles in memory every time.
    pub cache_dir: Option<PathBuf>,
    /// Plugin instances that may be alive at once, across all threads. Each takes a slot of
    /// the pooling allocator: virtual address space reserved up front (about 4 GiB + guard
    /// per linear memory), physical memory only as pages are touched.
    pub max_concurrent_calls: u32,
    /// Largest `.wasm` accepted, in bytes.
    pub max_plugin_bytes: usize,
    /// Hosts (`host` or `host:port`) that plugin HTTP may reach although they resolve to
    /// loopback, private or other internal addresses: the operator's carrier sandbox, for
    /// example `127.0.0.1:8091`. Default: none — plugin HTTP reaches public addresses only.
    pub internal_hosts: Vec<String>,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            cache_dir: None,
            max_concurrent_calls: 64,
            max_plugin_bytes: 1 << 20,
            internal_hosts: Vec::new(),
        }
    }
}

/// Loads plugins and calls them. Cheap to share behind an `Arc`; every method takes `&self`.
pub struct Runtime {
    engine: Engine,
    customs: Linker<State>,
    carrier: Linker<State>,
    returns: Linker<State>,
    config: RuntimeConfig,
    internal_hosts: Arc<InternalHosts>,
    cache: Option<Cache>,
    ticker: Arc<AtomicBool>,
    metrics: Arc<Metrics>,
}

/// Why the runtime could not be built.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error("cannot configure the WebAssembly engine: {0}")]
    Engine(String),
    #[error("cannot use the plugin cache directory {path}: {source}")]
    Cache { path: PathBuf, source: std::io::Error },
}

impl Runtime {
    pub fn new(config: RuntimeConfig) -> Result<Self, RuntimeError> {
        let engine = Engine::new(&engine_config(&config)).map_err(|e| RuntimeError::Engine(format!("{e:#}")))?;
        let cache = match &config.cache_dir {
            Some(dir) => Some(
                Cache::new(dir.clone(), &engine).map_err(|source| RuntimeError::Cache { path: dir.clone(), source })?,
            ),
            None => None,
        };
        let (customs, carrier, returns) = linkers(&engine).map_err(|e| RuntimeError::Engine(format!("{e:#}")))?;
        let ticker = Arc::new(AtomicBool::new(true));
        spawn_epoch_ticker(engine.clone(), ticker.clone());
        let internal_hosts = Arc::new(InternalHosts::new(&config.internal_hosts));
        let metrics = Arc::new(Metrics::new());
        Ok(Self { engine, customs, carrier, returns, config, internal_hosts, cache, ticker, metrics })
    }

    pub fn limits(&self) -> &Limits {
        &self.config.limits
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn cache(&self) -> Option<&Cache> {
        self.cache.as_ref()
    }

    /// The metrics of the node this runtime serves (one runtime per node).
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    fn linker(&self, world: World) -> &Linker<State> {
        match world {
            World::Customs => &self.customs,
            World::Carrier => &self.carrier,
            World::Returns => &self.returns,
        }
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        self.ticker.store(false, Ordering::Relaxed);
    }
}

fn engine_config(config: &RuntimeConfig) -> Config {
    let limits = &config.limits;
    let slots = config.max_concurrent_calls.max(1);
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(slots)
        .total_core_instances(slots * limits.max_instances as u32)
        .total_memories(slots * 2)
        .total_tables(slots * limits.max_tables as u32)
        .total_stacks(slots)
        .max_core_instances_per_component(limits.max_instances as u32)
        .max_memories_per_component(2)
        .max_tables_per_component(limits.max_tables as u32)
        .table_elements(limits.max_table_elements)
        .max_memory_size(limits.memory_bytes)
        // Keep the pages a call touched mapped between calls and reset only those (found with
        // Linux's PAGEMAP_SCAN where the kernel has it, 6.7+): cheaper than unmapping them
        // and faulting them in again on the next instantiation.
        .pagemap_scan(Enabled::Auto)
        .linear_memory_keep_resident(8 << 20)
        .table_keep_resident(64 << 10);

    let mut cfg = Config::new();
    cfg.wasm_component_model(true)
        .consume_fuel(true)
        .epoch_interruption(true)
        .max_wasm_stack(limits.stack_bytes)
        .memory_init_cow(true)
        .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    cfg
}

type Linkers = (Linker<State>, Linker<State>, Linker<State>);

fn linkers(engine: &Engine) -> wasmtime::Result<Linkers> {
    use wasmtime::component::HasSelf;
    let base = || -> wasmtime::Result<Linker<State>> {
        let mut linker = Linker::new(engine);
        wasi::add_to_linker(&mut linker)?;
        Ok(linker)
    };
    let mut customs = base()?;
    v0_1::customs::Customs::add_to_linker::<State, HasSelf<State>>(&mut customs, |s| s)?;
    let mut carrier = base()?;
    v0_1::carrier::Carrier::add_to_linker::<State, HasSelf<State>>(&mut carrier, |s| s)?;
    let mut returns = base()?;
    v0_1::returns::Returns::add_to_linker::<State, HasSelf<State>>(&mut returns, |s| s)?;
    Ok((customs, carrier, returns))
}

/// Advances the engine's epoch every [`EPOCH_TICK`] until the runtime is dropped.
fn spawn_epoch_ticker(engine: Engine, running: Arc<AtomicBool>) {
    let spawned = std::thread::Builder::new().name("crossdock-epoch".into()).spawn(move || {
        while running.load(Ordering::Relaxed) {
            std::thread::sleep(EPOCH_TICK);
            engine.increment_epoch();
        }
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start the epoch thread: plugin deadlines will not be enforced, fuel still is");
    }
}
