//! Post-missing support (issue 17, item 4): `POST /return-interviews/{id}/support-plans` makes a plan after a
//! completed interview; `GET /support-plans` lists the caller's agency's plans; `GET /support-plans/{id}` and
//! `GET /people/{id}/support-plans` read them; sessions, reviews and the outcome are recorded under the plan.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use homeward_core::domain::ids::{PersonId, ReturnInterviewId, SupportPlanId};
use homeward_core::domain::support::SupportPlan;
use homeward_core::domain::time::format_date;
use homeward_core::services::support::{
    NewSession, NewSupportPlan, SessionInput, SupportClosing, SupportPlanInput, SupportPlanView,
};
use homeward_core::{CoreError, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::{Page, classes, ts};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::paging;

/// One session of a plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupportSessionView {
    pub number: i64,
    #[schema(format = Date)]
    pub held_on: String,
    pub attended: bool,
    /// What was done or said; null when the caller does not read the person's own account (`withheld`).
    pub note: Option<String>,
    #[schema(format = DateTime)]
    pub recorded_at: String,
}

/// A support plan with its sessions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupportPlanAnswer {
    #[schema(format = "uuid")]
    pub id: String,
    #[schema(format = "uuid")]
    pub interview_id: String,
    #[schema(format = "uuid")]
    pub episode_id: String,
    #[schema(format = "uuid")]
    pub person_id: String,
    #[schema(format = "uuid")]
    pub owner_agency_id: String,
    #[schema(format = "uuid")]
    pub owner_id: String,
    pub owner_name: Option<String>,
    pub sessions_planned: i64,
    pub sessions_attended: usize,
    pub safety_plan: String,
    /// When the plan is next reviewed; past it with no outcome, the owning agency is alerted.
    #[schema(format = Date)]
    pub review_on: String,
    /// Null while the plan is open.
    #[schema(value_type = Option<homeward_core::domain::support::SupportOutcome>)]
    pub outcome: Option<&'static str>,
    pub outcome_note: Option<String>,
    #[schema(format = DateTime)]
    pub closed_at: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    pub sessions: Vec<SupportSessionView>,
    /// Whether the caller may record sessions, reviews and the outcome now.
    pub may_update: bool,
    /// The sensitivity classes cleared because the caller does not read them.
    pub withheld: Vec<&'static str>,
}

fn answer(
    plan: &SupportPlan,
    owner_name: Option<String>,
    may_update: bool,
    withheld: Vec<&'static str>,
) -> SupportPlanAnswer {
    SupportPlanAnswer {
        id: plan.id.to_string(),
        interview_id: plan.interview_id.to_string(),
        episode_id: plan.episode_id.to_string(),
        person_id: plan.person_id.to_string(),
        owner_agency_id: plan.owner_agency_id.to_string(),
        owner_id: plan.owner_id.to_string(),
        owner_name,
        sessions_planned: plan.sessions_planned,
        sessions_attended: plan.attended(),
        safety_plan: plan.safety_plan.to_string(),
        review_on: format_date(plan.review_on),
        outcome: plan.outcome.map(homeward_core::domain::support::SupportOutcome::as_str),
        outcome_note: plan.outcome_note.as_ref().map(ToString::to_string),
        closed_at: plan.closed_at.map(ts),
        created_at: ts(plan.created_at),
        sessions: plan
            .sessions
            .iter()
            .map(|s| SupportSessionView {
                number: s.number,
                held_on: format_date(s.held_on),
                attended: s.attended,
                note: s.note.as_ref().map(ToString::to_string),
                recorded_at: ts(s.recorded_at),
            })
            .collect(),
        may_update,
        withheld,
    }
}

/// The whole plan as its controller holds it, sessions' notes included (a subject access answer).
impl From<&SupportPlan> for SupportPlanAnswer {
    fn from(plan: &SupportPlan) -> Self {
        answer(plan, None, false, Vec::new())
    }
}

