//! SQLite, the embedded default: one file, write-ahead log, foreign keys on, full synchronous writes. Writes go
//! through a single connection, so SQLite never sees two writers; read transactions use a small read-only pool of
//! their own, which in WAL mode never waits for the writer. Timestamps are kept as fixed-width UTC text (`Timestamp::to_rfc3339`), so comparing them as text
//! compares them in time, and dates as `YYYY-MM-DD`.

use std::str::FromStr;

use async_trait::async_trait;
use futures_util::TryStreamExt;
use homeward_core::StoreError;
use homeward_core::domain::time::{Timestamp, format_date, parse_date};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::sqlite::{
    SqliteArgumentValue, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous, SqliteTypeInfo,
};
use sqlx::{Encode, QueryBuilder, Sqlite, Transaction, Type};
use time::Date;

use crate::dialect::{Col, Dialect, Row, SqlType, corrupt, row_by_sqlx};
use crate::tables::ValueRows;
use crate::value::{Query, Value};

/// The SQLite dialect.
#[derive(Debug, Clone, Copy)]
pub struct SqliteDialect;

#[allow(clippy::needless_pass_by_value, reason = "shaped for map_err(backend_error)")]
pub(crate) fn backend_error(error: sqlx::Error) -> StoreError {
    if matches!(error, sqlx::Error::PoolTimedOut) {
        return StoreError::Busy("another job holds the writer".into());
    }
    if let sqlx::Error::Database(db) = &error {
        // SQLITE_BUSY (5), with its extended codes: the busy timeout ran out while another held the file.
        if db.code().is_some_and(|code| code.parse::<i32>().is_ok_and(|c| c & 0xff == 5)) {
            return StoreError::Busy("the database is locked by another job".into());
        }
        // SQLite names no constraint in its errors, only the table and columns; the store maps those to the
        // constraint names the schema declares so the core sees the same names on every backend.
        let message = db.message();
        if let Some(columns) = message.strip_prefix("UNIQUE constraint failed: ") {
            let constraint = match columns {
                "agencies.code" => "agencies_code_key",
                "users.email" => "users_email_key",
                "api_tokens.token_hash" => "api_tokens_hash_key",
                _ => "unique",
            };
            return StoreError::Constraint { constraint: constraint.to_owned() };
        }
        if message.contains("FOREIGN KEY constraint failed") {
            return StoreError::Constraint { constraint: "foreign_key".to_owned() };
        }
    }
    StoreError::Backend(error.to_string())
}

/// Page cache of the write connection, in KiB as SQLite's negative `cache_size` reads: 256 MiB, used as needed.
const WRITER_CACHE_KIB: &str = "-262144";
/// Page cache of each of the four read connections: 64 MiB, used as needed.
const READER_CACHE_KIB: &str = "-65536";

/// The connections of one SQLite database.
#[derive(Debug, Clone)]
pub(crate) struct SqlitePools {
    /// The single write connection.
    writer: SqlitePool,
    /// Read-only connections, which in WAL mode never wait for the writer.
    reader: SqlitePool,
    /// A second write connection for sealing reads' audit events onto the chain, which waits for the file's write
    /// lock only [`homeward_core::error::AUDIT_GRACE`]: when a long job holds it, the events go to the spool.
    chain: SqlitePool,
    /// The spool: a database file of its own beside the main one, holding reads' audit events while a long job holds
    /// the main file's writer. None for an in-memory database.
    spool: Option<SqlitePool>,
}

/// The spool's one table, in its own file: the audit events' texts, in the order they were kept. `AUTOINCREMENT`
/// never reuses a number, so the chain's record of how far it has sealed the spool stays true after it is emptied.
const SPOOL_SCHEMA: &str = "CREATE TABLE IF NOT EXISTS audit_spool (id INTEGER PRIMARY KEY AUTOINCREMENT, \
     at TEXT NOT NULL, actor_user_id TEXT, actor_agency_id TEXT, actor_role TEXT NOT NULL, action TEXT NOT NULL, \
     target_kind TEXT NOT NULL, target_id TEXT, reason TEXT, request_id TEXT, details TEXT NOT NULL)";

