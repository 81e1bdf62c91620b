//! Hostile plugins are stopped by the right limit with an error naming the plugin and the
//! limit, and the host keeps serving every other plugin correctly afterwards.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use crossdock::runtime::{CallContext, CallError, Limit, Limits, Plugin, Runtime, RuntimeConfig};
use crossdock_tests::{fixture_as, plugin_bytes};
use crossdock_types::{Assessment, Shipment, Timestamp};

const EVENT_TIME: i64 = 1_795_608_000; // 2026-11-25T12:00:00Z

fn runtime_with(limits: Limits) -> Runtime {
    Runtime::new(RuntimeConfig { limits, ..RuntimeConfig::default() }).expect("runtime")
}

fn load(runtime: &Runtime, name: &str) -> Plugin {
    runtime.load(&plugin_bytes(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn shipment(id: &str) -> Shipment {
    let mut s: Shipment = fixture_as("shipment-10.json");
    s.id = id.to_owned();
    s
}

fn ctx() -> CallContext {
    CallContext::new(Timestamp::from_unix(EVENT_TIME))
}

fn assess(runtime: &Runtime, plugin: &Plugin, id: &str) -> Result<Assessment, CallError> {
    runtime.assess(plugin, ctx(), &shipment(id)).map(|call| call.output.expect("the plugin declined"))
}

fn report(assessment: &Assessment) -> &str {
    &assessment.findings[0].message
}

/// After any offence, the same runtime still answers a well-behaved call of the same plugin
/// and of a first-party plugin.
fn assert_host_still_serves(runtime: &Runtime, hostile: &Plugin) {
    let ok = assess(runtime, hostile, "fine").expect("well-behaved call after an offence");
    assert_eq!(report(&ok), "ok 10");
    let eu = load(runtime, "customs-eu");
    let call = runtime.assess(&eu, ctx(), &shipment("shp_after")).expect("customs-eu after an offence");
    assert!(call.output.is_ok(), "{:?}", call.output);
}

#[test]
fn an_endless_loop_runs_out_of_fuel() {
    let runtime = runtime_with(Limits { fuel: 5_000_000, ..Limits::default() });
    let plugin = load(&runtime, "hostile");
    let err = assess(&runtime, &plugin, "loop").unwrap_err();
    assert_eq!(err.limit(), Some(Limit::Fuel(5_000_000)), "{err}");
    let message = err.to_string();
    assert!(message.contains("hostile@0.1.0") && message.contains("fuel limit"), "{message}");
    assert_host_still_serves(&runtime, &plugin);
}

#[test]
fn an_endless_loop_with_ample_fuel_hits_the_deadline() {
    let deadline = Duration::from_millis(50);
    let runtime = runtime_with(Limits { fuel: u64::MAX / 2, deadline, ..Limits::default() });
    let plugin = load(&runtime, "hostile");
    let err = assess(&runtime, &plugin, "loop").unwrap_err();
    assert_eq!(err.limit(), Some(Limit::Deadline(deadline)), "{err}");
    assert!(err.to_string().contains("deadline of 50 ms"), "{err}");
    assert_host_still_serves(&runtime, &plugin);
}

#[test]
fn unbounded_allocation_hits_the_memory_cap() {
    let runtime = runtime_with(Limits { memory_bytes: 16 << 20, ..Limits::default() });
    let plugin = load(&runtime, "hostile");
    let err = assess(&runtime, &plugin, "grow").unwrap_err();
    assert_eq!(err.limit(), Some(Limit::Memory(16 << 20)), "{err}");
    assert!(err.to_string().contains("memory limit of 16384 KiB"), "{err}");
    assert_host_still_serves(&runtime, &plugin);
}

#[test]
fn unbounded_recursion_hits_the_stack_cap() {
    let runtime = runtime_with(Limits::default());
    let plugin = load(&runtime, "hostile");
    let err = assess(&runtime, &plugin, "recurse").unwrap_err();
    assert_eq!(err.limit(), Some(Limit::Stack(Limits::default().stack_bytes)), "{err}");
    assert_host_still_serves(&runtime, &plugin);
}

#[test]
fn a_panic_is_reported_with_its_message() {
    let runtime = runtime_with(Limits::default());
    let plugin = load(&runtime, "hostile");
    match assess(&runtime, &plugin, "panic").unwrap_err() {
        CallError::Panic { plugin: name, message, .. } => {
            assert!(name.starts_with("hostile@0.1.0"), "{name}");
            assert!(message.contains("the hostile plugin panics on purpose"), "{message}");
        }
        other => panic!("expected a panic, got {other}"),
    }
    assert_host_still_serves(&runtime, &plugin);
}

#[test]
fn an_oversized_result_is_refused() {
    let runtime = runtime_with(Limits { output_bytes: 1 << 20, ..Limits::default() });
    let plugin = load(&runtime, "hostile");
    let err = assess(&runtime, &plugin, "oversized").unwrap_err();
    assert_eq!(err.limit(), Some(Limit::Output(1 << 20)), "{err}");
    assert_host_still_serves(&runtime, &plugin);
}

#[test]
fn an_oversized_input_is_refused_before_the_call() {
    let runtime = runtime_with(Limits { input_bytes: 256, ..Limits::default() });
    let plugin = load(&runtime, "hostile");
    let err = assess(&runtime, &plugin, "fine").unwrap_err();
    assert_eq!(err.limit(), Some(Limit::Input(256)), "{err}");
}

#[test]
fn the_filesystem_is_not_there() {
    let runtime = runtime_with(Limits::default());
    let plugin = load(&runtime, "hostile");
    let got = assess(&runtime, &plugin, "fs").expect("fs probe");
    let message = report(&got);
    assert!(message.starts_with("file=Err(") && message.contains("dir=Err("), "{message}");
}

#[test]
fn the_environment_and_arguments_are_empty() {
    let runtime = runtime_with(Limits::default());
    let plugin = load(&runtime, "hostile");
    let got = assess(&runtime, &plugin, "env").expect("env probe");
    assert_eq!(report(&got), "vars=[] args=[]");
}

#[test]
fn the_only_clock_is_the_event_clock_and_randomness_is_real_entropy() {
    let runtime = runtime_with(Limits::default());
    let plugin = load(&runtime, "hostile");
    let first = assess(&runtime, &plugin, "clock").expect("clock probe");
    let prefix = format!("wall={EVENT_TIME} event={EVENT_TIME} hash=");
    assert!(report(&first).starts_with(&prefix), "{}", report(&first));
    let second = assess(&runtime, &plugin, "clock").expect("clock probe");
    assert!(report(&second).starts_with(&prefix), "{}", report(&second));
    // The hash is keyed by WASI randomness: two calls at the same event time draw different
    // keys, so the randomness is not derived from the event (anyone knowing the time could
    // predict it).
    assert_ne!(report(&first), report(&second), "two calls at the same event drew the same entropy");
}

#[test]
fn a_plugin_that_sleeps_is_stopped_instead_of_blocking_the_host() {
    // The call runs on its own thread so that, were the sleep honoured, the test would fail
    // after a minute instead of hanging for the hour the plugin asks for.
    let runtime = Arc::new(runtime_with(Limits::default()));
    let plugin = Arc::new(load(&runtime, "hostile"));
    let (tx, rx) = mpsc::channel();
    let (r, p) = (runtime.clone(), plugin.clone());
    std::thread::spawn(move || {
        let _ = tx.send(assess(&r, &p, "sleep"));
    });
    let outcome = rx.recv_timeout(Duration::from_secs(60)).expect("the sleeping call must end, not block the host");
    match outcome {
        Err(CallError::Trap { plugin: name, message, .. }) => {
            assert!(name.starts_with("hostile@0.1.0"), "{name}");
            assert!(message.contains("cannot sleep or wait") && message.contains("subscribe-duration"), "{message}");
        }
        other => panic!("expected a trap naming the wait, got {other:?}"),
    }
    assert_host_still_serves(&runtime, &plugin);
}

#[test]
fn the_binding_configuration_picks_the_offence_whatever_the_shipment() {
    let runtime = runtime_with(Limits::default());
    let plugin = load(&runtime, "hostile");
    let schema: serde_json::Value = serde_json::from_str(&plugin.metadata.config_schema).expect("schema");
    let offences = schema["properties"]["offence"]["enum"].as_array().expect("offence is an enum");
    assert!(offences.iter().any(|o| o == "sleep") && offences.iter().any(|o| o == "loop"), "{schema}");

    let mut ctx = ctx();
    ctx.config_json = Arc::from(r#"{"offence": "panic"}"#);
    let err = runtime.assess(&plugin, ctx, &shipment("shp_ordinary")).unwrap_err();
    assert!(matches!(err, CallError::Panic { .. }), "{err}");
    let mut ctx = self::ctx();
    ctx.config_json = Arc::from(r#"{"offence": "env"}"#);
    let got = runtime.assess(&plugin, ctx, &shipment("panic")).expect("call").output.expect("assessment");
    assert_eq!(report(&got), "vars=[] args=[]");
}

#[test]
fn an_endless_loop_with_no_other_limit_hits_the_hard_deadline() {
    // With fuel, the soft deadline and memory out of the way, only the hard deadline (and the
    // refusals) can end these calls.
    let hard_deadline = Duration::from_millis(300);
    let runtime = Arc::new(runtime_with(Limits {
        fuel: u64::MAX / 2,
        deadline: Duration::from_secs(3600),
        hard_deadline,
        ..Limits::default()
    }));
    let plugin = Arc::new(load(&runtime, "hostile"));
    let (r, p) = (runtime.clone(), plugin.clone());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(assess(&r, &p, "loop"));
    });
    let err = rx.recv_timeout(Duration::from_secs(60)).expect("the call ends").unwrap_err();
    assert_eq!(err.limit(), Some(Limit::WallClock(hard_deadline)), "{err}");
    assert!(err.to_string().contains("hard deadline of 300 ms"), "{err}");
    assert_host_still_serves(&runtime, &plugin);
}

#[test]
fn no_state_survives_between_calls() {
    let runtime = runtime_with(Limits::default());
    let plugin = load(&runtime, "hostile");
    for _ in 0..3 {
        let got = assess(&runtime, &plugin, "count").expect("count");
        assert_eq!(report(&got), "calls=1");
    }
}

#[test]
fn a_customs_plugin_that_imports_http_is_refused_at_load() {
    let runtime = runtime_with(Limits::default());
    let err = runtime.load(&plugin_bytes("sneaky")).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("customs plugins") && message.contains("crossdock:plugin/http"), "{message}");
}

#[test]
fn a_result_that_breaks_the_contract_names_the_field() {
    let runtime = runtime_with(Limits::default());
    let plugin = load(&runtime, "malformed");
    let err = assess(&runtime, &plugin, "bad-currency").unwrap_err();
    assert!(matches!(err, CallError::MalformedOutput { .. }), "{err}");
    assert!(err.to_string().contains("lines[0].duty.currency: `EURO` is not an ISO 4217"), "{err}");
    let err = assess(&runtime, &plugin, "bad-hs").unwrap_err();
    assert!(err.to_string().contains("lines[0].hs_code: `61O910` is not an HS code"), "{err}");
}

#[test]
fn concurrent_calls_from_many_threads_stay_isolated() {
    let runtime = runtime_with(Limits { fuel: 5_000_000, ..Limits::default() });
    let plugin = load(&runtime, "hostile");
    std::thread::scope(|s| {
        for i in 0..8 {
            let (runtime, plugin) = (&runtime, &plugin);
            s.spawn(move || {
                for _ in 0..10 {
                    if i % 4 == 0 {
                        assert!(assess(runtime, plugin, "loop").is_err());
                    } else {
                        let got = assess(runtime, plugin, "count").expect("count");
                        assert_eq!(report(&got), "calls=1");
                    }
                }
            });
        }
    });
}
