//! Tracking: `POST /track/v1/trackingnumbers` with detailed scans, mapped onto crossdock's six
//! statuses.
//!
//! Each scan's `eventType` is mapped by [`status`] (never its `derivedStatusCode`: a recorded
//! reply shows out-for-delivery `OD` derived as `IT` [S10]). An event type not in the table is
//! an `exception` that keeps FedEx's code in `raw_code`, so an unknown situation is looked at
//! rather than passed over. Scans come newest first; they are sorted oldest first by their
//! ISO-8601 time with offset, converted to UTC. The shipment's status is its newest scan's,
//! or, with no scans yet, `latestStatusDetail.code` mapped the same way (or `pre_transit`).
//! The estimated delivery is `dateAndTimes[]`' `ESTIMATED_DELIVERY`, else the end of
//! `estimatedDeliveryTimeWindow`. An unknown number is a 200 whose result carries
//! `error.code = TRACKING.TRACKINGNUMBER.NOTFOUND` (CARRIERS.md §3.4), which is `NotFound`.

use crossdock_sdk::carrier::{StatusMap, parse_iso8601, tracking_from_events};
use crossdock_sdk::{CarrierError, Ctx, Timestamp, Tracking, TrackingEvent, TrackingStatus};
use serde_json::Value;

use crate::api::Api;
use crate::config::Config;
use crate::errors::{self, ApiError, Kind};
use crate::reply::Node;
use crate::wire;

use TrackingStatus::{Delivered, Exception, InTransit, OutForDelivery, PreTransit, Returned};

/// FedEx event types and what they mean for crossdock: CARRIERS.md §3.4, from FedEx's
/// "Tracking Status Codes" table [S9] (read 2026-11-25), with crossdock's policy that a parcel
/// held for collection is `out_for_delivery` (CARRIERS.md §0).
pub const STATUSES: StatusMap = StatusMap::new(&[
    ("OC", PreTransit),     // order created / shipment information sent to FedEx
    ("OX", PreTransit),     // shipment information sent to USPS
    ("EP", PreTransit),     // en route to pickup
    ("AP", PreTransit),     // at pickup
    ("PU", InTransit),      // picked up
    ("PX", InTransit),      // picked up (see details)
    ("AR", InTransit),      // arrived at FedEx location
    ("AF", InTransit),      // at local FedEx facility
    ("AA", InTransit),      // at airport
    ("AC", InTransit),      // at Canada Post facility
    ("AX", InTransit),      // at USPS facility
    ("AO", InTransit),      // shipment arriving on time
    ("DP", InTransit),      // departed
    ("EA", InTransit),      // en route to airport / export approved
    ("EO", InTransit),      // en route to origin airport
    ("FD", InTransit),      // at FedEx destination
    ("IT", InTransit),      // in transit
    ("IX", InTransit),      // in transit (see details)
    ("LO", InTransit),      // left origin
    ("OF", InTransit),      // at FedEx origin facility
    ("PF", InTransit),      // plane in flight
    ("PL", InTransit),      // plane landed
    ("PM", InTransit),      // in progress
    ("SF", InTransit),      // at sort facility
    ("TR", InTransit),      // transfer
    ("CC", InTransit),      // cleared customs
    ("CP", InTransit),      // clearance in progress
    ("CH", InTransit),      // location changed
    ("SP", InTransit),      // split status
    ("RR", InTransit),      // delivery option requested
    ("RM", InTransit),      // delivery option modified
    ("RC", InTransit),      // delivery option cancelled
    ("OD", OutForDelivery), // out for delivery
    ("AD", OutForDelivery), // at delivery
    ("ED", OutForDelivery), // en route to delivery
    ("HP", OutForDelivery), // ready for recipient pickup (policy)
    ("HL", OutForDelivery), // hold at location (policy)
    ("DL", Delivered),      // delivered
    ("DE", Exception),      // delivery exception
    ("SE", Exception),      // shipment exception
    ("CD", Exception),      // clearance delay
    ("DD", Exception),      // delivery delay
    ("DY", Exception),      // delay
    ("PD", Exception),      // pickup delay
    ("CA", Exception),      // shipment cancelled
    ("RS", Returned),       // return to shipper
]);

/// The normalised status of a FedEx event type; unknown types are `exception`.
pub fn status(event_type: &str) -> TrackingStatus {
    STATUSES.status(event_type)
}

/// The request body for one number.
pub fn request(tracking_number: &str) -> wire::TrackRequest {
    wire::TrackRequest {
        include_detailed_scans: true,
        tracking_info: vec![wire::TrackingInfo {
            tracking_number_info: wire::TrackingNumberInfo { tracking_number: tracking_number.to_owned() },
        }],
    }
}

