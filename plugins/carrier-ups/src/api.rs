//! One authenticated conversation with UPS for the length of a plugin call: the OAuth token,
//! the headers every API call carries, and UPS's error bodies turned into [`CarrierError`]s.
//!
//! Each plugin call runs in a fresh instance that remembers nothing, so [`Ups::connect`]
//! fetches a token every time (`POST /security/v1/oauth/token`, HTTP Basic with the binding's
//! `client_id` and `client_secret`, `x-merchant-id` with the account number) and the call's
//! one or two API requests use it. A token lives about four hours (`expires_in` "14399" in
//! recorded answers), far longer than a call.
//!
//! Every UPS endpoint fails with `{"response":{"errors":[{"code","message"}]}}`
//! (CARRIERS.md §2.5, read 2026-11-25). [`classify`] reads it:
//!
//! | UPS says | error |
//! | --- | --- |
//! | 401/403, or code 250002 "Invalid Authentication Information" / 250003 "Invalid Access License number" | `AuthFailed` |
//! | 429 (code 10429 "Too Many Requests"; UPS sends no rate-limit headers) | `ServiceUnavailable` |
//! | 5xx | `ServiceUnavailable` |
//! | an address code (below) | `AddressRejected` |
//! | Track: 404, or TV1002 "Invalid inquiry number" | `NotFound` |
//! | Void: 404, or 190102 "No shipment found within the allowed void period" | `NotFound` |
//! | any other 4xx | `InvalidRequest` |
//!
//! Only UPS's documented fields (`response.errors[].code` and `.message`) are quoted, cleaned
//! and bounded; any other answer is named by status, host and size (`HTTP 500 from … (n bytes,
//! not a UPS error)`), so a `base_url` pointed at another service cannot copy its answer into
//! plugin-run records and hold reasons.
//!
//! **Idempotency.** UPS documents no idempotency key for Shipping or Void: `transId` is "an
//! identifier unique to the request" for support and logs, not a promise that a repeated
//! request buys nothing twice, so it stays unique per request. The core's shipment claim is
//! what keeps a label from being bought twice; a void is keyed by the tracking number, and a
//! repeated void is answered 190102 (`NotFound`), which the core reads as already void.
//!
//! Address codes: 118400 (Rating) and 128400 (Shipping) "The destination postal code … is not
//! a valid … postal code" (UPS-API/api-documentation issue #9, 2023-09-11;
//! OCA/delivery-carrier PR #1211, 2026-06-25), and 120207 "Missing/Invalid ShipTo PostalCode"
//! (CARRIERS.md §2.5). 190102: UPS-API/api-documentation issue #108 (2024-04-29). All read
//! 2026-11-25.

use crossdock_sdk::carrier::{self, ApiRequest, ClientCredentials};
use crossdock_sdk::prelude::*;
use crossdock_sdk::{HttpResponse, Timestamp};
use serde::Serialize;
use serde_json::Value;

use crate::config::Config;
use crate::wire;

/// The secret holding the UPS app's client id.
pub const CLIENT_ID: &str = "client_id";
/// The secret holding the UPS app's client secret.
pub const CLIENT_SECRET: &str = "client_secret";
/// `transactionSrc`: who is calling (UPS's spec: "an identifier of the client/source
/// application").
pub const TRANSACTION_SOURCE: &str = "crossdock";

/// Codes that mean UPS refused the address (see the module docs for sources).
pub const ADDRESS_CODES: [&str; 3] = ["118400", "128400", "120207"];
/// Codes that mean UPS refused the credentials (CARRIERS.md §2.5).
pub const AUTH_CODES: [&str; 2] = ["250002", "250003"];
/// Track: the inquiry number is not a UPS number (CARRIERS.md §2.5).
pub const INVALID_INQUIRY: &str = "TV1002";
/// Void: no such shipment within the void period (UPS-API/api-documentation issue #108).
pub const NO_SHIPMENT_TO_VOID: &str = "190102";

