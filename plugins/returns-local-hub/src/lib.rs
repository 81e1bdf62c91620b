//! `returns-local-hub`: a return policy that keeps returned goods close to the customer.
//!
//! Shipping a return back to a factory on another continent costs more than the goods are
//! often worth, and takes them off sale for weeks. This policy sends resellable goods to the
//! nearest return warehouse or regional hub — in the customer's country, else in the
//! customer's region — so they are sold again there, and only falls back to the origin when
//! there is nothing nearer. [`evaluate`](ReturnsPlugin::evaluate) decides in four steps,
//! each explained in the decision's notes:
//!
//! 1. **Eligibility** ([`eligibility`]): a window from delivery, final-sale and hygiene
//!    exclusions, as `returns-standard` has them; an accepted line refunds quantity × price.
//! 2. **Money**: the accepted goods, plus the original shipping if the policy refunds it.
//!    This policy charges no fees.
//! 3. **Worth it?** ([`keep`]): when the merchant pays for labels and the label from the
//!    customer's country costs more than the resellable goods would fetch again, the customer
//!    keeps them (`keep_item`).
//! 4. **Route** ([`routing`], [`regions`]): resellable goods to the nearest hub or return
//!    warehouse, else the origin; goods that cannot be resold to a return warehouse in the
//!    customer's country or disposed of locally, per the policy. When a return mixes both,
//!    the unresellable lines travel with the resellable ones.
//!
//! A return with nothing acceptable is refused: nothing is refunded and the route is
//! `dispose`, meaning no label is made and no location expects goods. Errors are
//! [`PluginError`]s with a stable code: `invalid_config` for the merchant's configuration,
//! `invalid_input` for a request that cannot be judged.

pub mod config;
pub mod eligibility;
pub mod keep;
pub mod regions;
pub mod routing;
mod schema;

#[cfg(test)]
mod tests;

use crossdock_sdk::prelude::*;

use crate::config::Config;
use crate::eligibility::{Judged, Window, invalid};
use crate::keep::Verdict;
use crate::routing::Routed;

/// The plugin. Stateless: every call reads its configuration afresh.
pub struct LocalHubReturns;

impl ReturnsPlugin for LocalHubReturns {
    fn metadata() -> Metadata {
        Metadata {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Returns,
            description:
                "Routes each return to the nearest return warehouse or regional hub in the customer's country \
                          or region for resale instead of the origin, disposes of or inspects locally what cannot be \
                          resold, and lets the customer keep goods whose return label costs more than they would fetch."
                    .into(),
            covers: every_country(),
            config_schema: schema::CONFIG_SCHEMA.into(),
        }
    }

    fn evaluate(ctx: &Ctx, request: ReturnRequest) -> Result<Decision, PluginError> {
        let config = Config::load(ctx)?;
        let currency = eligibility::check_input(&request)?;
        let window = Window::of(&config, &request);
        let in_time = window.admits(request.requested_at);
        let judged = request
            .items
            .iter()
            .map(|item| eligibility::judge(&config, item, &window, in_time))
            .collect::<Result<Vec<Judged>, _>>()?;
        let mut notes = vec![window.explain(&config, &request)];
        notes.extend(judged.iter().map(item_note));
        let items: Vec<ItemDecision> = judged.iter().map(|j| j.decision.clone()).collect();
        let zero = Money::zero(currency);
        let accepted: Vec<&Judged> = judged.iter().filter(|j| j.decision.eligible).collect();

        if accepted.is_empty() {
            notes.push(
                "Nothing in this return can be accepted, so it is refused: nothing is refunded and no goods are \
                 expected back (route `dispose`: no label is made and no location waits for them)."
                    .into(),
            );
            ctx.info(&format!("return {} for order {}: refused", request.id, request.order_id));
            return Ok(Decision {
                approved: false,
                items,
                refund: zero,
                fees: zero,
                prepaid_label: false,
                route: ReturnRoute::Dispose,
                notes,
            });
        }

        let out_of_range = |_| invalid("the refund of this return is out of range");
        let goods = Money::sum(currency, accepted.iter().map(|j| j.decision.refund)).map_err(out_of_range)?;
        let shipping = if config.refund_shipping { request.original_shipping } else { zero };
        let refund = goods.checked_add(shipping).map_err(out_of_range)?;
        notes.push(if config.refund_shipping {
            format!("Refund: {refund} (items {goods} + original shipping {shipping}); no fees.")
        } else {
            format!(
                "Refund: {refund} for the items; the original shipping of {} is not refunded; no fees.",
                request.original_shipping
            )
        });

        let customer = request.customer.country;
        let resellable: Vec<&&Judged> = accepted.iter().filter(|j| j.resellable).collect();
        let routed = if resellable.is_empty() {
            routing::for_unresellable(customer, &request.locations, config.unresellable)
        } else {
            let value = Money::sum(currency, resellable.iter().map(|j| j.decision.refund)).map_err(out_of_range)?;
            let verdict = if config.prepaid_label {
                keep::weigh(ctx, &config, customer, value)?
            } else {
                Verdict::Return {
                    note: "The customer pays for the return label, so its cost is not weighed against the goods' \
                           resale value."
                        .into(),
                }
            };
            match verdict {
                Verdict::Keep { why } => Routed { route: ReturnRoute::KeepItem, why },
                Verdict::Return { note } => {
                    notes.push(note);
                    routing::for_resale(customer, &request.locations)
                }
            }
        };
        notes.push(routed.why.clone());
        let unresellable: Vec<&str> =
            accepted.iter().filter(|j| !j.resellable).map(|j| j.decision.sku.as_str()).collect();
        if !resellable.is_empty() && !unresellable.is_empty() {
            notes.push(if routed.travels() {
                format!(
                    "{} cannot be resold but travels in the same parcel, to be inspected or disposed of there.",
                    unresellable.join(", ")
                )
            } else {
                format!("{} cannot be resold and stays with the customer too.", unresellable.join(", "))
            });
        }
        let prepaid_label = routed.travels() && config.prepaid_label;
        if routed.travels() {
            notes.push(if prepaid_label {
                format!("A prepaid return label is provided to the customer in {customer}.")
            } else {
                format!("No prepaid label: the customer in {customer} pays for the return shipping.")
            });
        }
        ctx.info(&format!(
            "return {} for order {}: approved, refund {refund}, route {:?}",
            request.id, request.order_id, routed.route
        ));
        Ok(Decision { approved: true, items, refund, fees: zero, prepaid_label, route: routed.route, notes })
    }
}

export_returns!(LocalHubReturns);

/// One line per item: accepted or refused, and why.
fn item_note(j: &Judged) -> String {
    let d = &j.decision;
    if d.eligible {
        format!("{} × {}: accepted, refund {} ({}).", d.sku, d.quantity, d.refund, d.reason)
    } else {
        format!("{} × {}: refused ({}).", d.sku, d.quantity, d.reason)
    }
}

/// Every ISO 3166-1 country: routing works the same from anywhere.
fn every_country() -> Vec<String> {
    let letters = b'A'..=b'Z';
    letters
        .clone()
        .flat_map(|a| letters.clone().map(move |b| [a, b]))
        .filter_map(|pair| std::str::from_utf8(&pair).ok()?.parse::<CountryCode>().ok())
        .map(|c| c.to_string())
        .collect()
}
