//! DHL Express (`carrier-dhl-express`) through the runtime, against the MyDHL API double of
//! `fake-carriers`: rates, labels, tracking and voiding over the sandbox's HTTP, the Basic
//! credentials and headers DHL requires, and each failure mode → the `CarrierError` the core
//! acts on.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use crossdock::runtime::CallContext;
use crossdock_tests::{
    CarrierPlugin, carrier_call_context, carrier_http_grant, carrier_parcel, shipment_10_for_label,
    shipment_10_rate_request,
};
use crossdock_types::{CarrierError, LabelFormat, LabelRequest, Money, ServiceLevel, TrackingStatus};
use fake_carriers::{FakeCarriers, Mode};
use serde_json::{Value, json};

const DHL: CarrierPlugin = CarrierPlugin("carrier-dhl-express");
const USERNAME: &str = "crossdock-test";
const PASSWORD: &str = "s3cret";

/// A call context for `server`: the account, the warehouse clock in Shenzhen, HTTP to the
/// double with `deadline`, and both secrets.
fn ctx_with(server: &FakeCarriers, config: Value, secrets: &[(&str, &str)], deadline: Duration) -> CallContext {
    carrier_call_context(config, &server.host(), secrets, deadline)
}

fn config(server: &FakeCarriers) -> Value {
    json!({"base_url": server.base_url("dhl"), "account_number": "123456789", "origin_utc_offset": "+08:00"})
}

fn ctx(server: &FakeCarriers) -> CallContext {
    ctx_with(server, config(server), &[("username", USERNAME), ("password", PASSWORD)], Duration::from_secs(5))
}

/// shipment-10 with the street, names and phones DHL needs on a waybill.
fn label_request(service: &str) -> LabelRequest {
    let shipment = shipment_10_for_label("+86 755 0000 0000", "+49 30 0000000");
    LabelRequest { shipment, parcels: vec![carrier_parcel()], service_code: service.into(), is_return: false }
}

// ---- the calls ----------------------------------------------------------------------------------

#[test]
fn rate_prices_each_dhl_product_in_the_billing_currency() {
    let server = FakeCarriers::start();
    let rates = DHL.rate(ctx(&server), &shipment_10_rate_request()).expect("rates");
    let summary: Vec<(&str, &str, i64, u32, ServiceLevel)> = rates
        .iter()
        .map(|r| (r.service_code.as_str(), r.price.currency.as_str(), r.price.amount, r.eta_max_days, r.level))
        .collect();
    // dhl-rate-response.json: BILLC 412.36 and 498.77 CNY, 3 transit days each.
    assert_eq!(summary, [("P", "CNY", 41236, 3, ServiceLevel::Express), ("Y", "CNY", 49877, 3, ServiceLevel::Express)]);
    assert!(rates.iter().all(|r| r.carrier == "dhl-express"));
}

#[test]
fn every_call_authenticates_with_basic_credentials_and_sends_x_version() {
    let server = FakeCarriers::start();
    DHL.rate(ctx(&server), &shipment_10_rate_request()).expect("rates");
    let label = DHL.create_label(ctx(&server), &label_request("P")).expect("label");
    DHL.track(ctx(&server), &label.tracking_number).expect("tracking");
    let requests = server.requests_to("dhl");
    let paths: Vec<(&str, &str)> = requests.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    assert_eq!(paths[0], ("POST", "/rates"));
    assert_eq!(paths[1], ("POST", "/shipments"));
    assert_eq!(paths[2].0, "GET");
    assert!(paths[2].1.starts_with(&format!("/shipments/{}/tracking?", label.tracking_number)), "{paths:?}");
    let basic = format!("Basic {}", STANDARD.encode(format!("{USERNAME}:{PASSWORD}")));
    for request in &requests {
        assert_eq!(request.header("authorization"), Some(basic.as_str()), "{}", request.path);
        assert_eq!(request.header("x-version"), Some("3.1.0"), "{}", request.path);
    }
    let body: Value = serde_json::from_slice(&requests[0].body).expect("JSON");
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    assert_eq!(body["plannedShippingDateAndTime"], "2026-11-17T10:00:00 GMT+08:00");
    assert_eq!(body["accounts"], json!([{"typeCode": "shipper", "number": "123456789"}]));
    assert_eq!(body["packages"], json!([{"weight": 1.2, "dimensions": {"length": 30, "width": 20, "height": 10}}]));
}

