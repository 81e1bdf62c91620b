//! The core's own order model: what every platform's order becomes after
//! [`normalize`](super::normalize), and what the rest of the pipeline works on.
//!
//! One order has one currency, and every [`Money`] in it is in that currency (normalisation
//! guarantees it). Amounts are integer minor units; none is negative. The JSON face (for the
//! inbox, the admin API and the audit log) is snake_case, with money, codes and timestamps as
//! in the plugin contract, and unknown keys refused.

use crossdock_types::{Address, CountryCode, CurrencyCode, Money, MoneyError, Timestamp};
use serde::{Deserialize, Serialize};

pub use crate::ingest::Platform;

/// An order, as the core sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = NormalisedOrder)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// Which storefront it came from.
    pub platform: Platform,
    /// The platform's id for the order (Shopify's `id`, WooCommerce's `id`), as text.
    pub external_id: String,
    /// The number people see (`#1001`, `4217`), when the platform has one.
    pub number: Option<String>,
    /// The currency of every amount in the order.
    pub currency: CurrencyCode,
    pub created_at: Timestamp,
    /// The customer's email, when given.
    pub email: Option<String>,
    /// Where the goods go.
    pub ship_to: Address,
    /// The order lines, in the platform's order.
    pub lines: Vec<OrderLine>,
    /// What the customer paid for shipping, after shipping discounts.
    pub shipping_paid: Money,
    /// All tax on the order (goods and shipping).
    pub total_tax: Money,
    /// Whether line prices and `shipping_paid` include tax: Shopify's `taxes_included`; always
    /// `false` for WooCommerce, whose line subtotals and `shipping_total` are net of tax.
    pub prices_include_tax: bool,
    /// What the customer paid in all.
    pub total: Money,
    /// Whether the order was cancelled.
    pub cancelled: bool,
}

impl Order {
    /// The lines that need shipping (Shopify marks digital goods and gift cards otherwise).
    pub fn lines_to_ship(&self) -> impl Iterator<Item = &OrderLine> {
        self.lines.iter().filter(|l| l.requires_shipping)
    }

    /// The value of the goods after line discounts: Σ (subtotal − discount).
    pub fn goods_paid(&self) -> Result<Money, MoneyError> {
        self.lines.iter().try_fold(Money::zero(self.currency), |sum, line| sum.checked_add(line.paid()?))
    }
}

/// One order line.
///
/// `subtotal` is authoritative. `unit_price` is `subtotal ÷ quantity`; when a platform's line
/// subtotal does not divide into whole minor units (WooCommerce: 3 × a 4.00 gross price at
/// 20 % tax is a net subtotal of 10.00), the unit price is rounded half away from zero and
/// `unit_price × quantity` differs from `subtotal` by less than `quantity` minor units.
/// Sums of money (customs value, invoices) use `subtotal`, never `unit_price × quantity`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderLine {
    /// The platform's id for the line, as text.
    pub line_id: String,
    /// The SKU that keys the merchant's catalog (HS code, origin) and stock.
    pub sku: String,
    pub title: String,
    /// At least 1.
    pub quantity: u32,
    /// The price of one unit before discounts; see the type's docs on rounding.
    pub unit_price: Money,
    /// The whole line before discounts, exactly as the platform computed it.
    pub subtotal: Money,
    /// The part of the order's discounts that falls on this line (whole line, not per unit).
    pub discount: Money,
    /// The weight of one unit, when the platform sends it.
    pub grams: Option<u32>,
    /// Whether the line ships at all.
    pub requires_shipping: bool,
}

impl OrderLine {
    /// What the customer paid for the line: subtotal − discount.
    pub fn paid(&self) -> Result<Money, MoneyError> {
        self.subtotal.checked_sub(self.discount)
    }

    /// What the customer paid for one unit, after discounts, rounded half away from zero; the
    /// undiscounted unit price when that cannot be computed.
    pub fn unit_paid(&self) -> Money {
        self.paid().and_then(|p| p.ratio(1, i128::from(self.quantity.max(1)))).unwrap_or(self.unit_price)
    }
}

/// A catalog update for one SKU, from a product webhook (Shopify `products/update`,
/// `products/create`). `None` means the payload did not say, not "clear it".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductUpdate {
    pub sku: String,
    /// The product title, with the variant's title when it has a real one (`Tee - M`).
    pub title: String,
    /// The platform's id for the variant.
    pub variant_id: Option<String>,
    /// As the merchant typed it; customs plugins validate HS codes and report bad ones.
    pub hs_code: Option<String>,
    pub origin_country: Option<CountryCode>,
    /// The weight of one unit.
    pub grams: Option<u32>,
}
