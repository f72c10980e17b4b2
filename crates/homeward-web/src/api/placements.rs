//! `POST /api/v1/people/{id}/placements` and `POST /api/v1/placements/{id}/end`: a looked-after child's placements.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use homeward_core::CoreError;
use homeward_core::domain::ids::{PersonId, PlacementId};
use homeward_core::domain::placement::Placement;
use homeward_core::domain::time::format_date;
use homeward_core::services::NewPlacement;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};

/// One placement: with a provider, in a host council's area, from a start date until its end (none while current).
#[derive(Debug, Serialize, ToSchema)]
pub struct PlacementView {
    #[schema(format = "uuid")]
    pub id: String,
    #[schema(format = "uuid")]
    pub person_id: String,
    /// The care provider's agency id.
    pub provider: String,
    /// The host council's agency id.
    pub host_la: String,
    pub postcode: String,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub started_on: String,
    /// `YYYY-MM-DD`; null while the placement is current.
    #[schema(format = Date)]
    pub ended_on: Option<String>,
    pub current: bool,
}

impl From<&Placement> for PlacementView {
    fn from(p: &Placement) -> Self {
        Self {
            id: p.id.to_string(),
            person_id: p.person_id.to_string(),
            provider: p.provider_id.to_string(),
            host_la: p.host_la_id.to_string(),
            postcode: p.postcode.to_string(),
            started_on: format_date(p.started_on),
            ended_on: p.ended_on.map(format_date),
            current: p.is_current(),
        }
    }
}

/// A placement to record.
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlacementBody {
    /// The care provider's agency code.
    provider: String,
    /// The host council's agency code. When left out, the council whose postcode areas (set with
    /// `homeward agency rules --postcode-areas`) hold the postcode; a 422 on `host_la` if no one council does.
    host_la: Option<String>,
    /// The placement's postcode.
    postcode: String,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    started_on: String,
}

/// Records a looked-after child's placement (the responsible council). A current placement ends the day the new one
/// starts; the person's `host_la` and `placement_provider` become the new placement's.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/placements",
    tag = "people",
    params(("id" = String, Path, description = "The person's id")),
    request_body = PlacementBody,
    responses(
        (status = 201, description = "Recorded; the current placement", body = PlacementView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 403, description = "The caller's council is not responsible for the child", body = ErrorBody),
        (status = 404, description = "No such person, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "A field is not valid, or the person is not looked after", body = ErrorBody),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<PlacementBody>, JsonRejection>,
) -> Result<(StatusCode, Json<PlacementView>), ApiError> {
    let id = PersonId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let new = NewPlacement::parse(&body.provider, body.host_la.as_deref(), &body.postcode, &body.started_on)?;
    let placement = state.core.record_placement(&actor, id, new).await?;
    Ok((StatusCode::CREATED, Json(PlacementView::from(&placement))))
}

/// When a placement ended.
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndBody {
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    ended_on: String,
}

/// Ends a current placement (the responsible council, or the placement's provider).
#[utoipa::path(
    post,
    path = "/api/v1/placements/{id}/end",
    tag = "people",
    params(("id" = String, Path, description = "The placement's id")),
    request_body = EndBody,
    responses(
        (status = 200, description = "Ended", body = PlacementView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 403, description = "The caller may see the child but not end the placement", body = ErrorBody),
        (status = 404, description = "No such placement, or its child is not within the caller's scope", body = ErrorBody),
        (status = 422, description = "`ended_on` is not valid, or the placement has already ended", body = ErrorBody),
    )
)]
pub async fn end(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<EndBody>, JsonRejection>,
) -> Result<Json<PlacementView>, ApiError> {
    let id = PlacementId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let placement = state.core.end_placement(&actor, id, &body.ended_on).await?;
    Ok(Json(PlacementView::from(&placement)))
}
