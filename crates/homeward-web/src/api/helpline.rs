//! Helpline and self-referral contacts (issue 17, item 3): `POST /helpline-contacts` logs one for the caller's
//! provider; `GET /helpline-contacts` lists the caller's agency's own or those shared with it; one is read at
//! `GET /helpline-contacts/{id}` and linked to a person at `POST /helpline-contacts/{id}/link`; a person's are at
//! `GET /people/{id}/helpline-contacts`; the provider's own figures at `GET /helpline-figures`.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use homeward_core::domain::agency::Agency;
use homeward_core::domain::helpline::HelplineFigures;
use homeward_core::domain::ids::{HelplineContactId, PersonId};
use homeward_core::domain::stats::FiguresRequest;
use homeward_core::domain::time::format_date;
use homeward_core::rules::helpline::SafeguardingGround;
use homeward_core::services::helpline::{HelplineInput, HelplineView, NewHelplineContact};
use homeward_core::{CoreError, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::{Page, classes, ts};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::paging;

/// An agency a contact names.
#[derive(Debug, Serialize, ToSchema)]
pub struct NamedAgency {
    #[schema(format = "uuid")]
    pub id: String,
    pub code: String,
    pub name: String,
}

fn named(agency: Option<&Agency>) -> Option<NamedAgency> {
    agency.map(|a| NamedAgency { id: a.id.to_string(), code: a.code.to_string(), name: a.name.to_string() })
}

/// A helpline or self-referral contact.
#[derive(Debug, Serialize, ToSchema)]
pub struct HelplineContactAnswer {
    #[schema(format = "uuid")]
    pub id: String,
    /// The interview provider that took the contact and keeps it.
    pub provider: Option<NamedAgency>,
    #[schema(value_type = homeward_core::domain::helpline::ContactChannel)]
    pub channel: &'static str,
    #[schema(format = DateTime)]
    pub contacted_at: String,
    #[schema(value_type = homeward_core::domain::helpline::ContactBy)]
    pub contact_by: &'static str,
    /// What was asked: null when the caller does not read the person's own account (`withheld`), or once erased.
    pub asked: Option<String>,
    pub name: Option<String>,
    #[schema(format = Date)]
    pub date_of_birth: Option<String>,
    /// The council the person lives in, as they said.
    pub home_la: Option<NamedAgency>,
    #[schema(value_type = homeward_core::rules::helpline::SharingKind)]
    pub sharing: &'static str,
    /// The safeguarding ground when shared without consent, with its source in law and the reason given.
    #[schema(value_type = Option<homeward_core::rules::helpline::SafeguardingGround>)]
    pub ground: Option<&'static str>,
    pub ground_source: Option<&'static str>,
    pub ground_reason: Option<String>,
    /// The council it was shared with; null when not shared.
    pub shared_with: Option<NamedAgency>,
    /// The person's record it has joined; null until linked.
    #[schema(format = "uuid")]
    pub person_id: Option<String>,
    #[schema(format = DateTime)]
    pub linked_at: Option<String>,
    #[schema(format = DateTime)]
    pub logged_at: String,
    /// Whether the caller may link it to a person now.
    pub may_link: bool,
    /// Whether the caller may undo its link to a person now.
    pub may_unlink: bool,
    /// The sensitivity classes cleared because the caller does not read them.
    pub withheld: Vec<&'static str>,
}

impl From<&HelplineView> for HelplineContactAnswer {
    fn from(v: &HelplineView) -> Self {
        let c = &v.contact;
        Self {
            id: c.id.to_string(),
            provider: named(v.provider.as_ref()),
            channel: c.channel.as_str(),
            contacted_at: ts(c.contacted_at),
            contact_by: c.contact_by.as_str(),
            asked: c.asked.as_ref().map(ToString::to_string),
            name: c.name.as_ref().map(ToString::to_string),
            date_of_birth: c.date_of_birth.map(format_date),
            home_la: named(v.home_la.as_ref()),
            sharing: c.sharing.kind().as_str(),
            ground: c.sharing.ground().map(SafeguardingGround::as_str),
            ground_source: c.sharing.ground().map(SafeguardingGround::source),
            ground_reason: c.sharing.reason().map(ToString::to_string),
            shared_with: named(v.shared_with.as_ref()),
            person_id: c.person_id.map(|p| p.to_string()),
            linked_at: c.linked_at.map(ts),
            logged_at: ts(c.logged_at),
            may_link: v.may_link,
            may_unlink: v.may_unlink,
            withheld: classes(&v.withheld),
        }
    }
}

/// A contact to log.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HelplineContactBody {
    #[schema(value_type = homeward_core::domain::helpline::ContactChannel)]
    channel: String,
    /// RFC 3339, not in the future.
    #[schema(format = DateTime)]
    contacted_at: String,
    #[schema(value_type = homeward_core::domain::helpline::ContactBy)]
    contact_by: String,
    /// What was asked or told, in the person's words as far as possible.
    asked: String,
    name: Option<String>,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    date_of_birth: Option<String>,
    /// The code of the council the person lives in.
    home_la: Option<String>,
    #[schema(value_type = homeward_core::rules::helpline::SharingKind)]
    sharing: String,
    /// With `safeguarding_ground` only.
    #[schema(value_type = Option<homeward_core::rules::helpline::SafeguardingGround>)]
    ground: Option<String>,
    /// Why the ground applies, 500 characters or fewer: with `safeguarding_ground` only.
    ground_reason: Option<String>,
    /// The code of the council to share with: required when shared, refused when not.
    share_with: Option<String>,
    /// A person the caller sees whose record the contact joins; only when shared.
    #[schema(format = "uuid")]
    person_id: Option<String>,
}

