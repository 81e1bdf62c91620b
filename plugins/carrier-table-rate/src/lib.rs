//! `carrier-table-rate`: a carrier whose prices are the merchant's own table, by zone and
//! weight band, with delivery estimates, and labels printed as real PDF or ZPL.
//!
//! It is the carrier a merchant uses for a postal service or a local courier that has no API,
//! or for a negotiated price list: no network, no account, only the table in its configuration
//! (see [`config`]; `{}` is a working default table, see [`defaults`]). The plugin is written
//! against the public SDK only, as any third party's would be.
//!
//! - [`rate`](CarrierPlugin::rate) returns one rate per service that has a band for the
//!   shipment's zone and weight ([`rating`]).
//! - [`create_label`](CarrierPlugin::create_label) checks the service and the destination,
//!   issues a deterministic tracking number ([`tracking`]) and renders the label: a one-page
//!   4×6 inch PDF with a Code 128 barcode, or ZPL II.
//! - [`void_label`](CarrierPlugin::void_label) accepts any well-formed number of this plugin:
//!   there is no carrier account to notify, so voiding means "do not use it".
//! - [`track`](CarrierPlugin::track) has no feed to ask: it answers `pre_transit` with one
//!   "label created" event dated from the tracking number itself.

mod code128;
pub mod config;
pub mod defaults;
mod label;
mod pdf;
pub mod rating;
mod regions;
mod schema;
pub mod tracking;
mod zpl;

#[cfg(test)]
mod tests;

use crossdock_sdk::prelude::*;

use crate::config::{Config, LabelChoice};
use crate::label::LabelContent;

/// The plugin. Stateless: every call reads its configuration afresh.
pub struct TableRate;

/// The raw code of the one tracking event this carrier reports.
pub const LABEL_CREATED: &str = "LABEL_CREATED";

impl CarrierPlugin for TableRate {
    fn metadata() -> Metadata {
        Metadata {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Carrier,
            description: "A merchant-configured rate table by zone and weight band, with delivery estimates, and \
                          labels as PDF (4×6 in, Code 128) or ZPL. No network access."
                .into(),
            covers: vec![Config::default().carrier_code],
            config_schema: schema::CONFIG_SCHEMA.into(),
        }
    }

    fn rate(ctx: &Ctx, request: RateRequest) -> Result<Vec<Rate>, CarrierError> {
        let config = Config::load(ctx)?;
        if config.services.is_empty() {
            return Err(CarrierError::ServiceUnavailable(format!(
                "the `{}` table has no services; add one under `services`",
                config.carrier_code
            )));
        }
        let route = rating::route(&config, &request.shipment, &request.parcels)?;
        let rates: Vec<Rate> = config
            .services
            .iter()
            .filter_map(|s| rating::quote(s, &route).map(|q| rating::rate(&config, s, q)))
            .collect();
        if rates.is_empty() {
            let services: Vec<_> = config.services.iter().collect();
            return Err(rating::no_band(&route, &services));
        }
        ctx.debug(&format!(
            "{} rate(s) for {} to zone {} ({} → {})",
            rates.len(),
            rating::kg(route.weight_g),
            route.zone.name,
            route.origin,
            route.destination
        ));
        Ok(rates)
    }

    fn create_label(ctx: &Ctx, request: LabelRequest) -> Result<Label, CarrierError> {
        let config = Config::load(ctx)?;
        let service = config.service(&request.service_code).ok_or_else(|| {
            CarrierError::InvalidRequest(format!(
                "unknown service code `{}`; the `{}` table offers {}",
                request.service_code,
                config.carrier_code,
                config.service_codes()
            ))
        })?;
        let shipment = &request.shipment;
        label::check_destination(&shipment.destination)?;
        let route = rating::route(&config, shipment, &request.parcels)?;
        let quote = rating::quote(service, &route).ok_or_else(|| rating::no_band(&route, &[service]))?;
        let created = ctx.now();
        let tracking_number =
            tracking::issue(&config.carrier_code, &shipment.id, &service.code, request.is_return, created);
        let content = LabelContent {
            carrier_name: &config.carrier_name,
            service_name: &service.name,
            level: service.level,
            from: &shipment.origin,
            to: &shipment.destination,
            weight_g: route.weight_g,
            parcels: request.parcels.len(),
            shipment_id: &shipment.id,
            tracking_number: &tracking_number,
            created,
            is_return: request.is_return,
        };
        let data = match config.label_format {
            LabelChoice::Pdf => label::pdf_label(&content),
            LabelChoice::Zpl => zpl::zpl_label(&content),
        };
        ctx.info(&format!(
            "{} label {tracking_number} for shipment {} by {} ({} bytes)",
            if request.is_return { "return" } else { "outbound" },
            shipment.id,
            service.code,
            data.len()
        ));
        Ok(Label {
            carrier: config.carrier_code.clone(),
            service_code: service.code.clone(),
            tracking_number,
            format: config.label_format.format(),
            data,
            price: Money::new(quote.price, config.currency),
        })
    }

    fn void_label(ctx: &Ctx, tracking_number: &str) -> Result<(), CarrierError> {
        tracking::parse(tracking_number).map_err(CarrierError::NotFound)?;
        ctx.info(&format!("label {} voided; this carrier keeps no account to notify", tracking_number.trim()));
        Ok(())
    }

    fn track(_ctx: &Ctx, tracking_number: &str) -> Result<Tracking, CarrierError> {
        let issued = tracking::parse(tracking_number).map_err(CarrierError::NotFound)?;
        let event = TrackingEvent {
            status: TrackingStatus::PreTransit,
            time: issued.at,
            location: None,
            description: "Label created. This table-rate carrier has no tracking feed, so no scans will follow here."
                .into(),
            raw_code: LABEL_CREATED.into(),
        };
        Ok(Tracking {
            tracking_number: tracking_number.trim().to_owned(),
            status: TrackingStatus::PreTransit,
            events: vec![event],
            estimated_delivery: None,
        })
    }
}

export_carrier!(TableRate);
