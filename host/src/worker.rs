//! Workers: claim inbox events, process them, and settle each one — done, retried later, or
//! dead-lettered.
//!
//! A claim is a lease, renewed every third of its length while the event is processed (so a
//! slow carrier cannot let it lapse and hand the event to a second worker mid-purchase): if
//! this process dies mid-event (even `kill -9`) or stalls, the lease expires and another
//! worker, here or on another node, claims the event again. Processing is idempotent
//! (see `pipeline::process`), so the second attempt finishes the first one's work without
//! doubling it. Failures are retried with exponential backoff and jitter; after
//! `max_attempts`, or at once for a payload that can never be processed, the event is
//! dead-lettered with its last error, to be replayed by an operator.
//!
//! Beside the workers, one task retries the voids of cancelled orders' labels that a carrier
//! refused (see `pipeline::voids`), every [`VOID_RETRY_EVERY`].
//!
//! Each worker counts itself in `crossdock_workers_running` while it runs (what `/readyz` checks),
//! and each event's time in the inbox (by the node's clock: it spans processes), its processing
//! time and how it was settled go to the node's metrics.
//!
//! Leases and retries are timed by the pipeline's clock (`Pipeline::clock`), so a test can
//! let a lease run out or a retry fall due by advancing a manual clock.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};

use crate::metrics::{Settled, Stage};
use crate::pipeline::process::{Outcome, Pipeline};
use crate::pipeline::voids::with_heartbeat;
use crate::store::InboxEvent;

/// How often due void retries are looked for.
pub const VOID_RETRY_EVERY: Duration = Duration::from_secs(15);

/// How workers claim and retry.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// How many events this node processes at once.
    pub concurrency: usize,
    /// How long a claim holds before another worker may take the event.
    pub lease: Duration,
    /// Attempts before an event is dead-lettered.
    pub max_attempts: u32,
    /// The first retry delay; each further attempt doubles it, up to `max_backoff`.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// How long an idle worker waits before looking for work again.
    pub idle_poll: Duration,
    /// Told (`notify_one`) each time [`run`] or the outbound dispatcher has settled an event or
    /// a delivery in the store, so that one waiter (a test, say) can wait for the inbox or the
    /// outbox to reach a state instead of polling it.
    pub settled: Option<Arc<Notify>>,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            concurrency: 2,
            lease: Duration::from_secs(60),
            max_attempts: 8,
            base_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(600),
            idle_poll: Duration::from_millis(100),
            settled: None,
        }
    }
}

/// The delay before attempt `attempts + 1`: `base × 2^(attempts-1)`, capped, with ±25 % jitter
/// drawn from `seed` so that events failing together do not retry together.
pub fn backoff(config: &WorkerConfig, attempts: u32, seed: u64) -> Duration {
    let exp = attempts.saturating_sub(1).min(20);
    let raw = config.base_backoff.saturating_mul(1 << exp).min(config.max_backoff);
    // SplitMix64 of the seed: cheap, deterministic per (event, attempt).
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    let jitter = (z % 501) as f64 / 1000.0 + 0.75; // 0.75 ..= 1.25
    raw.mul_f64(jitter)
}

/// Runs `config.concurrency` workers until `stop` turns true; returns when they have finished
/// the events in hand.
pub async fn run(pipeline: Arc<Pipeline>, config: WorkerConfig, node: String, stop: watch::Receiver<bool>) {
    let mut handles = Vec::new();
    for n in 0..config.concurrency.max(1) {
        let (pipeline, config, mut stop) = (pipeline.clone(), config.clone(), stop.clone());
        let worker_id = format!("{node}/{n}");
        handles.push(tokio::spawn(async move {
            let _running = pipeline.metrics().worker_running();
            while !*stop.borrow() {
                match work_once(&pipeline, &config, &worker_id).await {
                    Ok(true) => {
                        if let Some(settled) = &config.settled {
                            settled.notify_one();
                        }
                        continue;
                    }
                    Ok(false) => {}
                    Err(e) => tracing::error!(worker = %worker_id, error = %e, "cannot claim work"),
                }
                tokio::select! {
                    _ = tokio::time::sleep(config.idle_poll) => {}
                    _ = stop.changed() => {}
                }
            }
        }));
    }
    {
        let (pipeline, mut stop) = (pipeline.clone(), stop.clone());
        handles.push(tokio::spawn(async move {
            while !*stop.borrow() {
                match pipeline.retry_voids(pipeline.clock.now_ms()).await {
                    Ok(0) => {}
                    Ok(voided) => tracing::info!(voided, "labels of cancelled orders voided on retry"),
                    Err(e) => tracing::warn!(error = %e, "retrying voids failed"),
                }
                tokio::select! {
                    _ = tokio::time::sleep(VOID_RETRY_EVERY) => {}
                    _ = stop.changed() => {}
                }
            }
        }));
    }
    for handle in handles {
        let _ = handle.await;
    }
}

