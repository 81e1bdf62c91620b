//! The postal adapter (`carrier-postal`, USPS v3) through the runtime, against the USPS double of
//! `fake-carriers`: prices, labels with their customs declaration, tracking and cancelling over
//! the sandbox's HTTP; the OAuth token and payment authorization USPS requires; USPS shipping
//! only from the US; and each failure mode → the `CarrierError` the core acts on.
//!
//! USPS accepts mail only in the United States, so the shipment is the ten-item sample
//! (`shipment-10.json`, sold in EUR) held in a Los Angeles warehouse, going to the Berlin
//! addressee of the USPS samples, in one 1.2 kg box of 30×20×10 cm.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crossdock::fx::{FxFile, FxTable};
use crossdock::runtime::CallContext;
use crossdock_tests::{CarrierPlugin, carrier_call_context, carrier_parcel, fixture_as, shipment_10_rate_request};
use crossdock_types::{CarrierError, LabelFormat, LabelRequest, RateRequest, ServiceLevel, Shipment, TrackingStatus};
use fake_carriers::{FakeCarriers, Mode, fixture_json};
use serde_json::{Value, json};

const USPS: CarrierPlugin = CarrierPlugin("carrier-postal");
const CLIENT_ID: &str = "crossdock-test-client";
const CLIENT_SECRET: &str = "s3cret";
const PMI: &str = "PRIORITY_MAIL_INTERNATIONAL";

/// A call context for `server`: the payment account, the clock, a EUR→USD rate, HTTP to the
/// double within `deadline`, and `secrets`.
fn ctx_with(server: &FakeCarriers, config: Value, secrets: &[(&str, &str)], deadline: Duration) -> CallContext {
    let mut ctx = carrier_call_context(config, &server.host(), secrets, deadline);
    ctx.now = "2026-11-17T17:00:00Z".parse().expect("time");
    let rates = HashMap::from([("USD".parse().expect("currency"), 1_052_300)]);
    let file = FxFile { date: "2026-11-24".into(), base: "EUR".parse().expect("currency"), rates, source: None };
    ctx.fx = Arc::new(FxTable::from_file(file));
    ctx
}

fn config(server: &FakeCarriers) -> Value {
    json!({"base_url": server.base_url("usps"), "crid": "56789012", "mid": "902345678",
           "manifest_mid": "902345679", "account_number": "1000000000"})
}

