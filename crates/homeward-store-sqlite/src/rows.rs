//! Reading rows back into the domain. A value that no longer parses is reported as corrupt by column name only,
//! never with its content.

use homeward_core::StoreError;
use homeward_core::domain::agency::{Agency, AgencyCode, AgencyKind};
use homeward_core::domain::alert::{Alert, AlertKind};
use homeward_core::domain::audit::AuditEvent;
use homeward_core::domain::credentials::{ApiToken, PasswordHash, Session, TokenHash};
use homeward_core::domain::episode::{
    CategoryChange, Episode, EpisodeListing, EpisodeStatus, Found, LaCategory, MissingFrom, ReturnOutcome,
};
use homeward_core::domain::ids::{
    AgencyId, AlertId, EpisodeId, PersonId, RecommendationId, ReturnInterviewId, SessionId, TokenId, UserId,
};
use homeward_core::domain::person::{Person, Sex};
use homeward_core::domain::photo::{Photo, PhotoType};
use homeward_core::domain::profile::{Profile, ProfileKind};
use homeward_core::domain::return_interview::{
    Decision, InterviewStatus, Recommendation, RecommendationResponse, ReturnInterview, SafeAndWellCheck,
};
use homeward_core::domain::risk::{EpisodeRisk, RiskAssessment, RiskGrade, RiskSide};
use homeward_core::domain::stats::{InterviewTimes, StatsRow};
use homeward_core::domain::text::{DisplayName, FreeText, PersonName, Postcode, Reference};
use homeward_core::domain::time::{Timestamp, parse_date};
use homeward_core::domain::user::{Email, Role, User};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

fn corrupt(column: &str) -> StoreError {
    StoreError::Corrupt(format!("column {column}"))
}

fn text(row: &SqliteRow, column: &str) -> Result<String, StoreError> {
    row.try_get::<String, _>(column).map_err(|_| corrupt(column))
}

fn optional_text(row: &SqliteRow, column: &str) -> Result<Option<String>, StoreError> {
    row.try_get::<Option<String>, _>(column).map_err(|_| corrupt(column))
}

fn optional_flag(row: &SqliteRow, column: &str) -> Result<Option<bool>, StoreError> {
    row.try_get::<Option<bool>, _>(column).map_err(|_| corrupt(column))
}

fn flag(row: &SqliteRow, column: &str) -> Result<bool, StoreError> {
    row.try_get::<bool, _>(column).map_err(|_| corrupt(column))
}

/// A required column parsed with the domain's own parser.
fn parsed<T, E>(row: &SqliteRow, column: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<T, StoreError> {
    parse(&text(row, column)?).map_err(|_| corrupt(column))
}

/// An optional column parsed with the domain's own parser.
fn parsed_opt<T, E>(
    row: &SqliteRow,
    column: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, StoreError> {
    optional_text(row, column)?.map(|value| parse(&value).map_err(|_| corrupt(column))).transpose()
}

pub(crate) fn agency(row: &SqliteRow) -> Result<Agency, StoreError> {
    Ok(Agency {
        id: parsed(row, "id", AgencyId::parse)?,
        code: parsed(row, "code", AgencyCode::parse)?,
        name: parsed(row, "name", DisplayName::parse)?,
        kind: parsed(row, "kind", AgencyKind::parse)?,
        police_force_id: parsed_opt(row, "police_force_id", AgencyId::parse)?,
    })
}

pub(crate) fn user(row: &SqliteRow) -> Result<User, StoreError> {
    Ok(User {
        id: parsed(row, "id", UserId::parse)?,
        email: parsed(row, "email", Email::parse)?,
        name: parsed(row, "name", DisplayName::parse)?,
        agency_id: parsed(row, "agency_id", AgencyId::parse)?,
        role: parsed(row, "role", Role::parse)?,
        password_hash: PasswordHash::from_stored(text(row, "password_hash")?),
        active: flag(row, "active")?,
        created_at: parsed(row, "created_at", Timestamp::parse_rfc3339)?,
    })
}

pub(crate) fn token(row: &SqliteRow) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: parsed(row, "id", TokenId::parse)?,
        user_id: parsed(row, "user_id", UserId::parse)?,
        hash: TokenHash::from_stored(text(row, "token_hash")?),
        created_at: parsed(row, "created_at", Timestamp::parse_rfc3339)?,
        expires_at: parsed_opt(row, "expires_at", Timestamp::parse_rfc3339)?,
    })
}

