//! One Norwegian assessment, step by step. The shared mechanics (HS checks, conversion to
//! kroner, shipping spread, CIF values, per-line rounding, postal forms) are the SDK's
//! [`AssessmentBuilder`]; this file applies Norway's rules to them, line by line, because VOEC is
//! decided per item:
//!
//! 1. A line is under VOEC when the seller is registered, its goods are not food, restricted or
//!    excise goods, and its items are priced under NOK 3,000 each (the line's goods ÷ quantity).
//! 2. VOEC lines: no duty; 25 % VAT (books 0 %) on goods + their shipping share, charged at
//!    checkout.
//! 3. Other lines: duty by heading on the CIF value (blocking `outside_duty_table` where the rate
//!    is not documented); VAT on value + duty, collected at import.
//! 4. `collect` is `checkout` only when every line is under VOEC; a mixed consignment is
//!    `delivery`, and the findings say which VAT was charged where.

use crossdock_sdk::customs::{AssessmentBuilder, DANGEROUS_GOODS, Line, SdrRate, TaxBase, Valuation, not_covered};
use crossdock_sdk::{Assessment, AssessmentLine, CollectAt, Ctx, CurrencyCode, Document, Money, PluginError, Shipment};

use crate::config::{Channel, Config};
use crate::{PLUGIN, data, findings};

/// Assesses `shipment` under Norway's rules as they stand.
pub fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
    let destination = shipment.destination.country;
    if destination.as_str() != "NO" {
        return Err(not_covered(PLUGIN, "mainland Norway (NO)", destination));
    }
    let config: Config = ctx.config()?;
    config.validate()?;
    if shipment.origin.country.as_str() == "NO" {
        return domestic(shipment);
    }
    let nok: CurrencyCode = "NOK".parse().map_err(|e| PluginError::new("internal", format!("{e}")))?;

    let mut a = AssessmentBuilder::new(ctx, &shipment, PLUGIN, nok, Valuation::Cif)?;
    a.document(Document::CommercialInvoice);
    if a.lacks_fx() {
        return a.finish(CollectAt::Delivery, false);
    }
    a.apply_restrictions(&DANGEROUS_GOODS);
    a.apply_restrictions(&data::RESTRICTIONS);

    let registered = config.voec_number.is_some();
    let voec = |l: &Line| {
        registered && under_limit(l) && l.hs.as_ref().is_some_and(|h| data::VOEC_EXCLUDED.lookup(h).is_none())
    };

    a.apply_duty_where(&data::DUTY, true, |l| !voec(l))?;
    a.apply_tax_where(&data::VAT, TaxBase::GOODS_AND_SHIPPING, voec)?;
    a.apply_tax_where(&data::VAT, TaxBase::GOODS_SHIPPING_AND_DUTY, |l| !voec(l))?;

    let (mut at_sale, mut at_border) = (Money::zero(nok), Money::zero(nok));
    let mut voec_skus: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    for line in a.lines() {
        if voec(line) {
            at_sale = at_sale.checked_add(line.tax)?;
            voec_skus.push(line.sku.clone());
            continue;
        }
        at_border = at_border.checked_add(line.tax)?;
        if !registered {
            continue;
        }
        if let Some(row) = line.hs.as_ref().and_then(|h| data::VOEC_EXCLUDED.lookup(h)) {
            notes.push(findings::voec_excluded(&line.sku, row.value));
        } else if !under_limit(line) {
            let unit = Money::new(line.goods.amount / i64::from(line.quantity.max(1)), nok);
            notes.push(findings::voec_item_over_limit(&line.sku, unit));
        }
    }
    let all_voec = voec_skus.len() == a.lines().len();
    if !voec_skus.is_empty() {
        let skus: Vec<&str> = voec_skus.iter().map(String::as_str).collect();
        a.finding(findings::voec_vat_at_sale(&skus, at_sale));
        a.note(data::VOEC_SINCE);
    }
    notes.into_iter().for_each(|f| a.finding(f));
    if !all_voec {
        a.finding(findings::vat_from_first_krone(at_border));
        a.finding(findings::clearance_fees_not_included());
        a.note(data::FIRST_KRONE_SINCE);
        if config.claim_preference {
            a.document(Document::CertificateOfOrigin);
        }
    }

    if config.channel == Channel::Postal {
        let sdr = SdrRate {
            currency: "EUR",
            micros: config.sdr_eur_micros,
            as_of: &config.sdr_eur_as_of,
            source: "IMF SDR valuation",
        };
        a.postal_declaration(&sdr)?;
    }
    let collect = if all_voec { CollectAt::Checkout } else { CollectAt::Delivery };
    a.finish(collect, !voec_skus.is_empty())
}

/// Whether the line's items are priced under NOK 3,000 each.
fn under_limit(line: &Line) -> bool {
    line.quantity > 0 && line.goods.amount < data::VOEC_ITEM_LIMIT_ORE.saturating_mul(i64::from(line.quantity))
}

/// A shipment within Norway: nothing to assess.
fn domestic(shipment: Shipment) -> Result<Assessment, PluginError> {
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
        .collect::<Result<Vec<_>, PluginError>>()?;
    Ok(Assessment {
        lines,
        duty: zero,
        tax: zero,
        de_minimis_applied: false,
        collect: CollectAt::Checkout,
        documents: Vec::new(),
        findings: vec![findings::domestic(shipment.origin.country)],
        rules_as_of: data::FIRST_KRONE_SINCE.to_owned(),
    })
}
