//! The webhook endpoints: verify the platform's signature over the raw body, store the event
//! in the durable inbox, answer. Nothing else happens on the request path.
//!
//! | route | scheme | connection found by |
//! | --- | --- | --- |
//! | `POST /webhooks/shopify` | `X-Shopify-Hmac-Sha256` | `X-Shopify-Shop-Domain` |
//! | `POST /webhooks/woocommerce/{connection}` | `X-WC-Webhook-Signature` | the path |
//! | `POST /webhooks/standard/{connection}` | `webhook-signature` (Standard Webhooks v1) | the path |
//!
//! Answers: 200 once the event is committed (`{"status": "accepted" | "duplicate", "id": …}`,
//! a redelivery of the same id is stored once and answered 200 too); 401 for a bad signature,
//! a stale timestamp or an unknown connection; 413 over the body limit; 400 for a body that
//! is not JSON; 503 when the inbox cannot commit (the sender retries). In every refusal,
//! nothing is stored. Errors are `{"error": {"code": …, "message": …}}`.
//!
//! No enumeration: a request for a shop or connection that is not configured is verified
//! against a random decoy key of this process, so it gets exactly the answer a known
//! connection gives a request with a bad signature (same status, same body) — the endpoints
//! do not tell anyone which shops crossdock serves.
//!
//! Answers that are not told apart by their status (accepted, duplicate, ping) carry their
//! [`WebhookOutcome`] as a response extension, for the metrics layer (`crate::server`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use crossdock_types::Timestamp;
use serde_json::json;

use super::signature::Key;
use super::standard::SigningSecret;
use super::woocommerce::WooDelivery;
use super::{Delivery, Headers, IngestError, Platform, shopify, standard, woocommerce};
use crate::clock::Clock;
use crate::metrics::WebhookOutcome;
use crate::store::{ConnectionRow, NewEvent, Store};

/// What the webhook routes need.
pub struct IngestState {
    pub store: Store,
    /// Connections recently read from the store, by lookup key. Every webhook needs its
    /// connection's secret; reading it once per second instead of once per request keeps the
    /// store's connections for the inbox. A changed secret takes effect within [`CACHE_TTL`].
    connections: Mutex<HashMap<String, (Instant, Option<ConnectionRow>)>>,
    /// The time a delivery is received at and its timestamp checked against.
    clock: Clock,
}

/// How long a looked-up connection is reused.
pub const CACHE_TTL: Duration = Duration::from_secs(1);

impl IngestState {
    pub fn new(store: Store, clock: Clock) -> Self {
        Self { store, connections: Mutex::new(HashMap::new()), clock }
    }

    /// The connection under `key`, from the cache or from the store through `read`.
    async fn connection<F, Fut>(&self, key: String, read: F) -> Result<Option<ConnectionRow>, crate::store::StoreError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Option<ConnectionRow>, crate::store::StoreError>>,
    {
        if let Some((at, row)) = self.connections.lock().unwrap_or_else(PoisonError::into_inner).get(&key)
            && at.elapsed() < CACHE_TTL
        {
            return Ok(row.clone());
        }
        let row = read().await?;
        let mut cache = self.connections.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() > 10_000 {
            cache.clear(); // unknown keys from forged requests must not grow it without end
        }
        cache.insert(key, (Instant::now(), row.clone()));
        Ok(row)
    }
}

struct HeaderView<'a>(&'a HeaderMap);

impl Headers for HeaderView<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(|v| v.to_str().ok())
    }
}

fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (status, Json(json!({"error": {"code": code, "message": message.into()}}))).into_response()
}

fn refused(e: &IngestError) -> Response {
    let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::UNAUTHORIZED);
    let code = match e {
        IngestError::BadSignature { .. } | IngestError::NoSupportedSignature { .. } => "bad_signature",
        IngestError::Stale { .. } | IngestError::FromTheFuture { .. } => "stale_timestamp",
        IngestError::MissingHeader(_) | IngestError::MalformedHeader { .. } => "bad_headers",
        IngestError::MalformedBody(_) => "bad_body",
        IngestError::MalformedSecret { .. } | IngestError::NoSecret(_) => "misconfigured_secret",
    };
    error(status, code, e.to_string())
}

/// A random key of this process, never stored: what a request for an unknown connection is
/// verified against, so it is refused exactly as a bad signature on a known one.
fn decoy_key() -> &'static [u8] {
    static DECOY: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        let mut bytes = [0u8; 32];
        if getrandom::fill(&mut bytes).is_err() {
            // Without randomness, a fixed key: nobody signs with it knowingly, and the answer
            // is still the bad-signature one.
            bytes = *b"crossdock-decoy-key-no-one-signs";
        }
        bytes
    })
}

