//! Labels and voids: `POST /ship/v1/shipments` and `PUT /ship/v1/shipments/cancel`.
//!
//! **Labels** (CARRIERS.md §3.3). The request confirms a shipment of the chosen `serviceType`
//! in the merchant's own packaging, billed to the configured account, with the label inline
//! (`labelResponseOptions: LABEL`) in the configured image type. Across a border it carries
//! the customs block: one commodity per item, the commercial invoice's purpose (`SOLD`) and
//! terms of sale (the shipment's incoterm), and who pays duties: the sender for DDP, the
//! recipient for DAP. A return label adds FedEx's `RETURN_SHIPMENT` special service with
//! `PRINT_RETURN_LABEL`; crossdock already gives a return shipment from the customer to the
//! return location, so shipper and recipient are used as they come.
//!
//! FedEx needs a street, a city and a phone number for both parties; a shipment without them is
//! refused here, before anything is bought, with the field named.
//!
//! From the reply: the tracking number is `masterTrackingNumber`; the label is each piece's
//! `packageDocuments[]` entry with `contentType: LABEL`, base64 in `encodedLabel`, its format
//! from `docType`. Several parcels give several labels: ZPL labels are joined into one print
//! stream, which printers take as it is, while PDF and PNG cannot be joined without rendering,
//! so a shipment of several parcels needs `label_format: zpl` and is refused otherwise. The
//! price is `completedShipmentDetail.shipmentRating.shipmentRateDetails[]`' `totalNetCharge`,
//! else the sum of the pieces' `netRateAmount` (seen in recordings [S10]). An account whose
//! replies carry no charges gets a label priced at zero, with a warning in the log: by then
//! FedEx has made the shipment, and refusing the label would only hide it.
//!
//! **Voids**. The cancel body is the account and the tracking number with
//! `deletionControl: DELETE_ALL_PACKAGES`; FedEx answers `output.cancelledShipment: true`. A
//! shipment FedEx already holds can no longer be cancelled (`cancelledShipment: false`, or an
//! error such as `TRACKINGIDS.TRACKINGNUMBER.CLOSED`), which is an invalid request; one that
//! was cancelled before (`CANCELSHIPMENT.TRACKINGNUMBER.DELETED`, code from the glossary [E]
//! of [`crate::errors`]) counts as voided.

use crossdock_sdk::carrier::{decode_base64, label_format_from_name};
use crossdock_sdk::{CarrierError, Ctx, Incoterm, Label, LabelFormat, LabelRequest, Money, Shipment};
use serde_json::Value;

use crate::api::Api;
use crate::build::{self, CARRIER};
use crate::config::{Config, LabelChoice};
use crate::errors::ApiError;
use crate::rating::to_money;
use crate::reply::Node;
use crate::wire::{self, AccountNumber, Contact, Party, ShipCustoms, ShipShipment};

/// The request body for a label of `request`, shipping on `ship_date` ("YYYY-MM-DD").
pub fn request(config: &Config, request: &LabelRequest, ship_date: &str) -> Result<wire::ShipRequest, CarrierError> {
    let shipment = &request.shipment;
    if config.service(&request.service_code).is_none() {
        return Err(CarrierError::InvalidRequest(format!(
            "`{}` is not one of the FedEx services this binding offers ({})",
            request.service_code,
            config.service_types()
        )));
    }
    if request.parcels.len() > 1 && config.label_format != LabelChoice::Zpl {
        return Err(CarrierError::InvalidRequest(format!(
            "FedEx makes one label per parcel and {} parcels' {} labels cannot be joined into one document; \
             set `label_format` to `zpl`, or ship the parcels separately",
            request.parcels.len(),
            config.label_format.image_type()
        )));
    }
    let customs = if build::is_international(shipment) { Some(customs(shipment)?) } else { None };
    Ok(wire::ShipRequest {
        label_response_options: "LABEL",
        account_number: AccountNumber { value: config.account()?.to_owned() },
        ship_action: "CONFIRM",
        requested_shipment: ShipShipment {
            shipper: party(&shipment.origin, "shipper (the shipment's origin)")?,
            recipients: vec![party(&shipment.destination, "recipient (the shipment's destination)")?],
            ship_datestamp: ship_date.to_owned(),
            service_type: request.service_code.clone(),
            packaging_type: "YOUR_PACKAGING",
            pickup_type: config.pickup_type.as_str(),
            total_weight: build::total_weight(&request.parcels)?.value,
            shipping_charges_payment: wire::PaymentType { payment_type: "SENDER" },
            label_specification: wire::LabelSpecification {
                image_type: config.label_format.image_type(),
                label_stock_type: config.label_format.stock_type(),
            },
            shipment_special_services: request.is_return.then_some(wire::SpecialServices {
                special_service_types: vec!["RETURN_SHIPMENT"],
                return_shipment_detail: wire::ReturnShipmentDetail { return_type: "PRINT_RETURN_LABEL" },
            }),
            customs_clearance_detail: customs,
            requested_package_line_items: build::packages(&request.parcels)?,
        },
    })
}

