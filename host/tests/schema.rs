//! The SQLite and PostgreSQL migration sets (`host/migrations/{sqlite,postgres}`) must build
//! the same schema, differing only in how each backend spells a type. This test migrates a
//! fresh store of each kind and compares them table by table and column by column (name,
//! nullability, type family), with each table's primary key and unique constraints, and the
//! named indexes (table, columns, unique, partial).
//!
//! PostgreSQL runs when `CROSSDOCK_TEST_DATABASE_URL` is set (e.g.
//! `postgres://postgres@127.0.0.1:5432/test`), in a schema of its own dropped afterwards, as in
//! `store.rs`; without it the comparison prints that it was skipped, and only the SQLite
//! schema's own rules are checked.

mod support;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};

use crossdock::store::{Store, StoreTarget};
use sqlx::{Connection, Row};
use support::PG_ENV;

/// How a column's values are stored, whatever the backend calls the type.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Family {
    /// SQLite `TEXT`; PostgreSQL `text`, `character varying`.
    Text,
    /// SQLite `INTEGER`; PostgreSQL `bigint`, `integer`, `smallint`.
    Integer,
    /// PostgreSQL `boolean`; SQLite keeps flags as `INTEGER` 0/1 (sqlx's Any driver refuses a
    /// SQLite column declared `BOOLEAN`).
    Flag,
    /// SQLite `BLOB`; PostgreSQL `bytea`.
    Bytes,
    /// Anything else, as declared: never expected.
    Other(String),
}

impl Family {
    fn of_sqlite(declared: &str) -> Family {
        match declared.to_ascii_uppercase().as_str() {
            "TEXT" => Family::Text,
            "INTEGER" => Family::Integer,
            "BLOB" => Family::Bytes,
            other => Family::Other(other.to_owned()),
        }
    }

    fn of_postgres(data_type: &str) -> Family {
        match data_type {
            "text" | "character varying" => Family::Text,
            "bigint" | "integer" | "smallint" => Family::Integer,
            "boolean" => Family::Flag,
            "bytea" => Family::Bytes,
            other => Family::Other(other.to_owned()),
        }
    }

