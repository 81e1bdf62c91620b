//! The DHL Express double, under `/dhl`: MyDHL API 3.1 rates, shipments and tracking, as
//! `tests/fixtures/carriers/CARRIERS.md` §1 writes them down.
//!
//! | route | answers |
//! | --- | --- |
//! | `POST /rates` | `dhl-rate-response.json` (200) |
//! | `POST /shipments` | `dhl-label-response.json` (201) with a waybill this server issues, one piece id per package, the label in the `encodingFormat` asked for (the sample PDF, or a ZPL label), the invoice only when `imageOptions` asks for it, and `shipmentCharges` only with `getRateEstimates: true` |
//! | `GET /shipments/{waybill}/tracking` | the delivered history (`dhl-track-response.json`) for the sample waybill `3421785560` and every waybill this server issued, with the number put in; `dhl-track-response-exceptions.json` for `5786694550`; 404 `dhl-error-not-found.json` for any other. `GMTOffset` is only sent with `requestGMTOffsetPerEvent=true`, as DHL does |
//!
//! Every call must carry `Authorization: Basic base64(username:password)` with both parts
//! non-empty (else 401). A POST body missing a field the MyDHL schema requires gets DHL's
//! 422 "Validation error" with one `additionalDetails` entry per problem (the template is
//! `dhl-error-validation.json`; the path texts follow the spec's example, the checks are the
//! double's own). `x-version` is recorded, not enforced: live servers were seen tolerating its
//! absence (CARRIERS.md §1.1).
//!
//! Modes: `RejectAuth` answers 401 (`dhl-error-unauthorized.json`; DHL does not document
//! this body, CARRIERS.md §1.5); `Unavailable` answers 503 with the process-failure body,
//! which carries `code` where other errors carry `status` (`dhl-error-unavailable.json`);
//! `BadAddress` makes rates and shipments answer 400 about the receiver's postal code
//! (`dhl-error-bad-address.json`; DHL's own code for this was not confirmed, so the code and
//! text are illustrative); `Malformed` answers 200 with the first half of the body; `Slow(d)`
//! sleeps `d` first, `Held` waits until the test releases the request. Error bodies are
//! `application/problem+json`, their `instance` the path asked for.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;
use axum::extract::{Path, State as Shared};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use crate::{Mode, Recorded, State, fixture_json};

const CARRIER: &str = "dhl";
/// The waybill of `dhl-label-response.json` and `dhl-track-response.json`.
const SAMPLE_WAYBILL: &str = "3421785560";
/// The waybill of `dhl-track-response-exceptions.json`.
const EXCEPTIONS_WAYBILL: &str = "5786694550";
/// The ZPL label sent when `encodingFormat` is `zpl`.
const ZPL_LABEL: &str = "^XA^CF0,40^FO40,40^FDDHL EXPRESS WORLDWIDE^FS^FO40,100^FDSAMPLE LABEL^FS^XZ";

/// What one server remembers beyond the shared [`State`]: the waybill sequence.
#[derive(Debug, Default)]
struct Dhl {
    sequence: AtomicU64,
}

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new()
        .route("/rates", post(rates))
        .route("/shipments", post(shipments))
        .route("/shipments/{waybill}/tracking", get(tracking))
        .layer(Extension(Arc::new(Dhl::default())))
}

/// A request as the handlers see it.
struct Call {
    state: Arc<State>,
    path: String,
    query: String,
    headers: HeaderMap,
    body: Bytes,
}

