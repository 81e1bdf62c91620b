//! What a plugin call costs: a 10-item customs assessment (`tests/fixtures/shipment-10.json`)
//! run by `customs-eu` in a fresh sandboxed instance per call, against the same logic called
//! natively, plus the cold load of a precompiled plugin.
//!
//! Run with `make bench`. Figures are medians of several batches measured in one run; compare
//! only figures from the same run, these machines are shared and noisy.

use std::hint::black_box;
use std::time::{Duration, Instant};

use crossdock::runtime::{CallContext, Runtime, RuntimeConfig};
use crossdock_sdk::testing::TestHost;
use crossdock_sdk::{CustomsPlugin, Shipment, Timestamp};
use crossdock_tests::{fixture, plugin_bytes};
use customs_eu::EuCustoms;

const BATCHES: usize = 15;

/// Median time per iteration over `BATCHES` batches of `per_batch` iterations.
fn measure(name: &str, per_batch: usize, mut f: impl FnMut()) -> Duration {
    for _ in 0..per_batch {
        f(); // warm up
    }
    let mut samples: Vec<Duration> = (0..BATCHES)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..per_batch {
                f();
            }
            started.elapsed() / per_batch as u32
        })
        .collect();
    samples.sort();
    let median = samples[BATCHES / 2];
    println!("{name:<58} {:>10.2} µs", median.as_secs_f64() * 1e6);
    median
}

fn main() {
    let json = fixture("shipment-10.json");
    let shipment: Shipment = serde_json::from_str(&json).expect("fixture");
    let event = "2026-11-25T12:00:00Z".parse::<Timestamp>().expect("time");
    let host = TestHost::new().with_now("2026-11-25T12:00:00Z");

    println!("crossdock runtime benchmark: 10-item customs assessment (customs-eu)\n");

    let native = measure("native: assess (typed input and output)", 20_000, || {
        let ctx = host.ctx();
        black_box(EuCustoms::assess(&ctx, black_box(shipment.clone())).expect("assess"));
    });
    let native_json = measure("native: JSON parse + assess + JSON print", 20_000, || {
        let ctx = host.ctx();
        let s: Shipment = serde_json::from_str(black_box(&json)).expect("parse");
        let out = EuCustoms::assess(&ctx, s).expect("assess");
        black_box(serde_json::to_string(&out).expect("print"));
    });

    let runtime = Runtime::new(RuntimeConfig::default()).expect("runtime");
    let bytes = plugin_bytes("customs-eu");
    let plugin = runtime.load(&bytes).expect("load");
    let sandboxed = measure("sandboxed: fresh instance per call (pooling, fuel, epochs)", 2_000, || {
        let call = runtime.assess(&plugin, CallContext::new(event), black_box(&shipment)).expect("call");
        black_box(call.output.expect("assessment"));
    });
    let sandboxed_json = measure("sandboxed: JSON parse + fresh instance call + JSON print", 2_000, || {
        let s: Shipment = serde_json::from_str(black_box(&json)).expect("parse");
        let call = runtime.assess(&plugin, CallContext::new(event), &s).expect("call");
        black_box(serde_json::to_string(&call.output.expect("assessment")).expect("print"));
    });

    // The floor: a guest without the SDK that lifts the same 10-item input and returns a
    // constant answer (which the host then rejects as malformed: the error path is as long).
    let minimal = runtime.load(&plugin_bytes("malformed")).expect("minimal guest");
    let mut constant = shipment.clone();
    constant.id = "bad-currency".into();
    measure("sandboxed floor: minimal guest, same input, constant answer", 2_000, || {
        black_box(runtime.assess(&minimal, CallContext::new(event), &constant).is_err());
    });
    let cache = std::env::temp_dir().join(format!("crossdock-bench-cache-{}", std::process::id()));
    let cached =
        Runtime::new(RuntimeConfig { cache_dir: Some(cache.clone()), ..RuntimeConfig::default() }).expect("rt");
    cached.load(&bytes).expect("compile into the cache");
    let cold = measure("cold load of a precompiled plugin (digest, map, link, metadata)", 50, || {
        black_box(cached.load(black_box(&bytes)).expect("load"));
    });
    let _ = std::fs::remove_dir_all(&cache);

    let stats = runtime.assess(&plugin, CallContext::new(event), &shipment).expect("call").stats;
    println!("\none call: {} fuel, peak linear memory {} KiB", stats.fuel, stats.memory_peak_bytes / 1024);
    println!(
        "ratio sandboxed / native: {:.1}× typed, {:.1}× with JSON at both ends",
        sandboxed.as_secs_f64() / native.as_secs_f64(),
        sandboxed_json.as_secs_f64() / native_json.as_secs_f64()
    );
    println!(
        "targets: sandboxed call < 10 µs, cold load < 5 ms (cold load measured {:.2} ms)",
        cold.as_secs_f64() * 1e3
    );
}
