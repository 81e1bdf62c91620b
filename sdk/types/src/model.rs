//! The records of the contract (`wit/types.wit`), with their JSON face.
//!
//! Every type here mirrors one WIT type field for field; the only differences are that codes,
//! money and times are validated newtypes instead of strings and integers. JSON keys are the
//! WIT names in snake_case, enum values are snake_case strings (incoterms are `DDP`/`DAP` as
//! traders write them), and variants with a payload are `{"kind": …, "value": …}`. Unknown
//! keys are refused so that a typo never passes silently.

use serde::{Deserialize, Serialize};

use crate::{CountryCode, CurrencyCode, HsCode, Money, Timestamp};

/// A postal address. Only `country` is always present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Address {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub street: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    pub country: CountryCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Address {
    /// An address that says only which country.
    pub fn in_country(country: CountryCode) -> Self {
        Self {
            name: None,
            company: None,
            street: Vec::new(),
            city: None,
            region: None,
            postal_code: None,
            country,
            phone: None,
            email: None,
        }
    }
}

/// One order line as it ships.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub sku: String,
    pub title: String,
    pub quantity: u32,
    pub unit_price: Money,
    pub unit_weight_g: u32,
    /// As the merchant's catalog gives it. Customs plugins validate it (see [`HsCode`]) and
    /// report a missing or malformed code as a finding, so it is plain text here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hs_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_country: Option<CountryCode>,
}

/// Who pays import duty and tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum Incoterm {
    /// Delivered duty paid: the seller pays.
    Ddp,
    /// Delivered at place: the buyer pays on arrival.
    Dap,
}

/// One physical box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parcel {
    pub weight_g: u32,
    pub length_mm: u32,
    pub width_mm: u32,
    pub height_mm: u32,
}

/// Goods moving from one warehouse to one destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shipment {
    pub id: String,
    pub origin: Address,
    pub destination: Address,
    pub incoterm: Incoterm,
    pub currency: CurrencyCode,
    pub shipping_cost: Money,
    pub items: Vec<Item>,
}

impl Shipment {
    /// The value of the goods: Σ quantity × unit price, in the shipment's currency.
    pub fn goods_value(&self) -> Result<Money, crate::MoneyError> {
        let mut lines = self.items.iter().map(|i| i.unit_price.checked_mul(i64::from(i.quantity)));
        lines.try_fold(Money::zero(self.currency), |sum, line| sum.checked_add(line?))
    }

    /// The gross weight of the goods in grams.
    pub fn weight_g(&self) -> u64 {
        self.items.iter().map(|i| u64::from(i.quantity) * u64::from(i.unit_weight_g)).sum()
    }
}

// ---- customs --------------------------------------------------------------------------------

/// Whose turn it is to collect import tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CollectAt {
    Checkout,
    Delivery,
}

/// Papers that must travel with a shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Document {
    CommercialInvoice,
    Cn22,
    Cn23,
    CertificateOfOrigin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Blocking,
}

/// Something a customs plugin noticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub severity: Severity,
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    pub message: String,
}

/// Duty and tax on one item line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssessmentLine {
    pub sku: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hs_code: Option<HsCode>,
    pub customs_value: Money,
    pub duty_rate_bp: u32,
    pub duty: Money,
    pub tax_rate_bp: u32,
    pub tax: Money,
}

/// What importing a shipment costs, who collects it, and what must travel with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    pub lines: Vec<AssessmentLine>,
    pub duty: Money,
    pub tax: Money,
    pub de_minimis_applied: bool,
    pub collect: CollectAt,
    pub documents: Vec<Document>,
    pub findings: Vec<Finding>,
    /// YYYY-MM-DD of the rules and rates applied.
    pub rules_as_of: String,
}

impl Assessment {
    /// Whether any finding must stop the shipment.
    pub fn is_blocked(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Blocking)
    }
}

// ---- carriers -------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceLevel {
    Economy,
    Standard,
    Express,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateRequest {
    pub shipment: Shipment,
    pub parcels: Vec<Parcel>,
}

