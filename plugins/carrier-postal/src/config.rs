//! The merchant's configuration of the USPS adapter: the Rust type the plugin reads and the JSON
//! Schema (draft 2020-12, `config.schema.json` beside this file) it publishes in its metadata.
//!
//! `{}` is a working configuration for rating and tracking against production USPS; labels
//! also need the payment account (CRID, MIDs, EPS account number), which only the merchant can
//! know. The credentials are not configuration but the binding's secrets `client_id` and
//! `client_secret`. Unknown keys are refused, so a typo fails loudly. The tests below prove that
//! the schema names exactly the struct's fields, that its defaults are [`Config::default`] and
//! that its enums are the values the plugin accepts, so the two cannot drift apart.
//!
//! The configuration is read field by field from JSON ([`Config::from_json`]) rather than by a
//! derived deserializer, as are USPS's answers ([`crate::wire`]): derived deserializers bring
//! serde's error machinery and float formatting with them, which put this component, which
//! speaks to four USPS APIs, over crossdock's 512 KB budget.

use crossdock_sdk::CarrierError;
use crossdock_sdk::customs::table::is_date;
use crossdock_sdk::prelude::*;
use serde_json::Value;

use crate::services::MailClass;

/// The schema as JSON text.
pub const SCHEMA: &str = include_str!("config.schema.json");

/// Production USPS (CARRIERS.md §4.1).
pub const PRODUCTION_URL: &str = "https://apis.usps.com";

/// The exemption legend for goods of at most 2,500 USD per tariff number (15 CFR 30.37(a)), as
/// the International Labels API 3.3.7 writes it in its `AESITN` example.
pub const AES_EXEMPTION: &str = "NO EEI 30.37(a)";

/// IMF rate of 2025-10-20: 1.36568 US dollars per SDR ("currency units per SDR", IMF Treasury
/// table as published by Business Recorder on 2025-10-21, read 2026-11-25). Used only to choose
/// between CN22 and CN23.
pub const SDR_USD_MICROS_DEFAULT: u64 = 1_365_680;
/// The date of [`SDR_USD_MICROS_DEFAULT`].
pub const SDR_USD_AS_OF_DEFAULT: &str = "2025-10-20";

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Config {
    /// `https://apis.usps.com`, or the test environment `https://apis-tem.usps.com`.
    pub base_url: String,
    /// The mail classes offered.
    pub services: Vec<MailClass>,
    pub price_type: PriceType,
    /// Customer Registration ID of the payer and label owner.
    pub crid: Option<String>,
    /// Mailer ID of the label owner.
    pub mid: Option<String>,
    /// Mailer ID for the manifest.
    pub manifest_mid: Option<String>,
    /// EPS account that pays.
    pub account_number: Option<String>,
    pub label_format: LabelChoice,
    pub content_type: ContentType,
    /// The AES ITN or exemption legend for the declaration.
    pub aes_itn: String,
    /// US dollars per SDR × 1,000,000.
    pub sdr_usd_micros: u64,
    /// YYYY-MM-DD of `sdr_usd_micros`.
    pub sdr_usd_as_of: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: PRODUCTION_URL.into(),
            services: vec![MailClass::FirstClassPackageInternational, MailClass::PriorityMailInternational],
            price_type: PriceType::Commercial,
            crid: None,
            mid: None,
            manifest_mid: None,
            account_number: None,
            label_format: LabelChoice::Pdf,
            content_type: ContentType::Merchandise,
            aes_itn: AES_EXEMPTION.into(),
            sdr_usd_micros: SDR_USD_MICROS_DEFAULT,
            sdr_usd_as_of: SDR_USD_AS_OF_DEFAULT.into(),
        }
    }
}

/// The USPS price list asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(test, derive(serde::Serialize), serde(rename_all = "UPPERCASE"))]
pub enum PriceType {
    Retail,
    #[default]
    Commercial,
    Contract,
}

impl PriceType {
    const ALL: [(&str, Self); 3] =
        [("RETAIL", Self::Retail), ("COMMERCIAL", Self::Commercial), ("CONTRACT", Self::Contract)];

    pub fn code(self) -> &'static str {
        match self {
            Self::Retail => "RETAIL",
            Self::Commercial => "COMMERCIAL",
            Self::Contract => "CONTRACT",
        }
    }
}

