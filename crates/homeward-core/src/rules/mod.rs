//! The domain's rules as pure functions: no store, no clock, so each is tested on its own.

pub mod alerts;
pub mod clock;
pub mod deadlines;
pub mod digest;
pub mod geo;
pub mod idempotency;
pub mod independence;
pub mod indicators;
pub mod integrity;
pub mod intel;
pub mod interviews;
pub mod long_term;
pub mod matching;
pub mod notify;
pub mod placements;
pub mod police;
pub mod risk;
pub mod sessions;
pub mod spreadsheet;
pub mod ssda903;
pub mod timed;
pub mod totp;
pub mod workflow;
