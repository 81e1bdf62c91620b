//! Tracking, end to end against the stand-in, on the three sample histories.

use crossdock_sdk::prelude::*;

use super::*;

fn track_with(file: &'static str, number: &str) -> Result<Tracking, CarrierError> {
    let (host, _) = ups(CONFIG, move |r| r.url.contains("/track/").then(|| answer(200, fixture(file))));
    UpsCarrier::track(&host.ctx(), number)
}

fn at(rfc3339: &str) -> Timestamp {
    rfc3339.parse().unwrap()
}

#[test]
fn the_track_request_carries_the_headers_track_requires() {
    let (host, sent) = ups(CONFIG, |_| None);
    UpsCarrier::track(&host.ctx(), "1Z8V92A66612345675").unwrap();
    let call = sent.to("/api/track/");
    assert_eq!(
        call.url,
        "https://wwwcie.ups.com/api/track/v1/details/1Z8V92A66612345675?locale=en_US&returnSignature=false&\
         returnMilestones=false&returnPOD=false"
    );
    assert_eq!(header(&call, "Authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(header(&call, "transactionSrc"), Some("crossdock"));
    assert!(header(&call, "transId").is_some_and(|t| !t.is_empty() && t.len() <= 32));
}

#[test]
fn the_delivered_sample_is_seven_scans_oldest_first_in_utc() {
    let tracking = track_with("carriers/ups-track-response.json", "1Z8V92A66612345675").unwrap();
    use TrackingStatus::*;
    let got: Vec<_> = tracking.events.iter().map(|e| (e.raw_code.as_str(), e.status, e.time)).collect();
    assert_eq!(
        got,
        [
            ("M/003", PreTransit, at("2026-11-17T02:30:00Z")),
            ("I/005", InTransit, at("2026-11-17T13:40:00Z")),
            ("I/005", InTransit, at("2026-11-17T18:15:00Z")),
            ("I/005", InTransit, at("2026-11-18T22:50:00Z")),
            ("I/014", InTransit, at("2026-11-19T08:12:00Z")),
            ("I/021", OutForDelivery, at("2026-11-20T07:02:00Z")),
            ("D/011", Delivered, at("2026-11-20T10:42:00Z")),
        ]
    );
    assert_eq!(tracking.status, Delivered);
    assert_eq!(tracking.tracking_number, "1Z8V92A66612345675");
    assert_eq!(tracking.events[6].location.as_deref(), Some("BERLIN, 10115, DE"));
    assert_eq!(tracking.events[6].description, "DELIVERED");
    assert_eq!(tracking.estimated_delivery, None, "delivered: nothing left to estimate");
}

#[test]
fn the_returned_sample_maps_every_code_and_drops_what_is_not_a_scan() {
    let tracking = track_with("carriers/ups-track-returned-response.json", "1Z8V92A66687654328").unwrap();
    use TrackingStatus::*;
    let got: Vec<_> = tracking.events.iter().map(|e| (e.raw_code.as_str(), e.status)).collect();
    assert_eq!(
        got,
        [
            ("M/003", PreTransit),
            ("P", InTransit),
            ("I/005", InTransit),
            ("I/005", InTransit),
            ("I/072", OutForDelivery),
            ("X/048", Exception),
            ("D/161", OutForDelivery),
            ("I/033", Returned),
        ],
        "the NA and U entries are not scans"
    );
    assert_eq!(tracking.status, Returned);
    assert_eq!(tracking.events[7].time, at("2026-11-27T08:00:00Z"));
}

#[test]
fn the_voided_sample_ends_in_an_exception() {
    let tracking = track_with("carriers/ups-track-voided-response.json", "1Z8V92A66611223346").unwrap();
    let got: Vec<_> = tracking.events.iter().map(|e| (e.raw_code.as_str(), e.status)).collect();
    assert_eq!(got, [("M/003", TrackingStatus::PreTransit), ("MV", TrackingStatus::Exception)]);
    assert_eq!(tracking.status, TrackingStatus::Exception);
}

#[test]
fn an_unknown_activity_type_is_an_exception_that_keeps_its_code() {
    let mut body: serde_json::Value = serde_json::from_str(&fixture("carriers/ups-track-response.json")).unwrap();
    body["trackResponse"]["shipment"][0]["package"][0]["activity"][0]["status"]["type"] = "Q".into();
    let (host, _) = ups(CONFIG, move |r| r.url.contains("/track/").then(|| answer(200, body.to_string())));
    let tracking = UpsCarrier::track(&host.ctx(), "1Z8V92A66612345675").unwrap();
    let last = tracking.events.last().unwrap();
    assert_eq!((last.status, last.raw_code.as_str()), (TrackingStatus::Exception, "Q/011"));
    assert_eq!(tracking.status, TrackingStatus::Exception);
}

#[test]
fn a_parcel_on_its_way_reports_the_scheduled_delivery_date() {
    let mut body: serde_json::Value = serde_json::from_str(&fixture("carriers/ups-track-response.json")).unwrap();
    let package = &mut body["trackResponse"]["shipment"][0]["package"][0];
    package["activity"].as_array_mut().unwrap().drain(..2);
    package["deliveryDate"] = serde_json::json!([{"type": "SDD", "date": "20261120"}]);
    let (host, _) = ups(CONFIG, move |r| r.url.contains("/track/").then(|| answer(200, body.to_string())));
    let tracking = UpsCarrier::track(&host.ctx(), "1Z8V92A66612345675").unwrap();
    assert_eq!(tracking.status, TrackingStatus::InTransit);
    assert_eq!(tracking.estimated_delivery, Some(at("2026-11-20T00:00:00Z")));
}

#[test]
fn without_an_offset_the_gmt_copy_gives_the_time() {
    let mut body: serde_json::Value = serde_json::from_str(&fixture("carriers/ups-track-response.json")).unwrap();
    let scan = &mut body["trackResponse"]["shipment"][0]["package"][0]["activity"][0];
    scan.as_object_mut().unwrap().remove("gmtOffset");
    scan["gmtTime"] = "94200".into(); // the spec's unpadded form: 09:42:00
    let (host, _) = ups(CONFIG, move |r| r.url.contains("/track/").then(|| answer(200, body.to_string())));
    let tracking = UpsCarrier::track(&host.ctx(), "1Z8V92A66612345675").unwrap();
    assert_eq!(tracking.events.last().unwrap().time, at("2026-11-20T09:42:00Z"));
}

#[test]
fn an_unknown_number_is_not_found() {
    let err = track_with("carriers/ups-track-not-found-response.json", "1Z8V92A66600000000").unwrap_err();
    assert!(matches!(&err, CarrierError::NotFound(m) if m.contains("TW0001")), "{err:?}");
}

#[test]
fn a_malformed_number_is_not_found() {
    let (host, _) = ups(CONFIG, |r| {
        r.url.contains("/track/").then(|| answer(400, fixture("carriers/ups-track-invalid-response.json")))
    });
    let err = UpsCarrier::track(&host.ctx(), "NOT-A-NUMBER").unwrap_err();
    assert!(matches!(&err, CarrierError::NotFound(m) if m.contains("TV1002")), "{err:?}");
    let err = UpsCarrier::track(&host.ctx(), "  ").unwrap_err();
    assert!(matches!(err, CarrierError::NotFound(_)), "{err:?}");
}

#[test]
fn a_scan_with_an_unreadable_time_is_a_bad_response() {
    let mut body: serde_json::Value = serde_json::from_str(&fixture("carriers/ups-track-response.json")).unwrap();
    body["trackResponse"]["shipment"][0]["package"][0]["activity"][0]["date"] = "2026-13-45".into();
    let (host, _) = ups(CONFIG, move |r| r.url.contains("/track/").then(|| answer(200, body.to_string())));
    let err = UpsCarrier::track(&host.ctx(), "1Z8V92A66612345675").unwrap_err();
    assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("DELIVERED")), "{err:?}");
}
