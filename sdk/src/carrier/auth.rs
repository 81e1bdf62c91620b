//! Credentials: the binding's secrets, HTTP Basic, and OAuth 2 client-credentials tokens.
//!
//! Secrets are the merchant's to set on the binding (`crossdock` never reads them from the
//! environment); a missing one is `AuthFailed` naming the secret, so the message says exactly
//! what to do. A plugin call runs in a fresh instance with no memory of earlier calls, so an
//! OAuth token is fetched for each call that needs one; the carriers' token lifetimes (an hour
//! or more) make that one extra request per call, never a stale token.
//!
//! ```
//! use crossdock_sdk::carrier::{ClientCredentials, CredentialsIn, required_secret};
//! use crossdock_sdk::testing::TestHost;
//! use crossdock_sdk::HttpResponse;
//!
//! let host = TestHost::new().with_secret("client_id", "id").with_secret("client_secret", "s3cret").with_http(|r| {
//!     assert_eq!(r.body, b"grant_type=client_credentials");
//!     Ok(HttpResponse { status: 200, headers: vec![], body: br#"{"access_token":"t0k","expires_in":"14399"}"#.to_vec() })
//! });
//! let ctx = host.ctx();
//! let id = required_secret(&ctx, "client_id").unwrap();
//! let secret = required_secret(&ctx, "client_secret").unwrap();
//! let token = ClientCredentials::new("https://auth.carrier.example/oauth/token", &id, &secret)
//!     .credentials_in(CredentialsIn::BasicHeader)
//!     .fetch(&ctx)
//!     .unwrap();
//! assert_eq!(token.access_token, "t0k");
//! assert!(required_secret(&ctx, "api_key").is_err());
//! ```

use serde::Deserialize;

use crate::{CarrierError, Ctx, HttpResponse};

use super::http::{ApiRequest, carrier_text, foreign_answer, parse_json};
use super::label::encode_base64;

/// The binding secret `name`, or `AuthFailed("set the binding secret `name`")` when it is
/// missing or blank.
pub fn required_secret(ctx: &Ctx, name: &str) -> Result<String, CarrierError> {
    match ctx.secret(name) {
        Some(value) if !value.trim().is_empty() => Ok(value),
        _ => Err(CarrierError::AuthFailed(format!("set the binding secret `{name}`"))),
    }
}

/// The `Authorization` header value for HTTP Basic: `Basic base64(user:password)`.
///
/// ```
/// assert_eq!(crossdock_sdk::carrier::basic_auth("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
/// ```
pub fn basic_auth(user: &str, password: &str) -> String {
    format!("Basic {}", encode_base64(format!("{user}:{password}").as_bytes()))
}

/// Where a client-credentials request carries the client's id and secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialsIn {
    /// `Authorization: Basic base64(id:secret)` (RFC 6749 §2.3.1's preferred form; UPS).
    BasicHeader,
    /// `client_id=…&client_secret=…` in the form body (FedEx).
    Body,
}

/// An access token from a token endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Token {
    pub access_token: String,
    #[serde(default)]
    pub token_type: Option<String>,
    /// Seconds, as the carrier wrote it (UPS sends a string, FedEx a number).
    #[serde(default)]
    pub expires_in: Option<super::Decimal>,
}

/// An OAuth 2 client-credentials token request (RFC 6749 §4.4).
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    url: String,
    client_id: String,
    client_secret: String,
    credentials_in: CredentialsIn,
    params: Vec<(String, String)>,
    headers: Vec<(String, String)>,
}

impl ClientCredentials {
    /// A request to `url` with the client's credentials in a Basic header (change with
    /// [`credentials_in`](Self::credentials_in)).
    pub fn new(url: impl Into<String>, client_id: &str, client_secret: &str) -> Self {
        Self {
            url: url.into(),
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            credentials_in: CredentialsIn::BasicHeader,
            params: Vec::new(),
            headers: Vec::new(),
        }
    }

    pub fn credentials_in(mut self, place: CredentialsIn) -> Self {
        self.credentials_in = place;
        self
    }

    /// An extra form parameter, such as `scope`.
    pub fn param(mut self, name: &str, value: &str) -> Self {
        self.params.push((name.to_owned(), value.to_owned()));
        self
    }

