//! Post-missing support on the pages: making a plan after a completed interview
//! (`/return-interviews/{id}/support/new`), the agency's plans (`/support-plans`), a person's (`/people/{id}/support`),
//! and one plan with its sessions and the forms to record a session, a review and the outcome
//! (`/support-plans/{id}`). Every form posts and redirects; a refused one is shown again with its errors (422).

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::FieldErrors;
use homeward_core::domain::ids::{PersonId, ReturnInterviewId, SupportPlanId};
use homeward_core::domain::support::{SupportOutcome, SupportPlan};
use homeward_core::domain::time::{format_date_long, format_london};
use homeward_core::services::support::{
    NewSession, NewSupportPlan, SessionInput, SupportClosing, SupportPlanInput, SupportPlanView,
};

use super::chrome::{Chrome, Nav, render, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, FormState, date_text};
use super::session::SignedIn;
use crate::AppState;
use crate::filters::paging;

struct Row {
    href: String,
    /// Whom the plan is for: shown on the agency's list, where plans of many people meet.
    person: Option<String>,
    made: String,
    review: String,
    sessions: String,
    state: String,
}

fn row(p: &SupportPlan, person: Option<String>) -> Row {
    Row {
        href: format!("/support-plans/{}", p.id),
        person,
        made: format_london(p.created_at),
        review: format_date_long(p.review_on),
        sessions: format!("{} of {} attended", p.attended(), p.sessions_planned),
        state: p.outcome.map_or_else(|| "Open".to_owned(), |o| format!("Closed: {}", o.describe())),
    }
}

#[derive(Template)]
#[template(path = "support_plans.html")]
struct ListPage {
    chrome: Chrome,
    heading: &'static str,
    /// A column naming whom each plan is for (the agency's list; a person's own list needs none).
    named: bool,
    caption: String,
    rows: Vec<Row>,
    next_href: Option<String>,
    first_href: Option<String>,
}

/// `GET /support-plans`: the plans the user's agency owns.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let paging = paging(&mut FieldErrors::new(), fields.one("cursor").map(str::to_owned).as_ref(), None);
    let list = state
        .core
        .support_plans(&signed_in.current.actor, &paging)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let page = ListPage {
        chrome: Chrome::signed_in(&state.assets, "Support plans", &signed_in, Nav::Interviews),
        heading: "Support plans",
        named: true,
        caption: "Your agency's support plans, latest first".to_owned(),
        rows: list
            .page
            .items
            .iter()
            .map(|p| row(p, Some(list.names.get(&p.person_id).cloned().unwrap_or_default())))
            .collect(),
        next_href: list.page.next.map(|c| format!("/support-plans?cursor={}", c.encode())),
        first_href: paging.after.map(|_| "/support-plans".to_owned()),
    };
    Ok(render(&page).into_response())
}

