//! The plugins this node has loaded, by name, kept in step with the store.
//!
//! Markets bind plugins by name; the registry resolves a name to the newest installed version
//! of that plugin, compiled and ready. Plugins are content-addressed and immutable: a plugin is
//! stored once (its bytes, name, version, kind, sha256 and what it covers) and a new version is
//! a new row. First-party plugins are installed at start from the files given to
//! `serve --plugin` and the plugins directories (`serve --plugins-dir`, or the defaults);
//! merchants upload their own through `POST /api/v1/plugins`.
//!
//! Every node loads what the store holds at start, and [`Registry::sync`] loads what another
//! node installed since: the pipeline calls it when a binding names a plugin this node does not
//! know yet, so an upload anywhere is usable everywhere on the next event.
//!
//! Names: the names of the first-party plugins ([`FIRST_PARTY`], the crates under `plugins/`)
//! are reserved whether or not this node runs them, so a merchant cannot take one before the
//! operator installs it. Any other name belongs to its first publisher (claimed race-free in
//! the store). A conflict found at start (a merchant row from before the reservation) is
//! logged and the node starts: the operator's first-party plugin keeps the name.
//!
//! Uploads are compiled on the blocking pool, never on the async threads that serve requests,
//! and each merchant's stored plugins are capped by an [`UploadQuota`] (versions and bytes).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crossdock_types::PluginKind;

use crate::runtime::{LoadError, Plugin, Runtime};
use crate::store::{PluginRecord, Store, StoreError};

/// A merchant's plugin uploads are capped in number of stored versions and in total bytes, so
/// one merchant cannot fill the store (every node keeps and compiles every version).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadQuota {
    /// Versions a merchant may have stored, across all its plugin names (default 50).
    pub max_versions: u64,
    /// Total size of a merchant's stored components, in bytes (default 64 MiB).
    pub max_bytes: u64,
}

impl Default for UploadQuota {
    fn default() -> Self {
        Self { max_versions: 50, max_bytes: 64 << 20 }
    }
}

/// The names of crossdock's first-party plugins (the crates under `plugins/`): reserved for
/// them, so no merchant may publish a plugin under one of these names.
pub const FIRST_PARTY: &[&str] = &[
    "carrier-dhl-express",
    "carrier-fedex",
    "carrier-postal",
    "carrier-table-rate",
    "carrier-ups",
    "customs-au",
    "customs-ca",
    "customs-ch",
    "customs-eu",
    "customs-gb",
    "customs-jp",
    "customs-no",
    "customs-nz",
    "customs-sg",
    "customs-us",
    "returns-eu-withdrawal",
    "returns-local-hub",
    "returns-standard",
];

/// Whether `name` is reserved for a first-party plugin.
pub fn is_reserved(name: &str) -> bool {
    FIRST_PARTY.contains(&name)
}

/// Loaded plugins: every version by digest, and the newest version of each name.
#[derive(Debug, Default)]
pub struct Registry {
    inner: RwLock<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    newest: BTreeMap<String, Arc<Plugin>>,
    by_digest: BTreeMap<String, Arc<Plugin>>,
    /// Who may bind each name: `None` for first-party plugins.
    owners: BTreeMap<String, Option<String>>,
}

/// Why a plugin could not be installed.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("cannot read plugin {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("cannot read the plugins directory {dir}: {source}")]
    ReadDir { dir: String, source: std::io::Error },
    #[error("plugin {path} cannot be loaded: {source}")]
    Load { path: String, source: LoadError },
    #[error("plugin {path} is named `{name}`, like one already installed ({existing})")]
    Duplicate { path: String, name: String, existing: String },
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// What installing did.
#[derive(Debug, Clone)]
pub struct Installed {
    pub plugin: Arc<Plugin>,
    /// `false` when the same bytes were installed before.
    pub new: bool,
}

fn newer(a: &str, b: &str) -> bool {
    fn parts(v: &str) -> Vec<u64> {
        v.split(['.', '-', '+']).map(|p| p.parse().unwrap_or(0)).collect()
    }
    parts(a) > parts(b)
}

