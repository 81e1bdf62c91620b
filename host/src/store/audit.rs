//! The audit log: who changed what in a merchant's setup through the admin API (or a setup
//! file), with the value before and after, newest first.

use sqlx::any::AnyRow;

use super::page::{Filter, Page};
use super::sql::get;
use super::{Store, StoreError};

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
        .bind(self.now_ms())
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
}
