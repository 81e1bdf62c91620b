//! The merchant's facts the law turns on: what the consumer was told, who pays for returns,
//! the cheapest standard delivery, which goods fall under an Art. 16 exception, and the
//! public holidays that move a deadline.
//!
//! Nothing here can shorten the statutory right: there is no window to configure (it is 14
//! days), no fee and no way to exclude final-sale goods. `{}` describes a merchant that
//! informed the consumer of the right and of the return cost, does not pay for returns, has
//! not stated its standard delivery cost (so all delivery paid is refunded), reads the
//! `hygiene` flag as "unsealed hygiene goods", knows no public holidays and covers the EU
//! only. Unknown keys are refused; [`Config::validate`] checks the dates and amounts. The
//! schema with the same defaults is `config.schema.json` (see `crate::schema`).

use std::collections::BTreeMap;

use crossdock_sdk::prelude::*;
use serde::{Deserialize, Serialize};

use crate::calendar::Day;

/// One merchant's facts in one market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The consumer was given the information on the right of withdrawal (Art. 6(1)(h)).
    /// `false`: the period runs 12 months longer (Art. 10(1)) and the consumer owes nothing
    /// for diminished value (Art. 14(2)).
    pub withdrawal_info_given: bool,
    /// The consumer was told they bear the direct cost of returning the goods (Art.
    /// 6(1)(i)). `false`: the merchant bears it (Art. 14(1)).
    pub return_costs_informed: bool,
    /// The merchant agreed to bear the direct cost of returning the goods (Art. 14(1)).
    pub trader_pays_return: bool,
    /// The least expensive type of standard delivery the merchant offered; what the
    /// consumer paid above it for a faster delivery is not refunded (Art. 13(2)). `null`:
    /// not stated, so all delivery paid is refunded.
    pub standard_shipping: Option<Money>,
    /// The same per customer country, where it differs from `standard_shipping`.
    pub standard_shipping_by_country: BTreeMap<CountryCode, Money>,
    /// The return request's `hygiene` flag marks sealed hygiene goods whose seal was broken
    /// after delivery (Art. 16(e): no right of withdrawal). `false`: the flag marks only the
    /// kind of goods, so they are accepted and the seal is checked on arrival.
    pub hygiene_flag_means_unsealed: bool,
    /// SKUs that fall under an exception of Art. 16 by their nature.
    pub exceptions: Vec<SkuException>,
    /// Public holidays (`YYYY-MM-DD`) per customer country: a period whose last day is one
    /// ends at the end of the next working day (Regulation (EEC, Euratom) No 1182/71,
    /// Art. 3(4)). Saturdays and Sundays are always known.
    pub public_holidays: BTreeMap<CountryCode, Vec<String>>,
    /// Also cover consumers in Iceland, Liechtenstein and Norway (see `crate::scope`).
    pub include_eea: bool,
    /// When no delivery date was reported, a request up to this many days after the order
    /// plus 14 days is accepted as in time; a later one cannot be judged and is held.
    pub delivery_grace_days: u32,
}

/// An Art. 16 exception that follows from what a SKU is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkuException {
    /// The SKU, or a prefix ending in `*` (`"MUG-NAME-*"`).
    pub sku: String,
    /// Which exception.
    pub exception: Exception,
}

/// The exceptions of Art. 16 that a SKU can carry by itself. (e) and (i) depend on a seal
/// being broken after delivery and (f) on goods having been mixed; the request says that,
/// through the `hygiene` flag for (e).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exception {
    /// (b) goods whose price depends on fluctuations in the financial market.
    MarketPriced,
    /// (c) goods made to the consumer's specifications or clearly personalised.
    Personalised,
    /// (d) goods liable to deteriorate or expire rapidly.
    Perishable,
    /// (g) alcoholic beverages priced at conclusion, delivered after 30 days, whose value
    /// depends on the market.
    MarketPricedAlcohol,
    /// (j) a newspaper, periodical or magazine, other than a subscription.
    Newspaper,
}

impl Exception {
    /// The point of Art. 16 and what it says, for a refused line.
    pub fn reason(self) -> &'static str {
        match self {
            Self::MarketPriced => {
                "Art. 16(b): its price depends on fluctuations in the financial market, so there is no right of \
                 withdrawal"
            }
            Self::Personalised => {
                "Art. 16(c): made to the consumer's specifications or clearly personalised, so there is no right of \
                 withdrawal"
            }
            Self::Perishable => {
                "Art. 16(d): liable to deteriorate or expire rapidly, so there is no right of withdrawal"
            }
            Self::MarketPricedAlcohol => {
                "Art. 16(g): an alcoholic beverage priced at conclusion whose value depends on the market, so there is \
                 no right of withdrawal"
            }
            Self::Newspaper => {
                "Art. 16(j): a newspaper, periodical or magazine outside a subscription, so there is no right of \
                 withdrawal"
            }
        }
    }
}

