//! Calendar days for counting legal periods: day numbers, dates, weekdays and months.
//!
//! A [`Day`] is a count of days since 1970-01-01 (UTC), so "the next day" is `+ 1` and two
//! days compare as integers. Dates convert with Howard Hinnant's `days_from_civil` /
//! `civil_from_days` algorithms (proleptic Gregorian calendar; "chrono-Compatible Low-Level
//! Date Algorithms", howardhinnant.github.io/date_algorithms.html, read 2026-11-25), which
//! need no tables and no dependency.

use crossdock_sdk::prelude::*;

const SECONDS_PER_DAY: i64 = 86_400;

/// A calendar day, counted from 1970-01-01 (day 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

impl Day {
    /// The UTC day of `at`.
    pub fn of(at: Timestamp) -> Self {
        Self(at.unix().div_euclid(SECONDS_PER_DAY))
    }

    /// The day `year-month-day`; `None` when that date does not exist.
    pub fn from_date(year: i64, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = i64::from((month + 9) % 12);
        let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Self(era * 146_097 + doe - 719_468))
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let number = |s: &str| s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse::<u32>().ok()).flatten();
        let (year, month, day) = (number(text.get(0..4)?)?, number(text.get(5..7)?)?, number(text.get(8..10)?)?);
        Self::from_date(i64::from(year), month, day)
    }

    /// (year, month 1–12, day 1–31).
    pub fn date(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        // `doy` and `mp` are small and non-negative by construction.
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        (year, month, day)
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> u32 {
        (self.0 + 3).rem_euclid(7) as u32
    }

    /// Saturday or Sunday.
    pub fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }

    /// The weekday's English name.
    pub fn weekday_name(self) -> &'static str {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][self.weekday() as usize % 7]
    }

    /// `n` days later.
    pub fn plus(self, n: i64) -> Self {
        Self(self.0.saturating_add(n))
    }

    /// The same date `months` months later; a date the target month lacks (31 April, 29
    /// February in a common year) becomes that month's last day.
    pub fn plus_months(self, months: u32) -> Self {
        let (year, month, day) = self.date();
        let index = year * 12 + i64::from(month - 1) + i64::from(months);
        let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u32);
        let day = day.min(days_in_month(year, month));
        Self::from_date(year, month, day).unwrap_or(self)
    }

    /// The last second of this day.
    pub fn end(self) -> Timestamp {
        Timestamp::from_unix(self.0.saturating_add(1).saturating_mul(SECONDS_PER_DAY).saturating_sub(1))
    }
}

impl std::fmt::Display for Day {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (year, month, day) = self.date();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn dates_round_trip_and_match_the_unix_clock() {
        assert_eq!(day("1970-01-01"), Day(0));
        let delivered: Timestamp = "2026-11-28T10:15:00Z".parse().unwrap();
        assert_eq!(Day::of(delivered), day("2026-11-28"));
        assert_eq!(Day::of(delivered).to_string(), delivered.date());
        for n in [-719_468, -1, 0, 59, 10_956, 20_785, 2_932_896] {
            let (y, m, d) = Day(n).date();
            assert_eq!(Day::from_date(y, m, d), Some(Day(n)), "{n}");
        }
        assert_eq!(day("2026-12-14").end().to_string(), "2026-12-14T23:59:59Z");
    }

    #[test]
    fn weekdays_are_those_of_the_real_calendar() {
        assert_eq!(day("1970-01-01").weekday_name(), "Thursday");
        assert_eq!(day("2026-11-28").weekday_name(), "Saturday");
        assert_eq!(day("2026-12-14").weekday_name(), "Monday");
        assert!(day("2026-12-12").is_weekend() && day("2026-12-13").is_weekend() && !day("2026-12-11").is_weekend());
    }

    #[test]
    fn months_keep_the_date_or_end_on_the_last_day_of_a_shorter_month() {
        assert_eq!(day("2026-12-14").plus_months(12), day("2027-12-14"));
        assert_eq!(day("2027-02-28").plus_months(12), day("2028-02-28"));
        assert_eq!(day("2028-02-29").plus_months(12), day("2029-02-28"));
        assert_eq!(day("2026-01-31").plus_months(1), day("2026-02-28"));
        assert_eq!(day("2026-11-30").plus_months(3), day("2027-02-28"));
    }

    #[test]
    fn only_real_dates_in_the_exact_format_parse() {
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-05",
            "26-11-28",
            "2026/11/28",
            "2026-11-2x",
            "+026-11-28",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
        assert_eq!(day("2028-02-29").date(), (2028, 2, 29));
    }
}
