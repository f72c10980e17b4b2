//! Child abduction warning notices, the police's own: `POST /abduction-notices` records one a force served,
//! `GET /abduction-notices` lists the force's (paged, by child or adult).

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use homeward_core::FieldErrors;
use homeward_core::domain::abduction::NoticeFilter;
use homeward_core::domain::ids::{AssociateId, PersonId};
use homeward_core::domain::time::format_date;
use homeward_core::services::{NewAbductionNotice, NoticeInput, NoticeView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::intel::AssociateView;
use super::views::{Page, PersonView, ts};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::paging;

/// A notice, with the adult it was served on and the child it protects.
#[derive(Debug, Serialize, ToSchema)]
pub struct AbductionNoticeView {
    #[schema(format = "uuid")]
    pub id: String,
    /// The adult (an associate of the places and people work).
    pub associate: Option<AssociateView>,
    #[schema(format = "uuid")]
    pub associate_id: String,
    /// The child; null when the caller's force no longer sees them.
    pub child: Option<PersonView>,
    #[schema(format = "uuid")]
    pub child_id: String,
    /// `YYYY-MM-DD`: the first day in force.
    #[schema(format = Date)]
    pub served_on: String,
    /// `YYYY-MM-DD`: the last day in force.
    #[schema(format = Date)]
    pub expires_on: String,
    /// Whether it is in force today (UK date).
    pub in_force: bool,
    pub police_reference: Option<String>,
    /// The officer's note of the circumstances (police intelligence: only police roles read notices).
    pub notes: Option<String>,
    #[schema(format = DateTime)]
    pub recorded_at: String,
}

impl From<&NoticeView> for AbductionNoticeView {
    fn from(view: &NoticeView) -> Self {
        let n = &view.notice;
        Self {
            id: n.id.to_string(),
            associate: view.associate.as_ref().map(AssociateView::from),
            associate_id: n.associate_id.to_string(),
            child: view.child.as_ref().map(PersonView::from),
            child_id: n.child_id.to_string(),
            served_on: format_date(n.served_on),
            expires_on: format_date(n.expires_on),
            in_force: view.in_force,
            police_reference: n.police_reference.as_ref().map(ToString::to_string),
            notes: n.notes.as_ref().map(ToString::to_string),
            recorded_at: ts(n.recorded_at),
        }
    }
}

/// A notice the caller's force served.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AbductionNoticeBody {
    /// The adult: an associate linked to an episode the force sees.
    #[schema(format = "uuid")]
    associate_id: String,
    /// The child: a person the force sees, under 18 the day it was served.
    #[schema(format = "uuid")]
    child_id: String,
    /// `YYYY-MM-DD`, not in the future.
    #[schema(format = Date)]
    served_on: String,
    /// `YYYY-MM-DD`, after `served_on`.
    #[schema(format = Date)]
    expires_on: String,
    police_reference: Option<String>,
    notes: Option<String>,
}

/// Records a child abduction warning notice the caller's force served. While in force, a new episode of the child
/// or a finding naming the adult alerts the force and the child's council (`abduction_notice_named`).
#[utoipa::path(
    post,
    path = "/api/v1/abduction-notices",
    tag = "intelligence",
    request_body = AbductionNoticeBody,
    responses(
        (status = 201, description = "Recorded", body = AbductionNoticeView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 403, description = "Only police officers and supervisors record notices", body = ErrorBody),
        (status = 422, description = "A field is not valid: dates, or an adult or child the force does not see", body = ErrorBody),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<AbductionNoticeBody>, JsonRejection>,
) -> Result<(StatusCode, Json<AbductionNoticeView>), ApiError> {
    let Json(body) = body.map_err(rejection)?;
    let new = NewAbductionNotice::parse(&NoticeInput {
        associate_id: body.associate_id,
        child_id: body.child_id,
        served_on: body.served_on,
        expires_on: body.expires_on,
        police_reference: body.police_reference,
        notes: body.notes,
    })?;
    let shown = state.core.record_abduction_notice(&actor, new).await?;
    Ok((StatusCode::CREATED, Json(AbductionNoticeView::from(&shown))))
}

/// Which notices to list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NoticeParams {
    /// Only this child's.
    child_id: Option<String>,
    /// Only those served on this adult.
    associate_id: Option<String>,
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

/// A page of the notices the caller's force served, most recently served first.
#[utoipa::path(
    get,
    path = "/api/v1/abduction-notices",
    tag = "intelligence",
    params(NoticeParams),
    responses(
        (status = 200, description = "A page of notices", body = Page<AbductionNoticeView>),
        (status = 403, description = "Only police officers and supervisors read notices", body = ErrorBody),
        (status = 422, description = "A filter, the cursor or the limit is not valid, or a parameter is unknown", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<NoticeParams>, QueryRejection>,
) -> Result<Json<Page<AbductionNoticeView>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let blank = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let child = blank(&params.child_id).and_then(|id| errors.check("child_id", PersonId::parse(&id)));
    let associate = blank(&params.associate_id).and_then(|id| errors.check("associate_id", AssociateId::parse(&id)));
    let paging = paging(&mut errors, params.cursor.as_ref(), params.limit.as_ref());
    errors.into_result()?;
    let page = state.core.abduction_notices(&actor, NoticeFilter { child, associate }, &paging).await?;
    Ok(Json(Page::of(&page, AbductionNoticeView::from)))
}
