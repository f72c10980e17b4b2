//! Recommendations the user's agency owns: the list, soonest due first, and recording a response to one
//! (accepted and done, or declined with a reason).

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::FieldErrors;
use homeward_core::domain::ids::RecommendationId;
use homeward_core::domain::time::format_date_long;
use homeward_core::services::{NewResponse, OwnedRecommendation, ResponseInput};

use super::chrome::{Chrome, Nav, render, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, FormState, words};
use super::session::SignedIn;
use crate::AppState;
use crate::filters::paging;

struct Card {
    id: String,
    episode_id: String,
    action: String,
    due_on: String,
    overdue: bool,
    status: String,
    response: String,
}

fn card(owned: &OwnedRecommendation, today: time::Date) -> Card {
    let r = &owned.recommendation;
    let response = r.response.as_ref();
    Card {
        id: r.id.to_string(),
        episode_id: r.episode_id.to_string(),
        action: r.action.to_string(),
        due_on: format_date_long(r.due_on),
        overdue: r.is_overdue(today),
        status: response.map_or_else(|| "Awaiting a response".into(), |x| words(x.decision.as_str())),
        response: response.and_then(|x| x.text.as_ref()).map(ToString::to_string).unwrap_or_default(),
    }
}

fn today(state: &AppState) -> time::Date {
    homeward_core::domain::time::london(state.core.now()).date()
}

#[derive(Template)]
#[template(path = "recommendations.html")]
struct ListPage {
    chrome: Chrome,
    all: bool,
    notice: bool,
    cards: Vec<Card>,
    next_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
pub struct ListParams {
    all: Option<String>,
    answered: Option<String>,
    cursor: Option<String>,
}

/// `GET /recommendations`.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(params): Query<ListParams>,
) -> Result<Response, HtmlError> {
    let all = params.all.as_deref() == Some("true");
    let paging = paging(&mut FieldErrors::new(), params.cursor.as_ref(), None);
    let owned = state
        .core
        .recommendations(&signed_in.current.actor, all, &paging)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let today = today(&state);
    let list = if all { "/recommendations?all=true&" } else { "/recommendations?" };
    let page = ListPage {
        chrome: Chrome::signed_in(&state.assets, "Recommendations", &signed_in, Nav::Recommendations),
        all,
        notice: params.answered.is_some(),
        cards: owned.items.iter().map(|o| card(o, today)).collect(),
        next_href: owned.next.map(|cursor| format!("{list}cursor={}", cursor.encode())),
        first_href: paging.after.map(|_| list.trim_end_matches(['?', '&']).to_owned()),
    };
    Ok(render(&page).into_response())
}

#[derive(Template)]
#[template(path = "respond.html")]
struct RespondPage {
    chrome: Chrome,
    card: Card,
    form: FormState,
    decisions: Vec<Choice>,
}

async fn respond_page(
    state: &AppState,
    signed_in: &SignedIn,
    id: RecommendationId,
    form: FormState,
) -> Result<Response, HtmlError> {
    let owned = state
        .core
        .recommendation(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let title = if form.has_errors() { "Error: Respond to a recommendation" } else { "Respond to a recommendation" };
    let page = RespondPage {
        chrome: Chrome::signed_in(&state.assets, title, signed_in, Nav::Recommendations),
        card: card(&owned, today(state)),
        form,
        decisions: vec![
            Choice::new("accepted", "Accepted and done", false),
            Choice::new("declined", "Declined", false),
        ],
    };
    let has_errors = page.form.has_errors();
    Ok(render_form(&page, has_errors))
}

/// `GET /recommendations/{id}/response`.
pub async fn respond_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<RecommendationId>(&id)?;
    respond_page(&state, &signed_in, id, FormState::default()).await
}

/// `POST /recommendations/{id}/response`.
pub async fn respond_submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<RecommendationId>(&id)?;
    let decision = fields.one("decision").map(str::to_owned);
    let parsed = if decision.is_none() {
        Err(homeward_core::CoreError::invalid("decision", "say whether it was accepted and done, or declined"))
    } else {
        NewResponse::parse(&ResponseInput {
            response: fields.one("response").map(str::to_owned),
            decision,
            reason: None,
            responded_at: None,
        })
    };
    let result = match parsed {
        Ok(new) => state.core.answer_recommendation(&signed_in.current.actor, id, new).await.map(|_| ()),
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/recommendations?answered=1").into_response()),
        Err(error) => {
            let mut form = FormState::new(fields, Vec::new());
            form.refused(error, "decision").map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            // The page has one box for the words, whatever the core called them.
            for (field, message) in &mut form.errors {
                if field == "reason" {
                    "response".clone_into(field);
                    "Say why the recommendation was declined".clone_into(message);
                }
            }
            respond_page(&state, &signed_in, id, form).await
        }
    }
}
