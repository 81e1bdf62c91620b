//! `carrier-fedex` in the sandbox against the FedEx double (`fake-carriers`, `/fedex`): OAuth
//! token then API call on every call, rates, a label that can be tracked and voided, tracking
//! with every event type, and each failure mode becoming the `CarrierError` the core acts on.
//!
//! Every test starts its own double, so modes and issued numbers are not shared. The shipment
//! is `shipment-10.json` (CN → DE) in one 1.2 kg, 30×20×10 cm parcel; labels add the names,
//! streets and phone numbers FedEx needs.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crossdock::runtime::CallContext;
use crossdock_tests::{
    CarrierPlugin, carrier_call_context, carrier_http_grant, carrier_parcel, shipment_10_for_label,
    shipment_10_rate_request,
};
use crossdock_types::{CarrierError, LabelFormat, LabelRequest, ServiceLevel, TrackingStatus};
use fake_carriers::{FakeCarriers, Mode};
use serde_json::json;

const FEDEX: CarrierPlugin = CarrierPlugin("carrier-fedex");
/// The samples' tracking numbers (`fedex-track-response.json`, `fedex-track-every-code-response.json`).
const SAMPLE_NUMBER: &str = "795867532145";
const EVERY_CODE_NUMBER: &str = "794600000010";

const SECRETS: &[(&str, &str)] = &[("client_id", "l7-crossdock-test"), ("client_secret", "s3cret")];

/// A call context for `server` with `config` added to the base URL and account, HTTP to the
/// server only, within `deadline`.
fn context(server: &FakeCarriers, config: serde_json::Value, deadline: Duration) -> CallContext {
    let mut merged = json!({"base_url": server.base_url("fedex"), "account_number": "740561073"});
    if let (Some(base), Some(extra)) = (merged.as_object_mut(), config.as_object()) {
        base.extend(extra.clone());
    }
    carrier_call_context(merged, &server.host(), SECRETS, deadline)
}

fn ctx(server: &FakeCarriers) -> CallContext {
    context(server, json!({}), Duration::from_secs(5))
}

fn label_request() -> LabelRequest {
    LabelRequest {
        shipment: shipment_10_for_label("+86 755 1234 5678", "+49 30 1234567"),
        parcels: vec![carrier_parcel()],
        service_code: "FEDEX_INTERNATIONAL_PRIORITY".into(),
        is_return: false,
    }
}

