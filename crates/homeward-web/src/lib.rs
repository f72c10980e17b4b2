//! Homeward over HTTP: the JSON API under `/api/v1` with its OpenAPI document, health checks, request ids and
//! the presentation of core errors. Handlers turn requests into domain commands and answers into response shapes;
//! every decision about who may do what stays in the core.

pub mod api;
mod auth;
mod error;
mod request_id;

use std::time::Duration;

use axum::Router;
use homeward_core::Core;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::ApiError;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub core: Core,
}

/// The whole application: API, OpenAPI document and health check, with request ids and tracing on every request.
pub fn app(core: Core) -> Router {
    let state = AppState { core };
    let (api, openapi) = api::router().split_for_parts();
    let openapi = std::sync::Arc::new(openapi);
    let router = Router::new()
        .merge(api)
        .route("/api/openapi.json", axum::routing::get(move || async move { axum::Json(openapi.as_ref().clone()) }))
        .route("/healthz", axum::routing::get(api::health::healthz))
        .fallback(|| async { ApiError::from(homeward_core::CoreError::NotFound) })
        .with_state(state)
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, Duration::from_mins(1)));
    request_id::layer(router)
}

/// The OpenAPI document, for writing it to a file.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::router().into_openapi()
}
