//! The durable inbox of verified webhooks, and the lease protocol workers use to process it.
//!
//! **Ingest.** [`Store::enqueue`] returns `Ok` only once the event is committed; a redelivery
//! with the same `(connection_id, delivery_id)` is stored once and answered
//! `duplicate: true` with the first copy's id. Inserts are group-committed by one writer task
//! (see `writer.rs` for how and why), so concurrent requests share a disk flush.
//!
//! **Processing.** A worker [`claim`](Store::claim)s the oldest due event — a pending event
//! whose next attempt is due, or a processing one whose lease has expired (its worker crashed
//! or hung) — preferring merchants that have no event in a worker's hands, so that no merchant
//! can hold every worker while another waits. Claiming sets a lease, names the worker and counts an attempt, so an event that
//! keeps crashing its worker still runs out of attempts. The worker then finishes the claim
//! with exactly one of [`complete`](Store::complete), [`retry_later`](Store::retry_later)
//! (exponential backoff and jitter are the worker's choice of `next_attempt_at_ms`) or
//! [`dead_letter`](Store::dead_letter); each checks that the worker still holds the lease and
//! otherwise fails with [`StoreError::LeaseLost`] (settling is fenced on the lease holder).
//! While it works, the worker [renews](Store::renew_lease) its lease, so a lease only lapses
//! when its worker died or stalled. A worker should dead-letter an event it
//! claims with `attempts` above its limit without processing it again.
//!
//! Claims are safe with many workers: on PostgreSQL the candidate row is picked with
//! `FOR UPDATE SKIP LOCKED` inside the claiming `UPDATE`, so workers on any number of nodes
//! never take the same event and never wait on each other; on SQLite the claim is one `UPDATE`
//! statement, which takes the database's single write lock before it reads, so it runs as if
//! under `BEGIN IMMEDIATE` and two claims are strictly one after the other.
//!
//! Processing must be idempotent, since a lease can expire while its worker is still running:
//! the pipeline's effects are keyed (see `mod.rs`) so a second run finds its rows in place.

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::Ordering;
use std::time::Duration;

use sqlx::any::AnyRow;
use tokio::sync::oneshot;

use crate::domain::Platform;

use super::page::{Filter, Page};
use super::sql::{clip_error, get, get_parsed, get_unsigned, lease_ms};
use super::writer::Request;
use super::{Backend, Store, StoreError};

/// A verified webhook, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// The storefront connection it arrived on.
    pub connection_id: String,
    /// The merchant owning that connection.
    pub merchant_id: String,
    pub platform: Platform,
    /// The platform's delivery id (`X-Shopify-Webhook-Id`, `webhook-id`, …): the dedupe key,
    /// together with `connection_id`.
    pub delivery_id: String,
    /// `orders/create`, `refunds/create`, …
    pub topic: String,
    /// The raw body, exactly as signed.
    pub body: Vec<u8>,
    /// When it was received; also when it first becomes claimable.
    pub received_at_ms: i64,
}

/// What [`Store::enqueue`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enqueued {
    /// The inbox id: the new row's, or the stored copy's for a duplicate.
    pub id: i64,
    /// `true` if this delivery id was already stored (or came earlier in the same batch).
    pub duplicate: bool,
}

/// Where an event is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    /// Waiting for its first or next attempt.
    Pending,
    /// Leased by a worker.
    Processing,
    /// Processed.
    Done,
    /// Given up on; keeps its last error until replayed.
    Dead,
}

impl EventStatus {
    /// The text stored in `inbox.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Pending => "pending",
            EventStatus::Processing => "processing",
            EventStatus::Done => "done",
            EventStatus::Dead => "dead",
        }
    }
}

impl fmt::Display for EventStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "pending" => Ok(EventStatus::Pending),
            "processing" => Ok(EventStatus::Processing),
            "done" => Ok(EventStatus::Done),
            "dead" => Ok(EventStatus::Dead),
            other => Err(format!("`{other}` is not an inbox status")),
        }
    }
}

