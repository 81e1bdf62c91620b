//! The WASI a plugin is given: what Rust's standard library imports on `wasm32-wasip2`, and
//! nothing that can block, reach the network or touch the host's files.
//!
//! What the first-party plugins import (`crossdock plugin inspect`): `wasi:io` (error, poll,
//! streams), `wasi:cli` (environment, exit, stdin/stdout/stderr and the terminal interfaces)
//! and, for those that use a `HashMap`, `wasi:random/insecure-seed`. Those are linked, over the
//! empty sandbox of `sandbox.rs`.
//!
//! Also linked, because common crates reach them through `std` and a plugin should get an
//! error rather than be refused at upload: `wasi:clocks/wall-clock` (the event's time),
//! `wasi:clocks/monotonic-clock` (frozen; see below), `wasi:filesystem` with no preopened
//! directory (every open fails: there is nothing to open), and `wasi:random` (real entropy).
//!
//! Not linked at all: `wasi:sockets` (tcp, udp, name lookup, networks). A plugin importing
//! them fails to load, naming the import. Outbound HTTP is the contract's own `http`
//! interface, for carriers only.
//!
//! **Nothing linked can block.** The only WASI function that waits is `wasi:io/poll`, and it
//! waits on pollables; the streams a plugin can hold (an empty stdin, captured stdout and
//! stderr) are always ready, and the clock subscriptions that would give it a pollable that
//! is not ready are refused here: `subscribe-duration` and `subscribe-instant` trap with a
//! message naming what the plugin tried. A trap rather than a pollable that is ready at once:
//! a plugin that sleeps is waiting for something that cannot happen inside a pure call
//! (retry with backoff, a timer), and pretending the time passed would turn it into a busy
//! loop that burns its fuel and hides the cause. The trap says what to fix.

use wasmtime::component::{HasData, HasSelf, Linker, Resource, ResourceTable};
use wasmtime_wasi::WasiView;
use wasmtime_wasi::cli::{WasiCli, WasiCliView};
use wasmtime_wasi::clocks::{WasiClocks, WasiClocksView};
use wasmtime_wasi::filesystem::{WasiFilesystem, WasiFilesystemView};
use wasmtime_wasi::p2::DynPollable;
use wasmtime_wasi::p2::bindings::clocks::monotonic_clock;
use wasmtime_wasi::p2::bindings::{cli, clocks, filesystem, random, sync};
use wasmtime_wasi::random::{WasiRandom, WasiRandomView};

use super::sandbox::State;

/// The error a refused clock subscription traps with; the call reports it as a trap naming
/// the plugin.
#[derive(Debug, thiserror::Error)]
#[error(
    "it tried to wait on the clock ({what}); plugins cannot sleep or wait: a call computes its answer and returns (use host.now for the time)"
)]
pub struct WaitRefused {
    pub what: String,
}

/// The I/O resources live in the store's resource table.
struct Table;

impl HasData for Table {
    type Data<'a> = &'a mut ResourceTable;
}

/// Adds the WASI interfaces plugins are given (see the module docs) to `linker`.
pub(crate) fn add_to_linker(linker: &mut Linker<State>) -> wasmtime::Result<()> {
    let l = linker;
    sync::io::error::add_to_linker::<State, Table>(l, |s| s.ctx().table)?;
    sync::io::poll::add_to_linker::<State, Table>(l, |s| s.ctx().table)?;
    sync::io::streams::add_to_linker::<State, Table>(l, |s| s.ctx().table)?;

    cli::exit::add_to_linker::<State, WasiCli>(l, <State as WasiCliView>::cli)?;
    cli::environment::add_to_linker::<State, WasiCli>(l, <State as WasiCliView>::cli)?;
    cli::stdin::add_to_linker::<State, WasiCli>(l, <State as WasiCliView>::cli)?;
    cli::stdout::add_to_linker::<State, WasiCli>(l, <State as WasiCliView>::cli)?;
    cli::stderr::add_to_linker::<State, WasiCli>(l, <State as WasiCliView>::cli)?;
    cli::terminal_input::add_to_linker::<State, WasiCli>(l, <State as WasiCliView>::cli)?;
    cli::terminal_output::add_to_linker::<State, WasiCli>(l, <State as WasiCliView>::cli)?;
    cli::terminal_stdin::add_to_linker::<State, WasiCli>(l, <State as WasiCliView>::cli)?;
    cli::terminal_stdout::add_to_linker::<State, WasiCli>(l, <State as WasiCliView>::cli)?;
    cli::terminal_stderr::add_to_linker::<State, WasiCli>(l, <State as WasiCliView>::cli)?;

    let entropy = <State as WasiRandomView>::random;
    random::random::add_to_linker::<State, WasiRandom>(l, entropy)?;
    random::insecure::add_to_linker::<State, WasiRandom>(l, entropy)?;
    random::insecure_seed::add_to_linker::<State, WasiRandom>(l, entropy)?;

    clocks::wall_clock::add_to_linker::<State, WasiClocks>(l, <State as WasiClocksView>::clocks)?;
    monotonic_clock::add_to_linker::<State, HasSelf<State>>(l, |s| s)?;

    filesystem::preopens::add_to_linker::<State, WasiFilesystem>(l, <State as WasiFilesystemView>::filesystem)?;
    sync::filesystem::types::add_to_linker::<State, WasiFilesystem>(l, <State as WasiFilesystemView>::filesystem)?;
    Ok(())
}

