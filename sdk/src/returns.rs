//! Building blocks for returns plugins: the checks every return policy makes before it judges
//! a request, so that a policy is only its own rules.
//!
//! [`check_input`] refuses a request that cannot be judged — no items, a zero quantity, a
//! negative amount, or lines priced in another currency than the order's shipping — as
//! `invalid_input` naming what was wrong, and gives back the currency every amount of the
//! return is in.

use crate::{CurrencyCode, PluginError, ReturnRequest};

/// `invalid_input` with a message that names the field.
pub fn invalid_input(message: impl Into<String>) -> PluginError {
    PluginError::new("invalid_input", message)
}

/// Refuses requests that cannot be judged: no items, zero quantities, negative or mixed
/// amounts. Returns the currency of the return (that of its original shipping).
pub fn check_input(request: &ReturnRequest) -> Result<CurrencyCode, PluginError> {
    let currency = request.original_shipping.currency;
    if request.items.is_empty() {
        return Err(invalid_input("the return lists no items; send at least one item with its quantity"));
    }
    if request.original_shipping.amount < 0 {
        return Err(invalid_input(format!("original_shipping is negative ({})", request.original_shipping)));
    }
    for item in &request.items {
        if item.quantity == 0 {
            return Err(invalid_input(format!("item `{}` has quantity 0; list only items that come back", item.sku)));
        }
        if item.unit_price.amount < 0 {
            return Err(invalid_input(format!("item `{}` has a negative unit price ({})", item.sku, item.unit_price)));
        }
        if item.unit_price.currency != currency {
            return Err(invalid_input(format!(
                "item `{}` is priced in {} but the order's shipping is in {currency}; all amounts of a return must \
                 be in the order's currency",
                item.sku, item.unit_price.currency
            )));
        }
    }
    Ok(currency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Money;
    use crate::testing::from_json;

    fn request() -> ReturnRequest {
        from_json(
            r#"{"id": "r1", "order_id": "4217", "customer": {"country": "FR"},
                "ordered_at": "2026-11-20T10:00:00Z", "requested_at": "2026-12-03T10:00:00Z",
                "items": [{"sku": "TEE-M", "quantity": 2, "unit_price": {"amount": 1999, "currency": "EUR"},
                           "reason": "changed_mind"}],
                "original_shipping": {"amount": 800, "currency": "EUR"}}"#,
        )
    }

    #[test]
    fn a_request_in_one_currency_is_judged_in_that_currency() {
        assert_eq!(check_input(&request()).expect("valid").as_str(), "EUR");
    }

    #[test]
    fn a_request_that_cannot_be_judged_is_invalid_input_naming_why() {
        let mut usd = request();
        usd.items[0].unit_price = Money::new(1999, "USD".parse().expect("code"));
        let mut none = request();
        none.items[0].quantity = 0;
        let mut negative = request();
        negative.original_shipping.amount = -1;
        let mut empty = request();
        empty.items.clear();
        for (case, expected) in [
            (usd, "`TEE-M` is priced in USD"),
            (none, "quantity 0"),
            (negative, "original_shipping is negative"),
            (empty, "no items"),
        ] {
            let err = check_input(&case).expect_err(expected);
            assert_eq!(err.code, "invalid_input");
            assert!(err.message.contains(expected), "{}", err.message);
        }
    }
}
