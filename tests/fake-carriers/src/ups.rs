//! The UPS double, under `/ups`: OAuth 2 client credentials, Rating and Shipping `v2409`
//! (with Void), and Track v1, as `tests/fixtures/carriers/CARRIERS.md` §2 writes them down.
//!
//! | route | answers |
//! | --- | --- |
//! | `POST /security/v1/oauth/token` | a bearer token (`ups-token-response.json`) for any non-empty `client_id:client_secret` in HTTP Basic, with `grant_type=client_credentials` as a form body |
//! | `POST /api/rating/v2409/{Rate,Shop,Ratetimeintransit,Shoptimeintransit}` | `ups-rate-response.json`: every service for `Shop…`, the asked one for `Rate…` (a bare object, as UPS still sends one element), time in transit only when the option asks for it |
//! | `POST /api/shipments/v2409/ship` | `ups-label-response.json` with a tracking number this server issues and a label in the format asked for (GIF, PNG or ZPL) |
//! | `DELETE /api/shipments/v2409/void/cancel/{n}` | `ups-void-response.json` for a shipment this server issued and has not voided; otherwise 400 `190102` |
//! | `GET /api/track/v1/details/{n}` | the delivered history (`ups-track-response.json`) for the sample number and every number this server issued; `ups-track-returned-response.json` and `ups-track-voided-response.json` for theirs; 200 with warning `TW0001` for any other well-formed number; 400 `TV1002` for a malformed one |
//!
//! Every API call must carry a bearer token this double issued (else 401 `250002`); Track
//! also needs `transId` (at most 32 characters) and `transactionSrc`. A request missing a field
//! UPS marks required gets a 400 in UPS's error shape, with the double's own code `9990001`
//! and the path of the field (UPS's own codes for most such cases are not published).
//!
//! Modes: `RejectAuth` refuses the token request and every bearer token (401 `250002`);
//! `Unavailable` answers 503 everywhere (`ups-unavailable-response.json`); `BadAddress` makes
//! Rating answer `118400` and Shipping `120207` (400); `Malformed` cuts every API answer in
//! half (200); `Slow(d)` sleeps `d` before answering as usual, `Held` waits until the test releases the
//! request.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State as Shared;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use crate::{Mode, Recorded, State, fixture, fixture_json};

const CARRIER: &str = "ups";
/// The Rating and Shipping version this double speaks.
const VERSION: &str = "v2409";
/// The tracking number of `ups-track-response.json` and `ups-label-response.json`.
const SAMPLE_NUMBER: &str = "1Z8V92A66612345675";
const RETURNED_NUMBER: &str = "1Z8V92A66687654328";
const VOIDED_NUMBER: &str = "1Z8V92A66611223346";
/// The double's code for a missing or malformed required field.
const MISSING_FIELD: &str = "9990001";
/// A 1×1 transparent PNG, the label image when PNG is asked for.
const PNG_1X1: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// Tokens this double issued. Process-wide, so two servers accept each other's tokens,
/// which no test relies on either way.
static TOKENS: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// Shipments voided so far.
static VOIDED: Mutex<Vec<String>> = Mutex::new(Vec::new());
static SEQUENCE: AtomicU64 = AtomicU64::new(1);

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new().route("/{*rest}", any(handle))
}

async fn handle(
    Shared(state): Shared<Arc<State>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state.receive(Recorded::of(CARRIER, &method, &uri, &headers, &body)).await;
    let mode = state.mode(CARRIER);
    if mode == Mode::Unavailable {
        return respond(reply(StatusCode::SERVICE_UNAVAILABLE, fixture_json("ups-unavailable-response.json")));
    }
    let segments: Vec<&str> = uri.path().trim_matches('/').split('/').collect();
    let call = Call { state: &state, mode, headers: &headers, body: &body };
    match (method, segments.as_slice()) {
        (Method::POST, ["security", "v1", "oauth", "token"]) => respond(call.token()),
        (Method::POST, ["api", "rating", VERSION, option]) => call.api(|c| c.rate(option)),
        (Method::POST, ["api", "shipments", VERSION, "ship"]) => call.api(Call::ship),
        (Method::DELETE, ["api", "shipments", VERSION, "void", "cancel", number]) => call.api(|c| c.void(number)),
        (Method::GET, ["api", "track", "v1", "details", number]) => call.api(|c| c.track(number)),
        _ => respond(error(StatusCode::NOT_FOUND, MISSING_FIELD, &format!("no such resource: {}", uri.path()))),
    }
}

