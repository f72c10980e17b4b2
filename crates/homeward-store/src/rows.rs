//! Reading rows back into the domain, written once for both databases over the dialect's [`Row`]. A value that no
//! longer parses is reported as corrupt by column name only, never with its content.

use homeward_core::StoreError;
use homeward_core::domain::agency::{Agency, AgencyCode, AgencyKind};
use homeward_core::domain::alert::{Alert, AlertKind, ClosedReason};
use homeward_core::domain::audit::AuditEvent;
use homeward_core::domain::credentials::{ApiToken, PasswordHash, Session, TokenHash};
use homeward_core::domain::episode::{
    CategoryChange, Episode, EpisodeListing, EpisodeStatus, Found, LaCategory, MissingFrom, ReturnOutcome,
};
use homeward_core::domain::ids::{
    AgencyId, AlertId, AssessmentId, EpisodeId, LinkProposalId, NotificationId, PersonId, PlacementId,
    RecommendationId, ReturnInterviewId, SessionId, TokenId, UserId,
};
use homeward_core::domain::link::{LinkProposal, LinkStatus, LinkagePerson, Probability};
use homeward_core::domain::notification::{Channel, Event, Notification};
use homeward_core::domain::person::{Person, Sex};
use homeward_core::domain::photo::{Photo, PhotoType};
use homeward_core::domain::placement::Placement;
use homeward_core::domain::profile::{Profile, ProfileKind};
use homeward_core::domain::return_interview::{
    Decision, InterviewStatus, Recommendation, RecommendationResponse, ReturnInterview, SafeAndWellCheck,
};
use homeward_core::domain::risk::{EpisodeRisk, RiskAssessment, RiskGrade, RiskSide};
use homeward_core::domain::stats::{InterviewTimes, OfstedCounts, StatsRow};
use homeward_core::domain::text::{DisplayName, FreeText, PersonName, Postcode, Reference};
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::{Email, Role, User};
use time::Date;

use crate::dialect::{Col, Row, corrupt};

pub(crate) fn required<T, C: Col>(value: Option<T>, column: C) -> Result<T, StoreError> {
    value.ok_or_else(|| corrupt(column))
}

pub(crate) fn text(row: &impl Row, column: &str) -> Result<String, StoreError> {
    required(row.text(column)?, column)
}

pub(crate) fn optional_text(row: &impl Row, column: &str) -> Result<Option<String>, StoreError> {
    row.text(column)
}

pub(crate) fn int(row: &impl Row, column: &str) -> Result<i64, StoreError> {
    required(row.int(column)?, column)
}

fn flag(row: &impl Row, column: &str) -> Result<bool, StoreError> {
    required(row.flag(column)?, column)
}

fn optional_flag(row: &impl Row, column: &str) -> Result<Option<bool>, StoreError> {
    row.flag(column)
}

pub(crate) fn date(row: &impl Row, column: &str) -> Result<Date, StoreError> {
    required(row.date(column)?, column)
}

pub(crate) fn timestamp(row: &impl Row, column: &str) -> Result<Timestamp, StoreError> {
    required(row.time(column)?, column)
}

fn optional_timestamp(row: &impl Row, column: &str) -> Result<Option<Timestamp>, StoreError> {
    row.time(column)
}

