//! customs-no: crossdock's first-party customs plugin for imports into Norway, written only
//! against the public SDK (`crossdock_sdk::customs` does the shared arithmetic).
//!
//! What it does, per shipment, in Norwegian kroner:
//! - VOEC (`voec_number` set): items priced under NOK 3,000 each, other than food, restricted and
//!   excise goods, carry 25 % VAT charged at checkout on the price including shipping and enter
//!   duty-free;
//! - everything else pays VAT at import from the first krone (since 2024-01-01) on the CIF
//!   customs value plus duty, and duty by heading where documented (shoes, books and laptops are
//!   duty-free; clothing may be dutiable at rates not documented here, so it is reported
//!   `outside_duty_table`); books and periodicals are VAT-free;
//! - documents (commercial invoice; CN22/CN23 by post; certificate of origin when a preference is
//!   claimed), restriction warnings (lithium batteries alone, aerosols and perfume, switchblades
//!   and butterfly knives), HS-code findings, and FX through the host's dated table.
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
pub const PLUGIN: &str = "customs-no";

/// The plugin.
pub struct NoCustoms;

impl CustomsPlugin for NoCustoms {
    fn metadata() -> Metadata {
        Metadata {
            name: PLUGIN.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Customs,
            description: "Norwegian import VAT and duty: VOEC (VAT at checkout, duty-free, items under NOK 3,000), \
                          VAT from the first krone at import otherwise, 25% VAT with books exempt, duty by heading \
                          for documented goods, documents, restrictions and HS-code findings"
                .into(),
            covers: vec!["NO".into()],
            config_schema: config::SCHEMA.into(),
        }
    }

    fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
        assess::assess(ctx, shipment)
    }
}

export_customs!(NoCustoms);
