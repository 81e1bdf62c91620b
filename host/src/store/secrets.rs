//! Secrets at rest: binding secrets, storefront connections' signing secrets and outbound
//! endpoints' signing keys are stored encrypted, so a copy of the database file (or a dump of
//! the PostgreSQL tables) alone reveals none of them.
//!
//! **The key.** 32 random bytes, from `CROSSDOCK_SECRET_KEY` (base64) when it is set; otherwise
//! from `<data-dir>/secret.key`, which crossdock creates on first start (mode 0600) — so the
//! default is safe without configuration, and the key lives beside the database only until
//! the operator moves it into the environment or a secret manager. Keep a copy: without the
//! key, the stored secrets cannot be read, and crossdock says so rather than guess.
//!
//! **The format.** Each value is sealed with ChaCha20-Poly1305 (RustCrypto's
//! `chacha20poly1305`) under a fresh random 96-bit nonce, with the row's identity (table and
//! key columns) as associated data, so a sealed value copied into another row does not open.
//! It is stored as text: `v1:<key id>:<base64 of nonce ‖ ciphertext ‖ tag>`, where the key id
//! is the first 8 hex digits of a SHA-256 of the key (it names the key in errors, reveals
//! nothing of it). A value without the `v1:` prefix is plaintext written before encryption;
//! it is read as it is and sealed by the next [`Store::reseal_secrets`].
//!
//! **Rotation.** Start crossdock with the new key in `CROSSDOCK_SECRET_KEY` and the old one
//! in `CROSSDOCK_SECRET_KEY_PREVIOUS` (several may be given, separated by commas). Values
//! sealed under a previous key are read; at start `crossdock serve` reseals every value under
//! the new key ([`Store::reseal_secrets`]), after which the previous key can be dropped. With
//! several nodes, every node first gets the new key as a previous one (so values sealed under
//! it can be read everywhere), then each restarts with the two swapped; the last of those
//! starts reseals what the others wrote meanwhile under the old key.
//!
//! **In memory.** [`Redacted`] wraps a secret wherever one is parsed (setup file, API bodies) so
//! that `Debug` of its holder shows `[redacted]`; the rows that carry opened secrets
//! (connections, deliveries, binding changes, a plugin's call context) redact them by hand.

use std::fmt;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, KeyInit, Nonce};
use sha2::{Digest, Sha256};

use super::sql::get;
use super::{Store, StoreError};

/// The environment variable holding the key (base64 of 32 bytes).
pub const KEY_ENV: &str = "CROSSDOCK_SECRET_KEY";
/// Previous keys, still accepted for reading (base64, comma-separated).
pub const PREVIOUS_ENV: &str = "CROSSDOCK_SECRET_KEY_PREVIOUS";
/// The key file created in the data directory when no key is in the environment.
pub const KEY_FILE: &str = "secret.key";

const PREFIX: &str = "v1:";
const NONCE_LEN: usize = 12;

/// A value that `Debug` shows as `[redacted]`: a webhook signing secret or a carrier credential
/// in a request body, a setup file or any struct that holds one, so a log line or a panic
/// message that prints the holder never prints the secret. It (de)serializes as the value
/// itself; read the value with [`Redacted::expose`] or [`Redacted::into_inner`] (also through
/// `Deref`).
#[derive(Clone, Default, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(transparent)]
pub struct Redacted<T>(T);

