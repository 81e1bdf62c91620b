//! The merchant's FedEx settings: where the API is, which account pays, which services to
//! offer at which level, and how labels are printed.
//!
//! The configuration arrives as JSON through `ctx.config()` and is described by
//! `config.schema.json` (see [`crate::schema`]). Credentials are not configuration: the FedEx
//! API key and secret are the binding's secrets `client_id` and `client_secret`, read with
//! `ctx.secret`, so they never appear in a configuration file or a log. Unknown keys are
//! refused, so a typo such as `"acount_number"` fails loudly.
//!
//! Only the services listed in `services` are offered: FedEx quotes every service it has for a
//! lane, and a merchant decides which of them count as economy, standard or express for its
//! shipping policy. A service's `eta_min_days`/`eta_max_days` are used only when FedEx's quote
//! carries no transit time of its own (it often has none for international lanes, CARRIERS.md
//! §3.2); a quote with neither is left out, with a warning that names the setting.

use crossdock_sdk::prelude::*;
use serde::{Deserialize, Serialize};

/// FedEx's production API (CARRIERS.md §3.1, from FedEx's OpenAPI `servers` [S9]).
pub const PRODUCTION_URL: &str = "https://apis.fedex.com";

/// The whole configuration of one FedEx binding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Base of every endpoint: production, `https://apis-sandbox.fedex.com`, or a test double.
    pub base_url: String,
    /// The 9-digit FedEx account that is quoted and billed (`accountNumber.value`).
    pub account_number: Option<String>,
    /// The services offered, and how each counts for the merchant's policy.
    pub services: Vec<Service>,
    /// The label image FedEx is asked for.
    pub label_format: LabelChoice,
    /// How parcels reach FedEx (`pickupType`).
    pub pickup_type: PickupType,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: PRODUCTION_URL.into(),
            account_number: None,
            services: default_services(),
            label_format: LabelChoice::Pdf,
            pickup_type: PickupType::DropoffAtFedexLocation,
        }
    }
}

/// The services offered when the configuration names none: the three international services
/// CARRIERS.md §3.2 names. The levels are crossdock's reading of FedEx's service names. The one
/// fallback transit time is FedEx's own: International Priority "delivery typically in 1 to 3
/// business days" (fedex.com/bo_english/services/index.html, undated copy, read 2026-11-25).
pub fn default_services() -> Vec<Service> {
    vec![
        Service::new("FEDEX_INTERNATIONAL_PRIORITY_EXPRESS", ServiceLevel::Express, None),
        Service::new("FEDEX_INTERNATIONAL_PRIORITY", ServiceLevel::Express, Some((1, 3))),
        Service::new("INTERNATIONAL_ECONOMY", ServiceLevel::Economy, None),
    ]
}

/// One FedEx service the merchant offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// FedEx's `serviceType`, such as `FEDEX_INTERNATIONAL_PRIORITY`.
    pub service_type: String,
    /// Economy, standard or express, for the merchant's shipping policy.
    pub level: ServiceLevel,
    /// Fewest days to delivery when FedEx's quote gives no transit time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eta_min_days: Option<u32>,
    /// Most days to delivery when FedEx's quote gives no transit time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eta_max_days: Option<u32>,
}

impl Service {
    fn new(service_type: &str, level: ServiceLevel, eta: Option<(u32, u32)>) -> Self {
        Self {
            service_type: service_type.into(),
            level,
            eta_min_days: eta.map(|e| e.0),
            eta_max_days: eta.map(|e| e.1),
        }
    }

    /// The fallback transit time, when both ends are set.
    pub fn fallback_eta(&self) -> Option<(u32, u32)> {
        Some((self.eta_min_days?, self.eta_max_days?))
    }
}

/// The label images FedEx renders (`labelSpecification.imageType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelChoice {
    /// PDF on 4×6 inch paper (`PDF`, `PAPER_4X6`).
    Pdf,
    /// ZPL II for 4×6 inch thermal stock (`ZPLII`, `STOCK_4X6`).
    Zpl,
    /// PNG on 4×6 inch paper (`PNG`, `PAPER_4X6`).
    Png,
}

impl LabelChoice {
    /// FedEx's `imageType`.
    pub fn image_type(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Zpl => "ZPLII",
            Self::Png => "PNG",
        }
    }

    /// FedEx's `labelStockType`: paper for PDF and PNG, thermal stock for ZPL.
    pub fn stock_type(self) -> &'static str {
        match self {
            Self::Pdf | Self::Png => "PAPER_4X6",
            Self::Zpl => "STOCK_4X6",
        }
    }
}

/// How parcels reach FedEx (CARRIERS.md §3.2, `pickupType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PickupType {
    DropoffAtFedexLocation,
    UseScheduledPickup,
    ContactFedexToSchedule,
}

impl PickupType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DropoffAtFedexLocation => "DROPOFF_AT_FEDEX_LOCATION",
            Self::UseScheduledPickup => "USE_SCHEDULED_PICKUP",
            Self::ContactFedexToSchedule => "CONTACT_FEDEX_TO_SCHEDULE",
        }
    }
}

