//! The JSON API as a caller sees it, one file per capability.

mod access;
mod actions;
mod figures;
mod lists;
pub mod need_to_know;
mod people;
mod returns;
mod risk;