impl From<&SupportPlanView> for SupportPlanAnswer {
    fn from(v: &SupportPlanView) -> Self {
        answer(&v.plan, v.owner_name.as_ref().map(ToString::to_string), v.may_update, classes(&v.withheld))
    }
}

/// A plan to make.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportPlanBody {
    /// The worker who holds the plan, a user of the caller's agency; the caller when not given.
    #[schema(format = "uuid")]
    owner_id: Option<String>,
    /// How many sessions are planned, 1 to 52.
    sessions_planned: i64,
    safety_plan: String,
    /// When the plan is first reviewed, `YYYY-MM-DD`: today or later.
    #[schema(format = Date)]
    review_on: String,
}

/// A session held (or missed).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionBody {
    /// `YYYY-MM-DD`, not in the future nor before the plan was made.
    #[schema(format = Date)]
    held_on: String,
    attended: bool,
    note: Option<String>,
}

/// A review: the plan's next review date.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// `YYYY-MM-DD`, today or later.
    #[schema(format = Date)]
    review_on: String,
}

/// How the plan ended.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeBody {
    #[schema(value_type = homeward_core::domain::support::SupportOutcome)]
    outcome: String,
    outcome_note: Option<String>,
}

fn plan_id(id: &str) -> Result<SupportPlanId, ApiError> {
    Ok(SupportPlanId::parse(id).map_err(|_| CoreError::NotFound)?)
}

/// Makes a support plan after a completed return interview.
#[utoipa::path(
    post,
    path = "/api/v1/return-interviews/{id}/support-plans",
    tag = "support",
    request_body = SupportPlanBody,
    params(("id" = String, Path, description = "The interview's id")),
    responses(
        (status = 201, description = "Made", body = SupportPlanAnswer),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not plan support", body = ErrorBody),
        (status = 404, description = "No such interview in the caller's scope", body = ErrorBody),
        (status = 422, description = "A field is not valid, or the interview is not completed (`interview_not_completed`)", body = ErrorBody),
    )
)]
pub async fn make(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<SupportPlanBody>, JsonRejection>,
) -> Result<(StatusCode, Json<SupportPlanAnswer>), ApiError> {
    let interview = ReturnInterviewId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let new = NewSupportPlan::parse(&SupportPlanInput {
        owner_id: body.owner_id.unwrap_or_default(),
        sessions_planned: body.sessions_planned.to_string(),
        safety_plan: body.safety_plan,
        review_on: body.review_on,
    })?;
    let view = state.core.plan_support(&actor, interview, new).await?;
    Ok((StatusCode::CREATED, Json(SupportPlanAnswer::from(&view))))
}

/// Which page of plans.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SupportParams {
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

