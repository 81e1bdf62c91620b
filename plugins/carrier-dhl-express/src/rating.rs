//! Rates: `POST /rates` with the lane and the parcels; one [`Rate`] per product DHL quotes,
//! priced in the account's billing currency.
//!
//! Price: the `totalPrice[]` entry with `currencyType` `BILLC` (what the account is billed;
//! `PULCL` is the public rate and `BASEC` DHL's base currency), CARRIERS.md §1.2. Transit:
//! `deliveryCapabilities.totalTransitDays`, or the days to `estimatedDeliveryDateAndTime` when
//! DHL gives only the date. A product without a billing price or any delivery estimate is
//! left out, with a log line saying why.

use crossdock_sdk::carrier::{self, ApiRequest, LocalDateTime, parse_money};
use crossdock_sdk::prelude::*;

use crate::api::{self, Operation};
use crate::config::Checked;
use crate::lane;
use crate::wire::{
    Account, EstimatedDeliveryRequest, MonetaryAmount, Product, RateAddress, RateParties, RateRequest, RatesResponse,
};

/// The code rates and labels report as their carrier.
pub const CARRIER: &str = "dhl-express";

/// Asks DHL for its products on this lane.
pub fn rate(ctx: &Ctx, config: &Checked, request: &crossdock_sdk::RateRequest) -> Result<Vec<Rate>, CarrierError> {
    let body = rate_request(ctx, config, request)?;
    let http = api::request(ctx, ApiRequest::post(config.url("/rates")).json(&body)?)?;
    let url = http.url().to_owned();
    let response: RatesResponse = carrier::fetch_json(ctx, http, |r| api::error(r, &url, Operation::Rate))?;
    let rates = rates(ctx, config, &response)?;
    if rates.is_empty() {
        return Err(CarrierError::ServiceUnavailable(format!(
            "DHL Express quoted no usable product from {} to {}{}",
            request.shipment.origin.country,
            request.shipment.destination.country,
            if config.config.products.is_empty() {
                String::new()
            } else {
                format!(" among the configured `products` {:?}", config.config.products)
            }
        )));
    }
    Ok(rates)
}

/// The body of `POST /rates` (CARRIERS.md §1.2, Appendix A).
pub fn rate_request(
    ctx: &Ctx,
    config: &Checked,
    request: &crossdock_sdk::RateRequest,
) -> Result<RateRequest, CarrierError> {
    let shipment = &request.shipment;
    let declarable = lane::customs_declarable(shipment);
    let monetary_amount = if declarable {
        let value = shipment.goods_value().map_err(|e| CarrierError::InvalidRequest(format!("goods value: {e}")))?;
        vec![MonetaryAmount {
            type_code: "declaredValue",
            value: lane::amount(value)?,
            currency: value.currency.to_string(),
        }]
    } else {
        Vec::new()
    };
    Ok(RateRequest {
        customer_details: RateParties {
            shipper_details: rate_address(&shipment.origin, "origin")?,
            receiver_details: rate_address(&shipment.destination, "destination")?,
        },
        accounts: vec![Account { type_code: "shipper", number: config.account()?.to_owned() }],
        planned_shipping_date_and_time: lane::planned_shipping(ctx.now(), config.origin_offset),
        unit_of_measurement: "metric",
        is_customs_declarable: declarable,
        monetary_amount,
        estimated_delivery_date: EstimatedDeliveryRequest { is_requested: true, type_code: "QDDC" },
        packages: lane::packages(&request.parcels)?,
    })
}

fn rate_address(address: &Address, which: &str) -> Result<RateAddress, CarrierError> {
    let city = address.city.as_deref().map(str::trim).filter(|c| !c.is_empty()).ok_or_else(|| {
        CarrierError::AddressRejected(format!("the {which} address has no city; DHL Express prices by city"))
    })?;
    Ok(RateAddress {
        // Countries without postal codes send an empty one (DHL's `postalCode` is required).
        postal_code: address.postal_code.clone().unwrap_or_default(),
        city_name: city.to_owned(),
        country_code: address.country.to_string(),
        address_line1: address.street.first().cloned(),
        province_code: address.region.clone(),
    })
}

