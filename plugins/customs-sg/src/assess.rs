//! One Singapore assessment, step by step, on the SDK's `AssessmentBuilder`: classify and
//! convert into SGD, value (CIF), restrictions and dutiable goods, then GST line by line —
//! at checkout for low-value items sold by an OVR-registered vendor, at import for the rest
//! unless the consignment's import relief applies — then documents.
//!
//! Decisions recorded here:
//! - The SGD 400 low-value test is per item, on the item's sale price (unit price, converted):
//!   Singapore Customs applies it to "each item individually". The import relief is per
//!   consignment, on the CIF value of all its lines (goods + the shipping, which is the freight
//!   to Singapore; insurance is not part of the contract).
//! - A low-value item taxed at checkout is not taxed again at import in this assessment — that is
//!   the law when the courier has the vendor's GST data — but when the consignment's CIF value
//!   exceeds SGD 400 a `double_tax_risk` warning says what happens if it does not.
//! - `collect` is `delivery` whenever any GST is due at import (a `mixed_collection` finding
//!   names the SKUs taxed at checkout too), `checkout` when GST is charged only at sale, and
//!   `delivery` when nothing is due (the relief is granted at the border).
//! - `de_minimis_applied` is true when the import relief spared at least one line.

use crossdock_sdk::customs::builder::not_covered;
use crossdock_sdk::customs::{AssessmentBuilder, DANGEROUS_GOODS, SdrRate, Valuation};
use crossdock_sdk::{Assessment, CollectAt, Ctx, CurrencyCode, Money, PluginError, Shipment};

use crate::config::{Channel, Config, Transport};
use crate::{findings, rules, tables};

/// Where a line's GST is collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Where {
    Checkout,
    Import,
    Relieved,
}

/// Assesses `shipment` under Singapore's rules on the event's day.
pub fn assess(ctx: &Ctx, shipment: &Shipment) -> Result<Assessment, PluginError> {
    let destination = shipment.destination.country;
    if destination.as_str() != "SG" {
        return Err(not_covered("customs-sg", "Singapore (SG)", destination));
    }
    let config: Config = ctx.config()?;
    config.validate()?;
    let sgd: CurrencyCode = "SGD".parse().map_err(|e| PluginError::new("internal", format!("{e}")))?;

    let mut a = AssessmentBuilder::new(ctx, shipment, "customs-sg", sgd, Valuation::Cif)?;
    if a.lacks_fx() {
        return a.finish(CollectAt::Delivery, false);
    }
    a.apply_restrictions(&tables::RESTRICTED);
    a.apply_restrictions(&DANGEROUS_GOODS);
    let dutiable = dutiable_lines(&mut a);

    let today = ctx.now().date();
    let gst = rules::gst_on(&today);
    let bp = gst.standard_bp;
    a.note(gst.as_of);

    let by_air_or_post = config.channel == Channel::Postal || config.transport == Transport::Air;
    let ovr = config.ovr_registered && a.on_or_after(rules::OVR_LVG_FROM);
    let cif = a.customs_value_total()?;
    let relief = by_air_or_post && cif.amount <= rules::IMPORT_RELIEF_LIMIT_SGD_CENTS;

    // Where each line is taxed, then its GST.
    let mut places = Vec::with_capacity(a.lines().len());
    let mut unregistered_lvg: Vec<String> = Vec::new();
    for (line, dutiable) in a.lines().iter().zip(&dutiable) {
        let low_value = by_air_or_post
            && !dutiable
            && line.goods.amount <= rules::LVG_ITEM_LIMIT_SGD_CENTS.saturating_mul(i64::from(line.quantity));
        let place = if low_value && ovr {
            Where::Checkout
        } else if relief && !dutiable {
            Where::Relieved
        } else {
            Where::Import
        };
        if low_value && !ovr && a.on_or_after(rules::OVR_LVG_FROM) {
            unregistered_lvg.push(line.sku.clone());
        }
        places.push(place);
    }
    for (line, place) in a.lines_mut().iter_mut().zip(&places) {
        let base = match place {
            Where::Checkout => line.goods.checked_add(line.shipping)?,
            Where::Import => line.customs_value.checked_add(line.duty)?,
            Where::Relieved => Money::zero(line.goods.currency),
        };
        line.tax_rate_bp = if *place == Where::Relieved { 0 } else { bp };
        line.tax = base.percent_bp(line.tax_rate_bp)?;
    }

    let skus = |a: &AssessmentBuilder<'_, '_>, want: Where| -> Vec<String> {
        a.lines().iter().zip(&places).filter(|(_, p)| **p == want).map(|(l, _)| l.sku.clone()).collect()
    };
    let sum = |a: &AssessmentBuilder<'_, '_>, want: Where| -> Result<Money, PluginError> {
        let taxes = a.lines().iter().zip(&places).filter(|(_, p)| **p == want).map(|(l, _)| l.tax);
        Ok(Money::sum(sgd, taxes)?)
    };
    let (at_checkout, at_import) = (skus(&a, Where::Checkout), skus(&a, Where::Import));
    let (checkout_tax, import_tax) = (sum(&a, Where::Checkout)?, sum(&a, Where::Import)?);

    if !by_air_or_post {
        a.finding(findings::no_relief_by_sea_or_land());
    }
    if !at_checkout.is_empty() {
        a.note(rules::OVR_LVG_FROM);
        a.finding(findings::gst_at_checkout(bp, &at_checkout.join(", "), checkout_tax));
        if config.gst_registration_number.is_none() {
            a.finding(findings::gst_registration_number_missing());
        }
        if by_air_or_post && !relief {
            a.finding(findings::double_tax_risk(cif));
        }
    }
    if !unregistered_lvg.is_empty() {
        a.finding(findings::ovr_not_registered(&unregistered_lvg.join(", ")));
    }
    let relieved = places.contains(&Where::Relieved);
    if relieved {
        a.finding(findings::import_relief(cif));
    }
    if !at_import.is_empty() {
        a.finding(findings::import_gst(bp, &at_import.join(", "), cif, import_tax));
    }
    if !at_checkout.is_empty() && !at_import.is_empty() {
        a.finding(findings::mixed_collection(&at_checkout.join(", "), &at_import.join(", ")));
    }
    if !dutiable.iter().any(|d| *d) {
        a.finding(findings::no_customs_duty());
    }

    let sdr = SdrRate {
        currency: "SGD",
        micros: config.sdr_sgd_micros,
        as_of: &config.sdr_sgd_as_of,
        source: "IMF via Business Recorder, or as configured",
    };
    a.trade_documents((config.channel == Channel::Postal).then_some(&sdr), config.claim_preference)?;
    if config.claim_preference {
        a.finding(findings::preference_claimed());
    }

    let collect =
        if !import_tax.is_zero() || checkout_tax.is_zero() { CollectAt::Delivery } else { CollectAt::Checkout };
    a.finish(collect, relieved)
}

/// Which lines are dutiable goods; each one gets a blocking finding.
fn dutiable_lines(a: &mut AssessmentBuilder<'_, '_>) -> Vec<bool> {
    let mut flags = Vec::with_capacity(a.lines().len());
    let mut found = Vec::new();
    for line in a.lines() {
        let row = line.hs.as_ref().and_then(|hs| tables::DUTIABLE.lookup(hs).map(|row| (hs, row)));
        if let Some((hs, row)) = row {
            found.push((findings::dutiable_goods(&line.sku, hs, row.goods), row.as_of));
        }
        flags.push(row.is_some());
    }
    for (finding, as_of) in found {
        a.note(as_of);
        a.finding(finding);
    }
    flags
}
