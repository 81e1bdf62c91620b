//! Outbound HTTP for carrier plugins: only to allowed hosts, with a deadline and a size cap.
//!
//! A carrier binding carries an allow-list of host names (`express.api.dhl.com`,
//! `127.0.0.1:8091` for a test double). An empty list denies everything. The URL must be
//! `http` or `https`; redirects are not followed (a redirect could leave the allow-list), so a
//! plugin sees the 3xx and decides. The call blocks the plugin, and neither fuel nor epochs
//! interrupt host calls, so the request has its own deadline.

use std::time::Duration;

use ureq::Agent;
use ureq::http as h;

use super::bindings::v0_1::http;

/// The outbound HTTP a binding grants.
#[derive(Debug)]
pub struct HttpGrant {
    /// Allowed `host` or `host:port` entries, compared case-insensitively.
    allowed: Vec<String>,
    max_response_bytes: u64,
    agent: Agent,
}

impl HttpGrant {
    pub fn new(allowed: Vec<String>, deadline: Duration, max_response_bytes: u64) -> Self {
        let agent: Agent = Agent::config_builder()
            .timeout_global(Some(deadline))
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        let allowed = allowed.into_iter().map(|h| h.to_ascii_lowercase()).collect();
        Self { allowed, max_response_bytes, agent }
    }

    fn check(&self, url: &str) -> Result<(), http::HttpError> {
        let parsed = url::Url::parse(url).map_err(|e| http::HttpError::Denied(format!("`{url}` is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(http::HttpError::Denied(format!(
                "scheme `{}` is not allowed, only http and https",
                parsed.scheme()
            )));
        }
        let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
        let with_port = parsed.port().map(|p| format!("{host}:{p}"));
        let allowed = self.allowed.iter().any(|a| *a == host || Some(a) == with_port.as_ref());
        if allowed {
            Ok(())
        } else {
            Err(http::HttpError::Denied(format!(
                "host `{}` is not in this binding's allow-list",
                with_port.unwrap_or(host)
            )))
        }
    }

    pub(crate) fn fetch(&self, request: http::Request) -> Result<http::Response, http::HttpError> {
        self.check(&request.url)?;
        let method = match request.method {
            http::Method::Get => h::Method::GET,
            http::Method::Post => h::Method::POST,
            http::Method::Put => h::Method::PUT,
            http::Method::Delete => h::Method::DELETE,
        };
        let mut builder = h::Request::builder().method(method).uri(&request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let req = builder.body(request.body).map_err(|e| http::HttpError::Failed(format!("bad request: {e}")))?;
        let mut response = self.agent.run(req).map_err(map_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let body =
            response.body_mut().with_config().limit(self.max_response_bytes).read_to_vec().map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => http::HttpError::TooLarge(self.max_response_bytes),
                other => map_error(other),
            })?;
        Ok(http::Response { status, headers, body })
    }
}

fn map_error(error: ureq::Error) -> http::HttpError {
    match error {
        ureq::Error::Timeout(_) => http::HttpError::Timeout,
        other => http::HttpError::Failed(other.to_string()),
    }
}
