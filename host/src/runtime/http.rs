//! Outbound HTTP for carrier plugins: only to allowed hosts, with a deadline and a size cap.
//!
//! A carrier binding carries an allow-list of host names (`express.api.dhl.com`,
//! `127.0.0.1:8091` for a test double). An empty list denies everything. The URL must be
//! `http` or `https`; redirects are not followed (a redirect could leave the allow-list), so a
//! plugin sees the 3xx and decides. Headers that steer the connection (`Host`, `Connection`,
//! `Content-Length`, `Transfer-Encoding`) are refused: `Host` could reach another virtual host
//! behind an allowed name. No proxy is read from the environment.
//!
//! Every request is checked against the address guard (`netguard.rs`) *after* its host name is
//! resolved: a name or literal that lands on loopback, private, link-local or other internal
//! addresses is denied unless the operator allowed that host (`RuntimeConfig::internal_hosts`).
//! The connection is then pinned to the checked addresses (a resolver that answers only those),
//! so the name is not looked up a second time and DNS rebinding cannot swap the address; TLS
//! still verifies the certificate against the URL's host name.
//!
//! The call blocks the plugin, and neither fuel nor epochs interrupt host calls, so every
//! request has its own deadline: the grant's, or less when the call's budget for time blocked
//! in HTTP (`Limits::http_budget`) or its hard deadline (`Limits::hard_deadline`) is nearly
//! spent. Name resolution counts against the same deadline.
//!
//! Every request is counted in the node's metrics where it is decided: the time of each one to
//! an allowed host (`crossdock_carrier_http_request_duration_seconds`, by `host:port`), and each
//! failure by kind (`crossdock_carrier_http_errors_total`; a 5xx answer is a `server_error`). A
//! request to a host outside the allow-list is counted under `not_allowed`, never under the
//! host the plugin chose.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ureq::http as h;
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};
use ureq::{Agent, RequestExt};

use super::bindings::v0_1::http;
use super::netguard::{self, InternalHosts};
use crate::metrics::{HttpError as ErrorKind, Metrics};

/// The host label of requests to hosts outside the allow-list.
const NOT_ALLOWED: &str = "not_allowed";

/// The outbound HTTP a binding grants.
#[derive(Debug)]
pub struct HttpGrant {
    /// Allowed `host` or `host:port` entries, compared case-insensitively.
    allowed: Vec<String>,
    max_response_bytes: u64,
    deadline: Duration,
}

/// What the runtime adds to a grant for one request: the operator's internal-host exceptions,
/// the time left to the call, and the memory left to the plugin (a response body held by the
/// host counts against the plugin's memory cap).
#[derive(Debug, Clone, Copy)]
pub(crate) struct FetchBounds<'a> {
    pub(crate) budget: Duration,
    pub(crate) memory_left: u64,
    pub(crate) internal: &'a InternalHosts,
    pub(crate) metrics: &'a Metrics,
}

impl HttpGrant {
    pub fn new(allowed: Vec<String>, deadline: Duration, max_response_bytes: u64) -> Self {
        let allowed = allowed.into_iter().map(|h| h.to_ascii_lowercase()).collect();
        Self { allowed, max_response_bytes, deadline }
    }

