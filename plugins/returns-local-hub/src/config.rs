//! The merchant's local-hub policy: the return window and exclusions, what happens to goods
//! that cannot be resold, and the two figures that decide when a return is not worth its label.
//!
//! It arrives as JSON through `ctx.config()`; every field has a default, so `{}` is a usable
//! policy: 30 days from delivery, final-sale and hygiene items refused, shipping not refunded,
//! the merchant pays for return labels, unresellable goods to a return warehouse in the
//! customer's country (else disposed of), no label costs known (so goods always come back)
//! and a recovery rate of 70 %. Unknown keys are refused, so a typo fails loudly.
//! [`Config::validate`] checks what JSON alone does not. The schema with the same defaults is
//! `config.schema.json` (see `crate::schema`).

use std::collections::BTreeMap;

use crossdock_sdk::prelude::*;
use serde::{Deserialize, Serialize};

/// The local-hub return policy of one merchant in one market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Days the customer has to ask for a return, counted from delivery. The window closes at
    /// the end of its last day (UTC).
    pub window_days: u32,
    /// When the delivery date is unknown, the window opens this many days after the order.
    pub delivery_grace_days: u32,
    /// Refuse hygiene items (underwear, earrings, cosmetics). Final-sale items are always
    /// refused.
    pub exclude_hygiene: bool,
    /// Refund what the customer paid for the original delivery when a return is approved.
    pub refund_shipping: bool,
    /// The merchant pays for return labels (a prepaid label goes to the customer). Only then
    /// is a label's cost weighed against what the goods would fetch again.
    pub prepaid_label: bool,
    /// Where accepted goods that cannot be resold go.
    pub unresellable: Unresellable,
    /// What a return label costs from each customer country, in minor units with currency:
    /// `{"DE": {"amount": 650, "currency": "EUR"}}`.
    pub label_costs: BTreeMap<CountryCode, Money>,
    /// The label cost for countries `label_costs` does not list; `null`: unknown, so goods
    /// from those countries always come back.
    pub default_label_cost: Option<Money>,
    /// The share of the refund value of resellable goods the merchant gets back by selling
    /// them again, in basis points (7000 = 70 %).
    pub recovery_rate_bp: u32,
}

/// What happens to accepted goods that cannot be sold again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unresellable {
    /// To a return warehouse in the customer's country (for inspection, repair or a claim
    /// against the carrier); disposed of locally when there is none.
    #[default]
    LocalWarehouse,
    /// Disposed of locally, never shipped.
    Dispose,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            window_days: 30,
            delivery_grace_days: 7,
            exclude_hygiene: true,
            refund_shipping: false,
            prepaid_label: true,
            unresellable: Unresellable::LocalWarehouse,
            label_costs: BTreeMap::new(),
            default_label_cost: None,
            recovery_rate_bp: 7_000,
        }
    }
}

impl Config {
    /// Reads and checks the merchant's configuration; `invalid_config` names what is wrong.
    pub fn load(ctx: &Ctx) -> Result<Self, PluginError> {
        let config: Config = ctx.config()?;
        config.validate().map_err(|why| PluginError::new("invalid_config", format!("configuration: {why}")))?;
        Ok(config)
    }

    /// Checks ranges: windows of at most ten years, a recovery rate of at most 100 %, label
    /// costs that are not negative.
    pub fn validate(&self) -> Result<(), String> {
        if self.window_days > 3_650 || self.delivery_grace_days > 3_650 {
            return Err("window_days and delivery_grace_days must be at most 3650 (ten years)".into());
        }
        if self.recovery_rate_bp > 10_000 {
            return Err(format!(
                "recovery_rate_bp is {}, above 10000 (100 %); 7000 means resold goods bring back 70 % of their price",
                self.recovery_rate_bp
            ));
        }
        if let Some((country, cost)) = self.label_costs.iter().find(|(_, m)| m.amount < 0) {
            return Err(format!("label_costs.{country} is negative ({cost})"));
        }
        if let Some(cost) = self.default_label_cost.filter(|m| m.amount < 0) {
            return Err(format!("default_label_cost is negative ({cost})"));
        }
        Ok(())
    }

    /// The cost of a return label from `country`, and whether it is the country's own figure
    /// (`false`: the default).
    pub fn label_cost(&self, country: CountryCode) -> Option<(Money, bool)> {
        match self.label_costs.get(&country) {
            Some(cost) => Some((*cost, true)),
            None => self.default_label_cost.map(|cost| (cost, false)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::TestHost;

    fn cc(code: &str) -> CountryCode {
        code.parse().unwrap()
    }

    #[test]
    fn an_empty_config_is_the_default_policy() {
        let config = Config::load(&TestHost::new().ctx()).unwrap();
        assert_eq!(config, Config::default());
        assert_eq!((config.window_days, config.recovery_rate_bp, config.prepaid_label), (30, 7000, true));
        assert_eq!(config.unresellable, Unresellable::LocalWarehouse);
    }

    #[test]
    fn label_costs_are_read_per_country_with_a_default() {
        let host = TestHost::new().with_config(
            r#"{"label_costs": {"DE": {"amount": 650, "currency": "EUR"}, "GB": {"amount": 495, "currency": "GBP"}},
                "default_label_cost": {"amount": 900, "currency": "EUR"}}"#,
        );
        let config = Config::load(&host.ctx()).unwrap();
        let (de, own) = config.label_cost(cc("DE")).unwrap();
        assert_eq!((de.amount, de.currency.as_str(), own), (650, "EUR", true));
        assert_eq!(config.label_cost(cc("GB")).unwrap().0.currency.as_str(), "GBP");
        let (fr, own) = config.label_cost(cc("FR")).unwrap();
        assert_eq!((fr.amount, own), (900, false));
        assert_eq!(Config::default().label_cost(cc("FR")), None);
    }

    #[test]
    fn a_label_cost_table_keyed_by_a_non_country_is_refused() {
        let host = TestHost::new().with_config(r#"{"label_costs": {"Germany": {"amount": 650, "currency": "EUR"}}}"#);
        let err = Config::load(&host.ctx()).unwrap_err();
        assert_eq!(err.code, "invalid_config");
        assert!(err.message.contains("Germany"), "{}", err.message);
    }

    #[test]
    fn a_recovery_rate_above_100_percent_and_negative_costs_are_refused() {
        let host = TestHost::new().with_config(r#"{"recovery_rate_bp": 12000}"#);
        let err = Config::load(&host.ctx()).unwrap_err();
        assert!(err.message.contains("12000") && err.message.contains("70 %"), "{}", err.message);
        let host = TestHost::new().with_config(r#"{"label_costs": {"DE": {"amount": -1, "currency": "EUR"}}}"#);
        assert!(Config::load(&host.ctx()).unwrap_err().message.contains("label_costs.DE is negative"));
        let host = TestHost::new().with_config(r#"{"default_label_cost": {"amount": -5, "currency": "EUR"}}"#);
        assert!(Config::load(&host.ctx()).unwrap_err().message.contains("default_label_cost is negative"));
    }

    #[test]
    fn the_unresellable_policy_is_one_of_two_words() {
        let host = TestHost::new().with_config(r#"{"unresellable": "dispose"}"#);
        assert_eq!(Config::load(&host.ctx()).unwrap().unresellable, Unresellable::Dispose);
        let host = TestHost::new().with_config(r#"{"unresellable": "recycle"}"#);
        let err = Config::load(&host.ctx()).unwrap_err();
        assert!(err.message.contains("unknown variant `recycle`"), "{}", err.message);
    }
}
