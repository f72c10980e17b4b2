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
        let secret = cookies::get(&parts.headers, cookies::SESSION)
            .and_then(|value| SessionSecret::parse(&value))
            .ok_or_else(|| Redirect::to("/sign-in").into_response())?;
        match state.core.current_user(&secret).await {
            Ok(mut current) => {
                current.actor.request_id.clone_from(&request_id);
                Ok(Self { current, secret, request_id })
            }
            Err(CoreError::Unauthenticated) => Err(Redirect::to("/sign-in?expired=1").into_response()),
            Err(other) => Err(HtmlError::new(other, request_id).into_response()),
        }
    }
}
