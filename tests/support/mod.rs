//! What the integration tests share: where the plugin components are, and fixtures.
//!
//! The plugins are built for `wasm32-wasip2` once per test run by `make test` (the `plugins`
//! target). A test process that finds one missing builds them itself, so `cargo test` alone
//! works too — it is just slower the first time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

use crossdock::runtime::{Plugin, Runtime, RuntimeConfig};

/// Every crate whose component the tests load.
pub const PLUGINS: &[&str] =
    &["customs-eu", "carrier-table-rate", "returns-standard", "hostile", "sneaky", "malformed", "probe-carrier"];

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Where `cargo build --release --target wasm32-wasip2` leaves components.
pub fn wasm_dir() -> PathBuf {
    workspace_root().join("target/wasm32-wasip2/release")
}

/// The component of a workspace plugin crate, built if missing.
pub fn plugin_path(crate_name: &str) -> PathBuf {
    let path = wasm_dir().join(format!("{}.wasm", crate_name.replace('-', "_")));
    if !path.exists() {
        build_plugins(crate_name);
    }
    assert!(path.exists(), "{} was not built", path.display());
    path
}

/// The bytes of a workspace plugin's component.
pub fn plugin_bytes(crate_name: &str) -> Vec<u8> {
    let path = plugin_path(crate_name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Builds the test plugins and `also` (a crate outside that list), once per test process.
fn build_plugins(also: &str) {
    static BUILT: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut built = BUILT.lock().unwrap_or_else(|p| p.into_inner());
    if built.iter().any(|b| b == also) {
        return;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace_root()).args(["build", "--release", "--target", "wasm32-wasip2", "-p", also]);
    for p in PLUGINS {
        cmd.args(["-p", p]);
    }
    let status = cmd.status().expect("cannot run cargo to build the plugins");
    assert!(status.success(), "building the plugins failed; run `make test-plugins` to see why");
    built.push(also.to_owned());
}

/// One runtime for the whole test binary.
pub fn shared_runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| Runtime::new(RuntimeConfig::default()).expect("runtime"))
}

/// A workspace plugin, loaded once per test binary into [`shared_runtime`].
pub fn loaded(crate_name: &str) -> Arc<Plugin> {
    static LOADED: Mutex<Vec<(String, Arc<Plugin>)>> = Mutex::new(Vec::new());
    let mut loaded = LOADED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, plugin)) = loaded.iter().find(|(n, _)| n == crate_name) {
        return plugin.clone();
    }
    let plugin = shared_runtime()
        .load(&plugin_bytes(crate_name))
        .unwrap_or_else(|e| panic!("{crate_name} does not load: {e}"));
    let plugin = Arc::new(plugin);
    loaded.push((crate_name.to_owned(), plugin.clone()));
    plugin
}

/// A fixture from `tests/fixtures`.
pub fn fixture(name: &str) -> String {
    let path = workspace_root().join("tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A fixture parsed into a contract type.
pub fn fixture_as<T: serde::de::DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}
