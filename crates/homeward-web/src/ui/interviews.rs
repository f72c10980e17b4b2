//! Return home interviews: the list (overdue first for coordinators), one interview with its record and
//! recommendations, and assigning it to someone independent. Its outcome is recorded in `outcome`.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::domain::ids::{ReturnInterviewId, UserId};
use homeward_core::domain::return_interview::{
    CceIndicator, CseIndicator, Harm, InterviewFilter, InterviewStatus, Reason,
};
use homeward_core::domain::time::{format_date_long, format_london};
use homeward_core::services::InterviewDetail;
use homeward_core::{Action, CoreError, FieldErrors};

use super::chrome::{Chrome, Nav, render, render_form};
use super::error::HtmlError;
use super::forms::{Fields, FormState, words};
use super::session::SignedIn;
use crate::AppState;
use crate::filters::paging;

struct Row {
    id: String,
    episode_id: String,
    due: String,
    status: String,
    status_class: &'static str,
    overdue: bool,
    statutory: bool,
}

fn status_class(status: InterviewStatus) -> &'static str {
    match status {
        InterviewStatus::Due => "govuk-tag--grey",
        InterviewStatus::Assigned | InterviewStatus::Offered => "govuk-tag--blue",
        InterviewStatus::Completed => "govuk-tag--green",
        InterviewStatus::Declined | InterviewStatus::NotPossible => "govuk-tag--yellow",
    }
}

#[derive(Template)]
#[template(path = "interviews.html")]
struct ListPage {
    chrome: Chrome,
    overdue_only: bool,
    rows: Vec<Row>,
    next_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
pub struct ListParams {
    overdue: Option<String>,
    cursor: Option<String>,
}

/// `GET /return-interviews`.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(params): Query<ListParams>,
) -> Result<Response, HtmlError> {
    let overdue_only = params.overdue.as_deref() == Some("true");
    let filter = InterviewFilter { status: None, overdue: overdue_only };
    let paging = paging(&mut FieldErrors::new(), params.cursor.as_ref(), None);
    let interviews = state
        .core
        .return_interviews(&signed_in.current.actor, filter, &paging)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let list = if overdue_only { "/return-interviews?overdue=true&" } else { "/return-interviews?" };
    let next_href = interviews.next.map(|cursor| format!("{list}cursor={}", cursor.encode()));
    let first_href = paging.after.map(|_| list.trim_end_matches(['?', '&']).to_owned());
    let now = state.core.now();
    let rows = interviews
        .items
        .iter()
        .map(|i| Row {
            id: i.id.to_string(),
            episode_id: i.episode_id.to_string(),
            due: format_london(i.due_at),
            status: words(i.status.as_str()),
            status_class: status_class(i.status),
            overdue: homeward_core::rules::interviews::is_overdue(i, now),
            statutory: i.statutory,
        })
        .collect();
    let title = if overdue_only { "Overdue return interviews" } else { "Return interviews" };
    let chrome = Chrome::signed_in(&state.assets, title, &signed_in, Nav::Interviews);
    let page = ListPage { chrome, overdue_only, rows, next_href, first_href };
    Ok(render(&page).into_response())
}

/// Someone in the assign list: only those the independence rule lets hold this interview.
struct Candidate {
    id: String,
    label: String,
}

struct Recommendation {
    owner: String,
    action: String,
    due_on: String,
    status: String,
    response: String,
}

