//! Returns through the pipeline: a return request runs the returns policy bound to the
//! customer's market, and an approved return with a prepaid label gets one from a carrier.
//!
//! Two payloads start a return:
//! - Shopify `refunds/create`: the refund's lines restocked as `return` are the goods coming
//!   back (a refund without returned goods is nothing to route);
//! - a Standard Webhooks `return.requested`, whose `data` is crossdock's return request:
//!
//! ```json
//! {"type": "return.requested", "timestamp": "2026-12-03T09:00:00Z",
//!  "data": {"id": "ret_4217_1", "order_id": "4217", "requested_at": "2026-12-03T09:00:00Z",
//!           "delivered_at": "2026-11-28T10:15:00Z",
//!           "items": [{"sku": "TEE-M", "quantity": 2, "reason": "wrong_size"},
//!                     {"sku": "CAP-01", "quantity": 1, "reason": "changed_mind", "final_sale": true}]}}
//! ```
//!
//! Prices come from the stored order (the customer is refunded what they paid), the places the
//! goods may go from the merchant's warehouses (`returns` → return warehouse, `regional_hub` →
//! resale hub, the rest → origin). The return row is keyed `{merchant}:{return id}`, inserted
//! once as `requested`, and moved through `approved` → `label_pending` → `labelled` or `held`
//! (with the reason) by the holder of its claim (see `store::returns`), so a redelivery or a
//! retry resumes where the last attempt stopped and never decides or buys a label twice.

use crossdock_types::{
    Decision, Incoterm, Item, LocationKind, Money, PluginKind, ReturnItem, ReturnLocation, ReturnRequest, ReturnRoute,
    Shipment, Timestamp,
};
use serde::Deserialize;
use serde_json::json;

use super::model::Order;
use super::process::{Outcome, Pipeline, ProcessError, label_format};
use super::voids::with_heartbeat;
use crate::domain::{Platform, ReturnStatus};
use crate::store::{InboxEvent, ReturnRow};

/// crossdock's return request, the `data` of a `return.requested` event.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnIn {
    pub id: String,
    pub order_id: String,
    pub requested_at: Timestamp,
    #[serde(default)]
    pub delivered_at: Option<Timestamp>,
    pub items: Vec<ReturnItemIn>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnItemIn {
    pub sku: String,
    pub quantity: u32,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub final_sale: bool,
    #[serde(default)]
    pub hygiene: bool,
    #[serde(default = "yes")]
    pub resellable: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct Envelope {
    data: ReturnIn,
}

#[derive(Deserialize)]
struct ShopifyRefund {
    id: serde_json::Value,
    order_id: serde_json::Value,
    created_at: Option<String>,
    #[serde(default)]
    refund_line_items: Vec<ShopifyRefundLine>,
}

#[derive(Deserialize)]
struct ShopifyRefundLine {
    quantity: u32,
    restock_type: Option<String>,
    line_item: ShopifyRefundedItem,
}

#[derive(Deserialize)]
struct ShopifyRefundedItem {
    sku: Option<String>,
}

fn id_text(v: &serde_json::Value) -> String {
    v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())
}

/// Reads a return request from a payload; `Ok(None)` for a Shopify refund without returned goods.
pub fn parse(platform: Platform, body: &[u8], received: Timestamp) -> Result<Option<ReturnIn>, String> {
    if platform == Platform::Shopify {
        let refund: ShopifyRefund = serde_json::from_slice(body).map_err(|e| format!("not a Shopify refund: {e}"))?;
        let items: Vec<ReturnItemIn> = refund
            .refund_line_items
            .iter()
            .filter(|l| l.restock_type.as_deref() == Some("return"))
            .filter_map(|l| {
                Some(ReturnItemIn {
                    sku: l.line_item.sku.clone().filter(|s| !s.is_empty())?,
                    quantity: l.quantity,
                    reason: "refund".into(),
                    final_sale: false,
                    hygiene: false,
                    resellable: true,
                })
            })
            .collect();
        if items.is_empty() {
            return Ok(None);
        }
        let requested_at = refund.created_at.as_deref().and_then(|t| t.parse().ok()).unwrap_or(received);
        return Ok(Some(ReturnIn {
            id: format!("refund-{}", id_text(&refund.id)),
            order_id: id_text(&refund.order_id),
            requested_at,
            delivered_at: None,
            items,
        }));
    }
    let envelope: Envelope = serde_json::from_slice(body).map_err(|e| format!("not a return request: {e}"))?;
    Ok(Some(envelope.data))
}

