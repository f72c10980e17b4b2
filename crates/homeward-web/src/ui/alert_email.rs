//! `/account/alert-emails`: each user chooses which kinds of alert of their agency reach them by email. The
//! emails say the kind of alert and link to sign in; they carry nothing about the person.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::domain::alert::AlertKind;

use super::chrome::{Chrome, Nav, render};
use super::error::HtmlError;
use super::forms::Fields;
use super::session::SignedIn;
use crate::AppState;

/// One kind of alert, and whether the user has chosen it.
struct Kind {
    code: &'static str,
    description: &'static str,
    chosen: bool,
}

#[derive(Template)]
#[template(path = "alert_email.html")]
struct AlertEmailPage {
    chrome: Chrome,
    email: String,
    kinds: Vec<Kind>,
    saved: bool,
}

#[derive(Debug, serde::Deserialize)]
pub struct Shown {
    saved: Option<String>,
}

/// `GET /account/alert-emails`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(shown): Query<Shown>,
) -> Result<Response, HtmlError> {
    let chosen = state
        .core
        .alert_subscriptions(&signed_in.current.actor)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let page = AlertEmailPage {
        chrome: Chrome::signed_in(&state.assets, "Alerts by email", &signed_in, Nav::None),
        email: signed_in.current.user.email.as_str().to_owned(),
        kinds: AlertKind::ALL
            .iter()
            .map(|k| Kind { code: k.as_str(), description: k.describe(), chosen: chosen.contains(k) })
            .collect(),
        saved: shown.saved.is_some(),
    };
    Ok(render(&page))
}

/// `POST /account/alert-emails` (`kind`, repeated): replaces the user's choice. A kind that is not one is ignored
/// as no browser sends it; the API names it.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let kinds: Vec<AlertKind> = fields.all("kind").into_iter().filter_map(|k| AlertKind::parse(k).ok()).collect();
    state
        .core
        .set_alert_subscriptions(&signed_in.current.actor, &kinds)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    Ok(Redirect::to("/account/alert-emails?saved=1").into_response())
}
