//! Loading many rows into an empty table the way a database restore does: its foreign keys and secondary indexes
//! are set aside while the rows go in, then rebuilt. Checking a foreign key row by row and keeping five indexes up
//! to date per row costs several times the insert itself; building an index by sorting and validating a key by
//! one join costs a fraction. It all happens inside the caller's transaction, so the rebuilt constraints check
//! every row and a failure undoes the lot. Definitions are read from the catalogue: the migrations stay the only
//! place the schema is written.

use homeward_core::StoreError;
use sqlx::PgConnection;

use crate::backend_error;

/// Below this many rows the DDL and the table-wide locks it takes are not worth it: single records and small
/// imports go in the ordinary way.
const WORTHWHILE_ROWS: usize = 10_000;

/// What was set aside from one table, to be rebuilt once its rows are in.
#[derive(Debug)]
pub(crate) struct SetAside {
    table: &'static str,
    /// Quoted constraint name and definition (`FOREIGN KEY (...) REFERENCES ...`).
    foreign_keys: Vec<(String, String)>,
    /// Quoted index name and its `CREATE INDEX` statement.
    indexes: Vec<(String, String)>,
}

/// Runs a one-off statement without keeping it prepared: these run once per load, not once per request.
async fn execute(conn: &mut PgConnection, sql: &str) -> Result<(), StoreError> {
    sqlx::query(sql).persistent(false).execute(&mut *conn).await.map_err(backend_error)?;
    Ok(())
}

/// Sets aside `table`'s foreign keys and secondary indexes when `rows` rows are about to go into it and it is
/// empty. Indexes that back a primary key or unique constraint stay, so duplicates are still refused by name.
pub(crate) async fn set_aside(
    conn: &mut PgConnection,
    table: &'static str,
    rows: usize,
) -> Result<Option<SetAside>, StoreError> {
    if rows < WORTHWHILE_ROWS {
        return Ok(None);
    }
    // A table in use keeps its indexes: rebuilding them would cost more than it saves and lock out its readers.
    let occupied: bool = sqlx::query_scalar(&format!("SELECT EXISTS (SELECT 1 FROM {table})"))
        .fetch_one(&mut *conn)
        .await
        .map_err(backend_error)?;
    if occupied {
        return Ok(None);
    }
    let foreign_keys: Vec<(String, String)> = sqlx::query_as(
        "SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint \
         WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await
    .map_err(backend_error)?;
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i \
         WHERE i.indrelid = $1::regclass \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid) \
         ORDER BY 1",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await
    .map_err(backend_error)?;

    // Only the tables' owner may drop their indexes. A deployment whose application role is not the owner gets
    // the ordinary, slower load rather than a failure: the savepoint undoes the attempt and keeps the
    // transaction usable.
    execute(conn, "SAVEPOINT homeward_set_aside").await?;
    if drop_all(conn, table, &foreign_keys, &indexes).await.is_err() {
        tracing::info!(table, "cannot set aside indexes (not the table's owner?); loading row by row");
        execute(conn, "ROLLBACK TO SAVEPOINT homeward_set_aside").await?;
        execute(conn, "RELEASE SAVEPOINT homeward_set_aside").await?;
        return Ok(None);
    }
    execute(conn, "RELEASE SAVEPOINT homeward_set_aside").await?;
    Ok(Some(SetAside { table, foreign_keys, indexes }))
}

async fn drop_all(
    conn: &mut PgConnection,
    table: &str,
    foreign_keys: &[(String, String)],
    indexes: &[(String, String)],
) -> Result<(), StoreError> {
    for (name, _) in foreign_keys {
        execute(conn, &format!("ALTER TABLE {table} DROP CONSTRAINT {name}")).await?;
    }
    for (name, _) in indexes {
        execute(conn, &format!("DROP INDEX {name}")).await?;
    }
    Ok(())
}

/// Rebuilds what was set aside. A row that breaks a foreign key fails here, as `foreign_key`, and the caller's
/// transaction undoes the load.
pub(crate) async fn restore(conn: &mut PgConnection, set_aside: Option<SetAside>) -> Result<(), StoreError> {
    let Some(SetAside { table, foreign_keys, indexes }) = set_aside else {
        return Ok(());
    };
    for (_, create) in &indexes {
        execute(conn, create).await?;
    }
    for (name, definition) in &foreign_keys {
        execute(conn, &format!("ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")).await?;
    }
    // The table went from empty to full inside this transaction; without fresh statistics the planner would take
    // it for empty until autovacuum next looks, and the first pages after a demo seed would be slow.
    execute(conn, &format!("ANALYZE {table}")).await
}
