//! Tracking: UPS's activity codes onto crossdock's six statuses, UPS's times onto UTC, and the
//! scans into a [`Tracking`] in time order.
//!
//! The mapping is CARRIERS.md §2.4's (read 2026-11-25), which reads the activity `type` first
//! and lets the 3-digit `statusCode` override it where listed. Types: UPS Tracking appendix
//! "Package Activity Types"; status codes: "Status/Description Codes" (copies in karrio's UPS
//! connector, `vendors/Tracking-*.html`, 2026-06-23):
//!
//! | UPS | normalised |
//! | --- | --- |
//! | type `M` billing information received (label created) | pre_transit |
//! | type `MV` billing information voided | exception |
//! | type `P` pickup (legacy), `I` in transit, `DO`/`DD`/`W` freight and warehousing | in_transit |
//! | type `I` with statusCode 006, 021, 037, 072, 089, 091, 146, 162 (out for delivery) | out_for_delivery |
//! | type `I` with statusCode 017, 040 (held / ready for customer pickup) | out_for_delivery (policy) |
//! | type `D` delivered | delivered |
//! | type `D` with statusCode 144, 161 (at a post office or Access Point for pickup) | out_for_delivery (policy) |
//! | type `X` exception | exception |
//! | statusCode 033, 034, 035, 036, 067, 081, 118, 119, any type (return to sender) | returned |
//! | type `NA` (not available), `U` (Track Alert update) | no event |
//! | anything else | exception, raw code kept |
//!
//! `raw_code` is `type/statusCode` (`D/011`), or the type alone when UPS gives no status code.
//!
//! Times: each scan's local `date`/`time` with its `gmtOffset`; without an offset, the
//! `gmtDate`/`gmtTime` copy (UTC; a 5-digit `gmtTime` such as the spec's "74700" is read as
//! 07:47:00); failing both, the local time taken as UTC.

use crossdock_sdk::carrier::{self, LocalDateTime, StatusMap};
use crossdock_sdk::prelude::*;

use crate::wire::tracking::{Activity, TrackPackage, TrackResponse};

/// Activity types and their status (the type column of the module table).
pub const TYPES: StatusMap = StatusMap::new(&[
    ("M", TrackingStatus::PreTransit),
    ("MV", TrackingStatus::Exception),
    ("P", TrackingStatus::InTransit),
    ("I", TrackingStatus::InTransit),
    ("DO", TrackingStatus::InTransit),
    ("DD", TrackingStatus::InTransit),
    ("W", TrackingStatus::InTransit),
    ("D", TrackingStatus::Delivered),
    ("X", TrackingStatus::Exception),
]);

/// Types that are not scans of the parcel: no event.
pub const IGNORED_TYPES: [&str; 2] = ["NA", "U"];
/// Return to sender requested, returning or returned: `returned` whatever the type.
pub const RETURNED: [&str; 8] = ["033", "034", "035", "036", "067", "081", "118", "119"];
/// Type `I` on the vehicle for delivery.
pub const OUT_FOR_DELIVERY: [&str; 8] = ["006", "021", "037", "072", "089", "091", "146", "162"];
/// Type `I` held or ready for the consignee to collect.
pub const AWAITING_PICKUP: [&str; 2] = ["017", "040"];
/// Type `D` left at a post office or Access Point for the consignee to collect.
pub const DELIVERED_FOR_PICKUP: [&str; 2] = ["144", "161"];

/// The status of a scan; `None` for the types that are not scans.
pub fn status(kind: &str, status_code: &str) -> Option<TrackingStatus> {
    let kind = kind.trim().to_ascii_uppercase();
    let code = status_code.trim();
    if IGNORED_TYPES.contains(&kind.as_str()) {
        return None;
    }
    let on_the_vehicle_or_held = kind == "I" && (OUT_FOR_DELIVERY.contains(&code) || AWAITING_PICKUP.contains(&code));
    let left_for_pickup = kind == "D" && DELIVERED_FOR_PICKUP.contains(&code);
    Some(if RETURNED.contains(&code) {
        TrackingStatus::Returned
    } else if on_the_vehicle_or_held || left_for_pickup {
        TrackingStatus::OutForDelivery
    } else {
        TYPES.status(&kind)
    })
}

