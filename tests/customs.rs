//! Every first-party customs plugin, run through the runtime (the sandbox, not natively) on
//! real-shaped shipments: worked examples, documents and findings per country.

use std::sync::Arc;

use crossdock::runtime::CallContext;
use crossdock::runtime::fx::{FxEntry, FxTable};
use crossdock_tests::{loaded, shared_runtime};
use crossdock_types::{Assessment, CurrencyCode, Severity, Shipment, Timestamp};

/// An ISO 4217 code (tests only).
fn currency(code: &str) -> CurrencyCode {
    code.parse().expect("currency")
}

/// A call at 2026-11-25T12:00:00Z with this configuration and these FX rates
/// (`(from, to, micros, date)`).
fn ctx(config: &str, fx: &[(&str, &str, u64, &str)]) -> CallContext {
    context("2026-11-25", config, fx)
}

/// A call at noon UTC on `date` (YYYY-MM-DD) with this configuration and these FX rates
/// (`(from, to, micros, date)`).
fn context(date: &str, config: &str, fx: &[(&str, &str, u64, &str)]) -> CallContext {
    let mut ctx = CallContext::new(format!("{date}T12:00:00Z").parse::<Timestamp>().expect("time"));
    ctx.config_json = Arc::from(config);
    let mut table = FxTable::default();
    for (from, to, micros, day) in fx {
        table.insert(currency(from), currency(to), FxEntry { micros: *micros, date: (*day).to_owned() });
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

/// `assess_with`, checking that the totals are the sums of the lines.
fn assess_checked(plugin: &str, ctx: CallContext, shipment: &Shipment) -> Assessment {
    let a = assess_with(plugin, ctx, shipment);
    let (duty, tax): (i64, i64) =
        (a.lines.iter().map(|l| l.duty.amount).sum(), a.lines.iter().map(|l| l.tax.amount).sum());
    assert_eq!((a.duty.amount, a.tax.amount), (duty, tax), "totals are the sums of the lines");
    a
}

/// The codes of an assessment's findings of `severity`, in order.
fn codes_of(a: &Assessment, severity: Severity) -> Vec<&str> {
    a.findings.iter().filter(|f| f.severity == severity).map(|f| f.code.as_str()).collect()
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
