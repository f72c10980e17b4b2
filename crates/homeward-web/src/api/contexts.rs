//! Contexts (contextual safeguarding): `POST /contexts`, `GET /contexts`, `GET /contexts/{id}` and
//! `POST /contexts/{id}/close`, for the coordinators of the agency that owns them.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use homeward_core::domain::ids::ContextId;
use homeward_core::domain::time::format_date;
use homeward_core::services::intel::{ContextInput, ContextView, NewContext};
use homeward_core::{CoreError, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::intel::{AssociateView, PlaceView};
use super::views::{Page, PersonView, ts};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::paging;

/// A context with what it links (the children only where the caller's agency sees them).
#[derive(Debug, Serialize, ToSchema)]
pub struct ContextAnswer {
    #[schema(format = "uuid")]
    pub id: String,
    /// `place` or `peer_group`.
    #[schema(value_type = homeward_core::domain::context::ContextKind)]
    pub kind: &'static str,
    pub title: String,
    pub plan: String,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub review_on: String,
    #[schema(format = "uuid")]
    pub owner_agency_id: String,
    pub opened_by: String,
    #[schema(format = DateTime)]
    pub opened_at: String,
    /// Set once closed; until then a new episode or finding touching it alerts the owner.
    #[schema(format = DateTime)]
    pub closed_at: Option<String>,
    pub places: Vec<PlaceView>,
    pub associates: Vec<AssociateView>,
    pub children: Vec<PersonView>,
}

impl From<&ContextView> for ContextAnswer {
    fn from(v: &ContextView) -> Self {
        let c = &v.context;
        Self {
            id: c.id.to_string(),
            kind: c.kind.as_str(),
            title: c.title.to_string(),
            plan: c.plan.to_string(),
            review_on: format_date(c.review_on),
            owner_agency_id: c.owner_agency_id.to_string(),
            opened_by: c.opened_by.to_string(),
            opened_at: ts(c.opened_at),
            closed_at: c.closed_at.map(ts),
            places: v.places.iter().map(PlaceView::from).collect(),
            associates: v.associates.iter().map(AssociateView::from).collect(),
            children: v.children.iter().map(PersonView::from).collect(),
        }
    }
}

/// A context in a list: its members as ids.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContextSummary {
    #[schema(format = "uuid")]
    pub id: String,
    #[schema(value_type = homeward_core::domain::context::ContextKind)]
    pub kind: &'static str,
    pub title: String,
    #[schema(format = Date)]
    pub review_on: String,
    #[schema(format = DateTime)]
    pub opened_at: String,
    #[schema(format = DateTime)]
    pub closed_at: Option<String>,
    pub places: Vec<String>,
    pub associates: Vec<String>,
    pub children: Vec<String>,
}

/// A context to open.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContextBody {
    /// `place` or `peer_group`.
    #[schema(value_type = homeward_core::domain::context::ContextKind)]
    kind: String,
    title: String,
    /// What the owning agency will do.
    plan: String,
    /// When the plan is next reviewed, `YYYY-MM-DD`: today or later.
    #[schema(format = Date)]
    review_on: String,
    /// Ids of places, associates and children (people the caller's agency sees); at least one in all.
    #[serde(default)]
    places: Vec<String>,
    #[serde(default)]
    associates: Vec<String>,
    #[serde(default)]
    children: Vec<String>,
}

fn strings<T: ToString>(ids: &[T]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

fn context_id(id: &str) -> Result<ContextId, ApiError> {
    Ok(ContextId::parse(id).map_err(|_| CoreError::NotFound)?)
}

/// Opens a context owned by the caller's agency.
#[utoipa::path(
    post,
    path = "/api/v1/contexts",
    tag = "intelligence",
    request_body = ContextBody,
    responses(
        (status = 201, description = "Opened", body = ContextAnswer),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not read intelligence", body = ErrorBody),
        (status = 422, description = "A field is not valid, nothing is linked, or a linked record is not one the caller may link", body = ErrorBody),
    )
)]
pub async fn open(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<ContextBody>, JsonRejection>,
) -> Result<(StatusCode, Json<ContextAnswer>), ApiError> {
    let Json(body) = body.map_err(rejection)?;
    let new = NewContext::parse(&ContextInput {
        kind: body.kind,
        title: body.title,
        plan: body.plan,
        review_on: body.review_on,
        places: body.places,
        associates: body.associates,
        children: body.children,
    })?;
    let view = state.core.open_context(&actor, new).await?;
    Ok((StatusCode::CREATED, Json(ContextAnswer::from(&view))))
}

/// Which page of contexts.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ContextParams {
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

/// The contexts the caller's agency owns, most recently opened first.
#[utoipa::path(
    get,
    path = "/api/v1/contexts",
    tag = "intelligence",
    params(ContextParams),
    responses(
        (status = 200, description = "A page of contexts", body = Page<ContextSummary>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not read intelligence", body = ErrorBody),
        (status = 422, description = "The cursor or the limit is not valid, or a parameter is unknown", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<ContextParams>, QueryRejection>,
) -> Result<Json<Page<ContextSummary>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let paging = paging(&mut errors, params.cursor.as_ref(), params.limit.as_ref());
    errors.into_result()?;
    let page = state.core.contexts(&actor, &paging).await?;
    Ok(Json(Page::of(&page, |c| ContextSummary {
        id: c.id.to_string(),
        kind: c.kind.as_str(),
        title: c.title.to_string(),
        review_on: format_date(c.review_on),
        opened_at: ts(c.opened_at),
        closed_at: c.closed_at.map(ts),
        places: strings(&c.places),
        associates: strings(&c.associates),
        children: strings(&c.children),
    })))
}

/// One context the caller's agency owns.
#[utoipa::path(
    get,
    path = "/api/v1/contexts/{id}",
    tag = "intelligence",
    params(("id" = String, Path, description = "The context's id")),
    responses(
        (status = 200, description = "The context", body = ContextAnswer),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not read intelligence", body = ErrorBody),
        (status = 404, description = "No such context owned by the caller's agency", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<ContextAnswer>, ApiError> {
    let view = state.core.context_view(&actor, context_id(&id)?).await?;
    Ok(Json(ContextAnswer::from(&view)))
}

/// Closes a context: touching it alerts nobody any more.
#[utoipa::path(
    post,
    path = "/api/v1/contexts/{id}/close",
    tag = "intelligence",
    params(("id" = String, Path, description = "The context's id")),
    responses(
        (status = 200, description = "Closed", body = ContextAnswer),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not read intelligence", body = ErrorBody),
        (status = 404, description = "No such context owned by the caller's agency", body = ErrorBody),
        (status = 422, description = "Already closed", body = ErrorBody),
    )
)]
pub async fn close(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<ContextAnswer>, ApiError> {
    let view = state.core.close_context(&actor, context_id(&id)?).await?;
    Ok(Json(ContextAnswer::from(&view)))
}