/// One request being answered.
struct Call<'a> {
    state: &'a State,
    mode: Mode,
    headers: &'a HeaderMap,
    body: &'a [u8],
}

impl Call<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn token(&self) -> Answer {
        if self.mode == Mode::RejectAuth {
            return reply(StatusCode::UNAUTHORIZED, fixture_json("ups-auth-error-response.json"));
        }
        let Some(client_id) = self.basic_client_id() else {
            return reply(StatusCode::UNAUTHORIZED, fixture_json("ups-auth-error-response.json"));
        };
        let form = self.header(header::CONTENT_TYPE.as_str()).unwrap_or_default();
        if !form.starts_with("application/x-www-form-urlencoded") {
            return missing("Content-Type: application/x-www-form-urlencoded");
        }
        let body = String::from_utf8_lossy(self.body);
        if !body.split('&').any(|pair| pair == "grant_type=client_credentials") {
            return missing("grant_type=client_credentials");
        }
        let token = format!("ups-double-{}-{}", SEQUENCE.fetch_add(1, Ordering::Relaxed), client_id.len());
        TOKENS.lock().unwrap_or_else(|p| p.into_inner()).push(token.clone());
        let mut answer = fixture_json("ups-token-response.json");
        answer["access_token"] = json!(token);
        answer["client_id"] = json!(client_id);
        reply(StatusCode::OK, answer)
    }

    /// The client id of a well-formed `Authorization: Basic` with a non-empty secret.
    fn basic_client_id(&self) -> Option<String> {
        let encoded = self.header(header::AUTHORIZATION.as_str())?.strip_prefix("Basic ")?;
        let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
        let (id, secret) = decoded.split_once(':')?;
        (!id.is_empty() && !secret.is_empty()).then(|| id.to_owned())
    }

    /// Checks the bearer token, then answers with `f` (cut in half in `Malformed` mode).
    fn api(&self, f: impl FnOnce(&Self) -> Answer) -> Response {
        let bearer = self.header(header::AUTHORIZATION.as_str()).and_then(|v| v.strip_prefix("Bearer "));
        let known = bearer.is_some_and(|t| TOKENS.lock().unwrap_or_else(|p| p.into_inner()).iter().any(|k| k == t));
        if self.mode == Mode::RejectAuth || !known {
            return respond(reply(StatusCode::UNAUTHORIZED, fixture_json("ups-auth-error-response.json")));
        }
        let (status, body) = f(self);
        if self.mode == Mode::Malformed && status == StatusCode::OK {
            let text = body.to_string();
            let half = text.get(..text.len() / 2).unwrap_or_default().to_owned();
            return (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], half).into_response();
        }
        respond((status, body))
    }

    fn json_body(&self) -> Result<Value, Answer> {
        let json = self.header(header::CONTENT_TYPE.as_str()).is_some_and(|v| v.starts_with("application/json"));
        if !json {
            return Err(missing("Content-Type: application/json"));
        }
        serde_json::from_slice(self.body).map_err(|e| error(StatusCode::BAD_REQUEST, MISSING_FIELD, &format!("{e}")))
    }

    fn rate(&self, option: &str) -> Answer {
        const OPTIONS: [&str; 4] = ["Rate", "Shop", "Ratetimeintransit", "Shoptimeintransit"];
        let Some(option) = OPTIONS.iter().find(|o| o.eq_ignore_ascii_case(option)) else {
            return error(StatusCode::BAD_REQUEST, MISSING_FIELD, &format!("unknown request option {option}"));
        };
        let request = match self.json_body() {
            Ok(v) => v,
            Err(r) => return r,
        };
        let shipment = &request["RateRequest"]["Shipment"];
        let asked = request["RateRequest"]["Request"]["RequestOption"].as_str().unwrap_or_default();
        if !asked.eq_ignore_ascii_case(option) {
            return missing("RateRequest.Request.RequestOption");
        }
        for party in ["Shipper", "ShipFrom", "ShipTo"] {
            if text(&shipment[party]["Address"]["CountryCode"]).is_none() {
                return missing(&format!("RateRequest.Shipment.{party}.Address.CountryCode"));
            }
        }
        if let Err(r) = packages(&shipment["Package"], "RateRequest.Shipment.Package", "PackagingType") {
            return r;
        }
        let single = option.starts_with("Rate");
        let service = text(&shipment["Service"]["Code"]);
        if single && service.is_none() {
            return missing("RateRequest.Shipment.Service.Code");
        }
        if self.mode == Mode::BadAddress {
            return reply(StatusCode::BAD_REQUEST, fixture_json("ups-bad-address-rate-response.json"));
        }
        let mut answer = fixture_json("ups-rate-response.json");
        if let Some(context) = text(&request["RateRequest"]["Request"]["TransactionReference"]["CustomerContext"]) {
            answer["RateResponse"]["Response"]["TransactionReference"]["CustomerContext"] = json!(context);
        }
        let mut rated = answer["RateResponse"]["RatedShipment"].as_array().cloned().unwrap_or_default();
        if !option.ends_with("timeintransit") {
            for r in &mut rated {
                if let Some(r) = r.as_object_mut() {
                    r.remove("TimeInTransit");
                }
            }
        }
        answer["RateResponse"]["RatedShipment"] = if single {
            match rated.into_iter().find(|r| text(&r["Service"]["Code"]) == service) {
                Some(one) => one,
                None => {
                    return error(
                        StatusCode::BAD_REQUEST,
                        MISSING_FIELD,
                        "The requested service is unavailable between the selected locations.",
                    );
                }
            }
        } else {
            Value::Array(rated)
        };
        reply(StatusCode::OK, answer)
    }

    fn ship(&self) -> Answer {
        let request = match self.json_body() {
            Ok(v) => v,
            Err(r) => return r,
        };
        let root = &request["ShipmentRequest"];
        let shipment = &root["Shipment"];
        let option = text(&root["Request"]["RequestOption"]).unwrap_or_default();
        if option != "validate" && option != "nonvalidate" {
            return missing("ShipmentRequest.Request.RequestOption");
        }
        let required = [
            "Shipper.Name",
            "Shipper.ShipperNumber",
            "Shipper.Phone.Number",
            "Shipper.Address.CountryCode",
            "ShipTo.Name",
            "ShipTo.Address.CountryCode",
            "ShipFrom.Address.CountryCode",
            "Service.Code",
        ];
        for path in required {
            if text(pointer(shipment, path)).is_none() {
                return missing(&format!("ShipmentRequest.Shipment.{path}"));
            }
        }
        for party in ["Shipper", "ShipTo", "ShipFrom"] {
            let lines = shipment[party]["Address"]["AddressLine"].as_array();
            if !lines.is_some_and(|l| l.iter().any(|x| text(x).is_some())) {
                return missing(&format!("ShipmentRequest.Shipment.{party}.Address.AddressLine"));
            }
        }
        let international =
            shipment["ShipTo"]["Address"]["CountryCode"] != shipment["ShipFrom"]["Address"]["CountryCode"];
        if international {
            // Phone and attention name of the consignee, and a description of the goods, are
            // required when the parcel crosses a border (UPS Shipping.yaml, ShipTo).
            for path in ["ShipTo.Phone.Number", "ShipTo.AttentionName", "Description"] {
                if text(pointer(shipment, path)).is_none() {
                    return missing(&format!("ShipmentRequest.Shipment.{path}"));
                }
            }
        }
        let charges = shipment["PaymentInformation"]["ShipmentCharge"].as_array();
        if !charges.is_some_and(|c| c.iter().any(|c| text(&c["BillShipper"]["AccountNumber"]).is_some())) {
            return missing("ShipmentRequest.Shipment.PaymentInformation.ShipmentCharge");
        }
        let count = match packages(&shipment["Package"], "ShipmentRequest.Shipment.Package", "Packaging") {
            Ok(n) => n,
            Err(r) => return r,
        };
        let format = text(&root["LabelSpecification"]["LabelImageFormat"]["Code"]).unwrap_or_default().to_owned();
        if !["GIF", "PNG", "ZPL", "EPL", "SPL"].contains(&format.as_str()) {
            return missing("ShipmentRequest.LabelSpecification.LabelImageFormat.Code");
        }
        let thermal = format != "GIF" && format != "PNG";
        if thermal && text(&root["LabelSpecification"]["LabelStockSize"]["Height"]).is_none() {
            return missing("ShipmentRequest.LabelSpecification.LabelStockSize");
        }
        if self.mode == Mode::BadAddress {
            return reply(StatusCode::BAD_REQUEST, fixture_json("ups-bad-address-ship-response.json"));
        }

        let account = text(&shipment["Shipper"]["ShipperNumber"]).unwrap_or_default();
        let service = text(&shipment["Service"]["Code"]).unwrap_or_default();
        let numbers: Vec<String> = (0..count).map(|_| tracking_number(account, service)).collect();
        for n in &numbers {
            self.state.issue_label(CARRIER, n.clone());
        }
        let mut answer = fixture_json("ups-label-response.json");
        let results = &mut answer["ShipmentResponse"]["ShipmentResults"];
        results["ShipmentIdentificationNumber"] = json!(numbers[0]);
        let template = results["PackageResults"][0].clone();
        let packages: Vec<Value> = numbers
            .iter()
            .map(|n| {
                let mut p = template.clone();
                p["TrackingNumber"] = json!(n);
                p["ShippingLabel"]["ImageFormat"] = json!({"Code": format, "Description": format});
                match format.as_str() {
                    "GIF" => {}
                    "PNG" => p["ShippingLabel"]["GraphicImage"] = json!(PNG_1X1),
                    _ => {
                        let zpl = format!("^XA^FO40,40^A0N,40,40^FDUPS {n}^FS^FO40,100^BCN,120,Y,N,N^FD{n}^FS^XZ\n");
                        p["ShippingLabel"]["GraphicImage"] = json!(STANDARD.encode(zpl));
                    }
                }
                p
            })
            .collect();
        results["PackageResults"] = Value::Array(packages);
        if shipment["ShipmentServiceOptions"]["InternationalForms"].is_null()
            && let Some(results) = results.as_object_mut()
        {
            results.remove("Form");
        }
        reply(StatusCode::OK, answer)
    }

    fn void(&self, number: &str) -> Answer {
        let mut voided = VOIDED.lock().unwrap_or_else(|p| p.into_inner());
        if !self.state.issued(CARRIER, number) || voided.iter().any(|v| v == number) {
            return reply(StatusCode::BAD_REQUEST, fixture_json("ups-void-not-found-response.json"));
        }
        voided.push(number.to_owned());
        reply(StatusCode::OK, fixture_json("ups-void-response.json"))
    }

    fn track(&self, number: &str) -> Answer {
        match self.header("transId") {
            Some(id) if !id.is_empty() && id.len() <= 32 => {}
            _ => return missing("transId header (1 to 32 characters)"),
        }
        if self.header("transactionSrc").is_none_or(str::is_empty) {
            return missing("transactionSrc header");
        }
        let well_formed = (7..=34).contains(&number.len()) && number.chars().all(|c| c.is_ascii_alphanumeric());
        if !well_formed {
            return reply(StatusCode::BAD_REQUEST, fixture_json("ups-track-invalid-response.json"));
        }
        let (file, sample) = match number {
            RETURNED_NUMBER => ("ups-track-returned-response.json", RETURNED_NUMBER),
            VOIDED_NUMBER => ("ups-track-voided-response.json", VOIDED_NUMBER),
            SAMPLE_NUMBER => ("ups-track-response.json", SAMPLE_NUMBER),
            n if self.state.issued(CARRIER, n) => ("ups-track-response.json", SAMPLE_NUMBER),
            _ => {
                let mut answer = fixture_json("ups-track-not-found-response.json");
                answer["trackResponse"]["shipment"][0]["inquiryNumber"] = json!(number);
                return reply(StatusCode::OK, answer);
            }
        };
        // The sample history, told of the number asked for.
        let answer = fixture(file).replace(sample, number);
        match serde_json::from_str::<Value>(&answer) {
            Ok(answer) => reply(StatusCode::OK, answer),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, MISSING_FIELD, &format!("{file}: {e}")),
        }
    }
}

