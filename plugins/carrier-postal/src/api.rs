//! The USPS v3 APIs over the host's HTTP: the OAuth token, the payment authorization that labels
//! need, and how each call's failures become the [`CarrierError`]s the core acts on.
//!
//! Every plugin call runs in a fresh instance, so each one fetches its own OAuth token first
//! (`POST {base_url}/oauth2/v3/token`, client credentials from the binding's secrets
//! `client_id` and `client_secret`); a token outlives any one call, so it is never stale, at
//! the cost of one request per call. The token request is the JSON body USPS documents
//! (`{"client_id", "client_secret", "grant_type": "client_credentials"}`, CARRIERS.md §4.1 and
//! the USPS api-examples README), read into a [`Value`]. (The SDK's `ClientCredentials` sends a
//! form body, which USPS also accepts; but its derived token type was the last derived
//! deserializer in this plugin, and with it serde's error machinery and float formatting: about
//! 85 KB of the component, measured, against crossdock's 512 KB budget.)
//!
//! Error bodies have USPS's shape (`{"apiVersion", "error": {"code", "message", "errors":
//! [{"code", "title", "detail", "source": {"parameter"}}]}}`, CARRIERS.md §4.5). What they mean
//! depends on the call:
//!
//! | answer | error |
//! | --- | --- |
//! | 401 / 403, or the token endpoint's refusal | `AuthFailed` |
//! | 400 from the payments API | `AuthFailed`: the payment account in the configuration is wrong |
//! | 400 with an address code (`010001` invalid address, `010002` invalid ZIP Code, `010005` address not found, `160049`/`160197` postal-code format; CARRIERS.md §4.5 from the USPS error inventory, snapshot 2025-10-31) or naming a `toAddress`/`fromAddress` field | `AddressRejected` |
//! | 400 `030013` (no international price group for the destination) | `ServiceUnavailable`: USPS does not serve that lane, another carrier may |
//! | 400 `150002` from tracking, 404 from tracking, 400 "not found" from a cancellation | `NotFound` |
//! | other 400s | `InvalidRequest`, with USPS's detail and parameter |
//! | 429 | `ServiceUnavailable`, with `Retry-After` |
//! | 5xx | `ServiceUnavailable` |
//! | a 2xx body that does not parse | `BadResponse`, saying where parsing stopped |
//! | no answer before the host's deadline | `Timeout` |
//!
//! Only USPS's documented fields (`error.code`, `error.message`, `errors[].code/title/detail`,
//! `source.parameter`, and RFC 6749's `error`/`error_description` from the token endpoint) are
//! quoted, cleaned and bounded; any other answer is named by status, host and size (`HTTP 500
//! from … (n bytes, not a USPS error)`), so a `base_url` pointed at another service cannot copy
//! its answer into plugin-run records and hold reasons.

use crossdock_sdk::carrier::{
    ApiRequest, carrier_text, check_status_from, foreign_answer, host_of, parse_json, required_secret, status_error,
};
use crossdock_sdk::{CarrierError, Ctx, HttpResponse};
use serde_json::Value;

use crate::config::{Config, PaymentAccount};
use crate::wire::{ErrorItem, PaymentAuthorizationRequest, Role, payment_authorization_token, read_errors, text};

/// Address-validation codes of the USPS error inventory (CARRIERS.md §4.5).
const ADDRESS_CODES: [&str; 5] = ["010001", "010002", "010005", "160049", "160197"];
/// "No valid international price group": USPS has no price to that destination.
const NO_PRICE_GROUP: &str = "030013";
/// Tracking: "the tracking number may be incorrect or the status update is not yet available".
const TRACKING_NOT_FOUND: &str = "150002";

/// Which USPS call an answer belongs to; it decides what an error means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Rates,
    PaymentAuthorization,
    Label,
    Cancel,
    Track,
}

impl Call {
    fn what(self) -> &'static str {
        match self {
            Self::Rates => "international prices",
            Self::PaymentAuthorization => "payment authorization",
            Self::Label => "international label",
            Self::Cancel => "label cancellation",
            Self::Track => "tracking",
        }
    }
}

/// A session with USPS for one plugin call: the base URL and an access token.
pub struct Api<'c, 'h> {
    ctx: &'c Ctx<'h>,
    base: String,
    token: String,
}

