//! The whole plugin, natively, against a stand-in USPS that answers with the sample responses
//! of `tests/fixtures/carriers/`: what goes over the wire for each call, and what comes back.
//!
//! The shipment is the ten-item sample (`tests/fixtures/shipment-10.json`, sold in EUR) moved
//! to a Los Angeles warehouse, with the Berlin addressee of the USPS samples, in one 1.2 kg box
//! of 30×20×10 cm.

use std::cell::RefCell;
use std::rc::Rc;

use crossdock_sdk::testing::{TestHost, from_json};
use crossdock_sdk::{HttpError, HttpMethod, HttpRequest, HttpResponse};
use serde_json::{Value, json};

use super::*;

const TOKEN: &str = include_str!("../../../tests/fixtures/carriers/usps-token-response.json");
const TOKEN_REFUSED: &str = include_str!("../../../tests/fixtures/carriers/usps-token-error-response.json");
const PAYMENT: &str = include_str!("../../../tests/fixtures/carriers/usps-payment-authorization-response.json");
const RATES: &str = include_str!("../../../tests/fixtures/carriers/usps-rate-response.json");
const LABEL: &str = include_str!("../../../tests/fixtures/carriers/usps-label-response.json");
const CANCEL: &str = include_str!("../../../tests/fixtures/carriers/usps-cancel-response.json");
const TRACK: &str = include_str!("../../../tests/fixtures/carriers/usps-track-response.json");
const NOT_FOUND: &str = include_str!("../../../tests/fixtures/carriers/usps-error-tracking-not-found.json");
const ADDRESS: &str = include_str!("../../../tests/fixtures/carriers/usps-error-address.json");
const UNAVAILABLE: &str = include_str!("../../../tests/fixtures/carriers/usps-error-503.json");
const SHIPMENT_10: &str = include_str!("../../../tests/fixtures/shipment-10.json");

const BASE: &str = "https://apis-tem.usps.com";
const CONFIG: &str = r#"{"base_url": "https://apis-tem.usps.com", "crid": "56789012", "mid": "902345678",
    "manifest_mid": "902345679", "account_number": "1000000000"}"#;

/// What the stand-in USPS gets wrong on purpose.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fault {
    None,
    RefuseToken,
    Unavailable,
    BadAddress,
    Truncated,
    Silent,
}

type Log = Rc<RefCell<Vec<HttpRequest>>>;

fn answer(status: u16, body: &str) -> Result<HttpResponse, HttpError> {
    Ok(HttpResponse {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
    })
}

/// A host with the binding's secrets, `config`, a EUR→USD rate and the stand-in USPS.
fn usps(config: &str, fault: Fault) -> (TestHost, Log) {
    let log: Log = Rc::default();
    let seen = log.clone();
    let host = TestHost::new()
        .with_config(config)
        .with_now("2026-11-17T09:00:00Z")
        .with_secret("client_id", "crossdock-test-client")
        .with_secret("client_secret", "s3cret")
        .with_fx("EUR", "USD", 1_052_300, "2026-11-24")
        .with_http(move |request| {
            seen.borrow_mut().push(request.clone());
            let path = request.url.strip_prefix(BASE).unwrap_or(&request.url).to_owned();
            let path = path.split('?').next().unwrap_or_default();
            match fault {
                Fault::Silent => return Err(HttpError::Timeout),
                Fault::Unavailable => return answer(503, UNAVAILABLE),
                Fault::RefuseToken if path == "/oauth2/v3/token" => return answer(401, TOKEN_REFUSED),
                _ => {}
            }
            let body = match (request.method, path) {
                (HttpMethod::Post, "/oauth2/v3/token") => return answer(200, TOKEN),
                (HttpMethod::Post, "/payments/v3/payment-authorization") => PAYMENT,
                (HttpMethod::Post, "/international-prices/v3/total-rates/search") if fault == Fault::BadAddress => {
                    return answer(400, ADDRESS);
                }
                (HttpMethod::Post, "/international-prices/v3/total-rates/search") => RATES,
                (HttpMethod::Post, "/international-labels/v3/international-label") => {
                    return if fault == Fault::Truncated {
                        answer(201, &LABEL[..LABEL.len() / 2])
                    } else {
                        answer(201, LABEL)
                    };
                }
                (HttpMethod::Delete, "/international-labels/v3/international-label/CP123456785US") => CANCEL,
                (HttpMethod::Get, "/tracking/v3/tracking/CP123456785US") => TRACK,
                (HttpMethod::Get, _) => return answer(400, NOT_FOUND),
                _ => return answer(404, "{}"),
            };
            if fault == Fault::Truncated { answer(200, &body[..body.len() / 2]) } else { answer(200, body) }
        });
    (host, log)
}

