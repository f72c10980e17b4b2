//! Post-missing support (issue 17, item 4): after a completed return interview, the practitioner who held it or
//! the child's council makes a support plan (its owner, sessions planned, a safety plan and a review date), records
//! its sessions as they are held, moves its review date at each review and closes it with an outcome. A plan is
//! seen by whoever sees its interview; its sessions' notes are the person's own account. Overdue reviews are the
//! scheduler's (`rules/support.rs`).

use std::collections::HashMap;

use crate::authz::{Action, Actions, Actor, Scope, Sensitivity, Subject, actions, check, check_at_all, redact};
use crate::domain::audit::AuditAction;
use crate::domain::episode::Episode;
use crate::domain::ids::{PersonId, ReturnInterviewId, SupportPlanId};
use crate::domain::paging::{Cursor, Page};
use crate::domain::person::Person;
use crate::domain::return_interview::ReturnInterview;
use crate::domain::support::{SupportPage, SupportPaging, SupportPlan, SupportSession};
use crate::domain::text::DisplayName;
use crate::domain::time::{london, parse_date};
use crate::error::CoreError;
use crate::ports::Tx;

mod input;

pub use input::{NewSession, NewSupportPlan, SessionInput, SupportClosing, SupportPlanInput};

use super::Core;

/// A plan as its reader may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportPlanView {
    pub plan: SupportPlan,
    /// The owner's name, as their agency registered it.
    pub owner_name: Option<DisplayName>,
    /// Whether the reader may record sessions, reviews and the outcome now.
    pub may_update: bool,
    pub withheld: Vec<Sensitivity>,
}

/// A page of an agency's plans, with the name of each plan's person (a list names whom each plan is for, as the
/// episode list does) and the classes cleared from the plans.
#[derive(Debug, Clone)]
pub struct SupportPlanList {
    pub page: SupportPage,
    pub names: HashMap<PersonId, String>,
    pub withheld: Vec<Sensitivity>,
}

/// The interview a plan hangs on, with its episode and person, if the actor sees it; not found otherwise.
async fn interview_seen(
    tx: &mut dyn Tx,
    id: ReturnInterviewId,
    scope: Scope,
) -> Result<(ReturnInterview, Episode, Person), CoreError> {
    let interview = tx.return_interview(id, scope).await?.ok_or(CoreError::NotFound)?;
    let episode = tx.episode(interview.episode_id, Scope::All).await?.ok_or(CoreError::NotFound)?;
    let person = tx.person(episode.person_id, Scope::All).await?.ok_or(CoreError::NotFound)?;
    Ok((interview, episode, person))
}

/// What the actor may do to the interview the plan hangs on.
fn may_do(actor: &Actor, (interview, episode, person): &(ReturnInterview, Episode, Person)) -> Actions {
    actions(actor, &Subject::Interview { interview, episode, child: person })
}

async fn view(
    tx: &mut dyn Tx,
    actor: &Actor,
    mut plan: SupportPlan,
    may: &Actions,
) -> Result<SupportPlanView, CoreError> {
    let owner_name = tx.user(plan.owner_id).await?.map(|u| u.name);
    let may_update = plan.is_open() && may.contains(Action::PlanSupport);
    let withheld = redact(actor, &mut plan);
    Ok(SupportPlanView { plan, owner_name, may_update, withheld })
}

/// The plan, if the actor sees its interview, with that interview's facts.
async fn plan_seen(
    tx: &mut dyn Tx,
    id: SupportPlanId,
    scope: Scope,
) -> Result<(SupportPlan, (ReturnInterview, Episode, Person)), CoreError> {
    let plan = tx.support_plan(id).await?.ok_or(CoreError::NotFound)?;
    let facts = interview_seen(tx, plan.interview_id, scope).await?;
    Ok((plan, facts))
}

/// A change to a plan under way: its transaction, the plan as read in it, and its interview's facts.
struct OpenPlan {
    tx: Box<dyn Tx>,
    plan: SupportPlan,
    facts: (ReturnInterview, Episode, Person),
}

/// Refuses a change to a plan the actor may not update, or one already closed.
fn check_update(
    actor: &Actor,
    plan: &SupportPlan,
    facts: &(ReturnInterview, Episode, Person),
) -> Result<(), CoreError> {
    let (interview, episode, person) = facts;
    check(actor, Action::PlanSupport, &Subject::Interview { interview, episode, child: person })?;
    if plan.is_open() {
        Ok(())
    } else {
        Err(CoreError::Rule {
            code: "support_closed",
            message: "this support plan is already closed".into(),
            field: None,
        })
    }
}