impl<'c, 'h> Api<'c, 'h> {
    /// Fetches an access token with the binding's `client_id` and `client_secret`.
    pub fn connect(ctx: &'c Ctx<'h>, config: &Config) -> Result<Self, CarrierError> {
        let client_id = required_secret(ctx, "client_id")?;
        let client_secret = required_secret(ctx, "client_secret")?;
        let base = config.base().to_owned();
        let body = serde_json::json!({
            "client_id": client_id,
            "client_secret": client_secret,
            "grant_type": "client_credentials",
        });
        let url = format!("{base}/oauth2/v3/token");
        let request = ApiRequest::post(url.clone()).json(&body)?;
        let response = request.send(ctx)?;
        let foreign = || foreign_answer(response.status, &url, &response.body, "USPS");
        let answer: Value = serde_json::from_slice(&response.body).unwrap_or_default();
        let token = match response.status {
            200..=299 => text(&answer, "access_token").ok_or_else(|| {
                CarrierError::BadResponse(format!(
                    "the USPS token answer has no access_token ({} bytes from {})",
                    response.body.len(),
                    host_of(&url)
                ))
            })?,
            status @ 400..=499 => {
                // RFC 6749 §5.2: `{"error": "invalid_client", "error_description": "…"}`.
                let reason = text(&answer, "error_description")
                    .or_else(|| text(&answer, "error"))
                    .map(|reason| carrier_text(&reason))
                    .unwrap_or_else(foreign);
                return Err(CarrierError::AuthFailed(format!(
                    "USPS refused the client credentials (HTTP {status}): {reason}; check the binding secrets \
                     `client_id` and `client_secret`"
                )));
            }
            status => return Err(prefixed(status_error(status, &foreign()), "USPS OAuth token")),
        };
        Ok(Self { ctx, base, token })
    }

    /// A `POST` to `path` below the base URL, with the bearer token.
    pub fn post(&self, path: &str) -> ApiRequest {
        ApiRequest::post(format!("{}{path}", self.base)).bearer(&self.token)
    }

    pub fn get(&self, path: &str) -> ApiRequest {
        ApiRequest::get(format!("{}{path}", self.base)).bearer(&self.token)
    }

    pub fn delete(&self, path: &str) -> ApiRequest {
        ApiRequest::delete(format!("{}{path}", self.base)).bearer(&self.token)
    }

    /// Sends `request` and parses the JSON answer, reading USPS's error bodies as `call` means
    /// them.
    pub fn send(&self, call: Call, request: ApiRequest) -> Result<Answer, CarrierError> {
        let context = |e| prefixed(e, &format!("USPS {}", call.what()));
        let url = request.url().to_owned();
        let response =
            check_status_from(&url, request.send(self.ctx)?, |r| usps_error(call, &url, r)).map_err(context)?;
        let value: Value = parse_json(&response.body).map_err(context)?;
        Ok(Answer { call, value, size: response.body.len() })
    }

    /// A payment authorization token for labels: the EPS account pays (`PAYER`) and the
    /// CRID/MIDs own the label ranges (`LABEL_OWNER`). USPS keeps it valid for eight hours.
    pub fn payment_token(&self, account: &PaymentAccount) -> Result<String, CarrierError> {
        let role = |name, account_number: Option<&str>| Role {
            role_name: name,
            crid: account.crid.clone(),
            mid: account.mid.clone(),
            manifest_mid: account.manifest_mid.clone(),
            account_type: account_number.map(|_| "EPS"),
            account_number: account_number.map(str::to_owned),
        };
        let body = PaymentAuthorizationRequest {
            roles: vec![role("PAYER", Some(&account.account_number)), role("LABEL_OWNER", None)],
        };
        let request = self.post("/payments/v3/payment-authorization").json(&body)?;
        self.send(Call::PaymentAuthorization, request)?.read(payment_authorization_token)
    }
}

/// A successful USPS answer, parsed.
pub struct Answer {
    call: Call,
    value: Value,
    /// The answer's size in bytes, for messages (its text is never quoted).
    size: usize,
}

