//! `GET /api/v1/episodes` and `GET /api/v1/episodes/{id}`.

use axum::Json;
use axum::extract::{Path, Query, State};
use homeward_core::CoreError;
use homeward_core::domain::ids::EpisodeId;

use super::views::{EpisodeDetail, EpisodeListItem, Page};
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
