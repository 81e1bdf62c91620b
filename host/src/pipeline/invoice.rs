//! The commercial invoice of a cross-border shipment: the document customs reads to see who
//! sells what to whom, for how much, made where, under which tariff codes.
//!
//! Built from the contract shipment and the customs assessment, stored with the shipment as
//! JSON (and rendered by whatever prints it). Amounts stay integer minor units.

use crossdock_types::{Assessment, Incoterm, Shipment};
use serde_json::{Value, json};

/// Who sells: the merchant, as printed on the invoice.
#[derive(Debug, Clone)]
pub struct Seller<'a> {
    pub merchant_id: &'a str,
    pub name: &'a str,
}

/// The invoice as JSON: `number`, `date`, `seller`, `ship_from`, `ship_to`, `incoterm`,
/// `currency`, `lines` (sku, description, hs_code, origin_country, quantity, unit_price,
/// total, unit_weight_g), `goods_total`, `shipping`, `duty`, `tax`, `gross_weight_g`.
pub fn commercial_invoice(seller: &Seller<'_>, shipment: &Shipment, assessment: &Assessment, date: &str) -> Value {
    let lines: Vec<Value> = shipment
        .items
        .iter()
        .map(|item| {
            let total = item.unit_price.checked_mul(i64::from(item.quantity)).map(|m| json!(m)).unwrap_or(Value::Null);
            json!({
                "sku": item.sku,
                "description": item.title,
                "hs_code": item.hs_code,
                "origin_country": item.origin_country,
                "quantity": item.quantity,
                "unit_price": item.unit_price,
                "total": total,
                "unit_weight_g": item.unit_weight_g,
            })
        })
        .collect();
    json!({
        "number": format!("CI-{}", shipment.id),
        "date": date,
        "seller": {"merchant_id": seller.merchant_id, "name": seller.name},
        "ship_from": shipment.origin,
        "ship_to": shipment.destination,
        "incoterm": match shipment.incoterm { Incoterm::Ddp => "DDP", Incoterm::Dap => "DAP" },
        "currency": shipment.currency,
        "lines": lines,
        "goods_total": shipment.goods_value().ok(),
        "shipping": shipment.shipping_cost,
        "duty": assessment.duty,
        "tax": assessment.tax,
        "tax_collected_at": assessment.collect,
        "gross_weight_g": shipment.weight_g(),
        "documents": assessment.documents,
    })
}
