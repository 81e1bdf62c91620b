//! The binding's configuration: where MyDHL API lives, the account, which products to offer,
//! the label format, and the shipper's contact details.
//!
//! Credentials are not configuration: the MyDHL API username and password are the binding
//! secrets `username` and `password` (see [`crate`]). Every field has a default except
//! `account_number`, which DHL needs to price and to bill; unknown keys are refused so that a
//! typo fails loudly. The JSON Schema is `config.schema.json` ([`CONFIG_SCHEMA`]).

use crossdock_sdk::carrier::parse_offset;
use crossdock_sdk::prelude::*;
use serde::Deserialize;

/// The schema as JSON text, as `metadata().config_schema` gives it.
pub const CONFIG_SCHEMA: &str = include_str!("config.schema.json");

/// MyDHL API production base URL (CARRIERS.md §1.1, from the MyDHL OpenAPI 3.1.1 `servers`,
/// read 2026-11-25).
pub const PRODUCTION_URL: &str = "https://express.api.dhl.com/mydhlapi";

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// MyDHL API base URL, without a trailing slash: production, the test environment
    /// (`…/mydhlapi/test`), or a double in tests.
    pub base_url: String,
    /// The DHL Express account (shipper account number) that prices and pays.
    pub account_number: String,
    /// Product codes to offer, in order of preference (`P` EXPRESS WORLDWIDE, `Y` EXPRESS
    /// 12:00, `W` ECONOMY SELECT, …). Empty offers every product DHL quotes, in DHL's order.
    pub products: Vec<String>,
    /// The label image DHL renders: PDF or ZPL (DHL offers no PNG).
    pub label_format: LabelChoice,
    /// The UTC offset of the warehouse clock, such as `+08:00`: DHL reads the planned
    /// shipping time as local time at the origin.
    pub origin_utc_offset: String,
    /// Contact details for the shipper, used where the shipment's origin address lacks them.
    pub shipper: ShipperContact,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: PRODUCTION_URL.into(),
            account_number: String::new(),
            products: Vec::new(),
            label_format: LabelChoice::Pdf,
            origin_utc_offset: "+00:00".into(),
            shipper: ShipperContact::default(),
        }
    }
}

/// The label formats this adapter asks DHL for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelChoice {
    #[default]
    Pdf,
    Zpl,
}

impl LabelChoice {
    /// The value of DHL's `outputImageProperties.encodingFormat`.
    pub fn encoding_format(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Zpl => "zpl",
        }
    }

    pub fn format(self) -> LabelFormat {
        match self {
            Self::Pdf => LabelFormat::Pdf,
            Self::Zpl => LabelFormat::Zpl,
        }
    }
}

/// The shipper's contact, for DHL's required `contactInformation`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShipperContact {
    pub company_name: Option<String>,
    pub full_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A configuration checked for what JSON Schema cannot say.
#[derive(Debug, Clone)]
pub struct Checked {
    pub config: Config,
    /// `origin_utc_offset` in seconds.
    pub origin_offset: i32,
}

impl Checked {
    /// Reads and checks the binding's configuration. Problems are `InvalidRequest`s that name
    /// the field to fix.
    pub fn load(ctx: &Ctx) -> Result<Self, CarrierError> {
        let config: Config =
            ctx.config().map_err(|e| CarrierError::InvalidRequest(format!("configuration: {}", e.message)))?;
        let origin_offset = parse_offset(&config.origin_utc_offset)
            .map_err(|e| CarrierError::InvalidRequest(format!("configuration `origin_utc_offset`: {e}")))?;
        if !(config.base_url.starts_with("https://") || config.base_url.starts_with("http://")) {
            return Err(CarrierError::InvalidRequest(format!(
                "configuration `base_url`: `{}` is not an http(s) URL; the production URL is {PRODUCTION_URL}",
                config.base_url
            )));
        }
        Ok(Self { config, origin_offset })
    }

    /// The account number, or `InvalidRequest` saying to set it.
    pub fn account(&self) -> Result<&str, CarrierError> {
        let account = self.config.account_number.trim();
        if account.is_empty() {
            return Err(CarrierError::InvalidRequest(
                "configuration `account_number`: set the DHL Express account number that prices and pays".into(),
            ));
        }
        Ok(account)
    }

    /// `base_url` joined with `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_url.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn schema() -> Value {
        serde_json::from_str(CONFIG_SCHEMA).unwrap()
    }

    #[test]
    fn the_schema_defaults_are_the_default_config() {
        let schema = schema();
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["additionalProperties"], false);
        let defaults: serde_json::Map<String, Value> =
            schema["properties"].as_object().unwrap().iter().map(|(k, p)| (k.clone(), p["default"].clone())).collect();
        let config: Config = serde_json::from_value(Value::Object(defaults)).unwrap();
        assert_eq!(config, Config::default());
        let empty: Config = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, Config::default());
    }

    #[test]
    fn the_schema_names_exactly_the_config_fields() {
        let schema = schema();
        let mut keys: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["account_number", "base_url", "label_format", "origin_utc_offset", "products", "shipper"]);
        let mut shipper: Vec<&String> =
            schema["properties"]["shipper"]["properties"].as_object().unwrap().keys().collect();
        shipper.sort();
        assert_eq!(shipper, ["company_name", "email", "full_name", "phone"]);
        for format in schema["properties"]["label_format"]["enum"].as_array().unwrap() {
            serde_json::from_value::<LabelChoice>(format.clone()).unwrap();
        }
    }

    #[test]
    fn a_typo_in_the_config_is_refused() {
        assert!(serde_json::from_str::<Config>(r#"{"acount_number": "1"}"#).is_err());
    }
}
