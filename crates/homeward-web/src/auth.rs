//! Who is calling: a bearer token becomes the core's [`Actor`], carrying the request id for the audit log.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use homeward_core::{Actor, CoreError};
use tower_http::request_id::RequestId;

use crate::AppState;
use crate::error::ApiError;

/// The authenticated caller of an API route.
#[derive(Debug, Clone)]
pub struct ApiActor(pub Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(CoreError::Unauthenticated)?;
        let mut actor = state.core.authenticate_token(token).await?;
        actor.request_id =
            parts.extensions.get::<RequestId>().and_then(|id| id.header_value().to_str().ok()).map(str::to_owned);
        Ok(Self(actor))
    }
}
