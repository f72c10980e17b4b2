//! One PostgreSQL transaction, implementing the core's unit of work.

use async_trait::async_trait;
use futures_util::TryStreamExt;
use homeward_core::domain::agency::{Agency, AgencyCode};
use homeward_core::domain::alert::Alert;
use homeward_core::domain::audit::{AuditAction, AuditEvent, NewAuditEvent};
use homeward_core::domain::credentials::{ApiToken, Session, TokenHash};
use homeward_core::domain::episode::LaCategory;
use homeward_core::domain::episode::ReturnOutcome;
use homeward_core::domain::episode::{
    CaseCounts, CaseCountsQuery, CategoryChange, Episode, EpisodeListing, EpisodeOrder, EpisodeQuery, EpisodeStatus,
};
use homeward_core::domain::ids::{
    AgencyId, AlertId, EpisodeId, PersonId, RecommendationId, ReturnInterviewId, SessionId, UserId,
};
use homeward_core::domain::person::Person;
use homeward_core::domain::photo::Photo;
use homeward_core::domain::profile::Profile;
use homeward_core::domain::return_interview::{
    InterviewCouncils, InterviewSelection, Recommendation, ReturnInterview, SafeAndWellCheck,
};
use homeward_core::domain::risk::{RiskAssessment, RiskGrade};
use homeward_core::domain::ssda903::{Ssda903Child, Ssda903Episode};
use homeward_core::domain::text::{FreeText, Postcode};
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::{Email, Role, User};
use homeward_core::ports::{BulkData, Tx};
use homeward_core::{Scope, StoreError};
use sqlx::postgres::PgRow;
use sqlx::{Postgres, Transaction};

use crate::{backend_error, bulk, rows, scope};

/// Interviews with their councils, read back as text.
fn interview_councils(
    rows: Vec<(String, String, Option<String>, Option<String>)>,
) -> Result<Vec<InterviewCouncils>, StoreError> {
    let corrupt = |column: &str| StoreError::Corrupt(format!("column {column}"));
    let agency =
        |id: Option<String>, column: &str| id.map(|id| AgencyId::parse(&id).map_err(|_| corrupt(column))).transpose();
    rows.into_iter()
        .map(|(interview, episode, responsible, area)| {
            Ok(InterviewCouncils {
                interview_id: ReturnInterviewId::parse(&interview).map_err(|_| corrupt("id"))?,
                episode_id: EpisodeId::parse(&episode).map_err(|_| corrupt("episode_id"))?,
                responsible_la_id: agency(responsible, "responsible_la_id")?,
                area_la_id: agency(area, "area_la_id")?,
            })
        })
        .collect()
}

/// `column IN (...)` over codes of a closed set, written into the SQL (they are the enum's own text, never
/// input), so that partial indexes over the same literal codes still serve; no codes picks nothing.
fn one_of(column: &str, codes: impl Iterator<Item = &'static str>) -> String {
    let listed: Vec<String> = codes.map(|code| format!("'{code}'")).collect();
    if listed.is_empty() { "FALSE".to_owned() } else { format!("{column} IN ({})", listed.join(", ")) }
}

/// The condition under which interview `i` is one the core's selection picks. A due time becomes the next
/// numbered parameter after `bound` others, pushed onto `times` for the caller to bind in order.
fn picked(selection: &InterviewSelection, bound: usize, times: &mut Vec<Timestamp>) -> String {
    let mut terms = Vec::new();
    match selection.statutory {
        Some(true) => terms.push("i.statutory".to_owned()),
        Some(false) => terms.push("NOT i.statutory".to_owned()),
        None => {}
    }
    if let Some(statuses) = &selection.statuses {
        terms.push(one_of("i.status", statuses.iter().map(|s| s.as_str())));
    }
    if let Some(before) = selection.due_before {
        times.push(before);
        terms.push(format!("i.due_at < ${}", bound + times.len()));
    }
    if terms.is_empty() { "TRUE".to_owned() } else { terms.join(" AND ") }
}

/// `FROM ... WHERE ...` for the interviews of episodes within scope (a practitioner's: only theirs) that `selection`
/// picks, oldest due first, at most `limit`: `$1` is the scope's id, `$2` the practitioner's, the selection's
/// times follow.
fn picked_interviews(scope: Scope, selection: &InterviewSelection, limit: u32, times: &mut Vec<Timestamp>) -> String {
    let (condition, _) = scope::episode(scope);
    format!(
        "FROM return_interviews i JOIN episodes e ON e.id = i.episode_id JOIN people p ON p.id = e.person_id \
         WHERE {condition} AND {} AND ($2::text IS NULL OR i.practitioner_id = $2) ORDER BY i.due_at, i.id LIMIT {limit}",
        picked(selection, 2, times)
    )
}

/// A practitioner sees only the interviews assigned to them, not every interview of those episodes.
fn practitioner_only(scope: Scope) -> Option<String> {
    match scope {
        Scope::Practitioner(user) => Some(user.to_string()),
        _ => None,
    }
}

/// A transaction on one pooled connection, at READ COMMITTED.
#[derive(Debug)]
pub struct PostgresTx {
    tx: Transaction<'static, Postgres>,
    /// Indexes and foreign keys set aside for a large load.
    set_aside: Vec<crate::set_aside::SetAside>,
}