/// A required column parsed with the domain's own parser.
pub(crate) fn parsed<T, E>(
    row: &impl Row,
    column: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<T, StoreError> {
    required(row.parsed(column, parse)?, column)
}

/// An optional column parsed with the domain's own parser.
pub(crate) fn parsed_opt<T, E>(
    row: &impl Row,
    column: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, StoreError> {
    row.parsed(column, parse)
}

pub(crate) fn agency(row: &impl Row) -> Result<Agency, StoreError> {
    Ok(Agency {
        id: parsed(row, "id", AgencyId::parse)?,
        code: parsed(row, "code", AgencyCode::parse)?,
        name: parsed(row, "name", DisplayName::parse)?,
        kind: parsed(row, "kind", AgencyKind::parse)?,
        police_force_id: parsed_opt(row, "police_force_id", AgencyId::parse)?,
    })
}

pub(crate) fn user(row: &impl Row) -> Result<User, StoreError> {
    Ok(User {
        id: parsed(row, "id", UserId::parse)?,
        email: parsed(row, "email", Email::parse)?,
        name: parsed(row, "name", DisplayName::parse)?,
        agency_id: parsed(row, "agency_id", AgencyId::parse)?,
        role: parsed(row, "role", Role::parse)?,
        password_hash: PasswordHash::from_stored(text(row, "password_hash")?),
        active: flag(row, "active")?,
        created_at: timestamp(row, "created_at")?,
    })
}

pub(crate) fn token(row: &impl Row) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: parsed(row, "id", TokenId::parse)?,
        user_id: parsed(row, "user_id", UserId::parse)?,
        hash: TokenHash::from_stored(text(row, "token_hash")?),
        created_at: timestamp(row, "created_at")?,
        expires_at: optional_timestamp(row, "expires_at")?,
    })
}

pub(crate) fn session(row: &impl Row) -> Result<Session, StoreError> {
    Ok(Session {
        id: parsed(row, "id", SessionId::parse)?,
        user_id: parsed(row, "user_id", UserId::parse)?,
        hash: TokenHash::from_stored(text(row, "token_hash")?),
        created_at: timestamp(row, "created_at")?,
        last_seen_at: timestamp(row, "last_seen_at")?,
        awaiting_second_factor: flag(row, "awaiting_second_factor")?,
    })
}

pub(crate) fn person(row: &impl Row) -> Result<Person, StoreError> {
    Ok(Person {
        id: parsed(row, "id", PersonId::parse)?,
        given_name: parsed(row, "given_name", PersonName::parse)?,
        family_name: parsed(row, "family_name", PersonName::parse)?,
        date_of_birth: date(row, "date_of_birth")?,
        sex: parsed(row, "sex", Sex::parse)?,
        looked_after: flag(row, "looked_after")?,
        responsible_la_id: parsed_opt(row, "responsible_la_id", AgencyId::parse)?,
        host_la_id: parsed_opt(row, "host_la_id", AgencyId::parse)?,
        placement_provider_id: parsed_opt(row, "placement_provider_id", AgencyId::parse)?,
        allocated_worker_id: parsed_opt(row, "allocated_worker_id", UserId::parse)?,
        recorded_by_agency_id: parsed_opt(row, "recorded_by_agency_id", AgencyId::parse)?,
        created_at: timestamp(row, "created_at")?,
    })
}

/// A person's identifying fields and current placement's postcode, as `linkage_people` selects them.
pub(crate) fn linkage_person(row: &impl Row) -> Result<LinkagePerson, StoreError> {
    Ok(LinkagePerson {
        id: parsed(row, "id", PersonId::parse)?,
        given_name: parsed(row, "given_name", PersonName::parse)?,
        family_name: parsed(row, "family_name", PersonName::parse)?,
        date_of_birth: date(row, "date_of_birth")?,
        sex: parsed(row, "sex", Sex::parse)?,
        postcode: optional_text(row, "postcode")?,
    })
}

pub(crate) fn link_proposal(row: &impl Row) -> Result<LinkProposal, StoreError> {
    let evidence = text(row, "evidence")?;
    Ok(LinkProposal {
        id: parsed(row, "id", LinkProposalId::parse)?,
        person_l: parsed(row, "person_l", PersonId::parse)?,
        person_r: parsed(row, "person_r", PersonId::parse)?,
        probability: Probability::from_ppm(int(row, "probability_ppm")?).ok_or_else(|| corrupt("probability_ppm"))?,
        evidence: evidence.split(',').filter(|code| !code.is_empty()).map(str::to_owned).collect(),
        status: parsed(row, "status", LinkStatus::parse)?,
        proposed_at: timestamp(row, "proposed_at")?,
        decided_by: parsed_opt(row, "decided_by", UserId::parse)?,
        decided_at: optional_timestamp(row, "decided_at")?,
        reason: parsed_opt(row, "reason", FreeText::parse)?,
    })
}

