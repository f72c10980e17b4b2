//! Signing in and out. The sign-in form is protected by a double-submitted CSRF token bound to the server: the
//! cookie holds a random value and the form its HMAC under the deployment key, so a value someone plants in both
//! places is refused. The right password starts a session that reads nothing until the second factor is passed
//! (`second_factor`); every attempt is counted before it is checked, per account and per source.

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

/// The random value of the browser's CSRF cookie, or a fresh one.
fn csrf_cookie(headers: &HeaderMap) -> String {
    cookies::get(headers, cookies::SIGN_IN_CSRF)
        .filter(|token| SessionSecret::parse(token).is_some())
        .unwrap_or_else(|| SessionSecret::generate().expose().to_owned())
}

/// The form's token for a cookie value: its HMAC under the deployment key.
fn form_token(state: &AppState, cookie: &str) -> String {
    state.core.key().mac_hex("sign-in-csrf", cookie.as_bytes())
}

/// Whether a submitted form token belongs to the browser's cookie (which must be one of ours in shape).
fn csrf_holds(state: &AppState, headers: &HeaderMap, submitted: &str) -> Option<String> {
    let cookie = cookies::get(headers, cookies::SIGN_IN_CSRF).filter(|c| SessionSecret::parse(c).is_some())?;
    cookies::same_token(submitted, &form_token(state, &cookie)).then_some(cookie)
}

fn page(state: &AppState, headers: &HeaderMap, status: StatusCode, cookie: &str, page: &SignInPage) -> Response {
    let secure = cookies::is_https(headers, state.secure_cookies);
    let mut response = render(page).into_response();
    *response.status_mut() = status;
    response.headers_mut().append(header::SET_COOKIE, cookies::set(cookies::SIGN_IN_CSRF, cookie, None, secure));
    response
}

/// The client's address: the peer's, or behind a trusted proxy the client it names (see `client.rs`).
pub fn source(state: &AppState, headers: &HeaderMap, extensions: &axum::http::Extensions) -> Option<std::net::IpAddr> {
    let peer = extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|info| info.0.ip())?;
    Some(state.trusted_proxies.client(peer, headers))
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
    let cookie = csrf_cookie(&headers);
    let sign_in = SignInPage {
        chrome: Chrome::anonymous(&state.assets, "Sign in"),
        csrf_token: form_token(&state, &cookie),
        email: String::new(),
        error: None,
        notice,
    };
    page(&state, &headers, StatusCode::OK, &cookie, &sign_in)
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
    let Some(cookie) = csrf_holds(&state, &headers, &form.csrf_token) else {
        return HtmlError::csrf(request_id).into_response();
    };
    let replacing = cookies::get(&headers, cookies::SESSION).and_then(|value| SessionSecret::parse(&value));
    let source = source(&state, &headers, &extensions);
    match state.core.sign_in(&form.email, &form.password, source, request_id.clone(), replacing.as_ref()).await {
        Ok(passed) => {
            let secure = cookies::is_https(&headers, state.secure_cookies);
            let next = if passed.enrolled { "/sign-in/code" } else { "/sign-in/set-up" };
            let mut response = Redirect::to(next).into_response();
            let set = response.headers_mut();
            set.append(header::SET_COOKIE, cookies::set(cookies::SESSION, passed.secret.expose(), None, secure));
            set.append(header::SET_COOKIE, cookies::clear(cookies::SIGN_IN_CSRF, secure));
            response
        }
        Err(homeward_core::CoreError::Rule { message, .. }) => {
            let again = SignInPage {
                chrome: Chrome::anonymous(&state.assets, "Error: Sign in"),
                csrf_token: form.csrf_token,
                email: form.email,
                error: Some(message),
                notice: None,
            };
            page(&state, &headers, StatusCode::UNPROCESSABLE_ENTITY, &cookie, &again)
        }
        Err(other) => HtmlError::new(other, request_id).into_response(),
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