/// The spool's file beside the database's: `homeward.db` spools to `homeward.db-audit-spool`.
fn spool_file(url: &str, options: &SqliteConnectOptions) -> Option<std::path::PathBuf> {
    let file = options.get_filename();
    if file.as_os_str().is_empty() || url.contains(":memory:") || url.contains("mode=memory") {
        return None;
    }
    Some(sibling(file, "-audit-spool"))
}

/// Opens (creating if needed) the database at a `sqlite://` URL, brings its schema up to date, and answers its
/// connections.
async fn connect(url: &str) -> Result<SqlitePools, StoreError> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Backend(format!("not a usable SQLite URL: {e}")))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(homeward_core::error::BUSY_WAIT);
    let spool_file = spool_file(url, &options);
    if spool_file.is_some() {
        private_file(options.get_filename())?;
    }
    // SQLite's default page cache is 2 MB; a year of a county's records and their indexes is hundreds. With too
    // small a cache every insert into an index of random ids reads pages back from the file.
    let writer = single(options.clone().pragma("cache_size", WRITER_CACHE_KIB)).await?;
    sqlx::migrate!("./migrations/sqlite")
        .run(&writer)
        .await
        .map_err(|e| StoreError::Backend(format!("could not bring the SQLite schema up to date: {e}")))?;
    let reader = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options.clone().read_only(true).pragma("cache_size", READER_CACHE_KIB))
        .await
        .map_err(backend_error)?;
    let chain = single(options.clone().busy_timeout(homeward_core::error::AUDIT_GRACE)).await?;
    let spool = match spool_file {
        Some(file) => {
            private_file(&file)?;
            let spool = single(options.filename(file)).await?;
            sqlx::query(SPOOL_SCHEMA).execute(&spool).await.map_err(backend_error)?;
            numbered_after_the_seal(&writer, &spool).await?;
            Some(spool)
        }
        None => None,
    };
    Ok(SqlitePools { writer, reader, chain, spool })
}

/// Makes the database file readable and writable by its owner only (0600), creating it so if it does not exist:
/// SQLite would create it 0644, readable by every account on the machine, and gives its `-wal` and `-shm` files the
/// database file's permissions. A file made more open by hand is closed up again, and said so.
fn private_file(path: &std::path::Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let failed = |e: std::io::Error| StoreError::Backend(format!("cannot open {}: {e}", path.display()));
    std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(path).map_err(failed)?;
    for file in [path.to_owned(), sibling(path, "-wal"), sibling(path, "-shm")] {
        let Ok(metadata) = std::fs::metadata(&file) else { continue };
        if metadata.permissions().mode() & 0o077 != 0 {
            tracing::warn!(file = %file.display(), "database file was readable by others; made owner-only (0600)");
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).map_err(failed)?;
        }
    }
    Ok(())
}

