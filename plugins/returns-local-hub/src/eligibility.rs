//! Which returned lines are accepted: the window from delivery and the exclusions.
//!
//! - **Window.** It opens on delivery (`delivered_at`), or `delivery_grace_days` after the
//!   order when no delivery was reported, and closes at the end of the `window_days`-th
//!   calendar day after the day it opened, in UTC: delivered on 28 November with 30 days, a
//!   request is in time until 28 December 23:59:59 UTC. The request's own time
//!   (`requested_at`) decides, not the event clock, so a late retry never changes a verdict.
//! - **Exclusions**, in this order: final sale is always refused; hygiene goods are refused
//!   while `exclude_hygiene` holds; anything else is accepted in time.
//! - An accepted line refunds quantity × unit price. A return whose amounts are not all in
//!   one currency, or that lists nothing, is `invalid_input`.
//!
//! These are the rules of `returns-standard`, so the same merchant's two policies agree on
//! what is returnable and differ only in where goods go.

use crossdock_sdk::prelude::*;
/// The checks every return policy makes first, shared through the SDK.
pub use crossdock_sdk::returns::{check_input, invalid_input as invalid};

use crate::config::Config;

const DAY: i64 = 86_400;

/// The return window of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// When it opened.
    pub opens: Timestamp,
    /// Whether it opened on a reported delivery (`false`: order date plus grace days).
    pub from_delivery: bool,
    /// Its last second.
    pub closes: Timestamp,
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
        Self { opens, from_delivery, closes: Timestamp::from_unix(closes) }
    }

    /// Whether a request made at `at` is in time.
    pub fn admits(&self, at: Timestamp) -> bool {
        at <= self.closes
    }

    /// The window in one sentence, with where the request falls in it.
    pub fn explain(&self, config: &Config, request: &ReturnRequest) -> String {
        let start = if self.from_delivery {
            format!("Delivered on {}", self.opens.date())
        } else {
            format!(
                "No delivery date was reported, so the window opens {} days after the order of {}, on {}",
                config.delivery_grace_days,
                request.ordered_at.date(),
                self.opens.date()
            )
        };
        let asked = request.requested_at;
        let day = asked.unix().div_euclid(DAY) - self.opens.unix().div_euclid(DAY);
        let when = if !self.admits(asked) {
            let late = asked.unix().saturating_sub(self.closes.unix()).div_euclid(DAY) + 1;
            format!("{late} day{} after it closed", plural(late))
        } else if day < 0 {
            "before the window opened, which counts as in time".to_owned()
        } else {
            format!("{day} day{} after it opened, in time", plural(day))
        };
        format!(
            "{start}; the {}-day return window runs to the end of {} (UTC). The return was requested on {}, {when}.",
            config.window_days,
            self.closes.date(),
            asked.date()
        )
    }
}

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The verdict on one returned line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// The line as the decision reports it.
    pub decision: ItemDecision,
    /// Whether the merchant can sell the goods again as new.
    pub resellable: bool,
}