    /// Whether a SQLite column of family `self` matches a PostgreSQL column of `pg`.
    fn matches(&self, pg: &Family) -> bool {
        match (self, pg) {
            (Family::Integer, Family::Flag) => true,
            (Family::Other(_), _) | (_, Family::Other(_)) => false,
            (a, b) => a == b,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    family: Family,
    nullable: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Table {
    columns: BTreeMap<String, Column>,
    primary_key: Vec<String>,
    /// The column lists of UNIQUE constraints, sorted.
    unique: Vec<Vec<String>>,
}

/// An index made by `CREATE INDEX` (not one backing a key or a UNIQUE constraint).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Index {
    table: String,
    columns: Vec<String>,
    unique: bool,
    partial: bool,
}

impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unique = if self.unique { "unique " } else { "" };
        let partial = if self.partial { " WHERE …" } else { "" };
        write!(f, "{unique}on {} ({}){partial}", self.table, self.columns.join(", "))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Schema {
    tables: BTreeMap<String, Table>,
    indexes: BTreeMap<String, Index>,
}

/// Every difference between the SQLite schema and the PostgreSQL one, one line each.
fn differences(sqlite: &Schema, pg: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    for name in sqlite.tables.keys().filter(|t| !pg.tables.contains_key(*t)) {
        out.push(format!("table {name} exists only in SQLite"));
    }
    for name in pg.tables.keys().filter(|t| !sqlite.tables.contains_key(*t)) {
        out.push(format!("table {name} exists only in PostgreSQL"));
    }
    for (name, lite) in &sqlite.tables {
        let Some(post) = pg.tables.get(name) else { continue };
        for (column, l) in &lite.columns {
            match post.columns.get(column) {
                None => out.push(format!("{name}.{column} exists only in SQLite")),
                Some(p) => {
                    if !l.family.matches(&p.family) {
                        out.push(format!(
                            "{name}.{column} is {:?} in SQLite but {:?} in PostgreSQL",
                            l.family, p.family
                        ));
                    }
                    if l.nullable != p.nullable {
                        let says = |n: bool| if n { "nullable" } else { "NOT NULL" };
                        out.push(format!(
                            "{name}.{column} is {} in SQLite but {} in PostgreSQL",
                            says(l.nullable),
                            says(p.nullable)
                        ));
                    }
                }
            }
        }
        for column in post.columns.keys().filter(|c| !lite.columns.contains_key(*c)) {
            out.push(format!("{name}.{column} exists only in PostgreSQL"));
        }
        if lite.primary_key != post.primary_key {
            out.push(format!(
                "{name}'s primary key is ({}) in SQLite but ({}) in PostgreSQL",
                lite.primary_key.join(", "),
                post.primary_key.join(", ")
            ));
        }
        if lite.unique != post.unique {
            out.push(format!(
                "{name}'s unique constraints are {:?} in SQLite but {:?} in PostgreSQL",
                lite.unique, post.unique
            ));
        }
    }
    for (name, l) in &sqlite.indexes {
        match pg.indexes.get(name) {
            None => out.push(format!("index {name} ({l}) exists only in SQLite")),
            Some(p) if p != l => out.push(format!("index {name} is {l} in SQLite but {p} in PostgreSQL")),
            Some(_) => {}
        }
    }
    for (name, p) in pg.indexes.iter().filter(|(n, _)| !sqlite.indexes.contains_key(*n)) {
        out.push(format!("index {name} ({p}) exists only in PostgreSQL"));
    }
    out
}

async fn sqlite_schema(path: &std::path::Path) -> Schema {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path).read_only(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options).await.expect("opening the SQLite file");
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         AND name NOT LIKE '\\_sqlx\\_%' ESCAPE '\\' ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .expect("SQLite tables");
    let mut schema = Schema::default();
    for name in names {
        let mut table = Table::default();
        let mut key = Vec::new();
        let rows = sqlx::query(r#"SELECT name, type, "notnull", pk FROM pragma_table_info(?1)"#)
            .bind(&name)
            .fetch_all(&mut conn)
            .await
            .expect("SQLite columns");
        for row in rows {
            let column: String = row.get("name");
            let pk: i64 = row.get("pk");
            let notnull: i64 = row.get("notnull");
            if pk > 0 {
                key.push((pk, column.clone()));
            }
            let column_type: String = row.get("type");
            table.columns.insert(column, Column { family: Family::of_sqlite(&column_type), nullable: notnull == 0 });
        }
        key.sort();
        table.primary_key = key.into_iter().map(|(_, c)| c).collect();
        // A lone `INTEGER PRIMARY KEY` is SQLite's rowid: it can never hold NULL (inserting one
        // assigns the next id), whatever `notnull` says; PostgreSQL spells it BIGSERIAL.
        if let [rowid] = table.primary_key.as_slice()
            && let Some(column) = table.columns.get_mut(rowid)
            && column.family == Family::Integer
        {
            column.nullable = false;
        }
        let indexes = sqlx::query(r#"SELECT name, "unique", origin, partial FROM pragma_index_list(?1)"#)
            .bind(&name)
            .fetch_all(&mut conn)
            .await
            .expect("SQLite indexes");
        for index in indexes {
            let index_name: String = index.get("name");
            let origin: String = index.get("origin");
            let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                .bind(&index_name)
                .fetch_all(&mut conn)
                .await
                .expect("SQLite index columns");
            match origin.as_str() {
                "u" => table.unique.push(columns),
                "c" => {
                    let unique: i64 = index.get("unique");
                    let partial: i64 = index.get("partial");
                    let index = Index { table: name.clone(), columns, unique: unique != 0, partial: partial != 0 };
                    schema.indexes.insert(index_name, index);
                }
                _ => {} // the primary key's own index
            }
        }
        table.unique.sort();
        schema.tables.insert(name, table);
    }
    let _ = conn.close().await;
    schema
}

async fn postgres_schema(url: &str) -> Schema {
    let mut conn = sqlx::PgConnection::connect(url).await.expect("connecting to PostgreSQL");
    let rows = sqlx::query(
        "SELECT table_name::text AS tbl, column_name::text AS col, data_type::text AS ty, is_nullable::text AS nullable \
         FROM information_schema.columns c \
         WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx\\_%' \
           AND EXISTS (SELECT 1 FROM information_schema.tables t WHERE t.table_schema = c.table_schema \
                       AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')",
    )
    .fetch_all(&mut conn)
    .await
    .expect("PostgreSQL columns");
    let mut schema = Schema::default();
    for row in rows {
        let table: String = row.get("tbl");
        let data_type: String = row.get("ty");
        let nullable: String = row.get("nullable");
        let column = Column { family: Family::of_postgres(&data_type), nullable: nullable == "YES" };
        schema.tables.entry(table).or_default().columns.insert(row.get("col"), column);
    }
    // Every index of the schema's tables, with its columns in order and what it backs.
    let indexes = sqlx::query(
        "SELECT i.relname::text AS name, t.relname::text AS tbl, x.indisunique AS is_unique, \
                x.indpred IS NOT NULL AS partial, x.indisprimary AS is_primary, \
                EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid \
                        AND c.conrelid = x.indrelid AND c.contype = 'u') AS is_constraint, \
                ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
                      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns \
         FROM pg_index x \
         JOIN pg_class i ON i.oid = x.indexrelid \
         JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = current_schema() AND t.relname NOT LIKE '\\_sqlx\\_%'",
    )
    .fetch_all(&mut conn)
    .await
    .expect("PostgreSQL indexes");
    for row in indexes {
        let table: String = row.get("tbl");
        let columns: Vec<String> = row.get("columns");
        let Some(entry) = schema.tables.get_mut(&table) else { continue };
        if row.get::<bool, _>("is_primary") {
            entry.primary_key = columns;
        } else if row.get::<bool, _>("is_constraint") {
            entry.unique.push(columns);
        } else {
            let index = Index { table, columns, unique: row.get("is_unique"), partial: row.get("partial") };
            schema.indexes.insert(row.get("name"), index);
        }
    }
    for table in schema.tables.values_mut() {
        table.unique.sort();
    }
    let _ = conn.close().await;
    schema
}

/// Migrates a fresh SQLite store in `dir` and reads its schema.
async fn fresh_sqlite(dir: &std::path::Path) -> Schema {
    let target = StoreTarget::from_args(dir, None).expect("a SQLite target");
    let StoreTarget::Sqlite { path } = &target else { panic!("{target} is not SQLite") };
    let store = Store::open(&target).await.unwrap_or_else(|e| panic!("migrating {target}: {e}"));
    let schema = sqlite_schema(path).await;
    drop(store);
    schema
}

/// Migrates a fresh PostgreSQL store in a schema of its own and reads it; drops the schema.
async fn fresh_postgres(base: &str) -> Schema {
    static SEQ: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let name = format!("crossdock_schema_{}_{}_{nanos}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed));
    admin(base, &format!("CREATE SCHEMA {name}")).await;
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{name}");
    let read = tokio::spawn(async move {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let target = StoreTarget::from_args(dir.path(), Some(&url)).expect("a PostgreSQL target");
        let store = Store::open(&target).await.unwrap_or_else(|e| panic!("migrating PostgreSQL: {e}"));
        let schema = postgres_schema(&url).await;
        drop(store);
        schema
    })
    .await;
    admin(base, &format!("DROP SCHEMA {name} CASCADE")).await;
    read.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

async fn admin(url: &str, sql: &str) {
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap_or_else(|e| panic!("connecting to {url}: {e}"));
    sqlx::raw_sql(sql).execute(&mut conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    let _ = conn.close().await;
}

#[tokio::test]
async fn the_sqlite_and_postgresql_migrations_build_the_same_schema() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let sqlite = fresh_sqlite(dir.path()).await;
    assert!(sqlite.tables.len() > 10 && sqlite.tables.contains_key("shipments"), "read the tables: {sqlite:?}");
    assert!(sqlite.indexes.contains_key("inbox_due"), "read the indexes: {:?}", sqlite.indexes);
    let odd: Vec<String> = sqlite
        .tables
        .iter()
        .flat_map(|(t, table)| table.columns.iter().map(move |(c, col)| (t, c, &col.family)))
        .filter(|(_, _, family)| matches!(family, Family::Other(_)))
        .map(|(t, c, family)| format!("{t}.{c}: {family:?}"))
        .collect();
    assert!(odd.is_empty(), "SQLite columns are declared INTEGER, TEXT or BLOB only (sqlx's Any driver): {odd:?}");

    let Ok(base) = std::env::var(PG_ENV) else {
        println!("schema comparison with PostgreSQL skipped: {PG_ENV} is not set");
        return;
    };
    let pg = fresh_postgres(&base).await;
    let drift = differences(&sqlite, &pg);
    assert!(
        drift.is_empty(),
        "the migration sets have drifted; add a migration pair that brings them together:\n  {}",
        drift.join("\n  ")
    );
}

#[test]
fn drift_is_reported_column_by_column_and_index_by_index() {
    let column = |family, nullable| Column { family, nullable };
    let table = |columns: &[(&str, Column)]| Table {
        columns: columns.iter().map(|(n, c)| ((*n).to_owned(), c.clone())).collect(),
        primary_key: vec!["id".into()],
        unique: vec![],
    };
    let index = |columns: &[&str], partial| Index {
        table: "t".into(),
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        unique: false,
        partial,
    };
    let sqlite = Schema {
        tables: BTreeMap::from([
            (
                "t".to_owned(),
                table(&[
                    ("id", column(Family::Text, false)),
                    ("flag", column(Family::Integer, false)),
                    ("n", column(Family::Integer, true)),
                    ("body", column(Family::Bytes, false)),
                    ("gone", column(Family::Text, true)),
                ]),
            ),
            ("lite_only".to_owned(), Table::default()),
        ]),
        indexes: BTreeMap::from([("t_n".to_owned(), index(&["n"], false)), ("t_due".to_owned(), index(&["n"], true))]),
    };
    let mut pg = sqlite.clone();
    assert!(differences(&sqlite, &pg).is_empty(), "a schema matches itself");
    pg.tables.remove("lite_only");
    let t = pg.tables.get_mut("t").expect("t");
    t.columns.insert("flag".into(), column(Family::Flag, false));
    t.columns.insert("n".into(), column(Family::Integer, false));
    t.columns.insert("body".into(), column(Family::Text, false));
    t.columns.remove("gone");
    t.columns.insert("extra".into(), column(Family::Text, true));
    t.primary_key = vec!["id".into(), "n".into()];
    pg.indexes.insert("t_due".into(), index(&["n"], false));
    pg.indexes.remove("t_n");
    pg.indexes.insert("t_new".into(), index(&["id"], false));
    assert_eq!(
        differences(&sqlite, &pg),
        [
            "table lite_only exists only in SQLite",
            "t.body is Bytes in SQLite but Text in PostgreSQL",
            "t.gone exists only in SQLite",
            "t.n is nullable in SQLite but NOT NULL in PostgreSQL",
            "t.extra exists only in PostgreSQL",
            "t's primary key is (id) in SQLite but (id, n) in PostgreSQL",
            "index t_due is on t (n) WHERE … in SQLite but on t (n) in PostgreSQL",
            "index t_n (on t (n)) exists only in SQLite",
            "index t_new (on t (id)) exists only in PostgreSQL",
        ],
        "an INTEGER flag matches a BOOLEAN; everything else that differs is named"
    );
    let datetime = Family::Other("DATETIME".into());
    assert!(!datetime.matches(&datetime), "an unknown type never matches");
}
