//! The long-term missing register: `GET /long-term-missing` (a page of the episodes on it), `GET` and `PUT
//! /episodes/{id}/long-term` (its entry) and `POST /episodes/{id}/long-term/reviews` (a review).

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use homeward_core::domain::ids::EpisodeId;
use homeward_core::domain::long_term::{LongTermEntry, LongTermItem, LongTermRecord, LongTermReview};
use homeward_core::domain::time::format_date;
use homeward_core::services::{LongTermInput, NewLongTermEntry, NewLongTermReview};
use homeward_core::{CoreError, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::{EpisodeListItem, Page, ts};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::paging;

/// A register entry: the family liaison, the review interval, the UK Missing Persons Unit referral and the
/// family's guardianship order (Guardianship (Missing Persons) Act 2017). Null fields are not known yet.
#[derive(Debug, Serialize, ToSchema)]
pub struct LongTermEntryView {
    pub liaison_officer: Option<String>,
    pub liaison_contact: Option<String>,
    #[schema(format = Date)]
    pub last_contact_on: Option<String>,
    pub review_interval_days: u16,
    #[schema(format = Date)]
    pub mpu_referred_on: Option<String>,
    pub mpu_reference: Option<String>,
    #[schema(format = Date)]
    pub guardianship_order_on: Option<String>,
    pub guardian: Option<String>,
    pub updated_by: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

fn text(value: Option<&impl ToString>) -> Option<String> {
    value.map(ToString::to_string)
}

impl From<&LongTermEntry> for LongTermEntryView {
    fn from(e: &LongTermEntry) -> Self {
        Self {
            liaison_officer: text(e.liaison_officer.as_ref()),
            liaison_contact: text(e.liaison_contact.as_ref()),
            last_contact_on: e.last_contact_on.map(format_date),
            review_interval_days: e.review_interval.days(),
            mpu_referred_on: e.mpu_referred_on.map(format_date),
            mpu_reference: text(e.mpu_reference.as_ref()),
            guardianship_order_on: e.guardianship_order_on.map(format_date),
            guardian: text(e.guardian.as_ref()),
            updated_by: e.updated_by.to_string(),
            updated_at: ts(e.updated_at),
        }
    }
}

/// One review of a long-term missing episode.
#[derive(Debug, Serialize, ToSchema)]
pub struct LongTermReviewView {
    #[schema(format = "uuid")]
    pub id: String,
    #[schema(format = Date)]
    pub reviewed_on: String,
    pub summary: String,
    pub reviewed_by: String,
    #[schema(format = DateTime)]
    pub recorded_at: String,
}

impl From<&LongTermReview> for LongTermReviewView {
    fn from(r: &LongTermReview) -> Self {
        Self {
            id: r.id.to_string(),
            reviewed_on: format_date(r.reviewed_on),
            summary: r.summary.to_string(),
            reviewed_by: r.reviewed_by.to_string(),
            recorded_at: ts(r.recorded_at),
        }
    }
}

/// An episode's place on the register.
#[derive(Debug, Serialize, ToSchema)]
pub struct LongTermView {
    #[schema(format = "uuid")]
    pub episode_id: String,
    /// When it went onto the register: a year after the person went missing.
    #[schema(format = DateTime)]
    pub since: String,
    /// Null until someone saves one; the review interval is then 90 days.
    pub entry: Option<LongTermEntryView>,
    /// The latest first.
    pub reviews: Vec<LongTermReviewView>,
    #[schema(format = Date)]
    pub review_due_on: String,
}

impl From<&LongTermRecord> for LongTermView {
    fn from(r: &LongTermRecord) -> Self {
        Self {
            episode_id: r.episode_id.to_string(),
            since: ts(r.since),
            entry: r.entry.as_ref().map(LongTermEntryView::from),
            reviews: r.reviews.iter().map(LongTermReviewView::from).collect(),
            review_due_on: format_date(r.review_due_on),
        }
    }
}

/// An episode on the register, in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct LongTermListItem {
    #[serde(flatten)]
    pub episode: EpisodeListItem,
    pub entry: Option<LongTermEntryView>,
    #[schema(format = Date)]
    pub last_reviewed_on: Option<String>,
    #[schema(format = Date)]
    pub review_due_on: String,
    /// The review's due date has passed.
    pub review_overdue: bool,
}

impl From<&LongTermItem> for LongTermListItem {
    fn from(i: &LongTermItem) -> Self {
        Self {
            episode: EpisodeListItem::from(&i.listing.listing),
            entry: i.listing.entry.as_ref().map(LongTermEntryView::from),
            last_reviewed_on: i.listing.last_reviewed_on.map(format_date),
            review_due_on: format_date(i.review_due_on),
            review_overdue: i.review_overdue,
        }
    }
}

/// Which page of the register.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RegisterParams {
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

/// The long-term missing episodes the caller sees (still open a year after the person went missing), the longest
/// missing first: a force's within its scope, a council's only the children it is responsible for.
#[utoipa::path(
    get,
    path = "/api/v1/long-term-missing",
    tag = "long-term missing",
    params(RegisterParams),
    responses(
        (status = 200, description = "A page of the register", body = Page<LongTermListItem>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not keep the register", body = ErrorBody),
        (status = 422, description = "The cursor or the limit is not valid, or a parameter is unknown", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<RegisterParams>, QueryRejection>,
) -> Result<Json<Page<LongTermListItem>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let paging = paging(&mut errors, params.cursor.as_ref(), params.limit.as_ref());
    errors.into_result()?;
    let page = state.core.list_long_term(&actor, paging).await?;
    Ok(Json(Page::of(&page, LongTermListItem::from)))
}

fn episode_id(id: &str) -> Result<EpisodeId, CoreError> {
    EpisodeId::parse(id).map_err(|_| CoreError::NotFound)
}

/// An episode's register entry and reviews.
#[utoipa::path(
    get,
    path = "/api/v1/episodes/{id}/long-term",
    tag = "long-term missing",
    params(("id" = String, Path, description = "The episode's id")),
    responses(
        (status = 200, description = "The episode's place on the register", body = LongTermView),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller does not keep the register for this person", body = ErrorBody),
        (status = 404, description = "No such episode, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "The episode is not on the register (`not_long_term`)", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<LongTermView>, ApiError> {
    let record = state.core.long_term(&actor, episode_id(&id)?).await?;
    Ok(Json(LongTermView::from(&record)))
}

/// A register entry; blank or absent fields are not known. Dates `YYYY-MM-DD`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LongTermBody {
    liaison_officer: Option<String>,
    liaison_contact: Option<String>,
    #[schema(format = Date)]
    last_contact_on: Option<String>,
    /// Days between reviews, 7 to 365; 90 if not given.
    review_interval_days: Option<u32>,
    #[schema(format = Date)]
    mpu_referred_on: Option<String>,
    /// The UK Missing Persons Unit's reference (needs `mpu_referred_on`).
    mpu_reference: Option<String>,
    /// The date of the guardianship order (needs `guardian`).
    #[schema(format = Date)]
    guardianship_order_on: Option<String>,
    guardian: Option<String>,
}

/// Saves the episode's register entry whole.
#[utoipa::path(
    put,
    path = "/api/v1/episodes/{id}/long-term",
    tag = "long-term missing",
    params(("id" = String, Path, description = "The episode's id")),
    request_body = LongTermBody,
    responses(
        (status = 200, description = "Saved", body = LongTermView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller does not keep the register for this person", body = ErrorBody),
        (status = 404, description = "No such episode, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "A field is not valid, or the episode is not on the register", body = ErrorBody),
    )
)]
pub async fn put(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<LongTermBody>, JsonRejection>,
) -> Result<Json<LongTermView>, ApiError> {
    let id = episode_id(&id)?;
    let Json(body) = body.map_err(rejection)?;
    let interval = body.review_interval_days.map(|d| d.to_string());
    let new = NewLongTermEntry::parse(&LongTermInput {
        liaison_officer: body.liaison_officer.as_deref(),
        liaison_contact: body.liaison_contact.as_deref(),
        last_contact_on: body.last_contact_on.as_deref(),
        review_interval_days: interval.as_deref(),
        mpu_referred_on: body.mpu_referred_on.as_deref(),
        mpu_reference: body.mpu_reference.as_deref(),
        guardianship_order_on: body.guardianship_order_on.as_deref(),
        guardian: body.guardian.as_deref(),
    })?;
    let record = state.core.save_long_term(&actor, id, new).await?;
    Ok(Json(LongTermView::from(&record)))
}

/// A review of a long-term missing episode.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// `YYYY-MM-DD`: from the day the episode went onto the register to today.
    #[schema(format = Date)]
    reviewed_on: String,
    summary: String,
}

/// Records a review; the next falls due one interval after the latest.
#[utoipa::path(
    post,
    path = "/api/v1/episodes/{id}/long-term/reviews",
    tag = "long-term missing",
    params(("id" = String, Path, description = "The episode's id")),
    request_body = ReviewBody,
    responses(
        (status = 201, description = "Recorded", body = LongTermView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller does not keep the register for this person", body = ErrorBody),
        (status = 404, description = "No such episode, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "A field is not valid, or the episode is not on the register", body = ErrorBody),
    )
)]
pub async fn review(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<ReviewBody>, JsonRejection>,
) -> Result<(StatusCode, Json<LongTermView>), ApiError> {
    let id = episode_id(&id)?;
    let Json(body) = body.map_err(rejection)?;
    let new = NewLongTermReview::parse(&body.reviewed_on, &body.summary)?;
    let record = state.core.review_long_term(&actor, id, new).await?;
    Ok((StatusCode::CREATED, Json(LongTermView::from(&record))))
}
