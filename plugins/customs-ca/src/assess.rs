//! One Canadian assessment, step by step: scope, classification and conversion (the SDK's
//! `AssessmentBuilder`), the remission thresholds, duty, GST/HST, documents.
//!
//! Decisions recorded here:
//! - The value for duty of a line is its goods converted to Canadian dollars: the shipment's
//!   shipping is the transport from the place of direct shipment to the buyer, which is not part
//!   of it (CBSA Memorandum D13-3-5, §3). The remission thresholds are tested on the sum of the
//!   lines' values for duty.
//! - GST/HST per line = rate × (value for duty + duty), rounded half away from zero; the rate is
//!   the destination province's (`destination.region`).
//! - A remitted charge is zero on every line except publications, tobacco and alcohol, which the
//!   remission orders leave out.
//! - CUSMA preference needs the catalog's country of origin (US or MX) and the merchant's claim;
//!   the place of direct shipment alone never makes goods originating.

use crossdock_sdk::customs::{
    AssessmentBuilder, DANGEROUS_GOODS, DANGEROUS_GOODS_BY_POST, SdrRate, TaxBase, Valuation, not_covered,
};
use crossdock_sdk::{
    Assessment, CollectAt, Ctx, CurrencyCode, Document, Finding, Incoterm, Money, PluginError, Shipment,
};

use crate::config::{Channel, Config};
use crate::rules::{self, Relief, Stream};
use crate::tariff::{DUTY, RESTRICTED};
use crate::tax::{GST, Province};
use crate::{NAME, findings};

/// Assesses `shipment` under the Canadian rules of the event's day.
pub fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
    let destination = shipment.destination.country;
    if destination.as_str() != "CA" {
        return Err(not_covered(NAME, "Canada (CA)", destination));
    }
    let config: Config = ctx.config()?;
    config.validate()?;
    let cad: CurrencyCode = "CAD".parse().map_err(|e| PluginError::new("internal", format!("{e}")))?;
    let today = ctx.now().date();
    let postal = config.channel == Channel::Postal;
    let shipped_from = shipment.origin.country;
    let stream = Stream::of(postal, shipped_from.as_str(), &today);
    let ddp = shipment.incoterm == Incoterm::Ddp;
    let collect = if ddp { CollectAt::Checkout } else { CollectAt::Delivery };

    let mut a = AssessmentBuilder::new(ctx, &shipment, NAME, cad, Valuation::Fob)?;
    a.document(Document::CommercialInvoice);
    if a.lacks_fx() {
        return a.finish(collect, false);
    }

    // Remission thresholds on the value for duty.
    let value = a.goods_total()?;
    let relief = Relief::for_value(stream, value.amount);
    a.note(if stream == Stream::CourierCusma { rules::CUSMA_FROM } else { rules::GENERAL_AS_OF });
    if relief.any() {
        a.finding(findings::low_value_relief(value, stream, shipped_from.as_str(), relief.duty, relief.tax));
    } else {
        a.finding(findings::no_low_value_relief(value, stream, shipped_from.as_str()));
    }
    let excluded: Vec<bool> = a.lines().iter().map(|l| l.hs.as_ref().is_some_and(rules::never_remitted)).collect();
    if relief.any() {
        let notes: Vec<Finding> =
            a.lines().iter().zip(&excluded).filter(|(_, x)| **x).map(|(l, _)| findings::not_remitted(&l.sku)).collect();
        notes.into_iter().for_each(|f| a.finding(f));
    }

    // Duty: MFN rate per line, then the remission and any CUSMA preference.
    let duty_due = !relief.duty || excluded.iter().any(|x| *x);
    a.apply_duty(&DUTY, duty_due)?;
    let zero = Money::zero(cad);
    let mut preferences: Vec<Finding> = Vec::new();
    for (line, excluded) in a.lines_mut().iter_mut().zip(&excluded) {
        let originating = line.origin.filter(|o| matches!(o.as_str(), "US" | "MX"));
        if config.claim_preference
            && let Some(origin) = originating
        {
            preferences.push(findings::cusma_preference(&line.sku, origin.as_str()));
            (line.duty_rate_bp, line.duty) = (0, zero);
        }
        if relief.duty && !excluded {
            (line.duty_rate_bp, line.duty) = (0, zero);
        }
    }
    let claimed = !preferences.is_empty();
    preferences.into_iter().for_each(|f| a.finding(f));

    // GST/HST by province on value for duty + duty, then the remission.
    let region = shipment.destination.region.as_deref();
    let province = region.and_then(Province::parse);
    let rates = province.map_or(&GST, |p| p.border_tax(&today));
    a.apply_tax(rates, TaxBase { shipping: false, duty: true })?;
    for (line, excluded) in a.lines_mut().iter_mut().zip(&excluded) {
        if relief.tax && !excluded {
            (line.tax_rate_bp, line.tax) = (0, zero);
        }
    }
    match province {
        Some(p) => {
            a.finding(findings::border_tax(p.code(), p.is_hst(), rates.standard_bp));
            if let Some(tax) = p.provincial_tax() {
                a.finding(findings::provincial_tax_not_assessed(p.code(), tax));
            }
        }
        None => a.finding(findings::province_unknown(region)),
    }
    a.finding(findings::collected_at_border(ddp));

    a.apply_restrictions(if postal { &DANGEROUS_GOODS_BY_POST } else { &DANGEROUS_GOODS });
    a.apply_restrictions(&RESTRICTED);
    if postal {
        let sdr = SdrRate {
            currency: "CAD",
            micros: config.sdr_cad_micros,
            as_of: &config.sdr_cad_as_of,
            source: "IMF, configured",
        };
        a.postal_declaration(&sdr)?;
    }
    if claimed {
        a.document(Document::CertificateOfOrigin);
    }
    a.finish(collect, relief.any())
}
