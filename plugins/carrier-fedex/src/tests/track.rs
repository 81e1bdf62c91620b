//! Tracking: events in time order, statuses by FedEx event type, unknown numbers.

use crossdock_sdk::TrackingStatus::{Delivered, Exception, InTransit, OutForDelivery, PreTransit, Returned};
use crossdock_sdk::{CarrierError, CarrierPlugin, Tracking};

use super::*;
use crate::tracking::STATUSES;

fn tracked(reply_text: impl Into<String>, number: &str) -> Tracking {
    let reply_text = reply_text.into();
    let (host, _) = host_with(CONFIG, move |r| {
        if r.url.ends_with("/track/v1/trackingnumbers") { reply(200, &reply_text) } else { fedex(r) }
    });
    Plugin::track(&ctx(&host), number).unwrap()
}

#[test]
fn the_delivered_sample_reads_oldest_first_in_utc_with_mapped_statuses() {
    let tracking = tracked(TRACK, "795867532145");
    assert_eq!(tracking.tracking_number, "795867532145");
    assert_eq!(tracking.status, Delivered);
    let codes: Vec<&str> = tracking.events.iter().map(|e| e.raw_code.as_str()).collect();
    assert_eq!(codes, ["OC", "PU", "DP", "AR", "CC", "AR", "OD", "DL"]);
    let statuses: Vec<_> = tracking.events.iter().map(|e| e.status).collect();
    assert_eq!(
        statuses,
        [PreTransit, InTransit, InTransit, InTransit, InTransit, InTransit, OutForDelivery, Delivered]
    );
    // OD comes with derivedStatusCode IT; the event type decides.
    assert_eq!(tracking.events[6].description, "On FedEx vehicle for delivery");
    assert_eq!(tracking.events[0].time.to_string(), "2026-11-17T02:30:00Z"); // 10:30 +08:00
    assert_eq!(tracking.events[7].time.to_string(), "2026-11-20T10:42:00Z"); // 11:42 +01:00
    assert_eq!(tracking.events[7].location.as_deref(), Some("BERLIN 10115, DE"));
    assert_eq!(tracking.events[0].location, None);
    assert!(tracking.events.windows(2).all(|w| w[0].time <= w[1].time));
}

#[test]
fn the_track_request_asks_for_detailed_scans_of_one_number() {
    let (host, log) = host();
    Plugin::track(&ctx(&host), "795867532145").unwrap();
    let requests = api_requests(&log);
    assert_eq!(requests[0].url, "https://apis.fedex.test/track/v1/trackingnumbers");
    assert_eq!(header(&requests[0], "x-customer-transaction-id"), Some("crossdock-track-795867532145"));
    assert_eq!(
        body_json(&requests[0]),
        serde_json::json!({"includeDetailedScans": true, "trackingInfo": [{"trackingNumberInfo": {"trackingNumber": "795867532145"}}]})
    );
}

#[test]
fn every_event_type_of_the_table_is_exercised_by_the_samples_and_mapped() {
    let delivered = tracked(TRACK, "795867532145");
    let every = tracked(TRACK_EVERY_CODE, "794600000010");
    let seen: Vec<&str> = delivered.events.iter().chain(&every.events).map(|e| e.raw_code.as_str()).collect();
    for code in STATUSES.codes() {
        assert!(seen.contains(&code), "no sample has event type {code}");
    }
    for event in delivered.events.iter().chain(&every.events) {
        let expected = STATUSES.get(&event.raw_code).unwrap_or(Exception);
        assert_eq!(event.status, expected, "{}", event.raw_code);
    }
}

#[test]
fn an_unknown_event_type_is_an_exception_that_keeps_its_code() {
    let every = tracked(TRACK_EVERY_CODE, "794600000010");
    let unknown = every.events.iter().find(|e| e.raw_code == "XG").unwrap();
    assert_eq!(unknown.status, Exception);
    assert_eq!(unknown.description, "Scan of a kind crossdock does not know");
}

#[test]
fn a_returned_shipment_ends_returned_with_exception_details_in_descriptions() {
    let every = tracked(TRACK_EVERY_CODE, "794600000010");
    assert_eq!(every.status, Returned);
    assert_eq!(every.events.len(), 40);
    assert!(every.events.windows(2).all(|w| w[0].time <= w[1].time));
    let customs = every.events.iter().find(|e| e.raw_code == "CD").unwrap();
    assert_eq!(customs.description, "Clearance delay: Import documentation required");
    assert_eq!(every.estimated_delivery.map(|t| t.to_string()).as_deref(), Some("2026-11-24T17:00:00Z"));
}

#[test]
fn an_unknown_number_is_not_found() {
    let (host, _) = host_with(CONFIG, |r| {
        if r.url.ends_with("/track/v1/trackingnumbers") { reply(200, TRACK_NOT_FOUND) } else { fedex(r) }
    });
    let err = Plugin::track(&ctx(&host), "794699999999").unwrap_err();
    assert!(matches!(&err, CarrierError::NotFound(m) if m.contains("794699999999")), "{err:?}");
}

#[test]
fn a_number_without_scans_takes_its_latest_status() {
    let mut reply_json: serde_json::Value = serde_json::from_str(TRACK).unwrap();
    let result = &mut reply_json["output"]["completeTrackResults"][0]["trackResults"][0];
    result["scanEvents"] = serde_json::json!([]);
    result["latestStatusDetail"]["code"] = "OC".into();
    let tracking = tracked(reply_json.to_string(), "795867532145");
    assert!(tracking.events.is_empty());
    assert_eq!(tracking.status, PreTransit);
}

#[test]
fn a_scan_without_an_offset_is_a_bad_response() {
    let mut reply_json: serde_json::Value = serde_json::from_str(TRACK).unwrap();
    reply_json["output"]["completeTrackResults"][0]["trackResults"][0]["scanEvents"][0]["date"] =
        "2026-11-20T11:42:00".into();
    let text = reply_json.to_string();
    let (host, _) =
        host_with(
            CONFIG,
            move |r| {
                if r.url.ends_with("/track/v1/trackingnumbers") { reply(200, &text) } else { fedex(r) }
            },
        );
    let err = Plugin::track(&ctx(&host), "795867532145").unwrap_err();
    assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("DL")), "{err:?}");
}
