//! A person's placements: the current one and those before it, a form for the responsible council to record a
//! new one, and one to end the current one (the council or the provider). What each may do comes from the
//! person's `actions`.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::Action;
use homeward_core::domain::agency::AgencyKind;
use homeward_core::domain::ids::{PersonId, PlacementId};
use homeward_core::domain::time::format_date_long;
use homeward_core::services::NewPlacement;

use super::chrome::{Chrome, Nav, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, FormState, date_text};
use super::session::SignedIn;
use crate::AppState;

/// One placement as the page lists it.
struct Row {
    id: String,
    provider: String,
    host: String,
    postcode: String,
    started: String,
    ended: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "placements.html")]
struct PlacementsPage {
    chrome: Chrome,
    person_id: String,
    name: String,
    done: bool,
    rows: Vec<Row>,
    /// Other records confirmed as the same person that the user sees (issue 14), by id.
    linked_people: Vec<String>,
    may_record: bool,
    may_end: bool,
    providers: Vec<Choice>,
    councils: Vec<Choice>,
    form: FormState,
}

#[derive(Debug, serde::Deserialize)]
pub struct Shown {
    done: Option<String>,
}

async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    id: PersonId,
    done: bool,
    form: FormState,
) -> Result<Response, HtmlError> {
    let failed = |e| HtmlError::new(e, signed_in.request_id.clone());
    let record = state.core.person(&signed_in.current.actor, id).await.map_err(failed)?;
    let agencies = state.core.agencies().await.map_err(failed)?;
    let name_of = |id| agencies.iter().find(|a| a.id == id).map_or_else(String::new, |a| a.name.to_string());
    let choices = |kind: AgencyKind, field: &str, none: &str| {
        std::iter::once(Choice::new("", none, false))
            .chain(
                agencies
                    .iter()
                    .filter(|a| a.kind == kind)
                    .map(|a| Choice::new(a.code.as_str(), a.name.as_ref(), form.value(field) == a.code.as_str())),
            )
            .collect()
    };
    let page = PlacementsPage {
        chrome: Chrome::signed_in(
            &state.assets,
            if form.has_errors() { "Error: Placements" } else { "Placements" },
            signed_in,
            Nav::Episodes,
        ),
        person_id: id.to_string(),
        name: format!("{} {}", record.person.given_name, record.person.family_name),
        done,
        linked_people: record.linked_people.iter().map(ToString::to_string).collect(),
        rows: record
            .placements
            .iter()
            .map(|p| Row {
                id: p.id.to_string(),
                provider: name_of(p.provider_id),
                host: name_of(p.host_la_id),
                postcode: p.postcode.to_string(),
                started: format_date_long(p.started_on),
                ended: p.ended_on.map_or_else(|| "Current".to_owned(), format_date_long),
                current: p.is_current(),
            })
            .collect(),
        may_record: record.actions.contains(Action::RecordPlacement),
        may_end: record.actions.contains(Action::EndPlacement),
        providers: choices(AgencyKind::CareProvider, "provider", "Choose a provider"),
        councils: choices(AgencyKind::LocalAuthority, "host_la", "Work it out from the postcode"),
        form,
    };
    let has_errors = page.form.has_errors();
    Ok(render_form(&page, has_errors))
}

/// `GET /people/{id}/placements`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(shown): Query<Shown>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<PersonId>(&id)?;
    page(&state, &signed_in, id, shown.done.is_some(), FormState::default()).await
}

/// `POST /people/{id}/placements`.
pub async fn record(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<PersonId>(&id)?;
    let new = NewPlacement::parse(
        fields.one("provider").unwrap_or_default(),
        fields.one("host_la"),
        fields.one("postcode").unwrap_or_default(),
        &date_text(&fields, "started"),
    );
    let recorded = match new {
        Ok(new) => state.core.record_placement(&signed_in.current.actor, id, new).await.map(drop),
        Err(error) => Err(error),
    };
    answer(&state, &signed_in, id, fields, recorded, "provider").await
}

/// `POST /placements/{id}/end`, from the person's placements page.
pub async fn end(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<PlacementId>(&id)?;
    let person = signed_in.id::<PersonId>(fields.one("person").unwrap_or_default())?;
    let ended = state.core.end_placement(&signed_in.current.actor, id, &date_text(&fields, "ended")).await.map(drop);
    answer(&state, &signed_in, person, fields, ended, "ended_on").await
}

/// Back to the placements page: with the change made, or the form again with what was wrong.
async fn answer(
    state: &AppState,
    signed_in: &SignedIn,
    person: PersonId,
    fields: Fields,
    outcome: Result<(), homeward_core::CoreError>,
    fallback: &str,
) -> Result<Response, HtmlError> {
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/people/{person}/placements?done=1")).into_response()),
        Err(error) => {
            let mut form = FormState::new(fields, Vec::new());
            form.refused(error, fallback).map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            page(state, signed_in, person, false, form).await
        }
    }
}
