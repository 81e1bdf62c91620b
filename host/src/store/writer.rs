//! The ingest writer: one task that group-commits inbox inserts.
//!
//! Why: acknowledging a webhook requires its row to be durable, and a durable commit costs a
//! disk flush (SQLite WAL with `synchronous=FULL`) or a WAL flush and a round trip
//! (PostgreSQL). One transaction per request would cap ingest at the disk's flush rate and make
//! every request wait behind every other for the single SQLite write lock. Instead callers hand
//! their events to this task through an mpsc channel and wait on a oneshot. The task takes
//! everything queued (up to `max_batch` requests) and writes it as one atomic unit:
//! - up to [`ROWS_PER_STATEMENT`] rows (the usual case): ONE multi-row
//!   `INSERT … ON CONFLICT (connection_id, delivery_id) DO NOTHING RETURNING id, …` run in
//!   autocommit — a single statement is atomic and durable when it returns, so this is
//!   `BEGIN; INSERT; COMMIT` in one round trip instead of three;
//! - more rows: one such INSERT per chunk inside one explicit transaction.
//!
//! Rows the INSERT skipped are duplicates of rows committed earlier; their ids are looked up
//! afterwards (rare: redeliveries). Then every caller is answered. While a batch commits, new
//! requests queue in the channel and form the next batch, so the flush is shared by everyone
//! who arrived meanwhile and the batch grows with the load by itself. On SQLite nothing can
//! overlap the flush (it holds the single write lock); a second writer was measured and only
//! made batches smaller, on PostgreSQL it gained nothing either, so there is one.
//!
//! Correctness rules:
//! - A caller is answered `Ok` only after the commit returned; if the task is gone (store
//!   dropped, runtime shutting down, panic) the caller's oneshot is dropped and it gets
//!   [`StoreError::IngestStopped`], never a false `Ok`.
//! - Duplicates within one batch are folded before the insert: the first occurrence is stored,
//!   the others get the same id with `duplicate: true`.
//! - If a batch fails (say one request names an unknown connection and trips a foreign key),
//!   each of its requests is retried on its own, so one bad request does not fail the others.
//!   A failed caller may find its event stored anyway (the failure came after the commit); the
//!   sender's retry is then answered as a duplicate.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{AnyConnection, AnyPool, Row};
use tokio::sync::{mpsc, oneshot};

use super::inbox::{Enqueued, NewEvent};
use super::{Backend, StoreError, begin_write};

/// Most rows in one INSERT statement: at 7 (PostgreSQL) or 8 (SQLite) parameters a row, a
/// statement stays well below SQLite's 32,766 and PostgreSQL's 65,535 parameter limits.
pub(crate) const ROWS_PER_STATEMENT: usize = 256;

/// One caller's events and where to send the answer.
pub(crate) struct Request {
    pub(crate) events: Vec<NewEvent>,
    pub(crate) reply: oneshot::Sender<Result<Vec<Enqueued>, StoreError>>,
}

/// Counters for metrics and tests.
#[derive(Default)]
pub(crate) struct Stats {
    pub(crate) batches: AtomicU64,
    pub(crate) events: AtomicU64,
    pub(crate) failed_batches: AtomicU64,
}

/// Starts the writer task on the current Tokio runtime; it ends when every sender is dropped.
pub(crate) fn spawn(
    pool: AnyPool,
    backend: Backend,
    max_batch: usize,
    queue_depth: usize,
    stats: Arc<Stats>,
) -> mpsc::Sender<Request> {
    let (tx, rx) = mpsc::channel(queue_depth.max(1));
    tokio::spawn(run(pool, backend, rx, max_batch, stats));
    tx
}

async fn run(pool: AnyPool, backend: Backend, mut rx: mpsc::Receiver<Request>, max_batch: usize, stats: Arc<Stats>) {
    let mut batch = Vec::with_capacity(max_batch);
    // `recv_many` waits for at least one request, then takes whatever else is already queued.
    while rx.recv_many(&mut batch, max_batch).await > 0 {
        commit(&pool, backend, std::mem::take(&mut batch), &stats).await;
        batch.reserve(max_batch);
    }
}

