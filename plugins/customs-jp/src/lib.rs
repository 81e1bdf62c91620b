//! customs-jp: crossdock's first-party customs plugin for imports into Japan, written only against
//! the public SDK, as a third party would write one.
//!
//! What it does, per shipment, on the event's day:
//! - values the goods CIF, and goods bought for the importer's personal use at 60 % of their
//!   overseas retail price (plus freight) until that rule ends on 2028-04-01;
//! - waives duty and consumption tax when the consignment's total taxable value is at most
//!   JPY 10,000 (Customs Tariff Act art. 14(18)), except for the excluded goods of Cabinet Order
//!   art. 16-3 (liquor, tobacco, leather bags and gloves, knitted apparel, pantyhose, leather
//!   shoes, ski boots…), which are always taxed;
//! - otherwise charges duty by HS code for a documented subset of goods (statutory/WTO rates of
//!   the 2025-04-01 tariff schedule) and consumption tax of 10 % (8 % on food) on value + duty;
//! - from 2028-04-01, charges consumption tax at checkout on items of at most JPY 10,000 sold by
//!   a registered seller (FY2026 tax reform), and none at import on them;
//! - documents, restricted goods and HS-code findings.
//!
//! Where things live:
//! - `assess` — the assessment, step by step, on the SDK's `AssessmentBuilder`;
//! - `rules` — thresholds, valuation, the reform calendar, tax rates, trade agreements;
//! - `tables` — duty rates, exclusions and restrictions by HS prefix, with sources and dates;
//! - `config` — the merchant's settings and their JSON Schema;
//! - `findings` — every Japan-specific finding's code and message.

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
pub struct JpCustoms;

impl CustomsPlugin for JpCustoms {
    fn metadata() -> Metadata {
        Metadata {
            name: "customs-jp".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Customs,
            description: "Japanese import duty and consumption tax: the JPY 10,000 small-value exemption and its \
                          excluded goods, personal-use valuation at 60 % until 2028-04-01, duty by HS code for common \
                          ecommerce goods, consumption tax 10 % (8 % on food), seller-collected tax on low-value items \
                          from 2028-04-01, documents and restricted goods"
                .into(),
            covers: vec!["JP".into()],
            config_schema: config::SCHEMA.into(),
        }
    }

    fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
        assess::assess(ctx, &shipment)
    }
}

export_customs!(JpCustoms);
