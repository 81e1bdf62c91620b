//! What the integration tests share: where the plugin components are, and fixtures.
//!
//! The plugins are built for `wasm32-wasip2` once per test run by `make test` (the `plugins`
//! target). A test process that finds one missing builds them itself, so `cargo test` alone
//! works too — it is just slower the first time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

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
        build_plugins();
    }
    assert!(path.exists(), "{} was not built", path.display());
    path
}

/// The bytes of a workspace plugin's component.
pub fn plugin_bytes(crate_name: &str) -> Vec<u8> {
    let path = plugin_path(crate_name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn build_plugins() {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.current_dir(workspace_root()).args(["build", "--release", "--target", "wasm32-wasip2"]);
        for p in PLUGINS {
            cmd.args(["-p", p]);
        }
        let status = cmd.status().expect("cannot run cargo to build the plugins");
        assert!(status.success(), "building the plugins failed; run `make plugins` to see why");
    });
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
