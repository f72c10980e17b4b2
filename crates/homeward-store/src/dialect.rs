//! Where SQLite and PostgreSQL truly differ, and nothing else. Every query's SQL is written once, in `$1` style (sqlx
//! binds `$N` by number on SQLite too); a dialect says how values are bound and read back, and supplies the few
//! pieces of SQL and the few operations that cannot be written the same way on both. Each hook is named for what
//! differs.

use std::fmt::Debug;

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::time::Timestamp;
use time::Date;

use crate::tables::ValueRows;
use crate::value::Query;

/// A column named or numbered, as both drivers can look one up.
pub(crate) trait Col:
    sqlx::ColumnIndex<sqlx::sqlite::SqliteRow> + sqlx::ColumnIndex<sqlx::postgres::PgRow> + Copy + std::fmt::Display
{
}

impl Col for &str {}
impl Col for usize {}

/// Reading one column of one row back as a domain type. A value of the wrong type is reported as corrupt by column
/// name only, never with its content.
pub(crate) trait Row: Send + Sync {
    /// A text column parsed with the domain's own parser, read in place without copying.
    fn parsed<C: Col, T, E>(
        &self,
        column: C,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<Option<T>, StoreError>;
    fn text<C: Col>(&self, column: C) -> Result<Option<String>, StoreError> {
        self.parsed(column, |text| Ok::<_, ()>(text.to_owned()))
    }
    fn int<C: Col>(&self, column: C) -> Result<Option<i64>, StoreError>;
    fn flag<C: Col>(&self, column: C) -> Result<Option<bool>, StoreError>;
    fn time<C: Col>(&self, column: C) -> Result<Option<Timestamp>, StoreError>;
    fn date<C: Col>(&self, column: C) -> Result<Option<Date>, StoreError>;
    fn bytes<C: Col>(&self, column: C) -> Result<Option<Vec<u8>>, StoreError>;
}

/// The parts of [`Row`] that read the same through either driver: text in place, integers, flags and bytes.
macro_rules! row_by_sqlx {
    () => {
        fn parsed<C: Col, T, E>(
            &self,
            column: C,
            parse: impl FnOnce(&str) -> Result<T, E>,
        ) -> Result<Option<T>, StoreError> {
            let text: Option<&str> = sqlx::Row::try_get(self, column).map_err(|_| corrupt(column))?;
            text.map(|text| parse(text).map_err(|_| corrupt(column))).transpose()
        }

        fn flag<C: Col>(&self, column: C) -> Result<Option<bool>, StoreError> {
            sqlx::Row::try_get(self, column).map_err(|_| corrupt(column))
        }

        fn bytes<C: Col>(&self, column: C) -> Result<Option<Vec<u8>>, StoreError> {
            sqlx::Row::try_get(self, column).map_err(|_| corrupt(column))
        }
    };
}
pub(crate) use row_by_sqlx;

pub(crate) fn corrupt(column: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("column {column}"))
}

/// The type of a parameter, where a dialect must name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SqlType {
    Text,
    Time,
}

