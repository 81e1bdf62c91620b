//! One assessment, step by step: scope, classification, conversion to euros, duty, VAT,
//! documents. The rules themselves live in `rules`, `tariff` and `vat`; this file applies them
//! to a shipment and keeps the arithmetic exact.
//!
//! Money stays in integer cents throughout. The shipment's single `shipping_cost` is taken as the
//! transport to the EU border and on to the buyer: it is spread over the lines in proportion to
//! their goods value (largest remainder, as `Money::allocate`, so the parts add up to the whole) and each line's
//! customs value is its goods plus its share (CIF). Duty and VAT are rounded per line, half away
//! from zero, and the totals are the sums of the lines, so they always agree.
//!
//! Decisions recorded here:
//! - The €3 flat duty is put whole on the first line of each tariff classification (6-digit
//!   subheading), not spread with `allocate`: the declaration (H7) groups lines by
//!   classification in the same way, and no rounding is needed. Its `duty_rate_bp` is 0: the
//!   duty is specific, not ad valorem.
//! - Amounts are assessed in EUR, the currency of the €150 limit, of the €3 duty and of most
//!   member states. Member states outside the euro area collect in their own currency at the
//!   customs exchange rate of the month; that conversion is the carrier's, not modelled here.
//! - Amounts in another currency are converted once per line with the host's dated rate; no rate
//!   means no assessment (`fx_rate_unavailable`), never a guessed rate.
//! - Warnings about a tariff code (`duty_rate_range`, `anti_dumping_possible`) come once per
//!   code, naming every SKU that carries it: one fix in the catalog, one finding.
//!
//! Speed: one working vector per shipment line, SKUs moved rather than copied into the result,
//! and no string built unless a finding needs it.

use crossdock_sdk::{
    Assessment, AssessmentLine, CollectAt, CountryCode, Ctx, CurrencyCode, Document, Finding, FxRate, HsCode, Item,
    Money, MoneyError, PluginError, Shipment,
};

use crate::config::{Channel, Config};
use crate::findings;
use crate::rules::{self, AsOf, Period, Regime};
use crate::{cents, tariff, vat};

/// What the assessment knows about one shipment line while it works.
struct Line {
    code: Option<HsCode>,
    /// The tariff entry for `code`, once looked up (normal rates only).
    rate: Option<&'static tariff::DutyRate>,
    /// Goods in euros: quantity × unit price, converted.
    goods: Money,
    /// Goods plus the line's share of the transport.
    value: Money,
    duty_rate_bp: u32,
    duty: Money,
}

