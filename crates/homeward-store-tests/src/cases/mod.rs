//! The contract: what every store must do, as the core uses it, one file per capability. Each case takes a fresh
//! database; `tests/contract.rs` runs every case on every backend.

mod abduction;
mod adults;
mod agencies;
mod audit;
mod audit_batches;
mod audit_spool;
mod contexts;
mod council_returns;
mod education;
mod figures;
mod follow_up;
mod geo;
mod helpline;
mod idempotency;
mod import;
mod import_digests;
mod independence;
mod integrity;
mod intel;
mod links;
mod lists;
mod matching;
mod notify;
mod ofsted;
mod outcomes;
mod permissions;
mod placements;
mod profiles;
mod reporting;
mod retention;
mod returns;
mod risk;
mod rules;
mod scheduler;
mod scope;
mod sessions;
mod subject_access;
mod support;
mod worklist;

pub use abduction::*;
pub use adults::*;
pub use agencies::*;
pub use audit::*;
pub use audit_batches::*;
pub use audit_spool::*;
pub use contexts::*;
pub use council_returns::*;
pub use education::*;
pub use figures::*;
pub use follow_up::*;
pub use geo::*;
pub use helpline::*;
pub use idempotency::*;
pub use import::*;
pub use import_digests::*;
pub use independence::*;
pub use integrity::*;
pub use intel::*;
pub use links::*;
pub use lists::*;
pub use matching::*;
pub use notify::*;
pub use ofsted::*;
pub use outcomes::*;
pub use permissions::*;
pub use placements::*;
pub use profiles::*;
pub use reporting::*;
pub use retention::*;
pub use returns::*;
pub use risk::*;
pub use rules::*;
pub use scheduler::*;
pub use scope::*;
pub use sessions::*;
pub use subject_access::*;
pub use support::*;
pub use worklist::*;

use homeward_core::CoreError;
use homeward_core::services::{NewAssessment, NewReturn, ReturnInput};

/// What an actor's request for a record came to: exactly one of these, so a case says which refusal it expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Granted,
    /// Refused as if the record did not exist: it is out of the actor's scope.
    NotFound,
    /// Refused openly: the actor sees the record, or the list, but their role may not do this.
    Forbidden,
}

/// Sorts an answer into an [`Access`]; any other error fails the case, naming it.
fn access<T>(result: Result<T, CoreError>) -> Access {
    match result {
        Ok(_) => Access::Granted,
        Err(CoreError::NotFound) => Access::NotFound,
        Err(CoreError::Forbidden(_)) => Access::Forbidden,
        Err(other) => panic!("expected the request to be granted or refused for access, got {other:?}"),
    }
}

fn assessment(grade: &str, cse: bool, override_reason: Option<&str>) -> NewAssessment {
    NewAssessment::parse(
        grade,
        "Graded on what the carer and school said this evening.",
        std::collections::BTreeMap::new(),
        cse,
        false,
        override_reason,
    )
    .expect("a valid assessment")
}

/// A return with only its time and outcome.
fn new_return(returned_at: &str, outcome: &str) -> Result<NewReturn, CoreError> {
    NewReturn::parse(&ReturnInput { returned_at, outcome, ..ReturnInput::default() })
}
