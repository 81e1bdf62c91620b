//! What the node's health and metrics endpoints ask the store: a trivial query, whether the
//! embedded migrations are all applied, and the gauges `GET /metrics` reads at scrape time.
//! Each is one cheap statement (the gauges read partial indexes of live rows only, see
//! migration 0009), so a probe or a scrape every few seconds costs the database nothing
//! that grows with its history.

use super::sql::{get, get_unsigned};
use super::{Backend, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS, Store, StoreError};

/// The node-wide figures `GET /metrics` reports; times are unix milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LiveCounts {
    pub pending: u64,
    pub processing: u64,
    pub dead: u64,
    /// When the oldest pending event was received, if any is pending.
    pub oldest_pending_ms: Option<i64>,
    /// The earliest next poll of a shipment in flight, if any is in flight.
    pub next_poll_ms: Option<i64>,
}

impl Store {
    /// Answers when the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(self.read_pool()).await.map_err(StoreError::db("pinging the database"))?;
        Ok(())
    }

    /// The versions of this binary's migrations the database has not applied (empty: current).
    /// Versions the database has and this binary lacks (a newer node migrated it) are not
    /// counted: this node's own tables are all there.
    pub async fn pending_migrations(&self) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(self.read_pool())
            .await
            .map_err(StoreError::db("reading the applied migrations"))?;
        let applied = rows.iter().map(|row| get::<i64>(row, "version")).collect::<Result<Vec<_>, _>>()?;
        let embedded = match self.backend() {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        Ok(embedded
            .iter()
            .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
            .map(|m| m.version)
            .collect())
    }

    /// The live inbox by status, its oldest pending event, and the next poll due.
    pub async fn live_counts(&self) -> Result<LiveCounts, StoreError> {
        // One statement, three index-only parts: `inbox_live` for pending and processing,
        // `inbox_dead` for the dead letters, `shipments_in_flight_poll` for the next poll.
        let rows = sqlx::query(
            "SELECT status, COUNT(*) AS n, MIN(received_at_ms) AS oldest FROM inbox \
             WHERE status IN ('pending', 'processing') GROUP BY status \
             UNION ALL SELECT 'dead', COUNT(*), NULL FROM inbox WHERE status = 'dead' \
             UNION ALL SELECT 'poll', COUNT(*), MIN(next_poll_at_ms) FROM shipments \
             WHERE status IN ('labelled', 'in_transit', 'out_for_delivery', 'exception') \
             AND tracking_number IS NOT NULL",
        )
        .fetch_all(self.read_pool())
        .await
        .map_err(StoreError::db("reading the live inbox and tracking figures"))?;
        let mut counts = LiveCounts::default();
        for row in &rows {
            let n: u64 = get_unsigned(row, "n")?;
            let oldest: Option<i64> = get(row, "oldest")?;
            match get::<String>(row, "status")?.as_str() {
                "pending" => (counts.pending, counts.oldest_pending_ms) = (n, oldest),
                "processing" => counts.processing = n,
                "dead" => counts.dead = n,
                _ => counts.next_poll_ms = oldest,
            }
        }
        Ok(counts)
    }
}
