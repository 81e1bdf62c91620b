//! One US assessment, step by step: scope, the regime of the event's day, classification and
//! conversion (the SDK's `AssessmentBuilder`), de minimis, duty per line, documents.
//!
//! Decisions recorded here:
//! - Valuation is FOB: the dutiable value of a line is its goods, converted to US dollars; the
//!   shipping is not part of it (MARKETS.md US row: "FOB: international freight/insurance not in
//!   dutiable value").
//! - The de minimis test uses the goods of the whole shipment, shipping excluded, against $800,
//!   and is closed when any line is a product of China or Hong Kong on or after 2025-05-02, and
//!   for every origin from 2025-08-29 — except for a shipment made only of informational
//!   materials (books), which the suspension leaves out (50 U.S.C. 1702(b), CBP CSMS of
//!   2026-02-23 as summarised by International Trade Insights).
//! - A line's duty rate is the sum of its components — HTSUS general rate, Section 301 for
//!   products of China, Section 122 when in force — applied to its value and rounded once, half
//!   away from zero. A `duty_components` finding shows the sum for each SKU.
//! - The country of origin of a line is the catalog's; without one, the country the shipment
//!   leaves from is assumed and an info finding says so.
//! - Tax is 0 on every line: there is no federal import tax.

use crossdock_sdk::customs::findings::outside_duty_table;
use crossdock_sdk::customs::{
    AssessmentBuilder, DANGEROUS_GOODS, DANGEROUS_GOODS_BY_POST, SdrRate, Valuation, not_covered,
};
use crossdock_sdk::{
    Assessment, CollectAt, CountryCode, Ctx, CurrencyCode, Document, Finding, Incoterm, PluginError, Shipment,
};

use crate::config::{Channel, Config};
use crate::regime::{self, DE_MINIMIS_CENTS, Regime, SECTION_122_BP};
use crate::tariff::{DUTY, RESTRICTED, S122, S301};
use crate::{NAME, findings};