pub(crate) fn episode(row: &impl Row) -> Result<Episode, StoreError> {
    Ok(Episode {
        id: parsed(row, "id", EpisodeId::parse)?,
        person_id: parsed(row, "person_id", PersonId::parse)?,
        recorded_by_agency_id: parsed(row, "recorded_by_agency_id", AgencyId::parse)?,
        police_force_id: parsed_opt(row, "police_force_id", AgencyId::parse)?,
        area_la_id: parsed_opt(row, "area_la_id", AgencyId::parse)?,
        went_missing_at: timestamp(row, "went_missing_at")?,
        reported_at: timestamp(row, "reported_at")?,
        missing_from: parsed(row, "missing_from", MissingFrom::parse)?,
        status: parsed(row, "status", EpisodeStatus::parse)?,
        la_category: parsed_opt(row, "la_category", LaCategory::parse)?,
        last_seen_place: parsed_opt(row, "last_seen_place", FreeText::parse)?,
        circumstances: parsed_opt(row, "circumstances", FreeText::parse)?,
        police_reference: parsed_opt(row, "police_reference", Reference::parse)?,
        reporter: parsed_opt(row, "reporter", FreeText::parse)?,
        returned_at: optional_timestamp(row, "returned_at")?,
        return_outcome: parsed_opt(row, "return_outcome", ReturnOutcome::parse)?,
        found: Found {
            place: parsed_opt(row, "found_place", FreeText::parse)?,
            postcode: parsed_opt(row, "found_postcode", Postcode::parse)?,
            out_of_area: optional_flag(row, "found_out_of_area")?,
            by: parsed_opt(row, "found_by", FreeText::parse)?,
        },
        police_closed_at: optional_timestamp(row, "police_closed_at")?,
        risk: EpisodeRisk {
            police: parsed_opt(row, "police_grade", RiskGrade::parse)?,
            children_services: parsed_opt(row, "children_services_grade", RiskGrade::parse)?,
            joint: parsed_opt(row, "joint_grade", RiskGrade::parse)?,
            disagreement: flag(row, "disagreement")?,
            review_due_at: optional_timestamp(row, "review_due_at")?,
            cse_concern: flag(row, "cse_concern")?,
            cce_concern: flag(row, "cce_concern")?,
        },
        created_at: timestamp(row, "created_at")?,
        updated_at: timestamp(row, "updated_at")?,
    })
}

pub(crate) fn episode_listing(row: &impl Row) -> Result<EpisodeListing, StoreError> {
    Ok(EpisodeListing {
        episode: episode(row)?,
        given_name: parsed(row, "given_name", PersonName::parse)?,
        family_name: parsed(row, "family_name", PersonName::parse)?,
        date_of_birth: date(row, "date_of_birth")?,
    })
}

pub(crate) fn assessment(row: &impl Row) -> Result<RiskAssessment, StoreError> {
    Ok(RiskAssessment {
        id: parsed(row, "id", AssessmentId::parse)?,
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        side: parsed(row, "side", RiskSide::parse)?,
        grade: parsed(row, "grade", RiskGrade::parse)?,
        rationale: parsed(row, "rationale", FreeText::parse)?,
        answers: parsed(row, "answers", |json| serde_json::from_str(json))?,
        cse_concern: flag(row, "cse_concern")?,
        cce_concern: flag(row, "cce_concern")?,
        override_reason: parsed_opt(row, "override_reason", FreeText::parse)?,
        assessed_by: parsed(row, "assessed_by", UserId::parse)?,
        assessed_at: timestamp(row, "assessed_at")?,
    })
}

