//! Places and people: the intelligence across episodes that exposes exploitation (issue 15).
//!
//! Depends only on the core. The core keeps the records, decides who may see them and audits every question; this
//! crate reads the geography's files and draws the pictures.

pub mod onspd;
pub mod picture;
