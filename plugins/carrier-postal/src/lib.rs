//! `carrier-postal`: postal shipping — tracked packets and parcels under the UPU's rules, with a
//! CN22 or CN23 customs declaration — through the USPS v3 APIs.
//!
//! USPS is the postal operator this adapter speaks to (carrier code `usps`). It accepts mail
//! only in the United States, so the adapter serves stock held in a US warehouse: a shipment
//! from anywhere else is `ServiceUnavailable`, and the core asks its other carriers. The wire
//! format is that of `tests/fixtures/carriers/CARRIERS.md` §4 and the USPS OpenAPI files it
//! cites; the plugin reaches USPS only through the host's HTTP (`ctx.fetch`), so the binding's
//! allow-list must hold the host of `base_url`.
//!
//! Setup, for the merchant:
//! - secrets `client_id` and `client_secret`: the consumer key and secret of an app on the USPS
//!   developer portal (a missing one is `AuthFailed` naming it);
//! - configuration (see [`config`]): `base_url` (production `https://apis.usps.com`, test
//!   `https://apis-tem.usps.com`), the `services` offered, and for labels the payment account
//!   `crid`, `mid`, `manifest_mid` and `account_number` (EPS).
//!
//! Each call runs in a fresh instance and fetches its own OAuth token first ([`api`]).
//!
//! - [`rate`](CarrierPlugin::rate): one price query for the parcel in pounds and inches
//!   ([`units`]), one rate per configured mail class in US dollars ([`rating`], [`services`]:
//!   First-Class Package International Service is economy, Priority Mail International standard,
//!   Priority Mail Express International express).
//! - [`create_label`](CarrierPlugin::create_label): the customs declaration with HS codes,
//!   origins, values and weights, and the CN22/CN23 choice by the 300 SDR limit ([`customs`]);
//!   then the price, the payment authorization and the label, decoded from base64 ([`label`]).
//! - [`void_label`](CarrierPlugin::void_label): cancels the label, or requests its refund once
//!   USPS has manifested it.
//! - [`track`](CarrierPlugin::track): events in time order, Publication 199 codes mapped onto
//!   the normalised statuses ([`tracking`]).

pub mod api;
pub mod config;
mod countries;
pub mod customs;
pub mod label;
pub mod rating;
pub mod route;
pub mod services;
pub mod tracking;
pub mod units;
pub mod wire;

#[cfg(test)]
mod tests;

use crossdock_sdk::prelude::*;

use crate::api::Api;
use crate::config::Config;

/// The plugin. Stateless: every call reads its configuration and secrets afresh.
pub struct Postal;

impl CarrierPlugin for Postal {
    fn metadata() -> Metadata {
        Metadata {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Carrier,
            description: "USPS international mail from a US warehouse: First-Class Package International Service \
                          (tracked packet), Priority Mail International and Priority Mail Express International, with \
                          the CN22/CN23 customs declaration printed on the label. Secrets: client_id, client_secret."
                .into(),
            covers: vec![rating::CARRIER.into()],
            config_schema: config::SCHEMA.into(),
        }
    }

    fn rate(ctx: &Ctx, request: RateRequest) -> Result<Vec<Rate>, CarrierError> {
        let config = Config::load(ctx)?;
        let route = route::route(&request.shipment)?;
        let parcel = route::single_parcel(&request.parcels)?;
        let api = Api::connect(ctx, &config)?;
        let query = rating::query(ctx, &config, &request.shipment, &route, &parcel, None)?;
        let offers = rating::offers(&api, &query, &config.services)?;
        if offers.is_empty() {
            return Err(rating::none_offered(&config.services, parcel.weight_g, &route));
        }
        ctx.debug(&format!("{} USPS rate(s) from ZIP {} to {}", offers.len(), route.zip, route.destination));
        Ok(offers.iter().map(rating::rate).collect())
    }

    fn create_label(ctx: &Ctx, request: LabelRequest) -> Result<Label, CarrierError> {
        let config = Config::load(ctx)?;
        label::create(ctx, &config, &request)
    }

    fn void_label(ctx: &Ctx, tracking_number: &str) -> Result<(), CarrierError> {
        let config = Config::load(ctx)?;
        label::void(ctx, &config, tracking_number)
    }

    fn track(ctx: &Ctx, tracking_number: &str) -> Result<Tracking, CarrierError> {
        let config = Config::load(ctx)?;
        let number = tracking::clean(tracking_number)?;
        let api = Api::connect(ctx, &config)?;
        tracking::track(ctx, &api, &number)
    }
}

export_carrier!(Postal);
