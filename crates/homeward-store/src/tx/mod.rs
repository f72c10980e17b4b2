//! One transaction, implementing the core's unit of work over either database. Every query's SQL is written here
//! once; the dialect binds it, reads it back, and supplies the few pieces that differ.

mod abduction;
mod chain;
mod contexts;
mod education;
mod follow_up;
mod geo;
mod helpline;
mod idempotency;
mod imports;
mod intel;
mod links;
mod notify;
mod ofsted;
mod placements;
mod reads;
mod retention;
mod returns;
mod scheduler;
mod sign_in;
mod sql_tx;
mod ssda903;
mod statements;
mod subject_access;
mod support;

use sql_tx::EPISODE_SELECT;
pub(crate) use sql_tx::SqlTx;

use async_trait::async_trait;
use homeward_core::domain::agency::{Agency, AgencyCode};
use homeward_core::domain::alert::{Alert, AlertCount, AlertFilter};
use homeward_core::domain::audit::{AuditAction, AuditEvent, NewAuditEvent};
use homeward_core::domain::credentials::{ApiToken, Session, TokenHash};
use homeward_core::domain::episode::{
    CaseCounts, CaseCountsQuery, CategoryChange, Episode, EpisodeListing, EpisodeQuery,
};
use homeward_core::domain::ids::{
    AgencyId, AlertId, EpisodeId, PersonId, PlacementId, RecommendationId, ReturnInterviewId, SessionId, UserId,
};
use homeward_core::domain::import::EpisodeRef;
use homeward_core::domain::person::Person;
use homeward_core::domain::photo::Photo;
use homeward_core::domain::placement::Placement;
use homeward_core::domain::profile::Profile;
use homeward_core::domain::return_interview::{
    InterviewCouncils, InterviewPaging, InterviewSelection, Recommendation, RecommendationPaging, ReturnInterview,
    SafeAndWellCheck,
};
use homeward_core::domain::risk::{EpisodeRisk, RiskAssessment};
use homeward_core::domain::ssda903::{Ssda903Child, Ssda903Episode};
use homeward_core::domain::stats::StatsRow;
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::{Email, Role, User};
use homeward_core::ports::{BulkData, MissingPeriod, Tx, UnlistedPeriod};
use homeward_core::rules::risk::AgencyRules;
use homeward_core::{Scope, StoreError};

use crate::dialect::{Dialect, Row};
use crate::rows;
use crate::tables;
use crate::value::{json, query};

#[async_trait]
impl<D: Dialect> Tx for SqlTx<D> {
    async fn commit(mut self: Box<Self>) -> Result<(), StoreError> {
        if self.work
            && let Some(pending) = homeward_core::ports::pending_key()
        {
            homeward_core::ports::IdempotencyTx::mark_carried_out(self.as_mut(), &pending).await?;
        }
        D::commit(self.conn).await
    }

    async fn wait_for_locks(&mut self) -> Result<(), StoreError> {
        D::wait_for_locks(&mut self.conn).await
    }

    async fn is_empty(&mut self) -> Result<bool, StoreError> {
        Ok(D::fetch_optional(&mut self.conn, query!("SELECT id FROM agencies LIMIT 1")).await?.is_none())
    }

    async fn insert_agency(&mut self, agency: &Agency) -> Result<(), StoreError> {
        self.insert(tables::agencies(std::slice::from_ref(agency))).await
    }

    async fn agency(&mut self, id: AgencyId) -> Result<Option<Agency>, StoreError> {
        self.one(query!("SELECT * FROM agencies WHERE id = $1", id), rows::agency).await
    }

    async fn agency_by_code(&mut self, code: &AgencyCode) -> Result<Option<Agency>, StoreError> {
        self.one(query!("SELECT * FROM agencies WHERE code = $1", code.as_str()), rows::agency).await
    }

    async fn insert_user(&mut self, user: &User) -> Result<(), StoreError> {
        self.insert(tables::users(std::slice::from_ref(user))).await
    }

    async fn user(&mut self, id: UserId) -> Result<Option<User>, StoreError> {
        self.one(query!("SELECT * FROM users WHERE id = $1", id), rows::user).await
    }

