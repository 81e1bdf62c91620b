//! The storage layer: merchants' setup, the durable webhook inbox, the pipeline's effects
//! (orders, shipments, plugin runs; the claims that fence them), outbound events, admin tokens
//! and the circuit breaker of plugin bindings.
//!
//! Two backends behind one API, [`Store`]: an embedded SQLite file under `--data-dir` (the
//! default; WAL, `synchronous=FULL`) and PostgreSQL when `--database-url postgres://…` is given
//! (for several nodes). Both are reached through sqlx's `Any` driver with one set of SQL where
//! the dialects agree (`$n` placeholders, `ON CONFLICT`, `RETURNING`, partial indexes); the few
//! statements that differ (claiming with `FOR UPDATE SKIP LOCKED`, `BEGIN IMMEDIATE`) pick their
//! text by [`Backend`]. Each backend has its own migrations (`host/migrations/{sqlite,postgres}`),
//! embedded in the binary and applied by [`Store::open`].
//!
//! Connections:
//! - **SQLite** allows one writer at a time. The store keeps exactly one write connection (a
//!   pool of one, handed out first come, first served) used by every writing call and by the
//!   ingest writer, and a small pool of read-only connections that WAL lets run beside it. So
//!   writers inside the process queue on the pool instead of spinning on `SQLITE_BUSY`;
//!   `busy_timeout` only covers other processes (the CLI) touching the same file. A new file
//!   gets 16 KiB pages (a 6 KB webhook body fits a page, no overflow chain) and the WAL is
//!   checkpointed every 4 MiB, so no commit has to copy a large WAL into the database.
//! - **PostgreSQL**: one pool for everything; row locks keep concurrent workers apart.
//!
//! Ingest ([`Store::enqueue`]) is group-committed by a single writer task: see [`inbox`].
//!
//! **Where things are.** One file per entity, or per tight group of entities; each holds the
//! entity's row types, its column lists and every `impl Store` call that reads or writes its
//! tables, the admin API's lists of it included. Every public type is re-exported here, so
//! callers name `crate::store::X` whichever file it lives in.
//!
//! Setup, written by the setup file and the admin API:
//! - `merchants.rs`: merchants, and the branding of their public pages.
//! - `connections.rs`: storefront connections (where webhooks come from, the secret signing them).
//! - `markets.rs`: markets with their countries, and each market's plugin bindings with their
//!   configuration, allow-lists and secrets (deleting a market takes them all, in one
//!   transaction).
//! - `breaker.rs`: the circuit breaker's state of each binding.
//! - `catalog.rs`: the product catalog, what customs needs to know per SKU.
//! - `warehouses.rs`: warehouses and their stock.
//! - `plugins.rs`: installed plugins, content-addressed, and the names they are published under.
//! - `tokens.rs`: admin API tokens, stored as hashes.
//! - `audit.rs`: the audit log of changes made through the admin API.
//!
//! Webhooks and what the pipeline makes of them:
//! - `inbox.rs`: the durable inbox of verified webhooks and the lease workers process it under;
//!   `writer.rs`: the task that group-commits ingest into it.
//! - `orders.rs`, `shipments.rs`, `returns.rs`, `runs.rs` (plugin runs): the pipeline's effects.
//! - `claims.rs`: the claim on a shipment or a return, and the shipment writes fenced on it. It
//!   spans both tables because the claim protocol is one for both.
//! - `tracking.rs`: carrier events, when each shipment is polled next (columns of `shipments`,
//!   written with its events in one transaction), and the lookups by tracking number.
//! - `outbound.rs`: the merchant's outbound endpoints and the deliveries queued for them.
//!
//! Shared by all of them:
//! - `page.rs`: keyset pagination of the admin API's lists, scoped to the caller's merchant.
//! - `secrets.rs`: secrets sealed at rest; resealing spans every table that holds one
//!   (bindings, connections, endpoints).
//! - `sql.rs`: typed column reads and small SQL helpers; `error.rs`: [`StoreError`].
//! - `health.rs`: what the health, readiness and metrics endpoints ask the database.
//!
//! **The pipeline's effects.** A worker can crash (or lose its lease) after writing some effects
//! and before completing its event; the event is then processed again. Every effect is
//! therefore keyed so that the second run finds the first run's rows instead of adding new
//! ones: orders by `(merchant_id, external_id)`, moving only forward (`orders.rs`); shipments
//! by a deterministic id, never overwritten (`shipments.rs`); plugin runs are an append-only
//! audit, where a rerun is a second, true record (`runs.rs`).
//!
//! Time is always unix milliseconds (`i64`). Scheduling calls (claims, retries) take the
//! caller's `now_ms` so that tests and the pipeline agree on one clock.

mod audit;
mod breaker;
mod catalog;
mod claims;
mod connections;
mod error;
mod health;
pub mod inbox;
mod markets;
mod merchants;
mod orders;
mod outbound;
mod page;
mod plugins;
mod returns;
mod runs;
pub mod secrets;
mod shipments;
mod sql;
mod tokens;
mod tracking;
mod warehouses;
mod writer;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::pool::PoolOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Any, AnyPool, ConnectOptions, Executor, Transaction};
use tokio::sync::mpsc;

