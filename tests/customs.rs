//! Every first-party customs plugin, run through the runtime (the sandbox, not natively) on
//! real-shaped shipments: worked examples, documents and findings per country.

use std::sync::Arc;

use crossdock::runtime::CallContext;
use crossdock::runtime::fx::{FxEntry, FxTable};
use crossdock_tests::{loaded, shared_runtime};
use crossdock_types::{Assessment, CurrencyCode, Shipment, Timestamp};

/// An ISO 4217 code (tests only).
fn currency(code: &str) -> CurrencyCode {
    code.parse().expect("currency")
}

/// A call at 2026-11-25T12:00:00Z with this configuration and these FX rates
/// (`(from, to, micros, date)`).
fn ctx(config: &str, fx: &[(&str, &str, u64, &str)]) -> CallContext {
    let mut ctx = CallContext::new("2026-11-25T12:00:00Z".parse::<Timestamp>().expect("time"));
    ctx.config_json = Arc::from(config);
    let mut table = FxTable::default();
    for (from, to, micros, date) in fx {
        table.insert(currency(from), currency(to), FxEntry { micros: *micros, date: (*date).to_owned() });
    }
    ctx.fx = Arc::new(table);
    ctx
}

/// `plugin`'s assessment of `shipment`, through the sandbox; panics on a plugin error.
fn assess_with(plugin: &str, ctx: CallContext, shipment: &Shipment) -> Assessment {
    let call = shared_runtime().assess(&loaded(plugin), ctx, shipment).expect("the call completes");
    call.output.expect("an assessment, not a plugin error")
}

/// The codes of an assessment's findings, in order.
fn codes(a: &Assessment) -> Vec<&str> {
    a.findings.iter().map(|f| f.code.as_str()).collect()
}

#[path = "customs/au.rs"]
mod au;
#[path = "customs/ca.rs"]
mod ca;
#[path = "customs/ch.rs"]
mod ch;
#[path = "customs/gb.rs"]
mod gb;
#[path = "customs/jp.rs"]
mod jp;
#[path = "customs/no.rs"]
mod no;
#[path = "customs/nz.rs"]
mod nz;
#[path = "customs/sg.rs"]
mod sg;
#[path = "customs/us.rs"]
mod us;
