//! What is refunded for delivery when a consumer withdraws.
//!
//! Art. 13(1) of Directive 2011/83/EU: the trader reimburses all payments received from the
//! consumer, including the costs of delivery — as the Court of Justice had already held under
//! the earlier directive (C-511/08 Heinrich Heine, 15 April 2010: the outbound delivery cost
//! may not be charged to a withdrawing consumer). Art. 13(2): not the supplementary costs
//! of a delivery the consumer expressly chose over the least expensive type of standard
//! delivery the trader offered. So the refund is the lesser of what was paid and the
//! merchant's cheapest standard delivery (`standard_shipping`, per country or general). A
//! payment above the standard cost is read as the consumer's choice of a faster delivery;
//! a merchant whose standard price varies by order (bulky goods) should state the lowest
//! price it applies to the customer's country.
//!
//! The standard cost is compared in the return's currency, converted with the host's dated
//! FX rate when the merchant stated it in another. Without a rate, or without a standard
//! cost at all, everything paid is refunded: keeping part of it back is the merchant's
//! right under Art. 13(2) only when the figures show it, and guessing could short a
//! consumer.

use crossdock_sdk::prelude::*;

use crate::config::Config;

/// The delivery refund and the sentence that explains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// What is refunded for delivery.
    pub refund: Money,
    /// Why, for the decision's notes.
    pub note: String,
}

/// The delivery refund for a consumer in `customer` who paid `paid` for delivery.
pub fn delivery(ctx: &Ctx, config: &Config, customer: CountryCode, paid: Money) -> Delivery {
    let full = |why: String| Delivery {
        refund: paid,
        note: format!("Delivery: the {paid} paid is refunded with the goods (Art. 13(1)); {why}."),
    };
    let Some(standard) = config.standard_shipping_for(customer) else {
        return full(
            "no least expensive standard delivery cost is configured, so no supplement for a faster delivery is kept \
             back (Art. 13(2))"
                .into(),
        );
    };
    let (standard_here, how) = if standard.currency == paid.currency {
        (standard, String::new())
    } else {
        match ctx.convert(standard, paid.currency) {
            Some((converted, rate)) => {
                (converted, format!(" ({standard} at the host's {} rate of {})", rate.to, rate.date))
            }
            None => {
                return full(format!(
                    "the least expensive standard delivery is configured as {standard}, and the host has no {}→{} \
                     exchange rate to compare it with, so nothing is kept back",
                    standard.currency, paid.currency
                ));
            }
        }
    };
    if standard_here.amount >= paid.amount {
        return full(format!("that is no more than the least expensive standard delivery, {standard_here}{how}"));
    }
    let supplement = Money::new(paid.amount - standard_here.amount, paid.currency);
    Delivery {
        refund: standard_here,
        note: format!(
            "Delivery: {paid} was paid; the least expensive standard delivery offered costs {standard_here}{how}, so \
             {standard_here} is refunded and the {supplement} supplement for the delivery the consumer chose is not \
             (Art. 13(2))."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::TestHost;

    fn eur(amount: i64) -> Money {
        Money::new(amount, "EUR".parse().unwrap())
    }

    fn config(json: &str) -> Config {
        serde_json::from_str(json).unwrap()
    }

    fn fr() -> CountryCode {
        "FR".parse().unwrap()
    }

    #[test]
    fn express_delivery_is_refunded_up_to_the_standard_delivery_cost() {
        let config = config(r#"{"standard_shipping": {"amount": 490, "currency": "EUR"}}"#);
        let d = delivery(&TestHost::new().ctx(), &config, fr(), eur(1490));
        assert_eq!(d.refund, eur(490));
        assert!(d.note.contains("14.90 EUR was paid") && d.note.contains("the 10.00 EUR supplement"), "{}", d.note);
    }

    #[test]
    fn standard_delivery_is_refunded_in_full() {
        let config = config(r#"{"standard_shipping": {"amount": 800, "currency": "EUR"}}"#);
        let d = delivery(&TestHost::new().ctx(), &config, fr(), eur(800));
        assert_eq!(d.refund, eur(800));
        assert!(d.note.contains("no more than the least expensive standard delivery, 8.00 EUR"), "{}", d.note);
    }

    #[test]
    fn without_a_standard_cost_everything_paid_for_delivery_is_refunded() {
        let d = delivery(&TestHost::new().ctx(), &Config::default(), fr(), eur(1490));
        assert_eq!(d.refund, eur(1490));
        assert!(d.note.contains("no least expensive standard delivery cost is configured"), "{}", d.note);
    }

    #[test]
    fn a_standard_cost_in_another_currency_is_converted_and_without_a_rate_nothing_is_kept_back() {
        let config = config(r#"{"standard_shipping": {"amount": 500, "currency": "USD"}}"#);
        // 5.00 USD at 0.95 EUR/USD = 4.75 EUR.
        let host = TestHost::new().with_fx("USD", "EUR", 950_000, "2026-12-08");
        let d = delivery(&host.ctx(), &config, fr(), eur(1490));
        assert_eq!(d.refund, eur(475));
        assert!(d.note.contains("4.75 EUR (5.00 USD at the host's EUR rate of 2026-12-08)"), "{}", d.note);
        let d = delivery(&TestHost::new().ctx(), &config, fr(), eur(1490));
        assert_eq!(d.refund, eur(1490));
        assert!(d.note.contains("no USD→EUR exchange rate"), "{}", d.note);
    }
}