/// The answer to a request for a connection that does not exist (or is of another platform):
/// the scheme's own verification over a decoy key, so a bad signature, a missing header or a
/// stale timestamp each read exactly as they would for a known connection.
fn unknown_connection(platform: Platform, headers: &HeaderMap, body: &[u8], now: Timestamp) -> Response {
    let view = HeaderView(headers);
    let key = Key::from_bytes(decoy_key().to_vec());
    let outcome = match platform {
        Platform::Shopify => shopify::verify(&view, body, &[key]).map(|_| ()),
        Platform::WooCommerce => match woocommerce::verify(&view, body, &[key]) {
            // Unsigned pings carry no secret: answer them as for a known connection.
            Ok(WooDelivery::Ping { webhook_id }) => {
                return ping(webhook_id);
            }
            Ok(WooDelivery::Event(_)) => Ok(()),
            Err(e) => Err(e),
        },
        Platform::Standard => {
            use base64::Engine as _;
            let text = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(decoy_key()));
            match text.parse::<SigningSecret>() {
                Ok(secret) => standard::verify(&view, body, &[secret], now).map(|_| ()),
                Err(e) => Err(e),
            }
        }
    };
    match outcome {
        Err(e) => refused(&e),
        // Nobody holds the decoy key; should a request match it anyway, it is still refused.
        Ok(()) => refused(&IngestError::BadSignature { platform }),
    }
}

/// The answer to a WooCommerce ping: 200, nothing stored.
fn ping(webhook_id: u64) -> Response {
    (StatusCode::OK, Extension(WebhookOutcome::Ping), Json(json!({"status": "ping", "webhook_id": webhook_id})))
        .into_response()
}

/// Checks the body is JSON, then commits the event.
async fn accept(state: &IngestState, connection: &ConnectionRow, delivery: Delivery, body: Bytes) -> Response {
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&body) {
        return error(StatusCode::BAD_REQUEST, "bad_json", format!("the body is not JSON: {e}"));
    }
    let event = NewEvent {
        connection_id: connection.id.clone(),
        merchant_id: connection.merchant_id.clone(),
        platform: delivery.platform,
        delivery_id: delivery.delivery_id,
        topic: delivery.platform_topic,
        body: body.to_vec(),
        received_at_ms: state.clock.now_ms(),
    };
    match state.store.enqueue(event).await {
        Ok(done) => {
            let (status, outcome) = match done.duplicate {
                true => ("duplicate", WebhookOutcome::Duplicate),
                false => ("accepted", WebhookOutcome::Accepted),
            };
            (StatusCode::OK, Extension(outcome), Json(json!({"status": status, "id": done.id}))).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "the inbox could not commit a webhook");
            error(StatusCode::SERVICE_UNAVAILABLE, "inbox_unavailable", "the event could not be stored; retry later")
        }
    }
}

/// `POST /webhooks/shopify`
pub async fn shopify(State(state): State<Arc<IngestState>>, headers: HeaderMap, body: Bytes) -> Response {
    let view = HeaderView(&headers);
    let Some(domain) = view.get(shopify::SHOP_DOMAIN).map(str::trim).filter(|d| !d.is_empty()) else {
        return refused(&IngestError::MissingHeader(shopify::SHOP_DOMAIN));
    };
    let domain = domain.to_ascii_lowercase();
    let looked_up = state.connection(format!("shop:{domain}"), || state.store.connection_by_shop_domain(&domain)).await;
    let connection = match looked_up {
        Ok(Some(c)) if c.platform == Platform::Shopify => c,
        Ok(_) => return unknown_connection(Platform::Shopify, &headers, &body, state.clock.now()),
        Err(e) => return store_down(e),
    };
    match shopify::verify(&view, &body, &[Key::from_utf8(&connection.secret)]) {
        Ok(delivery) => accept(&state, &connection, delivery, body).await,
        Err(e) => refused(&e),
    }
}

/// `POST /webhooks/woocommerce/{connection}`
pub async fn woocommerce(
    State(state): State<Arc<IngestState>>,
    Path(connection_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let connection = match lookup(&state, &connection_id, Platform::WooCommerce, &headers, &body).await {
        Ok(c) => c,
        Err(response) => return response,
    };
    match woocommerce::verify(&HeaderView(&headers), &body, &[Key::from_utf8(&connection.secret)]) {
        // WooCommerce pings a new webhook's URL once, unsigned; it must get a 2xx or the
        // webhook is not saved. Nothing is stored.
        Ok(WooDelivery::Ping { webhook_id }) => ping(webhook_id),
        Ok(WooDelivery::Event(delivery)) => accept(&state, &connection, delivery, body).await,
        Err(e) => refused(&e),
    }
}

/// `POST /webhooks/standard/{connection}`
pub async fn standard(
    State(state): State<Arc<IngestState>>,
    Path(connection_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let connection = match lookup(&state, &connection_id, Platform::Standard, &headers, &body).await {
        Ok(c) => c,
        Err(response) => return response,
    };
    let secret: SigningSecret = match connection.secret.parse() {
        Ok(s) => s,
        Err(e) => return refused(&e),
    };
    match standard::verify(&HeaderView(&headers), &body, &[secret], state.clock.now()) {
        Ok(delivery) => accept(&state, &connection, delivery, body).await,
        Err(e) => refused(&e),
    }
}

async fn lookup(
    state: &IngestState,
    id: &str,
    platform: Platform,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<ConnectionRow, Response> {
    match state.connection(format!("id:{id}"), || state.store.connection(id)).await {
        Ok(Some(c)) if c.platform == platform => Ok(c),
        Ok(_) => Err(unknown_connection(platform, headers, body, state.clock.now())),
        Err(e) => Err(store_down(e)),
    }
}

fn store_down(e: crate::store::StoreError) -> Response {
    tracing::error!(error = %e, "the store cannot look up a connection");
    error(StatusCode::SERVICE_UNAVAILABLE, "store_unavailable", "crossdock cannot read its store; retry later")
}
