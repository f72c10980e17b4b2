//! One contract for every Homeward store. `cases` holds the cases, one file per capability, each run on every
//! backend by `tests/contract.rs` on a fresh database from `homeward_testkit`; `dump` reads every table the same
//! way on both backends so their contents can be compared.

pub mod cases;
pub mod dump;