/// A party with the contact and street FedEx requires.
fn party(address: &crossdock_sdk::Address, role: &str) -> Result<Party, CarrierError> {
    let text = |t: &Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
    let missing = |field: &str| {
        CarrierError::InvalidRequest(format!("FedEx needs the {role}'s {field} to make a label; the address has none"))
    };
    let phone = text(&address.phone).ok_or_else(|| missing("phone number"))?;
    let wire_address = build::address(address);
    if wire_address.street_lines.is_empty() {
        return Err(missing("street"));
    }
    if wire_address.city.is_none() {
        return Err(missing("city"));
    }
    let (person, company) = (text(&address.name), text(&address.company));
    if person.is_none() && company.is_none() {
        return Err(missing("name or company"));
    }
    Ok(Party {
        contact: Contact {
            person_name: person,
            company_name: company,
            phone_number: phone,
            email_address: text(&address.email),
        },
        address: wire_address,
    })
}

fn customs(shipment: &Shipment) -> Result<ShipCustoms, CarrierError> {
    let total = shipment
        .goods_value()
        .map_err(|e| CarrierError::InvalidRequest(format!("the goods' value cannot be computed ({e})")))?;
    let (payer, terms) = match shipment.incoterm {
        Incoterm::Ddp => ("SENDER", "DDP"),
        Incoterm::Dap => ("RECIPIENT", "DAP"),
    };
    Ok(ShipCustoms {
        duties_payment: wire::PaymentType { payment_type: payer },
        commercial_invoice: wire::CommercialInvoice { shipment_purpose: "SOLD", terms_of_sale: terms },
        commodities: build::commodities(shipment, true)?,
        total_customs_value: build::amount(total)?,
    })
}

/// Buys the label.
pub fn create_label(ctx: &Ctx, config: &Config, request: &LabelRequest) -> Result<Label, CarrierError> {
    let body = self::request(config, request, &build::ship_date(ctx.now()))?;
    let api = Api::connect(ctx, &config.base_url)?;
    let transaction = format!("crossdock-ship-{}", request.shipment.id);
    let reply = api.post("/ship/v1/shipments", &body, &transaction, "ship")?;
    let label = label(ctx, &reply, request)?;
    ctx.info(&format!(
        "FedEx {} label {} for shipment {} by {} ({} bytes)",
        if request.is_return { "return" } else { "outbound" },
        label.tracking_number,
        request.shipment.id,
        label.service_code,
        label.data.len()
    ));
    Ok(label)
}

/// The label in a FedEx ship reply: `$.output.transactionShipments[0]`.
pub fn label(ctx: &Ctx, reply: &Value, request: &LabelRequest) -> Result<Label, CarrierError> {
    let output = Node::of(reply).get("output");
    if !output.exists() {
        return Err(CarrierError::BadResponse("FedEx's ship reply has no `output`".into()));
    }
    let shipment = output.get("transactionShipments").first();
    if !shipment.exists() {
        return Err(CarrierError::BadResponse("FedEx's ship reply has no transaction shipment".into()));
    }
    for alert in shipment.get("alerts").items() {
        let alert = ApiError::read(alert);
        ctx.debug(&format!("FedEx ship alert {}: {}", alert.code, alert.message));
    }
    let pieces: Vec<Node> = shipment.get("pieceResponses").items().collect();
    let tracking_number = shipment
        .get("masterTrackingNumber")
        .text()
        .or_else(|| pieces.iter().find_map(|p| p.get("trackingNumber").text()))
        .ok_or_else(|| CarrierError::BadResponse("FedEx's ship reply has no tracking number".into()))?
        .to_owned();
    let (format, data) = documents(&pieces)?;
    let price = match price(shipment, &pieces)? {
        Some(price) => price,
        None => {
            ctx.warn(&format!(
                "FedEx's reply for label {tracking_number} carries no charges; the label is recorded at 0"
            ));
            Money::zero(request.shipment.currency)
        }
    };
    Ok(Label {
        carrier: CARRIER.into(),
        service_code: shipment.get("serviceType").text().unwrap_or(&request.service_code).to_owned(),
        tracking_number,
        format,
        data,
        price,
    })
}