#[test]
fn rating_prices_the_configured_services_from_fedex_quotes() {
    let server = FakeCarriers::start();
    let rates = FEDEX.rate(ctx(&server), &shipment_10_rate_request()).expect("rates");
    let summary: Vec<(&str, ServiceLevel, i64, &str, u32, u32)> = rates
        .iter()
        .map(|r| {
            (
                r.service_code.as_str(),
                r.level,
                r.price.amount,
                r.price.currency.as_str(),
                r.eta_min_days,
                r.eta_max_days,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("FEDEX_INTERNATIONAL_PRIORITY", ServiceLevel::Express, 42245, "CNY", 3, 3),
            ("INTERNATIONAL_ECONOMY", ServiceLevel::Economy, 34293, "CNY", 4, 4),
        ]
    );
    assert!(rates.iter().all(|r| r.carrier == "fedex"));
}

#[test]
fn every_call_fetches_a_token_and_sends_it_with_fedex_headers() {
    let server = FakeCarriers::start();
    FEDEX.rate(ctx(&server), &shipment_10_rate_request()).expect("rates");
    let requests = server.requests_to("fedex");
    let calls: Vec<(&str, &str)> = requests.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    assert_eq!(calls, [("POST", "/oauth/token"), ("POST", "/rate/v1/rates/quotes")]);
    let token = &requests[0];
    assert_eq!(token.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        String::from_utf8_lossy(&token.body),
        "grant_type=client_credentials&client_id=l7-crossdock-test&client_secret=s3cret"
    );
    let api = &requests[1];
    let bearer = api.header("authorization").expect("an Authorization header");
    assert!(bearer.starts_with("Bearer fake-fedex-token-"), "{bearer}");
    assert_eq!(api.header("content-type"), Some("application/json"));
    assert_eq!(api.header("x-locale"), Some("en_US"));
    assert_eq!(api.header("x-customer-transaction-id"), Some("crossdock-rate-shp_1"));
    let body: serde_json::Value = serde_json::from_slice(&api.body).expect("a JSON body");
    assert_eq!(body["accountNumber"]["value"], "740561073");
    assert_eq!(body["requestedShipment"]["requestedPackageLineItems"][0]["dimensions"]["length"], 30);

    // A second call does not reuse the first call's token: each call is a fresh instance.
    FEDEX.rate(ctx(&server), &shipment_10_rate_request()).expect("rates");
    let tokens: Vec<String> =
        server.requests_to("fedex").iter().filter_map(|r| r.header("authorization").map(str::to_owned)).collect();
    assert_eq!(tokens.len(), 2);
    assert_ne!(tokens[0], tokens[1]);
    assert_eq!(server.requests_to("fedex").iter().filter(|r| r.path == "/oauth/token").count(), 2);
}

#[test]
fn a_label_is_a_tracking_number_fedex_issued_with_the_decoded_pdf() {
    let server = FakeCarriers::start();
    let label = FEDEX.create_label(ctx(&server), &label_request()).expect("a label");
    assert_eq!(label.carrier, "fedex");
    assert_eq!(label.service_code, "FEDEX_INTERNATIONAL_PRIORITY");
    assert_ne!(label.tracking_number, SAMPLE_NUMBER);
    assert_eq!(label.tracking_number.len(), 12);
    assert_eq!(label.format, LabelFormat::Pdf);
    assert!(label.data.starts_with(b"%PDF-1.4"));
    assert_eq!((label.price.amount, label.price.currency.as_str()), (42245, "CNY"));
    let ship = server.requests_to("fedex").into_iter().find(|r| r.path == "/ship/v1/shipments").expect("a ship call");
    let body: serde_json::Value = serde_json::from_slice(&ship.body).expect("JSON");
    assert_eq!(body["requestedShipment"]["customsClearanceDetail"]["commercialInvoice"]["termsOfSale"], "DDP");
}

#[test]
fn a_zpl_label_comes_back_as_zpl() {
    let server = FakeCarriers::start();
    let label = FEDEX
        .create_label(context(&server, json!({"label_format": "zpl"}), Duration::from_secs(5)), &label_request())
        .expect("a label");
    assert_eq!(label.format, LabelFormat::Zpl);
    let text = String::from_utf8_lossy(&label.data);
    assert!(text.starts_with("^XA") && text.contains(&label.tracking_number), "{text}");
}

#[test]
fn an_issued_label_tracks_in_time_order_and_can_be_voided() {
    let server = FakeCarriers::start();
    let label = FEDEX.create_label(ctx(&server), &label_request()).expect("a label");
    let tracking = FEDEX.track(ctx(&server), &label.tracking_number).expect("tracking");
    assert_eq!(tracking.tracking_number, label.tracking_number);
    assert_eq!(tracking.status, TrackingStatus::Delivered);
    let codes: Vec<&str> = tracking.events.iter().map(|e| e.raw_code.as_str()).collect();
    assert_eq!(codes, ["OC", "PU", "DP", "AR", "CC", "AR", "OD", "DL"]);
    assert_eq!(tracking.events[6].status, TrackingStatus::OutForDelivery);
    assert!(tracking.events.windows(2).all(|w| w[0].time <= w[1].time));

    FEDEX.void_label(ctx(&server), &label.tracking_number).expect("voided");
    let cancel =
        server.requests_to("fedex").into_iter().find(|r| r.path == "/ship/v1/shipments/cancel").expect("cancel");
    assert_eq!(cancel.method, "PUT");
    let body: serde_json::Value = serde_json::from_slice(&cancel.body).expect("JSON");
    assert_eq!(body["trackingNumber"], label.tracking_number.as_str());
}

#[test]
fn voiding_a_number_fedex_never_issued_is_not_found() {
    let server = FakeCarriers::start();
    let err = FEDEX.void_label(ctx(&server), "794699999999").expect_err("not voided");
    assert!(matches!(err, CarrierError::NotFound(_)), "{err:?}");
}

#[test]
fn tracking_maps_every_fedex_event_type_and_keeps_unknown_codes() {
    let server = FakeCarriers::start();
    let tracking = FEDEX.track(ctx(&server), EVERY_CODE_NUMBER).expect("tracking");
    assert_eq!(tracking.status, TrackingStatus::Returned);
    assert_eq!(tracking.events.len(), 40);
    assert!(tracking.events.windows(2).all(|w| w[0].time <= w[1].time));
    let status_of = |code: &str| tracking.events.iter().find(|e| e.raw_code == code).map(|e| e.status);
    assert_eq!(status_of("OX"), Some(TrackingStatus::PreTransit));
    assert_eq!(status_of("CP"), Some(TrackingStatus::InTransit));
    assert_eq!(status_of("HL"), Some(TrackingStatus::OutForDelivery));
    assert_eq!(status_of("CD"), Some(TrackingStatus::Exception));
    assert_eq!(status_of("XG"), Some(TrackingStatus::Exception));
    assert_eq!(tracking.estimated_delivery.map(|t| t.to_string()).as_deref(), Some("2026-11-24T17:00:00Z"));
}

#[test]
fn tracking_a_number_fedex_does_not_know_is_not_found() {
    let server = FakeCarriers::start();
    let err = FEDEX.track(ctx(&server), "794699999999").expect_err("unknown");
    assert!(matches!(&err, CarrierError::NotFound(m) if m.contains("TRACKING.TRACKINGNUMBER.NOTFOUND")), "{err:?}");
}

#[test]
fn refused_credentials_are_auth_failed() {
    let server = FakeCarriers::start();
    server.set_mode("fedex", Mode::RejectAuth);
    let err = FEDEX.rate(ctx(&server), &shipment_10_rate_request()).expect_err("refused");
    assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("NOT.AUTHORIZED.ERROR")), "{err:?}");
}

