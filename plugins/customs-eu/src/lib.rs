//! customs-eu: crossdock's first-party customs plugin for imports into the 27 EU member states,
//! written only against the public SDK, as a third party would write one.
//!
//! What it does, per shipment: VAT at the destination's standard rate; customs duty by tariff
//! heading for a documented subset of ecommerce goods; the EU's low-value rules as they stand on
//! the event's day (the €150 duty relief until 2026-06-30, the €3 per tariff classification from
//! 2026-07-01 to 2028-06-30, normal rates above €150 and afterwards); IOSS (VAT at checkout) or
//! import VAT at the border; the documents that must travel; and findings for missing or
//! malformed HS codes, unknown rates and anything else a merchant must act on.
//!
//! Where things live:
//! - `assess` — the assessment, step by step;
//! - `cents` — `i64` fast paths of the SDK's money arithmetic, proven equal to it;
//! - `rules` — the low-value rules, their dates and the postal forms;
//! - `tariff` — duty rates and trade-defence warnings, each with its source;
//! - `vat` — standard VAT rates (restating `data/eu-vat-standard-rates.json`);
//! - `config` — the merchant's settings and their JSON Schema;
//! - `findings` — every finding's code and message.
//!
//! The per-call budget is a few microseconds, so nothing here parses a table or allocates
//! much: rates are `const` tables searched by number, dates are compared as day numbers, money
//! stays in `i64` (`cents`), the benchmark's warnings are built without `core::fmt`, and the only
//! JSON read per call is the merchant's small configuration. Measured 2026-11-25 on the bench
//! shipment: 111,935 fuel under `crossdock plugin run` (a plugin that answers at once costs
//! ~44,000 for the SDK's glue on the same input), ~3 µs natively
//! (`cargo test -p customs-eu --release -- --ignored --nocapture`).

mod assess;
mod cents;
mod config;
mod findings;
mod rules;
mod tariff;
mod vat;

#[cfg(test)]
mod tests;

use crossdock_sdk::prelude::*;

pub use config::{Channel, Config};

/// The plugin.
pub struct EuCustoms;

impl CustomsPlugin for EuCustoms {
    fn metadata() -> Metadata {
        Metadata {
            name: "customs-eu".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Customs,
            description: "EU import duty and VAT for the 27 member states: standard VAT per member state, duty by \
                          tariff heading for common ecommerce goods, the low-value rules (EUR 150 relief, EUR 3 per \
                          item from 2026-07-01), IOSS, documents, and findings for missing or malformed HS codes"
                .into(),
            covers: vat::member_states(),
            config_schema: config::SCHEMA.into(),
        }
    }

    fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
        assess::assess(ctx, shipment)
    }
}

export_customs!(EuCustoms);
