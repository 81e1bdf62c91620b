//! What FedEx's errors mean for crossdock: each HTTP status and error code becomes the
//! [`CarrierError`] the core acts on (try another carrier, hold the shipment, retry later).
//!
//! FedEx answers every failure with `{"transactionId","errors":[{"code","message"}]}`
//! (CARRIERS.md §3.5). The HTTP status decides first: 401/403 are credentials, 404 an unknown
//! resource, 429 and 5xx a FedEx that cannot serve now. A 400 is read by its error codes, which
//! are dotted words such as `COUNTRY.POSTALCODE.INVALID`:
//!
//! | kind | codes | becomes |
//! | --- | --- | --- |
//! | credentials or account | `NOT.AUTHORIZED.ERROR`, `FORBIDDEN.ERROR` [S9]; `ACCOUNT.NUMBER.MISMATCH` [S9 example]; `ACCOUNT.NUMBER.INVALID`, `ACCOUNT.NUMBERORKEY.INVALID` [E]; `ACCOUNTNUMBER.REGISTRATION.REQUIRED` [S9 ship-api.json example] | `AuthFailed` |
//! | address | `COUNTRY.POSTALCODE.INVALID` [S18, E]; `COUNTRY.POSTALCODEORZIP.INVALID`, `DESTINATION.POSTALCODE.MISSING.ORINVALID`, `POSTALCODE.ZIPCODE.REQUIRED`, `ENTERED.ZIPCODE.NOTFOUND`, `CITY.REQUIRED` [E]; any other code naming a postal code, ZIP code, city, state or address | `AddressRejected` |
//! | no service | `SERVICE.UNAVAILABLE.ERROR`, `INTERNAL.SERVER.ERROR` [S9]; `FEDEXSERVICE.NOT.AVAILABLE`, `SERVICE.LOCATION.UNAVAILABLE`, `SERVICETYPE.NOT.ALLOWED`, `SERVICE.TYPE.NOTAVAILABLE`, `RATING.QUOTE.NOTAVAILABLE`, `ORIGINZIPCODE.SERVICE.ERROR` [E] | `ServiceUnavailable` |
//! | unknown number | `TRACKING.TRACKINGNUMBER.NOTFOUND` [S10], `NOT.FOUND.ERROR` [S9] | `NotFound` |
//! | anything else | e.g. `INVALID.INPUT.EXCEPTION` | `InvalidRequest` |
//!
//! Only FedEx's documented fields (`errors[].code`, `errors[].message`, `transactionId`) are
//! quoted, each cleaned and bounded by `carrier_text`, and only when the body is FedEx's error
//! document (an `errors` array whose entries carry a `code`); any other answer is named by
//! status, host and size (`HTTP 500 from … (n bytes, not a FedEx error)`), so a `base_url`
//! pointed at another service cannot copy its answer into plugin-run records.
//!
//! Sources, read 2026-11-25: [S9], [S10], [S18] as in CARRIERS.md §6. [E]: the FedEx error-code
//! glossary of a public merchant integration (GitHub code index id 63167131609, undated), which
//! says it picks these from FedEx's published list of error codes; not confirmed against FedEx.

use crossdock_sdk::CarrierError;
use crossdock_sdk::carrier::{carrier_text, foreign_answer};

use serde_json::Value;

use crate::reply::Node;

/// One entry of FedEx's `errors[]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl ApiError {
    /// `{code, message}` at `node`.
    pub fn read(node: Node) -> Self {
        let text = |key| carrier_text(node.get(key).text().unwrap_or_default());
        Self { code: text("code"), message: text("message") }
    }
}

/// FedEx's error body: `{"transactionId","customerTransactionId"?,"errors":[{code,message}]}`.
struct ErrorBody {
    transaction_id: Option<String>,
    errors: Vec<ApiError>,
}

/// What a FedEx error code is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Credentials,
    Address,
    NoService,
    NotFound,
    Request,
}

const CREDENTIALS: &[&str] = &[
    "NOT.AUTHORIZED.ERROR",
    "FORBIDDEN.ERROR",
    "ACCOUNT.NUMBER.MISMATCH",
    "ACCOUNT.NUMBER.INVALID",
    "ACCOUNT.NUMBERORKEY.INVALID",
    "ACCOUNTNUMBER.REGISTRATION.REQUIRED",
];

const ADDRESS: &[&str] = &[
    "COUNTRY.POSTALCODE.INVALID",
    "COUNTRY.POSTALCODEORZIP.INVALID",
    "DESTINATION.POSTALCODE.MISSING.ORINVALID",
    "POSTALCODE.ZIPCODE.REQUIRED",
    "ENTERED.ZIPCODE.NOTFOUND",
    "CITY.REQUIRED",
];

