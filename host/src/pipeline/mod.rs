//! The fulfillment pipeline: what a worker does with an event once ingest has stored it.
//!
//! - [`model`] is the core's own view of an order and of a catalog update: money as integer
//!   minor units with an ISO 4217 currency, ISO 3166-1 countries, grams. Every later stage
//!   (allocate, clear customs, rate and ship, returns) reads this model, never a platform's
//!   payload.
//! - [`normalize`] maps each platform's payload (Shopify, WooCommerce, crossdock's documented
//!   JSON order for Standard Webhooks senders) onto that model, exactly: decimal strings are
//!   parsed to minor units, floats are never read, and every refusal names the field.
//! - [`process`], [`returns`], [`voids`] and [`tracking`] do the I/O: every plugin call under a
//!   claim that is renewed while it runs and fences the effects it writes; [`breaker`] pauses a
//!   binding whose plugin keeps failing. [`label`] buys labels; which offer to try next, and
//!   when to hold or retry instead, is the pure policy of [`fallback`].

pub mod allocate;
pub mod bound;
pub mod breaker;
pub mod choose;
pub mod fallback;
pub mod invoice;
pub mod label;
pub mod model;
pub mod normalize;
pub mod process;
pub mod returns;
pub mod tracking;
pub mod voids;
