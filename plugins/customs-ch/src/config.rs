//! The merchant's configuration of customs-ch: the Rust type the plugin reads and the JSON Schema
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

/// The merchant's settings for this plugin in the Swiss market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The seller's Swiss VAT number (`CHE-123.456.789 MWST`). A foreign mail-order seller whose
    /// small consignments (import VAT of at most CHF 5 each) reach CHF 100,000 a year must
    /// register; it then charges Swiss VAT on every delivery at checkout.
    pub swiss_vat_number: Option<String>,
    /// `courier` or `postal`.
    pub channel: Channel,
    /// Euros per SDR × 1,000,000, for the CN22/CN23 limit of 300 SDR.
    pub sdr_eur_micros: u64,
    /// YYYY-MM-DD of `sdr_eur_micros`.
    pub sdr_eur_as_of: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            swiss_vat_number: None,
            channel: Channel::Courier,
            sdr_eur_micros: SDR_EUR_MICROS_DEFAULT,
            sdr_eur_as_of: SDR_EUR_AS_OF_DEFAULT.to_owned(),
        }
    }
}

impl Config {
    /// Checks what serde cannot: the VAT number's shape and the SDR figure.
    pub fn validate(&self) -> Result<(), PluginError> {
        if let Some(number) = &self.swiss_vat_number
            && !is_swiss_vat_number(number)
        {
            return Err(PluginError::new(
                "invalid_config",
                format!(
                    "swiss_vat_number `{number}` is not a Swiss VAT number: CHE and 9 digits, optionally followed by \
                     MWST, TVA or IVA, such as CHE-123.456.789 MWST; correct it or remove it"
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

/// `CHE` and 9 digits (dots, dashes and spaces allowed between them), optionally followed by
/// `MWST`, `TVA` or `IVA`: the enterprise identification number (UID) with the VAT suffix.
pub fn is_swiss_vat_number(text: &str) -> bool {
    let Some(rest) = text.trim().strip_prefix("CHE") else { return false };
    let rest = rest.trim_end();
    let rest = ["MWST", "TVA", "IVA"].iter().find_map(|s| rest.strip_suffix(s)).unwrap_or(rest);
    let digits = rest.bytes().filter(u8::is_ascii_digit).count();
    digits == 9 && rest.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b' '))
}

/// The JSON Schema of [`Config`], published in the plugin's metadata.
pub const SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://crossdock.dev/plugins/customs-ch/config.schema.json",
  "title": "customs-ch merchant configuration",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "swiss_vat_number": {
      "description": "Your Swiss VAT number (CHE-123.456.789 MWST). Registered mail-order sellers charge Swiss VAT on every delivery at checkout; without it, import VAT is collected at the border unless it is at most CHF 5.",
      "type": ["string", "null"],
      "pattern": "^CHE[-. ]?[0-9]{3}[-. ]?[0-9]{3}[-. ]?[0-9]{3}( ?(MWST|TVA|IVA))?$",
      "default": null
    },
    "channel": {
      "description": "How the goods travel: courier (commercial invoice) or postal (CN22 or CN23 as well).",
      "enum": ["courier", "postal"],
      "default": "courier"
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
    fn vat_numbers_and_sdr_figures_are_checked() {
        assert!(is_swiss_vat_number("CHE-123.456.789 MWST"));
        assert!(is_swiss_vat_number("CHE123456789"));
        assert!(is_swiss_vat_number("CHE-123.456.789 TVA"));
        assert!(!is_swiss_vat_number("CHE-123.456.78 MWST"));
        assert!(!is_swiss_vat_number("DE123456789"));
        let bad = Config { swiss_vat_number: Some("123".into()), ..Config::default() };
        assert_eq!(bad.validate().unwrap_err().code, "invalid_config");
        assert!(Config { sdr_eur_micros: 0, ..Config::default() }.validate().is_err());
        assert!(Config { sdr_eur_as_of: "2025-10".into(), ..Config::default() }.validate().is_err());
        assert!(Config::default().validate().is_ok());
    }
}
