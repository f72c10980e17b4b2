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
    /// Whether the user's role may have the daily digest (the core decides), and whether they chose it.
    digest_offered: bool,
    digest: bool,
    saved: bool,
}

fn digest_offered(signed_in: &SignedIn) -> bool {
    signed_in.current.actor.may_receive_digest()
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
    let failed = |e| HtmlError::new(e, signed_in.request_id.clone());
    let chosen = state.core.alert_subscriptions(&signed_in.current.actor).await.map_err(failed)?;
    let digest = state.core.digest_chosen(&signed_in.current.actor).await.map_err(failed)?;
    let page = AlertEmailPage {
        chrome: Chrome::signed_in(&state.assets, "Alerts by email", &signed_in, Nav::None),
        email: signed_in.current.user.email.as_str().to_owned(),
        kinds: AlertKind::ALL
            .iter()
            .map(|k| Kind { code: k.as_str(), description: k.describe(), chosen: chosen.contains(k) })
            .collect(),
        digest_offered: digest_offered(&signed_in),
        digest,
        saved: shown.saved.is_some(),
    };
    Ok(render(&page))
}

/// `POST /account/alert-emails` (`kind`, repeated, and `daily_digest` where offered): replaces the user's choice. A
/// kind that is not one is ignored as no browser sends it; the API names it.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let kinds: Vec<AlertKind> = fields.all("kind").into_iter().filter_map(|k| AlertKind::parse(k).ok()).collect();
    let failed = |e| HtmlError::new(e, signed_in.request_id.clone());
    let actor = &signed_in.current.actor;
    if digest_offered(&signed_in) {
        state.core.choose_digest(actor, fields.one("daily_digest").is_some()).await.map_err(failed)?;
    }
    state.core.set_alert_subscriptions(actor, &kinds).await.map_err(failed)?;
    Ok(Redirect::to("/account/alert-emails?saved=1").into_response())
}
