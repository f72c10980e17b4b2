//! People: `GET /api/v1/people/{id}`, recording one, searching for the records already held that may be one
//! (`POST /api/v1/people/matches`), their profile and photograph.

use axum::Json;
use axum::extract::{Path, State};
use homeward_core::CoreError;
use homeward_core::domain::ids::PersonId;

use super::views::{PersonDetail, PersonView};
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody};

/// A person, with the episodes of theirs the caller may see.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}",
    tag = "people",
    params(("id" = String, Path, description = "The person's id")),
    responses(
        (status = 200, description = "The person", body = PersonDetail),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 404, description = "No such person, or not within the caller's scope", body = ErrorBody),
    )
)]
pub async fn get_person(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Json<PersonDetail>, ApiError> {
    let id = PersonId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let record = state.core.person(&actor, id).await?;
    Ok(Json(PersonDetail::from(&record)))
}

/// A person to record: before they go missing (a looked-after child) or when they are reported. A placement is
/// recorded on its own (`POST /api/v1/people/{id}/placements`): `host_la` or `placement_provider` here is refused
/// with a 422 naming it, like any field this does not accept.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonBody {
    given_name: String,
    family_name: String,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    date_of_birth: String,
    /// `M`, `F` or `U`.
    #[schema(value_type = homeward_core::domain::person::Sex)]
    sex: String,
    looked_after: bool,
    /// The responsible council's code (e.g. `E10000023`) or id.
    responsible_la: Option<String>,
    /// The child's allocated social worker's user id.
    #[schema(format = "uuid")]
    allocated_worker_id: Option<String>,
}

/// Records a person. The recording agency can always see them. Search first (`POST /api/v1/people/matches`):
/// records already held that may be this person are proposed for review once the person is recorded, and those the
/// caller's agency may not see are flagged to the agencies that hold them.
#[utoipa::path(
    post,
    path = "/api/v1/people",
    tag = "people",
    request_body = PersonBody,
    responses(
        (status = 201, description = "Recorded", body = PersonView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not record people", body = ErrorBody),
        (status = 422, description = "A field is not valid", body = ErrorBody),
    )
)]
pub async fn create_person(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<PersonBody>, axum::extract::rejection::JsonRejection>,
) -> Result<(axum::http::StatusCode, Json<PersonView>), ApiError> {
    let Json(body) = body.map_err(crate::error::rejection)?;
    let new = homeward_core::services::NewPerson::parse(
        &body.given_name,
        &body.family_name,
        &body.date_of_birth,
        &body.sex,
        body.looked_after,
        body.responsible_la.as_deref(),
        body.allocated_worker_id.as_deref(),
    )?;
    let person = state.core.create_person(&actor, new).await?;
    Ok((axum::http::StatusCode::CREATED, Json(PersonView::from(&person))))
}

/// Who is about to be recorded: the fields a search for records already held compares.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchSearchBody {
    given_name: String,
    family_name: String,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    date_of_birth: String,
    /// `M`, `F` or `U`.
    #[schema(value_type = homeward_core::domain::person::Sex)]
    sex: String,
}

/// A record held that may be the person about to be recorded.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PossibleMatchView {
    pub person: PersonView,
    /// How likely the record is to be the same person, from 0.5 to 1.
    pub match_probability: f64,
    /// The fields that are the same on both (`first_name`, `surname`, `dob`, `sex`).
    pub same: Vec<String>,
    /// The fields that differ as one person's records often do (a typo, a nickname, day and month swapped).
    pub close: Vec<String>,
    /// The fields that differ.
    pub differ: Vec<String>,
    /// Each field's comparison as a short code (`first_name=nickname`, `dob=transposed`, `names=swapped`).
    pub evidence: Vec<String>,
}

/// The records held that may be this person.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PossibleMatches {
    /// At most five, the likeliest first; empty when none is likely.
    pub matches: Vec<PossibleMatchView>,
}

