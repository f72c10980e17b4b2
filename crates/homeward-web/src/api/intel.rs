//! Places and people (issue 15): `GET /places?postcode=`, `/places/{id}`, `/associates/{id}`,
//! `/people/{id}/network?steps=2` and `/hotspots`. Each question needs a `reason`, audited with it (DPA 2018 s.62).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use homeward_core::domain::ids::{AssociateId, PersonId, PlaceId};
use homeward_core::domain::intel::HotspotLevel;
use homeward_core::domain::stats::FiguresRequest;
use homeward_core::domain::time::{Timestamp, from_london};
use homeward_core::{CoreError, FieldErrors};
use serde::Deserialize;

use super::views::Page;
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::paging;

use super::intel_views::linked_answer;
pub use super::intel_views::{
    AssociateView, HotspotView, HotspotsView, IntelLinkView, LinkedAnswer, MonthView, NetworkPersonView, NetworkView,
    PersonLinkView, PlaceView,
};

/// The reason for a question, and paging where it lists.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AskParams {
    /// Why you are asking (5 to 500 characters): required, audited with the question.
    #[param(required = true)]
    reason: Option<String>,
    /// A postcode (`DH1 3AB`) or district (`DH1`): for `/places` only.
    postcode: Option<String>,
    /// 1 or 2 (the default): for a network only.
    steps: Option<String>,
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

impl AskParams {
    /// The page asked for, or the field errors of a bad cursor or limit.
    fn paging<K, Id>(&self) -> Result<homeward_core::domain::paging::Paging<K, Id>, CoreError>
    where
        K: homeward_core::domain::paging::SortKey,
        Id: std::fmt::Display + std::str::FromStr + Copy,
    {
        let mut errors = FieldErrors::new();
        let paging = paging(&mut errors, self.cursor.as_ref(), self.limit.as_ref());
        errors.into_result()?;
        Ok(paging)
    }
}

fn not_found<T, E>(parsed: Result<T, E>) -> Result<T, ApiError> {
    Ok(parsed.map_err(|_| CoreError::NotFound)?)
}

/// Places at a postcode or in a district, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/places",
    tag = "intelligence",
    params(AskParams),
    responses(
        (status = 200, description = "A page of places", body = Page<PlaceView>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not read intelligence", body = ErrorBody),
        (status = 422, description = "No reason, a postcode that is not one, or a bad cursor or limit", body = ErrorBody),
    )
)]
pub async fn list_places(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<AskParams>, QueryRejection>,
) -> Result<Json<Page<PlaceView>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let paging = params.paging()?;
    let postcode = params.postcode.as_deref().unwrap_or_default();
    let page = state.core.places_at(&actor, postcode, params.reason.as_deref(), &paging).await?;
    Ok(Json(Page::of(&page, PlaceView::from)))
}

/// A place with its episodes by month (every agency's, counted) and a page of the links of people the caller sees.
#[utoipa::path(
    get,
    path = "/api/v1/places/{id}",
    tag = "intelligence",
    params(("id" = String, Path, description = "The place's id"), AskParams),
    responses(
        (status = 200, description = "The place", body = LinkedAnswer<PlaceView>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not read intelligence", body = ErrorBody),
        (status = 404, description = "No such place", body = ErrorBody),
        (status = 422, description = "No reason, or a bad cursor or limit", body = ErrorBody),
    )
)]
pub async fn get_place(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    params: Result<Query<AskParams>, QueryRejection>,
) -> Result<Json<LinkedAnswer<PlaceView>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let id = not_found(PlaceId::parse(&id))?;
    let paging = params.paging()?;
    let view = state.core.place_view(&actor, id, params.reason.as_deref(), &paging).await?;
    Ok(Json(linked_answer(&view, |p| PlaceView::from(p))))
}

/// An associate with their episodes by month and a page of the links of people the caller sees.
#[utoipa::path(
    get,
    path = "/api/v1/associates/{id}",
    tag = "intelligence",
    params(("id" = String, Path, description = "The associate's id"), AskParams),
    responses(
        (status = 200, description = "The associate", body = LinkedAnswer<AssociateView>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not read intelligence", body = ErrorBody),
        (status = 404, description = "No such associate", body = ErrorBody),
        (status = 422, description = "No reason, or a bad cursor or limit", body = ErrorBody),
    )
)]
pub async fn get_associate(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    params: Result<Query<AskParams>, QueryRejection>,
) -> Result<Json<LinkedAnswer<AssociateView>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let id = not_found(AssociateId::parse(&id))?;
    let paging = params.paging()?;
    let view = state.core.associate_view(&actor, id, params.reason.as_deref(), &paging).await?;
    Ok(Json(linked_answer(&view, |a| AssociateView::from(a))))
}