impl Config {
    /// Reads and checks the merchant's configuration. A broken one is refused as an invalid
    /// request whose message starts with `invalid_config` and names the field.
    pub fn load(ctx: &Ctx) -> Result<Self, CarrierError> {
        let mut config: Config = ctx.config().map_err(|e| CarrierError::InvalidRequest(e.to_string()))?;
        config
            .validate()
            .map_err(|why| CarrierError::InvalidRequest(format!("invalid_config: configuration: {why}")))?;
        while config.base_url.ends_with('/') {
            config.base_url.pop();
        }
        Ok(config)
    }

    /// Checks what the JSON shape alone does not.
    pub fn validate(&self) -> Result<(), String> {
        let url = self.base_url.trim();
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() <= "https://".len() {
            return Err(format!("base_url `{}` must be an http(s) URL such as {PRODUCTION_URL}", self.base_url));
        }
        if let Some(account) = &self.account_number
            && (account.trim().is_empty() || account.chars().any(char::is_whitespace))
        {
            return Err("account_number must be the FedEx account number without spaces".into());
        }
        if self.services.is_empty() {
            return Err("services must name at least one FedEx service type".into());
        }
        for (i, service) in self.services.iter().enumerate() {
            if service.service_type.trim().is_empty() {
                return Err(format!("services[{i}].service_type must not be empty"));
            }
            if self.services[..i].iter().any(|s| s.service_type == service.service_type) {
                return Err(format!("services[{i}]: `{}` is listed twice", service.service_type));
            }
            if service.eta_min_days.is_some() != service.eta_max_days.is_some() {
                return Err(format!("services[{i}]: set both eta_min_days and eta_max_days, or neither"));
            }
            if let Some((min, max)) = service.fallback_eta()
                && min > max
            {
                return Err(format!("services[{i}]: eta_min_days is greater than eta_max_days"));
            }
        }
        Ok(())
    }

    /// The account number, which rating, shipping and cancelling need.
    pub fn account(&self) -> Result<&str, CarrierError> {
        self.account_number.as_deref().ok_or_else(|| {
            CarrierError::InvalidRequest(
                "invalid_config: configuration: set `account_number` to the FedEx account that pays for shipments"
                    .into(),
            )
        })
    }

    /// The configured service of this FedEx `serviceType`.
    pub fn service(&self, service_type: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.service_type == service_type)
    }

    /// The configured service types, for messages.
    pub fn service_types(&self) -> String {
        let types: Vec<String> = self.services.iter().map(|s| format!("`{}`", s.service_type)).collect();
        types.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::TestHost;

    #[test]
    fn an_empty_config_is_production_with_the_default_services() {
        let config = Config::load(&TestHost::new().ctx()).unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(config.base_url, "https://apis.fedex.com");
        assert_eq!(config.service("INTERNATIONAL_ECONOMY").map(|s| s.level), Some(ServiceLevel::Economy));
    }

    #[test]
    fn a_missing_account_number_is_named_when_it_is_needed() {
        let config = Config::default();
        let err = config.account().unwrap_err();
        assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("account_number")), "{err}");
    }

    #[test]
    fn a_trailing_slash_on_the_base_url_is_dropped() {
        let host = TestHost::new().with_config(r#"{"base_url": "http://127.0.0.1:8091/fedex/"}"#);
        assert_eq!(Config::load(&host.ctx()).unwrap().base_url, "http://127.0.0.1:8091/fedex");
    }

    #[test]
    fn mistakes_are_refused_with_the_field_named() {
        for (json, expected) in [
            (r#"{"acount_number": "1"}"#, "unknown field `acount_number`"),
            (r#"{"base_url": "apis.fedex.com"}"#, "base_url"),
            (r#"{"account_number": "740 561 073"}"#, "account_number"),
            (r#"{"services": []}"#, "at least one"),
            (r#"{"services": [{"service_type": "A", "level": "express", "eta_min_days": 1}]}"#, "both"),
            (
                r#"{"services": [{"service_type": "A", "level": "express", "eta_min_days": 4, "eta_max_days": 2}]}"#,
                "greater",
            ),
            (
                r#"{"services": [{"service_type": "A", "level": "express"}, {"service_type": "A", "level": "economy"}]}"#,
                "twice",
            ),
            (r#"{"label_format": "gif"}"#, "unknown variant"),
            (r#"{"pickup_type": "dropoff"}"#, "unknown variant"),
        ] {
            let host = TestHost::new().with_config(json);
            let err = Config::load(&host.ctx()).unwrap_err();
            assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains(expected)), "{json}: {err}");
        }
    }

    #[test]
    fn label_choices_name_fedex_image_and_stock_types() {
        assert_eq!((LabelChoice::Pdf.image_type(), LabelChoice::Pdf.stock_type()), ("PDF", "PAPER_4X6"));
        assert_eq!((LabelChoice::Zpl.image_type(), LabelChoice::Zpl.stock_type()), ("ZPLII", "STOCK_4X6"));
        assert_eq!((LabelChoice::Png.image_type(), LabelChoice::Png.stock_type()), ("PNG", "PAPER_4X6"));
    }
}
