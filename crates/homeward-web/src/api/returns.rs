//! The return and return home interviews: `POST /episodes/{id}/return`, `GET /return-interviews`,
//! `GET /return-interviews/{id}`, `POST /return-interviews/{id}/assign`, `POST /return-interviews/{id}/outcome`,
//! `POST /episodes/{id}/safe-and-well`, `POST /episodes/{id}/return-conversation`.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use homeward_core::domain::ids::{EpisodeId, ReturnInterviewId, UserId};
use homeward_core::domain::return_interview::{InterviewFilter, InterviewStatus};
use homeward_core::services::{NewOutcome, NewReturn, NewSafeAndWell, OutcomeInput, RecommendationInput, ReturnInput};
use homeward_core::{CoreError, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::{EpisodeView, InterviewDetailView, Page, ReturnInterviewView, SafeAndWellView};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::{blank, flag, paging};

/// A return: when the person came back or was found, how, where and by whom.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnBody {
    /// RFC 3339 with offset; not before they went missing.
    #[schema(format = DateTime)]
    returned_at: String,
    /// `returned_self`, `found_by_police`, `found_by_other` or `found_dead`.
    #[schema(value_type = homeward_core::domain::episode::ReturnOutcome)]
    outcome: String,
    /// Where they were found.
    found_place: Option<String>,
    /// A UK postcode.
    found_postcode: Option<String>,
    /// Who found them (a role or organisation).
    found_by: Option<String>,
    /// Whether they were found outside the area they went missing from; when left out, the postcode decides if the
    /// council's postcode areas are set.
    found_out_of_area: Option<bool>,
}

/// The returned episode and, for a child, the return interview created for it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnedView {
    #[serde(flatten)]
    pub episode: EpisodeView,
    pub return_interview: Option<ReturnInterviewView>,
}

/// Records a return; for a child, creates the return home interview due 72 hours later.
#[utoipa::path(
    post,
    path = "/api/v1/episodes/{id}/return",
    tag = "returns",
    params(("id" = String, Path, description = "The episode's id")),
    request_body = ReturnBody,
    responses(
        (status = 200, description = "Recorded", body = ReturnedView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 404, description = "No such episode, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "A field is not valid, or the return was already recorded", body = ErrorBody),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<ReturnBody>, JsonRejection>,
) -> Result<Json<ReturnedView>, ApiError> {
    let id = EpisodeId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let new = NewReturn::parse(&ReturnInput {
        returned_at: &body.returned_at,
        outcome: &body.outcome,
        found_place: body.found_place.as_deref(),
        found_postcode: body.found_postcode.as_deref(),
        found_by: body.found_by.as_deref(),
        found_out_of_area: body.found_out_of_area,
    })?;
    let (episode, interview) = state.core.record_return(&actor, id, new).await?;
    Ok(Json(ReturnedView {
        episode: EpisodeView::from(&episode),
        return_interview: interview.as_ref().map(ReturnInterviewView::from),
    }))
}

/// Which interviews to list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct InterviewParams {
    /// `due`, `assigned`, `offered`, `declined`, `completed` or `not_possible`.
    #[param(schema_with = interview_statuses)]
    status: Option<String>,
    /// `true`: only statutory interviews not offered within 72 hours of the return.
    #[param(schema_with = crate::filters::yes_or_no)]
    overdue: Option<String>,
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

fn interview_statuses() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::filters::codes_or_blank(InterviewStatus::ALL.iter().copied().map(InterviewStatus::as_str))
}

/// A page of the return interviews the caller may see (a practitioner: those assigned to them), soonest due first.
#[utoipa::path(
    get,
    path = "/api/v1/return-interviews",
    tag = "returns",
    params(InterviewParams),
    responses(
        (status = 200, description = "A page of interviews", body = Page<ReturnInterviewView>),
        (status = 403, description = "The caller's role sees no case records", body = ErrorBody),
        (status = 422, description = "A filter, the cursor or the limit is not valid, or a parameter is unknown", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<InterviewParams>, QueryRejection>,
) -> Result<Json<Page<ReturnInterviewView>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let status = errors.check("status", blank(params.status.as_ref()).map(InterviewStatus::parse).transpose());
    let overdue = flag(&mut errors, "overdue", params.overdue.as_ref());
    let paging = paging(&mut errors, params.cursor.as_ref(), params.limit.as_ref());
    errors.into_result()?;
    let filter = InterviewFilter { status: status.flatten(), overdue };
    let page = state.core.return_interviews(&actor, filter, &paging).await?;
    Ok(Json(Page::of(&page, ReturnInterviewView::from)))
}

