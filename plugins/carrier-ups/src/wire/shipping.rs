//! Shipping `v2409`: `POST /api/shipments/v2409/ship` and
//! `DELETE /api/shipments/v2409/void/cancel/{shipmentidentificationnumber}` (UPS
//! `Shipping.yaml`, last changed 2026-07-21; CARRIERS.md §2.3; read 2026-11-25).

use crossdock_sdk::CarrierError;
use serde::Serialize;
use serde_json::Value;

use super::{
    Amount, CodeDescription, Dimensions, FromJson, NegotiatedRateCharges, PackageWeight, Party, RatingOptions,
    ResponseBlock, ShipmentCharge, each, envelope, read, text,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShipEnvelope {
    #[serde(rename = "ShipmentRequest")]
    pub shipment_request: ShipmentRequest,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ShipmentRequest {
    pub request: super::rating::RequestHeader,
    pub shipment: Shipment,
    pub label_specification: LabelSpecification,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Shipment {
    /// What is in the box; required for international shipments.
    pub description: String,
    /// Present only for a return: `Code` `"9"` is UPS Print Return Label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_service: Option<CodeDescription>,
    pub shipper: Party,
    pub ship_to: Party,
    pub ship_from: Party,
    pub payment_information: PaymentInformation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipment_rating_options: Option<RatingOptions>,
    pub service: CodeDescription,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoice_line_total: Option<Amount>,
    pub package: Vec<ShipPackage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipment_service_options: Option<ShipmentServiceOptions>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PaymentInformation {
    pub shipment_charge: Vec<ShipmentCharge>,
}

/// A package in a shipping request (`Packaging`, where rating says `PackagingType`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ShipPackage {
    pub packaging: CodeDescription,
    pub dimensions: Dimensions,
    pub package_weight: PackageWeight,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ShipmentServiceOptions {
    pub international_forms: InternationalForms,
}

/// The commercial invoice UPS prints and files with the shipment (`FormType` `"01"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternationalForms {
    pub form_type: Vec<String>,
    pub invoice_number: String,
    /// `YYYYMMDD`.
    pub invoice_date: String,
    pub reason_for_export: String,
    pub currency_code: String,
    pub contacts: FormContacts,
    pub product: Vec<Product>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FormContacts {
    pub sold_to: Party,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Product {
    pub description: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commodity_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin_country_code: Option<String>,
    pub unit: ProductUnit,
}

/// Quantity and unit value of one invoice line (`"6"`, `"19.99"`, `PCS`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProductUnit {
    pub number: String,
    pub value: String,
    pub unit_of_measurement: CodeDescription,
}

/// `LabelImageFormat.Code`: GIF, PNG, ZPL, EPL or SPL; there is no native PDF label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LabelSpecification {
    pub label_image_format: CodeDescription,
    /// Required for thermal formats: `{"Height": "6", "Width": "4"}` inches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_stock_size: Option<LabelStockSize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LabelStockSize {
    pub height: String,
    pub width: String,
}

// ---- ship response ----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShipmentResponse {
    pub response: ResponseBlock,
    pub shipment_results: ShipmentResults,
}

impl ShipmentResponse {
    /// `$.ShipmentResponse` of an answer.
    pub fn read(answer: &Value) -> Result<Self, CarrierError> {
        let v = envelope(answer, "ShipmentResponse", "shipping")?;
        Ok(Self {
            response: ResponseBlock::from_json(&v["Response"]),
            shipment_results: ShipmentResults::from_json(&v["ShipmentResults"]),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShipmentResults {
    /// `ShipmentCharges.TotalCharges`.
    pub total_charges: Option<Amount>,
    pub negotiated_rate_charges: Option<NegotiatedRateCharges>,
    /// The shipment's number: what Void takes, and for one package its tracking number too.
    pub shipment_identification_number: String,
    pub package_results: Vec<PackageResult>,
}

impl FromJson for ShipmentResults {
    fn from_json(v: &Value) -> Self {
        Self {
            total_charges: read(&v["ShipmentCharges"]["TotalCharges"]),
            negotiated_rate_charges: read(&v["NegotiatedRateCharges"]),
            shipment_identification_number: text(&v["ShipmentIdentificationNumber"]),
            package_results: each(&v["PackageResults"]),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PackageResult {
    pub tracking_number: String,
    pub shipping_label: Option<ShippingLabel>,
}

impl FromJson for PackageResult {
    fn from_json(v: &Value) -> Self {
        Self { tracking_number: text(&v["TrackingNumber"]), shipping_label: read(&v["ShippingLabel"]) }
    }
}

/// The label: base64 `GraphicImage` in the format `ImageFormat.Code` names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShippingLabel {
    pub image_format: CodeDescription,
    pub graphic_image: String,
}

impl FromJson for ShippingLabel {
    fn from_json(v: &Value) -> Self {
        Self { image_format: CodeDescription::from_json(&v["ImageFormat"]), graphic_image: text(&v["GraphicImage"]) }
    }
}

// ---- void response ----------------------------------------------------------------------------

/// `{"VoidShipmentResponse":{"Response":{…},"SummaryResult":{"Status":{"Code":"1",
/// "Description":"Voided"}}}}` (shape of the recorded answer in karrio's UPS tests and
/// UPS-API/api-documentation issue #63, 2024-03-20).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VoidShipmentResponse {
    pub response: ResponseBlock,
    /// `SummaryResult.Status`: `Code` `"1"` is voided.
    pub status: CodeDescription,
}

impl VoidShipmentResponse {
    /// `$.VoidShipmentResponse` of an answer.
    pub fn read(answer: &Value) -> Result<Self, CarrierError> {
        let v = envelope(answer, "VoidShipmentResponse", "void")?;
        Ok(Self {
            response: ResponseBlock::from_json(&v["Response"]),
            status: CodeDescription::from_json(&v["SummaryResult"]["Status"]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_ship_answer_reads_with_its_label() {
        let sample = include_str!("../../../../tests/fixtures/carriers/ups-label-response.json");
        let parsed = ShipmentResponse::read(&serde_json::from_str(sample).unwrap()).unwrap();
        let results = parsed.shipment_results;
        assert_eq!(results.shipment_identification_number, "1Z8V92A66612345675");
        assert_eq!(results.total_charges.unwrap().monetary_value, "393.53");
        let label = results.package_results[0].shipping_label.as_ref().unwrap();
        assert_eq!(label.image_format.code, "GIF");
        assert!(label.graphic_image.starts_with("R0lGOD"), "a GIF89a in base64");
    }

    #[test]
    fn the_sample_void_answer_reads_voided() {
        let sample = include_str!("../../../../tests/fixtures/carriers/ups-void-response.json");
        let parsed = VoidShipmentResponse::read(&serde_json::from_str(sample).unwrap()).unwrap();
        assert_eq!(parsed.status, CodeDescription::new("1", "Voided"));
    }
}
