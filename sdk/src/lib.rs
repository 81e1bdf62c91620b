//! Write crossdock plugins in Rust.
//!
//! A plugin is a type that implements one of [`CustomsPlugin`], [`CarrierPlugin`] or
//! [`ReturnsPlugin`], exported with the matching macro, and built for `wasm32-wasip2`:
//!
//! ```ignore
//! use crossdock_sdk::prelude::*;
//!
//! struct Flat;
//!
//! impl CustomsPlugin for Flat {
//!     fn metadata() -> Metadata { /* name, version, covers, config schema */ }
//!     fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError> {
//!         ctx.info("assessing");
//!         /* … */
//!     }
//! }
//!
//! crossdock_sdk::export_customs!(Flat);
//! ```
//!
//! Everything the host lends a plugin — its configuration, the event clock, the log, exchange
//! rates and (for carriers) HTTP — comes through the [`Ctx`] handed to each call. In native unit
//! tests, [`testing::TestHost`] stands in for the host, so `cargo test` runs a plugin's logic
//! without a wasm engine.
//!
//! The data types are those of [`crossdock_types`], re-exported here: [`Money`] with checked
//! arithmetic, and validated [`CountryCode`], [`CurrencyCode`] and [`HsCode`].

pub mod carrier;
mod ctx;
pub mod customs;
mod export;
pub mod returns;
pub mod testing;

pub use crossdock_types::*;
pub use ctx::{Ctx, FxRate, HostApi, HttpError, HttpMethod, HttpRequest, HttpResponse, LogLevel};

include!(concat!(env!("OUT_DIR"), "/worlds.rs"));

/// A customs plugin: duty, import tax, documents and findings for shipments into the
/// countries it covers.
pub trait CustomsPlugin {
    fn metadata() -> Metadata;
    fn assess(ctx: &Ctx, shipment: Shipment) -> Result<Assessment, PluginError>;
}

/// A carrier adapter: rates, labels, voids and tracking.
pub trait CarrierPlugin {
    fn metadata() -> Metadata;
    fn rate(ctx: &Ctx, request: RateRequest) -> Result<Vec<Rate>, CarrierError>;
    fn create_label(ctx: &Ctx, request: LabelRequest) -> Result<Label, CarrierError>;
    fn void_label(ctx: &Ctx, tracking_number: &str) -> Result<(), CarrierError>;
    fn track(ctx: &Ctx, tracking_number: &str) -> Result<Tracking, CarrierError>;
}

/// A return policy: eligibility, refund, fees, label and route.
pub trait ReturnsPlugin {
    fn metadata() -> Metadata;
    fn evaluate(ctx: &Ctx, request: ReturnRequest) -> Result<Decision, PluginError>;
}

/// Everything a plugin usually needs, in one `use`.
pub mod prelude {
    pub use crate::{
        CarrierPlugin, Ctx, CustomsPlugin, LogLevel, ReturnsPlugin, export_carrier, export_customs, export_returns,
    };
    pub use crossdock_types::*;
}

#[doc(hidden)]
pub mod __private {
    pub use wit_bindgen;
}
