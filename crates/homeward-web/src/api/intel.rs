//! Places and people (issue 15): `GET /places?postcode=`, `/places/{id}`, `/associates/{id}`,
//! `/people/{id}/network?steps=2` and `/hotspots`. Each question needs a `reason`, audited with it (DPA 2018 s.62).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use homeward_core::domain::ids::{AssociateId, PersonId, PlaceId};
use homeward_core::domain::intel::{Associate, HotspotLevel, IntelLink, Linked, MonthCount, Place};
use homeward_core::domain::stats::FiguresRequest;
use homeward_core::domain::time::{Timestamp, from_london};
use homeward_core::services::intel::{Hotspots, LinkedView, Network};
use homeward_core::{CoreError, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::{Page, PersonView, ts};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::paging;

/// A place: a postcode, or a named place at one.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlaceView {
    #[schema(format = "uuid")]
    pub id: String,
    /// `postcode`, `address`, `station`, `shop`, `hotel`, `park` or `other`.
    #[schema(value_type = homeward_core::domain::intel::PlaceKind)]
    pub kind: &'static str,
    pub name: Option<String>,
    pub postcode: Option<String>,
    /// British National Grid easting and northing in metres, from the ONS Postcode Directory.
    pub easting: Option<i32>,
    pub northing: Option<i32>,
    /// The ONS code of the local authority whose area holds it.
    pub la_code: Option<String>,
    pub label: String,
}

impl From<&Place> for PlaceView {
    fn from(p: &Place) -> Self {
        Self {
            id: p.id.to_string(),
            kind: p.kind.as_str(),
            name: p.name.as_ref().map(ToString::to_string),
            postcode: p.postcode.as_ref().map(ToString::to_string),
            easting: p.grid.map(|g| g.0),
            northing: p.grid.map(|g| g.1),
            la_code: p.la_code.clone(),
            label: p.label(),
        }
    }
}

/// An associate: whatever is known of someone a missing person was with.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssociateView {
    #[schema(format = "uuid")]
    pub id: String,
    pub name: Option<String>,
    pub nickname: Option<String>,
    pub approx_age: Option<u8>,
    pub phones: Vec<String>,
    pub vehicles: Vec<String>,
    pub handles: Vec<String>,
    pub label: String,
    /// An adult, or of an age nobody knows: a prompt when a child was with them.
    pub adult_or_unknown: bool,
}

impl From<&Associate> for AssociateView {
    fn from(a: &Associate) -> Self {
        Self {
            id: a.id.to_string(),
            name: a.name.as_ref().map(ToString::to_string),
            nickname: a.nickname.as_ref().map(ToString::to_string),
            approx_age: a.approx_age,
            phones: a.phones.clone(),
            vehicles: a.vehicles.clone(),
            handles: a.handles.clone(),
            label: a.label(),
            adult_or_unknown: a.adult_or_unknown(),
        }
    }
}

/// One link between an episode and a place or associate.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntelLinkView {
    #[schema(format = "uuid")]
    pub id: String,
    #[schema(format = "uuid")]
    pub person_id: String,
    #[schema(format = "uuid")]
    pub episode_id: String,
    #[schema(format = "uuid")]
    pub place_id: Option<String>,
    #[schema(format = "uuid")]
    pub associate_id: Option<String>,
    /// `found_at`, `stayed_at`, `went_to`, `was_with`, `travelled_with` or `gave_money_or_gifts`.
    #[schema(value_type = homeward_core::domain::intel::LinkRole)]
    pub role: &'static str,
    /// `confirmed`, `tentative` or `unverified`.
    #[schema(value_type = homeward_core::domain::intel::Reliability)]
    pub reliability: &'static str,
    /// `return` or `return_interview`, and that record's id.
    #[schema(value_type = homeward_core::domain::intel::SourceKind)]
    pub source_kind: &'static str,
    #[schema(format = "uuid")]
    pub source_id: String,
    /// Why it was resolved to this place or associate.
    pub evidence: String,
    #[schema(format = DateTime)]
    pub occurred_at: String,
}

impl From<&IntelLink> for IntelLinkView {
    fn from(l: &IntelLink) -> Self {
        let (place_id, associate_id) = match l.linked {
            Linked::Place(id) => (Some(id.to_string()), None),
            Linked::Associate(id) => (None, Some(id.to_string())),
        };
        Self {
            id: l.id.to_string(),
            person_id: l.person_id.to_string(),
            episode_id: l.episode_id.to_string(),
            place_id,
            associate_id,
            role: l.role.as_str(),
            reliability: l.reliability.as_str(),
            source_kind: l.source_kind.as_str(),
            source_id: l.source_id.clone(),
            evidence: l.evidence.clone(),
            occurred_at: ts(l.occurred_at),
        }
    }
}

