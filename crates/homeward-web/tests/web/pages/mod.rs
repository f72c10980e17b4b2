//! The web interface through its real forms, as a browser uses it: one file per part of the service.

mod actions;
mod figures;
mod integrity;
mod journeys;
mod lists;
mod sign_in;
mod worklist;
