//! UPS (`carrier-ups`) through the runtime, against the UPS double of `fake-carriers`: the
//! OAuth token and the bearer it must carry, rates with time in transit, labels (PNG and ZPL)
//! with the number the double issued, tracking in time order, voiding, and each failure mode →
//! the `CarrierError` the core acts on.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use crossdock::runtime::CallContext;
use crossdock_tests::{
    CarrierPlugin, carrier_call_context, carrier_parcel, shipment_10_for_label, shipment_10_rate_request,
};
use crossdock_types::{CarrierError, LabelFormat, LabelRequest, Money, Timestamp, TrackingStatus};
use fake_carriers::{FakeCarriers, Mode};
use serde_json::{Value, json};

const UPS: CarrierPlugin = CarrierPlugin("carrier-ups");
const CLIENT_ID: &str = "crossdock-ups-app";
const CLIENT_SECRET: &str = "s3cret";
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A call context for `server`: the account, HTTP to the double with `deadline`, `secrets`.
fn ctx_with(server: &FakeCarriers, config: Value, secrets: &[(&str, &str)], deadline: Duration) -> CallContext {
    carrier_call_context(config, &server.host(), secrets, deadline)
}

fn config(server: &FakeCarriers) -> Value {
    json!({"base_url": server.base_url("ups"), "account_number": "A1B2C3"})
}

