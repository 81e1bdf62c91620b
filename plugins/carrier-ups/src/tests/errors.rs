//! Credentials, transport failures and UPS's error bodies, as the core sees them.

use crossdock_sdk::HttpError;
use crossdock_sdk::prelude::*;
use crossdock_sdk::testing::TestHost;

use super::*;

/// UPS answering every API call with `status` and the sample file `file`.
fn failing(status: u16, file: &'static str) -> TestHost {
    ups(CONFIG, move |_| Some(answer(status, fixture(file)))).0
}

#[test]
fn a_missing_secret_is_an_auth_failure_naming_it() {
    let host = TestHost::new()
        .with_config(CONFIG)
        .with_secret("client_id", "cdx-client")
        .with_http(|_| panic!("no request without credentials"));
    let err = rate(&host).unwrap_err();
    assert_eq!(err, CarrierError::AuthFailed("set the binding secret `client_secret`".into()));
}

#[test]
fn a_refused_token_is_an_auth_failure() {
    let host = TestHost::new()
        .with_config(CONFIG)
        .with_secret("client_id", "cdx-client")
        .with_secret("client_secret", "wrong")
        .with_http(|_| answer(401, fixture("carriers/ups-auth-error-response.json")));
    let err = rate(&host).unwrap_err();
    assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("250002")), "{err:?}");
}

#[test]
fn a_refused_bearer_token_is_an_auth_failure() {
    let err = rate(&failing(401, "carriers/ups-auth-error-response.json")).unwrap_err();
    assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("Invalid Authentication")), "{err:?}");
}

#[test]
fn an_unavailable_ups_is_service_unavailable() {
    let err = rate(&failing(503, "carriers/ups-unavailable-response.json")).unwrap_err();
    assert!(matches!(err, CarrierError::ServiceUnavailable(_)), "{err:?}");
}

#[test]
fn a_bad_postal_code_is_an_address_rejection_on_rate_and_label() {
    let err = rate(&failing(400, "carriers/ups-bad-address-rate-response.json")).unwrap_err();
    assert!(matches!(&err, CarrierError::AddressRejected(m) if m.contains("118400")), "{err:?}");
    let host = failing(400, "carriers/ups-bad-address-ship-response.json");
    let err = UpsCarrier::create_label(&host.ctx(), label_request("65")).unwrap_err();
    assert!(matches!(&err, CarrierError::AddressRejected(m) if m.contains("120207")), "{err:?}");
}

#[test]
fn a_truncated_answer_is_a_bad_response_saying_where_it_stopped() {
    let sample = fixture("carriers/ups-rate-response.json");
    let half = sample[..sample.len() / 2].to_owned();
    let (host, _) = ups(CONFIG, move |_| Some(answer(200, half.clone())));
    let err = rate(&host).unwrap_err();
    assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("cut short")), "{err:?}");
    assert!(!err.to_string().contains("RateResponse"), "the body is not quoted: {err:?}");
}

#[test]
fn a_timeout_is_a_timeout() {
    let (host, _) = ups(CONFIG, |_| Some(Err(HttpError::Timeout)));
    assert!(matches!(rate(&host), Err(CarrierError::Timeout(_))));
}

#[test]
fn a_host_outside_the_allow_list_says_which_to_allow() {
    let host = TestHost::new()
        .with_config(CONFIG)
        .with_secret("client_id", "cdx-client")
        .with_secret("client_secret", "cdx-secret")
        .with_http(|_| Err(HttpError::Denied("host `wwwcie.ups.com:443` is not in this binding's allow-list".into())));
    let err = rate(&host).unwrap_err();
    assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("allow-list")), "{err:?}");
}

#[test]
fn a_rate_limit_is_service_unavailable_not_an_auth_failure() {
    let (host, _) = ups(CONFIG, |_| {
        Some(answer(429, r#"{"response":{"errors":[{"code":"10429","message":"Too Many Requests"}]}}"#))
    });
    let err = rate(&host).unwrap_err();
    assert!(matches!(&err, CarrierError::ServiceUnavailable(m) if m.contains("10429")), "{err:?}");
}

#[test]
fn any_other_refusal_is_an_invalid_request_quoting_ups() {
    // A code of no documented meaning: only the status and UPS's words are passed on.
    let (host, _) = ups(CONFIG, |_| {
        Some(answer(400, r#"{"response":{"errors":[{"code":"999999","message":"Some field is not valid"}]}}"#))
    });
    let err = rate(&host).unwrap_err();
    assert!(matches!(&err, CarrierError::InvalidRequest(m) if m.contains("999999 Some field")), "{err:?}");
}
