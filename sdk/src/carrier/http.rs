//! JSON over the host's HTTP: building a request, sending it through [`Ctx::fetch`], and
//! turning what comes back into a value or a [`CarrierError`] the core can act on.
//!
//! Three kinds of failure are told apart, because the core treats them differently:
//!
//! - **Transport** ([`transport_error`]): the host's deadline passed → `Timeout`; the host
//!   refused the request (a host missing from the binding's allow-list, no HTTP grant) →
//!   `AuthFailed`, naming the host to allow; a malformed URL or reserved header →
//!   `InvalidRequest`; the connection failed → `ServiceUnavailable`; the answer exceeded the
//!   host's size cap → `BadResponse`.
//! - **Status** ([`check_status`]): a non-2xx answer goes first to the adapter's hook, which
//!   reads the carrier's own error body (and can spot, say, an address error in a 400); what
//!   the hook leaves is mapped by status class with [`status_error`].
//! - **Body** ([`parse_json`]): a 2xx answer that does not parse as the expected type →
//!   `BadResponse` with its size and where parsing stopped.
//!
//! **No response body is quoted in an error.** Carrier errors end up in plugin-run records,
//! hold reasons and the dashboard; a binding pointed at some other service (by mistake or by
//! a hostile merchant) would otherwise have that service's answer copied there. An adapter
//! quotes only the fields of its carrier's documented error format, through [`carrier_text`]
//! (bounded, control characters dropped); any other answer is described by
//! [`foreign_answer`] as `HTTP <status> from <host> (<n> bytes, not a <carrier> error)`.
//!
//! ```
//! use crossdock_sdk::carrier::{ApiRequest, fetch_json, status_error};
//! use crossdock_sdk::testing::TestHost;
//! use crossdock_sdk::{CarrierError, HttpResponse};
//!
//! let host = TestHost::new().with_http(|request| {
//!     assert_eq!(request.headers.iter().find(|(k, _)| k == "Content-Type").unwrap().1, "application/json");
//!     Ok(HttpResponse { status: 200, headers: vec![], body: br#"{"id": "42"}"#.to_vec() })
//! });
//! #[derive(serde::Deserialize)]
//! struct Created { id: String }
//! let request = ApiRequest::post("https://api.carrier.example/shipments")
//!     .header("x-version", "3.1.0")
//!     .json(&serde_json::json!({"weight": 1.2}))
//!     .unwrap();
//! let created: Created = fetch_json(&host.ctx(), request, |r| {
//!     // Read the carrier's error body here; `None` falls back to the status class.
//!     (r.status == 400).then(|| status_error(400, "the carrier's detail"))
//! })
//! .unwrap();
//! assert_eq!(created.id, "42");
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{CarrierError, Ctx, HttpError, HttpMethod, HttpRequest, HttpResponse};

use super::auth::basic_auth;

/// An HTTP request to a carrier's API under construction. `Accept: application/json` is set
/// from the start; [`json`](Self::json) and [`form`](Self::form) set the body and its
/// `Content-Type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    request: HttpRequest,
}

impl ApiRequest {
    pub fn new(method: HttpMethod, url: impl Into<String>) -> Self {
        let request = HttpRequest {
            method,
            url: url.into(),
            headers: vec![("Accept".into(), "application/json".into())],
            body: Vec::new(),
        };
        Self { request }
    }

    pub fn get(url: impl Into<String>) -> Self {
        Self::new(HttpMethod::Get, url)
    }

    pub fn post(url: impl Into<String>) -> Self {
        Self::new(HttpMethod::Post, url)
    }

    pub fn put(url: impl Into<String>) -> Self {
        Self::new(HttpMethod::Put, url)
    }

    pub fn delete(url: impl Into<String>) -> Self {
        Self::new(HttpMethod::Delete, url)
    }

    /// Sets a header, replacing any earlier one of the same name (compared without case).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.request.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.request.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// `Authorization: Basic base64(user:password)`.
    pub fn basic_auth(self, user: &str, password: &str) -> Self {
        self.header("Authorization", &basic_auth(user, password))
    }

    /// `Authorization: Bearer <token>`.
    pub fn bearer(self, token: &str) -> Self {
        self.header("Authorization", &format!("Bearer {token}"))
    }

