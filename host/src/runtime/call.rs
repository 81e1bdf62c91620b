//! Calling a plugin: a fresh store and instance, limits armed, errors classified.

use std::time::{Duration, Instant};

use crossdock_types::{
    Assessment, CarrierError, ContractError, Decision, Label, LabelRequest, PluginError, Rate, RateRequest,
    ReturnRequest, Shipment, Tracking, Wire,
};
use serde::Serialize;
use wasmtime::{Store, Trap, UpdateDeadline};

use super::limits::{EPOCH_TICK, HardDeadlineHit, Limit, MemoryLimitHit, TableLimitHit};
use super::load::{Plugin, World, WorldPre};
use super::sandbox::{CallContext, State};
use super::wasi::WaitRefused;
use super::{Runtime, v0_1};

/// What a call cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CallStats {
    /// Fuel consumed: roughly the wasm instructions executed.
    pub fuel: u64,
    /// Wall time of instantiation and call, in microseconds.
    pub wall_us: u64,
    /// Largest total linear memory the instance had, in bytes.
    pub memory_peak_bytes: u64,
}

/// The result of a call that ran to completion, with what it cost. The output is itself a
/// `Result` when the plugin can decline on purpose (a `plugin-error` or `carrier-error`).
#[derive(Debug, Clone)]
pub struct Call<T> {
    pub output: T,
    pub stats: CallStats,
}

/// Why a call did not complete. Every variant names the plugin.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("{plugin} is a {actual} plugin; it has no `{function}`")]
    WrongWorld { plugin: String, actual: &'static str, function: &'static str },
    #[error("{plugin} was stopped: it hit the {limit}")]
    Limit { plugin: String, limit: Limit, stats: CallStats },
    #[error("{plugin} panicked: {message}")]
    Panic { plugin: String, message: String, stats: CallStats },
    #[error("{plugin} trapped: {message}")]
    Trap { plugin: String, message: String, stats: CallStats },
    #[error("{plugin} returned a result that breaks the contract: {error}")]
    MalformedOutput { plugin: String, error: ContractError },
    #[error("{plugin} could not be instantiated: {message}")]
    Instantiate { plugin: String, message: String },
}

impl CallError {
    /// The limit the plugin hit, if that is why it failed.
    pub fn limit(&self) -> Option<Limit> {
        match self {
            CallError::Limit { limit, .. } => Some(*limit),
            _ => None,
        }
    }

    /// What the call cost before it failed, where it ran at all: a call stopped by a limit
    /// is recorded with the fuel, time and memory it took to stop it.
    pub fn stats(&self) -> Option<CallStats> {
        match self {
            CallError::Limit { stats, .. } | CallError::Panic { stats, .. } | CallError::Trap { stats, .. } => {
                Some(*stats)
            }
            _ => None,
        }
    }
}

pub(crate) fn deadline_ticks(deadline: Duration) -> u64 {
    (deadline.as_micros() / EPOCH_TICK.as_micros()).max(1) as u64 + 1
}

/// Arms both wall-clock deadlines. When the epoch reaches the nearer one, the callback looks
/// at how long the plugin itself has run (time blocked in host calls excluded) and how long
/// the call has lived (everything included), and either extends the deadline by what is left
/// of both or interrupts the plugin.
pub(crate) fn arm_deadline(store: &mut Store<State>, deadline: Duration) {
    let hard_left = store.data().hard_deadline_at.saturating_duration_since(Instant::now());
    store.set_epoch_deadline(deadline_ticks(deadline.min(hard_left)));
    store.epoch_deadline_callback(move |ctx| {
        let state = ctx.data();
        let ran = state.started.elapsed().saturating_sub(state.blocked);
        let hard_left = state.hard_deadline_at.saturating_duration_since(Instant::now());
        Ok(match deadline.checked_sub(ran) {
            Some(left) if !left.is_zero() && !hard_left.is_zero() => {
                UpdateDeadline::Continue(deadline_ticks(left.min(hard_left)))
            }
            _ => UpdateDeadline::Interrupt,
        })
    });
}

impl Runtime {
    /// Runs a customs plugin's `assess`.
    pub fn assess(
        &self,
        plugin: &Plugin,
        ctx: CallContext,
        shipment: &Shipment,
    ) -> Result<Call<Result<Assessment, PluginError>>, CallError> {
        let WorldPre::Customs(pre) = &plugin.pre else { return Err(wrong(plugin, "assess")) };
        self.call(plugin, ctx, shipment.wire_size(), |store| {
            let input: v0_1::types::Shipment = shipment.clone().into_wire();
            pre.instantiate(&mut *store)?.call_assess(&mut *store, &input)
        })
    }

