//! Webhook ingest, the request-path half: is this delivery genuine, fresh and complete, and
//! what is its dedupe key? Pure functions over a header lookup and the raw body bytes — no
//! HTTP framework, no I/O, and the clock handed in — so every rule is testable byte for byte.
//!
//! ```text
//!  headers + raw body ──▶ shopify::verify      ──▶ Delivery
//!                    └──▶ woocommerce::verify  ──▶ WooDelivery::{Ping, Event(Delivery)}
//!                    └──▶ standard::verify(now) ──▶ Delivery
//! ```
//!
//! The handler passes the body exactly as received: signatures cover the raw bytes, and
//! re-serialising parsed JSON, stripping a final newline or decoding escapes all break them
//! (the negative vectors in the tests are those bugs). On `Ok`, the handler writes the event
//! to the inbox under [`Delivery::dedupe_key`] and answers 2xx; on `Err`, it answers
//! [`IngestError::http_status`] with the error's message and stores nothing.
//!
//! The schemes, their sources and the known-answer vectors are in crossdock's shared data
//! (`webhooks/SIGNATURES.md`, read 2026-11-25); the vectors are copied to
//! `tests/fixtures/webhooks/`.

pub mod http;
pub mod shopify;
pub mod signature;
pub mod standard;
pub mod woocommerce;

#[cfg(test)]
mod tests;

use std::fmt;

use crossdock_types::Timestamp;

/// The longest delivery id, topic or source accepted, in bytes. Real ones are far shorter; a
/// longer one is refused instead of being stored as a key.
pub const MAX_HEADER_LEN: usize = 512;

/// Case-insensitive header access, so that handlers can adapt whatever map their HTTP
/// framework uses (axum's `HeaderMap` needs a three-line impl) and tests can use slices.
pub trait Headers {
    /// The value of the first header called `name`, compared ASCII-case-insensitively, if it is
    /// present and valid text. HTTP/2 sends every name in lower case.
    fn get(&self, name: &str) -> Option<&str>;
}

impl Headers for [(&str, &str)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
    }
}

impl<const N: usize> Headers for [(&str, &str); N] {
    fn get(&self, name: &str) -> Option<&str> {
        Headers::get(self.as_slice(), name)
    }
}

impl Headers for [(String, String)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl Headers for Vec<(String, String)> {
    fn get(&self, name: &str) -> Option<&str> {
        Headers::get(self.as_slice(), name)
    }
}

impl<H: Headers + ?Sized> Headers for &H {
    fn get(&self, name: &str) -> Option<&str> {
        (**self).get(name)
    }
}

pub use crate::domain::Platform;

/// What happened, in crossdock's terms. Each platform's own topic name is mapped here; the
/// original is kept in [`Delivery::platform_topic`].
///
/// Standard Webhooks senders use crossdock's names directly (the `type` of the payload):
/// `order.created`, `order.updated`, `order.paid`, `order.cancelled`, `refund.created`,
/// `return.requested`, `product.updated`, `inventory.updated`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Topic {
    OrderCreated,
    OrderUpdated,
    OrderPaid,
    OrderCancelled,
    RefundCreated,
    ReturnRequested,
    /// A product was created or changed: catalog sync (SKU, HS code, origin, weight).
    ProductUpdated,
    InventoryUpdated,
    /// A genuine delivery on a topic crossdock does not act on; the handler decides whether to
    /// store it.
    Other(String),
}

impl Topic {
    /// From a Shopify topic such as `orders/create`.
    pub fn from_shopify(topic: &str) -> Topic {
        match topic {
            "orders/create" => Topic::OrderCreated,
            "orders/updated" => Topic::OrderUpdated,
            "orders/paid" => Topic::OrderPaid,
            "orders/cancelled" => Topic::OrderCancelled,
            "refunds/create" => Topic::RefundCreated,
            "returns/request" => Topic::ReturnRequested,
            "products/create" | "products/update" => Topic::ProductUpdated,
            "inventory_levels/update" => Topic::InventoryUpdated,
            other => Topic::Other(other.to_owned()),
        }
    }

    /// From a WooCommerce topic such as `order.created`. WooCommerce has no paid, refund or
    /// return topics of its own; those arrive as `order.updated`.
    pub fn from_woocommerce(topic: &str) -> Topic {
        match topic {
            "order.created" => Topic::OrderCreated,
            "order.updated" => Topic::OrderUpdated,
            "product.created" | "product.updated" => Topic::ProductUpdated,
            other => Topic::Other(other.to_owned()),
        }
    }

