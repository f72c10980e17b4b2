//! The review queue of proposed links between records of one person: `GET /link-proposals`, and
//! `POST /link-proposals/{id}/confirm`, `/reject` (each with a reason) and `/undo`.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use homeward_core::domain::ids::LinkProposalId;
use homeward_core::domain::link::{LinkDecision, LinkProposal, LinkStatus};
use homeward_core::{CoreError, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::{Page, ts};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::paging;

/// A proposed link: two person records that linkage found likely to be one person, and its review.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkProposalView {
    #[schema(format = "uuid")]
    pub id: String,
    /// The two people's ids, the smaller (as text) first.
    pub person_l: String,
    pub person_r: String,
    /// The match probability, 0 to 1.
    pub probability: f64,
    /// How each field compared, as `field=level` codes (`first_name=exact`, `dob=transposed`, `postcode=missing`,
    /// `names=swapped`): never the values.
    pub evidence: Vec<String>,
    /// `potential`, `confirmed` or `rejected`.
    #[schema(value_type = homeward_core::domain::link::LinkStatus)]
    pub status: &'static str,
    #[schema(format = DateTime)]
    pub proposed_at: String,
    pub decided_by: Option<String>,
    #[schema(format = DateTime)]
    pub decided_at: Option<String>,
    pub reason: Option<String>,
}

impl From<&LinkProposal> for LinkProposalView {
    fn from(p: &LinkProposal) -> Self {
        Self {
            id: p.id.to_string(),
            person_l: p.person_l.to_string(),
            person_r: p.person_r.to_string(),
            probability: p.probability.fraction(),
            evidence: p.evidence.clone(),
            status: p.status.as_str(),
            proposed_at: ts(p.proposed_at),
            decided_by: p.decided_by.map(|id| id.to_string()),
            decided_at: p.decided_at.map(ts),
            reason: p.reason.as_ref().map(ToString::to_string),
        }
    }
}

/// Which proposals to list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LinkProposalParams {
    /// `potential` (the default), `confirmed` or `rejected`.
    #[param(schema_with = link_statuses)]
    status: Option<String>,
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

fn link_statuses() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::filters::codes_or_blank(LinkStatus::ALL.iter().copied().map(LinkStatus::as_str))
}

/// A page of the proposals about people the caller sees (both of them), oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/link-proposals",
    tag = "people",
    params(LinkProposalParams),
    responses(
        (status = 200, description = "A page of link proposals", body = Page<LinkProposalView>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not review links", body = ErrorBody),
        (status = 422, description = "The status, the cursor or the limit is not valid, or a parameter is unknown", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<LinkProposalParams>, QueryRejection>,
) -> Result<Json<Page<LinkProposalView>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let status = match params.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(LinkStatus::Potential),
        Some(text) => errors.check("status", LinkStatus::parse(text)),
    };
    let paging = paging(&mut errors, params.cursor.as_ref(), params.limit.as_ref());
    errors.into_result()?;
    let status = status.expect("checked");
    let page = state.core.link_proposals(&actor, status, &paging).await?;
    Ok(Json(Page::of(&page, LinkProposalView::from)))
}

/// A reviewer's decision.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// Why: required, kept with the decision.
    reason: Option<String>,
}

fn proposal_id(id: &str) -> Result<LinkProposalId, ApiError> {
    Ok(LinkProposalId::parse(id).map_err(|_| CoreError::NotFound)?)
}

/// Confirms a potential proposal: the two records are one person's, each listing the other in `linked_people`.
#[utoipa::path(
    post,
    path = "/api/v1/link-proposals/{id}/confirm",
    tag = "people",
    params(("id" = String, Path, description = "The proposal's id")),
    request_body = DecisionBody,
    responses(
        (status = 200, description = "Confirmed", body = LinkProposalView),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 403, description = "The caller's role does not review links", body = ErrorBody),
        (status = 404, description = "No such proposal, or one of its people is not within the caller's scope", body = ErrorBody),
        (status = 422, description = "No reason given, or already decided (`link_already_decided`)", body = ErrorBody),
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<DecisionBody>, JsonRejection>,
) -> Result<Json<LinkProposalView>, ApiError> {
    let id = proposal_id(&id)?;
    let Json(body) = body.map_err(rejection)?;
    let decision = LinkDecision::parse(body.reason.as_deref())?;
    Ok(Json(LinkProposalView::from(&state.core.confirm_link(&actor, id, decision).await?)))
}

/// Rejects a potential proposal: the two records are different people; later runs leave the pair alone.
#[utoipa::path(
    post,
    path = "/api/v1/link-proposals/{id}/reject",
    tag = "people",
    params(("id" = String, Path, description = "The proposal's id")),
    request_body = DecisionBody,
    responses(
        (status = 200, description = "Rejected", body = LinkProposalView),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 403, description = "The caller's role does not review links", body = ErrorBody),
        (status = 404, description = "No such proposal, or one of its people is not within the caller's scope", body = ErrorBody),
        (status = 422, description = "No reason given, or already decided (`link_already_decided`)", body = ErrorBody),
    )
)]
pub async fn reject(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<DecisionBody>, JsonRejection>,
) -> Result<Json<LinkProposalView>, ApiError> {
    let id = proposal_id(&id)?;
    let Json(body) = body.map_err(rejection)?;
    let decision = LinkDecision::parse(body.reason.as_deref())?;
    Ok(Json(LinkProposalView::from(&state.core.reject_link(&actor, id, decision).await?)))
}

/// Undoes a confirmation or rejection: the proposal is potential again, exactly as proposed. The audit log keeps
/// who decided and who undid, and when; the undone decision's reason is not kept.
#[utoipa::path(
    post,
    path = "/api/v1/link-proposals/{id}/undo",
    tag = "people",
    params(("id" = String, Path, description = "The proposal's id")),
    responses(
        (status = 200, description = "Undone: potential again", body = LinkProposalView),
        (status = 403, description = "The caller's role does not review links", body = ErrorBody),
        (status = 404, description = "No such proposal, or one of its people is not within the caller's scope", body = ErrorBody),
        (status = 422, description = "Not decided, so nothing to undo (`link_already_decided`)", body = ErrorBody),
    )
)]
pub async fn undo(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<LinkProposalView>, ApiError> {
    let id = proposal_id(&id)?;
    Ok(Json(LinkProposalView::from(&state.core.undo_link(&actor, id).await?)))
}
