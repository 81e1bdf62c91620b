//! Shopify REST order and product payloads → the core model.
//!
//! Orders: amounts are the shop-currency decimal strings (`price`, `total_price`, …) in the
//! order's `currency`; the `*_set.presentment_money` copies in the customer's currency are not
//! read. A line's unit price is `price` (before discounts), its discount the sum of its
//! `discount_allocations`. Shipping paid is the sum of `shipping_lines[].discounted_price`
//! (falling back to `price`). `name` (`#1001`) is the number people see.
//!
//! Before anything is read, [`missing_fields`] lists every field the order needs that the
//! payload lacks (or sends as `null`), so that one refusal names them all — the list in
//! [`REQUIRED`] and README "Webhooks".
//!
//! Products: `harmonized_system_code`, `country_code_of_origin` and `grams` are read from each
//! variant when the payload carries them. Recent API versions keep HS code and origin on the
//! inventory item instead, so they are often absent here (`None`: "not said", not "cleared").

use crossdock_types::{Address, CurrencyCode, Money};
use serde::Deserialize;

use super::{DecimalText, ExternalId, NormalizeError, country, currency, full_name, parse, text, timestamp};
use crate::pipeline::model::{Order, OrderLine, Platform, ProductUpdate};

const P: Platform = Platform::Shopify;

#[derive(Deserialize)]
struct ShopifyOrder {
    id: ExternalId,
    name: Option<String>,
    order_number: Option<u64>,
    email: Option<String>,
    contact_email: Option<String>,
    created_at: String,
    currency: String,
    total_price: DecimalText,
    total_tax: Option<DecimalText>,
    taxes_included: Option<bool>,
    cancelled_at: Option<String>,
    line_items: Vec<ShopifyLine>,
    #[serde(default)]
    shipping_lines: Vec<ShopifyShippingLine>,
    shipping_address: Option<ShopifyAddress>,
}

#[derive(Deserialize)]
struct ShopifyLine {
    id: ExternalId,
    sku: Option<String>,
    name: Option<String>,
    title: Option<String>,
    quantity: u32,
    price: DecimalText,
    grams: Option<u32>,
    requires_shipping: Option<bool>,
    #[serde(default)]
    discount_allocations: Vec<ShopifyDiscountAllocation>,
}

#[derive(Deserialize)]
struct ShopifyDiscountAllocation {
    amount: DecimalText,
}

#[derive(Deserialize)]
struct ShopifyShippingLine {
    price: DecimalText,
    discounted_price: Option<DecimalText>,
}

#[derive(Deserialize)]
struct ShopifyAddress {
    name: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    company: Option<String>,
    address1: Option<String>,
    address2: Option<String>,
    city: Option<String>,
    province_code: Option<String>,
    province: Option<String>,
    zip: Option<String>,
    country_code: Option<String>,
    phone: Option<String>,
}

/// The fields of an order payload crossdock cannot do without, as paths; `[]` is every
/// element of a list. A line's `sku` and the address's `country_code` are needed too, checked
/// in `missing_fields` (a line that does not ship needs no SKU; an order without an address
/// has nothing to ship).
pub const REQUIRED: &[&str] = &[
    "id",
    "created_at",
    "currency",
    "total_price",
    "line_items",
    "line_items[].id",
    "line_items[].quantity",
    "line_items[].price",
    "line_items[].sku (when requires_shipping is not false)",
    "shipping_lines[].price",
    "shipping_address.country_code (when shipping_address is present)",
];

/// Every needed field `order` lacks or sends as `null`, as paths (`line_items[1].price`).
fn missing_fields(order: &serde_json::Map<String, serde_json::Value>) -> Vec<String> {
    use serde_json::Value;
    let absent = |object: &serde_json::Map<String, Value>, key: &str| object.get(key).is_none_or(Value::is_null);
    let mut missing: Vec<String> = ["id", "created_at", "currency", "total_price", "line_items"]
        .into_iter()
        .filter(|key| absent(order, key))
        .map(str::to_owned)
        .collect();
    if let Some(Value::Array(lines)) = order.get("line_items") {
        for (i, line) in lines.iter().enumerate() {
            let Value::Object(line) = line else { continue };
            let ships = line.get("requires_shipping").and_then(Value::as_bool).unwrap_or(true);
            let sku_blank = line.get("sku").and_then(Value::as_str).is_none_or(|s| s.trim().is_empty());
            for key in ["id", "quantity", "price"] {
                if absent(line, key) {
                    missing.push(format!("line_items[{i}].{key}"));
                }
            }
            if ships && sku_blank {
                missing.push(format!("line_items[{i}].sku"));
            }
        }
    }
    if let Some(Value::Array(shipping)) = order.get("shipping_lines") {
        for (i, line) in shipping.iter().enumerate() {
            if let Value::Object(line) = line
                && absent(line, "price")
            {
                missing.push(format!("shipping_lines[{i}].price"));
            }
        }
    }
    if let Some(Value::Object(address)) = order.get("shipping_address")
        && address.get("country_code").and_then(Value::as_str).is_none_or(|s| s.trim().is_empty())
    {
        missing.push("shipping_address.country_code".to_owned());
    }
    missing
}