/// The person to link a contact to.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkBody {
    #[schema(format = "uuid")]
    person_id: String,
}

fn contact_id(id: &str) -> Result<HelplineContactId, ApiError> {
    Ok(HelplineContactId::parse(id).map_err(|_| CoreError::NotFound)?)
}

/// Logs a contact for the caller's interview provider; shared, its council is alerted.
#[utoipa::path(
    post,
    path = "/api/v1/helpline-contacts",
    tag = "helpline",
    request_body = HelplineContactBody,
    responses(
        (status = 201, description = "Logged", body = HelplineContactAnswer),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller is not an interview provider's practitioner", body = ErrorBody),
        (status = 404, description = "The person named is not in the caller's scope", body = ErrorBody),
        (status = 422, description = "A field is not valid, a council code names no council, or the sharing basis \
                                      and who it goes to do not fit", body = ErrorBody),
    )
)]
pub async fn log(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<HelplineContactBody>, JsonRejection>,
) -> Result<(StatusCode, Json<HelplineContactAnswer>), ApiError> {
    let Json(body) = body.map_err(rejection)?;
    let new = NewHelplineContact::parse(&HelplineInput {
        channel: body.channel,
        contacted_at: body.contacted_at,
        contact_by: body.contact_by,
        asked: body.asked,
        name: body.name,
        date_of_birth: body.date_of_birth,
        home_la: body.home_la,
        sharing: body.sharing,
        ground: body.ground,
        ground_reason: body.ground_reason,
        share_with: body.share_with,
        person_id: body.person_id,
    })?;
    let view = state.core.log_helpline_contact(&actor, new).await?;
    Ok((StatusCode::CREATED, Json(HelplineContactAnswer::from(&view))))
}

/// Which page of contacts.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HelplineParams {
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

fn page_of(params: &HelplineParams) -> Result<homeward_core::domain::helpline::HelplinePaging, ApiError> {
    let mut errors = FieldErrors::new();
    let paging = paging(&mut errors, params.cursor.as_ref(), params.limit.as_ref());
    errors.into_result()?;
    Ok(paging)
}

/// The contacts the caller's provider logged, or (a council) those shared with it, newest contact first.
#[utoipa::path(
    get,
    path = "/api/v1/helpline-contacts",
    tag = "helpline",
    params(HelplineParams),
    responses(
        (status = 200, description = "A page of contacts", body = Page<HelplineContactAnswer>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role has no helpline contacts", body = ErrorBody),
        (status = 422, description = "The cursor or the limit is not valid, or a parameter is unknown", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<HelplineParams>, QueryRejection>,
) -> Result<Json<Page<HelplineContactAnswer>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let page = state.core.helpline_contacts(&actor, &page_of(&params)?).await?;
    Ok(Json(Page::of(&page, HelplineContactAnswer::from)))
}

/// One contact the caller's agency logged or had shared, or linked to a person the caller sees.
#[utoipa::path(
    get,
    path = "/api/v1/helpline-contacts/{id}",
    tag = "helpline",
    params(("id" = String, Path, description = "The contact's id")),
    responses(
        (status = 200, description = "The contact", body = HelplineContactAnswer),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 404, description = "No such contact the caller sees", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<HelplineContactAnswer>, ApiError> {
    let view = state.core.helpline_contact(&actor, contact_id(&id)?).await?;
    Ok(Json(HelplineContactAnswer::from(&view)))
}

/// Links a contact shared with the caller's council to a person the council sees: once.
#[utoipa::path(
    post,
    path = "/api/v1/helpline-contacts/{id}/link",
    tag = "helpline",
    request_body = LinkBody,
    params(("id" = String, Path, description = "The contact's id")),
    responses(
        (status = 200, description = "Linked", body = HelplineContactAnswer),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not link contacts", body = ErrorBody),
        (status = 404, description = "No such contact, or person, the caller sees", body = ErrorBody),
        (status = 422, description = "Already linked (`already_linked`)", body = ErrorBody),
    )
)]
pub async fn link(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<LinkBody>, JsonRejection>,
) -> Result<Json<HelplineContactAnswer>, ApiError> {
    let id = contact_id(&id)?;
    let Json(body) = body.map_err(rejection)?;
    let person = PersonId::parse(&body.person_id).map_err(|_| CoreError::NotFound)?;
    let view = state.core.link_helpline_contact(&actor, id, person).await?;
    Ok(Json(HelplineContactAnswer::from(&view)))
}

