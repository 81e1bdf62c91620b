//! Per-call limits, and the memory limiter that enforces the memory part.
//!
//! Limits come in layers, each stopping a different kind of runaway plugin:
//!
//! | limit | stops | how |
//! | --- | --- | --- |
//! | `fuel` | a long computation, deterministically | wasmtime fuel: roughly one unit per wasm instruction |
//! | `deadline` | anything slow in wall time, including fuel-cheap work | epoch interruption, ticked by a background thread every [`EPOCH_TICK`] |
//! | `hard_deadline` | a call that lives too long by any means: its own running time, time blocked in HTTP, request after request | checked outside the guest: the epoch callback interrupts once it passes, every HTTP request's timeout is capped by what remains, and `fetch` traps after it |
//! | `memory_bytes` | unbounded allocation | a [`ResourceLimiter`] that traps the growth that would cross the cap |
//! | `stack_bytes` | unbounded recursion | `max_wasm_stack` |
//! | `max_tables`, `max_table_elements`, `max_instances` | components that create tables or instances without end | the limiter and the pooling allocator |
//! | `input_bytes`, `output_bytes` | oversized payloads in either direction | the payload size of the value (text and bytes, plus 8 per number; see `Wire::wire_size`), checked before the call and after it returns |
//!
//! Neither fuel nor epochs interrupt a plugin while it is blocked in a host call. The only
//! blocking host call is outbound HTTP (no WASI function can block: see `wasi.rs`): each
//! request has its own deadline, all requests of a call share `http_budget`, and time blocked
//! there is not counted against `deadline` (the epoch callback extends the deadline by it), so
//! a slow carrier API is a `timeout` the plugin can handle, not a killed call. What bounds the
//! whole call, whatever it does, is `hard_deadline`: when it passes, the call ends with
//! [`Limit::WallClock`] and its store and instance slot are freed.

use std::time::Duration;

use wasmtime::ResourceLimiter;

/// How often the engine's epoch advances; the granularity of `deadline`.
pub const EPOCH_TICK: Duration = Duration::from_millis(5);

/// The limits of one plugin call. [`Limits::default`] suits the first-party plugins with a
/// wide margin: they need under 1 % of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Instruction budget. A 10-item customs assessment takes about 100,000.
    pub fuel: u64,
    /// Wall-clock budget of one call's own running time, instantiation included and time
    /// blocked in outbound HTTP excluded.
    pub deadline: Duration,
    /// Total time one call may spend blocked in outbound HTTP.
    pub http_budget: Duration,
    /// Wall-clock limit of the whole call, measured outside the guest: instantiation, the
    /// plugin's own running time and time blocked in HTTP together. Default 15 s: above the
    /// 10 s a carrier request is given, below an event lease.
    pub hard_deadline: Duration,
    /// Largest linear memory a plugin may have, in bytes.
    pub memory_bytes: usize,
    /// Wasm stack, in bytes.
    pub stack_bytes: usize,
    /// Tables per instance and elements per table.
    pub max_tables: usize,
    pub max_table_elements: usize,
    /// Core instances per component (a wasip2 component has a handful).
    pub max_instances: usize,
    /// Largest input value, in payload bytes (text and bytes, plus 8 per number).
    pub input_bytes: usize,
    /// Largest output value, in payload bytes.
    pub output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            fuel: 50_000_000,
            deadline: Duration::from_secs(1),
            http_budget: Duration::from_secs(30),
            hard_deadline: Duration::from_secs(15),
            memory_bytes: 64 << 20,
            stack_bytes: 512 << 10,
            max_tables: 8,
            max_table_elements: 20_000,
            max_instances: 32,
            input_bytes: 1 << 20,
            output_bytes: 1 << 20,
        }
    }
}

/// Which limit a call ran into. Carried by [`CallError::Limit`](super::CallError::Limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Fuel(u64),
    Deadline(Duration),
    WallClock(Duration),
    Memory(usize),
    Stack(usize),
    Tables(usize),
    Instances(usize),
    Input(usize),
    Output(usize),
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // Fuel runs out only when all of it is spent; say so, so that the number reads as
            // what the call used and not only as a setting.
            Limit::Fuel(n) => write!(f, "fuel limit of {n} instructions (all {n} used before the call finished)"),
            Limit::Deadline(d) => write!(f, "deadline of {} ms", d.as_millis()),
            Limit::WallClock(d) => {
                write!(f, "hard deadline of {} ms (wall clock, time blocked in HTTP included)", d.as_millis())
            }
            Limit::Memory(b) => write!(f, "memory limit of {} KiB", b / 1024),
            Limit::Stack(b) => write!(f, "stack limit of {} KiB", b / 1024),
            Limit::Tables(n) => write!(f, "table limit of {n} elements"),
            Limit::Instances(n) => write!(f, "instance limit of {n}"),
            Limit::Input(b) => write!(f, "input size limit of {b} bytes"),
            Limit::Output(b) => write!(f, "output size limit of {b} bytes"),
        }
    }
}

/// The error a trapping growth carries, so the call can be reported as a memory limit hit.
#[derive(Debug, thiserror::Error)]
#[error("linear memory would grow to {desired} bytes, over the limit of {limit}")]
pub struct MemoryLimitHit {
    pub desired: usize,
    pub limit: usize,
}

/// The error `http.fetch` traps with once the call's hard deadline has passed.
#[derive(Debug, thiserror::Error)]
#[error("the call's hard deadline passed")]
pub struct HardDeadlineHit;

/// The same for tables.
#[derive(Debug, thiserror::Error)]
#[error("a table would grow to {desired} elements, over the limit of {limit}")]
pub struct TableLimitHit {
    pub desired: usize,
    pub limit: usize,
}

/// Enforces memory and table limits for one store, and remembers the peak memory.
#[derive(Debug)]
pub struct Limiter {
    limits: Limits,
    /// Sum of the sizes of every linear memory of the store at its largest.
    peak: usize,
    current_total: usize,
}

impl Limiter {
    pub fn new(limits: Limits) -> Self {
        Self { limits, peak: 0, current_total: 0 }
    }

    pub fn memory_peak_bytes(&self) -> usize {
        self.peak
    }

    /// Sum of the sizes of every linear memory of the store now.
    pub fn memory_current_bytes(&self) -> usize {
        self.current_total
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(&mut self, current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        let total = self.current_total - current.min(self.current_total) + desired;
        if total > self.limits.memory_bytes {
            return Err(MemoryLimitHit { desired: total, limit: self.limits.memory_bytes }.into());
        }
        self.current_total = total;
        self.peak = self.peak.max(total);
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > self.limits.max_table_elements {
            return Err(TableLimitHit { desired, limit: self.limits.max_table_elements }.into());
        }
        Ok(true)
    }

    fn instances(&self) -> usize {
        self.limits.max_instances
    }

    fn tables(&self) -> usize {
        self.limits.max_tables
    }

    fn memories(&self) -> usize {
        self.limits.max_instances
    }
}
