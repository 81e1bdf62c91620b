//! Processing one inbox event: from a storefront payload to cleared, rated, labelled
//! shipments, with every plugin run recorded.
//!
//! ```text
//! event ─▶ normalise ─▶ order ─▶ allocate ─▶ per shipment: customs ─▶ rate (all carriers, in
//!          parallel, under a deadline) ─▶ choose ─▶ label
//! ```
//!
//! **Idempotent.** A shipment's id is `{merchant}:{order}:{warehouse}`, inserted before any
//! plugin runs, and each step checks what the row already records: a retry after a crash
//! resumes where the previous attempt stopped and never buys a second label. Plugins see the
//! event's time, not the wall clock, so a retry computes what the first attempt computed.
//!
//! **Claimed and fenced.** Only the worker holding a shipment's claim runs its plugins, and the
//! claim is renewed while they run (as the worker renews its event's lease), so a slow carrier
//! cannot let a second worker in. Every effect on the shipment (customs documents, label,
//! hold) is written only under a live claim (`store::claims`); a worker that lost its claim
//! writes nothing, and voids a label it bought but may not record (`voids.rs`).
//!
//! **Decided by the signed body.** A Shopify or WooCommerce topic arrives in an unsigned
//! header: it routes the event, but whether an order is cancelled comes from the signed body
//! (`cancelled_at`, `status`), never from the topic.
//!
//! **Errors.** A payload that cannot be normalised is permanent (dead-lettered at once); a
//! plugin that traps or hits a limit, or a store error, is transient (retried with backoff).
//! What a plugin reports on purpose (a blocking customs finding, no carrier rate, an address
//! the carrier rejects) holds the shipment with the reason; it is not an error.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crossdock_types::{
    Assessment, Incoterm, Item, Label, LabelFormat, Money, PluginKind, Severity, Shipment, Timestamp,
};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::allocate::{Demand, Site, allocate};
use super::bound::Bound;
use super::invoice::{Seller, commercial_invoice};
use super::model::Order;
use super::normalize::{self, NormalizeError};
use super::voids::with_heartbeat;
use crate::clock::Clock;
use crate::domain::{Platform, ReturnStatus, RunOutcome, ShipmentStatus};
use crate::ingest::Topic;
use crate::metrics::{Metrics, Stage};
use crate::registry::Registry;
use crate::runtime::fx::FxTable;
use crate::runtime::{Call, CallContext, CallError, Runtime};
use crate::store::{
    CatalogRow, InboxEvent, Market, OrderRow, PluginRunRow, ShipmentLabel, ShipmentRow, Store, StoreError,
};

/// Shared by all workers.
pub struct Pipeline {
    pub store: Store,
    pub runtime: Arc<Runtime>,
    pub registry: Arc<Registry>,
    pub fx: Arc<FxTable>,
    /// How long rating may take for one shipment, all carriers together.
    pub rate_deadline: Duration,
    /// How long a worker's claim on a shipment lasts (the inbox lease: a worker that outlives
    /// it has lost its event to another anyway). A worker that dies frees its shipments then.
    pub shipment_claim: Duration,
    /// Where the pipeline and the workers running it read the time.
    pub clock: Clock,
}

/// What processing an event did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A topic crossdock does not act on.
    Ignored(String),
    /// Catalog entries updated from a product webhook.
    Catalog(usize),
    /// The order's shipments, as `(id, status)`.
    Order(Vec<(String, ShipmentStatus)>),
    /// Labels voided for a cancelled order.
    Cancelled(usize),
    /// A return request, with the return's status.
    Return(ReturnStatus),
}

