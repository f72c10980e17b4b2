//! `GET /api/v1/alerts` and `POST /api/v1/alerts/{id}/acknowledge`.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use homeward_core::domain::alert::Alert;
use homeward_core::domain::ids::AlertId;
use homeward_core::{CoreError, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::Page;
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::paging;

/// Something the caller's agency must act on about an episode.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertView {
    pub id: String,
    /// `child_high_risk`, `risk_disagreement`, `review_overdue`, `pnc_record_due`, `missing_persons_unit_due`,
    /// `strategy_meeting`, `iro_to_be_told`, `return_interview_overdue`, `recommendation_overdue`,
    /// `reported_to_force` or `child_placed_in_area`.
    pub kind: &'static str,
    pub description: &'static str,
    /// The episode it is about; null for an alert about a placement.
    pub episode_id: Option<String>,
    /// The placement it is about (`child_placed_in_area`).
    pub placement_id: Option<String>,
    pub raised_at: String,
    pub acknowledged_at: Option<String>,
    pub note: Option<String>,
}

impl From<&Alert> for AlertView {
    fn from(alert: &Alert) -> Self {
        Self {
            id: alert.id.to_string(),
            kind: alert.kind.as_str(),
            description: alert.kind.describe(),
            episode_id: alert.episode_id.map(|e| e.to_string()),
            placement_id: alert.placement_id.map(|p| p.to_string()),
            raised_at: alert.raised_at.to_rfc3339(),
            acknowledged_at: alert.acknowledged_at.map(homeward_core::domain::time::Timestamp::to_rfc3339),
            note: alert.note.as_ref().map(ToString::to_string),
        }
    }
}

/// Which page of alerts.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AlertParams {
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

/// A page of the caller's agency's open alerts, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/alerts",
    tag = "alerts",
    params(AlertParams),
    responses(
        (status = 200, description = "A page of open alerts for the caller's agency", body = Page<AlertView>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role works no cases", body = ErrorBody),
        (status = 422, description = "The cursor or the limit is not valid, or a parameter is unknown", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<AlertParams>, QueryRejection>,
) -> Result<Json<Page<AlertView>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let paging = paging(&mut errors, params.cursor.as_ref(), params.limit.as_ref());
    errors.into_result()?;
    let page = state.core.alerts(&actor, &paging).await?;
    Ok(Json(Page::of(&page, AlertView::from)))
}

/// What was done about the alert.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AcknowledgeBody {
    note: String,
}

/// Acknowledges an alert of the caller's agency with a note.
#[utoipa::path(
    post,
    path = "/api/v1/alerts/{id}/acknowledge",
    tag = "alerts",
    params(("id" = String, Path, description = "The alert's id")),
    request_body = AcknowledgeBody,
    responses(
        (status = 200, description = "Acknowledged", body = AlertView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 404, description = "No such alert for the caller's agency", body = ErrorBody),
        (status = 422, description = "No note, or already acknowledged", body = ErrorBody),
    )
)]
pub async fn acknowledge(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<AcknowledgeBody>, JsonRejection>,
) -> Result<Json<AlertView>, ApiError> {
    let id = AlertId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let alert = state.core.acknowledge_alert(&actor, id, &body.note).await?;
    Ok(Json(AlertView::from(&alert)))
}
