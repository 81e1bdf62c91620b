//! Merchants: the tenant every other row belongs to.
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
}