/// Assesses `shipment` under the EU's rules on the event's day.
pub fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
    let destination = shipment.destination.country;
    let Some(vat_rate) = vat::standard_rate(destination) else {
        return Err(PluginError::new(
            "not_covered",
            format!(
                "customs-eu covers the 27 EU member states, not {destination}; bind another customs \
                 plugin to that market"
            ),
        ));
    };
    let config: Config = ctx.config()?;
    config.validate()?;
    // Most EU shipments are in euros: reuse their code rather than look "EUR" up again.
    let eur: CurrencyCode = if shipment.currency.as_str() == "EUR" {
        shipment.currency
    } else {
        "EUR".parse().map_err(|e| PluginError::new("internal", format!("{e}")))?
    };

    let origin = shipment.origin.country;
    if vat::is_member_state(origin) {
        return intra_eu(shipment, origin, destination);
    }

    let now = ctx.now();
    let period = Period::at(now);
    let mut as_of = AsOf::new(period.since());
    as_of.note(vat_rate.since);
    let mut findings: Vec<Finding> = Vec::with_capacity(8);
    if !rules::on_or_after(now, vat_rate.since) {
        let rate = vat_rate.rate_bp;
        findings.push(findings::vat_rate_not_in_force(destination, rate, vat_rate.since));
    }

    // Classify and convert each line.
    let zero = Money::zero(eur);
    let mut fx = Converter::new(ctx, eur);
    let mut lines: Vec<Line> = Vec::with_capacity(shipment.items.len());
    let mut missing_rate = None;
    for item in &shipment.items {
        let code = classify(item, &mut findings);
        let goods = item.unit_price.checked_mul(i64::from(item.quantity))?;
        let goods = fx.convert(goods)?.unwrap_or_else(|| {
            missing_rate = missing_rate.or(Some(goods.currency));
            zero
        });
        lines.push(Line { code, rate: None, goods, value: zero, duty_rate_bp: 0, duty: zero });
    }
    let shipping = fx.convert(shipment.shipping_cost)?;
    let (Some(shipping), None) = (shipping, missing_rate) else {
        let currency = missing_rate.unwrap_or(shipment.shipping_cost.currency);
        findings.push(findings::fx_rate_unavailable(currency));
        return Ok(Assessment {
            lines: Vec::new(),
            duty: zero,
            tax: zero,
            de_minimis_applied: false,
            collect: CollectAt::Delivery,
            documents: vec![Document::CommercialInvoice],
            findings,
            rules_as_of: as_of.finish([None, None]),
        });
    };
    if let Some(rate) = fx.used() {
        findings.push(findings::fx_rate_used(rate));
    }

    let goods_total = Money::sum(eur, lines.iter().map(|l| l.goods))?;
    let regime = Regime::for_consignment(period, goods_total.amount);
    let low_value = goods_total.amount <= rules::LOW_VALUE_LIMIT_CENTS;
    let ioss = config.ioss_number.is_some() && low_value;
    if config.ioss_number.is_some() && !low_value {
        findings.push(findings::ioss_not_applicable(goods_total));
    }

    // Customs value per line: goods plus a pro-rata share of the transport (CIF).
    let weights: Vec<u64> = lines.iter().map(|l| u64::try_from(l.goods.amount).unwrap_or(0)).collect();
    let mut shares = vec![zero; lines.len()];
    cents::spread(shipping, &weights, &mut shares)?;
    for (line, share) in lines.iter_mut().zip(shares) {
        line.value = line.goods.checked_add(share)?;
    }

    match regime {
        Regime::Relief => findings.push(findings::low_value_relief(goods_total)),
        Regime::FlatPerItem => {
            assign_flat_duty(&mut lines, eur);
            let duty = Money::sum(eur, lines.iter().map(|l| l.duty))?;
            findings.push(findings::flat_duty_per_item(goods_total, &classifications(&lines), duty));
            if rules::on_or_after(now, rules::PRODUCT_IDS_FROM) {
                as_of.note(rules::PRODUCT_IDS_FROM);
                findings.push(findings::product_identifiers_required());
            }
            findings.push(findings::fees_not_assessed());
        }
        Regime::Tariff => tariff_duty(&shipment.items, &mut lines, &mut as_of, &mut findings)?,
    }
    if regime != Regime::Tariff {
        // Not needed now, but the merchant should know before it is.
        for (item, line) in shipment.items.iter().zip(&lines) {
            if let Some(code) = &line.code
                && tariff::duty_rate(code).is_none()
            {
                findings.push(findings::duty_rate_unknown(&item.sku, code, false));
            }
        }
    }
    let duty_total = Money::sum(eur, lines.iter().map(|l| l.duty))?;
    if ioss && !duty_total.is_zero() {
        findings.push(findings::ioss_vat_on_duty(duty_total, config.ioss_vat_on_duty));
    }

    let mut documents = vec![Document::CommercialInvoice];
    if config.channel == Channel::Postal {
        let weight = shipment.weight_g();
        documents.push(rules::postal_declaration(goods_total.amount, weight, config.sdr_eur_micros));
    }
    if config.claim_preference {
        documents.push(Document::CertificateOfOrigin);
    }
    documents.sort();
    let sdr_as_of = (config.channel == Channel::Postal).then_some(&*config.sdr_eur_as_of);
    let rules_as_of = as_of.finish([sdr_as_of, fx.used().map(|r| r.date.as_str())]);

    // VAT per line. IOSS: on the price charged to the buyer (goods + delivery), collected at
    // checkout, the import being exempt. Otherwise import VAT on customs value + duty.
    let vat_on_duty = !ioss || config.ioss_vat_on_duty;
    let mut assessed = Vec::with_capacity(lines.len());
    for (item, line) in shipment.items.into_iter().zip(lines) {
        let base = if vat_on_duty { line.value.checked_add(line.duty)? } else { line.value };
        assessed.push(AssessmentLine {
            sku: item.sku,
            hs_code: line.code,
            customs_value: line.value,
            duty_rate_bp: line.duty_rate_bp,
            duty: line.duty,
            tax_rate_bp: vat_rate.rate_bp,
            tax: cents::percent(base, vat_rate.rate_bp)?,
        });
    }
    let tax_total = Money::sum(eur, assessed.iter().map(|l| l.tax))?;

    Ok(Assessment {
        lines: assessed,
        duty: duty_total,
        tax: tax_total,
        de_minimis_applied: regime == Regime::Relief,
        collect: if ioss { CollectAt::Checkout } else { CollectAt::Delivery },
        documents,
        findings,
        rules_as_of,
    })
}

