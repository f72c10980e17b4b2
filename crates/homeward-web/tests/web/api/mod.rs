//! The JSON API as a caller sees it, one file per capability.

mod access;
mod actions;
mod figures;
mod lists;
mod people;
mod placements;
mod returns;
mod risk;
