//! One Swiss assessment, step by step. The shared mechanics (HS checks, conversion to francs,
//! shipping spread, values, per-line rounding, postal forms) are the SDK's
//! [`AssessmentBuilder`]; this file applies Switzerland's rules to them:
//!
//! 1. Duty by chapter: industrial goods free, agricultural goods outside the documented table.
//! 2. Not registered: import VAT on price + costs to the destination + duty, per line at 8.1 %
//!    or 2.6 %; when the consignment's VAT comes to at most CHF 5 it is not levied
//!    (`de_minimis_applied`). Collected at the border (`collect: delivery`).
//! 3. Registered mail-order seller: Swiss VAT on the price including delivery, charged at
//!    checkout on every consignment (`collect: checkout`), no CHF 5 exemption.
//!
//! The valuation is CIF: the BAZG adds all costs up to the destination in Switzerland to the
//! assessment basis. Duty being nil or specific (per weight), the customs value matters for VAT.

use crossdock_sdk::customs::{AssessmentBuilder, DANGEROUS_GOODS, Duty, SdrRate, TaxBase, Valuation, not_covered};
use crossdock_sdk::{Assessment, AssessmentLine, CollectAt, Ctx, CurrencyCode, Document, Money, PluginError, Shipment};

use crate::config::{Channel, Config};
use crate::{PLUGIN, data, findings};

/// Assesses `shipment` under Switzerland's rules as they stand.
pub fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
    let destination = shipment.destination.country;
    if destination.as_str() != "CH" {
        return Err(not_covered(PLUGIN, "Switzerland (CH)", destination));
    }
    let config: Config = ctx.config()?;
    config.validate()?;
    if shipment.origin.country.as_str() == "CH" {
        return domestic(shipment);
    }
    let chf: CurrencyCode = "CHF".parse().map_err(|e| PluginError::new("internal", format!("{e}")))?;

    let mut a = AssessmentBuilder::new(ctx, &shipment, PLUGIN, chf, Valuation::Cif)?;
    a.document(Document::CommercialInvoice);
    if a.lacks_fx() {
        return a.finish(CollectAt::Delivery, false);
    }
    a.apply_restrictions(&DANGEROUS_GOODS);
    a.apply_restrictions(&data::RESTRICTIONS);

    a.apply_duty(&data::DUTY, true)?;
    let industrial = a
        .lines()
        .iter()
        .any(|l| l.hs.as_ref().and_then(|h| data::DUTY.lookup(h)).is_some_and(|r| r.value == Duty::FREE));
    if industrial {
        a.finding(findings::industrial_goods_duty_free());
    }

    let registered = config.swiss_vat_number.is_some();
    let mut waived = false;
    if registered {
        a.apply_tax(&data::VAT, TaxBase::GOODS_AND_SHIPPING)?;
        let tax = a.tax_total()?;
        a.finding(findings::mail_order_vat_at_sale(tax));
        a.note(data::MAIL_ORDER_SINCE);
    } else {
        a.apply_tax(&data::VAT, TaxBase::GOODS_SHIPPING_AND_DUTY)?;
        let tax = a.tax_total()?;
        if tax.amount <= data::VAT_NOT_LEVIED_UP_TO_RAPPEN {
            a.waive_tax();
            waived = true;
            a.finding(findings::vat_not_levied(tax));
            a.finding(findings::mail_order_threshold());
            a.note(data::MAIL_ORDER_SINCE);
        } else {
            a.finding(findings::import_vat_at_border(tax));
        }
        a.finding(findings::clearance_fees_not_included());
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
    let collect = if registered { CollectAt::Checkout } else { CollectAt::Delivery };
    a.finish(collect, waived)
}

/// A shipment within Switzerland: nothing to assess.
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
        rules_as_of: "2024-01-01".to_owned(),
    })
}
