//! The USPS v3 wire format: the request and response bodies this adapter exchanges, field for
//! field as `tests/fixtures/carriers/CARRIERS.md` §4 and the USPS OpenAPI files it cites
//! (International Prices 3.3.11, International Labels 3.3.7, Payments 3.1.20, Tracking 3.2.6;
//! captured 2026-06-23) name them.
//!
//! Requests are written exactly (optional fields are left out, never sent as `null`). Responses
//! are read leniently, because live USPS servers differ from the specs (CARRIERS.md §4
//! "gotchas"): every field the adapter does not need is ignored, every field it reads may be
//! missing or `null` (or, for text, a number), and money arrives as JSON numbers in US dollars
//! with no currency field, read exactly by [`Decimal`]. They are read from a parsed
//! [`Value`] by each type's `read`, rather than through derived deserializers: the plugin's
//! component stays small, and a field of an unexpected type is simply absent.

use crossdock_sdk::carrier::{Decimal, carrier_text};
use serde::Serialize;
use serde_json::Value;

// ---- payments: POST /payments/v3/payment-authorization ------------------------------------------

/// `{roles: [...]}`: who pays (`PAYER`, with the EPS account) and whose label ranges are used
/// (`LABEL_OWNER`, with CRID, MID and manifest MID). Labels need both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentAuthorizationRequest {
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    #[serde(rename = "roleName")]
    pub role_name: &'static str,
    #[serde(rename = "CRID")]
    pub crid: String,
    #[serde(rename = "MID")]
    pub mid: String,
    #[serde(rename = "manifestMID")]
    pub manifest_mid: String,
    #[serde(rename = "accountType", skip_serializing_if = "Option::is_none")]
    pub account_type: Option<&'static str>,
    #[serde(rename = "accountNumber", skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
}

/// The answer's `paymentAuthorizationToken`.
pub fn payment_authorization_token(answer: &Value) -> Result<String, &'static str> {
    text(answer, "paymentAuthorizationToken").ok_or("has no paymentAuthorizationToken")
}

// ---- prices: POST /international-prices/v3/total-rates/search -----------------------------------

/// The rate ingredients of one parcel (CARRIERS.md §4.2 and Appendix A).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TotalRatesQuery {
    #[serde(rename = "originZIPCode")]
    pub origin_zip_code: String,
    pub destination_country_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foreign_postal_code: Option<String>,
    /// Pounds.
    pub weight: serde_json::Number,
    /// Inches; the longest side.
    pub length: serde_json::Number,
    pub width: serde_json::Number,
    pub height: serde_json::Number,
    /// A mail class, or `ALL`.
    pub mail_class: String,
    pub price_type: &'static str,
    /// YYYY-MM-DD, today up to 7 days ahead.
    pub mailing_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    /// The goods' value in US dollars.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_value: Option<serde_json::Number>,
}

#[derive(Debug, Clone, Default)]
pub struct TotalRatesResponse {
    pub rate_options: Vec<RateOption>,
}

impl TotalRatesResponse {
    /// An object with `rateOptions` (an empty list or `null` when nothing is priced).
    pub fn read(answer: &Value) -> Result<Self, &'static str> {
        if answer.get("rateOptions").is_none() {
            return Err("has no rateOptions");
        }
        Ok(Self { rate_options: list(answer, "rateOptions").iter().map(RateOption::read).collect() })
    }
}

/// One priced product: its base price (rate, fees and pound postage), the extra services
/// USPS offers with it, and `totalPrice` (base plus those extra services).
#[derive(Debug, Clone, Default)]
pub struct RateOption {
    pub total_base_price: Option<Decimal>,
    pub total_price: Option<Decimal>,
    pub rates: Vec<RateDetail>,
}

impl RateOption {
    fn read(option: &Value) -> Self {
        Self {
            total_base_price: decimal(option, "totalBasePrice"),
            total_price: decimal(option, "totalPrice"),
            rates: list(option, "rates").iter().map(RateDetail::read).collect(),
        }
    }
}

/// The rate ingredients USPS priced; `processingCategory`, `rateIndicator` and
/// `destinationEntryFacilityType` go into the label request so that the label is bought at
/// this price.
#[derive(Debug, Clone, Default)]
pub struct RateDetail {
    pub mail_class: Option<String>,
    pub description: Option<String>,
    pub processing_category: Option<String>,
    pub rate_indicator: Option<String>,
    pub destination_entry_facility_type: Option<String>,
}

