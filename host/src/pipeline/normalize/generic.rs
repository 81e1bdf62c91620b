//! crossdock's own order JSON, for storefronts that sign the Standard Webhooks way.
//!
//! The body is the Standard Webhooks envelope, its `type` one of crossdock's topics
//! (`order.created`, `order.updated`, `order.paid`, `order.cancelled`), its `data` a
//! [`GenericOrder`]. Keys are snake_case; money is the plugin contract's JSON face, integer
//! minor units with a currency (`{"amount": 1999, "currency": "EUR"}`), and every amount must be
//! in the order's `currency` and not negative; the address is the contract's `Address`. Inside
//! `data`, unknown keys are refused so that a typo never passes silently; the envelope may
//! carry extra keys.
//!
//! ```json
//! {
//!   "type": "order.created",
//!   "timestamp": "2026-11-24T13:32:11Z",
//!   "data": {
//!     "id": "A-1001",
//!     "number": "#1001",
//!     "currency": "EUR",
//!     "created_at": "2026-11-24T13:32:07Z",
//!     "email": "camille@example.fr",
//!     "ship_to": {
//!       "name": "Camille Béranger",
//!       "street": ["12 rue de la République"],
//!       "city": "Lyon",
//!       "postal_code": "69002",
//!       "country": "FR"
//!     },
//!     "lines": [
//!       {
//!         "id": "1",
//!         "sku": "TEE-M",
//!         "title": "T-shirt Crossdock - M",
//!         "quantity": 2,
//!         "unit_price": {"amount": 1999, "currency": "EUR"},
//!         "grams": 180
//!       }
//!     ],
//!     "shipping_paid": {"amount": 800, "currency": "EUR"},
//!     "total_tax": {"amount": 960, "currency": "EUR"},
//!     "total": {"amount": 5758, "currency": "EUR"}
//!   }
//! }
//! ```
//!
//! Optional: `number`, `email`, `total_tax` (zero), `prices_include_tax` (`false`),
//! `cancelled` (`false`), and per line `discount` (zero; the whole line's share of discounts),
//! `grams`, `requires_shipping` (`true`). `ship_to` may be left out only by an order with
//! nothing to ship, which is then refused as such.
//!
//! README "The generic order (Standard Webhooks)" documents every field for senders; a test in
//! `tests.rs` fails when a field of [`GenericOrder`] or [`GenericLine`] is missing there.

use crossdock_types::{Address, CurrencyCode, Money, Timestamp};
use serde::{Deserialize, Serialize};

use super::{NormalizeError, not_negative, parse};
use crate::pipeline::model::{Order, OrderLine, Platform};

const P: Platform = Platform::Standard;

/// The Standard Webhooks payload envelope around a [`GenericOrder`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenericEnvelope {
    /// The topic, such as `order.created`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When the event happened (RFC 3339), if the sender says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    pub data: GenericOrder,
}

/// An order in crossdock's own JSON shape (see the module docs for an example).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericOrder {
    /// The sender's id for the order.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub currency: CurrencyCode,
    pub created_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<Address>,
    pub lines: Vec<GenericLine>,
    pub shipping_paid: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_tax: Option<Money>,
    #[serde(default)]
    pub prices_include_tax: bool,
    pub total: Money,
    #[serde(default)]
    pub cancelled: bool,
}

/// One line of a [`GenericOrder`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericLine {
    pub id: String,
    pub sku: String,
    pub title: String,
    pub quantity: u32,
    /// One unit, before discounts.
    pub unit_price: Money,
    /// The whole line's share of the order's discounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Money>,
    /// One unit's weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grams: Option<u32>,
    #[serde(default = "yes")]
    pub requires_shipping: bool,
}

fn yes() -> bool {
    true
}

pub(super) fn order(body: &[u8]) -> Result<Order, NormalizeError> {
    let envelope: GenericEnvelope = parse(P, body)?;
    let o = envelope.data;
    if o.id.trim().is_empty() {
        return Err(NormalizeError::field(P, "data.id", "empty; the order needs the sender's id"));
    }
    let Some(ship_to) = o.ship_to else {
        return Err(NormalizeError::NoShippingAddress { platform: P, order: o.id });
    };
    if o.lines.is_empty() {
        return Err(NormalizeError::NoLines { platform: P, order: o.id });
    }
    let currency = o.currency;
    let lines =
        o.lines.into_iter().enumerate().map(|(i, line)| order_line(i, line, currency)).collect::<Result<_, _>>()?;
    Ok(Order {
        platform: P,
        external_id: o.id,
        number: o.number,
        currency,
        created_at: o.created_at,
        email: o.email,
        ship_to,
        lines,
        shipping_paid: amount("data.shipping_paid", o.shipping_paid, currency)?,
        total_tax: amount("data.total_tax", o.total_tax.unwrap_or(Money::zero(currency)), currency)?,
        prices_include_tax: o.prices_include_tax,
        total: amount("data.total", o.total, currency)?,
        cancelled: o.cancelled,
    })
}

fn order_line(i: usize, line: GenericLine, currency: CurrencyCode) -> Result<OrderLine, NormalizeError> {
    let at = |field: &str| format!("data.lines[{i}].{field}");
    if line.requires_shipping && line.sku.trim().is_empty() {
        return Err(NormalizeError::field(P, at("sku"), "empty; every line that ships needs the SKU of the catalog"));
    }
    if line.quantity == 0 {
        return Err(NormalizeError::field(P, at("quantity"), "0; a line must have at least one unit"));
    }
    let unit_price = amount(&at("unit_price"), line.unit_price, currency)?;
    let subtotal =
        unit_price.checked_mul(i64::from(line.quantity)).map_err(|e| NormalizeError::field(P, at("unit_price"), e))?;
    let discount = amount(&at("discount"), line.discount.unwrap_or(Money::zero(currency)), currency)?;
    if discount.amount > subtotal.amount {
        return Err(NormalizeError::field(P, at("discount"), format!("{discount} is more than the line's {subtotal}")));
    }
    Ok(OrderLine {
        line_id: line.id,
        sku: line.sku,
        title: line.title,
        quantity: line.quantity,
        unit_price,
        subtotal,
        discount,
        grams: line.grams,
        requires_shipping: line.requires_shipping,
    })
}

/// An amount of the order: in its currency and not negative.
fn amount(path: &str, money: Money, currency: CurrencyCode) -> Result<Money, NormalizeError> {
    if money.currency != currency {
        return Err(NormalizeError::field(
            P,
            format!("{path}.currency"),
            format!(
                "{} differs from the order's currency {currency}; every amount must be in {currency}",
                money.currency
            ),
        ));
    }
    not_negative(P, path, money)
}
