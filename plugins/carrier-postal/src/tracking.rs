//! Tracking: `GET /tracking/v3/tracking/{trackingNumber}?expand=DETAIL` (CARRIERS.md §4.4).
//!
//! USPS sends events newest first; they are sorted by time. Each event's `eventCode` (a USPS
//! Publication 199 code) maps onto the normalised statuses by [`CODES`], the table of CARRIERS.md
//! §4.4; a code the table does not know is `exception`, with the code kept in `raw_code`. The
//! current status is that of the newest event; with no events yet, it comes from
//! `statusCategory` as CARRIERS.md §4.4 says (Pre-Shipment → pre_transit, Out for Delivery →
//! out_for_delivery, Delivered → delivered, anything else → in_transit).
//!
//! Times: `GMTTimestamp` (UTC) when USPS sends it; otherwise the local `eventTimestamp` at
//! `GMTOffset`; an event with neither a GMT time nor an offset is read as UTC and logged, as a
//! few hours' error is better than losing the event. The estimated delivery is the first of
//! `expectedDeliveryTimeStamp`, `predictedDeliveryDate` and `guaranteedDeliveryTimeStamp` that
//! reads as a time (a bare date or a time without offset as UTC).

use crossdock_sdk::carrier::{
    LocalDateTime, StatusMap, parse_iso8601, parse_offset, percent_encode, tracking_from_events,
};
use crossdock_sdk::prelude::*;

use crate::api::{Api, Call};
use crate::wire::{TrackingEvent as UspsEvent, TrackingResponse};

use TrackingStatus::{Delivered, Exception, InTransit, OutForDelivery, PreTransit, Returned};

/// USPS `eventCode` → normalised status: the table of CARRIERS.md §4.4, whose codes come from
/// Publication 199 via the Perl module `USPS::WebTools::Tracking::Codes` (S17, undated), with GX,
/// 03, SF, 10, T1, TL, A1, 07, OF and 01 seen in recorded responses (karrio, Nov 2024; S15).
/// Read 2026-11-25.
pub const CODES: StatusMap = StatusMap::new(&[
    // Label created, USPS awaiting the item; manifest acknowledged.
    ("GX", PreTransit),
    ("MA", PreTransit),
    // Accepted, processed, departed, sorted, in transit, forwarded, rescheduled.
    ("03", InTransit),
    ("10", InTransit),
    ("SF", InTransit),
    ("EF", InTransit),
    ("PC", InTransit),
    ("TM", InTransit),
    ("PA", InTransit),
    ("T1", InTransit),
    ("TL", InTransit),
    ("A1", InTransit),
    ("06", InTransit),
    ("07", InTransit),
    ("71", InTransit),
    // Handoffs to and from shipping partners.
    ("42", InTransit),
    ("80", InTransit),
    ("81", InTransit),
    ("82", InTransit),
    // Out for delivery; at a pickup point or available for pickup (policy: out_for_delivery).
    ("OF", OutForDelivery),
    ("14", OutForDelivery),
    ("16", OutForDelivery),
    // Delivered, picked up by an agent, picked up.
    ("01", Delivered),
    ("17", Delivered),
    ("43", Delivered),
    // Attempted and notice-left variants, refused, undeliverable, missent, dead letter,
    // mis-shipped, no access, customer recall, business closed, status not updated.
    ("02", Exception),
    ("52", Exception),
    ("53", Exception),
    ("54", Exception),
    ("55", Exception),
    ("56", Exception),
    ("04", Exception),
    ("05", Exception),
    ("08", Exception),
    ("11", Exception),
    ("15", Exception),
    ("30", Exception),
    ("44", Exception),
    ("51", Exception),
    ("DX", Exception),
    // Return to sender: no such number, moved, unclaimed, … (09, 21–29, 31).
    ("09", Returned),
    ("21", Returned),
    ("22", Returned),
    ("23", Returned),
    ("24", Returned),
    ("25", Returned),
    ("26", Returned),
    ("27", Returned),
    ("28", Returned),
    ("29", Returned),
    ("31", Returned),
]);