use crate::clock::Clock;

pub use audit::{AuditEntry, NewAudit};
pub use breaker::BindingPause;
pub use catalog::CatalogRow;
pub use claims::VoidDue;
pub use connections::ConnectionRow;
pub use error::StoreError;
pub use health::LiveCounts;
pub use inbox::{Enqueued, EventStatus, InboxCounts, InboxEvent, IngestStats, NewEvent};
pub use markets::{BindingChange, BindingRow, Market};
pub use merchants::MerchantRow;
pub use orders::OrderRow;
pub use outbound::{OutboundDelivery, OutboundResult, OutboundRow, OutboundStatus};
pub use page::{MAX_PAGE, Page};
pub use plugins::PluginRecord;
pub use returns::ReturnRow;
pub use runs::{PluginRunRow, RunEntry};
pub use shipments::{ShipmentFilter, ShipmentLabel, ShipmentRow};
pub use tokens::{TokenRow, hash_token};
pub use tracking::TrackingEventRow;
pub use warehouses::{StockRow, WarehouseRow};

/// The SQLite file's name inside `--data-dir`.
pub const SQLITE_FILE_NAME: &str = "crossdock.db";

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// The embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        })
    }
}

/// Where the store lives, as chosen on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreTarget {
    /// An SQLite file, created on first start.
    Sqlite {
        /// The database file.
        path: PathBuf,
    },
    /// A PostgreSQL database, which must exist (its tables are created on first start).
    Postgres {
        /// `postgres://…` or `postgresql://…`.
        url: String,
    },
}

impl StoreTarget {
    /// The target for `--data-dir` and an optional `--database-url`: PostgreSQL when a URL is
    /// given (it must be `postgres://` or `postgresql://`), otherwise `<data_dir>/crossdock.db`.
    pub fn from_args(data_dir: &Path, database_url: Option<&str>) -> Result<Self, StoreError> {
        match database_url.map(str::trim) {
            None => Ok(StoreTarget::Sqlite { path: data_dir.join(SQLITE_FILE_NAME) }),
            Some(url) => {
                let lower = url.to_ascii_lowercase();
                if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
                    Ok(StoreTarget::Postgres { url: url.to_owned() })
                } else {
                    Err(StoreError::UnsupportedDatabaseUrl { url: sql::redact_url(url) })
                }
            }
        }
    }

    /// The backend this target uses.
    pub fn backend(&self) -> Backend {
        match self {
            StoreTarget::Sqlite { .. } => Backend::Sqlite,
            StoreTarget::Postgres { .. } => Backend::Postgres,
        }
    }
}

impl fmt::Display for StoreTarget {
    /// The file, or the URL with its password hidden.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreTarget::Sqlite { path } => write!(f, "{}", path.display()),
            StoreTarget::Postgres { url } => f.write_str(&sql::redact_url(url)),
        }
    }
}

/// Tuning knobs; [`StoreOptions::default`] suits a server.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// PostgreSQL: the pool size. SQLite: the number of read connections (writes always use one).
    pub max_connections: u32,
    /// How long a call waits for a free connection before failing.
    pub acquire_timeout: Duration,
    /// SQLite: how long a statement waits for another process's write lock.
    pub busy_timeout: Duration,
    /// Most enqueue requests folded into one group commit.
    pub max_batch: usize,
    /// Enqueue requests that may wait for the writer before callers are held back.
    pub queue_depth: usize,
    /// The keys secrets at rest are sealed with (`secrets.rs`). `None`: from the environment,
    /// else SQLite's `<data-dir>/secret.key`; `crossdock serve` always passes them.
    pub secret_keys: Option<secrets::SecretKeys>,
    /// The node's clock, for the rows the store stamps itself (bookkeeping `*_at_ms` columns of
    /// calls that take no explicit time; scheduling columns always take the caller's `now_ms`).
    pub clock: Clock,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(30),
            busy_timeout: Duration::from_secs(5),
            max_batch: 256,
            queue_depth: 16_384,
            secret_keys: None,
            clock: Clock::system(),
        }
    }
}