/// Writes one batch and answers its callers.
async fn commit(pool: &AnyPool, backend: Backend, requests: Vec<Request>, stats: &Stats) {
    let events: usize = requests.iter().map(|r| r.events.len()).sum();
    match write(pool, backend, &requests).await {
        Ok(results) => {
            stats.batches.fetch_add(1, Ordering::Relaxed);
            stats.events.fetch_add(events as u64, Ordering::Relaxed);
            for (request, result) in requests.into_iter().zip(results) {
                // The caller may have gone away (client disconnected); its event is stored anyway
                // and a redelivery will be answered as a duplicate.
                let _ = request.reply.send(Ok(result));
            }
        }
        Err(error) if requests.len() > 1 => {
            stats.failed_batches.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(%error, requests = requests.len(), "inbox batch failed; retrying its requests one by one");
            for request in requests {
                let one = std::slice::from_ref(&request);
                let result = match write(pool, backend, one).await {
                    Ok(mut results) => {
                        stats.batches.fetch_add(1, Ordering::Relaxed);
                        stats.events.fetch_add(request.events.len() as u64, Ordering::Relaxed);
                        Ok(results.pop().unwrap_or_default())
                    }
                    Err(error) => Err(StoreError::IngestFailed { source: Arc::new(error) }),
                };
                let _ = request.reply.send(result);
            }
        }
        Err(error) => {
            stats.failed_batches.fetch_add(1, Ordering::Relaxed);
            let source = Arc::new(error);
            for request in requests {
                let _ = request.reply.send(Err(StoreError::IngestFailed { source: source.clone() }));
            }
        }
    }
}

/// The multi-row insert for `rows` rows; `received_at_ms` is also the first moment the event
/// may be claimed (`available_at_ms`).
///
/// PostgreSQL gets `$n` placeholders (7 per row, the time used twice). SQLite gets anonymous
/// `?` placeholders (8 per row): sqlx resolves each named SQLite parameter by a lookup that is
/// linear in the parameter count, which is quadratic over a statement of 2,000 parameters.
fn insert_sql(rows: usize, backend: Backend) -> String {
    let mut sql = String::with_capacity(200 + rows * 48);
    sql.push_str(
        "INSERT INTO inbox (connection_id, merchant_id, platform, delivery_id, topic, body, received_at_ms, \
         available_at_ms) VALUES ",
    );
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        match backend {
            Backend::Sqlite => sql.push_str("(?, ?, ?, ?, ?, ?, ?, ?)"),
            Backend::Postgres => {
                let p = row * 7;
                let _ = write!(
                    sql,
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5,
                    p + 6,
                    p + 7,
                    p + 7
                );
            }
        }
    }
    sql.push_str(" ON CONFLICT (connection_id, delivery_id) DO NOTHING RETURNING id, connection_id, delivery_id");
    sql
}

