//! Rating `v2409`: `POST /api/rating/v2409/{Rate|Shop|Ratetimeintransit|Shoptimeintransit}`
//! (UPS `Rating.yaml`, last changed 2026-06-10; CARRIERS.md §2.2; read 2026-11-25).
//!
//! The adapter always asks `Shoptimeintransit`: every service UPS offers on the lane, each
//! with its estimated arrival.

use crossdock_sdk::CarrierError;
use serde::Serialize;
use serde_json::Value;

use super::{
    Amount, CodeDescription, Dimensions, FromJson, NegotiatedRateCharges, PackageWeight, Party, RatingOptions,
    ResponseBlock, ShipmentCharge, each, envelope, opt, read,
};

/// The request option (and URL path segment) the adapter uses.
pub const SHOP_TIME_IN_TRANSIT: &str = "Shoptimeintransit";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateEnvelope {
    #[serde(rename = "RateRequest")]
    pub rate_request: RateRequest,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RateRequest {
    pub request: RequestHeader,
    pub shipment: RateShipment,
}

/// `Request`: the option repeated from the URL, and a context UPS echoes back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RequestHeader {
    pub request_option: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_reference: Option<TransactionReference>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransactionReference {
    pub customer_context: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RateShipment {
    pub shipper: Party,
    pub ship_from: Party,
    pub ship_to: Party,
    pub payment_details: PaymentDetails,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipment_rating_options: Option<RatingOptions>,
    pub delivery_time_information: DeliveryTimeInformation,
    /// The goods' value; required for international time-in-transit answers. UPS ignores it
    /// unless it is in the origin country's currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoice_line_total: Option<Amount>,
    pub package: Vec<RatePackage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PaymentDetails {
    pub shipment_charge: Vec<ShipmentCharge>,
}

/// `PackageBillType` `"03"` non-documents (`"02"` documents) and the pickup date `YYYYMMDD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeliveryTimeInformation {
    pub package_bill_type: String,
    pub pickup: PickupDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PickupDate {
    pub date: String,
}

/// A package in a rating request (`PackagingType`, where the shipping request says
/// `Packaging`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RatePackage {
    pub packaging_type: CodeDescription,
    pub dimensions: Dimensions,
    pub package_weight: PackageWeight,
}

// ---- response ---------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RateResponse {
    pub response: ResponseBlock,
    pub rated_shipment: Vec<RatedShipment>,
}

impl RateResponse {
    /// `$.RateResponse` of an answer.
    pub fn read(answer: &Value) -> Result<Self, CarrierError> {
        let v = envelope(answer, "RateResponse", "rating")?;
        Ok(Self { response: ResponseBlock::from_json(&v["Response"]), rated_shipment: each(&v["RatedShipment"]) })
    }
}

/// One priced service.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RatedShipment {
    pub service: CodeDescription,
    pub total_charges: Amount,
    pub negotiated_rate_charges: Option<NegotiatedRateCharges>,
    /// `GuaranteedDelivery.BusinessDaysInTransit`.
    pub guaranteed_days: Option<String>,
    pub time_in_transit: Option<TimeInTransit>,
}

impl FromJson for RatedShipment {
    fn from_json(v: &Value) -> Self {
        Self {
            service: CodeDescription::from_json(&v["Service"]),
            total_charges: Amount::from_json(&v["TotalCharges"]),
            negotiated_rate_charges: read(&v["NegotiatedRateCharges"]),
            guaranteed_days: opt(&v["GuaranteedDelivery"]["BusinessDaysInTransit"]),
            time_in_transit: read(&v["TimeInTransit"]),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimeInTransit {
    pub pickup_date: Option<String>,
    /// `ServiceSummary.Service.Description` ("UPS Worldwide Saver"): the one place UPS names
    /// the service.
    pub service_name: Option<String>,
    pub estimated_arrival: Option<EstimatedArrival>,
}

impl FromJson for TimeInTransit {
    fn from_json(v: &Value) -> Self {
        let summary = &v["ServiceSummary"];
        Self {
            pickup_date: opt(&v["PickupDate"]),
            service_name: opt(&summary["Service"]["Description"]),
            estimated_arrival: read(&summary["EstimatedArrival"]),
        }
    }
}

/// Dates are `YYYYMMDD`, local to the place they describe.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EstimatedArrival {
    pub arrival_date: Option<String>,
    pub pickup_date: Option<String>,
    pub business_days_in_transit: Option<String>,
    pub total_transit_days: Option<String>,
}

impl FromJson for EstimatedArrival {
    fn from_json(v: &Value) -> Self {
        Self {
            arrival_date: opt(&v["Arrival"]["Date"]),
            pickup_date: opt(&v["Pickup"]["Date"]),
            business_days_in_transit: opt(&v["BusinessDaysInTransit"]),
            total_transit_days: opt(&v["TotalTransitDays"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_shop_answer_reads_with_both_services() {
        let sample = include_str!("../../../../tests/fixtures/carriers/ups-rate-response.json");
        let parsed = RateResponse::read(&serde_json::from_str(sample).unwrap()).unwrap();
        let rated = &parsed.rated_shipment;
        assert_eq!(rated.iter().map(|r| r.service.code.as_str()).collect::<Vec<_>>(), ["07", "65"]);
        assert_eq!(rated[1].total_charges, Amount { currency_code: "CNY".into(), monetary_value: "393.53".into() });
        let transit = rated[1].time_in_transit.as_ref().unwrap();
        assert_eq!(transit.service_name.as_deref(), Some("UPS Worldwide Saver"));
        let arrival = transit.estimated_arrival.as_ref().unwrap();
        assert_eq!(arrival.business_days_in_transit.as_deref(), Some("3"));
        assert_eq!(arrival.arrival_date.as_deref(), Some("20261120"));
        assert_eq!(parsed.response.alert[0].code, "110971");
    }

    #[test]
    fn a_single_rated_shipment_object_is_read_as_a_list_of_one() {
        let body = r#"{"RateResponse":{"Response":{"ResponseStatus":{"Code":"1"}},
            "RatedShipment":{"Service":{"Code":"11","Description":""},
            "TotalCharges":{"CurrencyCode":"EUR","MonetaryValue":"12.30"}}}}"#;
        let parsed = RateResponse::read(&serde_json::from_str(body).unwrap()).unwrap();
        assert_eq!(parsed.rated_shipment.len(), 1);
    }
}
