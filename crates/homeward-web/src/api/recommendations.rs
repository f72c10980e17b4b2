//! Recommendations from return interviews: `GET /recommendations` (the caller's agency's), and
//! `POST /recommendations/{id}/response`.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use homeward_core::domain::ids::RecommendationId;
use homeward_core::services::{NewResponse, ResponseInput};
use homeward_core::{CoreError, FieldErrors};
use serde::Deserialize;
use utoipa::ToSchema;

use super::views::{Page, RecommendationView};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::{flag, paging};

/// Which recommendations to list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RecommendationParams {
    /// `true`: answered ones too; by default only those awaiting a response.
    #[param(schema_with = crate::filters::yes_or_no)]
    all: Option<String>,
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

/// A page of the recommendations the caller's agency owns, soonest due first.
#[utoipa::path(
    get,
    path = "/api/v1/recommendations",
    tag = "returns",
    params(RecommendationParams),
    responses(
        (status = 200, description = "A page of recommendations", body = Page<RecommendationView>),
        (status = 403, description = "The caller's role sees no case records", body = ErrorBody),
        (status = 422, description = "A filter, the cursor or the limit is not valid, or a parameter is unknown", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<RecommendationParams>, QueryRejection>,
) -> Result<Json<Page<RecommendationView>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let all = flag(&mut errors, "all", params.all.as_ref());
    let paging = paging(&mut errors, params.cursor.as_ref(), params.limit.as_ref());
    errors.into_result()?;
    let page = state.core.recommendations(&actor, all, &paging).await?;
    Ok(Json(Page::of(&page, RecommendationView::from)))
}

/// The owning agency's response.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseBody {
    /// `accepted` or `declined`, or words saying what was done (taken as accepted).
    response: Option<String>,
    /// `accepted` (and done) or `declined`, when `response` holds the words.
    #[schema(value_type = Option<homeward_core::domain::return_interview::Decision>)]
    decision: Option<String>,
    /// Why it was declined, or what was done.
    reason: Option<String>,
    /// RFC 3339; defaults to now.
    #[schema(format = DateTime)]
    responded_at: Option<String>,
}

/// Records the owning agency's response: accepted and done, or declined with a reason.
#[utoipa::path(
    post,
    path = "/api/v1/recommendations/{id}/response",
    tag = "returns",
    params(("id" = String, Path, description = "The recommendation's id")),
    request_body = ResponseBody,
    responses(
        (status = 200, description = "Recorded", body = RecommendationView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 404, description = "No such recommendation for the caller's agency", body = ErrorBody),
        (status = 422, description = "A field is not valid, or already answered (`already_answered`)", body = ErrorBody),
    )
)]
pub async fn respond(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<ResponseBody>, JsonRejection>,
) -> Result<Json<RecommendationView>, ApiError> {
    let id = RecommendationId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let new = NewResponse::parse(&ResponseInput {
        response: body.response,
        decision: body.decision,
        reason: body.reason,
        responded_at: body.responded_at,
    })?;
    let answered = state.core.answer_recommendation(&actor, id, new).await?;
    Ok(Json(RecommendationView::from(&answered)))
}