/// Why an event could not be processed.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    #[error("the payload cannot be read: {0}")]
    Normalize(#[from] NormalizeError),
    #[error("event of unknown connection `{0}`")]
    UnknownConnection(String),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Plugin(#[from] CallError),
    #[error("a plugin task failed: {0}")]
    Task(String),
    #[error("the payload cannot be used: {0}")]
    Payload(String),
    #[error("{0}; will retry")]
    Waiting(String),
}

impl ProcessError {
    /// Whether retrying can help. A malformed payload stays malformed.
    pub fn is_permanent(&self) -> bool {
        matches!(self, ProcessError::Normalize(_) | ProcessError::UnknownConnection(_) | ProcessError::Payload(_))
    }
}

/// How a label's format is stored: `pdf`, `zpl`, `png`.
pub(super) fn label_format(label: &Label) -> String {
    match label.format {
        LabelFormat::Pdf => "pdf",
        LabelFormat::Zpl => "zpl",
        LabelFormat::Png => "png",
    }
    .to_owned()
}

/// A call's own wall time where it ran, else the time spent waiting for it.
fn stats_or<T>(result: &Result<Call<T>, CallError>, waited: Duration) -> Duration {
    match result {
        Ok(call) => Duration::from_micros(call.stats.wall_us),
        Err(e) => e.stats().map_or(waited, |s| Duration::from_micros(s.wall_us)),
    }
}

fn sha256_json<T: Serialize>(value: &T) -> String {
    hex::encode(Sha256::digest(serde_json::to_vec(value).unwrap_or_default()))
}

impl Pipeline {
    /// The node's metrics (held by its runtime, which the HTTP handlers share).
    pub fn metrics(&self) -> &Metrics {
        self.runtime.metrics()
    }

    /// Processes one claimed event.
    pub async fn process(&self, event: &InboxEvent) -> Result<Outcome, ProcessError> {
        let platform = event.platform;
        let topic = match platform {
            Platform::Shopify => Topic::from_shopify(&event.topic),
            Platform::WooCommerce => Topic::from_woocommerce(&event.topic),
            Platform::Standard => Topic::from_crossdock(&event.topic),
        };
        let body = &event.body;
        match topic {
            Topic::OrderCreated | Topic::OrderPaid | Topic::OrderUpdated | Topic::OrderCancelled => {
                let order = match platform {
                    Platform::Shopify => normalize::shopify_order(body),
                    Platform::WooCommerce => normalize::woocommerce_order(body),
                    Platform::Standard => normalize::generic_order(body),
                };
                let order = match order {
                    // A digital-only order: nothing to ship, nothing wrong.
                    Err(NormalizeError::NoShippingAddress { order, .. }) => {
                        return Ok(Outcome::Ignored(format!("order {order} has nothing to ship")));
                    }
                    other => other?,
                };
                // Effects follow the signed body. Shopify's and WooCommerce's topic travels in an
                // unsigned header, so it only routes: a body replayed under `orders/cancelled`
                // cancels nothing unless the body itself says so (`cancelled_at`, `status`).
                // A Standard Webhooks topic is the body's own `type`, signed with it.
                let signed_cancel = platform == Platform::Standard && topic == Topic::OrderCancelled;
                if order.cancelled || signed_cancel {
                    return self.cancel(event, &order.external_id).await;
                }
                if topic == Topic::OrderCancelled {
                    return Ok(Outcome::Ignored(format!(
                        "order {} arrived as a cancellation but its signed body does not say it is cancelled",
                        order.external_id
                    )));
                }
                self.fulfil(event, &order).await
            }
            Topic::ProductUpdated if platform == Platform::Shopify => {
                let updates = normalize::shopify_product(body)?;
                for u in &updates {
                    let row = CatalogRow {
                        merchant_id: event.merchant_id.clone(),
                        sku: u.sku.clone(),
                        title: u.title.clone(),
                        hs_code: u.hs_code.clone(),
                        origin_country: u.origin_country,
                        unit_weight_g: u.grams,
                    };
                    self.store.upsert_catalog_item(&row).await?;
                }
                Ok(Outcome::Catalog(updates.len()))
            }
            // A Shopify return request names fulfillment lines, not SKUs; its refund, which
            // follows, carries the SKUs and starts the return.
            Topic::ReturnRequested if platform == Platform::Shopify => {
                Ok(Outcome::Ignored("Shopify returns are routed when their refund arrives".into()))
            }
            Topic::ReturnRequested | Topic::RefundCreated => self.handle_return(event).await,
            other => Ok(Outcome::Ignored(other.as_str().to_owned())),
        }
    }

    async fn fulfil(&self, event: &InboxEvent, order: &Order) -> Result<Outcome, ProcessError> {
        let merchant_id = &event.merchant_id;
        let merchant = self
            .store
            .merchant(merchant_id)
            .await?
            .ok_or_else(|| ProcessError::UnknownConnection(event.connection_id.clone()))?;
        let row = OrderRow {
            merchant_id: merchant_id.clone(),
            external_id: order.external_id.clone(),
            platform: event.platform,
            event_id: event.id,
            status: "accepted".into(),
            data_json: serde_json::to_string(order).unwrap_or_default(),
            updated_at_ms: self.clock.now_ms(),
        };
        if self.store.upsert_order(&row).await? {
            self.emit(
                merchant_id,
                "order.accepted",
                &json!({"order": order.external_id, "number": order.number}),
                &format!("order.accepted:{}", order.external_id),
            )
            .await?;
        }

        let destination = order.ship_to.country;
        let markets = self.store.markets_with_bindings(merchant_id).await?;
        let market = markets.iter().find(|m| m.countries.contains(&destination));
        let skus: Vec<&str> = order.lines_to_ship().map(|l| l.sku.as_str()).collect();
        let catalog: BTreeMap<String, CatalogRow> =
            self.store.catalog(merchant_id, &skus).await?.into_iter().map(|c| (c.sku.clone(), c)).collect();
        let warehouses = self.store.warehouses(merchant_id).await?;
        let stock = self.store.stock(merchant_id, &skus).await?;
        let stocked = self.store.stocked_warehouses(merchant_id).await?;
        let sites: Vec<Site> = warehouses
            .iter()
            .map(|w| Site {
                id: w.id.clone(),
                country: w.country,
                ships_orders: !matches!(w.kind.as_str(), "returns" | "regional_hub"),
                // A warehouse with a stock table carries only what it lists (for this order's
                // SKUs, maybe nothing); one without carries everything.
                stock: stocked.contains(&w.id).then(|| {
                    stock
                        .iter()
                        .filter(|s| s.warehouse_id == w.id)
                        .map(|s| (s.sku.clone(), u32::try_from(s.quantity).unwrap_or(0)))
                        .collect()
                }),
            })
            .collect();
        let demand: Vec<Demand> = order
            .lines_to_ship()
            .map(|l| Demand { line_id: l.line_id.clone(), sku: l.sku.clone(), quantity: l.quantity })
            .collect();
        let market_countries = market.map(|m| m.countries.clone()).unwrap_or_default();
        let plan = allocate(&demand, destination, &market_countries, &sites);

        let values: Vec<u64> = plan
            .allocations
            .iter()
            .map(|a| {
                a.lines
                    .iter()
                    .filter_map(|(id, q)| {
                        order
                            .lines
                            .iter()
                            .find(|l| &l.line_id == id)
                            .map(|l| l.unit_price.amount.max(0) as u64 * u64::from(*q))
                    })
                    .sum()
            })
            .collect();
        let shipping_parts = order.shipping_paid.allocate(&values).unwrap_or_default();

        let mut results = Vec::new();
        for (i, allocation) in plan.allocations.iter().enumerate() {
            let Some(warehouse) = warehouses.iter().find(|w| w.id == allocation.warehouse_id) else { continue };
            let id = format!("{merchant_id}:{}:{}", order.external_id, warehouse.id);
            let items: Vec<Item> = allocation
                .lines
                .iter()
                .filter_map(|(line_id, quantity)| {
                    let line = order.lines.iter().find(|l| &l.line_id == line_id)?;
                    let entry = catalog.get(&line.sku);
                    Some(Item {
                        sku: line.sku.clone(),
                        title: line.title.clone(),
                        quantity: *quantity,
                        unit_price: line.unit_paid(),
                        unit_weight_g: entry.and_then(|c| c.unit_weight_g).or(line.grams).unwrap_or(0),
                        hs_code: entry.and_then(|c| c.hs_code.clone()),
                        origin_country: entry.and_then(|c| c.origin_country),
                    })
                })
                .collect();
            let mut origin = warehouse.address();
            origin.company = Some(merchant.name.clone());
            let shipment = Shipment {
                id: id.clone(),
                origin,
                destination: order.ship_to.clone(),
                incoterm: Incoterm::Ddp,
                currency: order.currency,
                shipping_cost: shipping_parts.get(i).copied().unwrap_or(Money::zero(order.currency)),
                items,
            };
            let status =
                self.ship(event, &merchant.name, market, (&order.external_id, &warehouse.id), &shipment).await?;
            results.push((id, status));
        }
        if !plan.unallocated.is_empty() {
            let missing: Vec<String> = plan.unallocated.iter().map(|(_, sku, q)| format!("{q} × {sku}")).collect();
            let id = format!("{merchant_id}:{}:unallocated", order.external_id);
            let reason = format!("no warehouse has stock for {}", missing.join(", "));
            self.insert_pending(&id, merchant_id, &order.external_id, "unallocated", destination).await?;
            self.hold(merchant_id, &id, None, &reason).await?;
            results.push((id, ShipmentStatus::Held));
        }
        Ok(Outcome::Order(results))
    }

    async fn insert_pending(
        &self,
        id: &str,
        merchant_id: &str,
        order: &str,
        warehouse: &str,
        destination: crossdock_types::CountryCode,
    ) -> Result<(), StoreError> {
        let now = self.clock.now_ms();
        let row = ShipmentRow {
            id: id.to_owned(),
            merchant_id: merchant_id.to_owned(),
            order_external_id: order.to_owned(),
            warehouse_id: warehouse.to_owned(),
            destination_country: destination,
            status: ShipmentStatus::Pending,
            hold_reason: None,
            carrier: None,
            service_code: None,
            tracking_number: None,
            label_format: None,
            label: None,
            price: None,
            customs_json: None,
            invoice_json: None,
            created_at_ms: now,
            updated_at_ms: now,
        };
        self.store.insert_shipment_if_absent(&row).await.map(|_| ())
    }

    /// Holds a shipment with the reason; fenced on `claim` when the shipment is claimed.
    async fn hold(
        &self,
        merchant_id: &str,
        shipment_id: &str,
        claim: Option<&str>,
        reason: &str,
    ) -> Result<(), ProcessError> {
        match claim {
            Some(worker) => {
                self.store
                    .set_claimed_shipment_status(
                        shipment_id,
                        worker,
                        ShipmentStatus::Held,
                        Some(reason),
                        self.clock.now_ms(),
                    )
                    .await?
            }
            None => {
                self.store
                    .update_shipment_status(shipment_id, ShipmentStatus::Held, Some(reason), self.clock.now_ms())
                    .await?
            }
        }
        self.emit(
            merchant_id,
            "shipment.held",
            &json!({"shipment": shipment_id, "reason": reason}),
            &format!("shipment.held:{shipment_id}"),
        )
        .await?;
        Ok(())
    }

    pub(super) async fn emit(
        &self,
        merchant_id: &str,
        kind: &str,
        payload: &serde_json::Value,
        key: &str,
    ) -> Result<(), StoreError> {
        let body = json!({"type": kind, "data": payload});
        self.store.enqueue_outbound(merchant_id, kind, &body.to_string(), key, self.clock.now_ms()).await.map(|_| ())
    }

    /// Customs, rating and label for one shipment; returns its status.
    async fn ship(
        &self,
        event: &InboxEvent,
        merchant_name: &str,
        market: Option<&Market>,
        (order_id, warehouse_id): (&str, &str),
        shipment: &Shipment,
    ) -> Result<ShipmentStatus, ProcessError> {
        let merchant_id = &event.merchant_id;
        let id = &shipment.id;
        self.insert_pending(id, merchant_id, order_id, warehouse_id, shipment.destination.country).await?;
        // Two events of one order (`orders/create` and `orders/paid` arrive together) can reach
        // this shipment in two workers, on two nodes: only the claim holder goes on; the other
        // waits until the holder has decided, then reports what it decided.
        let worker = format!("event-{}-attempt-{}", event.id, event.attempts);
        let waited = std::time::Instant::now();
        loop {
            let now = self.clock.now_ms();
            if self.store.claim_shipment(id, &worker, now, now + self.shipment_claim.as_millis() as i64).await? {
                break;
            }
            match self.store.shipment(id).await? {
                Some(row) if row.status != ShipmentStatus::Pending => return Ok(row.status),
                _ if waited.elapsed() > self.shipment_claim => {
                    return Err(ProcessError::Waiting(format!("shipment {id} is being worked on by another worker")));
                }
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        // Renewed while the plugins run, so a slow carrier cannot let the claim lapse and a
        // second worker buy another label; every write below is fenced on it.
        let claim_ms = self.shipment_claim.as_millis() as i64;
        let worker = worker.as_str();
        let decided = with_heartbeat(
            &self.clock,
            self.shipment_claim / 3,
            || self.store.renew_shipment_claim(id, worker, self.clock.now_ms() + claim_ms),
            self.ship_claimed(event, worker, merchant_name, market, shipment),
        )
        .await;
        self.store.release_shipment(id, worker).await?;
        decided
    }

    /// The body of [`Self::ship`], run by the holder of the shipment's claim.
    async fn ship_claimed(
        &self,
        event: &InboxEvent,
        worker: &str,
        merchant_name: &str,
        market: Option<&Market>,
        shipment: &Shipment,
    ) -> Result<ShipmentStatus, ProcessError> {
        let merchant_id = &event.merchant_id;
        let id = &shipment.id;
        let existing = self.store.shipment(id).await?;
        if let Some(row) = &existing
            && row.status != ShipmentStatus::Pending
        {
            return Ok(row.status); // decided by an earlier attempt
        }
        let Some(market) = market else {
            self.hold(
                merchant_id,
                id,
                Some(worker),
                &format!("no market of this merchant includes {}", shipment.destination.country),
            )
            .await?;
            return Ok(ShipmentStatus::Held);
        };
        let clock = Timestamp::from_unix(event.received_at_ms / 1000);

        // Customs, for a shipment that crosses a border.
        let already_assessed = existing.as_ref().and_then(|r| r.customs_json.clone()).is_some();
        if shipment.origin.country != shipment.destination.country && !already_assessed {
            let _customs = self.metrics().time(Stage::Customs);
            let Some(customs) = self.enabled(merchant_id, market, PluginKind::Customs).await?.into_iter().next() else {
                let paused = self.paused(merchant_id, market, PluginKind::Customs).await?;
                let reason = match paused.first() {
                    Some(pause) => format!("customs: {}", super::breaker::describe(pause)),
                    None => format!(
                        "no customs plugin is enabled in market {} for {}",
                        market.name, shipment.destination.country
                    ),
                };
                self.hold(merchant_id, id, Some(worker), &reason).await?;
                return Ok(ShipmentStatus::Held);
            };
            let plugin = &customs.plugin;
            let call = self
                .run(&customs, clock, merchant_id, event.id, id, "assess", shipment, {
                    let (rt, p, s) = (self.runtime.clone(), plugin.clone(), shipment.clone());
                    move |c| rt.assess(&p, c, &s)
                })
                .await?;
            let assessment: Assessment = match call {
                Ok(a) => a,
                Err(e) => {
                    let reason = format!("customs plugin {} declined: {e}", plugin.name());
                    self.hold(merchant_id, id, Some(worker), &reason).await?;
                    return Ok(ShipmentStatus::Held);
                }
            };
            let invoice = commercial_invoice(
                &Seller { merchant_id, name: merchant_name },
                shipment,
                &assessment,
                &Timestamp::from_unix(event.received_at_ms / 1000).date(),
            );
            self.store
                .set_shipment_customs(
                    id,
                    worker,
                    &serde_json::to_string(&assessment).unwrap_or_default(),
                    Some(&serde_json::to_string(&invoice).unwrap_or_default()),
                    self.clock.now_ms(),
                )
                .await?;
            if assessment.is_blocked() {
                let reasons: Vec<&str> = assessment
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Blocking)
                    .map(|f| f.message.as_str())
                    .collect();
                self.hold(merchant_id, id, Some(worker), &format!("customs: {}", reasons.join("; "))).await?;
                return Ok(ShipmentStatus::Held);
            }
            self.emit(
                merchant_id,
                "customs.cleared",
                &json!({"shipment": id, "duty": assessment.duty, "tax": assessment.tax, "collect": assessment.collect}),
                &format!("customs.cleared:{id}"),
            )
            .await?;
        }

        let carriers = self.enabled(merchant_id, market, PluginKind::Carrier).await?;
        let policy = (market.carrier_policy, market.max_eta_days);
        match self.buy_label(event, id, &carriers, shipment, false, policy).await? {
            Ok((carrier, label)) => {
                let plugin = &carrier.plugin;
                let stored = ShipmentLabel {
                    carrier: plugin.name().to_owned(),
                    service_code: label.service_code.clone(),
                    tracking_number: label.tracking_number.clone(),
                    label_format: label_format(&label),
                    label: label.data.clone(),
                    price: label.price,
                };
                if let Err(e) = self
                    .store
                    .set_shipment_label(id, worker, &stored, ShipmentStatus::Labelled, self.clock.now_ms())
                    .await
                {
                    // The claim lapsed while the label was bought: another worker owns the
                    // shipment now, so this label must not stay live unrecorded.
                    self.void_orphan(event, id, &carrier, &label.tracking_number, &e.to_string()).await;
                    return Err(e.into());
                }
                let payload = json!({"shipment": id, "carrier": plugin.name(), "service": label.service_code,
                                     "tracking_number": label.tracking_number, "price": label.price,
                                     "tracking_url": crate::links::tracking_path(merchant_id, &label.tracking_number)});
                self.emit(merchant_id, "label.created", &payload, &format!("label.created:{id}")).await?;
                Ok(ShipmentStatus::Labelled)
            }
            Err(why) => {
                let paused = self.paused(merchant_id, market, PluginKind::Carrier).await?;
                let why = match paused.is_empty() {
                    true => why,
                    false => {
                        let names: Vec<&str> = paused.iter().map(|p| p.plugin_name.as_str()).collect();
                        format!("{why}; paused by the circuit breaker: {}", names.join(", "))
                    }
                };
                self.hold(merchant_id, id, Some(worker), &why).await?;
                Ok(ShipmentStatus::Held)
            }
        }
    }

    /// Runs a plugin call on the blocking pool and records it in the audit.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn run<I: Serialize, T: Serialize + Send + 'static, E: std::fmt::Display + Send + 'static>(
        &self,
        bound: &Bound,
        clock: Timestamp,
        merchant_id: &str,
        event_id: impl Into<Option<i64>>,
        shipment_id: &str,
        function: &'static str,
        input: &I,
        call: impl FnOnce(CallContext) -> Result<Call<Result<T, E>>, CallError> + Send + 'static,
    ) -> Result<Result<T, E>, ProcessError> {
        let plugin = &bound.plugin;
        let ctx = bound.ctx(clock, self);
        let input_sha256 = sha256_json(input);
        let started = std::time::Instant::now();
        let result =
            tokio::task::spawn_blocking(move || call(ctx)).await.map_err(|e| ProcessError::Task(e.to_string()))?;
        let took = stats_or(&result, started.elapsed());
        let (outcome, error, stats) = match &result {
            Ok(call) => match &call.output {
                Ok(_) => (RunOutcome::Ok, None, Some(call.stats)),
                Err(e) => (RunOutcome::Declined, Some(e.to_string()), Some(call.stats)),
            },
            Err(e) => (
                if e.limit().is_some() { RunOutcome::Limit } else { RunOutcome::Failed },
                Some(e.to_string()),
                e.stats(),
            ),
        };
        let row = PluginRunRow {
            merchant_id: merchant_id.to_owned(),
            event_id: event_id.into(),
            shipment_id: Some(shipment_id.to_owned()),
            plugin_name: plugin.name().to_owned(),
            plugin_digest: plugin.digest.hex(),
            function: function.to_owned(),
            input_sha256,
            outcome: outcome.as_str().to_owned(),
            error,
            fuel: stats.map(|s| s.fuel),
            wall_us: stats.map_or(0, |s| s.wall_us),
            memory_peak_bytes: stats.map(|s| s.memory_peak_bytes),
            created_at_ms: self.clock.now_ms(),
        };
        self.store.record_plugin_run(&row).await?;
        let name = Metrics::plugin_label(plugin.name(), crate::registry::FIRST_PARTY);
        self.metrics().plugin_call(name, function, outcome, took, stats.map(|s| s.fuel));
        // A call the host had to stop or reject counts towards the binding's circuit breaker;
        // an answer, even a refusal, resets it.
        let failure = result.as_ref().err().map(ToString::to_string);
        self.breaker_note(merchant_id, bound, failure.as_deref()).await?;
        Ok(result?.output)
    }
}
