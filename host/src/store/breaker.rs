//! The circuit breaker of plugin bindings: a plugin's failures in a row on one binding
//! (merchant, market, plugin), and its pause.
//!
//! A failure is a call the host had to stop or reject (a trap, a limit, a deadline, a contract
//! violation), never an error the plugin returns on purpose. When the failures in a row reach
//! the threshold the binding is paused until a cool-down has passed; a success resets the
//! count. After the cool-down the plugin is called again ("half-open"): one more failure pauses
//! it again at once, a success closes the breaker. [`Store::clear_binding_pause`] ends a pause
//! and resets the count by hand (re-enabling the binding calls it). The policy — threshold and
//! cool-down — is the pipeline's (`pipeline::breaker`); the store only keeps the state.

use sqlx::any::AnyRow;

use super::sql::{clip_error, get, get_unsigned};
use super::{Store, StoreError};

/// A binding whose plugin is paused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingPause {
    pub merchant_id: String,
    pub market: String,
    pub plugin_name: String,
    /// Failures in a row when it was paused (or since).
    pub failures: u32,
    /// The last failure.
    pub last_error: Option<String>,
    pub paused_at_ms: i64,
    /// When the cool-down ends and the plugin is called again.
    pub paused_until_ms: i64,
}

fn pause_from(row: &AnyRow) -> Result<BindingPause, StoreError> {
    Ok(BindingPause {
        merchant_id: get(row, "merchant_id")?,
        market: get(row, "market")?,
        plugin_name: get(row, "plugin_name")?,
        failures: get_unsigned(row, "failures")?,
        last_error: get(row, "last_error")?,
        paused_at_ms: get::<Option<i64>>(row, "paused_at_ms")?.unwrap_or(0),
        paused_until_ms: get::<Option<i64>>(row, "paused_until_ms")?.unwrap_or(0),
    })
}

const COLUMNS: &str = "merchant_id, market, plugin_name, failures, last_error, paused_at_ms, paused_until_ms";

impl Store {
    /// Counts a failed call of `plugin` on a binding. When the failures in a row reach
    /// `threshold` and the binding is not paused already, pauses it from `now_ms` until
    /// `now_ms + cooldown_ms` and returns the new pause (the caller tells the merchant).
    pub async fn record_binding_failure(
        &self,
        (merchant_id, market, plugin): (&str, &str, &str),
        error: &str,
        threshold: u32,
        now_ms: i64,
        cooldown_ms: i64,
    ) -> Result<Option<BindingPause>, StoreError> {
        let op = "counting a plugin failure";
        let mut tx = self.begin_write(op).await?;
        let sql = format!(
            "INSERT INTO binding_breakers (merchant_id, market, plugin_name, failures, last_error) \
             VALUES ($1, $2, $3, 1, $4) ON CONFLICT (merchant_id, market, plugin_name) DO UPDATE SET \
             failures = binding_breakers.failures + 1, last_error = excluded.last_error RETURNING {COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(merchant_id)
            .bind(market)
            .bind(plugin)
            .bind(clip_error(error))
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::db(op))?;
        let state = pause_from(&row)?;
        let paused_now = state.paused_until_ms > now_ms;
        let newly = if state.failures >= threshold.max(1) && !paused_now {
            let until = now_ms.saturating_add(cooldown_ms);
            sqlx::query(
                "UPDATE binding_breakers SET paused_at_ms = $4, paused_until_ms = $5 \
                 WHERE merchant_id = $1 AND market = $2 AND plugin_name = $3",
            )
            .bind(merchant_id)
            .bind(market)
            .bind(plugin)
            .bind(now_ms)
            .bind(until)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(op))?;
            Some(BindingPause { paused_at_ms: now_ms, paused_until_ms: until, ..state })
        } else {
            None
        };
        tx.commit().await.map_err(StoreError::db(op))?;
        Ok(newly)
    }

    /// Counts a successful call: the failures in a row start again from zero.
    pub async fn record_binding_success(
        &self,
        merchant_id: &str,
        market: &str,
        plugin: &str,
    ) -> Result<(), StoreError> {
        // Almost every call succeeds on a binding without failures: read (beside the writer)
        // before taking the write lock.
        let failing = sqlx::query(
            "SELECT failures FROM binding_breakers WHERE merchant_id = $1 AND market = $2 AND plugin_name = $3 \
             AND failures > 0",
        )
        .bind(merchant_id)
        .bind(market)
        .bind(plugin)
        .fetch_optional(self.read_pool())
        .await
        .map_err(StoreError::db("reading a plugin's failures"))?;
        if failing.is_none() {
            return Ok(());
        }
        sqlx::query(
            "UPDATE binding_breakers SET failures = 0 WHERE merchant_id = $1 AND market = $2 AND plugin_name = $3 \
             AND failures > 0",
        )
        .bind(merchant_id)
        .bind(market)
        .bind(plugin)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("resetting a plugin's failures"))?;
        Ok(())
    }

    /// The merchant's bindings paused at `now_ms`, by market and plugin.
    pub async fn binding_pauses(&self, merchant_id: &str, now_ms: i64) -> Result<Vec<BindingPause>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM binding_breakers WHERE merchant_id = $1 AND paused_until_ms > $2 \
             ORDER BY market, plugin_name"
        );
        let rows = sqlx::query(&sql)
            .bind(merchant_id)
            .bind(now_ms)
            .fetch_all(self.read_pool())
            .await
            .map_err(StoreError::db("reading paused bindings"))?;
        rows.iter().map(pause_from).collect()
    }

    /// Ends a binding's pause and resets its failures (a manual re-enable). A no-op when the
    /// binding is not paused.
    pub async fn clear_binding_pause(&self, merchant_id: &str, market: &str, plugin: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE binding_breakers SET failures = 0, paused_at_ms = NULL, paused_until_ms = NULL \
             WHERE merchant_id = $1 AND market = $2 AND plugin_name = $3",
        )
        .bind(merchant_id)
        .bind(market)
        .bind(plugin)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("clearing a binding's pause"))?;
        Ok(())
    }
}