    async fn user_by_email(&mut self, email: &Email) -> Result<Option<User>, StoreError> {
        self.one(query!("SELECT * FROM users WHERE email = $1", email.as_str()), rows::user).await
    }

    async fn insert_token(&mut self, token: &ApiToken) -> Result<(), StoreError> {
        self.insert(tables::api_tokens(std::slice::from_ref(token))).await
    }

    async fn token_by_hash(&mut self, hash: &TokenHash) -> Result<Option<ApiToken>, StoreError> {
        self.one(query!("SELECT * FROM api_tokens WHERE token_hash = $1", hash.as_str()), rows::token).await
    }

    async fn insert_person(&mut self, person: &Person) -> Result<(), StoreError> {
        self.insert(tables::people(std::slice::from_ref(person))).await
    }

    async fn person(&mut self, id: PersonId, scope: Scope) -> Result<Option<Person>, StoreError> {
        let (condition, scope_id) = crate::scope::person::<D>(scope);
        self.one(
            query!(format!("SELECT p.* FROM people p WHERE p.id = $2 AND {condition}"), scope_id, id),
            rows::person,
        )
        .await
    }

    async fn insert_episode(&mut self, episode: &Episode) -> Result<(), StoreError> {
        self.insert(tables::episodes(std::slice::from_ref(episode))).await
    }

    async fn episode(&mut self, id: EpisodeId, scope: Scope) -> Result<Option<Episode>, StoreError> {
        let (condition, scope_id) = crate::scope::episode::<D>(scope);
        self.one(query!(format!("{EPISODE_SELECT} WHERE e.id = $2 AND {condition}"), scope_id, id), rows::episode).await
    }

    async fn list_episodes(&mut self, scope: Scope, query: &EpisodeQuery) -> Result<Vec<EpisodeListing>, StoreError> {
        self.episode_page(scope, query).await
    }

    async fn episodes_of_person(&mut self, person: PersonId, scope: Scope) -> Result<Vec<Episode>, StoreError> {
        let (condition, scope_id) = crate::scope::episode::<D>(scope);
        let sql = format!(
            "{EPISODE_SELECT} WHERE e.person_id = $2 AND {condition} ORDER BY e.went_missing_at DESC, e.id DESC"
        );
        self.all(query!(sql, scope_id, person), rows::episode).await
    }

    async fn insert_assessment(&mut self, assessment: &RiskAssessment) -> Result<(), StoreError> {
        self.insert(tables::assessments(std::slice::from_ref(assessment))).await
    }

    async fn update_episode_risk(
        &mut self,
        episode: EpisodeId,
        risk: &EpisodeRisk,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.save_risk(episode, risk, at).await
    }

    async fn assessments_for_episode(&mut self, episode: EpisodeId) -> Result<Vec<RiskAssessment>, StoreError> {
        let sql = "SELECT * FROM risk_assessments WHERE episode_id = $1 ORDER BY assessed_at, id";
        self.all(query!(sql, episode), rows::assessment).await
    }

    async fn insert_return_interview(&mut self, interview: &ReturnInterview) -> Result<(), StoreError> {
        self.insert(tables::return_interviews(std::slice::from_ref(interview))).await
    }

    async fn return_interviews_for_episode(&mut self, episode: EpisodeId) -> Result<Vec<ReturnInterview>, StoreError> {
        let sql = "SELECT * FROM return_interviews WHERE episode_id = $1 ORDER BY created_at, id";
        self.all(query!(sql, episode), rows::return_interview).await
    }

    async fn insert_session(&mut self, session: &Session) -> Result<(), StoreError> {
        self.insert(tables::sessions(std::slice::from_ref(session))).await
    }

    async fn session_by_hash(&mut self, hash: &TokenHash) -> Result<Option<Session>, StoreError> {
        self.one(query!("SELECT * FROM sessions WHERE token_hash = $1", hash.as_str()), rows::session).await
    }

    async fn touch_session(&mut self, id: SessionId, at: Timestamp) -> Result<(), StoreError> {
        self.run(query!("UPDATE sessions SET last_seen_at = $1 WHERE id = $2", at, id)).await.map(drop)
    }

    async fn delete_session(&mut self, id: SessionId) -> Result<(), StoreError> {
        self.run(query!("DELETE FROM sessions WHERE id = $1", id)).await.map(drop)
    }

