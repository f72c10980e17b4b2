//! `GET /api/v1/alerts` (filtered by kind, in either order), `GET /api/v1/alerts/counts`, and acknowledging one
//! alert (`POST /api/v1/alerts/{id}/acknowledge`) or several with one note (`POST /api/v1/alerts/acknowledge`).

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use homeward_core::domain::alert::{Alert, AlertFilter, AlertKind};
use homeward_core::domain::ids::AlertId;
use homeward_core::{CoreError, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::Page;
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::{blank, paging};

/// Something the caller's agency must act on about an episode.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertView {
    #[schema(format = "uuid")]
    pub id: String,
    /// `child_high_risk`, `risk_disagreement`, `review_overdue`, `pnc_record_due`, `missing_persons_unit_due`,
    /// `strategy_meeting`, `iro_to_be_told`, `return_interview_overdue`, `recommendation_overdue`,
    /// `reported_to_force` or `child_placed_in_area`.
    #[schema(value_type = homeward_core::domain::alert::AlertKind)]
    pub kind: &'static str,
    pub description: &'static str,
    /// The episode it is about; null for an alert about a placement.
    #[schema(format = "uuid")]
    pub episode_id: Option<String>,
    /// The placement it is about (`child_placed_in_area`).
    #[schema(format = "uuid")]
    pub placement_id: Option<String>,
    /// The other record it is about, when neither an episode nor a placement: `person` (`possible_duplicate`: your
    /// own record), `context` (`context_touched`), `ofsted_notification` (`ofsted_notification_overdue`) or
    /// `helpline_contact` (`helpline_contact_shared`); null otherwise.
    pub record_kind: Option<&'static str>,
    /// That record's id.
    #[schema(format = "uuid")]
    pub record_id: Option<String>,
    #[schema(format = DateTime)]
    pub raised_at: String,
    #[schema(format = DateTime)]
    pub acknowledged_at: Option<String>,
    pub note: Option<String>,
}

impl From<&Alert> for AlertView {
    fn from(alert: &Alert) -> Self {
        Self {
            id: alert.id.to_string(),
            kind: alert.kind.as_str(),
            description: alert.kind.describe(),
            episode_id: alert.episode_id.map(|e| e.to_string()),
            placement_id: alert.placement_id.map(|p| p.to_string()),
            record_kind: alert.record().map(|(kind, _)| kind),
            record_id: alert.record().map(|(_, id)| id.to_owned()),
            raised_at: alert.raised_at.to_rfc3339(),
            acknowledged_at: alert.acknowledged_at.map(homeward_core::domain::time::Timestamp::to_rfc3339),
            note: alert.note.as_ref().map(ToString::to_string),
        }
    }
}

/// Which page of alerts.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AlertParams {
    /// Only alerts of this kind (a code as in `kind` of an alert).
    #[param(schema_with = alert_kinds)]
    kind: Option<String>,
    /// `oldest` (the default) or `newest` first, by when raised.
    #[param(schema_with = alert_orders)]
    order: Option<String>,
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

fn alert_kinds() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::filters::codes_or_blank(AlertKind::ALL.iter().copied().map(AlertKind::as_str))
}

fn alert_orders() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::filters::codes_or_blank(["oldest", "newest"])
}

/// A page of the caller's agency's open alerts, oldest first unless `order=newest`, of one `kind` if given.
#[utoipa::path(
    get,
    path = "/api/v1/alerts",
    tag = "alerts",
    params(AlertParams),
    responses(
        (status = 200, description = "A page of open alerts for the caller's agency", body = Page<AlertView>),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role works no cases", body = ErrorBody),
        (status = 422, description = "The kind, order, cursor or limit is not valid, or a parameter is unknown", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<AlertParams>, QueryRejection>,
) -> Result<Json<Page<AlertView>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let paging = paging(&mut errors, params.cursor.as_ref(), params.limit.as_ref());
    let filter = alert_filter(&mut errors, params.kind.as_ref(), params.order.as_ref());
    errors.into_result()?;
    let page = state.core.alert_worklist(&actor, &filter, &paging).await?;
    Ok(Json(Page::of(&page, AlertView::from)))
}

/// What was done about the alert.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeBody {
    note: String,
}

