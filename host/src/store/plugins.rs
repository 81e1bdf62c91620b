//! Installed plugins: content-addressed rows (metadata and component bytes, by digest), and
//! the names they are published under. A name belongs to its first publisher; first-party
//! plugins take theirs back (see [`Store::insert_plugin`]).

use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use super::sql::get;
use super::{Store, StoreError};

/// An installed plugin as stored (the component bytes are read separately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginRecord {
    pub digest: String,
    /// `None` for first-party plugins, which every merchant sees.
    pub owner_merchant_id: Option<String>,
    pub name: String,
    pub version: String,
    pub kind: String,
    pub contract_version: String,
    pub description: String,
    pub covers: Vec<String>,
    pub config_schema: String,
    pub size_bytes: i64,
    pub installed_at_ms: i64,
}

fn plugin_from(row: &AnyRow) -> Result<PluginRecord, StoreError> {
    let covers_json: String = get(row, "covers_json")?;
    let covers = serde_json::from_str(&covers_json).map_err(|e| StoreError::Corrupt {
        column: "plugins.covers_json",
        value: covers_json.clone(),
        reason: e.to_string(),
    })?;
    Ok(PluginRecord {
        digest: get(row, "digest")?,
        owner_merchant_id: get(row, "owner_merchant_id")?,
        name: get(row, "name")?,
        version: get(row, "version")?,
        kind: get(row, "kind")?,
        contract_version: get(row, "contract_version")?,
        description: get(row, "description")?,
        covers,
        config_schema: get(row, "config_schema")?,
        size_bytes: get(row, "size_bytes")?,
        installed_at_ms: get(row, "installed_at_ms")?,
    })
}

/// Removes one stored plugin version, inside [`Store::insert_plugin`]'s transaction.
async fn delete_version(conn: &mut AnyConnection, digest: &str, op: &'static str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM plugins WHERE digest = $1")
        .bind(digest)
        .execute(conn)
        .await
        .map_err(StoreError::db(op))?;
    Ok(())
}

const PLUGIN_COLUMNS: &str = "digest, owner_merchant_id, name, version, kind, contract_version, description, \
     covers_json, config_schema, size_bytes, installed_at_ms";

