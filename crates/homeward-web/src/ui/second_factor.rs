//! The second step of signing in, for a session that has passed the password: a code from the authenticator app
//! or a recovery code, or, for a user without a second factor yet, setting one up (the secret shown as text, so
//! no JavaScript or camera is needed) and receiving recovery codes once. Such a session reads nothing else; its
//! forms carry the CSRF token derived from its secret.

use askama::Template;
use axum::extract::{Form, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::CoreError;
use homeward_core::domain::credentials::SessionSecret;
use homeward_core::domain::second_factor::RecoveryCode;
use homeward_core::services::{SecondFactorAnswer, SignedIn};
use serde::Deserialize;

use super::chrome::{Chrome, render, render_form};
use super::error::HtmlError;
use super::session::{request_id, session_cookie, session_ended};
use super::sign_in::source;
use crate::{AppState, cookies};

/// A request from a session waiting for the second factor; anything else is sent back to sign in.
#[derive(Debug)]
pub struct Waiting {
    secret: SessionSecret,
    enrolled: bool,
    request_id: Option<String>,
}

impl FromRequestParts<AppState> for Waiting {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let request_id = request_id(parts);
        let secret = session_cookie(parts).map_err(IntoResponse::into_response)?;
        let waiting =
            state.core.awaiting_second_factor(&secret).await.map_err(|e| session_ended(e, request_id.clone()))?;
        Ok(Self { secret, enrolled: waiting.enrolled, request_id })
    }
}

impl Waiting {
    fn check_csrf(&self, submitted: &str) -> Result<(), HtmlError> {
        if cookies::same_token(submitted, &self.secret.csrf_token()) {
            Ok(())
        } else {
            Err(HtmlError::csrf(self.request_id.clone()))
        }
    }
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct CodePage {
    chrome: Chrome,
    csrf_token: String,
    /// A recovery code rather than the app's code.
    recovery: bool,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "set_up.html")]
struct SetUpPage {
    chrome: Chrome,
    csrf_token: String,
    secret: String,
    uri: String,
    error: Option<String>,
}

/// The error summary's one entry: the code field.
fn code_errors(error: Option<&String>) -> Vec<(String, String)> {
    error.map(|message| ("code".to_owned(), message.clone())).into_iter().collect()
}

impl CodePage {
    fn errors(&self) -> Vec<(String, String)> {
        code_errors(self.error.as_ref())
    }
}

impl SetUpPage {
    fn errors(&self) -> Vec<(String, String)> {
        code_errors(self.error.as_ref())
    }
}

#[derive(Template)]
#[template(path = "recovery_codes.html")]
struct RecoveryCodesPage {
    chrome: Chrome,
    codes: Vec<String>,
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    csrf_token: String,
}

fn code_page(state: &AppState, waiting: &Waiting, recovery: bool, error: Option<String>) -> Response {
    let title = match (recovery, error.is_some()) {
        (false, false) => "Enter the code from your authenticator app",
        (false, true) => "Error: Enter the code from your authenticator app",
        (true, false) => "Enter a recovery code",
        (true, true) => "Error: Enter a recovery code",
    };
    let has_errors = error.is_some();
    let page = CodePage {
        chrome: Chrome::anonymous(&state.assets, title),
        csrf_token: waiting.secret.csrf_token(),
        recovery,
        error,
    };
    render_form(&page, has_errors)
}

/// Sets the signed-in session's cookie in place of the waiting one.
fn with_session(state: &AppState, headers: &HeaderMap, signed_in: &SignedIn, mut response: Response) -> Response {
    let secure = cookies::is_https(headers, state.secure_cookies);
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookies::set(cookies::SESSION, signed_in.secret.expose(), None, secure));
    response
}

/// How a failed step is answered: the form again with its message, or back to sign in.
fn failed(error: CoreError, request_id: Option<String>, again: impl FnOnce(String) -> Response) -> Response {
    match error {
        CoreError::Rule { message, .. } => again(message),
        other => session_ended(other, request_id),
    }
}

/// `GET /sign-in/code`.
pub async fn code_form(State(state): State<AppState>, waiting: Waiting) -> Response {
    if !waiting.enrolled {
        return Redirect::to("/sign-in/set-up").into_response();
    }
    code_page(&state, &waiting, false, None)
}

