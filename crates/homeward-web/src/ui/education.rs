//! Children missing education on the pages (issue 17, item 2): a child's spells (`/people/{id}/education`), with
//! the form the child's council records a new one with, and a button to end an open one. POST-redirect-GET; a
//! refused form is shown again with its errors (422).

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::domain::education::MissingEducationReason;
use homeward_core::domain::ids::{MissingEducationId, PersonId};
use homeward_core::services::education::NewMissingEducation;

use super::chrome::{Chrome, Nav, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, FormState, date_given, date_text};
use super::session::SignedIn;
use crate::AppState;

struct Spell {
    id: String,
    text: String,
    open: bool,
}

#[derive(Template)]
#[template(path = "education.html")]
struct EducationPage {
    chrome: Chrome,
    person_id: String,
    notice: Option<&'static str>,
    spells: Vec<Spell>,
    may_record: bool,
    reasons: Vec<Choice>,
    form: FormState,
}

async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    person: PersonId,
    notice: Option<&'static str>,
    form: FormState,
) -> Result<Response, HtmlError> {
    let record = state
        .core
        .missing_education_of(&signed_in.current.actor, person)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let reasons = MissingEducationReason::ALL
        .iter()
        .map(|r| Choice::new(r.as_str(), r.describe(), form.chosen("reason", r.as_str())))
        .collect();
    let title = if form.has_errors() { "Error: Missing education" } else { "Missing education" };
    let page = EducationPage {
        chrome: Chrome::signed_in(&state.assets, title, signed_in, Nav::Episodes),
        person_id: person.to_string(),
        notice,
        spells: record
            .spells
            .iter()
            .map(|s| Spell { id: s.id.to_string(), text: s.describe(), open: s.ended_on.is_none() })
            .collect(),
        may_record: record.may_record,
        reasons,
        form,
    };
    let has_errors = page.form.has_errors();
    Ok(render_form(&page, has_errors))
}

/// `GET /people/{id}/education`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let person: PersonId = signed_in.id(&id)?;
    let notice = if fields.one("recorded").is_some() {
        Some("The spell missing education has been recorded")
    } else if fields.one("ended").is_some() {
        Some("The spell has been ended")
    } else {
        None
    };
    page(&state, &signed_in, person, notice, FormState::default()).await
}

/// `POST /people/{id}/education`.
pub async fn record(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let person: PersonId = signed_in.id(&id)?;
    let ended = date_given(&fields, "ended_on").then(|| date_text(&fields, "ended_on"));
    let parsed = NewMissingEducation::parse(
        fields.one("reason").unwrap_or_default(),
        &date_text(&fields, "started_on"),
        ended.as_deref(),
    );
    let recorded = match parsed {
        Ok(new) => state.core.record_missing_education(&signed_in.current.actor, person, new).await.map(drop),
        Err(refused) => Err(refused),
    };
    match recorded {
        Ok(()) => Ok(Redirect::to(&format!("/people/{person}/education?recorded=1")).into_response()),
        Err(refused) => {
            let mut form = FormState::new(fields, Vec::new());
            form.refused(refused, "reason").map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            page(&state, &signed_in, person, None, form).await
        }
    }
}

/// `POST /missing-education/{id}/end`: ends the spell today.
pub async fn end(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id: MissingEducationId = signed_in.id(&id)?;
    let today = homeward_core::domain::time::london(state.core.now()).date();
    let spell = state
        .core
        .end_missing_education(&signed_in.current.actor, id, &homeward_core::domain::time::format_date(today))
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    Ok(Redirect::to(&format!("/people/{}/education?ended=1", spell.person_id)).into_response())
}
