//! The merchant's configuration of customs-nz, in one place: the Rust type the plugin reads and
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
    /// A postal operator (UPU): CN22 or CN23 as well, and the mail levy instead of the
    /// per-consignment levy.
    Postal,
}

/// How a courier consignment reaches New Zealand: the border levy differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    #[default]
    Air,
    Sea,
}

/// IMF rate of 2025-10-20: 2.37945 NZD per SDR ("currency units per SDR", IMF Treasury table as
/// published by Business Recorder on 2025-10-21). Used only to choose between CN22 and CN23.
pub const SDR_NZD_MICROS_DEFAULT: u64 = 2_379_450;
/// The date of [`SDR_NZD_MICROS_DEFAULT`].
pub const SDR_NZD_AS_OF_DEFAULT: &str = "2025-10-20";

/// The merchant's settings for this plugin in the New Zealand market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Registered with Inland Revenue as an offshore supplier (or selling through a marketplace
    /// that is): GST on goods up to NZD 1,000 is then charged at checkout.
    pub gst_registered: bool,
    /// The GST (IRD) number, 8 or 9 digits, to quote in the parcel's customs data.
    pub gst_number: Option<String>,
    /// `air` or `sea`, for the border levy of courier consignments.
    pub transport: Transport,
    /// `courier` or `postal`.
    pub channel: Channel,
    /// Claim a tariff preference (NZ–China FTA and others): a certificate or declaration of
    /// origin is listed. Preferential rates themselves are not applied.
    pub claim_preference: bool,
    /// New Zealand dollars per SDR × 1,000,000, for the CN22 limit of 300 SDR.
    pub sdr_nzd_micros: u64,
    /// YYYY-MM-DD of `sdr_nzd_micros`.
    pub sdr_nzd_as_of: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            gst_registered: false,
            gst_number: None,
            transport: Transport::Air,
            channel: Channel::Courier,
            claim_preference: false,
            sdr_nzd_micros: SDR_NZD_MICROS_DEFAULT,
            sdr_nzd_as_of: SDR_NZD_AS_OF_DEFAULT.to_owned(),
        }
    }
}

impl Config {
    /// Checks what serde cannot: the GST number's shape and the SDR figure.
    pub fn validate(&self) -> Result<(), PluginError> {
        if let Some(number) = &self.gst_number {
            let digits: Vec<char> = number.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
            if !(8..=9).contains(&digits.len()) || !digits.iter().all(char::is_ascii_digit) {
                return Err(PluginError::new(
                    "invalid_config",
                    format!(
                        "gst_number `{number}` is not a New Zealand GST (IRD) number: 8 or 9 digits, such as \
                         123-456-789; correct it or remove the setting"
                    ),
                ));
            }
        }
        if !crossdock_sdk::customs::table::is_date(&self.sdr_nzd_as_of) {
            return Err(PluginError::new(
                "invalid_config",
                format!("sdr_nzd_as_of `{}` is not a date: write it as YYYY-MM-DD", self.sdr_nzd_as_of),
            ));
        }
        if self.sdr_nzd_micros == 0 {
            return Err(PluginError::new(
                "invalid_config",
                "sdr_nzd_micros must be the New Zealand dollars per SDR times 1,000,000 (2379450 for 2.37945), not 0",
            ));
        }
        Ok(())
    }
}

/// The JSON Schema of [`Config`], published in the plugin's metadata.
pub const SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://crossdock.dev/plugins/customs-nz/config.schema.json",
  "title": "customs-nz merchant configuration",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "gst_registered": {
      "description": "You (or the marketplace you sell through) are registered with Inland Revenue as an offshore supplier: GST on goods up to NZD 1,000 is charged at checkout. Registration is required above NZD 60,000 of sales to New Zealand consumers in 12 months.",
      "type": "boolean",
      "default": false
    },
    "gst_number": {
      "description": "Your New Zealand GST (IRD) number, 8 or 9 digits, quoted in the parcel's customs data.",
      "type": ["string", "null"],
      "pattern": "^[0-9 -]{8,11}$",
      "default": null
    },
    "transport": {
      "description": "How courier consignments reach New Zealand, for the border levy: air (NZD 2.21 + GST) or sea (NZD 2.09 + GST).",
      "enum": ["air", "sea"],
      "default": "air"
    },
    "channel": {
      "description": "How the goods travel: courier (commercial invoice) or postal (CN22 or CN23 as well; the mail levy applies instead).",
      "enum": ["courier", "postal"],
      "default": "courier"
    },
    "claim_preference": {
      "description": "List a certificate or declaration of origin among the documents, to claim a free-trade-agreement rate. Preferential rates are not applied by this plugin.",
      "type": "boolean",
      "default": false
    },
    "sdr_nzd_micros": {
      "description": "New Zealand dollars per SDR times 1,000,000, for the 300 SDR limit between CN22 and CN23. Default: IMF rate of 2025-10-20.",
      "type": "integer",
      "minimum": 1,
      "default": 2379450
    },
    "sdr_nzd_as_of": {
      "description": "Date (YYYY-MM-DD) of sdr_nzd_micros.",
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
    fn a_gst_number_has_8_or_9_digits() {
        let with = |n: &str| Config { gst_number: Some(n.into()), ..Config::default() };
        assert!(with("123-456-789").validate().is_ok());
        assert!(with("12345678").validate().is_ok());
        assert!(with("1234567").validate().unwrap_err().message.contains("8 or 9 digits"));
        assert!(with("NZ12345678").validate().is_err());
        assert!(Config { sdr_nzd_micros: 0, ..Config::default() }.validate().is_err());
        assert!(Config { sdr_nzd_as_of: "soon".into(), ..Config::default() }.validate().is_err());
    }
}
