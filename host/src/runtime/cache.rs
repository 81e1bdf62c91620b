//! Compiled plugins, cached on disk.
//!
//! Compiling a component with Cranelift takes tens of milliseconds to seconds; loading the
//! precompiled artifact is a memory map. Artifacts are keyed by the plugin's SHA-256 digest
//! and by the engine's compatibility hash (wasmtime version, target, and every setting that
//! changes generated code), so a host upgrade or a limit change never loads a stale artifact:
//! it simply misses and recompiles. Files are written to a temporary name and renamed, so a
//! crash mid-write leaves no half-written artifact under a real key.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use wasmtime::Engine;
use wasmtime::component::Component;

use super::PluginDigest;

/// A directory of precompiled components.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    engine_key: String,
}

impl Cache {
    pub fn new(dir: PathBuf, engine: &Engine) -> std::io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        // SipHash with fixed keys: stable for a given build of crossdock, which is all a
        // cache key needs (the wasmtime version is part of what is hashed).
        #[allow(deprecated)]
        let mut hasher = std::hash::SipHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        Ok(Self { dir, engine_key: format!("{:016x}", hasher.finish()) })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, digest: &PluginDigest) -> PathBuf {
        self.dir.join(format!("{}-{}.cwasm", digest.hex(), self.engine_key))
    }

    /// The compiled component for `wasm`, from the cache or freshly compiled (and stored).
    pub fn load_or_compile(&self, engine: &Engine, digest: &PluginDigest, wasm: &[u8]) -> wasmtime::Result<Component> {
        let path = self.path(digest);
        if path.exists() {
            // SAFETY: `deserialize_file` trusts that the file was produced by
            // `Engine::precompile_component` of a compatible engine. Only this cache writes
            // into its directory, under names that include the engine's compatibility hash,
            // and only through an atomic rename of a complete artifact.
            match unsafe { Component::deserialize_file(engine, &path) } {
                Ok(component) => return Ok(component),
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "ignoring an unreadable cached plugin artifact")
                }
            }
        }
        let artifact = engine.precompile_component(wasm)?;
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let stored = std::fs::write(&tmp, &artifact).and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = stored {
            tracing::warn!(path = %path.display(), error = %e, "could not cache a compiled plugin; it will be compiled again next time");
            let _ = std::fs::remove_file(&tmp);
        }
        // SAFETY: the bytes were produced just now by `precompile_component` of this engine.
        unsafe { Component::deserialize(engine, &artifact) }
    }
}
