//! Platform payloads → the core's [`Order`] and [`ProductUpdate`].
//!
//! | function | payload |
//! | --- | --- |
//! | [`shopify_order`] | Shopify `orders/create`, `orders/updated`, `orders/paid`, `orders/cancelled` (REST order JSON) |
//! | [`woocommerce_order`] | WooCommerce `order.created`, `order.updated` (REST v3 order JSON) |
//! | [`generic_order`] | crossdock's own order JSON in a Standard Webhooks envelope ([`GenericOrder`]) |
//! | [`shopify_product`] | Shopify `products/create`, `products/update` |
//!
//! Rules shared by all of them:
//! - Money is never read from a JSON number. Shopify and WooCommerce send decimal strings,
//!   which [`decimal`] turns into exact minor units of the order's currency; a money field that
//!   arrives as a number is refused, naming the field. (WooCommerce's line `price` is a float,
//!   so it is ignored: the line's `subtotal` string is used instead.) crossdock's own shape
//!   uses the contract's integer [`Money`](crossdock_types::Money).
//! - Countries and currencies are validated codes; a bad one is refused with the path of the
//!   field (`shipping_address.country_code: …`).
//! - An order without a shipping address is refused with [`NormalizeError::NoShippingAddress`]
//!   — for a digital-only order that means "nothing to ship", which the worker may treat as
//!   done rather than failed.
//! - Every line that ships must have a SKU: it keys the catalog (HS code, origin) and stock.
//! - Payload fields crossdock does not use are ignored, so platforms can add fields freely.

pub mod decimal;
mod generic;
mod shopify;
mod woocommerce;

#[cfg(test)]
mod tests;

use std::fmt;

use crossdock_types::{CountryCode, CurrencyCode, Money, Timestamp};
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};

use super::model::{Order, Platform, ProductUpdate};

pub use generic::{GenericEnvelope, GenericLine, GenericOrder};
pub use shopify::REQUIRED as SHOPIFY_REQUIRED_FIELDS;

/// Maps a Shopify order payload (`orders/*` webhooks) onto [`Order`].
pub fn shopify_order(body: &[u8]) -> Result<Order, NormalizeError> {
    shopify::order(body)
}

/// Maps a WooCommerce order payload (`order.*` webhooks, REST v3 shape) onto [`Order`].
pub fn woocommerce_order(body: &[u8]) -> Result<Order, NormalizeError> {
    woocommerce::order(body)
}

/// Maps crossdock's own order JSON ([`GenericEnvelope`] holding a [`GenericOrder`]) onto
/// [`Order`]. This is the shape Standard Webhooks senders post.
pub fn generic_order(body: &[u8]) -> Result<Order, NormalizeError> {
    generic::order(body)
}

/// One catalog update per variant with a SKU, from a Shopify product payload.
pub fn shopify_product(body: &[u8]) -> Result<Vec<ProductUpdate>, NormalizeError> {
    shopify::product(body)
}

/// Why a payload could not be normalised. The messages name the field and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NormalizeError {
    #[error("the {platform} payload is not JSON: {problem}")]
    NotJson { platform: Platform, problem: String },
    #[error("{path}: {problem} (in the {platform} payload)")]
    Field { platform: Platform, path: String, problem: String },
    /// Every needed field the payload lacks, named at once so one fix at the source does.
    #[error(
        "the {platform} payload lacks {} crossdock needs: {}; send them (README \"Webhooks\" lists every field read)",
        if fields.len() == 1 { "a field" } else { "fields" },
        fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
    )]
    Missing { platform: Platform, fields: Vec<String> },
    #[error("{platform} order {order} has no shipping address: nothing to ship")]
    NoShippingAddress { platform: Platform, order: String },
    #[error("{platform} order {order} has no line items: nothing to ship")]
    NoLines { platform: Platform, order: String },
}

impl NormalizeError {
    pub(crate) fn field(platform: Platform, path: impl Into<String>, problem: impl fmt::Display) -> Self {
        NormalizeError::Field { platform, path: path.into(), problem: problem.to_string() }
    }
}

