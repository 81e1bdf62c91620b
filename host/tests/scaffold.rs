//! End to end, and SLOW: about two minutes on two cores from a cold `target/scaffold-test`,
//! 10 to 20 seconds once it is warm.
//!
//! `crossdock plugin new` for each kind makes a crate that passes its own tests natively
//! (`cargo test`), builds to a `wasm32-wasip2` component (`cargo build --release`), and that
//! component loads in crossdock's runtime and computes on its `example-input.json` the numbers
//! its native tests promise.
//!
//! Each test compiles a freshly generated crate twice, by running Cargo on it. The compiled
//! dependencies (the SDK, serde, wit-bindgen) are kept in `target/scaffold-test`, shared by the
//! three tests and by later runs, so only the first run pays for them. The generated crate
//! resolves its own `Cargo.lock` from the local registry cache (`--offline`) when it can, and
//! from the registry otherwise.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use crossdock::cli::scaffold::{SdkSource, scaffold};
use crossdock::runtime::{CallContext, Plugin, Runtime, RuntimeConfig};
use crossdock_types::{
    CollectAt, LabelFormat, LabelRequest, PluginKind, RateRequest, ReturnRequest, ReturnRoute, Shipment, Timestamp,
};

/// Where the generated crates are compiled, shared between tests and runs.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/scaffold-test")
}

fn cargo(dir: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo {args:?}: {e}"))
}

fn check(dir: &Path, args: &[&str]) {
    let started = Instant::now();
    let out = cargo(dir, args);
    assert!(
        out.status.success(),
        "`cargo {}` failed in {}:\n--- stdout\n{}\n--- stderr\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    eprintln!("cargo {} in {}: {:.1?}", args.join(" "), dir.display(), started.elapsed());
}

/// Scaffolds `name`, runs its native tests, builds its component and loads it. Returns the
/// runtime, the plugin and the crate's `example-input.json`.
fn scaffold_test_build_load(kind: PluginKind, name: &str) -> (Runtime, Plugin, String) {
    let parent = tempfile::tempdir().expect("a temporary directory");
    let dir = scaffold(kind, name, parent.path(), &SdkSource::default_for_this_build()).expect("scaffolded");

    // Resolve from the local registry cache when it holds everything; else go online once.
    let offline = cargo(&dir, &["generate-lockfile", "--offline"]).status.success();
    if !offline {
        check(&dir, &["generate-lockfile"]);
    }
    let with_offline = |args: &[&'static str]| -> Vec<&'static str> {
        let mut args = args.to_vec();
        if offline {
            args.push("--offline");
        }
        args
    };
    check(&dir, &with_offline(&["test"]));
    check(&dir, &with_offline(&["build", "--release", "--target", "wasm32-wasip2"]));

    let wasm = target_dir().join(format!("wasm32-wasip2/release/{}.wasm", name.replace('-', "_")));
    let bytes = std::fs::read(&wasm).unwrap_or_else(|e| panic!("{} was not built: {e}", wasm.display()));
    let runtime =
        Runtime::new(RuntimeConfig { max_concurrent_calls: 2, ..RuntimeConfig::default() }).expect("a runtime");
    let plugin = runtime.load(&bytes).unwrap_or_else(|e| panic!("{} does not load: {e}", wasm.display()));
    assert_eq!(plugin.metadata.name, name);
    assert_eq!(plugin.metadata.kind, kind);
    assert_eq!(plugin.metadata.version, "0.1.0");
    let example = dir.join("example-input.json");
    let example =
        std::fs::read_to_string(&example).unwrap_or_else(|e| panic!("cannot read {}: {e}", example.display()));
    (runtime, plugin, example)
}

fn parse<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("example-input.json: {e}"))
}

fn now() -> CallContext {
    CallContext::new("2026-11-25T12:00:00Z".parse::<Timestamp>().expect("a timestamp"))
}

#[test]
fn slow_scaffolded_customs_plugin_tests_builds_and_runs() {
    let (runtime, plugin, example) = scaffold_test_build_load(PluginKind::Customs, "customs-scaffolded");
    assert_eq!(plugin.metadata.covers, ["DE"]);
    let shipment: Shipment = parse(&example);
    let call = runtime.assess(&plugin, now(), &shipment).expect("the call completes");
    let assessment = call.output.expect("an assessment");
    // As the generated crate's own test says: duty 12 % of 39.98, tax 19 % of 44.78.
    assert_eq!((assessment.duty.amount, assessment.tax.amount), (480, 851));
    assert_eq!(assessment.collect, CollectAt::Checkout);
    assert!(call.stats.fuel > 0);
}

#[test]
fn slow_scaffolded_carrier_plugin_tests_builds_and_runs() {
    let (runtime, plugin, example) = scaffold_test_build_load(PluginKind::Carrier, "carrier-scaffolded");
    let request: RateRequest = parse(&example);
    let rates = runtime.rate(&plugin, now(), &request).expect("the call completes").output.expect("rates");
    assert_eq!(rates.len(), 1);
    assert_eq!(rates[0].price.amount, 990);

    let label_request = LabelRequest {
        shipment: request.shipment,
        parcels: request.parcels,
        service_code: rates[0].service_code.clone(),
        is_return: false,
    };
    let label = runtime.create_label(&plugin, now(), &label_request).expect("the call completes").output;
    let label = label.expect("a label");
    assert_eq!(label.format, LabelFormat::Zpl);
    assert!(label.data.starts_with(b"^XA"));
    let again = runtime.create_label(&plugin, now(), &label_request).expect("the call completes").output;
    assert_eq!(again.expect("a label").tracking_number, label.tracking_number, "tracking numbers are stable");
    let tracking = runtime.track(&plugin, now(), &label.tracking_number).expect("the call completes").output;
    assert_eq!(tracking.expect("tracking").tracking_number, label.tracking_number);
}

#[test]
fn slow_scaffolded_returns_plugin_tests_builds_and_runs() {
    let (runtime, plugin, example) = scaffold_test_build_load(PluginKind::Returns, "returns-scaffolded");
    let request: ReturnRequest = parse(&example);
    let decision = runtime.evaluate(&plugin, now(), &request).expect("the call completes").output;
    let decision = decision.expect("a decision");
    assert!(decision.approved);
    assert_eq!(decision.refund.amount, 3998);
    assert_eq!(decision.route, ReturnRoute::ReturnWarehouse("ret-fr".into()));
}