/// A stored event, as a worker or the admin API sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxEvent {
    pub id: i64,
    pub connection_id: String,
    pub merchant_id: String,
    pub platform: Platform,
    pub delivery_id: String,
    pub topic: String,
    pub body: Vec<u8>,
    pub received_at_ms: i64,
    pub status: EventStatus,
    /// Claims so far, this one included.
    pub attempts: u32,
    /// While pending: when the next attempt is due. While processing: when the lease ends.
    pub available_at_ms: i64,
    /// The worker holding the lease, while processing.
    pub locked_by: Option<String>,
    /// The error of the last failed attempt.
    pub last_error: Option<String>,
}

/// How many events are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InboxCounts {
    pub pending: u64,
    pub processing: u64,
    pub done: u64,
    pub dead: u64,
}

/// What the ingest writer has done since the store was opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestStats {
    /// Transactions committed.
    pub batches: u64,
    /// Events in them, duplicates included.
    pub events: u64,
    /// Batches that failed (their requests were then retried one by one).
    pub failed_batches: u64,
}

const EVENT_COLUMNS: &str = "id, connection_id, merchant_id, platform, delivery_id, topic, body, received_at_ms, \
                             status, attempts, available_at_ms, locked_by, last_error";

fn event_from(row: &AnyRow) -> Result<InboxEvent, StoreError> {
    Ok(InboxEvent {
        id: get(row, "id")?,
        connection_id: get(row, "connection_id")?,
        merchant_id: get(row, "merchant_id")?,
        platform: get_parsed(row, "platform")?,
        delivery_id: get(row, "delivery_id")?,
        topic: get(row, "topic")?,
        body: get(row, "body")?,
        received_at_ms: get(row, "received_at_ms")?,
        status: get_parsed(row, "status")?,
        attempts: get_unsigned(row, "attempts")?,
        available_at_ms: get(row, "available_at_ms")?,
        locked_by: get(row, "locked_by")?,
        last_error: get(row, "last_error")?,
    })
}

impl Store {
    /// Stores one verified webhook durably. `Ok` means committed (or already stored: see
    /// [`Enqueued::duplicate`]); any error means the webhook must not be acknowledged.
    pub async fn enqueue(&self, event: NewEvent) -> Result<Enqueued, StoreError> {
        let mut answers = self.enqueue_many(vec![event]).await?;
        answers.pop().ok_or(StoreError::IngestStopped)
    }

    /// Stores several events in the same group commit; answers in the same order.
    pub async fn enqueue_many(&self, events: Vec<NewEvent>) -> Result<Vec<Enqueued>, StoreError> {
        for event in &events {
            for (field, value) in [
                ("connection_id", &event.connection_id),
                ("merchant_id", &event.merchant_id),
                ("delivery_id", &event.delivery_id),
                ("topic", &event.topic),
            ] {
                if value.trim().is_empty() {
                    return Err(StoreError::Invalid(format!("an inbox event needs a non-empty {field}")));
                }
            }
        }
        let (reply, answer) = oneshot::channel();
        self.inner.ingest.send(Request { events, reply }).await.map_err(|_| StoreError::IngestStopped)?;
        // A dropped oneshot means the writer went away without answering: not stored as far as
        // we know, so never `Ok`.
        answer.await.map_err(|_| StoreError::IngestStopped)?
    }

    /// What the ingest writer has done so far (batches committed, events in them).
    pub fn ingest_stats(&self) -> IngestStats {
        let stats = &self.inner.stats;
        IngestStats {
            batches: stats.batches.load(Ordering::Relaxed),
            events: stats.events.load(Ordering::Relaxed),
            failed_batches: stats.failed_batches.load(Ordering::Relaxed),
        }
    }

