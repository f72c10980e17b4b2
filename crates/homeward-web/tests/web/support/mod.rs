//! The harness every web test uses: `TestApp` starts the real application on a random port with a database of its
//! own and hands out clients signed in as any role at any agency of the test world; `Client` has one typed method
//! per endpoint, JSON and pages alike (`api.rs`, `pages.rs`), each answering a `Reply`.

mod api;
mod app;
mod client;
mod pages;

pub use app::TestApp;
pub use client::{Body, Client, Reply};
pub use homeward_core::domain::agency::AgencyKind;
pub use homeward_core::domain::user::Role;
pub use homeward_testkit::world::WorldAgency;
pub use reqwest::StatusCode;
pub use serde_json::{Value, json};
