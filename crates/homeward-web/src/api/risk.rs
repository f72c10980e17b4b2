//! `POST /api/v1/episodes/{id}/risk-assessments`: one side's view of an episode's risk.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use homeward_core::CoreError;
use homeward_core::domain::ids::EpisodeId;
use homeward_core::domain::risk::RiskAnswer;
use homeward_core::services::NewAssessment;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::{AssessmentView, RiskView};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};

/// A risk assessment. The side (police, or children's services for a child) is the caller's agency's.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentBody {
    /// `no_apparent_risk`, `low`, `medium` or `high`. There is no `absent` grade.
    #[schema(value_type = homeward_core::domain::risk::RiskGrade)]
    grade: String,
    /// Why this grade: the information used and who supplied it.
    rationale: String,
    /// Answers by question code (`out_of_character`, `exploitation_concerns`, ...): `{"answer": true, "details":
    /// "..."}`. May be partial: an urgent first grade comes before every question is asked.
    #[serde(default)]
    #[schema(value_type = Object)]
    answers: BTreeMap<String, RiskAnswer>,
    #[serde(default)]
    cse_concern: bool,
    #[serde(default)]
    cce_concern: bool,
    /// Only from a police supervisor or council senior manager: the reason for lowering a grade the exploitation
    /// rule set.
    override_reason: Option<String>,
}

/// The recorded assessment and the episode's new risk picture.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentRecordedView {
    #[schema(format = "uuid")]
    pub id: String,
    pub assessment: AssessmentView,
    pub risk: RiskView,
    /// When a rule raised the joint grade above both views, which rule.
    pub raised_by_rule: Option<String>,
}

/// Records the caller's side's view of an episode's risk.
#[utoipa::path(
    post,
    path = "/api/v1/episodes/{id}/risk-assessments",
    tag = "episodes",
    params(("id" = String, Path, description = "The episode's id")),
    request_body = AssessmentBody,
    responses(
        (status = 201, description = "Recorded; the episode's new risk", body = AssessmentRecordedView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not assess risk", body = ErrorBody),
        (status = 404, description = "No such episode, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "A field is not valid (e.g. grade 'absent'), or a rule refuses it", body = ErrorBody),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<AssessmentBody>, JsonRejection>,
) -> Result<(StatusCode, Json<AssessmentRecordedView>), ApiError> {
    let id = EpisodeId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let new = NewAssessment::parse(
        &body.grade,
        &body.rationale,
        body.answers,
        body.cse_concern,
        body.cce_concern,
        body.override_reason.as_deref(),
    )?;
    let recorded = state.core.record_assessment(&actor, id, new).await?;
    Ok((
        StatusCode::CREATED,
        Json(AssessmentRecordedView {
            id: recorded.assessment.id.to_string(),
            assessment: AssessmentView::from(&recorded.assessment),
            risk: RiskView::from(&recorded.risk),
            raised_by_rule: recorded.explanation.clone(),
        }),
    ))
}