impl<T> Redacted<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The value.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// The value, unwrapped.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Redacted<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T> std::ops::Deref for Redacted<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Why a secret could not be sealed or opened, or a key not loaded.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    /// A key is not base64 of 32 bytes.
    #[error(
        "{source_name} is not a secret key: {why}; give 32 random bytes in base64 (e.g. `openssl rand -base64 32`)"
    )]
    InvalidKey { source_name: String, why: String },
    /// The key file could not be read or written.
    #[error("cannot use the secret key file {}: {error}", path.display())]
    KeyFile { path: PathBuf, error: std::io::Error },
    /// A value was sealed under a key crossdock was not given.
    #[error(
        "{what} was encrypted with secret key {found}, but crossdock has key {current}{previous}: start crossdock \
         with the key it was written with in {KEY_ENV} (or in {PREVIOUS_ENV} while rotating)"
    )]
    UnknownKey { what: String, found: String, current: String, previous: String },
    /// A value does not open under the key its id names: altered, moved to another row, or truncated.
    #[error("{what} does not decrypt with secret key {key}: the stored value was altered or copied from another row")]
    Tampered { what: String, key: String },
    /// The system's random source failed.
    #[error("cannot draw random bytes for a secret: {0}")]
    Random(String),
}

/// One 256-bit key. Its `Debug` shows the key id only.
#[derive(Clone)]
pub struct SecretKey {
    bytes: [u8; 32],
    id: String,
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey({}, [redacted])", self.id)
    }
}

impl SecretKey {
    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        let digest = Sha256::digest([&b"crossdock secret key id\0"[..], &bytes].concat());
        Self { bytes, id: hex::encode(&digest[..4]) }
    }

    /// A key from base64 text; `source_name` says where it came from, for the error.
    pub fn from_base64(text: &str, source_name: &str) -> Result<Self, SecretsError> {
        let invalid = |why: String| SecretsError::InvalidKey { source_name: source_name.to_owned(), why };
        let raw = STANDARD.decode(text.trim()).map_err(|e| invalid(format!("not base64 ({e})")))?;
        let bytes: [u8; 32] = raw.try_into().map_err(|raw: Vec<u8>| invalid(format!("{} bytes, not 32", raw.len())))?;
        Ok(Self::from_bytes(bytes))
    }

    /// A fresh random key.
    pub fn generate() -> Result<Self, SecretsError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| SecretsError::Random(e.to_string()))?;
        Ok(Self::from_bytes(bytes))
    }

    /// The key as base64, for the key file.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.bytes)
    }

    /// The key's id: 8 hex digits that name it without revealing it.
    pub fn id(&self) -> &str {
        &self.id
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(Key::from_slice(&self.bytes))
    }
}

/// A value read back: the plaintext, and whether it should be sealed again (plaintext from
/// before encryption, or sealed under a previous key).
#[derive(PartialEq, Eq)]
pub struct Opened {
    pub value: String,
    pub stale: bool,
}

impl fmt::Debug for Opened {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Opened").field("value", &"[redacted]").field("stale", &self.stale).finish()
    }
}

/// The key values are sealed with, and the previous keys still accepted for reading.
#[derive(Clone)]
pub struct SecretKeys {
    current: SecretKey,
    previous: Vec<SecretKey>,
}

impl fmt::Debug for SecretKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let previous: Vec<&str> = self.previous.iter().map(SecretKey::id).collect();
        f.debug_struct("SecretKeys").field("current", &self.current.id).field("previous", &previous).finish()
    }
}

impl SecretKeys {
    pub fn new(current: SecretKey, previous: Vec<SecretKey>) -> Self {
        Self { current, previous }
    }

    /// The id of the key new values are sealed with.
    pub fn current_id(&self) -> &str {
        self.current.id()
    }

    /// The keys from `CROSSDOCK_SECRET_KEY` (and `_PREVIOUS`) when set; otherwise from
    /// `<data_dir>/secret.key`, created with a fresh key (mode 0600) if missing.
    pub fn load(data_dir: &Path) -> Result<Self, SecretsError> {
        match Self::from_env()? {
            Some(keys) => Ok(keys),
            None => Ok(Self::new(key_file(&data_dir.join(KEY_FILE))?, previous_from_env()?)),
        }
    }

    /// The keys from the environment, or `None` when `CROSSDOCK_SECRET_KEY` is not set.
    pub fn from_env() -> Result<Option<Self>, SecretsError> {
        match std::env::var(KEY_ENV) {
            Ok(text) if !text.trim().is_empty() => {
                Ok(Some(Self::new(SecretKey::from_base64(&text, KEY_ENV)?, previous_from_env()?)))
            }
            _ => Ok(None),
        }
    }