/// The monotonic clock: it reads 0 for the whole call (the event has one time), and refuses
/// to be waited on.
impl monotonic_clock::Host for State {
    fn now(&mut self) -> wasmtime::Result<monotonic_clock::Instant> {
        Ok(0)
    }

    fn resolution(&mut self) -> wasmtime::Result<monotonic_clock::Duration> {
        Ok(1_000_000_000)
    }

    fn subscribe_instant(&mut self, when: monotonic_clock::Instant) -> wasmtime::Result<Resource<DynPollable>> {
        Err(WaitRefused { what: format!("monotonic-clock subscribe-instant at {when} ns") }.into())
    }

    fn subscribe_duration(&mut self, duration: monotonic_clock::Duration) -> wasmtime::Result<Resource<DynPollable>> {
        let what = format!("monotonic-clock subscribe-duration of {} ms", duration / 1_000_000);
        Err(WaitRefused { what }.into())
    }
}

#[cfg(test)]
mod tests {
    use wasmtime::component::Component;
    use wasmtime::{Config, Engine};

    /// A component whose only import is the interface `name`, from which it takes one
    /// function `func` typed `func()`. Linking it fails with "implementation is missing" when
    /// the linker does not define `func` of `name`, and with a type mismatch when it does
    /// (the real function has another type).
    fn importing(name: &str, func: &str) -> Vec<u8> {
        let mut ty = vec![0x01, 0x42, 0x02, 0x01, 0x40, 0x00, 0x01, 0x00, 0x04, 0x00, func.len() as u8];
        ty.extend_from_slice(func.as_bytes());
        ty.extend_from_slice(&[0x01, 0x00]);
        let mut imports = vec![0x01, 0x00, name.len() as u8];
        imports.extend_from_slice(name.as_bytes());
        imports.extend_from_slice(&[0x05, 0x00]);
        let mut bytes = b"\0asm\x0d\x00\x01\x00".to_vec();
        for (id, section) in [(0x07, ty), (0x0a, imports)] {
            bytes.push(id);
            bytes.push(section.len() as u8);
            bytes.extend(section);
        }
        bytes
    }

    fn link_error(
        engine: &Engine,
        linker: &wasmtime::component::Linker<super::State>,
        name: &str,
        func: &str,
    ) -> String {
        let component = Component::new(engine, importing(name, func)).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        linker.instantiate_pre(&component).err().map(|e| format!("{e:#}")).unwrap_or_default()
    }

    #[test]
    fn plugins_get_the_wasi_std_needs_and_no_sockets() {
        let mut config = Config::new();
        config.wasm_component_model(true);
        let engine = Engine::new(&config).expect("engine");
        let (customs, carrier, returns) = super::super::linkers(&engine).expect("linkers");
        for linker in [&customs, &carrier, &returns] {
            for (name, func) in [
                ("wasi:sockets/instance-network@0.2.6", "instance-network"),
                ("wasi:sockets/tcp-create-socket@0.2.6", "create-tcp-socket"),
                ("wasi:sockets/udp-create-socket@0.2.6", "create-udp-socket"),
                ("wasi:sockets/ip-name-lookup@0.2.6", "resolve-addresses"),
            ] {
                let error = link_error(&engine, linker, name, func);
                assert!(error.contains("implementation is missing"), "{name} must not be linked: {error}");
            }
            for (name, func) in [
                ("wasi:io/poll@0.2.6", "poll"),
                ("wasi:cli/stdout@0.2.6", "get-stdout"),
                ("wasi:cli/environment@0.2.6", "get-environment"),
                ("wasi:random/insecure-seed@0.2.6", "insecure-seed"),
                ("wasi:clocks/monotonic-clock@0.2.6", "subscribe-duration"),
                ("wasi:filesystem/preopens@0.2.6", "get-directories"),
            ] {
                let error = link_error(&engine, linker, name, func);
                assert!(!error.is_empty() && !error.contains("implementation is missing"), "{name} is linked: {error}");
            }
        }
    }
}