/// The products of DHL's answer as rates, in the configured order of preference.
pub fn rates(ctx: &Ctx, config: &Checked, response: &RatesResponse) -> Result<Vec<Rate>, CarrierError> {
    let preferred = &config.config.products;
    let mut rates = Vec::new();
    for product in &response.products {
        if !preferred.is_empty() && !preferred.iter().any(|p| p.eq_ignore_ascii_case(&product.product_code)) {
            continue;
        }
        match to_rate(ctx, config, product)? {
            Some(rate) => rates.push(rate),
            None => continue,
        }
    }
    if !preferred.is_empty() {
        let rank = |code: &str| preferred.iter().position(|p| p.eq_ignore_ascii_case(code)).unwrap_or(usize::MAX);
        rates.sort_by_key(|r| rank(&r.service_code));
    }
    Ok(rates)
}

fn to_rate(ctx: &Ctx, config: &Checked, product: &Product) -> Result<Option<Rate>, CarrierError> {
    let code = product.product_code.trim();
    let Some(billing) = product.total_price.iter().find(|p| p.currency_type == "BILLC") else {
        ctx.warn(&format!("DHL product {code} has no BILLC price; left out"));
        return Ok(None);
    };
    let currency_text = billing.price_currency.as_deref().unwrap_or_default();
    let currency: CurrencyCode = currency_text.parse().map_err(|_| {
        CarrierError::BadResponse(format!("DHL product {code}: `{currency_text}` is not an ISO 4217 currency"))
    })?;
    let price = parse_money(billing.price.as_str(), currency)?;
    let ship_date = LocalDateTime::from_timestamp(ctx.now(), config.origin_offset);
    let Some(days) = transit_days(product, ship_date)? else {
        ctx.warn(&format!("DHL product {code} has no delivery estimate; left out"));
        return Ok(None);
    };
    let name =
        if product.product_name.trim().is_empty() { code.to_owned() } else { product.product_name.trim().to_owned() };
    Ok(Some(Rate {
        carrier: CARRIER.into(),
        service_code: code.to_owned(),
        level: level(code, &name),
        service_name: name,
        price,
        eta_min_days: days,
        eta_max_days: days,
    }))
}

/// Whole transit days: DHL's count, or else the calendar days from the shipping date to the
/// estimated delivery date.
fn transit_days(product: &Product, ship_date: LocalDateTime) -> Result<Option<u32>, CarrierError> {
    let Some(capabilities) = &product.delivery_capabilities else { return Ok(None) };
    let days = if let Some(days) = &capabilities.total_transit_days {
        days.to_minor(0)?
    } else if let Some(eta) = &capabilities.estimated_delivery_date_and_time {
        let eta = LocalDateTime::parse_combined(eta)?;
        let midnight = |d: LocalDateTime| LocalDateTime { hour: 0, minute: 0, second: 0, ..d }.at_offset(0);
        midnight(ship_date).days_until(midnight(eta))
    } else {
        return Ok(None);
    };
    u32::try_from(days)
        .map(Some)
        .map_err(|_| CarrierError::BadResponse(format!("DHL transit time of {days} days is negative")))
}

/// The service level of a DHL product. Source: DHL Express global product codes — ECONOMY
/// SELECT is `W` (outside the EU) and `H` (within it); every other product is a time-definite
/// express service. Read 2026-11-25 from the MyDHL API product names (CARRIERS.md §1.2) and
/// karrio's MyDHL service list (`services.csv`, 2026-06-23).
pub fn level(code: &str, name: &str) -> ServiceLevel {
    if matches!(code, "W" | "H") || name.to_ascii_uppercase().contains("ECONOMY") {
        ServiceLevel::Economy
    } else {
        ServiceLevel::Express
    }
}