/// Parses `body` into `T`, turning serde's complaints into errors that carry the field path.
pub(crate) fn parse<T: DeserializeOwned>(platform: Platform, body: &[u8]) -> Result<T, NormalizeError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() || inner.is_io() {
            NormalizeError::NotJson { platform, problem: inner.to_string() }
        } else {
            let path = if path == "." { "(top level)".to_owned() } else { path };
            NormalizeError::field(platform, path, inner)
        }
    })?;
    de.end().map_err(|e| NormalizeError::NotJson { platform, problem: e.to_string() })?;
    Ok(value)
}

/// A money amount as a platform sends it: decimal text. Deserialising a JSON number into it
/// fails, naming the field, because floats cannot hold money exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecimalText(pub String);

impl<'de> Deserialize<'de> for DecimalText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = DecimalText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal string such as \"19.99\" (crossdock never reads money from a JSON number)")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<DecimalText, E> {
                Ok(DecimalText(s.to_owned()))
            }
        }
        d.deserialize_str(Text)
    }
}

impl DecimalText {
    /// The amount in `currency`, or an error naming `path`.
    pub(crate) fn money(
        &self,
        platform: Platform,
        path: &str,
        currency: CurrencyCode,
    ) -> Result<Money, NormalizeError> {
        decimal::to_money(&self.0, currency).map_err(|e| NormalizeError::field(platform, path, e))
    }
}

/// A platform id: a JSON integer (Shopify, WooCommerce) or a string, kept as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExternalId(pub String);

impl<'de> Deserialize<'de> for ExternalId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Id;
        impl Visitor<'_> for Id {
            type Value = ExternalId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id: a non-negative integer or a non-empty string")
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<ExternalId, E> {
                Ok(ExternalId(n.to_string()))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<ExternalId, E> {
                u64::try_from(n)
                    .map(|n| ExternalId(n.to_string()))
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(n), &self))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<ExternalId, E> {
                if s.trim().is_empty() {
                    return Err(E::invalid_value(de::Unexpected::Str(s), &self));
                }
                Ok(ExternalId(s.to_owned()))
            }
        }
        d.deserialize_any(Id)
    }
}

/// A currency code field, validated.
pub(crate) fn currency(platform: Platform, path: &str, code: &str) -> Result<CurrencyCode, NormalizeError> {
    code.parse().map_err(|e| NormalizeError::field(platform, path, e))
}

/// A country code field, validated; missing or empty is an error too.
pub(crate) fn country(platform: Platform, path: &str, code: Option<&str>) -> Result<CountryCode, NormalizeError> {
    match code.map(str::trim) {
        None | Some("") => Err(NormalizeError::field(platform, path, "missing; the destination country is required")),
        Some(code) => code.parse().map_err(|e| NormalizeError::field(platform, path, e)),
    }
}

/// An RFC 3339 date-time field. A date-time without an offset (WooCommerce's `*_gmt` fields)
/// is read as UTC only when `assume_utc` is set.
pub(crate) fn timestamp(
    platform: Platform,
    path: &str,
    text: &str,
    assume_utc: bool,
) -> Result<Timestamp, NormalizeError> {
    let parsed = text.parse::<Timestamp>().or_else(|e| if assume_utc { format!("{text}Z").parse() } else { Err(e) });
    parsed.map_err(|_| {
        let example = if assume_utc { "2026-11-24T13:32:07 (UTC)" } else { "2026-11-24T13:32:07+01:00" };
        NormalizeError::field(platform, path, format!("`{text}` is not an RFC 3339 date-time such as {example}"))
    })
}

/// Trimmed text, `None` when absent or blank.
pub(crate) fn text(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// `first last`, either may be missing.
pub(crate) fn full_name(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let parts: Vec<String> = [first, last].into_iter().filter_map(text).collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// `subtotal ÷ quantity`, exact when it divides and otherwise rounded half away from zero (see
/// [`OrderLine`](super::model::OrderLine) on why `subtotal` stays authoritative).
pub(crate) fn unit_price(
    platform: Platform,
    path: &str,
    subtotal: Money,
    quantity: u32,
) -> Result<Money, NormalizeError> {
    subtotal.ratio(1, i128::from(quantity)).map_err(|e| NormalizeError::field(platform, path, e))
}

/// Refuses a negative amount (`path` names the field).
pub(crate) fn not_negative(platform: Platform, path: &str, money: Money) -> Result<Money, NormalizeError> {
    if money.amount < 0 {
        return Err(NormalizeError::field(platform, path, format!("{money} is negative")));
    }
    Ok(money)
}
