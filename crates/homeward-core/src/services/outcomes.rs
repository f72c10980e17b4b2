//! What came of a return interview: offered, declined, completed with findings, or not possible, with the
//! recommendations it made (which `recommendations` then follows to their owners).

use time::Date;

use crate::authz::{Action, Actions, Actor, Scope, Subject, actions, check, check_at_all};
use crate::domain::agency::AgencyCode;
use crate::domain::audit::AuditAction;
use crate::domain::ids::{RecommendationId, ReturnInterviewId};
use crate::domain::return_interview::{
    Attempt, Decliner, Findings, InterviewRecord, InterviewStatus, OwnedRecommendation, Recommendation, ReturnInterview,
};
use crate::domain::text::{FreeText, optional};
use crate::domain::time::{Timestamp, london, parse_date};
use crate::error::{CoreError, FieldErrors};
use crate::rules::clock::check_time;
use crate::rules::workflow::already;

use super::{Core, with_owners};

/// One recommendation as submitted.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RecommendationInput {
    #[serde(default)]
    pub owner_agency: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub due_on: String,
}

/// An outcome as submitted, from JSON or a form: text, and the structured parts as JSON values.
#[derive(Debug, Clone, Default)]
pub struct OutcomeInput {
    pub status: String,
    pub offered_at: Option<String>,
    pub completed_at: Option<String>,
    pub declined_by: Option<String>,
    pub decline_reason: Option<String>,
    pub carers_information: Option<String>,
    pub attempts: Option<serde_json::Value>,
    pub findings: Option<serde_json::Value>,
    pub recommendations: Vec<RecommendationInput>,
    pub also_covers: Vec<String>,
}

/// A recommendation, parsed; its owner is checked against the agencies when it is recorded.
#[derive(Debug, Clone)]
pub struct NewRecommendation {
    pub owner_agency: AgencyCode,
    pub action: FreeText,
    pub due_on: Date,
}

/// An outcome, parsed and checked for the fields its status needs.
#[derive(Debug, Clone)]
pub struct NewOutcome {
    pub status: InterviewStatus,
    pub offered_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub declined_by: Option<Decliner>,
    pub decline_reason: Option<FreeText>,
    pub carers_information: Option<FreeText>,
    pub attempts: Vec<Attempt>,
    pub findings: Option<Findings>,
    pub recommendations: Vec<NewRecommendation>,
    pub also_covers: Vec<ReturnInterviewId>,
}

/// The first line of a serde message, without serde's position suffix, for a person to read.
fn plain(error: &serde_json::Error) -> String {
    let text = error.to_string();
    text.split(" at line ").next().unwrap_or(&text).to_owned()
}