/// Claims and settles one event; `Ok(false)` when there was none.
pub async fn work_once(
    pipeline: &Pipeline,
    config: &WorkerConfig,
    worker_id: &str,
) -> Result<bool, crate::store::StoreError> {
    let Some(event) = pipeline.store.claim(worker_id, config.lease, pipeline.clock.now_ms()).await? else {
        return Ok(false);
    };
    settle(pipeline, config, worker_id, &event).await?;
    Ok(true)
}

async fn settle(
    pipeline: &Pipeline,
    config: &WorkerConfig,
    worker_id: &str,
    event: &InboxEvent,
) -> Result<(), crate::store::StoreError> {
    let store = &pipeline.store;
    let waited = pipeline.clock.now_ms().saturating_sub(event.received_at_ms).max(0);
    pipeline.metrics().stage(Stage::Queue, Duration::from_millis(waited as u64));
    let timer = pipeline.metrics().time(Stage::Event);
    let processed = with_heartbeat(
        &pipeline.clock,
        config.lease / 3,
        || store.renew_lease(event.id, worker_id, config.lease, pipeline.clock.now_ms()),
        pipeline.process(event),
    )
    .await;
    drop(timer);
    // Each outcome is logged once the store has it, so that whoever reads the log (the crash
    // test, an operator) finds the inbox already in the state the line reports.
    match processed {
        Ok(outcome) => {
            store.complete(event.id, worker_id).await?;
            pipeline.metrics().settled(Settled::Done);
            match &outcome {
                Outcome::Order(shipments) => {
                    tracing::info!(event = event.id, topic = %event.topic, ?shipments, "order processed")
                }
                other => tracing::info!(event = event.id, topic = %event.topic, outcome = ?other, "event processed"),
            }
        }
        Err(e) if e.is_permanent() || event.attempts >= config.max_attempts => {
            store.dead_letter(event.id, worker_id, &e.to_string()).await?;
            pipeline.metrics().settled(Settled::Dead);
            tracing::warn!(event = event.id, attempts = event.attempts, error = %e, "event dead-lettered");
        }
        Err(e) => {
            let delay = backoff(config, event.attempts, event.id as u64 ^ u64::from(event.attempts) << 32);
            store
                .retry_later(event.id, worker_id, &e.to_string(), pipeline.clock.now_ms() + delay.as_millis() as i64)
                .await?;
            pipeline.metrics().settled(Settled::Retry);
            tracing::warn!(event = event.id, attempts = event.attempts, retry_in_ms = delay.as_millis() as u64, error = %e, "event failed; will retry");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let config = WorkerConfig::default();
        for attempts in 1..12 {
            let nominal = config.base_backoff.saturating_mul(1 << (attempts - 1)).min(config.max_backoff);
            for seed in 0..50 {
                let d = backoff(&config, attempts, seed);
                assert!(d >= nominal.mul_f64(0.75) && d <= nominal.mul_f64(1.25), "{attempts} {seed}: {d:?}");
            }
        }
        let spread: std::collections::BTreeSet<_> = (0..50).map(|s| backoff(&config, 3, s)).collect();
        assert!(spread.len() > 10, "jitter spreads retries: {spread:?}");
    }
}
