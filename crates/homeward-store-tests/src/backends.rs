//! Fresh, empty databases for tests: a SQLite file in a temporary directory, or a new database on the PostgreSQL
//! server named by `HOMEWARD_TEST_POSTGRES_URL` (the test script starts a throwaway one).

use std::sync::Arc;

use homeward_core::StoreError;
use homeward_core::ports::Store;
use homeward_store::{PostgresStore, SqliteStore};
use sqlx::{Connection, PgConnection};

/// A fresh database: its store, and its URL for tests that go behind the store's back.
#[derive(Debug)]
pub struct TestDatabase {
    pub store: Arc<dyn Store>,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestDatabase {
    let dir = tempfile::tempdir().expect("a temporary directory can be made");
    let url = format!("sqlite://{}", dir.path().join("homeward.db").display());
    let store = SqliteStore::connect(&url).await.expect("a fresh SQLite database opens");
    TestDatabase { store: Arc::new(store), url, _dir: Some(dir) }
}

/// The PostgreSQL server for tests, if one is configured. When `HOMEWARD_REQUIRE_POSTGRES` is set (the test script
/// sets it) a missing server is a failure, never a silent skip.
pub fn postgres_url() -> Option<String> {
    match std::env::var("HOMEWARD_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var_os("HOMEWARD_REQUIRE_POSTGRES").is_none(),
                "HOMEWARD_REQUIRE_POSTGRES is set but HOMEWARD_TEST_POSTGRES_URL is not: PostgreSQL tests cannot run"
            );
            eprintln!("PostgreSQL contract skipped: set HOMEWARD_TEST_POSTGRES_URL (scripts/test.sh does)");
            None
        }
    }
}

pub async fn postgres(admin_url: &str) -> TestDatabase {
    let url = create_test_database(admin_url).await.expect("a test database can be created");
    let store = PostgresStore::connect(&url).await.expect("a fresh PostgreSQL database opens");
    TestDatabase { store: Arc::new(store), url, _dir: None }
}

/// Opens an existing test database again, by its URL (migrations run again and must change nothing).
pub async fn reopen(url: &str) -> TestDatabase {
    let store: Arc<dyn Store> = if url.starts_with("sqlite:") {
        Arc::new(SqliteStore::connect(url).await.expect("the database reopens"))
    } else {
        Arc::new(PostgresStore::connect(url).await.expect("the database reopens"))
    };
    TestDatabase { store, url: url.to_owned(), _dir: None }
}

/// Runs raw SQL behind the store's back, as someone with access to the database would: for tamper tests only.
pub async fn tamper(db: &TestDatabase, sql: &str) {
    use sqlx::Connection;
    if db.url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(&db.url).await.expect("the test database opens");
        sqlx::raw_sql(sql).execute(&mut conn).await.expect("the tampering SQL runs");
    } else {
        let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("the test database opens");
        sqlx::raw_sql(sql).execute(&mut conn).await.expect("the tampering SQL runs");
    }
}

/// For test suites only: creates an empty database with a unique name on the server at `admin_url` (whose user may
/// create databases) and returns its URL, so each test can have a database of its own. Nothing removes it; test
/// servers are thrown away whole.
pub async fn create_test_database(admin_url: &str) -> Result<String, StoreError> {
    let mut admin = PgConnection::connect(admin_url).await.map_err(|e| StoreError::Backend(e.to_string()))?;
    let (name,): (String,) = sqlx::query_as("SELECT 'homeward_test_' || replace(gen_random_uuid()::text, '-', '')")
        .fetch_one(&mut admin)
        .await
        .map_err(|e| StoreError::Backend(e.to_string()))?;
    // The name is made of letters, digits and underscores only, so it needs no quoting beyond the quotes here.
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .await
        .map_err(|e| StoreError::Backend(e.to_string()))?;
    admin.close().await.map_err(|e| StoreError::Backend(e.to_string()))?;
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
