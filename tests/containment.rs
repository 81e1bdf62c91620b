//! Containment under load: hostile plugins mixed into the ordinary traffic of two merchants.
//!
//! One node, as `crossdock serve` builds it, on SQLite, with background workers. Two ordinary
//! merchants (`acme`, `bolt`) sell to Berlin through customs-eu and the table-rate carrier. Beside
//! them, hostile merchants each bind the test plugin `hostile` as their customs plugin with one
//! offence (spin, hoard memory, recurse, panic, answer 4 MiB, sleep on a WASI clock), one binds a
//! carrier that tries to reach an internal service on loopback (SSRF), and one a carrier whose API
//! never answers in time. The test sends a clean round of ordinary orders, then the same number
//! again with every hostile order interleaved, and checks what must hold:
//!
//! - every ordinary order is labelled exactly once, in both rounds, and nothing is lost or dead;
//! - every hostile call was stopped, by a limit, within the call's hard deadline;
//! - the internal service was never reached and nothing it holds appears in any record;
//! - the node's resident memory does not grow from one hostile round to the next.
//!
//! It prints the ordinary merchants' p50/p99 from webhook to label in both rounds, and their
//! ratio, and the resident memory: timing figures are reported, not asserted, because this
//! machine is shared. `cargo bench --bench containment` is the same scenario, larger.

#[path = "e2e/payloads.rs"]
#[allow(dead_code)]
mod payloads;

#[path = "containment/scenario.rs"]
mod scenario;

use scenario::{Round, Scenario};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_plugins_and_carriers_do_not_hurt_other_merchants() {
    let scenario = Scenario::start().await;
    let clean = scenario.round(Round::Clean, 10).await;
    let hostile = scenario.round(Round::Hostile, 10).await;
    let again = scenario.round(Round::Hostile, 10).await;
    scenario.report(&[&clean, &hostile, &again]);
    scenario.assert_contained(&[&clean, &hostile, &again]).await;
    scenario.assert_memory_flat(&hostile, &again);
    scenario.stop().await;
}