impl RateDetail {
    fn read(rate: &Value) -> Self {
        Self {
            mail_class: text(rate, "mailClass"),
            description: text(rate, "description"),
            processing_category: text(rate, "processingCategory"),
            rate_indicator: text(rate, "rateIndicator"),
            destination_entry_facility_type: text(rate, "destinationEntryFacilityType"),
        }
    }
}

// ---- labels: POST /international-labels/v3/international-label ---------------------------------

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelRequest {
    pub image_info: ImageInfo,
    pub to_address: ToAddress,
    pub from_address: FromAddress,
    pub package_description: PackageDescription,
    pub customs_form: CustomsForm,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageInfo {
    /// `PDF`, `ZPL203DPI` or `ZPL300DPI`.
    pub image_type: &'static str,
    /// Always `4X6LABEL`, the only size the API offers.
    pub label_type: &'static str,
}

/// The foreign addressee. Either `firm` or both names are required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToAddress {
    pub street_address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary_address: Option<String>,
    pub city: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// The country's name, as printed on the label.
    pub country: String,
    #[serde(rename = "countryISOAlpha2Code")]
    pub country_iso_alpha2_code: String,
    #[serde(flatten)]
    pub addressee: Addressee,
}

/// The US sender. Either `firm` or both names are required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FromAddress {
    pub street_address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary_address: Option<String>,
    pub city: String,
    pub state: String,
    #[serde(rename = "ZIPCode")]
    pub zip_code: String,
    #[serde(rename = "ZIPPlus4", skip_serializing_if = "Option::is_none")]
    pub zip_plus4: Option<String>,
    #[serde(flatten)]
    pub addressee: Addressee,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Addressee {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firm: Option<String>,
    /// Digits only, with an optional leading `+` (the spec's pattern).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageDescription {
    pub mail_class: String,
    pub processing_category: String,
    pub destination_entry_facility_type: String,
    pub rate_indicator: String,
    pub mailing_date: String,
    #[serde(rename = "weightUOM")]
    pub weight_uom: &'static str,
    pub weight: serde_json::Number,
    #[serde(rename = "dimensionsUOM")]
    pub dimensions_uom: &'static str,
    pub length: serde_json::Number,
    pub width: serde_json::Number,
    pub height: serde_json::Number,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub customer_reference: Vec<CustomerReference>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerReference {
    /// At most 30 characters; travels in the Shipping Services File, not on the customs form.
    pub reference_number: String,
}

/// The customs declaration USPS prints with the label (CN22 or CN23 data).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomsForm {
    /// `MERCHANDISE`, `GIFT`, `COMMERCIAL_SAMPLE`, `RETURNED_GOODS`, …
    pub customs_content_type: &'static str,
    /// The AES ITN, or the exemption legend such as `NO EEI 30.37(a)`.
    #[serde(rename = "AESITN")]
    pub aes_itn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoice_number: Option<String>,
    pub contents: Vec<Content>,
}

/// One line of the declaration. `itemTotalValue` and `itemTotalWeight` are the fields the spec
/// keeps (`itemValue`/`itemWeight` are deprecated).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Content {
    pub item_description: String,
    pub item_quantity: u32,
    /// US dollars for the whole line.
    pub item_total_value: serde_json::Number,
    /// Pounds for the whole line.
    pub item_total_weight: serde_json::Number,
    #[serde(rename = "weightUOM")]
    pub weight_uom: &'static str,
    #[serde(rename = "HSTariffNumber", skip_serializing_if = "Option::is_none")]
    pub hs_tariff_number: Option<String>,
    /// Spelled with a lower-case "of", as the spec does.
    #[serde(rename = "countryofOrigin")]
    pub country_of_origin: String,
}

/// The `application/vnd.usps.labels+json` answer: label metadata and the image in one document.
#[derive(Debug, Clone, Default)]
pub struct LabelResponse {
    pub international_tracking_number: Option<String>,
    /// US dollars; without insurance and other extra services.
    pub postage: Option<Decimal>,
    /// The prices of the fees and extra services, US dollars.
    pub charges: Vec<Decimal>,
    /// Base64, in the requested image type; the answer has no format field.
    pub label_image: Option<String>,
}

