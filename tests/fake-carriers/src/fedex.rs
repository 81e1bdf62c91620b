//! The FedEx double, under `/fedex`: OAuth 2 client credentials, Rate, Ship (with Cancel) and
//! Track v1, as `tests/fixtures/carriers/CARRIERS.md` §3 writes them down.
//!
//! | route | answers |
//! | --- | --- |
//! | `POST /oauth/token` | a bearer token (`fedex-token-response.json`, with a token this server made up) for a form body `grant_type=client_credentials&client_id=…&client_secret=…` with both credentials non-empty |
//! | `POST /rate/v1/rates/quotes` | `fedex-rate-response.json` |
//! | `POST /ship/v1/shipments` | `fedex-label-response.json` with a tracking number this server issues, the `serviceType` asked for, one piece per package line, and a label in the `imageType` asked for (the sample PDF, a ZPL II label, or a 1×1 PNG) |
//! | `PUT /ship/v1/shipments/cancel` | `fedex-cancel-response.json` for a number this server issued (or the sample's); 404 `NOT.FOUND.ERROR` (`fedex-error-not-found.json`) otherwise |
//! | `POST /track/v1/trackingnumbers` | per number: the delivered history (`fedex-track-response.json`) for the sample number and every number this server issued, with the number put in; `fedex-track-every-code-response.json` for its own number; for any other, the 200 with `TRACKING.TRACKINGNUMBER.NOTFOUND` of `fedex-track-not-found-response.json` |
//!
//! Every API call must carry `Authorization: Bearer <token>` with a token this server issued
//! (else 401 `NOT.AUTHORIZED.ERROR`, `fedex-error-unauthorized.json`) and `Content-Type:
//! application/json`. The `x-customer-transaction-id` header comes back as
//! `customerTransactionId`. A body missing a field FedEx marks required gets a 400 in FedEx's
//! error shape with the code `INVALID.INPUT.EXCEPTION` and the field's path in the message
//! (FedEx's own codes for each such case are not published; the double's texts are its own).
//!
//! Modes: `RejectAuth` refuses the token request (401 `NOT.AUTHORIZED.ERROR`,
//! `fedex-error-token-refused.json`) and every bearer token; `Unavailable` answers the API
//! calls 503 `SERVICE.UNAVAILABLE.ERROR` (`fedex-error-unavailable.json`) while tokens are
//! still issued; `BadAddress` makes Rate and Ship answer 400 `COUNTRY.POSTALCODE.INVALID`
//! (`fedex-error-bad-address.json`); `Malformed` cuts every API answer in half (200);
//! `Slow(d)` sleeps `d` before answering any request as usual, `Held` waits until the test
//! releases it.
//!
//! Tokens, issued numbers and the sequence are this server's own, so parallel tests with
//! their own servers do not see each other's tokens.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State as Shared;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use axum::{Extension, Router};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use crate::{Mode, Recorded, State, fixture_json};

const CARRIER: &str = "fedex";
/// The tracking number of `fedex-label-response.json` and `fedex-track-response.json`.
const SAMPLE_NUMBER: &str = "795867532145";
/// The tracking number of `fedex-track-every-code-response.json`.
const EVERY_CODE_NUMBER: &str = "794600000010";
/// A 1×1 transparent PNG, the label image when PNG is asked for.
const PNG_1X1: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
/// The double's code for a missing or malformed required field.
const INVALID_INPUT: &str = "INVALID.INPUT.EXCEPTION";

/// What one server remembers beyond the shared [`State`].
#[derive(Debug, Default)]
struct Fedex {
    tokens: Mutex<Vec<String>>,
    sequence: AtomicU64,
}

impl Fedex {
    fn next(&self) -> u64 {
        self.sequence.fetch_add(1, Ordering::Relaxed) + 1
    }