/// Undoes a contact's link to a person, for the council it was shared with: it goes back to the inbox.
#[utoipa::path(
    post,
    path = "/api/v1/helpline-contacts/{id}/unlink",
    tag = "helpline",
    params(("id" = String, Path, description = "The contact's id")),
    responses(
        (status = 200, description = "Unlinked", body = HelplineContactAnswer),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not link contacts", body = ErrorBody),
        (status = 404, description = "No such contact the caller sees", body = ErrorBody),
        (status = 413, description = "A body was sent; none is taken", body = ErrorBody),
        (status = 422, description = "Not linked (`not_linked`)", body = ErrorBody),
    )
)]
pub async fn unlink(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<HelplineContactAnswer>, ApiError> {
    let view = state.core.unlink_helpline_contact(&actor, contact_id(&id)?).await?;
    Ok(Json(HelplineContactAnswer::from(&view)))
}

/// The contacts linked to a person the caller sees, newest contact first.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/helpline-contacts",
    tag = "helpline",
    params(("id" = String, Path, description = "The person's id"), HelplineParams),
    responses(
        (status = 200, description = "A page of contacts", body = Page<HelplineContactAnswer>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 404, description = "No such person in the caller's scope", body = ErrorBody),
        (status = 422, description = "The cursor or the limit is not valid", body = ErrorBody),
    )
)]
pub async fn for_person(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    params: Result<Query<HelplineParams>, QueryRejection>,
) -> Result<Json<Page<HelplineContactAnswer>>, ApiError> {
    let person = PersonId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Query(params) = params.map_err(rejection)?;
    let page = state.core.helpline_contacts_for_person(&actor, person, &page_of(&params)?).await?;
    Ok(Json(Page::of(&page, HelplineContactAnswer::from)))
}

/// A period of Europe/London dates.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PeriodParams {
    /// The first day, `YYYY-MM-DD`, included.
    #[param(required = true, format = Date)]
    from: Option<String>,
    /// The last day, `YYYY-MM-DD`, included.
    #[param(required = true, format = Date)]
    to: Option<String>,
}

/// A provider's figures of its own contacts in a period: every code with its count.
#[derive(Debug, Serialize, ToSchema)]
pub struct HelplineFiguresAnswer {
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub to: String,
    pub contacts: u64,
    /// Contacts by channel: every channel's code.
    pub by_channel: std::collections::BTreeMap<&'static str, u64>,
    /// Contacts by who made them: every code.
    pub by_contact_by: std::collections::BTreeMap<&'static str, u64>,
    /// Contacts by sharing basis: `consent`, `safeguarding_ground`, `not_shared`.
    pub by_sharing: std::collections::BTreeMap<&'static str, u64>,
}

fn figures_answer(request: &FiguresRequest, f: &HelplineFigures) -> HelplineFiguresAnswer {
    HelplineFiguresAnswer {
        from: format_date(request.period.from()),
        to: format_date(request.period.to()),
        contacts: f.contacts,
        by_channel: f.by_channel.iter().map(|(k, n)| (k.as_str(), *n)).collect(),
        by_contact_by: f.by_contact_by.iter().map(|(k, n)| (k.as_str(), *n)).collect(),
        by_sharing: f.by_sharing.iter().map(|(k, n)| (k.as_str(), *n)).collect(),
    }
}

/// The caller's interview provider's figures of its own contacts made in the period, shared or not: for its
/// practitioners and analysts only.
#[utoipa::path(
    get,
    path = "/api/v1/helpline-figures",
    tag = "helpline",
    params(PeriodParams),
    responses(
        (status = 200, description = "The figures", body = HelplineFiguresAnswer),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller is not an interview provider's practitioner or analyst", body = ErrorBody),
        (status = 422, description = "A date is missing or not real, or the period runs backwards", body = ErrorBody),
    )
)]
pub async fn figures(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<PeriodParams>, QueryRejection>,
) -> Result<Json<HelplineFiguresAnswer>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let request =
        FiguresRequest::parse(params.from.as_deref(), params.to.as_deref(), None).map_err(CoreError::Invalid)?;
    let figures = state.core.helpline_figures(&actor, request.period.from(), request.period.to(), None).await?;
    Ok(Json(figures_answer(&request, &figures)))
}
