//! `returns-eu-withdrawal`: the EU consumer's right of withdrawal from a distance sale, as a
//! return policy.
//!
//! A consumer in the EU who bought goods at a distance may withdraw within 14 days of
//! receiving them, without giving any reason, and is refunded everything paid, delivery
//! included — Directive 2011/83/EU on consumer rights, Arts. 9 to 16, as amended by
//! Directive (EU) 2019/2161 and Directive (EU) 2023/2673 (which inserted the withdrawal
//! function of Art. 11a, applicable since 2026-06-19). The law is a floor, not a policy
//! choice, so almost nothing here is configurable: the merchant states facts (what the
//! consumer was told, the cheapest standard delivery, which goods are excepted) and the
//! plugin applies the rules. [`evaluate`](ReturnsPlugin::evaluate) decides in five steps,
//! each explained in the decision's notes with the article it rests on:
//!
//! 1. **Scope** ([`scope`]): consumers in the 27 member states (and their territories with
//!    their own country codes; Iceland, Liechtenstein and Norway on request). Anyone else is
//!    not this policy's to judge: `outside_scope`, and the host holds the return.
//! 2. **Period** ([`period`], [`calendar`]): 14 days from delivery, ending on a working day,
//!    12 months longer when the consumer was not informed of the right.
//! 3. **Items** ([`items`]): the exceptions of Art. 16; everything else is covered whatever
//!    the reason, a "final sale" label included (Art. 25).
//! 4. **Refund** ([`refund`]): the goods, and delivery up to the cheapest standard delivery
//!    (Art. 13(1)–(2)), within 14 days of the withdrawal; no fees of any kind.
//! 5. **Route and label** ([`routing`]): the merchant's return warehouse in the EU, else the
//!    origin; a prepaid label when the merchant bears the return cost (Art. 14(1)).
//!
//! **Partial withdrawals.** The Directive does not provide for withdrawing from part of a
//! contract; the Commission's guidance (Notice 2021/C 525/01, OJ C 525, 29.12.2021, point
//! 5.5.1, as quoted by IT-Recht Kanzlei on 2024-03-12, read 2026-11-25) reads it as not
//! preventing trader and consumer from agreeing to one. No text or judgment found settles
//! what part of the delivery cost a partial withdrawal refunds (German commentary reports
//! none either: onlinehaendler-news.de, read 2026-11-25). The request
//! lists only the goods coming back, so this policy cannot tell a partial withdrawal from a
//! whole one; it refunds the (standard-capped) delivery with every approved withdrawal,
//! which never falls short of Art. 13(1), and says so in the notes.
//!
//! A return with nothing covered is refused: nothing is refunded and the route is `dispose`,
//! meaning no label is made and no location expects goods. Errors are [`PluginError`]s with a
//! stable code: `invalid_config`, `invalid_input`, `outside_scope`, `delivery_date_needed`.

pub mod calendar;
pub mod config;
pub mod items;
pub mod period;
pub mod refund;
pub mod routing;
mod schema;
pub mod scope;

#[cfg(test)]
mod tests;

use crossdock_sdk::prelude::*;

use crate::calendar::Day;
use crate::config::Config;
use crate::items::invalid;
use crate::period::Period;

/// The plugin. Stateless: every call reads its configuration afresh.
pub struct EuWithdrawal;

impl ReturnsPlugin for EuWithdrawal {
    fn metadata() -> Metadata {
        Metadata {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: PluginKind::Returns,
            description: "The EU consumer's right of withdrawal (Directive 2011/83/EU, Arts. 9-16): 14 days from \
                          delivery without a reason, refund of the goods and of standard delivery within 14 days, the \
                          exceptions of Art. 16, return costs per Art. 14. Covers the 27 member states; Iceland, \
                          Liechtenstein and Norway with include_eea."
                .into(),
            covers: scope::all_covered(),
            config_schema: schema::CONFIG_SCHEMA.into(),
        }
    }

