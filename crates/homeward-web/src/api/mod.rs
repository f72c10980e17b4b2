//! The JSON API under `/api/v1`. Routes are registered together with their OpenAPI descriptions, so the document
//! served at `/api/openapi.json` cannot drift from what is served.

pub mod abduction;
pub mod alerts;
mod answers;
pub mod contexts;
pub mod council_returns;
pub mod education;
pub mod episodes;
pub mod follow_up;
pub mod health;
pub mod helpline;
pub mod intel;
mod intel_views;
pub mod links;
pub mod long_term;
pub mod notifications;
pub mod ofsted;
pub mod people;
pub mod placements;
pub mod recommendations;
pub mod returns;
pub mod risk;
pub mod stats;
pub mod support;
pub mod views;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Homeward API",
        description = "The shared record of missing episodes for police forces, councils, return interview \
                       providers and care providers. Every call needs a bearer token (`homeward token create`) or a \
                       signed-in session; every read of a personal record is audited. A record outside the caller's \
                       scope answers 404, exactly as one that does not exist. Lists answer `{items, next}`: pass \
                       `next` back as `cursor` for the following page."
    ),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    components(schemas(crate::error::ErrorBody))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every `/api/v1` route with its OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    let mut router = routes();
    answers::declare(router.get_openapi_mut());
    router
}

fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(episodes::list_episodes, episodes::report_episode))
        .routes(routes!(episodes::get_episode))
        .routes(routes!(people::create_person))
        .routes(routes!(people::search_matches))
        .routes(routes!(people::get_person))
        .routes(routes!(people::save_profile))
        .routes(routes!(people::get_photo, people::put_photo))
        .routes(routes!(placements::record))
        .routes(routes!(placements::end))
        .routes(routes!(risk::record))
        .routes(routes!(episodes::change_category))
        .routes(routes!(follow_up::review_legacy_absent))
        .routes(routes!(follow_up::record_missing_description))
        .routes(routes!(follow_up::profile_versions))
        .routes(routes!(follow_up::profile_version))
        .routes(routes!(long_term::list))
        .routes(routes!(long_term::get, long_term::put))
        .routes(routes!(long_term::review))
        .routes(routes!(returns::record))
        .routes(routes!(returns::list))
        .routes(routes!(returns::get))
        .routes(routes!(returns::assign))
        .routes(routes!(returns::outcome))
        .routes(routes!(returns::safe_and_well))
        .routes(routes!(returns::return_conversation))
        .routes(routes!(intel::list_places))
        .routes(routes!(intel::get_place))
        .routes(routes!(intel::get_associate))
        .routes(routes!(intel::network))
        .routes(routes!(intel::hotspots))
        .routes(routes!(contexts::open, contexts::list))
        .routes(routes!(contexts::get))
        .routes(routes!(contexts::close))
        .routes(routes!(links::list))
        .routes(routes!(links::confirm))
        .routes(routes!(links::reject))
        .routes(routes!(links::undo))
        .routes(routes!(recommendations::list))
        .routes(routes!(recommendations::respond))
        .routes(routes!(abduction::record, abduction::list))
        .routes(routes!(ofsted::list))
        .routes(routes!(ofsted::get, ofsted::record))
        .routes(routes!(alerts::list))
        .routes(routes!(alerts::acknowledge))
        .routes(routes!(alerts::acknowledge_many))
        .routes(routes!(alerts::counts))
        .routes(routes!(notifications::given_up))
        .routes(routes!(notifications::alert_emails, notifications::choose_alert_emails))
        .routes(routes!(stats::key_figures))
        .routes(routes!(council_returns::download))
        .routes(routes!(support::make))
        .routes(routes!(support::list))
        .routes(routes!(support::for_person))
        .routes(routes!(support::get))
        .routes(routes!(support::session))
        .routes(routes!(support::review))
        .routes(routes!(support::outcome))
        .routes(routes!(education::record, education::list))
        .routes(routes!(education::end))
        .routes(routes!(helpline::log, helpline::list))
        .routes(routes!(helpline::get))
        .routes(routes!(helpline::link))
        .routes(routes!(helpline::unlink))
        .routes(routes!(helpline::for_person))
        .routes(routes!(helpline::figures))
}