pub(crate) fn return_interview(row: &impl Row) -> Result<ReturnInterview, StoreError> {
    Ok(ReturnInterview {
        id: parsed(row, "id", ReturnInterviewId::parse)?,
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        statutory: flag(row, "statutory")?,
        due_at: timestamp(row, "due_at")?,
        status: parsed(row, "status", InterviewStatus::parse)?,
        practitioner_id: parsed_opt(row, "practitioner_id", UserId::parse)?,
        offered_at: optional_timestamp(row, "offered_at")?,
        completed_at: optional_timestamp(row, "completed_at")?,
        created_at: timestamp(row, "created_at")?,
        covered_by: parsed_opt(row, "covered_by", ReturnInterviewId::parse)?,
        record: parsed_opt(row, "record", |json| serde_json::from_str(json))?,
        offered_by_agency_id: parsed_opt(row, "offered_by_agency_id", AgencyId::parse)?,
    })
}

pub(crate) fn safe_and_well(row: &impl Row) -> Result<SafeAndWellCheck, StoreError> {
    Ok(SafeAndWellCheck {
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        checked_at: timestamp(row, "checked_at")?,
        face_to_face: flag(row, "face_to_face")?,
        disclosures: parsed_opt(row, "disclosures", FreeText::parse)?,
        actions: parsed_opt(row, "actions", FreeText::parse)?,
        recorded_by: parsed(row, "recorded_by", UserId::parse)?,
        recorded_at: timestamp(row, "recorded_at")?,
    })
}

pub(crate) fn recommendation(row: &impl Row) -> Result<Recommendation, StoreError> {
    let decision = parsed_opt(row, "decision", Decision::parse)?;
    let response = match decision {
        None => None,
        Some(decision) => Some(RecommendationResponse {
            decision,
            text: parsed_opt(row, "response", FreeText::parse)?,
            responded_at: timestamp(row, "responded_at")?,
            responded_by: parsed(row, "responded_by", UserId::parse)?,
        }),
    };
    Ok(Recommendation {
        id: parsed(row, "id", RecommendationId::parse)?,
        interview_id: parsed(row, "interview_id", ReturnInterviewId::parse)?,
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        owner_agency_id: parsed(row, "owner_agency_id", AgencyId::parse)?,
        action: parsed(row, "action", FreeText::parse)?,
        due_on: date(row, "due_on")?,
        created_by: parsed(row, "created_by", UserId::parse)?,
        created_at: timestamp(row, "created_at")?,
        response,
    })
}

/// A spooled event with its place in the spool: its texts, not yet numbered or hashed.
pub(crate) fn spooled_event(row: &impl Row) -> Result<(i64, AuditEvent), StoreError> {
    Ok((int(row, "id")?, audit_texts(row, 0, String::new(), String::new())?))
}

pub(crate) fn audit_event(row: &impl Row) -> Result<AuditEvent, StoreError> {
    audit_texts(row, int(row, "seq")?, text(row, "prev_hash")?, text(row, "hash")?)
}

fn audit_texts(row: &impl Row, seq: i64, prev_hash: String, hash: String) -> Result<AuditEvent, StoreError> {
    Ok(AuditEvent {
        seq,
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
        prev_hash,
        hash,
    })
}

pub(crate) fn alert(row: &impl Row) -> Result<Alert, StoreError> {
    Ok(Alert {
        id: parsed(row, "id", AlertId::parse)?,
        agency_id: parsed(row, "agency_id", AgencyId::parse)?,
        kind: parsed(row, "kind", AlertKind::parse)?,
        episode_id: parsed_opt(row, "episode_id", EpisodeId::parse)?,
        placement_id: parsed_opt(row, "placement_id", PlacementId::parse)?,
        occasion: text(row, "occasion")?,
        raised_at: timestamp(row, "raised_at")?,
        acknowledged_at: optional_timestamp(row, "acknowledged_at")?,
        acknowledged_by: parsed_opt(row, "acknowledged_by", UserId::parse)?,
        note: parsed_opt(row, "note", FreeText::parse)?,
        closed_reason: parsed_opt(row, "closed_reason", ClosedReason::parse)?,
    })
}

