//! Shopify HTTPS webhooks: `X-Shopify-Hmac-Sha256` is the standard base64 of
//! HMAC-SHA256(raw body), keyed with the app's client secret as raw UTF-8 bytes.
//!
//! No header and no timestamp is signed, so there is no freshness check: Shopify retries the
//! original payload 8 times over 4 hours (changelog 2024-09-10), so an old
//! `X-Shopify-Triggered-At` is normal, and being unsigned it could not prove anything anyway.
//! It is parsed when it is RFC 3339 and otherwise left out (its format is not documented).
//!
//! The developer-preview Events product sends the same headers without the `X-` prefix
//! (`shopify-hmac-sha256`, …); each header is looked up under both names.
//!
//! Source: SIGNATURES.md §2 (shopify.dev "Webhooks delivery structure", "Verify webhook
//! deliveries", "Ignore duplicate webhooks"; Shopify/shopify-app-js), read 2026-11-25.

use crossdock_types::Timestamp;

use super::signature::{Key, verify_any};
use super::{Delivery, Headers, IngestError, Platform, Topic, check_id, check_secrets, header};

/// The signature header.
pub const HMAC: &str = "X-Shopify-Hmac-Sha256";
/// The topic, such as `orders/create`.
pub const TOPIC: &str = "X-Shopify-Topic";
/// The shop's `*.myshopify.com` domain.
pub const SHOP_DOMAIN: &str = "X-Shopify-Shop-Domain";
/// The API version the payload was serialised with.
pub const API_VERSION: &str = "X-Shopify-API-Version";
/// One id per delivery: the dedupe key.
pub const WEBHOOK_ID: &str = "X-Shopify-Webhook-Id";
/// One id per merchant action, shared by every delivery (of every topic) it produced.
pub const EVENT_ID: &str = "X-Shopify-Event-Id";
/// When Shopify triggered the delivery. Not signed.
pub const TRIGGERED_AT: &str = "X-Shopify-Triggered-At";

/// A Shopify header under its `X-` name or, for the Events product, without the prefix.
fn shopify_header<'h>(headers: &'h (impl Headers + ?Sized), name: &'static str) -> Option<&'h str> {
    header(headers, name).or_else(|| name.strip_prefix("X-").and_then(|bare| header(headers, bare)))
}

/// Verifies a Shopify delivery and returns what the inbox needs.
///
/// `secrets` holds the app's client secret; during a rotation pass the old and the new one
/// (Shopify may take up to an hour to switch). The signature is checked before any other
/// header is read, so an unsigned request learns nothing about what else is expected.
///
/// Dedupe key: `X-Shopify-Webhook-Id`, which Shopify documents as "a unique composite key per
/// delivery. Use to identify and deduplicate individual deliveries". `X-Shopify-Event-Id` alone
/// is *not* a safe key: it is shared by all deliveries one merchant action produced, which may
/// span topics, so deduping on it could drop an `orders/paid` as a copy of an `orders/create`.
/// Only when Webhook-Id is absent does the key fall back to `(Event-Id, topic)`, as
/// SIGNATURES.md §2 recommends.
pub fn verify(headers: &(impl Headers + ?Sized), body: &[u8], secrets: &[Key]) -> Result<Delivery, IngestError> {
    check_secrets(Platform::Shopify, secrets)?;
    let claimed = shopify_header(headers, HMAC).ok_or(IngestError::MissingHeader(HMAC))?;
    if !verify_any(secrets, &[body], claimed) {
        return Err(IngestError::BadSignature { platform: Platform::Shopify });
    }

    let topic = shopify_header(headers, TOPIC).ok_or(IngestError::MissingHeader(TOPIC))?;
    check_id(TOPIC, topic)?;
    let event_id = optional_id(headers, EVENT_ID)?;
    let delivery_id = match (optional_id(headers, WEBHOOK_ID)?, &event_id) {
        (Some(webhook_id), _) => webhook_id.to_owned(),
        (None, Some(event_id)) => format!("event:{event_id}:{topic}"),
        (None, None) => return Err(IngestError::MissingHeader(WEBHOOK_ID)),
    };

    Ok(Delivery {
        platform: Platform::Shopify,
        delivery_id,
        topic: Topic::from_shopify(topic),
        platform_topic: topic.to_owned(),
        source: optional_id(headers, SHOP_DOMAIN)?.map(str::to_owned),
        event_id: event_id.map(str::to_owned),
        api_version: optional_id(headers, API_VERSION)?.map(str::to_owned),
        triggered_at: shopify_header(headers, TRIGGERED_AT).and_then(|t| t.parse::<Timestamp>().ok()),
    })
}

fn optional_id<'h>(headers: &'h (impl Headers + ?Sized), name: &'static str) -> Result<Option<&'h str>, IngestError> {
    let value = shopify_header(headers, name);
    if let Some(v) = value {
        check_id(name, v)?;
    }
    Ok(value)
}
