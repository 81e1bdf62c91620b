//! Labels and voids: the Shipping request for a label, the label UPS returns, and the void.
//!
//! UPS needs more on a label than on a quote (UPS `Shipping.yaml`, read 2026-11-25): the
//! shipper's name, phone and street; the receiver's name and street; and when the parcel
//! crosses a border the receiver's phone and contact name and a description of the goods.
//! What the shipment lacks is refused here as `InvalidRequest` naming the field, before UPS
//! is asked. The shipper's name and phone fall back to the binding's `shipper_name` and
//! `shipper_phone`.
//!
//! Across a border the request carries a commercial invoice (`FormType` `01`, reason `SALE`,
//! or `RETURN` for a return; values from UPS's `InternationalForms` docs), its lines from the
//! shipment's items. Duties are billed to the shipper's account (`ShipmentCharge` type `02`)
//! when the shipment is DDP; otherwise UPS bills them to the receiver.
//!
//! A return label (`is_return`) is a UPS Print Return Label (`ReturnService` code `9`,
//! UPS-API/java-api-examples `shipping/docs/ShipmentReturnService.md`): the goods travel from
//! the shipment's origin (the buyer) to its destination (the merchant), and the merchant's
//! account pays, so the destination is also the `Shipper`.

use crossdock_sdk::carrier::{self, LocalDateTime};
use crossdock_sdk::prelude::*;

use crate::config::Config;
use crate::rating::CARRIER;
use crate::units;
use crate::wire::rating::{RequestHeader, TransactionReference};
use crate::wire::shipping::{
    FormContacts, InternationalForms, LabelSpecification, LabelStockSize, PaymentInformation, Product, ProductUnit,
    ShipEnvelope, ShipPackage, Shipment as UpsShipment, ShipmentRequest, ShipmentResults, ShipmentServiceOptions,
    VoidShipmentResponse,
};
use crate::wire::{self, Amount, BillShipper, CodeDescription, Party, Phone, RatingOptions, ShipmentCharge};

/// The URL path (below `/api`) of the shipping request.
pub const SHIP_PATH: &str = "/shipments/v2409/ship";

/// The URL path (below `/api`) that voids `shipment_number`.
pub fn void_path(shipment_number: &str) -> String {
    format!("/shipments/v2409/void/cancel/{}", carrier::percent_encode(shipment_number))
}

/// A crossdock address as UPS writes one.
pub fn address(a: &Address) -> wire::Address {
    let some = |s: &Option<String>| s.as_ref().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    wire::Address {
        address_line: a.street.iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect(),
        city: some(&a.city),
        state_province_code: some(&a.region),
        postal_code: some(&a.postal_code),
        country_code: a.country.as_str().to_owned(),
    }
}

/// Goods, their declared value and the invoice currency, for the customs invoice.
pub struct Goods {
    /// The shipment's goods value in the invoice currency.
    pub total: Amount,
    /// Each item's unit price, in the same currency and order as the shipment's items.
    pub unit_prices: Vec<Money>,
}