pub(crate) fn profile(row: &impl Row) -> Result<Profile, StoreError> {
    let fields: std::collections::BTreeMap<String, String> = parsed(row, "fields", |json| serde_json::from_str(json))?;
    Ok(Profile {
        person_id: parsed(row, "person_id", PersonId::parse)?,
        version: int(row, "version")?,
        kind: parsed(row, "kind", ProfileKind::parse)?,
        fields: fields
            .into_iter()
            .map(|(code, text)| FreeText::parse(&text).map(|text| (code, text)).map_err(|_| corrupt("fields")))
            .collect::<Result<_, _>>()?,
        saved_by: parsed(row, "saved_by", UserId::parse)?,
        saved_at: timestamp(row, "saved_at")?,
    })
}

pub(crate) fn category_change(row: &impl Row) -> Result<CategoryChange, StoreError> {
    Ok(CategoryChange {
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        category: parsed(row, "category", LaCategory::parse)?,
        changed_at: timestamp(row, "changed_at")?,
        changed_by: parsed(row, "changed_by", UserId::parse)?,
    })
}

pub(crate) fn placement(row: &impl Row) -> Result<Placement, StoreError> {
    Ok(Placement {
        id: parsed(row, "id", PlacementId::parse)?,
        person_id: parsed(row, "person_id", PersonId::parse)?,
        provider_id: parsed(row, "provider_id", AgencyId::parse)?,
        host_la_id: parsed(row, "host_la_id", AgencyId::parse)?,
        postcode: parsed(row, "postcode", Postcode::parse)?,
        started_on: date(row, "started_on")?,
        ended_on: row.date("ended_on")?,
        recorded_by: parsed_opt(row, "recorded_by", UserId::parse)?,
        recorded_at: timestamp(row, "recorded_at")?,
    })
}

pub(crate) fn photo(row: &impl Row) -> Result<Photo, StoreError> {
    Ok(Photo {
        person_id: parsed(row, "person_id", PersonId::parse)?,
        kind: parsed(row, "content_type", |t| PhotoType::parse(t).ok_or(()))?,
        taken_on: date(row, "taken_on")?,
        bytes: row.bytes("bytes")?.ok_or_else(|| corrupt("bytes"))?,
        uploaded_by: parsed(row, "uploaded_by", UserId::parse)?,
        uploaded_at: timestamp(row, "uploaded_at")?,
    })
}

/// The sender's reference a look-up by references returns beside the record.
pub(crate) fn source_ref(row: &impl Row) -> Result<String, StoreError> {
    text(row, "source_ref")
}

pub(crate) fn legacy_absent(row: &impl Row) -> Result<bool, StoreError> {
    flag(row, "legacy_absent")
}

pub(crate) fn ssda903_child(row: &impl Row) -> Result<homeward_core::domain::ssda903::Ssda903Child, StoreError> {
    Ok(homeward_core::domain::ssda903::Ssda903Child {
        child: text(row, "child")?,
        sex: text(row, "sex")?,
        dob: date(row, "dob")?,
        ethnic: text(row, "ethnic")?,
        upn: text(row, "upn")?,
        mother: text(row, "mother")?,
        mc_dob: row.date("mc_dob")?,
    })
}

pub(crate) fn ssda903_episode(row: &impl Row) -> Result<homeward_core::domain::ssda903::Ssda903Episode, StoreError> {
    Ok(homeward_core::domain::ssda903::Ssda903Episode {
        child: text(row, "child")?,
        decom: date(row, "decom")?,
        rne: text(row, "rne")?,
        ls: text(row, "ls")?,
        cin: text(row, "cin")?,
        place: text(row, "place")?,
        place_provider: text(row, "place_provider")?,
        dec: row.date("dec")?,
        rec: text(row, "rec")?,
        reason_place_change: text(row, "reason_place_change")?,
        home_post: text(row, "home_post")?,
        pl_post: text(row, "pl_post")?,
        urn: text(row, "urn")?,
    })
}