    fn knows(&self, token: &str) -> bool {
        self.tokens.lock().unwrap_or_else(|p| p.into_inner()).iter().any(|t| t == token)
    }
}

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new()
        .route("/oauth/token", post(token))
        .route("/rate/v1/rates/quotes", post(rate))
        .route("/ship/v1/shipments", post(ship))
        .route("/ship/v1/shipments/cancel", put(cancel))
        .route("/track/v1/trackingnumbers", post(track))
        .layer(Extension(Arc::new(Fedex::default())))
}

/// A request as the handlers see it.
struct Call {
    state: Arc<State>,
    fedex: Arc<Fedex>,
    headers: HeaderMap,
    body: Bytes,
}

impl Call {
    /// Records the request and waits as the mode says (`Slow`, `Held`).
    async fn start(
        state: Arc<State>,
        fedex: Arc<Fedex>,
        method: Method,
        uri: Uri,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        state.receive(Recorded::of(CARRIER, &method, &uri, &headers, &body)).await;
        Self { state, fedex, headers, body }
    }

    fn mode(&self) -> Mode {
        self.state.mode(CARRIER)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The checks every API call shares: mode, bearer token, content type, JSON body. The
    /// parsed body, or the answer to give instead.
    fn api_body(&self) -> Result<Value, Box<Response>> {
        match self.mode() {
            Mode::RejectAuth => {
                return Err(Box::new(answer(StatusCode::UNAUTHORIZED, fixture_json("fedex-error-unauthorized.json"))));
            }
            Mode::Unavailable => {
                let body = self.echo(fixture_json("fedex-error-unavailable.json"));
                return Err(Box::new(answer(StatusCode::SERVICE_UNAVAILABLE, body)));
            }
            _ => {}
        }
        let token = self.header("authorization").and_then(|v| v.strip_prefix("Bearer ")).unwrap_or_default();
        if token.is_empty() || !self.fedex.knows(token) {
            return Err(Box::new(answer(StatusCode::UNAUTHORIZED, fixture_json("fedex-error-unauthorized.json"))));
        }
        if !self.header("content-type").is_some_and(|c| c.starts_with("application/json")) {
            return Err(Box::new(invalid(&["Content-Type: application/json"])));
        }
        serde_json::from_slice(&self.body).map_err(|_| Box::new(invalid(&["(body is not JSON)"])))
    }

    /// `body` with `customerTransactionId` set from the request's `x-customer-transaction-id`,
    /// or without one when the request had none.
    fn echo(&self, mut body: Value) -> Value {
        if let Some(object) = body.as_object_mut() {
            match self.header("x-customer-transaction-id") {
                Some(id) => {
                    object.insert("customerTransactionId".into(), json!(id));
                }
                None => {
                    object.remove("customerTransactionId");
                }
            }
        }
        body
    }

    /// The 200 answer: `body`, or its first half under `Mode::Malformed`.
    fn ok(&self, body: Value) -> Response {
        let text = serde_json::to_string_pretty(&self.echo(body)).unwrap_or_default();
        if self.mode() == Mode::Malformed {
            return json_text(StatusCode::OK, text[..text.len() / 2].to_owned());
        }
        json_text(StatusCode::OK, text)
    }
}

fn json_text(status: StatusCode, text: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
}

fn answer(status: StatusCode, body: Value) -> Response {
    json_text(status, serde_json::to_string_pretty(&body).unwrap_or_default())
}

/// FedEx's error shape for a request that lacks what FedEx requires.
fn invalid(missing: &[&str]) -> Response {
    let errors: Vec<Value> = missing
        .iter()
        .map(|path| json!({"code": INVALID_INPUT, "message": format!("Invalid field value in the input: {path}")}))
        .collect();
    answer(StatusCode::BAD_REQUEST, json!({"transactionId": "fake-fedex-invalid-input", "errors": errors}))
}

// ---- OAuth ---------------------------------------------------------------------------------------

async fn token(
    Shared(state): Shared<Arc<State>>,
    Extension(fedex): Extension<Arc<Fedex>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let call = Call::start(state, fedex, method, uri, headers, body).await;
    if call.mode() == Mode::RejectAuth {
        return answer(StatusCode::UNAUTHORIZED, fixture_json("fedex-error-token-refused.json"));
    }
    if !call.header("content-type").is_some_and(|c| c.starts_with("application/x-www-form-urlencoded")) {
        return invalid(&["Content-Type: application/x-www-form-urlencoded"]);
    }
    let form = form_pairs(&String::from_utf8_lossy(&call.body));
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default();
    let mut missing = Vec::new();
    if field("grant_type") != "client_credentials" {
        missing.push("grant_type");
    }
    for name in ["client_id", "client_secret"] {
        if field(name).trim().is_empty() {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        return invalid(&missing);
    }
    let token = format!("fake-fedex-token-{}-{}", call.fedex.next(), field("client_id").len());
    call.fedex.tokens.lock().unwrap_or_else(|p| p.into_inner()).push(token.clone());
    let mut body = fixture_json("fedex-token-response.json");
    body["access_token"] = json!(token);
    answer(StatusCode::OK, body)
}

/// `a=1&b=x+y%21` → `[("a","1"), ("b","x y!")]`.
fn form_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn form_decode(text: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex))
        {
            (b'%', Some(high), Some(low)) => Some(high * 16 + low),
            _ => None,
        };
        match (escaped, bytes[i]) {
            (Some(byte), _) => {
                out.push(byte);
                i += 3;
            }
            (None, b'+') => {
                out.push(b' ');
                i += 1;
            }
            (None, byte) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---- checks of request bodies --------------------------------------------------------------------

fn text_at<'a>(body: &'a Value, pointer: &str) -> Option<&'a str> {
    body.pointer(pointer).and_then(Value::as_str).filter(|t| !t.trim().is_empty())
}