impl NewOutcome {
    #[allow(clippy::too_many_lines)] // one check per field, in the order a person reads them
    pub fn parse(input: &OutcomeInput) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let status = errors.check(
            "status",
            InterviewStatus::parse(&input.status).map_err(|e| e.to_string()).and_then(|s| match s {
                InterviewStatus::Due | InterviewStatus::Assigned => {
                    Err("must be one of: offered, declined, completed, not_possible".to_owned())
                }
                s => Ok(s),
            }),
        );
        let time = |errors: &mut FieldErrors, field: &str, text: &Option<String>| {
            errors
                .check(
                    field,
                    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(Timestamp::parse_rfc3339).transpose(),
                )
                .flatten()
        };
        let offered_at = time(&mut errors, "offered_at", &input.offered_at);
        let completed_at = time(&mut errors, "completed_at", &input.completed_at);
        let declined_by = errors
            .check(
                "declined_by",
                input.declined_by.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(Decliner::parse).transpose(),
            )
            .flatten();
        let decline_reason =
            errors.check("decline_reason", optional(input.decline_reason.as_deref(), FreeText::parse)).flatten();
        let carers_information = errors
            .check("carers_information", optional(input.carers_information.as_deref(), FreeText::parse))
            .flatten();
        let attempts: Vec<Attempt> = errors
            .check("attempts", input.attempts.clone().map(serde_json::from_value).transpose().map_err(|e| plain(&e)))
            .flatten()
            .unwrap_or_default();
        let findings: Option<Findings> = errors
            .check("findings", input.findings.clone().map(serde_json::from_value).transpose().map_err(|e| plain(&e)))
            .flatten();
        if let Some(problem) = findings.as_ref().and_then(Findings::problem) {
            errors.add("findings", problem);
        }
        let mut recommendations = Vec::new();
        for (i, r) in input.recommendations.iter().enumerate() {
            let owner = errors.check(&format!("recommendations[{i}].owner_agency"), AgencyCode::parse(&r.owner_agency));
            let action = errors.check(&format!("recommendations[{i}].action"), FreeText::parse(&r.action));
            let due_on = errors.check(&format!("recommendations[{i}].due_on"), parse_date(&r.due_on));
            if let (Some(owner_agency), Some(action), Some(due_on)) = (owner, action, due_on) {
                recommendations.push(NewRecommendation { owner_agency, action, due_on });
            }
        }
        if input.recommendations.len() > 20 {
            errors.add("recommendations", "make at most 20 recommendations at once");
        }
        let mut also_covers = Vec::new();
        for id in &input.also_covers {
            match ReturnInterviewId::parse(id) {
                Ok(id) => also_covers.push(id),
                Err(_) => errors.add("also_covers", "each entry must be a return interview's id"),
            }
        }
        // What each outcome needs.
        match status {
            Some(InterviewStatus::Offered) if offered_at.is_none() => {
                errors.add("offered_at", "say when it was offered");
            }
            Some(InterviewStatus::Declined) => {
                if declined_by.is_none() {
                    errors.add("declined_by", "say who declined: child or parent_or_carer");
                }
                if decline_reason.is_none() {
                    errors.add("decline_reason", "say why it was declined");
                }
            }
            Some(InterviewStatus::Completed) => {
                if completed_at.is_none() {
                    errors.add("completed_at", "say when the interview took place");
                }
                if findings.is_none() {
                    errors.add("findings", "record what the interview found");
                }
            }
            Some(InterviewStatus::NotPossible) if attempts.is_empty() => {
                errors.add("attempts", "list the attempts made to reach the child");
            }
            _ => {}
        }
        if status != Some(InterviewStatus::Completed) && findings.is_some() {
            errors.add("findings", "findings belong to a completed interview");
        }
        if attempts.len() > 50 {
            errors.add("attempts", "list at most 50 attempts");
        }
        errors.into_result()?;
        Ok(Self {
            status: status.expect("checked"),
            offered_at,
            completed_at,
            declined_by,
            decline_reason,
            carers_information,
            attempts,
            findings,
            recommendations,
            also_covers,
        })
    }
}

/// An interview with what it recommended, as its reader may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewDetail {
    pub interview: ReturnInterview,
    pub recommendations: Vec<OwnedRecommendation>,
    /// What the actor may do to the interview now.
    pub actions: Actions,
    /// The sensitivity classes cleared from the interview because the actor does not read them.
    pub withheld: Vec<crate::authz::Sensitivity>,
}

