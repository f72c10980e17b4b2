//! The JSON API as a caller sees it, one file per capability.

mod access;
mod actions;
mod adults;
mod bounds;
mod busy;
mod council_returns;
mod education;
mod figures;
mod follow_up;
mod fuzz;
mod helpline;
mod idempotency;
mod independence;
mod integrity;
pub mod intel;
pub mod links;
mod lists;
mod long_term;
pub mod need_to_know;
mod notices;
mod notifications;
mod people;
mod placements;
mod returns;
mod risk;
mod support;
mod worklist;
