//! The return window: when it opens, when it closes, and whether a request came in time.
//!
//! The window opens on delivery (`delivered_at`). When the storefront never reported a
//! delivery, it opens `delivery_grace_days` after the order (`ordered_at`), a stand-in for the
//! usual transit time that neither cuts a customer short nor keeps the window open forever.
//! It closes at the end of the `window_days`-th calendar day after the day it opened, in UTC:
//! delivered on 27 November with 30 days, a request is in time until 27 December 23:59:59 UTC.
//!
//! The request's own time (`requested_at`) decides, not the event clock (`ctx.now()`): a
//! request made in time stays in time when the event is processed late or retried.

use crossdock_sdk::prelude::*;

use crate::config::Config;

const DAY: i64 = 86_400;

/// The window of one return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// When the window opened.
    pub opens: Timestamp,
    /// Whether it opened on a reported delivery (`false`: order date plus grace).
    pub from_delivery: bool,
    /// The last second of the window.
    pub closes: Timestamp,
    /// Its length in days, as configured.
    pub days: u32,
}

impl Window {
    /// The window of `request` under `config`.
    pub fn of(config: &Config, request: &ReturnRequest) -> Self {
        let (opens, from_delivery) = match request.delivered_at {
            Some(delivered) => (delivered, true),
            None => {
                let grace = i64::from(config.delivery_grace_days) * DAY;
                (Timestamp::from_unix(request.ordered_at.unix().saturating_add(grace)), false)
            }
        };
        let first_day = opens.unix().div_euclid(DAY) * DAY;
        let closes = first_day.saturating_add((i64::from(config.window_days) + 1) * DAY - 1);
        Self { opens, from_delivery, closes: Timestamp::from_unix(closes), days: config.window_days }
    }

    /// Whether a request at `at` is in time.
    pub fn is_open_at(&self, at: Timestamp) -> bool {
        at <= self.closes
    }

    /// Calendar days (UTC) from the day the window opened to the day of `at`.
    pub fn day_of(&self, at: Timestamp) -> i64 {
        at.unix().div_euclid(DAY) - self.opens.unix().div_euclid(DAY)
    }

    /// The window in plain language, with where `requested_at` falls in it.
    pub fn explain(&self, request: &ReturnRequest, grace_days: u32) -> String {
        let start = if self.from_delivery {
            format!("Delivered on {}", self.opens.date())
        } else {
            format!(
                "No delivery date was reported, so the window opens {grace_days} days after the order of {}, on {}",
                request.ordered_at.date(),
                self.opens.date()
            )
        };
        let asked = request.requested_at;
        let when = if self.is_open_at(asked) {
            let day = self.day_of(asked);
            if day < 0 {
                "before the window opened, which counts as in time".to_owned()
            } else {
                format!("{day} day{} after it opened, in time", if day == 1 { "" } else { "s" })
            }
        } else {
            let late = asked.unix().saturating_sub(self.closes.unix()).div_euclid(DAY) + 1;
            format!("{late} day{} after it closed", if late == 1 { "" } else { "s" })
        };
        format!(
            "{start}; the {}-day return window runs to the end of {} (UTC). The return was requested on {}, {when}.",
            self.days,
            self.closes.date(),
            asked.date()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::from_json;

    fn request(delivered: Option<&str>, requested: &str) -> ReturnRequest {
        let delivered = delivered.map_or(String::new(), |d| format!(r#""delivered_at": "{d}","#));
        from_json(&format!(
            r#"{{"id": "ret_1", "order_id": "4217", "customer": {{"country": "FR"}},
            "ordered_at": "2026-11-24T13:32:07Z", {delivered} "requested_at": "{requested}",
            "items": [], "original_shipping": {{"amount": 800, "currency": "EUR"}}}}"#
        ))
    }

    #[test]
    fn the_window_closes_at_the_end_of_its_last_calendar_day() {
        let config = Config::default();
        let r = request(Some("2026-11-27T10:15:00Z"), "2026-12-27T23:59:59Z");
        let window = Window::of(&config, &r);
        assert_eq!(window.closes.to_string(), "2026-12-27T23:59:59Z");
        assert!(window.is_open_at(r.requested_at));
        assert!(!window.is_open_at("2026-12-28T00:00:00Z".parse().unwrap()));
        assert_eq!(window.day_of(r.requested_at), 30);
    }

    #[test]
    fn without_a_delivery_date_the_window_opens_after_the_grace_days() {
        let config = Config { delivery_grace_days: 7, window_days: 14, ..Config::default() };
        let r = request(None, "2026-12-15T09:00:00Z");
        let window = Window::of(&config, &r);
        assert!(!window.from_delivery);
        assert_eq!(window.opens.date(), "2026-12-01");
        assert_eq!(window.closes.to_string(), "2026-12-15T23:59:59Z");
        let text = window.explain(&r, 7);
        assert!(text.contains("opens 7 days after the order of 2026-11-24, on 2026-12-01"), "{text}");
        assert!(text.contains("14 days after it opened, in time"), "{text}");
    }

    #[test]
    fn a_late_request_says_by_how_many_days() {
        let r = request(Some("2026-11-27T10:15:00Z"), "2026-12-29T08:00:00Z");
        let window = Window::of(&Config::default(), &r);
        let text = window.explain(&r, 7);
        assert!(!window.is_open_at(r.requested_at));
        assert!(text.contains("runs to the end of 2026-12-27 (UTC)"), "{text}");
        assert!(text.contains("requested on 2026-12-29, 2 days after it closed"), "{text}");
    }

    #[test]
    fn a_zero_day_window_still_allows_the_day_of_delivery() {
        let config = Config { window_days: 0, ..Config::default() };
        let r = request(Some("2026-11-27T10:15:00Z"), "2026-11-27T22:00:00Z");
        assert!(Window::of(&config, &r).is_open_at(r.requested_at));
    }
}
