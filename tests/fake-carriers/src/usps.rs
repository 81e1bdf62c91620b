//! The USPS double: the v3 APIs as `tests/fixtures/carriers/CARRIERS.md` §4 documents them.
//!
//! | method and path (below `/usps`) | answer |
//! | --- | --- |
//! | `POST /oauth2/v3/token` | OAuth 2 client credentials, JSON or form body → `usps-token-response.json`; refused credentials → 401 `usps-token-error-response.json` (RFC 6749 form) |
//! | `POST /payments/v3/payment-authorization` | the `PAYER` and `LABEL_OWNER` roles → `usps-payment-authorization-response.json` |
//! | `POST /international-prices/v3/total-rates/search` | `usps-rate-response.json`, narrowed to the requested `mailClass` unless it is `ALL` |
//! | `POST /international-labels/v3/international-label` | 201: `usps-label-response.json` with a freshly issued S10 tracking number, postage from the rate fixture, and a PDF or ZPL image as `imageInfo.imageType` asks; one JSON document for `Accept: application/vnd.usps.labels+json`, the documented multipart body otherwise. A repeated `X-Idempotency-Key` with the same body gets the label already made, as the spec promises; with another body, a 400 (USPS does not document that case) |
//! | `DELETE /international-labels/v3/international-label/{trackingNumber}` | `CANCELED` for a label issued here, `DISPUTED` (refund requested) for the sample's manifested label, 400 "Order not found" otherwise |
//! | `GET /tracking/v3/tracking/{trackingNumber}` | the tracking fixture whose `trackingNumber` matches, or `usps-track-response.json` for a label issued here; 400 `150002` otherwise |
//!
//! Every API call needs `Authorization: Bearer <token issued here>` (401 `UNAUTHORIZED` with a
//! `WWW-Authenticate` header otherwise); labels and cancellations also need the
//! `X-Payment-Authorization-Token` issued by the payments call. Missing required fields are 400s
//! in USPS's error shape naming the parameter. Modes: `RejectAuth` refuses the token call (and
//! any bearer), `Unavailable` answers 503 everywhere, `BadAddress` answers the rate and label
//! calls with the international-label postal-code error `160049`, `Malformed` truncates the JSON
//! of every call after the token, `Slow(d)` sleeps `d` before each answer, `Held` waits until the test releases the request.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

use crate::{Mode, Recorded, State, fixture_json};

const CARRIER: &str = "usps";
/// The media type that makes the label call answer one JSON document instead of multipart.
const LABELS_JSON: &str = "application/vnd.usps.labels+json";
/// The tracking fixtures, each answering for its own `trackingNumber`.
const TRACK_FIXTURES: &[&str] = &["usps-track-response.json", "usps-track-every-code-response.json"];
/// The sample label's number: manifested, so cancelling it asks for a refund.
const MANIFESTED: &str = "CP123456785US";

/// Serial numbers of the labels this server issues.
static NEXT_SERIAL: AtomicU32 = AtomicU32::new(40_000_001);

/// A label made with an idempotency key.
struct Made {
    /// The `Host` the request was sent to: every server of the process shares [`IDEMPOTENT`].
    host: String,
    key: String,
    body: Vec<u8>,
    answer: Value,
}

/// Labels made with an idempotency key.
static IDEMPOTENT: Mutex<Vec<Made>> = Mutex::new(Vec::new());

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new().route("/{*path}", any(handle))
}