/// What a request is for: it words the messages and decides what a 404 means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Rate,
    Ship,
    Void,
    Track,
}

impl Operation {
    fn noun(self) -> &'static str {
        match self {
            Self::Rate => "rating",
            Self::Ship => "shipping",
            Self::Void => "void",
            Self::Track => "tracking",
        }
    }
}

/// A session: the configuration, a bearer token, and what the requests are about.
pub struct Ups<'a, 'c> {
    ctx: &'a Ctx<'c>,
    config: &'a Config,
    token: String,
    /// The shipment id or tracking number the call is about, for `transId`.
    subject: String,
    sent: std::cell::Cell<u32>,
}

impl<'a, 'c> Ups<'a, 'c> {
    /// Reads the credentials and fetches a token.
    pub fn connect(ctx: &'a Ctx<'c>, config: &'a Config, subject: &str) -> Result<Self, CarrierError> {
        let client_id = carrier::required_secret(ctx, CLIENT_ID)?;
        let client_secret = carrier::required_secret(ctx, CLIENT_SECRET)?;
        let url = format!("{}/security/v1/oauth/token", config.base());
        let request = ClientCredentials::new(url.clone(), &client_id, &client_secret)
            .header("x-merchant-id", config.account())
            .request();
        let token = token(&url, request.send(ctx)?)?;
        Ok(Self { ctx, config, token, subject: subject.to_owned(), sent: std::cell::Cell::new(0) })
    }

    /// `POST {base}/api{path}` with a JSON body; the parsed answer.
    pub fn post<B: Serialize>(&self, path: &str, body: &B, op: Operation) -> Result<Value, CarrierError> {
        let request = ApiRequest::post(self.url(path)).json(body)?;
        self.call(request, op)
    }

    /// `GET {base}/api{path}`; the parsed answer.
    pub fn get(&self, path: &str, op: Operation) -> Result<Value, CarrierError> {
        self.call(ApiRequest::get(self.url(path)), op)
    }

    /// `DELETE {base}/api{path}`; the parsed answer.
    pub fn delete(&self, path: &str, op: Operation) -> Result<Value, CarrierError> {
        self.call(ApiRequest::delete(self.url(path)), op)
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api{path}", self.config.base())
    }

    fn call(&self, request: ApiRequest, op: Operation) -> Result<Value, CarrierError> {
        let request = request
            .bearer(&self.token)
            .header("transId", &self.transaction_id(op))
            .header("transactionSrc", TRANSACTION_SOURCE);
        let url = request.url().to_owned();
        carrier::fetch_json::<Value>(self.ctx, request, |response| classify(response, &url, op, &self.subject)).map_err(
            |e| match e {
                CarrierError::BadResponse(why) => CarrierError::BadResponse(format!("UPS {} answer: {why}", op.noun())),
                other => other,
            },
        )
    }

    /// `transId`: unique per request, at most 32 characters (UPS's spec): a hash of the
    /// subject, the operation, the event time and the request's number in this call.
    fn transaction_id(&self, op: Operation) -> String {
        let n = self.sent.get() + 1;
        self.sent.set(n);
        transaction_id(&self.subject, op.noun(), self.ctx.now(), n)
    }
}

/// 24 hexadecimal characters: FNV-1a of the parts, then the request counter.
pub fn transaction_id(subject: &str, operation: &str, now: Timestamp, n: u32) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in subject.bytes().chain([0]).chain(operation.bytes()).chain(now.unix().to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}{n:08x}")
}