/// `GET /people/{id}/support`: the person's plans, where the user sees the interview each follows.
pub async fn person(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, HtmlError> {
    let id: PersonId = signed_in.id(&id)?;
    let plans = state
        .core
        .support_plans_for_person(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let page = ListPage {
        chrome: Chrome::signed_in(&state.assets, "Support after going missing", &signed_in, Nav::Episodes),
        heading: "Support after going missing",
        named: false,
        caption: "This person's support plans, latest first".to_owned(),
        rows: plans.iter().map(|v| row(&v.plan, None)).collect(),
        next_href: None,
        first_href: None,
    };
    Ok(render(&page).into_response())
}

#[derive(Template)]
#[template(path = "support_new.html")]
struct NewPage {
    chrome: Chrome,
    interview_id: String,
    form: FormState,
}

fn new_page(state: &AppState, signed_in: &SignedIn, interview: ReturnInterviewId, form: FormState) -> Response {
    let title = if form.has_errors() { "Error: Plan support" } else { "Plan support" };
    let page = NewPage {
        chrome: Chrome::signed_in(&state.assets, title, signed_in, Nav::Interviews),
        interview_id: interview.to_string(),
        form,
    };
    let has_errors = page.form.has_errors();
    render_form(&page, has_errors)
}

/// `GET /return-interviews/{id}/support/new`.
pub async fn new_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, HtmlError> {
    let id: ReturnInterviewId = signed_in.id(&id)?;
    // The interview must be one the user sees: its read answers not found otherwise, before any form is shown.
    state
        .core
        .return_interview(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    Ok(new_page(&state, &signed_in, id, FormState::default()))
}

/// `POST /return-interviews/{id}/support/new`: makes the plan, then shows it.
pub async fn new_submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id: ReturnInterviewId = signed_in.id(&id)?;
    let input = SupportPlanInput {
        owner_id: String::new(),
        sessions_planned: fields.one("sessions_planned").unwrap_or_default().to_owned(),
        safety_plan: fields.one("safety_plan").unwrap_or_default().to_owned(),
        review_on: date_text(&fields, "review_on"),
    };
    let made = match NewSupportPlan::parse(&input) {
        Ok(new) => state.core.plan_support(&signed_in.current.actor, id, new).await,
        Err(refused) => Err(refused),
    };
    match made {
        Ok(view) => Ok(Redirect::to(&format!("/support-plans/{}?made=1", view.plan.id)).into_response()),
        Err(refused) => {
            let mut form = FormState::new(fields, Vec::new());
            form.refused(refused, "safety_plan").map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            Ok(new_page(&state, &signed_in, id, form))
        }
    }
}

struct SessionRow {
    number: i64,
    held_on: String,
    attended: &'static str,
    note: String,
}

#[derive(Template)]
#[template(path = "support_plan.html")]
struct PlanPage {
    chrome: Chrome,
    notice: Option<&'static str>,
    id: String,
    interview_id: String,
    /// The episode and person the plan is about: whoever sees the plan sees them, and goes on to them from it.
    episode_id: String,
    person_id: String,
    may_update: bool,
    facts: Vec<(&'static str, String)>,
    sessions: Vec<SessionRow>,
    /// Whether the session notes were withheld from the user.
    notes_withheld: bool,
    outcomes: Vec<Choice>,
    attended: Vec<Choice>,
    form: FormState,
}

fn plan_page(
    state: &AppState,
    signed_in: &SignedIn,
    view: &SupportPlanView,
    notice: Option<&'static str>,
    form: FormState,
) -> Response {
    let p = &view.plan;
    let mut facts = vec![
        ("Held by", view.owner_name.as_ref().map_or_else(|| "Unknown".to_owned(), ToString::to_string)),
        ("Sessions", format!("{} planned, {} held, {} attended", p.sessions_planned, p.sessions.len(), p.attended())),
        ("Safety plan", p.safety_plan.to_string()),
        ("Review by", format_date_long(p.review_on)),
        ("Made", format_london(p.created_at)),
    ];
    if let Some(outcome) = p.outcome {
        facts.push(("Outcome", outcome.describe().to_owned()));
    }
    if let Some(note) = &p.outcome_note {
        facts.push(("About the outcome", note.to_string()));
    }
    let notes_withheld = !view.withheld.is_empty();
    let sessions = p
        .sessions
        .iter()
        .map(|s| SessionRow {
            number: s.number,
            held_on: format_date_long(s.held_on),
            attended: if s.attended { "Yes" } else { "No" },
            note: s.note.as_ref().map(ToString::to_string).unwrap_or_default(),
        })
        .collect();
    let outcomes = SupportOutcome::ALL
        .iter()
        .map(|o| Choice::new(o.as_str(), o.describe(), form.chosen("outcome", o.as_str())))
        .collect();
    let attended = vec![Choice::new("yes", "Yes", false), Choice::new("no", "No", false)];
    let title = if form.has_errors() { "Error: Support plan" } else { "Support plan" };
    let page = PlanPage {
        chrome: Chrome::signed_in(&state.assets, title, signed_in, Nav::Interviews),
        notice,
        id: p.id.to_string(),
        interview_id: p.interview_id.to_string(),
        episode_id: p.episode_id.to_string(),
        person_id: p.person_id.to_string(),
        may_update: view.may_update,
        facts,
        sessions,
        notes_withheld,
        outcomes,
        attended,
        form,
    };
    let has_errors = page.form.has_errors();
    render_form(&page, has_errors)
}

/// `GET /support-plans/{id}`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let id: SupportPlanId = signed_in.id(&id)?;
    let view = state
        .core
        .support_plan(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let notice = [
        ("made", "The support plan has been made"),
        ("session", "The session has been recorded"),
        ("reviewed", "The review has been recorded"),
        ("closed", "The support plan is closed"),
    ]
    .into_iter()
    .find(|(flag, _)| fields.one(flag).is_some())
    .map(|(_, message)| message);
    Ok(plan_page(&state, &signed_in, &view, notice, FormState::default()))
}

/// What a plan's form asks of the core.
enum Change {
    Session,
    Review,
    Outcome,
}

async fn change(
    state: AppState,
    signed_in: SignedIn,
    id: String,
    fields: Fields,
    what: Change,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id: SupportPlanId = signed_in.id(&id)?;
    let actor = &signed_in.current.actor;
    let (done, fallback) = match what {
        Change::Session => ("session", "held_on"),
        Change::Review => ("reviewed", "review_on"),
        Change::Outcome => ("closed", "outcome"),
    };
    let result = match what {
        Change::Session => {
            let input = SessionInput {
                held_on: date_text(&fields, "held_on"),
                attended: fields.one("attended").unwrap_or_default().to_owned(),
                note: fields.one("note").map(str::to_owned),
            };
            match NewSession::parse(&input) {
                Ok(new) => state.core.record_support_session(actor, id, new).await,
                Err(refused) => Err(refused),
            }
        }
        Change::Review => state.core.review_support_plan(actor, id, &date_text(&fields, "review_on")).await,
        Change::Outcome => {
            match SupportClosing::parse(fields.one("outcome").unwrap_or_default(), fields.one("outcome_note")) {
                Ok(closing) => state.core.close_support_plan(actor, id, closing).await,
                Err(refused) => Err(refused),
            }
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/support-plans/{id}?{done}=1")).into_response()),
        Err(refused) => {
            let failed = |e| HtmlError::new(e, signed_in.request_id.clone());
            let mut form = FormState::new(fields, Vec::new());
            form.refused(refused, fallback).map_err(failed)?;
            let view = state.core.support_plan(actor, id).await.map_err(failed)?;
            Ok(plan_page(&state, &signed_in, &view, None, form))
        }
    }
}

/// `POST /support-plans/{id}/sessions`.
pub async fn session(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    change(state, signed_in, id, fields, Change::Session).await
}

/// `POST /support-plans/{id}/review`.
pub async fn review(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    change(state, signed_in, id, fields, Change::Review).await
}

/// `POST /support-plans/{id}/outcome`.
pub async fn outcome(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    change(state, signed_in, id, fields, Change::Outcome).await
}