/// Words that make an otherwise unknown code an address problem.
const ADDRESS_WORDS: &[&str] = &["POSTALCODE", "ZIPCODE", "POSTALCODEORZIP", "CITY", "STATEORPROVINCECODE", "ADDRESS"];

const NO_SERVICE: &[&str] = &[
    "SERVICE.UNAVAILABLE.ERROR",
    "INTERNAL.SERVER.ERROR",
    "FEDEXSERVICE.NOT.AVAILABLE",
    "SERVICE.LOCATION.UNAVAILABLE",
    "SERVICETYPE.NOT.ALLOWED",
    "SERVICE.TYPE.NOTAVAILABLE",
    "RATING.QUOTE.NOTAVAILABLE",
    "ORIGINZIPCODE.SERVICE.ERROR",
];

const NOT_FOUND: &[&str] = &["TRACKING.TRACKINGNUMBER.NOTFOUND", "NOT.FOUND.ERROR"];

/// What `code` is about.
pub fn classify(code: &str) -> Kind {
    let code = code.trim().to_ascii_uppercase();
    let is = |table: &[&str]| table.contains(&code.as_str());
    if is(CREDENTIALS) {
        Kind::Credentials
    } else if is(NOT_FOUND) {
        Kind::NotFound
    } else if is(NO_SERVICE) {
        Kind::NoService
    } else if is(ADDRESS) || code.split('.').any(|word| ADDRESS_WORDS.contains(&word)) {
        Kind::Address
    } else {
        Kind::Request
    }
}

/// `CODE: message; CODE: message (FedEx transaction …)`.
fn describe(errors: &[ApiError], transaction: Option<&str>) -> String {
    let mut text: Vec<String> = errors
        .iter()
        .map(|e| match (e.code.is_empty(), e.message.trim().is_empty()) {
            (false, false) => format!("{}: {}", e.code, e.message.trim()),
            (false, true) => e.code.clone(),
            _ => e.message.trim().to_owned(),
        })
        .collect();
    text.retain(|t| !t.is_empty());
    let mut out = text.join("; ");
    if let Some(id) = transaction.filter(|t| !t.is_empty()) {
        out.push_str(&format!(" (FedEx transaction {id})"));
    }
    out
}

/// FedEx's error body, when the reply is one with at least one error.
fn error_body(body: &[u8]) -> Option<ErrorBody> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let node = Node::of(&value);
    let errors: Vec<ApiError> = node.get("errors").items().map(ApiError::read).collect();
    let transaction_id = node.get("transactionId").text().map(carrier_text);
    // FedEx's document: every entry names its dotted code.
    let documented = !errors.is_empty() && errors.iter().all(|e| !e.code.is_empty());
    documented.then_some(ErrorBody { transaction_id, errors })
}

/// What FedEx said, for a message: its codes and texts, or, for a body that is not FedEx's
/// error document, the status, host and size.
pub fn detail(status: u16, url: &str, body: &[u8]) -> String {
    match error_body(body) {
        Some(b) => carrier_text(&describe(&b.errors, b.transaction_id.as_deref())),
        None => foreign_answer(status, url, body, "FedEx"),
    }
}

