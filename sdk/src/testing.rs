//! A stand-in host for native unit tests of a plugin.
//!
//! ```
//! use crossdock_sdk::testing::TestHost;
//! use crossdock_sdk::LogLevel;
//!
//! let host = TestHost::new()
//!     .with_config(r#"{"restocking_fee_bp": 1000}"#)
//!     .with_now("2026-11-25T10:00:00Z");
//! let ctx = host.ctx();
//! ctx.info("hello");
//! assert_eq!(host.logs(), vec![(LogLevel::Info, "hello".to_string())]);
//! ```

pub mod customs;

use std::cell::RefCell;

use crate::{Ctx, CurrencyCode, FxRate, HostApi, HttpError, HttpRequest, HttpResponse, LogLevel, Timestamp};

type Handler = Box<dyn Fn(HttpRequest) -> Result<HttpResponse, HttpError>>;

/// Configuration, clock, FX table and HTTP of a test; logs are kept for assertions.
pub struct TestHost {
    config: String,
    now: Timestamp,
    fx: Vec<FxRate>,
    http: Option<Handler>,
    secrets: Vec<(String, String)>,
    logs: RefCell<Vec<(LogLevel, String)>>,
}

impl Default for TestHost {
    fn default() -> Self {
        Self::new()
    }
}

impl TestHost {
    /// An empty configuration (`{}`), the clock at 2026-11-25T12:00:00Z, no FX rates, no HTTP.
    pub fn new() -> Self {
        Self {
            config: "{}".into(),
            now: Timestamp::from_unix(1_795_608_000),
            fx: Vec::new(),
            http: None,
            secrets: Vec::new(),
            logs: RefCell::new(Vec::new()),
        }
    }

    pub fn with_config(mut self, json: &str) -> Self {
        self.config = json.to_owned();
        self
    }

    /// Sets the event clock; panics on a malformed RFC 3339 text (tests only).
    pub fn with_now(mut self, rfc3339: &str) -> Self {
        self.now = rfc3339.parse().unwrap_or_else(|e| panic!("{e}"));
        self
    }

    /// Adds an FX rate: `to` units per `from` unit in integer micro-units (1.0523 USD per EUR
    /// is `with_fx("EUR", "USD", 1_052_300, …)`).
    ///
    /// As on the server, the rates not given are derived: the inverse of a given rate, and the
    /// cross rate between two currencies quoted from the same one (`EUR→USD` and `EUR→GBP`
    /// give `USD→GBP`), rounded half up to the micro. A given rate always wins.
    pub fn with_fx(mut self, from: &str, to: &str, micros: u64, date: &str) -> Self {
        let code = |c: &str| c.parse::<CurrencyCode>().unwrap_or_else(|e| panic!("{e}"));
        self.fx.push(FxRate { from: code(from), to: code(to), micros, date: date.into() });
        self
    }

    /// Adds a table as the server loads one (`{"date", "base", "rates"}`): each rate in integer
    /// micro-units of the quoted currency per unit of `base`.
    ///
    /// ```
    /// use crossdock_sdk::testing::TestHost;
    ///
    /// let host = TestHost::new().with_fx_table("EUR", "2026-11-24", &[("USD", 1_052_300), ("GBP", 832_100)]);
    /// let ctx = host.ctx();
    /// let usd_gbp = ctx.fx_rate("USD".parse().unwrap(), "GBP".parse().unwrap()).unwrap();
    /// assert_eq!(usd_gbp.micros, 790_744); // 0.8321 / 1.0523
    /// ```
    pub fn with_fx_table(self, base: &str, date: &str, rates: &[(&str, u64)]) -> Self {
        rates.iter().fold(self, |host, (quote, micros)| host.with_fx(base, quote, *micros, date))
    }

    /// Answers the plugin's HTTP requests with `handler`.
    pub fn with_http(mut self, handler: impl Fn(HttpRequest) -> Result<HttpResponse, HttpError> + 'static) -> Self {
        self.http = Some(Box::new(handler));
        self
    }

