//! Signing in and out. The sign-in form is protected by a double-submitted CSRF token; a successful sign-in
//! always starts a new session, and its answer is held back after repeated failures for that email.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::domain::credentials::SessionSecret;
use serde::Deserialize;

use super::chrome::{Chrome, render};
use super::error::HtmlError;
use super::session::SignedIn;
use crate::{AppState, cookies};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    chrome: Chrome,
    csrf_token: String,
    email: String,
    error: Option<String>,
    notice: Option<&'static str>,
}

#[derive(Debug, Deserialize)]
pub struct Notices {
    expired: Option<String>,
    signed_out: Option<String>,
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
}

/// The CSRF token already in the browser's cookie, or a fresh one.
fn csrf_token(headers: &HeaderMap) -> String {
    cookies::get(headers, cookies::SIGN_IN_CSRF)
        .filter(|token| SessionSecret::parse(token).is_some())
        .unwrap_or_else(|| SessionSecret::generate().expose().to_owned())
}

fn page(state: &AppState, headers: &HeaderMap, status: StatusCode, page: &SignInPage) -> Response {
    let secure = cookies::is_https(headers, state.secure_cookies);
    let mut response = render(page).into_response();
    *response.status_mut() = status;
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookies::set(cookies::SIGN_IN_CSRF, &page.csrf_token, None, secure));
    response
}

/// `GET /sign-in`.
pub async fn form(State(state): State<AppState>, headers: HeaderMap, Query(notices): Query<Notices>) -> Response {
    let notice = if notices.signed_out.is_some() {
        Some("You have signed out.")
    } else if notices.expired.is_some() {
        Some("You have been signed out. Sign in again to continue.")
    } else {
        None
    };
    let sign_in = SignInPage {
        chrome: Chrome::anonymous(&state.assets, "Sign in"),
        csrf_token: csrf_token(&headers),
        email: String::new(),
        error: None,
        notice,
    };
    page(&state, &headers, StatusCode::OK, &sign_in)
}

/// `POST /sign-in`.
pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    form: Result<Form<SignInForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let request_id = crate::request_id::from_extensions(&extensions);
    let Ok(Form(form)) = form else { return HtmlError::csrf(request_id).into_response() };
    let expected = cookies::get(&headers, cookies::SIGN_IN_CSRF).unwrap_or_default();
    if expected.is_empty() || !cookies::same_token(&form.csrf_token, &expected) {
        return HtmlError::csrf(request_id).into_response();
    }
    let replacing = cookies::get(&headers, cookies::SESSION).and_then(|value| SessionSecret::parse(&value));
    match state.core.sign_in(&form.email, &form.password, request_id.clone(), replacing.as_ref()).await {
        Ok((signed_in, delay)) => {
            tokio::time::sleep(delay.unsigned_abs()).await;
            let secure = cookies::is_https(&headers, state.secure_cookies);
            let mut response = Redirect::to("/").into_response();
            let set = response.headers_mut();
            set.append(header::SET_COOKIE, cookies::set(cookies::SESSION, signed_in.secret.expose(), None, secure));
            set.append(header::SET_COOKIE, cookies::clear(cookies::SIGN_IN_CSRF, secure));
            response
        }
        Err(failed) => {
            tokio::time::sleep(failed.delay.unsigned_abs()).await;
            match failed.error {
                homeward_core::CoreError::Rule { message, .. } => {
                    let again = SignInPage {
                        chrome: Chrome::anonymous(&state.assets, "Error: Sign in"),
                        csrf_token: expected,
                        email: form.email,
                        error: Some(message),
                        notice: None,
                    };
                    page(&state, &headers, StatusCode::UNPROCESSABLE_ENTITY, &again)
                }
                other => HtmlError::new(other, request_id).into_response(),
            }
        }
    }
}

#[derive(Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /sign-out`.
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    signed_in: SignedIn,
    form: Result<Form<SignOutForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, HtmlError> {
    let Ok(Form(form)) = form else { return Err(HtmlError::csrf(signed_in.request_id)) };
    signed_in.check_csrf(&form.csrf_token)?;
    state.core.sign_out(&signed_in.current).await.map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let secure = cookies::is_https(&headers, state.secure_cookies);
    let mut response = Redirect::to("/sign-in?signed_out=1").into_response();
    response.headers_mut().append(header::SET_COOKIE, cookies::clear(cookies::SESSION, secure));
    Ok(response)
}