pub(crate) fn session(row: &SqliteRow) -> Result<Session, StoreError> {
    Ok(Session {
        id: parsed(row, "id", SessionId::parse)?,
        user_id: parsed(row, "user_id", UserId::parse)?,
        hash: TokenHash::from_stored(text(row, "token_hash")?),
        created_at: parsed(row, "created_at", Timestamp::parse_rfc3339)?,
        last_seen_at: parsed(row, "last_seen_at", Timestamp::parse_rfc3339)?,
    })
}

pub(crate) fn person(row: &SqliteRow) -> Result<Person, StoreError> {
    Ok(Person {
        id: parsed(row, "id", PersonId::parse)?,
        given_name: parsed(row, "given_name", PersonName::parse)?,
        family_name: parsed(row, "family_name", PersonName::parse)?,
        date_of_birth: parsed(row, "date_of_birth", parse_date)?,
        sex: parsed(row, "sex", Sex::parse)?,
        looked_after: flag(row, "looked_after")?,
        responsible_la_id: parsed_opt(row, "responsible_la_id", AgencyId::parse)?,
        host_la_id: parsed_opt(row, "host_la_id", AgencyId::parse)?,
        placement_provider_id: parsed_opt(row, "placement_provider_id", AgencyId::parse)?,
        allocated_worker_id: parsed_opt(row, "allocated_worker_id", UserId::parse)?,
        recorded_by_agency_id: parsed_opt(row, "recorded_by_agency_id", AgencyId::parse)?,
        created_at: parsed(row, "created_at", Timestamp::parse_rfc3339)?,
    })
}

pub(crate) fn episode(row: &SqliteRow) -> Result<Episode, StoreError> {
    Ok(Episode {
        id: parsed(row, "id", EpisodeId::parse)?,
        person_id: parsed(row, "person_id", PersonId::parse)?,
        recorded_by_agency_id: parsed(row, "recorded_by_agency_id", AgencyId::parse)?,
        police_force_id: parsed_opt(row, "police_force_id", AgencyId::parse)?,
        area_la_id: parsed_opt(row, "area_la_id", AgencyId::parse)?,
        went_missing_at: parsed(row, "went_missing_at", Timestamp::parse_rfc3339)?,
        reported_at: parsed(row, "reported_at", Timestamp::parse_rfc3339)?,
        missing_from: parsed(row, "missing_from", MissingFrom::parse)?,
        status: parsed(row, "status", EpisodeStatus::parse)?,
        la_category: parsed_opt(row, "la_category", LaCategory::parse)?,
        last_seen_place: parsed_opt(row, "last_seen_place", FreeText::parse)?,
        circumstances: parsed_opt(row, "circumstances", FreeText::parse)?,
        police_reference: parsed_opt(row, "police_reference", Reference::parse)?,
        reporter: parsed_opt(row, "reporter", FreeText::parse)?,
        returned_at: parsed_opt(row, "returned_at", Timestamp::parse_rfc3339)?,
        return_outcome: parsed_opt(row, "return_outcome", ReturnOutcome::parse)?,
        found: Found {
            place: parsed_opt(row, "found_place", FreeText::parse)?,
            postcode: parsed_opt(row, "found_postcode", Postcode::parse)?,
            out_of_area: optional_flag(row, "found_out_of_area")?,
            by: parsed_opt(row, "found_by", FreeText::parse)?,
        },
        police_closed_at: parsed_opt(row, "police_closed_at", Timestamp::parse_rfc3339)?,
        risk: EpisodeRisk {
            police: parsed_opt(row, "police_grade", RiskGrade::parse)?,
            children_services: parsed_opt(row, "children_services_grade", RiskGrade::parse)?,
            joint: parsed_opt(row, "joint_grade", RiskGrade::parse)?,
            disagreement: flag(row, "disagreement")?,
            review_due_at: parsed_opt(row, "review_due_at", Timestamp::parse_rfc3339)?,
            cse_concern: flag(row, "cse_concern")?,
            cce_concern: flag(row, "cce_concern")?,
        },
        created_at: parsed(row, "created_at", Timestamp::parse_rfc3339)?,
        updated_at: parsed(row, "updated_at", Timestamp::parse_rfc3339)?,
    })
}

