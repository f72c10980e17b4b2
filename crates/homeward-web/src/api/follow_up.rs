//! What follows a report (issue 17): `POST /episodes/{id}/legacy-absent-review` (a police supervisor's review of an
//! episode imported as "absent"), `PUT /episodes/{id}/missing-description` (Philomena Protocol part 2), and
//! `GET /people/{id}/profile/versions` and `.../versions/{version}` (earlier versions of part 1).

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use homeward_core::domain::ids::{EpisodeId, PersonId};
use homeward_core::domain::legacy::LegacyAbsent;
use homeward_core::domain::profile::{MissingDescription, Profile};
use homeward_core::services::NewMissingDescription;
use homeward_core::{CoreError, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::{Page, ProfileView, classes, ts};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::paging;

fn episode_id(id: &str) -> Result<EpisodeId, CoreError> {
    // An id that cannot exist is as not-found as one that does not.
    EpisodeId::parse(id).map_err(|_| CoreError::NotFound)
}

/// A legacy "absent" episode's review by a police supervisor, or null while it awaits one.
#[derive(Debug, Serialize, ToSchema)]
pub struct LegacyAbsentView {
    /// True until a police supervisor has reviewed the episode.
    pub awaiting_review: bool,
    pub reviewed_by: Option<String>,
    #[schema(format = DateTime)]
    pub reviewed_at: Option<String>,
    pub note: Option<String>,
}

impl From<&LegacyAbsent> for LegacyAbsentView {
    fn from(legacy: &LegacyAbsent) -> Self {
        let review = legacy.review.as_ref();
        Self {
            awaiting_review: legacy.awaiting_review(),
            reviewed_by: review.map(|r| r.reviewed_by.to_string()),
            reviewed_at: review.map(|r| ts(r.reviewed_at)),
            note: review.and_then(|r| r.note.as_ref().map(ToString::to_string)),
        }
    }
}

/// Philomena Protocol part 2, recorded on the episode.
#[derive(Debug, Serialize, ToSchema)]
pub struct MissingDescriptionView {
    /// What the person was wearing when last seen.
    pub clothing: String,
    /// Where, and when, they were last seen.
    pub last_seen: String,
    pub recorded_by: String,
    #[schema(format = DateTime)]
    pub recorded_at: String,
}

impl From<&MissingDescription> for MissingDescriptionView {
    fn from(d: &MissingDescription) -> Self {
        Self {
            clothing: d.clothing.to_string(),
            last_seen: d.last_seen.to_string(),
            recorded_by: d.recorded_by.to_string(),
            recorded_at: ts(d.recorded_at),
        }
    }
}

/// A supervisor's review of a legacy "absent" episode.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LegacyReviewBody {
    /// What the supervisor concluded (a new grade is recorded as a risk assessment of its own).
    note: Option<String>,
}

/// Records a police supervisor's review of an episode imported with the abolished grade "absent"; after it the
/// episode no longer shows `legacy_absent_review`.
#[utoipa::path(
    post,
    path = "/api/v1/episodes/{id}/legacy-absent-review",
    tag = "episodes",
    params(("id" = String, Path, description = "The episode's id")),
    request_body = LegacyReviewBody,
    responses(
        (status = 200, description = "Reviewed", body = LegacyAbsentView),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "Only a police supervisor reviews it", body = ErrorBody),
        (status = 404, description = "No such episode, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "Not imported as absent (`not_legacy_absent`), already reviewed (`already_reviewed`), or the note is not valid", body = ErrorBody),
    )
)]
pub async fn review_legacy_absent(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<LegacyReviewBody>, JsonRejection>,
) -> Result<Json<LegacyAbsentView>, ApiError> {
    let id = episode_id(&id)?;
    let Json(body) = body.map_err(rejection)?;
    let legacy = state.core.review_legacy_absent(&actor, id, body.note.as_deref()).await?;
    Ok(Json(LegacyAbsentView::from(&legacy)))
}

/// Philomena Protocol part 2.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MissingDescriptionBody {
    clothing: String,
    last_seen: String,
}

