//! The money side of a return: which items are accepted, what each refunds, the fees.
//!
//! Items are judged one by one, in this order: a final-sale item is always refused; a hygiene
//! item is refused when the policy excludes hygiene goods; any other item is accepted when
//! the return was requested inside the window (`crate::window`). An accepted item refunds
//! quantity × unit price. The restocking fee is `restocking_fee_bp` of the refund of accepted
//! items whose reason is not fee-exempt, rounded once on their sum, half away from zero.
//! Everything is integer minor units of the order's currency; a return whose lines are in
//! another currency than its original shipping is refused as `invalid_input`.

use crossdock_sdk::prelude::*;
/// The checks every return policy makes first, shared through the SDK.
pub use crossdock_sdk::returns::{check_input, invalid_input as invalid};

use crate::config::Config;

/// The verdict on one returned line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// The line as the decision reports it.
    pub decision: ItemDecision,
    /// Whether the line counts towards the restocking fee.
    pub fee_bearing: bool,
    /// Whether the merchant can sell the goods again as new.
    pub resellable: bool,
}

/// Money totals of a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Σ refunds of accepted items.
    pub goods: Money,
    /// The part of `goods` that bears the restocking fee.
    pub fee_base: Money,
    /// The restocking fee.
    pub fees: Money,
}

/// The verdict on `item` when the window is `in_time` or not.
pub fn judge(
    config: &Config,
    item: &ReturnItem,
    in_time: bool,
    window_days: u32,
    closes: &str,
) -> Result<Judged, PluginError> {
    let zero = Money::zero(item.unit_price.currency);
    let refused = |reason: String| Judged {
        decision: ItemDecision {
            sku: item.sku.clone(),
            quantity: item.quantity,
            eligible: false,
            reason,
            refund: zero,
        },
        fee_bearing: false,
        resellable: item.resellable,
    };
    if item.final_sale {
        return Ok(refused("final sale: sold as not returnable".into()));
    }
    if item.hygiene && config.exclude_hygiene {
        return Ok(refused("hygiene item: cannot be taken back once delivered".into()));
    }
    if !in_time {
        return Ok(refused(format!("requested after the {window_days}-day return window closed on {closes}")));
    }
    let refund = item.unit_price.checked_mul(i64::from(item.quantity)).map_err(|_| {
        invalid(format!("item `{}`: {} × {} is out of range", item.sku, item.quantity, item.unit_price))
    })?;
    let fee_bearing = !config.fee_exempt(&item.reason);
    let reason = if fee_bearing {
        format!("returned within the {window_days}-day window")
    } else {
        format!("returned within the {window_days}-day window as `{}`, a fault that carries no fee", item.reason.trim())
    };
    Ok(Judged {
        decision: ItemDecision { sku: item.sku.clone(), quantity: item.quantity, eligible: true, reason, refund },
        fee_bearing,
        resellable: item.resellable,
    })
}

/// The refund of accepted goods, the part that bears a fee, and the fee.
pub fn totals(config: &Config, currency: CurrencyCode, judged: &[Judged]) -> Result<Totals, PluginError> {
    let out_of_range = |_| invalid("the refund of this return is out of range");
    let accepted = judged.iter().filter(|j| j.decision.eligible);
    let goods = Money::sum(currency, accepted.clone().map(|j| j.decision.refund)).map_err(out_of_range)?;
    let fee_base =
        Money::sum(currency, accepted.filter(|j| j.fee_bearing).map(|j| j.decision.refund)).map_err(out_of_range)?;
    let fees = fee_base.percent_bp(config.restocking_fee_bp).map_err(out_of_range)?;
    Ok(Totals { goods, fee_base, fees })
}

