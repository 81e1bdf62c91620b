//! Small helpers shared by the store's query modules: typed column reads with the column's name
//! in the error, flags that are BOOLEAN on PostgreSQL and INTEGER on SQLite, placeholder lists,
//! range-checked integer conversions and the wall clock.
//!
//! All SQL in the store uses `$n` placeholders: PostgreSQL's native form, and one SQLite accepts
//! too (sqlx binds SQLite's `$NNN` parameters by number), so one query text serves both backends.

use std::str::FromStr;

use sqlx::any::AnyRow;
use sqlx::{Any, Decode, Row, Type};

use super::StoreError;

/// Longest error text stored with an event or delivery; longer texts are cut at a character
/// boundary so that one runaway message cannot bloat the inbox.
pub(crate) const MAX_ERROR_BYTES: usize = 4096;

/// Most values in one `IN (…)` list; longer lists are queried in chunks.
pub(crate) const IN_CHUNK: usize = 500;

/// Reads column `column` of `row` as `T`.
pub(crate) fn get<'r, T>(row: &'r AnyRow, column: &'static str) -> Result<T, StoreError>
where
    T: Decode<'r, Any> + Type<Any>,
{
    row.try_get(column).map_err(|source| StoreError::Decode { column, source })
}

/// Reads a flag: BOOLEAN on PostgreSQL, INTEGER 0/1 on SQLite.
pub(crate) fn get_bool(row: &AnyRow, column: &'static str) -> Result<bool, StoreError> {
    match row.try_get::<bool, _>(column) {
        Ok(value) => Ok(value),
        Err(_) => get::<i64>(row, column).map(|value| value != 0),
    }
}

/// Reads a text column and parses it as `T` (a country or currency code, a status).
pub(crate) fn get_parsed<T>(row: &AnyRow, column: &'static str) -> Result<T, StoreError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let text: String = get(row, column)?;
    parse(text, column)
}

/// Like [`get_parsed`] for a nullable column.
pub(crate) fn get_parsed_opt<T>(row: &AnyRow, column: &'static str) -> Result<Option<T>, StoreError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let text: Option<String> = get(row, column)?;
    text.map(|text| parse(text, column)).transpose()
}

fn parse<T>(text: String, column: &'static str) -> Result<T, StoreError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e: T::Err| StoreError::Corrupt { column, reason: e.to_string(), value: text })
}

/// Reads a non-negative integer column into a narrower unsigned type.
pub(crate) fn get_unsigned<T>(row: &AnyRow, column: &'static str) -> Result<T, StoreError>
where
    T: TryFrom<i64>,
{
    let value: i64 = get(row, column)?;
    T::try_from(value).map_err(|_| StoreError::Corrupt {
        column,
        value: value.to_string(),
        reason: "out of range for this column".into(),
    })
}

/// Like [`get_unsigned`] for a nullable column.
pub(crate) fn get_unsigned_opt<T>(row: &AnyRow, column: &'static str) -> Result<Option<T>, StoreError>
where
    T: TryFrom<i64>,
{
    let value: Option<i64> = get(row, column)?;
    value
        .map(|value| {
            T::try_from(value).map_err(|_| StoreError::Corrupt {
                column,
                value: value.to_string(),
                reason: "out of range for this column".into(),
            })
        })
        .transpose()
}

/// Converts an unsigned count (fuel, bytes) to the signed 64-bit integer both databases store.
pub(crate) fn to_i64(value: u64, what: &str) -> Result<i64, StoreError> {
    i64::try_from(value).map_err(|_| StoreError::Invalid(format!("{what} {value} is too large to store")))
}

/// `$start, $start+1, …` — `count` placeholders separated by commas.
pub(crate) fn placeholders(start: usize, count: usize) -> String {
    let mut out = String::with_capacity(count * 5);
    for i in 0..count {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('$');
        out.push_str(&(start + i).to_string());
    }
    out
}

/// Cuts `text` to at most [`MAX_ERROR_BYTES`] at a character boundary.
pub(crate) fn clip_error(text: &str) -> &str {
    if text.len() <= MAX_ERROR_BYTES {
        return text;
    }
    let mut end = MAX_ERROR_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A lease length in milliseconds, refusing zero and absurd values.
pub(crate) fn lease_ms(lease: std::time::Duration) -> Result<i64, StoreError> {
    let ms = i64::try_from(lease.as_millis()).unwrap_or(i64::MAX);
    if ms <= 0 || ms > 86_400_000 {
        return Err(StoreError::Invalid(format!(
            "a lease of {lease:?} is out of range: give between 1 ms and 24 hours"
        )));
    }
    Ok(ms)
}

/// Refuses an empty (or blank) key field of a setup row.
pub(crate) fn require(field: &str, value: &str) -> Result<(), StoreError> {
    if value.trim().is_empty() {
        return Err(StoreError::Invalid(format!("{field} must not be empty")));
    }
    Ok(())
}

pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

pub(crate) fn is_foreign_key_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_foreign_key_violation())
}

/// `url` with the password (if any) replaced by `***`, for messages.
pub(crate) fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_from_start() {
        assert_eq!(placeholders(3, 3), "$3, $4, $5");
        assert_eq!(placeholders(1, 0), "");
    }

    #[test]
    fn long_errors_are_clipped_on_a_char_boundary() {
        let long = "é".repeat(MAX_ERROR_BYTES);
        let clipped = clip_error(&long);
        assert!(clipped.len() <= MAX_ERROR_BYTES);
        assert!(clipped.chars().all(|c| c == 'é'));
    }

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(redact_url("postgres://u:secret@h:5432/db?x=1"), "postgres://u:***@h:5432/db?x=1");
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_url("mysql://h"), "mysql://h");
    }
}
