//! Merchants: the tenant every other row belongs to, with the branding of its public pages.
//!
//! Every write is an idempotent upsert keyed by the row's natural key, so applying the same
//! setup file twice (or the admin API retrying) changes nothing the second time.

use crossdock_types::CurrencyCode;

use super::sql::{get, get_parsed, require};
use super::{Store, StoreError};

/// A merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantRow {
    pub id: String,
    pub name: String,
    /// The currency the merchant reports in.
    pub currency: CurrencyCode,
}

impl Store {
    /// Creates or updates a merchant.
    pub async fn upsert_merchant(&self, id: &str, name: &str, currency: CurrencyCode) -> Result<(), StoreError> {
        require("a merchant id", id)?;
        sqlx::query(
            "INSERT INTO merchants (id, name, currency) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, currency = excluded.currency",
        )
        .bind(id)
        .bind(name)
        .bind(currency.as_str())
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("saving a merchant"))?;
        Ok(())
    }

    /// A merchant by id.
    pub async fn merchant(&self, id: &str) -> Result<Option<MerchantRow>, StoreError> {
        let row = sqlx::query("SELECT id, name, currency FROM merchants WHERE id = $1")
            .bind(id)
            .fetch_optional(self.read_pool())
            .await
            .map_err(StoreError::db("reading a merchant"))?;
        row.map(|row| {
            Ok(MerchantRow { id: get(&row, "id")?, name: get(&row, "name")?, currency: get_parsed(&row, "currency")? })
        })
        .transpose()
    }

    /// A merchant's branding for public pages, as JSON text (`{}` when none).
    pub async fn branding(&self, merchant_id: &str) -> Result<String, StoreError> {
        let row = sqlx::query("SELECT branding_json FROM merchants WHERE id = $1")
            .bind(merchant_id)
            .fetch_optional(self.read_pool())
            .await
            .map_err(StoreError::db("reading branding"))?;
        Ok(match row {
            Some(row) => get(&row, "branding_json")?,
            None => "{}".into(),
        })
    }

    /// Sets a merchant's branding (JSON text, validated by the caller).
    pub async fn set_branding(&self, merchant_id: &str, branding_json: &str) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE merchants SET branding_json = $2 WHERE id = $1")
            .bind(merchant_id)
            .bind(branding_json)
            .execute(self.write_pool())
            .await
            .map_err(StoreError::db("saving branding"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound { what: "merchant", key: merchant_id.to_owned() });
        }
        Ok(())
    }
}