impl Core {
    /// One interview with its recommendations, if the actor may see it. The read is audited.
    pub async fn return_interview(&self, actor: &Actor, id: ReturnInterviewId) -> Result<InterviewDetail, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::InterviewRead, "return_interview", &id), async {
            let scope = actor.case_records()?;
            let mut tx = self.begin_read().await?;
            let mut interview = tx.return_interview(id, scope).await?.ok_or(CoreError::NotFound)?;
            let (episode, child) = super::interviewee(tx.as_mut(), &interview).await?;
            let actions =
                actions(actor, &Subject::Interview { interview: &interview, episode: &episode, child: &child });
            let recommendations = tx.recommendations_for_episode(interview.episode_id).await?;
            let recommendations =
                with_owners(tx.as_mut(), recommendations.into_iter().filter(|r| r.interview_id == id).collect())
                    .await?;
            let event = self.audit_event(
                actor,
                AuditAction::InterviewRead,
                "return_interview",
                Some(id.to_string()),
                &serde_json::json!({}),
            );
            self.record_read(tx, event).await?;
            let withheld = crate::authz::redact(actor, &mut interview);
            Ok(InterviewDetail { interview, recommendations, actions, withheld })
        })
        .await
    }

    /// Records what came of the interview, its findings and recommendations; with `also_covers`, the same outcome
    /// for the child's other closely spaced episodes, each keeping its own record. The assigned practitioner or
    /// the council records it; once declined, completed or not possible it is closed.
    pub async fn record_interview_outcome(
        &self,
        actor: &Actor,
        id: ReturnInterviewId,
        new: NewOutcome,
    ) -> Result<InterviewDetail, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::InterviewOutcomeRecorded, "return_interview", &id), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::RecordOutcome)?;
            let user = actor.user_id().expect("the table grants this to practitioners and councils, never operators");
            let mut tx = self.begin().await?;
            let mut interview = tx.return_interview(id, scope).await?.ok_or(CoreError::NotFound)?;
            let episode = tx.episode(interview.episode_id, scope).await?.ok_or(CoreError::NotFound)?;
            let child = tx.person(episode.person_id, Scope::All).await?.ok_or(CoreError::NotFound)?;
            check(
                actor,
                Action::RecordOutcome,
                &Subject::Interview { interview: &interview, episode: &episode, child: &child },
            )?;
            let now = self.now();
            // The postcodes of the places the child named are checked against the ONS directory like any other.
            for place in new.findings.iter().flat_map(|f| f.places.iter()) {
                if let Some(postcode) = &place.postcode {
                    super::directory_postcode(tx.as_mut(), "findings", postcode).await?;
                }
            }
            let returned_at = episode.returned_at.unwrap_or(episode.went_missing_at);
            let offered_at = new.offered_at.or(interview.offered_at).or(new.completed_at);
            if let Some(at) = offered_at {
                check_time("offered_at", at, returned_at, "the return", now)?;
            }
            if let Some(at) = new.completed_at {
                check_time("completed_at", at, offered_at.unwrap_or(returned_at), "it was offered", now)?;
            }
            for attempt in &new.attempts {
                check_time("attempts", attempt.at, returned_at, "the return", now)?;
            }
            // Other episodes of the same child, covered by this one interview.
            let mut covered = Vec::new();
            for other in &new.also_covers {
                let invalid = |message: &str| CoreError::invalid("also_covers", message);
                if *other == id || covered.iter().any(|c: &ReturnInterview| c.id == *other) {
                    return Err(invalid("list each other episode's interview once, not this one"));
                }
                let other = tx.return_interview(*other, scope).await?.ok_or_else(|| invalid("no such interview"))?;
                let other_episode = tx.episode(other.episode_id, Scope::All).await?.ok_or(CoreError::NotFound)?;
                if other_episode.person_id != episode.person_id {
                    return Err(invalid("one interview covers episodes of one child only"));
                }
                // A covered interview may be covered again when the one covering it closes.
                if other.status.is_closed() {
                    return Err(already(&other));
                }
                covered.push(other);
            }
            // Recommendations: owners must be agencies Homeward knows, due no earlier than the return.
            let mut recommendations = Vec::new();
            for (i, r) in new.recommendations.iter().enumerate() {
                let owner = tx.agency_by_code(&r.owner_agency).await?.ok_or_else(|| {
                    CoreError::invalid(&format!("recommendations[{i}].owner_agency"), "no agency has that code")
                })?;
                if r.due_on < london(returned_at).date() {
                    return Err(CoreError::invalid(
                        &format!("recommendations[{i}].due_on"),
                        "must not be before the return",
                    ));
                }
                recommendations.push(Recommendation {
                    id: RecommendationId::random(),
                    interview_id: id,
                    episode_id: interview.episode_id,
                    owner_agency_id: owner.id,
                    action: r.action.clone(),
                    due_on: r.due_on,
                    created_by: user,
                    created_at: now,
                    response: None,
                });
            }
            interview.status = new.status;
            interview.offered_at = offered_at;
            interview.completed_at = new.completed_at;
            interview.record = Some(InterviewRecord {
                recorded_by: user,
                recorded_at: now,
                declined_by: new.declined_by,
                decline_reason: new.decline_reason,
                carers_information: new.carers_information,
                attempts: new.attempts,
                findings: new.findings,
                also_covers: new.also_covers.clone(),
            });
            tx.update_return_interview(&interview).await?;
            // The places and people the findings name join the intelligence now, in the same transaction.
            self.file_interview_findings(tx.as_mut(), &episode, &interview).await?;
            for mut other in covered {
                other.status = interview.status;
                other.offered_at = interview.offered_at;
                other.completed_at = interview.completed_at;
                other.covered_by = Some(id);
                other.practitioner_id = other.practitioner_id.or(interview.practitioner_id);
                tx.update_return_interview(&other).await?;
            }
            for recommendation in &recommendations {
                tx.insert_recommendation(recommendation).await?;
            }
            let event = self.audit_event(
                actor,
                AuditAction::InterviewOutcomeRecorded,
                "return_interview",
                Some(id.to_string()),
                &serde_json::json!({
                    "status": interview.status.as_str(),
                    "also_covers": new.also_covers.iter().map(ToString::to_string).collect::<Vec<_>>(),
                    "recommendations": recommendations.iter().map(|r| r.id.to_string()).collect::<Vec<_>>(),
                }),
            );
            tx.append_audit(event).await?;
            let recommendations = with_owners(tx.as_mut(), recommendations).await?;
            tx.commit().await?;
            let actions =
                actions(actor, &Subject::Interview { interview: &interview, episode: &episode, child: &child });
            let withheld = crate::authz::redact(actor, &mut interview);
            Ok(InterviewDetail { interview, recommendations, actions, withheld })
        })
        .await
    }
}