fn positive_number_at(body: &Value, pointer: &str) -> bool {
    body.pointer(pointer).and_then(Value::as_f64).is_some_and(|n| n > 0.0)
}

/// Required fields of `requestedPackageLineItems`, with integer dimensions (CARRIERS.md §0).
fn check_packages(body: &Value, missing: &mut Vec<String>) {
    let items = body.pointer("/requestedShipment/requestedPackageLineItems").and_then(Value::as_array);
    let Some(items) = items.filter(|i| !i.is_empty()) else {
        missing.push("requestedShipment.requestedPackageLineItems".into());
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let at = format!("requestedShipment.requestedPackageLineItems[{i}]");
        if !matches!(text_at(item, "/weight/units"), Some("KG" | "LB")) {
            missing.push(format!("{at}.weight.units"));
        }
        if !positive_number_at(item, "/weight/value") {
            missing.push(format!("{at}.weight.value"));
        }
        if let Some(dimensions) = item.get("dimensions") {
            for side in ["length", "width", "height"] {
                if !dimensions.get(side).is_some_and(Value::is_u64) {
                    missing.push(format!("{at}.dimensions.{side} (an integer)"));
                }
            }
            if !matches!(text_at(dimensions, "/units"), Some("CM" | "IN")) {
                missing.push(format!("{at}.dimensions.units"));
            }
        }
    }
}

/// Whether the shipment crosses a border, by the countries of shipper and recipient.
fn crosses_border(body: &Value, recipient: &str) -> bool {
    text_at(body, "/requestedShipment/shipper/address/countryCode") != text_at(body, recipient)
}

fn check_commodities(body: &Value, missing: &mut Vec<String>) {
    let commodities = body.pointer("/requestedShipment/customsClearanceDetail/commodities").and_then(Value::as_array);
    let Some(commodities) = commodities.filter(|c| !c.is_empty()) else {
        missing.push("requestedShipment.customsClearanceDetail.commodities".into());
        return;
    };
    for (i, c) in commodities.iter().enumerate() {
        let at = format!("requestedShipment.customsClearanceDetail.commodities[{i}]");
        if text_at(c, "/description").is_none() {
            missing.push(format!("{at}.description"));
        }
        if !positive_number_at(c, "/weight/value") {
            missing.push(format!("{at}.weight"));
        }
        if text_at(c, "/customsValue/currency").is_none() || c.pointer("/customsValue/amount").is_none() {
            missing.push(format!("{at}.customsValue"));
        }
    }
}

