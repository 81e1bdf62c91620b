//! The runtime loads real components, validates them, caches their compiled form, and runs
//! the first-party plugins through the sandbox with the same results as natively.

use crossdock::runtime::{CallContext, LoadError, PluginDigest, Runtime, RuntimeConfig, World};
use crossdock_tests::{fixture_as, plugin_bytes};
use crossdock_types::{
    LabelFormat, LabelRequest, Parcel, PluginKind, RateRequest, ReturnRequest, Shipment, Timestamp, TrackingStatus,
};

fn runtime() -> Runtime {
    Runtime::new(RuntimeConfig::default()).expect("runtime")
}

fn now() -> CallContext {
    CallContext::new("2026-11-25T12:00:00Z".parse::<Timestamp>().expect("time"))
}

#[test]
fn first_party_plugins_load_with_metadata_matching_their_world() {
    let runtime = runtime();
    for (name, world, kind) in [
        ("customs-eu", World::Customs, PluginKind::Customs),
        ("carrier-table-rate", World::Carrier, PluginKind::Carrier),
        ("returns-standard", World::Returns, PluginKind::Returns),
    ] {
        let bytes = plugin_bytes(name);
        let plugin = runtime.load(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(plugin.world, world);
        assert_eq!(plugin.metadata.kind, kind);
        assert_eq!(plugin.metadata.name, name);
        assert_eq!(plugin.contract_version, "0.1.0");
        assert!(plugin.size_bytes < 512 * 1024, "{name} is {} bytes", plugin.size_bytes);
        let schema: serde_json::Value = serde_json::from_str(&plugin.metadata.config_schema).expect("schema is JSON");
        assert_eq!(schema["type"], "object", "{name}'s config schema describes an object");
        assert!(!plugin.metadata.covers.is_empty(), "{name} covers something");
    }
}

#[test]
fn customs_eu_assesses_the_ten_item_shipment_in_the_sandbox() {
    let runtime = runtime();
    let plugin = runtime.load(&plugin_bytes("customs-eu")).expect("customs-eu");
    let shipment: Shipment = fixture_as("shipment-10.json");
    let call = runtime.assess(&plugin, now(), &shipment).expect("call");
    let assessment = call.output.expect("assessment");
    assert_eq!(assessment.lines.len(), 10);
    assert!(!assessment.is_blocked(), "{:?}", assessment.findings);
    let duty: i64 = assessment.lines.iter().map(|l| l.duty.amount).sum();
    let tax: i64 = assessment.lines.iter().map(|l| l.tax.amount).sum();
    assert_eq!((duty, tax), (assessment.duty.amount, assessment.tax.amount), "totals are the sum of the lines");
    assert!(assessment.duty.amount > 0 && assessment.tax.amount > 0);
    assert!(call.stats.fuel > 0 && call.stats.memory_peak_bytes > 0, "{:?}", call.stats);
}

#[test]
fn the_table_rate_carrier_rates_labels_and_tracks_in_the_sandbox() {
    let runtime = runtime();
    let plugin = runtime.load(&plugin_bytes("carrier-table-rate")).expect("carrier");
    let shipment: Shipment = fixture_as("shipment-10.json");
    let parcels = vec![Parcel { weight_g: 1200, length_mm: 300, width_mm: 200, height_mm: 100 }];
    let rates = runtime
        .rate(&plugin, now(), &RateRequest { shipment: shipment.clone(), parcels: parcels.clone() })
        .expect("rate call")
        .output
        .expect("rates");
    assert!(!rates.is_empty());
    let service_code = rates[0].service_code.clone();
    let request = LabelRequest { shipment, parcels, service_code, is_return: false };
    let label = runtime.create_label(&plugin, now(), &request).expect("label call").output.expect("label");
    assert_eq!(label.format, LabelFormat::Pdf);
    assert!(label.data.starts_with(b"%PDF-1."), "a real PDF");
    let tracking = runtime.track(&plugin, now(), &label.tracking_number).expect("track call").output.expect("tracking");
    assert_eq!(tracking.status, TrackingStatus::PreTransit);
    runtime.void_label(&plugin, now(), &label.tracking_number).expect("void call").output.expect("voided");
}

#[test]
fn returns_standard_decides_in_the_sandbox() {
    let runtime = runtime();
    let plugin = runtime.load(&plugin_bytes("returns-standard")).expect("returns");
    let request: ReturnRequest = fixture_as("return-request.json");
    let decision = runtime.evaluate(&plugin, now(), &request).expect("call").output.expect("decision");
    assert_eq!(decision.items.len(), request.items.len());
}

/// `returns-standard` as built against the released 0.1 contract (tests/fixtures/plugins/README.md).
const RETURNS_STANDARD_0_1: &str = "fixtures/plugins/returns-standard-0.1.0.wasm";

#[test]
fn a_plugin_built_against_0_1_still_loads_and_runs() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RETURNS_STANDARD_0_1);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    // The committed component itself, not a rebuild: it must keep standing for a plugin built
    // before any later change to the contract.
    assert_eq!(
        PluginDigest::of(&bytes).hex(),
        "ef63d5d94a9a4feef6d09bc88c5946f5590a3149a7eb0d4146f0abaa3464f1fd",
        "{RETURNS_STANDARD_0_1} was replaced; it must stay the component built against 0.1"
    );
    let runtime = runtime();
    let plugin = runtime.load(&bytes).unwrap_or_else(|e| panic!("a 0.1 plugin no longer loads: {e}"));
    assert_eq!(plugin.contract_version, "0.1.0");
    assert_eq!(plugin.world, World::Returns);
    assert_eq!(plugin.metadata.name, "returns-standard");
    let request: ReturnRequest = fixture_as("return-request.json");
    let decision = runtime.evaluate(&plugin, now(), &request).expect("call").output.expect("decision");
    assert_eq!(decision.items.len(), request.items.len());
    assert!(plugin.imports.iter().any(|i| i == "crossdock:plugin/host@0.1.0"), "{:?}", plugin.imports);
    // What the plugin decided when it was built: the T-shirts come back, the final-sale cap does not.
    let eligible: Vec<(&str, bool, i64)> =
        decision.items.iter().map(|i| (i.sku.as_str(), i.eligible, i.refund.amount)).collect();
    assert_eq!(eligible, [("TEE-M", true, 3998), ("CAP-01", false, 0)], "{decision:?}");
}

