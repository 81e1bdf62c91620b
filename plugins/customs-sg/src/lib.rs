//! customs-sg: crossdock's first-party customs plugin for imports into Singapore, written only
//! against the public SDK, as a third party would write one.
//!
//! What it does, per shipment, on the event's day:
//! - GST at the rate in force (9 % since 2024-01-01, 8 % in 2023, 7 % before);
//! - low-value goods (sale value of at most SGD 400 per item, by air or post) sold by a vendor
//!   registered under the overseas vendor registration (OVR) regime since 2023-01-01: GST on the
//!   price incl. delivery at checkout, and none at import; the test is per item at sale while the
//!   import relief is per consignment, so a consignment over SGD 400 warns of double taxation;
//! - everything else: import GST on CIF + duty at the border, relieved for consignments of at
//!   most SGD 400 CIF by air or post (sea and land freight get no relief);
//! - no customs duty except on the four dutiable categories (liquor, tobacco, motor vehicles,
//!   petroleum), which block rather than guess a specific rate;
//! - documents, restricted goods (e-vaporisers, chewing tobacco, knives, lithium batteries,
//!   flammable or aerosol cosmetics) and HS-code findings.
//!
//! Where things live:
//! - `assess` — the assessment, step by step, on the SDK's `AssessmentBuilder`;
//! - `rules` — the GST calendar, the SGD 400 limits and their dates;
//! - `tables` — dutiable goods and restrictions by HS prefix, with sources and dates;
//! - `config` — the merchant's settings and their JSON Schema;
//! - `findings` — every Singapore-specific finding's code and message.

mod assess;
mod config;
mod findings;
mod rules;
mod tables;

#[cfg(test)]
mod tests;

use crossdock_sdk::prelude::*;

pub use config::{Channel, Config, Transport};

/// The plugin.
pub struct SgCustoms;

impl CustomsPlugin for SgCustoms {
    fn metadata() -> Metadata {
        Metadata {
            name: "customs-sg".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Customs,
            description:
                "Singapore GST on imports: 9 % at checkout by OVR-registered vendors on items up to SGD 400 by \
                          air or post, import GST on CIF above the SGD 400 consignment relief, double-tax warnings, no \
                          duty outside liquor, tobacco, motor vehicles and petroleum, documents and restricted goods"
                    .into(),
            covers: vec!["SG".into()],
            config_schema: config::SCHEMA.into(),
        }
    }

    fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
        assess::assess(ctx, &shipment)
    }
}

export_customs!(SgCustoms);