/// A missing period of a council's child: `(CHILD, went missing, returned, category)`.
pub(crate) fn missing_period(
    row: &impl Row,
) -> Result<(String, Timestamp, Option<Timestamp>, Option<LaCategory>), StoreError> {
    Ok((
        text(row, "source_ref")?,
        timestamp(row, "went_missing_at")?,
        optional_timestamp(row, "returned_at")?,
        parsed_opt(row, "la_category", LaCategory::parse)?,
    ))
}

pub(crate) fn unlisted_period(row: &impl Row) -> Result<(PersonId, Timestamp, Option<Timestamp>), StoreError> {
    Ok((
        parsed(row, "person_id", PersonId::parse)?,
        timestamp(row, "went_missing_at")?,
        optional_timestamp(row, "returned_at")?,
    ))
}

/// The sender a look-up by references returns beside the record.
pub(crate) fn source_agency(row: &impl Row) -> Result<AgencyId, StoreError> {
    parsed(row, "source_agency_id", AgencyId::parse)
}
/// A row of the key figures' query, read by position: a national year is 350,000 rows. Columns: person_id,
/// date_of_birth, looked_after, went_missing_at, returned_at, return_outcome, joint_grade, cse_concern, cce_concern,
/// interview_status, offered_at, completed_at, ofsted_prompted, ofsted_notified, ofsted_in_time,
/// legacy_absent_awaiting_review.
pub(crate) fn stats_row(row: &impl Row) -> Result<StatsRow, StoreError> {
    let count = |at: usize| -> Result<u64, StoreError> {
        u64::try_from(row.int(at)?.unwrap_or(0)).map_err(|_| crate::dialect::corrupt("ofsted count"))
    };
    let interview = row
        .parsed(9, InterviewStatus::parse)?
        .map(|status| -> Result<InterviewTimes, StoreError> {
            Ok(InterviewTimes { status, offered_at: row.time(10)?, completed_at: row.time(11)? })
        })
        .transpose()?;
    Ok(StatsRow {
        person_id: required(row.parsed(0, PersonId::parse)?, "person_id")?,
        date_of_birth: required(row.date(1)?, "date_of_birth")?,
        looked_after: required(row.flag(2)?, "looked_after")?,
        went_missing_at: required(row.time(3)?, "went_missing_at")?,
        returned_at: row.time(4)?,
        return_outcome: row.parsed(5, ReturnOutcome::parse)?,
        joint_grade: row.parsed(6, RiskGrade::parse)?,
        cse_concern: required(row.flag(7)?, "cse_concern")?,
        cce_concern: required(row.flag(8)?, "cce_concern")?,
        interview,
        ofsted: OfstedCounts { prompted: count(12)?, notified: count(13)?, notified_within_24h: count(14)? },
        legacy_absent_awaiting_review: required(row.flag(15)?, "legacy_absent_awaiting_review")?,
    })
}

pub(crate) fn notification(row: &impl Row) -> Result<Notification, StoreError> {
    Ok(Notification {
        id: parsed(row, "id", NotificationId::parse)?,
        agency_id: parsed(row, "agency_id", AgencyId::parse)?,
        channel: parsed(row, "channel", Channel::parse)?,
        recipient: text(row, "recipient")?,
        event: parsed(row, "event", |json| serde_json::from_str::<Event>(json))?,
        created_at: timestamp(row, "created_at")?,
        attempts: int(row, "attempts")?,
        next_attempt_at: timestamp(row, "next_attempt_at")?,
        delivered_at: optional_timestamp(row, "delivered_at")?,
        gave_up_at: optional_timestamp(row, "gave_up_at")?,
        last_error: row.text("last_error")?,
    })
}