impl Core {
    /// Makes a support plan after a completed interview the actor may plan support for.
    pub async fn plan_support(
        &self,
        actor: &Actor,
        interview: ReturnInterviewId,
        new: NewSupportPlan,
    ) -> Result<SupportPlanView, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::SupportPlanMade, "return_interview", &interview), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::PlanSupport)?;
            let (Some(user), Some(agency)) = (actor.user_id(), actor.agency_id()) else {
                return Err(CoreError::Forbidden(Action::PlanSupport.refusal()));
            };
            let mut tx = self.begin().await?;
            let facts = interview_seen(tx.as_mut(), interview, scope).await?;
            check(
                actor,
                Action::PlanSupport,
                &Subject::Interview { interview: &facts.0, episode: &facts.1, child: &facts.2 },
            )?;
            let now = self.now();
            if new.review_on < london(now).date() {
                return Err(CoreError::invalid("review_on", "must be today or later"));
            }
            let owner_id = new.owner_id.unwrap_or(user);
            if tx.user(owner_id).await?.is_none_or(|u| u.agency_id != agency || !u.active) {
                return Err(CoreError::invalid("owner_id", "names nobody working in your agency"));
            }
            let plan = SupportPlan {
                id: SupportPlanId::random(),
                interview_id: interview,
                episode_id: facts.1.id,
                person_id: facts.2.id,
                owner_agency_id: agency,
                owner_id,
                sessions_planned: new.sessions_planned,
                safety_plan: new.safety_plan,
                review_on: new.review_on,
                outcome: None,
                outcome_note: None,
                closed_at: None,
                created_by: user,
                created_at: now,
                sessions: Vec::new(),
            };
            tx.insert_support_plan(&plan).await?;
            let details =
                serde_json::json!({ "interview": interview.to_string(), "sessions_planned": plan.sessions_planned });
            let event = self.audit_event(
                actor,
                AuditAction::SupportPlanMade,
                "support_plan",
                Some(plan.id.to_string()),
                &details,
            );
            tx.append_audit(event).await?;
            let shown = view(tx.as_mut(), actor, plan, &may_do(actor, &facts)).await?;
            tx.commit().await?;
            Ok(shown)
        })
        .await
    }

    /// One plan, if the actor sees its interview. The read is audited.
    pub async fn support_plan(&self, actor: &Actor, id: SupportPlanId) -> Result<SupportPlanView, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::SupportPlanRead, "support_plan", &id), async {
            let scope = actor.case_records()?;
            let mut tx = self.begin_read().await?;
            let (plan, facts) = plan_seen(tx.as_mut(), id, scope).await?;
            let shown = view(tx.as_mut(), actor, plan, &may_do(actor, &facts)).await?;
            let event = self.audit_event(
                actor,
                AuditAction::SupportPlanRead,
                "support_plan",
                Some(id.to_string()),
                &serde_json::json!({}),
            );
            self.record_read(tx, event).await?;
            Ok(shown)
        })
        .await
    }

    /// A page of the plans the actor's agency owns, most recently made first. The read is audited.
    /// Answers with the page the sensitivity classes cleared from its plans.
    pub async fn support_plans(&self, actor: &Actor, paging: &SupportPaging) -> Result<SupportPlanList, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::SupportPlansListed, "support_plan"), async {
            actor.case_records()?;
            let agency = actor.agency_id().ok_or(CoreError::Forbidden("support plans belong to an agency"))?;
            let mut tx = self.begin_read().await?;
            let found = tx.support_plans_of(agency, actor.case_scope(), &paging.one_more()).await?;
            let mut page = Page::cut(found, paging, |p| Cursor { key: p.created_at, id: p.id });
            let mut withheld = Vec::new();
            // The page's people in one read, within the actor's scope, rather than one read per plan.
            let people: Vec<PersonId> = page.items.iter().map(|p| p.person_id).collect();
            let names: HashMap<PersonId, String> = tx
                .people_in_scope(&people, actor.case_scope())
                .await?
                .into_iter()
                .map(|person| (person.id, format!("{} {}", person.given_name, person.family_name)))
                .collect();
            for plan in &mut page.items {
                for class in redact(actor, plan) {
                    if !withheld.contains(&class) {
                        withheld.push(class);
                    }
                }
            }
            let ids: Vec<String> = page.items.iter().map(|p| p.id.to_string()).collect();
            let event = self.audit_event(
                actor,
                AuditAction::SupportPlansListed,
                "support_plan",
                None,
                &serde_json::json!({ "ids": ids }),
            );
            self.record_read(tx, event).await?;
            Ok(SupportPlanList { page, names, withheld })
        })
        .await
    }

    /// The plans made for a person whose interviews the actor sees, for the person's record. The read is audited.
    pub async fn support_plans_for_person(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Vec<SupportPlanView>, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::SupportPlansListed, "person", &person), async {
            let scope = actor.case_records()?;
            let mut tx = self.begin_read().await?;
            tx.person(person, scope).await?.ok_or(CoreError::NotFound)?;
            let mut shown = Vec::new();
            for plan in tx.support_plans_for_person(person).await? {
                // A plan after an interview the actor does not see is left out, as if it did not exist.
                let facts = match interview_seen(tx.as_mut(), plan.interview_id, scope).await {
                    Ok(facts) => facts,
                    Err(CoreError::NotFound) => continue,
                    Err(other) => return Err(other),
                };
                shown.push(view(tx.as_mut(), actor, plan, &may_do(actor, &facts)).await?);
            }
            let ids: Vec<String> = shown.iter().map(|v| v.plan.id.to_string()).collect();
            let event = self.audit_event(
                actor,
                AuditAction::SupportPlansListed,
                "person",
                Some(person.to_string()),
                &serde_json::json!({ "ids": ids }),
            );
            self.record_read(tx, event).await?;
            Ok(shown)
        })
        .await
    }

    /// Records a session of an open plan.
    pub async fn record_support_session(
        &self,
        actor: &Actor,
        id: SupportPlanId,
        new: NewSession,
    ) -> Result<SupportPlanView, CoreError> {
        let action = AuditAction::SupportSessionRecorded;
        self.attempt(actor, super::Attempt::on(action, "support_plan", &id), async {
            let mut open = self.open_plan(actor, id).await?;
            let user = actor.user_id().ok_or(CoreError::Forbidden(Action::PlanSupport.refusal()))?;
            let now = self.now();
            if new.held_on > london(now).date() {
                return Err(CoreError::invalid("held_on", "must not be in the future"));
            }
            if new.held_on < london(open.plan.created_at).date() {
                return Err(CoreError::invalid("held_on", "must not be before the plan was made"));
            }
            let number = i64::try_from(open.plan.sessions.len()).unwrap_or(i64::MAX - 1) + 1;
            let session = SupportSession {
                number,
                held_on: new.held_on,
                attended: new.attended,
                note: new.note,
                recorded_by: user,
                recorded_at: now,
            };
            open.tx.insert_support_session(id, &session).await?;
            open.plan.sessions.push(session);
            self.finish(actor, action, open, &serde_json::json!({ "session": number, "attended": new.attended })).await
        })
        .await
    }

    /// Records a review of an open plan: its next review date (today or later).
    pub async fn review_support_plan(
        &self,
        actor: &Actor,
        id: SupportPlanId,
        next_review_on: &str,
    ) -> Result<SupportPlanView, CoreError> {
        let action = AuditAction::SupportPlanReviewed;
        self.attempt(actor, super::Attempt::on(action, "support_plan", &id), async {
            let review_on = parse_date(next_review_on).map_err(|e| CoreError::invalid("review_on", e.to_string()))?;
            let mut open = self.open_plan(actor, id).await?;
            if review_on < london(self.now()).date() {
                return Err(CoreError::invalid("review_on", "must be today or later"));
            }
            open.tx.set_support_review(id, review_on).await?;
            open.plan.review_on = review_on;
            let details = serde_json::json!({ "review_on": crate::domain::time::format_date(review_on) });
            self.finish(actor, action, open, &details).await
        })
        .await
    }

    /// Closes an open plan with its outcome: its reviews are alerted no more.
    pub async fn close_support_plan(
        &self,
        actor: &Actor,
        id: SupportPlanId,
        closing: SupportClosing,
    ) -> Result<SupportPlanView, CoreError> {
        let action = AuditAction::SupportPlanClosed;
        self.attempt(actor, super::Attempt::on(action, "support_plan", &id), async {
            let mut open = self.open_plan(actor, id).await?;
            let now = self.now();
            open.tx.close_support_plan(id, closing.outcome, closing.note.as_ref(), now).await?;
            open.plan.outcome = Some(closing.outcome);
            open.plan.outcome_note = closing.note;
            open.plan.closed_at = Some(now);
            let details =
                serde_json::json!({ "outcome": closing.outcome.as_str(), "sessions": open.plan.sessions.len() });
            self.finish(actor, action, open, &details).await
        })
        .await
    }

    /// Starts a change to an open plan the actor may update: the transaction, the plan and its interview's facts.
    async fn open_plan(&self, actor: &Actor, id: SupportPlanId) -> Result<OpenPlan, CoreError> {
        let scope = actor.case_records()?;
        check_at_all(actor, Action::PlanSupport)?;
        let mut tx = self.begin().await?;
        tx.lock_support_plan(id).await?;
        let (plan, facts) = plan_seen(tx.as_mut(), id, scope).await?;
        check_update(actor, &plan, &facts)?;
        Ok(OpenPlan { tx, plan, facts })
    }

    /// Ends a change to a plan: its audit event, in the same transaction, and the plan as the actor sees it.
    async fn finish(
        &self,
        actor: &Actor,
        action: AuditAction,
        open: OpenPlan,
        details: &serde_json::Value,
    ) -> Result<SupportPlanView, CoreError> {
        let OpenPlan { mut tx, plan, facts } = open;
        let event = self.audit_event(actor, action, "support_plan", Some(plan.id.to_string()), details);
        tx.append_audit(event).await?;
        let shown = view(tx.as_mut(), actor, plan, &may_do(actor, &facts)).await?;
        tx.commit().await?;
        Ok(shown)
    }
}
