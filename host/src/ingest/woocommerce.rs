//! WooCommerce webhooks: `X-WC-Webhook-Signature` is the standard base64 of HMAC-SHA256(raw
//! body), keyed with the webhook's secret as UTF-8 bytes (after WooCommerce decodes HTML
//! entities, which is the text the merchant sees in the admin screen).
//!
//! The scheme has no timestamp, so no freshness check is possible. WooCommerce never retries
//! on its own: a failed delivery counts towards disabling the webhook (after the 7th failure
//! in a row, whatever its docs say) and is not sent again.
//!
//! When a webhook is created, WooCommerce POSTs a **creation ping**: the form body
//! `webhook_id=<id>`, with no signature and no `X-WC-Webhook-*` header, and reports anything
//! but a 200 as an error to the merchant. [`verify`] recognises exactly that request and
//! returns [`WooDelivery::Ping`], which the handler answers 200 without storing anything. Any
//! other unsigned request is refused.
//!
//! Source: SIGNATURES.md §3 (woocommerce/woocommerce `class-wc-webhook.php` `deliver()`,
//! `deliver_ping()`, `generate_signature()`), read 2026-11-25.

use super::signature::{Key, verify_any};
use super::{Delivery, Headers, IngestError, Platform, Topic, check_id, check_secrets, header, id_header};

/// The signature header.
pub const SIGNATURE: &str = "X-WC-Webhook-Signature";
/// The topic, such as `order.created`.
pub const TOPIC: &str = "X-WC-Webhook-Topic";
/// `home_url('/')` of the shop, such as `https://boutique.example.fr/`.
pub const SOURCE: &str = "X-WC-Webhook-Source";
/// The resource half of the topic (`order`).
pub const RESOURCE: &str = "X-WC-Webhook-Resource";
/// The event half of the topic (`created`).
pub const EVENT: &str = "X-WC-Webhook-Event";
/// The numeric id of the webhook (the subscription), not of the delivery.
pub const WEBHOOK_ID: &str = "X-WC-Webhook-ID";
/// 32 hex characters, new for every delivery: the dedupe key. (WooCommerce's REST docs call
/// it `X-WC-Delivery-ID`; the code sends this name.)
pub const DELIVERY_ID: &str = "X-WC-Webhook-Delivery-ID";

const ALL_WC_HEADERS: &[&str] = &[SIGNATURE, TOPIC, SOURCE, RESOURCE, EVENT, WEBHOOK_ID, DELIVERY_ID];

/// What a genuine request to the WooCommerce endpoint turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WooDelivery {
    /// The unsigned ping sent when webhook `webhook_id` was created: answer 200, store nothing.
    Ping { webhook_id: u64 },
    /// A signed event.
    Event(Delivery),
}

/// Verifies a WooCommerce request: the creation ping, or a signed delivery.
///
/// `secrets` holds the webhook's secret (several while rotating). The ping needs no secret —
/// it carries no data and changes nothing — so it is recognised before the secrets are
/// checked, and creating the webhook succeeds even before crossdock knows the secret.
///
/// Dedupe key: `X-WC-Webhook-Delivery-ID`. WooCommerce makes a new one per attempt, but as it
/// never retries, equal ids mean the same request arrived twice (a proxy or a manual resend).
pub fn verify(headers: &(impl Headers + ?Sized), body: &[u8], secrets: &[Key]) -> Result<WooDelivery, IngestError> {
    let Some(claimed) = header(headers, SIGNATURE) else {
        return match ping(headers, body) {
            Some(webhook_id) => Ok(WooDelivery::Ping { webhook_id }),
            None => Err(IngestError::MissingHeader(SIGNATURE)),
        };
    };
    check_secrets(Platform::WooCommerce, secrets)?;
    if !verify_any(secrets, &[body], claimed) {
        return Err(IngestError::BadSignature { platform: Platform::WooCommerce });
    }

    let topic = id_header(headers, TOPIC)?;
    let delivery_id = id_header(headers, DELIVERY_ID)?;
    let source = header(headers, SOURCE).map(|s| check_id(SOURCE, s).map(|()| s.to_owned())).transpose()?;
    Ok(WooDelivery::Event(Delivery {
        platform: Platform::WooCommerce,
        delivery_id: delivery_id.to_owned(),
        topic: Topic::from_woocommerce(topic),
        platform_topic: topic.to_owned(),
        source,
        event_id: None,
        api_version: None,
        triggered_at: None,
    }))
}

/// The webhook id if this is exactly the creation ping: body `webhook_id=<digits>` and no
/// WooCommerce header at all (a request with some of them but no signature is a broken or
/// forged delivery, not a ping).
fn ping(headers: &(impl Headers + ?Sized), body: &[u8]) -> Option<u64> {
    if ALL_WC_HEADERS.iter().any(|h| headers.get(h).is_some()) {
        return None;
    }
    let digits = body.strip_prefix(b"webhook_id=")?;
    if digits.is_empty() || digits.len() > 20 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}