async fn handle(
    extract::State(state): extract::State<Arc<State>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state.receive(Recorded::of(CARRIER, &method, &uri, &headers, &body)).await;
    let mode = state.mode(CARRIER);
    let request = Request { method, segments: uri.path().trim_matches('/').split('/').collect(), headers, body };
    let api = request.segments.first().map(|s| format!("/{s}/v3")).unwrap_or_default();
    if mode == Mode::Unavailable {
        return error_fixture(StatusCode::SERVICE_UNAVAILABLE, "usps-error-503.json", &api);
    }
    if request.is(Method::POST, &["oauth2", "v3", "token"]) {
        return token(&request, mode);
    }
    if mode == Mode::RejectAuth || !request.has_bearer() {
        return unauthorized(&api);
    }
    let answer = match (request.method.clone(), request.segments.as_slice()) {
        (Method::POST, ["payments", "v3", "payment-authorization"]) => payment_authorization(&request),
        (Method::POST, ["international-prices", "v3", "total-rates", "search"]) => rates(&request, mode),
        (Method::POST, ["international-labels", "v3", "international-label"]) => label(&state, &request, mode),
        (Method::DELETE, ["international-labels", "v3", "international-label", number]) => {
            cancel(&state, &request, number)
        }
        (Method::GET, ["tracking", "v3", "tracking", number]) => track(&state, number),
        _ => return usps_error(StatusCode::NOT_FOUND, &api, "404", "Not Found", "No such resource.", None),
    };
    match answer {
        Answer::Json(status, body) if mode == Mode::Malformed => truncated(status, &body),
        Answer::Json(status, body) => (status, axum::Json(body)).into_response(),
        Answer::Raw(response) => response,
    }
}

/// What a handler answers: JSON (which `Malformed` truncates) or a finished response.
enum Answer {
    Json(StatusCode, Value),
    Raw(Response),
}

struct Request<'a> {
    method: Method,
    segments: Vec<&'a str>,
    headers: HeaderMap,
    body: Bytes,
}

impl Request<'_> {
    fn is(&self, method: Method, segments: &[&str]) -> bool {
        self.method == method && self.segments == segments
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Whether the request carries the bearer token this server issues.
    fn has_bearer(&self) -> bool {
        let token = fixture_json("usps-token-response.json")["access_token"].as_str().unwrap_or_default().to_owned();
        self.header("authorization").and_then(|v| v.strip_prefix("Bearer ")) == Some(token.as_str())
    }

    /// Whether the request carries the payment authorization token this server issues.
    fn has_payment_token(&self) -> bool {
        let fixture = fixture_json("usps-payment-authorization-response.json");
        let token = fixture["paymentAuthorizationToken"].as_str().unwrap_or_default().to_owned();
        self.header("x-payment-authorization-token") == Some(token.as_str())
    }

    fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

// ---- endpoints ---------------------------------------------------------------------------------

/// `POST /oauth2/v3/token`: JSON body (as USPS documents it) or a form body (as karrio sends it).
fn token(request: &Request<'_>, mode: Mode) -> Response {
    let fields: Vec<(String, String)> =
        if request.header("content-type").is_some_and(|c| c.starts_with("application/x-www-form-urlencoded")) {
            form_fields(&request.body)
        } else {
            match request.json() {
                Some(Value::Object(map)) => {
                    map.into_iter().filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_owned()))).collect()
                }
                _ => Vec::new(),
            }
        };
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default();
    if field("grant_type") != "client_credentials" {
        let body = json!({"error": "unsupported_grant_type", "error_description": "Unsupported grant type."});
        return (StatusCode::BAD_REQUEST, axum::Json(body)).into_response();
    }
    if mode == Mode::RejectAuth || field("client_id").is_empty() || field("client_secret").is_empty() {
        let body = fixture_json("usps-token-error-response.json");
        return (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
    }
    let mut body = fixture_json("usps-token-response.json");
    body["client_id"] = json!(field("client_id"));
    (StatusCode::OK, axum::Json(body)).into_response()
}

/// `POST /payments/v3/payment-authorization`: a `PAYER` with an EPS account and a `LABEL_OWNER`
/// with CRID, MID and manifest MID are required for labels.
fn payment_authorization(request: &Request<'_>) -> Answer {
    const API: &str = "/payments/v3";
    let Some(body) = request.json() else {
        return bad_request(API, "roles", "The request body is not JSON.");
    };
    let roles = body["roles"].as_array().cloned().unwrap_or_default();
    let role = |name: &str| roles.iter().find(|r| r["roleName"] == name).cloned();
    let Some(payer) = role("PAYER") else {
        return bad_request(API, "roles", "The PAYER role is required.");
    };
    let Some(owner) = role("LABEL_OWNER") else {
        return bad_request(API, "roles", "The LABEL_OWNER role is required.");
    };
    for (role, field) in [(&payer, "CRID"), (&payer, "accountType"), (&payer, "accountNumber")].into_iter().chain([
        (&owner, "CRID"),
        (&owner, "MID"),
        (&owner, "manifestMID"),
    ]) {
        if role[field].as_str().is_none_or(str::is_empty) {
            return bad_request(API, &format!("roles.{field}"), &format!("{field} is required for this role."));
        }
    }
    let mut answer = fixture_json("usps-payment-authorization-response.json");
    answer["roles"] = json!(roles);
    Answer::Json(StatusCode::OK, answer)
}

