//! The known-answer vectors of SIGNATURES.md §4 (O1–O3, V1–V5, the freshness cases around V3,
//! N1–N8 and O1's negative case) against the exact sample bytes, plus the header, secret and
//! ping rules of each scheme.

use sha2::{Digest, Sha256};

use super::signature::{Key, sign_b64};
use super::standard::{self, SigningSecret};
use super::woocommerce::{self, WooDelivery};
use super::{IngestError, Platform, Topic, shopify};
use crossdock_types::Timestamp;

const SHOPIFY_SAMPLE: &[u8] = include_bytes!("../../../tests/fixtures/webhooks/shopify-orders-create-sample.json");
const WOO_SAMPLE: &[u8] = include_bytes!("../../../tests/fixtures/webhooks/woocommerce-order-created-sample.json");
const VECTORS: &[u8] = include_bytes!("../../../tests/fixtures/webhooks/vectors.json");

const SW_SECRET: &str = "whsec_Y3Jvc3Nkb2NrLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE=";
const SHOPIFY_SECRET: &str = "hush-acme-shopify-secret";
const WOO_SECRET: &str = "hush-acme-woo-secret";

const V1: &str = "JekBgIn+S49z4rsFLBILBQNIYdb0VN3YJJNi/lKHMKU=";
const V2: &str = "fGLX3KskURHIlvtOwOwGUNMdGBqygs4nZIai9wD7nSQ=";
const V3: &str = "v1,JDdisq0hIglM+U0cRG8Z4dffRucb2XnSbTURiC3tRiw=";
const V4: &str = "v1,0NzOY3i3hGx7rMUxHIBHS5UwOr07mXVS2y5t2xvZFNo= \
                  v1a,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA== \
                  v1,JDdisq0hIglM+U0cRG8Z4dffRucb2XnSbTURiC3tRiw=";
const V5: &str = "2AKJ2iVUfdhsX5qZ9R/0hOYdoyNpqQqsV9qgTJSm29Q=";
const V3_TS: i64 = 1_795_000_000;

fn sw_secret(text: &str) -> SigningSecret {
    text.parse().unwrap()
}

fn shopify_headers(hmac: &str) -> [(&str, &str); 6] {
    [
        ("X-Shopify-Hmac-Sha256", hmac),
        ("X-Shopify-Topic", "orders/create"),
        ("X-Shopify-Shop-Domain", "acme.myshopify.com"),
        ("X-Shopify-API-Version", "2026-10"),
        ("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"),
        ("X-Shopify-Triggered-At", "2026-11-24T13:32:11.123456789Z"),
    ]
}

fn shopify_verify(hmac: &str, body: &[u8]) -> Result<super::Delivery, IngestError> {
    shopify::verify(&shopify_headers(hmac), body, &[Key::from_utf8(SHOPIFY_SECRET)])
}

fn woo_headers(signature: &str) -> [(&str, &str); 7] {
    [
        ("X-WC-Webhook-Signature", signature),
        ("X-WC-Webhook-Topic", "order.created"),
        ("X-WC-Webhook-Resource", "order"),
        ("X-WC-Webhook-Event", "created"),
        ("X-WC-Webhook-ID", "12"),
        ("X-WC-Webhook-Delivery-ID", "8f14e45fceea167a5a36dedd4bea2543"),
        ("X-WC-Webhook-Source", "https://acme.example/"),
    ]
}

fn woo_verify(signature: &str, body: &[u8]) -> Result<WooDelivery, IngestError> {
    woocommerce::verify(&woo_headers(signature), body, &[Key::from_utf8(WOO_SECRET)])
}

/// V3's headers with `signature`, verified at `now`.
fn sw_verify_at(signature: &str, body: &[u8], now: i64) -> Result<standard::Verified, IngestError> {
    let headers = [("webhook-id", "msg_2Kp1"), ("webhook-timestamp", "1795000000"), ("webhook-signature", signature)];
    standard::verify_signature(&headers, body, &[sw_secret(SW_SECRET)], Timestamp::from_unix(now))
}

fn without_final_lf(body: &[u8]) -> &[u8] {
    body.strip_suffix(b"\n").unwrap()
}

// ---- the fixtures ---------------------------------------------------------------------------

