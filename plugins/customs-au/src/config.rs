//! The merchant's configuration of customs-au, in one place: the Rust type the plugin reads and
//! the JSON Schema (draft 2020-12) it publishes in its metadata.
//!
//! The two describe the same object and cannot drift: unit tests check that the schema names
//! exactly the struct's fields, that every schema default equals the struct's `Default`, and that
//! both refuse unknown keys.

use serde::{Deserialize, Serialize};

use crossdock_sdk::PluginError;

use crate::rules;

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

/// IMF rate of 2025-10-20: 2.10008 AUD per SDR ("currency units per SDR", IMF Treasury table as
/// published by Business Recorder on 2025-10-21). Used only to choose between CN22 and CN23.
pub const SDR_AUD_MICROS_DEFAULT: u64 = 2_100_080;
/// The date of [`SDR_AUD_MICROS_DEFAULT`].
pub const SDR_AUD_AS_OF_DEFAULT: &str = "2025-10-20";

/// The merchant's settings for this plugin in the Australian market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Registered for GST in Australia (or selling through a platform that is): GST on goods up
    /// to AUD 1,000 is then charged at checkout.
    pub gst_registered: bool,
    /// The ABN (11 digits) or ATO reference number (ARN, 12 digits) to quote on invoices and in
    /// the parcel's customs data, so that GST is not charged again at the border.
    pub gst_registration_number: Option<String>,
    /// `courier` or `postal`.
    pub channel: Channel,
    /// Claim a tariff preference (ChAFTA and others): a certificate or declaration of origin is
    /// listed. Preferential rates themselves are not applied.
    pub claim_preference: bool,
    /// Australian dollars per SDR × 1,000,000, for the CN22 limit of 300 SDR.
    pub sdr_aud_micros: u64,
    /// YYYY-MM-DD of `sdr_aud_micros`.
    pub sdr_aud_as_of: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            gst_registered: false,
            gst_registration_number: None,
            channel: Channel::Courier,
            claim_preference: false,
            sdr_aud_micros: SDR_AUD_MICROS_DEFAULT,
            sdr_aud_as_of: SDR_AUD_AS_OF_DEFAULT.to_owned(),
        }
    }
}

impl Config {
    /// Checks what serde cannot: the registration number and the SDR figure.
    pub fn validate(&self) -> Result<(), PluginError> {
        if let Some(number) = &self.gst_registration_number
            && let Err(why) = rules::check_registration_number(number)
        {
            return Err(PluginError::new(
                "invalid_config",
                format!(
                    "gst_registration_number `{number}` {why}: give your 11-digit ABN (such as 51 824 753 556) \
                     or your 12-digit ATO reference number, or remove the setting"
                ),
            ));
        }
        if !crossdock_sdk::customs::table::is_date(&self.sdr_aud_as_of) {
            return Err(PluginError::new(
                "invalid_config",
                format!("sdr_aud_as_of `{}` is not a date: write it as YYYY-MM-DD", self.sdr_aud_as_of),
            ));
        }
        if self.sdr_aud_micros == 0 {
            return Err(PluginError::new(
                "invalid_config",
                "sdr_aud_micros must be the Australian dollars per SDR times 1,000,000 (2100080 for 2.10008), not 0",
            ));
        }
        Ok(())
    }
}

/// The JSON Schema of [`Config`], published in the plugin's metadata.
pub const SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://crossdock.dev/plugins/customs-au/config.schema.json",
  "title": "customs-au merchant configuration",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "gst_registered": {
      "description": "You (or the platform you sell through) are registered for Australian GST: GST on goods up to AUD 1,000 is charged at checkout. Registration is required once your sales to Australian consumers reach AUD 75,000 a year.",
      "type": "boolean",
      "default": false
    },
    "gst_registration_number": {
      "description": "Your ABN (11 digits) or ATO reference number (12 digits), quoted on invoices and in the parcel's customs data so GST is not charged again at the border.",
      "type": ["string", "null"],
      "pattern": "^[0-9 ]{11,15}$",
      "default": null
    },
    "channel": {
      "description": "How the goods travel: courier (commercial invoice) or postal (CN22 or CN23 as well).",
      "enum": ["courier", "postal"],
      "default": "courier"
    },
    "claim_preference": {
      "description": "List a certificate or declaration of origin among the documents, to claim a free-trade-agreement rate (such as ChAFTA for goods of Chinese origin). Preferential rates are not applied by this plugin.",
      "type": "boolean",
      "default": false
    },
    "sdr_aud_micros": {
      "description": "Australian dollars per SDR times 1,000,000, for the 300 SDR limit between CN22 and CN23. Default: IMF rate of 2025-10-20.",
      "type": "integer",
      "minimum": 1,
      "default": 2100080
    },
    "sdr_aud_as_of": {
      "description": "Date (YYYY-MM-DD) of sdr_aud_micros.",
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
    fn a_registration_number_must_be_an_abn_or_an_arn() {
        let with = |n: &str| Config { gst_registration_number: Some(n.into()), ..Config::default() };
        assert!(with("51 824 753 556").validate().is_ok()); // the ATO's example ABN
        assert!(with("123456789012").validate().is_ok()); // 12 digits: an ARN
        let err = with("51 824 753 557").validate().unwrap_err();
        assert_eq!(err.code, "invalid_config");
        assert!(err.message.contains("check digits"), "{}", err.message);
        assert!(with("ABN123").validate().unwrap_err().message.contains("11-digit ABN"));
        let undated = Config { sdr_aud_as_of: "20 Oct 2025".into(), ..Config::default() };
        assert!(undated.validate().unwrap_err().message.contains("YYYY-MM-DD"));
        assert!(Config { sdr_aud_micros: 0, ..Config::default() }.validate().is_err());
    }
}