    /// The URL, if its host is allowed, and the allowed `host:port` it names.
    fn check(&self, url: &str) -> Result<(url::Url, String), http::HttpError> {
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
            let label = with_port.unwrap_or(host);
            Ok((parsed, label))
        } else {
            Err(http::HttpError::Denied(format!(
                "host `{}` is not in this binding's allow-list",
                with_port.unwrap_or(host)
            )))
        }
    }

    /// Sends `request` if the grant and the address guard allow it, waiting at most
    /// `bounds.budget` (and never longer than the grant's own deadline).
    pub(crate) fn fetch(
        &self,
        request: http::Request,
        bounds: FetchBounds<'_>,
    ) -> Result<http::Response, http::HttpError> {
        let (url, host) = match self.check(&request.url) {
            Ok(allowed) => allowed,
            Err(denied) => {
                bounds.metrics.carrier_http_error(NOT_ALLOWED, ErrorKind::Denied);
                return Err(denied);
            }
        };
        let started = Instant::now();
        let result = self.send(url, request, bounds);
        let failure = match &result {
            Ok(response) if response.status >= 500 => Some(ErrorKind::ServerError),
            Ok(_) => None,
            Err(http::HttpError::Denied(_)) => Some(ErrorKind::Denied),
            Err(http::HttpError::Timeout) => Some(ErrorKind::Timeout),
            Err(http::HttpError::TooLarge(_)) => Some(ErrorKind::TooLarge),
            Err(http::HttpError::Failed(_)) => Some(ErrorKind::Failed),
        };
        bounds.metrics.carrier_http(&host, started.elapsed(), failure);
        result
    }

    /// [`Self::fetch`] to an allowed `url`.
    fn send(
        &self,
        url: url::Url,
        request: http::Request,
        bounds: FetchBounds<'_>,
    ) -> Result<http::Response, http::HttpError> {
        if let Some((name, _)) = request.headers.iter().find(|(name, _)| is_reserved(name)) {
            return Err(http::HttpError::Denied(format!("header `{name}` is set by the host, not by plugins")));
        }
        if bounds.budget.is_zero() {
            return Err(http::HttpError::Timeout);
        }
        let deadline = self.deadline.min(bounds.budget);
        let started = Instant::now();
        let addrs = resolve_checked(&url, deadline, bounds.internal)?;
        let left = deadline.saturating_sub(started.elapsed());
        if left.is_zero() {
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
        let config = Agent::config_builder()
            .timeout_global(Some(left))
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .build();
        let agent = Agent::with_parts(config, DefaultConnector::new(), Pinned(addrs));
        let mut response = req.with_agent(&agent).run().map_err(map_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let cap = self.max_response_bytes.min(bounds.memory_left);
        let body = response.body_mut().with_config().limit(cap).read_to_vec().map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => http::HttpError::TooLarge(cap),
            other => map_error(other),
        })?;
        Ok(http::Response { status, headers, body })
    }
}

/// The addresses `url`'s host resolves to, every one of them checked by the address guard
/// unless the operator allowed the host. Resolution gives up after `deadline`.
fn resolve_checked(
    url: &url::Url,
    deadline: Duration,
    internal: &InternalHosts,
) -> Result<Vec<SocketAddr>, http::HttpError> {
    let port = url.port_or_known_default().unwrap_or(80);
    let host_text = url.host_str().unwrap_or_default().to_owned();
    let addrs: Vec<SocketAddr> = match url.host() {
        Some(url::Host::Ipv4(ip)) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
        Some(url::Host::Ipv6(ip)) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
        Some(url::Host::Domain(name)) => resolve(name, port, deadline)?,
        None => return Err(http::HttpError::Denied(format!("`{url}` has no host"))),
    };
    if addrs.is_empty() {
        return Err(http::HttpError::Failed(format!("`{host_text}` resolves to no address")));
    }
    if !internal.allows(&host_text, port) {
        for addr in &addrs {
            if let Some(why) = netguard::refusal(addr.ip()) {
                return Err(http::HttpError::Denied(format!(
                    "`{host_text}:{port}` resolves to {}, {why}: plugin HTTP reaches public addresses only \
                     (the operator can allow an internal host with --allow-internal-host HOST[:PORT])",
                    addr.ip()
                )));
            }
        }
    }
    Ok(addrs)
}

/// Looks `name` up on a helper thread, so a slow resolver cannot hold the call past `deadline`.
fn resolve(name: &str, port: u16, deadline: Duration) -> Result<Vec<SocketAddr>, http::HttpError> {
    let (tx, rx) = mpsc::sync_channel(1);
    let query = (name.to_owned(), port);
    std::thread::Builder::new()
        .name("crossdock-resolve".into())
        .spawn(move || {
            let _ = tx.send(query.to_socket_addrs().map(Iterator::collect::<Vec<_>>));
        })
        .map_err(|e| http::HttpError::Failed(format!("cannot start a name lookup: {e}")))?;
    match rx.recv_timeout(deadline) {
        Ok(Ok(addrs)) => Ok(addrs),
        Ok(Err(e)) => Err(http::HttpError::Failed(format!("cannot resolve `{name}`: {e}"))),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(http::HttpError::Timeout),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(http::HttpError::Failed(format!("the lookup of `{name}` stopped without an answer")))
        }
    }
}