/// The tracking of `number` in UPS's answer: `NotFound` when UPS only warns (TW0001
/// "Tracking Information Not Found"), `BadResponse` for a scan whose time cannot be read.
pub fn tracking(number: &str, answer: &TrackResponse) -> Result<Tracking, CarrierError> {
    let packages: Vec<&TrackPackage> = answer.shipment.iter().flat_map(|s| &s.package).collect();
    let Some(package) =
        packages.iter().find(|p| p.tracking_number.trim().eq_ignore_ascii_case(number)).or(packages.first())
    else {
        let warnings: Vec<String> = answer
            .shipment
            .iter()
            .flat_map(|s| &s.warnings)
            .map(|w| format!("{} {}", w.code, w.message).trim().to_owned())
            .collect();
        let why = if warnings.is_empty() { "no package in the answer".to_owned() } else { warnings.join("; ") };
        return Err(CarrierError::NotFound(format!("UPS has no tracking for `{number}` ({why})")));
    };
    let mut events = Vec::with_capacity(package.activity.len());
    for activity in &package.activity {
        let Some(status) = status(&activity.status.kind, &activity.status.status_code) else { continue };
        events.push(TrackingEvent {
            status,
            time: time(activity)?,
            location: location(activity),
            description: description(activity),
            raw_code: raw_code(&activity.status.kind, &activity.status.status_code),
        });
    }
    let mut tracking = carrier::tracking_from_events(number, events, None);
    if !matches!(tracking.status, TrackingStatus::Delivered | TrackingStatus::Returned) {
        tracking.estimated_delivery = estimated_delivery(package);
    }
    Ok(tracking)
}

/// `type/statusCode`, or the type alone.
pub fn raw_code(kind: &str, status_code: &str) -> String {
    let (kind, code) = (kind.trim(), status_code.trim());
    if code.is_empty() { kind.to_owned() } else { format!("{kind}/{code}") }
}

/// The instant of a scan (see the module docs for the order of preference).
pub fn time(activity: &Activity) -> Result<Timestamp, CarrierError> {
    let offset = activity.gmt_offset.as_deref().map(str::trim).filter(|o| !o.is_empty());
    let gmt = activity.gmt_date.as_deref().zip(activity.gmt_time.as_deref());
    let read = match (offset, gmt) {
        (Some(offset), _) => carrier::parse_date_time(&activity.date, &activity.time, Some(offset)),
        (None, Some((date, time))) => carrier::parse_date_time(date, &format!("{:0>6}", time.trim()), None),
        (None, None) => carrier::parse_date_time(&activity.date, &activity.time, None),
    };
    read.map_err(|e| {
        CarrierError::BadResponse(format!(
            "UPS scan `{}` at {} {} has a time crossdock cannot read: {e}",
            activity.status.description, activity.date, activity.time
        ))
    })
}

/// `BERLIN, 10115, DE`: the parts UPS gave.
fn location(activity: &Activity) -> Option<String> {
    let parts: Vec<&str> = activity.place.iter().flatten().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn description(activity: &Activity) -> String {
    let status = &activity.status;
    let text = status.description.trim();
    if !text.is_empty() {
        return text.to_owned();
    }
    status
        .simplified_text_description
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or("UPS scan")
        .to_owned()
}

/// The rescheduled (`RDD`), else scheduled (`SDD`) delivery date, at 00:00 UTC.
fn estimated_delivery(package: &TrackPackage) -> Option<Timestamp> {
    let dated = |kind: &str| package.delivery_date.iter().find(|d| d.kind.trim().eq_ignore_ascii_case(kind));
    let date = dated("RDD").or_else(|| dated("SDD"))?;
    LocalDateTime::date_only(&date.date).ok().map(|d| d.at_offset(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_mapping_table_holds() {
        use TrackingStatus::*;
        let rows: &[(&str, &str, Option<TrackingStatus>)] = &[
            ("M", "003", Some(PreTransit)),
            ("MV", "", Some(Exception)),
            ("P", "", Some(InTransit)),
            ("I", "005", Some(InTransit)),
            ("DO", "", Some(InTransit)),
            ("DD", "", Some(InTransit)),
            ("W", "", Some(InTransit)),
            ("D", "011", Some(Delivered)),
            ("D", "026", Some(Delivered)),
            ("D", "143", Some(Delivered)),
            ("X", "048", Some(Exception)),
            ("NA", "", None),
            ("U", "", None),
            ("ZZ", "999", Some(Exception)),
        ];
        for (kind, code, expected) in rows {
            assert_eq!(status(kind, code), *expected, "{kind}/{code}");
        }
        for code in OUT_FOR_DELIVERY.iter().chain(&AWAITING_PICKUP) {
            assert_eq!(status("I", code), Some(OutForDelivery), "I/{code}");
            assert_eq!(status("X", code), Some(Exception), "X/{code} is still an exception");
        }
        for code in DELIVERED_FOR_PICKUP {
            assert_eq!(status("D", code), Some(OutForDelivery), "D/{code}");
        }
        for code in RETURNED {
            for kind in ["I", "X", "D", "M"] {
                assert_eq!(status(kind, code), Some(Returned), "{kind}/{code}");
            }
        }
    }

    #[test]
    fn raw_codes_keep_type_and_status_code() {
        assert_eq!(raw_code("D", "011"), "D/011");
        assert_eq!(raw_code(" MV ", ""), "MV");
    }
}