/// The validated tariff code of an item, or a blocking finding saying what is wrong with it.
fn classify(item: &Item, findings: &mut Vec<Finding>) -> Option<HsCode> {
    match item.hs_code.as_deref().map(str::trim) {
        None | Some("") => {
            findings.push(findings::missing_hs_code(&item.sku));
            None
        }
        Some(text) => match text.parse::<HsCode>() {
            Ok(code) => Some(code),
            Err(error) => {
                findings.push(findings::malformed_hs_code(&item.sku, &error));
                None
            }
        },
    }
}

/// Puts the €3 duty on the first line of each distinct 6-digit subheading.
fn assign_flat_duty(lines: &mut [Line], eur: CurrencyCode) {
    let flat = Money::new(rules::FLAT_DUTY_CENTS, eur);
    for i in 0..lines.len() {
        let first = match &lines[i].code {
            Some(code) => {
                !lines[..i].iter().any(|l| l.code.as_ref().is_some_and(|c| c.subheading() == code.subheading()))
            }
            None => false,
        };
        if first {
            lines[i].duty = flat;
        }
    }
}

/// The distinct 6-digit subheadings, in order of first appearance: the "items" of the €3 duty.
fn classifications(lines: &[Line]) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::with_capacity(lines.len());
    for code in lines.iter().filter_map(|l| l.code.as_ref()) {
        let sub = code.subheading();
        if !seen.contains(&sub) {
            seen.push(sub);
        }
    }
    seen
}

/// Normal tariff rates: rate(code) × customs value per line, with a blocking finding where the
/// rate is unknown and warnings where it is a range or trade defence may add to it.
fn tariff_duty(
    items: &[Item],
    lines: &mut [Line],
    as_of: &mut AsOf,
    findings: &mut Vec<Finding>,
) -> Result<(), PluginError> {
    // Each source's date is noted once, not once per line.
    let mut noted = 0u8;
    for (item, line) in items.iter().zip(lines.iter_mut()) {
        let Some(code) = &line.code else { continue };
        let Some(rate) = tariff::duty_rate(code) else {
            findings.push(findings::duty_rate_unknown(&item.sku, code, true));
            continue;
        };
        if noted & (1 << rate.source as u8) == 0 {
            noted |= 1 << rate.source as u8;
            as_of.note(rate.source.as_of());
        }
        line.rate = Some(rate);
        line.duty_rate_bp = rate.rate_bp;
        line.duty = cents::percent(line.value, rate.rate_bp)?;
    }
    // Warnings once per tariff code, naming every SKU that carries it.
    for (i, (item, line)) in items.iter().zip(lines.iter()).enumerate() {
        let (Some(code), Some(rate)) = (&line.code, line.rate) else { continue };
        let range = !rate.is_exact();
        let measure = tariff::anti_dumping(code, item.origin_country);
        if !range && measure.is_none() || lines[..i].iter().any(|l| l.code.as_ref() == Some(code)) {
            continue;
        }
        let skus = Skus { items, lines, code };
        if range {
            findings.push(findings::duty_rate_range(&item.sku, &skus, code, rate));
        }
        if let Some(measure) = measure {
            findings.push(findings::anti_dumping_possible(&item.sku, &skus, code, measure));
        }
    }
    Ok(())
}