/// A resolver that answers only the addresses checked before the request: the connection goes
/// where the guard looked, whatever the name resolves to by then.
#[derive(Debug)]
struct Pinned(Vec<SocketAddr>);

impl Resolver for Pinned {
    fn resolve(
        &self,
        _uri: &h::Uri,
        _config: &ureq::config::Config,
        _timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let mut out = self.empty();
        for addr in &self.0 {
            if out.try_push(*addr).is_err() {
                break;
            }
        }
        if out.is_empty() { Err(ureq::Error::HostNotFound) } else { Ok(out) }
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

    fn bounds(budget: Duration) -> FetchBounds<'static> {
        static NONE: std::sync::OnceLock<InternalHosts> = std::sync::OnceLock::new();
        static METRICS: std::sync::OnceLock<Metrics> = std::sync::OnceLock::new();
        FetchBounds {
            budget,
            memory_left: u64::MAX,
            internal: NONE.get_or_init(InternalHosts::default),
            metrics: METRICS.get_or_init(Metrics::new),
        }
    }

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
            let why =
                denied(grant.fetch(request("https://api.carrier.test/rates", &[(header, "x")]), bounds(Duration::MAX)));
            assert!(why.contains(header), "{why}");
        }
    }

    #[test]
    fn a_spent_budget_is_a_timeout_before_any_connection() {
        let grant = HttpGrant::new(vec!["api.carrier.test".into()], Duration::from_secs(1), 1024);
        let result = grant.fetch(request("https://api.carrier.test/rates", &[]), bounds(Duration::ZERO));
        assert!(matches!(result, Err(http::HttpError::Timeout)), "{result:?}");
    }
}

#[cfg(test)]
mod guard_tests {
    //! The address guard as a request meets it: literals in every form `url` accepts, names
    //! that resolve to loopback. Nothing here connects anywhere: a refusal happens before any
    //! connection, and the allowed case targets a loopback port nothing listens on.
    use super::*;

    fn checked(url: &str, internal: &InternalHosts) -> Result<Vec<SocketAddr>, http::HttpError> {
        let url = url::Url::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        resolve_checked(&url, Duration::from_secs(5), internal)
    }

    fn denial(url: &str) -> String {
        match checked(url, &InternalHosts::default()) {
            Err(http::HttpError::Denied(why)) => why,
            other => panic!("{url}: expected a denial, got {other:?}"),
        }
    }

    #[test]
    fn internal_literals_in_any_notation_are_denied() {
        for url in [
            "http://127.0.0.1/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://0/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.1.2.3:5432/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[64:ff9b::7f00:1]/",
            "http://[2002:7f00:1::]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "https://100.64.0.1/",
        ] {
            let why = denial(url);
            assert!(why.contains("public addresses only") && why.contains("--allow-internal-host"), "{url}: {why}");
        }
    }

    #[test]
    fn a_name_resolving_to_loopback_is_denied() {
        let why = denial("http://localhost:5432/");
        assert!(why.contains("`localhost:5432`") && why.contains("loopback"), "{why}");
    }

    #[test]
    fn an_internal_host_named_by_the_operator_is_allowed_and_pinned() {
        let internal = InternalHosts::new(&["127.0.0.1:8091".into(), "localhost".into()]);
        let addrs = checked("http://127.0.0.1:8091/", &internal).expect("allowed");
        assert_eq!(addrs, vec!["127.0.0.1:8091".parse::<SocketAddr>().expect("addr")]);
        assert!(checked("http://localhost:9/", &internal).is_ok());
        assert!(matches!(checked("http://127.0.0.1:8092/", &internal), Err(http::HttpError::Denied(_))));
    }

    #[test]
    fn the_pinned_resolver_answers_only_the_checked_addresses() {
        let addr: SocketAddr = "93.184.215.14:443".parse().expect("addr");
        let uri: h::Uri = "https://rebinding.example/".parse().expect("uri");
        let config = Agent::config_builder().build();
        let got = Pinned(vec![addr]).resolve(&uri, &config, NextTimeout::default()).expect("pinned");
        assert_eq!(got.iter().copied().collect::<Vec<_>>(), vec![addr]);
    }
}
