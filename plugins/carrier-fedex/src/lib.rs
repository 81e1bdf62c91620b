//! `carrier-fedex`: FedEx through its REST APIs — OAuth 2, Rate, Ship and Track v1 — as
//! written down in `tests/fixtures/carriers/CARRIERS.md` §3, built on the public SDK only.
//!
//! - [`rate`](CarrierPlugin::rate) asks `POST /rate/v1/rates/quotes` for account and list rates
//!   with transit times and returns the configured services' quotes ([`rating`]).
//! - [`create_label`](CarrierPlugin::create_label) confirms a shipment with
//!   `POST /ship/v1/shipments`, customs data included across borders, and returns FedEx's
//!   tracking number with the decoded label (PDF, ZPL or PNG) and its charge ([`shipping`]).
//! - [`void_label`](CarrierPlugin::void_label) cancels it with `PUT /ship/v1/shipments/cancel`.
//! - [`track`](CarrierPlugin::track) reads `POST /track/v1/trackingnumbers` and maps FedEx's
//!   event types onto crossdock's statuses ([`tracking`]).
//!
//! **Setup.** Configuration ([`config`], schema in `config.schema.json`): `base_url` (default
//! `https://apis.fedex.com`; the sandbox is `https://apis-sandbox.fedex.com`), `account_number`,
//! `services`, `label_format`, `pickup_type`. Secrets of the binding: `client_id` (the FedEx
//! Developer Portal project's API key) and `client_secret` (its secret key); a missing one is an
//! `AuthFailed` that names it. The binding must allow outbound HTTP to the host of `base_url`.
//!
//! **Tokens.** Every call runs in a fresh instance that keeps nothing, so each call fetches its
//! own OAuth token from `POST /oauth/token` before its API request ([`api`]).
//!
//! **Errors** become the [`CarrierError`]s the core acts on ([`errors`]): no answer before the
//! deadline is `Timeout`; refused credentials `AuthFailed`; FedEx's address errors
//! `AddressRejected`; 5xx, 429 and "no service on this lane" `ServiceUnavailable`; an unknown
//! tracking number `NotFound`; a reply that is not the documented JSON `BadResponse`; anything
//! else FedEx refuses `InvalidRequest`.
//!
//! **Money and units.** Charges are read from FedEx's JSON numbers as exact decimal text into
//! minor units, with FedEx's own currency codes (`UKL` for pounds) mapped to ISO 4217
//! ([`currency`]); weights go out in kilograms and sizes in whole centimetres ([`build`]).
//!
//! The chores every REST adapter shares (the HTTP and OAuth plumbing, decimal money, ISO 8601
//! times, status tables, base64 labels) come from the SDK's `crossdock_sdk::carrier`; what is
//! here is FedEx's own.

pub mod api;
pub mod build;
pub mod config;
pub mod currency;
pub mod errors;
pub mod rating;
pub mod reply;
mod schema;
pub mod shipping;
pub mod tracking;
pub mod wire;

#[cfg(test)]
mod tests;

use crossdock_sdk::prelude::*;

use crate::config::Config;

/// The plugin. Stateless: every call reads its configuration and fetches its token afresh.
pub struct FedEx;

impl CarrierPlugin for FedEx {
    fn metadata() -> Metadata {
        Metadata {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Carrier,
            description: "FedEx rates, labels (PDF, ZPL, PNG), voids and tracking through the FedEx REST APIs \
                          (OAuth 2, Rate, Ship, Track v1). Secrets: client_id, client_secret."
                .into(),
            covers: vec![build::CARRIER.into()],
            config_schema: schema::CONFIG_SCHEMA.into(),
        }
    }

    fn rate(ctx: &Ctx, request: RateRequest) -> Result<Vec<Rate>, CarrierError> {
        let config = Config::load(ctx)?;
        rating::rate(ctx, &config, &request)
    }

    fn create_label(ctx: &Ctx, request: LabelRequest) -> Result<Label, CarrierError> {
        let config = Config::load(ctx)?;
        shipping::create_label(ctx, &config, &request)
    }

    fn void_label(ctx: &Ctx, tracking_number: &str) -> Result<(), CarrierError> {
        let config = Config::load(ctx)?;
        shipping::void_label(ctx, &config, tracking_number)
    }

    fn track(ctx: &Ctx, tracking_number: &str) -> Result<Tracking, CarrierError> {
        let config = Config::load(ctx)?;
        tracking::track(ctx, &config, tracking_number)
    }
}

export_carrier!(FedEx);