/// Stores the events of `requests` atomically and durably; returns each request's answers.
async fn write(pool: &AnyPool, backend: Backend, requests: &[Request]) -> Result<Vec<Vec<Enqueued>>, sqlx::Error> {
    // Fold duplicates inside the batch: `unique` holds each key's first event, `slots` says for
    // every event which unique row it maps to and whether an earlier event had the same key.
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut unique: Vec<&NewEvent> = Vec::new();
    let mut slots: Vec<Vec<(usize, bool)>> = Vec::with_capacity(requests.len());
    for request in requests {
        let mut mine = Vec::with_capacity(request.events.len());
        for event in &request.events {
            let key = (event.connection_id.as_str(), event.delivery_id.as_str());
            match index.get(&key) {
                Some(&u) => mine.push((u, true)),
                None => {
                    index.insert(key, unique.len());
                    mine.push((unique.len(), false));
                    unique.push(event);
                }
            }
        }
        slots.push(mine);
    }
    if unique.is_empty() {
        return Ok(slots.into_iter().map(|_| Vec::new()).collect());
    }

    let mut ids: Vec<Option<i64>> = vec![None; unique.len()];
    let mut existed = vec![false; unique.len()];
    if unique.len() <= ROWS_PER_STATEMENT {
        // The common case: one statement, committed by itself (autocommit), in one round trip.
        // A statement is atomic, so this is the same as BEGIN; INSERT; COMMIT without two of
        // the round trips. Rows it skipped were stored by an earlier, committed transaction.
        let mut conn = pool.acquire().await?;
        insert_chunk(&mut conn, backend, &unique, &index, &mut ids).await?;
        lookup_existing(&mut conn, &unique, &mut ids, &mut existed).await?;
    } else {
        let mut tx = begin_write(pool, backend).await?;
        for chunk in unique.chunks(ROWS_PER_STATEMENT) {
            insert_chunk(&mut tx, backend, chunk, &index, &mut ids).await?;
        }
        lookup_existing(&mut tx, &unique, &mut ids, &mut existed).await?;
        tx.commit().await?;
    }

    let mut results = Vec::with_capacity(requests.len());
    for mine in slots {
        let mut answers = Vec::with_capacity(mine.len());
        for (u, later_in_batch) in mine {
            let id = ids[u].ok_or(sqlx::Error::RowNotFound)?;
            answers.push(Enqueued { id, duplicate: existed[u] || later_in_batch });
        }
        results.push(answers);
    }
    Ok(results)
}

/// Inserts `chunk` with one multi-row statement and records the ids of the rows it inserted.
async fn insert_chunk(
    conn: &mut AnyConnection,
    backend: Backend,
    chunk: &[&NewEvent],
    index: &HashMap<(&str, &str), usize>,
    ids: &mut [Option<i64>],
) -> Result<(), sqlx::Error> {
    let sql = insert_sql(chunk.len(), backend);
    let mut query = sqlx::query(&sql);
    for event in chunk {
        query = query
            .bind(event.connection_id.as_str())
            .bind(event.merchant_id.as_str())
            .bind(event.platform.as_str())
            .bind(event.delivery_id.as_str())
            .bind(event.topic.as_str())
            .bind(event.body.as_slice())
            .bind(event.received_at_ms);
        if backend == Backend::Sqlite {
            query = query.bind(event.received_at_ms);
        }
    }
    for row in query.fetch_all(&mut *conn).await? {
        let id: i64 = row.try_get(0)?;
        let connection_id: String = row.try_get(1)?;
        let delivery_id: String = row.try_get(2)?;
        if let Some(&u) = index.get(&(connection_id.as_str(), delivery_id.as_str())) {
            ids[u] = Some(id);
        }
    }
    Ok(())
}

/// Looks up the ids of the rows the insert skipped because they were stored before (rare:
/// redeliveries), and marks them as existing.
async fn lookup_existing(
    conn: &mut AnyConnection,
    unique: &[&NewEvent],
    ids: &mut [Option<i64>],
    existed: &mut [bool],
) -> Result<(), sqlx::Error> {
    for (u, event) in unique.iter().enumerate() {
        if ids[u].is_none() {
            let row = sqlx::query("SELECT id FROM inbox WHERE connection_id = $1 AND delivery_id = $2")
                .bind(event.connection_id.as_str())
                .bind(event.delivery_id.as_str())
                .fetch_one(&mut *conn)
                .await?;
            ids[u] = Some(row.try_get(0)?);
            existed[u] = true;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_sql_numbers_seven_parameters_per_row_on_postgres() {
        let sql = insert_sql(2, Backend::Postgres);
        assert!(sql.contains("($1, $2, $3, $4, $5, $6, $7, $7), ($8, $9, $10, $11, $12, $13, $14, $14)"), "{sql}");
        assert!(sql.ends_with("DO NOTHING RETURNING id, connection_id, delivery_id"));
    }

    #[test]
    fn insert_sql_uses_anonymous_parameters_on_sqlite() {
        let sql = insert_sql(2, Backend::Sqlite);
        assert!(sql.contains("VALUES (?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT"), "{sql}");
    }
}
