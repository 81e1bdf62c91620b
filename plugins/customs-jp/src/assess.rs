//! One Japanese assessment, step by step, on the SDK's `AssessmentBuilder`: classify and convert
//! into JPY, value (CIF, with the personal-use rule), decide line by line whether the small-value
//! exemption covers it, then duty, consumption tax, documents and findings.
//!
//! Decisions recorded here:
//! - Personal-use valuation (until 2028-04-01): the goods are valued at 60 % of the price paid
//!   (the overseas retail price) and the line's full share of the freight is added, since the
//!   customs value is CIF. Sources quote "retail price × 0.6" without saying whether freight is
//!   scaled; scaling only the goods is the reading under which the wholesale-level price replaces
//!   the retail price and the transport stays what it cost.
//! - The JPY 10,000 test is on the consignment's total taxable value, excluded goods included
//!   (Customs Answer 1006: the total per declaration). Below it, excluded goods are taxed and the
//!   others are not; goods only some sources exclude are exempted, with a warning.
//! - Duty and tax are per line, rounded half away from zero, so the totals are the sums of the
//!   lines; Customs rounds per declaration (an info finding says so).
//! - From 2028-04-01, an item priced at most JPY 10,000 sold by a registered seller carries
//!   consumption tax at checkout on its price incl. delivery, and none at import; its duty still
//!   follows the border rules. `collect` is `delivery` whenever anything is due at import.

use crossdock_sdk::customs::builder::not_covered;
use crossdock_sdk::customs::findings::outside_duty_table;
use crossdock_sdk::customs::preference::dutiable_skus_by;
use crossdock_sdk::customs::{AssessmentBuilder, DANGEROUS_GOODS, SdrRate, Valuation};
use crossdock_sdk::{Assessment, CollectAt, Ctx, CurrencyCode, Document, Money, PluginError, Shipment};

use crate::config::{Channel, Config};
use crate::tables::Exclusion;
use crate::{findings, rules, tables};

/// What happens to one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Treatment {
    /// Duty and (unless `seller_tax`) consumption tax at import.
    taxed: bool,
    /// Consumption tax charged at checkout by a registered seller (from 2028-04-01).
    seller_tax: bool,
}

/// Assesses `shipment` under Japan's rules on the event's day.
pub fn assess(ctx: &Ctx, shipment: &Shipment) -> Result<Assessment, PluginError> {
    let destination = shipment.destination.country;
    if destination.as_str() != "JP" {
        return Err(not_covered("customs-jp", "Japan (JP)", destination));
    }
    let config: Config = ctx.config()?;
    config.validate()?;
    let jpy: CurrencyCode = "JPY".parse().map_err(|e| PluginError::new("internal", format!("{e}")))?;

    let mut a = AssessmentBuilder::new(ctx, shipment, "customs-jp", jpy, Valuation::Cif)?;
    if a.lacks_fx() {
        return a.finish(CollectAt::Delivery, false);
    }
    a.apply_restrictions(&tables::RESTRICTED);
    a.apply_restrictions(&DANGEROUS_GOODS);
    value_personal_use(&mut a, &config)?;

    let value = a.customs_value_total()?;
    let small = value.amount <= rules::SMALL_VALUE_LIMIT_JPY;
    let reform = a.on_or_after(rules::LOW_VALUE_JCT_FROM);
    let treatments = treat_lines(&mut a, &config, value, reform);

    duty(&mut a, &treatments)?;
    consumption_tax(&mut a, &treatments, jpy)?;
    report(&mut a, &treatments, value, reform, jpy)?;

    a.document(Document::CommercialInvoice);
    if config.channel == Channel::Postal {
        let sdr = SdrRate {
            currency: "JPY",
            micros: config.sdr_jpy_micros,
            as_of: &config.sdr_jpy_as_of,
            source: "IMF via Business Recorder, or as configured",
        };
        a.postal_declaration(&sdr)?;
    }
    preferences(&mut a, &config);

    let at_import = !a.duty_total()?.is_zero() || has_import_tax(&a, &treatments);
    let at_checkout = a.lines().iter().zip(&treatments).any(|(l, t)| t.seller_tax && !l.tax.is_zero());
    let collect = if at_checkout && !at_import { CollectAt::Checkout } else { CollectAt::Delivery };
    let exempted = small && treatments.iter().any(|t| !t.taxed);
    a.finish(collect, exempted)
}

