//! PostgreSQL, the production backend: a pool of connections to one database. Transactions run at PostgreSQL's
//! default isolation, READ COMMITTED; the audit chain takes a row lock to stay linear under concurrent writers.
//! Timestamps are `timestamptz` and dates `date`.

use async_trait::async_trait;
use futures_util::TryStreamExt;
use homeward_core::StoreError;
use homeward_core::domain::time::Timestamp;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgPool, PgPoolOptions, PgRow, PgTypeInfo};
use sqlx::{Encode, PgConnection, Postgres, Transaction, Type};
use time::{Date, OffsetDateTime};

mod copy;

use crate::dialect::{Col, Dialect, Row, SqlType, corrupt, row_by_sqlx};
use crate::tables::ValueRows;
use crate::value::{Query, Value};

/// The PostgreSQL dialect.
#[derive(Debug, Clone, Copy)]
pub struct PostgresDialect;

/// PostgreSQL's SQLSTATE codes for the two constraint failures the core tells apart from other errors.
const UNIQUE_VIOLATION: &str = "23505";
const FOREIGN_KEY_VIOLATION: &str = "23503";

/// `lock_timeout` ran out waiting for a row another transaction holds (a long job's).
const LOCK_NOT_AVAILABLE: &str = "55P03";

/// The unique constraints the schema names and the core may act on; their names are the same on SQLite.
const NAMED_UNIQUE_CONSTRAINTS: [&str; 3] = ["agencies_code_key", "users_email_key", "api_tokens_hash_key"];

pub(crate) fn backend_error(error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::PoolTimedOut => return StoreError::Busy("every connection is taken".into()),
        // The server went away under an open connection (killed, restarted, failing over), or the pool is shut.
        sqlx::Error::Io(_) | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => {
            return StoreError::Unavailable(error.to_string());
        }
        _ => {}
    }
    let sqlx::Error::Database(db) = error else {
        return StoreError::Backend(error.to_string());
    };
    if db.code().as_deref() == Some(LOCK_NOT_AVAILABLE) {
        return StoreError::Busy("another job holds a record this needs".into());
    }
    if db.code().as_deref().is_some_and(no_primary) {
        return StoreError::Unavailable(db.message().to_owned());
    }
    // SQLite can name only the constraints it is told about; every other unique or foreign-key failure it reports
    // generically. The same mapping here lets the core see one set of names on every backend.
    let constraint = match (db.code().as_deref(), db.constraint()) {
        (Some(UNIQUE_VIOLATION), Some(name)) if NAMED_UNIQUE_CONSTRAINTS.contains(&name) => Some(name.to_owned()),
        (Some(UNIQUE_VIOLATION), _) => Some("unique".to_owned()),
        (Some(FOREIGN_KEY_VIOLATION), _) => Some("foreign_key".to_owned()),
        _ => None,
    };
    match constraint {
        Some(constraint) => StoreError::Constraint { constraint },
        None => StoreError::Backend(sqlx::Error::Database(db).to_string()),
    }
}

/// Whether a SQLSTATE says there is no primary to write to just now: a connection exception (class 08), the server
/// shutting down or starting up (`57P01`-`57P03`), or a standby that is still read-only (`25006`).
fn no_primary(code: &str) -> bool {
    code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "25006")
}

/// A connection could not be had within [`homeward_core::error::CONNECT_WAIT`]: busy when every connection the pool
/// may open is in use, unavailable when there was room for another but the server did not let one be made.
fn acquire_error(pool: &PgPool, error: sqlx::Error) -> StoreError {
    let room = pool.size() < pool.options().get_max_connections();
    if matches!(error, sqlx::Error::PoolTimedOut) && room {
        return StoreError::Unavailable("no connection to PostgreSQL could be made in time".into());
    }
    backend_error(error)
}

/// A transaction whose waits for another's locks end, busy, after `wait`.
async fn begin_waiting(pool: &PgPool, wait: std::time::Duration) -> Result<Transaction<'static, Postgres>, StoreError> {
    // Sent with the `BEGIN` as one simple query, so the setting costs no round trip of its own.
    let statement = format!("BEGIN; SET LOCAL lock_timeout = {}", wait.as_millis());
    pool.begin_with(statement).await.map_err(|e| acquire_error(pool, e))
}

