//! Warehouses and their stock: where an order can ship from, and how many of each SKU a
//! warehouse holds (what allocation reads).
//!
//! Every write is an idempotent upsert keyed by the row's natural key, so applying the same
//! setup file twice (or the admin API retrying) changes nothing the second time.

use crossdock_types::CountryCode;

use super::sql::{IN_CHUNK, get, get_parsed, placeholders, require};
use super::{Store, StoreError};

/// A warehouse of a merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarehouseRow {
    pub merchant_id: String,
    pub id: String,
    pub country: CountryCode,
    pub postal_code: String,
    pub city: String,
    /// Street and number (empty when unknown).
    pub street: String,
    pub phone: Option<String>,
    /// What sort of warehouse: `own`, `overseas`, `bonded`, `3pl`, … (the config layer decides).
    pub kind: String,
}

impl WarehouseRow {
    /// The warehouse as a contract address (empty parts left out).
    pub fn address(&self) -> crossdock_types::Address {
        let mut address = crossdock_types::Address::in_country(self.country);
        address.postal_code = Some(self.postal_code.clone()).filter(|s| !s.is_empty());
        address.city = Some(self.city.clone()).filter(|s| !s.is_empty());
        address.street = if self.street.is_empty() { Vec::new() } else { vec![self.street.clone()] };
        address.phone = self.phone.clone();
        address
    }
}

/// Stock of one SKU in one warehouse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockRow {
    pub warehouse_id: String,
    pub sku: String,
    pub quantity: i64,
}

impl Store {
    /// Creates or updates a warehouse.
    pub async fn upsert_warehouse(&self, w: &WarehouseRow) -> Result<(), StoreError> {
        require("a warehouse id", &w.id)?;
        sqlx::query(
            "INSERT INTO warehouses (merchant_id, id, country, postal_code, city, kind, street, phone) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (merchant_id, id) DO UPDATE SET country = excluded.country, \
             postal_code = excluded.postal_code, city = excluded.city, kind = excluded.kind, \
             street = excluded.street, phone = excluded.phone",
        )
        .bind(w.merchant_id.as_str())
        .bind(w.id.as_str())
        .bind(w.country.as_str())
        .bind(w.postal_code.as_str())
        .bind(w.city.as_str())
        .bind(w.kind.as_str())
        .bind(w.street.as_str())
        .bind(w.phone.as_deref())
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("saving a warehouse"))?;
        Ok(())
    }

    /// A merchant's warehouses, by id.
    pub async fn warehouses(&self, merchant_id: &str) -> Result<Vec<WarehouseRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT merchant_id, id, country, postal_code, city, kind, street, phone FROM warehouses \
             WHERE merchant_id = $1 ORDER BY id",
        )
        .bind(merchant_id)
        .fetch_all(self.read_pool())
        .await
        .map_err(StoreError::db("reading warehouses"))?;
        rows.iter()
            .map(|row| {
                Ok(WarehouseRow {
                    merchant_id: get(row, "merchant_id")?,
                    id: get(row, "id")?,
                    country: get_parsed(row, "country")?,
                    postal_code: get(row, "postal_code")?,
                    city: get(row, "city")?,
                    street: get(row, "street")?,
                    phone: get(row, "phone")?,
                    kind: get(row, "kind")?,
                })
            })
            .collect()
    }

    /// Sets the stock of `sku` in a warehouse (replacing the previous quantity).
    pub async fn set_stock(
        &self,
        merchant_id: &str,
        warehouse_id: &str,
        sku: &str,
        quantity: i64,
    ) -> Result<(), StoreError> {
        require("a SKU", sku)?;
        sqlx::query(
            "INSERT INTO stock (merchant_id, warehouse_id, sku, quantity) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (merchant_id, sku, warehouse_id) DO UPDATE SET quantity = excluded.quantity",
        )
        .bind(merchant_id)
        .bind(warehouse_id)
        .bind(sku)
        .bind(quantity)
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("setting stock"))?;
        Ok(())
    }

    /// Stock of the given SKUs in every warehouse of the merchant, by SKU then warehouse.
    pub async fn stock<S: AsRef<str>>(&self, merchant_id: &str, skus: &[S]) -> Result<Vec<StockRow>, StoreError> {
        let mut out = Vec::new();
        for chunk in skus.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT warehouse_id, sku, quantity FROM stock WHERE merchant_id = $1 AND sku IN ({}) \
                 ORDER BY sku, warehouse_id",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(merchant_id);
            for sku in chunk {
                query = query.bind(sku.as_ref());
            }
            let rows = query.fetch_all(self.read_pool()).await.map_err(StoreError::db("reading stock"))?;
            for row in &rows {
                out.push(StockRow {
                    warehouse_id: get(row, "warehouse_id")?,
                    sku: get(row, "sku")?,
                    quantity: get(row, "quantity")?,
                });
            }
        }
        Ok(out)
    }

    /// A merchant's warehouses with their stock.
    pub async fn warehouses_with_stock(
        &self,
        merchant_id: &str,
    ) -> Result<Vec<(WarehouseRow, Vec<(String, i64)>)>, StoreError> {
        let warehouses = self.warehouses(merchant_id).await?;
        let rows = sqlx::query("SELECT warehouse_id, sku, quantity FROM stock WHERE merchant_id = $1 ORDER BY sku")
            .bind(merchant_id)
            .fetch_all(self.read_pool())
            .await
            .map_err(StoreError::db("reading stock"))?;
        let mut stock: Vec<(String, String, i64)> = Vec::with_capacity(rows.len());
        for row in &rows {
            stock.push((get(row, "warehouse_id")?, get(row, "sku")?, get(row, "quantity")?));
        }
        Ok(warehouses
            .into_iter()
            .map(|w| {
                let items = stock.iter().filter(|(wid, _, _)| *wid == w.id).map(|(_, s, q)| (s.clone(), *q)).collect();
                (w, items)
            })
            .collect())
    }

    /// Warehouses of the merchant that keep a stock table; the others carry every SKU.
    pub async fn stocked_warehouses(&self, merchant_id: &str) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT DISTINCT warehouse_id FROM stock WHERE merchant_id = $1")
            .bind(merchant_id)
            .fetch_all(self.read_pool())
            .await
            .map_err(StoreError::db("reading which warehouses keep stock"))?;
        rows.iter().map(|row| get(row, "warehouse_id")).collect()
    }
}