/// Assesses `shipment` under the US rules of the event's day.
pub fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
    let destination = shipment.destination.country;
    if destination.as_str() != "US" {
        return Err(not_covered(NAME, "the United States (US)", destination));
    }
    let config: Config = ctx.config()?;
    config.validate()?;
    let usd: CurrencyCode = "USD".parse().map_err(|e| PluginError::new("internal", format!("{e}")))?;
    let today = ctx.now().date();
    let regime = Regime::on(&today);
    let postal = config.channel == Channel::Postal;
    let collect = if shipment.incoterm == Incoterm::Ddp { CollectAt::Checkout } else { CollectAt::Delivery };

    let mut a = AssessmentBuilder::new(ctx, &shipment, NAME, usd, Valuation::Fob)?;
    a.note(regime.since());
    a.finding(findings::tariff_regime(regime.describe(&today)));
    a.finding(findings::no_federal_import_tax());
    for warning in regime::regime_warnings(regime, &today) {
        a.finding(warning);
    }
    a.document(Document::CommercialInvoice);
    if a.lacks_fx() {
        return a.finish(collect, false);
    }

    // The origin of each line: the catalog's, else the place the shipment leaves from.
    let ship_from = shipment.origin.country;
    let mut origins: Vec<CountryCode> = Vec::with_capacity(a.lines().len());
    let mut notes: Vec<Finding> = Vec::new();
    for line in a.lines() {
        origins.push(line.origin.unwrap_or_else(|| {
            notes.push(findings::origin_assumed(&line.sku, ship_from.as_str()));
            ship_from
        }));
    }
    notes.into_iter().for_each(|f| a.finding(f));

    let goods = a.goods_total()?;
    // Informational materials (50 U.S.C. 1702(b): books) kept de minimis through the suspension.
    let informational = !a.lines().is_empty()
        && a.lines().iter().all(|l| {
            l.hs.as_ref().and_then(|hs| DUTY.lookup(hs)).is_some_and(|row| row.value.s122 == S122::ExemptInformational)
        });
    let open = informational || origins.iter().all(|o| regime::de_minimis_open_to(&today, Some(o.as_str())));
    let de_minimis = open && goods.amount <= DE_MINIMIS_CENTS;
    if de_minimis && informational && regime != Regime::DeMinimis {
        a.finding(findings::de_minimis_informational(goods));
    } else if de_minimis {
        a.finding(findings::de_minimis_applied(goods));
    } else {
        a.finding(findings::de_minimis_not_available(goods, &today));
        if today.as_str() >= regime::CODIFIED_ON {
            a.note(regime::CODIFIED_ON);
        }
    }

    let preference = |origin: &CountryCode| config.claim_preference && matches!(origin.as_str(), "CA" | "MX");
    let mut claimed = false;
    if de_minimis {
        // No duty now, but say which goods would block a shipment that owes it.
        let outside: Vec<Finding> = a
            .lines()
            .iter()
            .filter_map(|l| l.hs.as_ref().filter(|hs| DUTY.lookup(hs).is_none()).map(|hs| (l, hs)))
            .map(|(l, hs)| outside_duty_table(&l.sku, hs, NAME, false))
            .collect();
        outside.into_iter().for_each(|f| a.finding(f));
    } else if postal && regime == Regime::Ieepa {
        a.finding(findings::postal_duty_not_modelled());
    } else if postal && regime == Regime::Section122 {
        a.finding(findings::postal_flat_surcharge());
        for (line, origin) in a.lines_mut().iter_mut().zip(&origins) {
            if preference(origin) {
                claimed = true;
                continue;
            }
            line.duty_rate_bp = SECTION_122_BP;
            line.duty = line.customs_value.percent_bp(SECTION_122_BP)?;
        }
    } else {
        let mut found: Vec<Finding> = Vec::new();
        let mut dates: Vec<&'static str> = Vec::new();
        for (line, origin) in a.lines_mut().iter_mut().zip(&origins) {
            let Some(hs) = &line.hs else { continue };
            if preference(origin) {
                claimed = true;
                found.push(findings::usmca_preference(&line.sku, origin.as_str()));
                continue;
            }
            let Some(row) = DUTY.lookup(hs) else {
                found.push(outside_duty_table(&line.sku, hs, NAME, true));
                continue;
            };
            let rate = row.value;
            dates.push(row.as_of);
            let mut parts: Vec<(&str, u32)> = vec![("HTSUS general", rate.general_bp)];
            if !rate.is_exact() {
                found.push(findings::duty_rate_range(&line.sku, hs, row.goods, rate.low_bp, rate.general_bp));
            }
            if origin.as_str() == "CN" {
                match rate.s301 {
                    S301::List4A => parts.push(("Section 301 List 4A", rate.s301.bp())),
                    S301::Unverified => found.push(findings::section_301_unverified(&line.sku, hs)),
                    S301::None => {}
                }
            }
            if regime.surcharge() {
                match rate.s122 {
                    S122::Surcharged => parts.push(("Section 122", SECTION_122_BP)),
                    S122::ExemptInformational => parts.push(("Section 122 (exempt: informational material)", 0)),
                    S122::ExemptElectronics => parts.push(("Section 122 (exempt: listed electronics)", 0)),
                }
            }
            let total: u32 = parts.iter().map(|(_, bp)| bp).sum();
            found.push(findings::duty_components(&line.sku, hs, &parts, total));
            line.duty_rate_bp = total;
            line.duty = line.customs_value.percent_bp(total)?;
        }
        found.into_iter().for_each(|f| a.finding(f));
        dates.into_iter().for_each(|d| a.note(d));
    }

    let short: Vec<&str> = a
        .lines()
        .iter()
        .filter(|l| l.hs.as_ref().is_some_and(|hs| hs.as_str().len() < 10))
        .map(|l| l.sku.as_str())
        .collect();
    if !short.is_empty() {
        let finding = findings::hts_code_incomplete(&short);
        a.finding(finding);
    }

    a.apply_restrictions(if postal { &DANGEROUS_GOODS_BY_POST } else { &DANGEROUS_GOODS });
    a.apply_restrictions(&RESTRICTED);
    if postal {
        if today.as_str() >= regime::POSTAL_INFORMAL_ENTRY_FROM {
            a.note(regime::POSTAL_INFORMAL_ENTRY_FROM);
        }
        let sdr = SdrRate {
            currency: "USD",
            micros: config.sdr_usd_micros,
            as_of: &config.sdr_usd_as_of,
            source: "IMF, configured",
        };
        a.postal_declaration(&sdr)?;
    }
    if claimed {
        a.document(Document::CertificateOfOrigin);
    }
    a.finish(collect, de_minimis)
}