#[test]
fn a_label_is_a_fresh_waybill_with_the_decoded_pdf_and_its_price() {
    let server = FakeCarriers::start();
    let first = DHL.create_label(ctx(&server), &label_request("P")).expect("label");
    let second = DHL.create_label(ctx(&server), &label_request("P")).expect("label");
    assert_ne!(first.tracking_number, second.tracking_number);
    assert_eq!(first.tracking_number.len(), 10);
    assert_eq!(first.format, LabelFormat::Pdf);
    assert!(first.data.starts_with(b"%PDF-1.4"));
    assert!(String::from_utf8_lossy(&first.data).contains("SAMPLE LABEL"));
    assert_eq!(first.price, Money::new(41236, "CNY".parse().expect("currency")));
    let body: Value = serde_json::from_slice(&server.requests_to("dhl")[0].body).expect("JSON");
    assert_eq!(body["content"]["exportDeclaration"]["lineItems"].as_array().map(Vec::len), Some(10));
    assert_eq!(body["content"]["incoterm"], "DDP");
}

#[test]
fn a_zpl_label_comes_back_as_zpl() {
    let server = FakeCarriers::start();
    let mut config = config(&server);
    config["label_format"] = json!("zpl");
    let ctx = ctx_with(&server, config, &[("username", USERNAME), ("password", PASSWORD)], Duration::from_secs(5));
    let label = DHL.create_label(ctx, &label_request("Y")).expect("label");
    assert_eq!(label.format, LabelFormat::Zpl);
    assert!(label.data.starts_with(b"^XA"));
    assert_eq!(label.service_code, "Y");
}

#[test]
fn tracking_an_issued_waybill_gives_its_checkpoints_in_time_order() {
    let server = FakeCarriers::start();
    let label = DHL.create_label(ctx(&server), &label_request("P")).expect("label");
    let tracking = DHL.track(ctx(&server), &label.tracking_number).expect("tracking");
    assert_eq!(tracking.tracking_number, label.tracking_number);
    assert_eq!(tracking.status, TrackingStatus::Delivered);
    let events: Vec<(String, &str, TrackingStatus)> =
        tracking.events.iter().map(|e| (e.time.to_string(), e.raw_code.as_str(), e.status)).collect();
    assert_eq!(events.first(), Some(&("2026-11-17T09:05:00Z".to_string(), "PU", TrackingStatus::InTransit)));
    assert_eq!(events[6], ("2026-11-20T07:02:00Z".to_string(), "WC", TrackingStatus::OutForDelivery));
    assert_eq!(events.last(), Some(&("2026-11-20T10:42:00Z".to_string(), "OK", TrackingStatus::Delivered)));
    assert!(tracking.events.windows(2).all(|w| w[0].time <= w[1].time));
}

#[test]
fn a_returned_shipment_maps_every_exception_checkpoint() {
    let server = FakeCarriers::start();
    let tracking = DHL.track(ctx(&server), "5786694550").expect("tracking");
    assert_eq!(tracking.status, TrackingStatus::Returned);
    assert_eq!(tracking.events.len(), 32);
    let status = |code: &str| tracking.events.iter().find(|e| e.raw_code == code).map(|e| e.status);
    assert_eq!(status("SA"), Some(TrackingStatus::InTransit));
    assert_eq!(status("CC"), Some(TrackingStatus::OutForDelivery));
    assert_eq!(status("PD"), Some(TrackingStatus::Delivered));
    assert_eq!(status("BA"), Some(TrackingStatus::Exception));
    assert_eq!(status("RT"), Some(TrackingStatus::Returned));
    assert_eq!(tracking.events[0].raw_code, "SA"); // the double sends newest first
}

#[test]
fn an_unknown_waybill_is_not_found() {
    let server = FakeCarriers::start();
    let err = DHL.track(ctx(&server), "1234567890").expect_err("unknown");
    assert!(matches!(&err, CarrierError::NotFound(m) if m.contains("1234567890")), "{err:?}");
}

#[test]
fn voiding_is_refused_with_how_to_cancel_and_calls_nothing() {
    let server = FakeCarriers::start();
    let err = DHL.void_label(ctx(&server), "3421785560").expect_err("DHL has no void");
    assert!(
        matches!(&err, CarrierError::InvalidRequest(m) if m.contains("pickup") && m.contains("3421785560")),
        "{err:?}"
    );
    assert!(server.requests_to("dhl").is_empty());
}

// ---- failures -----------------------------------------------------------------------------------

#[test]
fn refused_credentials_are_auth_failed() {
    let server = FakeCarriers::start();
    server.set_mode("dhl", Mode::RejectAuth);
    let err = DHL.rate(ctx(&server), &shipment_10_rate_request()).expect_err("refused");
    assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("HTTP 401")), "{err:?}");
    let err = DHL.track(ctx(&server), "3421785560").expect_err("refused");
    assert!(matches!(err, CarrierError::AuthFailed(_)), "{err:?}");
}

