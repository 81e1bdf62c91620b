//! customs-nz: crossdock's first-party customs plugin for imports into New Zealand, written only
//! against the public SDK, as a third party would write one.
//!
//! What it does, per shipment, on the event's day:
//! - goods with a customs value (FOB, goods only) of at most NZD 1,000: no duty and no GST at
//!   the border; GST of 15 % on the price incl. delivery is charged at checkout by a registered
//!   offshore supplier (since 2019-12-01); and, since 2026-04-01, the per-consignment goods
//!   management levy on low-value goods (NZD 2.21 + GST by air, 2.09 + GST by sea, 1.28 + GST
//!   per kg by post), reported as a finding with its amount;
//! - above NZD 1,000: duty on the customs value for a documented subset of goods, and GST at the
//!   border on customs value + duty + freight;
//! - the documents and findings for malformed HS codes, restricted goods, excise goods and trade
//!   agreements.
//!
//! Where things live:
//! - `assess` — the assessment, step by step, on the SDK's `AssessmentBuilder`;
//! - `rules` — thresholds, rates, the levy and their dates; trade agreements;
//! - `tables` — duty rates and restrictions by HS prefix, each row with its source and date;
//! - `config` — the merchant's settings and their JSON Schema;
//! - `findings` — every New Zealand-specific finding's code and message.

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
pub struct NzCustoms;

impl CustomsPlugin for NzCustoms {
    fn metadata() -> Metadata {
        Metadata {
            name: "customs-nz".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Customs,
            description: "New Zealand import duty and GST: GST 15 % at checkout by registered offshore suppliers on \
                          goods up to NZD 1,000 (no duty), the per-consignment border levy since 2026-04-01, duty and \
                          GST at the border above NZD 1,000, documents, restricted goods and HS-code findings"
                .into(),
            covers: vec!["NZ".into()],
            config_schema: config::SCHEMA.into(),
        }
    }

    fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
        assess::assess(ctx, &shipment)
    }
}

export_customs!(NzCustoms);