/// Episodes and people linked in one month, every agency's together.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonthView {
    /// `YYYY-MM`.
    pub month: String,
    pub episodes: u64,
    pub people: u64,
}

impl From<&MonthCount> for MonthView {
    fn from(m: &MonthCount) -> Self {
        Self { month: m.month.clone(), episodes: m.episodes, people: m.people }
    }
}

/// A link with the person it is of.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonLinkView {
    pub link: IntelLinkView,
    pub person: PersonView,
}

/// A place or associate with its episodes by month and a page of the links of people the caller sees.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkedAnswer<T> {
    pub subject: T,
    pub months: Vec<MonthView>,
    pub links: Page<PersonLinkView>,
}

fn linked_answer<S, T>(view: &LinkedView<S>, subject: impl Fn(&S) -> T) -> LinkedAnswer<T> {
    LinkedAnswer {
        subject: subject(&view.subject),
        months: view.months.iter().map(MonthView::from).collect(),
        links: Page::of(&view.links, |(l, p)| PersonLinkView { link: l.into(), person: p.into() }),
    }
}

/// Another person in a network.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkPersonView {
    pub person: PersonView,
    /// 1: shares a place or associate with the person; 2: with someone who does.
    pub step: u8,
    /// The ids of the places and associates they are linked through.
    pub via: Vec<String>,
}

/// A person's places and associates, and the people linked to them.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkView {
    pub person: PersonView,
    pub steps: u8,
    /// The person's own links, oldest first: their timeline.
    pub links: Vec<IntelLinkView>,
    pub places: Vec<PlaceView>,
    pub associates: Vec<AssociateView>,
    pub people: Vec<NetworkPersonView>,
    /// People linked whom the caller's agency does not see: counted, never named.
    pub unseen: u64,
    /// People the caller sees beyond the 100 named at a step.
    pub not_shown: u64,
    /// Whether a busy place's links were cut at 1,000 a step.
    pub cut: bool,
}

fn linked_id(linked: Linked) -> String {
    match linked {
        Linked::Place(id) => id.to_string(),
        Linked::Associate(id) => id.to_string(),
    }
}

impl From<&Network> for NetworkView {
    fn from(n: &Network) -> Self {
        Self {
            person: (&n.person).into(),
            steps: n.steps,
            links: n.links.iter().map(IntelLinkView::from).collect(),
            places: n.places.iter().map(PlaceView::from).collect(),
            associates: n.associates.iter().map(AssociateView::from).collect(),
            people: n
                .people
                .iter()
                .map(|p| NetworkPersonView {
                    person: (&p.person).into(),
                    step: p.step,
                    via: p.via.iter().copied().map(linked_id).collect(),
                })
                .collect(),
            unseen: n.unseen,
            not_shown: n.not_shown,
            cut: n.cut,
        }
    }
}

/// One hotspot.
#[derive(Debug, Serialize, ToSchema)]
pub struct HotspotView {
    /// The place's id, or the postcode sector or district.
    pub key: String,
    pub label: String,
    pub episodes: u64,
    /// In the period of the same length just before.
    pub episodes_before: u64,
    pub change: i64,
    pub easting: Option<i32>,
    pub northing: Option<i32>,
}

/// Hotspots in a period, most episodes first.
#[derive(Debug, Serialize, ToSchema)]
pub struct HotspotsView {
    /// `place`, `sector` or `district`.
    #[schema(value_type = homeward_core::domain::intel::HotspotLevel)]
    pub level: &'static str,
    pub from: String,
    pub to: String,
    pub before_from: String,
    /// The 50 with the most episodes, most first.
    pub hotspots: Vec<HotspotView>,
    /// Whether more had episodes in the period than the 50 shown.
    pub more: bool,
}

impl From<&Hotspots> for HotspotsView {
    fn from(h: &Hotspots) -> Self {
        Self {
            level: h.level.as_str(),
            from: ts(h.from),
            to: ts(h.to),
            before_from: ts(h.before_from),
            hotspots: h
                .rows
                .iter()
                .map(|r| HotspotView {
                    key: r.key.clone(),
                    label: r.label.clone(),
                    episodes: r.episodes,
                    episodes_before: r.episodes_before,
                    change: r.episodes as i64 - r.episodes_before as i64,
                    easting: r.grid.map(|g| g.0),
                    northing: r.grid.map(|g| g.1),
                })
                .collect(),
            more: h.more,
        }
    }
}

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
