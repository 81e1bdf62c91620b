//! One New Zealand assessment, step by step, on the SDK's `AssessmentBuilder`: classify and
//! convert into NZD, value (FOB), restrictions, then the low-value or the border regime by the
//! event's day and the customs value, then documents and preference findings.
//!
//! Decisions recorded here:
//! - The NZD 1,000 test is on the consignment's customs value: the goods' FOB price, freight and
//!   insurance excluded (N1), converted with the host's dated rate.
//! - Low-value goods sold by a registered offshore supplier: GST on goods + delivery, collected
//!   at checkout. By an unregistered supplier: nothing is assessed (a supplier under NZD 60,000
//!   a year owes none), with a warning, as the plugin cannot know the turnover.
//! - The border levy since 2026-04-01 is reported as an info finding with its amount (levy, its
//!   GST, total), not as a tax line: it is a cost-recovery levy per consignment, billed to the
//!   declarant (courier or postal operator), neither duty nor GST on the goods. Folding it into
//!   `tax` would misstate the GST the merchant collects and reports; the merchant who bears it
//!   under DDP gets the exact figure from the finding.
//! - Above NZD 1,000: duty at the normal rate on the customs value; GST on the customs value plus
//!   duty and freight (insurance is not part of the contract), collected at delivery.

use crossdock_sdk::customs::builder::not_covered;
use crossdock_sdk::customs::preference::dutiable_skus_by;
use crossdock_sdk::customs::{AssessmentBuilder, DANGEROUS_GOODS, SdrRate, TaxBase, Valuation};
use crossdock_sdk::{Assessment, CollectAt, Ctx, CurrencyCode, Money, PluginError, Shipment};

use crate::config::{Channel, Config, Transport};
use crate::{findings, rules, tables};

/// Assesses `shipment` under New Zealand's rules on the event's day.
pub fn assess(ctx: &Ctx, shipment: &Shipment) -> Result<Assessment, PluginError> {
    let destination = shipment.destination.country;
    if destination.as_str() != "NZ" {
        return Err(not_covered("customs-nz", "New Zealand (NZ)", destination));
    }
    let config: Config = ctx.config()?;
    config.validate()?;
    let nzd: CurrencyCode = "NZD".parse().map_err(|e| PluginError::new("internal", format!("{e}")))?;

    let mut a = AssessmentBuilder::new(ctx, shipment, "customs-nz", nzd, Valuation::Fob)?;
    if a.lacks_fx() {
        return a.finish(CollectAt::Delivery, false);
    }
    a.apply_restrictions(&tables::RESTRICTED);
    a.apply_restrictions(&DANGEROUS_GOODS);
    excise_goods(&mut a);

    let value = a.customs_value_total()?;
    let (collect, de_minimis) = if value.amount <= rules::LOW_VALUE_LIMIT_NZD_CENTS {
        let result = low_value_goods(&mut a, &config, value)?;
        if a.on_or_after(rules::LEVY_FROM) {
            border_levy(&mut a, &config, nzd)?;
        }
        result
    } else {
        border_goods(&mut a, &config, value)?
    };

    documents(&mut a, &config)?;
    preferences(&mut a, &config);
    a.finish(collect, de_minimis)
}

fn excise_goods(a: &mut AssessmentBuilder<'_, '_>) {
    let mut found = Vec::new();
    for line in a.lines() {
        if let Some(hs) = &line.hs
            && let Some(row) = tables::EXCISE.lookup(hs)
        {
            found.push(findings::excise_goods(&line.sku, hs, row.goods));
        }
    }
    found.into_iter().for_each(|f| a.finding(f));
}