impl Call {
    /// Records the request and waits as the mode says (`Slow`, `Held`).
    async fn start(state: Arc<State>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Self {
        let path = uri.path().to_owned();
        let query = uri.query().unwrap_or_default().to_owned();
        state.receive(Recorded::of(CARRIER, &method, &uri, &headers, &body)).await;
        Self { state, path, query, headers, body }
    }

    fn mode(&self) -> Mode {
        self.state.mode(CARRIER)
    }

    /// The instance path DHL puts in its error bodies.
    fn instance(&self) -> String {
        format!("/expressapi{}", self.path)
    }

    /// The checks every call shares: the mode's failures and Basic credentials. The answer
    /// to give instead of serving the call, if any.
    fn refusal(&self) -> Option<Response> {
        match self.mode() {
            Mode::RejectAuth => return Some(self.problem(StatusCode::UNAUTHORIZED, "dhl-error-unauthorized.json")),
            Mode::Unavailable => {
                return Some(self.problem(StatusCode::SERVICE_UNAVAILABLE, "dhl-error-unavailable.json"));
            }
            _ => {}
        }
        let credentials = self
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .and_then(|b| STANDARD.decode(b.trim()).ok())
            .and_then(|raw| String::from_utf8(raw).ok());
        match credentials.as_deref().and_then(|c| c.split_once(':')) {
            Some((user, password)) if !user.is_empty() && !password.is_empty() => None,
            _ => Some(self.problem(StatusCode::UNAUTHORIZED, "dhl-error-unauthorized.json")),
        }
    }

    /// A POST's JSON body, or DHL's 422 when it is not JSON.
    fn json(&self) -> Result<Value, Box<Response>> {
        serde_json::from_slice(&self.body)
            .map_err(|e| Box::new(self.validation(vec![format!("#: body is not JSON ({e})")])))
    }

    /// An error fixture with this call's `instance`.
    fn problem(&self, status: StatusCode, fixture: &str) -> Response {
        let mut body = fixture_json(fixture);
        body["instance"] = json!(self.instance());
        problem(status, &body)
    }

    /// DHL's 422 schema-validation error listing `problems`.
    fn validation(&self, problems: Vec<String>) -> Response {
        let mut body = fixture_json("dhl-error-validation.json");
        body["instance"] = json!(self.instance());
        body["additionalDetails"] = json!(problems);
        problem(StatusCode::UNPROCESSABLE_ENTITY, &body)
    }

    /// A success: `body`, or its first half with 200 under `Mode::Malformed`.
    fn ok(&self, status: StatusCode, body: &Value) -> Response {
        let text = serde_json::to_string_pretty(body).unwrap_or_default();
        if self.mode() == Mode::Malformed {
            let mut cut = text.len() / 2;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            return (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], text[..cut].to_owned())
                .into_response();
        }
        (status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
    }
}

fn problem(status: StatusCode, body: &Value) -> Response {
    let text = serde_json::to_string_pretty(body).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/problem+json")], text).into_response()
}

// ---- required fields ----------------------------------------------------------------------------

/// Collects schema problems as DHL words them: `#/a/b: required key [c] not found`.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn at<'a>(&mut self, body: &'a Value, path: &str) -> Option<&'a Value> {
        let found = body.pointer(path).filter(|v| !v.is_null());
        if found.is_none() {
            let (parent, key) = path.rsplit_once('/').unwrap_or(("", path));
            self.0.push(format!("#{parent}: required key [{key}] not found"));
        }
        found
    }

    fn text(&mut self, body: &Value, path: &str) {
        if let Some(v) = self.at(body, path)
            && !v.is_string()
        {
            self.0.push(format!("#{path}: expected type: String, found: {}", kind(v)));
        }
    }

    fn non_empty_text(&mut self, body: &Value, path: &str) {
        if let Some(v) = self.at(body, path) {
            match v.as_str() {
                Some("") => self.0.push(format!("#{path}: expected minLength: 1, actual: 0")),
                Some(_) => {}
                None => self.0.push(format!("#{path}: expected type: String, found: {}", kind(v))),
            }
        }
    }

    fn boolean(&mut self, body: &Value, path: &str) {
        if let Some(v) = self.at(body, path)
            && !v.is_boolean()
        {
            self.0.push(format!("#{path}: expected type: Boolean, found: {}", kind(v)));
        }
    }

    fn positive(&mut self, body: &Value, path: &str) {
        if let Some(v) = self.at(body, path)
            && !v.as_f64().is_some_and(|n| n > 0.0)
        {
            self.0.push(format!("#{path}: expected a number greater than 0, found: {v}"));
        }
    }

    fn array<'a>(&mut self, body: &'a Value, path: &str) -> &'a [Value] {
        match self.at(body, path).map(|v| v.as_array()) {
            Some(Some(items)) if !items.is_empty() => items,
            Some(Some(_)) => {
                self.0.push(format!("#{path}: expected minimum item count: 1, found: 0"));
                &[]
            }
            Some(None) => {
                self.0.push(format!("#{path}: expected type: JSONArray"));
                &[]
            }
            None => &[],
        }
    }

    fn one_of(&mut self, body: &Value, path: &str, allowed: &[&str]) {
        if let Some(v) = self.at(body, path)
            && !v.as_str().is_some_and(|s| allowed.contains(&s))
        {
            self.0.push(format!("#{path}: {v} is not a valid enum value"));
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS GMT±HH:MM`, DHL's own shape for the planned shipping time.
    fn planned_time(&mut self, body: &Value, path: &str) {
        let Some(v) = self.at(body, path) else { return };
        let text = v.as_str().unwrap_or_default();
        let shape: Vec<bool> = text.bytes().map(|b| b.is_ascii_digit()).collect();
        let digits_at = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 24, 25, 27, 28];
        let well_formed = text.len() == 29
            && text.is_ascii()
            && digits_at.iter().all(|i| shape[*i])
            && &text[4..5] == "-"
            && &text[10..11] == "T"
            && &text[19..23] == " GMT"
            && matches!(&text[23..24], "+" | "-");
        if !well_formed {
            self.0.push(format!("#{path}: {v} does not match the pattern YYYY-MM-DDTHH:MM:SS GMT+HH:MM"));
        }
    }

    fn packages(&mut self, body: &Value, path: &str) {
        let count = self.array(body, path).len();
        for i in 0..count {
            self.positive(body, &format!("{path}/{i}/weight"));
            for side in ["length", "width", "height"] {
                self.positive(body, &format!("{path}/{i}/dimensions/{side}"));
            }
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "Boolean",
        Value::Number(_) => "Number",
        Value::String(_) => "String",
        Value::Array(_) => "JSONArray",
        Value::Object(_) => "JSONObject",
    }
}

// ---- rates --------------------------------------------------------------------------------------

async fn rates(
    Shared(state): Shared<Arc<State>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let call = Call::start(state, method, uri, headers, body).await;
    if let Some(refusal) = call.refusal() {
        return refusal;
    }
    let body = match call.json() {
        Ok(body) => body,
        Err(refusal) => return *refusal,
    };
    let mut p = Problems::default();
    for party in ["shipperDetails", "receiverDetails"] {
        p.text(&body, &format!("/customerDetails/{party}/postalCode"));
        p.non_empty_text(&body, &format!("/customerDetails/{party}/cityName"));
        p.non_empty_text(&body, &format!("/customerDetails/{party}/countryCode"));
    }
    p.planned_time(&body, "/plannedShippingDateAndTime");
    p.one_of(&body, "/unitOfMeasurement", &["metric", "imperial"]);
    p.boolean(&body, "/isCustomsDeclarable");
    p.packages(&body, "/packages");
    if !p.0.is_empty() {
        return call.validation(p.0);
    }
    if call.mode() == Mode::BadAddress {
        return call.problem(StatusCode::BAD_REQUEST, "dhl-error-bad-address.json");
    }
    call.ok(StatusCode::OK, &fixture_json("dhl-rate-response.json"))
}

// ---- shipments ----------------------------------------------------------------------------------

async fn shipments(
    Shared(state): Shared<Arc<State>>,
    Extension(dhl): Extension<Arc<Dhl>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let call = Call::start(state, method, uri, headers, body).await;
    if let Some(refusal) = call.refusal() {
        return refusal;
    }
    if call.mode() == Mode::LabelsUnavailable {
        return call.problem(StatusCode::SERVICE_UNAVAILABLE, "dhl-error-unavailable.json");
    }
    let body = match call.json() {
        Ok(body) => body,
        Err(refusal) => return *refusal,
    };
    let mut p = Problems::default();
    p.planned_time(&body, "/plannedShippingDateAndTime");
    p.boolean(&body, "/pickup/isRequested");
    p.non_empty_text(&body, "/productCode");
    let accounts = p.array(&body, "/accounts").len();
    for i in 0..accounts {
        p.non_empty_text(&body, &format!("/accounts/{i}/typeCode"));
        p.non_empty_text(&body, &format!("/accounts/{i}/number"));
    }
    for party in ["shipperDetails", "receiverDetails"] {
        let at = format!("/customerDetails/{party}");
        p.text(&body, &format!("{at}/postalAddress/postalCode"));
        for field in ["cityName", "countryCode", "addressLine1"] {
            p.non_empty_text(&body, &format!("{at}/postalAddress/{field}"));
        }
        for field in ["phone", "companyName", "fullName"] {
            p.non_empty_text(&body, &format!("{at}/contactInformation/{field}"));
        }
    }
    p.packages(&body, "/content/packages");
    p.boolean(&body, "/content/isCustomsDeclarable");
    p.non_empty_text(&body, "/content/description");
    p.non_empty_text(&body, "/content/incoterm");
    p.one_of(&body, "/content/unitOfMeasurement", &["metric", "imperial"]);
    if body.pointer("/content/isCustomsDeclarable") == Some(&json!(true)) {
        let lines = p.array(&body, "/content/exportDeclaration/lineItems").len();
        for i in 0..lines {
            let at = format!("/content/exportDeclaration/lineItems/{i}");
            p.at(&body, &format!("{at}/number"));
            p.non_empty_text(&body, &format!("{at}/description"));
            p.at(&body, &format!("{at}/price"));
            p.positive(&body, &format!("{at}/quantity/value"));
            p.non_empty_text(&body, &format!("{at}/quantity/unitOfMeasurement"));
            p.non_empty_text(&body, &format!("{at}/manufacturerCountry"));
            p.at(&body, &format!("{at}/weight/netValue"));
            p.at(&body, &format!("{at}/weight/grossValue"));
        }
        p.non_empty_text(&body, "/content/exportDeclaration/invoice/number");
        p.non_empty_text(&body, "/content/exportDeclaration/invoice/date");
    }
    if !p.0.is_empty() {
        return call.validation(p.0);
    }
    if call.mode() == Mode::BadAddress {
        return call.problem(StatusCode::BAD_REQUEST, "dhl-error-bad-address.json");
    }

    let sequence = dhl.sequence.fetch_add(1, Ordering::Relaxed) + 1;
    let waybill = format!("{}", 3_421_785_560u64 + sequence * 1_000);
    call.state.issue_label(CARRIER, waybill.clone());
    let mut answer = fixture_json("dhl-label-response.json");
    answer["shipmentTrackingNumber"] = json!(waybill);
    answer["trackingUrl"] = json!(format!("https://express.api.dhl.com/mydhlapi/shipments/{waybill}/tracking"));
    let pieces = body.pointer("/content/packages").and_then(Value::as_array).map_or(1, Vec::len);
    answer["packages"] = Value::Array(
        (1..=pieces)
            .map(|n| {
                let piece = format!("JD0146{waybill}{n:04}");
                json!({
                    "referenceNumber": n,
                    "trackingNumber": piece,
                    "trackingUrl": format!("https://express.api.dhl.com/mydhlapi/shipments/{waybill}/tracking?PieceID={piece}"),
                })
            })
            .collect(),
    );
    let zpl = body.pointer("/outputImageProperties/encodingFormat").and_then(Value::as_str) == Some("zpl");
    let wants_invoice = body
        .pointer("/outputImageProperties/imageOptions")
        .and_then(Value::as_array)
        .is_some_and(|options| options.iter().any(|o| o["typeCode"] == "invoice" && o["isRequested"] == true));
    if let Some(documents) = answer["documents"].as_array_mut() {
        documents.retain(|d| d["typeCode"] != "invoice" || wants_invoice);
        for document in documents.iter_mut().filter(|d| d["typeCode"] == "label") {
            if zpl {
                document["imageFormat"] = json!("ZPL");
                document["content"] = json!(STANDARD.encode(ZPL_LABEL));
            }
        }
    }
    if body.pointer("/getRateEstimates") != Some(&json!(true))
        && let Some(object) = answer.as_object_mut()
    {
        object.remove("shipmentCharges");
    }
    call.ok(StatusCode::CREATED, &answer)
}

// ---- tracking -----------------------------------------------------------------------------------

async fn tracking(
    Shared(state): Shared<Arc<State>>,
    Path(waybill): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let call = Call::start(state, method, uri, headers, Bytes::new()).await;
    if let Some(refusal) = call.refusal() {
        return refusal;
    }
    let mut answer = if waybill == EXCEPTIONS_WAYBILL {
        fixture_json("dhl-track-response-exceptions.json")
    } else if waybill == SAMPLE_WAYBILL || call.state.issued(CARRIER, &waybill) {
        let mut answer = fixture_json("dhl-track-response.json");
        answer["shipments"][0]["shipmentTrackingNumber"] = json!(waybill);
        if let Some(pieces) = answer["shipments"][0]["pieces"].as_array_mut() {
            for piece in pieces {
                piece["shipmentTrackingNumber"] = json!(waybill);
            }
        }
        answer
    } else {
        let mut body = fixture_json("dhl-error-not-found.json");
        body["instance"] = json!(format!("/expressapi/shipments/{waybill}/tracking"));
        body["detail"] = json!(format!("No Shipments Found for shipmentTrackingNumber {waybill}"));
        return problem(StatusCode::NOT_FOUND, &body);
    };
    let with_offsets = call.query.split('&').any(|pair| pair == "requestGMTOffsetPerEvent=true");
    if !with_offsets && let Some(events) = answer["shipments"][0]["events"].as_array_mut() {
        for event in events.iter_mut().filter_map(Value::as_object_mut) {
            event.remove("GMTOffset");
        }
    }
    call.ok(StatusCode::OK, &answer)
}