    /// Seals `plaintext` for the row named by `row` (the associated data).
    pub fn seal(&self, plaintext: &str, row: &str) -> Result<String, SecretsError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| SecretsError::Random(e.to_string()))?;
        let sealed = self
            .current
            .cipher()
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plaintext.as_bytes(), aad: row.as_bytes() })
            .map_err(|_| SecretsError::Random("the cipher refused the value".into()))?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(format!("{PREFIX}{}:{}", self.current.id, STANDARD.encode(out)))
    }

    /// Opens a stored value of the row named by `row`; `what` names it in errors.
    pub fn open(&self, stored: &str, row: &str, what: &str) -> Result<Opened, SecretsError> {
        let Some(rest) = stored.strip_prefix(PREFIX) else {
            return Ok(Opened { value: stored.to_owned(), stale: true });
        };
        let tampered = |key: &str| SecretsError::Tampered { what: what.to_owned(), key: key.to_owned() };
        let (id, data) = rest.split_once(':').ok_or_else(|| tampered("(none)"))?;
        let (key, stale) = if id == self.current.id {
            (&self.current, false)
        } else if let Some(key) = self.previous.iter().find(|k| k.id == id) {
            (key, true)
        } else {
            let previous: Vec<&str> = self.previous.iter().map(SecretKey::id).collect();
            return Err(SecretsError::UnknownKey {
                what: what.to_owned(),
                found: id.to_owned(),
                current: self.current.id.clone(),
                previous: if previous.is_empty() {
                    String::new()
                } else {
                    format!(" and previous {}", previous.join(", "))
                },
            });
        };
        let raw = STANDARD.decode(data).map_err(|_| tampered(id))?;
        if raw.len() < NONCE_LEN {
            return Err(tampered(id));
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let plain = key
            .cipher()
            .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: row.as_bytes() })
            .map_err(|_| tampered(id))?;
        let value = String::from_utf8(plain).map_err(|_| tampered(id))?;
        Ok(Opened { value, stale })
    }
}

/// The keys of a store opened without explicit ones: the environment's; else, for SQLite,
/// `secret.key` beside the database file. PostgreSQL has no data directory of its own: without
/// `CROSSDOCK_SECRET_KEY` this process seals under a key of its own, shared by every store it
/// opens and lost when it exits (`crossdock serve` never gets here: it loads the key from the
/// environment or `--data-dir`).
pub(crate) fn default_keys(target: &super::StoreTarget) -> Result<SecretKeys, SecretsError> {
    if let Some(keys) = SecretKeys::from_env()? {
        return Ok(keys);
    }
    match target {
        super::StoreTarget::Sqlite { path } => {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir).map_err(|error| SecretsError::KeyFile { path: dir.to_path_buf(), error })?;
            SecretKeys::load(dir)
        }
        super::StoreTarget::Postgres { .. } => {
            static PROCESS_KEY: std::sync::OnceLock<SecretKey> = std::sync::OnceLock::new();
            let key = match PROCESS_KEY.get() {
                Some(key) => key.clone(),
                None => {
                    let fresh = SecretKey::generate()?;
                    tracing::warn!(
                        "no {KEY_ENV} given: secrets in this PostgreSQL store are sealed with a key of this process only"
                    );
                    PROCESS_KEY.get_or_init(|| fresh).clone()
                }
            };
            Ok(SecretKeys::new(key, previous_from_env()?))
        }
    }
}

fn previous_from_env() -> Result<Vec<SecretKey>, SecretsError> {
    let Ok(text) = std::env::var(PREVIOUS_ENV) else { return Ok(Vec::new()) };
    text.split(',').filter(|t| !t.trim().is_empty()).map(|t| SecretKey::from_base64(t, PREVIOUS_ENV)).collect()
}

