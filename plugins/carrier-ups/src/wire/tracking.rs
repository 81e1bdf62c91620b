//! Track v1: `GET /api/track/v1/details/{inquiryNumber}` with the `transId` and
//! `transactionSrc` headers (UPS `Tracking.yaml`, last changed 2026-06-10; CARRIERS.md §2.4;
//! read 2026-11-25). Unlike Rating and Shipping, Track's JSON is camelCase.

use crossdock_sdk::CarrierError;
use serde_json::Value;

use super::{FromJson, each, envelope, opt, text};

/// `$.trackResponse`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrackResponse {
    pub shipment: Vec<TrackShipment>,
}

impl TrackResponse {
    pub fn read(answer: &Value) -> Result<Self, CarrierError> {
        let v = envelope(answer, "trackResponse", "tracking")?;
        Ok(Self { shipment: each(&v["shipment"]) })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrackShipment {
    pub package: Vec<TrackPackage>,
    /// An unknown number answers 200 with `{"code":"TW0001","message":"Tracking Information
    /// Not Found"}` here, not an HTTP error.
    pub warnings: Vec<super::ApiError>,
}

impl FromJson for TrackShipment {
    fn from_json(v: &Value) -> Self {
        Self { package: each(&v["package"]), warnings: each(&v["warnings"]) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrackPackage {
    pub tracking_number: String,
    /// Newest first, as UPS's spec says; the adapter sorts by time anyway.
    pub activity: Vec<Activity>,
    /// `SDD` scheduled, `RDD` rescheduled, `DEL` delivered.
    pub delivery_date: Vec<DeliveryDate>,
}

impl FromJson for TrackPackage {
    fn from_json(v: &Value) -> Self {
        Self {
            tracking_number: text(&v["trackingNumber"]),
            activity: each(&v["activity"]),
            delivery_date: each(&v["deliveryDate"]),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliveryDate {
    pub kind: String,
    /// `YYYYMMDD`.
    pub date: String,
}

impl FromJson for DeliveryDate {
    fn from_json(v: &Value) -> Self {
        Self { kind: text(&v["type"]), date: text(&v["date"]) }
    }
}

/// One scan. `date` `YYYYMMDD` and `time` `HHMMSS` are local to the scan; `gmtOffset`
/// (`+01:00`) places them, and `gmtDate`/`gmtTime` repeat the instant in UTC.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Activity {
    /// `location.address`: city, state or province, postal code, country code.
    pub place: [Option<String>; 4],
    pub status: Status,
    pub date: String,
    pub time: String,
    pub gmt_date: Option<String>,
    pub gmt_time: Option<String>,
    pub gmt_offset: Option<String>,
}

impl FromJson for Activity {
    fn from_json(v: &Value) -> Self {
        let a = &v["location"]["address"];
        Self {
            place: [opt(&a["city"]), opt(&a["stateProvince"]), opt(&a["postalCode"]), opt(&a["countryCode"])],
            status: Status::from_json(&v["status"]),
            date: text(&v["date"]),
            time: text(&v["time"]),
            gmt_date: opt(&v["gmtDate"]),
            gmt_time: opt(&v["gmtTime"]),
            gmt_offset: opt(&v["gmtOffset"]),
        }
    }
}

/// `type` is the activity letter (`M`, `I`, `D`, `X`, …), `statusCode` the 3-digit detail
/// (`"011"`); the 2-character activity `code` (`"FS"`) is not used.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Status {
    pub kind: String,
    pub description: String,
    pub status_code: String,
    pub simplified_text_description: Option<String>,
}

impl FromJson for Status {
    fn from_json(v: &Value) -> Self {
        Self {
            kind: text(&v["type"]),
            description: text(&v["description"]),
            status_code: text(&v["statusCode"]),
            simplified_text_description: opt(&v["simplifiedTextDescription"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_track_answer_reads_with_seven_scans() {
        let sample = include_str!("../../../../tests/fixtures/carriers/ups-track-response.json");
        let parsed = TrackResponse::read(&serde_json::from_str(sample).unwrap()).unwrap();
        let package = &parsed.shipment[0].package[0];
        assert_eq!(package.tracking_number, "1Z8V92A66612345675");
        assert_eq!(package.activity.len(), 7);
        assert_eq!(package.activity[0].status.kind, "D");
        assert_eq!(package.activity[0].gmt_offset.as_deref(), Some("+01:00"));
        assert_eq!(package.activity[0].place[0].as_deref(), Some("BERLIN"));
    }

    #[test]
    fn the_not_found_answer_reads_as_a_warning_without_packages() {
        let sample = include_str!("../../../../tests/fixtures/carriers/ups-track-not-found-response.json");
        let parsed = TrackResponse::read(&serde_json::from_str(sample).unwrap()).unwrap();
        assert!(parsed.shipment[0].package.is_empty());
        assert_eq!(parsed.shipment[0].warnings[0].code, "TW0001");
    }
}
