//! Loading a plugin: from bytes to a validated, pre-linked [`Plugin`].

use std::fmt;
use std::sync::Arc;

use crossdock_types::{Metadata, PluginKind, Timestamp, Wire};
use sha2::{Digest, Sha256};
use wasmtime::Store;
use wasmtime::component::Component;

use super::Runtime;
use super::bindings::v0_1::{self, carrier, customs, returns};
use super::sandbox::{CallContext, State};

/// The SHA-256 of a plugin's bytes: its identity. Equal digests are the same plugin.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PluginDigest([u8; 32]);

impl PluginDigest {
    pub fn of(bytes: &[u8]) -> Self {
        Self(Sha256::digest(bytes).into())
    }

    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The first 12 hex digits, for log lines.
    pub fn short(&self) -> String {
        hex::encode(&self.0[..6])
    }
}

impl fmt::Display for PluginDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256:{}", self.hex())
    }
}

impl fmt::Debug for PluginDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The world a plugin component implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum World {
    Customs,
    Carrier,
    Returns,
}

impl World {
    pub fn kind(self) -> PluginKind {
        match self {
            World::Customs => PluginKind::Customs,
            World::Carrier => PluginKind::Carrier,
            World::Returns => PluginKind::Returns,
        }
    }
}

pub(crate) enum WorldPre {
    Customs(customs::CustomsPre<State>),
    Carrier(carrier::CarrierPre<State>),
    Returns(returns::ReturnsPre<State>),
}

/// A loaded plugin, ready to be called any number of times, from any thread.
pub struct Plugin {
    pub metadata: Metadata,
    pub digest: PluginDigest,
    pub world: World,
    pub size_bytes: usize,
    /// The component's imports, as named in the component.
    pub imports: Vec<String>,
    /// The contract version the plugin was built against.
    pub contract_version: String,
    /// The component as installed, for storing and for serving it back.
    pub wasm: Arc<[u8]>,
    pub(crate) label: Arc<str>,
    pub(crate) pre: WorldPre,
}

impl fmt::Debug for Plugin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Plugin")
            .field("name", &self.metadata.name)
            .field("version", &self.metadata.version)
            .field("kind", &self.metadata.kind)
            .field("digest", &self.digest)
            .finish()
    }
}

impl Plugin {
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// `name@version (sha256:0123456789ab)`, as used in logs and errors.
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// Why bytes could not be loaded as a plugin.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("the plugin is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("not a WebAssembly file: it does not start with the `\\0asm` magic bytes")]
    NotWasm,
    #[error(
        "this is a core WebAssembly module, not a component: build the plugin with `cargo build --target wasm32-wasip2` (or wrap it with `wasm-tools component new`)"
    )]
    CoreModule,
    #[error("not a valid WebAssembly component: {0}")]
    Invalid(String),
    #[error("not a crossdock plugin: {0}")]
    NotAPlugin(String),
    #[error("the plugin was built against crossdock:plugin@{found}; this host speaks {supported}")]
    UnsupportedVersion { found: String, supported: String },
    #[error("the plugin needs an import this host does not grant to {world} plugins: {detail}")]
    Link { world: &'static str, detail: String },
    #[error("the plugin's metadata is unusable: {0}")]
    Metadata(String),
}

impl Runtime {
    /// The configuration the runtime was built with.
    pub fn config(&self) -> &super::RuntimeConfig {
        &self.config
    }