impl PostgresTx {
    pub(crate) fn new(tx: Transaction<'static, Postgres>) -> Self {
        Self { tx, set_aside: Vec::new() }
    }

    /// Every row of a query that takes one id, decoded.
    async fn all_by<T>(
        &mut self,
        sql: &'static str,
        id: String,
        decode: fn(&PgRow) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let rows = sqlx::query(sql).bind(id).fetch_all(&mut *self.tx).await.map_err(backend_error)?;
        rows.iter().map(decode).collect()
    }

    /// The row, if any, of a query that takes one id, decoded.
    async fn one_by<T>(
        &mut self,
        sql: &'static str,
        id: String,
        decode: fn(&PgRow) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        let row = sqlx::query(sql).bind(id).fetch_optional(&mut *self.tx).await.map_err(backend_error)?;
        row.as_ref().map(decode).transpose()
    }
}

const EPISODE_SELECT: &str =
    "SELECT e.*, p.given_name, p.family_name, p.date_of_birth FROM episodes e JOIN people p ON p.id = e.person_id";

#[async_trait]
impl Tx for PostgresTx {
    async fn commit(self: Box<Self>) -> Result<(), StoreError> {
        self.tx.commit().await.map_err(backend_error)
    }

    async fn is_empty(&mut self) -> Result<bool, StoreError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT id FROM agencies LIMIT 1")
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        Ok(row.is_none())
    }

    async fn insert_agency(&mut self, agency: &Agency) -> Result<(), StoreError> {
        bulk::agencies(&mut self.tx, std::slice::from_ref(agency)).await
    }

    async fn agency(&mut self, id: AgencyId) -> Result<Option<Agency>, StoreError> {
        self.one_by("SELECT * FROM agencies WHERE id = $1", id.to_string(), rows::agency).await
    }

    async fn agency_by_code(&mut self, code: &AgencyCode) -> Result<Option<Agency>, StoreError> {
        let row = sqlx::query("SELECT * FROM agencies WHERE code = $1")
            .bind(code.as_str())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        row.as_ref().map(rows::agency).transpose()
    }

    async fn insert_user(&mut self, user: &User) -> Result<(), StoreError> {
        bulk::users(&mut self.tx, std::slice::from_ref(user)).await
    }

    async fn user(&mut self, id: UserId) -> Result<Option<User>, StoreError> {
        self.one_by("SELECT * FROM users WHERE id = $1", id.to_string(), rows::user).await
    }

    async fn user_by_email(&mut self, email: &Email) -> Result<Option<User>, StoreError> {
        let row = sqlx::query("SELECT * FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        row.as_ref().map(rows::user).transpose()
    }

    async fn insert_token(&mut self, token: &ApiToken) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO api_tokens (id, user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token.id.to_string())
        .bind(token.user_id.to_string())
        .bind(token.hash.as_str())
        .bind(token.created_at.as_offset())
        .bind(token.expires_at.map(Timestamp::as_offset))
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn token_by_hash(&mut self, hash: &TokenHash) -> Result<Option<ApiToken>, StoreError> {
        let row = sqlx::query("SELECT * FROM api_tokens WHERE token_hash = $1")
            .bind(hash.as_str())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        row.as_ref().map(rows::token).transpose()
    }

    async fn insert_person(&mut self, person: &Person) -> Result<(), StoreError> {
        bulk::people(&mut self.tx, std::slice::from_ref(person)).await
    }

    async fn person(&mut self, id: PersonId, scope: Scope) -> Result<Option<Person>, StoreError> {
        let (condition, scope_id) = scope::person(scope);
        let sql = format!("SELECT p.* FROM people p WHERE p.id = $2 AND {condition}");
        let row = sqlx::query(&sql)
            .bind(scope_id)
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        row.as_ref().map(rows::person).transpose()
    }

    async fn insert_episode(&mut self, episode: &Episode) -> Result<(), StoreError> {
        bulk::episodes(&mut self.tx, std::slice::from_ref(episode)).await
    }

    async fn episode(&mut self, id: EpisodeId, scope: Scope) -> Result<Option<Episode>, StoreError> {
        let (condition, scope_id) = scope::episode(scope);
        let sql = format!("{EPISODE_SELECT} WHERE e.id = $2 AND {condition}");
        let row = sqlx::query(&sql)
            .bind(scope_id)
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        row.as_ref().map(rows::episode).transpose()
    }

    async fn list_episodes(&mut self, scope: Scope, query: &EpisodeQuery) -> Result<Vec<EpisodeListing>, StoreError> {
        let (condition, scope_id) = scope::episode(scope);
        let (after, direction) = match query.order {
            EpisodeOrder::NewestFirst => ("<", "DESC"),
            EpisodeOrder::OldestFirst => (">", "ASC"),
        };
        // Parameters tested only for NULL carry casts: PostgreSQL cannot infer their type from `IS NULL` alone.
        let sql = format!(
            "{EPISODE_SELECT} WHERE {condition} \
             AND ($2::text IS NULL OR e.status = $2) \
             AND ($3::text IS NULL OR e.joint_grade = $3) \
             AND ($4::text IS NULL OR e.recorded_by_agency_id = $4 OR e.police_force_id = $4 OR e.area_la_id = $4) \
             AND ($5::timestamptz IS NULL OR (e.went_missing_at, e.id) {after} ($5::timestamptz, $6::text)) \
             ORDER BY e.went_missing_at {direction}, e.id {direction} LIMIT $7"
        );
        let rows = sqlx::query(&sql)
            .bind(scope_id)
            .bind(query.status.map(EpisodeStatus::as_str))
            .bind(query.risk.map(RiskGrade::as_str))
            .bind(query.agency_id.map(|a| a.to_string()))
            .bind(query.after.map(|c| c.went_missing_at.as_offset()))
            .bind(query.after.map(|c| c.id.to_string()))
            .bind(i64::from(query.limit))
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        rows.iter().map(rows::episode_listing).collect()
    }

    async fn episodes_of_person(&mut self, person: PersonId, scope: Scope) -> Result<Vec<Episode>, StoreError> {
        let (condition, scope_id) = scope::episode(scope);
        let sql = format!(
            "{EPISODE_SELECT} WHERE e.person_id = $2 AND {condition} ORDER BY e.went_missing_at DESC, e.id DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(scope_id)
            .bind(person.to_string())
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        rows.iter().map(rows::episode).collect()
    }

    async fn insert_assessment(&mut self, assessment: &RiskAssessment) -> Result<(), StoreError> {
        bulk::assessments(&mut self.tx, std::slice::from_ref(assessment)).await
    }

    async fn update_episode_risk(
        &mut self,
        episode: EpisodeId,
        risk: &homeward_core::domain::risk::EpisodeRisk,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE episodes SET police_grade = $1, children_services_grade = $2, joint_grade = $3, \
             disagreement = $4, review_due_at = $5, cse_concern = $6, cce_concern = $7, updated_at = $8 \
             WHERE id = $9",
        )
        .bind(risk.police.map(homeward_core::domain::risk::RiskGrade::as_str))
        .bind(risk.children_services.map(homeward_core::domain::risk::RiskGrade::as_str))
        .bind(risk.joint.map(homeward_core::domain::risk::RiskGrade::as_str))
        .bind(risk.disagreement)
        .bind(risk.review_due_at.map(homeward_core::domain::time::Timestamp::as_offset))
        .bind(risk.cse_concern)
        .bind(risk.cce_concern)
        .bind(at.as_offset())
        .bind(episode.to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn assessments_for_episode(&mut self, episode: EpisodeId) -> Result<Vec<RiskAssessment>, StoreError> {
        self.all_by(
            "SELECT * FROM risk_assessments WHERE episode_id = $1 ORDER BY assessed_at, id",
            episode.to_string(),
            rows::assessment,
        )
        .await
    }

    async fn insert_return_interview(&mut self, interview: &ReturnInterview) -> Result<(), StoreError> {
        bulk::return_interviews(&mut self.tx, std::slice::from_ref(interview)).await
    }

    async fn return_interviews_for_episode(&mut self, episode: EpisodeId) -> Result<Vec<ReturnInterview>, StoreError> {
        self.all_by(
            "SELECT * FROM return_interviews WHERE episode_id = $1 ORDER BY created_at, id",
            episode.to_string(),
            rows::return_interview,
        )
        .await
    }

    async fn insert_session(&mut self, session: &Session) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(session.id.to_string())
        .bind(session.user_id.to_string())
        .bind(session.hash.as_str())
        .bind(session.created_at.as_offset())
        .bind(session.last_seen_at.as_offset())
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn session_by_hash(&mut self, hash: &TokenHash) -> Result<Option<Session>, StoreError> {
        let row = sqlx::query("SELECT * FROM sessions WHERE token_hash = $1")
            .bind(hash.as_str())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        row.as_ref().map(rows::session).transpose()
    }

    async fn touch_session(&mut self, id: SessionId, at: Timestamp) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(at.as_offset())
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn delete_session(&mut self, id: SessionId) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn count_audit_events(
        &mut self,
        action: AuditAction,
        target_id: &str,
        since: Timestamp,
    ) -> Result<i64, StoreError> {
        // `at` is the sealed text form, fixed-width UTC, so comparing it as text compares it in time.
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = $1 AND target_id = $2 AND at >= $3")
            .bind(action.as_str())
            .bind(target_id)
            .bind(since.to_rfc3339())
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend_error)
    }

    async fn agency_rules(
        &mut self,
        agency: AgencyId,
    ) -> Result<Option<homeward_core::rules::risk::AgencyRules>, StoreError> {
        let rules: Option<Option<String>> = sqlx::query_scalar("SELECT rules FROM agencies WHERE id = $1")
            .bind(agency.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        rules
            .flatten()
            .map(|json| serde_json::from_str(&json).map_err(|_| StoreError::Corrupt("column rules".into())))
            .transpose()
    }

    async fn set_agency_rules(
        &mut self,
        agency: AgencyId,
        rules: &homeward_core::rules::risk::AgencyRules,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE agencies SET rules = $1 WHERE id = $2")
            .bind(serde_json::to_string(rules).expect("settings always serialise"))
            .bind(agency.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn agencies(&mut self) -> Result<Vec<Agency>, StoreError> {
        let rows = sqlx::query("SELECT * FROM agencies ORDER BY name, code")
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        rows.iter().map(rows::agency).collect()
    }

    async fn case_counts(&mut self, scope: Scope, query: &CaseCountsQuery) -> Result<CaseCounts, StoreError> {
        let (condition, scope_id) = scope::episode(scope);
        let episodes = format!("FROM episodes e JOIN people p ON p.id = e.person_id WHERE {condition}");
        let mut times = Vec::new();
        let mut interviews = |selection| {
            format!(
                "FROM return_interviews i JOIN episodes e ON e.id = i.episode_id JOIN people p ON p.id = e.person_id \
                 WHERE {condition} AND {}",
                picked(selection, 2, &mut times)
            )
        };
        let (open, overdue) = (interviews(&query.interviews_open), interviews(&query.interviews_overdue));
        let sql = format!(
            "SELECT (SELECT COUNT(*) {episodes} AND e.status = 'missing'), \
                    (SELECT COUNT(*) {episodes} AND e.status = 'missing' AND e.review_due_at <= $2), \
                    (SELECT COUNT(*) {open}), \
                    (SELECT COUNT(*) {overdue}), \
                    (SELECT COUNT(*) FROM recommendations r WHERE r.owner_agency_id = $1 AND r.decision IS NULL)"
        );
        let mut counts = sqlx::query_as(&sql).bind(scope_id).bind(query.reviews_due_by.as_offset());
        for time in times {
            counts = counts.bind(time.as_offset());
        }
        let (missing_now, reviews_due, interviews_open, interviews_overdue, recommendations_open) =
            counts.fetch_one(&mut *self.tx).await.map_err(backend_error)?;
        Ok(CaseCounts { missing_now, reviews_due, interviews_open, interviews_overdue, recommendations_open })
    }

    async fn change_la_category(&mut self, change: &CategoryChange) -> Result<(), StoreError> {
        sqlx::query("UPDATE episodes SET la_category = $1, updated_at = $2 WHERE id = $3")
            .bind(change.category.as_str())
            .bind(change.changed_at.as_offset())
            .bind(change.episode_id.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        sqlx::query(
            "INSERT INTO la_category_changes (episode_id, category, changed_at, changed_by) VALUES ($1, $2, $3, $4)",
        )
        .bind(change.episode_id.to_string())
        .bind(change.category.as_str())
        .bind(change.changed_at.as_offset())
        .bind(change.changed_by.to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn la_category_history(&mut self, episode: EpisodeId) -> Result<Vec<CategoryChange>, StoreError> {
        self.all_by(
            "SELECT * FROM la_category_changes WHERE episode_id = $1 ORDER BY changed_at",
            episode.to_string(),
            rows::category_change,
        )
        .await
    }

    async fn save_photo(&mut self, photo: &Photo) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO photos (person_id, content_type, taken_on, bytes, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (person_id) DO UPDATE SET content_type = excluded.content_type, taken_on = excluded.taken_on, \
             bytes = excluded.bytes, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at",
        )
        .bind(photo.person_id.to_string())
        .bind(photo.kind.content_type())
        .bind(photo.taken_on)
        .bind(&photo.bytes)
        .bind(photo.uploaded_by.to_string())
        .bind(photo.uploaded_at.as_offset())
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn photo(&mut self, person: PersonId) -> Result<Option<Photo>, StoreError> {
        self.one_by("SELECT * FROM photos WHERE person_id = $1", person.to_string(), rows::photo).await
    }

    async fn has_photo(&mut self, person: PersonId) -> Result<bool, StoreError> {
        let found: Option<i32> = sqlx::query_scalar("SELECT 1 FROM photos WHERE person_id = $1")
            .bind(person.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        Ok(found.is_some())
    }

    async fn insert_profile(&mut self, profile: &Profile) -> Result<(), StoreError> {
        let fields: std::collections::BTreeMap<&str, &str> =
            profile.fields.iter().map(|(code, text)| (code.as_str(), text.as_str())).collect();
        sqlx::query(
            "INSERT INTO profiles (person_id, version, kind, fields, saved_by, saved_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(profile.person_id.to_string())
        .bind(profile.version)
        .bind(profile.kind.as_str())
        .bind(serde_json::to_string(&fields).expect("text fields always serialise"))
        .bind(profile.saved_by.to_string())
        .bind(profile.saved_at.as_offset())
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn current_profile(&mut self, person: PersonId) -> Result<Option<Profile>, StoreError> {
        self.one_by(
            "SELECT * FROM profiles WHERE person_id = $1 ORDER BY version DESC LIMIT 1",
            person.to_string(),
            rows::profile,
        )
        .await
    }

    async fn record_return(&mut self, episode: &Episode) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE episodes SET status = $1, returned_at = $2, return_outcome = $3, updated_at = $4, \
             found_place = $5, found_postcode = $6, found_out_of_area = $7, found_by = $8 WHERE id = $9",
        )
        .bind(episode.status.as_str())
        .bind(episode.returned_at.map(Timestamp::as_offset))
        .bind(episode.return_outcome.map(ReturnOutcome::as_str))
        .bind(episode.updated_at.as_offset())
        .bind(episode.found.place.as_ref().map(FreeText::as_str))
        .bind(episode.found.postcode.as_ref().map(Postcode::as_str))
        .bind(episode.found.out_of_area)
        .bind(episode.found.by.as_ref().map(FreeText::as_str))
        .bind(episode.id.to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn return_interviews(
        &mut self,
        scope: Scope,
        selection: &InterviewSelection,
    ) -> Result<Vec<ReturnInterview>, StoreError> {
        let (_, scope_id) = scope::episode(scope);
        let mut times = Vec::new();
        let sql = format!("SELECT i.* {}", picked_interviews(scope, selection, 500, &mut times));
        let mut query = sqlx::query(&sql).bind(scope_id).bind(practitioner_only(scope));
        for time in times {
            query = query.bind(time.as_offset());
        }
        let rows = query.fetch_all(&mut *self.tx).await.map_err(backend_error)?;
        rows.iter().map(rows::return_interview).collect()
    }

    async fn return_interview(
        &mut self,
        id: ReturnInterviewId,
        scope: Scope,
    ) -> Result<Option<ReturnInterview>, StoreError> {
        let (condition, scope_id) = scope::episode(scope);
        let sql = format!(
            "SELECT i.* FROM return_interviews i JOIN episodes e ON e.id = i.episode_id JOIN people p ON p.id = e.person_id \
             WHERE {condition} AND i.id = $2 AND ($3::text IS NULL OR i.practitioner_id = $3)"
        );
        let row = sqlx::query(&sql)
            .bind(scope_id)
            .bind(id.to_string())
            .bind(practitioner_only(scope))
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        row.as_ref().map(rows::return_interview).transpose()
    }

    async fn update_return_interview(&mut self, interview: &ReturnInterview) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE return_interviews SET status = $1, practitioner_id = $2, offered_at = $3, completed_at = $4, \
             covered_by = $5, record = $6 WHERE id = $7",
        )
        .bind(interview.status.as_str())
        .bind(interview.practitioner_id.map(|id| id.to_string()))
        .bind(interview.offered_at.map(Timestamp::as_offset))
        .bind(interview.completed_at.map(Timestamp::as_offset))
        .bind(interview.covered_by.map(|id| id.to_string()))
        .bind(interview.record.as_ref().map(|r| serde_json::to_string(r).expect("records always serialise")))
        .bind(interview.id.to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn interview_councils(
        &mut self,
        scope: Scope,
        selection: &InterviewSelection,
    ) -> Result<Vec<InterviewCouncils>, StoreError> {
        let (_, scope_id) = scope::episode(scope);
        let mut times = Vec::new();
        let picked = picked_interviews(scope, selection, 1000, &mut times);
        let sql = format!("SELECT i.id, i.episode_id, p.responsible_la_id, e.area_la_id {picked}");
        let mut query = sqlx::query_as(&sql).bind(scope_id).bind(practitioner_only(scope));
        for time in times {
            query = query.bind(time.as_offset());
        }
        interview_councils(query.fetch_all(&mut *self.tx).await.map_err(backend_error)?)
    }

    async fn active_users_in_roles(&mut self, roles: &[Role]) -> Result<Vec<User>, StoreError> {
        let sql = format!(
            "SELECT * FROM users WHERE active AND {} ORDER BY name, id",
            one_of("role", roles.iter().map(|r| r.as_str()))
        );
        let rows = sqlx::query(&sql).fetch_all(&mut *self.tx).await.map_err(backend_error)?;
        rows.iter().map(rows::user).collect()
    }

    async fn insert_safe_and_well(&mut self, check: &SafeAndWellCheck) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO safe_and_well_checks (episode_id, checked_at, face_to_face, disclosures, actions, \
             recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(check.episode_id.to_string())
        .bind(check.checked_at.as_offset())
        .bind(check.face_to_face)
        .bind(check.disclosures.as_ref().map(FreeText::as_str))
        .bind(check.actions.as_ref().map(FreeText::as_str))
        .bind(check.recorded_by.to_string())
        .bind(check.recorded_at.as_offset())
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn safe_and_well(&mut self, episode: EpisodeId) -> Result<Option<SafeAndWellCheck>, StoreError> {
        self.one_by(
            "SELECT * FROM safe_and_well_checks WHERE episode_id = $1",
            episode.to_string(),
            rows::safe_and_well,
        )
        .await
    }

    async fn close_police_side(&mut self, episode: EpisodeId, at: Timestamp) -> Result<(), StoreError> {
        sqlx::query("UPDATE episodes SET police_closed_at = $1, updated_at = $1 WHERE id = $2")
            .bind(at.as_offset())
            .bind(episode.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn insert_recommendation(&mut self, r: &Recommendation) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO recommendations (id, interview_id, episode_id, owner_agency_id, action, due_on, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(r.id.to_string())
        .bind(r.interview_id.to_string())
        .bind(r.episode_id.to_string())
        .bind(r.owner_agency_id.to_string())
        .bind(r.action.as_str())
        .bind(r.due_on)
        .bind(r.created_by.to_string())
        .bind(r.created_at.as_offset())
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn recommendation(&mut self, id: RecommendationId) -> Result<Option<Recommendation>, StoreError> {
        self.one_by("SELECT * FROM recommendations WHERE id = $1", id.to_string(), rows::recommendation).await
    }

    async fn recommendations_for_episode(&mut self, episode: EpisodeId) -> Result<Vec<Recommendation>, StoreError> {
        self.all_by(
            "SELECT * FROM recommendations WHERE episode_id = $1 ORDER BY created_at, id",
            episode.to_string(),
            rows::recommendation,
        )
        .await
    }

    async fn recommendations_owned(
        &mut self,
        agency: AgencyId,
        open_only: bool,
    ) -> Result<Vec<Recommendation>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM recommendations WHERE owner_agency_id = $1 AND (NOT $2 OR decision IS NULL) \
             ORDER BY due_on, created_at, id LIMIT 500",
        )
        .bind(agency.to_string())
        .bind(open_only)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        rows.iter().map(rows::recommendation).collect()
    }

    async fn people_by_refs(
        &mut self,
        keys: &[(AgencyId, String)],
    ) -> Result<Vec<(AgencyId, String, Person)>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.agency_id AS source_agency_id, r.ref AS source_ref, p.* FROM person_refs r \
             JOIN UNNEST($1::text[], $2::text[]) AS k (agency_id, ref) ON r.agency_id = k.agency_id AND r.ref = k.ref JOIN people p ON p.id = r.person_id",
        )
        .bind(keys.iter().map(|(a, _)| a.to_string()).collect::<Vec<_>>())
        .bind(keys.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        rows.iter().map(|row| Ok((rows::source_agency(row)?, rows::source_ref(row)?, rows::person(row)?))).collect()
    }

    async fn episodes_by_refs(
        &mut self,
        keys: &[(AgencyId, String)],
    ) -> Result<Vec<(AgencyId, String, Episode, bool)>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.agency_id AS source_agency_id, r.ref AS source_ref, r.legacy_absent, e.* FROM episode_refs r \
             JOIN UNNEST($1::text[], $2::text[]) AS k (agency_id, ref) ON r.agency_id = k.agency_id AND r.ref = k.ref JOIN episodes e ON e.id = r.episode_id",
        )
        .bind(keys.iter().map(|(a, _)| a.to_string()).collect::<Vec<_>>())
        .bind(keys.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        rows.iter()
            .map(|row| {
                Ok((rows::source_agency(row)?, rows::source_ref(row)?, rows::episode(row)?, rows::legacy_absent(row)?))
            })
            .collect()
    }

    async fn interviews_of_episodes(&mut self, episodes: &[EpisodeId]) -> Result<Vec<ReturnInterview>, StoreError> {
        let ids: Vec<String> = episodes.iter().map(ToString::to_string).collect();
        let rows = sqlx::query("SELECT * FROM return_interviews WHERE episode_id = ANY($1) ORDER BY created_at, id")
            .bind(&ids)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        rows.iter().map(rows::return_interview).collect()
    }

    async fn save_refs(
        &mut self,
        people: &[(AgencyId, String, PersonId)],
        episodes: &[(AgencyId, String, EpisodeId, bool)],
    ) -> Result<(), StoreError> {
        bulk::person_refs(&mut self.tx, people).await?;
        bulk::episode_refs(&mut self.tx, episodes).await?;
        Ok(())
    }

    async fn update_person(&mut self, p: &Person) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE people SET given_name = $1, family_name = $2, date_of_birth = $3, sex = $4, looked_after = $5, \
             responsible_la_id = $6, host_la_id = $7, placement_provider_id = $8, allocated_worker_id = $9 WHERE id = $10",
        )
        .bind(p.given_name.as_str())
        .bind(p.family_name.as_str())
        .bind(p.date_of_birth)
        .bind(p.sex.as_str())
        .bind(p.looked_after)
        .bind(p.responsible_la_id.map(|id| id.to_string()))
        .bind(p.host_la_id.map(|id| id.to_string()))
        .bind(p.placement_provider_id.map(|id| id.to_string()))
        .bind(p.allocated_worker_id.map(|id| id.to_string()))
        .bind(p.id.to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn update_episode(&mut self, e: &Episode) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE episodes SET person_id = $1, police_force_id = $2, area_la_id = $3, went_missing_at = $4, \
             reported_at = $5, missing_from = $6, status = $7, la_category = $8, returned_at = $9, return_outcome = $10, \
             police_grade = $11, children_services_grade = $12, joint_grade = $13, disagreement = $14, \
             review_due_at = $15, cse_concern = $16, cce_concern = $17, found_postcode = $18, updated_at = $19 \
             WHERE id = $20",
        )
        .bind(e.person_id.to_string())
        .bind(e.police_force_id.map(|id| id.to_string()))
        .bind(e.area_la_id.map(|id| id.to_string()))
        .bind(e.went_missing_at.as_offset())
        .bind(e.reported_at.as_offset())
        .bind(e.missing_from.as_str())
        .bind(e.status.as_str())
        .bind(e.la_category.map(homeward_core::domain::episode::LaCategory::as_str))
        .bind(e.returned_at.map(Timestamp::as_offset))
        .bind(e.return_outcome.map(ReturnOutcome::as_str))
        .bind(e.risk.police.map(homeward_core::domain::risk::RiskGrade::as_str))
        .bind(e.risk.children_services.map(homeward_core::domain::risk::RiskGrade::as_str))
        .bind(e.risk.joint.map(homeward_core::domain::risk::RiskGrade::as_str))
        .bind(e.risk.disagreement)
        .bind(e.risk.review_due_at.map(Timestamp::as_offset))
        .bind(e.risk.cse_concern)
        .bind(e.risk.cce_concern)
        .bind(e.found.postcode.as_ref().map(Postcode::as_str))
        .bind(e.updated_at.as_offset())
        .bind(e.id.to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn replace_ssda903(
        &mut self,
        la: AgencyId,
        children: &[Ssda903Child],
        episodes: &[Ssda903Episode],
    ) -> Result<(), StoreError> {
        for table in ["ssda903_episodes", "ssda903_children"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE la_id = $1"))
                .bind(la.to_string())
                .execute(&mut *self.tx)
                .await
                .map_err(backend_error)?;
        }
        for c in children {
            sqlx::query(
                "INSERT INTO ssda903_children (la_id, child, sex, dob, ethnic, upn, mother, mc_dob) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(la.to_string())
            .bind(&c.child)
            .bind(&c.sex)
            .bind(c.dob)
            .bind(&c.ethnic)
            .bind(&c.upn)
            .bind(&c.mother)
            .bind(c.mc_dob)
            .execute(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        }
        for e in episodes {
            sqlx::query(
                "INSERT INTO ssda903_episodes (la_id, child, decom, rne, ls, cin, place, place_provider, dec, rec, \
                 reason_place_change, home_post, pl_post, urn) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            )
            .bind(la.to_string())
            .bind(&e.child)
            .bind(e.decom)
            .bind(&e.rne)
            .bind(&e.ls)
            .bind(&e.cin)
            .bind(&e.place)
            .bind(&e.place_provider)
            .bind(e.dec)
            .bind(&e.rec)
            .bind(&e.reason_place_change)
            .bind(&e.home_post)
            .bind(&e.pl_post)
            .bind(&e.urn)
            .execute(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        }
        Ok(())
    }

    async fn ssda903_children(&mut self, la: AgencyId) -> Result<Vec<Ssda903Child>, StoreError> {
        self.all_by(
            "SELECT * FROM ssda903_children WHERE la_id = $1 ORDER BY child",
            la.to_string(),
            rows::ssda903_child,
        )
        .await
    }

    async fn ssda903_episodes(&mut self, la: AgencyId) -> Result<Vec<Ssda903Episode>, StoreError> {
        self.all_by(
            "SELECT * FROM ssda903_episodes WHERE la_id = $1 ORDER BY child, decom",
            la.to_string(),
            rows::ssda903_episode,
        )
        .await
    }

    async fn missing_periods(
        &mut self,
        la: AgencyId,
    ) -> Result<Vec<(String, Timestamp, Option<Timestamp>, Option<LaCategory>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.ref AS source_ref, e.went_missing_at, e.returned_at, e.la_category \
             FROM ssda903_children c JOIN person_refs r ON r.agency_id = c.la_id AND r.ref = c.child \
             JOIN episodes e ON e.person_id = r.person_id WHERE c.la_id = $1 ORDER BY r.ref, e.went_missing_at, e.id",
        )
        .bind(la.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        rows.iter().map(rows::missing_period).collect()
    }

    async fn answer_recommendation(&mut self, r: &Recommendation) -> Result<(), StoreError> {
        let response = r.response.as_ref();
        sqlx::query(
            "UPDATE recommendations SET decision = $1, response = $2, responded_at = $3, responded_by = $4 WHERE id = $5",
        )
        .bind(response.map(|x| x.decision.as_str()))
        .bind(response.and_then(|x| x.text.as_ref()).map(FreeText::as_str))
        .bind(response.map(|x| x.responded_at.as_offset()))
        .bind(response.map(|x| x.responded_by.to_string()))
        .bind(r.id.to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn raise_alert(&mut self, alert: &Alert) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO alerts (id, agency_id, kind, episode_id, occasion, raised_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (agency_id, kind, episode_id, occasion) DO NOTHING",
        )
        .bind(alert.id.to_string())
        .bind(alert.agency_id.to_string())
        .bind(alert.kind.as_str())
        .bind(alert.episode_id.to_string())
        .bind(&alert.occasion)
        .bind(alert.raised_at.as_offset())
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        Ok(done.rows_affected() > 0)
    }

    async fn open_alerts(&mut self, agency: AgencyId) -> Result<Vec<Alert>, StoreError> {
        let rows =
            sqlx::query("SELECT * FROM alerts WHERE agency_id = $1 AND acknowledged_at IS NULL ORDER BY raised_at, id")
                .bind(agency.to_string())
                .fetch_all(&mut *self.tx)
                .await
                .map_err(backend_error)?;
        rows.iter().map(rows::alert).collect()
    }

    async fn alert(&mut self, id: AlertId, agency: AgencyId) -> Result<Option<Alert>, StoreError> {
        let row = sqlx::query("SELECT * FROM alerts WHERE id = $1 AND agency_id = $2")
            .bind(id.to_string())
            .bind(agency.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        row.as_ref().map(rows::alert).transpose()
    }

    async fn acknowledge_alert(&mut self, alert: &Alert) -> Result<(), StoreError> {
        sqlx::query("UPDATE alerts SET acknowledged_at = $1, acknowledged_by = $2, note = $3 WHERE id = $4")
            .bind(alert.acknowledged_at.map(Timestamp::as_offset))
            .bind(alert.acknowledged_by.map(|id| id.to_string()))
            .bind(alert.note.as_ref().map(ToString::to_string))
            .bind(alert.id.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn still_missing(&mut self, scope: Scope) -> Result<Vec<Episode>, StoreError> {
        let (condition, scope_id) = scope::episode(scope);
        let sql =
            format!("{EPISODE_SELECT} WHERE e.status = 'missing' AND {condition} ORDER BY e.went_missing_at, e.id");
        let rows = sqlx::query(&sql).bind(scope_id).fetch_all(&mut *self.tx).await.map_err(backend_error)?;
        rows.iter().map(rows::episode).collect()
    }

    async fn stats_rows(
        &mut self,
        scope: Scope,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<homeward_core::domain::stats::StatsRow>, StoreError> {
        let (condition, scope_id) = scope::episode(scope);
        // One statutory interview per episode: the return creates it once, and a covered episode keeps its own.
        let sql = format!(
            "SELECT e.person_id, p.date_of_birth, p.looked_after, e.went_missing_at, e.returned_at, e.return_outcome, \
             e.joint_grade, e.cse_concern, e.cce_concern, i.status AS interview_status, i.offered_at, i.completed_at \
             FROM episodes e JOIN people p ON p.id = e.person_id \
             LEFT JOIN return_interviews i ON i.episode_id = e.id AND i.statutory \
             WHERE e.went_missing_at >= $2 AND e.went_missing_at < $3 AND {condition}"
        );
        // Each row is read as it arrives, while the server sends the next.
        let mut found = Vec::new();
        let mut stream =
            sqlx::query(&sql).bind(scope_id).bind(from.as_offset()).bind(until.as_offset()).fetch(&mut *self.tx);
        while let Some(row) = stream.try_next().await.map_err(backend_error)? {
            found.push(rows::stats_row(&row)?);
        }
        Ok(found)
    }

    async fn bulk_insert(&mut self, data: &BulkData) -> Result<(), StoreError> {
        bulk::agencies(&mut self.tx, &data.agencies).await?;
        bulk::users(&mut self.tx, &data.users).await?;
        bulk::people(&mut self.tx, &data.people).await?;
        bulk::episodes(&mut self.tx, &data.episodes).await?;
        bulk::assessments(&mut self.tx, &data.assessments).await?;
        bulk::return_interviews(&mut self.tx, &data.return_interviews).await
    }

    async fn set_aside_for_load(&mut self, tables: &[&'static str]) -> Result<(), StoreError> {
        for table in tables {
            if let Some(set_aside) = crate::set_aside::set_aside(&mut self.tx, table, usize::MAX).await? {
                self.set_aside.push(set_aside);
            }
        }
        Ok(())
    }

    async fn restore_after_load(&mut self) -> Result<(), StoreError> {
        // Rebuilt in reverse, so a table's foreign keys come back after the tables they point to.
        while let Some(set_aside) = self.set_aside.pop() {
            crate::set_aside::restore(&mut self.tx, Some(set_aside)).await?;
        }
        Ok(())
    }

    async fn append_audit(&mut self, event: NewAuditEvent) -> Result<AuditEvent, StoreError> {
        // Many connections append at once. FOR UPDATE makes each wait for the head row until the transaction
        // ahead of it ends; under READ COMMITTED the locked row is then re-read as that transaction left it, so
        // every event is sealed onto the true latest hash and the chain never forks. The lock is held to commit,
        // which serialises appends: the price of a single verifiable chain.
        let (last_seq, last_hash): (i64, String) =
            sqlx::query_as("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE")
                .fetch_one(&mut *self.tx)
                .await
                .map_err(backend_error)?;
        let sealed = event.seal(last_seq + 1, &last_hash);
        sqlx::query(
            "INSERT INTO audit_events (seq, at, actor_user_id, actor_agency_id, actor_role, action, target_kind, \
             target_id, reason, request_id, details, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(sealed.seq)
        .bind(&sealed.at)
        .bind(&sealed.actor_user_id)
        .bind(&sealed.actor_agency_id)
        .bind(&sealed.actor_role)
        .bind(&sealed.action)
        .bind(&sealed.target_kind)
        .bind(&sealed.target_id)
        .bind(&sealed.reason)
        .bind(&sealed.request_id)
        .bind(&sealed.details)
        .bind(&sealed.prev_hash)
        .bind(&sealed.hash)
        .execute(&mut *self.tx)
        .await
        .map_err(backend_error)?;
        sqlx::query("UPDATE audit_head SET last_seq = $1, last_hash = $2 WHERE id = 1")
            .bind(sealed.seq)
            .bind(&sealed.hash)
            .execute(&mut *self.tx)
            .await
            .map_err(backend_error)?;
        Ok(sealed)
    }
}
