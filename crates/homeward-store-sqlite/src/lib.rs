//! Homeward's store on SQLite, the embedded default: one file, write-ahead log, foreign keys on, full synchronous
//! writes. Writes go through a single connection, so SQLite never sees two writers; reads that need no transaction
//! use a small pool of their own.

mod bulk;
mod rows;
mod scope;
mod tx;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::audit::AuditEvent;
use homeward_core::ports::{Store, Tx};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

pub use tx::SqliteTx;

/// The store on one SQLite database file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
}

#[allow(clippy::needless_pass_by_value, reason = "shaped for map_err(backend_error)")]
pub(crate) fn backend_error(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error {
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

impl SqliteStore {
    /// Opens (creating if needed) the database at a `sqlite://` URL and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Backend(format!("not a usable SQLite URL: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        // SQLite's default page cache is 2 MB; a year of a county's records and their indexes is hundreds. With
        // too small a cache every insert into an index of random ids reads pages back from the file.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone().pragma("cache_size", WRITER_CACHE_KIB))
            .await
            .map_err(backend_error)?;
        sqlx::migrate!("./migrations")
            .run(&writer)
            .await
            .map_err(|e| StoreError::Backend(format!("could not bring the SQLite schema up to date: {e}")))?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true).pragma("cache_size", READER_CACHE_KIB))
            .await
            .map_err(backend_error)?;
        Ok(Self { writer, reader })
    }

    /// Closes both pools, checkpointing the write-ahead log.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn begin(&self) -> Result<Box<dyn Tx>, StoreError> {
        let tx = self.writer.begin().await.map_err(backend_error)?;
        Ok(Box::new(SqliteTx::new(tx)))
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.reader).await.map_err(backend_error)?;
        Ok(())
    }

    async fn audit_events_after(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at, actor_user_id, actor_agency_id, actor_role, action, target_kind, target_id, reason, \
             request_id, details, prev_hash, hash FROM audit_events WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await
        .map_err(backend_error)?;
        rows.iter().map(rows::audit_event).collect()
    }

    async fn audit_head(&self) -> Result<Option<(i64, String)>, StoreError> {
        sqlx::query_as("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")
            .fetch_optional(&self.reader)
            .await
            .map_err(backend_error)
    }
}
