//! The circuit breaker: a plugin that the host had to stop or reject [`THRESHOLD`] times in a
//! row on one binding (a hang cut by its deadline, a trap, a limit, a contract violation, a
//! carrier that missed the rating deadline) is paused for that binding for [`COOL_DOWN`].
//!
//! While paused, the pipeline skips it: a paused customs plugin holds the shipment with a
//! reason naming the pause, a paused carrier is left out of rating, a paused returns policy
//! holds the return, and the tracker does not poll through it. The merchant is told once per
//! pause by an outbound `binding.paused` event, and the dashboard's bindings view marks it.
//! After the cool-down the plugin is called again; a success resets the count, another failure
//! pauses it again. Enabling the binding again through the admin API ends the pause at once
//! ([`crate::store::Store::clear_binding_pause`]). Errors a plugin returns on purpose (a
//! `plugin-error`, a `carrier-error`) are answers, not failures, and never count.

use std::time::Duration;

use crossdock_types::{PluginKind, Timestamp};
use serde_json::json;

use super::bound::Bound;
use super::process::{Pipeline, ProcessError};
use crate::store::{BindingPause, Market};

/// Failures in a row that pause a binding's plugin.
pub const THRESHOLD: u32 = 5;
/// How long a paused plugin is skipped before it is called again.
pub const COOL_DOWN: Duration = Duration::from_secs(10 * 60);

/// How a pause reads in a hold reason or on the dashboard.
pub fn describe(pause: &BindingPause) -> String {
    format!(
        "plugin {} is paused in market {} since {} after {} failures in a row{}; it resumes at {} or when the \
         binding is enabled again",
        pause.plugin_name,
        pause.market,
        Timestamp::from_unix(pause.paused_at_ms / 1000),
        pause.failures,
        pause.last_error.as_deref().map(|e| format!(" (last: {e})")).unwrap_or_default(),
        Timestamp::from_unix(pause.paused_until_ms / 1000),
    )
}

impl Pipeline {
    /// The merchant's paused bindings of one kind in `market`.
    pub(super) async fn paused(
        &self,
        merchant_id: &str,
        market: &Market,
        kind: PluginKind,
    ) -> Result<Vec<BindingPause>, ProcessError> {
        let pauses = self.store.binding_pauses(merchant_id, self.clock.now_ms()).await?;
        Ok(pauses
            .into_iter()
            .filter(|p| p.market == market.name && self.registry.kind(&p.plugin_name) == Some(kind))
            .collect())
    }

    /// Whether a binding is paused now.
    pub(super) async fn is_paused(&self, merchant_id: &str, market: &str, plugin: &str) -> Result<bool, ProcessError> {
        let pauses = self.store.binding_pauses(merchant_id, self.clock.now_ms()).await?;
        Ok(pauses.iter().any(|p| p.market == market && p.plugin_name == plugin))
    }

    /// Counts the outcome of one call on `bound`'s binding: `Some(error)` for a failure.
    pub(super) async fn breaker_note(
        &self,
        merchant_id: &str,
        bound: &Bound,
        failure: Option<&str>,
    ) -> Result<(), ProcessError> {
        let Some(market) = bound.market() else { return Ok(()) };
        let plugin = bound.name();
        let Some(error) = failure else {
            self.store.record_binding_success(merchant_id, market, plugin).await?;
            return Ok(());
        };
        let cooldown = i64::try_from(COOL_DOWN.as_millis()).unwrap_or(i64::MAX);
        let paused = self
            .store
            .record_binding_failure((merchant_id, market, plugin), error, THRESHOLD, self.clock.now_ms(), cooldown)
            .await?;
        if let Some(pause) = paused {
            tracing::warn!(
                merchant_id,
                market,
                plugin,
                failures = pause.failures,
                error,
                "plugin paused for this binding"
            );
            let payload = json!({
                "market": pause.market, "plugin": pause.plugin_name, "failures": pause.failures,
                "last_error": pause.last_error,
                "paused_at": Timestamp::from_unix(pause.paused_at_ms / 1000),
                "resumes_at": Timestamp::from_unix(pause.paused_until_ms / 1000),
            });
            let key = format!("binding.paused:{}:{}:{}", pause.market, pause.plugin_name, pause.paused_at_ms);
            self.emit(merchant_id, "binding.paused", &payload, &key).await?;
        }
        Ok(())
    }
}