/// Tracks `tracking_number` with FedEx.
pub fn track(ctx: &Ctx, config: &Config, tracking_number: &str) -> Result<Tracking, CarrierError> {
    let tracking_number = tracking_number.trim();
    if tracking_number.is_empty() {
        return Err(CarrierError::InvalidRequest("no tracking number to track".into()));
    }
    let api = Api::connect(ctx, &config.base_url)?;
    let transaction = format!("crossdock-track-{tracking_number}");
    let reply = api.post("/track/v1/trackingnumbers", &request(tracking_number), &transaction, "track")?;
    tracking(&reply, tracking_number)
}

/// The tracking of `tracking_number` in a FedEx track reply:
/// `$.output.completeTrackResults[0].trackResults[0]`.
pub fn tracking(reply: &Value, tracking_number: &str) -> Result<Tracking, CarrierError> {
    let output = Node::of(reply).get("output");
    if !output.exists() {
        return Err(CarrierError::BadResponse("FedEx's track reply has no `output`".into()));
    }
    let result = output.get("completeTrackResults").first().get("trackResults").first();
    if !result.exists() {
        return Err(CarrierError::BadResponse("FedEx's track reply has no track result".into()));
    }
    let error = ApiError::read(result.get("error"));
    if !(error.code.is_empty() && error.message.is_empty()) {
        let detail = format!("{}: {}", error.code, error.message);
        return Err(match errors::classify(&error.code) {
            Kind::NotFound => CarrierError::NotFound(format!(
                "FedEx does not know tracking number {tracking_number} ({detail}); a new label can take a while \
                 to appear"
            )),
            _ => CarrierError::InvalidRequest(format!("FedEx could not track {tracking_number} ({detail})")),
        });
    }
    let events = result.get("scanEvents").items().map(event).collect::<Result<Vec<_>, _>>()?;
    let number = result.get("trackingNumberInfo").get("trackingNumber").text().unwrap_or(tracking_number);
    let mut tracking = tracking_from_events(number, events, estimated_delivery(result)?);
    if tracking.events.is_empty()
        && let Some(code) = result.get("latestStatusDetail").get("code").text()
    {
        tracking.status = status(code);
    }
    Ok(tracking)
}

/// One `scanEvents[]` entry: `eventType`, `date`, `eventDescription` (+ `exceptionDescription`),
/// `scanLocation`.
fn event(scan: Node) -> Result<TrackingEvent, CarrierError> {
    let code = scan.get("eventType").text().unwrap_or_default();
    let date = scan.get("date").text().unwrap_or_default();
    let time = parse_iso8601(date).map_err(|e| CarrierError::BadResponse(format!("FedEx's scan `{code}`: {e}")))?;
    let mut description = scan.get("eventDescription").text().unwrap_or_default().to_owned();
    if let Some(extra) = scan.get("exceptionDescription").text()
        && extra != description
    {
        description = if description.is_empty() { extra.to_owned() } else { format!("{description}: {extra}") };
    }
    if description.is_empty() {
        description = code.to_owned();
    }
    Ok(STATUSES.event(code, time, &description, location(scan.get("scanLocation"))))
}

/// "BERLIN 10115, DE" from a scan's city, postal code and country, when it has any.
fn location(place: Node) -> Option<String> {
    let town: Vec<&str> = [place.get("city").text(), place.get("postalCode").text()].into_iter().flatten().collect();
    let parts: Vec<String> =
        [(!town.is_empty()).then(|| town.join(" ")), place.get("countryCode").text().map(str::to_owned)]
            .into_iter()
            .flatten()
            .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// `dateAndTimes[]`' `ESTIMATED_DELIVERY`, else `estimatedDeliveryTimeWindow.window.ends`.
fn estimated_delivery(result: Node) -> Result<Option<Timestamp>, CarrierError> {
    let estimated = result
        .get("dateAndTimes")
        .items()
        .find(|d| d.get("type").text().is_some_and(|t| t.eq_ignore_ascii_case("ESTIMATED_DELIVERY")))
        .and_then(|d| d.get("dateTime").text())
        .or_else(|| result.get("estimatedDeliveryTimeWindow").get("window").get("ends").text());
    match estimated {
        None => Ok(None),
        Some(text) => parse_iso8601(text)
            .map(Some)
            .map_err(|e| CarrierError::BadResponse(format!("FedEx's estimated delivery: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_of_the_table_maps_and_unknown_ones_are_exceptions() {
        assert_eq!(status("OC"), PreTransit);
        assert_eq!(status("OD"), OutForDelivery);
        assert_eq!(status("HP"), OutForDelivery);
        assert_eq!(status("DL"), Delivered);
        assert_eq!(status("RS"), Returned);
        assert_eq!(status("DE"), Exception);
        assert_eq!(status("ZZ"), Exception);
        assert_eq!(status(""), Exception);
        let mut codes: Vec<&str> = STATUSES.codes().collect();
        let count = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), count, "a code is listed twice");
    }
}