    /// From crossdock's own name, as Standard Webhooks senders write it.
    pub fn from_crossdock(topic: &str) -> Topic {
        match topic {
            "order.created" => Topic::OrderCreated,
            "order.updated" => Topic::OrderUpdated,
            "order.paid" => Topic::OrderPaid,
            "order.cancelled" => Topic::OrderCancelled,
            "refund.created" => Topic::RefundCreated,
            "return.requested" => Topic::ReturnRequested,
            "product.updated" => Topic::ProductUpdated,
            "inventory.updated" => Topic::InventoryUpdated,
            other => Topic::Other(other.to_owned()),
        }
    }

    /// crossdock's name for the topic (for [`Topic::Other`], the platform's name).
    pub fn as_str(&self) -> &str {
        match self {
            Topic::OrderCreated => "order.created",
            Topic::OrderUpdated => "order.updated",
            Topic::OrderPaid => "order.paid",
            Topic::OrderCancelled => "order.cancelled",
            Topic::RefundCreated => "refund.created",
            Topic::ReturnRequested => "return.requested",
            Topic::ProductUpdated => "product.updated",
            Topic::InventoryUpdated => "inventory.updated",
            Topic::Other(name) => name,
        }
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A delivery whose signature checked out, with what the inbox needs to store it once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub platform: Platform,
    /// The platform's id for this delivery; see [`Delivery::dedupe_key`] for how to use it.
    pub delivery_id: String,
    pub topic: Topic,
    /// The topic exactly as the platform named it (`orders/create`, `order.created`).
    pub platform_topic: String,
    /// Who sent it: the Shopify shop domain (`acme.myshopify.com`) or the WooCommerce site URL
    /// (`X-WC-Webhook-Source`). Not covered by any signature: use it to route or log, never to
    /// authorise.
    pub source: Option<String>,
    /// Shopify's `X-Shopify-Event-Id`: shared by every delivery one merchant action produced.
    pub event_id: Option<String>,
    /// The payload's API version (`X-Shopify-API-Version`).
    pub api_version: Option<String>,
    /// When the platform says it triggered (Shopify, `X-Shopify-Triggered-At`, unauthenticated)
    /// or sent (Standard Webhooks, `webhook-timestamp`, signed and checked) this delivery.
    pub triggered_at: Option<Timestamp>,
}

impl Delivery {
    /// The inbox key that makes retries and duplicates harmless: platform and delivery id.
    pub fn dedupe_key(&self) -> String {
        format!("{}:{}", self.platform.as_str(), self.delivery_id)
    }
}

/// Why a webhook request was refused. Each message says what was wrong and what to do; map it
/// to a response with [`IngestError::http_status`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    #[error(
        "the request has no `{0}` header: it was not sent by the platform this endpoint is for, or a proxy \
         removed the header; point the webhook at the endpoint of its own platform"
    )]
    MissingHeader(&'static str),
    #[error("header `{header}` is malformed: {problem}")]
    MalformedHeader { header: &'static str, problem: String },
    #[error(
        "the {platform} signature does not match the body: the secret configured in crossdock is not the \
         one the sender signs with, or the body was changed on the way (it must arrive byte for byte)"
    )]
    BadSignature { platform: Platform },
    #[error(
        "header `webhook-signature` has no `v1` entry (found: {found}); crossdock verifies `v1` (HMAC-SHA256) \
         signatures only: configure the sender to sign with a symmetric `whsec_` secret"
    )]
    NoSupportedSignature { found: String },
    #[error(
        "webhook-timestamp is too old: {age_secs} s before now, more than the {tolerance_secs} s allowed; \
         a replayed request, or the sender's or this server's clock is wrong"
    )]
    Stale { age_secs: i64, tolerance_secs: i64 },
    #[error(
        "webhook-timestamp is too new: {ahead_secs} s after now, more than the {tolerance_secs} s allowed; \
         the sender's or this server's clock is wrong (check NTP)"
    )]
    FromTheFuture { ahead_secs: i64, tolerance_secs: i64 },
    #[error("the body is not a Standard Webhooks payload: {0}; send {{\"type\": …, \"timestamp\": …, \"data\": …}}")]
    MalformedBody(String),
    #[error(
        "the configured {platform} secret is unusable: {problem}; copy the secret again from the sender's \
         settings into crossdock's configuration"
    )]
    MalformedSecret { platform: Platform, problem: String },
    #[error("no {0} secret is configured for this endpoint: add the webhook secret to crossdock's configuration")]
    NoSecret(Platform),
}

