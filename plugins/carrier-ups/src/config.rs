//! The binding's configuration: where UPS is, which account ships, which services to offer,
//! and how labels are printed. The credentials are not here but in the binding's secrets
//! (`client_id`, `client_secret`; see the crate docs).
//!
//! Every field has a default except `account_number`, which the schema requires: UPS bills
//! every label and negotiated price to it. Unknown keys are refused, so a typo fails loudly.
//! The JSON Schema is `config.schema.json` beside this file; the tests below keep the two in
//! step.

use crossdock_sdk::prelude::*;
use serde::{Deserialize, Serialize};

use crate::services::DEFAULT_CODES;

/// UPS's production host (UPS `Rating.yaml` servers; CARRIERS.md §2.1, read 2026-11-25). The
/// API lives under `/api`, the token under `/security/v1/oauth/token`; the customer
/// integration environment is `https://wwwcie.ups.com`.
pub const PRODUCTION_URL: &str = "https://onlinetools.ups.com";

/// The configuration schema, as `metadata().config_schema` gives it.
pub const CONFIG_SCHEMA: &str = include_str!("config.schema.json");

/// The configuration of one UPS binding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Scheme and host of UPS's API, without `/api`.
    pub base_url: String,
    /// The 6-character UPS account (shipper) number.
    pub account_number: String,
    /// UPS service codes to offer, such as `65` (Worldwide Saver); empty offers every
    /// service UPS quotes on the lane.
    pub services: Vec<String>,
    /// How UPS prints labels.
    pub label_format: LabelChoice,
    /// Ask for the account's negotiated prices and quote them when UPS returns them.
    pub negotiated_rates: bool,
    /// The currency the goods' value is declared in for time in transit and the customs
    /// invoice. UPS reads the value only in the origin country's currency, so a CN shipper sets
    /// `CNY`; the host's FX table converts. `null` declares it in the shipment's currency.
    pub invoice_currency: Option<CurrencyCode>,
    /// Days in transit reported for a service UPS quotes without a time in transit: a
    /// deliberately slow figure, so such a service never wins on speed. Not a UPS figure.
    pub transit_days_if_unknown: u32,
    /// The shipper's name when the shipment's origin has neither a company nor a person's
    /// name (UPS requires one on a label).
    pub shipper_name: Option<String>,
    /// The shipper's phone when the shipment's origin has none (UPS requires one on a label).
    pub shipper_phone: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: PRODUCTION_URL.to_owned(),
            account_number: String::new(),
            services: DEFAULT_CODES.iter().map(|c| (*c).to_owned()).collect(),
            label_format: LabelChoice::Png,
            negotiated_rates: false,
            invoice_currency: None,
            transit_days_if_unknown: 10,
            shipper_name: None,
            shipper_phone: None,
        }
    }
}

/// The label image UPS is asked for. UPS has no PDF label, and GIF (its default) is not a
/// format crossdock stores, so the choice is PNG or ZPL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelChoice {
    /// A PNG image for ordinary printers.
    #[default]
    Png,
    /// ZPL II for 4×6 inch thermal printers.
    Zpl,
}

impl LabelChoice {
    /// `LabelImageFormat.Code`.
    pub fn ups_code(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Zpl => "ZPL",
        }
    }

    pub fn format(self) -> LabelFormat {
        match self {
            Self::Png => LabelFormat::Png,
            Self::Zpl => LabelFormat::Zpl,
        }
    }
}

impl Config {
    /// Reads and checks the configuration. A malformed one is `InvalidRequest`; a missing
    /// account number is `AuthFailed`, like a missing credential.
    pub fn load(ctx: &Ctx) -> Result<Self, CarrierError> {
        let config: Self = ctx.config().map_err(|e| CarrierError::InvalidRequest(e.message))?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), CarrierError> {
        let base = self.base_url.trim();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(CarrierError::InvalidRequest(format!(
                "`base_url` must be an http(s) URL such as {PRODUCTION_URL}, not `{base}`"
            )));
        }
        if self.account_number.trim().is_empty() {
            return Err(CarrierError::AuthFailed(
                "the UPS binding has no account number: set `account_number` to the 6-character UPS shipper number"
                    .into(),
            ));
        }
        Ok(())
    }

    /// `base_url` without a trailing slash.
    pub fn base(&self) -> &str {
        self.base_url.trim().trim_end_matches('/')
    }

    pub fn account(&self) -> &str {
        self.account_number.trim()
    }

    /// Whether the binding offers `code`.
    pub fn offers(&self, code: &str) -> bool {
        self.services.is_empty() || self.services.iter().any(|s| s.trim() == code)
    }

    /// The offered codes, for messages.
    pub fn offered(&self) -> String {
        if self.services.is_empty() { "every UPS service".to_owned() } else { self.services.join(", ") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::{ConfigSchemaCheck, TestHost};
    use serde_json::Value;

    fn schema() -> Value {
        serde_json::from_str(CONFIG_SCHEMA).unwrap()
    }

    #[test]
    fn the_schema_is_closed_draft_2020_12_naming_the_config_fields_and_requiring_the_account() {
        ConfigSchemaCheck::new(CONFIG_SCHEMA).required(&["account_number"]).check::<Config>();
    }

    #[test]
    fn the_schema_label_formats_parse_and_its_description_names_the_secrets() {
        let schema = schema();
        for v in schema["properties"]["label_format"]["enum"].as_array().unwrap() {
            serde_json::from_value::<LabelChoice>(v.clone()).unwrap();
        }
        let description = schema["description"].as_str().unwrap();
        assert!(description.contains("client_id") && description.contains("client_secret"), "{description}");
    }

    #[test]
    fn a_missing_account_number_is_an_auth_failure_saying_what_to_set() {
        let host = TestHost::new().with_config("{}");
        let err = Config::load(&host.ctx()).unwrap_err();
        assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("account_number")), "{err:?}");
    }

    #[test]
    fn an_unknown_key_or_a_bad_url_is_an_invalid_request() {
        let host = TestHost::new().with_config(r#"{"account_number": "A1B2C3", "service": ["65"]}"#);
        assert!(matches!(Config::load(&host.ctx()), Err(CarrierError::InvalidRequest(_))));
        let host = TestHost::new().with_config(r#"{"account_number": "A1B2C3", "base_url": "onlinetools.ups.com"}"#);
        let err = Config::load(&host.ctx()).unwrap_err();
        assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("base_url")), "{err:?}");
    }

    #[test]
    fn an_empty_service_list_offers_everything() {
        let config = Config { services: vec![], ..Config::default() };
        assert!(config.offers("96"));
        assert!(Config::default().offers("65"));
        assert!(!Config::default().offers("03"));
    }
}
