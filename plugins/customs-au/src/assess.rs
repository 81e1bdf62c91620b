//! One Australian assessment, step by step, on the SDK's `AssessmentBuilder`: classify and
//! convert into AUD, value (FOB), restrictions, then one of three regimes by the event's day and
//! the customs value, then documents and preference findings.
//!
//! Decisions recorded here:
//! - The AUD 1,000 test is on the consignment's customs value: the goods' FOB price, transport
//!   and insurance excluded (A1), converted with the host's dated rate. The shipment's single
//!   `shipping_cost` is the international transport; its per-line share is still reported in the
//!   GST base where the law puts it (the price at checkout; the VoTI at the border).
//! - Low-value goods sold by a registered vendor: GST on goods + delivery, collected at checkout.
//!   By an unregistered vendor: nothing is assessed (a vendor under AUD 75,000 a year owes no
//!   GST), with a warning, because the plugin cannot know the vendor's turnover. Either way
//!   `collect` is `checkout` (nothing is due at the border) and `de_minimis_applied` is true.
//! - Above AUD 1,000: duty at the general rate on the customs value; GST on the customs value
//!   plus duty and transport (the VoTI; insurance is not part of the contract, so none is added),
//!   collected at delivery.
//! - Alcohol and tobacco are outside the low-value regime and pay excise-equivalent duty: a
//!   blocking finding rather than a wrong figure.

use crossdock_sdk::customs::builder::not_covered;
use crossdock_sdk::customs::preference::dutiable_skus_by;
use crossdock_sdk::customs::{AssessmentBuilder, DANGEROUS_GOODS, SdrRate, TaxBase, Valuation};
use crossdock_sdk::{Assessment, CollectAt, Ctx, CurrencyCode, Money, PluginError, Shipment};

use crate::config::{Channel, Config};
use crate::{findings, rules, tables};

/// Assesses `shipment` under Australia's rules on the event's day.
pub fn assess(ctx: &Ctx, shipment: &Shipment) -> Result<Assessment, PluginError> {
    let destination = shipment.destination.country;
    if destination.as_str() != "AU" {
        return Err(not_covered("customs-au", "Australia (AU)", destination));
    }
    let config: Config = ctx.config()?;
    config.validate()?;
    let aud: CurrencyCode = "AUD".parse().map_err(|e| PluginError::new("internal", format!("{e}")))?;

    let mut a = AssessmentBuilder::new(ctx, shipment, "customs-au", aud, Valuation::Fob)?;
    if a.lacks_fx() {
        return a.finish(CollectAt::Delivery, false);
    }
    a.apply_restrictions(&tables::RESTRICTED);
    a.apply_restrictions(&DANGEROUS_GOODS);
    excise_goods(&mut a);

    let value = a.customs_value_total()?;
    let low_value = value.amount <= rules::LOW_VALUE_LIMIT_AUD_CENTS;
    let (collect, de_minimis) =
        if low_value { low_value_goods(&mut a, &config, value)? } else { border_goods(&mut a, &config, value)? };

    documents(&mut a, &config)?;
    preferences(&mut a, &config);
    a.finish(collect, de_minimis)
}

/// One warning naming the lines charged 0 % as basic food.
fn gst_free_food(a: &mut AssessmentBuilder<'_, '_>) {
    let skus: Vec<&str> = a
        .lines()
        .iter()
        .filter(|l| l.hs.as_ref().is_some_and(|hs| tables::GST.reduced.lookup(hs).is_some()))
        .map(|l| l.sku.as_str())
        .collect();
    if !skus.is_empty() {
        let finding = findings::gst_free_food_assumed(&skus.join(", "));
        a.finding(finding);
    }
}

/// Lines of alcohol and tobacco: blocking, whatever the value.
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

/// ≤ AUD 1,000: no duty, no border GST; GST at checkout from registered vendors (since 2018-07-01).
fn low_value_goods(
    a: &mut AssessmentBuilder<'_, '_>,
    config: &Config,
    value: Money,
) -> Result<(CollectAt, bool), PluginError> {
    // The duty table is still consulted, so the merchant learns which products would block a
    // dearer consignment.
    a.apply_duty(&tables::DUTY, false)?;
    a.waive_duty();
    if !a.on_or_after(rules::LVIG_FROM) {
        a.waive_tax();
        a.finding(findings::before_low_value_gst(value));
        return Ok((CollectAt::Delivery, true));
    }
    a.note(rules::LVIG_FROM);
    a.finding(findings::low_value_no_duty(value));
    if config.gst_registered {
        a.apply_tax(&tables::GST, TaxBase::GOODS_AND_SHIPPING)?;
        gst_free_food(a);
        let tax = a.tax_total()?;
        a.finding(findings::gst_at_checkout(a.goods_total()?, tax));
        if config.gst_registration_number.is_none() {
            a.finding(findings::gst_registration_number_missing());
        }
    } else {
        a.waive_tax();
        a.finding(findings::gst_not_registered(a.goods_total()?));
    }
    Ok((CollectAt::Checkout, true))
}

/// > AUD 1,000: duty on the FOB value, GST on the VoTI, both at the border.
fn border_goods(
    a: &mut AssessmentBuilder<'_, '_>,
    config: &Config,
    value: Money,
) -> Result<(CollectAt, bool), PluginError> {
    a.apply_duty(&tables::DUTY, true)?;
    ceiling_warnings(a);
    a.apply_tax(&tables::GST, TaxBase::GOODS_SHIPPING_AND_DUTY)?;
    gst_free_food(a);
    let (duty, tax, transport) = (a.duty_total()?, a.tax_total()?, a.shipping());
    a.finding(findings::border_gst_on_voti(value, duty, transport, tax));
    if config.gst_registered {
        a.finding(findings::lvig_not_applicable(value));
    }
    Ok((CollectAt::Delivery, false))
}

/// One warning per line whose duty row is a ceiling, when duty is charged.
fn ceiling_warnings(a: &mut AssessmentBuilder<'_, '_>) {
    a.flag_lines(
        &tables::CEILINGS,
        |line| line.duty_rate_bp > 0,
        |line, hs, row| findings::duty_rate_ceiling(&line.sku, hs, line.duty_rate_bp, row.value),
    );
}

fn documents(a: &mut AssessmentBuilder<'_, '_>, config: &Config) -> Result<(), PluginError> {
    let sdr = SdrRate {
        currency: "AUD",
        micros: config.sdr_aud_micros,
        as_of: &config.sdr_aud_as_of,
        source: "IMF via Business Recorder, or as configured",
    };
    a.trade_documents((config.channel == Channel::Postal).then_some(&sdr), config.claim_preference)
}

/// A preference finding per agreement whose partners' goods paid duty; or the claim noted.
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