/// Parses `steps`: 1 or 2, 2 when not given.
pub(crate) fn steps(text: Option<&str>) -> Result<u8, CoreError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(2),
        Some(text) => text.parse().map_err(|_| CoreError::invalid("steps", "follow 1 or 2 steps")),
    }
}

/// A person's places and associates and the people linked to them within one or two steps (through a shared place
/// or associate); people the caller's agency does not see are counted, never named.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/network",
    tag = "intelligence",
    params(("id" = String, Path, description = "The person's id"), AskParams),
    responses(
        (status = 200, description = "The network", body = NetworkView),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not read intelligence", body = ErrorBody),
        (status = 404, description = "No such person in the caller's scope", body = ErrorBody),
        (status = 422, description = "No reason, or steps other than 1 or 2", body = ErrorBody),
    )
)]
pub async fn network(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    params: Result<Query<AskParams>, QueryRejection>,
) -> Result<Json<NetworkView>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let id = not_found(PersonId::parse(&id))?;
    let steps = steps(params.steps.as_deref())?;
    let network = state.core.network(&actor, id, steps, params.reason.as_deref()).await?;
    Ok(Json(NetworkView::from(&network)))
}

/// The period, level and reason of a hotspots question.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HotspotParams {
    /// The first day, `YYYY-MM-DD`.
    #[param(required = true, format = Date)]
    from: Option<String>,
    /// The last day, `YYYY-MM-DD`, included.
    #[param(required = true, format = Date)]
    to: Option<String>,
    /// `place`, `sector` or `district` (the default). Analysts may ask for sectors and districts only.
    #[param(schema_with = hotspot_levels)]
    level: Option<String>,
    /// Why you are asking (5 to 500 characters): required, audited with the question.
    #[param(required = true)]
    reason: Option<String>,
}

fn hotspot_levels() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::filters::codes_or_blank(HotspotLevel::ALL.iter().copied().map(HotspotLevel::as_str))
}

/// Parses a hotspots question's period (from the first day's start to the last day's end, London time) and level,
/// naming every field at fault.
pub(crate) fn hotspot_question(
    from: Option<&str>,
    to: Option<&str>,
    level: Option<&str>,
) -> Result<(Timestamp, Timestamp, HotspotLevel), CoreError> {
    let mut errors = FieldErrors::new();
    let level = match level.map(str::trim).filter(|l| !l.is_empty()) {
        None => Some(HotspotLevel::District),
        Some(text) => errors.check("level", HotspotLevel::parse(text)),
    };
    let request = match FiguresRequest::parse(from, to, None) {
        Ok(request) => Some(request),
        Err(refused) => {
            refused.iter().for_each(|(field, message)| errors.add(field, message));
            None
        }
    };
    errors.into_result()?;
    let period = request.expect("checked").period;
    let midnight = |date: time::Date| from_london(date, time::Time::MIDNIGHT);
    let after_last = period.to().next_day().and_then(midnight);
    match (midnight(period.from()), after_last) {
        (Some(from), Some(to)) => Ok((from, to, level.expect("checked"))),
        _ => Err(CoreError::invalid("to", "is not a day Homeward can count")),
    }
}

/// Places, postcode sectors or districts ranked by episodes linked to them in a period, with the change from the
/// period of the same length before.
#[utoipa::path(
    get,
    path = "/api/v1/hotspots",
    tag = "intelligence",
    params(HotspotParams),
    responses(
        (status = 200, description = "The hotspots", body = HotspotsView),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role sees no hotspots, or an analyst asked for named places", body = ErrorBody),
        (status = 422, description = "No reason, a bad period or an unknown level", body = ErrorBody),
    )
)]
pub async fn hotspots(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<HotspotParams>, QueryRejection>,
) -> Result<Json<HotspotsView>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let (from, to, level) = hotspot_question(params.from.as_deref(), params.to.as_deref(), params.level.as_deref())?;
    let hotspots = state.core.hotspots(&actor, level, from, to, params.reason.as_deref()).await?;
    Ok(Json(HotspotsView::from(&hotspots)))
}