/// The key in `path`, or a fresh one written there (mode 0600, created exclusively so two
/// nodes starting at once on one directory agree on the key).
fn key_file(path: &Path) -> Result<SecretKey, SecretsError> {
    let file_error = |error| SecretsError::KeyFile { path: path.to_owned(), error };
    match std::fs::read_to_string(path) {
        Ok(text) => return SecretKey::from_base64(&text, &path.display().to_string()),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(file_error(e)),
        Err(_) => {}
    }
    let key = SecretKey::generate()?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            use std::io::Write;
            file.write_all(format!("{}\n", key.to_base64()).as_bytes()).map_err(file_error)?;
            file.sync_all().map_err(file_error)?;
            tracing::warn!(
                path = %path.display(),
                key = key.id(),
                "created a new secret key for secrets at rest; keep a copy (or move it to {KEY_ENV})"
            );
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(path).map_err(file_error)?;
            SecretKey::from_base64(&text, &path.display().to_string())
        }
        Err(e) => Err(file_error(e)),
    }
}

/// The associated data of a binding secret.
pub fn binding_row(merchant_id: &str, market: &str, plugin: &str, name: &str) -> String {
    format!("binding_secrets\0{merchant_id}\0{market}\0{plugin}\0{name}")
}

/// The associated data of a connection's signing secret.
pub fn connection_row(id: &str) -> String {
    format!("connections\0{id}")
}

/// The associated data of an outbound endpoint's signing key.
pub fn endpoint_row(merchant_id: &str, url: &str) -> String {
    format!("endpoints\0{merchant_id}\0{url}")
}

/// How many stored values [`Store::reseal_secrets`] sealed again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resealed {
    pub binding_secrets: u64,
    pub connections: u64,
    pub endpoints: u64,
}

impl Store {
    /// Seals `plaintext` for `row` with the store's current key.
    pub(crate) fn seal_secret(&self, plaintext: &str, row: &str) -> Result<String, StoreError> {
        Ok(self.secret_keys().seal(plaintext, row)?)
    }

    /// Opens a stored secret of `row`.
    pub(crate) fn open_secret(&self, stored: &str, row: &str, what: &str) -> Result<String, StoreError> {
        Ok(self.secret_keys().open(stored, row, what)?.value)
    }