/// `POST /international-prices/v3/total-rates/search`.
fn rates(request: &Request<'_>, mode: Mode) -> Answer {
    const API: &str = "/international-prices/v3";
    let Some(body) = request.json() else {
        return bad_request(API, "body", "The request body is not JSON.");
    };
    if let Some(missing) = ["originZIPCode", "destinationCountryCode"].into_iter().find(|f| body[*f].as_str().is_none())
    {
        return bad_request(API, missing, &format!("{missing} is required."));
    }
    if !body["originZIPCode"].as_str().is_some_and(is_zip) {
        return bad_request(API, "originZIPCode", "originZIPCode must be a 5-digit ZIP Code.");
    }
    if let Some(missing) = ["weight", "length", "width", "height"].into_iter().find(|f| !positive(&body[*f])) {
        return bad_request(API, missing, &format!("{missing} is required and must be greater than 0."));
    }
    if mode == Mode::BadAddress {
        return Answer::Raw(error_fixture(StatusCode::BAD_REQUEST, "usps-error-address.json", API));
    }
    let mut answer = fixture_json("usps-rate-response.json");
    if let Some(class) = body["mailClass"].as_str().filter(|c| *c != "ALL")
        && let Some(options) = answer["rateOptions"].as_array_mut()
    {
        options.retain(|o| o["rates"][0]["mailClass"] == class);
    }
    Answer::Json(StatusCode::OK, answer)
}

/// `POST /international-labels/v3/international-label`.
fn label(state: &State, request: &Request<'_>, mode: Mode) -> Answer {
    const API: &str = "/international-labels/v3";
    if !request.has_payment_token() {
        return bad_request(API, "X-Payment-Authorization-Token", "A valid payment authorization token is required.");
    }
    let Some(body) = request.json() else {
        return bad_request(API, "body", "The request body is not JSON.");
    };
    if let Err((parameter, detail)) = check_label_request(&body) {
        return bad_request(API, &parameter, &detail);
    }
    if mode == Mode::BadAddress {
        return Answer::Raw(error_fixture(StatusCode::BAD_REQUEST, "usps-error-address.json", API));
    }
    let key = request
        .header("x-idempotency-key")
        .map(|k| (request.header("host").unwrap_or_default().to_owned(), k.to_owned()));
    if let Some((host, key)) = &key {
        let made = IDEMPOTENT.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(Made { body: sent, answer, .. }) = made.iter().find(|m| &m.host == host && &m.key == key) {
            if sent.as_slice() != request.body.as_ref() {
                return bad_request(
                    API,
                    "X-Idempotency-Key",
                    "The idempotency key was already used for another request.",
                );
            }
            return labelled(request, mode, answer.clone(), body["imageInfo"]["imageType"].as_str().unwrap_or("PDF"));
        }
    }
    let package = &body["packageDescription"];
    let class = package["mailClass"].as_str().unwrap_or_default();
    let rates = fixture_json("usps-rate-response.json");
    let Some(option) =
        rates["rateOptions"].as_array().into_iter().flatten().find(|o| o["rates"][0]["mailClass"] == class).cloned()
    else {
        return bad_request(API, "packageDescription.mailClass", &format!("{class} is not offered to this country."));
    };
    let number = issue_number();
    state.issue_label(CARRIER, number.clone());
    let image_type = body["imageInfo"]["imageType"].as_str().unwrap_or("PDF");
    let mut answer = fixture_json("usps-label-response.json");
    answer["internationalTrackingNumber"] = json!(number);
    answer["postage"] = option["totalBasePrice"].clone();
    answer["SKU"] = option["rates"][0]["SKU"].clone();
    answer["weight"] = package["weight"].clone();
    answer["mailingDate"] = package["mailingDate"].clone();
    match image_type {
        "PDF" => {}
        "ZPL203DPI" | "ZPL300DPI" => answer["labelImage"] = json!(BASE64.encode(zpl_label(&number, class))),
        "NONE" => {
            if let Some(map) = answer.as_object_mut() {
                map.remove("labelImage");
            }
        }
        other => {
            return bad_request(
                API,
                "imageInfo.imageType",
                &format!("{other} is not an image type this server makes."),
            );
        }
    }
    if let Some((host, key)) = key {
        let made = Made { host, key, body: request.body.to_vec(), answer: answer.clone() };
        IDEMPOTENT.lock().unwrap_or_else(|p| p.into_inner()).push(made);
    }
    labelled(request, mode, answer, image_type)
}

