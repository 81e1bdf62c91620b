//! The merchant's configuration of customs-sg, in one place: the Rust type the plugin reads and
//! the JSON Schema (draft 2020-12) it publishes in its metadata.
//!
//! The two describe the same object and cannot drift: unit tests check that the schema names
//! exactly the struct's fields, that every schema default equals the struct's `Default`, and that
//! both refuse unknown keys.

use serde::{Deserialize, Serialize};

use crossdock_sdk::PluginError;

/// How the goods travel: the declaration forms differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Express or courier: a commercial invoice travels with the goods.
    #[default]
    Courier,
    /// A postal operator (UPU): CN22 or CN23 as well; counts as "by post" for the SGD 400 rules.
    Postal,
}

/// How a courier consignment reaches Singapore: the low-value rules cover air (and post) only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    #[default]
    Air,
    Sea,
    Land,
}

/// IMF rate of 2025-10-20: 1.76799 SGD per SDR ("currency units per SDR", IMF Treasury table as
/// published by Business Recorder on 2025-10-21). Used only to choose between CN22 and CN23.
pub const SDR_SGD_MICROS_DEFAULT: u64 = 1_767_990;
/// The date of [`SDR_SGD_MICROS_DEFAULT`].
pub const SDR_SGD_AS_OF_DEFAULT: &str = "2025-10-20";

/// The merchant's settings for this plugin in the Singapore market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Registered with IRAS under the overseas vendor registration regime (or selling through a
    /// marketplace that is): GST on low-value goods is then charged at checkout.
    pub ovr_registered: bool,
    /// The GST registration number (such as M90312345A or a UEN), given to the carrier so that
    /// GST is not charged again at import.
    pub gst_registration_number: Option<String>,
    /// `air`, `sea` or `land`, for courier consignments: only air (and post) get the low-value rules.
    pub transport: Transport,
    /// `courier` or `postal`.
    pub channel: Channel,
    /// List a certificate of origin (some buyers ask for one); Singapore charges no customs duty
    /// on non-dutiable goods, so a preference changes no figure.
    pub claim_preference: bool,
    /// Singapore dollars per SDR × 1,000,000, for the CN22 limit of 300 SDR.
    pub sdr_sgd_micros: u64,
    /// YYYY-MM-DD of `sdr_sgd_micros`.
    pub sdr_sgd_as_of: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            ovr_registered: false,
            gst_registration_number: None,
            transport: Transport::Air,
            channel: Channel::Courier,
            claim_preference: false,
            sdr_sgd_micros: SDR_SGD_MICROS_DEFAULT,
            sdr_sgd_as_of: SDR_SGD_AS_OF_DEFAULT.to_owned(),
        }
    }
}

impl Config {
    /// Checks what serde cannot: the registration number's shape and the SDR figure.
    pub fn validate(&self) -> Result<(), PluginError> {
        if let Some(number) = &self.gst_registration_number {
            let chars: Vec<char> = number.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
            if !(9..=10).contains(&chars.len()) || !chars.iter().all(char::is_ascii_alphanumeric) {
                return Err(PluginError::new(
                    "invalid_config",
                    format!(
                        "gst_registration_number `{number}` is not a Singapore GST registration number: 9 or 10 \
                         letters and digits, such as M90312345A or a UEN; correct it or remove the setting"
                    ),
                ));
            }
        }
        if !crossdock_sdk::customs::table::is_date(&self.sdr_sgd_as_of) {
            return Err(PluginError::new(
                "invalid_config",
                format!("sdr_sgd_as_of `{}` is not a date: write it as YYYY-MM-DD", self.sdr_sgd_as_of),
            ));
        }
        if self.sdr_sgd_micros == 0 {
            return Err(PluginError::new(
                "invalid_config",
                "sdr_sgd_micros must be the Singapore dollars per SDR times 1,000,000 (1767990 for 1.76799), not 0",
            ));
        }
        Ok(())
    }
}

/// The JSON Schema of [`Config`], published in the plugin's metadata.
pub const SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://crossdock.dev/plugins/customs-sg/config.schema.json",
  "title": "customs-sg merchant configuration",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "ovr_registered": {
      "description": "You (or the marketplace you sell through) are GST-registered under Singapore's overseas vendor registration regime: GST on items of at most SGD 400 sold by air or post is charged at checkout. Registration is required above SGD 1 million of global turnover and SGD 100,000 of sales to Singapore consumers.",
      "type": "boolean",
      "default": false
    },
    "gst_registration_number": {
      "description": "Your Singapore GST registration number (9 or 10 letters and digits), given to the carrier so GST is not charged again at import.",
      "type": ["string", "null"],
      "pattern": "^[A-Za-z0-9 -]{9,12}$",
      "default": null
    },
    "transport": {
      "description": "How courier consignments reach Singapore: air, sea or land. Only air (and post) get the SGD 400 low-value rules.",
      "enum": ["air", "sea", "land"],
      "default": "air"
    },
    "channel": {
      "description": "How the goods travel: courier (commercial invoice) or postal (CN22 or CN23 as well).",
      "enum": ["courier", "postal"],
      "default": "courier"
    },
    "claim_preference": {
      "description": "List a certificate of origin among the documents. Singapore charges no customs duty on non-dutiable goods, so no figure changes.",
      "type": "boolean",
      "default": false
    },
    "sdr_sgd_micros": {
      "description": "Singapore dollars per SDR times 1,000,000, for the 300 SDR limit between CN22 and CN23. Default: IMF rate of 2025-10-20.",
      "type": "integer",
      "minimum": 1,
      "default": 1767990
    },
    "sdr_sgd_as_of": {
      "description": "Date (YYYY-MM-DD) of sdr_sgd_micros.",
      "type": "string",
      "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
      "default": "2025-10-20"
    }
  }
}"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::{TestHost, check_config_schema};

    #[test]
    fn the_schema_is_closed_draft_2020_12_naming_the_config_fields_with_their_defaults() {
        check_config_schema::<Config>(SCHEMA);
        assert!(Config::default().validate().is_ok());
        let err = TestHost::new().with_config(r#"{"transport": "rail"}"#).ctx().config::<Config>();
        assert_eq!(err.unwrap_err().code, "invalid_config");
    }

    #[test]
    fn a_gst_registration_number_has_9_or_10_letters_and_digits() {
        let with = |n: &str| Config { gst_registration_number: Some(n.into()), ..Config::default() };
        assert!(with("M90312345A").validate().is_ok());
        assert!(with("201912345K").validate().is_ok());
        assert!(with("M9031").validate().unwrap_err().message.contains("9 or 10"));
        assert!(with("M9031234#A").validate().is_err());
        assert!(Config { sdr_sgd_micros: 0, ..Config::default() }.validate().is_err());
        assert!(Config { sdr_sgd_as_of: "soon".into(), ..Config::default() }.validate().is_err());
    }
}
