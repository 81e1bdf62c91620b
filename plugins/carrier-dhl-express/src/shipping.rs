//! Labels: `POST /shipments` books the shipment (HTTP 201) and returns the waybill number and
//! the label image, base64, in `documents[]` (CARRIERS.md §1.3).
//!
//! The request carries both parties with DHL's required contact details, the parcels, and —
//! when the goods cross a customs border — an export declaration built from the shipment's
//! items (description, unit price, quantity, HS code, country of manufacture, weight), with
//! the shipment id as invoice number. No courier collection is booked (`pickup.isRequested`
//! false): the merchant books pickups with DHL separately. The label's price is DHL's
//! `shipmentCharges[]` entry in the billing currency (`BILLC`), asked for with
//! `getRateEstimates: true`.

use crossdock_sdk::carrier::{
    self, ApiRequest, decode_base64, label_format_from_name, parse_money, sniff_label_format,
};
use crossdock_sdk::prelude::*;

use crate::api::{self, Operation};
use crate::config::{Checked, ShipperContact};
use crate::lane;
use crate::rating::CARRIER;
use crate::wire::{
    Account, CommodityCode, Contact, Content, ExportDeclaration, ImageOption, Invoice, LineItem, LineWeight,
    OutputImageProperties, Party, Pickup, PostalAddress, Quantity, ShipmentParties, ShipmentRequest, ShipmentResponse,
};

/// How many characters of `content.description` are sent: a conservative cut, since the
/// field's exact limit in the 3.1.1 schema was not confirmed (read 2026-11-25); DHL prints it
/// on the waybill as the contents.
const DESCRIPTION_MAX: usize = 70;

/// Books the shipment and returns its label.
pub fn create_label(ctx: &Ctx, config: &Checked, request: &LabelRequest) -> Result<Label, CarrierError> {
    let body = shipment_request(ctx, config, request)?;
    let http = api::request(ctx, ApiRequest::post(config.url("/shipments")).json(&body)?)?;
    let url = http.url().to_owned();
    let response: ShipmentResponse = carrier::fetch_json(ctx, http, |r| api::error(r, &url, Operation::Label))?;
    label(ctx, config, request, &response)
}

/// The body of `POST /shipments`.
pub fn shipment_request(ctx: &Ctx, config: &Checked, request: &LabelRequest) -> Result<ShipmentRequest, CarrierError> {
    let shipment = &request.shipment;
    let service = request.service_code.trim();
    if service.is_empty() {
        return Err(CarrierError::InvalidRequest("no service code: pass a DHL product code such as `P`".into()));
    }
    let declarable = lane::customs_declarable(shipment);
    let (shipper, receiver) = if request.is_return {
        // A return travels from the buyer back to the warehouse, on the same account.
        (
            party(&shipment.destination, "buyer", None)?,
            party(&shipment.origin, "warehouse", Some(&config.config.shipper))?,
        )
    } else {
        (
            party(&shipment.origin, "origin", Some(&config.config.shipper))?,
            party(&shipment.destination, "destination", None)?,
        )
    };
    let (declared_value, declared_value_currency, export_declaration) = if declarable {
        let value = shipment.goods_value().map_err(|e| CarrierError::InvalidRequest(format!("goods value: {e}")))?;
        let declaration = ExportDeclaration {
            line_items: line_items(shipment)?,
            invoice: Invoice { number: shipment.id.clone(), date: lane::local_date(ctx.now(), config.origin_offset) },
            export_reason: if request.is_return { "Return of goods" } else { "Sale of goods" },
            export_reason_type: if request.is_return { "return" } else { "permanent" },
        };
        (Some(lane::amount(value)?), Some(value.currency.to_string()), Some(declaration))
    } else {
        (None, None, None)
    };
    Ok(ShipmentRequest {
        planned_shipping_date_and_time: lane::planned_shipping(ctx.now(), config.origin_offset),
        pickup: Pickup { is_requested: false },
        product_code: service.to_owned(),
        get_rate_estimates: true,
        accounts: vec![Account { type_code: "shipper", number: config.account()?.to_owned() }],
        customer_details: ShipmentParties { shipper_details: shipper, receiver_details: receiver },
        content: Content {
            packages: lane::packages(&request.parcels)?,
            is_customs_declarable: declarable,
            declared_value,
            declared_value_currency,
            export_declaration,
            description: description(shipment),
            incoterm: match shipment.incoterm {
                Incoterm::Ddp => "DDP",
                Incoterm::Dap => "DAP",
            },
            unit_of_measurement: "metric",
        },
        output_image_properties: OutputImageProperties {
            encoding_format: config.config.label_format.encoding_format(),
            image_options: vec![ImageOption { type_code: "label", is_requested: true }],
        },
    })
}

