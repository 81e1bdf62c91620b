//! The one error type of the storage layer, [`StoreError`].
//!
//! Every variant says what failed and, where the user can do something about it, what to do.
//! Database errors keep the operation they interrupted (`op`) so that a log line reads
//! "claiming an inbox event failed: …" rather than a bare driver message.

use std::path::PathBuf;
use std::sync::Arc;

use super::Backend;

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A secret at rest could not be sealed or opened, or the key not loaded (see `secrets.rs`).
    #[error(transparent)]
    Secrets(#[from] super::secrets::SecretsError),

    /// `--database-url` named something other than PostgreSQL.
    #[error(
        "--database-url `{url}` is not a PostgreSQL URL: give `postgres://user:password@host:5432/database`, \
         or leave --database-url out to use the embedded SQLite database under --data-dir"
    )]
    UnsupportedDatabaseUrl {
        /// The URL as given, with any password replaced by `***`.
        url: String,
    },

    /// The data directory that holds the SQLite file could not be created.
    #[error("cannot create the data directory {}: {source}", path.display())]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },

    /// The database could not be opened or connected to.
    #[error("cannot open the {backend} database at {location}: {source}")]
    Connect {
        /// Which backend.
        backend: Backend,
        /// The file or the URL (password hidden).
        location: String,
        /// The driver's reason.
        source: sqlx::Error,
    },

    /// Applying the schema migrations failed; the database is left as the failed migration found it.
    #[error(
        "migrating the {backend} database failed: {source} (was the database written by a newer crossdock, \
         or were its tables changed by hand?)"
    )]
    Migrate {
        /// Which backend.
        backend: Backend,
        /// The migrator's reason.
        source: sqlx::migrate::MigrateError,
    },

    /// A query failed.
    #[error("{op} failed: {source}")]
    Database {
        /// What the store was doing, e.g. "claiming an inbox event".
        op: &'static str,
        /// The driver's reason.
        source: sqlx::Error,
    },

    /// A column could not be read as the type the store expects.
    #[error("reading column `{column}` failed: {source}")]
    Decode {
        /// The column.
        column: &'static str,
        /// The driver's reason.
        source: sqlx::Error,
    },

    /// The database holds a value the store never writes (edited by hand, or a bug).
    #[error("the database holds an invalid value in `{column}`: `{value}` ({reason})")]
    Corrupt {
        /// `table.column`.
        column: &'static str,
        /// The value found.
        value: String,
        /// Why it is invalid.
        reason: String,
    },

    /// An argument was refused before anything was written.
    #[error("{0}")]
    Invalid(String),

    /// A row the operation needs does not exist.
    #[error("{what} `{key}` does not exist")]
    NotFound {
        /// What kind of row, e.g. "inbox event".
        what: &'static str,
        /// Its key.
        key: String,
    },

    /// The operation would contradict what is stored.
    #[error("{0}")]
    Conflict(String),

    /// A worker tried to finish a claim it no longer holds: its lease expired and the row was
    /// claimed again (or finished) by someone else. The worker must drop its result.
    #[error(
        "{what} {id} is no longer leased by worker `{worker}` (now {status}, held by {holder}): \
         its lease expired; discard this attempt's result"
    )]
    LeaseLost {
        /// "inbox event" or "outbound delivery".
        what: &'static str,
        /// The row's id.
        id: i64,
        /// The worker that asked.
        worker: String,
        /// The row's current status.
        status: String,
        /// The current lease holder, or "nobody".
        holder: String,
    },

    /// A worker tried to write an effect on a shipment or return whose claim it no longer holds
    /// (the claim expired and may have been taken by another worker). Nothing was written; the
    /// worker must not act on its result (a label it bought is voided, see `pipeline::process`).
    #[error(
        "{what} {id} is no longer claimed by worker `{worker}`: its claim expired or was taken by another \
         worker; nothing was written"
    )]
    ClaimLost {
        /// "shipment" or "return".
        what: &'static str,
        /// The row's id.
        id: String,
        /// The worker that asked.
        worker: String,
    },

    /// The ingest writer task has stopped (the store is shutting down or its runtime ended), so
    /// the event was not stored. The caller must not acknowledge the webhook.
    #[error("the inbox writer has stopped, so the event was not stored; answer 5xx so the sender retries")]
    IngestStopped,

    /// The group commit that carried this event failed; the event may or may not be stored, and a
    /// redelivery will be deduplicated either way. The caller must not acknowledge the webhook.
    #[error("storing the event in the inbox failed: {source}; answer 5xx so the sender retries")]
    IngestFailed {
        /// The driver's reason, shared by every caller in the failed batch.
        source: Arc<sqlx::Error>,
    },
}

impl StoreError {
    /// An adapter for `map_err` that tags a driver error with the operation it interrupted.
    pub(crate) fn db(op: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
        move |source| StoreError::Database { op, source }
    }
}
