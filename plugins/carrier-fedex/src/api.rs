//! Talking to FedEx: the OAuth token, then JSON requests with the headers FedEx documents.
//!
//! FedEx's APIs take a bearer token from `POST /oauth/token` (client-credentials grant, form
//! body `grant_type=client_credentials&client_id=…&client_secret=…`; CARRIERS.md §3.1). A token
//! lives an hour, but every crossdock call runs in a fresh plugin instance that keeps nothing
//! between calls, so [`Api::connect`] fetches one per call: a rate, a label, a void or a track
//! is two HTTP requests. The credentials are the binding's secrets `client_id` and
//! `client_secret`; neither is ever logged or put in an error message.
//!
//! Every API request carries `Authorization: Bearer …`, `Content-Type: application/json`,
//! `X-locale: en_US` (English descriptions in tracking) and `x-customer-transaction-id`, which
//! FedEx echoes as `customerTransactionId` so a reply can be matched to its request in FedEx's
//! logs. The SDK's `crossdock_sdk::carrier` sends them through the host's HTTP (only to the
//! hosts the binding allows, within its deadline) and maps transport failures; FedEx's error
//! bodies are read by [`crate::errors`].
//!
//! **Idempotency.** FedEx's Ship API documents no idempotency key: `x-customer-transaction-id`
//! only labels the request in FedEx's logs and replies, and a repeated create-shipment request
//! makes a second shipment. So nothing here claims otherwise; the core's shipment claim is what
//! keeps a label from being bought twice, and a cancel is keyed by the tracking number (a
//! second cancel of the same number changes nothing).

use crossdock_sdk::carrier::{ApiRequest, ClientCredentials, CredentialsIn, fetch_json};
use crossdock_sdk::{CarrierError, Ctx};
use serde::Serialize;
use serde_json::Value;

use crate::errors;

/// The secret holding the FedEx project's API key.
pub const CLIENT_ID: &str = "client_id";
/// The secret holding the FedEx project's secret key.
pub const CLIENT_SECRET: &str = "client_secret";

/// A connection to FedEx for one call: the base URL and a fresh token.
pub struct Api<'a> {
    ctx: &'a Ctx<'a>,
    base_url: String,
    token: String,
}

impl<'a> Api<'a> {
    /// Reads the credentials and fetches a token.
    pub fn connect(ctx: &'a Ctx<'a>, base_url: &str) -> Result<Self, CarrierError> {
        let id = secret(ctx, CLIENT_ID, "API key")?;
        let key = secret(ctx, CLIENT_SECRET, "secret key")?;
        let token = ClientCredentials::new(format!("{base_url}/oauth/token"), &id, &key)
            .credentials_in(CredentialsIn::Body)
            .fetch(ctx)
            .map_err(|e| match e {
                CarrierError::AuthFailed(why) => CarrierError::AuthFailed(format!(
                    "FedEx did not issue a token: {why}; the keys must be the FedEx project's `client_id` and \
                     `client_secret` for this environment (sandbox keys do not work in production)"
                )),
                other => other,
            })?;
        Ok(Self { ctx, base_url: base_url.to_owned(), token: token.access_token })
    }

    /// `POST {base}{path}` with a JSON body; the 2xx reply as JSON.
    pub fn post(
        &self,
        path: &str,
        body: &impl Serialize,
        transaction: &str,
        what: &str,
    ) -> Result<Value, CarrierError> {
        self.call(ApiRequest::post(format!("{}{path}", self.base_url)), json(body, what)?, transaction, what)
    }

    /// `PUT {base}{path}` with a JSON body; the 2xx reply as JSON.
    pub fn put(&self, path: &str, body: &impl Serialize, transaction: &str, what: &str) -> Result<Value, CarrierError> {
        self.call(ApiRequest::put(format!("{}{path}", self.base_url)), json(body, what)?, transaction, what)
    }

    fn call(&self, request: ApiRequest, body: Vec<u8>, transaction: &str, what: &str) -> Result<Value, CarrierError> {
        let request = request
            .bearer(&self.token)
            .header("X-locale", "en_US")
            .header("x-customer-transaction-id", transaction)
            .body("application/json", body);
        let url = request.url().to_owned();
        fetch_json(self.ctx, request, |response| Some(errors::from_reply(what, &url, response.status, &response.body)))
            .map_err(|e| match e {
                CarrierError::BadResponse(why) => CarrierError::BadResponse(format!("FedEx's {what} reply: {why}")),
                other => other,
            })
    }
}

/// A request body as JSON bytes.
fn json(body: &impl Serialize, what: &str) -> Result<Vec<u8>, CarrierError> {
    serde_json::to_vec(body)
        .map_err(|e| CarrierError::InvalidRequest(format!("the {what} request cannot be written as JSON: {e}")))
}

/// A required secret, or `AuthFailed` naming it and where it comes from.
fn secret(ctx: &Ctx, name: &str, what: &str) -> Result<String, CarrierError> {
    crossdock_sdk::carrier::required_secret(ctx, name).map(|v| v.trim().to_owned()).map_err(|_| {
        CarrierError::AuthFailed(format!(
            "set the binding secret `{name}` to the {what} of your FedEx Developer Portal project"
        ))
    })
}
