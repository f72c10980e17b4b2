//! The web interface through its real forms, as a browser uses it: one file per part of the service.

mod actions;
mod education;
mod figures;
mod follow_up;
mod helpline;
mod home;
mod integrity;
mod intel;
mod journeys;
mod links;
mod lists;
mod need_to_know;
mod notices;
mod returns;
mod second_factor;
mod sign_in;
mod support;
mod worklist;
