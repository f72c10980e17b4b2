//! The return and return home interviews: `POST /episodes/{id}/return`, `GET /return-interviews`,
//! `GET /return-interviews/{id}`, `POST /return-interviews/{id}/assign`.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use homeward_core::domain::ids::{EpisodeId, ReturnInterviewId, UserId};
use homeward_core::domain::return_interview::{InterviewFilter, InterviewStatus};
use homeward_core::services::NewReturn;
use homeward_core::{CoreError, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::{EpisodeView, Page, ReturnInterviewView};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};

/// A return: when the person came back or was found, and how.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReturnBody {
    /// RFC 3339 with offset; not before they went missing.
    returned_at: String,
    /// `returned_self`, `found_by_police`, `found_by_other` or `found_dead`.
    outcome: String,
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
        (status = 400, description = "The body is not JSON of this shape", body = ErrorBody),
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
    let new = NewReturn::parse(&body.returned_at, &body.outcome)?;
    let (episode, interview) = state.core.record_return(&actor, id, new).await?;
    Ok(Json(ReturnedView {
        episode: EpisodeView::from(&episode),
        return_interview: interview.as_ref().map(ReturnInterviewView::from),
    }))
}

/// Which interviews to list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InterviewParams {
    /// `due`, `assigned`, `offered`, `declined`, `completed` or `not_possible`.
    status: Option<String>,
    /// `true`: only statutory interviews not offered within 72 hours of the return.
    overdue: Option<String>,
}

/// Return interviews the caller may see (a practitioner: those assigned to them), soonest due first.
#[utoipa::path(
    get,
    path = "/api/v1/return-interviews",
    tag = "returns",
    params(InterviewParams),
    responses(
        (status = 200, description = "Interviews", body = Page<ReturnInterviewView>),
        (status = 403, description = "The caller's role sees no case records", body = ErrorBody),
        (status = 422, description = "A filter is not valid", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<InterviewParams>, QueryRejection>,
) -> Result<Json<Page<ReturnInterviewView>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let status = errors
        .check("status", params.status.as_deref().filter(|s| !s.is_empty()).map(InterviewStatus::parse).transpose());
    let overdue = errors.check(
        "overdue",
        match params.overdue.as_deref() {
            None | Some("" | "false") => Ok(false),
            Some("true") => Ok(true),
            Some(_) => Err("must be true or false"),
        },
    );
    errors.into_result()?;
    let filter = InterviewFilter { status: status.flatten(), overdue: overdue.unwrap_or_default() };
    let interviews = state.core.return_interviews(&actor, filter).await?;
    Ok(Json(Page { items: interviews.iter().map(ReturnInterviewView::from).collect(), next: None }))
}

/// One return interview.
#[utoipa::path(
    get,
    path = "/api/v1/return-interviews/{id}",
    tag = "returns",
    params(("id" = String, Path, description = "The interview's id")),
    responses(
        (status = 200, description = "The interview", body = ReturnInterviewView),
        (status = 404, description = "No such interview, or not within the caller's scope", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<ReturnInterviewView>, ApiError> {
    let id = ReturnInterviewId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let interview = state.core.return_interview(&actor, id).await?;
    Ok(Json(ReturnInterviewView::from(&interview)))
}

/// Who is to hold the interview.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignBody {
    practitioner_id: String,
}

/// Assigns the interview to someone independent of the child.
#[utoipa::path(
    post,
    path = "/api/v1/return-interviews/{id}/assign",
    tag = "returns",
    params(("id" = String, Path, description = "The interview's id")),
    request_body = AssignBody,
    responses(
        (status = 200, description = "Assigned", body = ReturnInterviewView),
        (status = 403, description = "The caller's agency does not assign interviews", body = ErrorBody),
        (status = 404, description = "No such interview, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "`not_independent`: that person cares for the child or works the case", body = ErrorBody),
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
