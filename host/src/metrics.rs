//! The node's metrics: one [`Metrics`] registry, recorded where each thing happens and served
//! at `GET /metrics` in the Prometheus text format (version 0.0.4), through the Prometheus
//! project's Rust client (`prometheus-client`).
//!
//! **Names** follow the Prometheus conventions: every family starts with `crossdock_`,
//! counters end in `_total` (the client adds it), durations are in seconds (`_seconds`).
//!
//! **Labels** are typed and bounded: platform, outcome, stage, function, status and error kind
//! are enums of this module; a plugin is labelled with its first-party name, and every plugin
//! a merchant uploaded is `uploaded` (its name is the merchant's choice, so it can name the
//! merchant); a carrier host is one of the hosts some binding allows, and past
//! [`MAX_CARRIER_HOSTS`] distinct hosts the rest are `other`. No label ever carries a merchant
//! id, a shop domain, an order, shipment or tracking number, so the page can be read by whoever
//! runs the node without a merchant's token.
//!
//! **Where the values come from.** Counters and histograms are recorded at the point each thing
//! happens (ingest, worker, pipeline stages, plugin calls, carrier HTTP, outbound deliveries,
//! the tracker). The inbox depth, the age of the oldest pending event and the tracker's lag are
//! read from the store at scrape time ([`StoreGauges`], two index-only queries), not kept in
//! the process: the inbox and the shipments are shared by every node of a cluster, and a
//! process-local count would miss the other nodes' work — and would freeze, instead of growing,
//! when the tracker stalls. When the store cannot be read they are left out and
//! `crossdock_store_up` is 0.
//!
//! **Buckets.** Latencies are recorded with the monotonic clock (`Instant`), never the node's
//! clock, which tests may hold still. [`STAGE_BUCKETS`]: 5 ms to 10 min, since an event may
//! wait out retries in the inbox; [`PLUGIN_SECONDS_BUCKETS`]: 0.5 ms to 10 s, around the call
//! deadlines; [`FUEL_BUCKETS`]: 10⁴ to 10¹⁰ instructions in half decades, around the fuel
//! limit; [`HTTP_BUCKETS`]: 10 ms to 30 s, around carrier APIs and the grant's deadline.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{
    DescriptorEncoder, EncodeLabelSet, EncodeLabelValue, EncodeMetric, LabelValueEncoder,
};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::domain::{Platform, RunOutcome};

/// The `Content-Type` of `GET /metrics`.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// Pipeline stage latencies, in seconds: 5 ms … 10 min.
pub const STAGE_BUCKETS: [f64; 15] =
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 600.0];
/// Plugin call durations, in seconds: 0.5 ms … 10 s.
pub const PLUGIN_SECONDS_BUCKETS: [f64; 14] =
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
/// Fuel a plugin call consumed (roughly wasm instructions): 10⁴ … 10¹⁰ in half decades.
pub const FUEL_BUCKETS: [f64; 13] = [1e4, 3e4, 1e5, 3e5, 1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9, 3e9, 1e10];
/// Carrier HTTP request durations, in seconds: 10 ms … 30 s.
pub const HTTP_BUCKETS: [f64; 11] = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// Distinct carrier hosts labelled by name; further hosts are counted as `other`, so a binding
/// allowing many hosts cannot grow the page without end.
pub const MAX_CARRIER_HOSTS: usize = 32;

/// A fieldless enum whose label value is one fixed lowercase word per variant.
macro_rules! label_words {
    ($(#[$doc:meta])* $ty:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $ty {
            $($variant),+
        }

        impl $ty {
            /// The label value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $text),+
                }
            }
        }

        impl EncodeLabelValue for $ty {
            fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), fmt::Error> {
                fmt::Write::write_str(encoder, self.as_str())
            }
        }
    };
}

/// The domain's words are label values as they are stored.
macro_rules! label_as_stored {
    ($($ty:ty),+) => {
        $(impl EncodeLabelValue for $ty {
            fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), fmt::Error> {
                fmt::Write::write_str(encoder, self.as_str())
            }
        })+
    };
}