impl LabelResponse {
    pub fn read(answer: &Value) -> Result<Self, &'static str> {
        if !answer.is_object() {
            return Err("is not an object");
        }
        let charges =
            list(answer, "fees").iter().chain(list(answer, "extraServices")).filter_map(|c| decimal(c, "price"));
        Ok(Self {
            international_tracking_number: text(answer, "internationalTrackingNumber"),
            postage: decimal(answer, "postage"),
            charges: charges.collect(),
            label_image: text(answer, "labelImage"),
        })
    }
}

/// `DELETE /international-labels/v3/international-label/{trackingNumber}`: `CANCELED`, or
/// `DISPUTED` when the label was already manifested and a refund was requested instead.
#[derive(Debug, Clone, Default)]
pub struct CancelResponse {
    pub status: Option<String>,
    pub dispute_id: Option<String>,
}

impl CancelResponse {
    pub fn read(answer: &Value) -> Result<Self, &'static str> {
        Ok(Self { status: text(answer, "status"), dispute_id: text(answer, "disputeId") })
    }
}

// ---- tracking: GET /tracking/v3/tracking/{trackingNumber}?expand=DETAIL -------------------------

#[derive(Debug, Clone, Default)]
pub struct TrackingResponse {
    pub tracking_number: Option<String>,
    pub status_category: Option<String>,
    pub tracking_events: Vec<TrackingEvent>,
    pub expected_delivery_time_stamp: Option<String>,
    pub predicted_delivery_date: Option<String>,
    pub guaranteed_delivery_time_stamp: Option<String>,
}

