//! A carrier plugin that makes exactly one outbound HTTP request per `rate` call and reports
//! what came back, so the host's tests can check the `http` capability from inside the sandbox.
//!
//! Its configuration names the request: `{"url": "...", "method": "GET" | "POST", "body": "..."}`,
//! and optionally `"attempts": n` (default 1): a request that times out is tried again, up to
//! `n` times in all, like a patient carrier adapter would (to prove the call's hard deadline).
//! Every request carries the header `x-probe: 1`. The outcome comes back in the call's result:
//!
//! | outcome of `fetch` | what `rate` returns |
//! | --- | --- |
//! | a response | one rate whose `service_name` is `status=<code> len=<body bytes> body=<first 200 bytes>` |
//! | `Denied(m)` | `AuthFailed("denied: m")` |
//! | `Timeout` | `Timeout("timeout")` |
//! | `TooLarge(n)` | `BadResponse("too large: n")` |
//! | `Failed(m)` | `ServiceUnavailable(m)` |
//!
//! The other carrier functions refuse with `InvalidRequest`.

use crossdock_sdk::prelude::*;
use crossdock_sdk::{HttpError, HttpMethod, HttpRequest};
use serde::Deserialize;

struct Probe;

/// The request to make.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    url: String,
    #[serde(default = "get")]
    method: String,
    #[serde(default)]
    body: String,
    #[serde(default = "one")]
    attempts: u32,
}

fn one() -> u32 {
    1
}

fn get() -> String {
    "GET".into()
}

const SCHEMA: &str = r#"{
  "type": "object",
  "additionalProperties": false,
  "required": ["url"],
  "properties": {
    "url": {"type": "string"},
    "method": {"type": "string", "enum": ["GET", "POST"], "default": "GET"},
    "body": {"type": "string", "default": ""},
    "attempts": {"type": "integer", "minimum": 1, "default": 1}
  }
}"#;

fn only_rates<T>() -> Result<T, CarrierError> {
    Err(CarrierError::InvalidRequest("probe only rates".into()))
}

impl CarrierPlugin for Probe {
    fn metadata() -> Metadata {
        Metadata {
            name: "probe-carrier".into(),
            version: "0.1.0".into(),
            kind: PluginKind::Carrier,
            description: "Makes one HTTP request and reports the outcome; for the host's tests only.".into(),
            covers: vec!["probe".into()],
            config_schema: SCHEMA.into(),
        }
    }

    fn rate(ctx: &Ctx, _request: RateRequest) -> Result<Vec<Rate>, CarrierError> {
        let eur: CurrencyCode = "EUR".parse().map_err(|e: CodeError| CarrierError::InvalidRequest(e.to_string()))?;
        let config: Config = ctx.config().map_err(|e| CarrierError::InvalidRequest(e.message))?;
        let method = match config.method.as_str() {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            other => return Err(CarrierError::InvalidRequest(format!("method `{other}` is not GET or POST"))),
        };
        let request = HttpRequest {
            method,
            url: config.url,
            headers: vec![("x-probe".into(), "1".into())],
            body: config.body.into_bytes(),
        };
        let mut outcome = ctx.fetch(request.clone());
        for _ in 1..config.attempts {
            if !matches!(outcome, Err(HttpError::Timeout)) {
                break;
            }
            outcome = ctx.fetch(request.clone());
        }
        let response = outcome.map_err(|e| match e {
            HttpError::Denied(m) => CarrierError::AuthFailed(format!("denied: {m}")),
            HttpError::Timeout => CarrierError::Timeout("timeout".into()),
            HttpError::TooLarge(n) => CarrierError::BadResponse(format!("too large: {n}")),
            HttpError::Failed(m) => CarrierError::ServiceUnavailable(m),
        })?;
        let head = &response.body[..response.body.len().min(200)];
        let service_name =
            format!("status={} len={} body={}", response.status, response.body.len(), String::from_utf8_lossy(head));
        Ok(vec![Rate {
            carrier: "probe".into(),
            service_code: "probe".into(),
            service_name,
            level: ServiceLevel::Standard,
            price: Money::zero(eur),
            eta_min_days: 1,
            eta_max_days: 1,
        }])
    }

    fn create_label(_ctx: &Ctx, _request: LabelRequest) -> Result<Label, CarrierError> {
        only_rates()
    }

    fn void_label(_ctx: &Ctx, _tracking_number: &str) -> Result<(), CarrierError> {
        only_rates()
    }

    fn track(_ctx: &Ctx, _tracking_number: &str) -> Result<Tracking, CarrierError> {
        only_rates()
    }
}

export_carrier!(Probe);