pub(super) fn order(body: &[u8]) -> Result<Order, NormalizeError> {
    if let Ok(serde_json::Value::Object(raw)) = serde_json::from_slice::<serde_json::Value>(body) {
        let fields = missing_fields(&raw);
        if !fields.is_empty() {
            return Err(NormalizeError::Missing { platform: P, fields });
        }
    }
    let o: ShopifyOrder = parse(P, body)?;
    let order_id = o.id.0;
    let currency = currency(P, "currency", &o.currency)?;
    let Some(address) = o.shipping_address else {
        return Err(NormalizeError::NoShippingAddress { platform: P, order: order_id });
    };
    if o.line_items.is_empty() {
        return Err(NormalizeError::NoLines { platform: P, order: order_id });
    }
    let email = text(o.email.as_deref()).or_else(|| text(o.contact_email.as_deref()));
    let ship_to = ship_to(address, email.clone())?;

    let lines = o
        .line_items
        .into_iter()
        .enumerate()
        .map(|(i, line)| order_line(i, line, currency))
        .collect::<Result<_, _>>()?;

    let mut shipping_paid = Money::zero(currency);
    for (i, s) in o.shipping_lines.iter().enumerate() {
        let (field, amount) = match &s.discounted_price {
            Some(discounted) => ("discounted_price", discounted),
            None => ("price", &s.price),
        };
        let path = format!("shipping_lines[{i}].{field}");
        let paid = amount.money(P, &path, currency)?;
        shipping_paid = shipping_paid.checked_add(paid).map_err(|e| NormalizeError::field(P, path, e))?;
    }
    let total_tax = match &o.total_tax {
        Some(tax) => tax.money(P, "total_tax", currency)?,
        None => Money::zero(currency),
    };

    Ok(Order {
        platform: P,
        number: text(o.name.as_deref()).or_else(|| o.order_number.map(|n| n.to_string())),
        external_id: order_id,
        currency,
        created_at: timestamp(P, "created_at", &o.created_at, false)?,
        email,
        ship_to,
        lines,
        shipping_paid,
        total_tax,
        prices_include_tax: o.taxes_included.unwrap_or(false),
        total: o.total_price.money(P, "total_price", currency)?,
        cancelled: o.cancelled_at.is_some_and(|t| !t.trim().is_empty()),
    })
}

fn order_line(i: usize, line: ShopifyLine, currency: CurrencyCode) -> Result<OrderLine, NormalizeError> {
    let at = |field: &str| format!("line_items[{i}].{field}");
    let requires_shipping = line.requires_shipping.unwrap_or(true);
    let sku = text(line.sku.as_deref());
    let sku = match (sku, requires_shipping) {
        (Some(sku), _) => sku,
        (None, false) => String::new(),
        (None, true) => {
            return Err(NormalizeError::field(
                P,
                at("sku"),
                "missing; give every variant that ships a SKU in Shopify so crossdock can find its HS code, \
                 origin and stock",
            ));
        }
    };
    if line.quantity == 0 {
        return Err(NormalizeError::field(P, at("quantity"), "0; a line must have at least one unit"));
    }
    let unit_price = line.price.money(P, &at("price"), currency)?;
    let subtotal =
        unit_price.checked_mul(i64::from(line.quantity)).map_err(|e| NormalizeError::field(P, at("price"), e))?;
    let mut discount = Money::zero(currency);
    for (j, d) in line.discount_allocations.iter().enumerate() {
        let path = at(&format!("discount_allocations[{j}].amount"));
        let amount = d.amount.money(P, &path, currency)?;
        discount = discount.checked_add(amount).map_err(|e| NormalizeError::field(P, path, e))?;
    }
    Ok(OrderLine {
        line_id: line.id.0,
        sku,
        title: text(line.name.as_deref()).or_else(|| text(line.title.as_deref())).unwrap_or_default(),
        quantity: line.quantity,
        unit_price,
        subtotal,
        discount,
        grams: line.grams,
        requires_shipping,
    })
}

fn ship_to(a: ShopifyAddress, email: Option<String>) -> Result<Address, NormalizeError> {
    let country = country(P, "shipping_address.country_code", a.country_code.as_deref())?;
    Ok(Address {
        name: text(a.name.as_deref()).or_else(|| full_name(a.first_name.as_deref(), a.last_name.as_deref())),
        company: text(a.company.as_deref()),
        street: [a.address1, a.address2].iter().filter_map(|s| text(s.as_deref())).collect(),
        city: text(a.city.as_deref()),
        region: text(a.province_code.as_deref()).or_else(|| text(a.province.as_deref())),
        postal_code: text(a.zip.as_deref()),
        country,
        phone: text(a.phone.as_deref()),
        email,
    })
}

#[derive(Deserialize)]
struct ShopifyProduct {
    title: Option<String>,
    #[serde(default)]
    variants: Vec<ShopifyVariant>,
}

#[derive(Deserialize)]
struct ShopifyVariant {
    id: Option<ExternalId>,
    sku: Option<String>,
    title: Option<String>,
    grams: Option<u32>,
    harmonized_system_code: Option<String>,
    country_code_of_origin: Option<String>,
}

pub(super) fn product(body: &[u8]) -> Result<Vec<ProductUpdate>, NormalizeError> {
    let p: ShopifyProduct = parse(P, body)?;
    let product_title = text(p.title.as_deref()).unwrap_or_default();
    let mut updates = Vec::new();
    // A variant without a SKU cannot key the catalog; it is left out.
    for (i, v) in p.variants.into_iter().enumerate() {
        let Some(sku) = text(v.sku.as_deref()) else { continue };
        let origin_country = match text(v.country_code_of_origin.as_deref()) {
            Some(code) => Some(country(P, &format!("variants[{i}].country_code_of_origin"), Some(&code))?),
            None => None,
        };
        let variant = text(v.title.as_deref()).filter(|t| t != "Default Title");
        let title = match (product_title.is_empty(), variant) {
            (false, Some(variant)) => format!("{product_title} - {variant}"),
            (true, Some(variant)) => variant,
            (_, None) => product_title.clone(),
        };
        updates.push(ProductUpdate {
            sku,
            title,
            variant_id: v.id.map(|id| id.0),
            hs_code: text(v.harmonized_system_code.as_deref()),
            origin_country,
            grams: v.grams,
        });
    }
    Ok(updates)
}