#[test]
fn fixtures_are_byte_exact_copies() {
    assert_eq!(SHOPIFY_SAMPLE.len(), 8588);
    assert!(SHOPIFY_SAMPLE.ends_with(b"}\n"));
    assert_eq!(
        hex::encode(Sha256::digest(SHOPIFY_SAMPLE)),
        "22fc3e67551a28c3929ed03df381bb829c9ac8ca2f0aab7a66073e3cd5abd318"
    );
    assert_eq!(WOO_SAMPLE.len(), 3853);
    assert!(WOO_SAMPLE.ends_with(b"}"));
    assert_eq!(
        hex::encode(Sha256::digest(WOO_SAMPLE)),
        "3907fca6694ea64fe95475d3f5ae1b17f9ee525bc8efe3ee7da103205f076e87"
    );
    let vectors: serde_json::Value = serde_json::from_slice(VECTORS).unwrap();
    assert_eq!(vectors["shopify_sample"]["bytes"], 8588);
    assert_eq!(vectors["woocommerce_sample"]["bytes"], 3853);
    assert_eq!(vectors["sw_secret"], SW_SECRET);
}

// ---- 4a: official vectors -------------------------------------------------------------------

#[test]
fn o1_official_standard_webhooks_vector() {
    let secret = sw_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    let body = br#"{"test": 2432232314}"#;
    assert_eq!(body.len(), 20);
    let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    assert_eq!(standard::sign(&secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body), expected);
    let headers = [
        ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
        ("webhook-timestamp", "1614265330"),
        ("webhook-signature", expected),
    ];
    let now = Timestamp::from_unix(1614265330);
    let ok = standard::verify_signature(&headers, body, std::slice::from_ref(&secret), now).unwrap();
    assert_eq!(ok.id, "msg_p5jXN8AQM9LWM0D4loKWxJek");
    assert_eq!(ok.timestamp, now);

    // Official negative case: the last character changed.
    let headers = [
        ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
        ("webhook-timestamp", "1614265330"),
        ("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA="),
    ];
    let err = standard::verify_signature(&headers, body, &[secret], now).unwrap_err();
    assert_eq!(err, IngestError::BadSignature { platform: Platform::Standard });
    assert_eq!(err.http_status(), 401);
}

