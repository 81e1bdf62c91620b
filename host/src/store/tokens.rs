//! Admin API tokens. Only a token's SHA-256 (lowercase hex) is stored: the token itself is
//! shown once when created and looked up by its hash on every request, so a leaked database
//! does not leak usable tokens.

use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;

use super::sql::{get, get_bool};
use super::{Store, StoreError};

/// The stored form of a token: its SHA-256 as lowercase hex.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A stored token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    pub id: i64,
    pub merchant_id: String,
    /// What the token may do, e.g. `admin` or `read`; the API layer interprets it.
    pub scope: String,
    pub revoked: bool,
    pub created_at_ms: i64,
}

fn check_hash(token_sha256_hex: &str) -> Result<(), StoreError> {
    let ok = token_sha256_hex.len() == 64 && token_sha256_hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !ok {
        return Err(StoreError::Invalid(
            "a token hash must be the SHA-256 of the token as 64 lowercase hex digits".into(),
        ));
    }
    Ok(())
}

fn token_from(row: &AnyRow) -> Result<TokenRow, StoreError> {
    Ok(TokenRow {
        id: get(row, "id")?,
        merchant_id: get(row, "merchant_id")?,
        scope: get(row, "scope")?,
        revoked: get_bool(row, "revoked")?,
        created_at_ms: get(row, "created_at_ms")?,
    })
}

impl Store {
    /// Stores a new token's hash for a merchant; returns the token's id.
    pub async fn create_token(
        &self,
        merchant_id: &str,
        scope: &str,
        token_sha256_hex: &str,
    ) -> Result<i64, StoreError> {
        check_hash(token_sha256_hex)?;
        let result = sqlx::query(
            "INSERT INTO api_tokens (merchant_id, scope, token_sha256, revoked, created_at_ms) \
             VALUES ($1, $2, $3, FALSE, $4) RETURNING id",
        )
        .bind(merchant_id)
        .bind(scope)
        .bind(token_sha256_hex)
        .bind(self.now_ms())
        .fetch_one(self.write_pool())
        .await;
        match result {
            Ok(row) => get(&row, "id"),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(StoreError::Conflict("a token with this hash already exists; generate a new token".into()))
            }
            Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => {
                Err(StoreError::NotFound { what: "merchant", key: merchant_id.to_owned() })
            }
            Err(e) => Err(StoreError::db("creating a token")(e)),
        }
    }

    /// The token with this hash, revoked or not (the caller refuses revoked ones).
    pub async fn token_by_hash(&self, token_sha256_hex: &str) -> Result<Option<TokenRow>, StoreError> {
        let row = sqlx::query(
            "SELECT id, merchant_id, scope, revoked, created_at_ms FROM api_tokens WHERE token_sha256 = $1",
        )
        .bind(token_sha256_hex)
        .fetch_optional(self.read_pool())
        .await
        .map_err(StoreError::db("looking up a token"))?;
        row.as_ref().map(token_from).transpose()
    }

    /// Revokes a token; revoking twice is fine.
    pub async fn revoke_token(&self, id: i64) -> Result<(), StoreError> {
        self.revoke(id, None).await
    }

    /// A merchant's tokens (never the tokens themselves), oldest first.
    pub async fn tokens(&self, merchant_id: &str) -> Result<Vec<(TokenRow, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, merchant_id, scope, revoked, created_at_ms, name FROM api_tokens WHERE merchant_id = $1 \
             ORDER BY id",
        )
        .bind(merchant_id)
        .fetch_all(self.read_pool())
        .await
        .map_err(StoreError::db("listing tokens"))?;
        rows.iter().map(|row| Ok((token_from(row)?, get(row, "name")?))).collect()
    }

    /// Names a token.
    pub async fn name_token(&self, id: i64, name: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET name = $2 WHERE id = $1")
            .bind(id)
            .bind(name)
            .execute(self.write_pool())
            .await
            .map_err(StoreError::db("naming a token"))?;
        Ok(())
    }

    /// Revokes a merchant's token; another merchant's token id is "not found".
    pub async fn revoke_merchant_token(&self, merchant_id: &str, id: i64) -> Result<(), StoreError> {
        self.revoke(id, Some(merchant_id)).await
    }

    /// Revokes token `id`, only among `merchant_id`'s when one is given.
    async fn revoke(&self, id: i64, merchant_id: Option<&str>) -> Result<(), StoreError> {
        let sql = match merchant_id {
            None => "UPDATE api_tokens SET revoked = TRUE, revoked_at_ms = $2 WHERE id = $1",
            Some(_) => "UPDATE api_tokens SET revoked = TRUE, revoked_at_ms = $2 WHERE id = $1 AND merchant_id = $3",
        };
        let mut query = sqlx::query(sql).bind(id).bind(self.now_ms());
        if let Some(merchant_id) = merchant_id {
            query = query.bind(merchant_id);
        }
        let done = query.execute(self.write_pool()).await.map_err(StoreError::db("revoking a token"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound { what: "token", key: id.to_string() });
        }
        Ok(())
    }
}