impl Registry {
    /// Loads every file; the first problem stops and is returned. Two files naming the same
    /// plugin are refused: a binding must never be ambiguous.
    pub fn install_files(runtime: &Runtime, paths: &[impl AsRef<Path>]) -> Result<Self, InstallError> {
        let files: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
        Self::install_layers(runtime, &[files])
    }

    /// Loads the files of every layer, the first layer first. Every file must load, shadowed
    /// or not, so a broken file is found when it is put there rather than when the file in
    /// front of it goes away. A plugin name found in two layers is taken from the first, and
    /// the file left out is logged; two files of one layer naming the same plugin are refused,
    /// as nothing says which of them was meant.
    pub fn install_layers(runtime: &Runtime, layers: &[Vec<PathBuf>]) -> Result<Self, InstallError> {
        let registry = Self::default();
        let mut files: BTreeMap<String, &Path> = BTreeMap::new();
        for layer in layers {
            let mut this_layer: BTreeMap<String, &Path> = BTreeMap::new();
            for path in layer {
                let shown = path.display().to_string();
                let bytes = std::fs::read(path).map_err(|source| InstallError::Read { path: shown.clone(), source })?;
                let plugin =
                    runtime.load(&bytes).map_err(|source| InstallError::Load { path: shown.clone(), source })?;
                let name = plugin.name().to_owned();
                if let Some(first) = this_layer.insert(name.clone(), path) {
                    return Err(InstallError::Duplicate { path: shown, name, existing: first.display().to_string() });
                }
                if let Some(used) = files.get(&name) {
                    tracing::warn!(plugin = %name, used = %used.display(), shadowed = %shown,
                        "plugin file shadowed by one found first");
                    continue;
                }
                tracing::info!(plugin = plugin.label(), file = %shown, "plugin file loaded");
                files.insert(name, path);
                registry.insert(Arc::new(plugin), None);
            }
        }
        Ok(registry)
    }

