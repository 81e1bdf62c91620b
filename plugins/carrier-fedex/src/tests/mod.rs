//! Native tests of the whole adapter: each call runs against a stand-in FedEx behind the SDK's
//! `TestHost`, which answers with the sample replies of `tests/fixtures/carriers/` and keeps
//! every request for the assertions.
//!
//! The shipment is the 10-item CN → DE bench shipment (`tests/fixtures/shipment-10.json`) in
//! one 1.2 kg, 30×20×10 cm parcel, as in the samples; labels add the street, name and phone
//! numbers FedEx needs.

mod errors;
mod label;
mod rate;
mod track;
mod void;

use std::cell::RefCell;
use std::rc::Rc;

use crossdock_sdk::testing::{TestHost, from_json};
use crossdock_sdk::{
    CarrierPlugin, Ctx, HttpError, HttpMethod, HttpRequest, HttpResponse, LabelRequest, Parcel, RateRequest, Shipment,
};

pub const TOKEN: &str = include_str!("../../../../tests/fixtures/carriers/fedex-token-response.json");
pub const RATE: &str = include_str!("../../../../tests/fixtures/carriers/fedex-rate-response.json");
pub const LABEL: &str = include_str!("../../../../tests/fixtures/carriers/fedex-label-response.json");
pub const CANCEL: &str = include_str!("../../../../tests/fixtures/carriers/fedex-cancel-response.json");
pub const TRACK: &str = include_str!("../../../../tests/fixtures/carriers/fedex-track-response.json");
pub const TRACK_EVERY_CODE: &str =
    include_str!("../../../../tests/fixtures/carriers/fedex-track-every-code-response.json");
pub const TRACK_NOT_FOUND: &str =
    include_str!("../../../../tests/fixtures/carriers/fedex-track-not-found-response.json");
pub const TOKEN_REFUSED: &str = include_str!("../../../../tests/fixtures/carriers/fedex-error-token-refused.json");
pub const UNAVAILABLE: &str = include_str!("../../../../tests/fixtures/carriers/fedex-error-unavailable.json");
pub const BAD_ADDRESS: &str = include_str!("../../../../tests/fixtures/carriers/fedex-error-bad-address.json");
pub const NOT_FOUND: &str = include_str!("../../../../tests/fixtures/carriers/fedex-error-not-found.json");
const SHIPMENT: &str = include_str!("../../../../tests/fixtures/shipment-10.json");

pub const BASE: &str = "https://apis.fedex.test";
pub const CONFIG: &str = r#"{"base_url": "https://apis.fedex.test", "account_number": "740561073"}"#;
/// The samples' ship date, 10:00 in Shenzhen.
pub const NOW: &str = "2026-11-17T02:00:00Z";

/// Every request the stand-in received, oldest first.
pub type Log = Rc<RefCell<Vec<HttpRequest>>>;

pub fn reply(status: u16, body: &str) -> Result<HttpResponse, HttpError> {
    Ok(HttpResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
    })
}

/// What FedEx answers when all is well: a token, then the sample reply of each endpoint.
pub fn fedex(request: &HttpRequest) -> Result<HttpResponse, HttpError> {
    let path = request.url.strip_prefix(BASE).unwrap_or(&request.url);
    match (request.method, path) {
        (HttpMethod::Post, "/oauth/token") => reply(200, TOKEN),
        (HttpMethod::Post, "/rate/v1/rates/quotes") => reply(200, RATE),
        (HttpMethod::Post, "/ship/v1/shipments") => reply(200, LABEL),
        (HttpMethod::Put, "/ship/v1/shipments/cancel") => reply(200, CANCEL),
        (HttpMethod::Post, "/track/v1/trackingnumbers") => reply(200, TRACK),
        _ => reply(404, NOT_FOUND),
    }
}

/// A host with the test configuration, both secrets and `answer` as FedEx.
pub fn host_with(
    config: &str,
    answer: impl Fn(&HttpRequest) -> Result<HttpResponse, HttpError> + 'static,
) -> (TestHost, Log) {
    let log: Log = Rc::default();
    let seen = log.clone();
    let host = TestHost::new()
        .with_config(config)
        .with_now(NOW)
        .with_secret("client_id", "l7-test-client")
        .with_secret("client_secret", "s3cret value")
        .with_http(move |request| {
            seen.borrow_mut().push(request.clone());
            answer(&request)
        });
    (host, log)
}

/// A host where FedEx answers as [`fedex`] does.
pub fn host() -> (TestHost, Log) {
    host_with(CONFIG, fedex)
}

/// The API requests of a log, without the token requests.
pub fn api_requests(log: &Log) -> Vec<HttpRequest> {
    log.borrow().iter().filter(|r| !r.url.ends_with("/oauth/token")).cloned().collect()
}

pub fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

pub fn body_json(request: &HttpRequest) -> serde_json::Value {
    serde_json::from_slice(&request.body).unwrap_or_else(|e| panic!("the request body is not JSON: {e}"))
}

pub fn shipment() -> Shipment {
    from_json(SHIPMENT)
}

pub fn parcel() -> Parcel {
    Parcel { weight_g: 1200, length_mm: 300, width_mm: 200, height_mm: 100 }
}

pub fn rate_request() -> RateRequest {
    RateRequest { shipment: shipment(), parcels: vec![parcel()] }
}

/// The sample shipment with what a label needs: names, streets and phone numbers.
pub fn label_request(service: &str) -> LabelRequest {
    let mut shipment = shipment();
    shipment.origin.company = Some("Shenzhen Example Trading".into());
    shipment.origin.street = vec!["1 Keji Rd, Nanshan".into()];
    shipment.origin.phone = Some("+86 755 1234 5678".into());
    shipment.destination.name = Some("Max Mustermann".into());
    shipment.destination.street = vec!["Invalidenstrasse 117".into()];
    shipment.destination.phone = Some("+49 30 1234567".into());
    LabelRequest { shipment, parcels: vec![parcel()], service_code: service.into(), is_return: false }
}

pub fn ctx(host: &TestHost) -> Ctx<'_> {
    host.ctx()
}

pub type Plugin = crate::FedEx;

#[test]
fn metadata_names_the_carrier_and_its_secrets() {
    let metadata = Plugin::metadata();
    assert_eq!(metadata.name, "carrier-fedex");
    assert_eq!(metadata.covers, ["fedex"]);
    assert_eq!(metadata.kind, crossdock_sdk::PluginKind::Carrier);
    assert!(metadata.config_schema.contains("client_secret"));
}
