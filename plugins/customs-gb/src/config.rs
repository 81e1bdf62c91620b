//! The merchant's configuration of customs-gb: the Rust type the plugin reads and the JSON Schema
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

/// The merchant's settings for this plugin in the GB market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The seller's UK VAT registration number (`GB` and 9 digits, or 12 for a branch). A seller
    /// of consignments of at most £135 must charge UK VAT at the point of sale, so must be
    /// registered, unless an online marketplace sells the goods.
    pub uk_vat_number: Option<String>,
    /// The goods are sold through an online marketplace, which is then the deemed supplier and
    /// charges the VAT on consignments of at most £135.
    pub marketplace: bool,
    /// `courier` or `postal`.
    pub channel: Channel,
    /// Claim the zero rate of the EU–UK Trade and Cooperation Agreement for items whose
    /// `origin_country` is an EU member state; a statement of origin must then travel with them.
    pub claim_preference: bool,
    /// Euros per SDR × 1,000,000, for the CN22/CN23 limit of 300 SDR.
    pub sdr_eur_micros: u64,
    /// YYYY-MM-DD of `sdr_eur_micros`.
    pub sdr_eur_as_of: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            uk_vat_number: None,
            marketplace: false,
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
        if let Some(number) = &self.uk_vat_number
            && !is_uk_vat_number(number)
        {
            return Err(PluginError::new(
                "invalid_config",
                format!(
                    "uk_vat_number `{number}` is not a UK VAT registration number: `GB` followed by 9 digits (12 for \
                     a branch), such as GB123456789; correct it or remove it"
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

/// `GB` and 9 digits, or 12 digits for a branch (HMRC's VAT registration number format).
pub fn is_uk_vat_number(text: &str) -> bool {
    let b = text.as_bytes();
    b.starts_with(b"GB") && matches!(b.len(), 11 | 14) && b[2..].iter().all(u8::is_ascii_digit)
}

/// The JSON Schema of [`Config`], published in the plugin's metadata.
pub const SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://crossdock.dev/plugins/customs-gb/config.schema.json",
  "title": "customs-gb merchant configuration",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "uk_vat_number": {
      "description": "Your UK VAT registration number (GB and 9 digits, or 12 for a branch). Consignments of at most 135 GBP carry UK VAT charged by you at checkout, which requires registration unless a marketplace sells the goods.",
      "type": ["string", "null"],
      "pattern": "^GB([0-9]{9}|[0-9]{12})$",
      "default": null
    },
    "marketplace": {
      "description": "The goods are sold through an online marketplace, which charges the UK VAT on consignments of at most 135 GBP as the deemed supplier.",
      "type": "boolean",
      "default": false
    },
    "channel": {
      "description": "How the goods travel: courier (commercial invoice) or postal (CN22 or CN23 as well).",
      "enum": ["courier", "postal"],
      "default": "courier"
    },
    "claim_preference": {
      "description": "Claim the zero duty of the EU-UK Trade and Cooperation Agreement for items whose origin_country is an EU member state; a statement of origin is then listed among the documents.",
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
    fn vat_numbers_and_sdr_figures_are_checked() {
        assert!(is_uk_vat_number("GB123456789"));
        assert!(is_uk_vat_number("GB123456789012"));
        assert!(!is_uk_vat_number("123456789"));
        assert!(!is_uk_vat_number("GB12345678"));
        let bad = Config { uk_vat_number: Some("DE123456789".into()), ..Config::default() };
        assert_eq!(bad.validate().unwrap_err().code, "invalid_config");
        assert!(Config { sdr_eur_micros: 0, ..Config::default() }.validate().is_err());
        assert!(Config { sdr_eur_as_of: "2025-10".into(), ..Config::default() }.validate().is_err());
        assert!(Config::default().validate().is_ok());
    }
}
