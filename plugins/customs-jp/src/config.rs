//! The merchant's configuration of customs-jp, in one place: the Rust type the plugin reads and
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
    /// A postal operator (UPU): CN22 or CN23 as well.
    Postal,
}

/// IMF rate of 2025-10-20: 206.163 JPY per SDR ("currency units per SDR", IMF Treasury table as
/// published by Business Recorder on 2025-10-21). Used only to choose between CN22 and CN23.
pub const SDR_JPY_MICROS_DEFAULT: u64 = 206_163_000;
/// The date of [`SDR_JPY_MICROS_DEFAULT`].
pub const SDR_JPY_AS_OF_DEFAULT: &str = "2025-10-20";

/// The merchant's settings for this plugin in the Japanese market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The buyers are individuals importing for their own use (B2C): their goods are valued at
    /// 60 % of the overseas retail price until 2028-04-01. Turn off for business buyers.
    pub personal_use: bool,
    /// Registered as a seller of specified low-value assets (FY2026 reform): from 2028-04-01 the
    /// consumption tax on items of at most JPY 10,000 is charged at checkout, not at import.
    pub jct_low_value_registered: bool,
    /// The registration number to give the carrier with the parcel's customs data.
    pub jct_registration_number: Option<String>,
    /// `courier` or `postal`.
    pub channel: Channel,
    /// Claim an EPA preference (RCEP, CPTPP, the EU and UK EPAs…): a certificate or declaration
    /// of origin is listed. Preferential rates themselves are not applied.
    pub claim_preference: bool,
    /// Yen per SDR × 1,000,000, for the CN22 limit of 300 SDR.
    pub sdr_jpy_micros: u64,
    /// YYYY-MM-DD of `sdr_jpy_micros`.
    pub sdr_jpy_as_of: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            personal_use: true,
            jct_low_value_registered: false,
            jct_registration_number: None,
            channel: Channel::Courier,
            claim_preference: false,
            sdr_jpy_micros: SDR_JPY_MICROS_DEFAULT,
            sdr_jpy_as_of: SDR_JPY_AS_OF_DEFAULT.to_owned(),
        }
    }
}

impl Config {
    /// Checks what serde cannot: the registration number's shape and the SDR figure.
    pub fn validate(&self) -> Result<(), PluginError> {
        if let Some(number) = &self.jct_registration_number
            && (number.is_empty() || number.len() > 20 || !number.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return Err(PluginError::new(
                "invalid_config",
                format!(
                    "jct_registration_number `{number}` is not a registration number: 1 to 20 letters and digits, \
                     such as T1234567890123; correct it or remove the setting"
                ),
            ));
        }
        if !crossdock_sdk::customs::table::is_date(&self.sdr_jpy_as_of) {
            return Err(PluginError::new(
                "invalid_config",
                format!("sdr_jpy_as_of `{}` is not a date: write it as YYYY-MM-DD", self.sdr_jpy_as_of),
            ));
        }
        if self.sdr_jpy_micros == 0 {
            return Err(PluginError::new(
                "invalid_config",
                "sdr_jpy_micros must be the yen per SDR times 1,000,000 (206163000 for 206.163), not 0",
            ));
        }
        Ok(())
    }
}

/// The JSON Schema of [`Config`], published in the plugin's metadata.
pub const SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://crossdock.dev/plugins/customs-jp/config.schema.json",
  "title": "customs-jp merchant configuration",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "personal_use": {
      "description": "Your buyers are individuals importing for their own use: their goods are valued at 60 % of the overseas retail price (plus freight) until 2028-04-01. Turn off if you sell to businesses.",
      "type": "boolean",
      "default": true
    },
    "jct_low_value_registered": {
      "description": "You are registered as a seller of specified low-value assets (FY2026 tax reform): from 2028-04-01 consumption tax on items of at most JPY 10,000 is charged at checkout instead of at import.",
      "type": "boolean",
      "default": false
    },
    "jct_registration_number": {
      "description": "Your registration number for that scheme, given to the carrier with the parcel's customs data.",
      "type": ["string", "null"],
      "pattern": "^[A-Za-z0-9]{1,20}$",
      "default": null
    },
    "channel": {
      "description": "How the goods travel: courier (commercial invoice) or postal (CN22 or CN23 as well).",
      "enum": ["courier", "postal"],
      "default": "courier"
    },
    "claim_preference": {
      "description": "List a certificate or declaration of origin among the documents, to claim an EPA rate (such as RCEP for goods of Chinese origin). Preferential rates are not applied by this plugin.",
      "type": "boolean",
      "default": false
    },
    "sdr_jpy_micros": {
      "description": "Yen per SDR times 1,000,000, for the 300 SDR limit between CN22 and CN23. Default: IMF rate of 2025-10-20.",
      "type": "integer",
      "minimum": 1,
      "default": 206163000
    },
    "sdr_jpy_as_of": {
      "description": "Date (YYYY-MM-DD) of sdr_jpy_micros.",
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

    #[test]
    fn the_schema_is_closed_draft_2020_12_naming_the_config_fields_with_their_defaults() {
        check_config_schema::<Config>(SCHEMA);
        assert!(Config::default().validate().is_ok());
    }

    #[test]
    fn a_registration_number_is_letters_and_digits() {
        let with = |n: &str| Config { jct_registration_number: Some(n.into()), ..Config::default() };
        assert!(with("T1234567890123").validate().is_ok());
        let err = with("T-123").validate().unwrap_err();
        assert_eq!(err.code, "invalid_config");
        assert!(err.message.contains("letters and digits"), "{}", err.message);
        assert!(with("").validate().is_err());
        let undated = Config { sdr_jpy_as_of: "20 Oct 2025".into(), ..Config::default() };
        assert!(undated.validate().unwrap_err().message.contains("YYYY-MM-DD"));
        assert!(Config { sdr_jpy_micros: 0, ..Config::default() }.validate().is_err());
    }
}