/// Personal-use goods: 60 % of the goods plus the freight share, until 2028-04-01.
fn value_personal_use(a: &mut AssessmentBuilder<'_, '_>, config: &Config) -> Result<(), PluginError> {
    if !config.personal_use {
        return Ok(());
    }
    if a.on_or_after(rules::PERSONAL_USE_UNTIL) {
        a.note(rules::PERSONAL_USE_UNTIL);
        a.finding(findings::personal_use_valuation_ended());
        return Ok(());
    }
    for line in a.lines_mut() {
        line.customs_value = line.goods.percent_bp(rules::PERSONAL_USE_SHARE_BP)?.checked_add(line.shipping)?;
    }
    let (goods, value) = (a.goods_total()?, a.customs_value_total()?);
    a.finding(findings::personal_use_valuation(goods, value));
    Ok(())
}

/// Whether each line is taxed at import and whether its tax is the seller's; the exclusion and
/// excise findings.
fn treat_lines(a: &mut AssessmentBuilder<'_, '_>, config: &Config, value: Money, reform: bool) -> Vec<Treatment> {
    let small = value.amount <= rules::SMALL_VALUE_LIMIT_JPY;
    let mut treatments = Vec::with_capacity(a.lines().len());
    let mut found = Vec::new();
    let mut exempt_skus = Vec::new();
    for line in a.lines() {
        let row = line.hs.as_ref().and_then(|hs| tables::EXCLUDED.lookup(hs).map(|row| (hs, row)));
        let excluded = matches!(row, Some((_, r)) if matches!(r.value, Exclusion::Excluded | Exclusion::Excise));
        if let Some((hs, r)) = row {
            match r.value {
                Exclusion::Excise => found.push((findings::excise_not_assessed(&line.sku, hs, r.goods), r.as_of)),
                Exclusion::Excluded if small => {
                    found.push((findings::excluded_from_exemption(&line.sku, hs, r.goods), r.as_of));
                }
                Exclusion::Uncertain if small => {
                    found.push((findings::exclusion_uncertain(&line.sku, hs, r.goods), r.as_of));
                }
                _ => {}
            }
        }
        let taxed = !small || excluded;
        if !taxed {
            exempt_skus.push(line.sku.clone());
        }
        let low_value_item =
            line.goods.amount <= rules::LOW_VALUE_ITEM_LIMIT_JPY.saturating_mul(i64::from(line.quantity));
        let excise = matches!(row, Some((_, r)) if r.value == Exclusion::Excise);
        let seller_tax = reform && config.jct_low_value_registered && low_value_item && !excise;
        treatments.push(Treatment { taxed, seller_tax });
    }
    if small && !exempt_skus.is_empty() {
        let exemption = findings::small_value_exemption(value, &exempt_skus.join(", "));
        found.insert(0, (exemption, rules::SMALL_VALUE_READ));
    }
    // Unregistered sellers of low-value items after the reform.
    if reform && !config.jct_low_value_registered {
        let skus: Vec<&str> = a
            .lines()
            .iter()
            .filter(|l| l.goods.amount <= rules::LOW_VALUE_ITEM_LIMIT_JPY.saturating_mul(i64::from(l.quantity)))
            .map(|l| l.sku.as_str())
            .collect();
        if !skus.is_empty() {
            found.push((findings::jct_registration_required(&skus.join(", ")), rules::LOW_VALUE_JCT_FROM));
        }
    }
    for (finding, as_of) in found {
        a.note(as_of);
        a.finding(finding);
    }
    treatments
}

/// Duty per taxed line from the table; the table is consulted for exempt lines too, so the
/// merchant learns which products would block a dearer consignment.
fn duty(a: &mut AssessmentBuilder<'_, '_>, treatments: &[Treatment]) -> Result<(), PluginError> {
    let mut found = Vec::new();
    let mut dates = Vec::new();
    let currency = a.currency();
    for (line, t) in a.lines_mut().iter_mut().zip(treatments) {
        line.duty_rate_bp = 0;
        line.duty = Money::zero(currency);
        let Some(hs) = &line.hs else { continue };
        let Some(row) = tables::DUTY.lookup(hs) else {
            found.push(outside_duty_table(&line.sku, hs, "customs-jp", t.taxed));
            continue;
        };
        dates.push(row.as_of);
        if !t.taxed {
            continue;
        }
        line.duty_rate_bp = row.value.rate_bp();
        line.duty = line.customs_value.percent_bp(line.duty_rate_bp)?;
        if line.duty_rate_bp > 0
            && let Some(ceiling) = tables::CEILINGS.lookup(hs)
            && ceiling.prefix.len() == row.prefix.len()
        {
            found.push(findings::duty_rate_ceiling(&line.sku, hs, line.duty_rate_bp, ceiling.value));
        }
    }
    dates.into_iter().for_each(|d| a.note(d));
    found.into_iter().for_each(|f| a.finding(f));
    Ok(())
}

