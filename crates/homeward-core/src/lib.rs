//! Homeward's core: the domain of missing episodes, the rules that govern them, who may see and do what,
//! and the ports (store, clock) that the outer crates implement. It knows no HTTP and no SQL.

pub mod authz;
pub mod domain;
pub mod error;
pub mod matching;
mod outbox;
pub mod ports;
mod prompts;
pub mod rules;
pub mod services;

pub use authz::{Action, Actor, Identity, Scope};
pub use error::{CoreError, FieldErrors, StoreError};
pub use services::Core;