/// The tracking number as USPS writes it, or `NotFound` for text that cannot be one.
pub fn clean(tracking_number: &str) -> Result<String, CarrierError> {
    let number = tracking_number.trim().to_ascii_uppercase();
    if (10..=40).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(number)
    } else {
        Err(CarrierError::NotFound(format!(
            "`{}` is not a USPS tracking number (10 to 40 letters and digits, such as CP123456785US)",
            tracking_number.trim()
        )))
    }
}

/// Asks USPS for the events of `tracking_number`.
pub fn track(ctx: &Ctx, api: &Api, tracking_number: &str) -> Result<Tracking, CarrierError> {
    let number = clean(tracking_number)?;
    let path = format!("/tracking/v3/tracking/{}?expand=DETAIL", percent_encode(&number));
    let response = api.send(Call::Track, api.get(&path))?.read(TrackingResponse::read)?;
    tracking(ctx, &number, &response)
}

/// The contract's tracking for a USPS answer.
pub fn tracking(ctx: &Ctx, number: &str, response: &TrackingResponse) -> Result<Tracking, CarrierError> {
    let mut events = Vec::with_capacity(response.tracking_events.len());
    // USPS lists newest first: reversed, events at the same second keep their real order.
    for event in response.tracking_events.iter().rev() {
        let code = event.event_code.as_deref().map(str::trim).filter(|c| !c.is_empty()).unwrap_or("?");
        let time = event_time(ctx, event)?;
        let description = event.event_type.as_deref().unwrap_or(code);
        events.push(CODES.event(code, time, description, location(event)));
    }
    let estimated = [
        &response.expected_delivery_time_stamp,
        &response.predicted_delivery_date,
        &response.guaranteed_delivery_time_stamp,
    ]
    .into_iter()
    .flatten()
    .find_map(|text| any_time(text));
    let number = response.tracking_number.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(number);
    let mut tracking = tracking_from_events(number, events, estimated);
    if tracking.events.is_empty() {
        tracking.status = match response.status_category.as_deref().map(str::trim) {
            Some("Pre-Shipment") | None => PreTransit,
            Some("Out for Delivery") => OutForDelivery,
            Some("Delivered") => Delivered,
            Some(_) => InTransit,
        };
    }
    Ok(tracking)
}

/// When an event happened, in UTC.
fn event_time(ctx: &Ctx, event: &UspsEvent) -> Result<Timestamp, CarrierError> {
    if let Some(gmt) = event.gmt_timestamp.as_deref().filter(|t| !t.trim().is_empty()) {
        return Ok(parse_iso8601(gmt)?);
    }
    let local = event.event_timestamp.as_deref().filter(|t| !t.trim().is_empty()).ok_or_else(|| {
        CarrierError::BadResponse(format!(
            "USPS sent the event `{}` without a time",
            event.event_code.as_deref().unwrap_or_default()
        ))
    })?;
    let reading = LocalDateTime::parse_combined(local)?;
    match event.gmt_offset.as_deref().filter(|o| !o.trim().is_empty()) {
        Some(offset) => Ok(reading.at_offset(parse_offset(offset)?)),
        None => {
            ctx.warn(&format!("USPS event at {local} has no GMT time or offset; read as UTC"));
            Ok(reading.at_offset(0))
        }
    }
}