    /// Stores a binding secret the plugin can read with [`Ctx::secret`].
    pub fn with_secret(mut self, name: &str, value: &str) -> Self {
        self.secrets.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn ctx(&self) -> Ctx<'_> {
        Ctx::new(self)
    }

    /// Everything the plugin logged so far.
    pub fn logs(&self) -> Vec<(LogLevel, String)> {
        self.logs.borrow().clone()
    }
}

impl HostApi for TestHost {
    fn log(&self, level: LogLevel, message: &str) {
        self.logs.borrow_mut().push((level, message.to_owned()));
    }

    fn config_json(&self) -> String {
        self.config.clone()
    }

    fn now(&self) -> Timestamp {
        self.now
    }

    fn fx_rate(&self, from: CurrencyCode, to: CurrencyCode) -> Option<FxRate> {
        derived_rate(&self.fx, from, to)
    }

    fn fetch(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        match &self.http {
            Some(handler) => handler(request),
            None => Err(HttpError::Denied("the test host has no HTTP handler".into())),
        }
    }

    fn secret(&self, name: &str) -> Option<String> {
        self.secrets.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }
}

/// `num / den` in micro-units, rounded half up, as the server's FX table computes it.
fn ratio_micros(num: u64, den: u64) -> Option<u64> {
    if den == 0 {
        return None;
    }
    let (num, den) = (u128::from(num) * 1_000_000, u128::from(den));
    u64::try_from((num + den / 2) / den).ok()
}

/// The rate `from → to`: given, else the inverse of a given one, else the cross rate through a
/// currency both are quoted from. A derived rate carries the older of the dates it comes from.
fn derived_rate(rates: &[FxRate], from: CurrencyCode, to: CurrencyCode) -> Option<FxRate> {
    let given = |a: CurrencyCode, b: CurrencyCode| rates.iter().find(|r| r.from == a && r.to == b && r.micros > 0);
    if let Some(rate) = given(from, to) {
        return Some(rate.clone());
    }
    if let Some(back) = given(to, from) {
        return Some(FxRate { from, to, micros: ratio_micros(1_000_000, back.micros)?, date: back.date.clone() });
    }
    rates.iter().filter(|r| r.to == from && r.micros > 0).find_map(|base_from| {
        let base_to = given(base_from.from, to)?;
        let date = base_from.date.clone().min(base_to.date.clone());
        Some(FxRate { from, to, micros: ratio_micros(base_to.micros, base_from.micros)?, date })
    })
}

/// The `$schema` a plugin's configuration schema must declare.
pub const JSON_SCHEMA_DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// Checks that a plugin's published configuration schema and its configuration type agree,
/// panicking with a message that names the first disagreement (tests only).
///
/// The schema must be JSON Schema draft 2020-12 with `"type": "object"` and
/// `"additionalProperties": false`; its properties must be exactly the fields `T` serializes,
/// each with a `description` and a `default` equal to that field of `T::default()`; the schema's
/// defaults must deserialize back into `T::default()`; an empty configuration (`{}`, or no text
/// at all) read through [`Ctx::config`] must be `T::default()`; and an unknown key must be
/// refused with `invalid_config` naming the unknown field (give `T` `#[serde(deny_unknown_fields)]`).
///
/// A field the merchant must set, with no default, is declared with
/// [`ConfigSchemaCheck::required`].
///
/// ```
/// use crossdock_sdk::testing::check_config_schema;
///
/// #[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
/// #[serde(default, deny_unknown_fields)]
/// struct Config {
///     restocking_fee_bp: u32,
/// }
///
/// const SCHEMA: &str = r#"{
///   "$schema": "https://json-schema.org/draft/2020-12/schema",
///   "type": "object",
///   "additionalProperties": false,
///   "properties": {
///     "restocking_fee_bp": {
///       "description": "Fee kept on a return, in basis points of the item price.",
///       "type": "integer",
///       "default": 0
///     }
///   }
/// }"#;
///
/// check_config_schema::<Config>(SCHEMA);
/// ```
pub fn check_config_schema<T>(schema_json: &str)
where
    T: serde::Serialize + serde::de::DeserializeOwned + Default + PartialEq + std::fmt::Debug,
{
    ConfigSchemaCheck::new(schema_json).check::<T>();
}

