//! Failures: each becomes the carrier error the core acts on, with a message that says what to do.

use crossdock_sdk::{CarrierError, CarrierPlugin, HttpError};

use super::*;

fn rate_with(
    answer: impl Fn(&crossdock_sdk::HttpRequest) -> Result<crossdock_sdk::HttpResponse, HttpError> + 'static,
) -> CarrierError {
    let (host, _) = host_with(CONFIG, answer);
    Plugin::rate(&ctx(&host), rate_request()).unwrap_err()
}

#[test]
fn a_missing_secret_is_auth_failed_naming_it_before_any_request() {
    for missing in ["client_id", "client_secret"] {
        let log: Log = Rc::default();
        let seen = log.clone();
        let mut host = crossdock_sdk::testing::TestHost::new().with_config(CONFIG).with_now(NOW).with_http(move |r| {
            seen.borrow_mut().push(r.clone());
            fedex(&r)
        });
        for name in ["client_id", "client_secret"] {
            if name != missing {
                host = host.with_secret(name, "value");
            }
        }
        let err = Plugin::rate(&host.ctx(), rate_request()).unwrap_err();
        assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains(&format!("`{missing}`"))), "{err:?}");
        assert!(log.borrow().is_empty());
    }
}

#[test]
fn refused_credentials_at_the_token_endpoint_are_auth_failed() {
    let err = rate_with(|r| if r.url.ends_with("/oauth/token") { reply(401, TOKEN_REFUSED) } else { fedex(r) });
    match err {
        CarrierError::AuthFailed(m) => {
            assert!(m.contains("NOT.AUTHORIZED.ERROR"), "{m}");
            assert!(m.contains("client_id") && m.contains("client_secret"), "{m}");
            assert!(!m.contains("s3cret"), "the secret leaked into the message: {m}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_refused_bearer_token_is_auth_failed() {
    let unauthorized = include_str!("../../../../tests/fixtures/carriers/fedex-error-unauthorized.json");
    let err = rate_with(move |r| if r.url.ends_with("/quotes") { reply(401, unauthorized) } else { fedex(r) });
    assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("Access token expired")), "{err:?}");
}

#[test]
fn no_answer_before_the_deadline_is_a_timeout() {
    let err = rate_with(|r| if r.url.ends_with("/quotes") { Err(HttpError::Timeout) } else { fedex(r) });
    assert!(matches!(err, CarrierError::Timeout(_)), "{err:?}");
}

#[test]
fn a_host_outside_the_allow_list_is_auth_failed_naming_the_host() {
    let err =
        rate_with(|_| Err(HttpError::Denied("host `apis.fedex.test:443` is not in this binding's allow-list".into())));
    assert!(matches!(&err, CarrierError::AuthFailed(m) if m.contains("apis.fedex.test")), "{err:?}");
}

#[test]
fn fedex_unavailable_is_service_unavailable() {
    let err = rate_with(|r| if r.url.ends_with("/quotes") { reply(503, UNAVAILABLE) } else { fedex(r) });
    assert!(matches!(&err, CarrierError::ServiceUnavailable(m) if m.contains("SERVICE.UNAVAILABLE.ERROR")), "{err:?}");
    let err = rate_with(|r| if r.url.ends_with("/oauth/token") { reply(503, UNAVAILABLE) } else { fedex(r) });
    assert!(matches!(err, CarrierError::ServiceUnavailable(_)), "{err:?}");
}

#[test]
fn a_rejected_postal_code_is_address_rejected() {
    let err = rate_with(|r| if r.url.ends_with("/quotes") { reply(400, BAD_ADDRESS) } else { fedex(r) });
    assert!(matches!(&err, CarrierError::AddressRejected(m) if m.contains("COUNTRY.POSTALCODE.INVALID")), "{err:?}");
    let (host, _) =
        host_with(CONFIG, |r| if r.url.ends_with("/shipments") { reply(400, BAD_ADDRESS) } else { fedex(r) });
    let err = Plugin::create_label(&ctx(&host), label_request("FEDEX_INTERNATIONAL_PRIORITY")).unwrap_err();
    assert!(matches!(err, CarrierError::AddressRejected(_)), "{err:?}");
}

#[test]
fn truncated_json_is_a_bad_response_saying_where_it_stopped() {
    let half = &RATE[..RATE.len() / 2];
    let err = rate_with(move |r| if r.url.ends_with("/quotes") { reply(200, half) } else { fedex(r) });
    assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("rate") && m.contains("cut short")), "{err:?}");
    assert!(!err.to_string().contains("transactionId"), "the body is not quoted: {err:?}");
}

#[test]
fn a_reply_in_an_unknown_currency_is_a_bad_response() {
    let text = RATE.replace("\"CNY\"", "\"QQQ\"");
    let err = rate_with(move |r| if r.url.ends_with("/quotes") { reply(200, &text) } else { fedex(r) });
    assert!(matches!(&err, CarrierError::BadResponse(m) if m.contains("QQQ")), "{err:?}");
}

#[test]
fn a_token_reply_without_a_token_is_a_bad_response() {
    let err =
        rate_with(
            |r| if r.url.ends_with("/oauth/token") { reply(200, r#"{"token_type":"bearer"}"#) } else { fedex(r) },
        );
    assert!(matches!(err, CarrierError::BadResponse(_)), "{err:?}");
}
