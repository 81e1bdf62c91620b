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

    /// Adds an FX rate: `to` units per `from` unit, times 1,000,000.
    pub fn with_fx(mut self, from: &str, to: &str, micros: u64, date: &str) -> Self {
        let code = |c: &str| c.parse::<CurrencyCode>().unwrap_or_else(|e| panic!("{e}"));
        self.fx.push(FxRate { from: code(from), to: code(to), micros, date: date.into() });
        self
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
        self.fx.iter().find(|r| r.from == from && r.to == to).cloned()
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