/// Records part 2 of the Philomena Protocol on the episode (clothing, where last seen), replacing an earlier one.
#[utoipa::path(
    put,
    path = "/api/v1/episodes/{id}/missing-description",
    tag = "episodes",
    params(("id" = String, Path, description = "The episode's id")),
    request_body = MissingDescriptionBody,
    responses(
        (status = 200, description = "Recorded", body = MissingDescriptionView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not record it", body = ErrorBody),
        (status = 404, description = "No such episode, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "A field is not valid", body = ErrorBody),
    )
)]
pub async fn record_missing_description(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<MissingDescriptionBody>, JsonRejection>,
) -> Result<Json<MissingDescriptionView>, ApiError> {
    let id = episode_id(&id)?;
    let Json(body) = body.map_err(rejection)?;
    let new = NewMissingDescription::parse(&body.clothing, &body.last_seen)?;
    let description = state.core.record_missing_description(&actor, id, new).await?;
    Ok(Json(MissingDescriptionView::from(&description)))
}

/// One version of a profile in a list: `id` is its version number.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileVersionItem {
    /// The version number (a person's versions are numbered from 1).
    pub id: i64,
    #[serde(flatten)]
    pub profile: ProfileView,
}

/// A page of profile versions, the latest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileVersionPage {
    pub items: Vec<ProfileVersionItem>,
    pub next: Option<String>,
    /// The sensitivity classes not shared with the caller's agency, whose fields are left out.
    #[schema(value_type = Vec<homeward_core::authz::Sensitivity>)]
    pub withheld: Vec<&'static str>,
}

/// One version of a profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileVersionAnswer {
    #[serde(flatten)]
    pub profile: ProfileView,
    #[schema(value_type = Vec<homeward_core::authz::Sensitivity>)]
    pub withheld: Vec<&'static str>,
}

/// Which page of versions.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct VersionParams {
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

fn person_id(id: &str) -> Result<PersonId, CoreError> {
    PersonId::parse(id).map_err(|_| CoreError::NotFound)
}

/// Every saved version of the person's Philomena or Herbert profile, the latest first, each with who saved it and
/// when.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/profile/versions",
    tag = "people",
    params(("id" = String, Path, description = "The person's id"), VersionParams),
    responses(
        (status = 200, description = "A page of versions", body = ProfileVersionPage),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role sees no case records", body = ErrorBody),
        (status = 404, description = "No such person, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "The cursor or the limit is not valid, or a parameter is unknown", body = ErrorBody),
    )
)]
pub async fn profile_versions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    params: Result<Query<VersionParams>, QueryRejection>,
) -> Result<Json<ProfileVersionPage>, ApiError> {
    let id = person_id(&id)?;
    let Query(params) = params.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let paging = paging(&mut errors, params.cursor.as_ref(), params.limit.as_ref());
    errors.into_result()?;
    let homeward_core::services::ProfileVersions { page, withheld, .. } =
        state.core.profile_versions(&actor, id, paging).await?;
    let Page { items, next } =
        Page::of(&page, |p: &Profile| ProfileVersionItem { id: p.version, profile: ProfileView::from(p) });
    Ok(Json(ProfileVersionPage { items, next, withheld: classes(&withheld) }))
}

/// One saved version of the person's profile.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/profile/versions/{version}",
    tag = "people",
    params(
        ("id" = String, Path, description = "The person's id"),
        ("version" = i64, Path, description = "The version number"),
    ),
    responses(
        (status = 200, description = "The version", body = ProfileVersionAnswer),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role sees no case records", body = ErrorBody),
        (status = 404, description = "No such person or version, or not within the caller's scope", body = ErrorBody),
    )
)]
pub async fn profile_version(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, version)): Path<(String, String)>,
) -> Result<Json<ProfileVersionAnswer>, ApiError> {
    let id = person_id(&id)?;
    let version: i64 = version.parse().map_err(|_| CoreError::NotFound)?;
    let (profile, withheld, _) = state.core.profile_version(&actor, id, version).await?;
    Ok(Json(ProfileVersionAnswer { profile: ProfileView::from(&profile), withheld: classes(&withheld) }))
}