impl Answer {
    /// The answer as `read` makes it out; an answer `read` refuses is `BadResponse`, saying
    /// why and the answer's size.
    pub fn read<T>(&self, read: impl FnOnce(&Value) -> Result<T, &'static str>) -> Result<T, CarrierError> {
        read(&self.value).map_err(|why| self.refused(why))
    }

    fn refused(&self, why: &str) -> CarrierError {
        CarrierError::BadResponse(format!("USPS {} answer {why} ({} bytes)", self.call.what(), self.size))
    }
}

/// What a USPS error answer from `url` means for `call`; `None` leaves it to the status class.
fn usps_error(call: Call, url: &str, response: &HttpResponse) -> Option<CarrierError> {
    let body: Value = serde_json::from_slice(&response.body).unwrap_or_default();
    let (items, summary) = read_errors(&body);
    let detail =
        describe(&items, summary).unwrap_or_else(|| foreign_answer(response.status, url, &response.body, "USPS"));
    let has_code = |code: &str| items.iter().any(|i| i.code.as_deref() == Some(code));
    let status = response.status;
    Some(match (status, call) {
        (401 | 403, _) => CarrierError::AuthFailed(format!(
            "USPS refused the access token (HTTP {status}): {detail}; check that the app of `client_id` has the {} API",
            call.what()
        )),
        (429, _) => {
            let wait = response.header("retry-after").map(|s| format!(" after {s} s")).unwrap_or_default();
            CarrierError::ServiceUnavailable(format!("USPS rate limit reached (HTTP 429): {detail}; retry{wait}"))
        }
        (500..=599, _) => CarrierError::ServiceUnavailable(format!("USPS is unavailable (HTTP {status}): {detail}")),
        (400, Call::PaymentAuthorization) => CarrierError::AuthFailed(format!(
            "USPS refused the payment account (HTTP 400): {detail}; check crid, mid, manifest_mid and account_number"
        )),
        (400, Call::Track) if has_code(TRACKING_NOT_FOUND) => CarrierError::NotFound(detail),
        (404, Call::Track | Call::Cancel) => CarrierError::NotFound(detail),
        (400, Call::Cancel) if detail.to_ascii_lowercase().contains("not found") => CarrierError::NotFound(detail),
        (400 | 404, Call::Rates | Call::Label) if has_code(NO_PRICE_GROUP) => {
            CarrierError::ServiceUnavailable(format!("USPS has no price to this destination: {detail}"))
        }
        (400, Call::Rates | Call::Label) if items.iter().any(is_address_error) => {
            CarrierError::AddressRejected(format!("{detail}; correct the address and try again"))
        }
        (404, Call::Rates) => CarrierError::ServiceUnavailable(format!("USPS has no price for this parcel: {detail}")),
        (400..=499, _) => CarrierError::InvalidRequest(format!("USPS refused the request (HTTP {status}): {detail}")),
        _ => return None,
    })
}

fn is_address_error(item: &ErrorItem) -> bool {
    let code = item.code.as_deref().unwrap_or_default();
    let parameter = item.parameter.as_deref().unwrap_or_default();
    ADDRESS_CODES.contains(&code) || parameter.starts_with("toAddress") || parameter.starts_with("fromAddress")
}