/// Consumption tax: at import on taxable value + duty; at checkout on price + delivery for the
/// seller's items; none on exempt lines.
fn consumption_tax(
    a: &mut AssessmentBuilder<'_, '_>,
    treatments: &[Treatment],
    jpy: CurrencyCode,
) -> Result<(), PluginError> {
    let mut dates = Vec::new();
    let mut food = Vec::new();
    for (line, t) in a.lines_mut().iter_mut().zip(treatments) {
        let base = if t.seller_tax {
            line.goods.checked_add(line.shipping)?
        } else if t.taxed {
            line.customs_value.checked_add(line.duty)?
        } else {
            line.tax_rate_bp = 0;
            line.tax = Money::zero(jpy);
            continue;
        };
        let (bp, as_of) = rules::JCT.rate(line.hs.as_ref());
        if bp != rules::JCT.standard_bp {
            food.push(line.sku.clone());
        }
        line.tax_rate_bp = bp;
        line.tax = base.percent_bp(bp)?;
        dates.push(as_of);
    }
    dates.into_iter().for_each(|d| a.note(d));
    if !food.is_empty() {
        a.finding(findings::reduced_rate_food(&food.join(", ")));
    }
    Ok(())
}

fn has_import_tax(a: &AssessmentBuilder<'_, '_>, treatments: &[Treatment]) -> bool {
    a.lines().iter().zip(treatments).any(|(l, t)| t.taxed && !t.seller_tax && !l.tax.is_zero())
}

/// The findings that explain where the money is collected.
fn report(
    a: &mut AssessmentBuilder<'_, '_>,
    treatments: &[Treatment],
    value: Money,
    reform: bool,
    jpy: CurrencyCode,
) -> Result<(), PluginError> {
    let mut import_skus = Vec::new();
    let mut seller_skus = Vec::new();
    let (mut import_tax, mut seller_tax) = (Money::zero(jpy), Money::zero(jpy));
    for (line, t) in a.lines().iter().zip(treatments) {
        if t.seller_tax {
            seller_skus.push(line.sku.clone());
            seller_tax = seller_tax.checked_add(line.tax)?;
        } else if t.taxed {
            import_skus.push(line.sku.clone());
            import_tax = import_tax.checked_add(line.tax)?;
        }
    }
    // Duty on the seller's items is still collected at import.
    let duty = a.duty_total()?;
    if !import_skus.is_empty() || !duty.is_zero() {
        let skus = if import_skus.is_empty() { &seller_skus } else { &import_skus };
        a.finding(findings::border_taxes(&skus.join(", "), duty, import_tax));
    }
    if reform && !seller_skus.is_empty() {
        a.note(rules::LOW_VALUE_JCT_FROM);
        a.finding(findings::jct_at_checkout(&seller_skus.join(", "), seller_tax));
    }
    if !duty.is_zero() && value.amount <= rules::SIMPLIFIED_RATES_LIMIT_JPY {
        a.finding(findings::simplified_rates_may_apply(value));
    }
    if !duty.is_zero() || !import_tax.is_zero() {
        a.finding(findings::national_tax_rounding());
    }
    Ok(())
}

fn preferences(a: &mut AssessmentBuilder<'_, '_>, config: &Config) {
    if config.claim_preference {
        a.document(Document::CertificateOfOrigin);
        a.finding(findings::preference_claimed());
        return;
    }
    let found: Vec<_> = dutiable_skus_by(a.lines(), rules::agreement_for)
        .iter()
        .map(|(agreement, skus)| findings::preference_may_apply(agreement, &skus.join(", ")))
        .collect();
    found.into_iter().for_each(|f| a.finding(f));
}