impl Pipeline {
    /// Decides a return and, when approved with a prepaid label, buys the label.
    pub(super) async fn handle_return(&self, event: &InboxEvent) -> Result<Outcome, ProcessError> {
        let received = Timestamp::from_unix(event.received_at_ms / 1000);
        let request = match parse(event.platform, &event.body, received) {
            Ok(Some(r)) => r,
            Ok(None) => return Ok(Outcome::Ignored("a refund without returned goods".into())),
            Err(e) => return Err(ProcessError::Payload(e)),
        };
        let merchant_id = &event.merchant_id;
        let return_id = format!("{merchant_id}:{}", request.id);
        if let Some(existing) = self.store.return_by_id(&return_id).await?
            && existing.status.is_settled()
        {
            return Ok(Outcome::Return(existing.status));
        }
        let Some(order_row) = self.store.order(merchant_id, &request.order_id).await? else {
            // The order's own webhook may still be on its way: retry later.
            return Err(ProcessError::Waiting(format!("order {} is not known yet", request.order_id)));
        };
        let order: Order = serde_json::from_str(&order_row.data_json)
            .map_err(|e| ProcessError::Payload(format!("stored order {} is unreadable: {e}", request.order_id)))?;

        let mut items = Vec::new();
        for item in &request.items {
            let Some(line) = order.lines.iter().find(|l| l.sku == item.sku) else {
                return Err(ProcessError::Payload(format!(
                    "order {} has no line with SKU {}",
                    order.external_id, item.sku
                )));
            };
            items.push(ReturnItem {
                sku: item.sku.clone(),
                quantity: item.quantity,
                unit_price: line.unit_paid(),
                reason: item.reason.clone(),
                final_sale: item.final_sale,
                hygiene: item.hygiene,
                resellable: item.resellable,
            });
        }
        let warehouses = self.store.warehouses(merchant_id).await?;
        let locations: Vec<ReturnLocation> = warehouses
            .iter()
            .map(|w| {
                let address = w.address();
                let kind = match w.kind.as_str() {
                    "returns" => LocationKind::ReturnWarehouse,
                    "regional_hub" => LocationKind::RegionalHub,
                    _ => LocationKind::Origin,
                };
                ReturnLocation { id: w.id.clone(), kind, address }
            })
            .collect();
        let contract = ReturnRequest {
            id: request.id.clone(),
            order_id: order.external_id.clone(),
            customer: order.ship_to.clone(),
            ordered_at: order.created_at,
            delivered_at: request.delivered_at,
            requested_at: request.requested_at,
            items,
            original_shipping: order.shipping_paid,
            locations,
        };

        let row = ReturnRow {
            id: return_id.clone(),
            merchant_id: merchant_id.clone(),
            order_external_id: order.external_id.clone(),
            event_id: event.id,
            status: ReturnStatus::Requested,
            hold_reason: None,
            decision_json: None,
            carrier: None,
            tracking_number: None,
            label_format: None,
            label: None,
            created_at_ms: self.clock.now_ms(),
            updated_at_ms: self.clock.now_ms(),
        };
        self.store.insert_return_if_absent(&row).await?;
        // Only the holder of the return's claim decides it or buys its label; the claim is
        // renewed while it works and fences every write.
        let worker = format!("event-{}-attempt-{}", event.id, event.attempts);
        let claim_ms = self.shipment_claim.as_millis() as i64;
        let now = self.clock.now_ms();
        if !self.store.claim_return(&return_id, &worker, now, now + claim_ms).await? {
            return match self.store.return_by_id(&return_id).await? {
                Some(r) if !r.status.is_open() => Ok(Outcome::Return(r.status)),
                _ => Err(ProcessError::Waiting(format!("return {} is being worked on by another worker", request.id))),
            };
        }
        let worker = worker.as_str();
        let work = Claimed { event, worker, return_id: &return_id, order: &order, contract: &contract };
        let outcome = with_heartbeat(
            &self.clock,
            self.shipment_claim / 3,
            || self.store.renew_return_claim(&return_id, worker, self.clock.now_ms() + claim_ms),
            self.return_claimed(&work),
        )
        .await;
        self.store.release_return(&return_id, worker).await?;
        outcome
    }

