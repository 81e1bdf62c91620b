//! Bodies of what a merchant watches: plugins, orders, shipments, returns, events, plugin runs
//! and the audit log.
//!
//! Statuses are the enums the pipeline and the store share ([`crate::domain`],
//! [`EventStatus`]), so a client can match on them and the document lists their values. The
//! plugins' own data (a customs assessment, a return decision, money, addresses) is the
//! contract's type from `crossdock-types`; the normalised order and the commercial invoice are
//! the pipeline's.

use crossdock_types::{Assessment, CountryCode, Decision, LabelFormat, Money, PluginKind, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::page_of;
use crate::domain::{OrderStatus, Platform, ReturnStatus, RunOutcome, ShipmentStatus};
use crate::pipeline::invoice::CommercialInvoice;
use crate::pipeline::model::Order as NormalisedOrder;
use crate::store::EventStatus;

// ---- plugins --------------------------------------------------------------------------------

/// An installed plugin: what it says about itself and which component it is.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Plugin {
    #[schema(example = "customs-eu")]
    pub name: String,
    #[schema(example = "0.1.0")]
    pub version: String,
    pub kind: PluginKind,
    pub description: String,
    /// What it covers, in its own words: countries, carriers' services, return policies.
    pub covers: Vec<String>,
    /// The component's SHA-256, hex.
    pub sha256: String,
    pub size_bytes: u64,
    /// The version of the plugin contract it was built against.
    #[schema(example = "0.1.0")]
    pub contract_version: String,
    /// `true` for the plugins crossdock ships, which every merchant sees; `false` for one this
    /// merchant uploaded.
    pub first_party: bool,
}

page_of!(
    /// The plugins the merchant can bind: the first-party ones and its own uploads.
    PluginList,
    Plugin
);

/// One plugin with its configuration schema, installed versions and latest runs.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PluginDetail {
    pub name: String,
    pub version: String,
    pub kind: PluginKind,
    pub description: String,
    pub covers: Vec<String>,
    pub sha256: String,
    pub size_bytes: u64,
    pub contract_version: String,
    pub first_party: bool,
    /// The JSON Schema of a binding's configuration, as the plugin gives it; null if it gives
    /// none that parses.
    #[schema(value_type = Option<Object>)]
    pub config_schema: Option<Value>,
    /// Every installed version the merchant can see, oldest first.
    pub versions: Vec<PluginVersion>,
    /// Its 20 latest runs for this merchant, newest first.
    pub recent_runs: Vec<PluginRun>,
}

/// One installed version of a plugin.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PluginVersion {
    pub version: String,
    /// The component's SHA-256, hex.
    pub sha256: String,
    pub size_bytes: u64,
    pub installed_at: Timestamp,
}

// ---- orders ---------------------------------------------------------------------------------

/// An order as the pipeline accepted it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Order {
    /// The storefront's id of the order.
    #[schema(example = "7001")]
    pub id: String,
    pub platform: Platform,
    pub status: OrderStatus,
    pub updated_at: Timestamp,
    /// The order as every storefront's order is normalised.
    pub order: NormalisedOrder,
}

page_of!(
    /// Orders, most recently updated first.
    OrderList,
    Order
);

/// An order with the shipments it was split into.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OrderDetail {
    #[schema(example = "7001")]
    pub id: String,
    pub platform: Platform,
    pub status: OrderStatus,
    pub updated_at: Timestamp,
    /// The order as every storefront's order is normalised.
    pub order: NormalisedOrder,
    /// One per warehouse the goods leave from.
    pub shipments: Vec<Shipment>,
}

// ---- shipments ------------------------------------------------------------------------------

/// One warehouse's part of an order, from customs to label to delivery.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Shipment {
    /// `{merchant}:{order}:{warehouse}`.
    #[schema(example = "acme:7001:main")]
    pub id: String,
    /// The storefront's id of the order.
    pub order: String,
    /// The warehouse it leaves from.
    pub warehouse: String,
    pub destination_country: CountryCode,
    pub status: ShipmentStatus,
    /// Why it is held (a customs finding, no rate, no market), when it is.
    pub hold_reason: Option<String>,
    /// The carrier plugin that bought the label.
    pub carrier: Option<String>,
    pub service_code: Option<String>,
    pub tracking_number: Option<String>,
    /// The public tracking page of the parcel, once it has a tracking number.
    #[schema(example = "/track/acme/TR1")]
    pub tracking_url: Option<String>,
    /// What shipping costs the merchant.
    pub price: Option<Money>,
    /// The bought label; the document itself is at its `href`.
    pub label: Option<LabelLink>,
    /// The customs plugin's assessment, once made.
    pub customs: Option<Assessment>,
    /// The commercial invoice, made with the assessment.
    pub invoice: Option<CommercialInvoice>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Where a shipment's label is and what it is.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LabelLink {
    pub format: LabelFormat,
    pub size_bytes: u64,
    /// `GET` it with the same token: `/api/v1/shipments/{id}/label`.
    #[schema(example = "/api/v1/shipments/acme:7001:main/label")]
    pub href: String,
}

