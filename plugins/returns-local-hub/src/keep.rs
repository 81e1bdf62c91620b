//! Whether resellable goods are worth their return label, or better left with the customer.
//!
//! The goods' **resale value** is the refund value of the accepted resellable lines times the
//! merchant's `recovery_rate_bp` (what reselling returned goods brings back, after
//! inspection, repackaging and markdowns), rounded half away from zero. The **label cost** is
//! the merchant's figure for the customer's country, else the default. When the label costs
//! strictly more than the resale value, the customer keeps the goods and is refunded anyway.
//!
//! The two are compared in the return's currency. A label cost in another currency is
//! converted with the host's dated FX rate (`ctx.convert`); without a rate nothing is
//! guessed: the goods are routed as usual and a note says why the comparison was skipped.
//! Without any label cost for the country there is nothing to weigh, and the goods come back.

use crossdock_sdk::prelude::*;

use crate::config::Config;

/// The outcome of weighing a label against the goods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The label costs more than the goods would fetch: the customer keeps them.
    Keep {
        /// Why, with both figures.
        why: String,
    },
    /// The goods come back; `note` says what was weighed, if anything.
    Return {
        /// A sentence for the decision's notes.
        note: String,
    },
}

/// Weighs the label from `customer` against resellable goods refunded at `resellable`.
pub fn weigh(ctx: &Ctx, config: &Config, customer: CountryCode, resellable: Money) -> Result<Verdict, PluginError> {
    let Some((label, own)) = config.label_cost(customer) else {
        return Ok(Verdict::Return {
            note: format!(
                "No return label cost is set for {customer} (nor a default), so the goods come back without weighing \
                 the label against their resale value."
            ),
        });
    };
    let whose = if own { format!("for {customer}") } else { format!("by default (none is set for {customer})") };
    let currency = resellable.currency;
    let (label_here, converted) = if label.currency == currency {
        (label, String::new())
    } else {
        match ctx.convert(label, currency) {
            Some((converted, rate)) => (
                converted,
                format!(" ({label} at {} {currency} per {} of {})", micros(rate.micros), label.currency, rate.date),
            ),
            None => {
                return Ok(Verdict::Return {
                    note: format!(
                        "The return label costs {label} {whose}, but the host has no {}→{currency} exchange rate, so it \
                         cannot be compared with the goods' resale value: the goods are routed as usual.",
                        label.currency
                    ),
                });
            }
        }
    };
    let resale = resellable
        .percent_bp(config.recovery_rate_bp)
        .map_err(|_| PluginError::new("invalid_input", "the resale value of this return is out of range"))?;
    let rate = percent(config.recovery_rate_bp);
    let figures = format!(
        "the return label costs {label_here}{converted} {whose}; the resellable goods, refunded at {resellable}, would \
         fetch {resale} again at the {rate} recovery rate"
    );
    Ok(if label_here.amount > resale.amount {
        Verdict::Keep {
            why: format!(
                "The customer keeps the goods and is refunded without sending them back: {figures}, so the label would \
                 cost more than the goods are worth."
            ),
        }
    } else {
        Verdict::Return { note: format!("The goods are worth their label: {figures}.") }
    })
}

