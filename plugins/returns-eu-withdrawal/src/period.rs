//! The withdrawal period: when it starts, when it ends, and whether a withdrawal came in time.
//!
//! Sources (Directive 2011/83/EU, OJ L 304, 22.11.2011, p. 64, consolidated 28.05.2022 with
//! the amendments of Directive (EU) 2019/2161, and Directive (EU) 2023/2673, OJ L 2023/2673,
//! 28.11.2023; read 2026-11-25 on legislation.gov.uk (Art. 9 as adopted) and in the
//! consolidated text):
//!
//! - **Art. 9(1)–(2)(b)**: 14 days, without giving any reason, from the day on which the
//!   consumer, or a third party other than the carrier indicated by the consumer, acquires
//!   physical possession of the goods — for several goods of one order delivered separately,
//!   of the last one (point (i)). The request carries one `delivered_at`, read as the last
//!   delivery; a storefront that splits orders should send the last parcel's date.
//! - **Counting** (recital 41 applies Regulation (EEC, Euratom) No 1182/71, Art. 3): the day
//!   of delivery does not count; the period ends at the end of its 14th day; when that day is
//!   a Saturday, Sunday or public holiday it ends at the end of the next working day (Art.
//!   3(4)). France writes the same into Art. L221-19 of its Consumer Code. Saturdays and
//!   Sundays are known here; public holidays are per member state and come from the
//!   merchant's configuration. Days are counted in UTC: 0 to 3 hours from the consumer's
//!   local time in the EU, a difference that only matters around midnight.
//! - **Art. 11(2)**: the consumer meets the deadline by sending the withdrawal before the
//!   period ends; `requested_at` is that moment (for example through the withdrawal function
//!   every online interface must offer since 2026-06-19, Art. 11a inserted by Directive (EU)
//!   2023/2673).
//! - **Art. 10(1)**: without the information on the right of withdrawal, the period ends 12
//!   months after the end of the initial one (the same date 12 months on, or the month's last
//!   day; Regulation 1182/71, Art. 3(2)(c)), again moved off a weekend. Art. 10(2) — the
//!   period ends 14 days after late information reaches the consumer — needs a date the
//!   request does not carry, and is not applied.
//!
//! Without a delivery date the period cannot be placed. A request up to
//! `delivery_grace_days` + 14 days after the order is in time whenever the goods arrived
//! (an earlier delivery only means the merchant accepts a late withdrawal); a later one
//! cannot be judged and is reported as `delivery_date_needed`, never refused.

use crossdock_sdk::prelude::*;

use crate::calendar::Day;
use crate::config::Config;

/// The statutory length of the period, in days (Art. 9(1)).
pub const DAYS: i64 = 14;

/// The withdrawal period of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The day the period runs from: the delivery, or the latest delivery assumed.
    pub from: Day,
    /// Whether `from` is a reported delivery.
    pub delivered: bool,
    /// The 14th day after `from`.
    pub nominal_last: Day,
    /// The last day of the initial period, moved off weekends and holidays.
    pub initial_last: Day,
    /// The last day, after the 12-month extension when it applies.
    pub last: Day,
    /// Whether the 12-month extension of Art. 10(1) applies.
    pub extended: bool,
}

impl Period {
    /// The period of `request` under `config`.
    pub fn of(config: &Config, request: &ReturnRequest) -> Self {
        let country = request.customer.country;
        let (from, delivered) = match request.delivered_at {
            Some(at) => (Day::of(at), true),
            None => (Day::of(request.ordered_at).plus(i64::from(config.delivery_grace_days)), false),
        };
        let nominal_last = from.plus(DAYS);
        let initial_last = next_working_day(config, country, nominal_last);
        let (last, extended) = if config.withdrawal_info_given {
            (initial_last, false)
        } else {
            (next_working_day(config, country, initial_last.plus_months(12)), true)
        };
        Self { from, delivered, nominal_last, initial_last, last, extended }
    }

    /// Whether a withdrawal sent at `at` is in time.
    pub fn admits(&self, at: Timestamp) -> bool {
        at <= self.last.end()
    }

    /// The period in plain language, one note per fact, with where the request falls.
    pub fn explain(&self, config: &Config, request: &ReturnRequest) -> Vec<String> {
        let country = request.customer.country;
        let mut notes = Vec::new();
        let start = if self.delivered {
            format!("Delivered on {} ({})", self.from, self.from.weekday_name())
        } else {
            format!(
                "No delivery date was reported, so delivery is assumed at the latest {} days after the order of {}, on \
                 {}",
                config.delivery_grace_days,
                Day::of(request.ordered_at),
                self.from
            )
        };
        let end = if self.initial_last == self.nominal_last {
            format!("ends with {}", self.nominal_last)
        } else {
            let why = if self.nominal_last.is_weekend() {
                format!("a {}", self.nominal_last.weekday_name())
            } else {
                format!("a public holiday in {country}")
            };
            format!(
                "would end with {}, {why}, so it ends with the next working day, {} {} (Regulation (EEC, Euratom) \
                 No 1182/71, Art. 3(4))",
                self.nominal_last,
                self.initial_last.weekday_name(),
                self.initial_last
            )
        };
        notes.push(format!(
            "{start}. The 14-day withdrawal period (Directive 2011/83/EU, Art. 9(2)(b)) counts from the next day and \
             {end}."
        ));
        if self.delivered {
            notes.push(
                "For goods of one order delivered separately the period runs from the last delivery (Art. \
                 9(2)(b)(i)); this request carries one delivery date, read as the last."
                    .into(),
            );
        }
        if self.extended {
            notes.push(format!(
                "The consumer was not given the information on the right of withdrawal, so the period runs 12 months \
                 longer, to the end of {} (Art. 10(1)); if the information is given within those months, it ends 14 \
                 days after the consumer receives it (Art. 10(2)), which this policy cannot see.",
                self.last
            ));
        }
        let sent = Day::of(request.requested_at);
        let day = sent.0 - self.from.0;
        let when = if !self.admits(request.requested_at) {
            format!("{} day(s) after the period ended: too late", sent.0 - self.last.0)
        } else if !self.delivered {
            "in time whenever the goods arrived".into()
        } else if day <= 0 {
            "before the period began, which is in time: the consumer may withdraw before the goods arrive".into()
        } else {
            "in time (Art. 11(2): sending it before the period ends is enough)".into()
        };
        let counted = if self.delivered && day > 0 { format!(", day {day} after delivery") } else { String::new() };
        notes.push(format!("The withdrawal was sent on {sent}{counted}: {when}."));
        notes
    }
}