#[test]
fn a_missing_secret_is_auth_failed_before_anything_is_sent() {
    let server = FakeCarriers::start();
    let mut ctx = ctx(&server);
    ctx.secrets = Arc::new(BTreeMap::from([("client_id".into(), "l7-crossdock-test".into())]));
    let err = FEDEX.rate(ctx, &shipment_10_rate_request()).expect_err("no secret");
    assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("`client_secret`")), "{err:?}");
    assert!(server.requests_to("fedex").is_empty());
}

#[test]
fn fedex_unavailable_is_service_unavailable() {
    let server = FakeCarriers::start();
    server.set_mode("fedex", Mode::Unavailable);
    let err = FEDEX.rate(ctx(&server), &shipment_10_rate_request()).expect_err("unavailable");
    assert!(matches!(&err, CarrierError::ServiceUnavailable(m) if m.contains("SERVICE.UNAVAILABLE.ERROR")), "{err:?}");
}

#[test]
fn a_rejected_address_is_address_rejected_for_rates_and_labels() {
    let server = FakeCarriers::start();
    server.set_mode("fedex", Mode::BadAddress);
    let err = FEDEX.rate(ctx(&server), &shipment_10_rate_request()).expect_err("rejected");
    assert!(matches!(&err, CarrierError::AddressRejected(m) if m.contains("COUNTRY.POSTALCODE.INVALID")), "{err:?}");
    let err = FEDEX.create_label(ctx(&server), &label_request()).expect_err("rejected");
    assert!(matches!(err, CarrierError::AddressRejected(_)), "{err:?}");
}

#[test]
fn a_malformed_answer_is_a_bad_response() {
    let server = FakeCarriers::start();
    server.set_mode("fedex", Mode::Malformed);
    let err = FEDEX.rate(ctx(&server), &shipment_10_rate_request()).expect_err("malformed");
    assert!(matches!(err, CarrierError::BadResponse(_)), "{err:?}");
    let err = FEDEX.track(ctx(&server), SAMPLE_NUMBER).expect_err("malformed");
    assert!(matches!(err, CarrierError::BadResponse(_)), "{err:?}");
}

#[test]
fn a_slow_fedex_past_the_deadline_is_a_timeout() {
    let server = FakeCarriers::start();
    server.set_mode("fedex", Mode::Slow(Duration::from_secs(2)));
    let err = FEDEX
        .rate(context(&server, json!({}), Duration::from_millis(300)), &shipment_10_rate_request())
        .expect_err("too slow");
    assert!(matches!(err, CarrierError::Timeout(_)), "{err:?}");
}

#[test]
fn a_host_outside_the_allow_list_is_auth_failed() {
    let server = FakeCarriers::start();
    let mut ctx = ctx(&server);
    ctx.http = Some(carrier_http_grant("apis.fedex.com", Duration::from_secs(5)));
    let err = FEDEX.rate(ctx, &shipment_10_rate_request()).expect_err("denied");
    assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("127.0.0.1")), "{err:?}");
    assert!(server.requests_to("fedex").is_empty());
}

#[test]
fn an_answer_that_is_not_in_the_carrier_s_error_format_is_described_never_quoted() {
    let server = FakeCarriers::start();
    for (status, json) in
        [(500, false), (500, true), (401, false), (400, true), (404, false), (200, false), (200, true)]
    {
        server.set_mode("fedex", Mode::Impostor { status, json });
        let errors = [
            FEDEX.rate(ctx(&server), &shipment_10_rate_request()).expect_err("impostor"),
            FEDEX.create_label(ctx(&server), &label_request()).expect_err("impostor"),
            FEDEX.track(ctx(&server), SAMPLE_NUMBER).expect_err("impostor"),
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