/// The label image USPS renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(test, derive(serde::Serialize), serde(rename_all = "lowercase"))]
pub enum LabelChoice {
    #[default]
    Pdf,
    Zpl203,
    Zpl300,
}

impl LabelChoice {
    const ALL: [(&str, Self); 3] = [("pdf", Self::Pdf), ("zpl203", Self::Zpl203), ("zpl300", Self::Zpl300)];

    /// `imageInfo.imageType`.
    pub fn image_type(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Zpl203 => "ZPL203DPI",
            Self::Zpl300 => "ZPL300DPI",
        }
    }

    pub fn format(self) -> LabelFormat {
        match self {
            Self::Pdf => LabelFormat::Pdf,
            Self::Zpl203 | Self::Zpl300 => LabelFormat::Zpl,
        }
    }
}

/// What the declaration says the parcels hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(test, derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum ContentType {
    #[default]
    Merchandise,
    Gift,
    CommercialSample,
}

impl ContentType {
    const ALL: [(&str, Self); 3] =
        [("merchandise", Self::Merchandise), ("gift", Self::Gift), ("commercial_sample", Self::CommercialSample)];

    /// `customsForm.customsContentType`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Merchandise => "MERCHANDISE",
            Self::Gift => "GIFT",
            Self::CommercialSample => "COMMERCIAL_SAMPLE",
        }
    }
}

/// The configuration's fields, as the schema names them.
const FIELDS: [&str; 12] = [
    "base_url",
    "services",
    "price_type",
    "crid",
    "mid",
    "manifest_mid",
    "account_number",
    "label_format",
    "content_type",
    "aes_itn",
    "sdr_usd_micros",
    "sdr_usd_as_of",
];

fn invalid(message: String) -> CarrierError {
    CarrierError::InvalidRequest(format!("configuration: {message}"))
}

/// The option named by `value` among `options`.
fn choice<T: Copy>(key: &str, value: &Value, options: &[(&str, T)]) -> Result<T, CarrierError> {
    let name = value.as_str().unwrap_or_default();
    options.iter().find(|(n, _)| *n == name).map(|(_, v)| *v).ok_or_else(|| {
        let names: Vec<String> = options.iter().map(|(n, _)| format!("`{n}`")).collect();
        invalid(format!("{key} must be one of {}", names.join(", ")))
    })
}

/// A list of USPS mail classes, each named once.
fn services(value: &Value) -> Result<Vec<MailClass>, CarrierError> {
    let items = value.as_array().ok_or_else(|| invalid("services must be a list of USPS mail classes".into()))?;
    let mut classes = Vec::with_capacity(items.len());
    for item in items {
        let class = item
            .as_str()
            .and_then(MailClass::from_code)
            .ok_or_else(|| invalid(format!("services must name {}", crate::services::list(&crate::services::ALL))))?;
        if !classes.contains(&class) {
            classes.push(class);
        }
    }
    Ok(classes)
}

/// What buying or cancelling a label needs from the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentAccount {
    pub crid: String,
    pub mid: String,
    pub manifest_mid: String,
    pub account_number: String,
}

impl Config {
    /// Reads and checks the configuration; a bad one is `InvalidRequest` saying what to fix.
    pub fn load(ctx: &Ctx) -> Result<Self, CarrierError> {
        let json: Value = ctx.config().map_err(|e| CarrierError::InvalidRequest(e.message))?;
        let config = Self::from_json(&json)?;
        config.validate()?;
        Ok(config)
    }

