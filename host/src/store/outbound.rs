//! Outbound events: signed POSTs to the merchant's endpoints (email/SMS senders, the
//! storefront), queued by the pipeline and sent later by a dispatcher.
//!
//! [`Store::enqueue_outbound`] writes one row per enabled endpoint of the merchant, keyed by
//! `(endpoint, idempotency key)`, so a pipeline step that runs twice queues each event once.
//! The dispatcher claims deliveries with a lease exactly like inbox events (see `inbox.rs`:
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL, one write statement on SQLite) and reports each
//! attempt with [`Store::mark_outbound`].
//!
//! **One delivery in flight per endpoint.** A claim skips every endpoint that already has a
//! delivery under a live lease, so a slow endpoint holds one dispatcher slot at most and the
//! oldest due delivery of every other endpoint is claimed next: one merchant's slow receiver
//! cannot delay another's events. It also keeps an endpoint's deliveries in queue order while
//! they succeed; a delivery waiting for a retry does not hold back the endpoint's later events.
//! (On PostgreSQL two nodes claiming at the same instant may each take one of the same
//! endpoint's deliveries: the check reads committed rows. One node never does.)

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::AnyRow;

use super::secrets::endpoint_row;
use super::sql::{clip_error, get, get_parsed, get_unsigned, get_unsigned_opt, lease_ms};
use super::{Backend, Store, StoreError};

/// Where a delivery is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboundStatus {
    /// Waiting for its first or next attempt.
    Pending,
    /// Leased by a dispatcher.
    Sending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Given up on.
    Failed,
}

impl OutboundStatus {
    /// The text stored in `outbound.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboundStatus::Pending => "pending",
            OutboundStatus::Sending => "sending",
            OutboundStatus::Delivered => "delivered",
            OutboundStatus::Failed => "failed",
        }
    }
}

impl fmt::Display for OutboundStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OutboundStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "pending" => Ok(OutboundStatus::Pending),
            "sending" => Ok(OutboundStatus::Sending),
            "delivered" => Ok(OutboundStatus::Delivered),
            "failed" => Ok(OutboundStatus::Failed),
            other => Err(format!("`{other}` is not an outbound status")),
        }
    }
}

/// A claimed delivery, with what the dispatcher needs to sign and send it. `Debug` shows
/// `[redacted]` for the signing secret.
#[derive(Clone, PartialEq, Eq)]
pub struct OutboundDelivery {
    pub id: i64,
    pub merchant_id: String,
    pub endpoint_id: i64,
    pub url: String,
    /// The endpoint's signing secret.
    pub secret: String,
    /// `shipment.labelled`, `tracking.delivered`, …
    pub kind: String,
    pub payload_json: String,
    /// Sent as the delivery's id so the receiver can dedupe.
    pub idempotency_key: String,
    /// Claims so far, this one included.
    pub attempts: u32,
    pub created_at_ms: i64,
}

impl fmt::Debug for OutboundDelivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutboundDelivery")
            .field("id", &self.id)
            .field("merchant_id", &self.merchant_id)
            .field("endpoint_id", &self.endpoint_id)
            .field("url", &self.url)
            .field("secret", &"[redacted]")
            .field("kind", &self.kind)
            .field("idempotency_key", &self.idempotency_key)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// How an attempt ended, for [`Store::mark_outbound`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutboundResult {
    /// The endpoint answered 2xx.
    Delivered { status_code: u16 },
    /// Try again at `next_attempt_at_ms`.
    Retry { next_attempt_at_ms: i64, status_code: Option<u16>, error: String },
    /// Give up.
    Failed { status_code: Option<u16>, error: String },
}

/// A delivery as the admin API lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundRow {
    pub id: i64,
    pub endpoint_id: i64,
    pub kind: String,
    pub idempotency_key: String,
    pub status: OutboundStatus,
    pub attempts: u32,
    pub last_status_code: Option<u16>,
    pub last_error: Option<String>,
    pub created_at_ms: i64,
}