    fn evaluate(ctx: &Ctx, request: ReturnRequest) -> Result<Decision, PluginError> {
        let config = Config::load(ctx)?;
        let customer = request.customer.country;
        scope::check(customer, config.include_eea)?;
        let currency = items::check_input(&request)?;
        let period = Period::of(&config, &request);
        let in_time = period.admits(request.requested_at);
        if !in_time && !period.delivered {
            return Err(PluginError::new(
                "delivery_date_needed",
                format!(
                    "no delivery date was reported for order {} and the withdrawal was sent on {}, more than {} days \
                     after the order: whether it came within 14 days of delivery depends on when the goods arrived; \
                     send the return again with `delivered_at`",
                    request.order_id,
                    Day::of(request.requested_at),
                    i64::from(config.delivery_grace_days) + period::DAYS
                ),
            ));
        }
        let decided = request
            .items
            .iter()
            .map(|item| items::judge(&config, item, &period, in_time))
            .collect::<Result<Vec<ItemDecision>, _>>()?;
        let mut notes = period.explain(&config, &request);
        notes.extend(decided.iter().map(item_note));
        let zero = Money::zero(currency);

        if !decided.iter().any(|d| d.eligible) {
            notes.push(
                "Nothing in this return is covered by the right of withdrawal, so it is refused: nothing is refunded \
                 and no goods are expected back (route `dispose`: no label is made and no location waits for them)."
                    .into(),
            );
            ctx.info(&format!("withdrawal {} for order {}: refused", request.id, request.order_id));
            return Ok(Decision {
                approved: false,
                items: decided,
                refund: zero,
                fees: zero,
                prepaid_label: false,
                route: ReturnRoute::Dispose,
                notes,
            });
        }

        notes.push("The consumer's reason plays no part: a withdrawal needs none (Art. 9(1)).".into());
        let out_of_range = |_| invalid("the refund of this return is out of range");
        let goods =
            Money::sum(currency, decided.iter().filter(|d| d.eligible).map(|d| d.refund)).map_err(out_of_range)?;
        let delivery = refund::delivery(ctx, &config, customer, request.original_shipping);
        notes.push(delivery.note);
        notes.push(
            "The request lists only the goods coming back, so it cannot show whether this withdrawal covers the whole \
             order; delivery is refunded either way, which never falls short of Art. 13(1). If an earlier withdrawal \
             from this order already refunded the delivery, do not refund it twice."
                .into(),
        );
        let total = goods.checked_add(delivery.refund).map_err(out_of_range)?;
        let informed = Day::of(request.requested_at);
        notes.push(format!(
            "Refund {total} (goods {goods} + delivery {}), no fees (Art. 9(1)): without undue delay and by {} at the \
             latest, 14 days after being informed of the withdrawal, with the means of payment the consumer used \
             unless they expressly agree otherwise (Art. 13(1)); it may be withheld until the goods are back or the \
             consumer shows they were sent, whichever comes first (Art. 13(3)).",
            delivery.refund,
            informed.plus(14)
        ));
        notes.push(if config.withdrawal_info_given {
            "The consumer is liable only for diminished value from handling the goods beyond what was needed to \
             establish their nature, characteristics and functioning (Art. 14(2)); that is assessed on arrival, not \
             deducted here."
                .into()
        } else {
            "The consumer was not informed of the right of withdrawal, so they owe nothing for diminished value \
             (Art. 14(2))."
                .into()
        });

        let routed = routing::choose(customer, &request.locations);
        notes.push(routed.why.clone());
        let trader_pays = config.trader_pays_return || !config.return_costs_informed;
        let prepaid_label = routed.travels() && trader_pays;
        if routed.travels() {
            let who = if config.trader_pays_return {
                "The merchant agreed to bear the direct cost of returning the goods (Art. 14(1)): a prepaid label is \
                 provided."
            } else if !config.return_costs_informed {
                "The consumer was not told they bear the cost of returning the goods, so the merchant bears it (Art. \
                 14(1)): a prepaid label is provided."
            } else {
                "The consumer bears the direct cost of returning the goods, as they were told (Art. 14(1)): no \
                 prepaid label."
            };
            notes.push(format!(
                "{who} The goods are to be sent back without undue delay and by {} at the latest, 14 days after the \
                 withdrawal (Art. 14(1)).",
                informed.plus(14)
            ));
        }
        ctx.info(&format!(
            "withdrawal {} for order {}: approved, refund {total}, route {:?}",
            request.id, request.order_id, routed.route
        ));
        Ok(Decision {
            approved: true,
            items: decided,
            refund: total,
            fees: zero,
            prepaid_label,
            route: routed.route,
            notes,
        })
    }
}

export_returns!(EuWithdrawal);

/// One line per item: covered or not, and why.
fn item_note(d: &ItemDecision) -> String {
    if d.eligible {
        format!("{} × {}: withdrawn, refund {} ({}).", d.sku, d.quantity, d.refund, d.reason)
    } else {
        format!("{} × {}: not covered ({}).", d.sku, d.quantity, d.reason)
    }
}
