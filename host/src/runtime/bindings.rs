//! Host-side bindings of the contract, one module per released version.
//!
//! `v0_1` is `crossdock:plugin@0.1.0`. When the contract moves to 0.2, a `v0_2` module is
//! generated beside it, the host implements the newest `host` interface once, and the older
//! version's imports forward to it (the pattern Zed uses for its extension API). A plugin is
//! bound to the module matching the version in its import names, so plugins built against 0.1
//! keep loading.

/// `crossdock:plugin@0.1.0`.
pub mod v0_1 {
    /// The `customs` world; it also owns the shared `types` and `host` interfaces.
    pub mod customs {
        wasmtime::component::bindgen!({
            path: "../wit",
            world: "customs",
        });
    }

    /// The `carrier` world, reusing the interfaces generated for `customs`.
    pub mod carrier {
        wasmtime::component::bindgen!({
            path: "../wit",
            world: "carrier",
            // `fetch` may trap: once the call's hard deadline has passed it ends the call.
            imports: { "crossdock:plugin/http.fetch": trappable },
            with: {
                "crossdock:plugin/types": super::customs::crossdock::plugin::types,
                "crossdock:plugin/host": super::customs::crossdock::plugin::host,
            },
        });
    }

    /// The `returns` world, reusing the interfaces generated for `customs`.
    pub mod returns {
        wasmtime::component::bindgen!({
            path: "../wit",
            world: "returns",
            with: {
                "crossdock:plugin/types": super::customs::crossdock::plugin::types,
                "crossdock:plugin/host": super::customs::crossdock::plugin::host,
            },
        });
    }

    pub use carrier::crossdock::plugin::http;
    pub use customs::crossdock::plugin::{host, types};

    /// The version string in this contract's import names.
    pub const VERSION: &str = "0.1.0";

    crossdock_types::impl_wire!(self::types);
}