/// Before recording a person: the records the caller's agency may see that may be the same person (a child known
/// to another agency, or recorded with another spelling), so an episode can be reported for one of them
/// (`POST /api/v1/episodes` with its id) instead of splitting the child's history. Records the caller may not see
/// are never shown or counted; if the person is then recorded anyway, a strong match among them is flagged to the
/// agencies that hold it, and every likely one is proposed for review (`GET /api/v1/link-proposals`). The search
/// is audited with the ids shown.
#[utoipa::path(
    post,
    path = "/api/v1/people/matches",
    tag = "people",
    request_body = MatchSearchBody,
    responses(
        (status = 200, description = "The possible matches, perhaps none", body = PossibleMatches),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not record people", body = ErrorBody),
        (status = 422, description = "A field is not valid", body = ErrorBody),
    )
)]
pub async fn search_matches(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<MatchSearchBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<PossibleMatches>, ApiError> {
    use homeward_core::domain::link::{Agreement, fields_compared};
    let Json(body) = body.map_err(crate::error::rejection)?;
    let new = homeward_core::services::NewPerson::parse(
        &body.given_name,
        &body.family_name,
        &body.date_of_birth,
        &body.sex,
        false,
        None,
        None,
    )?;
    let found = state.core.possible_matches(&actor, &new).await?;
    let matches = found
        .iter()
        .map(|m| {
            let compared = fields_compared(&m.evidence);
            let fields = |agreement: Agreement| {
                compared.iter().filter(|f| f.agreement == agreement).map(|f| f.field.clone()).collect()
            };
            PossibleMatchView {
                person: PersonView::from(&m.person),
                match_probability: m.probability.fraction(),
                same: fields(Agreement::Same),
                close: fields(Agreement::Close),
                differ: fields(Agreement::Differs),
                evidence: m.evidence.clone(),
            }
        })
        .collect();
    Ok(Json(PossibleMatches { matches }))
}

/// A profile to save: a new version of the person's Philomena or Herbert profile.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileBody {
    /// `philomena` or `herbert`.
    #[schema(value_type = homeward_core::domain::profile::ProfileKind)]
    kind: String,
    /// Text by field code: Philomena `personal_details`, `physical_description`, `friends_associates`, `addresses`,
    /// `places_frequented`, `vulnerabilities`, `medical_needs`, `financial_details`, `social_media`,
    /// `phones_transport`, `identifiers`, `previous_missing_history`; Herbert `nickname`, `physical_description`,
    /// `languages`, `mobility_communication_aids`, `gps_locator`, `addresses`, `phones`, `routine`,
    /// `places_of_significance`, `previously_found`, `medication`, `gp`, `next_of_kin`, `key_people`.
    #[schema(value_type = Object)]
    fields: std::collections::BTreeMap<String, String>,
    /// `true` to replace a profile of the other type (Philomena for Herbert or back), an audited act; without it
    /// a change of type is refused (`profile_type_changed`).
    #[serde(default)]
    replace_type: bool,
}

/// Saves a new version of a person's profile (the care provider or responsible council); every version is kept.
#[utoipa::path(
    put,
    path = "/api/v1/people/{id}/profile",
    tag = "people",
    params(("id" = String, Path, description = "The person's id")),
    request_body = ProfileBody,
    responses(
        (status = 200, description = "Saved as a new version", body = super::views::ProfileView),
        (status = 400, description = "The body is not JSON (a missing or mistyped field is a 422 naming it)", body = ErrorBody),
        (status = 403, description = "The caller may read but not keep this profile", body = ErrorBody),
        (status = 404, description = "No such person, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "A field is not valid", body = ErrorBody),
    )
)]
pub async fn save_profile(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    body: Result<Json<ProfileBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<super::views::ProfileView>, ApiError> {
    let id = PersonId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let Json(body) = body.map_err(crate::error::rejection)?;
    let new = homeward_core::services::NewProfile::parse(&body.kind, &body.fields)?.replacing_type(body.replace_type);
    let profile = state.core.save_profile(&actor, id, new).await?;
    Ok(Json(super::views::ProfileView::from(&profile)))
}

/// The person's profile photograph (JPEG or PNG), if the caller may see the person. Viewing it is audited.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/photo",
    tag = "people",
    params(("id" = String, Path, description = "The person's id")),
    responses(
        (status = 200, description = "The image, in its sniffed type", content((PhotoBody = "image/jpeg"), (PhotoBody = "image/png"))),
        (status = 404, description = "No photograph, or the person is not within the caller's scope", body = ErrorBody),
    )
)]
pub async fn get_photo(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    let id = PersonId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let photo = state.core.photo(&actor, id).await?;
    Ok(crate::ui::photo_response(&photo))
}

/// A photograph's bytes as sent: a JPEG or PNG picture, 5 MB at most, decoded by the core before it is kept.
#[derive(Debug, utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct PhotoBody(axum::body::Bytes);

impl<S: Send + Sync> axum::extract::FromRequest<S> for PhotoBody {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        // A body over the limit is refused in the error envelope, as every API error is.
        axum::body::Bytes::from_request(request, state).await.map(Self).map_err(crate::error::rejection)
    }
}

/// When the photograph was taken.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PhotoParams {
    /// `YYYY-MM-DD`.
    #[param(format = Date)]
    taken_on: String,
}

/// Replaces the person's photograph: the request body is the JPEG or PNG image itself, 5 MB at most.
#[utoipa::path(
    put,
    path = "/api/v1/people/{id}/photo",
    tag = "people",
    params(("id" = String, Path, description = "The person's id"), PhotoParams),
    request_body(
        description = "The picture's bytes; the type is read from them, whatever `Content-Type` says",
        content((PhotoBody = "image/jpeg"), (PhotoBody = "image/png"), (PhotoBody = "application/octet-stream"))
    ),
    responses(
        (status = 204, description = "Saved"),
        (status = 403, description = "The caller may see but not keep this person's profile", body = ErrorBody),
        (status = 404, description = "No such person, or not within the caller's scope", body = ErrorBody),
        (status = 422, description = "Not a JPEG or PNG, too large, or a date in the future", body = ErrorBody),
    )
)]
pub async fn put_photo(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    params: Result<axum::extract::Query<PhotoParams>, axum::extract::rejection::QueryRejection>,
    PhotoBody(body): PhotoBody,
) -> Result<axum::http::StatusCode, ApiError> {
    let id = PersonId::parse(&id).map_err(|_| CoreError::NotFound)?;
    let axum::extract::Query(params) = params.map_err(crate::error::rejection)?;
    let taken_on = homeward_core::domain::time::parse_date(&params.taken_on)
        .map_err(|e| CoreError::invalid("taken_on", e.to_string()))?;
    state.core.save_photo(&actor, id, body.to_vec(), taken_on).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
