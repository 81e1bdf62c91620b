//! Each call against canned MyDHL answers: what goes out, and what comes back.

use std::cell::RefCell;
use std::rc::Rc;

use crossdock_sdk::prelude::*;
use crossdock_sdk::testing::TestHost;
use crossdock_sdk::{HttpError, HttpMethod, HttpRequest, HttpResponse};
use serde_json::Value;

use super::*;
use crate::DhlExpress;

type Seen = Rc<RefCell<Vec<HttpRequest>>>;

/// `host()` answering every request with `status` and `body`, keeping the requests.
fn answering(host: TestHost, status: u16, body: &'static str) -> (TestHost, Seen) {
    let seen: Seen = Rc::default();
    let log = seen.clone();
    let host = host.with_http(move |request| {
        log.borrow_mut().push(request);
        Ok(HttpResponse { status, headers: vec![], body: body.as_bytes().to_vec() })
    });
    (host, seen)
}

fn shipment() -> Shipment {
    serde_json::from_str(SHIPMENT_10).unwrap()
}

fn parcel() -> Parcel {
    Parcel { weight_g: 1200, length_mm: 300, width_mm: 200, height_mm: 100 }
}

fn rate_request() -> RateRequest {
    RateRequest { shipment: shipment(), parcels: vec![parcel()] }
}

