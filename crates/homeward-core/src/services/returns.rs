//! The return: recording that a person came back or was found, which for a child creates the return home interview
//! due 72 hours later; listing interviews (overdue ones among them); assigning one to someone independent.

use crate::authz::{Actor, Scope};
use crate::domain::audit::AuditAction;
use crate::domain::episode::{Episode, EpisodeStatus, ReturnOutcome};
use crate::domain::ids::{ReturnInterviewId, UserId};
use crate::domain::return_interview::{InterviewFilter, InterviewStatus, ReturnInterview};
use crate::domain::time::Timestamp;
use crate::error::{CoreError, FieldErrors};
use crate::rules::deadlines::return_interview_due;
use crate::rules::independence::not_independent;

use super::Core;
use super::episodes::case_scope;

/// A return as submitted, parsed.
#[derive(Debug, Clone, Copy)]
pub struct NewReturn {
    pub returned_at: Timestamp,
    pub outcome: ReturnOutcome,
}

impl NewReturn {
    pub fn parse(returned_at: &str, outcome: &str) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let returned_at = errors.check("returned_at", Timestamp::parse_rfc3339(returned_at));
        let outcome = errors.check("outcome", ReturnOutcome::parse(outcome));
        errors.into_result()?;
        Ok(Self { returned_at: returned_at.expect("checked"), outcome: outcome.expect("checked") })
    }
}

impl Core {
    /// Records the return. For a child this creates the return home interview, due 72 hours after the return.
    pub async fn record_return(
        &self,
        actor: &Actor,
        id: crate::domain::ids::EpisodeId,
        new: NewReturn,
    ) -> Result<(Episode, Option<ReturnInterview>), CoreError> {
        let scope = case_scope(actor)?;
        if matches!(scope, Scope::Practitioner(_)) {
            return Err(CoreError::Forbidden("the police, councils and carers record returns"));
        }
        let mut tx = self.begin().await?;
        let mut episode = tx.episode(id, scope).await?.ok_or(CoreError::NotFound)?;
        let now = self.now();
        if episode.status == EpisodeStatus::Returned {
            return Err(CoreError::Rule {
                code: "already_returned",
                message: "this episode's return has already been recorded".into(),
                field: None,
            });
        }
        if new.returned_at < episode.went_missing_at {
            return Err(CoreError::invalid("returned_at", "must not be before the person went missing"));
        }
        if new.returned_at > now.plus(time::Duration::minutes(5)) {
            return Err(CoreError::invalid("returned_at", "must not be in the future"));
        }
        let person = tx.person(episode.person_id, Scope::All).await?.ok_or(CoreError::NotFound)?;
        episode.status = EpisodeStatus::Returned;
        episode.returned_at = Some(new.returned_at);
        episode.return_outcome = Some(new.outcome);
        episode.updated_at = now;
        tx.record_return(&episode).await?;
        // Every child's return gets the offer, however short the episode; a death is not a return to interview.
        let interview =
            (person.is_child_at(episode.went_missing_at) && new.outcome != ReturnOutcome::FoundDead).then(|| {
                ReturnInterview {
                    id: ReturnInterviewId::random(),
                    episode_id: id,
                    statutory: true,
                    due_at: return_interview_due(new.returned_at),
                    status: InterviewStatus::Due,
                    practitioner_id: None,
                    offered_at: None,
                    completed_at: None,
                    created_at: now,
                }
            });
        if let Some(interview) = &interview {
            tx.insert_return_interview(interview).await?;
        }
        let event = self.audit_event(
            actor,
            AuditAction::ReturnRecorded,
            "episode",
            Some(id.to_string()),
            &serde_json::json!({
                "outcome": new.outcome.as_str(),
                "return_interview_id": interview.as_ref().map(|i| i.id.to_string()),
            }),
        );
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok((episode, interview))
    }

    /// Interviews the actor may see (a practitioner: those assigned to them). The read is audited with the ids.
    pub async fn return_interviews(
        &self,
        actor: &Actor,
        filter: InterviewFilter,
    ) -> Result<Vec<ReturnInterview>, CoreError> {
        let scope = case_scope(actor)?;
        let mut tx = self.begin().await?;
        let interviews = tx.return_interviews(scope, filter, self.now()).await?;
        let ids: Vec<String> = interviews.iter().map(|i| i.id.to_string()).collect();
        let event = self.audit_event(
            actor,
            AuditAction::InterviewsListed,
            "return_interview",
            None,
            &serde_json::json!({ "ids": ids }),
        );
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(interviews)
    }

    /// One interview, if the actor may see it.
    pub async fn return_interview(&self, actor: &Actor, id: ReturnInterviewId) -> Result<ReturnInterview, CoreError> {
        let mut tx = self.begin().await?;
        let interview = tx.return_interview(id, actor.case_scope()).await?.ok_or(CoreError::NotFound)?;
        let event = self.audit_event(
            actor,
            AuditAction::InterviewRead,
            "return_interview",
            Some(id.to_string()),
            &serde_json::json!({}),
        );
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(interview)
    }

    /// Assigns the interview to a practitioner independent of the child (422 `not_independent` otherwise).
    /// Councils and interview providers assign.
    pub async fn assign_interview(
        &self,
        actor: &Actor,
        id: ReturnInterviewId,
        practitioner: UserId,
    ) -> Result<ReturnInterview, CoreError> {
        let scope = case_scope(actor)?;
        if matches!(scope, Scope::PoliceForce(_) | Scope::CareProvider(_)) {
            return Err(CoreError::Forbidden("councils and interview providers assign return interviews"));
        }
        let mut tx = self.begin().await?;
        let mut interview = tx.return_interview(id, scope).await?.ok_or(CoreError::NotFound)?;
        if !matches!(interview.status, InterviewStatus::Due | InterviewStatus::Assigned) {
            return Err(CoreError::Rule {
                code: "interview_closed",
                message: format!("this interview is already {}", interview.status.as_str().replace('_', " ")),
                field: None,
            });
        }
        let episode = tx.episode(interview.episode_id, Scope::All).await?.ok_or(CoreError::NotFound)?;
        let child = tx.person(episode.person_id, Scope::All).await?.ok_or(CoreError::NotFound)?;
        let candidate = tx
            .user(practitioner)
            .await?
            .filter(|u| u.active)
            .ok_or_else(|| CoreError::invalid("practitioner_id", "no active user has that id"))?;
        let agency = tx.agency(candidate.agency_id).await?.ok_or(CoreError::NotFound)?;
        if let Some(reason) = not_independent(&candidate, agency.kind, &child) {
            return Err(CoreError::Rule {
                code: "not_independent",
                message: format!("This person cannot hold the interview: {reason}."),
                field: Some("practitioner_id"),
            });
        }
        interview.practitioner_id = Some(candidate.id);
        interview.status = InterviewStatus::Assigned;
        tx.update_return_interview(&interview).await?;
        let event = self.audit_event(
            actor,
            AuditAction::InterviewAssigned,
            "return_interview",
            Some(id.to_string()),
            &serde_json::json!({ "practitioner_id": candidate.id.to_string() }),
        );
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(interview)
    }
}
