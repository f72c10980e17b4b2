//! The return, from the episode page: recording that the person came back or was found (where, by whom), the
//! police safe and well check, and offering an adult a return conversation.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::CoreError;
use homeward_core::domain::episode::ReturnOutcome;
use homeward_core::domain::ids::EpisodeId;
use homeward_core::services::{NewReturn, NewSafeAndWell, ReturnInput};

use super::chrome::{Chrome, Nav, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, FormState, code_choices, london_time};
use super::session::SignedIn;
use crate::AppState;

#[derive(Template)]
#[template(path = "return.html")]
struct ReturnPage {
    chrome: Chrome,
    episode_id: String,
    name: String,
    form: FormState,
    outcomes: Vec<Choice>,
    yes_no_unsure: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "safe_and_well.html")]
struct SafeAndWellPage {
    chrome: Chrome,
    episode_id: String,
    name: String,
    form: FormState,
    yes_no: Vec<Choice>,
}

/// Which of this module's forms a page shows.
#[derive(Clone, Copy)]
enum Which {
    Return,
    SafeAndWell,
}

async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    id: EpisodeId,
    which: Which,
    form: FormState,
) -> Result<Response, HtmlError> {
    let record = state
        .core
        .episode(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let name = format!("{} {}", record.person.given_name, record.person.family_name);
    let title = |t: &str| if form.has_errors() { format!("Error: {t}") } else { t.to_owned() };
    let has_errors = form.has_errors();
    Ok(match which {
        Which::Return => render_form(
            &ReturnPage {
                chrome: Chrome::signed_in(&state.assets, &title("Record the return"), signed_in, Nav::Episodes),
                episode_id: id.to_string(),
                name,
                form,
                outcomes: code_choices(ReturnOutcome::ALL.iter().map(|o| o.as_str())),
                yes_no_unsure: vec![
                    Choice::new("yes", "Yes", false),
                    Choice::new("no", "No", false),
                    Choice::new("", "Not sure: let the postcode decide", false),
                ],
            },
            has_errors,
        ),
        Which::SafeAndWell => render_form(
            &SafeAndWellPage {
                chrome: Chrome::signed_in(
                    &state.assets,
                    &title("Record the safe and well check"),
                    signed_in,
                    Nav::Episodes,
                ),
                episode_id: id.to_string(),
                name,
                form,
                yes_no: vec![Choice::new("yes", "Yes", false), Choice::new("no", "No", false)],
            },
            has_errors,
        ),
    })
}

/// `GET /episodes/{id}/return`.
pub async fn return_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<EpisodeId>(&id)?;
    page(&state, &signed_in, id, Which::Return, FormState::default()).await
}

/// `POST /episodes/{id}/return`.
pub async fn return_submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<EpisodeId>(&id)?;
    let mut form = FormState::new(fields.clone(), Vec::new());
    let returned_at = london_time(&fields, "returned", "they came back or were found");
    let parsed = NewReturn::parse(&ReturnInput {
        returned_at: returned_at.as_deref().unwrap_or("2000-01-01T00:00:00Z"),
        outcome: fields.one("outcome").unwrap_or_default(),
        found_place: fields.one("found_place"),
        found_postcode: fields.one("found_postcode"),
        found_by: fields.one("found_by"),
        found_out_of_area: fields.one("found_out_of_area").map(|v| v == "yes"),
    });
    if let Err(message) = &returned_at {
        form.errors.push(("returned_at".into(), message.clone()));
    }
    let result = match parsed {
        Ok(new) if returned_at.is_ok() => state.core.record_return(&signed_in.current.actor, id, new).await.map(|_| ()),
        Ok(_) => Err(CoreError::Invalid(homeward_core::FieldErrors::new())),
        Err(error) => Err(error),
    };
    finish(&state, &signed_in, id, Which::Return, form, result, "returned").await
}

/// `GET /episodes/{id}/safe-and-well`.
pub async fn safe_and_well_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<EpisodeId>(&id)?;
    page(&state, &signed_in, id, Which::SafeAndWell, FormState::default()).await
}

/// `POST /episodes/{id}/safe-and-well`.
pub async fn safe_and_well_submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<EpisodeId>(&id)?;
    let mut form = FormState::new(fields.clone(), Vec::new());
    let checked_at = london_time(&fields, "checked", "the check was done");
    let parsed = NewSafeAndWell::parse(
        checked_at.as_deref().unwrap_or("2000-01-01T00:00:00Z"),
        fields.one("face_to_face").map(|v| v == "yes"),
        fields.one("disclosures"),
        fields.one("actions"),
    );
    if let Err(message) = &checked_at {
        form.errors.push(("checked_at".into(), message.clone()));
    }
    let result = match parsed {
        Ok(new) if checked_at.is_ok() => {
            state.core.record_safe_and_well(&signed_in.current.actor, id, new).await.map(|_| ())
        }
        Ok(_) => Err(CoreError::Invalid(homeward_core::FieldErrors::new())),
        Err(error) => Err(error),
    };
    finish(&state, &signed_in, id, Which::SafeAndWell, form, result, "checked").await
}

/// Back to the episode with a banner, or the form again with every problem listed.
async fn finish(
    state: &AppState,
    signed_in: &SignedIn,
    id: EpisodeId,
    which: Which,
    mut form: FormState,
    result: Result<(), CoreError>,
    done: &str,
) -> Result<Response, HtmlError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/episodes/{id}?{done}=1")).into_response()),
        Err(error) => {
            form.refused(error, "returned_at").map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            page(state, signed_in, id, which, form).await
        }
    }
}

/// `POST /episodes/{id}/return-conversation`: offers an adult a return conversation.
pub async fn conversation(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<EpisodeId>(&id)?;
    let interview = state
        .core
        .offer_return_conversation(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    Ok(Redirect::to(&format!("/return-interviews/{}", interview.id)).into_response())
}
