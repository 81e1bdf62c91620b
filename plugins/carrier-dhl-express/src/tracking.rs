//! Tracking: `GET /shipments/{waybill}/tracking` with every checkpoint and each event's GMT
//! offset; DHL's checkpoint codes mapped onto the normalised statuses.
//!
//! The shipment's `status` field is the result of the lookup ("Success"), not the parcel's
//! state (CARRIERS.md §1.4), so the state is that of the newest event. Events are sorted by
//! time, since DHL does not say in which order it sends them. Times are `date` + `time` +
//! `GMTOffset`; an event without an offset is read as UTC.

use crossdock_sdk::carrier::{self, ApiRequest, LocalDateTime, StatusMap, parse_date_time, percent_encode};
use crossdock_sdk::prelude::*;

use crate::api::{self, Operation};
use crate::config::Checked;
use crate::wire::{Event, TrackingResponse};

use TrackingStatus::{Delivered, Exception, InTransit, OutForDelivery, Returned};

/// DHL Express checkpoint codes → normalised status. Source: DHL status code list, rows
/// `express` (karrio `modules/connectors/mydhl/vendors/status_1.csv`, snapshot 2026-06-23;
/// PY and SM "new since 4th June 2024"), mapped per CARRIERS.md §1.4 and its §0 policy,
/// read 2026-11-25. A code not listed here becomes `exception`, keeping the raw code.
pub const CHECKPOINTS: StatusMap = StatusMap::new(&[
    ("PU", InTransit),      // Shipment pick up
    ("SA", InTransit),      // Shipment acceptance
    ("PL", InTransit),      // Processed at location
    ("DF", InTransit),      // Depart facility
    ("AF", InTransit),      // Arrived facility
    ("AR", InTransit),      // Arrival in delivery facility
    ("IC", InTransit),      // In clearance processing
    ("CR", InTransit),      // Clearance release
    ("BR", InTransit),      // Broker release
    ("BN", InTransit),      // Customer broker notified
    ("TR", InTransit),      // Record of transfer
    ("FD", InTransit),      // Forward destination
    ("TP", InTransit),      // Forwarded to 3rd party
    ("SC", InTransit),      // Service changed
    ("RR", InTransit),      // Response received
    ("AD", InTransit),      // Agreed delivery
    ("SM", InTransit),      // Scheduled for movement
    ("PY", InTransit),      // Payment
    ("WC", OutForDelivery), // With delivering courier
    ("CC", OutForDelivery), // Awaiting consignee collection (policy: held for pickup)
    ("OK", Delivered),      // Delivery
    ("DD", Delivered),      // Delivered damaged
    ("PD", Delivered),      // Partial delivery
    ("BA", Exception),      // Bad address
    ("CA", Exception),      // Closed on arrival
    ("CD", Exception),      // Controllable clearance delay
    ("CM", Exception),      // Customer moved
    ("CS", Exception),      // Closed shipment
    ("DS", Exception),      // Destroyed/disposal
    ("HP", Exception),      // Held for payment
    ("MC", Exception),      // Miscode
    ("MD", Exception),      // Missed delivery cycle
    ("MS", Exception),      // Mis-sort
    ("ND", Exception),      // Not delivered
    ("NH", Exception),      // Not home
    ("OH", Exception),      // On hold
    ("RD", Exception),      // Refused delivery
    ("SS", Exception),      // Shipment stopped
    ("UD", Exception),      // Uncontrollable clearance delay
    ("RT", Returned),       // Returned to consignor
]);

/// Looks up a waybill.
pub fn track(ctx: &Ctx, config: &Checked, tracking_number: &str) -> Result<Tracking, CarrierError> {
    let number = tracking_number.trim();
    if number.is_empty() {
        return Err(CarrierError::InvalidRequest("no tracking number given".into()));
    }
    let url = config.url(&format!(
        "/shipments/{}/tracking?trackingView=all-checkpoints&levelOfDetail=shipment&requestGMTOffsetPerEvent=true",
        percent_encode(number)
    ));
    let http = api::request(ctx, ApiRequest::get(url.clone()))?;
    let response: TrackingResponse = carrier::fetch_json(ctx, http, |r| api::error(r, &url, Operation::Track(number)))?;
    tracking(ctx, number, &response)
}

/// The tracking of `number` in DHL's answer.
pub fn tracking(ctx: &Ctx, number: &str, response: &TrackingResponse) -> Result<Tracking, CarrierError> {
    let shipment = response
        .shipments
        .iter()
        .find(|s| s.shipment_tracking_number.as_deref().is_none_or(|n| n.trim() == number))
        .ok_or_else(|| CarrierError::NotFound(format!("DHL Express returned no shipment {number}")))?;
    let events = shipment.events.iter().map(|e| event(ctx, e)).collect::<Result<Vec<_>, _>>()?;
    let estimated = shipment.estimated_delivery_date.as_deref().and_then(estimated_delivery);
    Ok(carrier::tracking_from_events(number, events, estimated))
}

fn event(ctx: &Ctx, event: &Event) -> Result<TrackingEvent, CarrierError> {
    let code = event.type_code.as_deref().unwrap_or_default().trim();
    if !CHECKPOINTS.knows(code) {
        ctx.warn(&format!("DHL checkpoint code `{code}` is not in the mapping; reported as an exception"));
    }
    let time = parse_date_time(&event.date, &event.time, event.gmt_offset.as_deref())
        .map_err(|e| CarrierError::BadResponse(format!("DHL event `{code}` time: {e}")))?;
    let location = event.service_area.first().and_then(|a| a.description.clone().or_else(|| a.code.clone()));
    Ok(CHECKPOINTS.event(code, time, &event.description, location))
}

/// `estimatedDeliveryDate`: a date (midnight UTC of that day) or a date-time.
fn estimated_delivery(text: &str) -> Option<Timestamp> {
    carrier::parse_iso8601(text)
        .ok()
        .or_else(|| LocalDateTime::parse_combined(text).ok().map(|t| t.at_offset(0)))
        .or_else(|| LocalDateTime::date_only(text).ok().map(|t| t.at_offset(0)))
}
