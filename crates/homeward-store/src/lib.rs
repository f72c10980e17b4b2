//! Homeward's store: one implementation over SQLite (the embedded default) and PostgreSQL (production). Each query's
//! SQL is written once, in `tx/`; rows are decoded once, in `rows`; the [`dialect::Dialect`] of each database binds
//! values, reads them back and supplies the few hooks, each named for what differs, where the two cannot share text.
//! Migrations stay one folder per database because column types differ (text timestamps on SQLite, `timestamptz`
//! on PostgreSQL); a contract test proves the two schemas have the same tables, columns, indexes and constraints.

mod audit;
mod dialect;
mod group_commit;
mod plans;
mod postgres;
mod rows;
mod scope;
mod sqlite;
mod tables;
mod tx;
mod value;

use std::sync::Arc;

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::audit::{AuditEvent, NewAuditEvent};
use homeward_core::ports::{Store, Tx};

pub use postgres::PostgresDialect;
pub use sqlite::SqliteDialect;
use tx::SqlTx;

use crate::group_commit::GroupCommit;

use crate::dialect::{Dialect, Row};
use crate::value::query;

/// The store on one database of dialect `D`: [`SqliteStore`] or [`PostgresStore`].
#[derive(Debug, Clone)]
#[allow(private_bounds, reason = "the dialects are the crate's own; callers name them through the aliases")]
pub struct SqlStore<D: Dialect> {
    pools: D::Pools,
    /// The reads' audit events waiting for, or being written in, a shared transaction.
    audit: Arc<GroupCommit<()>>,
    /// Whether a long job was found holding the audit chain a moment ago (reads' events then go to the spool).
    chain_held: Arc<audit::ChainHeld>,
}

/// The store on one SQLite database file.
pub type SqliteStore = SqlStore<SqliteDialect>;
/// The store on one PostgreSQL database.
pub type PostgresStore = SqlStore<PostgresDialect>;

#[allow(private_bounds, reason = "the dialects are the crate's own; callers name them through the aliases")]
impl<D: Dialect> SqlStore<D> {
    /// Opens the database at `url` (creating a SQLite file if needed) and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Ok(Self { pools: D::open(url).await?, audit: Arc::default(), chain_held: Arc::default() })
    }

    /// Closes every connection, checkpointing SQLite's write-ahead log.
    pub async fn close(&self) {
        D::close(&self.pools).await;
    }
}

/// The store for a database URL: `postgres://` (or `postgresql://`) selects PostgreSQL, anything else SQLite.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PostgresStore::connect(url).await?))
    } else {
        Ok(Arc::new(SqliteStore::connect(url).await?))
    }
}

#[async_trait]
impl<D: Dialect> Store for SqlStore<D> {
    fn backend(&self) -> &'static str {
        D::NAME
    }

    async fn begin(&self) -> Result<Box<dyn Tx>, StoreError> {
        Ok(Box::new(SqlTx::<D>::for_work(D::begin(&self.pools).await?)))
    }

    async fn begin_read(&self) -> Result<Box<dyn Tx>, StoreError> {
        Ok(Box::new(SqlTx::<D>::new(D::begin_read(&self.pools).await?)))
    }

    async fn record_audit(&self, event: NewAuditEvent) -> Result<(), StoreError> {
        let (pools, held) = (self.pools.clone(), Arc::clone(&self.chain_held));
        self.audit.append(event, move |events| async move { audit::keep::<D>(&pools, &held, events).await }).await
    }

    async fn seal_spooled_audit(&self) -> Result<u64, StoreError> {
        audit::seal_spooled::<D>(&self.pools, &self.chain_held).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        let mut conn = D::begin_read(&self.pools).await?;
        D::fetch_optional(&mut conn, query!("SELECT 1")).await.map(drop)
    }

    async fn audit_events_after(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError> {
        let mut conn = D::begin_read(&self.pools).await?;
        let sql = "SELECT seq, at, actor_user_id, actor_agency_id, actor_role, action, target_kind, target_id, reason, \
                   request_id, details, prev_hash, hash FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2";
        D::fetch_all(&mut conn, query!(sql, after, limit)).await?.iter().map(rows::audit_event).collect()
    }

    async fn audit_head(&self) -> Result<Option<(i64, String)>, StoreError> {
        let mut conn = D::begin_read(&self.pools).await?;
        let head =
            D::fetch_optional(&mut conn, query!("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")).await?;
        head.map(|row| {
            let seq = row.int("last_seq")?.ok_or_else(|| dialect::corrupt("last_seq"))?;
            let hash = row.text("last_hash")?.ok_or_else(|| dialect::corrupt("last_hash"))?;
            Ok((seq, hash))
        })
        .transpose()
    }
}
