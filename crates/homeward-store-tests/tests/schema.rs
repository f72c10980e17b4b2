//! The two schemas, one migration folder per database, describe the same tables: the same columns (and which may be
//! empty), primary keys, unique constraints, indexes (by name, columns, uniqueness and whether partial) and foreign
//! keys. Column types differ by design (text timestamps on SQLite), so they are not compared.

use std::collections::BTreeSet;

use homeward_testkit::{Backend, TestDatabase};
use sqlx::{Connection, Row};

/// Everything compared, one line per fact, so a difference reads as a diff.
type Facts = BTreeSet<String>;

/// The facts of the SQLite database and of its audit spool, a file of its own beside it (a table on PostgreSQL).
async fn sqlite_facts(url: &str) -> Facts {
    let mut facts = sqlite_file_facts(url).await;
    facts.extend(sqlite_file_facts(&format!("{url}-audit-spool")).await);
    facts
}

async fn sqlite_file_facts(url: &str) -> Facts {
    let mut conn = sqlx::SqliteConnection::connect(url).await.expect("the SQLite database opens");
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut conn)
    .await
    .expect("tables");
    for table in &tables {
        facts.insert(format!("table {table}"));
        let columns = sqlx::query("SELECT name, \"notnull\", pk FROM pragma_table_info($1) ORDER BY pk, cid")
            .bind(table)
            .fetch_all(&mut conn)
            .await
            .expect("columns");
        let mut key = Vec::new();
        for column in &columns {
            let (name, not_null, pk): (String, i64, i64) = (column.get(0), column.get(1), column.get(2));
            // SQLite lets a TEXT PRIMARY KEY hold NULL unless told otherwise; PostgreSQL never does. The schema
            // relies on neither, so a key column counts as NOT NULL on both.
            facts.insert(format!("column {table}.{name} not_null={}", not_null == 1 || pk > 0));
            if pk > 0 {
                key.push(name);
            }
        }
        if !key.is_empty() {
            facts.insert(format!("primary key {table} ({})", key.join(", ")));
        }
        let indexes = sqlx::query("SELECT name, \"unique\", origin, partial FROM pragma_index_list($1)")
            .bind(table)
            .fetch_all(&mut conn)
            .await
            .expect("indexes");
        for index in &indexes {
            let (name, unique, origin, partial): (String, i64, String, i64) =
                (index.get(0), index.get(1), index.get(2), index.get(3));
            let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                .bind(&name)
                .fetch_all(&mut conn)
                .await
                .expect("index columns");
            match origin.as_str() {
                "u" => facts.insert(format!("unique {table} ({})", columns.join(", "))),
                "pk" => false,
                _ => facts.insert(format!(
                    "index {name} on {table} ({}) unique={} partial={}",
                    columns.join(", "),
                    unique == 1,
                    partial == 1
                )),
            };
        }
        let keys =
            sqlx::query("SELECT id, \"from\", \"table\", \"to\" FROM pragma_foreign_key_list($1) ORDER BY id, seq")
                .bind(table)
                .fetch_all(&mut conn)
                .await
                .expect("foreign keys");
        let mut grouped: std::collections::BTreeMap<i64, (Vec<String>, String, Vec<String>)> =
            std::collections::BTreeMap::default();
        for key in &keys {
            let entry = grouped.entry(key.get(0)).or_default();
            entry.0.push(key.get(1));
            entry.1 = key.get(2);
            entry.2.push(key.get::<Option<String>, _>(3).unwrap_or_default());
        }
        for (from, target, to) in grouped.into_values() {
            facts.insert(format!("foreign key {table} ({}) -> {target} ({})", from.join(", "), to.join(", ")));
        }
    }
    facts
}

async fn postgres_facts(url: &str) -> Facts {
    let mut conn = sqlx::PgConnection::connect(url).await.expect("the PostgreSQL database opens");
    let mut facts = Facts::new();
    let lines = |sql: &'static str| sqlx::query_scalar::<_, String>(sql);
    for sql in [
        "SELECT 'table ' || table_name FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
        "SELECT 'column ' || table_name || '.' || column_name || ' not_null=' || (is_nullable = 'NO')::text \
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
        // Primary keys, unique constraints and foreign keys, with their columns in key order.
        "SELECT CASE c.contype WHEN 'p' THEN 'primary key ' WHEN 'u' THEN 'unique ' ELSE 'foreign key ' END \
              || t.relname || ' (' || (SELECT string_agg(a.attname, ', ' ORDER BY k.i) \
                 FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) || ')' \
              || CASE WHEN c.contype = 'f' THEN ' -> ' || r.relname || ' (' || (SELECT string_agg(a.attname, ', ' ORDER BY k.i) \
                 FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) || ')' ELSE '' END \
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         LEFT JOIN pg_class r ON r.oid = c.confrelid \
         WHERE ns.nspname = 'public' AND c.contype IN ('p', 'u', 'f') AND t.relname <> '_sqlx_migrations'",
        // Indexes that back no constraint.
        "SELECT 'index ' || ic.relname || ' on ' || t.relname || ' (' || (SELECT string_agg(a.attname, ', ' ORDER BY k.i) \
                 FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n) \
              || ') unique=' || i.indisunique::text || ' partial=' || (i.indpred IS NOT NULL)::text \
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         WHERE ns.nspname = 'public' AND t.relname <> '_sqlx_migrations' \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
    ] {
        facts.extend(lines(sql).fetch_all(&mut conn).await.expect("catalogue rows"));
    }
    facts
}

homeward_testkit::postgres_test! {
async fn both_schemas_have_the_same_tables_columns_indexes_and_constraints() {
    let sqlite = TestDatabase::new(Backend::Sqlite).await;
    let postgres = TestDatabase::new(Backend::Postgres).await;
    let (left, right) = (sqlite_facts(sqlite.url()).await, postgres_facts(postgres.url()).await);
    let only_sqlite: Vec<_> = left.difference(&right).collect();
    let only_postgres: Vec<_> = right.difference(&left).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "the schemas differ\n only on SQLite:\n  {}\n only on PostgreSQL:\n  {}",
        only_sqlite.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  "),
        only_postgres.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  "),
    );
    assert!(left.iter().filter(|fact| fact.starts_with("table ")).count() >= 15, "every table was read");
}
}