/// The label answer in the form the request's `Accept` asks for.
fn labelled(request: &Request<'_>, mode: Mode, answer: Value, image_type: &str) -> Answer {
    if request.header("accept").is_some_and(|a| a.contains(LABELS_JSON)) || mode == Mode::Malformed {
        Answer::Json(StatusCode::CREATED, answer)
    } else {
        Answer::Raw(multipart(answer, image_type))
    }
}

/// `DELETE /international-labels/v3/international-label/{trackingNumber}`.
fn cancel(state: &State, request: &Request<'_>, number: &str) -> Answer {
    const API: &str = "/international-labels/v3";
    if !request.has_payment_token() {
        return bad_request(API, "X-Payment-Authorization-Token", "A valid payment authorization token is required.");
    }
    if number == MANIFESTED {
        return Answer::Json(StatusCode::OK, fixture_json("usps-cancel-response.json"));
    }
    if state.issued(CARRIER, number) {
        return Answer::Json(StatusCode::OK, json!({"trackingNumber": number, "status": "CANCELED"}));
    }
    Answer::Raw(error_fixture(StatusCode::BAD_REQUEST, "usps-error-label-not-found.json", API))
}

/// `GET /tracking/v3/tracking/{trackingNumber}`.
fn track(state: &State, number: &str) -> Answer {
    for name in TRACK_FIXTURES {
        let fixture = fixture_json(name);
        if fixture["trackingNumber"] == number {
            return Answer::Json(StatusCode::OK, fixture);
        }
    }
    if state.issued(CARRIER, number) {
        let mut fixture = fixture_json(TRACK_FIXTURES[0]);
        fixture["trackingNumber"] = json!(number);
        return Answer::Json(StatusCode::OK, fixture);
    }
    Answer::Raw(error_fixture(StatusCode::BAD_REQUEST, "usps-error-tracking-not-found.json", "/tracking/v3"))
}

// ---- request checks ------------------------------------------------------------------------------

