//! Outbound HTTP for carrier plugins: only to allowed hosts, with a deadline and a size cap.
//!
//! A carrier binding carries an allow-list of host names (`express.api.dhl.com`,
//! `127.0.0.1:8091` for a test double). An empty list denies everything. The URL must be
//! `http` or `https`; redirects are not followed (a redirect could leave the allow-list), so a
//! plugin sees the 3xx and decides. Headers that steer the connection (`Host`, `Connection`,
//! `Content-Length`, `Transfer-Encoding`) are refused: `Host` could reach another virtual host
//! behind an allowed name. No proxy is read from the environment.
//!
//! The call blocks the plugin, and neither fuel nor epochs interrupt host calls, so every
//! request has its own deadline: the grant's, or less when the call's budget for time blocked
//! in HTTP (`Limits::http_budget`) is nearly spent. Time blocked here does not count against
//! the call's wall-clock deadline, which measures the plugin's own running time.

use std::time::Duration;

use ureq::http as h;
use ureq::{Agent, RequestExt};

use super::bindings::v0_1::http;

/// The outbound HTTP a binding grants.
#[derive(Debug)]
pub struct HttpGrant {
    /// Allowed `host` or `host:port` entries, compared case-insensitively.
    allowed: Vec<String>,
    max_response_bytes: u64,
    deadline: Duration,
    agent: Agent,
}

impl HttpGrant {
    pub fn new(allowed: Vec<String>, deadline: Duration, max_response_bytes: u64) -> Self {
        let agent: Agent = Agent::config_builder()
            .timeout_global(Some(deadline))
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .build()
            .into();
        let allowed = allowed.into_iter().map(|h| h.to_ascii_lowercase()).collect();
        Self { allowed, max_response_bytes, deadline, agent }
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
        let with_port = parsed.port_or_known_default().map(|p| format!("{host}:{p}"));
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

    /// Sends `request` if the grant allows it, waiting at most `budget` (and never longer than
    /// the grant's own deadline).
    pub(crate) fn fetch(&self, request: http::Request, budget: Duration) -> Result<http::Response, http::HttpError> {
        self.check(&request.url)?;
        if let Some((name, _)) = request.headers.iter().find(|(name, _)| is_reserved(name)) {
            return Err(http::HttpError::Denied(format!("header `{name}` is set by the host, not by plugins")));
        }
        if budget.is_zero() {
            return Err(http::HttpError::Timeout);
        }
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
        let deadline = self.deadline.min(budget);
        let mut response =
            req.with_agent(&self.agent).configure().timeout_global(Some(deadline)).run().map_err(map_error)?;
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

fn is_reserved(header: &str) -> bool {
    ["host", "connection", "content-length", "transfer-encoding"].iter().any(|h| header.eq_ignore_ascii_case(h))
}

fn map_error(error: ureq::Error) -> http::HttpError {
    match error {
        ureq::Error::Timeout(_) => http::HttpError::Timeout,
        other => http::HttpError::Failed(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: &str, headers: &[(&str, &str)]) -> http::Request {
        http::Request {
            method: http::Method::Get,
            url: url.into(),
            headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            body: Vec::new(),
        }
    }

    fn denied(result: Result<http::Response, http::HttpError>) -> String {
        match result {
            Err(http::HttpError::Denied(why)) => why,
            other => panic!("expected a denial, got {other:?}"),
        }
    }

    #[test]
    fn headers_that_steer_the_connection_are_refused() {
        let grant = HttpGrant::new(vec!["api.carrier.test".into()], Duration::from_secs(1), 1024);
        for header in ["Host", "content-length", "Transfer-Encoding", "connection"] {
            let why = denied(grant.fetch(request("https://api.carrier.test/rates", &[(header, "x")]), Duration::MAX));
            assert!(why.contains(header), "{why}");
        }
    }

    #[test]
    fn a_spent_budget_is_a_timeout_before_any_connection() {
        let grant = HttpGrant::new(vec!["api.carrier.test".into()], Duration::from_secs(1), 1024);
        let result = grant.fetch(request("https://api.carrier.test/rates", &[]), Duration::ZERO);
        assert!(matches!(result, Err(http::HttpError::Timeout)), "{result:?}");
    }
}