    /// Seals again, under the current key, every stored secret that is plaintext (written
    /// before encryption) or sealed under a previous key. Run at every start; a no-op once
    /// everything is sealed under the current key.
    pub async fn reseal_secrets(&self) -> Result<Resealed, StoreError> {
        let op = "resealing secrets";
        let keys = self.secret_keys();
        let mut done = Resealed::default();
        let rows = sqlx::query("SELECT merchant_id, market, plugin_name, name, value FROM binding_secrets")
            .fetch_all(self.write_pool())
            .await
            .map_err(StoreError::db(op))?;
        for r in &rows {
            let (merchant, market, plugin, name): (String, String, String, String) =
                (get(r, "merchant_id")?, get(r, "market")?, get(r, "plugin_name")?, get(r, "name")?);
            let stored: String = get(r, "value")?;
            let row = binding_row(&merchant, &market, &plugin, &name);
            let opened = keys.open(&stored, &row, &format!("binding secret `{name}` of {market}/{plugin}"))?;
            if opened.stale {
                sqlx::query(
                    "UPDATE binding_secrets SET value = $5 WHERE merchant_id = $1 AND market = $2 AND plugin_name = $3 \
                     AND name = $4 AND value = $6",
                )
                .bind(&merchant)
                .bind(&market)
                .bind(&plugin)
                .bind(&name)
                .bind(keys.seal(&opened.value, &row)?)
                .bind(&stored)
                .execute(self.write_pool())
                .await
                .map_err(StoreError::db(op))?;
                done.binding_secrets += 1;
            }
        }
        let rows = sqlx::query("SELECT id, secret FROM connections")
            .fetch_all(self.write_pool())
            .await
            .map_err(StoreError::db(op))?;
        for r in &rows {
            let (id, stored): (String, String) = (get(r, "id")?, get(r, "secret")?);
            let row = connection_row(&id);
            let opened = keys.open(&stored, &row, &format!("the signing secret of connection `{id}`"))?;
            if opened.stale {
                sqlx::query("UPDATE connections SET secret = $2 WHERE id = $1 AND secret = $3")
                    .bind(&id)
                    .bind(keys.seal(&opened.value, &row)?)
                    .bind(&stored)
                    .execute(self.write_pool())
                    .await
                    .map_err(StoreError::db(op))?;
                done.connections += 1;
            }
        }
        let rows = sqlx::query("SELECT id, merchant_id, url, secret FROM endpoints")
            .fetch_all(self.write_pool())
            .await
            .map_err(StoreError::db(op))?;
        for r in &rows {
            let (id, merchant, url, stored): (i64, String, String, String) =
                (get(r, "id")?, get(r, "merchant_id")?, get(r, "url")?, get(r, "secret")?);
            let row = endpoint_row(&merchant, &url);
            let opened = keys.open(&stored, &row, &format!("the signing key of endpoint {url}"))?;
            if opened.stale {
                sqlx::query("UPDATE endpoints SET secret = $2 WHERE id = $1 AND secret = $3")
                    .bind(id)
                    .bind(keys.seal(&opened.value, &row)?)
                    .bind(&stored)
                    .execute(self.write_pool())
                    .await
                    .map_err(StoreError::db(op))?;
                done.endpoints += 1;
            }
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> SecretKey {
        SecretKey::from_bytes([byte; 32])
    }

    #[test]
    fn a_sealed_value_opens_only_for_its_own_row() {
        let keys = SecretKeys::new(key(1), vec![]);
        let sealed = keys.seal("whsec_abc", &connection_row("shop-1")).unwrap();
        assert!(sealed.starts_with("v1:") && !sealed.contains("whsec_abc"), "{sealed}");
        let opened = keys.open(&sealed, &connection_row("shop-1"), "x").unwrap();
        assert_eq!((opened.value.as_str(), opened.stale), ("whsec_abc", false));
        let err = keys.open(&sealed, &connection_row("shop-2"), "the secret of shop-2").unwrap_err();
        assert!(matches!(err, SecretsError::Tampered { .. }), "{err}");
        assert_ne!(sealed, keys.seal("whsec_abc", &connection_row("shop-1")).unwrap(), "a fresh nonce each time");
    }

    #[test]
    fn plaintext_and_previous_keys_read_as_stale_and_unknown_keys_are_named() {
        let old = SecretKeys::new(key(1), vec![]);
        let sealed = old.seal("s3cret", "row").unwrap();
        let rotated = SecretKeys::new(key(2), vec![key(1)]);
        assert_eq!(rotated.open(&sealed, "row", "x").unwrap(), Opened { value: "s3cret".into(), stale: true });
        assert_eq!(rotated.open("legacy", "row", "x").unwrap(), Opened { value: "legacy".into(), stale: true });
        let err = SecretKeys::new(key(3), vec![]).open(&sealed, "row", "binding secret `password`").unwrap_err();
        let text = err.to_string();
        assert!(text.contains(key(1).id()) && text.contains(KEY_ENV), "{text}");
    }

    #[test]
    fn keys_are_32_bytes_of_base64_and_debug_never_shows_them() {
        let k = key(7);
        assert_eq!(SecretKey::from_base64(&k.to_base64(), "test").unwrap().id(), k.id());
        assert!(SecretKey::from_base64("c2hvcnQ=", KEY_ENV).unwrap_err().to_string().contains("5 bytes, not 32"));
        let shown = format!("{:?} {:?}", k, SecretKeys::new(k.clone(), vec![key(8)]));
        assert!(!shown.contains(&k.to_base64()) && shown.contains("[redacted]"), "{shown}");
    }

    #[test]
    fn the_key_file_is_created_once_with_owner_only_access() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE);
        let first = key_file(&path).unwrap();
        assert_eq!(key_file(&path).unwrap().id(), first.id());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
