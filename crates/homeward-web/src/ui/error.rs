//! Errors of the web interface as GOV.UK error pages. A handler answers with an [`HtmlError`]; the response
//! carries what to say as an extension, and one layer ([`render_error_pages`]) draws the page with the site's
//! chrome, so every error looks the same and shows the request id to quote.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::CoreError;

use super::chrome::Chrome;
use crate::AppState;

/// What an error page says.
#[derive(Debug, Clone)]
pub struct HtmlError {
    status: StatusCode,
    heading: &'static str,
    message: String,
    request_id: Option<String>,
}

impl HtmlError {
    pub fn new(error: CoreError, request_id: Option<String>) -> Self {
        let (status, heading, message) = match error {
            CoreError::NotFound => (
                StatusCode::NOT_FOUND,
                "Page not found",
                "If you typed the web address, check it is correct. If you followed a link, the record may not \
                 exist or may not be shared with your agency."
                    .to_owned(),
            ),
            CoreError::Forbidden(why) => {
                (StatusCode::FORBIDDEN, "You cannot see this page", format!("Your role cannot do this: {why}."))
            }
            CoreError::Unauthenticated => {
                (StatusCode::UNAUTHORIZED, "Sign in to continue", "Your session has ended.".to_owned())
            }
            CoreError::Invalid(_) | CoreError::Rule { .. } | CoreError::AlreadyMissing { .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, "There is a problem", error.to_string())
            }
            CoreError::Store(homeward_core::StoreError::Busy(why)) => {
                tracing::warn!(%why, "busy: asked to try again");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Homeward is busy",
                    "A long job is running or many people are using it at once. Nothing was changed: go back and \
                     try again in a few seconds."
                        .to_owned(),
                )
            }
            CoreError::Store(homeward_core::StoreError::Unavailable(why)) => {
                tracing::warn!(%why, "database unavailable: asked to try again");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Homeward is not available just now",
                    "Homeward cannot reach its records for a moment. What you sent may or may not have been saved: \
                     check before sending it again, in a few seconds."
                        .to_owned(),
                )
            }
            CoreError::Store(store) => {
                tracing::error!(error = %store, "store failure");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Sorry, there is a problem with the service",
                    "Try again later. If it keeps happening, contact your service desk and quote the reference below."
                        .to_owned(),
                )
            }
        };
        Self { status, heading, message, request_id }
    }

    /// A form came back without the token this session gave it: nothing was changed.
    pub fn csrf(request_id: Option<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            heading: "Your form has expired",
            message: "Nothing was changed. Go back, reload the page and try again.".to_owned(),
            request_id,
        }
    }

    pub fn not_found(request_id: Option<String>) -> Self {
        Self::new(CoreError::NotFound, request_id)
    }
}

impl IntoResponse for HtmlError {
    fn into_response(self) -> Response {
        if self.status == StatusCode::UNAUTHORIZED {
            return Redirect::to("/sign-in?expired=1").into_response();
        }
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    heading: &'static str,
    message: String,
    request_id: Option<String>,
}

/// Draws the page for any response that carries an [`HtmlError`], with the signed-in user's header when the
/// browser has a live session, so a person who followed a bad link still has their navigation.
pub async fn render_error_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let session = crate::cookies::get(request.headers(), crate::cookies::SESSION)
        .and_then(|value| homeward_core::domain::credentials::SessionSecret::parse(&value));
    let mut response = next.run(request).await;
    let Some(error) = response.extensions_mut().remove::<HtmlError>() else { return response };
    let signed_in = match session {
        Some(secret) => state.core.current_user(&secret).await.ok().map(|current| super::session::SignedIn {
            current,
            secret,
            request_id: error.request_id.clone(),
        }),
        None => None,
    };
    let chrome = match &signed_in {
        Some(signed_in) => Chrome::signed_in(&state.assets, error.heading, signed_in, super::chrome::Nav::None),
        None => Chrome::anonymous(&state.assets, error.heading),
    };
    let page = ErrorPage { chrome, heading: error.heading, message: error.message, request_id: error.request_id };
    let mut page = super::chrome::render(&page).into_response();
    *page.status_mut() = error.status;
    if error.status == StatusCode::SERVICE_UNAVAILABLE {
        let wait = axum::http::HeaderValue::from_static(crate::error::RETRY_AFTER_SECONDS);
        page.headers_mut().insert(axum::http::header::RETRY_AFTER, wait);
    }
    page
}
