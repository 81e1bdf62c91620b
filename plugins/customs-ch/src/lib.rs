//! customs-ch: crossdock's first-party customs plugin for imports into Switzerland, written only
//! against the public SDK (`crossdock_sdk::customs` does the shared arithmetic).
//!
//! What it does, per shipment, in Swiss francs:
//! - duty: industrial goods (HS chapters 25–97 but 35 and 38) are duty-free since 2024-01-01;
//!   agricultural goods pay specific duties per gross kg that are not documented here, so they
//!   are reported `outside_duty_table` (blocking);
//! - import VAT at 8.1 % (2.6 % for printed books and periodicals) on the price plus the costs up
//!   to the destination plus duty, not levied when it comes to at most CHF 5 — or, for a
//!   registered mail-order seller (`swiss_vat_number`), Swiss VAT charged at checkout on every
//!   delivery;
//! - documents (commercial invoice; CN22/CN23 by post), restriction warnings (lithium batteries
//!   alone, aerosols and perfume, knives under the Weapons Ordinance), HS-code findings, and FX
//!   through the host's dated table.
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
pub const PLUGIN: &str = "customs-ch";

/// The plugin.
pub struct ChCustoms;

impl CustomsPlugin for ChCustoms {
    fn metadata() -> Metadata {
        Metadata {
            name: PLUGIN.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Customs,
            description: "Swiss import VAT and duty: 8.1% VAT (2.6% books) on price, transport and duty, not levied \
                          up to CHF 5; registered mail-order sellers charge VAT at checkout; industrial goods \
                          duty-free since 2024; documents, restrictions and HS-code findings"
                .into(),
            covers: vec!["CH".into()],
            config_schema: config::SCHEMA.into(),
        }
    }

    fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
        assess::assess(ctx, shipment)
    }
}

export_customs!(ChCustoms);