/// Connections each server keeps to PostgreSQL at most.
const MAX_CONNECTIONS: u32 = 10;

/// Connects to the database at a `postgres://` URL and brings its schema up to date.
async fn connect(url: &str) -> Result<PgPool, StoreError> {
    let pool = PgPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        // Waiting longer for a connection than this answers nobody sooner: while there is no primary, a request
        // fails, unavailable, within 5 seconds rather than hanging.
        .acquire_timeout(homeward_core::error::CONNECT_WAIT)
        .connect(url)
        .await
        .map_err(backend_error)?;
    // sqlx holds an advisory lock while migrating, so several servers starting at once take turns.
    sqlx::migrate!("./migrations/postgres")
        .run(&pool)
        .await
        .map_err(|e| StoreError::Backend(format!("could not bring the PostgreSQL schema up to date: {e}")))?;
    Ok(pool)
}

impl Value {
    fn pg_type(&self) -> PgTypeInfo {
        match self {
            Value::Text(_) => <String as Type<Postgres>>::type_info(),
            Value::Int(_) => <i64 as Type<Postgres>>::type_info(),
            Value::Bool(_) => <bool as Type<Postgres>>::type_info(),
            Value::Time(_) => <OffsetDateTime as Type<Postgres>>::type_info(),
            Value::Date(_) => <Date as Type<Postgres>>::type_info(),
            Value::Bytes(_) => <Vec<u8> as Type<Postgres>>::type_info(),
        }
    }
}

impl Type<Postgres> for Value {
    fn type_info() -> PgTypeInfo {
        <String as Type<Postgres>>::type_info()
    }

    fn compatible(_: &PgTypeInfo) -> bool {
        true
    }
}

impl Encode<'_, Postgres> for Value {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        fn encode<'q, T: Encode<'q, Postgres>>(value: &T, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
            value.encode_by_ref(buf)
        }
        match self {
            Value::Text(text) => encode(text, buf),
            Value::Int(number) => encode(number, buf),
            Value::Bool(flag) => encode(flag, buf),
            Value::Time(at) => encode(&at.map(Timestamp::as_offset), buf),
            Value::Date(date) => encode(date, buf),
            Value::Bytes(bytes) => encode(bytes, buf),
        }
    }

    /// Each value names its own type, NULLs included, so PostgreSQL never has to guess one.
    fn produces(&self) -> Option<PgTypeInfo> {
        Some(self.pg_type())
    }
}

type PgQuery<'q> = sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>;

/// The statement with its values bound.
fn statement(sql: &str, values: Vec<Value>) -> PgQuery<'_> {
    values.into_iter().fold(sqlx::query(sql), sqlx::query::Query::bind)
}

impl Row for PgRow {
    row_by_sqlx!();

    fn int<C: Col>(&self, column: C) -> Result<Option<i64>, StoreError> {
        // Counts are BIGINT; a few small numbers (a profile's version) are INTEGER.
        sqlx::Row::try_get::<Option<i64>, _>(self, column)
            .or_else(|_| sqlx::Row::try_get::<Option<i32>, _>(self, column).map(|n| n.map(i64::from)))
            .map_err(|_| corrupt(column))
    }

    fn time<C: Col>(&self, column: C) -> Result<Option<Timestamp>, StoreError> {
        let at: Option<OffsetDateTime> = sqlx::Row::try_get(self, column).map_err(|_| corrupt(column))?;
        Ok(at.map(Timestamp::new))
    }

    fn date<C: Col>(&self, column: C) -> Result<Option<Date>, StoreError> {
        sqlx::Row::try_get(self, column).map_err(|_| corrupt(column))
    }
}

/// Rows per statement: large enough that round trips cost nothing next to the insert, small enough that one
/// statement's arrays stay a few megabytes.
const CHUNK_ROWS: usize = 10_000;

/// Below this many rows the DDL and the table-wide locks it takes are not worth it.
const WORTHWHILE_ROWS: usize = 10_000;

