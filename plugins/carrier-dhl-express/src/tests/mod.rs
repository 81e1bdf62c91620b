//! Native tests of the adapter against the sample responses, with [`TestHost`] answering
//! HTTP the way MyDHL API does.

use crossdock_sdk::testing::TestHost;

mod calls;

/// The CN → DE shipment of the fixtures.
pub const SHIPMENT_10: &str = include_str!("../../../../tests/fixtures/shipment-10.json");
pub const RATE_RESPONSE: &str = include_str!("../../../../tests/fixtures/carriers/dhl-rate-response.json");
pub const LABEL_RESPONSE: &str = include_str!("../../../../tests/fixtures/carriers/dhl-label-response.json");
pub const TRACK_RESPONSE: &str = include_str!("../../../../tests/fixtures/carriers/dhl-track-response.json");
pub const TRACK_EXCEPTIONS: &str =
    include_str!("../../../../tests/fixtures/carriers/dhl-track-response-exceptions.json");

/// A host with the account configured and both secrets set, at 2026-11-17T02:00:00Z
/// (10:00 in Shenzhen).
pub fn host() -> TestHost {
    TestHost::new()
        .with_config(r#"{"base_url": "https://dhl.test/mydhlapi", "account_number": "123456789", "origin_utc_offset": "+08:00"}"#)
        .with_now("2026-11-17T02:00:00Z")
        .with_secret("username", "apiUser")
        .with_secret("password", "apiSecret")
}
