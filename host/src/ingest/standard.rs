//! Standard Webhooks (spec 1.0.0), the scheme any other storefront can sign with.
//!
//! - Headers: `webhook-id` (the message id, the same on every retry: the dedupe key),
//!   `webhook-timestamp` (integer Unix seconds of this attempt) and `webhook-signature` (a
//!   space-separated list of `<version>,<base64>` entries).
//! - Signed bytes: `id.timestamp.body`, with the timestamp written as the decimal integer it
//!   parses to and the body exactly as received.
//! - Key: the secret is `whsec_` + base64 (standard alphabet); the HMAC key is the *decoded*
//!   bytes. Keying with the `whsec_…` text or with the base64 text are the classic bugs.
//! - Accepted when any `v1` entry matches (so senders can rotate secrets without downtime);
//!   other versions (`v1a`, ed25519) are skipped, as the reference libraries do.
//! - Fresh when the timestamp is within 300 s of now in either direction, exactly 300 s
//!   included, as in every reference library (the spec only says "some allowable tolerance").
//!
//! The payload is the spec's envelope `{"type": …, "timestamp": …, "data": …}`; the topic is
//! its `type`, read only after the signature checked out. For the `order.*` topics `data` is
//! crossdock's generic order, whose every field (type, whether required, default) is listed in
//! README "The generic order (Standard Webhooks)" and read by
//! [`normalize::generic_order`](crate::pipeline::normalize::generic_order); a test keeps the two
//! in step.
//!
//! Source: SIGNATURES.md §1 (standard-webhooks/standard-webhooks `spec/standard-webhooks.md`
//! and the reference libraries at `b2fa7b87`), read 2026-11-25.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use crossdock_types::Timestamp;
use serde::Deserialize;

use super::signature::{Key, sign_b64, verify_b64};
use super::{Delivery, Headers, IngestError, MAX_HEADER_LEN, Platform, Topic, header, id_header};

/// The message id header.
pub const ID: &str = "webhook-id";
/// The attempt's Unix-seconds timestamp header.
pub const TIMESTAMP: &str = "webhook-timestamp";
/// The signature list header.
pub const SIGNATURE: &str = "webhook-signature";
/// How far, in seconds, a timestamp may be from now, in either direction.
pub const TOLERANCE_SECS: i64 = 300;
/// The most `webhook-signature` entries read. Rotation needs two or three; the cap keeps a
/// forged header from making crossdock compute thousands of HMACs over a large body.
pub const MAX_SIGNATURES: usize = 10;

const PREFIX: &str = "whsec_";

/// Standard base64 that accepts the secret with or without its `=` padding, as the official
/// Python library does (Go and Rust insist on padding). A secret that lost its padding when it
/// was copied decodes to the same key, so accepting it costs nothing.
const SECRET_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A Standard Webhooks signing secret, decoded. Parse it from its `whsec_…` form; the
/// prefix may be left out, as the reference libraries allow. `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningSecret(Key);

impl SigningSecret {
    /// The HMAC key: the decoded bytes.
    pub fn key(&self) -> &Key {
        &self.0
    }
}

impl FromStr for SigningSecret {
    type Err = IngestError;

    fn from_str(text: &str) -> Result<Self, IngestError> {
        let bad =
            |problem: &str| IngestError::MalformedSecret { platform: Platform::Standard, problem: problem.into() };
        let text = text.trim();
        if text.starts_with("whsk_") || text.starts_with("whpk_") {
            return Err(bad("it is an ed25519 (`v1a`) key, and crossdock verifies `v1` (HMAC) signatures only"));
        }
        let encoded = text.strip_prefix(PREFIX).unwrap_or(text);
        if encoded.is_empty() {
            return Err(bad("it is empty"));
        }
        match SECRET_BASE64.decode(encoded) {
            Ok(key) if key.is_empty() => Err(bad("it decodes to no bytes")),
            Ok(key) => Ok(SigningSecret(Key::from_bytes(key))),
            Err(_) => Err(bad("it must be `whsec_` followed by standard base64 (A-Z, a-z, 0-9, `+`, `/`, `=`)")),
        }
    }
}

/// The shortest key accepted for a new Standard Webhooks secret, in decoded bytes: the spec's
/// secrets are 24 to 64 random bytes (SIGNATURES.md §1), and a shorter HMAC key is guessable.
pub const MIN_SECRET_BYTES: usize = 24;

/// Checks a Standard Webhooks secret being configured (setup file or API): it must parse and
/// decode to at least [`MIN_SECRET_BYTES`] bytes. Verification itself accepts any stored key,
/// so a deployment configured before this check keeps receiving until the secret is rotated.
pub fn check_new_secret(text: &str) -> Result<SigningSecret, String> {
    let secret: SigningSecret = text.parse().map_err(|e: IngestError| e.to_string())?;
    let len = secret.key().as_bytes().len();
    if len < MIN_SECRET_BYTES {
        return Err(format!(
            "the Standard Webhooks secret decodes to {len} bytes; it must be `whsec_` + base64 of at least              {MIN_SECRET_BYTES} random bytes (e.g. `whsec_$(openssl rand -base64 32)`)"
        ));
    }
    Ok(secret)
}

impl fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningSecret({:?})", self.0)
    }
}

/// The `webhook-signature` entry (`v1,<base64>`) for a message: what a sender puts in the
/// header, and what crossdock's own outbound events will carry.
pub fn sign(secret: &SigningSecret, id: &str, timestamp: i64, body: &[u8]) -> String {
    let ts = timestamp.to_string();
    format!("v1,{}", sign_b64(secret.key(), &[id.as_bytes(), b".", ts.as_bytes(), b".", body]))
}

