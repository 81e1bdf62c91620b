//! The MyDHL API 3.1 JSON this adapter writes and reads, field for field.
//!
//! Paths and meanings are those of `tests/fixtures/carriers/CARRIERS.md` §1 (from the MyDHL
//! OpenAPI 3.1.1, release 2025-11-02, read 2026-11-25). Requests carry only the fields the
//! adapter fills; responses are read leniently (unknown fields ignored, optional ones
//! defaulted), since DHL adds fields between releases. Numbers that are money arrive as JSON
//! numbers and are kept as [`Decimal`] text, never `f64`.

use crossdock_sdk::carrier::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Number;

// ---- shared request parts ---------------------------------------------------------------------

/// `accounts[]`: `{typeCode: "shipper", number}`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub type_code: &'static str,
    pub number: String,
}

/// `packages[]`: weight in kg and dimensions in whole cm (`unitOfMeasurement: metric`).
#[derive(Debug, Clone, Serialize)]
pub struct Package {
    pub weight: Number,
    pub dimensions: Dimensions,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dimensions {
    pub length: u32,
    pub width: u32,
    pub height: u32,
}

// ---- POST /rates ------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateRequest {
    pub customer_details: RateParties,
    pub accounts: Vec<Account>,
    /// `2026-11-17T10:00:00 GMT+08:00`.
    pub planned_shipping_date_and_time: String,
    pub unit_of_measurement: &'static str,
    pub is_customs_declarable: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub monetary_amount: Vec<MonetaryAmount>,
    pub estimated_delivery_date: EstimatedDeliveryRequest,
    pub packages: Vec<Package>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateParties {
    pub shipper_details: RateAddress,
    pub receiver_details: RateAddress,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateAddress {
    pub postal_code: String,
    pub city_name: String,
    pub country_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province_code: Option<String>,
}

/// `monetaryAmount[]`: `{typeCode: "declaredValue", value, currency}`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MonetaryAmount {
    pub type_code: &'static str,
    pub value: Number,
    pub currency: String,
}

/// `estimatedDeliveryDate`: `{isRequested: true, typeCode: "QDDC"}`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EstimatedDeliveryRequest {
    pub is_requested: bool,
    pub type_code: &'static str,
}

/// The 200 body of `POST /rates` (`supermodelIoLogisticsExpressRates`).
#[derive(Debug, Clone, Deserialize)]
pub struct RatesResponse {
    #[serde(default)]
    pub products: Vec<Product>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    pub product_code: String,
    #[serde(default)]
    pub product_name: String,
    #[serde(default)]
    pub total_price: Vec<TotalPrice>,
    #[serde(default)]
    pub delivery_capabilities: Option<DeliveryCapabilities>,
}

/// `totalPrice[]`: one entry per currency type (`BILLC` billing, `PULCL` public, `BASEC` base).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TotalPrice {
    #[serde(default)]
    pub currency_type: String,
    #[serde(default)]
    pub price_currency: Option<String>,
    pub price: Decimal,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryCapabilities {
    #[serde(default)]
    pub total_transit_days: Option<Decimal>,
    /// `2026-11-20T23:59:00`, local time at the destination.
    #[serde(default)]
    pub estimated_delivery_date_and_time: Option<String>,
}

// ---- POST /shipments --------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShipmentRequest {
    pub planned_shipping_date_and_time: String,
    pub pickup: Pickup,
    pub product_code: String,
    pub get_rate_estimates: bool,
    pub accounts: Vec<Account>,
    pub customer_details: ShipmentParties,
    pub content: Content,
    pub output_image_properties: OutputImageProperties,
}

/// `pickup.isRequested`: false, the merchant books collections separately.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pickup {
    pub is_requested: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShipmentParties {
    pub shipper_details: Party,
    pub receiver_details: Party,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    pub postal_address: PostalAddress,
    pub contact_information: Contact,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostalAddress {
    pub postal_code: String,
    pub city_name: String,
    pub country_code: String,
    pub address_line1: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line3: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province_code: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub phone: String,
    pub company_name: String,
    pub full_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Content {
    pub packages: Vec<Package>,
    pub is_customs_declarable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_value: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_value_currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_declaration: Option<ExportDeclaration>,
    pub description: String,
    pub incoterm: &'static str,
    pub unit_of_measurement: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportDeclaration {
    pub line_items: Vec<LineItem>,
    pub invoice: Invoice,
    pub export_reason: &'static str,
    pub export_reason_type: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineItem {
    pub number: u32,
    pub description: String,
    /// Unit price in the declared currency.
    pub price: Number,
    pub quantity: Quantity,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commodity_codes: Vec<CommodityCode>,
    pub manufacturer_country: String,
    pub weight: LineWeight,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Quantity {
    pub value: u32,
    pub unit_of_measurement: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommodityCode {
    pub type_code: &'static str,
    pub value: String,
}

/// Net and gross weight of the whole line, kg.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineWeight {
    pub net_value: Number,
    pub gross_value: Number,
}

#[derive(Debug, Clone, Serialize)]
pub struct Invoice {
    pub number: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutputImageProperties {
    pub encoding_format: &'static str,
    pub image_options: Vec<ImageOption>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageOption {
    pub type_code: &'static str,
    pub is_requested: bool,
}

/// The 201 body of `POST /shipments` (`supermodelIoLogisticsExpressCreateShipmentResponse`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShipmentResponse {
    pub shipment_tracking_number: String,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub shipment_charges: Vec<Charge>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    #[serde(default)]
    pub type_code: String,
    #[serde(default)]
    pub image_format: Option<String>,
    #[serde(default)]
    pub content: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Charge {
    #[serde(default)]
    pub currency_type: String,
    #[serde(default)]
    pub price_currency: Option<String>,
    pub price: Decimal,
}

// ---- GET /shipments/{n}/tracking --------------------------------------------------------------

#[derive(Debug, Clone, Deserialize)]
pub struct TrackingResponse {
    #[serde(default)]
    pub shipments: Vec<TrackedShipment>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackedShipment {
    #[serde(default)]
    pub shipment_tracking_number: Option<String>,
    #[serde(default)]
    pub events: Vec<Event>,
    /// `2026-11-20`, sometimes a date-time.
    #[serde(default)]
    pub estimated_delivery_date: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub date: String,
    pub time: String,
    /// Only with `requestGMTOffsetPerEvent=true`.
    #[serde(default, rename = "GMTOffset")]
    pub gmt_offset: Option<String>,
    #[serde(default)]
    pub type_code: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub service_area: Vec<ServiceArea>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServiceArea {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

// ---- errors -----------------------------------------------------------------------------------

/// DHL's error body (`application/problem+json`, CARRIERS.md §1.5). Its `status` (a string,
/// or `code` on a 500) repeats the HTTP status; it is read only to recognise the document as
/// DHL's (see [`Problem::is_dhl`]).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    #[serde(default)]
    pub instance: Option<String>,
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub additional_details: Vec<String>,
    #[serde(default)]
    pub status: Option<serde_json::Value>,
    #[serde(default)]
    pub code: Option<serde_json::Value>,
}

impl Problem {
    /// Whether this is DHL's documented problem document: a `title` and a `status` (or `code`)
    /// beside what it says. Any other JSON that happens to have a `detail` is not quoted.
    pub fn is_dhl(&self) -> bool {
        self.title.is_some() && (self.status.is_some() || self.code.is_some())
    }
}
