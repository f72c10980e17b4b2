//! Recording a risk assessment from the episode page: the grade, the questions that apply, exploitation concerns
//! and the rationale, for the signed-in user's side.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::domain::ids::EpisodeId;
use homeward_core::domain::risk::{RISK_QUESTIONS, RiskAnswer, RiskGrade, RiskSide};
use homeward_core::services::NewAssessment;
use homeward_core::{Action, CoreError};

use super::chrome::{Chrome, Nav, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields};
use super::session::SignedIn;
use crate::AppState;

#[derive(Template)]
#[template(path = "assess.html")]
struct AssessPage {
    chrome: Chrome,
    episode_id: String,
    name: String,
    side: &'static str,
    errors: Vec<(String, String)>,
    grades: Vec<Choice>,
    questions: Vec<Choice>,
    cse: bool,
    cce: bool,
    rationale: String,
    may_override: bool,
    override_reason: String,
    /// Exploitation prompts, each a reason.
    prompts: Vec<String>,
}

impl AssessPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }
}

/// The side the core says the user assesses for.
fn side_label(side: Option<RiskSide>) -> &'static str {
    if side == Some(RiskSide::Police) { "the police's view" } else { "children's services' view" }
}

async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    id: EpisodeId,
    form: &Fields,
    errors: Vec<(String, String)>,
) -> Result<Response, HtmlError> {
    let failed = |e| HtmlError::new(e, signed_in.request_id.clone());
    let record = state.core.episode(&signed_in.current.actor, id).await.map_err(failed)?;
    let grade = form.one("grade");
    let ticked = form.all("answer");
    let page = AssessPage {
        chrome: Chrome::signed_in(
            &state.assets,
            if errors.is_empty() { "Record a risk assessment" } else { "Error: Record a risk assessment" },
            signed_in,
            Nav::Episodes,
        ),
        episode_id: id.to_string(),
        name: format!("{} {}", record.person.given_name, record.person.family_name),
        side: side_label(signed_in.current.actor.risk_side()),
        grades: RiskGrade::ALL
            .iter()
            .rev()
            .map(|g| Choice::new(g.as_str(), g.label(), grade == Some(g.as_str())))
            .collect(),
        questions: RISK_QUESTIONS.iter().map(|(code, text)| Choice::new(code, text, ticked.contains(code))).collect(),
        cse: form.one("cse_concern").is_some(),
        cce: form.one("cce_concern").is_some(),
        rationale: form.one("rationale").unwrap_or_default().to_owned(),
        may_override: record.actions.contains(Action::LowerRiskFloor),
        override_reason: form.one("override_reason").unwrap_or_default().to_owned(),
        prompts: record.indicators.iter().map(|i| i.reason.clone()).collect(),
        errors,
    };
    let has_errors = !page.errors.is_empty();
    Ok(render_form(&page, has_errors))
}

/// `GET /episodes/{id}/assess`.
pub async fn form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<EpisodeId>(&id)?;
    page(&state, &signed_in, id, &Fields::default(), Vec::new()).await
}

/// `POST /episodes/{id}/assess`.
pub async fn submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(form.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<EpisodeId>(&id)?;
    let answers = form
        .all("answer")
        .into_iter()
        .map(|code| (code.to_owned(), RiskAnswer { answer: true, details: None }))
        .collect();
    let parsed = NewAssessment::parse(
        form.one("grade").unwrap_or_default(),
        form.one("rationale").unwrap_or_default(),
        answers,
        form.one("cse_concern").is_some(),
        form.one("cce_concern").is_some(),
        form.one("override_reason"),
    );
    let outcome = match parsed {
        Ok(new) => state.core.record_assessment(&signed_in.current.actor, id, new).await.map(|_| ()),
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/episodes/{id}?assessed=1")).into_response()),
        Err(CoreError::Invalid(fields)) => {
            let errors = fields.iter().map(|(f, m)| (f.to_owned(), super::forms::sentence(f, m))).collect();
            page(&state, &signed_in, id, &form, errors).await
        }
        Err(CoreError::Rule { message, field, .. }) => {
            page(&state, &signed_in, id, &form, vec![(field.unwrap_or("grade").to_owned(), message)]).await
        }
        Err(other) => Err(HtmlError::new(other, signed_in.request_id.clone())),
    }
}