    /// Runs a returns plugin's `evaluate`.
    pub fn evaluate(
        &self,
        plugin: &Plugin,
        ctx: CallContext,
        request: &ReturnRequest,
    ) -> Result<Call<Result<Decision, PluginError>>, CallError> {
        let WorldPre::Returns(pre) = &plugin.pre else { return Err(wrong(plugin, "evaluate")) };
        self.call(plugin, ctx, request.wire_size(), |store| {
            let input: v0_1::types::ReturnRequest = request.clone().into_wire();
            pre.instantiate(&mut *store)?.call_evaluate(&mut *store, &input)
        })
    }

    /// Runs a carrier plugin's `rate`.
    pub fn rate(
        &self,
        plugin: &Plugin,
        ctx: CallContext,
        request: &RateRequest,
    ) -> Result<Call<Result<Vec<Rate>, CarrierError>>, CallError> {
        let WorldPre::Carrier(pre) = &plugin.pre else { return Err(wrong(plugin, "rate")) };
        self.call(plugin, ctx, request.wire_size(), |store| {
            let input: v0_1::types::RateRequest = request.clone().into_wire();
            pre.instantiate(&mut *store)?.call_rate(&mut *store, &input)
        })
    }

    /// Runs a carrier plugin's `create-label`.
    pub fn create_label(
        &self,
        plugin: &Plugin,
        ctx: CallContext,
        request: &LabelRequest,
    ) -> Result<Call<Result<Label, CarrierError>>, CallError> {
        let WorldPre::Carrier(pre) = &plugin.pre else { return Err(wrong(plugin, "create_label")) };
        self.call(plugin, ctx, request.wire_size(), |store| {
            let input: v0_1::types::LabelRequest = request.clone().into_wire();
            pre.instantiate(&mut *store)?.call_create_label(&mut *store, &input)
        })
    }

    /// Runs a carrier plugin's `void-label`.
    pub fn void_label(
        &self,
        plugin: &Plugin,
        ctx: CallContext,
        tracking_number: &str,
    ) -> Result<Call<Result<(), CarrierError>>, CallError> {
        let WorldPre::Carrier(pre) = &plugin.pre else { return Err(wrong(plugin, "void_label")) };
        self.call(plugin, ctx, tracking_number.len(), |store| {
            pre.instantiate(&mut *store)?.call_void_label(&mut *store, tracking_number)
        })
    }

    /// Runs a carrier plugin's `track`.
    pub fn track(
        &self,
        plugin: &Plugin,
        ctx: CallContext,
        tracking_number: &str,
    ) -> Result<Call<Result<Tracking, CarrierError>>, CallError> {
        let WorldPre::Carrier(pre) = &plugin.pre else { return Err(wrong(plugin, "track")) };
        self.call(plugin, ctx, tracking_number.len(), |store| {
            pre.instantiate(&mut *store)?.call_track(&mut *store, tracking_number)
        })
    }

    /// The shared part of every call: size check, fresh store, limits, error classification,
    /// output-size check, contract validation of the output.
    fn call<WOut, WErr, Out, Err>(
        &self,
        plugin: &Plugin,
        ctx: CallContext,
        input_size: usize,
        invoke: impl FnOnce(&mut Store<State>) -> wasmtime::Result<Result<WOut, WErr>>,
    ) -> Result<Call<Result<Out, Err>>, CallError>
    where
        Out: Wire<WOut>,
        Err: Wire<WErr>,
    {
        let limits = self.config.limits;
        let label = plugin.label.to_string();
        if input_size > limits.input_bytes {
            return Err(CallError::Limit {
                plugin: label,
                limit: Limit::Input(limits.input_bytes),
                stats: CallStats::default(),
            });
        }

        let started = Instant::now();
        let state = State::new(plugin.label.clone(), ctx, limits, self.internal_hosts.clone(), self.metrics.clone());
        let mut store = Store::new(&self.engine, state);
        store.limiter(|s| &mut s.limiter);
        store
            .set_fuel(limits.fuel)
            .map_err(|e| CallError::Instantiate { plugin: label.clone(), message: format!("{e:#}") })?;
        arm_deadline(&mut store, limits.deadline);

        let result = invoke(&mut store);
        let stats = CallStats {
            fuel: limits.fuel - store.get_fuel().unwrap_or(0),
            wall_us: started.elapsed().as_micros() as u64,
            memory_peak_bytes: store.data().limiter.memory_peak_bytes() as u64,
        };
        store.data().flush_output();

        let wire = result.map_err(|e| classify(e, store.data(), label.clone(), stats, &limits))?;
        // The store (and its instance slot) is not needed any more: free it before the
        // conversion, and measure the result as lifted, before converting it, so an
        // oversized answer is refused without being copied again.
        drop(store);
        let output_size = match &wire {
            Ok(out) => Out::wire_size_of(out),
            Err(err) => Err::wire_size_of(err),
        };
        if output_size > limits.output_bytes {
            return Err(CallError::Limit { plugin: label, limit: Limit::Output(limits.output_bytes), stats });
        }
        let output = match wire {
            Ok(out) => {
                Ok(Out::from_wire(out).map_err(|error| CallError::MalformedOutput { plugin: label.clone(), error })?)
            }
            Err(err) => {
                Err(Err::from_wire(err).map_err(|error| CallError::MalformedOutput { plugin: label.clone(), error })?)
            }
        };
        Ok(Call { output, stats })
    }
}