/// One database's way of doing what the shared SQL cannot say for it.
#[async_trait]
pub(crate) trait Dialect: Send + Sync + Debug + Sized + 'static {
    /// `sqlite` or `postgres`.
    const NAME: &'static str;
    /// The connections of one database.
    type Pools: Clone + Send + Sync + Debug;
    /// An open transaction.
    type Conn: Send + Debug;
    /// A row read back.
    type Row: Row;

    /// Opens (creating a SQLite file if needed) the database at `url` and brings its schema up to date.
    async fn open(url: &str) -> Result<Self::Pools, StoreError>;
    /// A transaction for reads and writes.
    async fn begin(pools: &Self::Pools) -> Result<Self::Conn, StoreError>;
    /// A transaction that only reads, which never waits for the writer where the database allows.
    async fn begin_read(pools: &Self::Pools) -> Result<Self::Conn, StoreError>;
    /// A write transaction for sealing reads' audit events onto the chain, which waits at most
    /// [`homeward_core::error::AUDIT_GRACE`] for a long job holding the chain and is then busy.
    async fn begin_chain(pools: &Self::Pools) -> Result<Self::Conn, StoreError>;
    /// Whether the spool of reads' audit events waiting for the chain lives apart from it (SQLite: a database file
    /// of its own, because any write to the main file waits for its one writer) or beside it (PostgreSQL: a table
    /// that the transaction sealing its events empties).
    const SPOOL_APART: bool;
    /// A write transaction on the spool; none where nothing durable can hold one (an in-memory database).
    async fn begin_spool(pools: &Self::Pools) -> Result<Option<Self::Conn>, StoreError>;
    /// Lets a long job's transaction wait for other transactions' locks without the busy limit a request's has.
    async fn wait_for_locks(conn: &mut Self::Conn) -> Result<(), StoreError>;
    /// Closes every connection, waiting for those in use.
    async fn close(pools: &Self::Pools);

    async fn fetch_all(conn: &mut Self::Conn, query: Query) -> Result<Vec<Self::Row>, StoreError>;
    async fn fetch_optional(conn: &mut Self::Conn, query: Query) -> Result<Option<Self::Row>, StoreError>;
    /// Runs a statement; answers the number of rows it changed.
    async fn execute(conn: &mut Self::Conn, query: Query) -> Result<u64, StoreError>;
    async fn commit(conn: Self::Conn) -> Result<(), StoreError>;

    /// `$n IS NULL` for a parameter that is only ever tested for NULL: PostgreSQL cannot infer its type from that
    /// alone and needs a cast, which SQLite's grammar does not have.
    fn param_is_null(n: usize, sql_type: SqlType) -> String;

    /// A subquery of one column, `value`, over the texts of a JSON array bound as `$n`.
    fn json_texts(n: usize) -> String;

    /// A subquery of two columns, `a` and `b`, over the pairs of a JSON array of two-text arrays bound as `$n`.
    fn json_pairs(n: usize) -> String;

    /// Whether someone born on the date `date_of_birth` was under 18 at the moment `at` (two column expressions), on
    /// the UK calendar date, exactly as `Person::is_child_at`: the age rule of every scope condition, written once
    /// per database.
    fn child_at(date_of_birth: &str, at: &str) -> String;

    /// What follows a `SELECT` of the audit chain's head so that concurrent appenders take turns: a row lock on
    /// PostgreSQL; nothing on SQLite, whose single write connection already makes them.
    const LOCK_ROW: &'static str;

    /// Inserts `len` rows of `columns` into `table` in as few statements as the database allows; `suffix` follows
    /// each statement (an `ON CONFLICT` clause). Answers how many rows went in.
    async fn insert_rows(
        conn: &mut Self::Conn,
        table: &'static str,
        columns: &[&'static str],
        rows: ValueRows<'_>,
        len: usize,
        suffix: &str,
    ) -> Result<u64, StoreError>;

    /// Sets aside `table`'s secondary indexes (and foreign keys, where the database can) for a load of `rows` rows
    /// into it while it is empty, restore-style, returning what must be rebuilt; nothing when not worthwhile.
    async fn set_aside(conn: &mut Self::Conn, table: &'static str, rows: usize) -> Result<Vec<String>, StoreError>;

    /// Runs the statements `set_aside` returned, rebuilding the indexes and keys in one pass each.
    async fn restore(conn: &mut Self::Conn, statements: Vec<String>) -> Result<(), StoreError>;

    /// Runs `load` with the connection's settings tuned for a large load, restoring them afterwards.
    async fn tuned_for_load(conn: &mut Self::Conn) -> Result<Option<String>, StoreError>;
    async fn untuned_after_load(conn: &mut Self::Conn, saved: Option<String>) -> Result<(), StoreError>;

    /// A hint after `FROM episodes e` for reading the episodes of a period: SQLite, which keeps no statistics
    /// unless asked, is told to read the table straight through when the period holds a large share of it.
    async fn period_scan_hint(
        conn: &mut Self::Conn,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<&'static str, StoreError>;

    /// The database's plan for `query`, one line per step, for tests and benchmarks that check which indexes serve
    /// it. PostgreSQL is told to avoid sequential scans, so the plan shows whether an index can serve the query at
    /// all, however few rows a test database holds.
    async fn explain(conn: &mut Self::Conn, query: Query) -> Result<Vec<String>, StoreError>;

    /// Brings the planner's statistics up to date, inside the transaction: after a bulk load, and now and then.
    async fn refresh_statistics(conn: &mut Self::Conn) -> Result<(), StoreError>;

    /// Reads a large query row by row, decoding each and handing it to `each` as it arrives, with whatever the
    /// database needs to do so quickly; no row is kept, so memory does not grow with the rows.
    async fn stream_large<T: Send>(
        conn: &mut Self::Conn,
        query: Query,
        decode: for<'r> fn(&'r Self::Row) -> Result<T, StoreError>,
        each: &mut (dyn FnMut(T) + Send),
    ) -> Result<(), StoreError>;
}