pub(crate) fn episode_listing(row: &SqliteRow) -> Result<EpisodeListing, StoreError> {
    Ok(EpisodeListing {
        episode: episode(row)?,
        given_name: parsed(row, "given_name", PersonName::parse)?,
        family_name: parsed(row, "family_name", PersonName::parse)?,
        date_of_birth: parsed(row, "date_of_birth", parse_date)?,
    })
}

pub(crate) fn assessment(row: &SqliteRow) -> Result<RiskAssessment, StoreError> {
    Ok(RiskAssessment {
        id: parsed(row, "id", homeward_core::domain::ids::AssessmentId::parse)?,
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        side: parsed(row, "side", RiskSide::parse)?,
        grade: parsed(row, "grade", RiskGrade::parse)?,
        rationale: parsed(row, "rationale", FreeText::parse)?,
        answers: parsed(row, "answers", |json| serde_json::from_str(json))?,
        cse_concern: flag(row, "cse_concern")?,
        cce_concern: flag(row, "cce_concern")?,
        override_reason: parsed_opt(row, "override_reason", FreeText::parse)?,
        assessed_by: parsed(row, "assessed_by", UserId::parse)?,
        assessed_at: parsed(row, "assessed_at", Timestamp::parse_rfc3339)?,
    })
}

pub(crate) fn return_interview(row: &SqliteRow) -> Result<ReturnInterview, StoreError> {
    Ok(ReturnInterview {
        id: parsed(row, "id", ReturnInterviewId::parse)?,
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        statutory: flag(row, "statutory")?,
        due_at: parsed(row, "due_at", Timestamp::parse_rfc3339)?,
        status: parsed(row, "status", InterviewStatus::parse)?,
        practitioner_id: parsed_opt(row, "practitioner_id", UserId::parse)?,
        offered_at: parsed_opt(row, "offered_at", Timestamp::parse_rfc3339)?,
        completed_at: parsed_opt(row, "completed_at", Timestamp::parse_rfc3339)?,
        created_at: parsed(row, "created_at", Timestamp::parse_rfc3339)?,
        covered_by: parsed_opt(row, "covered_by", ReturnInterviewId::parse)?,
        record: parsed_opt(row, "record", |json| serde_json::from_str(json))?,
    })
}

pub(crate) fn safe_and_well(row: &SqliteRow) -> Result<SafeAndWellCheck, StoreError> {
    Ok(SafeAndWellCheck {
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        checked_at: parsed(row, "checked_at", Timestamp::parse_rfc3339)?,
        face_to_face: flag(row, "face_to_face")?,
        disclosures: parsed_opt(row, "disclosures", FreeText::parse)?,
        actions: parsed_opt(row, "actions", FreeText::parse)?,
        recorded_by: parsed(row, "recorded_by", UserId::parse)?,
        recorded_at: parsed(row, "recorded_at", Timestamp::parse_rfc3339)?,
    })
}

pub(crate) fn recommendation(row: &SqliteRow) -> Result<Recommendation, StoreError> {
    let decision = parsed_opt(row, "decision", Decision::parse)?;
    let response = match decision {
        None => None,
        Some(decision) => Some(RecommendationResponse {
            decision,
            text: parsed_opt(row, "response", FreeText::parse)?,
            responded_at: parsed(row, "responded_at", Timestamp::parse_rfc3339)?,
            responded_by: parsed(row, "responded_by", UserId::parse)?,
        }),
    };
    Ok(Recommendation {
        id: parsed(row, "id", RecommendationId::parse)?,
        interview_id: parsed(row, "interview_id", ReturnInterviewId::parse)?,
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        owner_agency_id: parsed(row, "owner_agency_id", AgencyId::parse)?,
        action: parsed(row, "action", FreeText::parse)?,
        due_on: parsed(row, "due_on", parse_date)?,
        created_by: parsed(row, "created_by", UserId::parse)?,
        created_at: parsed(row, "created_at", Timestamp::parse_rfc3339)?,
        response,
    })
}

