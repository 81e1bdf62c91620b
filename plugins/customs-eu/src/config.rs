//! The merchant's configuration of customs-eu, in one place: the Rust type the plugin reads and
//! the JSON Schema (draft 2020-12) it publishes in its metadata.
//!
//! The two describe the same object and cannot drift: unit tests check that the schema names
//! exactly the struct's fields, that every schema default equals the struct's `Default`, and that
//! the schema, like the struct, refuses unknown keys. A setting added to one and not the other
//! fails `cargo test`.

use serde::{Deserialize, Serialize};

use crate::rules;
use crossdock_sdk::PluginError;

/// How the goods travel: the declaration forms differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Express or courier: a commercial invoice travels with the goods.
    #[default]
    Courier,
    /// A postal operator (UPU): CN22 or CN23, and the commercial invoice.
    Postal,
}

/// IMF rate of 2025-10-20: 1.17176 EUR per SDR ("currency units per SDR", IMF Treasury table as
/// published by Business Recorder on 2025-10-21). Used only to choose between CN22 and CN23.
pub const SDR_EUR_MICROS_DEFAULT: u64 = 1_171_760;
/// The date of [`SDR_EUR_MICROS_DEFAULT`].
pub const SDR_EUR_AS_OF_DEFAULT: &str = "2025-10-20";

/// The merchant's settings for this plugin in one market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The merchant's IOSS number: VAT on consignments ≤ €150 is then charged at checkout and
    /// the import is VAT-exempt. Without it, import VAT is collected at the border.
    pub ioss_number: Option<String>,
    /// `courier` or `postal`.
    pub channel: Channel,
    /// Under IOSS, also charge VAT on the customs duty (for merchants who pass the duty on to
    /// the buyer in the checkout price, which makes it part of the taxable amount).
    pub ioss_vat_on_duty: bool,
    /// Claim a tariff preference for goods of preferential origin: a certificate (or statement)
    /// of origin is then listed among the documents. Preferential rates themselves are not
    /// applied.
    pub claim_preference: bool,
    /// Euros per SDR × 1,000,000, for the CN22/CN23 limit of 300 SDR.
    pub sdr_eur_micros: u64,
    /// YYYY-MM-DD of `sdr_eur_micros`.
    pub sdr_eur_as_of: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            ioss_number: None,
            channel: Channel::Courier,
            ioss_vat_on_duty: false,
            claim_preference: false,
            sdr_eur_micros: SDR_EUR_MICROS_DEFAULT,
            sdr_eur_as_of: SDR_EUR_AS_OF_DEFAULT.to_owned(),
        }
    }
}

impl Config {
    /// Checks what serde cannot: the shape of the IOSS number and the SDR figure.
    pub fn validate(&self) -> Result<(), PluginError> {
        if let Some(ioss) = &self.ioss_number
            && !rules::is_ioss_number(ioss)
        {
            return Err(PluginError::new(
                "invalid_config",
                format!(
                    "ioss_number `{ioss}` is not an IOSS number: `IM` followed by 10 digits, such as IM2760000001; \
                     correct it or remove it to have import VAT collected at the border"
                ),
            ));
        }
        let b = self.sdr_eur_as_of.as_bytes();
        let is_date = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
        if !is_date {
            return Err(PluginError::new(
                "invalid_config",
                format!("sdr_eur_as_of `{}` is not a date: write it as YYYY-MM-DD", self.sdr_eur_as_of),
            ));
        }
        if self.sdr_eur_micros == 0 {
            return Err(PluginError::new(
                "invalid_config",
                "sdr_eur_micros must be the euros per SDR times 1,000,000 (1171760 for 1.17176), not 0",
            ));
        }
        Ok(())
    }
}

/// The JSON Schema of [`Config`], published in the plugin's metadata.
pub const SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://crossdock.dev/plugins/customs-eu/config.schema.json",
  "title": "customs-eu merchant configuration",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "ioss_number": {
      "description": "Your IOSS number (IM followed by 10 digits). With it, VAT on consignments of at most 150 EUR is charged at checkout and the import is VAT-exempt; without it, import VAT is collected at the border.",
      "type": ["string", "null"],
      "pattern": "^IM[0-9]{10}$",
      "default": null
    },
    "channel": {
      "description": "How the goods travel: courier (commercial invoice) or postal (CN22 or CN23 as well).",
      "enum": ["courier", "postal"],
      "default": "courier"
    },
    "ioss_vat_on_duty": {
      "description": "Under IOSS, also charge VAT on the customs duty. Turn on if you pass the duty on to the buyer in the checkout price.",
      "type": "boolean",
      "default": false
    },
    "claim_preference": {
      "description": "List a certificate or statement of origin among the documents, to claim a tariff preference. Preferential rates are not applied by this plugin.",
      "type": "boolean",
      "default": false
    },
    "sdr_eur_micros": {
      "description": "Euros per SDR times 1,000,000, for the 300 SDR limit between CN22 and CN23. Default: IMF rate of 2025-10-20.",
      "type": "integer",
      "minimum": 1,
      "default": 1171760
    },
    "sdr_eur_as_of": {
      "description": "Date (YYYY-MM-DD) of sdr_eur_micros.",
      "type": "string",
      "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
      "default": "2025-10-20"
    }
  }
}"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::check_config_schema;

    fn schema() -> serde_json::Value {
        serde_json::from_str(SCHEMA).unwrap()
    }

    #[test]
    fn the_schema_is_closed_draft_2020_12_naming_the_config_fields_with_their_defaults() {
        check_config_schema::<Config>(SCHEMA);
    }

    #[test]
    fn the_channel_enum_matches_the_schema() {
        let schema = schema();
        let allowed: Vec<&str> =
            schema["properties"]["channel"]["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        for name in &allowed {
            let config: Config = serde_json::from_str(&format!(r#"{{"channel": "{name}"}}"#)).unwrap();
            assert_eq!(serde_json::to_value(config.channel).unwrap(), *name);
        }
        assert_eq!(allowed, ["courier", "postal"]);
        assert!(serde_json::from_str::<Config>(r#"{"channel": "pigeon"}"#).is_err());
    }

    #[test]
    fn a_malformed_ioss_number_is_a_config_error_saying_what_to_do() {
        let config = Config { ioss_number: Some("DE123".into()), ..Config::default() };
        let err = config.validate().unwrap_err();
        assert_eq!(err.code, "invalid_config");
        assert!(err.message.contains("IM followed by 10 digits") || err.message.contains("`IM` followed by 10 digits"));
        let ok = Config { ioss_number: Some("IM2760000001".into()), ..Config::default() };
        assert!(ok.validate().is_ok());
        let zero = Config { sdr_eur_micros: 0, ..Config::default() };
        assert!(zero.validate().is_err());
        let undated = Config { sdr_eur_as_of: "20 Oct 2025".into(), ..Config::default() };
        assert!(undated.validate().unwrap_err().message.contains("YYYY-MM-DD"));
    }
}
