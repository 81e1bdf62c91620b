//! The bodies this adapter sends to FedEx, field for field (the replies are read in
//! [`crate::reply`]).
//!
//! Shapes follow CARRIERS.md §3, which was written from FedEx's OpenAPI files (`rate-api.json`,
//! `ship-api.json`, `track.json` [S9]); the cancel body follows `ship-api.json`'s
//! `Full_Schema_Cancel_Shipment` (accountNumber, trackingNumber, deletionControl; read
//! 2026-11-25). A request carries only what crossdock fills in; optional fields it has no value
//! for are left out rather than sent empty. Amounts and weights are JSON numbers written from
//! integer minor units and grams (`crossdock_sdk::carrier::decimal_number`); dimensions are
//! integers.

use serde::Serialize;
use serde_json::Number;

// ---- shared pieces ------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountNumber {
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub street_lines: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_or_province_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    pub country_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    pub phone_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
}

/// `{units: "KG", value: 1.2}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weight {
    pub units: &'static str,
    pub value: Number,
}

/// Whole centimetres: FedEx takes integer dimensions (CARRIERS.md §0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dimensions {
    pub length: u32,
    pub width: u32,
    pub height: u32,
    pub units: &'static str,
}

/// `{amount: 85, currency: "USD"}`, with FedEx's currency code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Amount {
    pub amount: Number,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageLineItem {
    pub weight: Weight,
    pub dimensions: Dimensions,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Commodity {
    pub description: String,
    pub quantity: u32,
    pub quantity_units: &'static str,
    pub weight: Weight,
    pub customs_value: Amount,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_of_manufacture: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub harmonized_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentType {
    pub payment_type: &'static str,
}

// ---- Rate: POST /rate/v1/rates/quotes (CARRIERS.md §3.2) ------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateRequest {
    pub account_number: AccountNumber,
    pub rate_request_control_parameters: RateRequestControl,
    pub requested_shipment: RateShipment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateRequestControl {
    pub return_transit_times: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddressOnly {
    pub address: Address,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateShipment {
    pub shipper: AddressOnly,
    pub recipient: AddressOnly,
    /// "YYYY-MM-DD". Capital S in `Stamp` here; Ship spells it `shipDatestamp`.
    pub ship_date_stamp: String,
    pub pickup_type: &'static str,
    pub rate_request_type: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customs_clearance_detail: Option<RateCustoms>,
    pub requested_package_line_items: Vec<PackageLineItem>,
}

/// Rate's customs block; its schema allows only `SENDER` for duties (CARRIERS.md appendix A).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateCustoms {
    pub duties_payment: PaymentType,
    pub commodities: Vec<Commodity>,
}

// ---- Ship: POST /ship/v1/shipments (CARRIERS.md §3.3) ---------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShipRequest {
    pub label_response_options: &'static str,
    pub account_number: AccountNumber,
    pub ship_action: &'static str,
    pub requested_shipment: ShipShipment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    pub contact: Contact,
    pub address: Address,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShipShipment {
    pub shipper: Party,
    pub recipients: Vec<Party>,
    /// "YYYY-MM-DD" (lower-case s in `stamp`, unlike Rate).
    pub ship_datestamp: String,
    pub service_type: String,
    pub packaging_type: &'static str,
    pub pickup_type: &'static str,
    pub total_weight: Number,
    pub shipping_charges_payment: PaymentType,
    pub label_specification: LabelSpecification,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipment_special_services: Option<SpecialServices>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customs_clearance_detail: Option<ShipCustoms>,
    pub requested_package_line_items: Vec<PackageLineItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSpecification {
    pub image_type: &'static str,
    pub label_stock_type: &'static str,
}

/// A return label: `RETURN_SHIPMENT` with `returnType: PRINT_RETURN_LABEL` (FedEx's Ship API
/// return-shipment example [S9]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpecialServices {
    pub special_service_types: Vec<&'static str>,
    pub return_shipment_detail: ReturnShipmentDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnShipmentDetail {
    pub return_type: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShipCustoms {
    pub duties_payment: PaymentType,
    pub commercial_invoice: CommercialInvoice,
    pub commodities: Vec<Commodity>,
    pub total_customs_value: Amount,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommercialInvoice {
    pub shipment_purpose: &'static str,
    pub terms_of_sale: &'static str,
}

// ---- Cancel: PUT /ship/v1/shipments/cancel ------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelRequest {
    pub account_number: AccountNumber,
    pub tracking_number: String,
    pub deletion_control: &'static str,
}

/// `{"transactionId","output":{"cancelledShipment","cancelledHistory","successMessage","alerts"}}`
/// (ship-api.json `SHPCResponseVO_CancelShipment`).
// ---- Track: POST /track/v1/trackingnumbers (CARRIERS.md §3.4) -------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackRequest {
    pub include_detailed_scans: bool,
    pub tracking_info: Vec<TrackingInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackingInfo {
    pub tracking_number_info: TrackingNumberInfo,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackingNumberInfo {
    pub tracking_number: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_and_ship_spell_the_ship_date_differently() {
        let address = || AddressOnly { address: Address { country_code: "CN".into(), ..Address::default() } };
        let rate = RateShipment {
            shipper: address(),
            recipient: address(),
            ship_date_stamp: "2026-11-17".into(),
            pickup_type: "DROPOFF_AT_FEDEX_LOCATION",
            rate_request_type: vec!["ACCOUNT"],
            customs_clearance_detail: None,
            requested_package_line_items: vec![],
        };
        let json = serde_json::to_string(&rate).unwrap();
        assert!(json.contains(r#""shipDateStamp":"2026-11-17""#), "{json}");
        assert!(!json.contains("customsClearanceDetail"), "{json}");
        assert!(!json.contains("streetLines"), "{json}");
    }
}
