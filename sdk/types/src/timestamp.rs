//! Points in time: seconds since the Unix epoch across the wasm boundary, RFC 3339 in JSON.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A UTC instant with one-second precision.
///
/// ```
/// use crossdock_types::Timestamp;
/// let t: Timestamp = "2026-11-20T14:05:00+01:00".parse().unwrap();
/// assert_eq!(t.to_string(), "2026-11-20T13:05:00Z");
/// assert_eq!(t.date(), "2026-11-20");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(i64);

/// A text that is not an RFC 3339 date-time.
#[derive(Debug, Clone, thiserror::Error)]
#[error("`{0}` is not an RFC 3339 date-time such as 2026-11-20T13:05:00Z")]
pub struct TimestampError(String);

impl Timestamp {
    pub const fn from_unix(seconds: i64) -> Self {
        Self(seconds)
    }

    pub const fn unix(self) -> i64 {
        self.0
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Timestamp) -> i64 {
        (later.0 - self.0).div_euclid(86_400)
    }

    fn datetime(self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(self.0).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// The UTC calendar date, `YYYY-MM-DD`.
    pub fn date(self) -> String {
        let d = self.datetime().date();
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }
}

impl std::str::FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, TimestampError> {
        OffsetDateTime::parse(s, &Rfc3339).map(|t| Self(t.unix_timestamp())).map_err(|_| TimestampError(s.to_owned()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.datetime().format(&Rfc3339) {
            Ok(s) => f.write_str(&s),
            Err(_) => write!(f, "@{}", self.0),
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_normalised_to_utc() {
        let t: Timestamp = "2026-11-17T09:30:00+08:00".parse().unwrap();
        assert_eq!(t.to_string(), "2026-11-17T01:30:00Z");
    }

    #[test]
    fn whole_days_between_instants() {
        let a: Timestamp = "2026-11-01T10:00:00Z".parse().unwrap();
        let b: Timestamp = "2026-11-15T09:59:59Z".parse().unwrap();
        assert_eq!(a.days_until(b), 13);
        assert_eq!(b.days_until(a), -14);
    }

    #[test]
    fn dates_without_a_time_are_refused() {
        let err = "2026-11-01".parse::<Timestamp>().unwrap_err();
        assert!(err.to_string().contains("RFC 3339"));
    }
}