#[test]
fn a_missing_secret_is_auth_failed_before_any_request() {
    let server = FakeCarriers::start();
    let ctx = ctx_with(&server, config(&server), &[("username", USERNAME)], Duration::from_secs(5));
    let err = DHL.rate(ctx, &shipment_10_rate_request()).expect_err("no password");
    assert_eq!(err, CarrierError::AuthFailed("set the binding secret `password`".into()));
    assert!(server.requests_to("dhl").is_empty());
}

#[test]
fn a_host_outside_the_allow_list_says_to_allow_it() {
    let server = FakeCarriers::start();
    let mut ctx = ctx(&server);
    ctx.http = Some(carrier_http_grant("express.api.dhl.com", Duration::from_secs(5)));
    let err = DHL.rate(ctx, &shipment_10_rate_request()).expect_err("denied");
    assert!(
        matches!(&err, CarrierError::AuthFailed(m) if m.contains("allow-list") && m.contains(&server.host())),
        "{err:?}"
    );
}

#[test]
fn an_unavailable_dhl_is_service_unavailable() {
    let server = FakeCarriers::start();
    server.set_mode("dhl", Mode::Unavailable);
    let err = DHL.rate(ctx(&server), &shipment_10_rate_request()).expect_err("down");
    assert!(matches!(&err, CarrierError::ServiceUnavailable(m) if m.contains("Process failure")), "{err:?}");
    let err = DHL.create_label(ctx(&server), &label_request("P")).expect_err("down");
    assert!(matches!(err, CarrierError::ServiceUnavailable(_)), "{err:?}");
}

#[test]
fn a_bad_receiver_address_is_address_rejected() {
    let server = FakeCarriers::start();
    server.set_mode("dhl", Mode::BadAddress);
    let err = DHL.rate(ctx(&server), &shipment_10_rate_request()).expect_err("bad address");
    assert!(matches!(&err, CarrierError::AddressRejected(m) if m.contains("postal code")), "{err:?}");
    let err = DHL.create_label(ctx(&server), &label_request("P")).expect_err("bad address");
    assert!(matches!(err, CarrierError::AddressRejected(_)), "{err:?}");
}

#[test]
fn a_truncated_answer_is_a_bad_response() {
    let server = FakeCarriers::start();
    server.set_mode("dhl", Mode::Malformed);
    let err = DHL.rate(ctx(&server), &shipment_10_rate_request()).expect_err("malformed");
    assert!(matches!(err, CarrierError::BadResponse(_)), "{err:?}");
    let err = DHL.create_label(ctx(&server), &label_request("P")).expect_err("malformed");
    assert!(matches!(err, CarrierError::BadResponse(_)), "{err:?}");
    let err = DHL.track(ctx(&server), "3421785560").expect_err("malformed");
    assert!(matches!(err, CarrierError::BadResponse(_)), "{err:?}");
}

#[test]
fn a_slow_dhl_past_the_deadline_is_a_timeout() {
    let server = FakeCarriers::start();
    server.set_mode("dhl", Mode::Slow(Duration::from_secs(2)));
    let ctx = ctx_with(
        &server,
        config(&server),
        &[("username", USERNAME), ("password", PASSWORD)],
        Duration::from_millis(300),
    );
    let err = DHL.rate(ctx, &shipment_10_rate_request()).expect_err("too slow");
    assert!(matches!(err, CarrierError::Timeout(_)), "{err:?}");
}

#[test]
fn a_label_without_the_receiver_phone_is_refused_before_booking() {
    let server = FakeCarriers::start();
    let mut request = label_request("P");
    request.shipment.destination.phone = None;
    let err = DHL.create_label(ctx(&server), &request).expect_err("no phone");
    assert!(matches!(&err, CarrierError::AddressRejected(m) if m.contains("phone")), "{err:?}");
    assert!(server.requests_to("dhl").is_empty());
}

#[test]
fn an_answer_that_is_not_in_the_carrier_s_error_format_is_described_never_quoted() {
    let server = FakeCarriers::start();
    for (status, json) in
        [(500, false), (500, true), (401, false), (400, true), (404, false), (200, false), (200, true)]
    {
        server.set_mode("dhl", Mode::Impostor { status, json });
        let errors = [
            DHL.rate(ctx(&server), &shipment_10_rate_request()).expect_err("impostor"),
            DHL.create_label(ctx(&server), &label_request("P")).expect_err("impostor"),
            DHL.track(ctx(&server), "3421785560").expect_err("impostor"),
        ];
        for err in errors {
            let text = err.to_string();
            assert!(!text.contains("hunter2") && !text.contains("Admin console"), "HTTP {status}: {text}");
            if status != 200 {
                assert!(text.contains(&format!("HTTP {status} from {}", server.host())), "{text}");
                assert!(text.contains("bytes, not a"), "{text}");
            }
        }
    }
}