/// ≤ NZD 1,000: no duty, no border GST; GST at checkout from registered suppliers (since 2019-12-01).
fn low_value_goods(
    a: &mut AssessmentBuilder<'_, '_>,
    config: &Config,
    value: Money,
) -> Result<(CollectAt, bool), PluginError> {
    a.apply_duty(&tables::DUTY, false)?;
    a.waive_duty();
    if !a.on_or_after(rules::OFFSHORE_GST_FROM) {
        a.waive_tax();
        a.finding(findings::before_offshore_gst(value));
        return Ok((CollectAt::Delivery, true));
    }
    a.note(rules::OFFSHORE_GST_FROM);
    a.finding(findings::low_value_no_duty(value));
    if config.gst_registered {
        a.apply_tax(&tables::GST, TaxBase::GOODS_AND_SHIPPING)?;
        let tax = a.tax_total()?;
        a.finding(findings::gst_at_checkout(a.goods_total()?, tax));
        if config.gst_number.is_none() {
            a.finding(findings::gst_number_missing());
        }
    } else {
        a.waive_tax();
        a.finding(findings::gst_not_registered(a.goods_total()?));
    }
    Ok((CollectAt::Checkout, true))
}

/// The per-consignment (courier) or per-kilogram (mail) levy on low-value goods, as a finding.
fn border_levy(a: &mut AssessmentBuilder<'_, '_>, config: &Config, nzd: CurrencyCode) -> Result<(), PluginError> {
    let (how, levy) = match (config.channel, config.transport) {
        (Channel::Postal, _) => {
            let weight = a.weight_g();
            let levy = Money::new(rules::MAIL_LEVY_PER_KG_CENTS, nzd).ratio(i128::from(weight), 1000)?;
            (format!("import mail levy 1.28 NZD per kg × {weight} g"), levy)
        }
        (Channel::Courier, Transport::Air) => {
            ("low-value goods import levy per air consignment".to_owned(), Money::new(rules::LEVY_AIR_CENTS, nzd))
        }
        (Channel::Courier, Transport::Sea) => {
            ("low-value goods import levy per sea consignment".to_owned(), Money::new(rules::LEVY_SEA_CENTS, nzd))
        }
    };
    let gst = levy.percent_bp(rules::GST_BP)?;
    let total = levy.checked_add(gst)?;
    a.note(rules::LEVY_FROM);
    a.finding(findings::border_levy(&how, levy, gst, total));
    Ok(())
}

/// > NZD 1,000: duty on the FOB value, GST on value + duty + freight, both at the border.
fn border_goods(
    a: &mut AssessmentBuilder<'_, '_>,
    config: &Config,
    value: Money,
) -> Result<(CollectAt, bool), PluginError> {
    a.apply_duty(&tables::DUTY, true)?;
    ceiling_warnings(a);
    a.apply_tax(&tables::GST, TaxBase::GOODS_SHIPPING_AND_DUTY)?;
    let (duty, tax, freight) = (a.duty_total()?, a.tax_total()?, a.shipping());
    a.finding(findings::border_gst(value, duty, freight, tax));
    if a.on_or_after(rules::LEVY_FROM) {
        a.finding(findings::high_value_levies_not_assessed());
    }
    if config.gst_registered {
        a.finding(findings::offshore_gst_not_applicable(value));
    }
    Ok((CollectAt::Delivery, false))
}

fn ceiling_warnings(a: &mut AssessmentBuilder<'_, '_>) {
    a.flag_lines(
        &tables::CEILINGS,
        |line| line.duty_rate_bp > 0,
        |line, hs, row| findings::duty_rate_ceiling(&line.sku, hs, line.duty_rate_bp, row.value),
    );
}

fn documents(a: &mut AssessmentBuilder<'_, '_>, config: &Config) -> Result<(), PluginError> {
    let sdr = SdrRate {
        currency: "NZD",
        micros: config.sdr_nzd_micros,
        as_of: &config.sdr_nzd_as_of,
        source: "IMF via Business Recorder, or as configured",
    };
    a.trade_documents((config.channel == Channel::Postal).then_some(&sdr), config.claim_preference)
}

fn preferences(a: &mut AssessmentBuilder<'_, '_>, config: &Config) {
    if config.claim_preference {
        a.finding(findings::preference_claimed());
        return;
    }
    let found: Vec<_> = dutiable_skus_by(a.lines(), rules::agreement_for)
        .iter()
        .map(|(agreement, skus)| findings::preference_may_apply(agreement, &skus.join(", ")))
        .collect();
    found.into_iter().for_each(|f| a.finding(f));
}
