//! customs-ca: crossdock's first-party customs plugin for imports into Canada, written only
//! against the public SDK, as a third party would write one.
//!
//! What it does, per shipment, under the rules in force on the event's day (`ctx.now()`):
//! - GST 5 %, or HST in the harmonized provinces — 13 % Ontario, 14 % Nova Scotia (15 % before
//!   2025-04-01), 15 % New Brunswick, Newfoundland and Labrador, Prince Edward Island — by the
//!   destination's province (`destination.region`); in Quebec, British Columbia, Manitoba and
//!   Saskatchewan only the GST is assessed and a warning says the provincial tax is not;
//! - the low-value remission rules in Canadian dollars: CAD 20 for duty and tax by mail and by
//!   courier from outside the US and Mexico; by courier shipped from the US or Mexico (the place
//!   of direct shipment, not the origin of the goods), duty-free up to CAD 150 and tax-free up to
//!   CAD 40 (CUSMA, since 2020-07-01); publications, alcohol and tobacco are never remitted;
//! - duty by Customs Tariff heading (MFN) for a documented subset of goods, and CUSMA preference
//!   for goods of US or Mexican origin when claimed;
//! - valuation: value for duty excludes transport after the place of direct shipment (FOB);
//!   GST/HST on value for duty plus duty;
//! - who collects: the carrier, broker or Canada Post at delivery, or the merchant at checkout
//!   when DDP — the GST/HST on goods mailed or couriered from abroad is collected at the border,
//!   not through a non-resident vendor's registration;
//! - documents, restriction findings, HS-code validation and conversion through the host's FX
//!   table.
//!
//! Where things live:
//! - `assess` — the assessment, step by step;
//! - `rules` — the remission thresholds and their dates;
//! - `tax` — GST and HST rates by province, with sources;
//! - `tariff` — MFN duty rates and restricted goods, each row with its source and date;
//! - `config` — the merchant's settings and their JSON Schema;
//! - `findings` — every finding specific to Canada.

mod assess;
mod config;
mod findings;
mod rules;
mod tariff;
mod tax;

#[cfg(test)]
mod tests;

use crossdock_sdk::prelude::*;

pub use config::{Channel, Config};

/// The plugin.
pub struct CaCustoms;

/// The plugin's name, as in its metadata and its messages.
pub const NAME: &str = "customs-ca";

impl CustomsPlugin for CaCustoms {
    fn metadata() -> Metadata {
        Metadata {
            name: NAME.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Customs,
            description: "Canadian import duty and GST/HST: HST by destination province (13% ON, 14% NS, 15% NB, NL, \
                          PE; GST 5% elsewhere), the CAD 20 remission by mail and courier, the CUSMA courier \
                          thresholds from the US and Mexico (duty CAD 150, tax CAD 40), MFN duty for common goods, \
                          CUSMA preference, documents and findings for missing or malformed HS codes and restricted \
                          goods"
                .into(),
            covers: vec!["CA".into()],
            config_schema: config::SCHEMA.into(),
        }
    }

    fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
        assess::assess(ctx, shipment)
    }
}

export_customs!(CaCustoms);
