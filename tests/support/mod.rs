//! What the integration tests share: where the plugin components are, fixtures, and the call
//! context and shipment the carrier adapters are run with.
//!
//! The plugins are built for `wasm32-wasip2` once per test run by `make test` (the `plugins`
//! target). A test process that finds one missing builds them itself, so `cargo test` alone
//! works too — it is just slower the first time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use crossdock::runtime::http::HttpGrant;
use crossdock::runtime::{CallContext, Plugin, Runtime, RuntimeConfig};
use crossdock_types::{CarrierError, Label, LabelRequest, Parcel, Rate, RateRequest, Shipment, Timestamp, Tracking};

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

/// One runtime for the whole test binary. The carrier doubles listen on loopback, so this
/// runtime lets plugin HTTP reach `127.0.0.1` (as `--allow-internal-host` does for an
/// operator's carrier sandbox); every other internal address stays refused.
pub fn shared_runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        Runtime::new(RuntimeConfig { internal_hosts: vec!["127.0.0.1".into()], ..RuntimeConfig::default() })
            .expect("runtime")
    })
}

/// A workspace plugin, loaded once per test binary into [`shared_runtime`].
pub fn loaded(crate_name: &str) -> Arc<Plugin> {
    static LOADED: Mutex<Vec<(String, Arc<Plugin>)>> = Mutex::new(Vec::new());
    let mut loaded = LOADED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, plugin)) = loaded.iter().find(|(n, _)| n == crate_name) {
        return plugin.clone();
    }
    let plugin =
        shared_runtime().load(&plugin_bytes(crate_name)).unwrap_or_else(|e| panic!("{crate_name} does not load: {e}"));
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

// ---- carrier adapters ---------------------------------------------------------------------------

/// The clock of a carrier call unless a test sets its own: 2026-11-17T02:00:00Z.
pub const CARRIER_CALL_NOW: &str = "2026-11-17T02:00:00Z";

/// HTTP to `allow_host` only, within `deadline`, with answers of up to 4 MiB.
pub fn carrier_http_grant(allow_host: &str, deadline: Duration) -> Arc<HttpGrant> {
    Arc::new(HttpGrant::new(vec![allow_host.to_owned()], deadline, 4 << 20))
}

/// A call context for a carrier adapter: `config` as the binding's configuration, HTTP to
/// `allow_host` only within `deadline`, the binding's `secrets`, the clock at [`CARRIER_CALL_NOW`].
pub fn carrier_call_context(
    config: serde_json::Value,
    allow_host: &str,
    secrets: &[(&str, &str)],
    deadline: Duration,
) -> CallContext {
    let now: Timestamp = CARRIER_CALL_NOW.parse().expect("time");
    let mut ctx = CallContext::new(now);
    ctx.config_json = Arc::from(config.to_string());
    ctx.http = Some(carrier_http_grant(allow_host, deadline));
    ctx.secrets = Arc::new(secrets.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect());
    ctx
}

/// The parcel the carrier tests ship: 1.2 kg in a 30×20×10 cm box.
pub fn carrier_parcel() -> Parcel {
    Parcel { weight_g: 1200, length_mm: 300, width_mm: 200, height_mm: 100 }
}

/// `shipment-10.json` (CN → DE) in one [`carrier_parcel`].
pub fn shipment_10_rate_request() -> RateRequest {
    RateRequest { shipment: fixture_as::<Shipment>("shipment-10.json"), parcels: vec![carrier_parcel()] }
}

/// `shipment-10.json` with the street, company and names a waybill needs: from a Shenzhen
/// trading company reached at `origin_phone` to Max Mustermann in Berlin at `destination_phone`.
pub fn shipment_10_for_label(origin_phone: &str, destination_phone: &str) -> Shipment {
    let mut shipment = fixture_as::<Shipment>("shipment-10.json");
    shipment.origin.street = vec!["1 Keji Rd, Nanshan".into()];
    shipment.origin.company = Some("Shenzhen Example Trading".into());
    shipment.origin.phone = Some(origin_phone.into());
    shipment.destination.street = vec!["Invalidenstrasse 117".into()];
    shipment.destination.name = Some("Max Mustermann".into());
    shipment.destination.phone = Some(destination_phone.into());
    shipment
}

/// A carrier adapter crate, called through [`shared_runtime`]; each call must complete (a trap
/// fails the test) and gives the adapter's own answer.
#[derive(Debug, Clone, Copy)]
pub struct CarrierPlugin(pub &'static str);

impl CarrierPlugin {
    pub fn rate(self, ctx: CallContext, request: &RateRequest) -> Result<Vec<Rate>, CarrierError> {
        shared_runtime().rate(&loaded(self.0), ctx, request).expect("the call completes").output
    }

    pub fn create_label(self, ctx: CallContext, request: &LabelRequest) -> Result<Label, CarrierError> {
        shared_runtime().create_label(&loaded(self.0), ctx, request).expect("the call completes").output
    }

    pub fn track(self, ctx: CallContext, number: &str) -> Result<Tracking, CarrierError> {
        shared_runtime().track(&loaded(self.0), ctx, number).expect("the call completes").output
    }

    pub fn void_label(self, ctx: CallContext, number: &str) -> Result<(), CarrierError> {
        shared_runtime().void_label(&loaded(self.0), ctx, number).expect("the call completes").output
    }
}
