//! customs-gb: crossdock's first-party customs plugin for imports into the United Kingdom,
//! written only against the public SDK (`crossdock_sdk::customs` does the shared arithmetic).
//!
//! What it does, per shipment:
//! - consignments of goods worth at most £135: no duty and no import VAT; UK VAT (20 %, printed
//!   matter 0 %) charged at the point of sale by the seller or the marketplace, on the price
//!   including delivery — `collect: checkout`; the relief's announced end (by March 2029) noted;
//! - above £135: duty by heading on the CIF value for the goods whose UK Global Tariff rate is
//!   documented here (others are reported `outside_duty_table`), zero duty for EU-origin goods
//!   when the TCA preference is claimed, import VAT on value + duty — `collect: delivery`;
//! - the documents (commercial invoice; CN22/CN23 by post; statement of origin for a
//!   preference), restriction warnings (lithium batteries alone, aerosols and perfume, knives),
//!   HS-code findings, and FX through the host's dated table.
//!
//! Where things live: `assess` (the rules, in order), `data` (every figure with its source and
//! date), `config` (the merchant's settings and their schema), `findings` (messages of the
//! findings only this plugin reports).

mod assess;
mod config;
mod data;
mod findings;

#[cfg(test)]
mod tests;

use crossdock_sdk::prelude::*;

pub use config::{Channel, Config};

/// The plugin's name, as in its metadata and its messages.
pub const PLUGIN: &str = "customs-gb";

/// The plugin.
pub struct GbCustoms;

impl CustomsPlugin for GbCustoms {
    fn metadata() -> Metadata {
        Metadata {
            name: PLUGIN.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Customs,
            description: "UK import duty and VAT: the 135 GBP rules (VAT at checkout, no duty) and border VAT and \
                          duty above them, 20% VAT with printed matter zero-rated, duty by heading for documented \
                          goods, EU-UK TCA preference, documents, restrictions and HS-code findings"
                .into(),
            covers: vec!["GB".into()],
            config_schema: config::SCHEMA.into(),
        }
    }

    fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
        assess::assess(ctx, shipment)
    }
}

export_customs!(GbCustoms);