pub(crate) fn audit_event(row: &SqliteRow) -> Result<AuditEvent, StoreError> {
    Ok(AuditEvent {
        seq: row.try_get("seq").map_err(|_| corrupt("seq"))?,
        at: text(row, "at")?,
        actor_user_id: optional_text(row, "actor_user_id")?,
        actor_agency_id: optional_text(row, "actor_agency_id")?,
        actor_role: text(row, "actor_role")?,
        action: text(row, "action")?,
        target_kind: text(row, "target_kind")?,
        target_id: optional_text(row, "target_id")?,
        reason: optional_text(row, "reason")?,
        request_id: optional_text(row, "request_id")?,
        details: text(row, "details")?,
        prev_hash: text(row, "prev_hash")?,
        hash: text(row, "hash")?,
    })
}

pub(crate) fn alert(row: &SqliteRow) -> Result<Alert, StoreError> {
    Ok(Alert {
        id: parsed(row, "id", AlertId::parse)?,
        agency_id: parsed(row, "agency_id", AgencyId::parse)?,
        kind: parsed(row, "kind", AlertKind::parse)?,
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        occasion: text(row, "occasion")?,
        raised_at: parsed(row, "raised_at", Timestamp::parse_rfc3339)?,
        acknowledged_at: parsed_opt(row, "acknowledged_at", Timestamp::parse_rfc3339)?,
        acknowledged_by: parsed_opt(row, "acknowledged_by", UserId::parse)?,
        note: parsed_opt(row, "note", FreeText::parse)?,
    })
}

pub(crate) fn profile(row: &SqliteRow) -> Result<Profile, StoreError> {
    let fields: std::collections::BTreeMap<String, String> = parsed(row, "fields", |json| serde_json::from_str(json))?;
    Ok(Profile {
        person_id: parsed(row, "person_id", PersonId::parse)?,
        version: row.try_get("version").map_err(|_| corrupt("version"))?,
        kind: parsed(row, "kind", ProfileKind::parse)?,
        fields: fields
            .into_iter()
            .map(|(code, text)| FreeText::parse(&text).map(|text| (code, text)).map_err(|_| corrupt("fields")))
            .collect::<Result<_, _>>()?,
        saved_by: parsed(row, "saved_by", UserId::parse)?,
        saved_at: parsed(row, "saved_at", Timestamp::parse_rfc3339)?,
    })
}

pub(crate) fn category_change(row: &SqliteRow) -> Result<CategoryChange, StoreError> {
    Ok(CategoryChange {
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        category: parsed(row, "category", LaCategory::parse)?,
        changed_at: parsed(row, "changed_at", Timestamp::parse_rfc3339)?,
        changed_by: parsed(row, "changed_by", UserId::parse)?,
    })
}

pub(crate) fn photo(row: &SqliteRow) -> Result<Photo, StoreError> {
    Ok(Photo {
        person_id: parsed(row, "person_id", PersonId::parse)?,
        kind: parsed(row, "content_type", |t| PhotoType::parse(t).ok_or(()))?,
        taken_on: parsed(row, "taken_on", homeward_core::domain::time::parse_date)?,
        bytes: row.try_get("bytes").map_err(|_| corrupt("bytes"))?,
        uploaded_by: parsed(row, "uploaded_by", UserId::parse)?,
        uploaded_at: parsed(row, "uploaded_at", Timestamp::parse_rfc3339)?,
    })
}

/// The sender's reference a look-up by references returns beside the record.
pub(crate) fn source_ref(row: &SqliteRow) -> Result<String, StoreError> {
    text(row, "source_ref")
}

pub(crate) fn legacy_absent(row: &SqliteRow) -> Result<bool, StoreError> {
    flag(row, "legacy_absent")
}

pub(crate) fn ssda903_child(row: &SqliteRow) -> Result<homeward_core::domain::ssda903::Ssda903Child, StoreError> {
    Ok(homeward_core::domain::ssda903::Ssda903Child {
        child: text(row, "child")?,
        sex: text(row, "sex")?,
        dob: parsed(row, "dob", parse_date)?,
        ethnic: text(row, "ethnic")?,
        upn: text(row, "upn")?,
        mother: text(row, "mother")?,
        mc_dob: parsed_opt(row, "mc_dob", parse_date)?,
    })
}