impl Store {
    /// Records an installed plugin. Installing the same bytes again is a no-op that returns
    /// `false`; the same name and version with other bytes, or a name owned by someone else,
    /// is a conflict — except for first-party plugins, whose files the operator controls: a
    /// rebuild under the same version replaces the stored row, and a name a merchant holds is
    /// taken back (logged), so no upload can stop a node that runs the plugin from starting.
    ///
    /// The owner check is race-free on every backend: the name is claimed in `plugin_names`
    /// with `INSERT … ON CONFLICT DO NOTHING` and its owner read back in the same transaction;
    /// a concurrent claim of the same name waits for the first to commit and then sees it.
    pub async fn insert_plugin(&self, record: &PluginRecord, wasm: &[u8]) -> Result<bool, StoreError> {
        let op = "installing a plugin";
        let mut tx = self.begin_write(op).await?;
        sqlx::query(
            "INSERT INTO plugin_names (name, owner_merchant_id, claimed_at_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(record.name.as_str())
        .bind(record.owner_merchant_id.as_deref())
        .bind(record.installed_at_ms)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db(op))?;
        let row = sqlx::query("SELECT owner_merchant_id FROM plugin_names WHERE name = $1")
            .bind(record.name.as_str())
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::db(op))?;
        let owner: Option<String> = get(&row, "owner_merchant_id")?;
        if owner != record.owner_merchant_id {
            if record.owner_merchant_id.is_some() {
                return Err(StoreError::Conflict(format!(
                    "the plugin name `{}` belongs to {}; rename your plugin",
                    record.name,
                    if owner.is_none() { "a first-party plugin" } else { "another publisher" }
                )));
            }
            tracing::warn!(plugin = %record.name, merchant = ?owner,
                "a merchant's plugin holds the name of a first-party plugin; the first-party plugin takes it back \
                 and the merchant's versions are no longer loaded");
            sqlx::query("UPDATE plugin_names SET owner_merchant_id = NULL WHERE name = $1")
                .bind(record.name.as_str())
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db(op))?;
        }
        let existing = sqlx::query(&format!("SELECT {PLUGIN_COLUMNS} FROM plugins WHERE name = $1"))
            .bind(record.name.as_str())
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::db(op))?;
        for row in &existing {
            let other = plugin_from(row)?;
            if other.owner_merchant_id != record.owner_merchant_id {
                if other.digest == record.digest || other.version == record.version {
                    // Only the first-party takeover above reaches here: the squatter's row
                    // with these bytes or this version makes way.
                    delete_version(&mut tx, &other.digest, op).await?;
                }
                continue;
            }
            if other.digest == record.digest {
                return Ok(false);
            }
            if other.version == record.version && other.owner_merchant_id.is_none() {
                // A first-party plugin rebuilt without a version bump: the operator's files
                // are what this deployment runs, so the stored row follows them.
                tracing::warn!(plugin = %record.name, version = %record.version, old = %other.digest,
                    new = %record.digest, "first-party plugin replaced with other contents under the same version");
                delete_version(&mut tx, &other.digest, op).await?;
                continue;
            }
            if other.version == record.version {
                return Err(StoreError::Conflict(format!(
                    "{}@{} is already installed with other contents (sha256 {}); plugins are immutable: \
                     bump the version",
                    record.name, record.version, other.digest
                )));
            }
        }
        sqlx::query(
            "INSERT INTO plugins (digest, owner_merchant_id, name, version, kind, contract_version, description, \
             covers_json, config_schema, size_bytes, wasm, installed_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(record.digest.as_str())
        .bind(record.owner_merchant_id.as_deref())
        .bind(record.name.as_str())
        .bind(record.version.as_str())
        .bind(record.kind.as_str())
        .bind(record.contract_version.as_str())
        .bind(record.description.as_str())
        .bind(serde_json::to_string(&record.covers).unwrap_or_else(|_| "[]".into()))
        .bind(record.config_schema.as_str())
        .bind(record.size_bytes)
        .bind(wasm)
        .bind(record.installed_at_ms)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db(op))?;
        tx.commit().await.map_err(StoreError::db(op))?;
        Ok(true)
    }

    /// Every installed plugin a merchant may see (first-party and its own), or every plugin
    /// when `merchant_id` is `None`, by name and install time.
    pub async fn plugins_visible(&self, merchant_id: Option<&str>) -> Result<Vec<PluginRecord>, StoreError> {
        let rows =
            match merchant_id {
                Some(m) => sqlx::query(&format!(
                    "SELECT {PLUGIN_COLUMNS} FROM plugins WHERE owner_merchant_id IS NULL OR owner_merchant_id = $1 \
                 ORDER BY name, installed_at_ms"
                ))
                .bind(m)
                .fetch_all(self.read_pool())
                .await,
                None => {
                    sqlx::query(&format!("SELECT {PLUGIN_COLUMNS} FROM plugins ORDER BY name, installed_at_ms"))
                        .fetch_all(self.read_pool())
                        .await
                }
            }
            .map_err(StoreError::db("listing plugins"))?;
        rows.iter().map(plugin_from).collect()
    }

    /// The component bytes of an installed plugin.
    pub async fn plugin_wasm(&self, digest: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let row = sqlx::query("SELECT wasm FROM plugins WHERE digest = $1")
            .bind(digest)
            .fetch_optional(self.read_pool())
            .await
            .map_err(StoreError::db("reading a plugin"))?;
        row.map(|r| get(&r, "wasm")).transpose()
    }

    /// How many plugin versions a merchant has stored, and their total size in bytes: what its
    /// upload quota counts.
    pub async fn plugin_usage(&self, merchant_id: &str) -> Result<(i64, i64), StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS versions, CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) AS total FROM plugins \
             WHERE owner_merchant_id = $1",
        )
        .bind(merchant_id)
        .fetch_one(self.read_pool())
        .await
        .map_err(StoreError::db("counting a merchant's plugins"))?;
        Ok((get(&row, "versions")?, get(&row, "total")?))
    }
}
