//! customs-us: crossdock's first-party customs plugin for imports into the United States,
//! written only against the public SDK, as a third party would write one.
//!
//! What it does, per shipment, under the rules in force on the event's day (`ctx.now()`):
//! - no federal import tax: sales tax is a state matter owed by the seller, not collected at the
//!   border, so tax is 0 and an info finding says so;
//! - the low-value rules as they moved: Section 321's $800 de minimis until 2025-08-28 (withdrawn
//!   for products of China and Hong Kong from 2025-05-02), then no de minimis for any origin —
//!   suspended by executive order from 2025-08-29 and codified by CBP's interim final rules of
//!   2026-06-24 — so every commercial shipment owes duty (informational materials such as books,
//!   which the suspension leaves out, excepted);
//! - duty by HTSUS heading for a documented subset of ecommerce goods (general column rates), plus
//!   Section 301 on products of China where the table shows the heading on a list in force, plus
//!   the Section 122 surcharge of 10 % from 2026-02-24 to 2026-07-23; the regime applied is named
//!   in a finding;
//! - valuation FOB: the international freight is not part of the dutiable value;
//! - who collects: the carrier or broker at delivery, or the merchant at checkout when DDP;
//! - documents: commercial invoice; CN22/CN23 by post; certificate of origin for a USMCA claim;
//! - HS-code validation, restriction findings, and conversion through the host's FX table.
//!
//! Where things live:
//! - `assess` — the assessment, step by step;
//! - `regime` — the calendar of low-value rules and surcharges, with dates and sources;
//! - `tariff` — HTSUS general rates, Section 301 and Section 122 status per heading, restricted
//!   goods, each row with its source and date;
//! - `config` — the merchant's settings and their JSON Schema;
//! - `findings` — every finding specific to the United States.

mod assess;
mod config;
mod findings;
mod regime;
mod tariff;

#[cfg(test)]
mod tests;

use crossdock_sdk::prelude::*;

pub use config::{Channel, Config};

/// The plugin.
pub struct UsCustoms;

/// The plugin's name, as in its metadata and its messages.
pub const NAME: &str = "customs-us";

impl CustomsPlugin for UsCustoms {
    fn metadata() -> Metadata {
        Metadata {
            name: NAME.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Customs,
            description: "US import duty: HTSUS general rates for common ecommerce goods, Section 301 on products \
                          of China, the Section 122 surcharge (2026-02-24 to 2026-07-23), no de minimis since \
                          2025-08-29 (Section 321 $800 before), FOB valuation, no federal import tax, documents and \
                          findings for missing or malformed HS codes and restricted goods"
                .into(),
            covers: vec!["US".into()],
            config_schema: config::SCHEMA.into(),
        }
    }

    fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
        assess::assess(ctx, shipment)
    }
}

export_customs!(UsCustoms);