label_as_stored!(Platform, RunOutcome);

label_words!(
    /// How a webhook was answered.
    WebhookOutcome {
        Accepted = "accepted",
        Duplicate = "duplicate",
        Ping = "ping",
        Unauthorized = "unauthorized",
        Malformed = "malformed",
        TooLarge = "too_large",
        Unavailable = "unavailable",
        Other = "other",
    }
);

impl WebhookOutcome {
    /// The outcome an answer of `status` stands for, when the handler did not name it.
    pub fn of_status(status: u16) -> Self {
        match status {
            200..=299 => WebhookOutcome::Accepted,
            401 | 403 => WebhookOutcome::Unauthorized,
            400 | 422 => WebhookOutcome::Malformed,
            413 => WebhookOutcome::TooLarge,
            503 => WebhookOutcome::Unavailable,
            _ => WebhookOutcome::Other,
        }
    }
}

label_words!(
    /// A timed stretch of an event's way through the node.
    Stage {
        Queue = "queue",
        Event = "event",
        Customs = "customs",
        Rate = "rate",
        Label = "label",
        Track = "track",
    }
);

label_words!(
    /// How a worker settled an event.
    Settled { Done = "done", Retry = "retry", Dead = "dead" }
);

label_words!(
    /// Why a carrier HTTP request failed. `server_error` is a 5xx answer; the others had no
    /// usable answer at all.
    HttpError {
        Denied = "denied",
        Timeout = "timeout",
        TooLarge = "too_large",
        Failed = "failed",
        ServerError = "server_error",
    }
);

label_words!(
    /// How an outbound delivery attempt ended.
    Delivery { Delivered = "delivered", Retry = "retry", Failed = "failed" }
);