/// A party with DHL's required fields: street, city, a company name, a person's name and a
/// phone. Gaps in the warehouse's address are filled from the configured `shipper` contact.
fn party(address: &Address, which: &str, fallback: Option<&ShipperContact>) -> Result<Party, CarrierError> {
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
    let from_config = |pick: fn(&ShipperContact) -> &Option<String>| fallback.and_then(|c| text(pick(c)));
    let missing = |what: &str| {
        let hint = if fallback.is_some() { " (or set it under `shipper` in the configuration)" } else { "" };
        CarrierError::AddressRejected(format!("the {which} address has no {what}; DHL Express requires one{hint}"))
    };
    let lines: Vec<String> = address.street.iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect();
    let address_line1 = lines.first().cloned().ok_or_else(|| missing("street"))?;
    let address_line3 = (lines.len() > 2).then(|| lines[2..].join(", "));
    let city_name = text(&address.city).ok_or_else(|| missing("city"))?;
    let full_name = text(&address.name).or_else(|| from_config(|c| &c.full_name)).or_else(|| text(&address.company));
    let company_name =
        text(&address.company).or_else(|| from_config(|c| &c.company_name)).or_else(|| full_name.clone());
    let full_name = full_name.or_else(|| company_name.clone()).ok_or_else(|| missing("name"))?;
    let company_name = company_name.unwrap_or_else(|| full_name.clone());
    let phone = text(&address.phone).or_else(|| from_config(|c| &c.phone)).ok_or_else(|| missing("phone number"))?;
    Ok(Party {
        postal_address: PostalAddress {
            postal_code: address.postal_code.clone().unwrap_or_default(),
            city_name,
            country_code: address.country.to_string(),
            address_line1,
            address_line2: lines.get(1).cloned(),
            address_line3,
            province_code: text(&address.region),
        },
        contact_information: Contact {
            phone,
            company_name,
            full_name,
            email: text(&address.email).or_else(|| from_config(|c| &c.email)),
        },
    })
}

/// The export declaration's lines: one per item, with its unit price and line weight.
fn line_items(shipment: &Shipment) -> Result<Vec<LineItem>, CarrierError> {
    shipment
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let line_g = u64::from(item.unit_weight_g) * u64::from(item.quantity);
            let weight = lane::kilograms(line_g.max(1))?;
            let manufacturer = item.origin_country.unwrap_or(shipment.origin.country);
            let hs: String = item.hs_code.as_deref().unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
            Ok(LineItem {
                number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                description: item.title.trim().to_owned(),
                price: lane::amount(item.unit_price)?,
                quantity: Quantity { value: item.quantity, unit_of_measurement: "PCS" },
                commodity_codes: if hs.is_empty() {
                    Vec::new()
                } else {
                    vec![CommodityCode { type_code: "outbound", value: hs }]
                },
                manufacturer_country: manufacturer.to_string(),
                weight: LineWeight { net_value: weight.clone(), gross_value: weight },
            })
        })
        .collect()
}

/// `content.description`: the distinct item titles, cut to DHL's length limit.
fn description(shipment: &Shipment) -> String {
    let mut titles: Vec<&str> = Vec::new();
    for item in &shipment.items {
        let title = item.title.trim();
        if !title.is_empty() && !titles.contains(&title) {
            titles.push(title);
        }
    }
    let text = if titles.is_empty() { "Merchandise".to_owned() } else { titles.join(", ") };
    if text.chars().count() <= DESCRIPTION_MAX {
        return text;
    }
    let mut cut: String = text.chars().take(DESCRIPTION_MAX - 1).collect();
    cut.push('…');
    cut
}

/// The label in DHL's answer: the `label` document, decoded, with its format.
pub fn label(
    ctx: &Ctx,
    config: &Checked,
    request: &LabelRequest,
    response: &ShipmentResponse,
) -> Result<Label, CarrierError> {
    let tracking_number = response.shipment_tracking_number.trim();
    if tracking_number.is_empty() {
        return Err(CarrierError::BadResponse("DHL Express answered without a shipmentTrackingNumber".into()));
    }
    let document = response.documents.iter().find(|d| d.type_code.eq_ignore_ascii_case("label")).ok_or_else(|| {
        CarrierError::BadResponse(format!("DHL Express booked {tracking_number} but sent no `label` document"))
    })?;
    let data = decode_base64(&document.content)?;
    let format = document
        .image_format
        .as_deref()
        .and_then(label_format_from_name)
        .or_else(|| sniff_label_format(&data))
        .unwrap_or(config.config.label_format.format());
    let price = match response.shipment_charges.iter().find(|c| c.currency_type == "BILLC") {
        Some(charge) => {
            let code = charge.price_currency.as_deref().unwrap_or_default();
            let currency: CurrencyCode = code.parse().map_err(|_| {
                CarrierError::BadResponse(format!("DHL shipment charge: `{code}` is not an ISO 4217 currency"))
            })?;
            parse_money(charge.price.as_str(), currency)?
        }
        None => {
            ctx.warn(&format!("DHL Express sent no billing charge for {tracking_number}; the label's price is 0"));
            Money::zero(request.shipment.currency)
        }
    };
    Ok(Label {
        carrier: CARRIER.into(),
        service_code: request.service_code.trim().to_owned(),
        tracking_number: tracking_number.to_owned(),
        format,
        data,
        price,
    })
}