impl Store {
    /// Adds an endpoint for the merchant's outbound events, or (same URL) replaces its secret
    /// and enables it again; returns its id.
    pub async fn add_endpoint(&self, merchant_id: &str, url: &str, secret: &str) -> Result<i64, StoreError> {
        match url::Url::parse(url) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {}
            _ => {
                return Err(StoreError::Invalid(format!("endpoint URL `{url}` is not an http:// or https:// URL")));
            }
        }
        if secret.is_empty() {
            return Err(StoreError::Invalid(format!("endpoint `{url}` needs a signing secret")));
        }
        let row = sqlx::query(
            "INSERT INTO endpoints (merchant_id, url, secret, enabled, created_at_ms) VALUES ($1, $2, $3, TRUE, $4) \
             ON CONFLICT (merchant_id, url) DO UPDATE SET secret = excluded.secret, enabled = TRUE RETURNING id",
        )
        .bind(merchant_id)
        .bind(url)
        .bind(self.seal_secret(secret, &endpoint_row(merchant_id, url))?)
        .bind(self.now_ms())
        .fetch_one(self.write_pool())
        .await
        .map_err(StoreError::db("saving an outbound endpoint"))?;
        get(&row, "id")
    }

    /// Queues an event for every enabled endpoint of the merchant, once per
    /// `(endpoint, idempotency_key)`; returns how many deliveries were newly queued.
    pub async fn enqueue_outbound(
        &self,
        merchant_id: &str,
        kind: &str,
        payload_json: &str,
        idempotency_key: &str,
        now_ms: i64,
    ) -> Result<u64, StoreError> {
        if idempotency_key.is_empty() {
            return Err(StoreError::Invalid("an outbound event needs a non-empty idempotency key".into()));
        }
        if let Err(e) = serde_json::from_str::<serde_json::Value>(payload_json) {
            return Err(StoreError::Invalid(format!("the payload of outbound event `{kind}` is not JSON: {e}")));
        }
        // The WHERE clause also keeps SQLite's parser from reading ON CONFLICT as a join.
        let done = sqlx::query(
            "INSERT INTO outbound (merchant_id, endpoint_id, kind, payload_json, idempotency_key, available_at_ms, \
             created_at_ms) SELECT merchant_id, id, $2, $3, $4, $5, $5 FROM endpoints \
             WHERE merchant_id = $1 AND enabled = TRUE ON CONFLICT (endpoint_id, idempotency_key) DO NOTHING",
        )
        .bind(merchant_id)
        .bind(kind)
        .bind(payload_json)
        .bind(idempotency_key)
        .bind(now_ms)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("queueing an outbound event"))?;
        Ok(done.rows_affected())
    }

    /// Leases the oldest due delivery of an endpoint that has none in flight to `worker_id`
    /// until `now_ms + lease`, counting an attempt (see the module docs).
    ///
    /// A delivery whose endpoint's signing key cannot be opened (crossdock started without the
    /// secret key it was written with, or the stored value altered) cannot ever be signed: it is
    /// marked failed with the key problem as its error, and the next due delivery is claimed
    /// instead. Left `sending`, it would be claimed again at every lease expiry, forever.
    pub async fn claim_outbound(
        &self,
        worker_id: &str,
        lease: Duration,
        now_ms: i64,
    ) -> Result<Option<OutboundDelivery>, StoreError> {
        loop {
            let Some((delivery, stored)) = self.lease_outbound(worker_id, lease, now_ms).await? else {
                return Ok(None);
            };
            let what = format!("the signing key of endpoint {}", delivery.url);
            match self.open_secret(&stored, &endpoint_row(&delivery.merchant_id, &delivery.url), &what) {
                Ok(secret) => return Ok(Some(OutboundDelivery { secret, ..delivery })),
                Err(StoreError::Secrets(e)) => {
                    let error = format!("cannot sign the delivery: {e}");
                    tracing::error!(delivery = delivery.id, endpoint = %delivery.url, %error, "outbound delivery failed");
                    self.mark_outbound(delivery.id, worker_id, &OutboundResult::Failed { status_code: None, error })
                        .await?;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Leases one due delivery (see [`Store::claim_outbound`]); the delivery without its
    /// secret, and the endpoint's secret as stored (sealed).
    async fn lease_outbound(
        &self,
        worker_id: &str,
        lease: Duration,
        now_ms: i64,
    ) -> Result<Option<(OutboundDelivery, String)>, StoreError> {
        let lease_until = now_ms.saturating_add(lease_ms(lease)?);
        let lock = match self.backend() {
            Backend::Postgres => " FOR UPDATE OF o SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let op = "claiming an outbound delivery";
        let sql = format!(
            "UPDATE outbound SET status = 'sending', attempts = attempts + 1, locked_by = $1, available_at_ms = $2 \
             WHERE id = (SELECT o.id FROM outbound o WHERE o.status IN ('pending', 'sending') \
             AND o.available_at_ms <= $3 AND NOT EXISTS (SELECT 1 FROM outbound busy \
             WHERE busy.endpoint_id = o.endpoint_id AND busy.status = 'sending' AND busy.available_at_ms > $3) \
             ORDER BY o.available_at_ms, o.id LIMIT 1{lock}) \
             RETURNING id, merchant_id, endpoint_id, kind, payload_json, idempotency_key, attempts, created_at_ms"
        );
        let Some(row) = sqlx::query(&sql)
            .bind(worker_id)
            .bind(lease_until)
            .bind(now_ms)
            .fetch_optional(self.write_pool())
            .await
            .map_err(StoreError::db(op))?
        else {
            return Ok(None);
        };
        let endpoint_id: i64 = get(&row, "endpoint_id")?;
        let endpoint = sqlx::query("SELECT url, secret FROM endpoints WHERE id = $1")
            .bind(endpoint_id)
            .fetch_one(self.write_pool())
            .await
            .map_err(StoreError::db(op))?;
        let delivery = OutboundDelivery {
            id: get(&row, "id")?,
            merchant_id: get(&row, "merchant_id")?,
            endpoint_id,
            url: get(&endpoint, "url")?,
            secret: String::new(),
            kind: get(&row, "kind")?,
            payload_json: get(&row, "payload_json")?,
            idempotency_key: get(&row, "idempotency_key")?,
            attempts: get_unsigned(&row, "attempts")?,
            created_at_ms: get(&row, "created_at_ms")?,
        };
        Ok(Some((delivery, get(&endpoint, "secret")?)))
    }

    /// Records how a claimed delivery's attempt ended. Fails with [`StoreError::LeaseLost`] if
    /// `worker_id` no longer holds it.
    pub async fn mark_outbound(&self, id: i64, worker_id: &str, result: &OutboundResult) -> Result<(), StoreError> {
        let (status, available_at, code, error) = match result {
            OutboundResult::Delivered { status_code } => (OutboundStatus::Delivered, None, Some(*status_code), None),
            OutboundResult::Retry { next_attempt_at_ms, status_code, error } => {
                (OutboundStatus::Pending, Some(*next_attempt_at_ms), *status_code, Some(clip_error(error)))
            }
            OutboundResult::Failed { status_code, error } => {
                (OutboundStatus::Failed, None, *status_code, Some(clip_error(error)))
            }
        };
        let done = sqlx::query(
            "UPDATE outbound SET status = $3, locked_by = NULL, last_status_code = $4, last_error = $5, \
             available_at_ms = COALESCE($6, available_at_ms) WHERE id = $1 AND status = 'sending' AND locked_by = $2",
        )
        .bind(id)
        .bind(worker_id)
        .bind(status.as_str())
        .bind(code.map(i64::from))
        .bind(error)
        .bind(available_at)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("recording an outbound attempt"))?;
        if done.rows_affected() == 1 {
            return Ok(());
        }
        let row = sqlx::query("SELECT status, locked_by FROM outbound WHERE id = $1")
            .bind(id)
            .fetch_optional(self.write_pool())
            .await
            .map_err(StoreError::db("reading an outbound delivery"))?;
        match row {
            None => Err(StoreError::NotFound { what: "outbound delivery", key: id.to_string() }),
            Some(row) => {
                let holder: Option<String> = get(&row, "locked_by")?;
                Err(StoreError::LeaseLost {
                    what: "outbound delivery",
                    id,
                    worker: worker_id.to_owned(),
                    status: get(&row, "status")?,
                    holder: holder.map_or_else(|| "nobody".to_owned(), |w| format!("`{w}`")),
                })
            }
        }
    }

    /// A merchant's deliveries, newest first, at most `limit`.
    pub async fn outbound_for_merchant(&self, merchant_id: &str, limit: u32) -> Result<Vec<OutboundRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, endpoint_id, kind, idempotency_key, status, attempts, last_status_code, last_error, \
             created_at_ms FROM outbound WHERE merchant_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(merchant_id)
        .bind(i64::from(limit))
        .fetch_all(self.read_pool())
        .await
        .map_err(StoreError::db("listing outbound deliveries"))?;
        rows.iter().map(outbound_from).collect()
    }
}

fn outbound_from(row: &AnyRow) -> Result<OutboundRow, StoreError> {
    Ok(OutboundRow {
        id: get(row, "id")?,
        endpoint_id: get(row, "endpoint_id")?,
        kind: get(row, "kind")?,
        idempotency_key: get(row, "idempotency_key")?,
        status: get_parsed(row, "status")?,
        attempts: get_unsigned(row, "attempts")?,
        last_status_code: get_unsigned_opt(row, "last_status_code")?,
        last_error: get(row, "last_error")?,
        created_at_ms: get(row, "created_at_ms")?,
    })
}
