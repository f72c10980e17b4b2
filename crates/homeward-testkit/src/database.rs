//! A database of its own for each test: a SQLite file in a temporary directory, or a new database on the
//! PostgreSQL server named by `HOMEWARD_TEST_POSTGRES_URL`. Every store a test opens is opened by `open_store`.

use std::sync::Arc;

use homeward_core::ports::Store;
use homeward_store::{PostgresStore, SqliteStore};
use sqlx::Connection;

/// The database engines Homeward runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The server PostgreSQL tests make their databases on. A test that asks for it when none is configured fails
/// here, saying how to provide one; `postgres_test!` keeps such tests from running unless one was.
pub fn postgres_server_url() -> String {
    match std::env::var("HOMEWARD_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "this test needs PostgreSQL but HOMEWARD_TEST_POSTGRES_URL is not set{}: run it under \
             scripts/with-postgres.sh, which starts a throwaway server and sets it",
            if std::env::var_os("HOMEWARD_REQUIRE_POSTGRES").is_some() {
                " and HOMEWARD_REQUIRE_POSTGRES says it must run"
            } else {
                ""
            }
        ),
    }
}

/// A new, empty database that nothing has opened yet: for tests that hand its URL to the `homeward` command, or
/// open it themselves with [`FreshDatabase::open`]. A SQLite file lives as long as this value; PostgreSQL test
/// databases are left for the throwaway server to take with it.
#[derive(Debug)]
pub struct FreshDatabase {
    pub backend: Backend,
    pub url: String,
    dir: Option<tempfile::TempDir>,
}

impl FreshDatabase {
    pub async fn new(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory can be made");
                let url = format!("sqlite://{}", dir.path().join("homeward.db").display());
                Self { backend, url, dir: Some(dir) }
            }
            Backend::Postgres => {
                let server = postgres_server_url();
                let mut admin = sqlx::PgConnection::connect(&server).await.expect("the PostgreSQL test server answers");
                // Letters, digits and underscores only, so the name needs no quoting beyond the quotes here.
                let name = format!("homeward_test_{}", uuid::Uuid::new_v4().simple());
                sqlx::raw_sql(&format!("CREATE DATABASE \"{name}\""))
                    .execute(&mut admin)
                    .await
                    .expect("the test server lets its user create databases");
                Self { backend, url: with_database(&server, &name), dir: None }
            }
        }
    }

    /// Opens the store on it, which brings its schema up to date.
    pub async fn open(self) -> TestDatabase {
        TestDatabase { store: open_store(&self.url).await, fresh: self }
    }

    /// The SQLite file, for tests that read it as bytes; `None` on PostgreSQL.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        self.dir.as_ref().map(|dir| dir.path().join("homeward.db"))
    }

    /// Runs raw SQL behind the store's back, as someone with access to the database would: for tamper tests only.
    pub async fn tamper(&self, sql: &str) {
        match self.backend {
            Backend::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&self.url).await.expect("the test database opens");
                sqlx::raw_sql(sql).execute(&mut conn).await.expect("the tampering SQL runs");
            }
            Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.url).await.expect("the test database opens");
                sqlx::raw_sql(sql).execute(&mut conn).await.expect("the tampering SQL runs");
            }
        }
    }
}

/// The server's URL naming another database on it, keeping credentials, host and parameters.
fn with_database(server: &str, database: &str) -> String {
    let mut url = url::Url::parse(server).expect("HOMEWARD_TEST_POSTGRES_URL is a URL");
    url.set_path(database);
    url.into()
}

/// The one place tests construct a store: from a `sqlite://` or `postgres://` URL, as `homeward` does at start-up.
pub async fn open_store(url: &str) -> Arc<dyn Store> {
    if url.starts_with("sqlite:") {
        Arc::new(SqliteStore::connect(url).await.expect("the SQLite test database opens"))
    } else {
        Arc::new(PostgresStore::connect(url).await.expect("the PostgreSQL test database opens"))
    }
}

/// A fresh database with its store open.
#[derive(Debug)]
pub struct TestDatabase {
    pub store: Arc<dyn Store>,
    pub fresh: FreshDatabase,
}

impl TestDatabase {
    pub async fn new(backend: Backend) -> Self {
        FreshDatabase::new(backend).await.open().await
    }

    pub fn backend(&self) -> Backend {
        self.fresh.backend
    }

    pub fn url(&self) -> &str {
        &self.fresh.url
    }

    /// Opens the same database again, as a restarted server would (its migrations run again and must change
    /// nothing).
    pub async fn reopen(&self) -> Arc<dyn Store> {
        open_store(&self.fresh.url).await
    }

    pub async fn tamper(&self, sql: &str) {
        self.fresh.tamper(sql).await;
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn a_test_database_is_named_on_the_same_server() {
        assert_eq!(with_database("postgres://u:p@h:5432/postgres", "t1"), "postgres://u:p@h:5432/t1");
        assert_eq!(with_database("postgres://h:5432", "t1"), "postgres://h:5432/t1");
        assert_eq!(with_database("postgres://h/postgres?sslmode=disable", "t1"), "postgres://h/t1?sslmode=disable");
    }
}