    /// Leases a due event to `worker_id` until `now_ms + lease`, counting an attempt: the oldest
    /// due event of a merchant that has none in a worker's hands, or, when every merchant with
    /// due events has one in hand, the oldest due event. `None` when nothing is due.
    ///
    /// The first rule is what keeps one merchant from starving the others: a merchant whose
    /// events are slow (a hostile plugin that runs to its deadline on every call, a carrier that
    /// never answers) or numerous (a flood of orders) holds at most one worker while any other
    /// merchant has work waiting, and all of them when no one else has. It costs one more
    /// query, over the few events in hand, and the scan for a candidate skips the due events of
    /// busy merchants along the `inbox_due` index.
    pub async fn claim(&self, worker_id: &str, lease: Duration, now_ms: i64) -> Result<Option<InboxEvent>, StoreError> {
        let busy: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT merchant_id FROM inbox WHERE status = 'processing' AND available_at_ms > $1",
        )
        .bind(now_ms)
        .fetch_all(self.write_pool())
        .await
        .map_err(StoreError::db("reading which merchants have events in hand"))?;
        if !busy.is_empty()
            && let Some(event) = self.claim_where(worker_id, lease, now_ms, &busy).await?
        {
            return Ok(Some(event));
        }
        self.claim_where(worker_id, lease, now_ms, &[]).await
    }

    /// Claims the oldest due event of a merchant not in `except`.
    async fn claim_where(
        &self,
        worker_id: &str,
        lease: Duration,
        now_ms: i64,
        except: &[String],
    ) -> Result<Option<InboxEvent>, StoreError> {
        let lease_until = now_ms.saturating_add(lease_ms(lease)?);
        let lock = match self.backend() {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let others = if except.is_empty() {
            String::new()
        } else {
            let params: Vec<String> = (0..except.len()).map(|i| format!("${}", i + 4)).collect();
            format!(" AND merchant_id NOT IN ({})", params.join(", "))
        };
        let sql = format!(
            "UPDATE inbox SET status = 'processing', attempts = attempts + 1, locked_by = $1, available_at_ms = $2 \
             WHERE id = (SELECT id FROM inbox WHERE status IN ('pending', 'processing') AND available_at_ms <= $3{others} \
             ORDER BY available_at_ms, id LIMIT 1{lock}) RETURNING {EVENT_COLUMNS}"
        );
        let mut query = sqlx::query(&sql).bind(worker_id).bind(lease_until).bind(now_ms);
        for merchant in except {
            query = query.bind(merchant);
        }
        let row = query.fetch_optional(self.write_pool()).await.map_err(StoreError::db("claiming an inbox event"))?;
        row.as_ref().map(event_from).transpose()
    }

    /// Extends `worker_id`'s lease on an event it is still processing to `now_ms + lease`;
    /// `false` when the lease is no longer its own (it expired and another worker claimed the
    /// event, or the event was settled). Workers call this while they work (see `worker.rs`),
    /// so a slow carrier cannot let the lease lapse and the event be processed twice at once.
    pub async fn renew_lease(
        &self,
        id: i64,
        worker_id: &str,
        lease: Duration,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let until = now_ms.saturating_add(lease_ms(lease)?);
        let done = sqlx::query(
            "UPDATE inbox SET available_at_ms = $3 WHERE id = $1 AND status = 'processing' AND locked_by = $2",
        )
        .bind(id)
        .bind(worker_id)
        .bind(until)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("renewing an inbox lease"))?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks a claimed event processed.
    pub async fn complete(&self, id: i64, worker_id: &str) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE inbox SET status = 'done', locked_by = NULL \
             WHERE id = $1 AND status = 'processing' AND locked_by = $2",
        )
        .bind(id)
        .bind(worker_id)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("completing an inbox event"))?;
        self.check_lease(done.rows_affected(), id, worker_id).await
    }

    /// Returns a claimed event to the queue after a failed attempt, due again at
    /// `next_attempt_at_ms`; keeps `error` as its last error.
    pub async fn retry_later(
        &self,
        id: i64,
        worker_id: &str,
        error: &str,
        next_attempt_at_ms: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE inbox SET status = 'pending', locked_by = NULL, last_error = $3, available_at_ms = $4 \
             WHERE id = $1 AND status = 'processing' AND locked_by = $2",
        )
        .bind(id)
        .bind(worker_id)
        .bind(clip_error(error))
        .bind(next_attempt_at_ms)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("scheduling an inbox event for retry"))?;
        self.check_lease(done.rows_affected(), id, worker_id).await
    }

    /// Gives up on a claimed event, keeping `error` as its last error, until [`replay`](Self::replay).
    pub async fn dead_letter(&self, id: i64, worker_id: &str, error: &str) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE inbox SET status = 'dead', locked_by = NULL, last_error = $3 \
             WHERE id = $1 AND status = 'processing' AND locked_by = $2",
        )
        .bind(id)
        .bind(worker_id)
        .bind(clip_error(error))
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("dead-lettering an inbox event"))?;
        self.check_lease(done.rows_affected(), id, worker_id).await
    }

    /// Turns a dead-lettered event back into a pending one with no attempts, due at `now_ms`.
    /// Its last error stays visible until the next attempt replaces it.
    pub async fn replay(&self, id: i64, now_ms: i64) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE inbox SET status = 'pending', attempts = 0, locked_by = NULL, available_at_ms = $2 \
             WHERE id = $1 AND status = 'dead'",
        )
        .bind(id)
        .bind(now_ms)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("replaying an inbox event"))?;
        if done.rows_affected() == 1 {
            return Ok(());
        }
        match self.event(id).await? {
            None => Err(StoreError::NotFound { what: "inbox event", key: id.to_string() }),
            Some(event) => Err(StoreError::Conflict(format!(
                "inbox event {id} is {}, not dead-lettered; only dead-lettered events can be replayed",
                event.status
            ))),
        }
    }

    /// One event by id.
    pub async fn event(&self, id: i64) -> Result<Option<InboxEvent>, StoreError> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM inbox WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.read_pool())
            .await
            .map_err(StoreError::db("reading an inbox event"))?;
        row.as_ref().map(event_from).transpose()
    }

    /// How many events are in each status.
    pub async fn inbox_counts(&self) -> Result<InboxCounts, StoreError> {
        let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM inbox GROUP BY status")
            .fetch_all(self.read_pool())
            .await
            .map_err(StoreError::db("counting inbox events"))?;
        let mut counts = InboxCounts::default();
        for row in &rows {
            let n: u64 = get_unsigned(row, "n")?;
            match get_parsed::<EventStatus>(row, "status")? {
                EventStatus::Pending => counts.pending = n,
                EventStatus::Processing => counts.processing = n,
                EventStatus::Done => counts.done = n,
                EventStatus::Dead => counts.dead = n,
            }
        }
        Ok(counts)
    }

    /// A merchant's dead-lettered events, newest first, at most `limit`.
    pub async fn dead_letters(&self, merchant_id: &str, limit: u32) -> Result<Vec<InboxEvent>, StoreError> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM inbox WHERE merchant_id = $1 AND status = 'dead' ORDER BY id DESC LIMIT $2"
        );
        let rows = sqlx::query(&sql)
            .bind(merchant_id)
            .bind(i64::from(limit))
            .fetch_all(self.read_pool())
            .await
            .map_err(StoreError::db("listing dead-lettered events"))?;
        rows.iter().map(event_from).collect()
    }

    /// A page of inbox events, newest first, optionally of one status and topic.
    pub async fn events_page(
        &self,
        merchant_id: &str,
        status: Option<&str>,
        topic: Option<&str>,
        page: &Page,
    ) -> Result<Vec<InboxEvent>, StoreError> {
        let mut f = Filter::new(merchant_id);
        f.eq("status", status).eq("topic", topic).before_id(page)?;
        let select = format!("SELECT {EVENT_COLUMNS} FROM inbox");
        f.fetch(self, &select, "id DESC", page).await?.iter().map(event_from).collect()
    }

    /// Turns "no row updated" into the reason: no such event, or the lease is someone else's.
    async fn check_lease(&self, updated: u64, id: i64, worker_id: &str) -> Result<(), StoreError> {
        if updated == 1 {
            return Ok(());
        }
        // Read through the write pool: on SQLite that is the connection that just wrote.
        let sql = format!("SELECT {EVENT_COLUMNS} FROM inbox WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.write_pool())
            .await
            .map_err(StoreError::db("reading an inbox event"))?;
        match row.as_ref().map(event_from).transpose()? {
            None => Err(StoreError::NotFound { what: "inbox event", key: id.to_string() }),
            Some(event) => Err(StoreError::LeaseLost {
                what: "inbox event",
                id,
                worker: worker_id.to_owned(),
                status: event.status.to_string(),
                holder: event.locked_by.map_or_else(|| "nobody".to_owned(), |w| format!("`{w}`")),
            }),
        }
    }
}
