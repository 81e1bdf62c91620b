//! Carrier status codes → the normalised [`TrackingStatus`] set, and a [`Tracking`] built
//! from events in time order.
//!
//! Each adapter writes its carrier's code table once, as a `const` [`StatusMap`] whose rows
//! carry their source. A code the table does not know becomes `exception`, never a guess: a
//! shipment in an unknown state deserves a person's look, and the event keeps the carrier's
//! code in `raw_code` so that the table can be extended.
//!
//! ```
//! use crossdock_sdk::carrier::{StatusMap, tracking_from_events};
//! use crossdock_sdk::{Timestamp, TrackingStatus};
//!
//! const CODES: StatusMap = StatusMap::new(&[
//!     ("PU", TrackingStatus::InTransit),
//!     ("OK", TrackingStatus::Delivered),
//! ]);
//! assert_eq!(CODES.status("OK"), TrackingStatus::Delivered);
//! assert_eq!(CODES.status("ZZ"), TrackingStatus::Exception);
//!
//! let delivered = CODES.event("OK", Timestamp::from_unix(200), "Delivered", None);
//! let picked_up = CODES.event("PU", Timestamp::from_unix(100), "Picked up", None);
//! let tracking = tracking_from_events("1234567890", vec![delivered, picked_up], None);
//! assert_eq!(tracking.status, TrackingStatus::Delivered);
//! assert_eq!(tracking.events[0].raw_code, "PU");
//! ```

use crate::{Timestamp, Tracking, TrackingEvent, TrackingStatus};

/// A carrier's status codes and their normalised status. Codes compare case-insensitively,
/// ignoring surrounding spaces.
#[derive(Debug, Clone, Copy)]
pub struct StatusMap {
    table: &'static [(&'static str, TrackingStatus)],
}

impl StatusMap {
    pub const fn new(table: &'static [(&'static str, TrackingStatus)]) -> Self {
        Self { table }
    }

    /// The status of `code`, if the table has it.
    pub fn get(&self, code: &str) -> Option<TrackingStatus> {
        let code = code.trim();
        self.table.iter().find(|(c, _)| c.eq_ignore_ascii_case(code)).map(|(_, s)| *s)
    }

    /// The status of `code`; `exception` for a code the table does not know.
    pub fn status(&self, code: &str) -> TrackingStatus {
        self.get(code).unwrap_or(TrackingStatus::Exception)
    }

    /// Whether the table knows `code`.
    pub fn knows(&self, code: &str) -> bool {
        self.get(code).is_some()
    }

    /// Every code in the table, in its order.
    pub fn codes(&self) -> impl Iterator<Item = &'static str> {
        self.table.iter().map(|(c, _)| *c)
    }

    /// A tracking event for `code`, keeping the code as `raw_code`.
    pub fn event(&self, code: &str, time: Timestamp, description: &str, location: Option<String>) -> TrackingEvent {
        TrackingEvent {
            status: self.status(code),
            time,
            location: location.filter(|l| !l.trim().is_empty()),
            description: description.trim().to_owned(),
            raw_code: code.trim().to_owned(),
        }
    }
}

/// A [`Tracking`] from events in any order: they are sorted oldest first (events at the same
/// second keep their order), and the current status is that of the newest event, or
/// `pre_transit` when the carrier reports none yet.
pub fn tracking_from_events(
    tracking_number: &str,
    mut events: Vec<TrackingEvent>,
    estimated_delivery: Option<Timestamp>,
) -> Tracking {
    events.sort_by_key(|e| e.time);
    let status = events.last().map_or(TrackingStatus::PreTransit, |e| e.status);
    Tracking { tracking_number: tracking_number.to_owned(), status, events, estimated_delivery }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAP: StatusMap = StatusMap::new(&[
        ("PU", TrackingStatus::InTransit),
        ("WC", TrackingStatus::OutForDelivery),
        ("OK", TrackingStatus::Delivered),
    ]);

    #[test]
    fn unknown_codes_are_exceptions_that_keep_the_raw_code() {
        let event = MAP.event(" QQ ", Timestamp::from_unix(5), "Something new", None);
        assert_eq!(event.status, TrackingStatus::Exception);
        assert_eq!(event.raw_code, "QQ");
        assert!(!MAP.knows("QQ"));
    }

    #[test]
    fn codes_compare_without_case() {
        assert_eq!(MAP.status("wc"), TrackingStatus::OutForDelivery);
        assert_eq!(MAP.codes().collect::<Vec<_>>(), ["PU", "WC", "OK"]);
    }

    #[test]
    fn events_are_sorted_and_the_newest_sets_the_status() {
        let events = vec![
            MAP.event("OK", Timestamp::from_unix(300), "Delivered", Some("Berlin-DE".into())),
            MAP.event("PU", Timestamp::from_unix(100), "Picked up", Some(" ".into())),
            MAP.event("WC", Timestamp::from_unix(200), "With courier", None),
        ];
        let tracking = tracking_from_events("1", events, None);
        let codes: Vec<_> = tracking.events.iter().map(|e| e.raw_code.as_str()).collect();
        assert_eq!(codes, ["PU", "WC", "OK"]);
        assert_eq!(tracking.status, TrackingStatus::Delivered);
        assert_eq!(tracking.events[0].location, None);
    }

    #[test]
    fn no_events_yet_is_pre_transit() {
        assert_eq!(tracking_from_events("1", Vec::new(), None).status, TrackingStatus::PreTransit);
    }
}