#[test]
fn calling_a_function_of_another_world_is_a_clear_error() {
    let runtime = runtime();
    let plugin = runtime.load(&plugin_bytes("returns-standard")).expect("returns");
    let shipment: Shipment = fixture_as("shipment-10.json");
    let err = runtime.assess(&plugin, now(), &shipment).unwrap_err();
    assert!(err.to_string().contains("is a returns plugin; it has no `assess`"), "{err}");
}

#[test]
fn bytes_that_are_not_a_component_are_refused_with_the_reason() {
    let runtime = runtime();
    assert!(matches!(runtime.load(b"hello, world").unwrap_err(), LoadError::NotWasm));
    let core_module = b"\0asm\x01\0\0\0";
    let err = runtime.load(core_module).unwrap_err();
    assert!(matches!(err, LoadError::CoreModule), "{err}");
    assert!(err.to_string().contains("--target wasm32-wasip2"), "{err}");
    let mut truncated = plugin_bytes("customs-eu");
    truncated.truncate(truncated.len() / 2);
    assert!(matches!(runtime.load(&truncated).unwrap_err(), LoadError::Invalid(_)));
}

#[test]
fn a_plugin_over_the_size_cap_is_refused() {
    let runtime = Runtime::new(RuntimeConfig { max_plugin_bytes: 1000, ..RuntimeConfig::default() }).expect("runtime");
    let err = runtime.load(&plugin_bytes("customs-eu")).unwrap_err();
    assert!(matches!(err, LoadError::TooLarge { limit: 1000, .. }), "{err}");
}

#[test]
fn compiled_plugins_are_cached_on_disk_and_a_corrupt_artifact_is_recompiled() {
    let dir = std::env::temp_dir().join(format!("crossdock-cache-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = RuntimeConfig { cache_dir: Some(dir.clone()), ..RuntimeConfig::default() };
    let bytes = plugin_bytes("customs-eu");

    let first = Runtime::new(config.clone()).expect("runtime").load(&bytes).expect("compile");
    let artifacts: Vec<_> =
        std::fs::read_dir(&dir).expect("cache dir").filter_map(Result::ok).map(|e| e.path()).collect();
    assert_eq!(artifacts.len(), 1, "{artifacts:?}");
    let artifact = &artifacts[0];
    assert!(artifact.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&first.digest.hex())));

    let second = Runtime::new(config.clone()).expect("runtime").load(&bytes).expect("from cache");
    assert_eq!(second.digest, first.digest);

    // Corrupt the artifact the way a disk would, after every plugin mapping it is gone (a
    // mapped file must not shrink under its mapping; the cache itself only ever renames).
    let first_metadata = first.metadata.clone();
    drop((first, second));
    std::fs::write(artifact, b"not an artifact").expect("corrupt");
    let third = Runtime::new(config).expect("runtime").load(&bytes).expect("recompiled");
    assert_eq!(third.metadata, first_metadata);
    assert!(std::fs::metadata(artifact).expect("artifact").len() > 1000, "the artifact was rewritten");
    let _ = std::fs::remove_dir_all(&dir);
}
