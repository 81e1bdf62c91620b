//! UPS's JSON, as serde types: the request bodies this adapter sends and the response bodies it
//! reads, one module per API (Rating, Shipping with Void, Track). The OAuth token answer is the
//! SDK's [`Token`](crossdock_sdk::carrier::Token).
//!
//! The shapes follow UPS's OpenAPI files (`OAuthClientCredentials.yaml`, `Rating.yaml` and
//! `Shipping.yaml` at version `v2409`, `Tracking.yaml` v1; UPS-API/api-documentation, snapshot
//! e6f36df of 2026-07-21) as summarised in `tests/fixtures/carriers/CARRIERS.md` §2, with the
//! deviations live servers are known to show (read 2026-11-25):
//!
//! - every number is a string, money included (`"435.60"`);
//! - `Service.Description` is usually `""`, so names come from [`crate::services`];
//! - `RatedShipment`, `RatedPackage`, `PackageResults`, `ItemizedCharges` and `Alert` are
//!   meant to be arrays from v2403 on, but a single element still arrives as a bare object
//!   (UPS-API/api-documentation issue #138, open since 2024-07-31): [`each`] accepts both.
//!
//! Request types are serde structs that skip absent optional fields instead of sending
//! `null`, which UPS's validators refuse. Response types are plain structs read from a parsed
//! [`Value`] by [`FromJson`]: a derived `Deserialize` per response type cost the component
//! about 140 KB of monomorphised serde code, against the 512 KB it must stay under. They read
//! only what the adapter uses and ignore the rest, so a field UPS adds later changes nothing;
//! a field that is missing or of another type reads as empty, and the adapter checks the
//! fields it needs.

use crossdock_sdk::CarrierError;
use serde::Serialize;
use serde_json::Value;

pub mod rating;
pub mod shipping;
pub mod tracking;

/// A response type read from a parsed JSON value.
pub trait FromJson: Sized {
    fn from_json(value: &Value) -> Self;
}

/// A string field's text (a number's digits too); `""` when absent or of another type.
pub fn text(value: &Value) -> String {
    opt(value).unwrap_or_default()
}

/// A string field's text (a number's digits too), or `None`.
pub fn opt(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The elements of a UPS array, which may arrive as a bare object when it has one element;
/// nothing when absent.
pub fn each<T: FromJson>(value: &Value) -> Vec<T> {
    match value {
        Value::Array(items) => items.iter().map(T::from_json).collect(),
        Value::Object(_) => vec![T::from_json(value)],
        _ => Vec::new(),
    }
}

/// An object field, or `None` when absent.
pub fn read<T: FromJson>(value: &Value) -> Option<T> {
    value.is_object().then(|| T::from_json(value))
}

/// The object under `key` of a UPS answer, or `BadResponse` quoting the start of the answer.
pub fn envelope<'v>(answer: &'v Value, key: &str, what: &str) -> Result<&'v Value, CarrierError> {
    let inner = &answer[key];
    if inner.is_object() {
        return Ok(inner);
    }
    let start: String = answer.to_string().chars().take(160).collect();
    Err(CarrierError::BadResponse(format!("UPS {what} answer has no `{key}`: `{start}`")))
}

/// UPS's ubiquitous `{"Code": "…", "Description": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDescription {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl FromJson for CodeDescription {
    fn from_json(v: &Value) -> Self {
        Self { code: text(&v["Code"]), description: opt(&v["Description"]) }
    }
}

impl CodeDescription {
    pub fn new(code: &str, description: &str) -> Self {
        Self { code: code.to_owned(), description: Some(description.to_owned()) }
    }
}

/// An amount as UPS writes it: `{"CurrencyCode": "CNY", "MonetaryValue": "435.60"}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Amount {
    pub currency_code: String,
    pub monetary_value: String,
}

impl FromJson for Amount {
    fn from_json(v: &Value) -> Self {
        Self { currency_code: text(&v["CurrencyCode"]), monetary_value: text(&v["MonetaryValue"]) }
    }
}

/// The `Response` block at the top of every Rating, Shipping and Void answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResponseBlock {
    /// `Code` `"1"` is success.
    pub response_status: CodeDescription,
    /// Warnings that do not stop the call, such as 110971 "Your invoice may vary…".
    pub alert: Vec<CodeDescription>,
}

impl FromJson for ResponseBlock {
    fn from_json(v: &Value) -> Self {
        Self { response_status: CodeDescription::from_json(&v["ResponseStatus"]), alert: each(&v["Alert"]) }
    }
}