/// Checks `Package[]`: at least one, each with its packaging code and a weight in KGS or LBS,
/// and dimensions in CM or IN when given. The number of packages.
fn packages(list: &Value, at: &str, packaging: &str) -> Result<usize, Answer> {
    let Some(list) = list.as_array().filter(|l| !l.is_empty()) else {
        return Err(missing(at));
    };
    for (i, p) in list.iter().enumerate() {
        if text(&p[packaging]["Code"]).is_none() {
            return Err(missing(&format!("{at}[{i}].{packaging}.Code")));
        }
        let unit = text(&p["PackageWeight"]["UnitOfMeasurement"]["Code"]);
        if !matches!(unit, Some("KGS" | "LBS")) || text(&p["PackageWeight"]["Weight"]).is_none() {
            return Err(missing(&format!("{at}[{i}].PackageWeight")));
        }
        if !p["Dimensions"].is_null()
            && !matches!(text(&p["Dimensions"]["UnitOfMeasurement"]["Code"]), Some("CM" | "IN"))
        {
            return Err(missing(&format!("{at}[{i}].Dimensions.UnitOfMeasurement.Code")));
        }
    }
    Ok(list.len())
}

/// A 1Z number in UPS's layout: `1Z`, the 6-character account, 2 service digits, 8 digits.
fn tracking_number(account: &str, service: &str) -> String {
    let account: String =
        account.chars().filter(char::is_ascii_alphanumeric).take(6).collect::<String>().to_uppercase();
    let service: String = service.chars().filter(char::is_ascii_digit).take(2).collect();
    let sequence = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    format!("1Z{account:0>6}{service:0>2}{:08}", 40_000_000 + sequence % 10_000_000)
}

/// `value` at a dotted path such as `ShipTo.Phone.Number`.
fn pointer<'v>(value: &'v Value, dotted: &str) -> &'v Value {
    dotted.split('.').fold(value, |v, key| &v[key])
}

/// A non-blank string value.
fn text(value: &Value) -> Option<&str> {
    value.as_str().map(str::trim).filter(|s| !s.is_empty())
}

/// A status and a JSON body, made into a response at the end.
type Answer = (StatusCode, Value);

fn reply(status: StatusCode, body: Value) -> Answer {
    (status, body)
}

fn respond((status, body): Answer) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

/// UPS's error body.
fn error(status: StatusCode, code: &str, message: &str) -> Answer {
    reply(status, json!({"response": {"errors": [{"code": code, "message": message}]}}))
}

fn missing(what: &str) -> Answer {
    error(StatusCode::BAD_REQUEST, MISSING_FIELD, &format!("Missing or invalid {what}"))
}