/// One column's values of a chunk of rows, as the array PostgreSQL receives.
enum Column {
    Text(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
    Time(Vec<Option<OffsetDateTime>>),
    Date(Vec<Option<Date>>),
    Bytes(Vec<Vec<u8>>),
}

impl Column {
    fn of(first: &Value, capacity: usize) -> Self {
        match first {
            Value::Text(_) => Column::Text(Vec::with_capacity(capacity)),
            Value::Int(_) => Column::Int(Vec::with_capacity(capacity)),
            Value::Bool(_) => Column::Bool(Vec::with_capacity(capacity)),
            Value::Time(_) => Column::Time(Vec::with_capacity(capacity)),
            Value::Date(_) => Column::Date(Vec::with_capacity(capacity)),
            Value::Bytes(_) => Column::Bytes(Vec::with_capacity(capacity)),
        }
    }

    fn sql_type(&self) -> &'static str {
        match self {
            Column::Text(_) => "text[]",
            Column::Int(_) => "bigint[]",
            Column::Bool(_) => "boolean[]",
            Column::Time(_) => "timestamptz[]",
            Column::Date(_) => "date[]",
            Column::Bytes(_) => "bytea[]",
        }
    }

    fn push(&mut self, value: Value) -> Result<(), StoreError> {
        match (self, value) {
            (Column::Text(column), Value::Text(text)) => column.push(text),
            (Column::Int(column), Value::Int(number)) => column.push(number),
            (Column::Bool(column), Value::Bool(flag)) => column.push(flag),
            (Column::Time(column), Value::Time(at)) => column.push(at.map(Timestamp::as_offset)),
            (Column::Date(column), Value::Date(date)) => column.push(date),
            (Column::Bytes(column), Value::Bytes(bytes)) => column.push(bytes),
            _ => return Err(StoreError::Backend("rows of one load differ in their column types".to_owned())),
        }
        Ok(())
    }

    fn bind(self, query: PgQuery<'_>) -> PgQuery<'_> {
        match self {
            Column::Text(values) => query.bind(values),
            Column::Int(values) => query.bind(values),
            Column::Bool(values) => query.bind(values),
            Column::Time(values) => query.bind(values),
            Column::Date(values) => query.bind(values),
            Column::Bytes(values) => query.bind(values),
        }
    }
}

/// Runs a one-off statement without keeping it prepared: these run once per load, not once per request.
async fn one_off(conn: &mut PgConnection, sql: &str) -> Result<(), StoreError> {
    sqlx::query(sql).persistent(false).execute(&mut *conn).await.map_err(backend_error)?;
    Ok(())
}

#[async_trait]
impl Dialect for PostgresDialect {
    const NAME: &'static str = "postgres";
    // Many connections append at once. FOR UPDATE makes each wait for the head row until the transaction ahead of it
    // ends; under READ COMMITTED the locked row is then re-read as that transaction left it, so every event is
    // sealed onto the true latest hash and the chain never forks.
    const LOCK_ROW: &'static str = " FOR UPDATE";
    type Pools = PgPool;
    type Conn = Transaction<'static, Postgres>;
    type Row = PgRow;

    async fn open(url: &str) -> Result<Self::Pools, StoreError> {
        connect(url).await
    }

    /// A write waits for a row another transaction holds (a long job's) at most the busy wait, then is busy,
    /// rather than hanging until the client gives up; set with the `BEGIN`, in the same round trip.
    async fn begin(pool: &PgPool) -> Result<Self::Conn, StoreError> {
        begin_waiting(pool, homeward_core::error::BUSY_WAIT).await
    }

    /// A long job's transaction holds the chain's head row (`FOR UPDATE`) until it commits; the seal waits for the
    /// row's lock only the audit grace, then is busy and the events go to the spool.
    async fn begin_chain(pool: &PgPool) -> Result<Self::Conn, StoreError> {
        begin_waiting(pool, homeward_core::error::AUDIT_GRACE).await
    }

    async fn wait_for_locks(conn: &mut Self::Conn) -> Result<(), StoreError> {
        one_off(conn, "SET LOCAL lock_timeout = 0").await
    }

    const SPOOL_APART: bool = false;

    async fn begin_spool(pool: &PgPool) -> Result<Option<Self::Conn>, StoreError> {
        Ok(Some(pool.begin().await.map_err(|e| acquire_error(pool, e))?))
    }

    async fn begin_read(pool: &PgPool) -> Result<Self::Conn, StoreError> {
        pool.begin_with("BEGIN READ ONLY").await.map_err(|e| acquire_error(pool, e))
    }