/// A message whose signature and timestamp checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// `webhook-id`: the dedupe key, the same on every retry.
    pub id: String,
    /// `webhook-timestamp`: when this attempt was sent.
    pub timestamp: Timestamp,
}

/// Verifies a Standard Webhooks delivery at time `now` and reads its topic from the body.
///
/// [`verify_signature`] first; then the body must be the spec's envelope with a `type`, or the
/// request is refused as malformed (400: it was authentic, but crossdock cannot route it).
pub fn verify(
    headers: &(impl Headers + ?Sized),
    body: &[u8],
    secrets: &[SigningSecret],
    now: Timestamp,
) -> Result<Delivery, IngestError> {
    let verified = verify_signature(headers, body, secrets, now)?;
    let topic = event_type(body)?;
    Ok(Delivery {
        platform: Platform::Standard,
        delivery_id: verified.id,
        topic: Topic::from_crossdock(&topic),
        platform_topic: topic,
        source: None,
        event_id: None,
        api_version: None,
        triggered_at: Some(verified.timestamp),
    })
}

/// The scheme itself, for any body: secrets configured, id, timestamp syntax and freshness
/// against `now`, then the signature. `secrets` may hold several (receiver-side rotation).
pub fn verify_signature(
    headers: &(impl Headers + ?Sized),
    body: &[u8],
    secrets: &[SigningSecret],
    now: Timestamp,
) -> Result<Verified, IngestError> {
    if secrets.is_empty() {
        return Err(IngestError::NoSecret(Platform::Standard));
    }
    let id = id_header(headers, ID)?;
    if id.contains('.') {
        // The spec forbids it: `.` separates the signed parts.
        return Err(IngestError::MalformedHeader { header: ID, problem: format!("`{id}` contains `.`") });
    }
    let timestamp = parse_timestamp(header(headers, TIMESTAMP).ok_or(IngestError::MissingHeader(TIMESTAMP))?)?;
    check_freshness(timestamp, now)?;

    let list = header(headers, SIGNATURE).ok_or(IngestError::MissingHeader(SIGNATURE))?;
    let count = entries(list).count();
    if count > MAX_SIGNATURES {
        return Err(IngestError::MalformedHeader {
            header: SIGNATURE,
            problem: format!("it holds {count} entries; at most {MAX_SIGNATURES} are read"),
        });
    }
    let v1: Vec<&str> = entries(list).filter_map(|(version, sig)| (version == "v1").then_some(sig)).collect();
    if v1.is_empty() {
        // The versions are the sender's text: echo a few, short and escaped.
        let found: Vec<String> = entries(list)
            .take(4)
            .map(|(version, _)| version.chars().take(8).flat_map(char::escape_default).collect())
            .collect();
        let found = if found.is_empty() { "no `<version>,<signature>` entry".to_owned() } else { found.join(", ") };
        return Err(IngestError::NoSupportedSignature { found });
    }
    let ts = timestamp.to_string();
    let parts: [&[u8]; 5] = [id.as_bytes(), b".", ts.as_bytes(), b".", body];
    // Every entry is checked under every secret, so the time taken does not say which matched.
    let matched = v1
        .iter()
        .flat_map(|sig| secrets.iter().map(move |secret| (secret, sig)))
        .fold(false, |found, (secret, sig)| verify_b64(secret.key(), &parts, sig) | found);
    if !matched {
        return Err(IngestError::BadSignature { platform: Platform::Standard });
    }
    Ok(Verified { id: id.to_owned(), timestamp: Timestamp::from_unix(timestamp) })
}

/// Whole Unix seconds, digits only (no sign, no fraction, no exponent).
fn parse_timestamp(text: &str) -> Result<i64, IngestError> {
    let malformed = || IngestError::MalformedHeader {
        header: TIMESTAMP,
        problem: format!("`{}` is not whole Unix seconds such as 1795000000", text.escape_default()),
    };
    if text.is_empty() || text.len() > 18 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    text.parse().map_err(|_| malformed())
}

/// Rejects a timestamp more than [`TOLERANCE_SECS`] away from `now`; exactly that far passes.
fn check_freshness(timestamp: i64, now: Timestamp) -> Result<(), IngestError> {
    let age = now.unix().saturating_sub(timestamp);
    if age > TOLERANCE_SECS {
        return Err(IngestError::Stale { age_secs: age, tolerance_secs: TOLERANCE_SECS });
    }
    if age < -TOLERANCE_SECS {
        return Err(IngestError::FromTheFuture { ahead_secs: age.saturating_neg(), tolerance_secs: TOLERANCE_SECS });
    }
    Ok(())
}

/// The `(version, signature)` entries of a `webhook-signature` list; malformed ones (no comma)
/// are skipped like unknown versions.
fn entries(list: &str) -> impl Iterator<Item = (&str, &str)> {
    list.split(' ').filter(|e| !e.is_empty()).filter_map(|e| e.split_once(','))
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "type")]
    kind: String,
}

/// The envelope's `type`: the topic.
fn event_type(body: &[u8]) -> Result<String, IngestError> {
    let envelope: Envelope = serde_json::from_slice(body)
        .map_err(|e| IngestError::MalformedBody(format!("it is not a JSON object with a string `type` ({e})")))?;
    if envelope.kind.is_empty() || envelope.kind.len() > MAX_HEADER_LEN {
        return Err(IngestError::MalformedBody(format!(
            "its `type` must have 1 to {MAX_HEADER_LEN} characters, not {}",
            envelope.kind.len()
        )));
    }
    Ok(envelope.kind)
}