    /// The configuration in `json`, every absent key at its default; `null` is the default too.
    pub fn from_json(json: &Value) -> Result<Self, CarrierError> {
        let Some(fields) = json.as_object() else {
            return Err(invalid("it must be a JSON object".into()));
        };
        let mut config = Self::default();
        for (key, value) in fields.iter().filter(|(_, v)| !v.is_null()) {
            let text = || value.as_str().map(str::to_owned).ok_or_else(|| invalid(format!("{key} must be a string")));
            match key.as_str() {
                "base_url" => config.base_url = text()?,
                "services" => config.services = services(value)?,
                "price_type" => config.price_type = choice(key, value, &PriceType::ALL)?,
                "crid" => config.crid = Some(text()?),
                "mid" => config.mid = Some(text()?),
                "manifest_mid" => config.manifest_mid = Some(text()?),
                "account_number" => config.account_number = Some(text()?),
                "label_format" => config.label_format = choice(key, value, &LabelChoice::ALL)?,
                "content_type" => config.content_type = choice(key, value, &ContentType::ALL)?,
                "aes_itn" => config.aes_itn = text()?,
                "sdr_usd_micros" => {
                    config.sdr_usd_micros =
                        value.as_u64().ok_or_else(|| invalid(format!("{key} must be a whole number")))?;
                }
                "sdr_usd_as_of" => config.sdr_usd_as_of = text()?,
                other => {
                    return Err(invalid(format!(
                        "unknown field `{other}`; the fields are {}",
                        FIELDS.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
                    )));
                }
            }
        }
        Ok(config)
    }