#[derive(Template)]
#[template(path = "interview.html")]
struct InterviewPage {
    chrome: Chrome,
    id: String,
    episode_id: String,
    notice: Option<&'static str>,
    summary: Vec<(&'static str, String)>,
    record: Vec<(&'static str, String)>,
    recommendations: Vec<Recommendation>,
    candidates: Vec<Candidate>,
    may_assign: bool,
    may_record: bool,
    /// Whether the user may plan support after the interview (it is completed, and theirs or their council's).
    may_plan_support: bool,
    form: FormState,
}

fn list_words<T: Copy>(items: &[T], code: impl Fn(T) -> &'static str) -> String {
    if items.is_empty() {
        "None recorded".into()
    } else {
        items.iter().map(|i| words(code(*i))).collect::<Vec<_>>().join(", ")
    }
}

fn text(value: Option<&homeward_core::domain::text::FreeText>) -> String {
    value.map_or_else(|| "Not recorded".into(), ToString::to_string)
}

/// The record as summary rows: what a completed interview found, or why it did not happen.
fn record_rows(detail: &InterviewDetail) -> Vec<(&'static str, String)> {
    let Some(record) = &detail.interview.record else { return Vec::new() };
    let mut rows = vec![("Recorded", format_london(record.recorded_at))];
    if let Some(by) = record.declined_by {
        rows.push(("Declined by", words(by.as_str())));
        rows.push(("Why", text(record.decline_reason.as_ref())));
        rows.push(("What the carers said", text(record.carers_information.as_ref())));
    }
    if !record.attempts.is_empty() {
        let attempts =
            record.attempts.iter().map(|a| format!("{} ({})", format_london(a.at), words(a.method.as_str())));
        rows.push(("Attempts to reach the child", attempts.collect::<Vec<_>>().join("; ")));
    }
    if let Some(f) = &record.findings {
        rows.extend([
            ("Push factors", list_words(&f.push_factors, Reason::as_str)),
            ("Pull factors", list_words(&f.pull_factors, Reason::as_str)),
            ("Harm", list_words(&f.harm, Harm::as_str)),
            ("About the harm", text(f.harm_details.as_ref())),
            ("Sexual exploitation indicators", list_words(&f.cse_indicators, CseIndicator::as_str)),
            ("Criminal exploitation indicators", list_words(&f.cce_indicators, CceIndicator::as_str)),
            (
                "Places",
                f.places
                    .iter()
                    .map(|p| {
                        p.postcode
                            .as_ref()
                            .map_or_else(|| p.description.to_string(), |pc| format!("{} ({pc})", p.description))
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            (
                "People",
                f.people
                    .iter()
                    .map(|p| {
                        [&p.name, &p.nickname, &p.phone, &p.vehicle]
                            .iter()
                            .filter_map(|v| v.as_ref().map(ToString::to_string))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            ("How they travelled", text(f.travel.as_ref())),
            ("How they got back", text(f.got_back.as_ref())),
            ("Support they want", text(f.support_wanted.as_ref())),
            ("In their own words", text(f.childs_words.as_ref())),
            ("Safety information given", text(f.safety_information.as_ref())),
        ]);
    }
    rows.retain(|(_, v)| !v.is_empty());
    rows
}

#[derive(Debug, serde::Deserialize)]
pub struct Done {
    assigned: Option<String>,
    recorded: Option<String>,
}

async fn interview_page(
    state: &AppState,
    signed_in: &SignedIn,
    id: ReturnInterviewId,
    notice: Option<&'static str>,
    form: FormState,
) -> Result<Response, HtmlError> {
    let failed = |e| HtmlError::new(e, signed_in.request_id.clone());
    let actor = &signed_in.current.actor;
    let detail = state.core.return_interview(actor, id).await.map_err(failed)?;
    let i = &detail.interview;
    // What the page offers is what the core says the user may do now.
    let may_assign = detail.actions.contains(Action::AssignInterview);
    let candidates = if may_assign {
        let practitioners = state.core.practitioners_for(actor, id).await.map_err(failed)?;
        practitioners
            .into_iter()
            .map(|user| Candidate { id: user.id.to_string(), label: user.name.to_string() })
            .collect()
    } else {
        Vec::new()
    };
    let or_not = |v: Option<String>| v.unwrap_or_else(|| "Not yet".into());
    let summary = vec![
        ("Status", words(i.status.as_str())),
        (
            "Kind",
            if i.statutory {
                "Return home interview (statutory)".into()
            } else {
                "Return conversation (optional, for an adult)".into()
            },
        ),
        (
            "To be offered by",
            if i.statutory { format_london(i.due_at) } else { "No deadline: a conversation is optional".into() },
        ),
        ("Offered", or_not(i.offered_at.map(format_london))),
        ("Held", or_not(i.completed_at.map(format_london))),
        ("Practitioner assigned", if i.practitioner_id.is_some() { "Yes".into() } else { "Not yet".into() }),
    ];
    let page = InterviewPage {
        chrome: Chrome::signed_in(
            &state.assets,
            if form.has_errors() { "Error: Return interview" } else { "Return interview" },
            signed_in,
            Nav::Interviews,
        ),
        id: id.to_string(),
        episode_id: i.episode_id.to_string(),
        notice,
        summary,
        record: record_rows(&detail),
        recommendations: detail
            .recommendations
            .iter()
            .map(|r| {
                let response = r.recommendation.response.as_ref();
                Recommendation {
                    owner: r.owner.to_string(),
                    action: r.recommendation.action.to_string(),
                    due_on: format_date_long(r.recommendation.due_on),
                    status: response.map_or_else(|| "Awaiting a response".into(), |x| words(x.decision.as_str())),
                    response: response.and_then(|x| x.text.as_ref()).map(ToString::to_string).unwrap_or_default(),
                }
            })
            .collect(),
        candidates,
        may_assign,
        may_record: detail.actions.contains(Action::RecordOutcome),
        may_plan_support: detail.actions.contains(Action::PlanSupport),
        form,
    };
    let has_errors = page.form.has_errors();
    Ok(render_form(&page, has_errors))
}

/// `GET /return-interviews/{id}`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<ReturnInterviewId>(&id)?;
    let notice = if done.assigned.is_some() {
        Some("The interview has been assigned")
    } else if done.recorded.is_some() {
        Some("The outcome has been saved")
    } else {
        None
    };
    interview_page(&state, &signed_in, id, notice, FormState::default()).await
}

/// `POST /return-interviews/{id}/assign`.
pub async fn assign(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<ReturnInterviewId>(&id)?;
    let mut form = FormState::new(fields.clone(), Vec::new());
    let result = match UserId::parse(fields.one("practitioner_id").unwrap_or_default()) {
        Ok(practitioner) => state.core.assign_interview(&signed_in.current.actor, id, practitioner).await.map(|_| ()),
        Err(_) => Err(CoreError::invalid("practitioner_id", "choose who will hold the interview")),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/return-interviews/{id}?assigned=1")).into_response()),
        Err(error) => {
            form.refused(error, "practitioner_id").map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            interview_page(&state, &signed_in, id, None, form).await
        }
    }
}
