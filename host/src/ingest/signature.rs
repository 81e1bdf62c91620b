//! HMAC-SHA256 with base64 digests, the primitive under all three webhook schemes.
//!
//! Signing concatenates parts instead of building one buffer, so `id.timestamp.body` is
//! hashed without copying the body. Verification decodes the claimed digest and compares it
//! with `hmac::Mac::verify_slice`, which runs in constant time: an attacker learns nothing
//! from how long a wrong guess takes. A claimed digest that is not base64 simply does not
//! match.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// A shared HMAC key. Its `Debug` output never shows the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Key(Vec<u8>);

impl Key {
    /// The key as raw bytes (Standard Webhooks: the base64-decoded secret).
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Key {
        Key(bytes.into())
    }

    /// The secret's UTF-8 bytes, unchanged: no trimming, no decoding. This is how Shopify uses
    /// the app's client secret and WooCommerce the webhook secret (whose 50 generated
    /// characters may include spaces and punctuation).
    pub fn from_utf8(secret: &str) -> Key {
        Key(secret.as_bytes().to_vec())
    }

    /// The key bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Whether the key has no bytes (an unset secret).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key(<{} bytes redacted>)", self.0.len())
    }
}

fn mac(key: &Key, parts: &[&[u8]]) -> HmacSha256 {
    let mut mac = match <HmacSha256 as Mac>::new_from_slice(key.as_bytes()) {
        Ok(mac) => mac,
        // HMAC hashes long keys and pads short ones: every length is valid.
        Err(_) => unreachable!("HMAC-SHA256 accepts keys of any length"),
    };
    for part in parts {
        mac.update(part);
    }
    mac
}

/// The raw 32-byte HMAC-SHA256 of the concatenated `parts`.
pub fn hmac_sha256(key: &Key, parts: &[&[u8]]) -> [u8; 32] {
    mac(key, parts).finalize().into_bytes().into()
}

/// The standard, padded base64 of the HMAC-SHA256 of the concatenated `parts` (44 characters),
/// as all three schemes send it.
pub fn sign_b64(key: &Key, parts: &[&[u8]]) -> String {
    STANDARD.encode(hmac_sha256(key, parts))
}

/// Whether `claimed` is the standard base64 of the HMAC-SHA256 of the concatenated `parts`,
/// compared in constant time. Text that is not base64, or not 32 bytes once decoded, is `false`.
pub fn verify_b64(key: &Key, parts: &[&[u8]], claimed: &str) -> bool {
    match STANDARD.decode(claimed.trim()) {
        Ok(tag) => mac(key, parts).verify_slice(&tag).is_ok(),
        Err(_) => false,
    }
}

/// Whether `claimed` verifies under any of `keys` (secret rotation: old and new both valid for
/// a while). Every key is tried, so the time taken does not say which one matched.
pub fn verify_any(keys: &[Key], parts: &[&[u8]], claimed: &str) -> bool {
    keys.iter().fold(false, |found, key| verify_b64(key, parts, claimed) | found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4231_test_case_2() {
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?".
        let key = Key::from_utf8("Jefe");
        let digest = hmac_sha256(&key, &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(hex::encode(digest), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn parts_are_hashed_as_one_message() {
        let key = Key::from_utf8("k");
        assert_eq!(sign_b64(&key, &[b"ab", b"c"]), sign_b64(&key, &[b"abc"]));
        assert_eq!(sign_b64(&key, &[b"abc"]).len(), 44);
    }

    #[test]
    fn verification_rejects_other_keys_bodies_and_garbage() {
        let key = Key::from_utf8("k");
        let good = sign_b64(&key, &[b"body"]);
        assert!(verify_b64(&key, &[b"body"], &good));
        assert!(!verify_b64(&Key::from_utf8("K"), &[b"body"], &good));
        assert!(!verify_b64(&key, &[b"body\n"], &good));
        assert!(!verify_b64(&key, &[b"body"], "not base64!"));
        assert!(!verify_b64(&key, &[b"body"], ""));
        assert!(!verify_b64(&key, &[b"body"], &good[..40]));
        // A prefix of the right digest is not the digest.
        let short = STANDARD.encode(&hmac_sha256(&key, &[b"body"])[..16]);
        assert!(!verify_b64(&key, &[b"body"], &short));
    }

    #[test]
    fn any_of_several_keys_may_match() {
        let (old, new) = (Key::from_utf8("old"), Key::from_utf8("new"));
        let sig = sign_b64(&new, &[b"x"]);
        assert!(verify_any(&[old.clone(), new], &[b"x"], &sig));
        assert!(!verify_any(&[old], &[b"x"], &sig));
        assert!(!verify_any(&[], &[b"x"], &sig));
    }

    #[test]
    fn keys_are_redacted_in_debug_output() {
        assert_eq!(format!("{:?}", Key::from_utf8("hush")), "Key(<4 bytes redacted>)");
    }
}