/// Micros as a decimal rate: 1_052_300 → `1.0523`.
fn micros(micros: u64) -> String {
    let (whole, frac) = (micros / 1_000_000, micros % 1_000_000);
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:06}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// A basis-point rate for people: `70 %`, `12.5 %`.
fn percent(bp: u32) -> String {
    match (bp / 100, bp % 100) {
        (whole, 0) => format!("{whole} %"),
        (whole, frac) if frac % 10 == 0 => format!("{whole}.{} %", frac / 10),
        (whole, frac) => format!("{whole}.{frac:02} %"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::TestHost;

    fn money(amount: i64, currency: &str) -> Money {
        Money::new(amount, currency.parse().unwrap())
    }

    fn cc(code: &str) -> CountryCode {
        code.parse().unwrap()
    }

    fn config(json: &str) -> Config {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_label_dearer_than_the_resale_value_leaves_the_goods_with_the_customer() {
        // A 8.99 EUR pair of socks fetches 6.29 EUR at 70 % (6.293); the label from DE is 6.50 EUR.
        let config = config(r#"{"label_costs": {"DE": {"amount": 650, "currency": "EUR"}}}"#);
        let host = TestHost::new();
        let verdict = weigh(&host.ctx(), &config, cc("DE"), money(899, "EUR")).unwrap();
        let Verdict::Keep { why } = verdict else { panic!("{verdict:?}") };
        assert!(
            why.contains("costs 6.50 EUR for DE") && why.contains("fetch 6.29 EUR again at the 70 % recovery rate"),
            "{why}"
        );
        // Two tees at 39.98 EUR fetch 27.99 EUR: worth the 6.50 EUR label.
        let verdict = weigh(&host.ctx(), &config, cc("DE"), money(3998, "EUR")).unwrap();
        assert!(matches!(verdict, Verdict::Return { ref note } if note.contains("worth their label")), "{verdict:?}");
    }

    #[test]
    fn a_label_equal_to_the_resale_value_still_brings_the_goods_back() {
        let config = config(r#"{"label_costs": {"DE": {"amount": 700, "currency": "EUR"}}}"#);
        let verdict = weigh(&TestHost::new().ctx(), &config, cc("DE"), money(1000, "EUR")).unwrap();
        assert!(matches!(verdict, Verdict::Return { .. }), "{verdict:?}");
    }

    #[test]
    fn the_default_label_cost_applies_to_unlisted_countries_and_none_means_no_weighing() {
        let with_default = config(r#"{"default_label_cost": {"amount": 900, "currency": "EUR"}}"#);
        let verdict = weigh(&TestHost::new().ctx(), &with_default, cc("FR"), money(899, "EUR")).unwrap();
        assert!(
            matches!(verdict, Verdict::Keep { ref why } if why.contains("by default (none is set for FR)")),
            "{verdict:?}"
        );
        let verdict = weigh(&TestHost::new().ctx(), &Config::default(), cc("FR"), money(1, "EUR")).unwrap();
        assert!(matches!(verdict, Verdict::Return { ref note } if note.contains("No return label cost is set for FR")));
    }

    #[test]
    fn a_label_cost_in_another_currency_is_converted_with_the_dated_host_rate() {
        // 4.95 GBP at 1.17 EUR/GBP = 5.79 EUR (5.7915), above the 5.60 EUR the 8.00 EUR goods fetch at 70 %.
        let config = config(r#"{"label_costs": {"GB": {"amount": 495, "currency": "GBP"}}}"#);
        let host = TestHost::new().with_fx("GBP", "EUR", 1_170_000, "2026-11-24");
        let verdict = weigh(&host.ctx(), &config, cc("GB"), money(800, "EUR")).unwrap();
        let Verdict::Keep { why } = verdict else { panic!("{verdict:?}") };
        assert!(why.contains("5.79 EUR (4.95 GBP at 1.17 EUR per GBP of 2026-11-24)"), "{why}");
    }

    #[test]
    fn without_an_exchange_rate_nothing_is_guessed_and_the_goods_are_routed_as_usual() {
        let config = config(r#"{"label_costs": {"GB": {"amount": 495, "currency": "GBP"}}}"#);
        let verdict = weigh(&TestHost::new().ctx(), &config, cc("GB"), money(100, "EUR")).unwrap();
        let Verdict::Return { note } = verdict else { panic!("{verdict:?}") };
        assert!(note.contains("no GBP→EUR exchange rate") && note.contains("routed as usual"), "{note}");
    }

    #[test]
    fn rates_and_percentages_read_as_people_write_them() {
        assert_eq!(
            (micros(1_052_300), micros(1_000_000), micros(850)),
            ("1.0523".into(), "1".into(), "0.00085".into())
        );
        assert_eq!((percent(7000), percent(6250), percent(1234)), ("70 %".into(), "62.5 %".into(), "12.34 %".into()));
    }
}
