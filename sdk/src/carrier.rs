//! Building blocks for carrier adapters that speak a carrier's REST API.
//!
//! Every REST adapter does the same chores around its carrier-specific mapping: build a JSON
//! request, send it through [`Ctx::fetch`](crate::Ctx::fetch), turn transport failures and
//! HTTP status classes into the [`CarrierError`](crate::CarrierError) variants the core acts
//! on, parse the answer, authenticate, read decimal prices exactly, read the carrier's
//! timestamps, map its status codes and decode its base64 labels. They live here, one module
//! per chore, so that each adapter contains only what is particular to its carrier:
//!
//! - [`http`]: [`ApiRequest`] (JSON or form body, headers, auth) and [`fetch_json`], which
//!   sends, maps the status with a hook for the carrier's own error body, and parses.
//! - [`auth`]: [`required_secret`], [`basic_auth`] and the OAuth 2 client-credentials
//!   [`ClientCredentials`] token fetch. Each plugin call runs in a fresh instance, so a token
//!   is fetched per call; nothing is cached between calls.
//! - [`decimal`]: decimal text ("85.40", or a JSON number's text) → [`Money`](crate::Money) in
//!   minor units, never through `f64`; and minor units back to a decimal for requests.
//! - [`time`]: carrier timestamps (ISO 8601 with an offset; separate date, time and offset
//!   fields; compact `YYYYMMDD`/`HHMMSS`) → [`Timestamp`](crate::Timestamp), and back to local
//!   date and time text.
//! - [`status`]: a [`StatusMap`] from carrier codes to [`TrackingStatus`](crate::TrackingStatus)
//!   (unknown codes become `exception`, keeping the raw code), and [`tracking_from_events`],
//!   which sorts events and derives the current status.
//! - [`label`]: base64 decoding of label images and label-format detection.
//!
//! A sketch of one call:
//!
//! ```no_run
//! use crossdock_sdk::carrier::{self, ApiRequest, StatusMap};
//! use crossdock_sdk::prelude::*;
//!
//! #[derive(serde::Deserialize)]
//! struct Quote { price: carrier::Decimal, currency: CurrencyCode }
//!
//! fn quote(ctx: &Ctx) -> Result<Money, CarrierError> {
//!     let user = carrier::required_secret(ctx, "username")?;
//!     let pass = carrier::required_secret(ctx, "password")?;
//!     let request = ApiRequest::post("https://api.carrier.example/rates")
//!         .basic_auth(&user, &pass)
//!         .json(&serde_json::json!({"weight": 1.2}))?;
//!     let quote: Quote = carrier::fetch_json(ctx, request, |_response| None)?;
//!     Ok(quote.price.to_money(quote.currency)?)
//! }
//! ```

pub mod auth;
pub mod decimal;
pub mod http;
pub mod label;
pub mod status;
pub mod time;

pub use auth::{ClientCredentials, CredentialsIn, Token, basic_auth, required_secret};
pub use decimal::{Decimal, ParseError, decimal_number, format_decimal, parse_decimal_minor, parse_money};
pub use http::{
    ApiRequest, MAX_CARRIER_TEXT, carrier_text, check_status, check_status_from, fetch_json, foreign_answer,
    form_urlencode, host_of, json_error_reason, parse_json, percent_encode, send, status_error, transport_error,
};
pub use label::{decode_base64, encode_base64, label_format_from_name, sniff_label_format};
pub use status::{StatusMap, tracking_from_events};
pub use time::{LocalDateTime, format_offset, parse_date_time, parse_iso8601, parse_offset};
