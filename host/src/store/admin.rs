//! What the admin API reads and changes: installed plugins, single bindings with their secrets
//! and allow-lists, the audit log, and paginated, merchant-scoped lists of everything the
//! pipeline produced (paginated as `page.rs` says).

use sqlx::any::AnyRow;

use super::inbox::{EVENT_COLUMNS, event_from};
use super::page::{Filter, Page};
use super::returns::{COLUMNS as RETURN_COLUMNS, return_from};
use super::sql::{get, get_bool, wall_clock_ms};
use super::{InboxEvent, ReturnRow, Store, StoreError, TokenRow};

pub use super::page::MAX_PAGE;

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

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub merchant_id: String,
    /// `token:<id>` or `setup-file`, `operator`.
    pub actor: String,
    /// `binding.enable`, `market.create`, …
    pub action: String,
    /// What changed, e.g. `EU/carrier-dhl-express`.
    pub target: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub at_ms: i64,
}

/// A new audit entry.
#[derive(Debug, Clone)]
pub struct NewAudit<'a> {
    pub merchant_id: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
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

const PLUGIN_COLUMNS: &str = "digest, owner_merchant_id, name, version, kind, contract_version, description, \
     covers_json, config_schema, size_bytes, installed_at_ms";

fn audit_from(row: &AnyRow) -> Result<AuditEntry, StoreError> {
    Ok(AuditEntry {
        id: get(row, "id")?,
        merchant_id: get(row, "merchant_id")?,
        actor: get(row, "actor")?,
        action: get(row, "action")?,
        target: get(row, "target")?,
        before_json: get(row, "before_json")?,
        after_json: get(row, "after_json")?,
        at_ms: get(row, "at_ms")?,
    })
}

impl Store {
    // ---- plugins ------------------------------------------------------------------------

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
                    sqlx::query("DELETE FROM plugins WHERE digest = $1")
                        .bind(other.digest.as_str())
                        .execute(&mut *tx)
                        .await
                        .map_err(StoreError::db(op))?;
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
                sqlx::query("DELETE FROM plugins WHERE digest = $1")
                    .bind(other.digest.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::db(op))?;
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

    // ---- audit --------------------------------------------------------------------------

    /// Appends to the audit log.
    pub async fn audit(&self, entry: NewAudit<'_>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO audit_log (merchant_id, actor, action, target, before_json, after_json, at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(entry.merchant_id)
        .bind(entry.actor)
        .bind(entry.action)
        .bind(entry.target)
        .bind(entry.before.map(|v| v.to_string()))
        .bind(entry.after.map(|v| v.to_string()))
        .bind(wall_clock_ms())
        .execute(self.write_pool())
        .await
        .map_err(StoreError::db("writing the audit log"))?;
        Ok(())
    }

    /// The audit log, newest first.
    pub async fn audit_log(
        &self,
        merchant_id: &str,
        action: Option<&str>,
        page: &Page,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let mut f = Filter::new(merchant_id);
        f.eq("action", action).before_id(page)?;
        let select = "SELECT id, merchant_id, actor, action, target, before_json, after_json, at_ms FROM audit_log";
        f.fetch(self, select, "id DESC", page).await?.iter().map(audit_from).collect()
    }

    // ---- tokens -------------------------------------------------------------------------

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
        rows.iter()
            .map(|row| {
                let token = TokenRow {
                    id: get(row, "id")?,
                    merchant_id: get(row, "merchant_id")?,
                    scope: get(row, "scope")?,
                    revoked: get_bool(row, "revoked")?,
                    created_at_ms: get(row, "created_at_ms")?,
                };
                Ok((token, get(row, "name")?))
            })
            .collect()
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
        let done =
            sqlx::query("UPDATE api_tokens SET revoked = TRUE, revoked_at_ms = $3 WHERE id = $1 AND merchant_id = $2")
                .bind(id)
                .bind(merchant_id)
                .bind(wall_clock_ms())
                .execute(self.write_pool())
                .await
                .map_err(StoreError::db("revoking a token"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound { what: "token", key: id.to_string() });
        }
        Ok(())
    }

    // ---- what the pipeline produced -------------------------------------------------------
    /// A page of returns by id, optionally of one status.
    pub async fn returns_page(
        &self,
        merchant_id: &str,
        status: Option<&str>,
        page: &Page,
    ) -> Result<Vec<ReturnRow>, StoreError> {
        let mut f = Filter::new(merchant_id);
        f.eq("status", status).after_text("id", page);
        let select = format!("SELECT {RETURN_COLUMNS} FROM returns");
        f.fetch(self, &select, "id", page).await?.iter().map(return_from).collect()
    }

    /// A page of inbox events, newest first, optionally of one status and topic.
    pub async fn events_page(
        &self,
        merchant_id: &str,
        status: Option<&str>,
        topic: Option<&str>,
        page: &Page,
    ) -> Result<Vec<InboxEvent>, StoreError> {
        let mut f = Filter::new(merchant_id);
        f.eq("status", status).eq("topic", topic).before_id(page)?;
        let select = format!("SELECT {EVENT_COLUMNS} FROM inbox");
        f.fetch(self, &select, "id DESC", page).await?.iter().map(event_from).collect()
    }
}
