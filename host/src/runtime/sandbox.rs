//! The store data of one plugin call: the capabilities a plugin is lent, and nothing else.
//!
//! Plugins are built for `wasm32-wasip2`, so Rust's standard library makes them import a few
//! WASI interfaces (which ones are linked: `wasi.rs`). Those imports are satisfied with an
//! empty sandbox: no preopened directories (every filesystem call fails), no environment
//! variables or arguments, stdin empty, and stdout/stderr captured (64 KiB each) and written
//! to the host's log tagged with the plugin. The WASI clocks read the event's time and cannot
//! be waited on. WASI randomness is real entropy (the operating system's, through a CSPRNG):
//! a plugin that asks for random numbers gets unpredictable ones — deriving them from the
//! event time would let anyone who knows the time predict them. The same input at the same
//! event time still computes the same result for every plugin that does not ask.
//!
//! Host memory a plugin can make the host hold is bounded: at most [`MAX_RESOURCES`] entries
//! in its resource table (streams, pollables), at most [`MAX_RANDOM_BYTES`] per random
//! request, captured output and log lines capped, and an HTTP response body counts against
//! the plugin's memory cap while the host holds it.
//!
//! The crossdock capabilities themselves (`host`: log, config, event clock, FX rates; `http`
//! for carriers) are implemented here against the per-call [`CallContext`].

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossdock_types::{CurrencyCode, Timestamp};
use wasmtime::component::ResourceTable;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{HostWallClock, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use super::bindings::v0_1::{host, http, types};
use super::fx::FxTable;
use super::http::{FetchBounds, HttpGrant};
use super::limits::{HardDeadlineHit, Limiter, Limits};
use super::netguard::InternalHosts;
use crate::metrics::Metrics;

/// Most bytes kept from a plugin's stdout and from its stderr per call.
const STDIO_CAPACITY: usize = 64 << 10;
/// Most `host.log` lines accepted per call; further lines are counted and dropped.
const MAX_LOG_LINES: usize = 200;
/// Longest `host.log` line kept, in bytes.
const MAX_LOG_LINE: usize = 4 << 10;
/// Most entries a plugin's resource table may hold at once (streams, pollables).
pub const MAX_RESOURCES: usize = 1024;
/// Largest `wasi:random` request, in bytes.
pub const MAX_RANDOM_BYTES: u64 = 64 << 10;

/// What the host lends a plugin for one call. `Debug` shows the secrets' names, and
/// `[redacted]` for each value.
#[derive(Clone)]
pub struct CallContext {
    /// The merchant's configuration of this plugin for this market, as JSON text.
    pub config_json: Arc<str>,
    /// The time of the event being processed.
    pub now: Timestamp,
    /// Exchange rates.
    pub fx: Arc<FxTable>,
    /// Outbound HTTP; `None` denies every request. Only carrier plugins can ask at all.
    pub http: Option<Arc<HttpGrant>>,
    /// The binding's secrets (carrier credentials), by name; handed to this plugin only.
    pub secrets: Arc<BTreeMap<String, String>>,
}

impl std::fmt::Debug for CallContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secrets: BTreeMap<&str, &str> = self.secrets.keys().map(|name| (name.as_str(), "[redacted]")).collect();
        f.debug_struct("CallContext")
            .field("config_json", &self.config_json)
            .field("now", &self.now)
            .field("fx", &self.fx)
            .field("http", &self.http)
            .field("secrets", &secrets)
            .finish()
    }
}

impl CallContext {
    /// No configuration (`{}`), the given event time, no FX rates, no HTTP.
    pub fn new(now: Timestamp) -> Self {
        Self {
            config_json: Arc::from("{}"),
            now,
            fx: Arc::new(FxTable::default()),
            http: None,
            secrets: Arc::default(),
        }
    }
}

pub(crate) struct State {
    pub(crate) label: Arc<str>,
    ctx: CallContext,
    wasi: WasiCtx,
    table: ResourceTable,
    pub(crate) limiter: Limiter,
    stdout: MemoryOutputPipe,
    stderr: MemoryOutputPipe,
    log_lines: usize,
    limits: Limits,
    /// When the call started, and how long it has been blocked in host calls since: the
    /// wall-clock deadline applies to the difference, the plugin's own running time.
    pub(crate) started: Instant,
    pub(crate) blocked: Duration,
    /// When the call's hard deadline passes: nothing of the call, time blocked in HTTP
    /// included, runs past it.
    pub(crate) hard_deadline_at: Instant,
    /// The operator's exceptions to the address guard of outbound HTTP.
    internal_hosts: Arc<InternalHosts>,
    /// Where outbound HTTP is counted.
    metrics: Arc<Metrics>,
}

