//! The web interface: server-rendered GOV.UK pages (askama, one struct per page) that work without JavaScript.
//! Forms post and redirect (POST-redirect-GET); every state-changing form carries a CSRF token.

mod assess;
mod chrome;
mod episodes;
pub mod error;
mod forms;
mod home;
mod photo;
mod profile;

pub use photo::image as photo_response;
mod report;
mod session;

pub use session::request_id as request_id_of;
mod sign_in;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/sign-in", get(sign_in::form).post(sign_in::submit))
        .route("/sign-out", axum::routing::post(sign_in::sign_out))
        .route("/alerts/{id}/acknowledge", axum::routing::post(home::acknowledge))
        .route("/episodes", get(episodes::list))
        .route("/episodes/new", get(report::form).post(report::submit))
        .route("/episodes/{id}", get(episodes::show))
        .route("/episodes/{id}/assess", get(assess::form).post(assess::submit))
        .route("/episodes/{id}/category", axum::routing::post(episodes::categorise))
        .route("/people/{id}/profile", get(profile::show).post(profile::save))
        .route("/people/{id}/photo", get(photo::show).post(photo::upload))
}
