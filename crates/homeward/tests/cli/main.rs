//! The `homeward` command as an operator uses it: real processes, each test in a directory and on a database of
//! its own, all run through one runner (`support`).

mod audit;
mod demo;
mod figures;
mod geo;
mod helpline;
mod import;
mod link;
mod link_run;
mod notify;
mod operators;
mod retention;
mod returns;
mod ssda903;
mod stats;
mod subject_access;
mod support;
