//! Which returned lines the right of withdrawal covers.
//!
//! In this order:
//!
//! 1. **Art. 16 exceptions that follow from the goods** (the merchant's `exceptions` list):
//!    (b) market-priced goods, (c) goods made to the consumer's specifications or clearly
//!    personalised, (d) goods that deteriorate or expire rapidly, (g) market-priced alcohol,
//!    (j) newspapers and magazines outside a subscription.
//! 2. **Art. 16(e)**: sealed goods not suitable for return for health protection or hygiene
//!    reasons, unsealed after delivery — what the request's `hygiene` flag says when
//!    `hygiene_flag_means_unsealed` holds. The exception is narrow: the Court of Justice held
//!    that a mattress whose protective film was removed is not covered, as it can be cleaned
//!    and sold again like clothing (C-681/17 slewo, 27 March 2019), so the flag should mark
//!    only goods such as cosmetics or earrings with a broken seal.
//! 3. **The period** (`crate::period`).
//!
//! Everything else is covered, whatever the consumer's reason: none is needed (Art. 9(1)).
//! A line marked `final_sale` is covered too: a consumer cannot waive the rights of the
//! Directive, and a term that restricts them does not bind the consumer (Art. 25), so a
//! "final sale" label does not remove the right of withdrawal. `resellable` plays no part in
//! eligibility; diminished value from handling the goods beyond what is needed to establish
//! their nature is the consumer's liability (Art. 14(2)), assessed when they arrive.
//! A covered line refunds quantity × unit price.

use crossdock_sdk::prelude::*;
/// The checks every return policy makes first, shared through the SDK.
pub use crossdock_sdk::returns::{check_input, invalid_input as invalid};

use crate::config::Config;
use crate::period::Period;