/// The ten-item sample, shipped from a Los Angeles warehouse to the Berlin addressee.
fn us_shipment() -> Shipment {
    let mut shipment: Shipment = from_json(SHIPMENT_10);
    shipment.origin = from_json(
        r#"{"company": "Example Trading LLC", "street": ["6100 W Century Blvd"], "city": "Los Angeles", "region": "CA",
            "postal_code": "90045", "country": "US", "phone": "+1 310 555 0100"}"#,
    );
    shipment.destination = from_json(
        r#"{"name": "Max Mustermann", "street": ["Invalidenstrasse 117"], "city": "Berlin", "postal_code": "10115",
            "country": "DE", "phone": "+49 30 12345678"}"#,
    );
    shipment
}

fn parcel() -> Vec<Parcel> {
    vec![Parcel { weight_g: 1200, length_mm: 300, width_mm: 200, height_mm: 100 }]
}

fn rate_request() -> RateRequest {
    RateRequest { shipment: us_shipment(), parcels: parcel() }
}

fn label_request(service: &str) -> LabelRequest {
    LabelRequest { shipment: us_shipment(), parcels: parcel(), service_code: service.into(), is_return: false }
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn body(request: &HttpRequest) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

fn calls(log: &Log) -> Vec<String> {
    log.borrow().iter().map(|r| format!("{:?} {}", r.method, r.url.strip_prefix(BASE).unwrap_or(&r.url))).collect()
}

#[test]
fn metadata_names_the_usps_carrier_and_a_valid_schema() {
    let metadata = Postal::metadata();
    assert_eq!(metadata.name, "carrier-postal");
    assert_eq!(metadata.kind, PluginKind::Carrier);
    assert_eq!(metadata.covers, ["usps"]);
    let schema: Value = serde_json::from_str(&metadata.config_schema).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

#[test]
fn rating_sends_the_parcel_in_pounds_and_inches_and_prices_the_configured_services() {
    let (host, log) = usps(CONFIG, Fault::None);
    let rates = Postal::rate(&host.ctx(), rate_request()).unwrap();
    let offered: Vec<(&str, ServiceLevel, String)> =
        rates.iter().map(|r| (r.service_code.as_str(), r.level, r.price.to_string())).collect();
    assert_eq!(
        offered,
        [
            ("FIRST-CLASS_PACKAGE_INTERNATIONAL_SERVICE", ServiceLevel::Economy, "44.80 USD".to_owned()),
            ("PRIORITY_MAIL_INTERNATIONAL", ServiceLevel::Standard, "72.35 USD".to_owned()),
        ]
    );
    assert!(rates.iter().all(|r| r.carrier == "usps"));
    assert_eq!((rates[1].eta_min_days, rates[1].eta_max_days), (6, 10));

    assert_eq!(calls(&log), ["Post /oauth2/v3/token", "Post /international-prices/v3/total-rates/search"]);
    let log = log.borrow();
    assert_eq!(
        body(&log[0]),
        json!({"client_id": "crossdock-test-client", "client_secret": "s3cret", "grant_type": "client_credentials"})
    );
    assert_eq!(header(&log[0], "Content-Type"), Some("application/json"));
    assert!(header(&log[1], "Authorization").unwrap().starts_with("Bearer eyJ"));
    // CARRIERS.md Appendix A, with the goods' value converted from EUR: 378.34 EUR × 1.0523.
    assert_eq!(
        body(&log[1]),
        json!({"originZIPCode": "90045", "destinationCountryCode": "DE", "foreignPostalCode": "10115",
            "weight": 2.65, "length": 11.81, "width": 7.87, "height": 3.94, "mailClass": "ALL",
            "priceType": "COMMERCIAL", "mailingDate": "2026-11-17", "itemValue": 398.13})
    );
}

#[test]
fn one_configured_service_is_asked_for_by_name() {
    let config = r#"{"base_url": "https://apis-tem.usps.com", "services": ["PRIORITY_MAIL_EXPRESS_INTERNATIONAL"]}"#;
    let (host, log) = usps(config, Fault::None);
    let rates = Postal::rate(&host.ctx(), rate_request()).unwrap();
    assert_eq!(rates.len(), 1);
    assert_eq!((rates[0].level, rates[0].price.amount), (ServiceLevel::Express, 10390));
    assert_eq!(body(&log.borrow()[1])["mailClass"], "PRIORITY_MAIL_EXPRESS_INTERNATIONAL");
}

#[test]
fn rating_a_shipment_from_china_says_usps_ships_only_from_the_us_without_asking_usps() {
    let (host, log) = usps(CONFIG, Fault::None);
    let request = RateRequest { shipment: from_json(SHIPMENT_10), parcels: parcel() };
    let err = Postal::rate(&host.ctx(), request).unwrap_err();
    let CarrierError::ServiceUnavailable(message) = err else { panic!("{err:?}") };
    assert!(message.contains("USPS ships only from the United States"), "{message}");
    assert!(log.borrow().is_empty());
}

#[test]
fn a_missing_secret_names_the_secret_to_set() {
    let host = TestHost::new().with_config(CONFIG).with_secret("client_id", "id");
    let err = Postal::rate(&host.ctx(), rate_request()).unwrap_err();
    assert_eq!(err, CarrierError::AuthFailed("set the binding secret `client_secret`".into()));
}

#[test]
fn a_label_carries_the_customs_declaration_and_comes_back_decoded() {
    let (host, log) = usps(CONFIG, Fault::None);
    let label = Postal::create_label(&host.ctx(), label_request("PRIORITY_MAIL_INTERNATIONAL")).unwrap();
    assert_eq!(label.tracking_number, "CP123456785US");
    assert_eq!((label.format, label.carrier.as_str()), (LabelFormat::Pdf, "usps"));
    assert!(label.data.starts_with(b"%PDF"));
    assert_eq!(label.price.to_string(), "72.35 USD");

    assert_eq!(
        calls(&log),
        [
            "Post /oauth2/v3/token",
            "Post /international-prices/v3/total-rates/search",
            "Post /payments/v3/payment-authorization",
            "Post /international-labels/v3/international-label",
        ]
    );
    let log = log.borrow();
    assert_eq!(body(&log[1])["mailClass"], "PRIORITY_MAIL_INTERNATIONAL");
    assert_eq!(
        body(&log[2]),
        json!({"roles": [
            {"roleName": "PAYER", "CRID": "56789012", "MID": "902345678", "manifestMID": "902345679",
             "accountType": "EPS", "accountNumber": "1000000000"},
            {"roleName": "LABEL_OWNER", "CRID": "56789012", "MID": "902345678", "manifestMID": "902345679"}]})
    );
    let request = &log[3];
    assert_eq!(header(request, "Accept"), Some("application/vnd.usps.labels+json"));
    assert_eq!(header(request, "X-Payment-Authorization-Token"), Some(payment_token().as_str()));
    assert_eq!(header(request, "X-Idempotency-Key").map(str::len), Some(36));
    let sent = body(request);
    assert_eq!(
        sent["packageDescription"],
        json!({"mailClass": "PRIORITY_MAIL_INTERNATIONAL", "processingCategory": "NON_MACHINABLE",
            "destinationEntryFacilityType": "NONE", "rateIndicator": "SP", "mailingDate": "2026-11-17",
            "weightUOM": "lb", "weight": 2.65, "dimensionsUOM": "in", "length": 11.81, "width": 7.87, "height": 3.94,
            "customerReference": [{"referenceNumber": "shp_1"}]})
    );
    assert_eq!(sent["toAddress"]["country"], "GERMANY");
    assert_eq!(sent["fromAddress"]["state"], "CA");
    let customs = &sent["customsForm"];
    assert_eq!(customs["customsContentType"], "MERCHANDISE");
    assert_eq!(customs["AESITN"], "NO EEI 30.37(a)");
    assert_eq!(customs["contents"].as_array().unwrap().len(), 5);
    assert_eq!(
        customs["contents"][0],
        json!({"itemDescription": "Cotton T-shirt", "itemQuantity": 4, "itemTotalValue": 84.15,
            "itemTotalWeight": 1.59, "weightUOM": "lb", "HSTariffNumber": "610910", "countryofOrigin": "CN"})
    );
}

fn payment_token() -> String {
    serde_json::from_str::<Value>(PAYMENT).unwrap()["paymentAuthorizationToken"].as_str().unwrap().to_owned()
}

#[test]
fn the_cn22_or_cn23_choice_is_logged_and_a_cn23_carries_the_invoice_number() {
    let (host, log) = usps(CONFIG, Fault::None);
    Postal::create_label(&host.ctx(), label_request("PRIORITY_MAIL_INTERNATIONAL")).unwrap();
    assert!(host.logs().iter().any(|(_, m)| m.contains("customs declaration for shipment shp_1: CN22 (398.")));
    assert!(body(&log.borrow()[3])["customsForm"].get("invoiceNumber").is_none());

    let (host, log) = usps(CONFIG, Fault::None);
    let mut request = label_request("PRIORITY_MAIL_INTERNATIONAL");
    request.shipment.items[1].quantity = 4; // two more hoodies: 478.32 EUR, about 503 USD > 300 SDR
    Postal::create_label(&host.ctx(), request).unwrap();
    assert!(host.logs().iter().any(|(_, m)| m.contains(": CN23 (")), "{:?}", host.logs());
    assert_eq!(body(&log.borrow()[3])["customsForm"]["invoiceNumber"], "shp_1");
}

#[test]
fn a_label_needs_the_payment_account_before_any_request() {
    let (host, log) = usps(r#"{"base_url": "https://apis-tem.usps.com"}"#, Fault::None);
    let err = Postal::create_label(&host.ctx(), label_request("PRIORITY_MAIL_INTERNATIONAL")).unwrap_err();
    assert!(
        matches!(&err, CarrierError::AuthFailed(m) if m.contains("crid, mid, manifest_mid, account_number")),
        "{err:?}"
    );
    assert!(log.borrow().is_empty());
}

#[test]
fn a_service_the_binding_does_not_offer_is_an_invalid_request() {
    let (host, _) = usps(CONFIG, Fault::None);
    let err = Postal::create_label(&host.ctx(), label_request("PRIORITY_MAIL_EXPRESS_INTERNATIONAL")).unwrap_err();
    assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("this binding offers")), "{err:?}");
}

#[test]
fn voiding_cancels_with_the_payment_authorization() {
    let (host, log) = usps(CONFIG, Fault::None);
    Postal::void_label(&host.ctx(), "CP123456785US").unwrap();
    assert_eq!(
        calls(&log),
        [
            "Post /oauth2/v3/token",
            "Post /payments/v3/payment-authorization",
            "Delete /international-labels/v3/international-label/CP123456785US"
        ]
    );
    assert!(header(&log.borrow()[2], "X-Payment-Authorization-Token").is_some());
    assert!(host.logs().iter().any(|(_, m)| m.contains("refund requested (dispute 103789)")));
}

#[test]
fn tracking_reads_the_events_in_time_order() {
    let (host, log) = usps(CONFIG, Fault::None);
    let tracking = Postal::track(&host.ctx(), "CP123456785US").unwrap();
    assert_eq!(tracking.status, TrackingStatus::Delivered);
    assert_eq!(tracking.events.len(), 7);
    assert_eq!(tracking.events[0].raw_code, "GX");
    assert_eq!(calls(&log)[1], "Get /tracking/v3/tracking/CP123456785US?expand=DETAIL");
    let err = Postal::track(&host.ctx(), "LZ999999995US").unwrap_err();
    assert!(matches!(&err, CarrierError::NotFound(m) if m.contains("150002")), "{err:?}");
}

#[test]
fn each_failure_becomes_the_error_the_core_acts_on() {
    let outcome = |fault| {
        let (host, _) = usps(CONFIG, fault);
        Postal::rate(&host.ctx(), rate_request()).unwrap_err()
    };
    assert!(
        matches!(outcome(Fault::RefuseToken), CarrierError::AuthFailed(m) if m.contains("Client authentication failed"))
    );
    assert!(matches!(outcome(Fault::Unavailable), CarrierError::ServiceUnavailable(_)));
    assert!(matches!(outcome(Fault::BadAddress), CarrierError::AddressRejected(m) if m.contains("160049")));
    assert!(matches!(outcome(Fault::Truncated), CarrierError::BadResponse(_)));
    assert!(matches!(outcome(Fault::Silent), CarrierError::Timeout(_)));
    let (host, _) = usps(CONFIG, Fault::Truncated);
    let err = Postal::create_label(&host.ctx(), label_request("PRIORITY_MAIL_INTERNATIONAL")).unwrap_err();
    assert!(matches!(err, CarrierError::BadResponse(_)), "{err:?}");
}
