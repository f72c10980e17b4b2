//! `GET /api/v1/episodes` and `GET /api/v1/episodes/{id}`.

use axum::Json;
use axum::extract::{Path, Query, State};
use homeward_core::CoreError;
use homeward_core::domain::ids::EpisodeId;

use super::views::{EpisodeDetail, EpisodeListItem, EpisodeView, Page};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::{ListParams, parse_query};

/// The episodes the caller may see.
#[utoipa::path(
    get,
    path = "/api/v1/episodes",
    tag = "episodes",
    params(ListParams),
    responses(
        (status = 200, description = "A page of episodes within the caller's scope", body = Page<EpisodeListItem>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role sees no case records (analysts, admins)", body = ErrorBody),
        (status = 422, description = "A filter is not valid", body = ErrorBody),
    )
)]
pub async fn list_episodes(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Page<EpisodeListItem>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let query = parse_query(&params)?;
    let page = state.core.list_episodes(&actor, query).await?;
    Ok(Json(Page {
        items: page.items.iter().map(EpisodeListItem::from).collect(),
        next: page.next.map(|c| c.encode()),
    }))
}

/// One episode, with the person, every risk assessment and return interview.
#[utoipa::path(
    get,
    path = "/api/v1/episodes/{id}",
    tag = "episodes",
    params(("id" = String, Path, description = "The episode's id")),
    responses(
        (status = 200, description = "The episode", body = EpisodeDetail),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 404, description = "No such episode, or not within the caller's scope", body = ErrorBody),
    )
)]
pub async fn get_episode(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<EpisodeDetail>, ApiError> {
    // An id that cannot exist is as not-found as one that does not.
    let id = EpisodeId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let record = state.core.episode(&actor, id).await?;
    Ok(Json(EpisodeDetail::from(&record)))
}

/// An episode to report.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EpisodeBody {
    #[schema(format = "uuid")]
    person_id: String,
    /// RFC 3339 with offset.
    #[schema(format = DateTime)]
    went_missing_at: String,
    /// `home`, `foster_care`, `childrens_home`, `semi_independent`, `secure`, `hospital`, `care_home`, `school` or
    /// `other`.
    #[schema(value_type = homeward_core::domain::episode::MissingFrom)]
    missing_from: String,
    /// RFC 3339; defaults to `went_missing_at`.
    #[schema(format = DateTime)]
    reported_at: Option<String>,
    last_seen_place: Option<String>,
    circumstances: Option<String>,
    police_reference: Option<String>,
    /// Who reported the person missing (their role or relationship, such as "foster carer").
    reporter: Option<String>,
    /// For a looked-after child: `missing` or `away` (from placement without authorisation).
    #[schema(value_type = Option<homeward_core::domain::episode::LaCategory>)]
    la_category: Option<String>,
    /// The code of the police force covering where the person went missing from. Needed only when Homeward cannot
    /// tell (no placement's host council, care provider's or reporting council's force); it wins when given.
    police_force: Option<String>,
    /// Philomena Protocol part 2 with the report: what they were wearing when last seen (needs
    /// `last_seen_place`). It can also be recorded later (`PUT /episodes/{id}/missing-description`).
    clothing: Option<String>,
}

/// Reports an episode of a person shared with the caller's agency.
#[utoipa::path(
    post,
    path = "/api/v1/episodes",
    tag = "episodes",
    request_body = EpisodeBody,
    responses(
        (status = 201, description = "Reported; the person is missing", body = EpisodeView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not report episodes", body = ErrorBody),
        (status = 422, description = "A field is not valid", body = ErrorBody),
    )
)]
pub async fn report_episode(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<EpisodeBody>, axum::extract::rejection::JsonRejection>,
) -> Result<(axum::http::StatusCode, Json<EpisodeView>), ApiError> {
    let Json(body) = body.map_err(rejection)?;
    let new = homeward_core::services::NewEpisode::parse(
        &body.person_id,
        &body.went_missing_at,
        &body.missing_from,
        body.reported_at.as_deref(),
        body.last_seen_place.as_deref(),
        body.circumstances.as_deref(),
        body.police_reference.as_deref(),
        body.reporter.as_deref(),
        body.la_category.as_deref(),
    )?
    .naming_force(body.police_force.as_deref())
    .wearing(body.clothing.as_deref())?;
    let episode = state.core.report_episode(&actor, new).await?;
    Ok((axum::http::StatusCode::CREATED, Json(EpisodeView::from(&episode))))
}

/// The council's category of a looked-after child's episode.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryBody {
    /// `missing` (whereabouts unknown) or `away` (known, but away from placement without authorisation).
    #[schema(value_type = homeward_core::domain::episode::LaCategory)]
    la_category: String,
}

/// Changes the council's category of a looked-after child's episode; every change is kept.
#[utoipa::path(
    post,
    path = "/api/v1/episodes/{id}/la-category",
    tag = "episodes",
    params(("id" = String, Path, description = "The episode's id")),
    request_body = CategoryBody,
    responses(
        (status = 200, description = "Changed", body = EpisodeView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 403, description = "Only the child's responsible or host council sets it", body = ErrorBody),
        (status = 404, description = "No such episode, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "Not a category, or not a looked-after child's episode", body = ErrorBody),
    )
)]
pub async fn change_category(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<CategoryBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<EpisodeView>, ApiError> {
    let id = EpisodeId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let category = homeward_core::domain::episode::LaCategory::parse(&body.la_category)
        .map_err(|e| CoreError::invalid("la_category", e.to_string()))?;
    let episode = state.core.change_la_category(&actor, id, category).await?;
    Ok(Json(EpisodeView::from(&episode)))
}
