//! Delivering the merchant's outbound events: Standard Webhooks-signed POSTs with retries.
//!
//! The pipeline queues an event per stage (`order.accepted`, `customs.cleared`,
//! `shipment.held`, `label.created`, …) for every enabled endpoint of the merchant, once per
//! idempotency key. The dispatcher claims due deliveries with a lease, signs each one the
//! Standard Webhooks way (`webhook-id` = [`message_id`] of the idempotency key, the same on
//! every retry so a receiver dedupes them;
//! `webhook-timestamp` = now; `webhook-signature` = `v1,` HMAC-SHA256 over
//! `id.timestamp.body` with the endpoint's `whsec_` key), POSTs it with a timeout, and records
//! the outcome: 2xx delivered; 410 Gone failed for good (the spec's "stop sending"); anything
//! else retried with backoff until `max_attempts`, then failed with the last error.
//! A delivery whose endpoint's signing key cannot be opened (crossdock started without the
//! secret key it was sealed with) fails at once with that key problem as its error, and the
//! dispatcher goes on with the next: it could never be signed, however often it were claimed.
//!
//! **Fairness.** [`run`] keeps up to [`DispatchConfig::max_in_flight`] deliveries in flight at
//! once, each on its own blocking thread, and the store never leases a second delivery of an
//! endpoint that has one in flight (`store/outbound.rs`). So an endpoint that answers slowly or
//! never holds one slot until its timeout, and every other endpoint's oldest due delivery is
//! sent meanwhile: one merchant's slow receiver delays only its own events. An endpoint's
//! deliveries go out one at a time, oldest first; one waiting for a retry lets later ones pass.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::clock::Clock;
use crate::ingest::standard::{self, SigningSecret};
use crate::metrics::{Delivery, Metrics};
use crate::pipeline::process::Pipeline;
use crate::store::{OutboundDelivery, OutboundResult, Store, StoreError};
use crate::worker::{WorkerConfig, backoff};

/// How deliveries are sent.
#[derive(Debug, Clone)]
pub struct DispatchConfig {
    pub timeout: Duration,
    pub max_attempts: u32,
    /// Backoff, the idle poll and whom to tell of a recorded attempt (`settled`).
    pub retry: WorkerConfig,
    /// How long a claimed delivery is held; longer than `timeout`, so a delivery still being
    /// sent is never claimed again.
    pub lease: Duration,
    /// Deliveries sent at once by one dispatcher, across endpoints (one per endpoint at most).
    pub max_in_flight: usize,
    /// Where leases, retry times and the `webhook-timestamp` come from.
    pub clock: Clock,
    /// Where each attempt is counted: the node's (`Runtime::metrics`); the default counts
    /// into a registry of its own that nobody reads.
    pub metrics: Arc<Metrics>,
}

impl Default for DispatchConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(15),
            max_attempts: 10,
            retry: WorkerConfig::default(),
            lease: Duration::from_secs(60),
            max_in_flight: 16,
            clock: Clock::system(),
            metrics: Arc::default(),
        }
    }
}

impl DispatchConfig {
    /// The defaults, on the node's clock and counting into the node's metrics.
    pub fn for_node(pipeline: &Pipeline) -> Self {
        Self { clock: pipeline.clock.clone(), metrics: pipeline.runtime.metrics().clone(), ..Self::default() }
    }
}

/// Sends one due delivery, if any; `Ok(false)` when none was due.
pub async fn dispatch_once(store: &Store, config: &DispatchConfig, worker_id: &str) -> Result<bool, StoreError> {
    let Some(delivery) = store.claim_outbound(worker_id, config.lease, config.clock.now_ms()).await? else {
        return Ok(false);
    };
    deliver(store, config, worker_id, delivery).await?;
    Ok(true)
}