impl SkuException {
    /// Whether this entry names `sku`.
    pub fn matches(&self, sku: &str) -> bool {
        match self.sku.strip_suffix('*') {
            Some(prefix) => sku.starts_with(prefix),
            None => sku == self.sku,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            withdrawal_info_given: true,
            return_costs_informed: true,
            trader_pays_return: false,
            standard_shipping: None,
            standard_shipping_by_country: BTreeMap::new(),
            hygiene_flag_means_unsealed: true,
            exceptions: Vec::new(),
            public_holidays: BTreeMap::new(),
            include_eea: false,
            delivery_grace_days: 30,
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

    /// Checks what JSON alone does not: real dates, amounts that are not negative, SKU
    /// patterns that name something.
    pub fn validate(&self) -> Result<(), String> {
        for (country, days) in &self.public_holidays {
            if let Some(bad) = days.iter().find(|d| Day::parse(d).is_none()) {
                return Err(format!("public_holidays.{country} has `{bad}`, which is not a date written YYYY-MM-DD"));
            }
        }
        if let Some(cost) = self.standard_shipping.filter(|m| m.amount < 0) {
            return Err(format!("standard_shipping is negative ({cost})"));
        }
        if let Some((country, cost)) = self.standard_shipping_by_country.iter().find(|(_, m)| m.amount < 0) {
            return Err(format!("standard_shipping_by_country.{country} is negative ({cost})"));
        }
        if let Some(e) = self.exceptions.iter().find(|e| e.sku.trim_end_matches('*').is_empty()) {
            return Err(format!("exceptions has the SKU pattern `{}`, which would match every SKU", e.sku));
        }
        if self.delivery_grace_days > 3_650 {
            return Err("delivery_grace_days must be at most 3650 (ten years)".into());
        }
        Ok(())
    }

    /// The merchant's cheapest standard delivery for a customer in `country`, if stated.
    pub fn standard_shipping_for(&self, country: CountryCode) -> Option<Money> {
        self.standard_shipping_by_country.get(&country).copied().or(self.standard_shipping)
    }

    /// Whether `day` is a public holiday in `country`.
    pub fn is_holiday(&self, country: CountryCode, day: Day) -> bool {
        self.public_holidays.get(&country).is_some_and(|days| days.iter().any(|d| Day::parse(d) == Some(day)))
    }

    /// The Art. 16 exception a SKU falls under, if any (the first matching entry).
    pub fn exception_for(&self, sku: &str) -> Option<Exception> {
        self.exceptions.iter().find(|e| e.matches(sku)).map(|e| e.exception)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::TestHost;

    fn load(json: &str) -> Result<Config, PluginError> {
        Config::load(&TestHost::new().with_config(json).ctx())
    }

    fn cc(code: &str) -> CountryCode {
        code.parse().unwrap()
    }

    #[test]
    fn an_empty_config_describes_an_informing_merchant_that_does_not_pay_for_returns() {
        let config = load("{}").unwrap();
        assert_eq!(config, Config::default());
        assert!(config.withdrawal_info_given && config.return_costs_informed && !config.trader_pays_return);
        assert_eq!(config.standard_shipping_for(cc("FR")), None);
    }

    #[test]
    fn there_is_no_window_or_fee_to_configure() {
        for key in ["window_days", "restocking_fee_bp", "exclude_final_sale"] {
            let err = load(&format!(r#"{{"{key}": 30}}"#)).unwrap_err();
            assert!(err.message.contains(&format!("unknown field `{key}`")), "{}", err.message);
        }
    }

    #[test]
    fn the_standard_shipping_of_a_country_overrides_the_general_one() {
        let config = load(
            r#"{"standard_shipping": {"amount": 490, "currency": "EUR"},
                "standard_shipping_by_country": {"FR": {"amount": 390, "currency": "EUR"}}}"#,
        )
        .unwrap();
        assert_eq!(config.standard_shipping_for(cc("FR")).map(|m| m.amount), Some(390));
        assert_eq!(config.standard_shipping_for(cc("DE")).map(|m| m.amount), Some(490));
    }

    #[test]
    fn sku_exceptions_match_exactly_or_by_prefix() {
        let config = load(
            r#"{"exceptions": [{"sku": "MUG-NAME-*", "exception": "personalised"}, {"sku": "FLOWERS", "exception": "perishable"}]}"#,
        )
        .unwrap();
        assert_eq!(config.exception_for("MUG-NAME-CAMILLE"), Some(Exception::Personalised));
        assert_eq!(config.exception_for("FLOWERS"), Some(Exception::Perishable));
        assert_eq!(config.exception_for("FLOWERS-XL"), None);
        assert_eq!(config.exception_for("TEE-M"), None);
        assert!(Exception::Personalised.reason().starts_with("Art. 16(c)"));
        let err = load(r#"{"exceptions": [{"sku": "*", "exception": "perishable"}]}"#).unwrap_err();
        assert!(err.message.contains("would match every SKU"), "{}", err.message);
        let err = load(r#"{"exceptions": [{"sku": "X", "exception": "final_sale"}]}"#).unwrap_err();
        assert!(err.message.contains("unknown variant `final_sale`"), "{}", err.message);
    }

    #[test]
    fn holidays_must_be_real_dates_and_are_read_per_country() {
        let config = load(r#"{"public_holidays": {"FR": ["2026-12-25", "2027-01-01"]}}"#).unwrap();
        let christmas = Day::parse("2026-12-25").unwrap();
        assert!(config.is_holiday(cc("FR"), christmas) && !config.is_holiday(cc("DE"), christmas));
        let err = load(r#"{"public_holidays": {"FR": ["25/12/2026"]}}"#).unwrap_err();
        assert!(err.message.contains("public_holidays.FR has `25/12/2026`"), "{}", err.message);
    }

    #[test]
    fn negative_amounts_are_refused() {
        let err = load(r#"{"standard_shipping": {"amount": -490, "currency": "EUR"}}"#).unwrap_err();
        assert!(err.message.contains("standard_shipping is negative"), "{}", err.message);
        let err = load(r#"{"standard_shipping_by_country": {"DE": {"amount": -1, "currency": "EUR"}}}"#).unwrap_err();
        assert!(err.message.contains("standard_shipping_by_country.DE"), "{}", err.message);
    }
}