impl State {
    pub(crate) fn new(
        label: Arc<str>,
        ctx: CallContext,
        limits: Limits,
        internal_hosts: Arc<InternalHosts>,
        metrics: Arc<Metrics>,
    ) -> Self {
        let stdout = MemoryOutputPipe::new(STDIO_CAPACITY);
        let stderr = MemoryOutputPipe::new(STDIO_CAPACITY);
        let seconds = ctx.now.unix();
        // Randomness is left at WASI's defaults: a CSPRNG seeded from the operating system.
        let wasi = WasiCtxBuilder::new()
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .wall_clock(EventClock(seconds))
            .max_random_size(MAX_RANDOM_BYTES)
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .build();
        let mut table = ResourceTable::new();
        table.set_max_capacity(MAX_RESOURCES);
        let started = Instant::now();
        Self {
            label,
            ctx,
            wasi,
            table,
            limiter: Limiter::new(limits),
            stdout,
            stderr,
            log_lines: 0,
            limits,
            started,
            blocked: Duration::ZERO,
            hard_deadline_at: started + limits.hard_deadline,
            internal_hosts,
            metrics,
        }
    }

    /// Writes what the plugin printed to the host's log, and what it had to drop.
    pub(crate) fn flush_output(&self) {
        for (stream, pipe) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            let bytes = pipe.contents();
            for line in String::from_utf8_lossy(&bytes).lines().filter(|l| !l.is_empty()) {
                tracing::info!(plugin = %self.label, stream, "{line}");
            }
        }
        if self.log_lines > MAX_LOG_LINES {
            tracing::warn!(plugin = %self.label, dropped = self.log_lines - MAX_LOG_LINES, "plugin log lines over the per-call cap were dropped");
        }
    }

    /// What the plugin wrote to stderr, for the message of a trap (a panic prints there).
    pub(crate) fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr.contents()).trim().to_owned()
    }
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl types::Host for State {}

impl host::Host for State {
    fn log(&mut self, level: host::LogLevel, message: String) {
        self.log_lines += 1;
        if self.log_lines > MAX_LOG_LINES {
            return;
        }
        let mut message = message;
        if message.len() > MAX_LOG_LINE {
            let mut cut = MAX_LOG_LINE;
            while !message.is_char_boundary(cut) {
                cut -= 1;
            }
            message.truncate(cut);
            message.push('…');
        }
        let plugin = &*self.label;
        match level {
            host::LogLevel::Trace => tracing::trace!(plugin, "{message}"),
            host::LogLevel::Debug => tracing::debug!(plugin, "{message}"),
            host::LogLevel::Info => tracing::info!(plugin, "{message}"),
            host::LogLevel::Warn => tracing::warn!(plugin, "{message}"),
            host::LogLevel::Error => tracing::error!(plugin, "{message}"),
        }
    }

    fn config(&mut self) -> String {
        self.ctx.config_json.to_string()
    }

    fn now(&mut self) -> i64 {
        self.ctx.now.unix()
    }

    fn exchange_rate(&mut self, from: String, to: String) -> Option<host::FxRate> {
        let from_code: CurrencyCode = from.parse().ok()?;
        let to_code: CurrencyCode = to.parse().ok()?;
        let rate = self.ctx.fx.get(from_code, to_code)?;
        Some(host::FxRate { from, to, micros: rate.micros, date: rate.date.clone() })
    }
}

impl http::Host for State {
    /// Traps once the call's hard deadline has passed, so a plugin cannot keep the call alive
    /// by making request after request.
    fn fetch(&mut self, request: http::Request) -> wasmtime::Result<Result<http::Response, http::HttpError>> {
        let Some(grant) = self.ctx.http.clone() else {
            return Ok(Err(http::HttpError::Denied("this binding grants no outbound HTTP".into())));
        };
        let started = Instant::now();
        let hard_left = self.hard_deadline_at.saturating_duration_since(started);
        if hard_left.is_zero() {
            return Err(HardDeadlineHit.into());
        }
        let budget = self.limits.http_budget.saturating_sub(self.blocked).min(hard_left);
        let memory_left = self.limits.memory_bytes.saturating_sub(self.limiter.memory_current_bytes()) as u64;
        let bounds = FetchBounds { budget, memory_left, internal: &self.internal_hosts, metrics: &self.metrics };
        let result = grant.fetch(request, bounds);
        self.blocked += started.elapsed();
        if Instant::now() >= self.hard_deadline_at {
            return Err(HardDeadlineHit.into());
        }
        Ok(result)
    }

    fn secret(&mut self, name: String) -> Option<String> {
        self.ctx.secrets.get(&name).cloned()
    }
}

/// The WASI wall clock: frozen at the event's time. (The monotonic clock is `wasi.rs`'s.)
struct EventClock(i64);

impl HostWallClock for EventClock {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }
    fn now(&self) -> Duration {
        Duration::from_secs(self.0.max(0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plugin_resource_table_holds_a_bounded_number_of_entries() {
        let ctx = CallContext::new(Timestamp::from_unix(0));
        let mut state = State::new(Arc::from("test"), ctx, Limits::default(), Arc::default(), Arc::default());
        for _ in 0..MAX_RESOURCES {
            state.table.push(0u8).expect("room below the cap");
        }
        assert!(state.table.push(0u8).is_err(), "the resource table grew past {MAX_RESOURCES} entries");
    }
}
