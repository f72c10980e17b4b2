//! Homeward's store on PostgreSQL, the production backend: a pool of connections to one database whose schema the
//! store brings up to date at start. Transactions run at PostgreSQL's default isolation, READ COMMITTED; the audit
//! chain takes a row lock to stay linear under concurrent writers.

mod bulk;
mod rows;
mod scope;
mod set_aside;
mod tx;

use std::time::Duration;

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::audit::AuditEvent;
use homeward_core::ports::{Store, Tx};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Connection, PgConnection};

pub use tx::PostgresTx;

/// The store on one PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

/// PostgreSQL's SQLSTATE codes for the two constraint failures the core tells apart from other errors.
const UNIQUE_VIOLATION: &str = "23505";
const FOREIGN_KEY_VIOLATION: &str = "23503";

/// The unique constraints the schema names and the core may act on; their names are the same on SQLite.
const NAMED_UNIQUE_CONSTRAINTS: [&str; 3] = ["agencies_code_key", "users_email_key", "api_tokens_hash_key"];

pub(crate) fn backend_error(error: sqlx::Error) -> StoreError {
    let sqlx::Error::Database(db) = error else {
        return StoreError::Backend(error.to_string());
    };
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

impl PostgresStore {
    /// Connects to the database at a `postgres://` URL and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(30))
            .connect(url)
            .await
            .map_err(backend_error)?;
        // sqlx holds an advisory lock while migrating, so several servers starting at once take turns.
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Backend(format!("could not bring the PostgreSQL schema up to date: {e}")))?;
        Ok(Self { pool })
    }

    /// Closes every connection, waiting for those in use to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// For test suites only: creates an empty database with a unique name on the server at `admin_url` (whose user
/// may create databases) and returns its URL, so each test can have a database of its own. Nothing removes it;
/// test servers are thrown away whole.
pub async fn create_test_database(admin_url: &str) -> Result<String, StoreError> {
    let mut admin = PgConnection::connect(admin_url).await.map_err(backend_error)?;
    let (name,): (String,) = sqlx::query_as("SELECT 'homeward_test_' || replace(gen_random_uuid()::text, '-', '')")
        .fetch_one(&mut admin)
        .await
        .map_err(backend_error)?;
    // The name is made of letters, digits and underscores only, so it needs no quoting beyond the quotes here.
    sqlx::query(&format!("CREATE DATABASE \"{name}\"")).execute(&mut admin).await.map_err(backend_error)?;
    admin.close().await.map_err(backend_error)?;
    Ok(with_database(admin_url, &name))
}

/// The URL with its database name replaced, keeping credentials, host and query parameters.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(base, query)| (base, Some(query)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{database}?{query}"),
        None => format!("{server}/{database}"),
    }
}

#[async_trait]
impl Store for PostgresStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn begin(&self) -> Result<Box<dyn Tx>, StoreError> {
        let tx = self.pool.begin().await.map_err(backend_error)?;
        Ok(Box::new(PostgresTx::new(tx)))
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map_err(backend_error)?;
        Ok(())
    }

    async fn audit_events_after(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at, actor_user_id, actor_agency_id, actor_role, action, target_kind, target_id, reason, \
             request_id, details, prev_hash, hash FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        rows.iter().map(rows::audit_event).collect()
    }

    async fn audit_head(&self) -> Result<Option<(i64, String)>, StoreError> {
        sqlx::query_as("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn a_test_database_url_keeps_everything_but_the_name() {
        assert_eq!(with_database("postgres://u:p@h:5432/postgres", "t1"), "postgres://u:p@h:5432/t1");
        assert_eq!(with_database("postgres://h:5432", "t1"), "postgres://h:5432/t1");
        assert_eq!(with_database("postgres://h/postgres?sslmode=disable", "t1"), "postgres://h/t1?sslmode=disable");
    }
}
