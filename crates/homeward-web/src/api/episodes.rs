//! `GET /api/v1/episodes` and `GET /api/v1/episodes/{id}`.

use axum::Json;
use axum::extract::{Path, Query, State};
use homeward_core::domain::episode::{EpisodeCursor, EpisodeOrder, EpisodeQuery, EpisodeStatus};
use homeward_core::domain::ids::{AgencyId, EpisodeId};
use homeward_core::domain::risk::RiskGrade;
use homeward_core::{CoreError, FieldErrors};
use params::ListParams;

use super::views::{EpisodeDetail, EpisodeListItem, Page};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};

mod params {
    use serde::Deserialize;
    use utoipa::IntoParams;

    /// Filters and paging of the episode list. Unknown values are refused with a field message.
    #[derive(Debug, Default, Deserialize, IntoParams)]
    #[into_params(parameter_in = Query)]
    pub struct ListParams {
        /// `missing` or `returned`.
        pub status: Option<String>,
        /// The joint grade: `no_apparent_risk`, `low`, `medium` or `high`.
        pub risk: Option<String>,
        /// An agency id: episodes it recorded, investigates, or that started in its area.
        pub agency: Option<String>,
        /// `newest` (the default) or `oldest` first, by when the person went missing.
        pub order: Option<String>,
        /// The `next` value of the previous page.
        pub cursor: Option<String>,
        /// Items per page, 1 to 200; 50 if not given.
        pub limit: Option<String>,
    }
}

/// Turns query text into a domain query, collecting every problem.
fn parse_query(params: &ListParams) -> Result<EpisodeQuery, CoreError> {
    fn blank(value: Option<&String>) -> Option<&str> {
        value.map(|v| v.trim()).filter(|v| !v.is_empty())
    }
    let mut errors = FieldErrors::new();
    let status = errors.check("status", blank(params.status.as_ref()).map(EpisodeStatus::parse).transpose());
    let risk = errors.check("risk", blank(params.risk.as_ref()).map(RiskGrade::parse_current).transpose());
    let agency_id = errors.check("agency", blank(params.agency.as_ref()).map(AgencyId::parse).transpose());
    let order = errors.check("order", blank(params.order.as_ref()).map(EpisodeOrder::parse).transpose());
    let after = errors.check(
        "cursor",
        blank(params.cursor.as_ref())
            .map(|c| EpisodeCursor::decode(c).ok_or("is not a cursor this API gave out"))
            .transpose(),
    );
    let limit = errors.check(
        "limit",
        blank(params.limit.as_ref())
            .map(|l| {
                l.parse::<u32>()
                    .ok()
                    .filter(|n| (1..=EpisodeQuery::MAX_LIMIT).contains(n))
                    .ok_or("must be a whole number from 1 to 200")
            })
            .transpose(),
    );
    errors.into_result()?;
    Ok(EpisodeQuery {
        status: status.flatten(),
        risk: risk.flatten(),
        agency_id: agency_id.flatten(),
        order: order.flatten().unwrap_or(EpisodeOrder::NewestFirst),
        after: after.flatten(),
        limit: limit.flatten().unwrap_or(EpisodeQuery::DEFAULT_LIMIT),
    })
}

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
