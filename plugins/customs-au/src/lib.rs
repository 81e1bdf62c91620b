//! customs-au: crossdock's first-party customs plugin for imports into Australia, written only
//! against the public SDK, as a third party would write one.
//!
//! What it does, per shipment, on the event's day:
//! - goods with a customs value (FOB, goods only) of at most AUD 1,000: no duty and no GST at the
//!   border; GST of 10 % on the price incl. delivery is charged at checkout by a vendor registered
//!   under the low-value imported goods rules (in force since 2018-07-01), and not at all by one
//!   who is not (a warning says when that is wrong);
//! - above AUD 1,000: duty on the customs value for a documented subset of goods, and GST at the
//!   border on the value of the taxable importation (customs value + duty + transport);
//! - the documents (commercial invoice; CN22 or CN23 by post; a certificate of origin when a
//!   preference is claimed) and findings for malformed HS codes, restricted goods (prohibited
//!   weapons, vaping goods, lithium batteries shipped alone, flammable or aerosol cosmetics),
//!   excise goods, and trade agreements that may lower the duty.
//!
//! Where things live:
//! - `assess` — the assessment, step by step, on the SDK's `AssessmentBuilder`;
//! - `rules` — the thresholds, the rates and their dates, the ABN check, trade agreements;
//! - `tables` — duty rates and restrictions by HS prefix, each row with its source and date;
//! - `config` — the merchant's settings and their JSON Schema;
//! - `findings` — every Australia-specific finding's code and message.

mod assess;
mod config;
mod findings;
mod rules;
mod tables;

#[cfg(test)]
mod tests;

use crossdock_sdk::prelude::*;

pub use config::{Channel, Config};

/// The plugin.
pub struct AuCustoms;

impl CustomsPlugin for AuCustoms {
    fn metadata() -> Metadata {
        Metadata {
            name: "customs-au".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Customs,
            description: "Australian import duty and GST: GST 10 % at checkout by registered vendors on goods up to \
                          AUD 1,000 (no duty), duty on the FOB value and GST on the value of the taxable importation \
                          above it, documents, restricted goods and HS-code findings"
                .into(),
            covers: vec!["AU".into()],
            config_schema: config::SCHEMA.into(),
        }
    }

    fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
        assess::assess(ctx, &shipment)
    }
}

export_customs!(AuCustoms);
