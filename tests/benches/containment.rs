//! Containment under load, measured: the scenario of `tests/containment.rs` with more orders,
//! printing the ordinary merchants' latency from webhook to label with and without hostile
//! traffic beside them, the ratio of the two p99s (the aim: within 2×), and resident memory
//! after each round (the aim: flat from one hostile round to the next).
//!
//! Run with `make bench` (or `cargo bench -p crossdock-tests --bench containment` after
//! `make test-plugins`). Compare only figures from the same run.

#[path = "../e2e/payloads.rs"]
#[allow(dead_code)]
mod payloads;

#[path = "../containment/scenario.rs"]
mod scenario;

use scenario::{Round, Scenario};

/// Orders of each ordinary merchant per round.
const PAIRS: usize = 60;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    runtime.block_on(async {
        let scenario = Scenario::start().await;
        let clean = scenario.round(Round::Clean, PAIRS).await;
        let hostile = scenario.round(Round::Hostile, PAIRS).await;
        let again = scenario.round(Round::Hostile, PAIRS).await;
        scenario.report(&[&clean, &hostile, &again]);
        scenario.assert_contained(&[&clean, &hostile, &again]).await;
        scenario.assert_memory_flat(&hostile, &again);
        scenario.stop().await;
    });
}
