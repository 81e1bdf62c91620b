//! `returns-standard`: a return policy most shops can adopt as it is — a window from
//! delivery, final-sale and hygiene exclusions, an optional restocking fee, and goods routed
//! to the nearest regional hub when they can be sold again.
//!
//! [`evaluate`](ReturnsPlugin::evaluate) decides a return in four steps, each explained in the
//! decision's notes in plain language:
//!
//! 1. **Window** ([`window`]): from delivery, or from the order plus a grace period when no
//!    delivery was reported; judged at the request's time, not the event clock's.
//! 2. **Items** ([`policy`]): final sale is refused, hygiene goods are refused by default, the
//!    rest is accepted in time; an accepted line refunds quantity × unit price.
//! 3. **Money**: the restocking fee on accepted items not returned for a merchant's fault,
//!    the original shipping if the policy refunds it, and a total that is never negative.
//! 4. **Route** ([`routing`]) and label: resellable goods to the nearest regional hub, others
//!    to a local return warehouse or disposal; a prepaid label where the policy offers one.
//!
//! A return with nothing acceptable is refused: `approved` is false, nothing is refunded and
//! the route is `dispose`, meaning no label is made and no location expects goods (`keep_item`
//! would say "refunded without return", which a refusal is not). Errors are [`PluginError`]s
//! with a stable code: `invalid_config` for the merchant's configuration, `invalid_input` for
//! a request that cannot be judged.

pub mod config;
pub mod policy;
pub mod regions;
pub mod routing;
mod schema;
pub mod window;

#[cfg(test)]
mod tests;

use crossdock_sdk::prelude::*;

use crate::config::Config;
use crate::policy::{Judged, percent};
use crate::window::Window;

/// The plugin. Stateless: every call reads its configuration afresh.
pub struct StandardReturns;

impl ReturnsPlugin for StandardReturns {
    fn metadata() -> Metadata {
        Metadata {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Returns,
            description: "Return window from delivery, final-sale and hygiene exclusions, restocking fee, and \
                          routing to the nearest regional hub when the goods can be resold."
                .into(),
            covers: every_country(),
            config_schema: schema::CONFIG_SCHEMA.into(),
        }
    }

    fn evaluate(ctx: &Ctx, request: ReturnRequest) -> Result<Decision, PluginError> {
        let config = Config::load(ctx)?;
        let currency = policy::check_input(&request)?;
        if request.requested_at > ctx.now() {
            ctx.warn(&format!("return {} is dated after the event that carries it", request.id));
        }
        let window = Window::of(&config, &request);
        let in_time = window.is_open_at(request.requested_at);
        let closes = window.closes.date();
        let judged = request
            .items
            .iter()
            .map(|item| policy::judge(&config, item, in_time, config.window_days, &closes))
            .collect::<Result<Vec<Judged>, _>>()?;
        let totals = policy::totals(&config, currency, &judged)?;
        let zero = Money::zero(currency);
        let mut notes = vec![window.explain(&request, config.delivery_grace_days)];
        notes.extend(judged.iter().map(item_note));
        let items: Vec<ItemDecision> = judged.iter().map(|j| j.decision.clone()).collect();

        if !judged.iter().any(|j| j.decision.eligible) {
            notes.push(
                "Nothing in this return can be accepted, so it is refused: nothing is refunded and no goods are \
                 expected back (route `dispose`: no label is made and no location waits for them)."
                    .into(),
            );
            ctx.info(&format!("return {} for order {}: refused", request.id, request.order_id));
            let route = ReturnRoute::Dispose;
            return Ok(Decision {
                approved: false,
                items,
                refund: zero,
                fees: zero,
                prepaid_label: false,
                route,
                notes,
            });
        }

        notes.push(fee_note(&config, totals.fee_base, totals.fees));
        let shipping = if config.refund_shipping { request.original_shipping } else { zero };
        notes.push(format!(
            "The original shipping of {} is {}refunded.",
            request.original_shipping,
            if config.refund_shipping { "" } else { "not " }
        ));
        let gross = totals.goods.checked_add(shipping).map_err(|_| policy::invalid("the refund is out of range"))?;
        let refund = Money::new(gross.amount.saturating_sub(totals.fees.amount).max(0), currency);
        notes
            .push(format!("Refund: {refund} (items {} + shipping {} − fees {}).", totals.goods, shipping, totals.fees));

        let customer = request.customer.country;
        let routed = if keep_item(&config, totals.goods, &mut notes) {
            routing::Routed {
                route: ReturnRoute::KeepItem,
                why: "The customer keeps the goods and is refunded without sending them back.".into(),
            }
        } else {
            let resellable = judged.iter().any(|j| j.decision.eligible && j.resellable);
            routing::choose(customer, &request.locations, resellable)
        };
        notes.push(routed.why);
        let needs_label = matches!(
            routed.route,
            ReturnRoute::ReturnWarehouse(_) | ReturnRoute::RegionalHub(_) | ReturnRoute::Origin(_)
        );
        let prepaid_label = needs_label && config.prepaid_in(customer);
        if needs_label {
            notes.push(if prepaid_label {
                format!("A prepaid return label is provided to the customer in {customer}.")
            } else {
                format!("No prepaid label for {customer}: the customer pays for the return shipping.")
            });
        }
        ctx.info(&format!(
            "return {} for order {}: approved, refund {refund}, fees {}, route {:?}",
            request.id, request.order_id, totals.fees, routed.route
        ));
        Ok(Decision { approved: true, items, refund, fees: totals.fees, prepaid_label, route: routed.route, notes })
    }
}

export_returns!(StandardReturns);

/// One line per item: accepted or refused, and why.
fn item_note(j: &Judged) -> String {
    let d = &j.decision;
    if d.eligible {
        format!("{} × {}: accepted, refund {} ({}).", d.sku, d.quantity, d.refund, d.reason)
    } else {
        format!("{} × {}: refused ({}).", d.sku, d.quantity, d.reason)
    }
}

fn fee_note(config: &Config, base: Money, fees: Money) -> String {
    match (config.restocking_fee_bp, base.is_zero()) {
        (0, _) => "No restocking fee.".into(),
        (_, true) => "No restocking fee: every accepted item was returned for a reason that carries none.".into(),
        (bp, false) => format!("Restocking fee of {} on {base}: {fees}.", percent(bp)),
    }
}

/// Whether the goods are worth less than `keep_item_under`, noting the verdict when a
/// threshold is set.
fn keep_item(config: &Config, goods: Money, notes: &mut Vec<String>) -> bool {
    let Some(threshold) = config.keep_item_under else { return false };
    if threshold.currency != goods.currency {
        notes.push(format!(
            "keep_item_under is set in {}, this return is in {}: the goods come back.",
            threshold.currency, goods.currency
        ));
        return false;
    }
    let keep = goods.amount < threshold.amount;
    if keep {
        notes.push(format!(
            "The accepted items are worth {goods}, under the {threshold} below which a return costs more than it \
             saves."
        ));
    }
    keep
}

/// Every ISO 3166-1 country: the policy is the same in every market.
fn every_country() -> Vec<String> {
    let letters = b'A'..=b'Z';
    letters
        .clone()
        .flat_map(|a| letters.clone().map(move |b| [a, b]))
        .filter_map(|pair| std::str::from_utf8(&pair).ok()?.parse::<CountryCode>().ok())
        .map(|c| c.to_string())
        .collect()
}