/// One return interview.
#[utoipa::path(
    get,
    path = "/api/v1/return-interviews/{id}",
    tag = "returns",
    params(("id" = String, Path, description = "The interview's id")),
    responses(
        (status = 200, description = "The interview, its record and recommendations", body = InterviewDetailView),
        (status = 404, description = "No such interview, or not within the caller's scope", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<InterviewDetailView>, ApiError> {
    let id = ReturnInterviewId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let detail = state.core.return_interview(&actor, id).await?;
    Ok(Json(InterviewDetailView::from(&detail)))
}

/// Who is to hold the interview.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    #[schema(format = "uuid")]
    practitioner_id: String,
}

/// Assigns the interview to someone independent of the case who would see it: the child's responsible or host
/// council does (for a child with none, the council of the area they went missing from; for an adult's return
/// conversation, the agency that offered it), until the interview is offered.
#[utoipa::path(
    post,
    path = "/api/v1/return-interviews/{id}/assign",
    tag = "returns",
    params(("id" = String, Path, description = "The interview's id")),
    request_body = AssignBody,
    responses(
        (status = 200, description = "Assigned", body = ReturnInterviewView),
        (status = 403, description = "Only the child's responsible or host council (or, for a child with none, the council of the area; for an adult's conversation, the agency that offered it) assigns", body = ErrorBody),
        (status = 404, description = "No such interview, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "`not_independent`: that person cares for the child or worked the case (assessed its risk, recorded its return or safe and well check); `not_an_interviewer`: their role holds no interviews; `would_not_see_it`: the case is not shared with them; `interview_closed`: already offered", body = ErrorBody),
    )
)]
pub async fn assign(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<AssignBody>, JsonRejection>,
) -> Result<Json<ReturnInterviewView>, ApiError> {
    let id = ReturnInterviewId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let practitioner =
        UserId::parse(&body.practitioner_id).map_err(|e| CoreError::invalid("practitioner_id", e.to_string()))?;
    let interview = state.core.assign_interview(&actor, id, practitioner).await?;
    Ok(Json(ReturnInterviewView::from(&interview)))
}

/// The police safe and well check (prevention interview).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SafeAndWellBody {
    /// RFC 3339; not before the return.
    #[schema(format = DateTime)]
    checked_at: String,
    face_to_face: Option<bool>,
    /// What the person disclosed.
    disclosures: Option<String>,
    /// Immediate safeguarding actions taken.
    actions: Option<String>,
}

/// Records the police safe and well check; the police side of the episode closes.
#[utoipa::path(
    post,
    path = "/api/v1/episodes/{id}/safe-and-well",
    tag = "returns",
    params(("id" = String, Path, description = "The episode's id")),
    request_body = SafeAndWellBody,
    responses(
        (status = 200, description = "Recorded", body = SafeAndWellView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 403, description = "Only the police record it", body = ErrorBody),
        (status = 404, description = "No such episode, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "A field is not valid, not returned yet, or already recorded", body = ErrorBody),
    )
)]
pub async fn safe_and_well(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<SafeAndWellBody>, JsonRejection>,
) -> Result<Json<SafeAndWellView>, ApiError> {
    let id = EpisodeId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let new = NewSafeAndWell::parse(
        &body.checked_at,
        body.face_to_face,
        body.disclosures.as_deref(),
        body.actions.as_deref(),
    )?;
    let check = state.core.record_safe_and_well(&actor, id, new).await?;
    Ok(Json(SafeAndWellView::from(&check)))
}