/// The shipping request for `request`, or `InvalidRequest` naming what is missing.
pub fn request(
    config: &Config,
    request: &LabelRequest,
    goods: &Goods,
    today: Timestamp,
) -> Result<ShipEnvelope, CarrierError> {
    let shipment = &request.shipment;
    let code = request.service_code.trim();
    if !config.offers(code) {
        return Err(CarrierError::InvalidRequest(format!(
            "UPS service `{code}` is not offered by this binding ({}); rate the shipment first",
            config.offered()
        )));
    }
    if request.parcels.is_empty() {
        return Err(CarrierError::InvalidRequest("the label request has no parcels".into()));
    }
    if request.parcels.len() > 1 && config.label_format.format() == LabelFormat::Png {
        return Err(CarrierError::InvalidRequest(format!(
            "a PNG holds one label, but the shipment has {} parcels; set `label_format` to `zpl`",
            request.parcels.len()
        )));
    }
    let international = shipment.origin.country != shipment.destination.country;
    // Outbound: the merchant ships from the origin. Return: the buyer sends from the origin
    // and the merchant, at the destination, pays.
    let merchant = if request.is_return { &shipment.destination } else { &shipment.origin };
    let shipper = Party {
        name: Some(required(
            name(merchant).or_else(|| config.shipper_name.clone()),
            "the shipper's name",
            "shipper_name",
        )?),
        attention_name: merchant.name.clone(),
        shipper_number: Some(config.account().to_owned()),
        phone: Some(Phone {
            number: required(
                phone(merchant).or_else(|| config.shipper_phone.clone()),
                "the shipper's phone",
                "shipper_phone",
            )?,
        }),
        address: with_street(merchant, "the shipper")?,
        ..Party::default()
    };
    // The merchant's own address may rely on the binding's name and phone; the buyer's may not.
    let fallback = |a: &Address| std::ptr::eq(a, merchant).then_some(config);
    let ship_from = party(&shipment.origin, "the sender", false, fallback(&shipment.origin))?;
    let ship_to = party(&shipment.destination, "the receiver", international, fallback(&shipment.destination))?;
    let mut charges = vec![bill("01", config)];
    if international && shipment.incoterm == Incoterm::Ddp {
        charges.push(bill("02", config));
    }
    let description = description(shipment)?;
    let forms = international.then(|| ShipmentServiceOptions {
        international_forms: InternationalForms {
            form_type: vec!["01".into()],
            invoice_number: shipment.id.clone(),
            invoice_date: LocalDateTime::from_timestamp(today, 0).date_compact(),
            reason_for_export: if request.is_return { "RETURN" } else { "SALE" }.into(),
            currency_code: goods.total.currency_code.clone(),
            contacts: FormContacts { sold_to: ship_to.clone() },
            product: shipment
                .items
                .iter()
                .zip(&goods.unit_prices)
                .map(|(item, price)| Product {
                    description: vec![clip(&item.title, 35)],
                    commodity_code: item.hs_code.clone(),
                    origin_country_code: item.origin_country.map(|c| c.as_str().to_owned()),
                    unit: ProductUnit {
                        number: item.quantity.to_string(),
                        value: units::amount(*price).monetary_value,
                        unit_of_measurement: CodeDescription::new("PCS", "Pieces"),
                    },
                })
                .collect(),
        },
    });
    Ok(ShipEnvelope {
        shipment_request: ShipmentRequest {
            request: RequestHeader {
                request_option: "nonvalidate".into(),
                transaction_reference: Some(TransactionReference { customer_context: shipment.id.clone() }),
            },
            shipment: UpsShipment {
                description,
                return_service: request.is_return.then(|| CodeDescription::new("9", "UPS Print Return Label")),
                shipper,
                ship_to,
                ship_from,
                payment_information: PaymentInformation { shipment_charge: charges },
                shipment_rating_options: config
                    .negotiated_rates
                    .then(|| RatingOptions { negotiated_rates_indicator: "Y".into() }),
                service: CodeDescription { code: code.to_owned(), description: None },
                invoice_line_total: international.then(|| goods.total.clone()),
                package: request
                    .parcels
                    .iter()
                    .map(|p| ShipPackage {
                        packaging: CodeDescription::new("02", "Customer Supplied Package"),
                        dimensions: units::dimensions(p),
                        package_weight: units::weight(p),
                    })
                    .collect(),
                shipment_service_options: forms,
            },
            label_specification: LabelSpecification {
                label_image_format: CodeDescription::new(
                    config.label_format.ups_code(),
                    config.label_format.ups_code(),
                ),
                label_stock_size: (config.label_format.format() == LabelFormat::Zpl)
                    .then(|| LabelStockSize { height: "6".into(), width: "4".into() }),
            },
        },
    })
}

/// The label in UPS's answer: the shipment number, the decoded image (ZPL images of several
/// packages joined, one after another), and the price.
pub fn label(config: &Config, request: &LabelRequest, results: &ShipmentResults) -> Result<Label, CarrierError> {
    let number = results.shipment_identification_number.trim();
    if number.is_empty() {
        return Err(CarrierError::BadResponse("UPS answered without a ShipmentIdentificationNumber".into()));
    }
    let mut data = Vec::new();
    let mut format = None;
    for package in results.package_results.iter() {
        let Some(image) = &package.shipping_label else { continue };
        let bytes = carrier::decode_base64(&image.graphic_image)?;
        let this = carrier::label_format_from_name(&image.image_format.code)
            .or_else(|| carrier::sniff_label_format(&bytes))
            .ok_or_else(|| {
                CarrierError::BadResponse(format!(
                    "UPS returned a {} label, which crossdock cannot store (pdf, zpl or png); asked for {}",
                    image.image_format.code,
                    config.label_format.ups_code()
                ))
            })?;
        if format.is_some_and(|f| f != this) || (this != LabelFormat::Zpl && format.is_some()) {
            return Err(CarrierError::BadResponse("UPS returned several labels that cannot be joined into one".into()));
        }
        format = Some(this);
        data.extend_from_slice(&bytes);
    }
    let format =
        format.ok_or_else(|| CarrierError::BadResponse(format!("UPS returned no label image for {number}")))?;
    let charges = results.total_charges.as_ref();
    let negotiated = results.negotiated_rate_charges.as_ref().and_then(|n| n.total_charge.as_ref());
    let total = match (negotiated, charges) {
        (Some(n), _) if config.negotiated_rates => n,
        (_, Some(c)) => c,
        (Some(n), None) => n,
        (None, None) => {
            return Err(CarrierError::BadResponse(format!("UPS returned no charges for shipment {number}")));
        }
    };
    Ok(Label {
        carrier: CARRIER.into(),
        service_code: request.service_code.trim().to_owned(),
        tracking_number: number.to_owned(),
        format,
        data,
        price: units::money(total, "the shipment's total charges")?,
    })
}