/// Every piece's label (`packageDocuments[]` with `contentType: LABEL`), decoded; ZPL labels of
/// several pieces joined in order.
fn documents(pieces: &[Node]) -> Result<(LabelFormat, Vec<u8>), CarrierError> {
    let mut format = None;
    let mut data = Vec::new();
    let labels = pieces
        .iter()
        .flat_map(|p| p.get("packageDocuments").items())
        .filter(|d| d.get("contentType").text().is_some_and(|c| c.eq_ignore_ascii_case("LABEL")));
    for document in labels {
        let encoded = document.get("encodedLabel").text().ok_or_else(|| {
            CarrierError::BadResponse(format!(
                "FedEx's label has no `encodedLabel`{}",
                document.get("url").text().map(|u| format!(" (only a URL: {u})")).unwrap_or_default()
            ))
        })?;
        let name = document.get("docType").text().unwrap_or("(no docType)");
        let this = label_format_from_name(name).ok_or_else(|| {
            CarrierError::BadResponse(format!("FedEx's label is in a format crossdock does not take: {name}"))
        })?;
        if format.is_some_and(|f| f != this) || (format.is_some() && this != LabelFormat::Zpl) {
            return Err(CarrierError::BadResponse(
                "FedEx returned several labels that cannot be joined into one document".into(),
            ));
        }
        format = Some(this);
        let bytes = decode_base64(encoded).map_err(|e| CarrierError::BadResponse(format!("FedEx's label: {e}")))?;
        data.extend_from_slice(&bytes);
    }
    match format {
        Some(format) if !data.is_empty() => Ok((format, data)),
        _ => Err(CarrierError::BadResponse("FedEx's ship reply has no label document".into())),
    }
}

/// The shipment's charge, if FedEx gave one: `completedShipmentDetail.shipmentRating`'s detail
/// of the `actualRateType` (else its first), or the sum of the pieces' `netRateAmount`.
fn price(shipment: Node, pieces: &[Node]) -> Result<Option<Money>, CarrierError> {
    let rating = shipment.get("completedShipmentDetail").get("shipmentRating");
    let actual = rating.get("actualRateType").text();
    let details: Vec<Node> = rating.get("shipmentRateDetails").items().collect();
    let chosen =
        details.iter().find(|d| actual.is_some() && d.get("rateType").text() == actual).or_else(|| details.first());
    if let Some(detail) = chosen
        && let (Some(charge), Some(code)) = (detail.get("totalNetCharge").decimal(), detail.get("currency").text())
    {
        return to_money(&charge, code, "the label").map(Some);
    }
    let mut total: Option<Money> = None;
    for piece in pieces {
        let (Some(charge), Some(code)) = (piece.get("netRateAmount").decimal(), piece.get("currency").text()) else {
            continue;
        };
        let amount = to_money(&charge, code, "a parcel of the label")?;
        total = Some(match total {
            None => amount,
            Some(sum) => sum.checked_add(amount).map_err(|e| {
                CarrierError::BadResponse(format!("FedEx priced the label's parcels inconsistently ({e})"))
            })?,
        });
    }
    Ok(total)
}

/// The request body that cancels `tracking_number`.
pub fn cancel_request(config: &Config, tracking_number: &str) -> Result<wire::CancelRequest, CarrierError> {
    Ok(wire::CancelRequest {
        account_number: AccountNumber { value: config.account()?.to_owned() },
        tracking_number: tracking_number.to_owned(),
        deletion_control: "DELETE_ALL_PACKAGES",
    })
}

/// Cancels the shipment of `tracking_number`.
pub fn void_label(ctx: &Ctx, config: &Config, tracking_number: &str) -> Result<(), CarrierError> {
    let tracking_number = tracking_number.trim();
    if tracking_number.is_empty() {
        return Err(CarrierError::InvalidRequest("no tracking number to void".into()));
    }
    let body = cancel_request(config, tracking_number)?;
    let api = Api::connect(ctx, &config.base_url)?;
    let transaction = format!("crossdock-cancel-{tracking_number}");
    let reply = api.put("/ship/v1/shipments/cancel", &body, &transaction, "cancel");
    let reply = match reply {
        // FedEx's error code is part of the message `errors::from_reply` writes.
        Err(CarrierError::InvalidRequest(why)) if why.contains("CANCELSHIPMENT.TRACKINGNUMBER.DELETED") => {
            ctx.info(&format!("FedEx label {tracking_number} was already cancelled"));
            return Ok(());
        }
        other => other?,
    };
    // `$.output.{cancelledShipment, successMessage, alerts[]}`.
    let output = Node::of(&reply).get("output");
    if !output.exists() {
        return Err(CarrierError::BadResponse("FedEx's cancel reply has no `output`".into()));
    }
    if output.get("cancelledShipment").bool() == Some(true) {
        ctx.info(&format!("FedEx label {tracking_number} cancelled"));
        return Ok(());
    }
    let said: Vec<String> = output
        .get("successMessage")
        .text()
        .map(str::to_owned)
        .into_iter()
        .chain(output.get("alerts").items().map(ApiError::read).map(|a| format!("{}: {}", a.code, a.message)))
        .collect();
    Err(CarrierError::InvalidRequest(format!(
        "FedEx did not cancel {tracking_number}{}; a shipment FedEx already holds can no longer be voided",
        if said.is_empty() { String::new() } else { format!(" ({})", said.join("; ")) }
    )))
}
