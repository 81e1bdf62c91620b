//! The product catalog: what customs needs to know about each SKU of a merchant (title, HS
//! code, origin, unit weight).
//!
//! Every write is an idempotent upsert keyed by the row's natural key, so applying the same
//! setup file twice (or the admin API retrying) changes nothing the second time.

use crossdock_types::CountryCode;
use sqlx::any::AnyRow;

use super::page::{Filter, Page};
use super::sql::{IN_CHUNK, get, get_parsed_opt, get_unsigned_opt, placeholders, require};
use super::{Store, StoreError};

/// A catalog entry: what customs needs to know about a SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogRow {
    pub merchant_id: String,
    pub sku: String,
    pub title: String,
    /// As the merchant gave it; validated by customs plugins, which report a bad code as a finding.
    pub hs_code: Option<String>,
    pub origin_country: Option<CountryCode>,
    pub unit_weight_g: Option<u32>,
}

const COLUMNS: &str = "merchant_id, sku, title, hs_code, origin_country, unit_weight_g";

fn catalog_from(row: &AnyRow) -> Result<CatalogRow, StoreError> {
    Ok(CatalogRow {
        merchant_id: get(row, "merchant_id")?,
        sku: get(row, "sku")?,
        title: get(row, "title")?,
        hs_code: get(row, "hs_code")?,
        origin_country: get_parsed_opt(row, "origin_country")?,
        unit_weight_g: get_unsigned_opt(row, "unit_weight_g")?,
    })
}

impl Store {
    /// Creates or updates a catalog entry.
    pub async fn upsert_catalog_item(&self, c: &CatalogRow) -> Result<(), StoreError> {
        require("a SKU", &c.sku)?;
        sqlx::query(
            "INSERT INTO catalog (merchant_id, sku, title, hs_code, origin_country, unit_weight_g) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (merchant_id, sku) DO UPDATE SET title = excluded.title, \
             hs_code = excluded.hs_code, origin_country = excluded.origin_country, \
             unit_weight_g = excluded.unit_weight_g",
        )
        .bind(c.merchant_id.as_str())
        .bind(c.sku.as_str())
        .bind(c.title.as_str())
        .bind(c.hs_code.as_deref())
        .bind(c.origin_country.as_ref().map(CountryCode::as_str))
        .bind(c.unit_weight_g.map(i64::from))
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("saving a catalog item"))?;
        Ok(())
    }

    /// Catalog entries for the given SKUs (those that exist), by SKU.
    pub async fn catalog<S: AsRef<str>>(&self, merchant_id: &str, skus: &[S]) -> Result<Vec<CatalogRow>, StoreError> {
        let mut out = Vec::new();
        for chunk in skus.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT {COLUMNS} FROM catalog WHERE merchant_id = $1 AND sku IN ({}) ORDER BY sku",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(merchant_id);
            for sku in chunk {
                query = query.bind(sku.as_ref());
            }
            let rows = query.fetch_all(self.read_pool()).await.map_err(StoreError::db("reading the catalog"))?;
            for row in &rows {
                out.push(catalog_from(row)?);
            }
        }
        Ok(out)
    }

    /// A page of the catalog, by SKU.
    pub async fn catalog_page(&self, merchant_id: &str, page: &Page) -> Result<Vec<CatalogRow>, StoreError> {
        let mut f = Filter::new(merchant_id);
        f.after_text("sku", page);
        let select = format!("SELECT {COLUMNS} FROM catalog");
        f.fetch(self, &select, "sku", page).await?.iter().map(catalog_from).collect()
    }

    /// Deletes a catalog entry.
    pub async fn delete_catalog_item(&self, merchant_id: &str, sku: &str) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM catalog WHERE merchant_id = $1 AND sku = $2")
            .bind(merchant_id)
            .bind(sku)
            .execute(self.write_pool())
            .await
            .map_err(StoreError::db("deleting a catalog entry"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound { what: "catalog entry", key: sku.to_owned() });
        }
        Ok(())
    }
}
