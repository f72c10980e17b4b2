//! What Homeward's tests share, so each is written once: `database` makes a fresh database per test on either
//! backend and opens every store tests use; `postgres_test!` runs a test on PostgreSQL or visibly skips it;
//! `example` builds synthetic people and episodes; `world` is a small cast of agencies and staff around one
//! looked-after child.
//!
//! A package with PostgreSQL tests takes this crate as a dev-dependency and `build =
//! "../homeward-testkit/postgres-cfg.rs"` as its build script, then writes each such test as
//!
//! ```text
//! homeward_testkit::postgres_test! {
//!     async fn loads_on_postgres() {
//!         let db = TestDatabase::new(Backend::Postgres).await;
//!         // ...
//!     }
//! }
//! ```

pub mod database;
pub mod example;
pub mod geo;
pub mod world;

pub use database::{Backend, FreshDatabase, TestDatabase, open_store, postgres_server_url};

/// A test that needs PostgreSQL: `async fn` (run on a multi-threaded Tokio runtime) or plain `fn`, with any
/// attributes of its own. Unless the package's build script (`postgres-cfg.rs`) saw a server or
/// `HOMEWARD_REQUIRE_POSTGRES`, it is ignored with the reason, so `cargo test` reports it as skipped, never as
/// passed; otherwise it runs, and `postgres_server_url()` fails it when no server was given.
#[macro_export]
macro_rules! postgres_test {
    (@with [$test:meta] [$($attr:tt)*] $($function:tt)+) => {
        $($attr)*
        #[$test]
        #[cfg_attr(
            not(homeward_postgres),
            ignore = "needs PostgreSQL: run under scripts/with-postgres.sh (HOMEWARD_TEST_POSTGRES_URL)"
        )]
        $($function)+
    };
    ($(#[$attr:meta])* async fn $name:ident() $body:block) => {
        $crate::postgres_test!(
            @with [tokio::test(flavor = "multi_thread", worker_threads = 2)] [$(#[$attr])*] async fn $name() $body
        );
    };
    ($(#[$attr:meta])* fn $name:ident() $body:block) => {
        $crate::postgres_test!(@with [test] [$(#[$attr])*] fn $name() $body);
    };
}