/// Offers a vulnerable adult a return conversation (no statutory deadline), after a mental health crisis say.
#[utoipa::path(
    post,
    path = "/api/v1/episodes/{id}/return-conversation",
    tag = "returns",
    params(("id" = String, Path, description = "The episode's id")),
    responses(
        (status = 200, description = "Created, not statutory", body = ReturnInterviewView),
        (status = 403, description = "Only the police or a council offer one", body = ErrorBody),
        (status = 404, description = "No such episode, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "A child, not returned yet, or already offered", body = ErrorBody),
    )
)]
pub async fn return_conversation(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<ReturnInterviewView>, ApiError> {
    let id = EpisodeId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let interview = state.core.offer_return_conversation(&actor, id).await?;
    Ok(Json(ReturnInterviewView::from(&interview)))
}

/// A recommendation to make.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendationBody {
    /// The owning agency's code.
    owner_agency: String,
    action: String,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    due_on: String,
}

/// What came of the interview.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeBody {
    /// `offered`, `declined`, `completed` or `not_possible`.
    #[schema(value_type = homeward_core::domain::return_interview::InterviewStatus)]
    status: String,
    /// RFC 3339; needed for `offered`; for `completed` defaults to the completion time.
    #[schema(format = DateTime)]
    offered_at: Option<String>,
    /// RFC 3339; needed for `completed`.
    #[schema(format = DateTime)]
    completed_at: Option<String>,
    /// For `declined`: `child` or `parent_or_carer`.
    #[schema(value_type = Option<homeward_core::domain::return_interview::Decliner>)]
    declined_by: Option<String>,
    /// For `declined`: why.
    decline_reason: Option<String>,
    /// When declined: what the carers were asked and told.
    carers_information: Option<String>,
    /// For `not_possible`: `[{at, method, note?}]`, method one of `phone`, `text`, `visit`, `letter`,
    /// `through_carer`, `other`.
    #[schema(value_type = Option<Vec<Object>>)]
    attempts: Option<serde_json::Value>,
    /// For `completed`: `{push_factors, pull_factors: [conflict_at_home, placement, abuse_or_neglect,
    /// domestic_abuse, mental_health, exploitation, relationships, bullying, substances, other], harm:
    /// [physical_injury, sexual_harm, self_harm, substance_misuse, robbery_or_theft, slept_rough, other],
    /// harm_details, cse_indicators, cce_indicators, places: [{description, postcode?}], people: [{name?,
    /// nickname?, phone?, vehicle?}], travel, got_back, support_wanted, childs_words, safety_information}`.
    #[schema(value_type = Option<Object>)]
    findings: Option<serde_json::Value>,
    #[serde(default)]
    recommendations: Vec<RecommendationBody>,
    /// Ids of the child's other open interviews this one interview also covered.
    #[serde(default)]
    also_covers: Vec<String>,
}

/// Records what came of the interview: offered, declined, completed with findings, or not possible; with any
/// recommendations, which reach their owning agencies.
#[utoipa::path(
    post,
    path = "/api/v1/return-interviews/{id}/outcome",
    tag = "returns",
    params(("id" = String, Path, description = "The interview's id")),
    request_body = OutcomeBody,
    responses(
        (status = 200, description = "Recorded", body = InterviewDetailView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 403, description = "Only the practitioner or the council records it (for an adult's conversation, also the police force that offered it)", body = ErrorBody),
        (status = 404, description = "No such interview, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "A field is not valid, the interview is closed (`interview_closed`), or another interview covered it (`interview_covered`)", body = ErrorBody),
    )
)]
pub async fn outcome(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<OutcomeBody>, JsonRejection>,
) -> Result<Json<InterviewDetailView>, ApiError> {
    let id = ReturnInterviewId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let new = NewOutcome::parse(&OutcomeInput {
        status: body.status,
        offered_at: body.offered_at,
        completed_at: body.completed_at,
        declined_by: body.declined_by,
        decline_reason: body.decline_reason,
        carers_information: body.carers_information,
        attempts: body.attempts,
        findings: body.findings,
        recommendations: body
            .recommendations
            .into_iter()
            .map(|r| RecommendationInput { owner_agency: r.owner_agency, action: r.action, due_on: r.due_on })
            .collect(),
        also_covers: body.also_covers,
    })?;
    let detail = state.core.record_interview_outcome(&actor, id, new).await?;
    Ok(Json(InterviewDetailView::from(&detail)))
}
