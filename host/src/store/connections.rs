//! Storefront connections: where webhooks come from (a platform, a shop domain) and the secret
//! that signs them, sealed at rest (`secrets.rs`). A connection that has received webhooks is
//! kept by its inbox events: it can be given a new secret, not deleted.
//!
//! Every write is an idempotent upsert keyed by the row's natural key, so applying the same
//! setup file twice (or the admin API retrying) changes nothing the second time.

use sqlx::any::AnyRow;

use crate::domain::Platform;

use super::secrets::{SecretKeys, connection_row};
use super::sql::{get, get_parsed, is_foreign_key_violation, is_unique_violation, require};
use super::{Store, StoreError};

/// A storefront connection: where webhooks come from and the secret that signs them (sealed
/// at rest, see `secrets.rs`; `Debug` shows `[redacted]` in its place).
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionRow {
    pub id: String,
    pub merchant_id: String,
    /// `shopify`, `woocommerce`, `standard`, …
    pub platform: Platform,
    /// The shop's domain, for platforms that name the shop in a header (Shopify); unique.
    pub shop_domain: Option<String>,
    /// The webhook signing secret.
    pub secret: String,
}

impl std::fmt::Debug for ConnectionRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionRow")
            .field("id", &self.id)
            .field("merchant_id", &self.merchant_id)
            .field("platform", &self.platform)
            .field("shop_domain", &self.shop_domain)
            .field("secret", &"[redacted]")
            .finish()
    }
}

const COLUMNS: &str = "id, merchant_id, platform, shop_domain, secret";

/// A connection row, its secret opened with `keys`.
fn connection_from(keys: &SecretKeys, row: &AnyRow) -> Result<ConnectionRow, StoreError> {
    let id: String = get(row, "id")?;
    let stored: String = get(row, "secret")?;
    let secret = keys.open(&stored, &connection_row(&id), &format!("the signing secret of connection `{id}`"))?.value;
    Ok(ConnectionRow {
        merchant_id: get(row, "merchant_id")?,
        platform: get_parsed(row, "platform")?,
        shop_domain: get(row, "shop_domain")?,
        secret,
        id,
    })
}

impl Store {
    /// Creates or updates a storefront connection. Its merchant must exist; its shop domain
    /// must not belong to another connection; its id must be new or already the merchant's.
    ///
    /// The owner check is part of the write (`DO UPDATE … WHERE` the stored owner is this
    /// merchant), not a read before it: two merchants creating the same new id at once end with
    /// one owner and a [`StoreError::Conflict`] for the other, and a merchant (or a setup file)
    /// naming another merchant's connection id cannot move it. The error does not name the owner.
    pub async fn upsert_connection(&self, c: &ConnectionRow) -> Result<(), StoreError> {
        require("a connection id", &c.id)?;
        require("a connection's secret", &c.secret)?;
        let sealed = self.seal_secret(&c.secret, &connection_row(&c.id))?;
        let result = sqlx::query(
            "INSERT INTO connections (id, merchant_id, platform, shop_domain, secret) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, \
             shop_domain = excluded.shop_domain, secret = excluded.secret \
             WHERE connections.merchant_id = excluded.merchant_id",
        )
        .bind(c.id.as_str())
        .bind(c.merchant_id.as_str())
        .bind(c.platform.as_str())
        .bind(c.shop_domain.as_deref())
        .bind(sealed)
        .execute(self.write_pool())
        .await;
        match result {
            Ok(done) if done.rows_affected() == 0 => Err(StoreError::Conflict(format!(
                "connection id `{}` belongs to another merchant; choose another id for merchant `{}`",
                c.id, c.merchant_id
            ))),
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(StoreError::Conflict(format!(
                "shop domain `{}` already belongs to another connection; give connection `{}` another domain",
                c.shop_domain.as_deref().unwrap_or_default(),
                c.id
            ))),
            Err(e) if is_foreign_key_violation(&e) => {
                Err(StoreError::NotFound { what: "merchant", key: c.merchant_id.clone() })
            }
            Err(e) => Err(StoreError::db("saving a connection")(e)),
        }
    }

    /// A connection by id.
    pub async fn connection(&self, id: &str) -> Result<Option<ConnectionRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM connections WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.read_pool())
            .await
            .map_err(StoreError::db("reading a connection"))?;
        row.as_ref().map(|r| connection_from(self.secret_keys(), r)).transpose()
    }

    /// The connection of a shop domain (as Shopify sends it in `X-Shopify-Shop-Domain`).
    pub async fn connection_by_shop_domain(&self, domain: &str) -> Result<Option<ConnectionRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM connections WHERE shop_domain = $1"))
            .bind(domain)
            .fetch_optional(self.read_pool())
            .await
            .map_err(StoreError::db("reading a connection by shop domain"))?;
        row.as_ref().map(|r| connection_from(self.secret_keys(), r)).transpose()
    }

    /// A merchant's storefront connections (with secrets: the API layer drops them).
    pub async fn connections(&self, merchant_id: &str) -> Result<Vec<ConnectionRow>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM connections WHERE merchant_id = $1 ORDER BY id"))
            .bind(merchant_id)
            .fetch_all(self.read_pool())
            .await
            .map_err(StoreError::db("listing connections"))?;
        rows.iter().map(|r| connection_from(self.secret_keys(), r)).collect()
    }

    /// Deletes a connection that has received no webhooks (its events keep it otherwise).
    pub async fn delete_connection(&self, merchant_id: &str, id: &str) -> Result<(), StoreError> {
        let result = sqlx::query("DELETE FROM connections WHERE id = $1 AND merchant_id = $2")
            .bind(id)
            .bind(merchant_id)
            .execute(self.write_pool())
            .await;
        match result {
            Ok(done) if done.rows_affected() == 0 => Err(StoreError::NotFound { what: "connection", key: id.into() }),
            Ok(_) => Ok(()),
            Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => Err(StoreError::Conflict(format!(
                "connection `{id}` has received webhooks, which keep it; rotate its secret instead"
            ))),
            Err(e) => Err(StoreError::db("deleting a connection")(e)),
        }
    }
}