// ---- Rate ----------------------------------------------------------------------------------------

async fn rate(
    Shared(state): Shared<Arc<State>>,
    Extension(fedex): Extension<Arc<Fedex>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let call = Call::start(state, fedex, method, uri, headers, body).await;
    let body = match call.api_body() {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let mut missing = Vec::new();
    for (pointer, path) in [
        ("/accountNumber/value", "accountNumber.value"),
        ("/requestedShipment/shipper/address/countryCode", "requestedShipment.shipper.address.countryCode"),
        ("/requestedShipment/recipient/address/countryCode", "requestedShipment.recipient.address.countryCode"),
    ] {
        if text_at(&body, pointer).is_none() {
            missing.push(path.to_owned());
        }
    }
    if !matches!(
        text_at(&body, "/requestedShipment/pickupType"),
        Some("DROPOFF_AT_FEDEX_LOCATION" | "USE_SCHEDULED_PICKUP" | "CONTACT_FEDEX_TO_SCHEDULE")
    ) {
        missing.push("requestedShipment.pickupType".into());
    }
    check_packages(&body, &mut missing);
    if crosses_border(&body, "/requestedShipment/recipient/address/countryCode") {
        check_commodities(&body, &mut missing);
    }
    if !missing.is_empty() {
        return invalid(&missing.iter().map(String::as_str).collect::<Vec<_>>());
    }
    if call.mode() == Mode::BadAddress {
        return answer(StatusCode::BAD_REQUEST, call.echo(fixture_json("fedex-error-bad-address.json")));
    }
    call.ok(fixture_json("fedex-rate-response.json"))
}

// ---- Ship and Cancel -----------------------------------------------------------------------------

async fn ship(
    Shared(state): Shared<Arc<State>>,
    Extension(fedex): Extension<Arc<Fedex>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let call = Call::start(state, fedex, method, uri, headers, body).await;
    let body = match call.api_body() {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let mut missing = Vec::new();
    if !matches!(text_at(&body, "/labelResponseOptions"), Some("LABEL" | "URL_ONLY")) {
        missing.push("labelResponseOptions".to_owned());
    }
    for (pointer, path) in [
        ("/accountNumber/value", "accountNumber.value"),
        ("/requestedShipment/serviceType", "requestedShipment.serviceType"),
        ("/requestedShipment/packagingType", "requestedShipment.packagingType"),
        ("/requestedShipment/pickupType", "requestedShipment.pickupType"),
        (
            "/requestedShipment/shippingChargesPayment/paymentType",
            "requestedShipment.shippingChargesPayment.paymentType",
        ),
        ("/requestedShipment/labelSpecification/labelStockType", "requestedShipment.labelSpecification.labelStockType"),
    ] {
        if text_at(&body, pointer).is_none() {
            missing.push(path.to_owned());
        }
    }
    if !positive_number_at(&body, "/requestedShipment/totalWeight") {
        missing.push("requestedShipment.totalWeight".into());
    }
    let image = text_at(&body, "/requestedShipment/labelSpecification/imageType").unwrap_or_default().to_owned();
    if !matches!(image.as_str(), "PDF" | "PNG" | "ZPLII" | "EPL2") {
        missing.push("requestedShipment.labelSpecification.imageType".into());
    }
    for (party, pointer) in
        [("shipper", "/requestedShipment/shipper"), ("recipients[0]", "/requestedShipment/recipients/0")]
    {
        let Some(p) = body.pointer(pointer) else {
            missing.push(format!("requestedShipment.{party}"));
            continue;
        };
        if text_at(p, "/contact/phoneNumber").is_none() {
            missing.push(format!("requestedShipment.{party}.contact.phoneNumber"));
        }
        if p.pointer("/address/streetLines").and_then(Value::as_array).is_none_or(|l| l.is_empty()) {
            missing.push(format!("requestedShipment.{party}.address.streetLines"));
        }
        for field in ["city", "countryCode"] {
            if text_at(p, &format!("/address/{field}")).is_none() {
                missing.push(format!("requestedShipment.{party}.address.{field}"));
            }
        }
    }
    check_packages(&body, &mut missing);
    if crosses_border(&body, "/requestedShipment/recipients/0/address/countryCode") {
        if body.pointer("/requestedShipment/customsClearanceDetail/commercialInvoice").is_none() {
            missing.push("requestedShipment.customsClearanceDetail.commercialInvoice".into());
        }
        check_commodities(&body, &mut missing);
    }
    if !missing.is_empty() {
        return invalid(&missing.iter().map(String::as_str).collect::<Vec<_>>());
    }
    if call.mode() == Mode::BadAddress {
        return answer(StatusCode::BAD_REQUEST, call.echo(fixture_json("fedex-error-bad-address.json")));
    }

    let pieces =
        body.pointer("/requestedShipment/requestedPackageLineItems").and_then(Value::as_array).map_or(1, Vec::len);
    let numbers: Vec<String> = (0..pieces).map(|_| format!("{}", 794_610_000_000u64 + call.fedex.next())).collect();
    let master = numbers[0].clone();
    call.state.issue_label(CARRIER, master.clone());
    // The sample's PDF stays as it is; ZPL and PNG labels are made here.
    let doc_type = match image.as_str() {
        "ZPLII" | "PNG" => image.clone(),
        _ => "PDF".to_owned(),
    };
    let mut reply = fixture_json("fedex-label-response.json");
    let service = text_at(&body, "/requestedShipment/serviceType").unwrap_or_default().to_owned();
    if let Some(shipment) = reply.pointer_mut("/output/transactionShipments/0") {
        shipment["masterTrackingNumber"] = json!(master);
        shipment["serviceType"] = json!(service);
        let template = shipment.pointer("/pieceResponses/0").cloned().unwrap_or(Value::Null);
        let pieces: Vec<Value> = numbers
            .iter()
            .enumerate()
            .map(|(i, number)| {
                let mut piece = template.clone();
                piece["masterTrackingNumber"] = json!(master);
                piece["trackingNumber"] = json!(number);
                piece["packageSequenceNumber"] = json!(i + 1);
                if let Some(document) = piece.pointer_mut("/packageDocuments/0") {
                    document["docType"] = json!(doc_type);
                    match doc_type.as_str() {
                        "ZPLII" => document["encodedLabel"] = json!(STANDARD.encode(zpl_label(number))),
                        "PNG" => document["encodedLabel"] = json!(PNG_1X1),
                        _ => {}
                    }
                }
                piece
            })
            .collect();
        shipment["pieceResponses"] = json!(pieces);
        if let Some(documents) = shipment.get_mut("shipmentDocuments").and_then(Value::as_array_mut) {
            for document in documents {
                document["trackingNumber"] = json!(master);
            }
        }
        if let Some(id) = shipment.pointer_mut("/completedShipmentDetail/masterTrackingId/trackingNumber") {
            *id = json!(master);
        }
    }
    call.ok(reply)
}

/// A minimal 4×6 inch ZPL II label for `number`.
fn zpl_label(number: &str) -> String {
    format!("^XA^CF0,40^FO50,50^FDFedEx (test double)^FS^FO50,120^BCN,120,Y,N,N^FD{number}^FS^XZ\n")
}

async fn cancel(
    Shared(state): Shared<Arc<State>>,
    Extension(fedex): Extension<Arc<Fedex>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let call = Call::start(state, fedex, method, uri, headers, body).await;
    let body = match call.api_body() {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let mut missing = Vec::new();
    if text_at(&body, "/accountNumber/value").is_none() {
        missing.push("accountNumber.value");
    }
    let number = text_at(&body, "/trackingNumber").unwrap_or_default().trim().to_owned();
    if number.is_empty() {
        missing.push("trackingNumber");
    }
    if !missing.is_empty() {
        return invalid(&missing);
    }
    if number != SAMPLE_NUMBER && !call.state.issued(CARRIER, &number) {
        return answer(StatusCode::NOT_FOUND, fixture_json("fedex-error-not-found.json"));
    }
    call.ok(fixture_json("fedex-cancel-response.json"))
}

// ---- Track ---------------------------------------------------------------------------------------

async fn track(
    Shared(state): Shared<Arc<State>>,
    Extension(fedex): Extension<Arc<Fedex>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let call = Call::start(state, fedex, method, uri, headers, body).await;
    let body = match call.api_body() {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let numbers: Vec<String> = body
        .get("trackingInfo")
        .and_then(Value::as_array)
        .map(|infos| {
            infos.iter().filter_map(|i| text_at(i, "/trackingNumberInfo/trackingNumber")).map(str::to_owned).collect()
        })
        .unwrap_or_default();
    let count = body.get("trackingInfo").and_then(Value::as_array).map_or(0, Vec::len);
    if numbers.is_empty() || numbers.len() != count || count > 30 {
        return invalid(&["trackingInfo[].trackingNumberInfo.trackingNumber (1 to 30 numbers)"]);
    }
    let results: Vec<Value> = numbers.iter().map(|n| track_result(&call, n)).collect();
    let mut reply = fixture_json("fedex-track-response.json");
    reply["output"]["completeTrackResults"] = json!(results);
    call.ok(reply)
}

/// One `completeTrackResults[]` entry for `number`.
fn track_result(call: &Call, number: &str) -> Value {
    let name = if number == EVERY_CODE_NUMBER {
        "fedex-track-every-code-response.json"
    } else if number == SAMPLE_NUMBER || call.state.issued(CARRIER, number) {
        "fedex-track-response.json"
    } else {
        "fedex-track-not-found-response.json"
    };
    let mut result = fixture_json(name).pointer("/output/completeTrackResults/0").cloned().unwrap_or(Value::Null);
    if number != EVERY_CODE_NUMBER {
        result["trackingNumber"] = json!(number);
        if let Some(info) = result.pointer_mut("/trackResults/0/trackingNumberInfo") {
            info["trackingNumber"] = json!(number);
            if let Some(id) = info.get("trackingNumberUniqueId").and_then(Value::as_str).filter(|s| !s.is_empty()) {
                info["trackingNumberUniqueId"] = json!(id.replace(SAMPLE_NUMBER, number));
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn form_bodies_decode() {
        let pairs = form_pairs("grant_type=client_credentials&client_id=a+b%26c&client_secret=%C3%A9");
        assert_eq!(pairs[1], ("client_id".to_owned(), "a b&c".to_owned()));
        assert_eq!(pairs[2], ("client_secret".to_owned(), "é".to_owned()));
        assert_eq!(form_decode("100%"), "100%");
        assert_eq!(form_decode("%é%4"), "%é%4");
    }

    #[test]
    fn the_fixtures_this_double_serves_are_json() {
        for name in [
            "fedex-token-response.json",
            "fedex-rate-response.json",
            "fedex-label-response.json",
            "fedex-cancel-response.json",
            "fedex-track-response.json",
            "fedex-track-every-code-response.json",
            "fedex-track-not-found-response.json",
            "fedex-error-token-refused.json",
            "fedex-error-unauthorized.json",
            "fedex-error-unavailable.json",
            "fedex-error-bad-address.json",
            "fedex-error-not-found.json",
        ] {
            assert!(!fixture(name).is_empty());
            fixture_json(name);
        }
    }
}
