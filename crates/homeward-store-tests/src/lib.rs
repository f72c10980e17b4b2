//! One contract for every Homeward store. `backends` makes fresh databases on SQLite and PostgreSQL; `world` builds
//! a small cast of agencies, users, people and episodes; `cases` holds the cases, each run on every backend by
//! `tests/contract.rs`.

pub mod backends;
pub mod cases;
pub mod dump;
pub mod world;