impl TrackingResponse {
    /// An object naming the tracking number.
    pub fn read(answer: &Value) -> Result<Self, &'static str> {
        let tracking_number = text(answer, "trackingNumber");
        if tracking_number.is_none() {
            return Err("has no trackingNumber");
        }
        Ok(Self {
            tracking_number,
            status_category: text(answer, "statusCategory"),
            tracking_events: list(answer, "trackingEvents").iter().map(TrackingEvent::read).collect(),
            expected_delivery_time_stamp: text(answer, "expectedDeliveryTimeStamp"),
            predicted_delivery_date: text(answer, "predictedDeliveryDate"),
            guaranteed_delivery_time_stamp: text(answer, "guaranteedDeliveryTimeStamp"),
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct TrackingEvent {
    /// A Publication 199 code such as `EF`.
    pub event_code: Option<String>,
    /// The event as text, such as "Departed Sort Facility".
    pub event_type: Option<String>,
    /// Local time without an offset.
    pub event_timestamp: Option<String>,
    /// The same instant in UTC (`…Z`).
    pub gmt_timestamp: Option<String>,
    pub gmt_offset: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub zip: Option<String>,
    pub country: Option<String>,
}

impl TrackingEvent {
    fn read(event: &Value) -> Self {
        Self {
            event_code: text(event, "eventCode"),
            event_type: text(event, "eventType"),
            event_timestamp: text(event, "eventTimestamp"),
            gmt_timestamp: text(event, "GMTTimestamp"),
            gmt_offset: text(event, "GMTOffset"),
            city: text(event, "eventCity"),
            state: text(event, "eventState"),
            zip: text(event, "eventZIP"),
            country: text(event, "eventCountry"),
        }
    }
}

// ---- errors --------------------------------------------------------------------------------------

/// One entry of `error.errors[]` in `{"apiVersion", "error": {"code", "message", "errors":
/// [{"status", "code", "title", "detail", "source": {"parameter", "example"}}]}}` (CARRIERS.md
/// §4.5).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorItem {
    /// USPS's internal code, such as `160049`.
    pub code: Option<String>,
    pub title: Option<String>,
    pub detail: Option<String>,
    /// The request field at fault, such as `toAddress.postalCode`.
    pub parameter: Option<String>,
}

/// The errors of a USPS error body, and its top-level `code` and `message` (empty when the body
/// is not USPS's error shape).
pub fn read_errors(body: &Value) -> (Vec<ErrorItem>, Option<String>) {
    // USPS's document has `error.code` (the HTTP status) and `error.message`; any other JSON
    // is not read, so another service's answer is never quoted as USPS's.
    let Some(error) =
        body.get("error").filter(|e| e.is_object() && e.get("code").is_some() && e.get("message").is_some())
    else {
        return (Vec::new(), None);
    };
    // Bounded and free of control characters: the text ends up in stored messages.
    let text = |value: &Value, key: &str| text(value, key).map(|t| carrier_text(&t)).filter(|t| !t.is_empty());
    let items = list(error, "errors")
        .iter()
        .map(|item| ErrorItem {
            code: text(item, "code"),
            title: text(item, "title"),
            detail: text(item, "detail"),
            parameter: item.get("source").and_then(|s| text(s, "parameter")),
        })
        .collect();
    let summary = [text(error, "code"), text(error, "message")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    (items, Some(summary).filter(|s| !s.is_empty()))
}

// ---- reading -------------------------------------------------------------------------------------

/// The text at `key`, trimmed; a number is read as its text; blank or absent is `None`.
pub fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The decimal at `key`, from a JSON number or a string.
pub fn decimal(value: &Value, key: &str) -> Option<Decimal> {
    text(value, key).map(Decimal::new)
}

/// The list at `key`; absent or `null` is empty.
pub fn list<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATES: &str = include_str!("../../../tests/fixtures/carriers/usps-rate-response.json");
    const LABEL: &str = include_str!("../../../tests/fixtures/carriers/usps-label-response.json");
    const TRACK: &str = include_str!("../../../tests/fixtures/carriers/usps-track-response.json");
    const ADDRESS: &str = include_str!("../../../tests/fixtures/carriers/usps-error-address.json");

    fn json(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn the_sample_responses_read() {
        let rates = TotalRatesResponse::read(&json(RATES)).unwrap();
        assert_eq!(rates.rate_options.len(), 3);
        assert_eq!(
            rates.rate_options[1].rates[0].mail_class.as_deref(),
            Some("FIRST-CLASS_PACKAGE_INTERNATIONAL_SERVICE")
        );
        assert_eq!(rates.rate_options[1].total_base_price.as_ref().unwrap().as_str(), "44.8");
        let label = LabelResponse::read(&json(LABEL)).unwrap();
        assert_eq!(label.international_tracking_number.as_deref(), Some("CP123456785US"));
        assert_eq!(label.postage.unwrap().as_str(), "72.35");
        let track = TrackingResponse::read(&json(TRACK)).unwrap();
        assert_eq!(track.tracking_events.len(), 7);
        assert_eq!(track.tracking_events[0].gmt_timestamp.as_deref(), Some("2026-11-20T10:42:00Z"));
        let (errors, summary) = read_errors(&json(ADDRESS));
        assert_eq!(errors[0].code.as_deref(), Some("160049"));
        assert_eq!(errors[0].parameter.as_deref(), Some("toAddress.postalCode"));
        assert_eq!(summary.as_deref(), Some("400 Bad Request"));
    }

    #[test]
    fn nulls_where_lists_belong_read_as_empty_and_numbers_as_text() {
        let rates = TotalRatesResponse::read(&json(r#"{"rateOptions": null}"#)).unwrap();
        assert!(rates.rate_options.is_empty());
        let track = TrackingResponse::read(&json(
            r#"{"trackingNumber": "X1", "trackingEvents": null, "emailEnabled": "true"}"#,
        ))
        .unwrap();
        assert!(track.tracking_events.is_empty());
        assert_eq!(text(&json(r#"{"zip": 10115}"#), "zip").as_deref(), Some("10115"));
        assert_eq!(text(&json(r#"{"zip": "  "}"#), "zip"), None);
    }

    #[test]
    fn an_answer_of_another_shape_says_what_is_missing() {
        assert_eq!(TotalRatesResponse::read(&json("[]")).unwrap_err(), "has no rateOptions");
        assert_eq!(TrackingResponse::read(&json(r#"{"status": "ok"}"#)).unwrap_err(), "has no trackingNumber");
        assert_eq!(LabelResponse::read(&json("\"label\"")).unwrap_err(), "is not an object");
    }

    #[test]
    fn field_names_are_spelled_as_usps_spells_them() {
        let content = Content {
            item_description: "Cotton T-shirt".into(),
            item_quantity: 6,
            item_total_value: serde_json::Number::from(85),
            item_total_weight: serde_json::Number::from(2),
            weight_uom: "lb",
            hs_tariff_number: Some("610910".into()),
            country_of_origin: "CN".into(),
        };
        let json = serde_json::to_value(&content).unwrap();
        let mut keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "HSTariffNumber",
                "countryofOrigin",
                "itemDescription",
                "itemQuantity",
                "itemTotalValue",
                "itemTotalWeight",
                "weightUOM"
            ]
        );
    }
}