fn ctx(server: &FakeCarriers) -> CallContext {
    ctx_with(
        server,
        config(server),
        &[("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET)],
        Duration::from_secs(5),
    )
}

/// shipment-10 from a Los Angeles warehouse to Max Mustermann in Berlin.
fn us_shipment() -> Shipment {
    let mut shipment = fixture_as::<Shipment>("shipment-10.json");
    shipment.origin =
        serde_json::from_value(json!({"company": "Example Trading LLC", "street": ["6100 W Century Blvd"],
        "city": "Los Angeles", "region": "CA", "postal_code": "90045", "country": "US"}))
        .expect("origin");
    shipment.destination = serde_json::from_value(json!({"name": "Max Mustermann", "street": ["Invalidenstrasse 117"],
        "city": "Berlin", "postal_code": "10115", "country": "DE", "phone": "+49 30 12345678"}))
    .expect("destination");
    shipment
}

fn rate_request() -> RateRequest {
    RateRequest { shipment: us_shipment(), parcels: vec![carrier_parcel()] }
}

fn label_request(service: &str) -> LabelRequest {
    LabelRequest {
        shipment: us_shipment(),
        parcels: vec![carrier_parcel()],
        service_code: service.into(),
        is_return: false,
    }
}

fn json_body(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("JSON body")
}

// ---- the calls ----------------------------------------------------------------------------------

#[test]
fn rate_prices_the_tracked_packet_and_priority_mail_in_dollars() {
    let server = FakeCarriers::start();
    let rates = USPS.rate(ctx(&server), &rate_request()).expect("rates");
    let summary: Vec<(&str, ServiceLevel, &str, i64, u32, u32)> = rates
        .iter()
        .map(|r| {
            (
                r.service_code.as_str(),
                r.level,
                r.price.currency.as_str(),
                r.price.amount,
                r.eta_min_days,
                r.eta_max_days,
            )
        })
        .collect();
    // usps-rate-response.json: 44.80 and 72.35 USD; Priority Mail Express is not offered by default.
    assert_eq!(
        summary,
        [
            ("FIRST-CLASS_PACKAGE_INTERNATIONAL_SERVICE", ServiceLevel::Economy, "USD", 4480, 7, 21),
            (PMI, ServiceLevel::Standard, "USD", 7235, 6, 10),
        ]
    );
    assert!(rates.iter().all(|r| r.carrier == "usps"));
}

#[test]
fn every_call_authenticates_with_a_fresh_bearer_token_and_sends_pounds_and_inches() {
    let server = FakeCarriers::start();
    USPS.rate(ctx(&server), &rate_request()).expect("rates");
    let requests = server.requests_to("usps");
    let calls: Vec<(&str, &str)> = requests.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    assert_eq!(calls, [("POST", "/oauth2/v3/token"), ("POST", "/international-prices/v3/total-rates/search")]);
    assert_eq!(
        json_body(&requests[0].body),
        json!({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "grant_type": "client_credentials"})
    );
    let token = fixture_json("usps-token-response.json")["access_token"].as_str().expect("token").to_owned();
    assert_eq!(requests[1].header("authorization"), Some(format!("Bearer {token}").as_str()));
    let query = json_body(&requests[1].body);
    assert_eq!(
        (&query["originZIPCode"], &query["destinationCountryCode"], &query["mailClass"]),
        (&json!("90045"), &json!("DE"), &json!("ALL"))
    );
    // CARRIERS.md §0: 1.2 kg = 2.65 lb; 30×20×10 cm = 11.81×7.87×3.94 in.
    assert_eq!(
        [&query["weight"], &query["length"], &query["width"], &query["height"]],
        [&json!(2.65), &json!(11.81), &json!(7.87), &json!(3.94)]
    );
    assert_eq!(query["mailingDate"], "2026-11-17");
}

#[test]
fn a_label_is_bought_with_the_payment_authorization_and_the_customs_declaration() {
    let server = FakeCarriers::start();
    let first = USPS.create_label(ctx(&server), &label_request(PMI)).expect("label");
    assert!(
        first.tracking_number.starts_with("CP") && first.tracking_number.ends_with("US"),
        "{}",
        first.tracking_number
    );
    assert_eq!((first.format, first.carrier.as_str(), first.service_code.as_str()), (LabelFormat::Pdf, "usps", PMI));
    assert!(first.data.starts_with(b"%PDF-1.4"));
    assert!(String::from_utf8_lossy(&first.data).contains("SAMPLE LABEL"));
    assert_eq!(first.price.to_string(), "72.35 USD");

    let requests = server.requests_to("usps");
    let calls: Vec<&str> = requests.iter().take(4).map(|r| r.path.as_str()).collect();
    assert_eq!(
        calls,
        [
            "/oauth2/v3/token",
            "/international-prices/v3/total-rates/search",
            "/payments/v3/payment-authorization",
            "/international-labels/v3/international-label"
        ]
    );
    let payment = fixture_json("usps-payment-authorization-response.json");
    let request = &requests[3];
    assert_eq!(request.header("accept"), Some("application/vnd.usps.labels+json"));
    assert_eq!(request.header("x-payment-authorization-token"), payment["paymentAuthorizationToken"].as_str());
    let body = json_body(&request.body);
    assert_eq!(body["packageDescription"]["mailClass"], PMI);
    assert_eq!(body["packageDescription"]["weightUOM"], "lb");
    assert_eq!(body["fromAddress"]["ZIPCode"], "90045");
    assert_eq!(body["toAddress"]["countryISOAlpha2Code"], "DE");
    let customs = &body["customsForm"];
    assert_eq!(customs["customsContentType"], "MERCHANDISE");
    let contents = customs["contents"].as_array().expect("contents");
    assert_eq!(contents.len(), 5);
    for line in contents {
        assert_eq!(line["countryofOrigin"], "CN");
        assert_eq!(line["HSTariffNumber"].as_str().map(str::len), Some(6), "{line}");
        assert!(line["itemTotalValue"].as_f64().is_some_and(|v| v > 0.0), "{line}");
    }
    // 378.34 EUR of goods ≈ 398 USD, within 300 SDR (409.70 USD): a CN22, so no invoice number.
    assert!(customs.get("invoiceNumber").is_none());
}

#[test]
fn a_retried_label_request_gets_the_label_already_bought_and_another_shipment_a_new_one() {
    let server = FakeCarriers::start();
    let first = USPS.create_label(ctx(&server), &label_request(PMI)).expect("label");
    let retry = USPS.create_label(ctx(&server), &label_request(PMI)).expect("label");
    assert_eq!(retry.tracking_number, first.tracking_number);
    assert_eq!(server.purchases("usps"), 1, "the same shipment's label is bought once");
    let mut other = label_request(PMI);
    other.shipment.id = "shp_2".into();
    let second = USPS.create_label(ctx(&server), &other).expect("label");
    assert_ne!(second.tracking_number, first.tracking_number);
    assert_eq!(server.purchases("usps"), 2);
    let keys: Vec<String> = server
        .requests_to("usps")
        .iter()
        .filter(|r| r.path == "/international-labels/v3/international-label")
        .filter_map(|r| r.header("x-idempotency-key").map(str::to_owned))
        .collect();
    assert_eq!(keys.len(), 3);
    assert_eq!(keys[0], keys[1]);
    assert_ne!(keys[0], keys[2]);
}

#[test]
fn goods_worth_more_than_300_sdr_travel_with_a_cn23_and_its_invoice_number() {
    let server = FakeCarriers::start();
    let mut request = label_request(PMI);
    request.shipment.items[1].quantity = 4; // two more hoodies: 478.32 EUR, about 503 USD
    USPS.create_label(ctx(&server), &request).expect("label");
    let body = json_body(&server.requests_to("usps")[3].body);
    assert_eq!(body["customsForm"]["invoiceNumber"], "shp_1");
}

#[test]
fn a_zpl_label_comes_back_as_zpl() {
    let server = FakeCarriers::start();
    let mut config = config(&server);
    config["label_format"] = json!("zpl203");
    let secrets = [("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET)];
    let label = USPS
        .create_label(ctx_with(&server, config, &secrets, Duration::from_secs(5)), &label_request(PMI))
        .expect("label");
    assert_eq!(label.format, LabelFormat::Zpl);
    assert!(String::from_utf8_lossy(&label.data).contains(&label.tracking_number));
    assert_eq!(json_body(&server.requests_to("usps")[3].body)["imageInfo"]["imageType"], "ZPL203DPI");
}

#[test]
fn tracking_a_new_label_lists_its_events_in_time_order() {
    let server = FakeCarriers::start();
    let issued = USPS.create_label(ctx(&server), &label_request(PMI)).expect("label");
    let tracking = USPS.track(ctx(&server), &issued.tracking_number).expect("tracking");
    assert_eq!(tracking.tracking_number, issued.tracking_number);
    assert_eq!(tracking.status, TrackingStatus::Delivered);
    let codes: Vec<(&str, TrackingStatus)> = tracking.events.iter().map(|e| (e.raw_code.as_str(), e.status)).collect();
    assert_eq!(
        codes,
        [
            ("GX", TrackingStatus::PreTransit),
            ("03", TrackingStatus::InTransit),
            ("10", TrackingStatus::InTransit),
            ("EF", TrackingStatus::InTransit),
            ("07", TrackingStatus::InTransit),
            ("OF", TrackingStatus::OutForDelivery),
            ("01", TrackingStatus::Delivered),
        ]
    );
    assert_eq!(tracking.events[6].time.to_string(), "2026-11-20T10:42:00Z");
    let request = server.requests_to("usps").last().cloned().expect("request");
    assert_eq!(request.path, format!("/tracking/v3/tracking/{}?expand=DETAIL", issued.tracking_number));
}

#[test]
fn every_status_code_maps_and_an_unknown_one_is_an_exception() {
    let server = FakeCarriers::start();
    let tracking = USPS.track(ctx(&server), "LZ123456785US").expect("tracking");
    assert_eq!(tracking.events.len(), 45);
    assert_eq!(tracking.status, TrackingStatus::Returned);
    assert!(tracking.events.windows(2).all(|w| w[0].time <= w[1].time));
    let status = |code: &str| tracking.events.iter().find(|e| e.raw_code == code).map(|e| e.status);
    assert_eq!(status("MA"), Some(TrackingStatus::PreTransit));
    assert_eq!(status("16"), Some(TrackingStatus::OutForDelivery));
    assert_eq!(status("17"), Some(TrackingStatus::Delivered));
    assert_eq!(status("55"), Some(TrackingStatus::Exception));
    assert_eq!(status("QQ"), Some(TrackingStatus::Exception));
    assert_eq!(status("27"), Some(TrackingStatus::Returned));
}

#[test]
fn voiding_cancels_a_new_label_and_asks_a_refund_for_a_manifested_one() {
    let server = FakeCarriers::start();
    let issued = USPS.create_label(ctx(&server), &label_request(PMI)).expect("label");
    USPS.void_label(ctx(&server), &issued.tracking_number).expect("cancelled");
    USPS.void_label(ctx(&server), "CP123456785US").expect("refund requested");
    let deletes: Vec<String> =
        server.requests_to("usps").into_iter().filter(|r| r.method == "DELETE").map(|r| r.path).collect();
    assert_eq!(
        deletes,
        [
            format!("/international-labels/v3/international-label/{}", issued.tracking_number),
            "/international-labels/v3/international-label/CP123456785US".to_owned()
        ]
    );
    let err = USPS.void_label(ctx(&server), "CP000000000US").expect_err("unknown label");
    assert!(matches!(&err, CarrierError::NotFound(m) if m.contains("Order not found")), "{err:?}");
}

// ---- what USPS will not do -----------------------------------------------------------------------

#[test]
fn a_shipment_from_china_is_refused_because_usps_ships_only_from_the_us() {
    let server = FakeCarriers::start();
    let request = shipment_10_rate_request();
    let err = USPS.rate(ctx(&server), &request).expect_err("no lane");
    let CarrierError::ServiceUnavailable(message) = err else { panic!("{err:?}") };
    assert!(message.contains("USPS ships only from the United States"), "{message}");
    assert!(server.requests_to("usps").is_empty());
}

#[test]
fn an_unknown_tracking_number_is_not_found() {
    let server = FakeCarriers::start();
    let err = USPS.track(ctx(&server), "LZ999999995US").expect_err("unknown");
    assert!(matches!(&err, CarrierError::NotFound(m) if m.contains("150002")), "{err:?}");
}

#[test]
fn missing_secrets_and_payment_settings_name_what_to_set() {
    let server = FakeCarriers::start();
    let only_id = ctx_with(&server, config(&server), &[("client_id", CLIENT_ID)], Duration::from_secs(5));
    let err = USPS.rate(only_id, &rate_request()).expect_err("no secret");
    assert_eq!(err, CarrierError::AuthFailed("set the binding secret `client_secret`".into()));
    let secrets = [("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET)];
    let unpaid = ctx_with(&server, json!({"base_url": server.base_url("usps")}), &secrets, Duration::from_secs(5));
    let err = USPS.create_label(unpaid, &label_request(PMI)).expect_err("no account");
    assert!(
        matches!(&err, CarrierError::AuthFailed(m) if m.contains("crid, mid, manifest_mid, account_number")),
        "{err:?}"
    );
    assert!(server.requests_to("usps").is_empty());
}

// ---- failure modes -------------------------------------------------------------------------------

#[test]
fn refused_credentials_are_an_authentication_failure() {
    let server = FakeCarriers::start();
    server.set_mode("usps", Mode::RejectAuth);
    let err = USPS.rate(ctx(&server), &rate_request()).expect_err("refused");
    assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("Client authentication failed")), "{err:?}");
}

#[test]
fn an_unavailable_usps_is_service_unavailable() {
    let server = FakeCarriers::start();
    server.set_mode("usps", Mode::Unavailable);
    assert!(matches!(USPS.rate(ctx(&server), &rate_request()), Err(CarrierError::ServiceUnavailable(_))));
    assert!(matches!(USPS.track(ctx(&server), "CP123456785US"), Err(CarrierError::ServiceUnavailable(_))));
}

#[test]
fn a_postal_code_usps_refuses_is_an_address_rejection() {
    let server = FakeCarriers::start();
    server.set_mode("usps", Mode::BadAddress);
    let err = USPS.create_label(ctx(&server), &label_request(PMI)).expect_err("bad address");
    assert!(
        matches!(&err, CarrierError::AddressRejected(m) if m.contains("160049") && m.contains("toAddress.postalCode")),
        "{err:?}"
    );
    assert!(matches!(USPS.rate(ctx(&server), &rate_request()), Err(CarrierError::AddressRejected(_))));
}

#[test]
fn a_truncated_answer_is_a_bad_response() {
    let server = FakeCarriers::start();
    server.set_mode("usps", Mode::Malformed);
    assert!(matches!(USPS.rate(ctx(&server), &rate_request()), Err(CarrierError::BadResponse(_))));
    assert!(matches!(USPS.create_label(ctx(&server), &label_request(PMI)), Err(CarrierError::BadResponse(_))));
    assert!(matches!(USPS.track(ctx(&server), "CP123456785US"), Err(CarrierError::BadResponse(_))));
}

#[test]
fn a_slow_usps_past_the_deadline_is_a_timeout() {
    let server = FakeCarriers::start();
    server.set_mode("usps", Mode::Slow(Duration::from_millis(1500)));
    let secrets = [("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET)];
    let hasty = ctx_with(&server, config(&server), &secrets, Duration::from_millis(300));
    let err = USPS.rate(hasty, &rate_request()).expect_err("too slow");
    assert!(matches!(err, CarrierError::Timeout(_)), "{err:?}");
}

#[test]
fn an_answer_that_is_not_in_the_carrier_s_error_format_is_described_never_quoted() {
    let server = FakeCarriers::start();
    for (status, json) in
        [(500, false), (500, true), (401, false), (400, true), (404, false), (200, false), (200, true)]
    {
        server.set_mode("usps", Mode::Impostor { status, json });
        let errors = [
            USPS.rate(ctx(&server), &rate_request()).expect_err("impostor"),
            USPS.create_label(ctx(&server), &label_request(PMI)).expect_err("impostor"),
            USPS.track(ctx(&server), "CP123456785US").expect_err("impostor"),
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