    /// The plugin components in `dir`: its `*.wasm` files, by name. Anything else there
    /// (notes, subdirectories) is left alone.
    pub fn files_in(dir: &Path) -> Result<Vec<PathBuf>, InstallError> {
        let shown = || dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|source| InstallError::ReadDir { dir: shown(), source })?;
        let mut files = Vec::new();
        for entry in entries {
            let path = entry.map_err(|source| InstallError::ReadDir { dir: shown(), source })?.path();
            if path.extension().is_some_and(|e| e == "wasm") && path.is_file() {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    }

    /// Adds a loaded plugin owned by `owner` (`None`: first-party). The newest version of a
    /// name is the one bindings use.
    pub fn insert(&self, plugin: Arc<Plugin>, owner: Option<String>) {
        let mut inner = self.inner.write().unwrap_or_else(|p| p.into_inner());
        let name = plugin.name().to_owned();
        let replace = inner.newest.get(&name).is_none_or(|cur| newer(&plugin.metadata.version, &cur.metadata.version));
        if replace {
            tracing::info!(plugin = plugin.label(), kind = %plugin.metadata.kind, "plugin installed");
            inner.newest.insert(name.clone(), plugin.clone());
        }
        inner.owners.entry(name).or_insert(owner);
        inner.by_digest.insert(plugin.digest.hex(), plugin);
    }

    /// Records the plugins loaded from files in the store, as first-party, and loads every
    /// plugin the store holds that this node has not loaded yet.
    /// A conflict over one plugin is logged, never fatal: what merchants uploaded must not keep
    /// the node from starting.
    pub async fn persist_and_sync(&self, runtime: &Runtime, store: &Store) -> Result<(), InstallError> {
        for plugin in self.list() {
            if self.owner(plugin.name()).flatten().is_some() {
                continue;
            }
            let wasm = plugin.wasm.clone();
            match store.insert_plugin(&record_of(&plugin, None, store.now_ms()), &wasm).await {
                Ok(_) => {}
                Err(StoreError::Conflict(reason)) => {
                    tracing::error!(plugin = plugin.label(), "first-party plugin not recorded in the store: {reason}");
                }
                Err(e) => return Err(e.into()),
            }
        }
        self.sync(runtime, store).await
    }

    /// Loads the plugins the store holds that this node does not have yet.
    pub async fn sync(&self, runtime: &Runtime, store: &Store) -> Result<(), InstallError> {
        for record in store.plugins_visible(None).await? {
            if self.by_digest(&record.digest).is_some() {
                continue;
            }
            // A merchant's row under a reserved name, or under a name this node knows as
            // someone else's, predates the name checks: never load it, or its code would run
            // where the name's owner's plugin is expected.
            let foreign = self.owner(&record.name).is_some_and(|owner| owner != record.owner_merchant_id);
            if foreign || (record.owner_merchant_id.is_some() && is_reserved(&record.name)) {
                tracing::warn!(plugin = %record.name, digest = %record.digest, owner = ?record.owner_merchant_id,
                    "stored plugin not loaded: its name belongs to another publisher");
                continue;
            }
            let Some(wasm) = store.plugin_wasm(&record.digest).await? else { continue };
            match runtime.load(&wasm) {
                Ok(plugin) => self.insert(Arc::new(plugin), record.owner_merchant_id.clone()),
                Err(e) => {
                    tracing::error!(plugin = %record.name, digest = %record.digest, "stored plugin does not load: {e}")
                }
            }
        }
        Ok(())
    }

    /// Validates, stores and loads an uploaded component for `owner`, within its quota. The
    /// component is compiled on the blocking pool.
    pub async fn install_upload(
        &self,
        runtime: &Arc<Runtime>,
        store: &Store,
        wasm: axum::body::Bytes,
        owner: &str,
        quota: UploadQuota,
    ) -> Result<Installed, UploadError> {
        let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&wasm));
        let known = self.by_digest(&digest).filter(|_| self.owner_of_digest_is(&digest, owner));
        if known.is_none() {
            let (versions, bytes) = store.plugin_usage(owner).await.map_err(UploadError::Store)?;
            let (versions, bytes) = (versions.max(0) as u64, bytes.max(0) as u64);
            if versions >= quota.max_versions {
                return Err(UploadError::TooManyVersions { stored: versions, limit: quota.max_versions });
            }
            if bytes.saturating_add(wasm.len() as u64) > quota.max_bytes {
                return Err(UploadError::OverQuota { stored: bytes, size: wasm.len() as u64, limit: quota.max_bytes });
            }
        }
        let compile = {
            let (runtime, wasm) = (runtime.clone(), wasm.clone());
            tokio::task::spawn_blocking(move || runtime.load(&wasm))
        };
        let plugin = compile
            .await
            .map_err(|e| UploadError::Store(StoreError::Invalid(format!("compiling the plugin failed: {e}"))))?
            .map_err(UploadError::Invalid)?;
        if is_reserved(plugin.name()) {
            return Err(UploadError::Reserved(plugin.name().to_owned()));
        }
        if let Some(Some(other)) = self.owner(plugin.name())
            && other != owner
        {
            return Err(UploadError::Store(StoreError::Conflict(format!(
                "the plugin name `{}` belongs to another publisher; rename your plugin",
                plugin.name()
            ))));
        }
        let record = record_of(&plugin, Some(owner.to_owned()), store.now_ms());
        let new = store.insert_plugin(&record, &wasm).await.map_err(UploadError::Store)?;
        let plugin = match self.by_digest(&record.digest) {
            Some(existing) => existing,
            None => {
                let plugin = Arc::new(plugin);
                self.insert(plugin.clone(), Some(owner.to_owned()));
                plugin
            }
        };
        Ok(Installed { plugin, new })
    }

    /// Whether the loaded plugin with this digest is `owner`'s (a re-upload of its own bytes
    /// stores nothing, so it does not count against the quota).
    fn owner_of_digest_is(&self, digest: &str, owner: &str) -> bool {
        self.by_digest(digest).is_some_and(|p| matches!(self.owner(p.name()), Some(Some(o)) if o == owner))
    }

    /// The newest version of the named plugin.
    pub fn get(&self, name: &str) -> Option<Arc<Plugin>> {
        self.inner.read().unwrap_or_else(|p| p.into_inner()).newest.get(name).cloned()
    }

    /// The plugin with this digest (sha256, hex).
    pub fn by_digest(&self, digest: &str) -> Option<Arc<Plugin>> {
        self.inner.read().unwrap_or_else(|p| p.into_inner()).by_digest.get(digest).cloned()
    }

    /// Who owns a plugin name: `Some(None)` first-party, `Some(Some(merchant))`, or `None` when
    /// no such plugin is loaded.
    pub fn owner(&self, name: &str) -> Option<Option<String>> {
        self.inner.read().unwrap_or_else(|p| p.into_inner()).owners.get(name).cloned()
    }

    /// Whether `merchant` may see and bind the named plugin.
    pub fn visible_to(&self, name: &str, merchant: &str) -> bool {
        matches!(self.owner(name), Some(None)) || matches!(self.owner(name), Some(Some(m)) if m == merchant)
    }

    /// The kind of the named plugin, if loaded.
    pub fn kind(&self, name: &str) -> Option<PluginKind> {
        self.get(name).map(|p| p.metadata.kind)
    }

    /// The newest version of every plugin, by name.
    pub fn list(&self) -> Vec<Arc<Plugin>> {
        self.inner.read().unwrap_or_else(|p| p.into_inner()).newest.values().cloned().collect()
    }

    pub fn names(&self) -> Vec<String> {
        self.inner.read().unwrap_or_else(|p| p.into_inner()).newest.keys().cloned().collect()
    }
}