/// The verdict on `item`, in a window that `in_time` says the request met or not.
pub fn judge(config: &Config, item: &ReturnItem, window: &Window, in_time: bool) -> Result<Judged, PluginError> {
    let verdict = |eligible: bool, reason: String, refund: Money| Judged {
        decision: ItemDecision { sku: item.sku.clone(), quantity: item.quantity, eligible, reason, refund },
        resellable: item.resellable,
    };
    let zero = Money::zero(item.unit_price.currency);
    if item.final_sale {
        return Ok(verdict(false, "final sale: sold as not returnable".into(), zero));
    }
    if item.hygiene && config.exclude_hygiene {
        return Ok(verdict(false, "hygiene item: cannot be taken back once delivered".into(), zero));
    }
    if !in_time {
        let reason =
            format!("requested after the {}-day return window closed on {}", config.window_days, window.closes.date());
        return Ok(verdict(false, reason, zero));
    }
    let refund = item.unit_price.checked_mul(i64::from(item.quantity)).map_err(|_| {
        invalid(format!("item `{}`: {} × {} is out of range", item.sku, item.quantity, item.unit_price))
    })?;
    let reason = format!(
        "returned within the {}-day window{}",
        config.window_days,
        if item.resellable { "" } else { "; cannot be resold" }
    );
    Ok(verdict(true, reason, refund))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::from_json;

    fn request(delivered: Option<&str>, requested: &str, items: &str) -> ReturnRequest {
        let delivered = delivered.map_or(String::new(), |d| format!(r#""delivered_at": "{d}","#));
        from_json(&format!(
            r#"{{"id": "ret_1", "order_id": "4217", "customer": {{"country": "FR"}},
            "ordered_at": "2026-11-24T14:32:07Z", {delivered} "requested_at": "{requested}",
            "items": [{items}], "original_shipping": {{"amount": 800, "currency": "EUR"}}}}"#
        ))
    }

    const TEE: &str =
        r#"{"sku": "TEE-M", "quantity": 2, "unit_price": {"amount": 1999, "currency": "EUR"}, "reason": "wrong_size"}"#;

    #[test]
    fn the_window_closes_at_the_end_of_its_last_calendar_day_in_utc() {
        let r = request(Some("2026-11-28T10:15:00Z"), "2026-12-28T23:59:59Z", TEE);
        let window = Window::of(&Config::default(), &r);
        assert_eq!(window.closes.to_string(), "2026-12-28T23:59:59Z");
        assert!(window.admits(r.requested_at));
        assert!(!window.admits("2026-12-29T00:00:00Z".parse().unwrap()));
        assert!(window.explain(&Config::default(), &r).contains("30 days after it opened, in time"));
    }

    #[test]
    fn without_a_delivery_date_the_window_opens_after_the_grace_days() {
        let r = request(None, "2026-12-31T09:00:00Z", TEE);
        let window = Window::of(&Config::default(), &r);
        assert!(!window.from_delivery);
        assert_eq!((window.opens.date(), window.closes.date()), ("2026-12-01".into(), "2026-12-31".into()));
        let text = window.explain(&Config::default(), &r);
        assert!(text.contains("opens 7 days after the order of 2026-11-24, on 2026-12-01"), "{text}");
    }

    #[test]
    fn final_sale_is_refused_before_hygiene_and_lateness_and_a_late_line_says_when_the_window_closed() {
        let r = request(Some("2026-11-28T10:15:00Z"), "2027-01-05T09:00:00Z", TEE);
        let window = Window::of(&Config::default(), &r);
        let sale: ReturnItem = from_json(
            r#"{"sku": "CAP-01", "quantity": 1, "unit_price": {"amount": 1450, "currency": "EUR"}, "reason": "x", "final_sale": true, "hygiene": true}"#,
        );
        assert_eq!(
            judge(&Config::default(), &sale, &window, false).unwrap().decision.reason,
            "final sale: sold as not returnable"
        );
        let late = judge(&Config::default(), &r.items[0], &window, false).unwrap();
        assert!(!late.decision.eligible && late.decision.refund.is_zero());
        assert_eq!(late.decision.reason, "requested after the 30-day return window closed on 2026-12-28");
    }

    #[test]
    fn hygiene_goods_are_refused_only_while_the_policy_excludes_them() {
        let r = request(Some("2026-11-28T10:15:00Z"), "2026-12-03T09:00:00Z", TEE);
        let window = Window::of(&Config::default(), &r);
        let earrings: ReturnItem = from_json(
            r#"{"sku": "EAR-02", "quantity": 1, "unit_price": {"amount": 2500, "currency": "EUR"}, "reason": "x", "hygiene": true}"#,
        );
        assert!(!judge(&Config::default(), &earrings, &window, true).unwrap().decision.eligible);
        let lenient = Config { exclude_hygiene: false, ..Config::default() };
        assert_eq!(judge(&lenient, &earrings, &window, true).unwrap().decision.refund.amount, 2500);
    }

    #[test]
    fn an_accepted_line_refunds_quantity_times_price_and_an_absurd_one_is_invalid_input() {
        let r = request(Some("2026-11-28T10:15:00Z"), "2026-12-03T09:00:00Z", TEE);
        let window = Window::of(&Config::default(), &r);
        let judged = judge(&Config::default(), &r.items[0], &window, true).unwrap();
        assert_eq!((judged.decision.eligible, judged.decision.refund.amount, judged.resellable), (true, 3998, true));
        let huge: ReturnItem = from_json(
            r#"{"sku": "GOLD", "quantity": 4294967295, "unit_price": {"amount": 9223372036854775807, "currency": "EUR"}, "reason": "x"}"#,
        );
        assert_eq!(judge(&Config::default(), &huge, &window, true).unwrap_err().code, "invalid_input");
    }

    #[test]
    fn empty_zero_quantity_and_mixed_currency_returns_are_invalid_input() {
        let ok = request(Some("2026-11-28T10:15:00Z"), "2026-12-03T09:00:00Z", TEE);
        assert_eq!(check_input(&ok).unwrap().as_str(), "EUR");
        let mut usd = ok.clone();
        usd.items[0].unit_price.currency = "USD".parse().unwrap();
        assert!(check_input(&usd).unwrap_err().message.contains("`TEE-M` is priced in USD"));
        let mut none = ok.clone();
        none.items[0].quantity = 0;
        assert!(check_input(&none).unwrap_err().message.contains("quantity 0"));
        let mut empty = ok;
        empty.items.clear();
        assert!(check_input(&empty).unwrap_err().message.contains("no items"));
    }
}
