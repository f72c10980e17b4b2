//! `GET /api/v1/stats`: the key figures of a period (CONTRACT.md, "Key figures").

use std::borrow::Cow;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use homeward_core::CoreError;
use homeward_core::domain::stats::{FiguresRequest, KeyFigures};
use serde::{Deserialize, Serialize};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};

/// Which figures: a period of Europe/London dates and, perhaps, an agency.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StatsParams {
    /// The first day, `YYYY-MM-DD` (a Europe/London date), included.
    #[param(required = true, format = Date)]
    from: Option<String>,
    /// The last day, `YYYY-MM-DD`, included; at most 10 years after `from`.
    #[param(required = true, format = Date)]
    to: Option<String>,
    /// An agency's code: only the caller's own agency (its figures are what the caller sees already).
    agency: Option<String>,
}

/// The key figures. The object's schema is built from the same list of figures the core counts, so the document
/// cannot name a figure the answer lacks.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct KeyFiguresView(pub KeyFigures);

/// What each group of figures holds.
const GROUPS: &[(&str, &str)] = &[
    ("risk", "Incidents by the episode's current joint risk grade; unassessed when nobody has graded it."),
    ("duration", "Incidents by time missing: under 24 h; 24 h up to 48 h; 48 h up to 7 days; 7 days or more."),
    ("outcome", "Returned incidents by how they ended."),
    (
        "rhi",
        "Return home interviews over child incidents in the period that have returned; within 72 h means at \
             most 72 hours after the return.",
    ),
    ("exploitation", "Incidents flagged with a sexual (cse) or criminal (cce) exploitation concern."),
    (
        "ofsted",
        "Notifications children's homes owed Ofsted about the incidents (Children's Homes Regulations 2015 reg \
             40(4): a resident suspected of sexual exploitation, or the police called): prompted, recorded, recorded \
             as made within 24 hours of the prompt, and not yet recorded.",
    ),
];

impl utoipa::PartialSchema for KeyFiguresView {
    fn schema() -> RefOr<Schema> {
        let count =
            |label: &str| ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)).description(Some(label));
        let mut top = ObjectBuilder::new().description(Some(
            "Incidents that went missing in the period (Europe/London dates, both ends included); a child is under \
             18 on the date they went missing.",
        ));
        let entries = KeyFigures::default().entries();
        for (group, description) in GROUPS {
            let mut object = ObjectBuilder::new().description(Some(*description));
            for figure in entries.iter().filter(|f| f.key.split_once('.').is_some_and(|(g, _)| g == *group)) {
                let key = &figure.key[group.len() + 1..];
                object = object.property(key, count(figure.label)).required(key);
            }
            top = top.property(*group, object).required(*group);
        }
        for figure in entries.iter().filter(|f| !f.key.contains('.')) {
            top = top.property(figure.key, count(figure.label)).required(figure.key);
        }
        RefOr::T(Schema::Object(top.build()))
    }
}

impl utoipa::ToSchema for KeyFiguresView {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("KeyFigures")
    }
}

/// The key figures of the episodes the caller may see that went missing in the period. Analysts count their
/// agency's episodes, case staff their own case scope; administrators see no figures. Never names anyone; the
/// request is audited with its period and agency.
#[utoipa::path(
    get,
    path = "/api/v1/stats",
    tag = "figures",
    params(StatsParams),
    responses(
        (status = 200, description = "The key figures", body = KeyFiguresView),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "An administrator, or another agency than the caller's", body = ErrorBody),
        (status = 422, description = "A date is missing or not real, the period runs backwards or is over 10 \
                                      years, or the agency is unknown", body = ErrorBody),
    )
)]
pub async fn key_figures(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<StatsParams>, QueryRejection>,
) -> Result<Json<KeyFiguresView>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let request = FiguresRequest::parse(params.from.as_deref(), params.to.as_deref(), params.agency.as_deref())
        .map_err(CoreError::Invalid)?;
    let (from, to) = (request.period.from(), request.period.to());
    let figures = state.core.key_figures(&actor, from, to, request.agency.as_ref()).await?;
    Ok(Json(KeyFiguresView(figures)))
}
