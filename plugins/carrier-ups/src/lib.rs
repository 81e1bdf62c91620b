//! `carrier-ups`: UPS through its REST APIs — quotes for every UPS service on a lane, labels
//! with their customs invoice, voids, and tracking — written against the public SDK only, as
//! any third party's adapter would be.
//!
//! What it speaks (UPS's OpenAPI files, summarised with their sources in
//! `tests/fixtures/carriers/CARRIERS.md` §2, read 2026-11-25):
//!
//! | call | UPS endpoint |
//! | --- | --- |
//! | every call | `POST /security/v1/oauth/token`: OAuth 2 client credentials, HTTP Basic `client_id:client_secret`, `x-merchant-id: <account>` |
//! | [`rate`](CarrierPlugin::rate) | `POST /api/rating/v2409/Shoptimeintransit` ([`rating`]) |
//! | [`create_label`](CarrierPlugin::create_label) | `POST /api/shipments/v2409/ship` ([`shipping`]) |
//! | [`void_label`](CarrierPlugin::void_label) | `DELETE /api/shipments/v2409/void/cancel/{number}` |
//! | [`track`](CarrierPlugin::track) | `GET /api/track/v1/details/{number}` with `transId` and `transactionSrc` ([`tracking`]) |
//!
//! Setting it up: the binding's **secrets** `client_id` and `client_secret` are the UPS
//! developer app's credentials (a missing one is `AuthFailed` naming it); the
//! **configuration** ([`config`]) names the 6-character `account_number` and may change
//! `base_url` (default `https://onlinetools.ups.com`), the `services` offered, the
//! `label_format` (PNG or ZPL; UPS has no PDF label) and more. The binding's HTTP allow-list
//! must contain the host of `base_url`.
//!
//! Every call runs in a fresh instance with no memory, so each fetches its own OAuth token
//! ([`api`]): one extra request per call, and never a stale token. UPS's error bodies become
//! the [`CarrierError`]s the core acts on (see [`api`] for the table); prices are read from
//! UPS's decimal strings exactly ([`units`]); label images are decoded from base64; scans are
//! mapped onto the six normalised statuses and sorted by time ([`tracking`]).

pub mod api;
pub mod config;
pub mod rating;
pub mod services;
pub mod shipping;
pub mod tracking;
pub mod units;
pub mod wire;

#[cfg(test)]
mod tests;

use crossdock_sdk::carrier;
use crossdock_sdk::prelude::*;

use crate::api::{Operation, Ups};
use crate::config::Config;
use crate::wire::rating::RateResponse;
use crate::wire::shipping::{ShipmentResponse, VoidShipmentResponse};
use crate::wire::tracking::TrackResponse;

/// The plugin. Stateless: every call reads its configuration and secrets afresh.
pub struct UpsCarrier;

impl CarrierPlugin for UpsCarrier {
    fn metadata() -> Metadata {
        Metadata {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Carrier,
            description: "UPS through its REST APIs: rates with time in transit for every service on the lane, labels \
                          (PNG or ZPL) with a commercial invoice across borders, voids and tracking. Needs the secrets \
                          client_id and client_secret and the configuration account_number."
                .into(),
            covers: vec![rating::CARRIER.into()],
            config_schema: config::CONFIG_SCHEMA.into(),
        }
    }

    fn rate(ctx: &Ctx, request: RateRequest) -> Result<Vec<Rate>, CarrierError> {
        let config = Config::load(ctx)?;
        if request.parcels.is_empty() {
            return Err(CarrierError::InvalidRequest("the rate request has no parcels".into()));
        }
        let shipment = &request.shipment;
        let goods = shipping::goods(ctx, &config, shipment)?;
        let body = rating::request(&config, &request, Some(goods.total), ctx.now());
        let ups = Ups::connect(ctx, &config, &shipment.id)?;
        let answer = RateResponse::read(&ups.post(&rating::path(), &body, Operation::Rate)?)?;
        let lane = format!("from {} to {}", place(&shipment.origin), place(&shipment.destination));
        let rates = rating::rates(&config, &answer, &lane)?;
        ctx.debug(&format!("{} UPS rate(s) for {} {lane}", rates.len(), shipment.id));
        Ok(rates)
    }

    fn create_label(ctx: &Ctx, request: LabelRequest) -> Result<Label, CarrierError> {
        let config = Config::load(ctx)?;
        let shipment = &request.shipment;
        let goods = shipping::goods(ctx, &config, shipment)?;
        let body = shipping::request(&config, &request, &goods, ctx.now())?;
        let ups = Ups::connect(ctx, &config, &shipment.id)?;
        let answer = ShipmentResponse::read(&ups.post(shipping::SHIP_PATH, &body, Operation::Ship)?)?;
        let label = shipping::label(&config, &request, &answer.shipment_results)?;
        ctx.info(&format!(
            "UPS {} label {} for shipment {} by service {} ({} bytes)",
            if request.is_return { "return" } else { "outbound" },
            label.tracking_number,
            shipment.id,
            label.service_code,
            label.data.len()
        ));
        Ok(label)
    }

    fn void_label(ctx: &Ctx, tracking_number: &str) -> Result<(), CarrierError> {
        let config = Config::load(ctx)?;
        let number = known_number(tracking_number)?;
        let ups = Ups::connect(ctx, &config, number)?;
        let answer = VoidShipmentResponse::read(&ups.delete(&shipping::void_path(number), Operation::Void)?)?;
        shipping::voided(&answer, number)?;
        ctx.info(&format!("UPS shipment {number} voided"));
        Ok(())
    }

    fn track(ctx: &Ctx, tracking_number: &str) -> Result<Tracking, CarrierError> {
        let config = Config::load(ctx)?;
        let number = known_number(tracking_number)?;
        let ups = Ups::connect(ctx, &config, number)?;
        let path = format!(
            "/track/v1/details/{}?locale=en_US&returnSignature=false&returnMilestones=false&returnPOD=false",
            carrier::percent_encode(number)
        );
        let answer = TrackResponse::read(&ups.get(&path, Operation::Track)?)?;
        tracking::tracking(number, &answer)
    }
}

/// The trimmed number, or `NotFound` for an empty one.
fn known_number(tracking_number: &str) -> Result<&str, CarrierError> {
    let number = tracking_number.trim();
    if number.is_empty() {
        return Err(CarrierError::NotFound("an empty tracking number is no UPS shipment".into()));
    }
    Ok(number)
}

/// `CN 518000` for messages.
fn place(a: &Address) -> String {
    match a.postal_code.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(postal) => format!("{} {postal}", a.country.as_str()),
        None => a.country.as_str().to_owned(),
    }
}

export_carrier!(UpsCarrier);
