//! The merchant's configuration of customs-us, in one place: the Rust type the plugin reads and
//! the JSON Schema (draft 2020-12) it publishes in its metadata.
//!
//! The two describe the same object and cannot drift: unit tests check that the schema names
//! exactly the struct's fields, that every schema default equals the struct's `Default`, and that
//! the schema, like the struct, refuses unknown keys.

use serde::{Deserialize, Serialize};

use crossdock_sdk::PluginError;

/// How the goods travel: the declaration and, in some periods, the duty differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Express or courier: a commercial invoice travels with the goods.
    #[default]
    Courier,
    /// A postal operator (UPU): CN22 or CN23 as well.
    Postal,
}

/// IMF rate of 2025-10-20: 1.36568 US dollars per SDR ("currency units per SDR", IMF Treasury
/// table as published by Business Recorder on 2025-10-21). Used only to choose between CN22 and
/// CN23.
pub const SDR_USD_MICROS_DEFAULT: u64 = 1_365_680;
/// The date of [`SDR_USD_MICROS_DEFAULT`].
pub const SDR_USD_AS_OF_DEFAULT: &str = "2025-10-20";

/// The merchant's settings for this plugin in the US market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `courier` or `postal`.
    pub channel: Channel,
    /// Claim USMCA preference for goods whose country of origin is Canada or Mexico: they enter
    /// duty-free and outside the Section 122 surcharge, and a certification of origin is listed
    /// among the documents. Only for goods that qualify under the USMCA rules of origin.
    pub claim_preference: bool,
    /// US dollars per SDR × 1,000,000, for the CN22 limit of 300 SDR.
    pub sdr_usd_micros: u64,
    /// YYYY-MM-DD of `sdr_usd_micros`.
    pub sdr_usd_as_of: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            channel: Channel::Courier,
            claim_preference: false,
            sdr_usd_micros: SDR_USD_MICROS_DEFAULT,
            sdr_usd_as_of: SDR_USD_AS_OF_DEFAULT.to_owned(),
        }
    }
}

impl Config {
    /// Checks what serde cannot: the SDR figure and its date.
    pub fn validate(&self) -> Result<(), PluginError> {
        if !crossdock_sdk::customs::table::is_date(&self.sdr_usd_as_of) {
            return Err(PluginError::new(
                "invalid_config",
                format!("sdr_usd_as_of `{}` is not a date: write it as YYYY-MM-DD", self.sdr_usd_as_of),
            ));
        }
        if self.sdr_usd_micros == 0 {
            return Err(PluginError::new(
                "invalid_config",
                "sdr_usd_micros must be the US dollars per SDR times 1,000,000 (1365680 for 1.36568), not 0",
            ));
        }
        Ok(())
    }
}

/// The JSON Schema of [`Config`], published in the plugin's metadata.
pub const SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://crossdock.dev/plugins/customs-us/config.schema.json",
  "title": "customs-us merchant configuration",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "channel": {
      "description": "How the goods travel: courier (commercial invoice) or postal (CN22 or CN23 as well; between 2026-02-24 and 2026-07-23 postal duty was the flat Section 122 rate).",
      "enum": ["courier", "postal"],
      "default": "courier"
    },
    "claim_preference": {
      "description": "Claim USMCA preference for goods of Canadian or Mexican origin that qualify under its rules of origin: duty-free, outside the Section 122 surcharge, with a certification of origin.",
      "type": "boolean",
      "default": false
    },
    "sdr_usd_micros": {
      "description": "US dollars per SDR times 1,000,000, for the 300 SDR limit between CN22 and CN23. Default: IMF rate of 2025-10-20.",
      "type": "integer",
      "minimum": 1,
      "default": 1365680
    },
    "sdr_usd_as_of": {
      "description": "Date (YYYY-MM-DD) of sdr_usd_micros.",
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
        assert_eq!(allowed, ["courier", "postal"]);
        for name in &allowed {
            let config: Config = serde_json::from_str(&format!(r#"{{"channel": "{name}"}}"#)).unwrap();
            assert_eq!(serde_json::to_value(config.channel).unwrap(), *name);
        }
        assert!(serde_json::from_str::<Config>(r#"{"channel": "pigeon"}"#).is_err());
    }

    #[test]
    fn a_zero_or_undated_sdr_rate_is_a_config_error() {
        let zero = Config { sdr_usd_micros: 0, ..Config::default() };
        assert_eq!(zero.validate().unwrap_err().code, "invalid_config");
        let undated = Config { sdr_usd_as_of: "20 Oct 2025".into(), ..Config::default() };
        assert!(undated.validate().unwrap_err().message.contains("YYYY-MM-DD"));
        assert!(Config::default().validate().is_ok());
    }
}