    /// Takes a claimed return from its stored state as far as it goes.
    async fn return_claimed(&self, w: &Claimed<'_>) -> Result<Outcome, ProcessError> {
        let (event, worker, return_id) = (w.event, w.worker, w.return_id);
        let merchant_id = &event.merchant_id;
        let stored = self
            .store
            .return_by_id(return_id)
            .await?
            .ok_or_else(|| ProcessError::Task(format!("return {return_id} vanished")))?;
        let markets = self.store.markets_with_bindings(merchant_id).await?;
        let market = markets.iter().find(|m| m.countries.contains(&w.order.ship_to.country));
        let mut status = stored.status;
        let mut decision: Option<Decision> = stored.decision_json.as_deref().and_then(|d| serde_json::from_str(d).ok());

        if status == ReturnStatus::Requested || decision.is_none() {
            let decided = match self.decide(w, market).await {
                Ok(Ok(d)) => d,
                Ok(Err(reason)) => return self.hold_return(w, &reason).await,
                Err(e) => {
                    // Transient (a plugin the host had to stop, the store): retried; the row says why.
                    let reason = format!("deciding the return failed: {e}; will retry");
                    let _ = self
                        .store
                        .set_return_status(
                            return_id,
                            worker,
                            ReturnStatus::Requested,
                            Some(&reason),
                            None,
                            self.clock.now_ms(),
                        )
                        .await;
                    return Err(e);
                }
            };
            status = if decided.approved { ReturnStatus::Approved } else { ReturnStatus::Refused };
            let json = serde_json::to_string(&decided).ok();
            self.store.set_return_status(return_id, worker, status, None, json.as_deref(), self.clock.now_ms()).await?;
            let kind = if decided.approved { "return.approved" } else { "return.refused" };
            let payload = json!({"return": w.contract.id, "order": w.order.external_id, "refund": decided.refund, "route": decided.route});
            self.emit(merchant_id, kind, &payload, &format!("{kind}:{return_id}")).await?;
            decision = Some(decided);
        }
        let Some(decision) = decision else { return Ok(Outcome::Return(status)) };
        let destination = match &decision.route {
            ReturnRoute::ReturnWarehouse(id) | ReturnRoute::RegionalHub(id) | ReturnRoute::Origin(id) => {
                w.contract.locations.iter().find(|l| &l.id == id)
            }
            ReturnRoute::Dispose | ReturnRoute::KeepItem => None,
        };
        let (Some(destination), true, true) = (destination, decision.approved, decision.prepaid_label) else {
            // Refused, or approved without a label to buy (the decision says why: no prepaid
            // label, or the goods stay with the customer or are disposed of).
            return Ok(Outcome::Return(status));
        };
        if status == ReturnStatus::Approved {
            self.store
                .set_return_status(return_id, worker, ReturnStatus::LabelPending, None, None, self.clock.now_ms())
                .await?;
        }
        self.return_label(w, &decision, destination, market).await
    }

    /// Runs the returns policy: `Ok(Err(reason))` to hold the return.
    async fn decide(
        &self,
        w: &Claimed<'_>,
        market: Option<&crate::store::Market>,
    ) -> Result<Result<Decision, String>, ProcessError> {
        let merchant_id = &w.event.merchant_id;
        let country = w.order.ship_to.country;
        let binding = market
            .into_iter()
            .flat_map(|m| m.bindings.iter())
            .find(|b| b.enabled && self.registry.kind(&b.plugin_name) == Some(PluginKind::Returns));
        let (Some(market), Some(binding)) = (market, binding) else {
            return Ok(Err(format!("no returns policy is enabled for {country}")));
        };
        if let Some(pause) = self.paused(merchant_id, market, PluginKind::Returns).await?.first() {
            return Ok(Err(format!("returns: {}", super::breaker::describe(pause))));
        }
        let Some(policy) = self.bind(merchant_id, &market.name, binding).await? else {
            return Ok(Err(format!("no returns policy is enabled for {country}")));
        };
        let received = Timestamp::from_unix(w.event.received_at_ms / 1000);
        let plugin = policy.plugin.clone();
        let decided = self
            .run(&policy, received, merchant_id, w.event.id, w.return_id, "evaluate", w.contract, {
                let (rt, p, r) = (self.runtime.clone(), plugin.clone(), w.contract.clone());
                move |c| rt.evaluate(&p, c, &r)
            })
            .await?;
        Ok(decided.map_err(|e| format!("returns policy {} declined: {e}", plugin.name())))
    }