/// The token from the token endpoint's answer. UPS refuses bad credentials with 401 (or
/// 400/403) and its error body: `AuthFailed`. A 429 is a rate limit, not a refusal:
/// `ServiceUnavailable`.
fn token(url: &str, response: HttpResponse) -> Result<String, CarrierError> {
    let detail = || {
        errors_text(&response.body)
            .unwrap_or_else(|| carrier::foreign_answer(response.status, url, &response.body, "UPS"))
    };
    match response.status {
        200..=299 => {
            let answer: Value = carrier::parse_json(&response.body)
                .map_err(|e| CarrierError::BadResponse(format!("UPS token answer: {e}")))?;
            let token = wire::text(&answer["access_token"]);
            if token.trim().is_empty() {
                return Err(CarrierError::BadResponse(format!(
                    "UPS answered no access_token ({} bytes from {})",
                    response.body.len(),
                    carrier::host_of(url)
                )));
            }
            Ok(token)
        }
        429 => Err(CarrierError::ServiceUnavailable(format!(
            "UPS is rate-limiting token requests (HTTP 429: {}); retry later",
            detail()
        ))),
        400..=499 => Err(CarrierError::AuthFailed(format!(
            "UPS refused the client credentials (HTTP {}: {}); check the binding secrets `{CLIENT_ID}` and \
             `{CLIENT_SECRET}` and `account_number`",
            response.status,
            detail()
        ))),
        500..=599 => Err(CarrierError::ServiceUnavailable(format!(
            "UPS's token service failed (HTTP {}: {}); retry later",
            response.status,
            detail()
        ))),
        status => {
            Err(CarrierError::BadResponse(format!("unexpected HTTP {status} from UPS's token service: {}", detail())))
        }
    }
}

