//! crossdock: a plugin host for cross-border ecommerce fulfillment.
//!
//! - [`runtime`] loads WebAssembly plugin components and calls them under limits; it knows
//!   nothing of webhooks or merchants.
//! - [`cli`] is the `crossdock` command line; [`server`] the HTTP server.

pub mod api;
pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod dashboard;
pub mod domain;
pub mod fx;
pub mod ingest;
pub mod links;
pub mod metrics;
pub mod outbound;
pub mod pipeline;
pub mod registry;
pub mod runtime;
pub mod server;
pub mod setup;
pub mod store;
pub mod track;
pub mod worker;