impl IngestError {
    /// The HTTP status to answer: 401 when the request could not be authenticated, 400 when it
    /// was authentic but incomplete, 500 when crossdock's own configuration is at fault (the
    /// sender retries those, which is right: nothing was stored).
    pub fn http_status(&self) -> u16 {
        match self {
            IngestError::MissingHeader(h) | IngestError::MalformedHeader { header: h, .. } => {
                if AUTH_HEADERS.iter().any(|a| a.eq_ignore_ascii_case(h)) { 401 } else { 400 }
            }
            IngestError::BadSignature { .. }
            | IngestError::NoSupportedSignature { .. }
            | IngestError::Stale { .. }
            | IngestError::FromTheFuture { .. } => 401,
            IngestError::MalformedBody(_) => 400,
            IngestError::MalformedSecret { .. } | IngestError::NoSecret(_) => 500,
        }
    }
}

/// Headers that authenticate a request: without them (or with them malformed) it is 401.
const AUTH_HEADERS: &[&str] =
    &[shopify::HMAC, woocommerce::SIGNATURE, standard::ID, standard::TIMESTAMP, standard::SIGNATURE];

/// The trimmed value of `name`, treating an empty value as absent.
pub(crate) fn header<'h>(headers: &'h (impl Headers + ?Sized), name: &str) -> Option<&'h str> {
    headers.get(name).map(str::trim).filter(|v| !v.is_empty())
}

/// Like [`header`], but required, printable ASCII and at most [`MAX_HEADER_LEN`] bytes: the
/// value becomes a key or a label.
pub(crate) fn id_header<'h>(headers: &'h (impl Headers + ?Sized), name: &'static str) -> Result<&'h str, IngestError> {
    let value = header(headers, name).ok_or(IngestError::MissingHeader(name))?;
    check_id(name, value)?;
    Ok(value)
}

/// Checks that an id-like header value is short printable ASCII.
pub(crate) fn check_id(name: &'static str, value: &str) -> Result<(), IngestError> {
    if value.len() > MAX_HEADER_LEN {
        return Err(IngestError::MalformedHeader {
            header: name,
            problem: format!("it is {} bytes long, more than the {MAX_HEADER_LEN} accepted", value.len()),
        });
    }
    if !value.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        return Err(IngestError::MalformedHeader {
            header: name,
            problem: "it holds control or non-ASCII characters".to_owned(),
        });
    }
    Ok(())
}

/// Refuses an empty list or an empty secret: HMAC with an empty key is still HMAC, and would
/// accept anyone who guessed that nothing was configured.
pub(crate) fn check_secrets(platform: Platform, secrets: &[signature::Key]) -> Result<(), IngestError> {
    if secrets.is_empty() {
        return Err(IngestError::NoSecret(platform));
    }
    if secrets.iter().any(signature::Key::is_empty) {
        return Err(IngestError::MalformedSecret { platform, problem: "it is empty".to_owned() });
    }
    Ok(())
}

/// Checks and normalises the shop domain of a storefront connection (lowercase, trimmed),
/// per platform, so that one shop has one spelling and so one owner:
///
/// - Shopify: the shop's permanent `*.myshopify.com` domain (what `X-Shopify-Shop-Domain`
///   carries), `^[a-z0-9][a-z0-9-]*\.myshopify\.com$`.
/// - WooCommerce and Standard Webhooks: optional, a plain host name (the site's domain, as in
///   WooCommerce's `X-WC-Webhook-Source` without scheme or path), never a `myshopify.com` one:
///   those belong to Shopify shops.
pub fn normalize_shop_domain(platform: Platform, domain: &str) -> Result<String, String> {
    let d = domain.trim().to_ascii_lowercase();
    if platform == Platform::Shopify {
        let ok = d.strip_suffix(".myshopify.com").is_some_and(|shop| {
            shop.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
                && shop.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
        return if ok {
            Ok(d)
        } else {
            Err(format!(
                "shop_domain `{domain}` is not a Shopify shop domain: use the shop's permanent \
                 `<name>.myshopify.com` domain (letters, digits and `-`), as sent in X-Shopify-Shop-Domain"
            ))
        };
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if d.len() > 253 || !d.contains('.') || !d.split('.').all(label_ok) {
        return Err(format!(
            "shop_domain `{domain}` must be the shop's host name (e.g. shop.example.com), without scheme, port or path"
        ));
    }
    if d == "myshopify.com" || d.ends_with(".myshopify.com") {
        return Err(format!("shop_domain `{domain}` is a Shopify shop domain; only a Shopify connection may claim it"));
    }
    Ok(d)
}