fn sibling(path: &std::path::Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Makes the spool number its events after everything the chain has sealed from it. The chain's head records how
/// far it has sealed the spool by number; were the spool's file lost or replaced by an older copy, its numbers would
/// start again below that mark and new events would be skipped as sealed. Raising the spool's counter (never
/// reused, as `AUTOINCREMENT` promises) to the mark keeps every new event above it.
async fn numbered_after_the_seal(writer: &SqlitePool, spool: &SqlitePool) -> Result<(), StoreError> {
    let sealed: i64 = sqlx::query_scalar("SELECT spooled_through FROM audit_head WHERE id = 1")
        .fetch_optional(writer)
        .await
        .map_err(backend_error)?
        .unwrap_or(0);
    let counter: Option<i64> = sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = 'audit_spool'")
        .fetch_optional(spool)
        .await
        .map_err(backend_error)?;
    if counter.unwrap_or(0) < sealed {
        if counter.is_some() || sealed > 0 {
            tracing::warn!(sealed, "the audit spool numbered below what the chain has sealed from it: renumbered");
        }
        sqlx::query("DELETE FROM sqlite_sequence WHERE name = 'audit_spool'")
            .execute(spool)
            .await
            .map_err(backend_error)?;
        sqlx::query("INSERT INTO sqlite_sequence (name, seq) VALUES ('audit_spool', $1)")
            .bind(sealed)
            .execute(spool)
            .await
            .map_err(backend_error)?;
    }
    Ok(())
}

/// A pool of one write connection, waiting its turn for it at most [`homeward_core::error::BUSY_WAIT`].
async fn single(options: SqliteConnectOptions) -> Result<SqlitePool, StoreError> {
    SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(homeward_core::error::BUSY_WAIT)
        .connect_with(options)
        .await
        .map_err(backend_error)
}

impl Type<Sqlite> for Value {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl<'q> Encode<'q, Sqlite> for Value {
    fn encode(self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        fn encode<'q, T: Encode<'q, Sqlite>>(
            value: T,
            buf: &mut Vec<SqliteArgumentValue<'q>>,
        ) -> Result<IsNull, BoxDynError> {
            value.encode(buf)
        }
        match self {
            Value::Text(text) => encode(text, buf),
            Value::Int(number) => encode(number, buf),
            Value::Bool(flag) => encode(flag, buf),
            Value::Time(at) => encode(at.map(Timestamp::to_rfc3339), buf),
            Value::Date(date) => encode(date.map(format_date), buf),
            Value::Bytes(bytes) => encode(bytes, buf),
        }
    }

    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        Encode::<Sqlite>::encode(self.clone(), buf)
    }
}

/// The statement with its values bound, moved rather than copied.
fn statement(sql: &str, values: Vec<Value>) -> sqlx::query::Query<'_, Sqlite, sqlx::sqlite::SqliteArguments<'_>> {
    values.into_iter().fold(sqlx::query(sql), sqlx::query::Query::bind)
}

impl Row for SqliteRow {
    row_by_sqlx!();

    fn int<C: Col>(&self, column: C) -> Result<Option<i64>, StoreError> {
        sqlx::Row::try_get(self, column).map_err(|_| corrupt(column))
    }

    fn time<C: Col>(&self, column: C) -> Result<Option<Timestamp>, StoreError> {
        self.parsed(column, Timestamp::parse_rfc3339)
    }

    fn date<C: Col>(&self, column: C) -> Result<Option<Date>, StoreError> {
        self.parsed(column, parse_date)
    }
}

/// SQLite allows 32,766 bound values in one statement.
const MAX_BOUND_VALUES: usize = 32_000;

/// Below this many rows, rebuilding indexes costs more than keeping them up to date.
const WORTHWHILE_ROWS: usize = 10_000;

#[async_trait]
impl Dialect for SqliteDialect {
    const NAME: &'static str = "sqlite";
    const LOCK_ROW: &'static str = "";
    type Pools = SqlitePools;
    type Conn = Transaction<'static, Sqlite>;
    type Row = SqliteRow;

    async fn open(url: &str) -> Result<Self::Pools, StoreError> {
        connect(url).await
    }

    /// `IMMEDIATE` takes the database's write lock at the start, waiting the busy timeout for it. A deferred
    /// transaction would take it at its first write, and if another process (a second server, a command) had
    /// written since it first read, SQLite would refuse at once with "database is locked", never waiting.
    async fn begin(pools: &Self::Pools) -> Result<Self::Conn, StoreError> {
        pools.writer.begin_with("BEGIN IMMEDIATE").await.map_err(backend_error)
    }

    /// An in-memory database has no spool, and a second connection to it would share its cache and wait without
    /// limit: its events are sealed through the writer, waiting the busy wait, as any write.
    async fn begin_chain(pools: &Self::Pools) -> Result<Self::Conn, StoreError> {
        let pool = if pools.spool.is_some() { &pools.chain } else { &pools.writer };
        pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend_error)
    }

    /// A transaction holds SQLite's whole file from its `BEGIN IMMEDIATE`: it waits for nothing after that.
    async fn wait_for_locks(_: &mut Self::Conn) -> Result<(), StoreError> {
        Ok(())
    }

    const SPOOL_APART: bool = true;

    /// Deferred, unlike the main file's writes: every seal reads the spool (usually empty) and should not take its
    /// write lock to do so, and a spool transaction that writes never reads first, so it cannot find its snapshot
    /// stale when it comes to write (the case `IMMEDIATE` guards against).
    async fn begin_spool(pools: &Self::Pools) -> Result<Option<Self::Conn>, StoreError> {
        match &pools.spool {
            Some(spool) => Ok(Some(spool.begin().await.map_err(backend_error)?)),
            None => Ok(None),
        }
    }

    async fn begin_read(pools: &Self::Pools) -> Result<Self::Conn, StoreError> {
        pools.reader.begin().await.map_err(backend_error)
    }

    /// Closes every pool, checkpointing the write-ahead logs.
    async fn close(pools: &Self::Pools) {
        pools.reader.close().await;
        pools.chain.close().await;
        if let Some(spool) = &pools.spool {
            spool.close().await;
        }
        pools.writer.close().await;
    }

    async fn fetch_all(conn: &mut Self::Conn, query: Query) -> Result<Vec<SqliteRow>, StoreError> {
        statement(&query.sql, query.values).fetch_all(&mut **conn).await.map_err(backend_error)
    }

    async fn fetch_optional(conn: &mut Self::Conn, query: Query) -> Result<Option<SqliteRow>, StoreError> {
        statement(&query.sql, query.values).fetch_optional(&mut **conn).await.map_err(backend_error)
    }

    async fn execute(conn: &mut Self::Conn, query: Query) -> Result<u64, StoreError> {
        Ok(statement(&query.sql, query.values).execute(&mut **conn).await.map_err(backend_error)?.rows_affected())
    }

    async fn commit(conn: Self::Conn) -> Result<(), StoreError> {
        conn.commit().await.map_err(backend_error)
    }

    fn param_is_null(n: usize, _: SqlType) -> String {
        format!("${n} IS NULL")
    }

    fn json_texts(n: usize) -> String {
        format!("SELECT value FROM json_each(${n})")
    }

    fn json_pairs(n: usize) -> String {
        format!("SELECT json_extract(value, '$[0]') AS a, json_extract(value, '$[1]') AS b FROM json_each(${n})")
    }

    /// Timestamps are UTC text, which SQLite cannot move to London time: British Summer Time (from the last Sunday
    /// of March to the last Sunday of October, 01:00 UTC) adds an hour. Shifting the date 18 years back as text and
    /// comparing it with the date of birth counts a 29 February birthday as the core does (adult on 1 March).
    fn child_at(date_of_birth: &str, at: &str) -> String {
        let year = format!("substr({at}, 1, 4)");
        let summer = format!(
            "{at} >= date({year} || '-03-25', 'weekday 0') || 'T01:00:00' \
             AND {at} < date({year} || '-10-25', 'weekday 0') || 'T01:00:00'"
        );
        let day = format!("date({at}, CASE WHEN {summer} THEN '+1 hour' ELSE '+0 hours' END)");
        format!("(printf('%04d', CAST(substr({day}, 1, 4) AS INTEGER) - 18) || substr({day}, 5) < {date_of_birth})")
    }

    async fn insert_rows(
        conn: &mut Self::Conn,
        table: &'static str,
        columns: &[&'static str],
        rows: ValueRows<'_>,
        _len: usize,
        suffix: &str,
    ) -> Result<u64, StoreError> {
        let mut inserted = 0;
        let per_row = columns.len().max(1);
        let mut rows = rows.peekable();
        while rows.peek().is_some() {
            let mut builder: QueryBuilder<Sqlite> =
                QueryBuilder::new(format!("INSERT INTO {table} ({}) ", columns.join(", ")));
            builder.push_values(rows.by_ref().take((MAX_BOUND_VALUES / per_row).max(1)), |mut separated, row| {
                for value in row {
                    separated.push_bind(value);
                }
            });
            builder.push(suffix);
            inserted += builder.build().execute(&mut **conn).await.map_err(backend_error)?.rows_affected();
        }
        Ok(inserted)
    }

    /// Indexes backing a primary key or unique constraint are SQLite's automatic ones (no SQL of their own) and stay,
    /// so duplicates are still refused as they go in. SQLite cannot drop a foreign key; they stay too.
    async fn set_aside(conn: &mut Self::Conn, table: &'static str, rows: usize) -> Result<Vec<String>, StoreError> {
        if rows < WORTHWHILE_ROWS {
            return Ok(Vec::new());
        }
        let occupied = Self::fetch_optional(conn, Query::new(format!("SELECT 1 FROM {table} LIMIT 1"))).await?;
        if occupied.is_some() {
            return Ok(Vec::new());
        }
        let indexes = Self::fetch_all(
            conn,
            Query::new(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL \
                 ORDER BY name",
            )
            .bind(table),
        )
        .await?;
        let mut creates = Vec::new();
        for index in &indexes {
            let (Some(name), Some(create)) = (index.text("name")?, index.text("sql")?) else { continue };
            Self::execute(conn, Query::new(format!("DROP INDEX \"{name}\""))).await?;
            creates.push(create);
        }
        Ok(creates)
    }

    async fn restore(conn: &mut Self::Conn, statements: Vec<String>) -> Result<(), StoreError> {
        for create in statements {
            Self::execute(conn, Query::new(create)).await?;
        }
        Ok(())
    }

    /// A large data set dirties far more pages than the connection's cache holds, and every spill is a write to the
    /// log; a 1 GiB cache for the load keeps them in memory until commit.
    async fn tuned_for_load(conn: &mut Self::Conn) -> Result<Option<String>, StoreError> {
        let row = Self::fetch_optional(conn, Query::new("PRAGMA cache_size")).await?;
        let cache = row.map(|row| row.int(0)).transpose()?.flatten();
        Self::execute(conn, Query::new("PRAGMA cache_size = -1048576")).await?;
        Ok(cache.map(|kib| kib.to_string()))
    }

    async fn untuned_after_load(conn: &mut Self::Conn, saved: Option<String>) -> Result<(), StoreError> {
        let cache: i64 = saved.and_then(|text| text.parse().ok()).unwrap_or(-2000);
        Self::execute(conn, Query::new(format!("PRAGMA cache_size = {cache}"))).await?;
        Ok(())
    }

    /// Visiting episodes in time order through the index costs a random read per episode; once the period holds a
    /// quarter or more of them, reading the table straight through is faster (3 to 4 times, for a national year).
    /// SQLite cannot tell which without statistics, so it is told.
    async fn period_scan_hint(
        conn: &mut Self::Conn,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<&'static str, StoreError> {
        let counts = Self::fetch_optional(
            conn,
            Query::new(
                "SELECT (SELECT COUNT(*) FROM episodes WHERE went_missing_at >= $1 AND went_missing_at < $2), \
                        (SELECT COUNT(*) FROM episodes)",
            )
            .bind(from)
            .bind(until),
        )
        .await?;
        let (in_period, all) = match counts {
            Some(row) => (row.int(0)?.unwrap_or(0), row.int(1)?.unwrap_or(0)),
            None => (0, 0),
        };
        Ok(if in_period * 4 >= all { "NOT INDEXED" } else { "" })
    }

    async fn explain(conn: &mut Self::Conn, query: Query) -> Result<Vec<String>, StoreError> {
        let plan = Query { sql: format!("EXPLAIN QUERY PLAN {}", query.sql), values: query.values };
        Self::fetch_all(conn, plan).await?.iter().map(|row| Ok(row.text("detail")?.unwrap_or_default())).collect()
    }

    /// Without `sqlite_stat1` SQLite guesses every index equally selective. A sample of each index is enough for it
    /// to choose among them, and keeps this to milliseconds at national scale.
    async fn refresh_statistics(conn: &mut Self::Conn) -> Result<(), StoreError> {
        Self::execute(conn, Query::new("PRAGMA analysis_limit = 1000")).await?;
        Self::execute(conn, Query::new("ANALYZE")).await.map(drop)
    }

    /// The joins read pages all over the file: mapped into memory, each costs no system call. The connection's own
    /// setting comes back afterwards. Collecting every row first was a little faster (4.8 s against 5.7 s for a
    /// national year) but held them all: 1 GiB.
    async fn stream_large<T: Send>(
        conn: &mut Self::Conn,
        query: Query,
        decode: for<'r> fn(&'r SqliteRow) -> Result<T, StoreError>,
        each: &mut (dyn FnMut(T) + Send),
    ) -> Result<(), StoreError> {
        let mapped = Self::fetch_optional(conn, Query::new("PRAGMA mmap_size")).await?;
        let mapped = mapped.map(|row| row.int(0)).transpose()?.flatten().unwrap_or(0);
        Self::execute(conn, Query::new("PRAGMA mmap_size = 4294967296")).await?;
        let streamed = async {
            let mut rows = statement(&query.sql, query.values).fetch(&mut **conn);
            while let Some(row) = rows.try_next().await.map_err(backend_error)? {
                each(decode(&row)?);
            }
            Ok(())
        }
        .await;
        Self::execute(conn, Query::new(format!("PRAGMA mmap_size = {mapped}"))).await?;
        streamed
    }
}