/// `160049 Invalid postal code: The postal code … (toAddress.postalCode)`, one per error, or
/// the top-level code and message; `None` when the body says nothing.
fn describe(items: &[ErrorItem], summary: Option<String>) -> Option<String> {
    let texts: Vec<String> = items
        .iter()
        .map(|item| {
            let head =
                [item.code.as_deref(), item.title.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
            let mut text = match (head.is_empty(), item.detail.as_deref()) {
                (false, Some(detail)) => format!("{head}: {detail}"),
                (true, Some(detail)) => detail.to_owned(),
                (_, None) => head,
            };
            if let Some(parameter) = item.parameter.as_deref() {
                text.push_str(&format!(" ({parameter})"));
            }
            text
        })
        .filter(|t| !t.trim().is_empty())
        .collect();
    if texts.is_empty() { summary } else { Some(texts.join("; ")) }
}

/// `error` with `context: ` before its message.
pub fn prefixed(error: CarrierError, context: &str) -> CarrierError {
    let with = |m: String| if m.starts_with("USPS") { m } else { format!("{context}: {m}") };
    match error {
        CarrierError::InvalidRequest(m) => CarrierError::InvalidRequest(with(m)),
        CarrierError::AddressRejected(m) => CarrierError::AddressRejected(with(m)),
        CarrierError::ServiceUnavailable(m) => CarrierError::ServiceUnavailable(with(m)),
        CarrierError::AuthFailed(m) => CarrierError::AuthFailed(with(m)),
        CarrierError::Timeout(m) => CarrierError::Timeout(with(m)),
        CarrierError::BadResponse(m) => CarrierError::BadResponse(with(m)),
        CarrierError::NotFound(m) => CarrierError::NotFound(with(m)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usps_error_at(call: Call, response: &HttpResponse) -> Option<CarrierError> {
        usps_error(call, "http://127.0.0.1:8091/usps/prices", response)
    }

    fn answer(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.as_bytes().to_vec() }
    }

    fn error_with(code: &str, parameter: &str) -> String {
        serde_json::json!({"apiVersion": "/international-labels/v3", "error": {"code": "400", "message": "Bad Request",
            "errors": [{"status": "400", "code": code, "title": "T", "detail": "D", "source": {"parameter": parameter}}]}})
        .to_string()
    }

    #[test]
    fn address_codes_and_address_fields_are_address_rejections() {
        for code in ADDRESS_CODES {
            let err = usps_error_at(Call::Label, &answer(400, &error_with(code, "x"))).unwrap();
            assert!(matches!(err, CarrierError::AddressRejected(_)), "{code}: {err:?}");
        }
        let err = usps_error_at(Call::Rates, &answer(400, &error_with("999999", "toAddress.city"))).unwrap();
        assert!(matches!(err, CarrierError::AddressRejected(_)), "{err:?}");
        let err = usps_error_at(Call::Label, &answer(400, &error_with("999999", "packageDescription.weight"))).unwrap();
        assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("packageDescription.weight")), "{err:?}");
    }

    #[test]
    fn a_destination_without_a_price_group_is_a_lane_usps_does_not_serve() {
        let err =
            usps_error_at(Call::Rates, &answer(400, &error_with(NO_PRICE_GROUP, "destinationCountryCode"))).unwrap();
        assert!(matches!(err, CarrierError::ServiceUnavailable(_)), "{err:?}");
    }

    #[test]
    fn not_found_depends_on_the_call() {
        let tracking = error_with(TRACKING_NOT_FOUND, "trackingNumber");
        assert!(matches!(usps_error_at(Call::Track, &answer(400, &tracking)), Some(CarrierError::NotFound(_))));
        let cancel = include_str!("../../../tests/fixtures/carriers/usps-error-label-not-found.json");
        assert!(matches!(usps_error_at(Call::Cancel, &answer(400, cancel)), Some(CarrierError::NotFound(_))));
        assert!(matches!(usps_error_at(Call::Label, &answer(400, cancel)), Some(CarrierError::InvalidRequest(_))));
    }

    #[test]
    fn a_refused_payment_account_is_an_authentication_failure() {
        let err = usps_error_at(Call::PaymentAuthorization, &answer(400, &error_with("X", "roles.CRID"))).unwrap();
        assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("crid")), "{err:?}");
    }

    #[test]
    fn rate_limits_say_when_to_retry() {
        let mut response = answer(429, &error_with("TOO_MANY_REQUESTS", ""));
        response.headers.push(("Retry-After".into(), "30".into()));
        let err = usps_error_at(Call::Rates, &response).unwrap();
        assert!(matches!(&err, CarrierError::ServiceUnavailable(m) if m.contains("after 30 s")), "{err:?}");
    }

    #[test]
    fn a_body_that_is_not_usps_json_keeps_its_status_class_and_is_described_not_quoted() {
        let err = usps_error_at(Call::Rates, &answer(502, "<html>Bad Gateway</html>")).unwrap();
        let expected = "HTTP 502 from 127.0.0.1:8091 (24 bytes, not a USPS error)";
        assert!(matches!(&err, CarrierError::ServiceUnavailable(m) if m.contains(expected)), "{err:?}");
        let secret = r#"{"error":{"message":"hunter2"}}"#;
        let err = usps_error_at(Call::Label, &answer(400, secret)).unwrap();
        assert!(!err.to_string().contains("hunter2"), "{err:?}");
    }
}
