//! The data of the crossdock plugin contract (`crossdock:plugin@0.1.0`), validated, and its
//! JSON face.
//!
//! The host and every plugin share these types: the host parses webhook-derived input and
//! runner input into them, plugins compute on them, and both sides convert them to and from
//! the WIT-generated types with [`impl_wire!`]. Money is an integer count of minor units with
//! an ISO 4217 currency ([`Money`]); countries, currencies and tariff codes are validated
//! newtypes ([`CountryCode`], [`CurrencyCode`], [`HsCode`]).

mod codes;
pub mod model;
mod money;
#[cfg(feature = "openapi")]
mod openapi;
mod timestamp;
pub mod wire;

pub use codes::{CodeError, CountryCode, CurrencyCode, HsCode};
pub use model::*;
pub use money::{Money, MoneyError};
pub use timestamp::{Timestamp, TimestampError};
pub use wire::{ContractError, Wire};

/// The version of the WIT package these types describe.
pub const CONTRACT_VERSION: &str = "0.1.0";
