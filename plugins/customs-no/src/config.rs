//! The merchant's configuration of customs-no: the Rust type the plugin reads and the JSON Schema
//! (draft 2020-12) it publishes in its metadata. Unit tests keep the two in step: same fields,
//! same defaults, both closed to unknown keys.

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

/// IMF rate of 2025-10-20: 1.17176 EUR per SDR (IMF Treasury "currency units per SDR" table as
/// published by Business Recorder on 2025-10-21; the figure customs-eu uses). Only chooses
/// between CN22 and CN23; the goods are converted to EUR with the host's rate.
pub const SDR_EUR_MICROS_DEFAULT: u64 = 1_171_760;
/// The date of [`SDR_EUR_MICROS_DEFAULT`].
pub const SDR_EUR_AS_OF_DEFAULT: &str = "2025-10-20";

/// The merchant's settings for this plugin in the Norwegian market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The seller's VOEC number (VAT on E-Commerce): a registered seller charges Norwegian VAT
    /// at checkout on items under NOK 3,000, which then enter duty-free without a border
    /// declaration. Without it, VAT (and duty where applicable) is collected at import.
    pub voec_number: Option<String>,
    /// `courier` or `postal`.
    pub channel: Channel,
    /// List a certificate or statement of origin among the documents, to claim a tariff
    /// preference (EEA, GSP) for dutiable goods such as clothing. Preferential rates are not
    /// applied by this plugin.
    pub claim_preference: bool,
    /// Euros per SDR × 1,000,000, for the CN22/CN23 limit of 300 SDR.
    pub sdr_eur_micros: u64,
    /// YYYY-MM-DD of `sdr_eur_micros`.
    pub sdr_eur_as_of: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            voec_number: None,
            channel: Channel::Courier,
            claim_preference: false,
            sdr_eur_micros: SDR_EUR_MICROS_DEFAULT,
            sdr_eur_as_of: SDR_EUR_AS_OF_DEFAULT.to_owned(),
        }
    }
}

impl Config {
    /// Checks what serde cannot: the VAT number's shape and the SDR figure.
    pub fn validate(&self) -> Result<(), PluginError> {
        if let Some(number) = &self.voec_number
            && !is_voec_number(number)
        {
            return Err(PluginError::new(
                "invalid_config",
                format!(
                    "voec_number `{number}` is not a VOEC number: letters, digits, spaces or dashes, at most 20 \
                     characters, as the Norwegian Tax Administration issued it; correct it or remove it"
                ),
            ));
        }
        if !crossdock_sdk::customs::is_date(&self.sdr_eur_as_of) {
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

/// A plausible VOEC number: 1 to 20 letters, digits, spaces or dashes, with at least one digit.
/// The exact format is not published in the sources used, so the check stays loose.
pub fn is_voec_number(text: &str) -> bool {
    let t = text.trim();
    (1..=20).contains(&t.len())
        && t.bytes().any(|b| b.is_ascii_digit())
        && t.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-'))
}

/// The JSON Schema of [`Config`], published in the plugin's metadata.
pub const SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://crossdock.dev/plugins/customs-no/config.schema.json",
  "title": "customs-no merchant configuration",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "voec_number": {
      "description": "Your VOEC number. Registered sellers charge Norwegian VAT at checkout on items under NOK 3,000, which enter duty-free; without it, VAT and any duty are collected at import from the first krone.",
      "type": ["string", "null"],
      "pattern": "^[A-Za-z0-9 -]{1,20}$",
      "default": null
    },
    "channel": {
      "description": "How the goods travel: courier (commercial invoice) or postal (CN22 or CN23 as well).",
      "enum": ["courier", "postal"],
      "default": "courier"
    },
    "claim_preference": {
      "description": "List a certificate or statement of origin among the documents, to claim a tariff preference (EEA, GSP) for dutiable goods. Preferential rates are not applied by this plugin.",
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

    #[test]
    fn the_schema_is_closed_draft_2020_12_naming_the_config_fields_with_their_defaults() {
        check_config_schema::<Config>(SCHEMA);
    }

    #[test]
    fn voec_numbers_and_sdr_figures_are_checked() {
        assert!(is_voec_number("2024001"));
        assert!(is_voec_number("VOEC-2024001"));
        assert!(!is_voec_number(""));
        assert!(!is_voec_number("VOEC"));
        assert!(!is_voec_number("2024/001"));
        let bad = Config { voec_number: Some("n/a".into()), ..Config::default() };
        assert_eq!(bad.validate().unwrap_err().code, "invalid_config");
        assert!(Config { sdr_eur_micros: 0, ..Config::default() }.validate().is_err());
        assert!(Config::default().validate().is_ok());
    }
}
