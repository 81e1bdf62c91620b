//! `carrier-dhl-express`: DHL Express through the MyDHL API 3.1 (REST/JSON): rates, labels and
//! tracking, with DHL's errors turned into the [`CarrierError`]s crossdock acts on.
//!
//! The wire format is the one written down in `tests/fixtures/carriers/CARRIERS.md` §1, from
//! DHL's own OpenAPI file (MyDHL API 3.1.1, release 2025-11-02, read 2026-11-25).
//!
//! # Binding
//!
//! - **Secrets**: `username` and `password`, the MyDHL API key and secret from
//!   developer.dhl.com. Every call sends them as HTTP Basic; MyDHL API has no token step. A
//!   missing secret is `auth_failed` naming it.
//! - **HTTP allow-list**: the host of `base_url` (`express.api.dhl.com` in production).
//! - **Configuration** ([`config`]): `base_url` (default
//!   `https://express.api.dhl.com/mydhlapi`), `account_number` (required), `products` (the
//!   product codes to offer, in order of preference), `label_format` (`pdf` or `zpl`),
//!   `origin_utc_offset` (the warehouse clock) and a `shipper` contact.
//!
//! # Calls
//!
//! - [`rate`](CarrierPlugin::rate) → `POST /rates`: one rate per DHL product, priced in the
//!   account's billing currency ([`rating`]).
//! - [`create_label`](CarrierPlugin::create_label) → `POST /shipments`: books the shipment
//!   with its export declaration and returns the waybill number and the decoded label
//!   ([`shipping`]).
//! - [`track`](CarrierPlugin::track) → `GET /shipments/{waybill}/tracking`: checkpoints in
//!   time order, mapped onto the normalised statuses ([`tracking`]).
//! - [`void_label`](CarrierPlugin::void_label): **MyDHL API has no way to cancel a shipment**.
//!   Its only `DELETE` cancels a courier pickup booking (`DELETE /pickups/{dispatchConfirmation
//!   Number}`), and DHL bills a waybill only once it collects the parcel. So voiding answers
//!   `invalid_request` explaining what to do instead: do not hand the parcel over, and cancel
//!   the pickup if one was booked for it (this adapter books none).
//!
//! Each call runs in a fresh instance and sends its own requests; nothing is kept between
//! calls.

pub mod api;
pub mod config;
pub mod lane;
pub mod rating;
pub mod shipping;
pub mod tracking;
pub mod wire;

#[cfg(test)]
mod tests;

use crossdock_sdk::prelude::*;

use crate::config::Checked;

/// The plugin. Stateless: every call reads its configuration and secrets afresh.
pub struct DhlExpress;

impl CarrierPlugin for DhlExpress {
    fn metadata() -> Metadata {
        Metadata {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Carrier,
            description: "DHL Express via the MyDHL API 3.1: rates, labels (PDF or ZPL) with export declaration, \
                          and checkpoint tracking. Secrets: `username`, `password`."
                .into(),
            covers: vec![rating::CARRIER.into()],
            config_schema: config::CONFIG_SCHEMA.into(),
        }
    }

    fn rate(ctx: &Ctx, request: RateRequest) -> Result<Vec<Rate>, CarrierError> {
        let config = Checked::load(ctx)?;
        rating::rate(ctx, &config, &request)
    }

    fn create_label(ctx: &Ctx, request: LabelRequest) -> Result<Label, CarrierError> {
        let config = Checked::load(ctx)?;
        shipping::create_label(ctx, &config, &request)
    }

    fn void_label(ctx: &Ctx, tracking_number: &str) -> Result<(), CarrierError> {
        let number = tracking_number.trim();
        if number.is_empty() {
            return Err(CarrierError::InvalidRequest("no tracking number given".into()));
        }
        ctx.info(&format!("DHL Express cannot cancel waybill {number} through its API"));
        Err(CarrierError::InvalidRequest(format!(
            "DHL Express offers no cancellation of a shipment through MyDHL API, so waybill {number} stays booked. DHL \
             bills a waybill only when it collects the parcel: do not hand the parcel over and discard its label. If a \
             courier pickup was booked for it, cancel that booking (MyDHL `DELETE /pickups/{{dispatchConfirmationNumber}}` \
             or DHL Express customer service)."
        )))
    }

    fn track(ctx: &Ctx, tracking_number: &str) -> Result<Tracking, CarrierError> {
        let config = Checked::load(ctx)?;
        tracking::track(ctx, &config, tracking_number)
    }
}

crossdock_sdk::export_carrier!(DhlExpress);