/// The verdict on `item` for a withdrawal sent in or out of `period`.
pub fn judge(config: &Config, item: &ReturnItem, period: &Period, in_time: bool) -> Result<ItemDecision, PluginError> {
    let verdict = |eligible: bool, reason: String, refund: Money| ItemDecision {
        sku: item.sku.clone(),
        quantity: item.quantity,
        eligible,
        reason,
        refund,
    };
    let zero = Money::zero(item.unit_price.currency);
    if let Some(exception) = config.exception_for(&item.sku) {
        return Ok(verdict(false, exception.reason().into(), zero));
    }
    if item.hygiene && config.hygiene_flag_means_unsealed {
        let reason = "Art. 16(e): sealed goods not suitable for return for health protection or hygiene reasons, \
                      unsealed after delivery, so there is no right of withdrawal";
        return Ok(verdict(false, reason.into(), zero));
    }
    if !in_time {
        let reason = format!("withdrawn after the withdrawal period ended on {} (Art. 9)", period.last);
        return Ok(verdict(false, reason, zero));
    }
    let refund = item.unit_price.checked_mul(i64::from(item.quantity)).map_err(|_| {
        invalid(format!("item `{}`: {} × {} is out of range", item.sku, item.quantity, item.unit_price))
    })?;
    let mut reason = "within the withdrawal period (Art. 9); no reason is needed".to_owned();
    if item.final_sale {
        reason.push_str(
            "; sold as `final sale`, but that label cannot waive the statutory right of withdrawal (Art. 25)",
        );
    }
    if item.hygiene {
        reason.push_str("; a hygiene item, covered while its seal is intact (Art. 16(e)): check the seal on arrival");
    }
    Ok(verdict(true, reason, refund))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::from_json;

    fn sent_at(requested: &str) -> (Period, bool) {
        let request: ReturnRequest = from_json(&format!(
            r#"{{"id": "r", "order_id": "4217", "customer": {{"country": "FR"}}, "ordered_at": "2026-11-24T14:32:07Z",
            "delivered_at": "2026-11-27T16:40:00Z", "requested_at": "{requested}", "items": [],
            "original_shipping": {{"amount": 800, "currency": "EUR"}}}}"#
        ));
        let period = Period::of(&Config::default(), &request);
        (period, period.admits(request.requested_at))
    }

    fn item(json: &str) -> ReturnItem {
        from_json(json)
    }

    #[test]
    fn a_final_sale_line_inside_the_period_is_covered_with_the_reason_why() {
        let (period, in_time) = sent_at("2026-12-09T09:00:00Z");
        let cap = item(
            r#"{"sku": "CAP-01", "quantity": 1, "unit_price": {"amount": 1450, "currency": "EUR"}, "reason": "changed_mind", "final_sale": true}"#,
        );
        let d = judge(&Config::default(), &cap, &period, in_time).unwrap();
        assert!(d.eligible);
        assert_eq!(d.refund.amount, 1450);
        assert!(d.reason.contains("cannot waive the statutory right of withdrawal (Art. 25)"), "{}", d.reason);
    }

    #[test]
    fn an_unsealed_hygiene_item_is_excepted_and_a_merely_hygienic_one_is_covered_when_the_flag_means_the_kind() {
        let (period, in_time) = sent_at("2026-12-09T09:00:00Z");
        let earrings = item(
            r#"{"sku": "EAR-02", "quantity": 1, "unit_price": {"amount": 2500, "currency": "EUR"}, "reason": "x", "hygiene": true}"#,
        );
        let d = judge(&Config::default(), &earrings, &period, in_time).unwrap();
        assert!(!d.eligible && d.reason.starts_with("Art. 16(e)"), "{}", d.reason);
        let by_kind = Config { hygiene_flag_means_unsealed: false, ..Config::default() };
        let d = judge(&by_kind, &earrings, &period, in_time).unwrap();
        assert!(d.eligible && d.reason.contains("check the seal on arrival"), "{}", d.reason);
    }

    #[test]
    fn a_personalised_sku_is_excepted_even_in_time_and_lateness_is_judged_last() {
        let config: Config =
            serde_json::from_str(r#"{"exceptions": [{"sku": "MUG-NAME-*", "exception": "personalised"}]}"#).unwrap();
        let mug = item(
            r#"{"sku": "MUG-NAME-CAMILLE", "quantity": 1, "unit_price": {"amount": 1800, "currency": "EUR"}, "reason": "x"}"#,
        );
        let (period, in_time) = sent_at("2026-12-09T09:00:00Z");
        assert!(judge(&config, &mug, &period, in_time).unwrap().reason.starts_with("Art. 16(c)"));
        let tee = item(
            r#"{"sku": "TEE-M", "quantity": 2, "unit_price": {"amount": 1999, "currency": "EUR"}, "reason": "wrong_size"}"#,
        );
        let (late, in_time) = sent_at("2026-12-12T09:00:00Z");
        let d = judge(&config, &tee, &late, in_time).unwrap();
        assert!(!d.eligible && d.refund.is_zero());
        assert_eq!(d.reason, "withdrawn after the withdrawal period ended on 2026-12-11 (Art. 9)");
    }

    #[test]
    fn the_consumers_reason_does_not_change_the_verdict() {
        let (period, in_time) = sent_at("2026-12-09T09:00:00Z");
        for reason in ["", "changed_mind", "found it cheaper elsewhere", "wrong_size"] {
            let tee = item(&format!(
                r#"{{"sku": "TEE-M", "quantity": 2, "unit_price": {{"amount": 1999, "currency": "EUR"}}, "reason": "{reason}"}}"#
            ));
            let d = judge(&Config::default(), &tee, &period, in_time).unwrap();
            assert_eq!((d.eligible, d.refund.amount), (true, 3998), "{reason}");
        }
    }

    #[test]
    fn empty_zero_quantity_and_mixed_currency_returns_are_invalid_input() {
        let ok: ReturnRequest = from_json(
            r#"{"id": "r", "order_id": "o", "customer": {"country": "FR"}, "ordered_at": "2026-11-24T14:32:07Z",
            "requested_at": "2026-12-01T00:00:00Z", "original_shipping": {"amount": 800, "currency": "EUR"},
            "items": [{"sku": "TEE-M", "quantity": 2, "unit_price": {"amount": 1999, "currency": "EUR"}, "reason": ""}]}"#,
        );
        assert!(check_input(&ok).is_ok());
        let mut usd = ok.clone();
        usd.items[0].unit_price.currency = "USD".parse().unwrap();
        assert_eq!(check_input(&usd).unwrap_err().code, "invalid_input");
        let mut none = ok.clone();
        none.items[0].quantity = 0;
        assert!(check_input(&none).unwrap_err().message.contains("quantity 0"));
        let mut empty = ok;
        empty.items.clear();
        assert!(check_input(&empty).unwrap_err().message.contains("no items"));
    }
}