/// The fields the international-labels spec marks required, with what each must hold.
fn check_label_request(body: &Value) -> Result<(), (String, String)> {
    let required = |path: &str| -> Result<(), (String, String)> {
        let value = path.split('.').fold(body, |v, key| &v[key]);
        let present = match value {
            Value::String(s) => !s.trim().is_empty(),
            Value::Null => false,
            _ => true,
        };
        if present { Ok(()) } else { Err((path.to_owned(), format!("{path} is required."))) }
    };
    for path in [
        "toAddress.streetAddress",
        "toAddress.city",
        "toAddress.country",
        "toAddress.countryISOAlpha2Code",
        "fromAddress.streetAddress",
        "fromAddress.city",
        "fromAddress.state",
        "fromAddress.ZIPCode",
        "packageDescription.mailClass",
        "packageDescription.processingCategory",
        "packageDescription.destinationEntryFacilityType",
        "packageDescription.mailingDate",
        "customsForm.customsContentType",
        "customsForm.AESITN",
    ] {
        required(path)?;
    }
    for party in ["toAddress", "fromAddress"] {
        let named = |key: &str| body[party][key].as_str().is_some_and(|s| !s.trim().is_empty());
        if !(named("firm") || (named("firstName") && named("lastName"))) {
            return Err((party.to_owned(), format!("The First and Last Name or Firm Name are required in {party}.")));
        }
    }
    if !body["fromAddress"]["ZIPCode"].as_str().is_some_and(|z| z.len() == 5 && is_zip(z)) {
        return Err(("fromAddress.ZIPCode".into(), "ZIPCode must be 5 digits.".into()));
    }
    let package = &body["packageDescription"];
    for key in ["weight", "length", "width", "height"] {
        if !positive(&package[key]) {
            return Err((format!("packageDescription.{key}"), format!("{key} must be greater than 0.")));
        }
    }
    if package["weightUOM"].as_str().is_some_and(|u| u != "lb")
        || package["dimensionsUOM"].as_str().is_some_and(|u| u != "in")
    {
        return Err(("packageDescription.weightUOM".into(), "Weights are in lb and dimensions in in.".into()));
    }
    let contents = body["customsForm"]["contents"].as_array().cloned().unwrap_or_default();
    if contents.is_empty() || contents.len() > 30 {
        return Err(("customsForm.contents".into(), "Between 1 and 30 content items are required.".into()));
    }
    for (i, item) in contents.iter().enumerate() {
        let at = |key: &str| format!("customsForm.contents[{i}].{key}");
        let description = item["itemDescription"].as_str().unwrap_or_default();
        if description.trim().is_empty() || description.chars().count() > 30 {
            return Err((at("itemDescription"), "itemDescription must be 1 to 30 characters.".into()));
        }
        if item["itemQuantity"].as_u64().is_none_or(|q| q == 0) {
            return Err((at("itemQuantity"), "itemQuantity must be a whole number of at least 1.".into()));
        }
        if item["countryofOrigin"].as_str().is_none_or(|c| c.len() != 2) {
            return Err((at("countryofOrigin"), "countryofOrigin must be an ISO alpha-2 code.".into()));
        }
        let totals = positive(&item["itemTotalValue"]) && positive(&item["itemTotalWeight"]);
        let singles = positive(&item["itemValue"]) && positive(&item["itemWeight"]);
        if !(totals || singles) {
            return Err((
                at("itemTotalValue"),
                "itemValue and itemWeight or itemTotalValue and itemTotalWeight are required.".into(),
            ));
        }
        if let Some(hs) = item["HSTariffNumber"].as_str() {
            let digits = hs.chars().filter(char::is_ascii_alphanumeric).count();
            if !(6..=14).contains(&digits) {
                return Err((at("HSTariffNumber"), "HSTariffNumber must have 6 to 14 digits.".into()));
            }
        }
    }
    Ok(())
}

fn positive(value: &Value) -> bool {
    value.as_f64().is_some_and(|v| v > 0.0)
}

/// A 5-digit ZIP Code, optionally with `-` and 4 more digits.
fn is_zip(zip: &str) -> bool {
    let (five, plus) = zip.split_once('-').unwrap_or((zip, "0000"));
    five.len() == 5 && plus.len() == 4 && five.chars().chain(plus.chars()).all(|c| c.is_ascii_digit())
}

// ---- answers --------------------------------------------------------------------------------------

/// The next tracking number: `CP`, 8 serial digits, the UPU S10 check digit, `US`.
fn issue_number() -> String {
    let serial = NEXT_SERIAL.fetch_add(1, Ordering::Relaxed);
    let digits = format!("{serial:08}");
    // UPU S10: weights 8 6 4 2 3 5 9 7; check = 11 − (sum mod 11), 10 → 0, 11 → 5.
    let sum: u32 = digits.bytes().zip([8, 6, 4, 2, 3, 5, 9, 7]).map(|(d, w)| u32::from(d - b'0') * w).sum();
    let check = match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        c => c,
    };
    format!("CP{digits}{check}US")
}

fn zpl_label(number: &str, class: &str) -> String {
    format!("^XA\n^FO40,40^A0N,40,40^FD{class}^FS\n^FO40,120^BCN,120,Y,N,N^FD{number}^FS\n^XZ\n")
}