    /// Validates, compiles (or loads from the cache) and pre-links a plugin.
    pub fn load(&self, wasm: &[u8]) -> Result<Plugin, LoadError> {
        let limit = self.config.max_plugin_bytes;
        if wasm.len() > limit {
            return Err(LoadError::TooLarge { size: wasm.len(), limit });
        }
        check_header(wasm)?;
        let digest = PluginDigest::of(wasm);
        let component = match &self.cache {
            Some(cache) => cache.load_or_compile(&self.engine, &digest, wasm),
            None => Component::new(&self.engine, wasm),
        }
        .map_err(|e| LoadError::Invalid(format!("{e:#}")))?;

        let ty = component.component_type();
        let exports: Vec<&str> = ty.exports(&self.engine).map(|(name, _)| name).collect();
        let imports: Vec<String> = ty.imports(&self.engine).map(|(name, _)| name.to_owned()).collect();
        let world = world_of(&exports)?;
        let contract_version = contract_version(&imports)?;

        let instance_pre = self
            .linker(world)
            .instantiate_pre(&component)
            .map_err(|e| LoadError::Link { world: world.kind().as_str(), detail: format!("{e:#}") })?;
        let typecheck =
            |e: wasmtime::Error| LoadError::NotAPlugin(format!("its exports do not match the {world:?} world: {e:#}"));
        let pre = match world {
            World::Customs => WorldPre::Customs(customs::CustomsPre::new(instance_pre).map_err(typecheck)?),
            World::Carrier => WorldPre::Carrier(carrier::CarrierPre::new(instance_pre).map_err(typecheck)?),
            World::Returns => WorldPre::Returns(returns::ReturnsPre::new(instance_pre).map_err(typecheck)?),
        };

        let label: Arc<str> = Arc::from(format!("plugin ({})", digest.short()));
        let metadata = self.read_metadata(&pre, label.clone())?;
        if metadata.kind != world.kind() {
            return Err(LoadError::Metadata(format!(
                "it says it is a {} plugin but implements the {} world",
                metadata.kind,
                world.kind()
            )));
        }
        if metadata.name.trim().is_empty() {
            return Err(LoadError::Metadata("its name is empty".into()));
        }
        serde_json::from_str::<serde_json::Value>(&metadata.config_schema)
            .map_err(|e| LoadError::Metadata(format!("its config schema is not JSON: {e}")))?;
        let label = Arc::from(format!("{}@{} ({})", metadata.name, metadata.version, digest.short()));
        Ok(Plugin {
            metadata,
            digest,
            world,
            size_bytes: wasm.len(),
            imports,
            contract_version,
            label,
            pre,
            wasm: Arc::from(wasm),
        })
    }

    fn read_metadata(&self, pre: &WorldPre, label: Arc<str>) -> Result<Metadata, LoadError> {
        let limits = self.config.limits;
        let state = State::new(
            label,
            CallContext::new(Timestamp::from_unix(0)),
            limits,
            self.internal_hosts.clone(),
            self.metrics.clone(),
        );
        let mut store = Store::new(&self.engine, state);
        store.limiter(|s| &mut s.limiter);
        store.set_fuel(limits.fuel).map_err(|e| LoadError::Metadata(format!("{e:#}")))?;
        super::call::arm_deadline(&mut store, limits.deadline);
        let wire = match pre {
            WorldPre::Customs(p) => p.instantiate(&mut store).and_then(|i| i.call_metadata(&mut store)),
            WorldPre::Carrier(p) => p.instantiate(&mut store).and_then(|i| i.call_metadata(&mut store)),
            WorldPre::Returns(p) => p.instantiate(&mut store).and_then(|i| i.call_metadata(&mut store)),
        }
        .map_err(|e| LoadError::Metadata(format!("calling metadata() failed: {e:#}")))?;
        store.data().flush_output();
        Metadata::from_wire(wire).map_err(|e| LoadError::Metadata(e.to_string()))
    }
}

fn check_header(wasm: &[u8]) -> Result<(), LoadError> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err(LoadError::NotWasm);
    }
    // Bytes 4..8: version 1, layer 0 for a core module; layer 1 for a component.
    match wasm[6..8] {
        [0, 0] => Err(LoadError::CoreModule),
        [1, 0] => Ok(()),
        _ => Err(LoadError::Invalid("unknown WebAssembly binary layer".into())),
    }
}

fn world_of(exports: &[&str]) -> Result<World, LoadError> {
    let has = |name: &str| exports.contains(&name);
    if !has("metadata") {
        return Err(LoadError::NotAPlugin(format!(
            "it does not export `metadata` (it exports: {}); build it with crossdock-sdk's export_customs!, export_carrier! or export_returns!",
            if exports.is_empty() { "nothing".to_owned() } else { exports.join(", ") }
        )));
    }
    match (has("assess"), has("rate"), has("evaluate")) {
        (true, false, false) => Ok(World::Customs),
        (false, true, false) => Ok(World::Carrier),
        (false, false, true) => Ok(World::Returns),
        (false, false, false) => Err(LoadError::NotAPlugin(
            "it exports none of `assess` (customs), `rate` (carrier) or `evaluate` (returns)".into(),
        )),
        _ => Err(LoadError::NotAPlugin("it exports the functions of more than one world".into())),
    }
}

/// The version of `crossdock:plugin` the imports name. A plugin that imports nothing of ours
/// is taken to be of the current version; its exports are type-checked against it anyway.
fn contract_version(imports: &[String]) -> Result<String, LoadError> {
    let ours = imports.iter().filter_map(|i| i.strip_prefix("crossdock:plugin/"));
    for name in ours {
        let version = name.split_once('@').map(|(_, v)| v).unwrap_or("");
        if version != v0_1::VERSION {
            return Err(LoadError::UnsupportedVersion {
                found: version.to_owned(),
                supported: v0_1::VERSION.to_owned(),
            });
        }
    }
    Ok(v0_1::VERSION.to_owned())
}