label_words!(
    /// An inbox status counted by `crossdock_inbox_events`.
    InboxStatus { Pending = "pending", Processing = "processing", Dead = "dead" }
);

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct WebhookLabels {
    platform: Platform,
    outcome: WebhookOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct StageLabels {
    stage: Stage,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct SettledLabels {
    outcome: Settled,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct PluginLabels {
    plugin: &'static str,
    function: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct PluginCallLabels {
    plugin: &'static str,
    function: &'static str,
    outcome: RunOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct HostLabels {
    host: Arc<str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct HostErrorLabels {
    host: Arc<str>,
    error: HttpError,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct DeliveryLabels {
    status: Delivery,
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

/// What the store said at scrape time (see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StoreGauges {
    /// Events waiting for their first or next attempt.
    pub pending: u64,
    /// Events a worker holds.
    pub processing: u64,
    /// Dead-lettered events, waiting for an operator.
    pub dead: u64,
    /// How long the oldest pending event has been in the inbox; zero when none is pending.
    pub oldest_pending_age: Duration,
    /// How overdue the most overdue tracking poll is; zero when none is due.
    pub tracker_lag: Duration,
}

/// The scrape-time gauges, encoded from the snapshot [`Metrics::render`] was given.
#[derive(Debug, Default)]
struct StoreCollector(Mutex<Option<StoreGauges>>);

impl Collector for StoreCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), fmt::Error> {
        let snapshot = *self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let up = ConstGauge::new(i64::from(snapshot.is_some()));
        up.encode(encoder.encode_descriptor(
            "crossdock_store_up",
            "Whether the store answered this scrape's queries (1) or not (0).",
            None,
            MetricType::Gauge,
        )?)?;
        let Some(s) = snapshot else { return Ok(()) };
        let mut events = encoder.encode_descriptor(
            "crossdock_inbox_events",
            "Inbox events by status, node-wide (read from the store at scrape time).",
            None,
            MetricType::Gauge,
        )?;
        for (status, n) in
            [(InboxStatus::Pending, s.pending), (InboxStatus::Processing, s.processing), (InboxStatus::Dead, s.dead)]
        {
            let labels = [("status", status)];
            ConstGauge::new(i64::try_from(n).unwrap_or(i64::MAX)).encode(events.encode_family(&labels)?)?;
        }
        ConstGauge::new(s.oldest_pending_age.as_secs_f64()).encode(encoder.encode_descriptor(
            "crossdock_inbox_oldest_pending_age_seconds",
            "Age of the oldest pending inbox event; 0 when none is pending.",
            None,
            MetricType::Gauge,
        )?)?;
        ConstGauge::new(s.tracker_lag.as_secs_f64()).encode(encoder.encode_descriptor(
            "crossdock_tracker_lag_seconds",
            "How overdue the most overdue tracking poll of a shipment in flight is; 0 when none is overdue.",
            None,
            MetricType::Gauge,
        )?)?;
        Ok(())
    }
}

/// Every metric family of a node. Cheap to share behind an `Arc`; every method takes `&self`.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    webhooks: Family<WebhookLabels, Counter>,
    stage_seconds: Histograms<StageLabels>,
    events: Family<SettledLabels, Counter>,
    workers: Gauge,
    plugin_calls: Family<PluginCallLabels, Counter>,
    plugin_seconds: Histograms<PluginLabels>,
    plugin_fuel: Histograms<PluginLabels>,
    http_seconds: Histograms<HostLabels>,
    http_errors: Family<HostErrorLabels, Counter>,
    outbound: Family<DeliveryLabels, Counter>,
    store: Arc<StoreCollector>,
    /// Carrier hosts given a label of their own so far (at most [`MAX_CARRIER_HOSTS`]).
    hosts: Mutex<HashSet<Arc<str>>>,
    /// Held while a scrape sets the store snapshot and encodes, so two scrapes at once each
    /// encode their own snapshot.
    rendering: Mutex<()>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A registry with every family registered and nothing recorded.
    pub fn new() -> Self {
        let webhooks = Family::<WebhookLabels, Counter>::default();
        let stage_seconds: Histograms<StageLabels> = Family::new_with_constructor(|| Histogram::new(STAGE_BUCKETS));
        let events = Family::<SettledLabels, Counter>::default();
        let workers = Gauge::default();
        let plugin_calls = Family::<PluginCallLabels, Counter>::default();
        let plugin_seconds: Histograms<PluginLabels> =
            Family::new_with_constructor(|| Histogram::new(PLUGIN_SECONDS_BUCKETS));
        let plugin_fuel: Histograms<PluginLabels> = Family::new_with_constructor(|| Histogram::new(FUEL_BUCKETS));
        let http_seconds: Histograms<HostLabels> = Family::new_with_constructor(|| Histogram::new(HTTP_BUCKETS));
        let http_errors = Family::<HostErrorLabels, Counter>::default();
        let outbound = Family::<DeliveryLabels, Counter>::default();
        let store = Arc::new(StoreCollector::default());

        let mut r = Registry::default();
        r.register(
            "crossdock_webhooks_received",
            "Webhooks received, by storefront platform and how they were answered",
            webhooks.clone(),
        );
        r.register(
            "crossdock_stage_duration_seconds",
            "Time spent in each stage: queue (receipt to claim), event (one event's processing), customs, rate (all carriers), label (buying, with fallbacks), track (one tracker pass)",
            stage_seconds.clone(),
        );
        r.register("crossdock_events_settled", "Inbox events settled by the workers, by outcome", events.clone());
        r.register("crossdock_workers_running", "Workers running on this node", workers.clone());
        r.register(
            "crossdock_plugin_calls",
            "Plugin calls, by plugin (first-party name, or `uploaded`), function and outcome",
            plugin_calls.clone(),
        );
        r.register(
            "crossdock_plugin_call_duration_seconds",
            "Wall time of plugin calls (instantiation and call), by plugin and function",
            plugin_seconds.clone(),
        );
        r.register(
            "crossdock_plugin_call_fuel",
            "Fuel consumed by plugin calls (roughly wasm instructions), by plugin and function",
            plugin_fuel.clone(),
        );
        r.register(
            "crossdock_carrier_http_request_duration_seconds",
            "Duration of carrier plugins' HTTP requests that were sent, by carrier host",
            http_seconds.clone(),
        );
        r.register(
            "crossdock_carrier_http_errors",
            "Carrier plugins' HTTP requests that failed, by carrier host and error",
            http_errors.clone(),
        );
        r.register("crossdock_outbound_deliveries", "Outbound delivery attempts, by how they ended", outbound.clone());
        r.register_collector(Box::new(store.clone()));

        Self {
            registry: r,
            webhooks,
            stage_seconds,
            events,
            workers,
            plugin_calls,
            plugin_seconds,
            plugin_fuel,
            http_seconds,
            http_errors,
            outbound,
            store,
            hosts: Mutex::new(HashSet::new()),
            rendering: Mutex::new(()),
        }
    }

    /// The exposition: every family, with the store's gauges from `store` (`None`: the store
    /// could not be read, and they are left out).
    pub fn render(&self, store: Option<StoreGauges>) -> Result<String, fmt::Error> {
        let _one_at_a_time = self.rendering.lock().unwrap_or_else(PoisonError::into_inner);
        *self.store.0.lock().unwrap_or_else(PoisonError::into_inner) = store;
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)?;
        Ok(text)
    }

    /// A webhook answered.
    pub fn webhook(&self, platform: Platform, outcome: WebhookOutcome) {
        self.webhooks.get_or_create(&WebhookLabels { platform, outcome }).inc();
    }

    /// `elapsed` spent in `stage`.
    pub fn stage(&self, stage: Stage, elapsed: Duration) {
        self.stage_seconds.get_or_create(&StageLabels { stage }).observe(elapsed.as_secs_f64());
    }

    /// Times `stage` until the returned guard is dropped.
    pub fn time(&self, stage: Stage) -> StageTimer<'_> {
        StageTimer { metrics: self, stage, started: Instant::now() }
    }

    /// A worker settled an event.
    pub fn settled(&self, outcome: Settled) {
        self.events.get_or_create(&SettledLabels { outcome }).inc();
    }

    /// Counts a worker as running until the returned guard is dropped.
    pub fn worker_running(&self) -> WorkerRunning<'_> {
        self.workers.inc();
        WorkerRunning(self)
    }

    /// How many workers are running on this node.
    pub fn workers_running(&self) -> i64 {
        self.workers.get()
    }

    /// A plugin call ended. `plugin` is the plugin's name if it is first-party (see the module
    /// docs: [`Self::plugin_label`]); `fuel` is `None` for a call that never ran.
    pub fn plugin_call(
        &self,
        plugin: &'static str,
        function: &'static str,
        outcome: RunOutcome,
        elapsed: Duration,
        fuel: Option<u64>,
    ) {
        self.plugin_calls.get_or_create(&PluginCallLabels { plugin, function, outcome }).inc();
        let labels = PluginLabels { plugin, function };
        self.plugin_seconds.get_or_create(&labels).observe(elapsed.as_secs_f64());
        if let Some(fuel) = fuel {
            self.plugin_fuel.get_or_create(&labels).observe(fuel as f64);
        }
    }

    /// The label of the plugin `name`: itself when `first_party` lists it, else `uploaded`.
    pub fn plugin_label(name: &str, first_party: &[&'static str]) -> &'static str {
        first_party.iter().find(|n| **n == name).copied().unwrap_or("uploaded")
    }

    /// A carrier HTTP request to `host` (an allowed `host` or `host:port`) was sent and took
    /// `elapsed`; `error` says how it failed, if it did.
    pub fn carrier_http(&self, host: &str, elapsed: Duration, error: Option<HttpError>) {
        let host = self.host_label(host);
        self.http_seconds.get_or_create(&HostLabels { host: host.clone() }).observe(elapsed.as_secs_f64());
        if let Some(error) = error {
            self.carrier_http_error(&host, error);
        }
    }

    /// A carrier HTTP request to `host` failed before it was sent (refused, or no address in
    /// time). A host outside every allow-list is labelled `not_allowed`: the plugin chose it.
    pub fn carrier_http_error(&self, host: &str, error: HttpError) {
        let host = self.host_label(host);
        self.http_errors.get_or_create(&HostErrorLabels { host, error }).inc();
    }

    fn host_label(&self, host: &str) -> Arc<str> {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = hosts.get(host) {
            return known.clone();
        }
        if hosts.len() >= MAX_CARRIER_HOSTS {
            return Arc::from("other");
        }
        let host: Arc<str> = Arc::from(host.to_ascii_lowercase());
        hosts.insert(host.clone());
        host
    }

    /// An outbound delivery attempt ended.
    pub fn delivery(&self, status: Delivery) {
        self.outbound.get_or_create(&DeliveryLabels { status }).inc();
    }
}

/// Records the time since it was made in its stage when dropped (see [`Metrics::time`]).
#[must_use = "the stage is timed until the guard is dropped"]
pub struct StageTimer<'a> {
    metrics: &'a Metrics,
    stage: Stage,
    started: Instant,
}

impl Drop for StageTimer<'_> {
    fn drop(&mut self) {
        self.metrics.stage(self.stage, self.started.elapsed());
    }
}

/// Counts one running worker while it lives (see [`Metrics::worker_running`]).
#[must_use = "the worker counts as running until the guard is dropped"]
pub struct WorkerRunning<'a>(&'a Metrics);