/// The default response of the label call: a `labelMetadata` JSON part and a `labelImage` part
/// whose content is base64, whatever its headers say (CARRIERS.md §4.3).
fn multipart(mut answer: Value, image_type: &str) -> Response {
    const BOUNDARY: &str = "usps-label-boundary";
    let image = answer.as_object_mut().and_then(|m| m.remove("labelImage"));
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"labelMetadata\"\r\nContent-Type: application/json\r\n\r\n{answer}\r\n"
    );
    if let Some(Value::String(image)) = image {
        let (content_type, file) = if image_type == "PDF" {
            ("application/pdf", "label.pdf")
        } else {
            ("application/octet-stream", "label.zpl")
        };
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: attachment; filename=\"{file}\"\r\nContent-Type: {content_type}\r\n\r\n{image}\r\n"
        ));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    let mut response = (StatusCode::CREATED, body).into_response();
    if let Ok(value) = HeaderValue::from_str(&format!("multipart/form-data; boundary={BOUNDARY}")) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// A 200 whose JSON stops halfway.
fn truncated(status: StatusCode, body: &Value) -> Response {
    let text = body.to_string();
    let cut: String = text.chars().take(text.chars().count() / 2).collect();
    let mut response = (status, cut).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// An error fixture, with `apiVersion` set to the API that answers.
fn error_fixture(status: StatusCode, name: &str, api: &str) -> Response {
    let mut body = fixture_json(name);
    body["apiVersion"] = json!(api);
    (status, axum::Json(body)).into_response()
}

/// 401 as USPS sends it: the `UNAUTHORIZED` body and a `WWW-Authenticate` header.
fn unauthorized(api: &str) -> Response {
    let mut response = error_fixture(StatusCode::UNAUTHORIZED, "usps-error-401.json", api);
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"https://api.usps.com\""));
    response
}

fn bad_request(api: &str, parameter: &str, detail: &str) -> Answer {
    Answer::Raw(usps_error(StatusCode::BAD_REQUEST, api, "400", "Bad Request", detail, Some(parameter)))
}

/// USPS's error shape: `{apiVersion, error: {code, message, errors: [{status, code, title, detail, source}]}}`.
fn usps_error(
    status: StatusCode,
    api: &str,
    code: &str,
    title: &str,
    detail: &str,
    parameter: Option<&str>,
) -> Response {
    let mut item = json!({"status": status.as_str(), "code": code, "title": title, "detail": detail});
    if let Some(parameter) = parameter {
        item["source"] = json!({"parameter": parameter});
    }
    let message = status.canonical_reason().unwrap_or("Error");
    let body = json!({"apiVersion": api, "error": {"code": status.as_str(), "message": message, "errors": [item]}});
    (status, axum::Json(body)).into_response()
}

/// `a=b&c=d` with `+` and `%XX` decoded.
fn form_fields(body: &[u8]) -> Vec<(String, String)> {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
    }
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let escaped =
                (bytes[i] == b'%').then(|| Some(hex(*bytes.get(i + 1)?)? * 16 + hex(*bytes.get(i + 2)?)?)).flatten();
            match (bytes[i], escaped) {
                (_, Some(b)) => {
                    out.push(b);
                    i += 2;
                }
                (b'+', None) => out.push(b' '),
                (b, None) => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    String::from_utf8_lossy(body)
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_numbers_carry_a_valid_s10_check_digit() {
        // The sample's CP123456785US: 1·8+2·6+3·4+4·2+5·3+6·5+7·9+8·7 = 204, 204 mod 11 = 6, 11−6 = 5.
        let sum: u32 = "12345678".bytes().zip([8, 6, 4, 2, 3, 5, 9, 7]).map(|(d, w)| u32::from(d - b'0') * w).sum();
        assert_eq!(11 - sum % 11, 5);
        let number = issue_number();
        assert!(number.starts_with("CP") && number.ends_with("US") && number.len() == 13, "{number}");
    }

    #[test]
    fn form_bodies_are_decoded() {
        let fields = form_fields(b"grant_type=client_credentials&client_id=a%2Bb&client_secret=x+y");
        assert_eq!(fields[1], ("client_id".into(), "a+b".into()));
        assert_eq!(fields[2], ("client_secret".into(), "x y".into()));
    }
}