    async fn count_audit_events(
        &mut self,
        action: AuditAction,
        target_id: &str,
        since: Timestamp,
    ) -> Result<i64, StoreError> {
        self.audit_count(action, target_id, since).await
    }

    async fn agency_rules(&mut self, agency: AgencyId) -> Result<Option<AgencyRules>, StoreError> {
        let rules =
            self.one(query!("SELECT rules FROM agencies WHERE id = $1", agency), |row| row.text("rules")).await?;
        rules
            .flatten()
            .map(|json| serde_json::from_str(&json).map_err(|_| StoreError::Corrupt("column rules".into())))
            .transpose()
    }

    async fn set_agency_rules(&mut self, agency: AgencyId, rules: &AgencyRules) -> Result<(), StoreError> {
        self.run(query!("UPDATE agencies SET rules = $1 WHERE id = $2", json(rules), agency)).await.map(drop)
    }

    async fn agencies(&mut self) -> Result<Vec<Agency>, StoreError> {
        self.all(query!("SELECT * FROM agencies ORDER BY name, code"), rows::agency).await
    }

    async fn case_counts(&mut self, scope: Scope, query: &CaseCountsQuery) -> Result<CaseCounts, StoreError> {
        self.counts(scope, query).await
    }

    async fn change_la_category(&mut self, change: &CategoryChange) -> Result<(), StoreError> {
        let category = change.category.as_str();
        let sql = "UPDATE episodes SET la_category = $1, updated_at = $2 WHERE id = $3";
        self.run(query!(sql, category, change.changed_at, change.episode_id)).await?;
        self.insert(tables::category_changes(std::slice::from_ref(change))).await
    }

    async fn la_category_history(&mut self, episode: EpisodeId) -> Result<Vec<CategoryChange>, StoreError> {
        let sql = "SELECT * FROM la_category_changes WHERE episode_id = $1 ORDER BY changed_at";
        self.all(query!(sql, episode), rows::category_change).await
    }

    async fn save_photo(&mut self, photo: &Photo) -> Result<(), StoreError> {
        let rows = tables::photos(std::slice::from_ref(photo));
        let replacing = rows.replacing_on("person_id");
        self.insert_with(rows, &replacing).await.map(drop)
    }

    async fn photo(&mut self, person: PersonId) -> Result<Option<Photo>, StoreError> {
        self.one(query!("SELECT * FROM photos WHERE person_id = $1", person), rows::photo).await
    }

    async fn has_photo(&mut self, person: PersonId) -> Result<bool, StoreError> {
        let found =
            D::fetch_optional(&mut self.conn, query!("SELECT 1 FROM photos WHERE person_id = $1", person)).await?;
        Ok(found.is_some())
    }

    async fn insert_profile(&mut self, profile: &Profile) -> Result<(), StoreError> {
        self.insert(tables::profiles(std::slice::from_ref(profile))).await
    }

    async fn current_profile(&mut self, person: PersonId) -> Result<Option<Profile>, StoreError> {
        let sql = "SELECT * FROM profiles WHERE person_id = $1 ORDER BY version DESC LIMIT 1";
        self.one(query!(sql, person), rows::profile).await
    }

    async fn record_return(&mut self, episode: &Episode, recorded_by: Option<UserId>) -> Result<(), StoreError> {
        self.save(tables::episodes(std::slice::from_ref(episode))).await?;
        self.run(query!("UPDATE episodes SET returned_by = $1 WHERE id = $2", recorded_by, episode.id)).await.map(drop)
    }

    async fn episode_workers(&mut self, episode: EpisodeId) -> Result<Vec<UserId>, StoreError> {
        self.workers(episode).await
    }

    async fn return_interviews(
        &mut self,
        scope: Scope,
        selection: &InterviewSelection,
        paging: &InterviewPaging,
    ) -> Result<Vec<ReturnInterview>, StoreError> {
        self.interview_page(scope, selection, paging).await
    }

    async fn return_interview(
        &mut self,
        id: ReturnInterviewId,
        scope: Scope,
    ) -> Result<Option<ReturnInterview>, StoreError> {
        self.interview_in_scope(id, scope).await
    }

