//! The plugins this node has installed, by name.
//!
//! Markets bind plugins by name (`plugins = ["customs-eu", …]`); the registry resolves a name
//! to the loaded component. First-party plugins are installed at start from the files given
//! to `serve --plugin`. Two files with the same plugin name are refused: a binding must never
//! be ambiguous.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crossdock_types::PluginKind;

use crate::runtime::{LoadError, Plugin, Runtime};

/// Loaded plugins by name.
#[derive(Debug, Default)]
pub struct Registry {
    by_name: BTreeMap<String, Arc<Plugin>>,
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
}

impl Registry {
    /// Loads every file; the first problem stops and is returned.
    pub fn install_files(runtime: &Runtime, paths: &[impl AsRef<Path>]) -> Result<Self, InstallError> {
        let mut registry = Self::default();
        for path in paths {
            let path = path.as_ref();
            let shown = path.display().to_string();
            let bytes = std::fs::read(path).map_err(|source| InstallError::Read { path: shown.clone(), source })?;
            let plugin = runtime.load(&bytes).map_err(|source| InstallError::Load { path: shown.clone(), source })?;
            registry.insert(plugin).map_err(|(name, existing)| InstallError::Duplicate {
                path: shown,
                name,
                existing,
            })?;
        }
        Ok(registry)
    }

    /// Adds a loaded plugin; refuses a second plugin of the same name.
    pub fn insert(&mut self, plugin: Plugin) -> Result<(), (String, String)> {
        let name = plugin.metadata.name.clone();
        if let Some(existing) = self.by_name.get(&name) {
            return Err((name, existing.label().to_owned()));
        }
        tracing::info!(plugin = plugin.label(), kind = %plugin.metadata.kind, "plugin installed");
        self.by_name.insert(name, Arc::new(plugin));
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&Arc<Plugin>> {
        self.by_name.get(name)
    }

    /// The kind of the named plugin, if installed.
    pub fn kind(&self, name: &str) -> Option<PluginKind> {
        self.get(name).map(|p| p.metadata.kind)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<Plugin>> {
        self.by_name.values()
    }

    pub fn names(&self) -> Vec<&str> {
        self.by_name.keys().map(String::as_str).collect()
    }
}