/// One priced service a carrier offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    pub carrier: String,
    pub service_code: String,
    pub service_name: String,
    pub level: ServiceLevel,
    pub price: Money,
    pub eta_min_days: u32,
    pub eta_max_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelRequest {
    pub shipment: Shipment,
    pub parcels: Vec<Parcel>,
    pub service_code: String,
    #[serde(default)]
    pub is_return: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LabelFormat {
    Pdf,
    Zpl,
    Png,
}

/// A shipping label. In JSON its bytes are base64 (`data_base64`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub carrier: String,
    pub service_code: String,
    pub tracking_number: String,
    pub format: LabelFormat,
    #[serde(rename = "data_base64", with = "crate::wire::base64_bytes")]
    pub data: Vec<u8>,
    pub price: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrackingStatus {
    PreTransit,
    InTransit,
    OutForDelivery,
    Delivered,
    Exception,
    Returned,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackingEvent {
    pub status: TrackingStatus,
    pub time: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub description: String,
    pub raw_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tracking {
    pub tracking_number: String,
    pub status: TrackingStatus,
    pub events: Vec<TrackingEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_delivery: Option<Timestamp>,
}

/// Why a carrier call failed, so the core can try the next carrier, hold or retry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", content = "message", rename_all = "snake_case")]
pub enum CarrierError {
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("address rejected: {0}")]
    AddressRejected(String),
    #[error("service unavailable: {0}")]
    ServiceUnavailable(String),
    #[error("authentication failed: {0}")]
    AuthFailed(String),
    #[error("timed out: {0}")]
    Timeout(String),
    #[error("bad response from the carrier: {0}")]
    BadResponse(String),
    #[error("not found: {0}")]
    NotFound(String),
}

// ---- returns --------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnItem {
    pub sku: String,
    pub quantity: u32,
    pub unit_price: Money,
    pub reason: String,
    #[serde(default)]
    pub final_sale: bool,
    #[serde(default)]
    pub hygiene: bool,
    #[serde(default = "yes")]
    pub resellable: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    ReturnWarehouse,
    RegionalHub,
    Origin,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnLocation {
    pub id: String,
    pub kind: LocationKind,
    pub address: Address,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnRequest {
    pub id: String,
    pub order_id: String,
    pub customer: Address,
    pub ordered_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<Timestamp>,
    pub requested_at: Timestamp,
    pub items: Vec<ReturnItem>,
    pub original_shipping: Money,
    #[serde(default)]
    pub locations: Vec<ReturnLocation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemDecision {
    pub sku: String,
    pub quantity: u32,
    pub eligible: bool,
    pub reason: String,
    pub refund: Money,
}

/// Where returned goods go. JSON: `{"kind": "regional_hub", "location": "hub-nl"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "location", rename_all = "snake_case")]
pub enum ReturnRoute {
    ReturnWarehouse(String),
    RegionalHub(String),
    Origin(String),
    Dispose,
    KeepItem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub approved: bool,
    pub items: Vec<ItemDecision>,
    pub refund: Money,
    pub fees: Money,
    pub prepaid_label: bool,
    pub route: ReturnRoute,
    #[serde(default)]
    pub notes: Vec<String>,
}

// ---- every world ----------------------------------------------------------------------------

/// What a plugin decides: a market's customs, carrier rates and labels, or returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PluginKind {
    Customs,
    Carrier,
    Returns,
}

impl PluginKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customs => "customs",
            Self::Carrier => "carrier",
            Self::Returns => "returns",
        }
    }
}

impl std::fmt::Display for PluginKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a plugin says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub name: String,
    pub version: String,
    pub kind: PluginKind,
    pub description: String,
    pub covers: Vec<String>,
    /// JSON Schema of the merchant's configuration, as JSON text.
    pub config_schema: String,
}

/// A failure a customs or returns plugin reports on purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(deny_unknown_fields)]
#[error("{code}: {message}")]
pub struct PluginError {
    pub code: String,
    pub message: String,
}

impl PluginError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code: code.into(), message: message.into() }
    }
}

impl From<crate::MoneyError> for PluginError {
    fn from(e: crate::MoneyError) -> Self {
        Self::new("money", e.to_string())
    }
}