    /// A JSON body, with `Content-Type: application/json`.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, CarrierError> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| CarrierError::InvalidRequest(format!("the request body cannot be written as JSON: {e}")))?;
        self.request.body = bytes;
        Ok(self.header("Content-Type", "application/json"))
    }

    /// A form body (`a=1&b=2`), with `Content-Type: application/x-www-form-urlencoded`.
    pub fn form(mut self, pairs: &[(&str, &str)]) -> Self {
        self.request.body = form_urlencode(pairs).into_bytes();
        self.header("Content-Type", "application/x-www-form-urlencoded")
    }

    /// Any other body, with its content type.
    pub fn body(mut self, content_type: &str, bytes: Vec<u8>) -> Self {
        self.request.body = bytes;
        self.header("Content-Type", content_type)
    }

    pub fn url(&self) -> &str {
        &self.request.url
    }

    /// The request as it will be sent.
    pub fn request(&self) -> &HttpRequest {
        &self.request
    }

    pub fn into_request(self) -> HttpRequest {
        self.request
    }

    /// Sends the request; only transport failures are errors here, any status is returned.
    pub fn send(self, ctx: &Ctx) -> Result<HttpResponse, CarrierError> {
        send(ctx, self.request)
    }
}

/// Sends `request` through the host, mapping transport failures with [`transport_error`].
pub fn send(ctx: &Ctx, request: HttpRequest) -> Result<HttpResponse, CarrierError> {
    let url = request.url.clone();
    ctx.debug(&format!("{:?} {url}", request.method));
    ctx.fetch(request).map_err(|e| transport_error(e, &url))
}

/// The [`CarrierError`] for a request to `url` that got no HTTP answer.
pub fn transport_error(error: HttpError, url: &str) -> CarrierError {
    let host = host_of(url);
    match error {
        HttpError::Timeout => CarrierError::Timeout(format!("no answer from {host} before the deadline")),
        HttpError::Denied(why) if why.contains("allow-list") || why.contains("grants no outbound HTTP") => {
            CarrierError::AuthFailed(format!(
                "crossdock refused the request to {host} ({why}): add `{host}` to the binding's HTTP allow-list"
            ))
        }
        HttpError::Denied(why) => CarrierError::InvalidRequest(format!(
            "crossdock refused the request to {url} ({why}); check the binding's `base_url`"
        )),
        HttpError::TooLarge(cap) => {
            CarrierError::BadResponse(format!("the answer from {host} is larger than the host's {cap}-byte cap"))
        }
        HttpError::Failed(why) => {
            CarrierError::ServiceUnavailable(format!("cannot reach {host}: {why}; retry later or check `base_url`"))
        }
    }
}

/// Passes a 2xx response through. Otherwise asks `carrier_error` to read the carrier's own
/// error body, and when it returns `None`, maps the status with [`status_error`] and the
/// body's size (never its text: see the module docs).
pub fn check_status(
    response: HttpResponse,
    carrier_error: impl FnOnce(&HttpResponse) -> Option<CarrierError>,
) -> Result<HttpResponse, CarrierError> {
    check_status_from("", response, carrier_error)
}

/// [`check_status`] for an answer from `url`, which the fallback message names.
pub fn check_status_from(
    url: &str,
    response: HttpResponse,
    carrier_error: impl FnOnce(&HttpResponse) -> Option<CarrierError>,
) -> Result<HttpResponse, CarrierError> {
    if (200..300).contains(&response.status) {
        return Ok(response);
    }
    if let Some(error) = carrier_error(&response) {
        return Err(error);
    }
    let mut detail = foreign_answer(response.status, url, &response.body, "carrier");
    if let Some(location) = response.header("location").filter(|_| (300..400).contains(&response.status)) {
        detail = format!("redirected to {location}; check `base_url`");
    }
    if let Some(wait) = response.header("retry-after") {
        detail = format!("{detail} (retry after {wait})");
    }
    Err(status_error(response.status, &detail))
}