/// A handle on the database; cheap to clone (one `Arc`), shared by the server and the workers.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    backend: Backend,
    /// Reads. SQLite: read-only connections; PostgreSQL: the one pool.
    read: AnyPool,
    /// Writes. SQLite: the single write connection; PostgreSQL: the same pool as `read`.
    write: AnyPool,
    /// Requests to the ingest writer task.
    ingest: mpsc::Sender<writer::Request>,
    stats: Arc<writer::Stats>,
    secret_keys: secrets::SecretKeys,
    /// The node's clock: what the store stamps rows with when the caller gives no time.
    clock: Clock,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("backend", &self.inner.backend).finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the database with default options: creates it (SQLite) and applies migrations.
    pub async fn open(target: &StoreTarget) -> Result<Store, StoreError> {
        Self::open_with(target, &StoreOptions::default()).await
    }

    /// Opens the database: creates the SQLite file and its directory if missing (WAL,
    /// `synchronous=FULL`, `busy_timeout`, foreign keys on), applies pending migrations, and
    /// starts the ingest writer task. Must be called inside a Tokio runtime.
    pub async fn open_with(target: &StoreTarget, options: &StoreOptions) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = target.backend();
        let location = target.to_string();
        let connect = |source| StoreError::Connect { backend, location: location.clone(), source };
        let secret_keys = match &options.secret_keys {
            Some(keys) => keys.clone(),
            None => secrets::default_keys(target)?,
        };
        let (read, write) = match target {
            StoreTarget::Sqlite { path } => {
                if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .map_err(|source| StoreError::DataDir { path: dir.to_path_buf(), source })?;
                }
                let url = SqliteConnectOptions::new().filename(path).create_if_missing(true).to_url_lossy();
                let any = AnyConnectOptions::from_url(&url).map_err(connect)?;
                let busy_ms = options.busy_timeout.as_millis();
                let write = base_pool(options)
                    .max_connections(1)
                    .min_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None)
                    .test_before_acquire(false)
                    .after_connect(move |conn, _| {
                        Box::pin(async move {
                            // Only takes effect on a new file (before WAL is switched on): pages
                            // of 16 KiB hold a typical 6 KB webhook body inline instead of in an
                            // overflow chain, which makes inserts about a third cheaper.
                            conn.execute("PRAGMA page_size = 16384").await?;
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA synchronous = FULL").await?;
                            conn.execute(format!("PRAGMA busy_timeout = {busy_ms}").as_str()).await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            // The writer checkpoints when the WAL reaches 256 pages (4 MiB, SQLite's
                            // default size in bytes): with 16 KiB pages the default of 1000 pages
                            // would let a checkpoint copy 16 MiB inside one commit and double p99.
                            conn.execute("PRAGMA wal_autocheckpoint = 256").await?;
                            Ok(())
                        })
                    })
                    .connect_with(any.clone())
                    .await
                    .map_err(connect)?;
                SQLITE_MIGRATIONS.run(&write).await.map_err(|source| StoreError::Migrate { backend, source })?;
                let read = base_pool(options)
                    .max_connections(options.max_connections.max(1))
                    .test_before_acquire(false)
                    .after_connect(move |conn, _| {
                        Box::pin(async move {
                            conn.execute(format!("PRAGMA busy_timeout = {busy_ms}").as_str()).await?;
                            conn.execute("PRAGMA query_only = ON").await?;
                            Ok(())
                        })
                    })
                    .connect_with(any)
                    .await
                    .map_err(connect)?;
                (read, write)
            }
            StoreTarget::Postgres { url } => {
                let any = AnyConnectOptions::from_str(url).map_err(connect)?;
                let pool = base_pool(options)
                    .max_connections(options.max_connections.max(2))
                    .connect_with(any)
                    .await
                    .map_err(connect)?;
                POSTGRES_MIGRATIONS.run(&pool).await.map_err(|source| StoreError::Migrate { backend, source })?;
                (pool.clone(), pool)
            }
        };
        let stats = Arc::new(writer::Stats::default());
        let ingest =
            writer::spawn(write.clone(), backend, options.max_batch.max(1), options.queue_depth, stats.clone());
        let clock = options.clock.clone();
        Ok(Store { inner: Arc::new(Inner { backend, read, write, ingest, stats, secret_keys, clock }) })
    }

    /// The time on the node's clock, unix milliseconds: what rows are stamped with when the
    /// caller gives no time of its own (audit entries, tokens, plugin installs).
    pub fn now_ms(&self) -> i64 {
        self.inner.clock.now_ms()
    }

    /// Which database this store talks to.
    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// Closes every connection, waiting for calls in flight. Later calls fail.
    pub async fn close(&self) {
        self.inner.read.close().await;
        self.inner.write.close().await;
    }

    pub(crate) fn read_pool(&self) -> &AnyPool {
        &self.inner.read
    }

    pub(crate) fn write_pool(&self) -> &AnyPool {
        &self.inner.write
    }

    pub(crate) fn secret_keys(&self) -> &secrets::SecretKeys {
        &self.inner.secret_keys
    }

    /// Starts a write transaction. On SQLite it is `BEGIN IMMEDIATE`, so the write lock is
    /// taken up front and a read-then-write transaction can never fail half-way on a lock
    /// upgrade; on PostgreSQL a plain `BEGIN` (READ COMMITTED) with row locks where needed.
    pub(crate) async fn begin_write(&self, op: &'static str) -> Result<Transaction<'static, Any>, StoreError> {
        begin_write(self.write_pool(), self.inner.backend).await.map_err(StoreError::db(op))
    }
}

/// See [`Store::begin_write`].
pub(crate) async fn begin_write(pool: &AnyPool, backend: Backend) -> Result<Transaction<'static, Any>, sqlx::Error> {
    match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => pool.begin().await,
    }
}

fn base_pool(options: &StoreOptions) -> PoolOptions<Any> {
    AnyPoolOptions::new().acquire_timeout(options.acquire_timeout)
}
