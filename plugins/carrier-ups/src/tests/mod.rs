//! Native tests of the whole adapter: each runs a plugin call against [`TestHost`] with a
//! stand-in for UPS that answers with the sample files of `tests/fixtures/carriers/` and keeps
//! every request for inspection.
//!
//! - `rate`: the rating request as UPS reads it, and the rates;
//! - `label`: the shipping request (parties, invoice, duties, label format), the label, voids;
//! - `track`: the three sample histories, unknown and malformed numbers;
//! - `errors`: credentials, transport failures and UPS's error bodies.

mod errors;
mod label;
mod rate;
mod track;

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use crossdock_sdk::prelude::*;
use crossdock_sdk::testing::TestHost;
use crossdock_sdk::{HttpError, HttpMethod, HttpRequest, HttpResponse};
use serde_json::Value;

use crate::UpsCarrier;

pub const TOKEN: &str =
    "eyJraWQiOiJjZjE0YzU2Ny1mYWtlLXVwcy10b2tlbiIsInR5cCI6IkpXVCIsImFsZyI6IlJTMjU2In0.c2FtcGxl.c2lnbmF0dXJl";
pub const CONFIG: &str = r#"{"base_url": "https://wwwcie.ups.com", "account_number": "A1B2C3"}"#;

/// A sample file of `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn answer(status: u16, body: impl Into<Vec<u8>>) -> Result<HttpResponse, HttpError> {
    Ok(HttpResponse { status, headers: vec![("Content-Type".into(), "application/json".into())], body: body.into() })
}

/// What the stand-in received.
#[derive(Clone, Default)]
pub struct Sent(Rc<RefCell<Vec<HttpRequest>>>);

impl Sent {
    pub fn all(&self) -> Vec<HttpRequest> {
        self.0.borrow().clone()
    }

    /// The one request whose URL contains `part`.
    pub fn to(&self, part: &str) -> HttpRequest {
        let found: Vec<_> = self.all().into_iter().filter(|r| r.url.contains(part)).collect();
        assert_eq!(found.len(), 1, "requests to {part}: {:?}", self.urls());
        found.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    pub fn urls(&self) -> Vec<String> {
        self.all().into_iter().map(|r| r.url).collect()
    }

    /// The JSON body of the one request to `part`.
    pub fn json(&self, part: &str) -> Value {
        serde_json::from_slice(&self.to(part).body).unwrap()
    }
}

pub fn header<'r>(request: &'r HttpRequest, name: &str) -> Option<&'r str> {
    request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// UPS as the samples describe it: a token, then the sample answer of each API. `api`
/// overrides the answer to API calls (the token is always granted).
pub fn ups(
    config: &str,
    api: impl Fn(&HttpRequest) -> Option<Result<HttpResponse, HttpError>> + 'static,
) -> (TestHost, Sent) {
    let sent = Sent::default();
    let log = sent.clone();
    let host = TestHost::new()
        .with_config(config)
        .with_now("2026-11-17T02:00:00Z")
        .with_secret("client_id", "cdx-client")
        .with_secret("client_secret", "cdx-secret")
        .with_http(move |request| {
            log.0.borrow_mut().push(request.clone());
            if request.url.ends_with("/security/v1/oauth/token") {
                return answer(200, fixture("carriers/ups-token-response.json"));
            }
            if let Some(response) = api(&request) {
                return response;
            }
            let file = match (request.method, request.url.as_str()) {
                (HttpMethod::Post, u) if u.contains("/api/rating/") => "ups-rate-response.json",
                (HttpMethod::Post, u) if u.contains("/api/shipments/v2409/ship") => "ups-label-response.json",
                (HttpMethod::Delete, u) if u.contains("/void/cancel/") => "ups-void-response.json",
                (HttpMethod::Get, u) if u.contains("/api/track/v1/details/") => "ups-track-response.json",
                _ => return answer(404, r#"{"response":{"errors":[{"code":"404","message":"no such path"}]}}"#),
            };
            answer(200, fixture(&format!("carriers/{file}")))
        });
    (host, sent)
}

/// The sample answer with every package's label replaced by `image` in `format`.
pub fn label_answer(format: &str, image: &[u8]) -> String {
    let mut body: Value = serde_json::from_str(&fixture("carriers/ups-label-response.json")).unwrap();
    let label = &mut body["ShipmentResponse"]["ShipmentResults"]["PackageResults"][0]["ShippingLabel"];
    label["ImageFormat"] = serde_json::json!({"Code": format, "Description": format});
    label["GraphicImage"] = Value::String(crossdock_sdk::carrier::encode_base64(image));
    body.to_string()
}

/// The benchmark's CN → DE shipment (DDP, ten lines, EUR) with the street, names and phones
/// a label needs.
pub fn shipment() -> Shipment {
    let mut shipment: Shipment = crossdock_sdk::testing::from_json(&fixture("shipment-10.json"));
    shipment.origin.company = Some("Shenzhen Example Trading".into());
    shipment.origin.street = vec!["1 Keji Rd, Nanshan".into()];
    shipment.origin.phone = Some("+86 755 8888 0000".into());
    shipment.destination.name = Some("Max Mustermann".into());
    shipment.destination.street = vec!["Invalidenstrasse 117".into()];
    shipment.destination.phone = Some("+49 30 1234567".into());
    shipment
}

/// The 1.2 kg, 30 × 20 × 10 cm box of the samples.
pub fn parcel() -> Parcel {
    Parcel { weight_g: 1200, length_mm: 300, width_mm: 200, height_mm: 100 }
}

pub fn rate(host: &TestHost) -> Result<Vec<Rate>, CarrierError> {
    UpsCarrier::rate(&host.ctx(), RateRequest { shipment: shipment(), parcels: vec![parcel()] })
}

pub fn label_request(service: &str) -> LabelRequest {
    LabelRequest { shipment: shipment(), parcels: vec![parcel()], service_code: service.into(), is_return: false }
}
