//! Homeward over HTTP: the GOV.UK web interface, the JSON API under `/api/v1` with its OpenAPI document, health
//! checks, request ids, security headers and the presentation of core errors. Handlers turn requests into domain
//! commands and answers into pages or JSON; every decision about who may do what stays in the core.

pub mod api;
mod assets;
mod auth;
mod client;
mod cookies;
mod error;
mod filters;
mod idempotency;
mod request_id;
mod security;
mod ui;

use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRef, Request};
use axum::response::{IntoResponse, Response};
use homeward_core::Core;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

pub use assets::Assets;
pub use client::TrustedProxies;
pub use error::ApiError;

/// How the web interface is set up.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// GOV.UK Frontend's `dist/govuk` directory (from `npm ci`).
    pub assets_dir: PathBuf,
    /// The service is reached over HTTPS: cookies are Secure and browsers are told to keep to HTTPS.
    pub https: bool,
    /// The reverse proxies in front of the service, whose `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            assets_dir: PathBuf::from("node_modules/govuk-frontend/dist/govuk"),
            https: false,
            trusted_proxies: TrustedProxies::default(),
        }
    }
}

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub core: Core,
    pub assets: Assets,
    pub secure_cookies: bool,
    pub trusted_proxies: TrustedProxies,
    /// Requests under way here with an idempotency key.
    pub(crate) keys: std::sync::Arc<idempotency::KeysInFlight>,
}

impl FromRef<AppState> for Assets {
    fn from_ref(state: &AppState) -> Self {
        state.assets.clone()
    }
}

/// Unknown addresses: JSON under `/api`, a GOV.UK page elsewhere.
async fn not_found(request: Request) -> Response {
    if request.uri().path().starts_with("/api/") {
        ApiError::from(homeward_core::CoreError::NotFound).into_response()
    } else {
        let parts = request.into_parts().0;
        ui::error::HtmlError::not_found(ui::request_id_of(&parts)).into_response()
    }
}

/// A known address asked with a method it does not answer to: the API's error under `/api`, a bare 405 elsewhere
/// (browsers only ever GET and POST what the pages link and submit).
async fn method_not_allowed(request: Request) -> Response {
    if request.uri().path().starts_with("/api/") {
        ApiError::method_not_allowed().into_response()
    } else {
        axum::http::StatusCode::METHOD_NOT_ALLOWED.into_response()
    }
}

/// The whole application.
pub fn app(core: Core, config: &WebConfig) -> Router {
    let state = AppState {
        core,
        assets: Assets::load(&config.assets_dir),
        secure_cookies: config.https,
        trusted_proxies: config.trusted_proxies.clone(),
        keys: std::sync::Arc::default(),
    };
    let (api, openapi) = api_parts();
    let api = api.layer(axum::middleware::from_fn_with_state(state.clone(), idempotency::at_most_once));
    let openapi = std::sync::Arc::new(openapi);
    let router = Router::new()
        .merge(api)
        .merge(ui::router())
        .route("/api/openapi.json", axum::routing::get(move || async move { axum::Json(openapi.as_ref().clone()) }))
        .route("/healthz", axum::routing::get(api::health::healthz))
        .route("/assets/{*path}", axum::routing::get(assets::serve))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // Large enough for a profile photograph; every other body is far smaller.
        .layer(axum::extract::DefaultBodyLimit::max(homeward_core::domain::photo::MAX_PHOTO_BYTES + 64 * 1024))
        .layer(axum::middleware::from_fn_with_state(state.clone(), ui::error::render_error_pages))
        .with_state(state)
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, Duration::from_mins(1)))
        .layer(axum::middleware::from_fn(error::envelope));
    request_id::layer(security::layer(router, config.https))
}

/// The API's routes and their OpenAPI document, with what applies to every POST added.
fn api_parts() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (api, mut openapi) = api::router().split_for_parts();
    idempotency::document(&mut openapi);
    (api, openapi)
}

/// The OpenAPI document, for writing it to a file.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_parts().1
}