impl Drop for WorkerRunning<'_> {
    fn drop(&mut self) {
        self.0.workers.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_end_in_total_and_every_family_is_prefixed() {
        let m = Metrics::new();
        m.webhook(Platform::Shopify, WebhookOutcome::Accepted);
        m.stage(Stage::Rate, Duration::from_millis(30));
        m.plugin_call("customs-eu", "assess", RunOutcome::Ok, Duration::from_millis(2), Some(50_000));
        m.carrier_http("127.0.0.1:8091", Duration::from_millis(20), Some(HttpError::ServerError));
        m.delivery(Delivery::Delivered);
        let text = m.render(Some(StoreGauges { pending: 2, ..StoreGauges::default() })).expect("encodes");
        assert!(
            text.contains("crossdock_webhooks_received_total{platform=\"shopify\",outcome=\"accepted\"} 1"),
            "{text}"
        );
        assert!(text.contains("crossdock_carrier_http_errors_total{host=\"127.0.0.1:8091\",error=\"server_error\"} 1"));
        assert!(text.contains("crossdock_inbox_events{status=\"pending\"} 2"), "{text}");
        assert!(text.contains("crossdock_store_up 1"), "{text}");
        for line in text.lines().filter(|l| !l.is_empty()) {
            let name = line.trim_start_matches("# HELP ").trim_start_matches("# TYPE ");
            assert!(name.starts_with("crossdock_"), "{line}");
        }
    }

    #[test]
    fn the_store_gauges_are_left_out_when_the_store_cannot_be_read() {
        let text = Metrics::new().render(None).expect("encodes");
        assert!(text.contains("crossdock_store_up 0"), "{text}");
        assert!(!text.contains("crossdock_inbox_events"), "{text}");
    }

    #[test]
    fn uploaded_plugins_and_hosts_past_the_cap_share_one_label() {
        assert_eq!(Metrics::plugin_label("customs-eu", &["customs-eu"]), "customs-eu");
        assert_eq!(Metrics::plugin_label("acme-private-rules", &["customs-eu"]), "uploaded");
        let m = Metrics::new();
        for n in 0..MAX_CARRIER_HOSTS + 5 {
            m.carrier_http_error(&format!("api{n}.carrier.test"), HttpError::Timeout);
        }
        assert_eq!(m.host_label("api0.carrier.test").as_ref(), "api0.carrier.test");
        assert_eq!(m.host_label("one-more.carrier.test").as_ref(), "other");
    }
}