fn ctx(server: &FakeCarriers) -> CallContext {
    ctx_with(
        server,
        config(server),
        &[("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET)],
        Duration::from_secs(5),
    )
}

/// shipment-10 with the street, names and phones UPS needs on a label.
fn label_request(service: &str) -> LabelRequest {
    let shipment = shipment_10_for_label("+86 755 8888 0000", "+49 30 1234567");
    LabelRequest { shipment, parcels: vec![carrier_parcel()], service_code: service.into(), is_return: false }
}

fn at(rfc3339: &str) -> Timestamp {
    rfc3339.parse().expect("time")
}

#[test]
fn rating_returns_the_offered_ups_services_priced_in_cny() {
    let server = FakeCarriers::start();
    let rates = UPS.rate(ctx(&server), &shipment_10_rate_request()).expect("rates");
    let cny = "CNY".parse().expect("CNY");
    let got: Vec<_> = rates.iter().map(|r| (r.service_code.as_str(), r.service_name.as_str(), r.price)).collect();
    assert_eq!(
        got,
        [
            ("07", "UPS Worldwide Express", Money::new(43_560, cny)),
            ("65", "UPS Worldwide Saver", Money::new(39_353, cny))
        ]
    );
    assert!(rates.iter().all(|r| r.carrier == "ups" && (r.eta_min_days, r.eta_max_days) == (3, 3)), "{rates:?}");
}

#[test]
fn the_token_comes_from_basic_auth_and_every_api_call_carries_it() {
    let server = FakeCarriers::start();
    UPS.rate(ctx(&server), &shipment_10_rate_request()).expect("rates");
    let requests = server.requests_to("ups");
    let paths: Vec<_> = requests.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    assert_eq!(paths, [("POST", "/security/v1/oauth/token"), ("POST", "/api/rating/v2409/Shoptimeintransit")]);
    let token = &requests[0];
    let basic = format!("Basic {}", STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}")));
    assert_eq!(token.header("authorization"), Some(basic.as_str()));
    assert_eq!(token.header("x-merchant-id"), Some("A1B2C3"));
    assert_eq!(token.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(token.body, b"grant_type=client_credentials");
    let api = &requests[1];
    assert!(api.header("authorization").is_some_and(|a| a.starts_with("Bearer ups-double-")), "{:?}", api.headers);
    assert_eq!(api.header("transactionSrc"), Some("crossdock"));
    let body: Value = serde_json::from_slice(&api.body).expect("json");
    assert_eq!(body["RateRequest"]["Shipment"]["Package"][0]["PackageWeight"]["Weight"], "1.2");
}

#[test]
fn a_label_carries_the_number_the_double_issued_and_a_decoded_png() {
    let server = FakeCarriers::start();
    let label = UPS.create_label(ctx(&server), &label_request("65")).expect("label");
    assert!(label.tracking_number.starts_with("1ZA1B2C365"), "{}", label.tracking_number);
    assert_ne!(label.tracking_number, "1Z8V92A66612345675", "a fresh number, not the sample's");
    assert_eq!(label.format, LabelFormat::Png);
    assert!(label.data.starts_with(PNG_SIGNATURE), "{:?}", &label.data[..8.min(label.data.len())]);
    assert_eq!(label.price, Money::new(39_353, "CNY".parse().expect("CNY")));
    let ship = server.requests_to("ups").into_iter().find(|r| r.path.ends_with("/ship")).expect("ship request");
    let body: Value = serde_json::from_slice(&ship.body).expect("json");
    let forms = &body["ShipmentRequest"]["Shipment"]["ShipmentServiceOptions"]["InternationalForms"];
    assert_eq!(forms["Product"].as_array().map(Vec::len), Some(10), "one invoice line per item");
}

#[test]
fn a_zpl_binding_gets_zpl_for_the_issued_number() {
    let server = FakeCarriers::start();
    let mut config = config(&server);
    config["label_format"] = json!("zpl");
    let secrets = [("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET)];
    let label = UPS
        .create_label(ctx_with(&server, config, &secrets, Duration::from_secs(5)), &label_request("07"))
        .expect("label");
    assert_eq!(label.format, LabelFormat::Zpl);
    let zpl = String::from_utf8(label.data).expect("ZPL is text");
    assert!(zpl.starts_with("^XA") && zpl.contains(&label.tracking_number), "{zpl}");
}

#[test]
fn an_issued_label_tracks_in_time_order_and_voids_once() {
    let server = FakeCarriers::start();
    let number = UPS.create_label(ctx(&server), &label_request("65")).expect("label").tracking_number;
    let tracking = UPS.track(ctx(&server), &number).expect("tracking");
    assert_eq!(tracking.tracking_number, number);
    let times: Vec<_> = tracking.events.iter().map(|e| e.time).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "oldest first");
    assert_eq!(tracking.events.first().map(|e| e.status), Some(TrackingStatus::PreTransit));
    assert_eq!(
        tracking.events.last().map(|e| (e.time, e.raw_code.as_str())),
        Some((at("2026-11-20T10:42:00Z"), "D/011"))
    );
    assert_eq!(tracking.status, TrackingStatus::Delivered);

    UPS.void_label(ctx(&server), &number).expect("voided");
    let again = UPS.void_label(ctx(&server), &number).expect_err("a second void");
    assert!(matches!(&again, CarrierError::NotFound(m) if m.contains("190102")), "{again:?}");
    let delete = server.requests_to("ups").into_iter().find(|r| r.method == "DELETE").expect("void request");
    assert_eq!(delete.path, format!("/api/shipments/v2409/void/cancel/{number}"));
}

#[test]
fn the_returned_sample_maps_every_status_it_contains() {
    let server = FakeCarriers::start();
    let tracking = UPS.track(ctx(&server), "1Z8V92A66687654328").expect("tracking");
    use TrackingStatus::*;
    let got: Vec<_> = tracking.events.iter().map(|e| e.status).collect();
    assert_eq!(got, [PreTransit, InTransit, InTransit, InTransit, OutForDelivery, Exception, OutForDelivery, Returned]);
    assert_eq!(tracking.status, Returned);
    let voided = UPS.track(ctx(&server), "1Z8V92A66611223346").expect("tracking");
    assert_eq!(voided.status, Exception);
}

#[test]
fn track_requests_carry_the_transaction_headers_track_requires() {
    let server = FakeCarriers::start();
    UPS.track(ctx(&server), "1Z8V92A66612345675").expect("tracking");
    let get = server.requests_to("ups").into_iter().find(|r| r.method == "GET").expect("track request");
    assert!(get.path.starts_with("/api/track/v1/details/1Z8V92A66612345675?"), "{}", get.path);
    assert!(get.header("transId").is_some_and(|t| !t.is_empty() && t.len() <= 32), "{:?}", get.headers);
    assert_eq!(get.header("transactionSrc"), Some("crossdock"));
}

#[test]
fn unknown_or_malformed_numbers_are_not_found() {
    let server = FakeCarriers::start();
    let unknown = UPS.track(ctx(&server), "1Z8V92A66600000000").expect_err("unknown");
    assert!(matches!(&unknown, CarrierError::NotFound(m) if m.contains("TW0001")), "{unknown:?}");
    let malformed = UPS.track(ctx(&server), "12").expect_err("malformed");
    assert!(matches!(&malformed, CarrierError::NotFound(m) if m.contains("TV1002")), "{malformed:?}");
    let never = UPS.void_label(ctx(&server), "1ZA1B2C3650000000").expect_err("never issued");
    assert!(matches!(never, CarrierError::NotFound(_)), "{never:?}");
}

#[test]
fn refused_credentials_are_an_auth_failure() {
    let server = FakeCarriers::start();
    server.set_mode("ups", Mode::RejectAuth);
    let err = UPS.rate(ctx(&server), &shipment_10_rate_request()).expect_err("refused");
    assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("250002")), "{err:?}");
}

#[test]
fn a_missing_secret_is_an_auth_failure_before_anything_is_sent() {
    let server = FakeCarriers::start();
    let ctx = ctx_with(&server, config(&server), &[("client_id", CLIENT_ID)], Duration::from_secs(5));
    let err = UPS.rate(ctx, &shipment_10_rate_request()).expect_err("no secret");
    assert_eq!(err, CarrierError::AuthFailed("set the binding secret `client_secret`".into()));
    assert!(server.requests_to("ups").is_empty());
}

#[test]
fn an_unavailable_ups_is_service_unavailable() {
    let server = FakeCarriers::start();
    server.set_mode("ups", Mode::Unavailable);
    let err = UPS.rate(ctx(&server), &shipment_10_rate_request()).expect_err("unavailable");
    assert!(matches!(err, CarrierError::ServiceUnavailable(_)), "{err:?}");
}

#[test]
fn a_bad_address_is_rejected_on_rate_and_label() {
    let server = FakeCarriers::start();
    server.set_mode("ups", Mode::BadAddress);
    let err = UPS.rate(ctx(&server), &shipment_10_rate_request()).expect_err("bad address");
    assert!(matches!(&err, CarrierError::AddressRejected(m) if m.contains("118400")), "{err:?}");
    let err = UPS.create_label(ctx(&server), &label_request("65")).expect_err("bad address");
    assert!(matches!(&err, CarrierError::AddressRejected(m) if m.contains("120207")), "{err:?}");
}

#[test]
fn a_truncated_answer_is_a_bad_response() {
    let server = FakeCarriers::start();
    server.set_mode("ups", Mode::Malformed);
    let err = UPS.rate(ctx(&server), &shipment_10_rate_request()).expect_err("malformed");
    assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("cut short")), "{err:?}");
    let err = UPS.track(ctx(&server), "1Z8V92A66612345675").expect_err("malformed");
    assert!(matches!(err, CarrierError::BadResponse(_)), "{err:?}");
}

#[test]
fn a_slow_ups_past_the_deadline_is_a_timeout() {
    let server = FakeCarriers::start();
    server.set_mode("ups", Mode::Slow(Duration::from_secs(2)));
    let secrets = [("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET)];
    let ctx = ctx_with(&server, config(&server), &secrets, Duration::from_millis(300));
    let err = UPS.rate(ctx, &shipment_10_rate_request()).expect_err("too slow");
    assert!(matches!(err, CarrierError::Timeout(_)), "{err:?}");
}

#[test]
fn an_answer_that_is_not_in_the_carrier_s_error_format_is_described_never_quoted() {
    let server = FakeCarriers::start();
    for (status, json) in
        [(500, false), (500, true), (401, false), (400, true), (404, false), (200, false), (200, true)]
    {
        server.set_mode("ups", Mode::Impostor { status, json });
        let errors = [
            UPS.rate(ctx(&server), &shipment_10_rate_request()).expect_err("impostor"),
            UPS.create_label(ctx(&server), &label_request("65")).expect_err("impostor"),
            UPS.track(ctx(&server), "1Z8V92A66612345675").expect_err("impostor"),
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
