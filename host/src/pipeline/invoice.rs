//! The commercial invoice of a cross-border shipment: the document customs reads to see who
//! sells what to whom, for how much, made where, under which tariff codes.
//!
//! Built from the contract shipment and the customs assessment, stored with the shipment as
//! JSON, answered by the admin API as this type (and rendered by whatever prints it). Amounts
//! stay integer minor units.

use crossdock_types::{Address, Assessment, CollectAt, CountryCode, CurrencyCode, Document, Incoterm, Money, Shipment};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who sells: the merchant, as printed on the invoice.
#[derive(Debug, Clone)]
pub struct Seller<'a> {
    pub merchant_id: &'a str,
    pub name: &'a str,
}

/// The commercial invoice of a shipment, built when customs assessed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CommercialInvoice {
    /// `CI-` and the shipment's id.
    pub number: String,
    /// YYYY-MM-DD: the day the order arrived.
    pub date: String,
    pub seller: InvoiceSeller,
    pub ship_from: Address,
    pub ship_to: Address,
    pub incoterm: Incoterm,
    pub currency: CurrencyCode,
    pub lines: Vec<InvoiceLine>,
    /// The value of the goods; null if it overflows.
    pub goods_total: Option<Money>,
    /// What the customer paid for shipping.
    pub shipping: Money,
    pub duty: Money,
    pub tax: Money,
    pub tax_collected_at: CollectAt,
    pub gross_weight_g: u64,
    /// Papers that must travel with the shipment.
    pub documents: Vec<Document>,
}

/// The seller printed on an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InvoiceSeller {
    pub merchant_id: String,
    pub name: String,
}

/// One line of goods on an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InvoiceLine {
    pub sku: String,
    pub description: String,
    /// As the catalog gives it; null when it has none.
    pub hs_code: Option<String>,
    pub origin_country: Option<CountryCode>,
    pub quantity: u32,
    pub unit_price: Money,
    /// `quantity × unit_price`; null if it overflows.
    pub total: Option<Money>,
    pub unit_weight_g: u32,
}

/// The invoice of `shipment` as `assessment` priced it, dated `date` (YYYY-MM-DD).
pub fn commercial_invoice(
    seller: &Seller<'_>,
    shipment: &Shipment,
    assessment: &Assessment,
    date: &str,
) -> CommercialInvoice {
    let lines = shipment
        .items
        .iter()
        .map(|item| InvoiceLine {
            sku: item.sku.clone(),
            description: item.title.clone(),
            hs_code: item.hs_code.clone(),
            origin_country: item.origin_country,
            quantity: item.quantity,
            unit_price: item.unit_price,
            total: item.unit_price.checked_mul(i64::from(item.quantity)).ok(),
            unit_weight_g: item.unit_weight_g,
        })
        .collect();
    CommercialInvoice {
        number: format!("CI-{}", shipment.id),
        date: date.to_owned(),
        seller: InvoiceSeller { merchant_id: seller.merchant_id.to_owned(), name: seller.name.to_owned() },
        ship_from: shipment.origin.clone(),
        ship_to: shipment.destination.clone(),
        incoterm: shipment.incoterm,
        currency: shipment.currency,
        lines,
        goods_total: shipment.goods_value().ok(),
        shipping: shipment.shipping_cost,
        duty: assessment.duty,
        tax: assessment.tax,
        tax_collected_at: assessment.collect,
        gross_weight_g: shipment.weight_g(),
        documents: assessment.documents.clone(),
    }
}
