//! Children missing education (issue 17, item 2): `POST /people/{id}/missing-education` records a spell,
//! `GET /people/{id}/missing-education` lists a child's, `POST /missing-education/{id}/end` ends one.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use homeward_core::CoreError;
use homeward_core::domain::education::MissingEducation;
use homeward_core::domain::ids::{MissingEducationId, PersonId};
use homeward_core::domain::time::format_date;
use homeward_core::services::education::NewMissingEducation;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::{Page, ts};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};

/// A spell of a child missing education.
#[derive(Debug, Serialize, ToSchema)]
pub struct MissingEducationView {
    #[schema(format = "uuid")]
    pub id: String,
    #[schema(format = "uuid")]
    pub person_id: String,
    /// The council whose education welfare team recorded it.
    #[schema(format = "uuid")]
    pub council_id: String,
    #[schema(value_type = homeward_core::domain::education::MissingEducationReason)]
    pub reason: &'static str,
    #[schema(format = Date)]
    pub started_on: String,
    /// Null while the child is still missing education.
    #[schema(format = Date)]
    pub ended_on: Option<String>,
    #[schema(format = DateTime)]
    pub recorded_at: String,
}

impl From<&MissingEducation> for MissingEducationView {
    fn from(m: &MissingEducation) -> Self {
        Self {
            id: m.id.to_string(),
            person_id: m.person_id.to_string(),
            council_id: m.council_id.to_string(),
            reason: m.reason.as_str(),
            started_on: format_date(m.started_on),
            ended_on: m.ended_on.map(format_date),
            recorded_at: ts(m.recorded_at),
        }
    }
}

/// A spell to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MissingEducationBody {
    #[schema(value_type = homeward_core::domain::education::MissingEducationReason)]
    reason: String,
    /// `YYYY-MM-DD`, not in the future.
    #[schema(format = Date)]
    started_on: String,
    /// `YYYY-MM-DD`, when it has already ended.
    #[schema(format = Date)]
    ended_on: Option<String>,
}

/// The end of a spell.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndBody {
    /// `YYYY-MM-DD`, not in the future nor before the spell started.
    #[schema(format = Date)]
    ended_on: String,
}

fn person_id(id: &str) -> Result<PersonId, ApiError> {
    Ok(PersonId::parse(id).map_err(|_| CoreError::NotFound)?)
}

/// Records a child missing education, by the education welfare team of the child's council.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/missing-education",
    tag = "education",
    request_body = MissingEducationBody,
    params(("id" = String, Path, description = "The child's id")),
    responses(
        (status = 201, description = "Recorded", body = MissingEducationView),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "Not the child's council's coordinator or social worker", body = ErrorBody),
        (status = 404, description = "No such person in the caller's scope", body = ErrorBody),
        (status = 422, description = "A field is not valid, or the person is an adult (`not_a_child`)", body = ErrorBody),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<MissingEducationBody>, JsonRejection>,
) -> Result<(StatusCode, Json<MissingEducationView>), ApiError> {
    let person = person_id(&id)?;
    let Json(body) = body.map_err(rejection)?;
    let new = NewMissingEducation::parse(&body.reason, &body.started_on, body.ended_on.as_deref())?;
    let spell = state.core.record_missing_education(&actor, person, new).await?;
    Ok((StatusCode::CREATED, Json(MissingEducationView::from(&spell))))
}

/// A child's spells missing education, the latest started first.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/missing-education",
    tag = "education",
    params(("id" = String, Path, description = "The child's id")),
    responses(
        (status = 200, description = "Every spell (`next` is always null)", body = Page<MissingEducationView>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 404, description = "No such person in the caller's scope", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<Page<MissingEducationView>>, ApiError> {
    let record = state.core.missing_education_of(&actor, person_id(&id)?).await?;
    Ok(Json(Page { items: record.spells.iter().map(MissingEducationView::from).collect(), next: None }))
}

/// Ends a spell: the child is back in education.
#[utoipa::path(
    post,
    path = "/api/v1/missing-education/{id}/end",
    tag = "education",
    request_body = EndBody,
    params(("id" = String, Path, description = "The spell's id")),
    responses(
        (status = 200, description = "Ended", body = MissingEducationView),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "Not the child's council's coordinator or social worker", body = ErrorBody),
        (status = 404, description = "No such spell of a child in the caller's scope", body = ErrorBody),
        (status = 422, description = "The date is not valid, or the spell has ended (`already_ended`)", body = ErrorBody),
    )
)]
pub async fn end(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<EndBody>, JsonRejection>,
) -> Result<Json<MissingEducationView>, ApiError> {
    let id = MissingEducationId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let spell = state.core.end_missing_education(&actor, id, &body.ended_on).await?;
    Ok(Json(MissingEducationView::from(&spell)))
}
