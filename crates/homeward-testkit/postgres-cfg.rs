//! The build script of every package with PostgreSQL tests (`build = "../homeward-testkit/postgres-cfg.rs"`).
//!
//! It sets the `homeward_postgres` cfg when the tests can reach a PostgreSQL server (`HOMEWARD_TEST_POSTGRES_URL`,
//! which `scripts/with-postgres.sh` exports) or must (`HOMEWARD_REQUIRE_POSTGRES`, which `scripts/test.sh` sets).
//! Without it `homeward_testkit::postgres_test!` marks each PostgreSQL test ignored with the reason, so `cargo
//! test` says what it skipped instead of passing a test that checked nothing; with it the tests run, and fail when
//! no server was given.

fn main() {
    println!("cargo::rerun-if-env-changed=HOMEWARD_TEST_POSTGRES_URL");
    println!("cargo::rerun-if-env-changed=HOMEWARD_REQUIRE_POSTGRES");
    println!("cargo::rustc-check-cfg=cfg(homeward_postgres)");
    let server = std::env::var_os("HOMEWARD_TEST_POSTGRES_URL").is_some_and(|url| !url.is_empty());
    if server || std::env::var_os("HOMEWARD_REQUIRE_POSTGRES").is_some() {
        println!("cargo::rustc-cfg=homeward_postgres");
    }
}