    async fn update_return_interview(&mut self, interview: &ReturnInterview) -> Result<(), StoreError> {
        self.save(tables::return_interviews(std::slice::from_ref(interview))).await
    }

    async fn interview_councils(
        &mut self,
        scope: Scope,
        selection: &InterviewSelection,
    ) -> Result<Vec<InterviewCouncils>, StoreError> {
        self.councils_of_interviews(scope, selection).await
    }

    async fn active_users_in_roles(&mut self, roles: &[Role]) -> Result<Vec<User>, StoreError> {
        self.users_in_roles(roles).await
    }

    async fn insert_safe_and_well(&mut self, check: &SafeAndWellCheck) -> Result<(), StoreError> {
        self.insert(tables::safe_and_well_checks(std::slice::from_ref(check))).await
    }

    async fn safe_and_well(&mut self, episode: EpisodeId) -> Result<Option<SafeAndWellCheck>, StoreError> {
        let sql = "SELECT * FROM safe_and_well_checks WHERE episode_id = $1";
        self.one(query!(sql, episode), rows::safe_and_well).await
    }

    async fn close_police_side(&mut self, episode: EpisodeId, at: Timestamp) -> Result<(), StoreError> {
        let sql = "UPDATE episodes SET police_closed_at = $1, updated_at = $1 WHERE id = $2";
        self.run(query!(sql, at, episode)).await.map(drop)
    }

    async fn insert_recommendation(&mut self, r: &Recommendation) -> Result<(), StoreError> {
        self.insert(tables::recommendations(std::slice::from_ref(r))).await
    }

    async fn recommendation(&mut self, id: RecommendationId) -> Result<Option<Recommendation>, StoreError> {
        self.one(query!("SELECT * FROM recommendations WHERE id = $1", id), rows::recommendation).await
    }

    async fn recommendations_for_episode(&mut self, episode: EpisodeId) -> Result<Vec<Recommendation>, StoreError> {
        let sql = "SELECT * FROM recommendations WHERE episode_id = $1 ORDER BY created_at, id";
        self.all(query!(sql, episode), rows::recommendation).await
    }

    async fn recommendations_owned(
        &mut self,
        agency: AgencyId,
        open_only: bool,
        paging: Option<&RecommendationPaging>,
    ) -> Result<Vec<Recommendation>, StoreError> {
        self.recommendation_page(agency, open_only, paging).await
    }

    async fn people_by_refs(
        &mut self,
        keys: &[(AgencyId, String)],
    ) -> Result<Vec<(AgencyId, String, Person)>, StoreError> {
        self.people_with_refs(keys).await
    }

    async fn episodes_by_refs(
        &mut self,
        keys: &[(AgencyId, String)],
    ) -> Result<Vec<(AgencyId, String, Episode, bool)>, StoreError> {
        self.episodes_with_refs(keys).await
    }

    async fn interviews_of_episodes(&mut self, episodes: &[EpisodeId]) -> Result<Vec<ReturnInterview>, StoreError> {
        self.interviews_of(episodes).await
    }

    async fn import_digests(
        &mut self,
        keys: &[(AgencyId, String)],
    ) -> Result<Vec<(AgencyId, String, String)>, StoreError> {
        self.digests_of_refs(keys).await
    }

    async fn save_refs(
        &mut self,
        people: &[(AgencyId, String, PersonId)],
        episodes: &[EpisodeRef],
    ) -> Result<(), StoreError> {
        self.save_sender_refs(people, episodes).await
    }

    async fn insert_placement(&mut self, placement: &Placement) -> Result<(), StoreError> {
        self.add_placement(placement).await
    }

    async fn update_placement(&mut self, placement: &Placement) -> Result<(), StoreError> {
        self.save_placement(placement).await
    }

    async fn placement(&mut self, id: PlacementId) -> Result<Option<Placement>, StoreError> {
        self.placement_by_id(id).await
    }

    async fn placements_of_person(&mut self, person: PersonId) -> Result<Vec<Placement>, StoreError> {
        self.person_placements(person).await
    }

    async fn update_person(&mut self, person: &Person) -> Result<(), StoreError> {
        self.save(tables::people(std::slice::from_ref(person))).await
    }