/// shipment-10 with the street, names and phones a label needs.
fn label_request(service: &str) -> LabelRequest {
    let mut shipment = shipment();
    shipment.origin.street = vec!["1 Keji Rd, Nanshan".into()];
    shipment.origin.company = Some("Shenzhen Example Trading".into());
    shipment.origin.phone = Some("+86 755 0000 0000".into());
    shipment.destination.street = vec!["Invalidenstrasse 117".into()];
    shipment.destination.name = Some("Max Mustermann".into());
    shipment.destination.phone = Some("+49 30 0000000".into());
    LabelRequest { shipment, parcels: vec![parcel()], service_code: service.into(), is_return: false }
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn body(request: &HttpRequest) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

// ---- rate -------------------------------------------------------------------------------------

#[test]
fn rates_are_the_billing_price_of_each_product_with_transit_days() {
    let (host, _) = answering(host(), 200, RATE_RESPONSE);
    let rates = DhlExpress::rate(&host.ctx(), rate_request()).unwrap();
    assert_eq!(rates.len(), 2);
    let p = &rates[0];
    assert_eq!(
        (p.carrier.as_str(), p.service_code.as_str(), p.service_name.as_str()),
        ("dhl-express", "P", "EXPRESS WORLDWIDE")
    );
    assert_eq!(p.price, Money::new(41236, "CNY".parse().unwrap())); // BILLC 412.36, not PULCL 468.90
    assert_eq!((p.eta_min_days, p.eta_max_days), (3, 3));
    assert_eq!(p.level, ServiceLevel::Express);
    assert_eq!(rates[1].price.amount, 49877);
}

#[test]
fn the_rate_request_is_the_documented_body_with_basic_auth_and_x_version() {
    let (host, seen) = answering(host(), 200, RATE_RESPONSE);
    DhlExpress::rate(&host.ctx(), rate_request()).unwrap();
    let seen = seen.borrow();
    let request = &seen[0];
    assert_eq!(request.method, HttpMethod::Post);
    assert_eq!(request.url, "https://dhl.test/mydhlapi/rates");
    assert_eq!(header(request, "authorization"), Some("Basic YXBpVXNlcjphcGlTZWNyZXQ=")); // apiUser:apiSecret
    assert_eq!(header(request, "x-version"), Some("3.1.0"));
    assert_eq!(header(request, "content-type"), Some("application/json"));
    let body = body(request);
    assert_eq!(body["plannedShippingDateAndTime"], "2026-11-17T10:00:00 GMT+08:00");
    assert_eq!(body["customerDetails"]["shipperDetails"]["cityName"], "Shenzhen");
    assert_eq!(body["customerDetails"]["receiverDetails"]["postalCode"], "10115");
    assert_eq!(body["accounts"][0]["number"], "123456789");
    assert_eq!(body["isCustomsDeclarable"], true);
    assert_eq!(body["unitOfMeasurement"], "metric");
    // Σ quantity × unit price of shipment-10: 378.34 EUR, written exactly.
    assert_eq!(body["monetaryAmount"][0]["value"].to_string(), "378.34");
    assert_eq!(body["monetaryAmount"][0]["currency"], "EUR");
    assert_eq!(body["packages"][0].to_string(), r#"{"dimensions":{"height":10,"length":30,"width":20},"weight":1.2}"#);
}

#[test]
fn preferred_products_filter_and_order_the_rates() {
    let host = host().with_config(r#"{"base_url":"https://dhl.test","account_number":"1","products":["Y","P"]}"#);
    let (host, _) = answering(host, 200, RATE_RESPONSE);
    let codes: Vec<String> =
        DhlExpress::rate(&host.ctx(), rate_request()).unwrap().into_iter().map(|r| r.service_code).collect();
    assert_eq!(codes, ["Y", "P"]);
    let host = super::host().with_config(r#"{"base_url":"https://dhl.test","account_number":"1","products":["W"]}"#);
    let (host, _) = answering(host, 200, RATE_RESPONSE);
    let err = DhlExpress::rate(&host.ctx(), rate_request()).unwrap_err();
    assert!(matches!(&err, CarrierError::ServiceUnavailable(m) if m.contains("[\"W\"]")), "{err}");
}

#[test]
fn transit_days_fall_back_to_the_estimated_delivery_date() {
    let mut response: Value = serde_json::from_str(RATE_RESPONSE).unwrap();
    response["products"][0]["deliveryCapabilities"].as_object_mut().unwrap().remove("totalTransitDays");
    let body: &'static str = Box::leak(response.to_string().into_boxed_str());
    let (host, _) = answering(host(), 200, body);
    let rates = DhlExpress::rate(&host.ctx(), rate_request()).unwrap();
    assert_eq!(rates[0].eta_min_days, 3); // 2026-11-17 → 2026-11-20
}

#[test]
fn a_product_without_a_billing_price_is_left_out_and_logged() {
    let mut response: Value = serde_json::from_str(RATE_RESPONSE).unwrap();
    response["products"][1]["totalPrice"].as_array_mut().unwrap().retain(|p| p["currencyType"] != "BILLC");
    let body: &'static str = Box::leak(response.to_string().into_boxed_str());
    let (host, _) = answering(host(), 200, body);
    let rates = DhlExpress::rate(&host.ctx(), rate_request()).unwrap();
    assert_eq!(rates.len(), 1);
    assert!(host.logs().iter().any(|(_, m)| m.contains("product Y has no BILLC price")));
}

#[test]
fn goods_within_the_eu_are_not_declared() {
    let mut request = rate_request();
    request.shipment.origin.country = "FR".parse().unwrap();
    let (host, seen) = answering(host(), 200, RATE_RESPONSE);
    DhlExpress::rate(&host.ctx(), request).unwrap();
    let body = body(&seen.borrow()[0]);
    assert_eq!(body["isCustomsDeclarable"], false);
    assert!(body.get("monetaryAmount").is_none());
}

#[test]
fn missing_secrets_and_account_say_what_to_set() {
    let host = TestHost::new().with_config(r#"{"account_number": "1"}"#).with_secret("username", "u");
    let err = DhlExpress::rate(&host.ctx(), rate_request()).unwrap_err();
    assert_eq!(err, CarrierError::AuthFailed("set the binding secret `password`".into()));
    let host = super::host().with_config("{}");
    let err = DhlExpress::rate(&host.ctx(), rate_request()).unwrap_err();
    assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("account_number")), "{err}");
}

#[test]
fn a_destination_without_a_city_is_an_address_error_before_any_request() {
    let mut request = rate_request();
    request.shipment.destination.city = None;
    let (host, seen) = answering(host(), 200, RATE_RESPONSE);
    let err = DhlExpress::rate(&host.ctx(), request).unwrap_err();
    assert!(matches!(&err, CarrierError::AddressRejected(m) if m.contains("destination")), "{err}");
    assert!(seen.borrow().is_empty());
}

#[test]
fn a_malformed_rate_answer_is_a_bad_response() {
    let (host, _) = answering(host(), 200, r#"{"products": [{"productCode": "P", "totalPrice": [{"#);
    let err = DhlExpress::rate(&host.ctx(), rate_request()).unwrap_err();
    assert!(matches!(err, CarrierError::BadResponse(_)), "{err}");
}

#[test]
fn a_timeout_is_a_timeout() {
    let host = host().with_http(|_| Err(HttpError::Timeout));
    let err = DhlExpress::rate(&host.ctx(), rate_request()).unwrap_err();
    assert!(matches!(err, CarrierError::Timeout(_)), "{err}");
}

// ---- label ------------------------------------------------------------------------------------

#[test]
fn a_label_is_the_waybill_and_the_decoded_pdf_priced_in_the_billing_currency() {
    let (host, _) = answering(host(), 201, LABEL_RESPONSE);
    let label = DhlExpress::create_label(&host.ctx(), label_request("P")).unwrap();
    assert_eq!(label.tracking_number, "3421785560");
    assert_eq!(label.format, LabelFormat::Pdf);
    assert!(label.data.starts_with(b"%PDF-1.4"));
    assert!(String::from_utf8_lossy(&label.data).contains("SAMPLE LABEL")); // the label, not the invoice
    assert_eq!(label.price, Money::new(41236, "CNY".parse().unwrap()));
    assert_eq!((label.carrier.as_str(), label.service_code.as_str()), ("dhl-express", "P"));
}

#[test]
fn the_shipment_request_carries_parties_and_an_export_declaration() {
    let (host, seen) = answering(host(), 201, LABEL_RESPONSE);
    DhlExpress::create_label(&host.ctx(), label_request("P")).unwrap();
    let seen = seen.borrow();
    assert_eq!(seen[0].url, "https://dhl.test/mydhlapi/shipments");
    let body = body(&seen[0]);
    assert_eq!(body["productCode"], "P");
    assert_eq!(body["pickup"]["isRequested"], false);
    assert_eq!(body["getRateEstimates"], true);
    let shipper = &body["customerDetails"]["shipperDetails"];
    assert_eq!(shipper["postalAddress"]["addressLine1"], "1 Keji Rd, Nanshan");
    assert_eq!(shipper["contactInformation"]["companyName"], "Shenzhen Example Trading");
    assert_eq!(shipper["contactInformation"]["fullName"], "Shenzhen Example Trading");
    let receiver = &body["customerDetails"]["receiverDetails"]["contactInformation"];
    assert_eq!(
        (receiver["fullName"].as_str(), receiver["companyName"].as_str()),
        (Some("Max Mustermann"), Some("Max Mustermann"))
    );
    let content = &body["content"];
    assert_eq!(content["incoterm"], "DDP");
    assert_eq!(content["declaredValue"].to_string(), "378.34");
    // The distinct titles run to 71 characters: cut to 70 with an ellipsis.
    assert_eq!(content["description"], "Cotton T-shirt, Fleece hoodie, Baseball cap, Socks, 3 pack, Ceramic m…");
    let lines = content["exportDeclaration"]["lineItems"].as_array().unwrap();
    assert_eq!(lines.len(), 10);
    assert_eq!(lines[1]["description"], "Fleece hoodie");
    assert_eq!(lines[1]["price"].to_string(), "49.99");
    assert_eq!(lines[1]["quantity"]["value"], 2);
    assert_eq!(lines[1]["commodityCodes"][0]["value"], "611020");
    assert_eq!(lines[1]["weight"]["grossValue"].to_string(), "1.04"); // 2 × 520 g
    assert_eq!(content["exportDeclaration"]["invoice"]["number"], "shp_1");
    assert_eq!(content["exportDeclaration"]["invoice"]["date"], "2026-11-17");
    assert_eq!(body["outputImageProperties"]["encodingFormat"], "pdf");
}

#[test]
fn a_zpl_label_is_asked_for_and_recognised() {
    let mut response: Value = serde_json::from_str(LABEL_RESPONSE).unwrap();
    response["documents"][0]["imageFormat"] = "ZPL".into();
    response["documents"][0]["content"] = crossdock_sdk::carrier::encode_base64(b"^XA^FDDHL^FS^XZ").into();
    let body: &'static str = Box::leak(response.to_string().into_boxed_str());
    let host = host().with_config(r#"{"base_url":"https://dhl.test","account_number":"1","label_format":"zpl"}"#);
    let (host, seen) = answering(host, 201, body);
    let label = DhlExpress::create_label(&host.ctx(), label_request("P")).unwrap();
    assert_eq!(label.format, LabelFormat::Zpl);
    assert_eq!(label.data, b"^XA^FDDHL^FS^XZ");
    assert_eq!(self::body(&seen.borrow()[0])["outputImageProperties"]["encodingFormat"], "zpl");
}

#[test]
fn a_return_label_ships_from_the_buyer_to_the_warehouse() {
    let mut request = label_request("P");
    request.is_return = true;
    let (host, seen) = answering(host(), 201, LABEL_RESPONSE);
    DhlExpress::create_label(&host.ctx(), request).unwrap();
    let body = body(&seen.borrow()[0]);
    assert_eq!(body["customerDetails"]["shipperDetails"]["postalAddress"]["countryCode"], "DE");
    assert_eq!(body["customerDetails"]["receiverDetails"]["postalAddress"]["countryCode"], "CN");
    assert_eq!(body["content"]["exportDeclaration"]["exportReasonType"], "return");
}

#[test]
fn a_receiver_without_a_phone_is_an_address_error_and_the_shipper_falls_back_to_config() {
    let mut request = label_request("P");
    request.shipment.destination.phone = None;
    let (host, _) = answering(host(), 201, LABEL_RESPONSE);
    let err = DhlExpress::create_label(&host.ctx(), request).unwrap_err();
    assert!(
        matches!(&err, CarrierError::AddressRejected(m) if m.contains("destination address has no phone")),
        "{err}"
    );

    let mut request = label_request("P");
    request.shipment.origin.phone = None;
    let host = super::host().with_config(
        r#"{"base_url":"https://dhl.test","account_number":"1","shipper":{"phone":"+86 755 1111","full_name":"Li Wei"}}"#,
    );
    let (host, seen) = answering(host, 201, LABEL_RESPONSE);
    DhlExpress::create_label(&host.ctx(), request).unwrap();
    let contact = &body(&seen.borrow()[0])["customerDetails"]["shipperDetails"]["contactInformation"];
    assert_eq!((contact["phone"].as_str(), contact["fullName"].as_str()), (Some("+86 755 1111"), Some("Li Wei")));
}

#[test]
fn a_label_answer_without_a_label_document_is_a_bad_response() {
    let mut response: Value = serde_json::from_str(LABEL_RESPONSE).unwrap();
    response["documents"].as_array_mut().unwrap().retain(|d| d["typeCode"] != "label");
    let body: &'static str = Box::leak(response.to_string().into_boxed_str());
    let (host, _) = answering(host(), 201, body);
    let err = DhlExpress::create_label(&host.ctx(), label_request("P")).unwrap_err();
    assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("3421785560")), "{err}");
}

// ---- track ------------------------------------------------------------------------------------

#[test]
fn tracking_asks_for_every_checkpoint_with_offsets() {
    let (host, seen) = answering(host(), 200, TRACK_RESPONSE);
    DhlExpress::track(&host.ctx(), "3421785560").unwrap();
    let seen = seen.borrow();
    assert_eq!(seen[0].method, HttpMethod::Get);
    assert_eq!(
        seen[0].url,
        "https://dhl.test/mydhlapi/shipments/3421785560/tracking?trackingView=all-checkpoints&levelOfDetail=shipment&requestGMTOffsetPerEvent=true"
    );
    assert!(header(&seen[0], "authorization").is_some_and(|v| v.starts_with("Basic ")));
}

#[test]
fn a_delivered_shipment_has_its_checkpoints_in_order_in_utc() {
    let (host, _) = answering(host(), 200, TRACK_RESPONSE);
    let tracking = DhlExpress::track(&host.ctx(), "3421785560").unwrap();
    assert_eq!(tracking.status, TrackingStatus::Delivered);
    let codes: Vec<&str> = tracking.events.iter().map(|e| e.raw_code.as_str()).collect();
    assert_eq!(codes, ["PU", "PL", "DF", "AF", "CR", "AR", "WC", "OK"]);
    assert_eq!(tracking.events[0].time.to_string(), "2026-11-17T09:05:00Z"); // 17:05 +08:00
    assert_eq!(tracking.events[7].time.to_string(), "2026-11-20T10:42:00Z"); // 11:42 +01:00
    assert_eq!(tracking.events[6].status, TrackingStatus::OutForDelivery);
    assert_eq!(tracking.events[7].location.as_deref(), Some("Berlin-DE"));
    assert_eq!(tracking.estimated_delivery.unwrap().to_string(), "2026-11-20T00:00:00Z");
}

#[test]
fn every_checkpoint_code_in_the_samples_maps_as_documented() {
    let (host, _) = answering(host(), 200, TRACK_EXCEPTIONS);
    let tracking = DhlExpress::track(&host.ctx(), "5786694550").unwrap();
    assert_eq!(tracking.status, TrackingStatus::Returned);
    assert!(tracking.events.windows(2).all(|w| w[0].time <= w[1].time), "sorted oldest first");
    let (host, _) = answering(super::host(), 200, TRACK_RESPONSE);
    let delivered = DhlExpress::track(&host.ctx(), "3421785560").unwrap();
    let seen: Vec<&str> = tracking.events.iter().chain(&delivered.events).map(|e| e.raw_code.as_str()).collect();
    for code in crate::tracking::CHECKPOINTS.codes() {
        assert!(seen.contains(&code), "{code} is not exercised by the samples");
    }
    for event in tracking.events.iter().chain(&delivered.events) {
        assert_eq!(event.status, crate::tracking::CHECKPOINTS.status(&event.raw_code));
    }
    let status = |code: &str| tracking.events.iter().find(|e| e.raw_code == code).unwrap().status;
    assert_eq!(status("CC"), TrackingStatus::OutForDelivery);
    assert_eq!(status("DD"), TrackingStatus::Delivered);
    assert_eq!(status("HP"), TrackingStatus::Exception);
    assert_eq!(status("RT"), TrackingStatus::Returned);
}

#[test]
fn an_unknown_checkpoint_is_an_exception_keeping_its_code() {
    let mut response: Value = serde_json::from_str(TRACK_RESPONSE).unwrap();
    response["shipments"][0]["events"][7]["typeCode"] = "ZQ".into();
    let body: &'static str = Box::leak(response.to_string().into_boxed_str());
    let (host, _) = answering(host(), 200, body);
    let tracking = DhlExpress::track(&host.ctx(), "3421785560").unwrap();
    assert_eq!(tracking.status, TrackingStatus::Exception);
    assert_eq!(tracking.events[7].raw_code, "ZQ");
    assert!(host.logs().iter().any(|(level, m)| *level == LogLevel::Warn && m.contains("`ZQ`")));
}

#[test]
fn a_shipment_without_events_is_pre_transit() {
    let (host, _) =
        answering(host(), 200, r#"{"shipments":[{"shipmentTrackingNumber":"1","status":"Success","events":[]}]}"#);
    assert_eq!(DhlExpress::track(&host.ctx(), "1").unwrap().status, TrackingStatus::PreTransit);
}

#[test]
fn an_unknown_waybill_is_not_found() {
    let (host, _) =
        answering(host(), 404, include_str!("../../../../tests/fixtures/carriers/dhl-error-not-found.json"));
    let err = DhlExpress::track(&host.ctx(), "1234567890").unwrap_err();
    assert!(matches!(&err, CarrierError::NotFound(m) if m.contains("1234567890")), "{err}");
}

// ---- errors and void --------------------------------------------------------------------------

#[test]
fn dhl_error_bodies_become_typed_errors() {
    type Expect = fn(&CarrierError) -> bool;
    let cases: [(u16, &'static str, Expect); 3] = [
        (
            401,
            include_str!("../../../../tests/fixtures/carriers/dhl-error-unauthorized.json"),
            |e| matches!(e, CarrierError::AuthFailed(m) if m.contains("`username`")),
        ),
        (
            400,
            include_str!("../../../../tests/fixtures/carriers/dhl-error-bad-address.json"),
            |e| matches!(e, CarrierError::AddressRejected(m) if m.contains("postal code 10115")),
        ),
        (
            503,
            include_str!("../../../../tests/fixtures/carriers/dhl-error-unavailable.json"),
            |e| matches!(e, CarrierError::ServiceUnavailable(m) if m.contains("999")),
        ),
    ];
    for (status, body, expected) in cases {
        let (host, _) = answering(host(), status, body);
        let err = DhlExpress::rate(&host.ctx(), rate_request()).unwrap_err();
        assert!(expected(&err), "HTTP {status}: {err:?}");
    }
}

#[test]
fn voiding_explains_that_dhl_has_no_cancellation_and_sends_nothing() {
    let (host, seen) = answering(host(), 200, "{}");
    let err = DhlExpress::void_label(&host.ctx(), "3421785560").unwrap_err();
    let CarrierError::InvalidRequest(message) = err else { panic!("{err:?}") };
    assert!(message.contains("3421785560") && message.contains("pickup"), "{message}");
    assert!(seen.borrow().is_empty());
}

#[test]
fn metadata_names_the_crate_and_covers_dhl_express() {
    let meta = DhlExpress::metadata();
    assert_eq!(meta.name, "carrier-dhl-express");
    assert_eq!(meta.kind, PluginKind::Carrier);
    assert_eq!(meta.covers, ["dhl-express"]);
    serde_json::from_str::<Value>(&meta.config_schema).unwrap();
}