/// The error an HTTP status class stands for, with the carrier's `detail`:
///
/// | status | error |
/// |---|---|
/// | 401, 403 | `AuthFailed` (check the binding's secrets) |
/// | 404 | `NotFound` |
/// | 408 | `Timeout` |
/// | 429 | `ServiceUnavailable` (rate-limited; retry later) |
/// | other 4xx | `InvalidRequest` |
/// | 5xx | `ServiceUnavailable` |
/// | anything else (1xx, 3xx) | `BadResponse` |
pub fn status_error(status: u16, detail: &str) -> CarrierError {
    let detail = if detail.trim().is_empty() { "no detail given".to_owned() } else { detail.trim().to_owned() };
    match status {
        401 | 403 => CarrierError::AuthFailed(format!(
            "the carrier refused the credentials (HTTP {status}): {detail}; check the binding's secrets and account"
        )),
        404 => CarrierError::NotFound(format!("HTTP 404: {detail}")),
        408 => CarrierError::Timeout(format!("the carrier timed out the request (HTTP 408): {detail}")),
        429 => {
            CarrierError::ServiceUnavailable(format!("rate-limited by the carrier (HTTP 429): {detail}; retry later"))
        }
        400..=499 => CarrierError::InvalidRequest(format!("the carrier refused the request (HTTP {status}): {detail}")),
        500..=599 => CarrierError::ServiceUnavailable(format!("the carrier failed (HTTP {status}): {detail}")),
        _ => CarrierError::BadResponse(format!("unexpected HTTP {status}: {detail}")),
    }
}

/// Parses a JSON body into `T`; otherwise `BadResponse` with the body's size and where and
/// why parsing stopped, without quoting the body.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, CarrierError> {
    serde_json::from_slice(body).map_err(|e| {
        CarrierError::BadResponse(format!("unexpected answer ({} bytes, {})", body.len(), json_error_reason(&e)))
    })
}

/// Why serde could not read a body, in words that quote nothing of the body: serde's own
/// messages can (`invalid type: string "…"`, `unknown variant `…``), so only a missing field,
/// whose name comes from the adapter's type, is kept as serde words it.
pub fn json_error_reason(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("line {} column {}", error.line(), error.column());
    match error.classify() {
        Category::Syntax => format!("not JSON at {at}"),
        Category::Eof => format!("JSON cut short at {at}"),
        Category::Io => "unreadable".to_owned(),
        Category::Data => {
            let message = error.to_string();
            match message.strip_prefix("missing field ") {
                Some(rest) => {
                    let field = rest.split(" at line ").next().unwrap_or(rest);
                    format!("missing field {}", carrier_text(field))
                }
                None => format!("a value of the wrong type or form at {at}"),
            }
        }
    }
}

/// Sends `request`, checks the status (see [`check_status`]) and parses the JSON answer.
pub fn fetch_json<T: DeserializeOwned>(
    ctx: &Ctx,
    request: ApiRequest,
    carrier_error: impl FnOnce(&HttpResponse) -> Option<CarrierError>,
) -> Result<T, CarrierError> {
    let url = request.url().to_owned();
    let response = check_status_from(&url, request.send(ctx)?, carrier_error)?;
    parse_json(&response.body).map_err(|e| match e {
        CarrierError::BadResponse(why) => CarrierError::BadResponse(format!("{why} from {}", host_of(&url))),
        other => other,
    })
}

/// The most characters of carrier-supplied text kept in one message.
pub const MAX_CARRIER_TEXT: usize = 300;