/// Sends a claimed delivery and records how it went.
async fn deliver(
    store: &Store,
    config: &DispatchConfig,
    worker_id: &str,
    delivery: OutboundDelivery,
) -> Result<(), StoreError> {
    let timeout = config.timeout;
    let sent = {
        let (delivery, timestamp) = (delivery.clone(), config.clock.now_ms().div_euclid(1000));
        tokio::task::spawn_blocking(move || send(&delivery, timeout, timestamp)).await
    };
    let result = match sent {
        Ok(Ok(status)) if (200..300).contains(&status) => OutboundResult::Delivered { status_code: status },
        Ok(Ok(410)) => {
            OutboundResult::Failed { status_code: Some(410), error: "the endpoint answered 410 Gone".into() }
        }
        Ok(Ok(status)) => retry_or_fail(config, &delivery, Some(status), format!("the endpoint answered {status}")),
        Ok(Err(error)) => retry_or_fail(config, &delivery, None, error),
        Err(join) => retry_or_fail(config, &delivery, None, format!("the sender task failed: {join}")),
    };
    store.mark_outbound(delivery.id, worker_id, &result).await?;
    config.metrics.delivery(match result {
        OutboundResult::Delivered { .. } => Delivery::Delivered,
        OutboundResult::Retry { .. } => Delivery::Retry,
        OutboundResult::Failed { .. } => Delivery::Failed,
    });
    Ok(())
}

fn retry_or_fail(
    config: &DispatchConfig,
    d: &OutboundDelivery,
    status_code: Option<u16>,
    error: String,
) -> OutboundResult {
    if d.attempts >= config.max_attempts {
        return OutboundResult::Failed { status_code, error };
    }
    let delay = backoff(&config.retry, d.attempts, d.id as u64);
    OutboundResult::Retry { next_attempt_at_ms: config.clock.now_ms() + delay.as_millis() as i64, status_code, error }
}

/// The `webhook-id` of a delivery: `msg_` and the first 32 hex digits of the SHA-256 of its
/// idempotency key. Stable across retries; free of the `.` the spec forbids in ids (keys such
/// as `label.created:acme:1001` contain one).
pub fn message_id(idempotency_key: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("msg_{}", &hex::encode(Sha256::digest(idempotency_key.as_bytes()))[..32])
}

/// Signs and POSTs one delivery; the HTTP status, or why there was none.
fn send(d: &OutboundDelivery, timeout: Duration, timestamp: i64) -> Result<u16, String> {
    let secret: SigningSecret = d.secret.parse().map_err(|e: crate::ingest::IngestError| e.to_string())?;
    let body = d.payload_json.as_bytes();
    let id = message_id(&d.idempotency_key);
    let signature = standard::sign(&secret, &id, timestamp, body);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .build()
        .into();
    agent
        .post(&d.url)
        .header("content-type", "application/json")
        .header(standard::ID, &id)
        .header(standard::TIMESTAMP, timestamp.to_string())
        .header(standard::SIGNATURE, &signature)
        .send(body)
        .map(|r| r.status().as_u16())
        .map_err(|e| e.to_string())
}

/// Dispatches until `stop` turns true: claims due deliveries while fewer than
/// `max_in_flight` are being sent, and sends each on its own task (see the module docs).
pub async fn run(store: Store, config: DispatchConfig, worker_id: String, mut stop: watch::Receiver<bool>) {
    let config = Arc::new(config);
    let limit = config.max_in_flight.max(1);
    let mut in_flight: JoinSet<()> = JoinSet::new();
    while !*stop.borrow() {
        let mut claimed_all = false;
        while in_flight.len() < limit {
            match store.claim_outbound(&worker_id, config.lease, config.clock.now_ms()).await {
                Ok(Some(delivery)) => {
                    let (store, config, worker_id) = (store.clone(), config.clone(), worker_id.clone());
                    in_flight.spawn(async move {
                        let id = delivery.id;
                        match deliver(&store, &config, &worker_id, delivery).await {
                            Ok(()) => {
                                if let Some(settled) = &config.retry.settled {
                                    settled.notify_one();
                                }
                            }
                            Err(e) => tracing::error!(error = %e, delivery = id, "cannot record an outbound attempt"),
                        }
                    });
                }
                Ok(None) => {
                    claimed_all = true;
                    break;
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot claim outbound deliveries");
                    claimed_all = true;
                    break;
                }
            }
        }
        // Full: wait for a slot. Nothing due: wait for a slot or the next poll.
        tokio::select! {
            Some(_) = in_flight.join_next(), if !in_flight.is_empty() => {}
            _ = tokio::time::sleep(config.retry.idle_poll), if claimed_all || in_flight.is_empty() => {}
            _ = stop.changed() => {}
        }
    }
    // Let what is being sent finish and be recorded (each is bounded by `timeout`).
    while in_flight.join_next().await.is_some() {}
}