    async fn update_episode(&mut self, episode: &Episode) -> Result<(), StoreError> {
        self.save(tables::episodes(std::slice::from_ref(episode))).await
    }

    async fn replace_ssda903(
        &mut self,
        la: AgencyId,
        children: &[Ssda903Child],
        episodes: &[Ssda903Episode],
    ) -> Result<(), StoreError> {
        self.replace_ssda903_tables(la, children, episodes).await
    }

    async fn ssda903_children(&mut self, la: AgencyId) -> Result<Vec<Ssda903Child>, StoreError> {
        self.council_903_children(la).await
    }

    async fn ssda903_episodes(&mut self, la: AgencyId) -> Result<Vec<Ssda903Episode>, StoreError> {
        self.council_903_episodes(la).await
    }

    async fn missing_periods(&mut self, la: AgencyId) -> Result<Vec<MissingPeriod>, StoreError> {
        self.council_903_missing_periods(la).await
    }

    async fn unlisted_periods(&mut self, la: AgencyId) -> Result<Vec<UnlistedPeriod>, StoreError> {
        self.council_unlisted_periods(la).await
    }

    async fn answer_recommendation(&mut self, r: &Recommendation) -> Result<(), StoreError> {
        self.save(tables::recommendations(std::slice::from_ref(r))).await
    }

    async fn raise_alert(&mut self, alert: &Alert) -> Result<bool, StoreError> {
        let suffix = " ON CONFLICT (agency_id, kind, episode_id, occasion) DO NOTHING";
        Ok(self.insert_with(tables::alerts(std::slice::from_ref(alert)), suffix).await? > 0)
    }

    async fn open_alerts(&mut self, agency: AgencyId, filter: &AlertFilter) -> Result<Vec<Alert>, StoreError> {
        self.alert_page(agency, filter).await
    }

    async fn open_alert_counts(&mut self, agency: AgencyId) -> Result<Vec<AlertCount>, StoreError> {
        self.alert_counts(agency).await
    }

    async fn alert(&mut self, id: AlertId, agency: AgencyId) -> Result<Option<Alert>, StoreError> {
        self.one(query!("SELECT * FROM alerts WHERE id = $1 AND agency_id = $2", id, agency), rows::alert).await
    }

    async fn acknowledge_alert(&mut self, alert: &Alert) -> Result<(), StoreError> {
        self.save(tables::alerts(std::slice::from_ref(alert))).await
    }

    async fn still_missing(&mut self, scope: Scope) -> Result<Vec<Episode>, StoreError> {
        self.missing_sweep(scope).await
    }

    async fn stats_rows(
        &mut self,
        scope: Scope,
        from: Timestamp,
        until: Timestamp,
        each: &mut (dyn FnMut(StatsRow) + Send),
    ) -> Result<(), StoreError> {
        self.figures_rows(scope, from, until, each).await
    }

    async fn bulk_insert(&mut self, data: &BulkData) -> Result<(), StoreError> {
        self.load(data).await
    }

    async fn set_aside_for_load(&mut self, tables: &[&'static str]) -> Result<(), StoreError> {
        for table in tables {
            let set_aside = D::set_aside(&mut self.conn, table, usize::MAX).await?;
            self.set_aside.push(set_aside);
        }
        Ok(())
    }

    async fn restore_after_load(&mut self) -> Result<(), StoreError> {
        // Rebuilt in reverse, so a table's foreign keys come back after the tables they point to.
        while let Some(set_aside) = self.set_aside.pop() {
            D::restore(&mut self.conn, set_aside).await?;
        }
        Ok(())
    }

    async fn refresh_statistics(&mut self) -> Result<(), StoreError> {
        D::refresh_statistics(&mut self.conn).await
    }

    async fn append_audit(&mut self, event: NewAuditEvent) -> Result<AuditEvent, StoreError> {
        self.seal_and_append(event).await
    }

    async fn begin_audit_chain(&mut self, genesis: NewAuditEvent) -> Result<Option<AuditEvent>, StoreError> {
        self.begin_chain(genesis).await
    }

    async fn record_exists(&mut self, kind: &str, id: &str) -> Result<Option<bool>, StoreError> {
        self.exists(kind, id).await
    }
}