    /// Checks what serde cannot.
    pub fn validate(&self) -> Result<(), CarrierError> {
        let bad = |message: String| Err(CarrierError::InvalidRequest(format!("configuration: {message}")));
        let url = self.base_url.trim();
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
            return bad(format!("base_url `{}` must be an http(s) URL such as {PRODUCTION_URL}", self.base_url));
        }
        if self.services.is_empty() {
            return bad("services is empty: name at least one USPS mail class".into());
        }
        if self.sdr_usd_micros == 0 {
            return bad("sdr_usd_micros must be US dollars per SDR times 1,000,000 (1365680 for 1.36568), not 0".into());
        }
        if !is_date(&self.sdr_usd_as_of) {
            return bad(format!("sdr_usd_as_of `{}` is not a date: write it as YYYY-MM-DD", self.sdr_usd_as_of));
        }
        let aes = self.aes_itn.trim();
        if aes.is_empty() || aes.chars().count() > 35 {
            return bad("aes_itn must be 1 to 35 characters: an AES ITN or an exemption legend".into());
        }
        let digits = |v: &Option<String>, lengths: &[usize]| {
            v.as_deref().is_none_or(|s| s.bytes().all(|b| b.is_ascii_digit()) && lengths.contains(&s.len()))
        };
        if !digits(&self.mid, &[6, 9]) || !digits(&self.manifest_mid, &[6, 9]) {
            return bad("mid and manifest_mid are Mailer IDs of 6 or 9 digits".into());
        }
        if !digits(&self.crid, &(2..=18).collect::<Vec<_>>()) {
            return bad("crid is a Customer Registration ID of 2 to 18 digits".into());
        }
        if self.account_number.as_deref().is_some_and(|a| a.is_empty() || !a.bytes().all(|b| b.is_ascii_digit())) {
            return bad("account_number is an EPS account number, digits only".into());
        }
        Ok(())
    }

    /// The base URL without a trailing slash.
    pub fn base(&self) -> &str {
        self.base_url.trim().trim_end_matches('/')
    }

    /// The payment account, or `AuthFailed` naming the settings to add.
    pub fn payment_account(&self) -> Result<PaymentAccount, CarrierError> {
        let field = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        let (crid, mid, manifest_mid, account_number) =
            (field(&self.crid), field(&self.mid), field(&self.manifest_mid), field(&self.account_number));
        match (crid, mid, manifest_mid, account_number) {
            (Some(crid), Some(mid), Some(manifest_mid), Some(account_number)) => {
                Ok(PaymentAccount { crid, mid, manifest_mid, account_number })
            }
            (crid, mid, manifest_mid, account_number) => {
                let missing: Vec<&str> = [
                    ("crid", crid.is_none()),
                    ("mid", mid.is_none()),
                    ("manifest_mid", manifest_mid.is_none()),
                    ("account_number", account_number.is_none()),
                ]
                .into_iter()
                .filter_map(|(name, missing)| missing.then_some(name))
                .collect();
                Err(CarrierError::AuthFailed(format!(
                    "USPS labels are paid from an EPS account: set {} in this binding's configuration",
                    missing.join(", ")
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossdock_sdk::testing::TestHost;
    use serde_json::Value;

    fn schema() -> Value {
        serde_json::from_str(SCHEMA).unwrap()
    }

    #[test]
    fn the_schema_defaults_deserialize_into_exactly_the_default_config() {
        let schema = schema();
        let defaults: serde_json::Map<String, Value> =
            schema["properties"].as_object().unwrap().iter().map(|(k, p)| (k.clone(), p["default"].clone())).collect();
        let config = Config::from_json(&Value::Object(defaults)).unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(Config::from_json(&serde_json::json!({})).unwrap(), Config::default());
    }

    #[test]
    fn the_schema_names_exactly_the_struct_fields_and_refuses_others() {
        let schema = schema();
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["additionalProperties"], false);
        let mut in_schema: Vec<String> = schema["properties"].as_object().unwrap().keys().cloned().collect();
        let mut in_struct: Vec<String> =
            serde_json::to_value(Config::default()).unwrap().as_object().unwrap().keys().cloned().collect();
        in_schema.sort();
        in_struct.sort();
        assert_eq!(in_schema, in_struct);
        let mut fields = FIELDS.map(str::to_owned).to_vec();
        fields.sort();
        assert_eq!(fields, in_schema);
        let err = Config::from_json(&serde_json::json!({"service": []})).unwrap_err();
        assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("unknown field `service`")), "{err:?}");
    }

    #[test]
    fn the_schema_enums_are_exactly_the_values_the_plugin_accepts() {
        let schema = schema();
        let enumerated = |values: &Value| -> Vec<String> {
            values.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
        };
        let codes = |options: &[&str]| options.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            enumerated(&schema["properties"]["services"]["items"]["enum"]),
            codes(&crate::services::ALL.map(MailClass::code))
        );
        assert_eq!(enumerated(&schema["properties"]["price_type"]["enum"]), codes(&PriceType::ALL.map(|(n, _)| n)));
        assert_eq!(enumerated(&schema["properties"]["label_format"]["enum"]), codes(&LabelChoice::ALL.map(|(n, _)| n)));
        assert_eq!(enumerated(&schema["properties"]["content_type"]["enum"]), codes(&ContentType::ALL.map(|(n, _)| n)));
        // Each option is also how the struct writes its value.
        let written = serde_json::to_value(Config {
            price_type: PriceType::Contract,
            label_format: LabelChoice::Zpl300,
            content_type: ContentType::CommercialSample,
            ..Config::default()
        })
        .unwrap();
        let read = Config::from_json(&written).unwrap();
        assert_eq!(
            (read.price_type, read.label_format, read.content_type),
            (PriceType::Contract, LabelChoice::Zpl300, ContentType::CommercialSample)
        );
    }

    #[test]
    fn the_schema_says_which_secrets_to_set() {
        let description = schema()["description"].as_str().unwrap().to_owned();
        assert!(description.contains("`client_id`") && description.contains("`client_secret`"), "{description}");
    }

    #[test]
    fn a_bad_setting_says_what_to_fix() {
        let load = |json: &str| Config::load(&TestHost::new().with_config(json).ctx());
        let message = |json: &str| match load(json) {
            Err(CarrierError::InvalidRequest(m)) => m,
            other => panic!("{json}: {other:?}"),
        };
        assert!(message(r#"{"base_url": "apis.usps.com"}"#).contains("http(s) URL"));
        assert!(message(r#"{"services": []}"#).contains("at least one"));
        assert!(message(r#"{"mid": "12345"}"#).contains("6 or 9 digits"));
        assert!(message(r#"{"sdr_usd_as_of": "20/10/2025"}"#).contains("YYYY-MM-DD"));
        assert!(message(r#"{"label_format": "png"}"#).contains("must be one of `pdf`, `zpl203`, `zpl300`"));
        assert!(message(r#"{"services": ["PRIORITY_MAIL"]}"#).contains("services must name"));
        assert!(message(r#"{"sdr_usd_micros": 1.5}"#).contains("whole number"));
        assert!(message(r#"[]"#).contains("JSON object"));
        assert!(load(r#"{"crid": "56789012", "mid": "902345678", "manifest_mid": "902345679"}"#).is_ok());
    }

    #[test]
    fn labels_without_a_payment_account_name_the_missing_settings() {
        let config = Config { crid: Some("56789012".into()), ..Config::default() };
        let Err(CarrierError::AuthFailed(message)) = config.payment_account() else { panic!() };
        assert!(message.contains("mid, manifest_mid, account_number"), "{message}");
        assert!(!message.contains("crid"), "{message}");
    }
}