    async fn close(pool: &PgPool) {
        pool.close().await;
    }

    async fn fetch_all(conn: &mut Self::Conn, query: Query) -> Result<Vec<PgRow>, StoreError> {
        statement(&query.sql, query.values).fetch_all(&mut **conn).await.map_err(backend_error)
    }

    async fn fetch_optional(conn: &mut Self::Conn, query: Query) -> Result<Option<PgRow>, StoreError> {
        statement(&query.sql, query.values).fetch_optional(&mut **conn).await.map_err(backend_error)
    }

    async fn execute(conn: &mut Self::Conn, query: Query) -> Result<u64, StoreError> {
        Ok(statement(&query.sql, query.values).execute(&mut **conn).await.map_err(backend_error)?.rows_affected())
    }

    async fn commit(conn: Self::Conn) -> Result<(), StoreError> {
        conn.commit().await.map_err(backend_error)
    }

    fn param_is_null(n: usize, sql_type: SqlType) -> String {
        let cast = match sql_type {
            SqlType::Text => "text",
            SqlType::Time => "timestamptz",
        };
        format!("${n}::{cast} IS NULL")
    }

    fn json_texts(n: usize) -> String {
        format!("SELECT value FROM jsonb_array_elements_text(${n}::jsonb)")
    }

    fn json_pairs(n: usize) -> String {
        format!("SELECT x ->> 0 AS a, x ->> 1 AS b FROM jsonb_array_elements(${n}::jsonb) AS x")
    }

    /// The date 18 years back, as text, against the date of birth as text: a 29 February birthday counts as the core
    /// counts it (adult on 1 March), which adding an interval would not.
    fn child_at(date_of_birth: &str, at: &str) -> String {
        let day = format!("(({at}) AT TIME ZONE 'Europe/London')::date");
        format!(
            "(lpad((EXTRACT(YEAR FROM {day})::int - 18)::text, 4, '0') || to_char({day}, '-MM-DD') \
             < to_char({date_of_birth}, 'YYYY-MM-DD'))"
        )
    }

