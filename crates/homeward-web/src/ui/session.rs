//! The signed-in user of a page request. A request without a live session is sent to sign in.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::CoreError;
use homeward_core::domain::credentials::SessionSecret;
use homeward_core::services::CurrentUser;

use super::error::HtmlError;
use crate::{AppState, cookies};

/// A signed-in page request: who, their session's secret (for its CSRF token), and the request id.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub current: CurrentUser,
    pub secret: SessionSecret,
    pub request_id: Option<String>,
}

pub fn request_id(parts: &Parts) -> Option<String> {
    crate::request_id::from_extensions(&parts.extensions)
}

/// The session cookie's secret; without one, the browser is sent to sign in.
pub fn session_cookie(parts: &Parts) -> Result<SessionSecret, Redirect> {
    cookies::get(&parts.headers, cookies::SESSION)
        .and_then(|value| SessionSecret::parse(&value))
        .ok_or_else(|| Redirect::to("/sign-in"))
}

/// A session that is over (or was never one) sends the browser to sign in again; anything else is an error page.
pub fn session_ended(error: CoreError, request_id: Option<String>) -> Response {
    match error {
        CoreError::Unauthenticated => Redirect::to("/sign-in?expired=1").into_response(),
        other => HtmlError::new(other, request_id).into_response(),
    }
}

impl SignedIn {
    /// An id from the path; one that does not parse names nothing, so it is not found.
    pub fn id<T: std::str::FromStr>(&self, text: &str) -> Result<T, HtmlError> {
        text.parse().map_err(|_| HtmlError::not_found(self.request_id.clone()))
    }

    pub fn csrf_token(&self) -> String {
        self.secret.csrf_token()
    }

    /// Checks a submitted form's CSRF token against the session's.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), HtmlError> {
        if cookies::same_token(submitted, &self.csrf_token()) {
            Ok(())
        } else {
            Err(HtmlError::csrf(self.request_id.clone()))
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let request_id = request_id(parts);
        let secret = session_cookie(parts).map_err(IntoResponse::into_response)?;
        let mut current = state.core.current_user(&secret).await.map_err(|e| session_ended(e, request_id.clone()))?;
        current.actor.request_id.clone_from(&request_id);
        Ok(Self { current, secret, request_id })
    }
}