/// The SKUs of the lines that carry `code`, comma-separated, written straight into a message.
#[derive(Clone, Copy)]
struct Skus<'a> {
    items: &'a [Item],
    lines: &'a [Line],
    code: &'a HsCode,
}

impl findings::Text for Skus<'_> {
    fn push_to(&self, out: &mut String) {
        let mut sep = "";
        for (item, line) in self.items.iter().zip(self.lines) {
            if line.code.as_ref() == Some(self.code) {
                out.push_str(sep);
                out.push_str(&item.sku);
                sep = ", ";
            }
        }
    }
}

/// A shipment between two member states: no import, nothing to assess.
fn intra_eu(shipment: Shipment, origin: CountryCode, destination: CountryCode) -> Result<Assessment, PluginError> {
    let zero = Money::zero(shipment.currency);
    let lines = shipment
        .items
        .into_iter()
        .map(|item| {
            Ok(AssessmentLine {
                hs_code: item.hs_code.as_deref().and_then(|t| t.trim().parse().ok()),
                customs_value: item.unit_price.checked_mul(i64::from(item.quantity))?,
                sku: item.sku,
                duty_rate_bp: 0,
                duty: Money::zero(item.unit_price.currency),
                tax_rate_bp: 0,
                tax: Money::zero(item.unit_price.currency),
            })
        })
        .collect::<Result<Vec<_>, MoneyError>>()?;
    Ok(Assessment {
        lines,
        duty: zero,
        tax: zero,
        de_minimis_applied: false,
        collect: CollectAt::Checkout,
        documents: Vec::new(),
        findings: vec![findings::intra_eu(origin, destination)],
        rules_as_of: rules::VAT_PACKAGE_FROM.to_owned(),
    })
}

/// Converts money to euros with the host's rates, asking the host once per currency.
struct Converter<'a, 'h> {
    ctx: &'a Ctx<'h>,
    eur: CurrencyCode,
    rates: Vec<FxRate>,
}

impl<'a, 'h> Converter<'a, 'h> {
    fn new(ctx: &'a Ctx<'h>, eur: CurrencyCode) -> Self {
        Self { ctx, eur, rates: Vec::new() }
    }

    /// The rate used, if any conversion happened (the first, when several currencies appear).
    fn used(&self) -> Option<&FxRate> {
        self.rates.first()
    }

    /// `money` in euros, or `None` without a rate. Same arithmetic as `Ctx::convert`, which
    /// would ask the host again for every amount.
    fn convert(&mut self, money: Money) -> Result<Option<Money>, MoneyError> {
        if money.currency == self.eur {
            return Ok(Some(money));
        }
        let index = match self.rates.iter().position(|r| r.from == money.currency) {
            Some(index) => index,
            None => match self.ctx.fx_rate(money.currency, self.eur) {
                Some(rate) => {
                    self.rates.push(rate);
                    self.rates.len() - 1
                }
                None => return Ok(None),
            },
        };
        let micros = i128::from(self.rates[index].micros);
        let shift = i32::from(self.eur.minor_units()) - i32::from(money.currency.minor_units());
        let scale = 10i128.pow(shift.unsigned_abs());
        let (num, den) = if shift >= 0 { (micros * scale, 1_000_000) } else { (micros, 1_000_000 * scale) };
        Money::new(money.amount, self.eur).ratio(num, den).map(Some)
    }
}
