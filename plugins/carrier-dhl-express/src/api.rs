//! Talking to MyDHL API: the headers every call carries, and DHL's error bodies read into the
//! [`CarrierError`]s the core acts on.
//!
//! Every call authenticates with HTTP Basic (the binding secrets `username` and `password`;
//! MyDHL API has no token step) and sends `x-version` (CARRIERS.md §1.1, MyDHL OpenAPI 3.1.1
//! `xVersionHeader`, "do not change", read 2026-11-25).
//!
//! Errors are `application/problem+json` (CARRIERS.md §1.5): `{instance, detail, title,
//! message, status, additionalDetails[]}` with `status` a string, or `code` in its place on a
//! 500. DHL does not document which `detail` codes mean a bad address, so an address error is
//! recognised by what the detail or the schema-validation paths name (postal code, city,
//! address); anything else in a 400 or 422 is `InvalidRequest`.
//!
//! Only those documented fields (`title`, `detail`/`message`, `additionalDetails`) are quoted,
//! bounded and cleaned by `carrier_text`; an answer that is not a problem document (an HTML
//! page, another service's JSON) is named by status, host and size only, so a `base_url`
//! pointed elsewhere cannot copy that service's answer into plugin-run records and hold
//! reasons.
//!
//! **Idempotency.** MyDHL API documents no idempotency key: `Message-Reference` is a
//! correlation id that DHL echoes back, not a promise that a repeated request makes no second
//! shipment. So a create-shipment request is sent without one, and the core's shipment claim
//! is what keeps a label from being bought twice. (Cancelling a DHL Express shipment is not in
//! the API at all: an unused waybill is never billed.)

use crossdock_sdk::HttpResponse;
use crossdock_sdk::carrier::{self, ApiRequest, required_secret};
use crossdock_sdk::prelude::*;

use crate::wire::Problem;

/// `x-version` (MyDHL OpenAPI 3.1.1, CARRIERS.md §1.1, read 2026-11-25).
pub const X_VERSION: &str = "3.1.0";

/// What a call was doing, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation<'a> {
    Rate,
    Label,
    Track(&'a str),
}

/// A request with Basic auth from the binding secrets and DHL's headers.
pub fn request(ctx: &Ctx, request: ApiRequest) -> Result<ApiRequest, CarrierError> {
    let username = required_secret(ctx, "username")?;
    let password = required_secret(ctx, "password")?;
    Ok(request.basic_auth(&username, &password).header("x-version", X_VERSION))
}

/// Reads DHL's error body of a non-2xx answer from `url` into a typed error.
pub fn error(response: &HttpResponse, url: &str, operation: Operation<'_>) -> Option<CarrierError> {
    let problem: Problem = serde_json::from_slice(&response.body).unwrap_or_default();
    let detail = describe(&problem)
        .unwrap_or_else(|| carrier::foreign_answer(response.status, url, &response.body, "DHL Express"));
    let status = response.status;
    Some(match status {
        401 | 403 => CarrierError::AuthFailed(format!(
            "DHL Express refused the credentials (HTTP {status}: {detail}); check the binding secrets `username` and \
             `password` (the MyDHL API key and secret) and that the account may use MyDHL API"
        )),
        404 => match operation {
            Operation::Track(number) => {
                CarrierError::NotFound(format!("DHL Express knows no shipment {number}: {detail}"))
            }
            _ => CarrierError::NotFound(format!("DHL Express answered 404 ({detail}); check `base_url`")),
        },
        400 | 422 if names_an_address(&problem) => CarrierError::AddressRejected(format!(
            "DHL Express refused an address ({detail}); correct the address and try again"
        )),
        400 | 422 if names_no_product(&problem) => {
            CarrierError::ServiceUnavailable(format!("DHL Express offers no product for this shipment: {detail}"))
        }
        429 => CarrierError::ServiceUnavailable(format!(
            "DHL Express is rate-limiting this account (HTTP 429: {detail}); retry later"
        )),
        _ => carrier::status_error(status, &format!("DHL Express: {detail}")),
    })
}

/// `title: detail [additional details]`, or `None` when the body has none of them.
fn describe(problem: &Problem) -> Option<String> {
    if !problem.is_dhl() {
        return None;
    }
    let text = describe_raw(problem)?;
    Some(carrier::carrier_text(&text)).filter(|t| !t.is_empty())
}

