//! Ofsted notifications owed by a children's home (Children's Homes Regulations 2015 reg 40(4)):
//! `GET /ofsted-notifications` (the caller's home's, paged), `GET /ofsted-notifications/{id}`, and
//! `POST /ofsted-notifications/{id}` to record when Ofsted was told and its reference.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use homeward_core::domain::ids::OfstedNotificationId;
use homeward_core::domain::ofsted::OfstedFilter;
use homeward_core::rules::ofsted::overdue_at;
use homeward_core::services::{NewOfstedNotification, OfstedInput, OfstedView};
use homeward_core::{CoreError, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::{Page, PersonView, codes, ts};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::{flag, paging};

/// A notification the caller's home owes Ofsted, and what it recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfstedNotificationView {
    #[schema(format = "uuid")]
    pub id: String,
    #[schema(format = "uuid")]
    pub episode_id: String,
    /// The child; null when the home no longer sees them.
    pub person: Option<PersonView>,
    /// `cse_concern` (a risk assessment recorded a sexual exploitation concern) or `police_called` (the episode
    /// was reported).
    #[schema(value_type = homeward_core::domain::ofsted::OfstedCause)]
    pub cause: &'static str,
    /// When Homeward prompted the home.
    #[schema(format = DateTime)]
    pub prompted_at: String,
    /// When an unrecorded notification is alerted to the home: 24 hours after the prompt.
    #[schema(format = DateTime)]
    pub alert_at: String,
    /// When the home told Ofsted; null until recorded.
    #[schema(format = DateTime)]
    pub notified_at: Option<String>,
    /// Ofsted's reference, when it gave one.
    pub reference: Option<String>,
    #[schema(format = DateTime)]
    pub recorded_at: Option<String>,
    /// `record_ofsted_notification` while it may be recorded.
    #[schema(value_type = Vec<homeward_core::authz::Action>)]
    pub actions: Vec<&'static str>,
}

impl From<&OfstedView> for OfstedNotificationView {
    fn from(view: &OfstedView) -> Self {
        let n = &view.notification;
        Self {
            id: n.id.to_string(),
            episode_id: n.episode_id.to_string(),
            person: view.person.as_ref().map(PersonView::from),
            cause: n.cause.as_str(),
            prompted_at: ts(n.prompted_at),
            alert_at: ts(overdue_at(n)),
            notified_at: n.notified_at.map(ts),
            reference: n.reference.as_ref().map(ToString::to_string),
            recorded_at: n.recorded_at.map(ts),
            actions: codes(&view.actions),
        }
    }
}

/// Which notifications to list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OfstedParams {
    /// `true`: only those not yet recorded.
    #[param(schema_with = crate::filters::yes_or_no)]
    unrecorded: Option<String>,
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

/// A page of the notifications the caller's children's home owes Ofsted, oldest prompt first.
#[utoipa::path(
    get,
    path = "/api/v1/ofsted-notifications",
    tag = "ofsted",
    params(OfstedParams),
    responses(
        (status = 200, description = "A page of notifications", body = Page<OfstedNotificationView>),
        (status = 403, description = "Only a care provider's staff record notifications to Ofsted", body = ErrorBody),
        (status = 422, description = "A filter, the cursor or the limit is not valid, or a parameter is unknown", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<OfstedParams>, QueryRejection>,
) -> Result<Json<Page<OfstedNotificationView>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let unrecorded_only = flag(&mut errors, "unrecorded", params.unrecorded.as_ref());
    let paging = paging(&mut errors, params.cursor.as_ref(), params.limit.as_ref());
    errors.into_result()?;
    let page = state.core.ofsted_notifications(&actor, OfstedFilter { unrecorded_only }, &paging).await?;
    Ok(Json(Page::of(&page, OfstedNotificationView::from)))
}

/// One notification the caller's home owes.
#[utoipa::path(
    get,
    path = "/api/v1/ofsted-notifications/{id}",
    tag = "ofsted",
    params(("id" = String, Path, description = "The notification's id")),
    responses(
        (status = 200, description = "The notification", body = OfstedNotificationView),
        (status = 403, description = "Only a care provider's staff record notifications to Ofsted", body = ErrorBody),
        (status = 404, description = "No such notification owed by the caller's home", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<OfstedNotificationView>, ApiError> {
    let id = OfstedNotificationId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let shown = state.core.ofsted_notification(&actor, id).await?;
    Ok(Json(OfstedNotificationView::from(&shown)))
}

/// What the home recorded.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfstedBody {
    /// RFC 3339: when Ofsted was told; not before the child went missing, not in the future.
    #[schema(format = DateTime)]
    notified_at: Option<String>,
    /// Ofsted's reference, up to 64 characters.
    reference: Option<String>,
}

/// Records that the home told Ofsted: when, and Ofsted's reference. Once.
#[utoipa::path(
    post,
    path = "/api/v1/ofsted-notifications/{id}",
    tag = "ofsted",
    params(("id" = String, Path, description = "The notification's id")),
    request_body = OfstedBody,
    responses(
        (status = 200, description = "Recorded", body = OfstedNotificationView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 403, description = "Only a care provider's staff record notifications to Ofsted", body = ErrorBody),
        (status = 404, description = "No such notification owed by the caller's home", body = ErrorBody),
        (status = 422, description = "A field is not valid, or it was already recorded (`already_recorded`)", body = ErrorBody),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<OfstedBody>, JsonRejection>,
) -> Result<Json<OfstedNotificationView>, ApiError> {
    let id = OfstedNotificationId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let new = NewOfstedNotification::parse(&OfstedInput { notified_at: body.notified_at, reference: body.reference })?;
    let shown = state.core.record_ofsted_notification(&actor, id, new).await?;
    Ok(Json(OfstedNotificationView::from(&shown)))
}
