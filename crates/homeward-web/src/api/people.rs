//! `GET /api/v1/people/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use homeward_core::CoreError;
use homeward_core::domain::ids::PersonId;

use super::views::PersonDetail;
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody};

/// A person, with the episodes of theirs the caller may see.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}",
    tag = "people",
    params(("id" = String, Path, description = "The person's id")),
    responses(
        (status = 200, description = "The person", body = PersonDetail),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 404, description = "No such person, or not within the caller's scope", body = ErrorBody),
    )
)]
pub async fn get_person(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<PersonDetail>, ApiError> {
    let id = PersonId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let record = state.core.person(&actor, id).await?;
    Ok(Json(PersonDetail::from(&record)))
}