/// Acknowledges an alert of the caller's agency with a note.
#[utoipa::path(
    post,
    path = "/api/v1/alerts/{id}/acknowledge",
    tag = "alerts",
    params(("id" = String, Path, description = "The alert's id")),
    request_body = AcknowledgeBody,
    responses(
        (status = 200, description = "Acknowledged", body = AlertView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 404, description = "No such alert for the caller's agency", body = ErrorBody),
        (status = 422, description = "No note, or already acknowledged", body = ErrorBody),
    )
)]
pub async fn acknowledge(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<AcknowledgeBody>, JsonRejection>,
) -> Result<Json<AlertView>, ApiError> {
    let id = AlertId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(rejection)?;
    let alert = state.core.acknowledge_alert(&actor, id, &body.note).await?;
    Ok(Json(AlertView::from(&alert)))
}

/// The alert list's `kind` and `order` parameters, as the API and the home page take them; blank is not given.
pub(crate) fn alert_filter(errors: &mut FieldErrors, kind: Option<&String>, order: Option<&String>) -> AlertFilter {
    let kind = errors.check("kind", blank(kind).map(AlertKind::parse).transpose()).flatten();
    let newest_first = match blank(order) {
        None | Some("oldest") => false,
        Some("newest") => true,
        Some(_) => {
            errors.add("order", "must be oldest or newest");
            false
        }
    };
    AlertFilter { kind, newest_first, page: None }
}

/// How many open alerts of one kind the caller's agency has, and where to list them.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertCountView {
    #[schema(value_type = homeward_core::domain::alert::AlertKind)]
    pub kind: &'static str,
    pub description: &'static str,
    pub count: i64,
    /// The list of these alerts: `/api/v1/alerts?kind=KIND`.
    pub list: String,
}

/// The counts of open alerts by kind.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertCounts {
    pub counts: Vec<AlertCountView>,
}

/// The caller's agency's open alerts counted by kind (kinds with none are left out): the worklist's groups.
#[utoipa::path(
    get,
    path = "/api/v1/alerts/counts",
    tag = "alerts",
    responses(
        (status = 200, description = "Open alerts by kind", body = AlertCounts),
        (status = 401, description = "No valid token or session", body = ErrorBody),
    )
)]
pub async fn counts(State(state): State<AppState>, ApiActor(actor): ApiActor) -> Result<Json<AlertCounts>, ApiError> {
    let counts = state.core.alert_counts(&actor).await?;
    let counts = counts
        .iter()
        .map(|c| AlertCountView {
            kind: c.kind.as_str(),
            description: c.kind.describe(),
            count: c.count,
            list: format!("/api/v1/alerts?kind={}", c.kind.as_str()),
        })
        .collect();
    Ok(Json(AlertCounts { counts }))
}

/// Several alerts of the caller's agency and what was done about them all.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeManyBody {
    /// The alerts' ids, 1 to 200 of them.
    ids: Vec<String>,
    note: String,
}

/// The alerts acknowledged.
#[derive(Debug, Serialize, ToSchema)]
pub struct Acknowledged {
    pub items: Vec<AlertView>,
}

/// Acknowledges several alerts of the caller's agency with one note, all or none: if any cannot be acknowledged
/// (not the agency's, already acknowledged, listed twice) nothing changes and the 422 names each by its place
/// (`ids[2]`).
#[utoipa::path(
    post,
    path = "/api/v1/alerts/acknowledge",
    tag = "alerts",
    request_body = AcknowledgeManyBody,
    responses(
        (status = 200, description = "Every one acknowledged", body = Acknowledged),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 403, description = "The caller's role acknowledges no alerts", body = ErrorBody),
        (status = 422, description = "No note, no ids, or an alert refused (named as `ids[i]`): nothing changed", body = ErrorBody),
    )
)]
pub async fn acknowledge_many(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<AcknowledgeManyBody>, JsonRejection>,
) -> Result<Json<Acknowledged>, ApiError> {
    let Json(body) = body.map_err(rejection)?;
    let ids = alert_ids(&body.ids)?;
    let alerts = state.core.acknowledge_alerts(&actor, &ids, &body.note).await?;
    Ok(Json(Acknowledged { items: alerts.iter().map(AlertView::from).collect() }))
}

/// Alert ids as sent, each parsed or named by its place (`ids[1]`).
pub(crate) fn alert_ids(ids: &[impl AsRef<str>]) -> Result<Vec<AlertId>, CoreError> {
    let mut errors = FieldErrors::new();
    let ids: Vec<Option<AlertId>> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| errors.check(&format!("ids[{i}]"), AlertId::parse(id.as_ref().trim())))
        .collect();
    errors.into_result()?;
    Ok(ids.into_iter().map(|id| id.expect("checked")).collect())
}
