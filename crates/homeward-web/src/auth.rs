//! Who is calling the API: a bearer token, or the browser's signed-in session. A session may only change things
//! when the request also carries the session's CSRF token in `x-csrf-token`, so another site cannot use it.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use homeward_core::domain::credentials::SessionSecret;
use homeward_core::{Actor, CoreError};

use crate::error::ApiError;
use crate::{AppState, cookies};

/// The authenticated caller of an API route.
#[derive(Debug, Clone)]
pub struct ApiActor(pub Actor);

async fn by_session(parts: &Parts, state: &AppState, secret: &SessionSecret) -> Result<Actor, ApiError> {
    if !parts.method.is_safe() {
        let sent = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or_default();
        if !cookies::same_token(sent, &secret.csrf_token()) {
            return Err(ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "csrf",
                "A change made with a signed-in session must carry its CSRF token in the x-csrf-token header.",
            ));
        }
    }
    Ok(state.core.current_user(secret).await?.actor)
}

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // Authenticated already by a layer (idempotency keys belong to the caller).
        if let Some(actor) = parts.extensions.get::<Self>() {
            return Ok(actor.clone());
        }
        let bearer = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        let session = cookies::get(&parts.headers, cookies::SESSION).and_then(|value| SessionSecret::parse(&value));
        let mut actor = match (bearer, session) {
            (Some(token), _) => state.core.authenticate_token(token).await?,
            (None, Some(secret)) => by_session(parts, state, &secret).await?,
            (None, None) => return Err(CoreError::Unauthenticated.into()),
        };
        actor.request_id = crate::request_id::from_extensions(&parts.extensions);
        Ok(Self(actor))
    }
}
