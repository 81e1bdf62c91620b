//! Keyset pagination for the admin API's lists: a [`Page`] request and the [`Filter`] that
//! turns it, with the list's column filters, into one query.
//!
//! Every list takes the caller's merchant id and puts it in its `WHERE` clause: a row of
//! another merchant is indistinguishable from a row that does not exist. Lists are keyset
//! paginated (`after` = the last key of the previous page), so a page is one index range scan
//! however deep the caller has paged.

use sqlx::any::AnyRow;

use super::{Store, StoreError};

/// Most rows a page may hold.
pub const MAX_PAGE: u32 = 200;

/// A page request: at most `limit` rows after the key `after`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub after: Option<String>,
}

impl Page {
    fn limit(&self) -> i64 {
        i64::from(self.limit.clamp(1, MAX_PAGE))
    }
}

/// A dynamic `WHERE` clause with its arguments, for the filtered lists.
pub(super) struct Filter {
    sql: String,
    args: Vec<Arg>,
}

enum Arg {
    Text(String),
    Int(i64),
}

impl Filter {
    pub(super) fn new(merchant_id: &str) -> Self {
        Self { sql: "merchant_id = $1".into(), args: vec![Arg::Text(merchant_id.to_owned())] }
    }

    pub(super) fn eq(&mut self, column: &str, value: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            self.args.push(Arg::Text(value.to_owned()));
            self.sql.push_str(&format!(" AND {column} = ${}", self.args.len()));
        }
        self
    }

    pub(super) fn after_text(&mut self, column: &str, page: &Page) -> &mut Self {
        if let Some(after) = &page.after {
            self.args.push(Arg::Text(after.clone()));
            self.sql.push_str(&format!(" AND {column} > ${}", self.args.len()));
        }
        self
    }

    /// Newest first: ids below the cursor. A cursor that is not a number is refused.
    pub(super) fn before_id(&mut self, page: &Page) -> Result<&mut Self, StoreError> {
        if let Some(after) = &page.after {
            let id: i64 = after.parse().map_err(|_| {
                StoreError::Invalid(format!("`after` must be a row id from a previous page, not `{after}`"))
            })?;
            self.args.push(Arg::Int(id));
            self.sql.push_str(&format!(" AND id < ${}", self.args.len()));
        }
        Ok(self)
    }

    pub(super) async fn fetch(
        &self,
        store: &Store,
        select: &str,
        order: &str,
        page: &Page,
    ) -> Result<Vec<AnyRow>, StoreError> {
        let sql = format!("{select} WHERE {} ORDER BY {order} LIMIT {}", self.sql, page.limit());
        let mut query = sqlx::query(&sql);
        for arg in &self.args {
            query = match arg {
                Arg::Text(t) => query.bind(t.as_str()),
                Arg::Int(i) => query.bind(*i),
            };
        }
        query.fetch_all(store.read_pool()).await.map_err(StoreError::db("listing"))
    }
}