    /// Many rows are streamed with `COPY` (copy.rs). Fewer, and those with an `ON CONFLICT` clause, which `COPY`
    /// cannot take, travel as one array per column through `UNNEST`, so ten thousand rows are one statement with one
    /// bound value per column, and PostgreSQL plans it once whatever the chunk's length.
    async fn insert_rows(
        conn: &mut Self::Conn,
        table: &'static str,
        columns: &[&'static str],
        rows: ValueRows<'_>,
        len: usize,
        suffix: &str,
    ) -> Result<u64, StoreError> {
        if suffix.is_empty() && len >= copy::COPY_MIN_ROWS {
            return copy::copy_rows(conn, table, columns, rows).await;
        }
        let mut inserted = 0;
        let mut rows = rows.peekable();
        while let Some(first) = rows.peek() {
            let mut arrays: Vec<Column> = first.iter().map(|value| Column::of(value, CHUNK_ROWS)).collect();
            for row in rows.by_ref().take(CHUNK_ROWS) {
                for (array, value) in arrays.iter_mut().zip(row) {
                    array.push(value)?;
                }
            }
            let unnest: Vec<String> =
                arrays.iter().enumerate().map(|(i, array)| format!("${}::{}", i + 1, array.sql_type())).collect();
            let sql = format!(
                "INSERT INTO {table} ({}) SELECT * FROM UNNEST({}){suffix}",
                columns.join(", "),
                unnest.join(", ")
            );
            inserted += arrays
                .into_iter()
                .fold(sqlx::query(&sql), |query, array| array.bind(query))
                .execute(&mut **conn)
                .await
                .map_err(backend_error)?
                .rows_affected();
        }
        Ok(inserted)
    }

    /// Foreign keys and secondary indexes are set aside while the rows go in, then rebuilt: checking a key row by row
    /// and keeping five indexes up to date per row costs several times the insert itself. Definitions are read from
    /// the catalogue, so the migrations stay the only place the schema is written. Indexes that back a primary key
    /// or unique constraint stay, so duplicates are still refused by name.
    async fn set_aside(conn: &mut Self::Conn, table: &'static str, rows: usize) -> Result<Vec<String>, StoreError> {
        if rows < WORTHWHILE_ROWS {
            return Ok(Vec::new());
        }
        // A table in use keeps its indexes: rebuilding them would cost more than it saves and lock out its readers.
        let occupied = Self::fetch_optional(conn, Query::new(format!("SELECT 1 FROM {table} LIMIT 1"))).await?;
        if occupied.is_some() {
            return Ok(Vec::new());
        }
        let foreign_keys = Self::fetch_all(
            conn,
            Query::new(
                "SELECT quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint \
                 WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname",
            )
            .bind(table),
        )
        .await?;
        let indexes = Self::fetch_all(
            conn,
            Query::new(
                "SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition \
                 FROM pg_index i WHERE i.indrelid = $1::regclass \
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid) \
                 ORDER BY 1",
            )
            .bind(table),
        )
        .await?;
        let mut drops = Vec::new();
        let mut rebuilds = Vec::new();
        for key in &foreign_keys {
            let (name, definition) =
                (key.text("name")?.unwrap_or_default(), key.text("definition")?.unwrap_or_default());
            drops.push(format!("ALTER TABLE {table} DROP CONSTRAINT {name}"));
            rebuilds.push(format!("ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"));
        }
        for index in &indexes {
            drops.push(format!("DROP INDEX {}", index.text("name")?.unwrap_or_default()));
            rebuilds.insert(0, index.text("definition")?.unwrap_or_default());
        }
        // The table went from empty to full inside this transaction; without fresh statistics the planner would take
        // it for empty until autovacuum next looks.
        rebuilds.push(format!("ANALYZE {table}"));

        // Only the tables' owner may drop their indexes. A deployment whose application role is not the owner gets
        // the ordinary, slower load rather than a failure: the savepoint undoes the attempt and keeps the transaction
        // usable.
        one_off(conn, "SAVEPOINT homeward_set_aside").await?;
        for drop in &drops {
            if one_off(conn, drop).await.is_err() {
                tracing::info!(table, "cannot set aside indexes (not the table's owner?); loading row by row");
                one_off(conn, "ROLLBACK TO SAVEPOINT homeward_set_aside").await?;
                one_off(conn, "RELEASE SAVEPOINT homeward_set_aside").await?;
                return Ok(Vec::new());
            }
        }
        one_off(conn, "RELEASE SAVEPOINT homeward_set_aside").await?;
        Ok(rebuilds)
    }

    /// A row that breaks a foreign key fails here, as `foreign_key`, and the caller's transaction undoes the load.
    async fn restore(conn: &mut Self::Conn, statements: Vec<String>) -> Result<(), StoreError> {
        for statement in statements {
            one_off(conn, &statement).await?;
        }
        Ok(())
    }

    async fn tuned_for_load(_: &mut Self::Conn) -> Result<Option<String>, StoreError> {
        Ok(None)
    }

    async fn untuned_after_load(_: &mut Self::Conn, _: Option<String>) -> Result<(), StoreError> {
        Ok(())
    }

    async fn period_scan_hint(_: &mut Self::Conn, _: Timestamp, _: Timestamp) -> Result<&'static str, StoreError> {
        Ok("")
    }

    async fn explain(conn: &mut Self::Conn, query: Query) -> Result<Vec<String>, StoreError> {
        one_off(conn, "SET LOCAL enable_seqscan = off").await?;
        let plan = Query { sql: format!("EXPLAIN {}", query.sql), values: query.values };
        Self::fetch_all(conn, plan).await?.iter().map(|row| Ok(row.text(0)?.unwrap_or_default())).collect()
    }

    async fn refresh_statistics(conn: &mut Self::Conn) -> Result<(), StoreError> {
        one_off(conn, "ANALYZE").await
    }

    /// Each row is decoded as it arrives, while the server sends the next, and never held.
    async fn stream_large<T: Send>(
        conn: &mut Self::Conn,
        query: Query,
        decode: for<'r> fn(&'r PgRow) -> Result<T, StoreError>,
        each: &mut (dyn FnMut(T) + Send),
    ) -> Result<(), StoreError> {
        let mut rows = statement(&query.sql, query.values).fetch(&mut **conn);
        while let Some(row) = rows.try_next().await.map_err(backend_error)? {
            each(decode(&row)?);
        }
        Ok(())
    }
}