/// Why an upload was refused.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("{0}")]
    Invalid(LoadError),
    #[error(
        "the plugin name `{0}` is reserved for crossdock's first-party plugin of that name; rename your \
         plugin (e.g. prefix it with your shop's name) and upload it again"
    )]
    Reserved(String),
    #[error(
        "you have {stored} plugin versions stored, the most allowed is {limit}; ask the operator to remove \
         versions you no longer use"
    )]
    TooManyVersions { stored: u64, limit: u64 },
    #[error(
        "your stored plugins take {stored} bytes; this one ({size} bytes) would pass your quota of {limit} \
         bytes; ask the operator to remove versions you no longer use"
    )]
    OverQuota { stored: u64, size: u64, limit: u64 },
    #[error("{0}")]
    Store(StoreError),
}

fn record_of(plugin: &Plugin, owner: Option<String>, installed_at_ms: i64) -> PluginRecord {
    PluginRecord {
        digest: plugin.digest.hex(),
        owner_merchant_id: owner,
        name: plugin.metadata.name.clone(),
        version: plugin.metadata.version.clone(),
        kind: plugin.metadata.kind.to_string(),
        contract_version: plugin.contract_version.clone(),
        description: plugin.metadata.description.clone(),
        covers: plugin.metadata.covers.clone(),
        config_schema: plugin.metadata.config_schema.clone(),
        size_bytes: i64::try_from(plugin.size_bytes).unwrap_or(i64::MAX),
        installed_at_ms,
    }
}

/// Checks a merchant configuration against the plugin's JSON schema. The error names every
/// failing field by its JSON pointer (`/max_eta_days: -1 is less than the minimum of 0`).
pub fn validate_config(plugin: &Plugin, config: &serde_json::Value) -> Result<(), String> {
    let schema: serde_json::Value = serde_json::from_str(&plugin.metadata.config_schema)
        .map_err(|e| format!("the plugin's config schema is not JSON: {e}"))?;
    let validator =
        jsonschema::validator_for(&schema).map_err(|e| format!("the plugin's config schema is not usable: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(config)
        .map(|e| {
            let path = e.instance_path.to_string();
            let field = if path.is_empty() { "config".to_owned() } else { format!("config{path}") };
            format!("{field}: {e}")
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(errors.join("; ")) }
}

#[cfg(test)]
mod tests {
    use super::{FIRST_PARTY, is_reserved, newer};

    #[test]
    fn every_crate_under_plugins_is_a_reserved_name() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../plugins");
        let mut crates: Vec<String> = std::fs::read_dir(&dir)
            .expect("the plugins directory")
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join("Cargo.toml").exists())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        crates.sort();
        assert_eq!(crates, FIRST_PARTY, "keep FIRST_PARTY in step with plugins/");
        assert!(is_reserved("carrier-ups") && !is_reserved("carrier-acme"));
    }

    #[test]
    fn versions_compare_numerically_not_as_text() {
        assert!(newer("0.10.0", "0.9.3"));
        assert!(newer("1.0.0", "0.99.99"));
        assert!(!newer("0.1.0", "0.1.0"));
        assert!(!newer("0.1.0", "0.2.0"));
    }
}
