//! Bodies of the bindings of plugins to markets.
//!
//! A binding's `config` is the plugin's own: JSON that the plugin's configuration schema
//! (`GET /plugins/{name}`) describes, so the document types it only as an object. Secret
//! values are write-only: answers name the secrets, never their values.

use std::collections::BTreeMap;

use crossdock_types::PluginKind;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::page_of;
use crate::store::secrets::Redacted;

/// A plugin bound to a market, as a market lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MarketBinding {
    #[schema(example = "carrier-table-rate")]
    pub plugin: String,
    /// Whether the pipeline runs it.
    pub enabled: bool,
    /// Lower runs (or is preferred) first.
    pub priority: i32,
    /// The plugin's configuration, as its schema describes it.
    #[schema(value_type = Object)]
    pub config: Value,
    /// Hosts (`host` or `host:port`) the plugin may reach; carriers only.
    #[schema(example = json!(["api.carrier.example"]))]
    pub allow_hosts: Vec<String>,
}

/// The stored configuration text as JSON. The store only holds what the API or the setup
/// file wrote as JSON, so text that does not parse means a row written by hand; it is shown
/// as the empty configuration rather than failing the whole market.
fn config_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::Object(serde_json::Map::new()))
}

impl From<&crate::store::BindingRow> for MarketBinding {
    fn from(b: &crate::store::BindingRow) -> Self {
        Self {
            plugin: b.plugin_name.clone(),
            enabled: b.enabled,
            priority: b.priority,
            config: config_of(&b.config_json),
            allow_hosts: b.allow_hosts.clone(),
        }
    }
}

/// A binding with what is known of its plugin and the names of its secrets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Binding {
    #[schema(example = "EU")]
    pub market: String,
    #[schema(example = "carrier-table-rate")]
    pub plugin: String,
    /// Null when the plugin is no longer installed.
    pub kind: Option<PluginKind>,
    /// The installed version; null when the plugin is no longer installed.
    #[schema(example = "1.0.0")]
    pub version: Option<String>,
    /// Whether the pipeline runs it.
    pub enabled: bool,
    /// Lower runs (or is preferred) first.
    pub priority: i32,
    /// The plugin's configuration, as its schema describes it.
    #[schema(value_type = Object)]
    pub config: Value,
    /// Hosts (`host` or `host:port`) the plugin may reach; carriers only.
    #[schema(example = json!(["api.carrier.example"]))]
    pub allow_hosts: Vec<String>,
    /// The names of the stored secrets; their values are write-only.
    #[schema(example = json!(["password", "username"]))]
    pub secrets: Vec<String>,
    /// Only in the answer to a change of where the binding's requests go: the stored secrets
    /// that were dropped because the request did not enter them again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets_dropped: Option<Vec<String>>,
    /// Only with `secrets_dropped`: what happened and what to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Binding {
    /// A stored binding of `market`, its plugin's kind and version if it is installed, and
    /// the names of its secrets.
    pub fn new(
        market: &str,
        b: &crate::store::BindingRow,
        plugin: Option<(PluginKind, String)>,
        secrets: Vec<String>,
    ) -> Self {
        let (kind, version) = plugin.map_or((None, None), |(k, v)| (Some(k), Some(v)));
        Self {
            market: market.to_owned(),
            plugin: b.plugin_name.clone(),
            kind,
            version,
            enabled: b.enabled,
            priority: b.priority,
            config: config_of(&b.config_json),
            allow_hosts: b.allow_hosts.clone(),
            secrets,
            secrets_dropped: None,
            note: None,
        }
    }

    /// Records that the change moved the destination and dropped these stored secrets.
    pub fn with_dropped(mut self, dropped: Vec<String>) -> Self {
        if !dropped.is_empty() {
            self.note = Some(format!(
                "the destination changed, so the stored secrets {} were dropped; enter them again for the new destination",
                dropped.join(", ")
            ));
            self.secrets_dropped = Some(dropped);
        }
        self
    }
}

page_of!(
    /// The merchant's bindings, by market.
    BindingList,
    Binding
);

/// `PUT /markets/{market}/bindings/{plugin}`: binds the plugin if it is not yet, and changes
/// the fields given. `Debug` shows the secrets' names, and `[redacted]` for each value.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": true, "priority": 10, "config": {"window_days": 30, "prepaid_label": true}}))]
pub struct BindingPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Lower runs (or is preferred) first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    /// The whole configuration, checked against the plugin's schema; a new binding starts
    /// with `{}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub config: Option<Value>,
    /// Carriers only: replaces the hosts the plugin may reach. A change needs an admin token
    /// and drops the stored secrets not entered again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_hosts: Option<Vec<String>>,
    /// Carriers only: secret values by name; an empty value removes the secret. Write-only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schema(value_type = BTreeMap<String, String>, write_only)]
    pub secrets: BTreeMap<String, Redacted<String>>,
}

/// The answer to `DELETE /markets/{market}/bindings/{plugin}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeletedBinding {
    pub market: String,
    pub plugin: String,
    /// Always true.
    pub deleted: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(config_json: &str) -> crate::store::BindingRow {
        crate::store::BindingRow {
            plugin_name: "carrier-dhl-express".into(),
            enabled: true,
            priority: 2,
            config_json: config_json.into(),
            allow_hosts: vec!["express.api.dhl.com".into()],
        }
    }

    #[test]
    fn a_binding_answers_its_config_as_json_and_its_secrets_by_name() {
        let b = Binding::new(
            "EU",
            &row(r#"{"base_url": "https://express.api.dhl.com"}"#),
            Some((PluginKind::Carrier, "1.2.0".into())),
            vec!["password".into()],
        );
        let answer = serde_json::to_value(&b).expect("json");
        assert_eq!(answer["config"]["base_url"], "https://express.api.dhl.com");
        assert_eq!((answer["kind"].as_str(), answer["version"].as_str()), (Some("carrier"), Some("1.2.0")));
        assert_eq!(answer["secrets"], serde_json::json!(["password"]));
        assert!(answer.get("secrets_dropped").is_none() && answer.get("note").is_none(), "{answer}");
    }

    #[test]
    fn a_binding_of_a_plugin_no_longer_installed_has_no_kind_or_version() {
        let answer = serde_json::to_value(Binding::new("EU", &row("{}"), None, Vec::new())).expect("json");
        assert!(answer["kind"].is_null() && answer["version"].is_null(), "{answer}");
    }

    #[test]
    fn dropped_secrets_come_with_a_note_naming_them() {
        let b = Binding::new("EU", &row("{}"), None, Vec::new());
        assert_eq!(b.clone().with_dropped(Vec::new()), b, "nothing dropped, nothing said");
        let b = b.with_dropped(vec!["password".into(), "username".into()]);
        assert_eq!(b.secrets_dropped.as_deref(), Some(&["password".to_owned(), "username".to_owned()][..]));
        assert!(b.note.is_some_and(|n| n.contains("password, username")));
    }

    #[test]
    fn a_stored_config_that_is_not_json_reads_as_the_empty_config() {
        assert_eq!(MarketBinding::from(&row("{not json")).config, serde_json::json!({}));
    }
}
