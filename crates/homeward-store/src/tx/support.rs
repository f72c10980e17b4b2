//! Post-missing support plans and their sessions (issue 17, item 4).

use async_trait::async_trait;
use homeward_core::domain::ids::{AgencyId, EpisodeId, PersonId, ReturnInterviewId, SupportPlanId, UserId};
use homeward_core::domain::support::{SupportOutcome, SupportPaging, SupportPlan, SupportSession};
use homeward_core::domain::text::FreeText;
use homeward_core::domain::time::Timestamp;
use homeward_core::ports::SupportTx;
use homeward_core::{Scope, StoreError};

use super::SqlTx;
use super::reads::{bind_page, paged_in};
use crate::dialect::{Dialect, Row, corrupt};
use crate::rows::{int, parsed, parsed_opt, required, timestamp};
use crate::value::{json, query};

fn plan(row: &impl Row) -> Result<SupportPlan, StoreError> {
    Ok(SupportPlan {
        id: parsed(row, "id", SupportPlanId::parse)?,
        interview_id: parsed(row, "interview_id", ReturnInterviewId::parse)?,
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        person_id: parsed(row, "person_id", PersonId::parse)?,
        owner_agency_id: parsed(row, "owner_agency_id", AgencyId::parse)?,
        owner_id: parsed(row, "owner_id", UserId::parse)?,
        sessions_planned: int(row, "sessions_planned")?,
        safety_plan: parsed(row, "safety_plan", FreeText::parse)?,
        review_on: required(row.date("review_on")?, "review_on")?,
        outcome: parsed_opt(row, "outcome", SupportOutcome::parse)?,
        outcome_note: parsed_opt(row, "outcome_note", FreeText::parse)?,
        closed_at: row.time("closed_at")?,
        created_by: parsed(row, "created_by", UserId::parse)?,
        created_at: timestamp(row, "created_at")?,
        sessions: Vec::new(),
    })
}

fn session(row: &impl Row) -> Result<(SupportPlanId, SupportSession), StoreError> {
    Ok((
        parsed(row, "plan_id", SupportPlanId::parse)?,
        SupportSession {
            number: int(row, "number")?,
            held_on: required(row.date("held_on")?, "held_on")?,
            attended: row.flag("attended")?.ok_or_else(|| corrupt("attended"))?,
            note: parsed_opt(row, "note", FreeText::parse)?,
            recorded_by: parsed(row, "recorded_by", UserId::parse)?,
            recorded_at: timestamp(row, "recorded_at")?,
        },
    ))
}

impl<D: Dialect> SqlTx<D> {
    /// Fills in the sessions of plans read without them, in one read for all of them.
    async fn with_sessions(&mut self, mut plans: Vec<SupportPlan>) -> Result<Vec<SupportPlan>, StoreError> {
        if plans.is_empty() {
            return Ok(plans);
        }
        let ids: Vec<String> = plans.iter().map(|p| p.id.to_string()).collect();
        let sql =
            format!("SELECT * FROM support_sessions WHERE plan_id IN ({}) ORDER BY plan_id, number", D::json_texts(1));
        for (of, held) in self.all(query!(sql, json(&ids)), session).await? {
            if let Some(plan) = plans.iter_mut().find(|p| p.id == of) {
                plan.sessions.push(held);
            }
        }
        Ok(plans)
    }
}

#[async_trait]
impl<D: Dialect> SupportTx for SqlTx<D> {
    async fn insert_support_plan(&mut self, p: &SupportPlan) -> Result<(), StoreError> {
        let sql = "INSERT INTO support_plans (id, interview_id, episode_id, person_id, owner_agency_id, owner_id, \
                   sessions_planned, safety_plan, review_on, outcome, outcome_note, closed_at, created_by, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
        let insert = query!(
            sql,
            p.id,
            p.interview_id,
            p.episode_id,
            p.person_id,
            p.owner_agency_id,
            p.owner_id,
            p.sessions_planned,
            p.safety_plan.as_str(),
            p.review_on,
            p.outcome.map(SupportOutcome::as_str),
            p.outcome_note.as_ref().map(FreeText::as_str),
            p.closed_at,
            p.created_by,
            p.created_at
        );
        self.run(insert).await.map(drop)
    }

