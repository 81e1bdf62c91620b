//! The merchant's return policy: window, exclusions, fees, shipping refund, labels.
//!
//! It arrives as JSON through `ctx.config()`; every field has a default, so `{}` is a common
//! policy: 30 days from delivery, final-sale and hygiene items excluded, no restocking fee,
//! shipping not refunded, the customer pays for the return. Unknown keys are refused, so a
//! typo fails loudly. [`Config::validate`] checks the ranges JSON alone does not enforce.
//! The schema with the same defaults is `config.schema.json` (see `crate::schema`).

use crossdock_sdk::prelude::*;
use serde::{Deserialize, Serialize};

/// The return policy of one merchant in one market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Days the customer has to ask for a return, counted from delivery. The window closes at
    /// the end of its last day (UTC).
    pub window_days: u32,
    /// When the delivery date is unknown, the window starts this many days after the order.
    pub delivery_grace_days: u32,
    /// Refuse hygiene items (underwear, earrings, cosmetics). Final-sale items are always
    /// refused.
    pub exclude_hygiene: bool,
    /// Restocking fee in basis points (1000 = 10 %) of the refund of eligible items.
    pub restocking_fee_bp: u32,
    /// Return reasons that are the merchant's fault and carry no restocking fee. Compared
    /// case-insensitively, with spaces and hyphens read as underscores.
    pub fee_exempt_reasons: Vec<String>,
    /// Refund what the customer paid for the original delivery when a return is approved.
    pub refund_shipping: bool,
    /// Provide a prepaid return label in every country.
    pub prepaid_label: bool,
    /// Provide a prepaid return label for customers in these countries (on top of
    /// `prepaid_label`). Elsewhere the customer pays for the return.
    pub prepaid_label_countries: Vec<CountryCode>,
    /// Refund without taking the goods back when the items' refund is below this amount
    /// (the return would cost more than the goods are worth). Applies only to returns in the
    /// same currency. `null`: always take goods back.
    pub keep_item_under: Option<Money>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            window_days: 30,
            delivery_grace_days: 7,
            exclude_hygiene: true,
            restocking_fee_bp: 0,
            fee_exempt_reasons: ["damaged", "defective", "wrong_item", "not_as_described"].map(String::from).into(),
            refund_shipping: false,
            prepaid_label: false,
            prepaid_label_countries: Vec::new(),
            keep_item_under: None,
        }
    }
}

/// A reason as compared: lower case, spaces and hyphens as underscores.
pub fn normalise_reason(reason: &str) -> String {
    reason.trim().to_lowercase().chars().map(|c| if c == ' ' || c == '-' { '_' } else { c }).collect()
}

impl Config {
    /// Reads and checks the merchant's configuration; `invalid_config` names what is wrong.
    pub fn load(ctx: &Ctx) -> Result<Self, PluginError> {
        let config: Config = ctx.config()?;
        config.validate().map_err(|why| PluginError::new("invalid_config", format!("configuration: {why}")))?;
        Ok(config)
    }

    /// Checks ranges: a fee of at most 100 %, a window of at most ten years, a threshold
    /// that is not negative.
    pub fn validate(&self) -> Result<(), String> {
        if self.restocking_fee_bp > 10_000 {
            return Err(format!(
                "restocking_fee_bp is {}, above 10000 (100 %); 1000 is a 10 % fee",
                self.restocking_fee_bp
            ));
        }
        if self.window_days > 3_650 || self.delivery_grace_days > 3_650 {
            return Err("window_days and delivery_grace_days must be at most 3650 (ten years)".into());
        }
        if self.keep_item_under.is_some_and(|m| m.amount < 0) {
            return Err("keep_item_under must not be negative".into());
        }
        Ok(())
    }

    /// Whether `reason` carries no restocking fee.
    pub fn fee_exempt(&self, reason: &str) -> bool {
        let reason = normalise_reason(reason);
        self.fee_exempt_reasons.iter().any(|r| normalise_reason(r) == reason)
    }

    /// Whether a customer in `country` gets a prepaid label.
    pub fn prepaid_in(&self, country: CountryCode) -> bool {
        self.prepaid_label || self.prepaid_label_countries.contains(&country)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::TestHost;

    #[test]
    fn an_empty_config_is_the_default_policy() {
        let config = Config::load(&TestHost::new().ctx()).unwrap();
        assert_eq!(config, Config::default());
        assert_eq!((config.window_days, config.exclude_hygiene, config.restocking_fee_bp), (30, true, 0));
    }

    #[test]
    fn a_fee_above_100_percent_is_refused_with_an_example() {
        let host = TestHost::new().with_config(r#"{"restocking_fee_bp": 15000}"#);
        let err = Config::load(&host.ctx()).unwrap_err();
        assert_eq!(err.code, "invalid_config");
        assert!(err.message.contains("15000") && err.message.contains("10 %"), "{}", err.message);
    }

    #[test]
    fn a_typo_in_a_key_is_refused() {
        let host = TestHost::new().with_config(r#"{"window_day": 14}"#);
        let err = Config::load(&host.ctx()).unwrap_err();
        assert_eq!(err.code, "invalid_config");
        assert!(err.message.contains("unknown field `window_day`"), "{}", err.message);
    }

    #[test]
    fn fee_exempt_reasons_match_however_they_are_written() {
        let config = Config::default();
        assert!(config.fee_exempt("Wrong item"));
        assert!(config.fee_exempt(" not-as-described "));
        assert!(config.fee_exempt("DAMAGED"));
        assert!(!config.fee_exempt("wrong_size"));
        assert!(!config.fee_exempt("changed my mind"));
    }

    #[test]
    fn prepaid_labels_go_everywhere_or_to_the_listed_countries() {
        let fr: CountryCode = "FR".parse().unwrap();
        assert!(!Config::default().prepaid_in(fr));
        let listed = Config { prepaid_label_countries: vec![fr], ..Config::default() };
        assert!(listed.prepaid_in(fr) && !listed.prepaid_in("DE".parse().unwrap()));
        assert!(Config { prepaid_label: true, ..Config::default() }.prepaid_in("US".parse().unwrap()));
    }
}
