//! The store data of one plugin call: the capabilities a plugin is lent, and nothing else.
//!
//! Plugins are built for `wasm32-wasip2`, so Rust's standard library makes them import a few
//! WASI interfaces. Those imports are satisfied with an empty sandbox: no preopened
//! directories (every filesystem call fails), no environment variables or arguments, no
//! sockets or name lookups, stdin empty, and stdout/stderr captured and written to the host's
//! log tagged with the plugin. The WASI clocks read the event's time, and WASI randomness is a
//! generator seeded from the event, so a plugin has no ambient clock or entropy: the same
//! input at the same event time computes the same result.
//!
//! The crossdock capabilities themselves (`host`: log, config, event clock, FX rates; `http`
//! for carriers) are implemented here against the per-call [`CallContext`].

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossdock_types::{CurrencyCode, Timestamp};
use wasmtime::component::ResourceTable;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{HostMonotonicClock, HostWallClock, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use super::bindings::v0_1::{host, http, types};
use super::fx::FxTable;
use super::http::HttpGrant;
use super::limits::{Limiter, Limits};

/// Most bytes kept from a plugin's stdout and from its stderr per call.
const STDIO_CAPACITY: usize = 64 << 10;
/// Most `host.log` lines accepted per call; further lines are counted and dropped.
const MAX_LOG_LINES: usize = 200;
/// Longest `host.log` line kept, in bytes.
const MAX_LOG_LINE: usize = 4 << 10;

/// What the host lends a plugin for one call.
#[derive(Debug, Clone)]
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
}

impl State {
    pub(crate) fn new(label: Arc<str>, ctx: CallContext, limits: Limits) -> Self {
        let stdout = MemoryOutputPipe::new(STDIO_CAPACITY);
        let stderr = MemoryOutputPipe::new(STDIO_CAPACITY);
        let seconds = ctx.now.unix();
        let wasi = WasiCtxBuilder::new()
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .wall_clock(EventClock(seconds))
            .monotonic_clock(EventClock(seconds))
            .secure_random(SplitMix64(seconds as u64 ^ 0x9e37_79b9_7f4a_7c15))
            .insecure_random(SplitMix64(seconds as u64 ^ 0x6a09_e667_f3bc_c908))
            .insecure_random_seed(u128::from(seconds as u64))
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .build();
        Self {
            label,
            ctx,
            wasi,
            table: ResourceTable::new(),
            limiter: Limiter::new(limits),
            stdout,
            stderr,
            log_lines: 0,
            limits,
            started: Instant::now(),
            blocked: Duration::ZERO,
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
    fn fetch(&mut self, request: http::Request) -> Result<http::Response, http::HttpError> {
        let Some(grant) = self.ctx.http.clone() else {
            return Err(http::HttpError::Denied("this binding grants no outbound HTTP".into()));
        };
        let budget = self.limits.http_budget.saturating_sub(self.blocked);
        let started = Instant::now();
        let result = grant.fetch(request, budget);
        self.blocked += started.elapsed();
        result
    }

    fn secret(&mut self, name: String) -> Option<String> {
        self.ctx.secrets.get(&name).cloned()
    }
}

/// Both WASI clocks: frozen at the event's time.
struct EventClock(i64);

impl HostWallClock for EventClock {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }
    fn now(&self) -> Duration {
        Duration::from_secs(self.0.max(0) as u64)
    }
}

impl HostMonotonicClock for EventClock {
    fn resolution(&self) -> u64 {
        1_000_000_000
    }
    fn now(&self) -> u64 {
        0
    }
}

/// A small deterministic generator (SplitMix64) standing in for WASI's entropy.
struct SplitMix64(u64);

impl rand_core::TryRng for SplitMix64 {
    type Error = std::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let bytes = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}