fn describe_raw(problem: &Problem) -> Option<String> {
    let mut text = match (&problem.title, problem.detail.as_deref().or(problem.message.as_deref())) {
        (Some(title), Some(detail)) => format!("{title}: {}", detail.trim()),
        (None, Some(detail)) => detail.trim().to_owned(),
        (Some(title), None) => title.clone(),
        (None, None) => return None,
    };
    if !problem.additional_details.is_empty() {
        text.push_str(&format!(" [{}]", problem.additional_details.join("; ")));
    }
    Some(text)
}

fn texts(problem: &Problem) -> String {
    let mut all = String::new();
    for part in [&problem.detail, &problem.message].into_iter().flatten() {
        all.push_str(part);
        all.push(' ');
    }
    for part in &problem.additional_details {
        all.push_str(part);
        all.push(' ');
    }
    all.to_ascii_lowercase()
}

/// Whether the error is about an address: its text or a schema path names a postal code,
/// city or address of a party.
fn names_an_address(problem: &Problem) -> bool {
    let text = texts(problem);
    // " city" with its space, so that "capacity" is not an address.
    ["postal code", "postalcode", "postcode", "zip code", " city", "cityname", "address", "suburb"]
        .iter()
        .any(|hint| text.contains(hint))
}

/// Whether DHL says no product serves the shipment.
fn names_no_product(problem: &Problem) -> bool {
    let text = texts(problem);
    text.contains("product") && (text.contains("not available") || text.contains("no product"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_at(response: &HttpResponse, operation: Operation<'_>) -> Option<CarrierError> {
        error(response, "http://127.0.0.1:8091/dhl/rates", operation)
    }

    fn answer(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.as_bytes().to_vec() }
    }

    #[test]
    fn an_address_in_a_schema_path_is_an_address_error() {
        let body = r##"{"instance":"/expressapi/shipments","detail":"Multiple problems found, see Additional Details",
            "title":"Validation error","message":"Unprocessable Entity","status":"422",
            "additionalDetails":["#/customerDetails/receiverDetails/postalAddress/cityName: expected maxLength: 45, actual: 49"]}"##;
        let err = error_at(&answer(422, body), Operation::Label).unwrap();
        assert!(matches!(&err, CarrierError::AddressRejected(m) if m.contains("cityName")), "{err}");
    }

    #[test]
    fn other_validation_errors_are_invalid_requests_with_their_details() {
        let body = r#"{"instance":"/expressapi/rates","detail":"998: ShipTimeStamp is not well formatted","title":"Bad request","message":"Bad request","status":"400"}"#;
        let err = error_at(&answer(400, body), Operation::Rate).unwrap();
        assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("998: ShipTimeStamp")), "{err}");
    }

    #[test]
    fn a_process_failure_with_code_instead_of_status_is_unavailable() {
        let body = r#"{"instance":"/expressapi/rates","detail":"999: Process failure occurred","title":"Process failure","message":"Internal Server Error","code":"500"}"#;
        let err = error_at(&answer(500, body), Operation::Rate).unwrap();
        assert!(matches!(&err, CarrierError::ServiceUnavailable(m) if m.contains("999")), "{err}");
    }

    #[test]
    fn an_unknown_waybill_is_not_found_naming_it() {
        let body =
            r#"{"title":"Not data found","detail":"No Shipments Found for shipmentTrackingNumber 1","status":"404"}"#;
        let err = error_at(&answer(404, body), Operation::Track("1")).unwrap();
        assert!(matches!(&err, CarrierError::NotFound(m) if m.contains("no shipment 1")), "{err}");
    }

    #[test]
    fn a_body_that_is_not_a_problem_document_is_described_not_quoted() {
        let err = error_at(&answer(401, "<html>Unauthorized</html>"), Operation::Rate).unwrap();
        assert!(
            matches!(&err, CarrierError::AuthFailed(m) if m.contains("HTTP 401 from 127.0.0.1:8091 (25 bytes, not a DHL Express error)")),
            "{err}"
        );
        assert!(!err.to_string().contains("<html>"), "{err}");
        let err = error_at(&answer(500, r#"{"db_password":"hunter2"}"#), Operation::Label).unwrap();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(err.to_string().contains("not a DHL Express error"), "{err}");
    }
}
