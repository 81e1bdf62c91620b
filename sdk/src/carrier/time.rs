//! Carrier timestamps → [`Timestamp`] (Unix seconds, UTC), and back to local date and time
//! text for request fields.
//!
//! Carriers write times four ways (see `tests/fixtures/carriers/CARRIERS.md` §0):
//! ISO 8601 with an offset (`2026-11-20T10:05:00+01:00`, FedEx); a date, a time and an offset
//! in separate fields (`2026-11-20` + `10:05:00` + `+01:00`, DHL); compact `20261120` +
//! `100500` (UPS); and local time without offset next to a GMT copy (USPS). The helpers here
//! read each of those with plain arithmetic on the proleptic Gregorian calendar, so no time
//! zone database is involved: the offset always comes from the carrier.
//!
//! ```
//! use crossdock_sdk::carrier::{parse_date_time, parse_iso8601};
//! let a = parse_iso8601("2026-11-20T10:05:00+01:00").unwrap();
//! let b = parse_date_time("2026-11-20", "10:05:00", Some("+01:00")).unwrap();
//! let c = parse_date_time("20261120", "090500", None).unwrap(); // UTC
//! assert_eq!(a, b);
//! assert_eq!(b, c);
//! assert_eq!(a.to_string(), "2026-11-20T09:05:00Z");
//! ```

use crate::Timestamp;

use super::ParseError;

