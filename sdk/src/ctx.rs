//! The capabilities the host lends a plugin for one call.

use serde::de::DeserializeOwned;

use crate::{CurrencyCode, Money, PluginError, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
}

/// A dated exchange rate from the host's FX table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FxRate {
    pub from: CurrencyCode,
    pub to: CurrencyCode,
    /// Units of `to` per unit of `from`, times 1,000,000.
    pub micros: u64,
    /// YYYY-MM-DD the rate was published for.
    pub date: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: HttpMethod,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpError {
    /// The host refused the request: not a carrier, or a host outside the binding's allow-list.
    Denied(String),
    Timeout,
    /// The response was larger than the host's cap, in bytes.
    TooLarge(u64),
    Failed(String),
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Denied(why) => write!(f, "request denied: {why}"),
            Self::Timeout => f.write_str("no answer before the deadline"),
            Self::TooLarge(cap) => write!(f, "response larger than the {cap}-byte cap"),
            Self::Failed(why) => write!(f, "request failed: {why}"),
        }
    }
}

impl std::error::Error for HttpError {}

/// What the host provides. Implemented by the export macros over the real host imports, and
/// by [`crate::testing::TestHost`] for native tests.
pub trait HostApi {
    fn log(&self, level: LogLevel, message: &str);
    fn config_json(&self) -> String;
    fn now(&self) -> Timestamp;
    fn fx_rate(&self, from: CurrencyCode, to: CurrencyCode) -> Option<FxRate>;
    /// Outbound HTTP; only carrier plugins are granted it.
    fn fetch(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let _ = request;
        Err(HttpError::Denied("only carrier plugins may make HTTP requests".into()))
    }
    /// A secret of the binding (carrier plugins only).
    fn secret(&self, name: &str) -> Option<String> {
        let _ = name;
        None
    }
}

/// The handle a plugin receives with every call.
pub struct Ctx<'a> {
    host: &'a dyn HostApi,
}

impl<'a> Ctx<'a> {
    pub fn new(host: &'a dyn HostApi) -> Self {
        Self { host }
    }

    /// The merchant's configuration, parsed into the plugin's own type. Give the type
    /// `#[serde(default)]` fields to match the defaults in the plugin's config schema.
    pub fn config<T: DeserializeOwned>(&self) -> Result<T, PluginError> {
        let text = self.host.config_json();
        let text = if text.trim().is_empty() { "{}" } else { text.as_str() };
        serde_json::from_str(text).map_err(|e| PluginError::new("invalid_config", format!("configuration: {e}")))
    }

    /// The time of the event being processed.
    pub fn now(&self) -> Timestamp {
        self.host.now()
    }

    pub fn log(&self, level: LogLevel, message: &str) {
        self.host.log(level, message);
    }

    pub fn debug(&self, message: &str) {
        self.log(LogLevel::Debug, message);
    }

    pub fn info(&self, message: &str) {
        self.log(LogLevel::Info, message);
    }

    pub fn warn(&self, message: &str) {
        self.log(LogLevel::Warn, message);
    }

    pub fn fx_rate(&self, from: CurrencyCode, to: CurrencyCode) -> Option<FxRate> {
        if from == to {
            return Some(FxRate { from, to, micros: 1_000_000, date: self.now().date() });
        }
        self.host.fx_rate(from, to)
    }

    /// Converts `money` into `to` with the host's rate, rounding half away from zero and
    /// respecting both currencies' minor units. `None` when the host has no such rate.
    pub fn convert(&self, money: Money, to: CurrencyCode) -> Option<(Money, FxRate)> {
        let rate = self.fx_rate(money.currency, to)?;
        let shift = i32::from(to.minor_units()) - i32::from(money.currency.minor_units());
        let (num, den) = if shift >= 0 {
            (i128::from(rate.micros) * 10i128.pow(shift.unsigned_abs()), 1_000_000i128)
        } else {
            (i128::from(rate.micros), 1_000_000i128 * 10i128.pow(shift.unsigned_abs()))
        };
        let converted = Money::new(money.amount, to).ratio(num, den).ok()?;
        Some((converted, rate))
    }

    /// Sends an HTTP request (carrier plugins only, to hosts the binding allows).
    pub fn fetch(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        self.host.fetch(request)
    }

    /// A credential stored with this plugin's binding, such as `api_key` (carrier plugins
    /// only). `None` when the merchant has not set it.
    pub fn secret(&self, name: &str) -> Option<String> {
        self.host.secret(name)
    }
}