page_of!(
    /// Shipments, most recently updated first.
    ShipmentList,
    Shipment
);

// ---- returns --------------------------------------------------------------------------------

/// A return request and what the returns plugin decided.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Return {
    /// `{merchant}:{return id}`.
    #[schema(example = "acme:71")]
    pub id: String,
    /// The storefront's id of the order.
    pub order: String,
    pub status: ReturnStatus,
    /// Why it is held, when it is.
    pub hold_reason: Option<String>,
    /// The returns plugin's decision, once made.
    pub decision: Option<Decision>,
    /// The carrier plugin that bought the return label.
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub label_format: Option<LabelFormat>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

page_of!(
    /// Returns, most recently updated first.
    ReturnList,
    Return
);

// ---- events ---------------------------------------------------------------------------------

/// A storefront webhook in the inbox.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Event {
    pub id: i64,
    /// The connection it arrived through.
    pub connection: String,
    pub platform: Platform,
    /// The storefront's id of the delivery; a redelivery with the same id is stored once.
    pub delivery_id: String,
    #[schema(example = "orders/create")]
    pub topic: String,
    pub status: EventStatus,
    /// Attempts to process it so far.
    pub attempts: u32,
    /// The error of the last failed attempt.
    pub last_error: Option<String>,
    pub received_at: Timestamp,
    /// The size of the body as received.
    pub size_bytes: u64,
    /// The body as received: its JSON, or its text when it is not JSON. Only in
    /// `GET /events/{id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Value>)]
    pub body: Option<Value>,
}

page_of!(
    /// Inbox events, newest first.
    EventList,
    Event
);

// ---- plugin runs and audit ------------------------------------------------------------------

/// One plugin call the pipeline made: what was called on what, how it ended and what it cost.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PluginRun {
    pub id: i64,
    #[schema(example = "customs-eu")]
    pub plugin: String,
    /// The component's SHA-256, hex.
    pub sha256: String,
    /// The contract function: `assess`, `rate`, `create_label`, `evaluate`, …
    #[schema(example = "assess")]
    pub function: String,
    /// The inbox event being processed, if any.
    pub event: Option<i64>,
    /// The shipment or return it was called for.
    pub subject: Option<String>,
    /// The SHA-256 of the input, hex: equal inputs, equal hashes.
    pub input_sha256: String,
    pub outcome: RunOutcome,
    /// What went wrong, unless the outcome is `ok`.
    pub error: Option<String>,
    /// Wasm fuel spent, when the call got as far as running.
    pub fuel: Option<u64>,
    /// Wall time in microseconds.
    pub wall_us: u64,
    pub memory_peak_bytes: Option<u64>,
    pub at: Timestamp,
}

page_of!(
    /// Plugin runs, newest first.
    PluginRunList,
    PluginRun
);

/// One change in the audit log.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    /// Who made it: `token:<id>`, `setup-file` or `operator`.
    #[schema(example = "token:1")]
    pub actor: String,
    #[schema(example = "binding.enable")]
    pub action: String,
    /// What changed, e.g. `EU/carrier-dhl-express`.
    pub target: String,
    /// The changed thing before, in the shape of its own answer; null for a creation.
    #[schema(value_type = Option<Value>)]
    pub before: Option<Value>,
    /// The changed thing after; null for a deletion.
    #[schema(value_type = Option<Value>)]
    pub after: Option<Value>,
    pub at: Timestamp,
}

page_of!(
    /// Audit entries, newest first.
    AuditLog,
    AuditEntry
);

// ---- queries --------------------------------------------------------------------------------

/// `?status=&limit=&after=` of orders.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderQuery {
    /// Only orders of this status.
    #[param(value_type = Option<OrderStatus>)]
    pub status: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}

/// `?status=&limit=&after=` of returns.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReturnQuery {
    /// Only returns of this status.
    #[param(value_type = Option<ReturnStatus>)]
    pub status: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}

/// Filters and page of shipments.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShipmentQuery {
    /// Only shipments of this status.
    #[param(value_type = Option<ShipmentStatus>)]
    pub status: Option<String>,
    /// Only the shipments of this carrier plugin.
    pub carrier: Option<String>,
    /// Only shipments to this country.
    #[param(value_type = Option<CountryCode>)]
    pub country: Option<String>,
    /// Only the shipments of this order (the storefront's id).
    pub order: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}

/// Filters and page of events.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventQuery {
    /// Only events of this status (`dead`: the dead letters).
    #[param(value_type = Option<EventStatus>)]
    pub status: Option<String>,
    /// Only events of this topic, e.g. `orders/create`.
    pub topic: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}

/// Filters and page of plugin runs.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunQuery {
    /// Only the runs of this plugin (by name).
    pub plugin: Option<String>,
    /// Only runs that ended this way.
    #[param(value_type = Option<RunOutcome>)]
    pub outcome: Option<String>,
    /// Only the runs made for this shipment (its id).
    pub shipment: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}

/// Filter and page of the audit log.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries of this action, e.g. `binding.enable`.
    pub action: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}