/// A calendar date and wall-clock time with no offset attached: what a carrier prints for a
/// place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalDateTime {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl LocalDateTime {
    /// Reads a date (`YYYY-MM-DD` or `YYYYMMDD`) and a time (`HH:MM:SS`, `HH:MM`, `HHMMSS`,
    /// `HHMM`, with any fraction of a second dropped).
    pub fn parse(date: &str, time: &str) -> Result<Self, ParseError> {
        let (year, month, day) = parse_date(date)?;
        let (hour, minute, second) = parse_time(time)?;
        Ok(Self { year, month, day, hour, minute, second })
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS` (or with a space for the `T`) that carries no offset.
    pub fn parse_combined(text: &str) -> Result<Self, ParseError> {
        let t = text.trim();
        let (date, time) = t
            .split_once(['T', 't', ' '])
            .ok_or_else(|| ParseError(format!("`{text}` is not a date and time such as 2026-11-20T10:05:00")))?;
        Self::parse(date, time)
    }

    /// Midnight of a date.
    pub fn date_only(date: &str) -> Result<Self, ParseError> {
        let (year, month, day) = parse_date(date)?;
        Ok(Self { year, month, day, hour: 0, minute: 0, second: 0 })
    }

    /// The instant this wall-clock reading names where the clock is `offset_seconds` ahead of
    /// UTC (`+08:00` is 28 800).
    pub fn at_offset(self, offset_seconds: i32) -> Timestamp {
        let days = days_from_civil(self.year, self.month, self.day);
        let local = days * 86_400 + i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second);
        Timestamp::from_unix(local - i64::from(offset_seconds))
    }

    /// The wall-clock reading of `time` where the clock is `offset_seconds` ahead of UTC.
    pub fn from_timestamp(time: Timestamp, offset_seconds: i32) -> Self {
        let local = time.unix() + i64::from(offset_seconds);
        let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        Self { year, month, day, hour: (secs / 3600) as u8, minute: (secs / 60 % 60) as u8, second: (secs % 60) as u8 }
    }

    /// `YYYY-MM-DD`.
    pub fn date_iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `YYYYMMDD`.
    pub fn date_compact(&self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }

    /// `HH:MM:SS`.
    pub fn time_hms(&self) -> String {
        format!("{:02}:{:02}:{:02}", self.hour, self.minute, self.second)
    }

    /// `HHMMSS`.
    pub fn time_compact(&self) -> String {
        format!("{:02}{:02}{:02}", self.hour, self.minute, self.second)
    }
}

/// Reads an ISO 8601 date-time with an offset: `2026-11-20T10:05:00+01:00`, `…Z`, `…+0100`,
/// `…+01`, with or without seconds and fractions (which are dropped). A text without an offset
/// is refused: use [`LocalDateTime`] with the offset the carrier gives elsewhere.
pub fn parse_iso8601(text: &str) -> Result<Timestamp, ParseError> {
    let t = text.trim();
    let bad = || {
        ParseError(format!("`{text}` is not an ISO 8601 date-time with an offset, such as 2026-11-20T10:05:00+01:00"))
    };
    let (date, rest) = t.split_once(['T', 't', ' ']).ok_or_else(bad)?;
    let at = rest.find(['Z', 'z', '+', '-']).ok_or_else(bad)?;
    let (time, offset) = rest.split_at(at);
    let local = LocalDateTime::parse(date, time).map_err(|_| bad())?;
    let offset = parse_offset(offset).map_err(|_| bad())?;
    Ok(local.at_offset(offset))
}

/// Reads a date, a time and an optional offset given in separate fields. Without an offset
/// the time is taken as UTC (the carrier's GMT fields).
pub fn parse_date_time(date: &str, time: &str, offset: Option<&str>) -> Result<Timestamp, ParseError> {
    let local = LocalDateTime::parse(date, time)?;
    let offset = match offset {
        Some(o) if !o.trim().is_empty() => parse_offset(o)?,
        _ => 0,
    };
    Ok(local.at_offset(offset))
}

/// Reads a UTC offset into seconds: `Z`, `UTC`, `GMT`, `+08:00`, `+0800`, `+08`, `GMT+08:00`,
/// `UTC-5`, `-05:30`.
pub fn parse_offset(text: &str) -> Result<i32, ParseError> {
    let bad = || ParseError(format!("`{text}` is not a UTC offset such as +08:00"));
    let t = text.trim();
    let t = t.strip_prefix("GMT").or_else(|| t.strip_prefix("UTC")).unwrap_or(t).trim();
    if !t.is_ascii() {
        return Err(bad());
    }
    if t.is_empty() || t.eq_ignore_ascii_case("z") {
        return Ok(0);
    }
    let (sign, rest) = match t.as_bytes()[0] {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return Err(bad()),
    };
    let (hours, minutes) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let number = |s: &str| -> Result<i32, ParseError> {
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    let (h, m) = (number(hours)?, number(minutes)?);
    if h > 18 || m > 59 {
        return Err(bad());
    }
    Ok(sign * (h * 3600 + m * 60))
}

/// Writes an offset in seconds as `+08:00`.
pub fn format_offset(offset_seconds: i32) -> String {
    let sign = if offset_seconds < 0 { '-' } else { '+' };
    let abs = offset_seconds.unsigned_abs();
    format!("{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60)
}

fn parse_date(text: &str) -> Result<(i32, u8, u8), ParseError> {
    let bad = || ParseError(format!("`{text}` is not a date such as 2026-11-20 or 20261120"));
    let t = text.trim();
    if !t.is_ascii() {
        return Err(bad());
    }
    let (y, m, d) = match t.len() {
        10 if t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-' => (&t[0..4], &t[5..7], &t[8..10]),
        8 => (&t[0..4], &t[4..6], &t[6..8]),
        _ => return Err(bad()),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return Err(bad());
    }
    let (year, month, day): (i32, u8, u8) =
        (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(bad());
    }
    Ok((year, month, day))
}

fn parse_time(text: &str) -> Result<(u8, u8, u8), ParseError> {
    let bad = || ParseError(format!("`{text}` is not a time such as 10:05:00 or 100500"));
    let t = text.trim();
    if !t.is_ascii() {
        return Err(bad());
    }
    let t = t.split_once(['.', ',']).map_or(t, |(whole, _)| whole);
    let parts: Vec<&str> = if t.contains(':') {
        t.split(':').collect()
    } else {
        if !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        match t.len() {
            // UPS has been seen dropping the leading zero of an hour ("74700" for 07:47:00).
            5 => vec![&t[0..1], &t[1..3], &t[3..5]],
            6 => vec![&t[0..2], &t[2..4], &t[4..6]],
            4 => vec![&t[0..2], &t[2..4]],
            _ => return Err(bad()),
        }
    };
    if !(2..=3).contains(&parts.len()) {
        return Err(bad());
    }
    let mut out = [0u8; 3];
    for (slot, part) in out.iter_mut().zip(&parts) {
        if part.is_empty() || part.len() > 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        *slot = part.parse().map_err(|_| bad())?;
    }
    // 60 allows a leap second, read as the next second would be.
    if out[0] > 23 || out[1] > 59 || out[2] > 60 {
        return Err(bad());
    }
    Ok((out[0], out[1], out[2]))
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn iso_times_with_any_offset_form_are_the_same_instant() {
        let expected = rfc("2026-11-17T01:30:00Z");
        for text in [
            "2026-11-17T09:30:00+08:00",
            "2026-11-17T09:30:00+0800",
            "2026-11-17T09:30:00+08",
            "2026-11-17T09:30+08:00",
            "2026-11-17T09:30:00.123+08:00",
            "2026-11-17T01:30:00Z",
            "2026-11-17 01:30:00Z",
            "2026-11-16T20:30:00-05:00",
        ] {
            assert_eq!(parse_iso8601(text).unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn an_iso_time_without_an_offset_is_refused() {
        let err = parse_iso8601("2026-11-17T09:30:00").unwrap_err();
        assert!(err.0.contains("offset"), "{err}");
    }

    #[test]
    fn separate_date_time_and_offset_fields_combine() {
        // DHL: date, time, GMTOffset.
        assert_eq!(parse_date_time("2026-11-17", "18:20:00", Some("+08:00")).unwrap(), rfc("2026-11-17T10:20:00Z"));
        // UPS: compact local fields, and a GMT copy without offset.
        assert_eq!(parse_date_time("20261120", "103000", Some("+01:00")).unwrap(), rfc("2026-11-20T09:30:00Z"));
        assert_eq!(parse_date_time("20261120", "74700", None).unwrap(), rfc("2026-11-20T07:47:00Z"));
        assert_eq!(parse_date_time("2026-11-20", "10:30", Some("GMT+01:00")).unwrap(), rfc("2026-11-20T09:30:00Z"));
    }

    #[test]
    fn offsets_read_in_every_carrier_form() {
        assert_eq!(parse_offset("Z").unwrap(), 0);
        assert_eq!(parse_offset("GMT").unwrap(), 0);
        assert_eq!(parse_offset("+08:00").unwrap(), 28_800);
        assert_eq!(parse_offset("GMT+08:00").unwrap(), 28_800);
        assert_eq!(parse_offset("-0530").unwrap(), -19_800);
        assert_eq!(parse_offset("UTC-5").unwrap(), -18_000);
        for bad in ["+25:00", "08:00", "+8:99", "+080000", "GMT+x"] {
            assert!(parse_offset(bad).is_err(), "{bad}");
        }
        assert_eq!(format_offset(28_800), "+08:00");
        assert_eq!(format_offset(-19_800), "-05:30");
    }

    #[test]
    fn impossible_dates_and_times_are_refused() {
        for (date, time) in [
            ("2026-02-29", "10:00:00"),
            ("2026-13-01", "10:00:00"),
            ("2026-11-31", "10:00:00"),
            ("2026-11-20", "24:00:00"),
            ("2026-11-20", "10:60:00"),
            ("2026/11/20", "10:00:00"),
            ("2026-11-20", "10"),
            ("2026-11-20", "ab:cd"),
        ] {
            assert!(LocalDateTime::parse(date, time).is_err(), "{date} {time}");
        }
        assert!(LocalDateTime::parse("2028-02-29", "00:00:00").is_ok());
    }

    #[test]
    fn local_readings_round_trip_through_timestamps() {
        let t = rfc("2026-11-17T02:00:00Z");
        let local = LocalDateTime::from_timestamp(t, 28_800);
        assert_eq!((local.date_iso(), local.time_hms()), ("2026-11-17".to_string(), "10:00:00".to_string()));
        assert_eq!((local.date_compact(), local.time_compact()), ("20261117".to_string(), "100000".to_string()));
        assert_eq!(local.at_offset(28_800), t);
        let before_epoch = LocalDateTime::parse("1969-12-31", "23:59:59").unwrap();
        assert_eq!(before_epoch.at_offset(0).unix(), -1);
        assert_eq!(LocalDateTime::from_timestamp(Timestamp::from_unix(-1), 0), before_epoch);
        let leap = LocalDateTime::parse_combined("2024-02-29T12:00:00").unwrap();
        assert_eq!(LocalDateTime::from_timestamp(leap.at_offset(0), 0), leap);
    }
}