/// `GET /sign-in/recovery-code`.
pub async fn recovery_form(State(state): State<AppState>, waiting: Waiting) -> Response {
    code_page(&state, &waiting, true, None)
}

async fn pass(
    state: &AppState,
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
    waiting: &Waiting,
    answer: SecondFactorAnswer,
) -> Response {
    let recovery = matches!(answer, SecondFactorAnswer::RecoveryCode(_));
    let source = source(state, headers, extensions);
    match state.core.pass_second_factor(&waiting.secret, &answer, source, waiting.request_id.clone()).await {
        Ok(signed_in) => with_session(state, headers, &signed_in, Redirect::to("/").into_response()),
        Err(error) => {
            failed(error, waiting.request_id.clone(), |message| code_page(state, waiting, recovery, Some(message)))
        }
    }
}

type CodeSubmission = Result<Form<CodeForm>, axum::extract::rejection::FormRejection>;

/// `POST /sign-in/code`.
pub async fn code_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    waiting: Waiting,
    form: CodeSubmission,
) -> Result<Response, HtmlError> {
    submit(&state, &headers, &extensions, &waiting, form, SecondFactorAnswer::Code).await
}

/// `POST /sign-in/recovery-code`.
pub async fn recovery_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    waiting: Waiting,
    form: CodeSubmission,
) -> Result<Response, HtmlError> {
    submit(&state, &headers, &extensions, &waiting, form, SecondFactorAnswer::RecoveryCode).await
}

async fn submit(
    state: &AppState,
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
    waiting: &Waiting,
    form: CodeSubmission,
    answer: fn(String) -> SecondFactorAnswer,
) -> Result<Response, HtmlError> {
    let Ok(Form(form)) = form else { return Err(HtmlError::csrf(waiting.request_id.clone())) };
    waiting.check_csrf(&form.csrf_token)?;
    Ok(pass(state, headers, extensions, waiting, answer(form.code)).await)
}

async fn set_up_page(state: &AppState, waiting: &Waiting, error: Option<String>) -> Result<Response, HtmlError> {
    let enrolment =
        state.core.enrolment(&waiting.secret).await.map_err(|e| HtmlError::new(e, waiting.request_id.clone()))?;
    let secret = enrolment.secret.base32();
    // Groups of four, as apps show and people type them.
    let grouped: Vec<&str> = secret.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
    let has_errors = error.is_some();
    let title = if has_errors { "Error: Set up your authenticator app" } else { "Set up your authenticator app" };
    let page = SetUpPage {
        chrome: Chrome::anonymous(&state.assets, title),
        csrf_token: waiting.secret.csrf_token(),
        secret: grouped.join(" "),
        uri: enrolment.uri(),
        error,
    };
    Ok(render_form(&page, has_errors))
}

/// `GET /sign-in/set-up`.
pub async fn set_up_form(State(state): State<AppState>, waiting: Waiting) -> Result<Response, HtmlError> {
    if waiting.enrolled {
        return Ok(Redirect::to("/sign-in/code").into_response());
    }
    set_up_page(&state, &waiting, None).await
}

/// `POST /sign-in/set-up`: the first code confirms the app; the recovery codes are shown this once.
pub async fn set_up_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    waiting: Waiting,
    form: CodeSubmission,
) -> Result<Response, HtmlError> {
    let Ok(Form(form)) = form else { return Err(HtmlError::csrf(waiting.request_id)) };
    waiting.check_csrf(&form.csrf_token)?;
    let source = source(&state, &headers, &extensions);
    match state.core.confirm_enrolment(&waiting.secret, &form.code, source, waiting.request_id.clone()).await {
        Ok(enrolled) => {
            let page = RecoveryCodesPage {
                chrome: Chrome::anonymous(&state.assets, "Your recovery codes"),
                codes: enrolled.recovery_codes.iter().map(RecoveryCode::display).collect(),
            };
            Ok(with_session(&state, &headers, &enrolled.signed_in, render(&page)))
        }
        Err(CoreError::Rule { message, .. }) => set_up_page(&state, &waiting, Some(message)).await,
        Err(error) => Ok(failed(error, waiting.request_id.clone(), |_| Redirect::to("/sign-in").into_response())),
    }
}