/// `BERLIN, 10115, GERMANY` or `LOS ANGELES, CA 90045`.
fn location(event: &UspsEvent) -> Option<String> {
    let part = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let region = match (part(&event.state), part(&event.zip)) {
        (Some(state), Some(zip)) => Some(format!("{state} {zip}")),
        (state, zip) => state.or(zip),
    };
    let parts: Vec<String> = [part(&event.city), region, part(&event.country)].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// A time with or without an offset (UTC when it has none), or a bare date (its midnight, UTC).
fn any_time(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    parse_iso8601(text)
        .ok()
        .or_else(|| LocalDateTime::parse_combined(text).ok().map(|t| t.at_offset(0)))
        .or_else(|| LocalDateTime::date_only(text).ok().map(|t| t.at_offset(0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::TestHost;

    const DELIVERED: &str = include_str!("../../../tests/fixtures/carriers/usps-track-response.json");
    const EVERY_CODE: &str = include_str!("../../../tests/fixtures/carriers/usps-track-every-code-response.json");

    fn read(json: &str) -> Tracking {
        let host = TestHost::new();
        let response = TrackingResponse::read(&serde_json::from_str(json).unwrap()).unwrap();
        tracking(&host.ctx(), "X", &response).unwrap()
    }

    #[test]
    fn the_delivered_sample_reads_in_time_order_with_mapped_statuses() {
        let tracking = read(DELIVERED);
        assert_eq!(tracking.tracking_number, "CP123456785US");
        assert_eq!(tracking.status, Delivered);
        let codes: Vec<(&str, TrackingStatus)> =
            tracking.events.iter().map(|e| (e.raw_code.as_str(), e.status)).collect();
        assert_eq!(
            codes,
            [
                ("GX", PreTransit),
                ("03", InTransit),
                ("10", InTransit),
                ("EF", InTransit),
                ("07", InTransit),
                ("OF", OutForDelivery),
                ("01", Delivered)
            ]
        );
        let first = &tracking.events[0];
        assert_eq!(first.time.to_string(), "2026-11-10T17:15:00Z");
        assert_eq!(first.location.as_deref(), Some("LOS ANGELES, CA 90045"));
        assert_eq!(first.description, "Shipping Label Created, USPS Awaiting Item");
        assert_eq!(tracking.events[6].location.as_deref(), Some("BERLIN, 10115, GERMANY"));
    }

    #[test]
    fn every_code_in_the_table_appears_in_a_fixture_and_maps_as_listed() {
        let mut seen = read(DELIVERED).events;
        seen.extend(read(EVERY_CODE).events);
        for code in CODES.codes() {
            let event = seen.iter().find(|e| e.raw_code == code).unwrap_or_else(|| panic!("{code} in no fixture"));
            assert_eq!(event.status, CODES.status(code), "{code}");
        }
    }

    #[test]
    fn an_unknown_code_is_an_exception_that_keeps_the_code() {
        let tracking = read(EVERY_CODE);
        let unknown = tracking.events.iter().find(|e| e.raw_code == "QQ").unwrap();
        assert_eq!(unknown.status, Exception);
        assert!(!CODES.knows("QQ"));
        assert_eq!(tracking.status, Returned);
        assert!(tracking.events.windows(2).all(|w| w[0].time <= w[1].time));
    }

    #[test]
    fn without_a_gmt_time_the_local_time_and_offset_are_used() {
        let tracking = read(EVERY_CODE);
        let handoff = tracking.events.iter().find(|e| e.raw_code == "80").unwrap();
        // Local 2026-11-11T12:00:00 at -08:00.
        assert_eq!(handoff.time.to_string(), "2026-11-11T20:00:00Z");
    }

    #[test]
    fn with_no_events_the_status_category_decides() {
        let status = |category: &str| {
            read(&format!(r#"{{"trackingNumber": "CP1", "statusCategory": "{category}", "trackingEvents": []}}"#))
                .status
        };
        assert_eq!(status("Pre-Shipment"), PreTransit);
        assert_eq!(status("Delivered"), Delivered);
        assert_eq!(status("Out for Delivery"), OutForDelivery);
        assert_eq!(status("Accepted"), InTransit);
    }

    #[test]
    fn an_estimated_delivery_may_be_a_date_or_a_time() {
        let eta = |field: &str, value: &str| {
            read(&format!(r#"{{"trackingNumber": "CP1", "{field}": "{value}"}}"#))
                .estimated_delivery
                .map(|t| t.to_string())
        };
        assert_eq!(eta("predictedDeliveryDate", "2026-11-20").as_deref(), Some("2026-11-20T00:00:00Z"));
        assert_eq!(eta("expectedDeliveryTimeStamp", "2026-11-20T18:00:00Z").as_deref(), Some("2026-11-20T18:00:00Z"));
        assert_eq!(eta("expectedDeliveryTimeStamp", "soon"), None);
    }

    #[test]
    fn tracking_numbers_are_letters_and_digits() {
        assert_eq!(clean(" cp123456785us ").unwrap(), "CP123456785US");
        assert!(matches!(clean("CP1234/../x"), Err(CarrierError::NotFound(_))));
        assert!(matches!(clean("123"), Err(CarrierError::NotFound(_))));
    }
}