/// `code message; code message` of a UPS error body, if it is one.
fn errors_text(body: &[u8]) -> Option<String> {
    let parts: Vec<String> = wire::errors(body)
        .iter()
        .map(|e| format!("{} {}", e.code, e.message).trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The error a non-2xx answer stands for (the table in the module docs). `None` leaves it
/// to the SDK's mapping by status class.
pub fn classify(response: &HttpResponse, url: &str, op: Operation, subject: &str) -> Option<CarrierError> {
    let status = response.status;
    let codes: Vec<String> = wire::errors(&response.body).into_iter().map(|e| e.code).collect();
    let has = |list: &[&str]| codes.iter().any(|c| list.contains(&c.as_str()));
    let detail =
        errors_text(&response.body).unwrap_or_else(|| carrier::foreign_answer(status, url, &response.body, "UPS"));
    let noun = op.noun();
    Some(if status == 401 || status == 403 || has(&AUTH_CODES) {
        CarrierError::AuthFailed(format!(
            "UPS refused the credentials for {noun} (HTTP {status}: {detail}); check the binding secrets \
             `{CLIENT_ID}` and `{CLIENT_SECRET}` and `account_number`"
        ))
    } else if status == 429 {
        CarrierError::ServiceUnavailable(format!(
            "UPS is rate-limiting {noun} requests (HTTP 429: {detail}); retry later"
        ))
    } else if (500..=599).contains(&status) {
        CarrierError::ServiceUnavailable(format!("UPS {noun} is unavailable (HTTP {status}: {detail}); retry later"))
    } else if has(&ADDRESS_CODES) {
        CarrierError::AddressRejected(format!(
            "UPS rejected the address (HTTP {status}: {detail}); correct the receiver's postal code, city and country"
        ))
    } else if op == Operation::Track && (status == 404 || has(&[INVALID_INQUIRY])) {
        CarrierError::NotFound(format!("UPS knows no shipment `{subject}` ({detail}); check the tracking number"))
    } else if op == Operation::Void && (status == 404 || has(&[NO_SHIPMENT_TO_VOID])) {
        CarrierError::NotFound(format!(
            "UPS has no shipment `{subject}` that can still be voided ({detail}); it may be voided already, \
             scanned, or past the void period"
        ))
    } else if (400..=499).contains(&status) {
        CarrierError::InvalidRequest(format!("UPS refused the {noun} request (HTTP {status}: {detail})"))
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://127.0.0.1:8091/ups/api/rating/v2409/Shop";

    fn answer(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.as_bytes().to_vec() }
    }

    fn body(code: &str, message: &str) -> String {
        format!(r#"{{"response":{{"errors":[{{"code":"{code}","message":"{message}"}}]}}}}"#)
    }

    #[test]
    fn each_documented_code_becomes_the_error_the_core_acts_on() {
        let cases = [
            (401, "250002", "Invalid Authentication Information.", Operation::Rate, "auth"),
            (400, "250003", "Invalid Access License number", Operation::Track, "auth"),
            (429, "10429", "Too Many Requests", Operation::Ship, "unavailable"),
            (503, "190001", "down", Operation::Rate, "unavailable"),
            (
                400,
                "118400",
                "The destination postal code 99999 is not a valid DE postal code.",
                Operation::Rate,
                "address",
            ),
            (400, "128400", "The destination postal code dest.postal is not valid", Operation::Ship, "address"),
            (400, "120207", "Missing/Invalid ShipTo PostalCode", Operation::Ship, "address"),
            (400, "TV1002", "Invalid inquiry number", Operation::Track, "not found"),
            (400, "190102", "No shipment found within the allowed void period", Operation::Void, "not found"),
            (400, "999999", "a code of no documented meaning", Operation::Ship, "invalid"),
        ];
        for (status, code, message, op, expected) in cases {
            let err = classify(&answer(status, &body(code, message)), URL, op, "1Z8V92A66612345675").unwrap();
            let kind = match &err {
                CarrierError::AuthFailed(_) => "auth",
                CarrierError::ServiceUnavailable(_) => "unavailable",
                CarrierError::AddressRejected(_) => "address",
                CarrierError::NotFound(_) => "not found",
                CarrierError::InvalidRequest(_) => "invalid",
                _ => "other",
            };
            assert_eq!(kind, expected, "{code}: {err:?}");
            assert!(err.to_string().contains(code), "the message keeps UPS's code: {err}");
        }
    }

    #[test]
    fn a_non_ups_body_still_maps_by_status_and_is_described_not_quoted() {
        let err = classify(&answer(502, "<html>Bad Gateway</html>"), URL, Operation::Rate, "shp_1").unwrap();
        let expected = "HTTP 502 from 127.0.0.1:8091 (24 bytes, not a UPS error)";
        assert!(matches!(&err, CarrierError::ServiceUnavailable(m) if m.contains(expected)), "{err:?}");
        assert!(!err.to_string().contains("Bad Gateway"), "{err:?}");
        let secret = r#"{"response":{"errors":[{"message":"hunter2"}]}}"#;
        let err = classify(&answer(400, secret), URL, Operation::Ship, "shp_1").unwrap();
        assert!(!err.to_string().contains("hunter2"), "{err:?}");
        let err = token(URL, answer(401, "<html>hunter2</html>")).unwrap_err();
        assert!(matches!(&err, CarrierError::AuthFailed(m) if !m.contains("hunter2") && m.contains("not a UPS error")));
        assert!(classify(&answer(302, ""), URL, Operation::Rate, "shp_1").is_none());
    }

    #[test]
    fn a_token_rate_limit_is_not_an_auth_failure() {
        let err = token(URL, answer(429, &body("10429", "Too Many Requests"))).unwrap_err();
        assert!(matches!(err, CarrierError::ServiceUnavailable(_)), "{err:?}");
        let err = token(URL, answer(401, &body("250002", "Invalid Authentication Information."))).unwrap_err();
        assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("client_secret")), "{err:?}");
    }

    #[test]
    fn transaction_ids_fit_ups_limit_and_differ_per_request() {
        let now = Timestamp::from_unix(1_795_608_000);
        let a = transaction_id("shp_1", "rating", now, 1);
        let b = transaction_id("shp_1", "rating", now, 2);
        assert!(a.len() <= 32 && a.chars().all(|c| c.is_ascii_hexdigit()), "{a}");
        assert_ne!(a, b);
        assert_ne!(a, transaction_id("shp_2", "rating", now, 1));
    }
}
