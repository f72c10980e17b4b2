//! `/users`: an agency admin's list of their agency's users, from which they lift a sign-in lock-out or reset a
//! second factor (the user then sets up a new authenticator app at their next sign-in). The core decides who may.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::domain::user::Email;
use serde::Deserialize;

use super::chrome::{Chrome, Nav, render};
use super::error::HtmlError;
use super::session::SignedIn;
use crate::AppState;

struct Row {
    name: String,
    email: String,
    role: &'static str,
    second_factor: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    chrome: Chrome,
    rows: Vec<Row>,
    done: Option<&'static str>,
}

#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// `GET /users`.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(done): Query<Done>,
) -> Result<Response, HtmlError> {
    let users = state
        .core
        .agency_users(&signed_in.current.actor)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let page = UsersPage {
        chrome: Chrome::signed_in(&state.assets, "Users", &signed_in, Nav::None),
        rows: users
            .into_iter()
            .map(|(user, second_factor)| Row {
                name: user.name.to_string(),
                email: user.email.as_str().to_owned(),
                role: user.role.label(),
                second_factor,
            })
            .collect(),
        done: match done.done.as_deref() {
            Some("unlocked") => Some("Sign-in attempts were cleared: the user can sign in now."),
            Some("reset") => {
                Some("The second factor was reset: the user sets up a new authenticator app at their next sign-in.")
            }
            _ => None,
        },
    };
    Ok(render(&page))
}

#[derive(Deserialize)]
pub struct UserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    csrf_token: String,
}

type UserSubmission = Result<Form<UserForm>, axum::extract::rejection::FormRejection>;

/// The user a form names; a form naming no valid email is not one of the page's.
fn user_of(signed_in: &SignedIn, form: UserSubmission) -> Result<Email, HtmlError> {
    let Ok(Form(form)) = form else { return Err(HtmlError::csrf(signed_in.request_id.clone())) };
    signed_in.check_csrf(&form.csrf_token)?;
    Email::parse(&form.email).map_err(|_| HtmlError::not_found(signed_in.request_id.clone()))
}

/// `POST /users/unlock`.
pub async fn unlock(
    State(state): State<AppState>,
    signed_in: SignedIn,
    form: UserSubmission,
) -> Result<Response, HtmlError> {
    let email = user_of(&signed_in, form)?;
    let actor = &signed_in.current.actor;
    state.core.unlock_sign_in(actor, &email).await.map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    Ok(Redirect::to("/users?done=unlocked").into_response())
}

/// `POST /users/reset-second-factor`.
pub async fn reset_second_factor(
    State(state): State<AppState>,
    signed_in: SignedIn,
    form: UserSubmission,
) -> Result<Response, HtmlError> {
    let email = user_of(&signed_in, form)?;
    let actor = &signed_in.current.actor;
    state.core.reset_second_factor(actor, &email).await.map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    Ok(Redirect::to("/users?done=reset").into_response())
}