/// Text read from a field of the carrier's documented error format, made fit for a message
/// that is stored and shown: control characters dropped, whitespace collapsed, at most
/// [`MAX_CARRIER_TEXT`] characters (`…` when cut).
///
/// ```
/// use crossdock_sdk::carrier::carrier_text;
/// assert_eq!(carrier_text("998: bad\n\u{1b}[31mdate\t "), "998: bad [31mdate");
/// assert_eq!(carrier_text(&"x".repeat(400)).chars().count(), 301);
/// ```
pub fn carrier_text(text: &str) -> String {
    let mut out = String::new();
    let mut count = 0;
    // Bidirectional overrides are dropped with the C0/C1 controls: they reorder what a
    // reader sees in the dashboard.
    let hidden = |c: &char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let cleaned = text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).filter(|c| !hidden(c));
    let cleaned: String = cleaned.collect();
    for word in cleaned.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            count += 1;
        }
        for c in word.chars() {
            if count >= MAX_CARRIER_TEXT {
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

/// How a message describes an answer that is not in the carrier's documented error format:
/// its status, the host it came from and its size, and nothing of its body.
///
/// ```
/// use crossdock_sdk::carrier::foreign_answer;
/// assert_eq!(
///     foreign_answer(500, "http://10.0.0.5:8080/admin?x=1", b"<html>secret</html>", "DHL Express"),
///     "HTTP 500 from 10.0.0.5:8080 (19 bytes, not a DHL Express error)"
/// );
/// ```
pub fn foreign_answer(status: u16, url: &str, body: &[u8], carrier: &str) -> String {
    let host = host_of(url);
    let from = if host.is_empty() { String::new() } else { format!(" from {host}") };
    format!("HTTP {status}{from} ({} bytes, not a {carrier} error)", body.len())
}

/// `application/x-www-form-urlencoded` text of `pairs`.
///
/// ```
/// use crossdock_sdk::carrier::form_urlencode;
/// assert_eq!(form_urlencode(&[("grant_type", "client_credentials"), ("id", "a b&c")]),
///            "grant_type=client_credentials&id=a+b%26c");
/// ```
pub fn form_urlencode(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| percent_encode(s).replace("%20", "+");
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// Percent-encodes everything but RFC 3986's unreserved characters (`A–Z a–z 0–9 - . _ ~`):
/// safe for a path segment or a query value.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `host[:port]` of a URL, for messages (no user information, path or query).
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    authority.rsplit_once('@').map_or(authority, |(_, h)| h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestHost;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.as_bytes().to_vec() }
    }

    #[test]
    fn a_timeout_is_a_timeout_naming_the_host() {
        let err = transport_error(HttpError::Timeout, "https://express.api.dhl.com/mydhlapi/rates");
        assert!(matches!(&err, CarrierError::Timeout(m) if m.contains("express.api.dhl.com")), "{err}");
    }

    #[test]
    fn a_host_outside_the_allow_list_says_to_allow_it() {
        let why = "host `127.0.0.1:9` is not in this binding's allow-list".to_owned();
        let err = transport_error(HttpError::Denied(why), "http://127.0.0.1:9/dhl/rates");
        let CarrierError::AuthFailed(message) = err else { panic!("{err:?}") };
        assert!(message.contains("add `127.0.0.1:9` to the binding's HTTP allow-list"), "{message}");
        let err = transport_error(HttpError::Denied("header `Host` is set by the host".into()), "https://x.test/a");
        assert!(matches!(err, CarrierError::InvalidRequest(_)), "{err}");
    }

    #[test]
    fn connection_failures_and_oversized_answers_are_typed() {
        let err = transport_error(HttpError::Failed("connection refused".into()), "https://user@x.test:8443/a");
        assert!(matches!(&err, CarrierError::ServiceUnavailable(m) if m.contains("x.test:8443")), "{err}");
        let err = transport_error(HttpError::TooLarge(4096), "https://x.test/a");
        assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("4096")), "{err}");
    }

    #[test]
    fn status_classes_map_to_the_errors_the_core_acts_on() {
        assert!(matches!(status_error(401, "x"), CarrierError::AuthFailed(_)));
        assert!(matches!(status_error(403, "x"), CarrierError::AuthFailed(_)));
        assert!(matches!(status_error(404, "x"), CarrierError::NotFound(_)));
        assert!(matches!(status_error(408, "x"), CarrierError::Timeout(_)));
        assert!(matches!(status_error(422, "x"), CarrierError::InvalidRequest(_)));
        assert!(matches!(status_error(429, "x"), CarrierError::ServiceUnavailable(_)));
        assert!(matches!(status_error(503, "x"), CarrierError::ServiceUnavailable(_)));
        assert!(matches!(status_error(302, "x"), CarrierError::BadResponse(_)));
    }

    #[test]
    fn the_carrier_hook_reads_its_error_body_first() {
        let hook = |r: &HttpResponse| {
            let text = String::from_utf8_lossy(&r.body);
            text.contains("1001").then(|| CarrierError::AddressRejected("postal code".into()))
        };
        let err = check_status(response(400, r#"{"detail":"1001: bad postal code"}"#), hook).unwrap_err();
        assert!(matches!(err, CarrierError::AddressRejected(_)));
        // What the hook does not read is described, never quoted.
        let err = check_status(response(400, r#"{"detail":"998: bad date"}"#), hook).unwrap_err();
        assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("not a carrier error")), "{err}");
        assert!(!err.to_string().contains("998"), "{err}");
        assert!(check_status(response(201, "{}"), hook).is_ok());
    }

    #[test]
    fn rate_limits_mention_when_to_retry() {
        let mut r = response(429, "");
        r.headers.push(("Retry-After".into(), "30".into()));
        let err = check_status(r, |_| None).unwrap_err();
        assert!(matches!(&err, CarrierError::ServiceUnavailable(m) if m.contains("retry after 30")), "{err}");
    }

    #[test]
    fn a_body_that_does_not_parse_is_described_without_quoting_it() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Rates {
            products: Vec<String>,
        }
        let err = parse_json::<Rates>(br#"{"products": ["P", "#).unwrap_err();
        assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("19 bytes, JSON cut short")), "{err}");
        let err = parse_json::<Rates>(b"<html>db_password=hunter2</html>").unwrap_err();
        assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("not JSON at line 1")), "{err}");
        assert!(!err.to_string().contains("hunter2"), "{err}");
        let err = parse_json::<Rates>(br#"{"products": [{"token": "hunter2"}]}"#).unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        let err = parse_json::<Rates>(br#"{"secret": "hunter2"}"#).unwrap_err();
        assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("missing field `products`")), "{err}");
    }

    #[test]
    fn an_answer_the_hook_does_not_recognise_is_named_by_status_host_and_size_only() {
        let host = TestHost::new().with_http(|_| {
            Ok(HttpResponse { status: 500, headers: vec![], body: br#"{"aws_secret":"hunter2"}"#.to_vec() })
        });
        let err =
            fetch_json::<serde_json::Value>(&host.ctx(), ApiRequest::get("http://169.254.169.254/latest"), |_| None)
                .unwrap_err();
        let message = err.to_string();
        assert!(message.contains("HTTP 500 from 169.254.169.254 (24 bytes, not a carrier error)"), "{message}");
        assert!(!message.contains("hunter2"), "{message}");
    }

    #[test]
    fn carrier_text_is_bounded_and_free_of_control_characters() {
        let long = "x".repeat(500);
        let e = carrier_text(&long);
        assert_eq!(e.chars().count(), MAX_CARRIER_TEXT + 1);
        assert!(e.ends_with('…'));
        assert_eq!(carrier_text("a\n  b\tc\u{7}d\u{202e}e"), "a b cde");
        assert_eq!(carrier_text(""), "");
    }

    #[test]
    fn requests_carry_json_headers_and_auth() {
        let request = ApiRequest::post("https://x.test/rates")
            .basic_auth("Aladdin", "open sesame")
            .header("x-version", "3.1.0")
            .header("X-Version", "3.1.1")
            .json(&serde_json::json!({"a": 1}))
            .unwrap()
            .into_request();
        let header = |name: &str| request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v);
        assert_eq!(header("authorization").unwrap(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(header("x-version").unwrap(), "3.1.1");
        assert_eq!(header("content-type").unwrap(), "application/json");
        assert_eq!(header("accept").unwrap(), "application/json");
        assert_eq!(request.body, br#"{"a":1}"#);
    }

    #[test]
    fn fetch_json_maps_a_transport_failure() {
        let host = TestHost::new().with_http(|_| Err(HttpError::Timeout));
        let err = fetch_json::<serde_json::Value>(&host.ctx(), ApiRequest::get("https://x.test/t"), |_| None);
        assert!(matches!(err, Err(CarrierError::Timeout(_))));
    }

    #[test]
    fn path_segments_and_forms_are_percent_encoded() {
        assert_eq!(percent_encode("JD01 46/x"), "JD01%2046%2Fx");
        assert_eq!(form_urlencode(&[("a", "b c"), ("d", "é")]), "a=b+c&d=%C3%A9");
    }
}
