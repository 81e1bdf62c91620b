//! Voids: the cancel request and what FedEx's answers mean.

use crossdock_sdk::{CarrierError, CarrierPlugin, HttpMethod};

use super::*;

#[test]
fn voiding_cancels_the_shipment_by_its_tracking_number() {
    let (host, log) = host();
    Plugin::void_label(&ctx(&host), " 795867532145 ").unwrap();
    let requests = api_requests(&log);
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, HttpMethod::Put);
    assert_eq!(request.url, "https://apis.fedex.test/ship/v1/shipments/cancel");
    assert!(header(request, "Authorization").is_some_and(|a| a.starts_with("Bearer ")));
    assert_eq!(
        body_json(request),
        serde_json::json!({
            "accountNumber": {"value": "740561073"},
            "trackingNumber": "795867532145",
            "deletionControl": "DELETE_ALL_PACKAGES"
        })
    );
}

#[test]
fn a_shipment_fedex_will_not_cancel_is_an_invalid_request() {
    let (host, _) = host_with(CONFIG, |r| {
        if r.url.ends_with("/cancel") {
            reply(
                200,
                r#"{"transactionId":"t","output":{"cancelledShipment":false,"successMessage":"Shipment already tendered"}}"#,
            )
        } else {
            fedex(r)
        }
    });
    let err = Plugin::void_label(&ctx(&host), "795867532145").unwrap_err();
    assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("already tendered")), "{err:?}");
}

#[test]
fn a_shipment_cancelled_before_counts_as_voided() {
    let (host, _) = host_with(CONFIG, |r| {
        if r.url.ends_with("/cancel") {
            reply(
                400,
                r#"{"transactionId":"t","errors":[{"code":"CANCELSHIPMENT.TRACKINGNUMBER.DELETED","message":"Shipment already deleted."}]}"#,
            )
        } else {
            fedex(r)
        }
    });
    Plugin::void_label(&ctx(&host), "795867532145").unwrap();
}

#[test]
fn an_unknown_tracking_number_is_not_found() {
    let (host, _) = host_with(CONFIG, |r| if r.url.ends_with("/cancel") { reply(404, NOT_FOUND) } else { fedex(r) });
    let err = Plugin::void_label(&ctx(&host), "794699999999").unwrap_err();
    assert!(matches!(&err, CarrierError::NotFound(m) if m.contains("NOT.FOUND.ERROR")), "{err:?}");
}

#[test]
fn an_empty_tracking_number_is_refused_without_a_request() {
    let (host, log) = host();
    assert!(matches!(Plugin::void_label(&ctx(&host), "  "), Err(CarrierError::InvalidRequest(_))));
    assert!(log.borrow().is_empty());
}