fn wrong(plugin: &Plugin, function: &'static str) -> CallError {
    let actual = match plugin.world {
        World::Customs => "customs",
        World::Carrier => "carrier",
        World::Returns => "returns",
    };
    CallError::WrongWorld { plugin: plugin.label.to_string(), actual, function }
}

/// Turns a wasmtime error into the limit or fault it stands for.
fn classify(
    error: wasmtime::Error,
    state: &State,
    plugin: String,
    stats: CallStats,
    limits: &super::Limits,
) -> CallError {
    let limit = |limit| CallError::Limit { plugin: plugin.clone(), limit, stats };
    if error.downcast_ref::<MemoryLimitHit>().is_some() {
        return limit(Limit::Memory(limits.memory_bytes));
    }
    if error.downcast_ref::<TableLimitHit>().is_some() {
        return limit(Limit::Tables(limits.max_table_elements));
    }
    if error.downcast_ref::<HardDeadlineHit>().is_some() {
        return limit(Limit::WallClock(limits.hard_deadline));
    }
    if let Some(refused) = error.downcast_ref::<WaitRefused>() {
        return CallError::Trap { plugin, message: refused.to_string(), stats };
    }
    match error.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => limit(Limit::Fuel(limits.fuel)),
        Some(Trap::Interrupt) if Instant::now() >= state.hard_deadline_at => {
            limit(Limit::WallClock(limits.hard_deadline))
        }
        Some(Trap::Interrupt) => limit(Limit::Deadline(limits.deadline)),
        Some(Trap::StackOverflow) => limit(Limit::Stack(limits.stack_bytes)),
        Some(trap) => {
            let stderr = state.stderr_text();
            // Rust's panic handler prints "panicked at src/lib.rs:12:5:\n<message>" to stderr
            // and then executes `unreachable`.
            if *trap == Trap::UnreachableCodeReached && stderr.contains("panicked at") {
                let message = stderr.lines().skip_while(|l| !l.contains("panicked at")).collect::<Vec<_>>().join(" ");
                return CallError::Panic { plugin, message, stats };
            }
            let message = if stderr.is_empty() { trap.to_string() } else { format!("{trap} (stderr: {stderr})") };
            CallError::Trap { plugin, message, stats }
        }
        None => {
            let message = format!("{error:#}");
            if message.contains("maximum concurrent") || message.contains("instance count") {
                return limit(Limit::Instances(limits.max_instances));
            }
            CallError::Instantiate { plugin, message }
        }
    }
}

#[cfg(test)]
mod tests {
    use crossdock_types::{CarrierError, ReturnRequest, Shipment, Wire};

    use super::v0_1::types as w;

    fn measured_alike<W, T: Wire<W> + Clone>(value: &T) {
        let wire: W = value.clone().into_wire();
        assert_eq!(T::wire_size_of(&wire), value.wire_size());
    }

    #[test]
    fn the_output_is_measured_as_lifted_exactly_as_once_converted() {
        let shipment: Shipment =
            serde_json::from_str(include_str!("../../../tests/fixtures/shipment-10.json")).expect("fixture");
        measured_alike::<w::Shipment, _>(&shipment);
        let request: ReturnRequest =
            serde_json::from_str(include_str!("../../../tests/fixtures/return-request.json")).expect("fixture");
        measured_alike::<w::ReturnRequest, _>(&request);
        measured_alike::<w::CarrierError, _>(&CarrierError::Timeout("x".repeat(1000)));
        measured_alike::<Vec<w::Item>, _>(&shipment.items);
    }
}
