//! A plugin as one binding lends it to one call: the loaded component, the merchant's
//! configuration for that market, and — for carriers — the binding's HTTP allow-list and
//! secrets. Everything is read from the store per event, so a switch, a new configuration or
//! a rotated key takes effect on the next event on every node, without a restart.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crossdock_types::{CountryCode, PluginKind, Timestamp};

use super::process::{Pipeline, ProcessError};
use crate::runtime::http::HttpGrant;
use crate::runtime::{CallContext, Plugin};
use crate::store::{BindingRow, Market};

/// Deadline of one outbound HTTP request of a carrier plugin.
pub const HTTP_DEADLINE: Duration = Duration::from_secs(10);
/// Largest carrier response body accepted, in bytes (labels are base64 PDFs).
pub const HTTP_MAX_RESPONSE: u64 = 8 << 20;

/// A plugin ready to be called for one binding.
#[derive(Clone)]
pub struct Bound {
    pub plugin: Arc<Plugin>,
    pub config: Arc<str>,
    http: Option<Arc<HttpGrant>>,
    secrets: Arc<BTreeMap<String, String>>,
    /// The market of the binding, for the circuit breaker; `None` for a plugin called with its
    /// schema's defaults outside any binding.
    market: Option<Arc<str>>,
}

impl Bound {
    /// The context of one call at the event's time.
    pub fn ctx(&self, now: Timestamp, pipeline: &Pipeline) -> CallContext {
        let mut ctx = CallContext::new(now);
        ctx.config_json = self.config.clone();
        ctx.fx = pipeline.fx.clone();
        ctx.http = self.http.clone();
        ctx.secrets = self.secrets.clone();
        ctx
    }

    pub fn name(&self) -> &str {
        self.plugin.name()
    }

    /// The market of the binding this call goes through, if any.
    pub fn market(&self) -> Option<&str> {
        self.market.as_deref()
    }
}

impl Pipeline {
    /// The loaded plugin of a binding, loading it from the store if another node installed
    /// it since this one started.
    pub(super) async fn plugin_of(&self, name: &str) -> Result<Option<Arc<Plugin>>, ProcessError> {
        if let Some(plugin) = self.registry.get(name) {
            return Ok(Some(plugin));
        }
        self.registry.sync(&self.runtime, &self.store).await.map_err(|e| ProcessError::Task(e.to_string()))?;
        Ok(self.registry.get(name))
    }

    /// Lends a binding's plugin for calls: configuration, and for carriers the allow-list and
    /// secrets. `None` when the plugin is not installed (anywhere).
    pub(super) async fn bind(
        &self,
        merchant_id: &str,
        market: &str,
        binding: &BindingRow,
    ) -> Result<Option<Bound>, ProcessError> {
        let Some(plugin) = self.plugin_of(&binding.plugin_name).await? else {
            tracing::warn!(merchant_id, market, plugin = %binding.plugin_name, "a bound plugin is not installed");
            return Ok(None);
        };
        let (http, secrets) = if plugin.metadata.kind == PluginKind::Carrier {
            let http = (!binding.allow_hosts.is_empty())
                .then(|| Arc::new(HttpGrant::new(binding.allow_hosts.clone(), HTTP_DEADLINE, HTTP_MAX_RESPONSE)));
            let secrets = self.store.binding_secrets(merchant_id, market, &binding.plugin_name).await?;
            (http, Arc::new(secrets.into_iter().collect()))
        } else {
            (None, Arc::default())
        };
        Ok(Some(Bound {
            plugin,
            config: Arc::from(binding.config_json.as_str()),
            http,
            secrets,
            market: Some(Arc::from(market)),
        }))
    }

    /// The enabled plugins of one kind in a market, by priority, without those the circuit
    /// breaker has paused (see `breaker.rs`).
    pub(super) async fn enabled(
        &self,
        merchant_id: &str,
        market: &Market,
        kind: PluginKind,
    ) -> Result<Vec<Bound>, ProcessError> {
        let paused = self.paused(merchant_id, market, kind).await?;
        let mut out = Vec::new();
        for binding in market.bindings.iter().filter(|b| b.enabled) {
            if paused.iter().any(|p| p.plugin_name == binding.plugin_name) {
                continue;
            }
            if let Some(bound) = self.bind(merchant_id, &market.name, binding).await?
                && bound.plugin.metadata.kind == kind
            {
                out.push(bound);
            }
        }
        Ok(out)
    }

    /// The carrier that made a shipment's label, as bound in the market of its destination
    /// (enabled or not: a label bought before a carrier was switched off is still its to
    /// track and void). Without such a binding, the plugin with the defaults of its schema.
    pub(super) async fn carrier_of(
        &self,
        merchant_id: &str,
        destination: CountryCode,
        carrier: &str,
    ) -> Result<Option<Bound>, ProcessError> {
        let markets = self.store.markets_with_bindings(merchant_id).await?;
        let found = markets
            .iter()
            .filter(|m| m.countries.contains(&destination))
            .find_map(|m| m.bindings.iter().find(|b| b.plugin_name == carrier).map(|b| (m.name.clone(), b.clone())));
        match found {
            Some((market, binding)) => self.bind(merchant_id, &market, &binding).await,
            None => Ok(self.plugin_of(carrier).await?.map(|plugin| Bound {
                plugin,
                config: Arc::from("{}"),
                http: None,
                secrets: Arc::default(),
                market: None,
            })),
        }
    }
}
