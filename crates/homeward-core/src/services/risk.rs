//! Recording a risk assessment: each side's view (police, or children's services for a child) on the one
//! continuum, then the joint picture with the local floors applied (DOMAIN.md, Risk grades).

use std::collections::BTreeMap;

use crate::authz::{Action, Actor, EpisodeFacts, Subject, check};
use crate::domain::alert::Alert;
use crate::domain::audit::AuditAction;
use crate::domain::ids::{AssessmentId, EpisodeId};
use crate::domain::risk::{EpisodeRisk, RISK_QUESTIONS, RiskAnswer, RiskAssessment, RiskGrade};
use crate::domain::text::FreeText;
use crate::error::{CoreError, FieldErrors};
use crate::rules::alerts::on_risk_change;
use crate::rules::risk::{FloorReason, apply_floor, current_risk};

use super::Core;

/// An assessment as submitted, parsed.
#[derive(Debug, Clone)]
pub struct NewAssessment {
    pub grade: RiskGrade,
    pub rationale: FreeText,
    pub answers: BTreeMap<String, RiskAnswer>,
    pub cse_concern: bool,
    pub cce_concern: bool,
    pub override_reason: Option<FreeText>,
}

impl NewAssessment {
    /// Parses every field, naming each problem. "absent" is refused with an explanation: it is no longer a grade.
    pub fn parse(
        grade: &str,
        rationale: &str,
        answers: BTreeMap<String, RiskAnswer>,
        cse_concern: bool,
        cce_concern: bool,
        override_reason: Option<&str>,
    ) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let grade = errors.check("grade", RiskGrade::parse_current(grade));
        let rationale = errors.check("rationale", FreeText::parse(rationale));
        let override_reason = errors.check("override_reason", crate::rules::risk::override_reason(override_reason));
        for (code, answer) in &answers {
            if !RISK_QUESTIONS.iter().any(|(known, _)| known == code) {
                errors.add(&format!("answers.{code}"), "is not one of the risk questions");
            }
            if answer.details.as_deref().is_some_and(|d| d.chars().count() > FreeText::MAX_CHARS) {
                errors.add(&format!("answers.{code}"), "the details must be 10,000 characters or fewer");
            }
        }
        errors.into_result()?;
        Ok(Self {
            grade: grade.expect("checked"),
            rationale: rationale.expect("checked"),
            answers,
            cse_concern,
            cce_concern,
            override_reason: override_reason.expect("checked"),
        })
    }
}

/// What recording an assessment did: the assessment, the episode's new risk picture, and the floor that raised the
/// joint grade, if one did.
#[derive(Debug, Clone)]
pub struct AssessmentRecorded {
    pub assessment: RiskAssessment,
    pub risk: EpisodeRisk,
    pub raised_by: Option<FloorReason>,
    /// That rule in words, with the settings of the force whose rules applied.
    pub explanation: Option<String>,
}

impl Core {
    /// Records the actor's side's view of an episode's risk and recomputes the joint picture.
    pub async fn record_assessment(
        &self,
        actor: &Actor,
        episode_id: EpisodeId,
        new: NewAssessment,
    ) -> Result<AssessmentRecorded, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::RiskAssessed, "episode", &episode_id), async {
            let mut tx = self.begin().await?;
            let facts = super::episode_facts(tx.as_mut(), episode_id, actor.case_scope(), self.now()).await?;
            check(actor, Action::AssessRisk, &Subject::Episode(&facts))?;
            if new.override_reason.is_some() && check(actor, Action::LowerRiskFloor, &Subject::Episode(&facts)).is_err()
            {
                return Err(CoreError::Rule {
                    code: "override_not_permitted",
                    message: Action::LowerRiskFloor.refusal().into(),
                    field: Some("override_reason"),
                });
            }
            let side = actor.risk_side().expect("the table grants assessments to police and council staff only");
            let EpisodeFacts { episode, person, .. } = facts;
            let age = person.age_at(episode.went_missing_at);
            let now = self.now();
            let assessment = RiskAssessment {
                id: AssessmentId::random(),
                episode_id,
                side,
                grade: new.grade,
                rationale: new.rationale,
                answers: new.answers,
                cse_concern: new.cse_concern,
                cce_concern: new.cce_concern,
                override_reason: new.override_reason,
                assessed_by: actor.user_id().expect("a user assesses, never an operator"),
                assessed_at: now,
            };
            tx.insert_assessment(&assessment).await?;
            let history = tx.assessments_for_episode(episode_id).await?;
            // Review times and the young-child floor are the investigating force's policy.
            let local = match episode.police_force_id {
                Some(force) => tx.agency_rules(force).await?.unwrap_or_default(),
                None => crate::rules::risk::AgencyRules::default(),
            };
            let (intervals, floors) = local.apply(self.rules.review_intervals, self.rules.risk_floors);
            let intervals = &intervals;
            let before = episode.risk;
            let mut risk = current_risk(&history, intervals);
            // A senior's recorded reason lifts the exploitation floor until someone assesses again without one, so
            // only the assessment being recorded now can lift it.
            let lowered = assessment.override_reason.is_some();
            let floor = floors.floor(age, risk.cse_concern || risk.cce_concern, lowered);
            let unfloored = risk.joint;
            apply_floor(&mut risk, floor, Some(now), intervals);
            let raised_by = floor.filter(|_| risk.joint != unfloored).map(|(_, reason)| reason);
            tx.update_episode_risk(episode_id, &risk, now).await?;
            let alerts = on_risk_change(&before, &risk, &episode, &person, &assessment.id.to_string())
                .into_iter()
                .map(|due| Alert::raised(due, episode_id, now));
            crate::outbox::raise(tx.as_mut(), alerts.collect(), now).await?;
            if assessment.cse_concern {
                let cause = crate::domain::ofsted::OfstedCause::SexualExploitation;
                crate::prompts::prompt_ofsted(tx.as_mut(), &episode, &person, cause, now).await?;
            }
            let event = self.audit_event(
                actor,
                AuditAction::RiskAssessed,
                "episode",
                Some(episode_id.to_string()),
                &serde_json::json!({
                    "assessment_id": assessment.id.to_string(),
                    "side": side.as_str(),
                    "grade": assessment.grade.as_str(),
                    "joint": risk.joint.map(RiskGrade::as_str),
                    "override": assessment.override_reason.is_some(),
                }),
            );
            tx.append_audit(event).await?;
            tx.commit().await?;
            let explanation = raised_by.map(|reason| reason.explain(&floors));
            Ok(AssessmentRecorded { assessment, risk, raised_by, explanation })
        })
        .await
    }
}