/// [`check_config_schema`] with options, for a schema whose fields are not all optional.
///
/// ```
/// use crossdock_sdk::testing::ConfigSchemaCheck;
///
/// #[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
/// #[serde(default, deny_unknown_fields)]
/// struct Config {
///     account_number: String,
///     sandbox: bool,
/// }
///
/// const SCHEMA: &str = r#"{
///   "$schema": "https://json-schema.org/draft/2020-12/schema",
///   "type": "object",
///   "additionalProperties": false,
///   "required": ["account_number"],
///   "properties": {
///     "account_number": { "description": "Your carrier account.", "type": "string" },
///     "sandbox": { "description": "Use the carrier's test service.", "type": "boolean", "default": false }
///   }
/// }"#;
///
/// ConfigSchemaCheck::new(SCHEMA).required(&["account_number"]).check::<Config>();
/// ```
#[derive(Debug, Clone)]
pub struct ConfigSchemaCheck<'a> {
    schema_json: &'a str,
    required: Vec<&'a str>,
}

impl<'a> ConfigSchemaCheck<'a> {
    pub fn new(schema_json: &'a str) -> Self {
        Self { schema_json, required: Vec::new() }
    }

    /// Fields the merchant must set: the schema lists exactly these in `required` and gives them
    /// no `default`; they are left out of the defaults' round trip, and may be left out of the
    /// default config's serialization (an `Option` skipped when `None`).
    pub fn required(mut self, fields: &[&'a str]) -> Self {
        self.required.extend_from_slice(fields);
        self
    }

    /// Runs every check, panicking at the first that fails.
    pub fn check<T>(&self)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + Default + PartialEq + std::fmt::Debug,
    {
        use serde_json::Value;

        let schema: Value =
            serde_json::from_str(self.schema_json).unwrap_or_else(|e| panic!("the config schema is not JSON: {e}"));
        assert_eq!(
            schema["$schema"], JSON_SCHEMA_DRAFT_2020_12,
            "the config schema must declare `$schema` {JSON_SCHEMA_DRAFT_2020_12}"
        );
        assert_eq!(schema["type"], "object", "the config schema must have `\"type\": \"object\"`");
        assert_eq!(
            schema["additionalProperties"], false,
            "the config schema must have `\"additionalProperties\": false`, like a struct that denies unknown fields"
        );
        let properties =
            schema["properties"].as_object().unwrap_or_else(|| panic!("the config schema has no `properties` object"));

        let defaults =
            serde_json::to_value(T::default()).unwrap_or_else(|e| panic!("the default config does not serialize: {e}"));
        let defaults = defaults
            .as_object()
            .unwrap_or_else(|| panic!("the default config does not serialize to a JSON object: {defaults}"));
        let mut in_schema: Vec<&String> = properties.keys().collect();
        let mut in_struct: Vec<&String> = defaults.keys().collect();
        let skipped: Vec<String> =
            self.required.iter().filter(|name| !defaults.contains_key(**name)).map(|name| (*name).to_owned()).collect();
        in_struct.extend(&skipped);
        in_schema.sort();
        in_struct.sort();
        assert_eq!(
            in_schema, in_struct,
            "the config schema's properties (left) and the config's fields (right) differ"
        );

        let mut required: Vec<&str> = self.required.clone();
        required.sort_unstable();
        let mut declared: Vec<&str> = match &schema["required"] {
            Value::Null => Vec::new(),
            Value::Array(names) => names
                .iter()
                .map(|n| n.as_str().unwrap_or_else(|| panic!("`required` lists a non-string: {n}")))
                .collect(),
            other => panic!("the config schema's `required` is not an array: {other}"),
        };
        declared.sort_unstable();
        assert_eq!(
            declared, required,
            "the config schema's `required` (left) is not the fields checked as required (right)"
        );

        let mut schema_defaults = serde_json::Map::new();
        for (name, property) in properties {
            assert!(property["description"].is_string(), "config field `{name}` needs a description in the schema");
            if self.required.contains(&name.as_str()) {
                assert!(property.get("default").is_none(), "required config field `{name}` must have no default");
                continue;
            }
            let default = property
                .get("default")
                .unwrap_or_else(|| panic!("config field `{name}` needs a default in the schema"));
            assert_eq!(
                Some(default),
                defaults.get(name),
                "the schema's default of `{name}` (left) is not the config's (right)"
            );
            schema_defaults.insert(name.clone(), default.clone());
        }
        let parsed: T = serde_json::from_value(Value::Object(schema_defaults))
            .unwrap_or_else(|e| panic!("the schema's defaults do not deserialize into the config: {e}"));
        assert_eq!(
            parsed,
            T::default(),
            "the schema's defaults deserialize into something other than the default config"
        );

        for empty in ["{}", ""] {
            let host = TestHost::new().with_config(empty);
            let config = host.ctx().config::<T>().unwrap_or_else(|e| panic!("config `{empty}` is refused: {e:?}"));
            assert_eq!(config, T::default(), "config `{empty}` is not the default config");
        }

        let unknown =
            (0..).map(|n| format!("not_a_setting_{n}")).find(|name| !properties.contains_key(name)).unwrap_or_default();
        let host = TestHost::new().with_config(&format!(r#"{{"{unknown}": true}}"#));
        match host.ctx().config::<T>() {
            Ok(config) => panic!("config with unknown key `{unknown}` is accepted as {config:?}; deny unknown fields"),
            Err(err) => {
                assert_eq!(err.code, "invalid_config", "an unknown key is refused with the wrong code: {err:?}");
                assert!(err.message.contains("unknown field"), "an unknown key is refused without naming it: {err:?}");
            }
        }
    }
}

/// Parses a JSON fixture into a contract type, panicking with serde's message (tests only).
pub fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("fixture does not match the contract: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Money;

    #[test]
    fn conversion_respects_minor_units() {
        let host =
            TestHost::new().with_fx("EUR", "JPY", 162_450_000, "2026-11-24").with_fx("JPY", "EUR", 6_156, "2026-11-24");
        let ctx = host.ctx();
        let (yen, rate) = ctx.convert(Money::new(1999, "EUR".parse().unwrap()), "JPY".parse().unwrap()).unwrap();
        assert_eq!(yen.amount, 3247); // 19.99 × 162.45 = 3247.3755
        assert_eq!(rate.date, "2026-11-24");
        let (eur, _) = ctx.convert(Money::new(10_000, "JPY".parse().unwrap()), "EUR".parse().unwrap()).unwrap();
        assert_eq!(eur.amount, 6156); // 10000 × 0.006156 = 61.56
        assert!(ctx.convert(Money::new(1, "USD".parse().unwrap()), "EUR".parse().unwrap()).is_none());
    }

    #[test]
    fn fx_rates_are_derived_through_the_base_as_the_server_does() {
        let host = TestHost::new().with_fx_table("EUR", "2026-11-24", &[("USD", 1_052_300), ("JPY", 162_450_000)]);
        let ctx = host.ctx();
        let rate = |from: &str, to: &str| ctx.fx_rate(from.parse().unwrap(), to.parse().unwrap());
        // The server's FxTable: inverse 1 / 1.0523 and cross 162.45 / 1.0523, half up to the micro.
        assert_eq!(rate("USD", "EUR").map(|r| r.micros), Some(950_299));
        assert_eq!(rate("USD", "JPY").map(|r| r.micros), Some(154_376_128));
        assert_eq!(rate("JPY", "USD").map(|r| r.micros), Some(6_478));
        assert_eq!(rate("USD", "JPY").map(|r| r.date), Some("2026-11-24".to_owned()));
        assert!(rate("USD", "GBP").is_none(), "no rate is invented for a currency not quoted");
        let (yen, _) = ctx.convert(Money::new(10_000, "USD".parse().unwrap()), "JPY".parse().unwrap()).unwrap();
        assert_eq!(yen.amount, 15_438); // 100.00 USD × 154.376128 = 15437.6128 JPY

        let given = TestHost::new().with_fx("EUR", "USD", 1_052_300, "2026-11-24").with_fx("USD", "EUR", 950_000, "d");
        let usd_eur = given.ctx().fx_rate("USD".parse().unwrap(), "EUR".parse().unwrap()).unwrap();
        assert_eq!(usd_eur.micros, 950_000, "a given rate wins over a derived one");
    }

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    #[serde(default, deny_unknown_fields)]
    struct Policy {
        window_days: u32,
        account: String,
    }

    impl Default for Policy {
        fn default() -> Self {
            Self { window_days: 30, account: String::new() }
        }
    }

    fn policy_schema(window_default: &str, extra: &str) -> String {
        format!(
            r#"{{
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "additionalProperties": false{extra},
              "properties": {{
                "window_days": {{ "description": "Days to return.", "type": "integer", "default": {window_default} }},
                "account": {{ "description": "Account.", "type": "string", "default": "" }}
              }}
            }}"#
        )
    }

    #[test]
    fn a_schema_that_matches_its_config_passes_the_check() {
        check_config_schema::<Policy>(&policy_schema("30", ""));
    }

    #[test]
    #[should_panic(expected = "the schema's default of `window_days`")]
    fn a_schema_default_that_differs_from_the_config_fails_the_check() {
        check_config_schema::<Policy>(&policy_schema("14", ""));
    }

    #[test]
    #[should_panic(expected = "additionalProperties")]
    fn a_schema_open_to_unknown_keys_fails_the_check() {
        let open =
            policy_schema("30", "").replace(r#""additionalProperties": false"#, r#""additionalProperties": true"#);
        check_config_schema::<Policy>(&open);
    }

    #[test]
    #[should_panic(expected = "properties (left) and the config's fields (right) differ")]
    fn a_schema_missing_a_field_fails_the_check() {
        let schema: serde_json::Value = serde_json::from_str(&policy_schema("30", "")).unwrap();
        let mut schema = schema.as_object().unwrap().clone();
        schema["properties"].as_object_mut().unwrap().remove("account");
        check_config_schema::<Policy>(&serde_json::Value::Object(schema).to_string());
    }

    #[test]
    #[should_panic(expected = "is accepted")]
    fn a_config_that_accepts_unknown_keys_fails_the_check() {
        #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq, Default)]
        #[serde(default)]
        struct Open {
            window_days: u32,
        }
        let schema = policy_schema("0", "");
        let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
        let mut schema = schema.as_object().unwrap().clone();
        schema["properties"].as_object_mut().unwrap().remove("account");
        check_config_schema::<Open>(&serde_json::Value::Object(schema).to_string());
    }

    #[test]
    fn a_required_field_has_no_default_and_is_listed_as_required() {
        let schema = policy_schema("30", r#", "required": ["account"]"#).replace(r#", "default": """#, "");
        ConfigSchemaCheck::new(&schema).required(&["account"]).check::<Policy>();
    }

    #[test]
    #[should_panic(expected = "needs a default")]
    fn a_field_without_a_default_that_is_not_required_fails_the_check() {
        let schema = policy_schema("30", "").replace(r#", "default": """#, "");
        check_config_schema::<Policy>(&schema);
    }

    #[test]
    fn a_malformed_config_is_a_plugin_error_naming_the_field() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Cfg {
            window_days: u32,
        }
        let host = TestHost::new().with_config(r#"{"window_days": "thirty"}"#);
        let err = host.ctx().config::<Cfg>().unwrap_err();
        assert_eq!(err.code, "invalid_config");
        assert!(err.message.contains("invalid type"), "{}", err.message);
    }
}
