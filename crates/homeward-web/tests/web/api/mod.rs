//! The JSON API as a caller sees it, one file per capability.

mod access;
mod actions;
mod figures;
mod integrity;
mod lists;
mod people;
mod returns;
mod risk;
mod worklist;