/// One UPS error: a numeric-string code (`"120207"`, `"250002"`, `"TV1002"`) and its text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl FromJson for ApiError {
    fn from_json(v: &Value) -> Self {
        // Bounded and free of control characters: the text ends up in stored messages.
        let clean = |v: &Value| crossdock_sdk::carrier::carrier_text(&text(v));
        Self { code: clean(&v["code"]), message: clean(&v["message"]) }
    }
}

/// The errors in the error body of every UPS endpoint,
/// `{"response":{"errors":[{"code":"250002","message":"Invalid Authentication Information."}]}}`
/// (CARRIERS.md §2.5); none when the body is something else, or when an entry has no code
/// (UPS's document always names one: another service's JSON is not quoted as UPS's).
pub fn errors(body: &[u8]) -> Vec<ApiError> {
    let errors: Vec<ApiError> =
        serde_json::from_slice::<Value>(body).map(|v| each(&v["response"]["errors"])).unwrap_or_default();
    if errors.iter().any(|e| e.code.is_empty()) { Vec::new() } else { errors }
}

/// An address in a Rating or Shipping request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Address {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub address_line: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_province_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    pub country_code: String,
}

/// Shipper, ship-from or ship-to in a Rating or Shipping request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Party {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attention_name: Option<String>,
    /// The UPS account number; on `Shipper` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipper_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    #[serde(rename = "EMailAddress", skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    pub address: Address,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Phone {
    pub number: String,
}

/// Who pays: `Type` `"01"` transportation, `"02"` duties and taxes, billed to the shipper's
/// account.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ShipmentCharge {
    #[serde(rename = "Type")]
    pub kind: String,
    pub bill_shipper: BillShipper,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BillShipper {
    pub account_number: String,
}

/// Package dimensions; UPS wants the numbers as strings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dimensions {
    pub unit_of_measurement: CodeDescription,
    pub length: String,
    pub width: String,
    pub height: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PackageWeight {
    pub unit_of_measurement: CodeDescription,
    pub weight: String,
}

/// `{"NegotiatedRatesIndicator": "Y"}`: ask for the account's negotiated prices.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RatingOptions {
    pub negotiated_rates_indicator: String,
}

/// `…NegotiatedRateCharges.TotalCharge` of a rated or shipped shipment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NegotiatedRateCharges {
    pub total_charge: Option<Amount>,
}

impl FromJson for NegotiatedRateCharges {
    fn from_json(v: &Value) -> Self {
        Self { total_charge: read(&v["TotalCharge"]) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ups_array_may_be_a_bare_object() {
        let many: Vec<CodeDescription> = each(&serde_json::json!([{"Code": "1"}, {"Code": "2"}]));
        assert_eq!(many.len(), 2);
        let one: Vec<CodeDescription> = each(&serde_json::json!({"Code": "1", "Description": "x"}));
        assert_eq!(one, vec![CodeDescription::new("1", "x")]);
        assert!(each::<CodeDescription>(&Value::Null).is_empty());
    }

    #[test]
    fn the_error_body_reads_code_and_message() {
        let errors =
            errors(br#"{"response":{"errors":[{"code":"250002","message":"Invalid Authentication Information."}]}}"#);
        assert_eq!(errors[0].code, "250002");
        assert_eq!(errors[0].message, "Invalid Authentication Information.");
        assert!(super::errors(b"<html>502 Bad Gateway</html>").is_empty());
    }

    #[test]
    fn absent_or_mistyped_fields_read_as_empty() {
        let amount = Amount::from_json(&serde_json::json!({"CurrencyCode": "CNY", "MonetaryValue": 12.5}));
        assert_eq!(amount.monetary_value, "12.5");
        assert_eq!(Amount::from_json(&serde_json::json!({"CurrencyCode": ["CNY"]})).currency_code, "");
    }

    #[test]
    fn an_answer_without_its_envelope_is_a_bad_response() {
        let err = envelope(&serde_json::json!({"Fault": {}}), "RateResponse", "rating").unwrap_err();
        assert!(
            matches!(&err, CarrierError::BadResponse(m) if m.contains("RateResponse") && m.contains("Fault")),
            "{err:?}"
        );
    }

    #[test]
    fn absent_optional_request_fields_are_left_out_not_null() {
        let address = Address { country_code: "DE".into(), postal_code: Some("10115".into()), ..Address::default() };
        assert_eq!(serde_json::to_string(&address).unwrap(), r#"{"PostalCode":"10115","CountryCode":"DE"}"#);
    }
}