    async fn hold_return(&self, w: &Claimed<'_>, reason: &str) -> Result<Outcome, ProcessError> {
        self.store
            .set_return_status(w.return_id, w.worker, ReturnStatus::Held, Some(reason), None, self.clock.now_ms())
            .await?;
        let payload = json!({"return": w.contract.id, "order": w.order.external_id, "reason": reason});
        self.emit(&w.event.merchant_id, "return.held", &payload, &format!("return.held:{}", w.return_id)).await?;
        Ok(Outcome::Return(ReturnStatus::Held))
    }

    /// Buys the label of a return in `label_pending`: `labelled`, or `held` with the reason.
    async fn return_label(
        &self,
        w: &Claimed<'_>,
        decision: &Decision,
        destination: &ReturnLocation,
        market: Option<&crate::store::Market>,
    ) -> Result<Outcome, ProcessError> {
        let (event, order, request, return_id) = (w.event, w.order, w.contract, w.return_id);
        let approved: Vec<Item> = decision
            .items
            .iter()
            .filter(|d| d.eligible)
            .filter_map(|d| {
                let item = request.items.iter().find(|i| i.sku == d.sku)?;
                let line = order.lines.iter().find(|l| l.sku == d.sku)?;
                Some(Item {
                    sku: d.sku.clone(),
                    title: line.title.clone(),
                    quantity: d.quantity,
                    unit_price: item.unit_price,
                    unit_weight_g: line.grams.unwrap_or(0),
                    hs_code: None,
                    origin_country: None,
                })
            })
            .collect();
        let shipment = Shipment {
            id: return_id.to_owned(),
            origin: order.ship_to.clone(),
            destination: destination.address.clone(),
            incoterm: Incoterm::Dap,
            currency: order.currency,
            shipping_cost: Money::zero(order.currency),
            items: approved,
        };
        let carriers = match market {
            Some(m) => self.enabled(&event.merchant_id, m, PluginKind::Carrier).await?,
            None => Vec::new(),
        };
        let policy = (super::choose::Policy::Cheapest, None);
        match self.buy_label(event, return_id, &carriers, &shipment, true, policy).await {
            Ok(Ok((carrier, label))) => {
                let format = label_format(&label);
                let (name, number) = (carrier.name(), &label.tracking_number);
                let saved = self
                    .store
                    .set_return_label(return_id, w.worker, name, number, &format, &label.data, self.clock.now_ms())
                    .await;
                if let Err(e) = saved {
                    self.void_orphan(event, return_id, &carrier, number, &e.to_string()).await;
                    return Err(e.into());
                }
                Ok(Outcome::Return(ReturnStatus::Labelled))
            }
            Ok(Err(why)) => self.hold_return(w, &format!("approved, but no return label could be bought: {why}")).await,
            Err(e) => {
                let reason = format!("buying the return label failed: {e}; will retry");
                let _ = self
                    .store
                    .set_return_status(
                        return_id,
                        w.worker,
                        ReturnStatus::LabelPending,
                        Some(&reason),
                        None,
                        self.clock.now_ms(),
                    )
                    .await;
                Err(e)
            }
        }
    }
}

/// A return in the hands of the worker that claimed it.
struct Claimed<'a> {
    event: &'a InboxEvent,
    worker: &'a str,
    return_id: &'a str,
    order: &'a Order,
    contract: &'a ReturnRequest,
}