/// The support plans the caller's agency owns, most recently made first.
#[utoipa::path(
    get,
    path = "/api/v1/support-plans",
    tag = "support",
    params(SupportParams),
    responses(
        (status = 200, description = "A page of plans", body = Page<SupportPlanAnswer>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role sees no case records", body = ErrorBody),
        (status = 422, description = "The cursor or the limit is not valid, or a parameter is unknown", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<SupportParams>, QueryRejection>,
) -> Result<Json<Page<SupportPlanAnswer>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let paging = paging(&mut errors, params.cursor.as_ref(), params.limit.as_ref());
    errors.into_result()?;
    let homeward_core::services::support::SupportPlanList { page, withheld, .. } =
        state.core.support_plans(&actor, &paging).await?;
    // A list shows the plan; whether the caller may update it is read on the plan itself.
    Ok(Json(Page::of(&page, |p| answer(p, None, false, classes(&withheld)))))
}

/// The support plans made for a person, where the caller sees the interview each follows.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/support-plans",
    tag = "support",
    params(("id" = String, Path, description = "The person's id")),
    responses(
        (status = 200, description = "Every plan the caller may see (`next` is always null)", body = Page<SupportPlanAnswer>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 404, description = "No such person in the caller's scope", body = ErrorBody),
    )
)]
pub async fn for_person(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<Page<SupportPlanAnswer>>, ApiError> {
    let person = PersonId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let plans = state.core.support_plans_for_person(&actor, person).await?;
    Ok(Json(Page { items: plans.iter().map(SupportPlanAnswer::from).collect(), next: None }))
}

/// One support plan with its sessions.
#[utoipa::path(
    get,
    path = "/api/v1/support-plans/{id}",
    tag = "support",
    params(("id" = String, Path, description = "The plan's id")),
    responses(
        (status = 200, description = "The plan", body = SupportPlanAnswer),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 404, description = "No such plan whose interview the caller sees", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<SupportPlanAnswer>, ApiError> {
    let view = state.core.support_plan(&actor, plan_id(&id)?).await?;
    Ok(Json(SupportPlanAnswer::from(&view)))
}

/// Records a session of an open plan.
#[utoipa::path(
    post,
    path = "/api/v1/support-plans/{id}/sessions",
    tag = "support",
    request_body = SessionBody,
    params(("id" = String, Path, description = "The plan's id")),
    responses(
        (status = 201, description = "Recorded", body = SupportPlanAnswer),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not plan support", body = ErrorBody),
        (status = 404, description = "No such plan whose interview the caller sees", body = ErrorBody),
        (status = 422, description = "A field is not valid, or the plan is closed (`support_closed`)", body = ErrorBody),
    )
)]
pub async fn session(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<SessionBody>, JsonRejection>,
) -> Result<(StatusCode, Json<SupportPlanAnswer>), ApiError> {
    let id = plan_id(&id)?;
    let Json(body) = body.map_err(rejection)?;
    let new = NewSession::parse(&SessionInput {
        held_on: body.held_on,
        attended: body.attended.to_string(),
        note: body.note,
    })?;
    let view = state.core.record_support_session(&actor, id, new).await?;
    Ok((StatusCode::CREATED, Json(SupportPlanAnswer::from(&view))))
}

/// Records a review of an open plan: its next review date.
#[utoipa::path(
    post,
    path = "/api/v1/support-plans/{id}/review",
    tag = "support",
    request_body = ReviewBody,
    params(("id" = String, Path, description = "The plan's id")),
    responses(
        (status = 200, description = "Reviewed", body = SupportPlanAnswer),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not plan support", body = ErrorBody),
        (status = 404, description = "No such plan whose interview the caller sees", body = ErrorBody),
        (status = 422, description = "The date is not valid, or the plan is closed (`support_closed`)", body = ErrorBody),
    )
)]
pub async fn review(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<ReviewBody>, JsonRejection>,
) -> Result<Json<SupportPlanAnswer>, ApiError> {
    let id = plan_id(&id)?;
    let Json(body) = body.map_err(rejection)?;
    let view = state.core.review_support_plan(&actor, id, &body.review_on).await?;
    Ok(Json(SupportPlanAnswer::from(&view)))
}

/// Closes an open plan with its outcome.
#[utoipa::path(
    post,
    path = "/api/v1/support-plans/{id}/outcome",
    tag = "support",
    request_body = OutcomeBody,
    params(("id" = String, Path, description = "The plan's id")),
    responses(
        (status = 200, description = "Closed", body = SupportPlanAnswer),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not plan support", body = ErrorBody),
        (status = 404, description = "No such plan whose interview the caller sees", body = ErrorBody),
        (status = 422, description = "The outcome is not valid, or the plan is closed (`support_closed`)", body = ErrorBody),
    )
)]
pub async fn outcome(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<OutcomeBody>, JsonRejection>,
) -> Result<Json<SupportPlanAnswer>, ApiError> {
    let id = plan_id(&id)?;
    let Json(body) = body.map_err(rejection)?;
    let closing = SupportClosing::parse(&body.outcome, body.outcome_note.as_deref())?;
    let view = state.core.close_support_plan(&actor, id, closing).await?;
    Ok(Json(SupportPlanAnswer::from(&view)))
}