/// The error for a non-2xx FedEx reply from `url` to the `what` request (`rate`, `ship`, …).
pub fn from_reply(what: &str, url: &str, status: u16, body: &[u8]) -> CarrierError {
    let parsed = error_body(body);
    let detail = detail(status, url, body);
    match status {
        401 | 403 => CarrierError::AuthFailed(format!(
            "FedEx refused the {what} request ({detail}); check the binding secrets `client_id` and \
             `client_secret` (the FedEx project's API key and secret) and that the project may use this API"
        )),
        404 => CarrierError::NotFound(format!("FedEx does not know what the {what} request names ({detail})")),
        429 => CarrierError::ServiceUnavailable(format!(
            "FedEx is limiting this account's requests ({detail}); try again later"
        )),
        500..=599 => CarrierError::ServiceUnavailable(format!(
            "FedEx could not serve the {what} request ({detail}); try again later or use another carrier"
        )),
        400..=499 => {
            let kinds: Vec<Kind> = parsed.iter().flat_map(|b| b.errors.iter().map(|e| classify(&e.code))).collect();
            let has = |k: Kind| kinds.contains(&k);
            if has(Kind::Credentials) {
                CarrierError::AuthFailed(format!(
                    "FedEx refused the account or credentials for the {what} request ({detail}); check \
                     `account_number` and the binding secrets `client_id` and `client_secret`"
                ))
            } else if has(Kind::Address) {
                CarrierError::AddressRejected(format!(
                    "FedEx rejected an address in the {what} request ({detail}); correct the postal code, \
                     city or country"
                ))
            } else if has(Kind::NoService) {
                CarrierError::ServiceUnavailable(format!(
                    "FedEx offers no service for this {what} request ({detail}); use another service or carrier"
                ))
            } else if has(Kind::NotFound) {
                CarrierError::NotFound(format!("FedEx does not know what the {what} request names ({detail})"))
            } else {
                CarrierError::InvalidRequest(format!("FedEx refused the {what} request as invalid ({detail})"))
            }
        }
        _ => CarrierError::BadResponse(format!("FedEx answered the {what} request with {detail}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://127.0.0.1:8091/fedex/rate/v1/rates/quotes";

    fn from_reply(url: &str, what: &str, status: u16, body: &[u8]) -> CarrierError {
        super::from_reply(what, url, status, body)
    }

    #[test]
    fn a_body_that_is_not_fedex_s_error_document_is_described_not_quoted() {
        for body in [&b"<html>internal admin</html>"[..], br#"{"errors":[{"message":"hunter2"}]}"#] {
            let err = from_reply(URL, "rate", 500, body);
            let text = err.to_string();
            assert!(text.contains("from 127.0.0.1:8091") && text.contains("not a FedEx error"), "{text}");
            assert!(!text.contains("hunter2") && !text.contains("admin"), "{text}");
        }
    }

    fn body(code: &str) -> Vec<u8> {
        format!(r#"{{"transactionId":"t-1","errors":[{{"code":"{code}","message":"m"}}]}}"#).into_bytes()
    }

    #[test]
    fn codes_fall_into_the_kinds_of_the_table() {
        assert_eq!(classify("NOT.AUTHORIZED.ERROR"), Kind::Credentials);
        assert_eq!(classify("ACCOUNT.NUMBER.MISMATCH"), Kind::Credentials);
        assert_eq!(classify("COUNTRY.POSTALCODE.INVALID"), Kind::Address);
        assert_eq!(classify("RECIPIENT.POSTALCODE.INVALID"), Kind::Address);
        assert_eq!(classify("SHIPPER.CITY.REQUIRED"), Kind::Address);
        assert_eq!(classify("SERVICE.LOCATION.UNAVAILABLE"), Kind::NoService);
        assert_eq!(classify("TRACKING.TRACKINGNUMBER.NOTFOUND"), Kind::NotFound);
        assert_eq!(classify("INVALID.INPUT.EXCEPTION"), Kind::Request);
        assert_eq!(classify("SERVICE.PACKAGECOMBINATION.INVALID"), Kind::Request);
    }

    #[test]
    fn statuses_decide_before_codes() {
        assert!(matches!(from_reply(URL, "rate", 401, &body("NOT.AUTHORIZED.ERROR")), CarrierError::AuthFailed(_)));
        assert!(matches!(from_reply(URL, "rate", 403, &body("FORBIDDEN.ERROR")), CarrierError::AuthFailed(_)));
        assert!(matches!(from_reply(URL, "cancel", 404, &body("NOT.FOUND.ERROR")), CarrierError::NotFound(_)));
        assert!(matches!(from_reply(URL, "rate", 429, b"slow down"), CarrierError::ServiceUnavailable(_)));
        assert!(matches!(
            from_reply(URL, "rate", 503, &body("SERVICE.UNAVAILABLE.ERROR")),
            CarrierError::ServiceUnavailable(_)
        ));
        assert!(matches!(from_reply(URL, "rate", 500, b"<html>oops</html>"), CarrierError::ServiceUnavailable(_)));
        assert!(matches!(from_reply(URL, "rate", 302, b""), CarrierError::BadResponse(_)));
    }

    #[test]
    fn a_400_is_read_by_its_codes() {
        assert!(matches!(
            from_reply(URL, "ship", 400, &body("COUNTRY.POSTALCODE.INVALID")),
            CarrierError::AddressRejected(_)
        ));
        assert!(matches!(from_reply(URL, "rate", 400, &body("ACCOUNT.NUMBER.MISMATCH")), CarrierError::AuthFailed(_)));
        assert!(matches!(
            from_reply(URL, "rate", 400, &body("SERVICE.LOCATION.UNAVAILABLE")),
            CarrierError::ServiceUnavailable(_)
        ));
        assert!(matches!(
            from_reply(URL, "rate", 400, &body("INVALID.INPUT.EXCEPTION")),
            CarrierError::InvalidRequest(_)
        ));
        assert!(matches!(from_reply(URL, "rate", 400, b"not json"), CarrierError::InvalidRequest(_)));
    }

    #[test]
    fn messages_carry_the_code_the_text_and_the_transaction() {
        let err = from_reply(URL, "rate", 400, &body("COUNTRY.POSTALCODE.INVALID"));
        let text = err.to_string();
        assert!(text.contains("COUNTRY.POSTALCODE.INVALID: m"), "{text}");
        assert!(text.contains("FedEx transaction t-1"), "{text}");
        assert!(text.contains("postal code"), "{text}");
    }
}