#[test]
fn o2_official_rust_library_vector() {
    let secret = sw_secret("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD");
    let body = br#"{"email":"test@example.com","username":"test_user"}"#;
    let expected = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=";
    assert_eq!(standard::sign(&secret, "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", 1649367553, body), expected);
    let headers = [
        ("webhook-id", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"),
        ("webhook-timestamp", "1649367553"),
        ("webhook-signature", expected),
    ];
    standard::verify_signature(&headers, body, &[secret], Timestamp::from_unix(1649367553)).unwrap();
}

#[test]
fn o3_official_shopify_library_vector() {
    let body = br#"{"foo": "bar"}"#;
    assert_eq!(body.len(), 14);
    let expected = "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=";
    let key = Key::from_utf8("test_secret_key");
    assert_eq!(sign_b64(&key, &[body]), expected);
    let headers =
        [("X-Shopify-Hmac-Sha256", expected), ("X-Shopify-Topic", "products/update"), ("X-Shopify-Webhook-Id", "w1")];
    let delivery = shopify::verify(&headers, body, &[key]).unwrap();
    assert_eq!(delivery.topic, Topic::ProductUpdated);
}

// ---- 4b: crossdock vectors on the samples ---------------------------------------------------

#[test]
fn v1_shopify_over_the_shopify_sample() {
    let d = shopify_verify(V1, SHOPIFY_SAMPLE).unwrap();
    assert_eq!(d.platform, Platform::Shopify);
    assert_eq!(d.topic, Topic::OrderCreated);
    assert_eq!(d.platform_topic, "orders/create");
    assert_eq!(d.delivery_id, "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
    assert_eq!(d.dedupe_key(), "shopify:b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
    assert_eq!(d.source.as_deref(), Some("acme.myshopify.com"));
    assert_eq!(d.api_version.as_deref(), Some("2026-10"));
    assert_eq!(d.triggered_at, Some("2026-11-24T13:32:11Z".parse().unwrap()));
    assert_eq!(sign_b64(&Key::from_utf8(SHOPIFY_SECRET), &[SHOPIFY_SAMPLE]), V1);
    assert_eq!(
        hex::encode(super::signature::hmac_sha256(&Key::from_utf8(SHOPIFY_SECRET), &[SHOPIFY_SAMPLE])),
        "25e9018089fe4b8f73e2bb052c120b05034861d6f454ddd8249362fe528730a5"
    );
}

#[test]
fn v2_woocommerce_over_the_shopify_sample() {
    let WooDelivery::Event(d) = woo_verify(V2, SHOPIFY_SAMPLE).unwrap() else { panic!("not an event") };
    assert_eq!(d.platform, Platform::WooCommerce);
    assert_eq!(d.topic, Topic::OrderCreated);
    assert_eq!(d.delivery_id, "8f14e45fceea167a5a36dedd4bea2543");
    assert_eq!(d.source.as_deref(), Some("https://acme.example/"));
}

#[test]
fn v3_standard_webhooks_over_the_shopify_sample() {
    let ok = sw_verify_at(V3, SHOPIFY_SAMPLE, V3_TS).unwrap();
    assert_eq!(ok.id, "msg_2Kp1");
    assert_eq!(ok.timestamp.to_string(), "2026-11-18T11:06:40Z");
    assert_eq!(standard::sign(&sw_secret(SW_SECRET), "msg_2Kp1", V3_TS, SHOPIFY_SAMPLE), V3);
    // Authentic, but not a Standard Webhooks envelope: `verify` cannot route it (400, not 401).
    let headers = [("webhook-id", "msg_2Kp1"), ("webhook-timestamp", "1795000000"), ("webhook-signature", V3)];
    let err = standard::verify(&headers, SHOPIFY_SAMPLE, &[sw_secret(SW_SECRET)], Timestamp::from_unix(V3_TS));
    let err = err.unwrap_err();
    assert!(matches!(err, IngestError::MalformedBody(_)), "{err}");
    assert_eq!(err.http_status(), 400);
}

#[test]
fn v4_any_matching_v1_entry_verifies_and_v1a_is_skipped() {
    sw_verify_at(V4, SHOPIFY_SAMPLE, V3_TS).unwrap();
    // The same list without its matching entry fails.
    let without = V4.rsplit_once(' ').unwrap().0;
    assert_eq!(
        sw_verify_at(without, SHOPIFY_SAMPLE, V3_TS).unwrap_err(),
        IngestError::BadSignature { platform: Platform::Standard }
    );
}

#[test]
fn v5_woocommerce_over_the_woocommerce_sample() {
    let WooDelivery::Event(d) = woo_verify(V5, WOO_SAMPLE).unwrap() else { panic!("not an event") };
    assert_eq!(d.topic, Topic::OrderCreated);
    assert_eq!(sign_b64(&Key::from_utf8(WOO_SECRET), &[WOO_SAMPLE]), V5);
}

#[test]
fn freshness_around_v3() {
    sw_verify_at(V3, SHOPIFY_SAMPLE, V3_TS + 300).unwrap();
    sw_verify_at(V3, SHOPIFY_SAMPLE, V3_TS - 300).unwrap();

    let old = sw_verify_at(V3, SHOPIFY_SAMPLE, V3_TS + 301).unwrap_err();
    assert_eq!(old, IngestError::Stale { age_secs: 301, tolerance_secs: 300 });
    assert!(old.to_string().contains("too old: 301 s"), "{old}");
    assert_eq!(old.http_status(), 401);

    let new = sw_verify_at(V3, SHOPIFY_SAMPLE, V3_TS - 301).unwrap_err();
    assert_eq!(new, IngestError::FromTheFuture { ahead_secs: 301, tolerance_secs: 300 });
    assert!(new.to_string().contains("too new: 301 s"), "{new}");
    assert_eq!(new.http_status(), 401);
}

// ---- 4c: what common bugs compute must be rejected ------------------------------------------

#[test]
fn n1_n4_shopify_bug_values_are_rejected() {
    let bad = IngestError::BadSignature { platform: Platform::Shopify };
    // N1: the final LF stripped. Its value is refused for the real body, and the real
    // header is refused for the stripped body.
    assert_eq!(shopify_verify("EYrcpB1H4QZ4ogZZlc6TaXpct0ZJOh7tKsRwQQvzrYw=", SHOPIFY_SAMPLE).unwrap_err(), bad);
    assert_eq!(shopify_verify(V1, without_final_lf(SHOPIFY_SAMPLE)).unwrap_err(), bad);
    assert_eq!(
        sign_b64(&Key::from_utf8(SHOPIFY_SECRET), &[without_final_lf(SHOPIFY_SAMPLE)]),
        "EYrcpB1H4QZ4ogZZlc6TaXpct0ZJOh7tKsRwQQvzrYw="
    );
    // N4: the body parsed and re-serialised.
    assert_eq!(shopify_verify("BM24+MyACZSlrlR0FS5TdX68/yu/1Se0n9K2iY8OOt0=", SHOPIFY_SAMPLE).unwrap_err(), bad);
    let reserialized =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(SHOPIFY_SAMPLE).unwrap()).unwrap();
    assert_eq!(shopify_verify(V1, &reserialized).unwrap_err(), bad);
}

#[test]
fn n2_n5_woocommerce_bug_values_are_rejected() {
    let bad = IngestError::BadSignature { platform: Platform::WooCommerce };
    // N2: the final LF of the Shopify sample stripped (V2's body).
    assert_eq!(woo_verify("0haHfJCXLLk8eajWgFNO3bJ6CWUisXoGaV3p9wPcE7Q=", SHOPIFY_SAMPLE).unwrap_err(), bad);
    assert_eq!(woo_verify(V2, without_final_lf(SHOPIFY_SAMPLE)).unwrap_err(), bad);
    // N5: the WooCommerce sample re-serialised without its `\/` and `\uXXXX` escapes.
    assert_eq!(woo_verify("TKgM/2HgpCty/zBNCw62QFgpaJ86wdQZ30jW5NOBH6A=", WOO_SAMPLE).unwrap_err(), bad);
    let unescaped = serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(WOO_SAMPLE).unwrap()).unwrap();
    assert!(!unescaped.windows(2).any(|w| w == br"\/"), "serde_json does not escape slashes");
    assert_eq!(woo_verify(V5, &unescaped).unwrap_err(), bad);
}

#[test]
fn n3_n6_n7_n8_standard_webhooks_bug_values_are_rejected() {
    let bad = IngestError::BadSignature { platform: Platform::Standard };
    let sw_key_is = |key: Key| format!("v1,{}", sign_b64(&key, &[b"msg_2Kp1.1795000000.", SHOPIFY_SAMPLE]));
    // N3: the final LF stripped.
    let n3 = "v1,GkGZdNS1iwBAp2CouC5XMRNRKsInF2uclqWxvzkL2S0=";
    assert_eq!(sw_verify_at(n3, SHOPIFY_SAMPLE, V3_TS).unwrap_err(), bad);
    assert_eq!(sw_verify_at(V3, without_final_lf(SHOPIFY_SAMPLE), V3_TS).unwrap_err(), bad);
    // N6: the signature of timestamp 1795000001 under a header saying 1795000000.
    let n6 = "v1,0NzOY3i3hGx7rMUxHIBHS5UwOr07mXVS2y5t2xvZFNo=";
    assert_eq!(standard::sign(&sw_secret(SW_SECRET), "msg_2Kp1", V3_TS + 1, SHOPIFY_SAMPLE), n6);
    assert_eq!(sw_verify_at(n6, SHOPIFY_SAMPLE, V3_TS).unwrap_err(), bad);
    // N7: keyed with the whole `whsec_…` string.
    let n7 = "v1,+UjP+SCCjxUCbtClHrxZblVkK2WpchB+BiK1K6yeRCg=";
    assert_eq!(sw_key_is(Key::from_utf8(SW_SECRET)), n7);
    assert_eq!(sw_verify_at(n7, SHOPIFY_SAMPLE, V3_TS).unwrap_err(), bad);
    // N8: keyed with the base64 text instead of the decoded bytes.
    let n8 = "v1,lFx8TqHg4jFZjXfTPQo8xTc65UbXsPj+UBxTiRV3kWs=";
    assert_eq!(sw_key_is(Key::from_utf8(&SW_SECRET[6..])), n8);
    assert_eq!(sw_verify_at(n8, SHOPIFY_SAMPLE, V3_TS).unwrap_err(), bad);
}

/// Every entry of vectors.json, so that a vector added there cannot be forgotten here.
#[test]
fn every_vector_in_vectors_json() {
    let doc: serde_json::Value = serde_json::from_slice(VECTORS).unwrap();
    let vectors = doc["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 16);
    for v in vectors {
        let name = v["name"].as_str().unwrap();
        let (scheme, secret, expected) =
            (v["scheme"].as_str().unwrap(), v["secret"].as_str().unwrap(), v["expected"].as_str().unwrap());
        let valid = v["valid"].as_bool().unwrap();
        let described = v["body"].as_str().unwrap();
        let body: Vec<u8> = if let Some(text) = described.strip_prefix("utf8:") {
            text.as_bytes().to_vec()
        } else if described.contains("woocommerce-order-created-sample.json") || name == "neg-woo-unescaped" {
            WOO_SAMPLE.to_vec()
        } else {
            // File vectors and the negative vectors: the bug's value against the real body.
            SHOPIFY_SAMPLE.to_vec()
        };
        let result = match scheme {
            "shopify" => {
                let headers = [
                    ("x-shopify-hmac-sha256", expected),
                    ("x-shopify-topic", "orders/create"),
                    ("x-shopify-webhook-id", "1"),
                ];
                shopify::verify(&headers, &body, &[Key::from_utf8(secret)]).map(drop)
            }
            "woocommerce" => woo_verify_with(secret, expected, &body),
            "standard-webhooks" => {
                // Negative vectors are checked against the real header (N6's `headers` name the
                // timestamp its value was computed for, not the one sent).
                let id = v["headers"]["webhook-id"].as_str().unwrap();
                let ts = if valid { v["headers"]["webhook-timestamp"].as_str().unwrap() } else { "1795000000" };
                let headers = [("webhook-id", id), ("webhook-timestamp", ts), ("webhook-signature", expected)];
                let now = Timestamp::from_unix(ts.parse().unwrap());
                standard::verify_signature(&headers, &body, &[sw_secret(secret)], now).map(drop)
            }
            other => panic!("{name}: unknown scheme {other}"),
        };
        assert_eq!(result.is_ok(), valid, "{name}: {result:?}");
    }
}

fn woo_verify_with(secret: &str, signature: &str, body: &[u8]) -> Result<(), IngestError> {
    woocommerce::verify(&woo_headers(signature), body, &[Key::from_utf8(secret)]).map(drop)
}

// ---- Shopify headers ------------------------------------------------------------------------

#[test]
fn shopify_header_names_are_case_insensitive_and_may_lack_the_x_prefix() {
    let lower = [("x-shopify-hmac-sha256", V1), ("x-shopify-topic", "orders/create"), ("x-shopify-webhook-id", "w")];
    shopify::verify(&lower, SHOPIFY_SAMPLE, &[Key::from_utf8(SHOPIFY_SECRET)]).unwrap();
    let events = [("shopify-hmac-sha256", V1), ("shopify-topic", "orders/paid"), ("shopify-event-id", "e-1")];
    let d = shopify::verify(&events, SHOPIFY_SAMPLE, &[Key::from_utf8(SHOPIFY_SECRET)]).unwrap();
    assert_eq!(d.topic, Topic::OrderPaid);
    // No Webhook-Id: the key falls back to (Event-Id, topic), never Event-Id alone.
    assert_eq!(d.delivery_id, "event:e-1:orders/paid");
    assert_eq!(d.event_id.as_deref(), Some("e-1"));
}

#[test]
fn shopify_checks_the_signature_before_anything_else() {
    let secrets = [Key::from_utf8(SHOPIFY_SECRET)];
    let err = shopify::verify(&[("X-Shopify-Topic", "orders/create")], SHOPIFY_SAMPLE, &secrets).unwrap_err();
    assert_eq!(err, IngestError::MissingHeader(shopify::HMAC));
    assert_eq!(err.http_status(), 401);
    assert!(err.to_string().contains("X-Shopify-Hmac-Sha256"), "{err}");
    // A wrong signature is refused even when every other header is missing.
    let err = shopify::verify(&[("X-Shopify-Hmac-Sha256", V2)], SHOPIFY_SAMPLE, &secrets).unwrap_err();
    assert_eq!(err, IngestError::BadSignature { platform: Platform::Shopify });
    // Signed but incomplete: 400.
    let err = shopify::verify(&[("X-Shopify-Hmac-Sha256", V1)], SHOPIFY_SAMPLE, &secrets).unwrap_err();
    assert_eq!(err, IngestError::MissingHeader(shopify::TOPIC));
    assert_eq!(err.http_status(), 400);
    let no_id = [("X-Shopify-Hmac-Sha256", V1), ("X-Shopify-Topic", "orders/create")];
    let err = shopify::verify(&no_id, SHOPIFY_SAMPLE, &secrets).unwrap_err();
    assert_eq!(err, IngestError::MissingHeader(shopify::WEBHOOK_ID));
}

#[test]
fn shopify_accepts_the_old_and_the_new_secret_while_rotating() {
    let both = [Key::from_utf8("the-old-secret"), Key::from_utf8(SHOPIFY_SECRET)];
    shopify::verify(&shopify_headers(V1), SHOPIFY_SAMPLE, &both).unwrap();
    let err = shopify::verify(&shopify_headers(V1), SHOPIFY_SAMPLE, &both[..1]).unwrap_err();
    assert_eq!(err, IngestError::BadSignature { platform: Platform::Shopify });
}

#[test]
fn missing_or_empty_secrets_are_configuration_errors() {
    let err = shopify::verify(&shopify_headers(V1), SHOPIFY_SAMPLE, &[]).unwrap_err();
    assert_eq!(err, IngestError::NoSecret(Platform::Shopify));
    assert_eq!(err.http_status(), 500);
    let err = woocommerce::verify(&woo_headers(V5), WOO_SAMPLE, &[Key::from_utf8("")]).unwrap_err();
    assert!(matches!(err, IngestError::MalformedSecret { platform: Platform::WooCommerce, .. }), "{err}");
    let headers = [("webhook-id", "msg_2Kp1"), ("webhook-timestamp", "1795000000"), ("webhook-signature", V3)];
    let err = standard::verify_signature(&headers, SHOPIFY_SAMPLE, &[], Timestamp::from_unix(V3_TS)).unwrap_err();
    assert_eq!(err, IngestError::NoSecret(Platform::Standard));
}

#[test]
fn unparseable_triggered_at_is_left_out_not_refused() {
    let mut headers = shopify_headers(V1);
    headers[5].1 = "yesterday";
    assert_eq!(
        shopify::verify(&headers, SHOPIFY_SAMPLE, &[Key::from_utf8(SHOPIFY_SECRET)]).unwrap().triggered_at,
        None
    );
}

#[test]
fn overlong_or_binary_ids_are_refused() {
    let long = "a".repeat(super::MAX_HEADER_LEN + 1);
    let mut headers = shopify_headers(V1);
    headers[4].1 = &long;
    let err = shopify::verify(&headers, SHOPIFY_SAMPLE, &[Key::from_utf8(SHOPIFY_SECRET)]).unwrap_err();
    assert!(matches!(err, IngestError::MalformedHeader { header: shopify::WEBHOOK_ID, .. }), "{err}");
    headers[4].1 = "id\u{7}";
    let err = shopify::verify(&headers, SHOPIFY_SAMPLE, &[Key::from_utf8(SHOPIFY_SECRET)]).unwrap_err();
    assert!(err.to_string().contains("control or non-ASCII"), "{err}");
}

// ---- WooCommerce: the creation ping and unsigned requests -----------------------------------

#[test]
fn the_woocommerce_creation_ping_is_recognised_without_a_secret() {
    let ua = [("User-Agent", "WooCommerce/10.3.0 Hookshot (WordPress/6.8)")];
    assert_eq!(woocommerce::verify(&ua, b"webhook_id=12", &[]).unwrap(), WooDelivery::Ping { webhook_id: 12 });
    let none: [(&str, &str); 0] = [];
    let secrets = [Key::from_utf8(WOO_SECRET)];
    assert_eq!(
        woocommerce::verify(&none, b"webhook_id=18446744073709551615", &secrets).unwrap(),
        WooDelivery::Ping { webhook_id: u64::MAX }
    );
}

#[test]
fn other_unsigned_woocommerce_requests_are_refused() {
    let secrets = [Key::from_utf8(WOO_SECRET)];
    let none: [(&str, &str); 0] = [];
    for body in [
        &b"webhook_id="[..],
        b"webhook_id=12x",
        b"webhook_id=-1",
        b"webhook_id=12\n",
        b"webhook_id=99999999999999999999",
        b"id=12",
        WOO_SAMPLE,
        b"",
    ] {
        let err = woocommerce::verify(&none, body, &secrets).unwrap_err();
        assert_eq!(err, IngestError::MissingHeader(woocommerce::SIGNATURE), "{}", String::from_utf8_lossy(body));
        assert_eq!(err.http_status(), 401);
    }
    // A ping body with WooCommerce headers but no signature is not the ping.
    let headers = [("X-WC-Webhook-Topic", "order.created")];
    let err = woocommerce::verify(&headers, b"webhook_id=12", &secrets).unwrap_err();
    assert_eq!(err, IngestError::MissingHeader(woocommerce::SIGNATURE));
    // Nor does a signature header turn a ping body into a ping.
    let err = woo_verify("bm9wZQ==", b"webhook_id=12").unwrap_err();
    assert_eq!(err, IngestError::BadSignature { platform: Platform::WooCommerce });
}

#[test]
fn a_signed_woocommerce_delivery_needs_its_topic_and_delivery_id() {
    let secrets = [Key::from_utf8(WOO_SECRET)];
    let err = woocommerce::verify(&[("X-WC-Webhook-Signature", V5)], WOO_SAMPLE, &secrets).unwrap_err();
    assert_eq!(err, IngestError::MissingHeader(woocommerce::TOPIC));
    assert_eq!(err.http_status(), 400);
    let headers = [("X-WC-Webhook-Signature", V5), ("X-WC-Webhook-Topic", "order.updated")];
    let err = woocommerce::verify(&headers, WOO_SAMPLE, &secrets).unwrap_err();
    assert_eq!(err, IngestError::MissingHeader(woocommerce::DELIVERY_ID));
}

// ---- Standard Webhooks: secrets, headers, envelope ------------------------------------------

#[test]
fn standard_secrets_decode_to_the_key_bytes() {
    let key = hex::decode("63726f7373646f636b2d746573742d6b65792d6e6f742d666f722d70726f6421").unwrap();
    assert_eq!(sw_secret(SW_SECRET).key().as_bytes(), &key[..]);
    assert_eq!(sw_secret(SW_SECRET).key().as_bytes(), b"crossdock-test-key-not-for-prod!");
    // Unpadded (as the Python reference library accepts), without the prefix, with whitespace.
    assert_eq!(sw_secret(SW_SECRET.trim_end_matches('=')), sw_secret(SW_SECRET));
    assert_eq!(sw_secret(&SW_SECRET[6..]), sw_secret(SW_SECRET));
    assert_eq!(sw_secret(&format!(" {SW_SECRET}\n")), sw_secret(SW_SECRET));
    assert!(!format!("{:?}", sw_secret(SW_SECRET)).contains("crossdock"));
}

#[test]
fn malformed_standard_secrets_are_refused_without_echoing_them() {
    for bad in [
        "",
        "whsec_",
        "whsec_Y3Jvc3Nkb2Nr!!",
        "whsec_Y3Jvc3Nkb2NrLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE-",
        "whsec_a",
        "whpk_Y3Jvc3Nkb2Nr",
    ] {
        let err = bad.parse::<SigningSecret>().unwrap_err();
        assert!(matches!(err, IngestError::MalformedSecret { platform: Platform::Standard, .. }), "{bad}: {err}");
        assert_eq!(err.http_status(), 500);
        if bad.len() > 7 {
            assert!(!err.to_string().contains(&bad[6..]), "{err}");
        }
    }
}

#[test]
fn standard_header_problems() {
    let secrets = [sw_secret(SW_SECRET)];
    let now = Timestamp::from_unix(V3_TS);
    let check =
        |headers: &[(&str, &str)]| standard::verify_signature(headers, SHOPIFY_SAMPLE, &secrets, now).unwrap_err();

    let err = check(&[("webhook-timestamp", "1795000000"), ("webhook-signature", V3)]);
    assert_eq!((err.clone(), err.http_status()), (IngestError::MissingHeader(standard::ID), 401));
    let err = check(&[("webhook-id", "msg_2Kp1"), ("webhook-signature", V3)]);
    assert_eq!(err, IngestError::MissingHeader(standard::TIMESTAMP));
    let err = check(&[("webhook-id", "msg_2Kp1"), ("webhook-timestamp", "1795000000")]);
    assert_eq!(err, IngestError::MissingHeader(standard::SIGNATURE));
    for ts in ["-1795000000", "+1795000000", "1795000000.0", "1.795e9", "abc", "99999999999999999999"] {
        let err = check(&[("webhook-id", "msg_2Kp1"), ("webhook-timestamp", ts), ("webhook-signature", V3)]);
        assert!(matches!(err, IngestError::MalformedHeader { header: standard::TIMESTAMP, .. }), "{ts}: {err}");
        assert_eq!(err.http_status(), 401);
    }
    let err = check(&[("webhook-id", "msg.2Kp1"), ("webhook-timestamp", "1795000000"), ("webhook-signature", V3)]);
    assert!(matches!(err, IngestError::MalformedHeader { header: standard::ID, .. }), "{err}");
    let only_v1a = "v1a,AAAA v2,BBBB";
    let err =
        check(&[("webhook-id", "msg_2Kp1"), ("webhook-timestamp", "1795000000"), ("webhook-signature", only_v1a)]);
    assert_eq!(err, IngestError::NoSupportedSignature { found: "v1a, v2".to_owned() });
    let err = check(&[("webhook-id", "msg_2Kp1"), ("webhook-timestamp", "1795000000"), ("webhook-signature", "v1,")]);
    assert_eq!(err, IngestError::BadSignature { platform: Platform::Standard });
    let many = [V3; standard::MAX_SIGNATURES + 1].join(" ");
    let err = check(&[("webhook-id", "msg_2Kp1"), ("webhook-timestamp", "1795000000"), ("webhook-signature", &many)]);
    assert!(matches!(err, IngestError::MalformedHeader { header: standard::SIGNATURE, .. }), "{err}");
    let enough = [V3; standard::MAX_SIGNATURES].join(" ");
    sw_verify_at(&enough, SHOPIFY_SAMPLE, V3_TS).unwrap();
    // A bare signature without `v1,` is not an entry.
    let err =
        check(&[("webhook-id", "msg_2Kp1"), ("webhook-timestamp", "1795000000"), ("webhook-signature", &V3[3..])]);
    assert!(matches!(err, IngestError::NoSupportedSignature { .. }), "{err}");
}

#[test]
fn the_timestamp_is_signed_as_the_integer_it_parses_to() {
    // As in the reference libraries: a leading zero does not change the signed bytes.
    let headers = [("webhook-id", "msg_2Kp1"), ("webhook-timestamp", "01795000000"), ("webhook-signature", V3)];
    standard::verify_signature(&headers, SHOPIFY_SAMPLE, &[sw_secret(SW_SECRET)], Timestamp::from_unix(V3_TS)).unwrap();
}

#[test]
fn a_standard_envelope_gives_the_topic() {
    let secret = sw_secret(SW_SECRET);
    let now = Timestamp::from_unix(V3_TS);
    let body = br#"{"type":"order.created","timestamp":"2026-11-18T11:06:40Z","data":{"id":"A-1001"}}"#;
    let sig = standard::sign(&secret, "msg_env", V3_TS - 5, body);
    let headers = [("Webhook-Id", "msg_env"), ("Webhook-Timestamp", "1794999995"), ("Webhook-Signature", sig.as_str())];
    let d = standard::verify(&headers, body, std::slice::from_ref(&secret), now).unwrap();
    assert_eq!(
        (d.platform, d.topic.clone(), d.platform_topic.as_str()),
        (Platform::Standard, Topic::OrderCreated, "order.created")
    );
    assert_eq!(d.dedupe_key(), "standard:msg_env");
    assert_eq!(d.triggered_at, Some(Timestamp::from_unix(V3_TS - 5)));

    let body = br#"{"type":"customer.created","data":{}}"#;
    let sig = standard::sign(&secret, "msg_env", V3_TS, body);
    let headers = [("webhook-id", "msg_env"), ("webhook-timestamp", "1795000000"), ("webhook-signature", sig.as_str())];
    let d = standard::verify(&headers, body, std::slice::from_ref(&secret), now).unwrap();
    assert_eq!(d.topic, Topic::Other("customer.created".to_owned()));

    for body in [&br#"{"type":""}"#[..], br#"{"type":7}"#, b"[]", b"type=order.created"] {
        let sig = standard::sign(&secret, "msg_env", V3_TS, body);
        let headers =
            [("webhook-id", "msg_env"), ("webhook-timestamp", "1795000000"), ("webhook-signature", sig.as_str())];
        let err = standard::verify(&headers, body, std::slice::from_ref(&secret), now).unwrap_err();
        assert!(matches!(err, IngestError::MalformedBody(_)), "{err}");
    }
}

#[test]
fn topics_map_onto_crossdocks_names() {
    assert_eq!(Topic::from_shopify("inventory_levels/update").as_str(), "inventory.updated");
    assert_eq!(Topic::from_shopify("returns/request"), Topic::ReturnRequested);
    assert_eq!(Topic::from_shopify("refunds/create"), Topic::RefundCreated);
    assert_eq!(Topic::from_shopify("orders/cancelled"), Topic::OrderCancelled);
    assert_eq!(Topic::from_woocommerce("product.updated"), Topic::ProductUpdated);
    assert_eq!(Topic::from_woocommerce("coupon.created").as_str(), "coupon.created");
    for name in [
        "order.created",
        "order.updated",
        "order.paid",
        "order.cancelled",
        "refund.created",
        "return.requested",
        "product.updated",
        "inventory.updated",
    ] {
        assert_eq!(Topic::from_crossdock(name).as_str(), name);
        assert!(!matches!(Topic::from_crossdock(name), Topic::Other(_)), "{name}");
    }
    assert_eq!(Platform::WooCommerce.to_string(), "WooCommerce");
    assert_eq!(serde_json::to_string(&Platform::WooCommerce).unwrap(), "\"woocommerce\"");
}

#[test]
fn shop_domains_are_normalised_and_checked_per_platform() {
    use super::normalize_shop_domain as check;
    assert_eq!(check(Platform::Shopify, " Acme-Outdoor.MyShopify.com ").as_deref(), Ok("acme-outdoor.myshopify.com"));
    for bad in [
        "acme",
        "acme.example.com",
        "-acme.myshopify.com",
        ".myshopify.com",
        "a_b.myshopify.com",
        "acme.myshopify.com.",
    ] {
        assert!(check(Platform::Shopify, bad).is_err(), "{bad}");
    }
    assert_eq!(check(Platform::WooCommerce, "Shop.Example.com").as_deref(), Ok("shop.example.com"));
    for bad in
        ["acme.myshopify.com", "https://shop.example.com/", "shop.example.com:443", "localhost", "-x.example.com"]
    {
        assert!(check(Platform::WooCommerce, bad).is_err(), "{bad}");
        assert!(check(Platform::Standard, bad).is_err(), "{bad}");
    }
}

#[test]
fn new_standard_webhooks_secrets_must_decode_to_24_bytes_or_more() {
    assert!(standard::check_new_secret("whsec_MDEyMzQ1Njc4OWFiY2RlZg==").is_err_and(|e| e.contains("16 bytes")));
    assert!(standard::check_new_secret(SW_SECRET).is_ok());
    assert!(standard::check_new_secret("whsec_!!").is_err());
}