    /// An extra header, such as UPS's `x-merchant-id`.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The request this sends: `POST`, form-encoded `grant_type=client_credentials`.
    pub fn request(&self) -> ApiRequest {
        let mut form: Vec<(&str, &str)> = vec![("grant_type", "client_credentials")];
        if self.credentials_in == CredentialsIn::Body {
            form.push(("client_id", &self.client_id));
            form.push(("client_secret", &self.client_secret));
        }
        form.extend(self.params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let mut request = ApiRequest::post(self.url.clone()).form(&form);
        if self.credentials_in == CredentialsIn::BasicHeader {
            request = request.basic_auth(&self.client_id, &self.client_secret);
        }
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        request
    }

    /// Fetches a token. A refusal (any 4xx) is `AuthFailed` with the endpoint's reason; a
    /// 5xx is `ServiceUnavailable`; an answer without `access_token` is `BadResponse`.
    pub fn fetch(&self, ctx: &Ctx) -> Result<Token, CarrierError> {
        let response = self.request().send(ctx)?;
        match response.status {
            200..=299 => {
                let token: Token = parse_json(&response.body)?;
                if token.access_token.trim().is_empty() {
                    return Err(CarrierError::BadResponse("the token endpoint answered an empty access_token".into()));
                }
                Ok(token)
            }
            400..=499 => Err(CarrierError::AuthFailed(format!(
                "the token endpoint refused the client credentials (HTTP {}): {}; check the binding secrets",
                response.status,
                token_refusal(&self.url, &response)
            ))),
            500..=599 => Err(CarrierError::ServiceUnavailable(format!(
                "the token endpoint failed ({})",
                foreign_answer(response.status, &self.url, &response.body, "token endpoint")
            ))),
            _ => Err(CarrierError::BadResponse(format!(
                "unexpected answer from the token endpoint ({})",
                foreign_answer(response.status, &self.url, &response.body, "token endpoint")
            ))),
        }
    }
}

/// The reason in a token endpoint's refusal: RFC 6749's `error_description`/`error`, or the
/// carriers' `{"response":{"errors":[{"code","message"}]}}` / `{"errors":[…]}` shapes, made
/// fit for a message by [`carrier_text`]; any other body is described, not quoted.
fn token_refusal(url: &str, response: &HttpResponse) -> String {
    let foreign = || foreign_answer(response.status, url, &response.body, "token endpoint");
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(&response.body) else {
        return foreign();
    };
    let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
    // The carriers' error entries always name a code: without one, it is not their document.
    let first_error = |errors: &serde_json::Value| {
        let e = errors.get(0)?;
        let message = text(e.get("message")?)?;
        let code = e.get("code").and_then(text)?;
        Some(format!("{code} {message}"))
    };
    body.get("error_description")
        .and_then(text)
        .or_else(|| body.get("error").and_then(text))
        .or_else(|| body.pointer("/response/errors").and_then(first_error))
        .or_else(|| body.get("errors").and_then(first_error))
        .map(|reason| carrier_text(&reason))
        .filter(|reason| !reason.is_empty())
        .unwrap_or_else(foreign)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestHost;
    use crate::{HttpError, HttpRequest};

    fn answer(status: u16, body: &'static str) -> impl Fn(HttpRequest) -> Result<HttpResponse, HttpError> {
        move |_| Ok(HttpResponse { status, headers: vec![], body: body.as_bytes().to_vec() })
    }

    #[test]
    fn a_missing_or_blank_secret_names_what_to_set() {
        let host = TestHost::new().with_secret("password", "  ");
        let err = required_secret(&host.ctx(), "username").unwrap_err();
        assert_eq!(err, CarrierError::AuthFailed("set the binding secret `username`".into()));
        assert!(required_secret(&host.ctx(), "password").is_err());
    }

    #[test]
    fn credentials_go_in_the_body_when_asked() {
        let request = ClientCredentials::new("https://apis.fedex.com/oauth/token", "key", "s&cret")
            .credentials_in(CredentialsIn::Body)
            .request()
            .into_request();
        assert_eq!(request.body, b"grant_type=client_credentials&client_id=key&client_secret=s%26cret");
        assert!(!request.headers.iter().any(|(k, _)| k == "Authorization"));
        let ct = request.headers.iter().find(|(k, _)| k == "Content-Type").unwrap();
        assert_eq!(ct.1, "application/x-www-form-urlencoded");
    }

    #[test]
    fn credentials_go_in_a_basic_header_by_default_with_extra_headers() {
        let request =
            ClientCredentials::new("https://x.test/t", "id", "secret").header("x-merchant-id", "A1B2C3").request();
        let request = request.into_request();
        assert_eq!(request.body, b"grant_type=client_credentials");
        let header = |n: &str| request.headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        assert_eq!(header("Authorization").unwrap(), basic_auth("id", "secret"));
        assert_eq!(header("x-merchant-id").unwrap(), "A1B2C3");
    }

    #[test]
    fn a_refused_token_is_auth_failed_with_the_reason() {
        for body in [
            r#"{"error":"invalid_client","error_description":"Client authentication failed."}"#,
            r#"{"response":{"errors":[{"code":"250002","message":"Client authentication failed."}]}}"#,
            r#"{"errors":[{"code":"NOT.AUTHORIZED.ERROR","message":"Client authentication failed."}]}"#,
        ] {
            let host = TestHost::new().with_http(answer(401, body));
            let err = ClientCredentials::new("https://x.test/t", "id", "bad").fetch(&host.ctx()).unwrap_err();
            assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("Client authentication failed")), "{err}");
        }
    }

    #[test]
    fn token_answers_are_read_or_refused() {
        let host =
            TestHost::new().with_http(answer(200, r#"{"access_token":"abc","token_type":"bearer","expires_in":3599}"#));
        let token = ClientCredentials::new("https://x.test/t", "id", "s").fetch(&host.ctx()).unwrap();
        assert_eq!(token.expires_in.unwrap().as_str(), "3599");
        let host = TestHost::new().with_http(answer(200, r#"{"token_type":"bearer"}"#));
        let err = ClientCredentials::new("https://x.test/t", "id", "s").fetch(&host.ctx()).unwrap_err();
        assert!(matches!(err, CarrierError::BadResponse(_)), "{err}");
        let host = TestHost::new().with_http(answer(503, "down"));
        let err = ClientCredentials::new("https://x.test/t", "id", "s").fetch(&host.ctx()).unwrap_err();
        assert!(matches!(err, CarrierError::ServiceUnavailable(_)), "{err}");
    }
}