pub(crate) fn ssda903_episode(row: &SqliteRow) -> Result<homeward_core::domain::ssda903::Ssda903Episode, StoreError> {
    Ok(homeward_core::domain::ssda903::Ssda903Episode {
        child: text(row, "child")?,
        decom: parsed(row, "decom", parse_date)?,
        rne: text(row, "rne")?,
        ls: text(row, "ls")?,
        cin: text(row, "cin")?,
        place: text(row, "place")?,
        place_provider: text(row, "place_provider")?,
        dec: parsed_opt(row, "dec", parse_date)?,
        rec: text(row, "rec")?,
        reason_place_change: text(row, "reason_place_change")?,
        home_post: text(row, "home_post")?,
        pl_post: text(row, "pl_post")?,
        urn: text(row, "urn")?,
    })
}

/// A missing period of a council's child: `(CHILD, went missing, returned, category)`.
pub(crate) fn missing_period(
    row: &SqliteRow,
) -> Result<(String, Timestamp, Option<Timestamp>, Option<LaCategory>), StoreError> {
    Ok((
        text(row, "source_ref")?,
        parsed(row, "went_missing_at", Timestamp::parse_rfc3339)?,
        parsed_opt(row, "returned_at", Timestamp::parse_rfc3339)?,
        parsed_opt(row, "la_category", LaCategory::parse)?,
    ))
}

/// The sender a look-up by references returns beside the record.
pub(crate) fn source_agency(row: &SqliteRow) -> Result<AgencyId, StoreError> {
    parsed(row, "source_agency_id", AgencyId::parse)
}
/// A row of the key figures' query, read by position and without copying text: a national year is 350,000 rows.
/// Columns: person_id, date_of_birth, looked_after, went_missing_at, returned_at, return_outcome, joint_grade,
/// cse_concern, cce_concern, interview_status, offered_at, completed_at.
pub(crate) fn stats_row(row: &SqliteRow) -> Result<StatsRow, StoreError> {
    fn cell<'r, T: sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>>(
        row: &'r SqliteRow,
        index: usize,
        column: &str,
    ) -> Result<T, StoreError> {
        row.try_get(index).map_err(|_| corrupt(column))
    }
    fn parsed_cell<T, E>(
        row: &SqliteRow,
        index: usize,
        column: &str,
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Result<Option<T>, StoreError> {
        cell::<Option<&str>>(row, index, column)?.map(|text| parse(text).map_err(|_| corrupt(column))).transpose()
    }
    fn required<T>(value: Option<T>, column: &str) -> Result<T, StoreError> {
        value.ok_or_else(|| corrupt(column))
    }
    let interview = parsed_cell(row, 9, "interview_status", InterviewStatus::parse)?
        .map(|status| -> Result<InterviewTimes, StoreError> {
            Ok(InterviewTimes {
                status,
                offered_at: parsed_cell(row, 10, "offered_at", Timestamp::parse_rfc3339)?,
                completed_at: parsed_cell(row, 11, "completed_at", Timestamp::parse_rfc3339)?,
            })
        })
        .transpose()?;
    Ok(StatsRow {
        person_id: required(parsed_cell(row, 0, "person_id", PersonId::parse)?, "person_id")?,
        date_of_birth: required(parsed_cell(row, 1, "date_of_birth", parse_date)?, "date_of_birth")?,
        looked_after: cell(row, 2, "looked_after")?,
        went_missing_at: required(
            parsed_cell(row, 3, "went_missing_at", Timestamp::parse_rfc3339)?,
            "went_missing_at",
        )?,
        returned_at: parsed_cell(row, 4, "returned_at", Timestamp::parse_rfc3339)?,
        return_outcome: parsed_cell(row, 5, "return_outcome", ReturnOutcome::parse)?,
        joint_grade: parsed_cell(row, 6, "joint_grade", RiskGrade::parse)?,
        cse_concern: cell(row, 7, "cse_concern")?,
        cce_concern: cell(row, 8, "cce_concern")?,
        interview,
    })
}
