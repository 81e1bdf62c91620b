//! The plugins this node has loaded, by name, kept in step with the store.
//!
//! Markets bind plugins by name; the registry resolves a name to the newest installed version
//! of that plugin, compiled and ready. Plugins are content-addressed and immutable: a plugin is
//! stored once (its bytes, name, version, kind, sha256 and what it covers) and a new version is
//! a new row. First-party plugins are installed at start from the files given to
//! `serve --plugin`; merchants upload their own through `POST /api/v1/plugins`.
//!
//! Every node loads what the store holds at start, and [`Registry::sync`] loads what another
//! node installed since: the pipeline calls it when a binding names a plugin this node does not
//! know yet, so an upload anywhere is usable everywhere on the next event.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

use crossdock_types::PluginKind;

use crate::runtime::{LoadError, Plugin, Runtime};
use crate::store::{PluginRecord, Store, StoreError};

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
        let registry = Self::default();
        for path in paths {
            let path = path.as_ref();
            let shown = path.display().to_string();
            let bytes = std::fs::read(path).map_err(|source| InstallError::Read { path: shown.clone(), source })?;
            let plugin = runtime.load(&bytes).map_err(|source| InstallError::Load { path: shown.clone(), source })?;
            if let Some(existing) = registry.get(plugin.name()) {
                return Err(InstallError::Duplicate {
                    path: shown,
                    name: plugin.name().to_owned(),
                    existing: existing.label().to_owned(),
                });
            }
            registry.insert(Arc::new(plugin), None);
        }
        Ok(registry)
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
    pub async fn persist_and_sync(&self, runtime: &Runtime, store: &Store) -> Result<(), InstallError> {
        for plugin in self.list() {
            if self.owner(plugin.name()).flatten().is_some() {
                continue;
            }
            let wasm = plugin.wasm.clone();
            store.insert_plugin(&record_of(&plugin, None), &wasm).await?;
        }
        self.sync(runtime, store).await
    }

    /// Loads the plugins the store holds that this node does not have yet.
    pub async fn sync(&self, runtime: &Runtime, store: &Store) -> Result<(), InstallError> {
        for record in store.plugins_visible(None).await? {
            if self.by_digest(&record.digest).is_some() {
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

    /// Validates, stores and loads an uploaded component for `owner`.
    pub async fn install_upload(
        &self,
        runtime: &Runtime,
        store: &Store,
        wasm: &[u8],
        owner: &str,
    ) -> Result<Installed, UploadError> {
        let plugin = runtime.load(wasm).map_err(UploadError::Invalid)?;
        if let Some(Some(other)) = self.owner(plugin.name())
            && other != owner
        {
            return Err(UploadError::Store(StoreError::Conflict(format!(
                "the plugin name `{}` belongs to another publisher; rename your plugin",
                plugin.name()
            ))));
        }
        let record = record_of(&plugin, Some(owner.to_owned()));
        let new = store.insert_plugin(&record, wasm).await.map_err(UploadError::Store)?;
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
    #[error("{0}")]
    Store(StoreError),
}

fn record_of(plugin: &Plugin, owner: Option<String>) -> PluginRecord {
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
        installed_at_ms: crate::store::wall_clock_ms(),
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
    use super::newer;

    #[test]
    fn versions_compare_numerically_not_as_text() {
        assert!(newer("0.10.0", "0.9.3"));
        assert!(newer("1.0.0", "0.99.99"));
        assert!(!newer("0.1.0", "0.1.0"));
        assert!(!newer("0.1.0", "0.2.0"));
    }
}
