//! One GB assessment, step by step. The shared mechanics (HS checks, conversion to pounds,
//! shipping spread, CIF values, per-line rounding, postal forms) are the SDK's
//! [`AssessmentBuilder`]; this file applies the UK's rules to them:
//!
//! 1. Goods worth at most £135 (the whole consignment, shipping excluded): no duty (the duty
//!    table is not consulted), no import VAT; UK VAT at the point of sale on the price including delivery (`collect: checkout`).
//! 2. Above £135: duty by heading on the CIF value (goods + transport), import VAT on value +
//!    duty, collected at the border (`collect: delivery`); EU-origin goods under the TCA pay no
//!    duty when the merchant claims it.
//! 3. Always: restrictions, printed matter zero-rated, documents, and the dated notes a merchant
//!    needs (relief ending by March 2029, children's clothing, Northern Ireland).

use crossdock_sdk::customs::{AssessmentBuilder, DANGEROUS_GOODS, SdrRate, TaxBase, Valuation, not_covered};
use crossdock_sdk::{Assessment, AssessmentLine, CollectAt, Ctx, CurrencyCode, Document, Money, PluginError, Shipment};

use crate::config::{Channel, Config};
use crate::{PLUGIN, data, findings};

/// Assesses `shipment` under the UK's rules as they stand.
pub fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
    let destination = shipment.destination.country;
    if destination.as_str() != "GB" {
        return Err(not_covered(PLUGIN, "the United Kingdom (GB)", destination));
    }
    let config: Config = ctx.config()?;
    config.validate()?;
    if shipment.origin.country.as_str() == "GB" {
        return domestic(shipment);
    }
    let gbp: CurrencyCode = "GBP".parse().map_err(|e| PluginError::new("internal", format!("{e}")))?;

    let mut a = AssessmentBuilder::new(ctx, &shipment, PLUGIN, gbp, Valuation::Cif)?;
    a.document(Document::CommercialInvoice);
    if a.lacks_fx() {
        return a.finish(CollectAt::Delivery, false);
    }
    a.note(data::LOW_VALUE_SINCE);
    if let Some(postcode) = shipment.destination.postal_code.as_deref()
        && postcode.trim().to_ascii_uppercase().starts_with("BT")
    {
        a.finding(findings::northern_ireland(postcode.trim()));
    }
    a.apply_restrictions(&DANGEROUS_GOODS);
    a.apply_restrictions(&data::RESTRICTIONS);

    let goods = a.goods_total()?;
    let low_value = goods.amount <= data::LOW_VALUE_LIMIT_PENCE;
    if low_value {
        // The relief: no duty, whatever the goods, so the duty table is not consulted.
        a.apply_tax(&data::VAT, TaxBase::GOODS_AND_SHIPPING)?;
        a.finding(findings::vat_at_sale(goods, config.marketplace));
        if !config.marketplace && config.uk_vat_number.is_none() {
            a.finding(findings::uk_vat_registration_needed());
        }
        a.finding(findings::relief_ending());
        a.note(data::RELIEF_END_ANNOUNCED);
    } else {
        let preferential = |l: &crossdock_sdk::customs::Line| config.claim_preference && data::tca_origin(l.origin);
        a.apply_duty_where(&data::DUTY, true, |l| !preferential(l))?;
        if config.claim_preference {
            let skus: Vec<String> = a.lines().iter().filter(|l| preferential(l)).map(|l| l.sku.clone()).collect();
            if skus.is_empty() {
                a.finding(findings::preference_not_applicable());
            } else {
                let skus: Vec<&str> = skus.iter().map(String::as_str).collect();
                a.finding(findings::preference_applied(&skus));
                a.document(Document::CertificateOfOrigin);
                a.note(data::TCA_SINCE);
            }
        }
        a.apply_tax(&data::VAT, TaxBase::GOODS_SHIPPING_AND_DUTY)?;
        a.finding(findings::import_vat_at_border(goods));
    }

    let children: Vec<String> = a
        .lines()
        .iter()
        .filter(|l| l.hs.as_ref().is_some_and(|h| data::is_clothing_or_footwear(h.chapter())) && !l.tax.is_zero())
        .map(|l| l.sku.clone())
        .collect();
    if !children.is_empty() {
        let skus: Vec<&str> = children.iter().map(String::as_str).collect();
        a.finding(findings::childrens_clothing(&skus));
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
    let collect = if low_value { CollectAt::Checkout } else { CollectAt::Delivery };
    a.finish(collect, low_value)
}

/// A shipment within the UK: nothing to assess.
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
        rules_as_of: data::LOW_VALUE_SINCE.to_owned(),
    })
}