/// Whether UPS's void answer says the shipment is voided (`SummaryResult.Status.Code` `1`).
pub fn voided(answer: &VoidShipmentResponse, number: &str) -> Result<(), CarrierError> {
    let status = &answer.status;
    if status.code.trim() == "1" {
        Ok(())
    } else {
        Err(CarrierError::BadResponse(format!(
            "UPS did not confirm the void of {number}: status {} {}",
            status.code,
            status.description.as_deref().unwrap_or_default()
        )))
    }
}

/// The description UPS prints and customs reads: the distinct item titles, at most 50
/// characters.
fn description(shipment: &Shipment) -> Result<String, CarrierError> {
    let mut titles: Vec<&str> = Vec::new();
    for item in &shipment.items {
        let title = item.title.trim();
        if !title.is_empty() && !titles.contains(&title) {
            titles.push(title);
        }
    }
    if titles.is_empty() {
        return Err(CarrierError::InvalidRequest(format!(
            "shipment {} lists no item titles; UPS needs a description of the goods",
            shipment.id
        )));
    }
    Ok(clip(&titles.join(", "), 50))
}

/// Ship-from or ship-to. Across a border the receiver needs a phone and a contact name. The
/// merchant's own address (`merchant` is the binding's configuration) falls back to
/// `shipper_name` and `shipper_phone`.
fn party(a: &Address, who: &str, receiver_abroad: bool, merchant: Option<&Config>) -> Result<Party, CarrierError> {
    let setting = if merchant.is_some() { "shipper_name" } else { "" };
    let name =
        required(name(a).or_else(|| merchant.and_then(|c| c.shipper_name.clone())), &format!("{who}'s name"), setting)?;
    let phone = phone(a).or_else(|| merchant.and_then(|c| c.shipper_phone.clone()));
    if receiver_abroad && phone.is_none() {
        return Err(CarrierError::InvalidRequest(format!(
            "{who} has no phone number; UPS requires one for a parcel crossing a border"
        )));
    }
    let person = a.name.as_ref().map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    Ok(Party {
        attention_name: person.or_else(|| receiver_abroad.then(|| name.clone())),
        name: Some(name),
        phone: phone.map(|number| Phone { number }),
        email_address: a.email.clone(),
        address: with_street(a, who)?,
        ..Party::default()
    })
}

fn with_street(a: &Address, who: &str) -> Result<wire::Address, CarrierError> {
    let address = address(a);
    if address.address_line.is_empty() {
        return Err(CarrierError::InvalidRequest(format!("{who}'s address has no street; UPS needs one on a label")));
    }
    Ok(address)
}

/// The company, else the person.
fn name(a: &Address) -> Option<String> {
    [&a.company, &a.name].into_iter().flatten().map(|s| s.trim()).find(|s| !s.is_empty()).map(str::to_owned)
}

fn phone(a: &Address) -> Option<String> {
    a.phone.as_ref().map(|p| p.trim().to_owned()).filter(|p| !p.is_empty())
}

fn required(value: Option<String>, what: &str, setting: &str) -> Result<String, CarrierError> {
    value.filter(|v| !v.trim().is_empty()).ok_or_else(|| {
        let hint = if setting.is_empty() { String::new() } else { format!(" (or set `{setting}`)") };
        CarrierError::InvalidRequest(format!("{what} is missing{hint}; UPS requires it on a label"))
    })
}

fn bill(kind: &str, config: &Config) -> ShipmentCharge {
    ShipmentCharge { kind: kind.into(), bill_shipper: BillShipper { account_number: config.account().to_owned() } }
}

/// At most `max` characters, cut on a character boundary.
fn clip(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect()
}

/// The goods' value in the invoice currency: the binding's `invoice_currency` when the host
/// has a rate to it, else the shipment's currency (logged).
pub fn goods(ctx: &Ctx, config: &Config, shipment: &Shipment) -> Result<Goods, CarrierError> {
    let total = shipment.goods_value().map_err(|e| {
        CarrierError::InvalidRequest(format!("the goods value of shipment {} cannot be added up: {e}", shipment.id))
    })?;
    let prices: Vec<Money> = shipment.items.iter().map(|i| i.unit_price).collect();
    let Some(target) = config.invoice_currency.filter(|c| *c != total.currency) else {
        return Ok(Goods { total: units::amount(total), unit_prices: prices });
    };
    let converted = ctx.convert(total, target).map(|(m, _)| m).and_then(|total| {
        let unit_prices: Option<Vec<Money>> = prices.iter().map(|p| ctx.convert(*p, target).map(|(m, _)| m)).collect();
        Some(Goods { total: units::amount(total), unit_prices: unit_prices? })
    });
    Ok(converted.unwrap_or_else(|| {
        ctx.warn(&format!(
            "no exchange rate from {} to {target}: declaring the goods of {} in {}",
            total.currency, shipment.id, total.currency
        ));
        Goods { total: units::amount(total), unit_prices: prices }
    }))
}