/// A basis-point rate for people: `10 %`, `12.5 %`.
pub fn percent(bp: u32) -> String {
    match (bp / 100, bp % 100) {
        (whole, 0) => format!("{whole} %"),
        (whole, frac) if frac % 10 == 0 => format!("{whole}.{} %", frac / 10),
        (whole, frac) => format!("{whole}.{frac:02} %"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::from_json;

    fn item(json: &str) -> ReturnItem {
        from_json(json)
    }

    const TEE: &str =
        r#"{"sku": "TEE-M", "quantity": 2, "unit_price": {"amount": 1999, "currency": "EUR"}, "reason": "wrong_size"}"#;

    #[test]
    fn final_sale_is_refused_even_in_time_and_even_when_hygiene_is_allowed() {
        let config = Config { exclude_hygiene: false, ..Config::default() };
        let sale = item(
            r#"{"sku": "S", "quantity": 1, "unit_price": {"amount": 500, "currency": "EUR"}, "reason": "x", "final_sale": true}"#,
        );
        let judged = judge(&config, &sale, true, 30, "2026-12-27").unwrap();
        assert!(!judged.decision.eligible);
        assert_eq!(judged.decision.reason, "final sale: sold as not returnable");
        assert!(judged.decision.refund.is_zero());
    }

    #[test]
    fn hygiene_items_are_refused_only_when_the_policy_excludes_them() {
        let earrings = item(
            r#"{"sku": "EAR-1", "quantity": 1, "unit_price": {"amount": 2500, "currency": "EUR"}, "reason": "x", "hygiene": true}"#,
        );
        assert!(!judge(&Config::default(), &earrings, true, 30, "").unwrap().decision.eligible);
        let lenient = Config { exclude_hygiene: false, ..Config::default() };
        assert!(judge(&lenient, &earrings, true, 30, "").unwrap().decision.eligible);
    }

    #[test]
    fn an_accepted_line_refunds_quantity_times_unit_price() {
        let judged = judge(&Config::default(), &item(TEE), true, 30, "").unwrap();
        assert!(judged.decision.eligible && judged.fee_bearing);
        assert_eq!(judged.decision.refund.amount, 3998);
        let late = judge(&Config::default(), &item(TEE), false, 30, "2026-12-27").unwrap();
        assert_eq!(late.decision.reason, "requested after the 30-day return window closed on 2026-12-27");
    }

    #[test]
    fn the_fee_is_rounded_once_on_the_fee_bearing_sum() {
        let config = Config { restocking_fee_bp: 1250, ..Config::default() };
        let a = judge(&config, &item(TEE), true, 30, "").unwrap();
        let damaged = item(
            r#"{"sku": "CAP-01", "quantity": 1, "unit_price": {"amount": 1450, "currency": "EUR"}, "reason": "Damaged"}"#,
        );
        let b = judge(&config, &damaged, true, 30, "").unwrap();
        assert!(!b.fee_bearing);
        let t = totals(&config, "EUR".parse().unwrap(), &[a, b]).unwrap();
        assert_eq!((t.goods.amount, t.fee_base.amount, t.fees.amount), (5448, 3998, 500)); // 12.5 % of 39.98 = 4.9975
    }

    #[test]
    fn mixed_currencies_zero_quantities_and_empty_returns_are_invalid_input() {
        let base: ReturnRequest = from_json(&format!(
            r#"{{"id": "r", "order_id": "o", "customer": {{"country": "FR"}}, "ordered_at": "2026-11-24T13:32:07Z",
            "requested_at": "2026-12-01T00:00:00Z", "items": [{TEE}], "original_shipping": {{"amount": 800, "currency": "EUR"}}}}"#
        ));
        assert_eq!(check_input(&base).unwrap().as_str(), "EUR");
        let mut usd = base.clone();
        usd.items[0].unit_price.currency = "USD".parse().unwrap();
        let err = check_input(&usd).unwrap_err();
        assert_eq!(err.code, "invalid_input");
        assert!(err.message.contains("`TEE-M` is priced in USD but the order's shipping is in EUR"), "{}", err.message);
        let mut none = base.clone();
        none.items[0].quantity = 0;
        assert!(check_input(&none).unwrap_err().message.contains("quantity 0"));
        let mut empty = base;
        empty.items.clear();
        assert!(check_input(&empty).unwrap_err().message.contains("no items"));
    }

    #[test]
    fn an_absurd_quantity_is_invalid_input_not_an_overflow() {
        let huge = item(
            r#"{"sku": "GOLD", "quantity": 4294967295, "unit_price": {"amount": 9223372036854775807, "currency": "EUR"}, "reason": "x"}"#,
        );
        let err = judge(&Config::default(), &huge, true, 30, "").unwrap_err();
        assert_eq!(err.code, "invalid_input");
    }

    #[test]
    fn basis_points_read_as_percentages() {
        assert_eq!(percent(1000), "10 %");
        assert_eq!(percent(1250), "12.5 %");
        assert_eq!(percent(1234), "12.34 %");
        assert_eq!(percent(5), "0.05 %");
    }
}
