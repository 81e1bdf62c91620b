//! WooCommerce REST v3 order payloads → the core model.
//!
//! WooCommerce serialises a line's `price` as a JSON **number** (a float: `19.99`, `14.5`) but
//! `subtotal`, `total` and the order totals as decimal **strings**. Only the strings are read:
//! - `subtotal` is the line before discounts, net of tax whatever `prices_include_tax` says
//!   (WooCommerce stores line amounts net and the tax beside them);
//! - the discount is `subtotal − total`;
//! - the unit price is `subtotal ÷ quantity`: exact when it divides into whole minor units,
//!   otherwise rounded half away from zero, with `subtotal` kept as the exact figure.
//!
//! The creation date is `date_created_gmt` (UTC without an offset); `date_created` is the
//! shop's local time with no offset and is not read. An order is cancelled when its `status`
//! is `cancelled`. A missing or blank `shipping` object (virtual goods) means no shipping
//! address.

use crossdock_types::{Address, CurrencyCode, Money};
use serde::Deserialize;

use super::{
    DecimalText, ExternalId, NormalizeError, country, currency, full_name, not_negative, parse, text, timestamp,
    unit_price,
};
use crate::pipeline::model::{Order, OrderLine, Platform};

const P: Platform = Platform::WooCommerce;

#[derive(Deserialize)]
struct WooOrder {
    id: ExternalId,
    number: Option<String>,
    status: Option<String>,
    currency: String,
    date_created_gmt: Option<String>,
    shipping_total: DecimalText,
    total: DecimalText,
    total_tax: Option<DecimalText>,
    billing: Option<WooAddress>,
    shipping: Option<WooAddress>,
    line_items: Vec<WooLine>,
}

#[derive(Deserialize)]
struct WooLine {
    id: ExternalId,
    name: Option<String>,
    quantity: u32,
    subtotal: Option<DecimalText>,
    total: Option<DecimalText>,
    sku: Option<String>,
}

#[derive(Deserialize)]
struct WooAddress {
    first_name: Option<String>,
    last_name: Option<String>,
    company: Option<String>,
    address_1: Option<String>,
    address_2: Option<String>,
    city: Option<String>,
    state: Option<String>,
    postcode: Option<String>,
    country: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

impl WooAddress {
    /// WooCommerce sends every field empty when there is no address.
    fn is_blank(&self) -> bool {
        [&self.first_name, &self.last_name, &self.company, &self.address_1, &self.city, &self.postcode, &self.country]
            .iter()
            .all(|f| text(f.as_deref()).is_none())
    }
}

pub(super) fn order(body: &[u8]) -> Result<Order, NormalizeError> {
    let o: WooOrder = parse(P, body)?;
    let order_id = o.id.0;
    let currency = currency(P, "currency", &o.currency)?;
    let shipping = match o.shipping {
        Some(address) if !address.is_blank() => address,
        _ => return Err(NormalizeError::NoShippingAddress { platform: P, order: order_id }),
    };
    if o.line_items.is_empty() {
        return Err(NormalizeError::NoLines { platform: P, order: order_id });
    }
    let email = o.billing.as_ref().and_then(|b| text(b.email.as_deref()));
    let ship_to = ship_to(shipping, email.clone())?;
    let lines = o
        .line_items
        .into_iter()
        .enumerate()
        .map(|(i, line)| order_line(i, line, currency))
        .collect::<Result<_, _>>()?;
    let created_at = match o.date_created_gmt.as_deref() {
        Some(t) => timestamp(P, "date_created_gmt", t, true)?,
        None => {
            return Err(NormalizeError::field(
                P,
                "date_created_gmt",
                "missing; the order's UTC creation time is required",
            ));
        }
    };
    let total_tax = match &o.total_tax {
        Some(tax) => tax.money(P, "total_tax", currency)?,
        None => Money::zero(currency),
    };

    Ok(Order {
        platform: P,
        number: text(o.number.as_deref()),
        external_id: order_id,
        currency,
        created_at,
        email,
        ship_to,
        lines,
        shipping_paid: o.shipping_total.money(P, "shipping_total", currency)?,
        total_tax,
        prices_include_tax: false,
        total: o.total.money(P, "total", currency)?,
        cancelled: o.status.as_deref() == Some("cancelled"),
    })
}

fn order_line(i: usize, line: WooLine, currency: CurrencyCode) -> Result<OrderLine, NormalizeError> {
    let at = |field: &str| format!("line_items[{i}].{field}");
    let Some(sku) = text(line.sku.as_deref()) else {
        return Err(NormalizeError::field(
            P,
            at("sku"),
            "missing; give every product that ships a SKU in WooCommerce so crossdock can find its HS code, origin \
             and stock",
        ));
    };
    if line.quantity == 0 {
        return Err(NormalizeError::field(P, at("quantity"), "0; a line must have at least one unit"));
    }
    let string_only = |field: &str| {
        NormalizeError::field(
            P,
            at(field),
            "missing; crossdock reads line money from the decimal strings `subtotal` and `total`, never from the \
             floating-point `price`",
        )
    };
    let subtotal =
        line.subtotal.as_ref().ok_or_else(|| string_only("subtotal"))?.money(P, &at("subtotal"), currency)?;
    let total = line.total.as_ref().ok_or_else(|| string_only("total"))?.money(P, &at("total"), currency)?;
    let discount = subtotal.checked_sub(total).map_err(|e| NormalizeError::field(P, at("total"), e))?;
    let discount = not_negative(P, &at("total"), discount).map_err(|_| {
        NormalizeError::field(P, at("total"), format!("{total} is more than the line's subtotal {subtotal}"))
    })?;
    Ok(OrderLine {
        line_id: line.id.0,
        sku,
        title: text(line.name.as_deref()).unwrap_or_default(),
        quantity: line.quantity,
        unit_price: unit_price(P, &at("subtotal"), subtotal, line.quantity)?,
        subtotal,
        discount,
        grams: None,
        requires_shipping: true,
    })
}

fn ship_to(a: WooAddress, email: Option<String>) -> Result<Address, NormalizeError> {
    let country = country(P, "shipping.country", a.country.as_deref())?;
    Ok(Address {
        name: full_name(a.first_name.as_deref(), a.last_name.as_deref()),
        company: text(a.company.as_deref()),
        street: [a.address_1, a.address_2].iter().filter_map(|s| text(s.as_deref())).collect(),
        city: text(a.city.as_deref()),
        region: text(a.state.as_deref()),
        postal_code: text(a.postcode.as_deref()),
        country,
        phone: text(a.phone.as_deref()),
        email,
    })
}
