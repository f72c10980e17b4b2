//! The web interface: server-rendered GOV.UK pages (askama, one struct per page) that work without JavaScript.
//! Forms post and redirect (POST-redirect-GET); every state-changing form carries a CSRF token.

mod alert_email;
mod assess;
mod charts;
mod chrome;
mod contexts;
mod council_returns;
mod education;
mod episode_list;
mod episodes;
pub mod error;
mod figures;
mod follow_up;
mod forms;
mod given_up;
mod helpline;
mod home;
mod intel;
mod interviews;
mod links;
mod long_term;
mod outcome;
mod photo;
mod placements;
mod places;
mod profile;
mod profile_versions;

pub use council_returns::{ReturnQuery, return_download};
pub use photo::image as photo_response;
mod abduction;
mod ofsted;
mod recommendations;
mod report;
mod returns;
mod second_factor;
mod session;
mod support;

pub use session::request_id as request_id_of;
mod sign_in;
mod users;
mod worklist;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/sign-in", get(sign_in::form).post(sign_in::submit))
        .route("/sign-in/code", get(second_factor::code_form).post(second_factor::code_submit))
        .route("/sign-in/recovery-code", get(second_factor::recovery_form).post(second_factor::recovery_submit))
        .route("/sign-in/set-up", get(second_factor::set_up_form).post(second_factor::set_up_submit))
        .route("/sign-out", axum::routing::post(sign_in::sign_out))
        .route("/users", get(users::list))
        .route("/users/unlock", axum::routing::post(users::unlock))
        .route("/users/reset-second-factor", axum::routing::post(users::reset_second_factor))
        .route("/alerts/acknowledge", axum::routing::post(home::acknowledge_many))
        .route("/account/alert-emails", get(alert_email::show).post(alert_email::save))
        .route("/notifications/given-up", get(given_up::list))
        .route("/episodes", get(episode_list::list))
        .route("/episodes/new", get(report::form).post(report::submit))
        .route("/episodes/{id}", get(episodes::show))
        .route("/episodes/{id}/assess", get(assess::form).post(assess::submit))
        .route("/episodes/{id}/category", axum::routing::post(episodes::categorise))
        .route("/episodes/{id}/return", get(returns::return_form).post(returns::return_submit))
        .route("/episodes/{id}/safe-and-well", get(returns::safe_and_well_form).post(returns::safe_and_well_submit))
        .route("/episodes/{id}/return-conversation", axum::routing::post(returns::conversation))
        .route("/episodes/{id}/legacy-absent-review", get(follow_up::legacy_form).post(follow_up::legacy_submit))
        .route(
            "/episodes/{id}/missing-description",
            get(follow_up::description_form).post(follow_up::description_submit),
        )
        .route("/episodes/{id}/long-term", get(follow_up::long_term_form).post(follow_up::long_term_submit))
        .route("/episodes/{id}/long-term/review", get(follow_up::review_form).post(follow_up::review_submit))
        .route("/long-term-missing", get(long_term::list))
        .route("/people/{id}/profile/versions", get(profile_versions::list))
        .route("/people/{id}/profile/versions/{version}", get(profile_versions::show))
        .route("/return-interviews", get(interviews::list))
        .route("/return-interviews/{id}", get(interviews::show))
        .route("/return-interviews/{id}/assign", axum::routing::post(interviews::assign))
        .route("/return-interviews/{id}/outcome", get(outcome::form).post(outcome::submit))
        .route("/link-proposals", get(links::list))
        .route("/link-proposals/{id}", get(links::review_form).post(links::review_submit))
        .route("/link-proposals/{id}/undo", axum::routing::post(links::undo))
        .route("/recommendations", get(recommendations::list))
        .route(
            "/recommendations/{id}/response",
            get(recommendations::respond_form).post(recommendations::respond_submit),
        )
        .route("/abduction-notices", get(abduction::list))
        .route("/abduction-notices/new", get(abduction::new_form).post(abduction::new_submit))
        .route("/ofsted-notifications", get(ofsted::list))
        .route("/ofsted-notifications/{id}", get(ofsted::record_form).post(ofsted::record_submit))
        .route("/people/{id}/profile", get(profile::show).post(profile::save))
        .route("/people/{id}/placements", get(placements::show).post(placements::record))
        .route("/placements/{id}/end", axum::routing::post(placements::end))
        .route("/people/{id}/photo", get(photo::show).post(photo::upload))
        .route("/people/{id}/network", get(intel::show))
        .route("/places", get(places::search))
        .route("/places/{id}", get(places::place))
        .route("/associates/{id}", get(places::associate))
        .route("/hotspots", get(places::hotspots))
        .route("/contexts", get(contexts::list))
        .route("/contexts/new", get(contexts::new_form).post(contexts::new_submit))
        .route("/contexts/{id}", get(contexts::show))
        .route("/contexts/{id}/close", axum::routing::post(contexts::close))
        .route("/return-interviews/{id}/support/new", get(support::new_form).post(support::new_submit))
        .route("/support-plans", get(support::list))
        .route("/support-plans/{id}", get(support::show))
        .route("/support-plans/{id}/sessions", axum::routing::post(support::session))
        .route("/support-plans/{id}/review", axum::routing::post(support::review))
        .route("/support-plans/{id}/outcome", axum::routing::post(support::outcome))
        .route("/people/{id}/support", get(support::person))
        .route("/people/{id}/education", get(education::show).post(education::record))
        .route("/missing-education/{id}/end", axum::routing::post(education::end))
        .route("/helpline-contacts", get(helpline::list))
        .route("/helpline-contacts/new", get(helpline::new_form).post(helpline::new_submit))
        .route("/helpline-contacts/{id}", get(helpline::show))
        .route("/helpline-contacts/{id}/link", axum::routing::post(helpline::link))
        .route("/helpline-contacts/{id}/unlink", axum::routing::post(helpline::unlink))
        .route("/people/{id}/helpline", get(helpline::person))
        .route("/helpline-figures", get(helpline::figures))
        .route("/figures", get(figures::show))
        .route("/figures.csv", get(figures::csv))
        .route("/returns", get(council_returns::show))
        .route("/returns/{kind}", get(council_returns::download))
}