/// `day`, or the first day after it that is neither a weekend nor a public holiday in
/// `country`.
fn next_working_day(config: &Config, country: CountryCode, day: Day) -> Day {
    let mut d = day;
    // Weekends and a finite list of holidays: a year of days is more than enough.
    for _ in 0..366 {
        if !d.is_weekend() && !config.is_holiday(country, d) {
            return d;
        }
        d = d.plus(1);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::from_json;

    fn request(delivered: Option<&str>, requested: &str) -> ReturnRequest {
        let delivered = delivered.map_or(String::new(), |d| format!(r#""delivered_at": "{d}","#));
        from_json(&format!(
            r#"{{"id": "ret_1", "order_id": "4217", "customer": {{"city": "Lyon", "country": "FR"}},
            "ordered_at": "2026-11-24T14:32:07Z", {delivered} "requested_at": "{requested}",
            "items": [], "original_shipping": {{"amount": 800, "currency": "EUR"}}}}"#
        ))
    }

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn delivered_on_a_friday_the_period_ends_with_the_friday_two_weeks_later() {
        let r = request(Some("2026-11-27T16:40:00Z"), "2026-12-11T23:59:59Z");
        let period = Period::of(&Config::default(), &r);
        assert_eq!((period.nominal_last, period.last), (day("2026-12-11"), day("2026-12-11")));
        assert!(period.admits(r.requested_at));
        assert!(!period.admits("2026-12-12T00:00:00Z".parse().unwrap()));
    }

    #[test]
    fn a_period_ending_on_a_saturday_runs_to_the_end_of_monday() {
        // Delivered Saturday 2026-11-28: the 14th day is Saturday 2026-12-12.
        let r = request(Some("2026-11-28T10:15:00Z"), "2026-12-13T18:00:00Z");
        let period = Period::of(&Config::default(), &r);
        assert_eq!(period.nominal_last, day("2026-12-12"));
        assert_eq!(period.last, day("2026-12-14"));
        assert!(period.admits(r.requested_at) && !period.admits("2026-12-15T00:00:00Z".parse().unwrap()));
        let notes = period.explain(&Config::default(), &r);
        assert!(
            notes[0].contains(
                "would end with 2026-12-12, a Saturday, so it ends with the next working day, Monday 2026-12-14"
            ),
            "{}",
            notes[0]
        );
        assert!(notes.last().unwrap().contains("sent on 2026-12-13, day 15 after delivery: in time"), "{notes:?}");
    }

    #[test]
    fn a_public_holiday_of_the_customers_country_moves_the_end_too() {
        // Delivered Friday 2026-12-11: the 14th day is Friday 2026-12-25, Christmas in France.
        let config: Config =
            serde_json::from_str(r#"{"public_holidays": {"FR": ["2026-12-25"], "DE": ["2026-12-28"]}}"#).unwrap();
        let r = request(Some("2026-12-11T09:00:00Z"), "2026-12-27T10:00:00Z");
        let period = Period::of(&config, &r);
        assert_eq!(period.last, day("2026-12-28"), "Christmas, then a weekend, then Monday");
        assert!(period.explain(&config, &r)[0].contains("a public holiday in FR"));
    }

    #[test]
    fn without_the_withdrawal_information_the_period_runs_twelve_months_longer() {
        let config = Config { withdrawal_info_given: false, ..Config::default() };
        let r = request(Some("2026-11-27T16:40:00Z"), "2027-11-30T09:00:00Z");
        let period = Period::of(&config, &r);
        assert!(period.extended);
        assert_eq!(period.last, day("2027-12-13"), "2027-12-11 is a Saturday");
        assert!(period.admits(r.requested_at));
        assert!(period.explain(&config, &r).iter().any(|n| n.contains("12 months longer, to the end of 2027-12-13")));
    }

    #[test]
    fn without_a_delivery_date_the_latest_delivery_is_assumed() {
        let r = request(None, "2027-01-06T09:00:00Z");
        let period = Period::of(&Config::default(), &r);
        assert!(!period.delivered);
        // Ordered 2026-11-24 + 30 days = 2026-12-24; + 14 = 2027-01-07.
        assert_eq!((period.from, period.last), (day("2026-12-24"), day("2027-01-07")));
        let notes = period.explain(&Config::default(), &r);
        assert!(notes.iter().any(|n| n.contains("in time whenever the goods arrived")), "{notes:?}");
    }

    #[test]
    fn a_late_withdrawal_says_by_how_many_days() {
        let r = request(Some("2026-11-27T16:40:00Z"), "2026-12-12T08:00:00Z");
        let period = Period::of(&Config::default(), &r);
        assert!(!period.admits(r.requested_at));
        let notes = period.explain(&Config::default(), &r);
        assert!(
            notes.last().unwrap().contains("day 15 after delivery: 1 day(s) after the period ended: too late"),
            "{notes:?}"
        );
    }
}