    async fn support_plan(&mut self, id: SupportPlanId) -> Result<Option<SupportPlan>, StoreError> {
        let found = self.all(query!("SELECT * FROM support_plans WHERE id = $1", id), plan).await?;
        Ok(self.with_sessions(found).await?.pop())
    }

    async fn support_plans_of(
        &mut self,
        agency: AgencyId,
        scope: Scope,
        paging: &SupportPaging,
    ) -> Result<Vec<SupportPlan>, StoreError> {
        // The same sight of the interview as reading one plan: its episode within scope, and for a practitioner
        // only the interviews assigned to them.
        let (condition, scope_id) = crate::scope::share::<D>(scope);
        let page = paged_in::<D>(true, 4, "sp.created_at", "sp.id", true);
        let sql = format!(
            "SELECT sp.* FROM support_plans sp JOIN return_interviews i ON i.id = sp.interview_id \
             JOIN episodes e ON e.id = i.episode_id JOIN people p ON p.id = e.person_id \
             WHERE sp.owner_agency_id = $3 AND {condition} AND ({} OR i.practitioner_id = $2){page}",
            D::param_is_null(2, crate::dialect::SqlType::Text),
        );
        let practitioner = crate::scope::practitioner_only(scope);
        let found = self.all(bind_page(query!(sql, scope_id, practitioner, agency), Some(paging)), plan).await?;
        self.with_sessions(found).await
    }

    async fn support_plans_for_person(&mut self, person: PersonId) -> Result<Vec<SupportPlan>, StoreError> {
        let sql = "SELECT * FROM support_plans WHERE person_id = $1 ORDER BY created_at DESC, id DESC";
        let found = self.all(query!(sql, person), plan).await?;
        self.with_sessions(found).await
    }

    async fn lock_support_plan(&mut self, plan: SupportPlanId) -> Result<(), StoreError> {
        // Writing the row takes its lock on PostgreSQL until commit, and a later read in this transaction sees what
        // the one ahead committed; SQLite's writers already take turns from `BEGIN IMMEDIATE`.
        self.run(query!("UPDATE support_plans SET id = id WHERE id = $1", plan)).await.map(drop)
    }

    async fn insert_support_session(&mut self, plan: SupportPlanId, s: &SupportSession) -> Result<(), StoreError> {
        let sql = "INSERT INTO support_sessions (plan_id, number, held_on, attended, note, recorded_by, recorded_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7)";
        let note = s.note.as_ref().map(FreeText::as_str);
        self.run(query!(sql, plan, s.number, s.held_on, s.attended, note, s.recorded_by, s.recorded_at)).await.map(drop)
    }

    async fn set_support_review(&mut self, plan: SupportPlanId, review_on: time::Date) -> Result<(), StoreError> {
        let sql = "UPDATE support_plans SET review_on = $1 WHERE id = $2 AND outcome IS NULL";
        self.run(query!(sql, review_on, plan)).await.map(drop)
    }

    async fn close_support_plan(
        &mut self,
        plan: SupportPlanId,
        outcome: SupportOutcome,
        note: Option<&FreeText>,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE support_plans SET outcome = $1, outcome_note = $2, closed_at = $3 \
                   WHERE id = $4 AND outcome IS NULL";
        self.run(query!(sql, outcome.as_str(), note.map(FreeText::as_str), at, plan)).await.map(drop)
    }

    async fn support_reviews_before(&mut self, date: time::Date) -> Result<Vec<SupportPlan>, StoreError> {
        let sql = "SELECT * FROM support_plans WHERE outcome IS NULL AND review_on < $1";
        self.all(query!(sql, date), plan).await
    }
}
