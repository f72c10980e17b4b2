//! Recommendations from return interviews, which their owning agencies see and answer: accepted and done, or
//! declined with a reason.

use crate::authz::{Action, Actor, Subject, check, check_at_all};
use crate::domain::audit::AuditAction;
use crate::domain::ids::RecommendationId;
use crate::domain::paging::{Cursor, Page};
use crate::domain::return_interview::{
    Decision, OwnedRecommendation, Recommendation, RecommendationPaging, RecommendationResponse,
};
use crate::domain::text::{FreeText, optional};
use crate::domain::time::Timestamp;
use crate::error::{CoreError, FieldErrors};
use crate::ports::Tx;
use crate::rules::clock::check_time;

use super::{Core, with_owners};

/// A page of an agency's recommendations, each with its owner.
pub type RecommendationPage = Page<OwnedRecommendation, time::Date, RecommendationId>;

/// A response as submitted: `response` may be the decision itself (`accepted`, `declined`) or what was done.
#[derive(Debug, Clone, Default)]
pub struct ResponseInput {
    pub response: Option<String>,
    pub decision: Option<String>,
    pub reason: Option<String>,
    pub responded_at: Option<String>,
}

/// A response, parsed.
#[derive(Debug, Clone)]
pub struct NewResponse {
    pub decision: Decision,
    pub text: Option<FreeText>,
    pub responded_at: Option<Timestamp>,
}

impl NewResponse {
    pub fn parse(input: &ResponseInput) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let blank = |t: &Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        let response = blank(&input.response);
        let said = response.as_deref().and_then(|r| Decision::parse(&r.to_ascii_lowercase()).ok());
        let decision = match blank(&input.decision) {
            Some(d) => errors.check("decision", Decision::parse(&d)),
            None => Some(said.unwrap_or(Decision::Accepted)),
        };
        // The words: the reason, or the response when it is more than the decision.
        let words = blank(&input.reason).or(response.filter(|_| said.is_none()));
        let text = errors.check("response", optional(words.as_deref(), FreeText::parse)).flatten();
        if input.response.is_none() && input.decision.is_none() {
            errors.add("response", "say whether it was accepted and done, or declined and why");
        }
        if decision == Some(Decision::Declined) && text.is_none() {
            errors.add("reason", "say why the recommendation was declined");
        }
        let responded_at = errors
            .check("responded_at", blank(&input.responded_at).as_deref().map(Timestamp::parse_rfc3339).transpose())
            .flatten();
        errors.into_result()?;
        Ok(Self { decision: decision.expect("checked"), text, responded_at })
    }
}

/// The recommendation, if it is for the actor's agency: another agency's is not found, as if it did not exist.
async fn owned(tx: &mut dyn Tx, actor: &Actor, id: RecommendationId) -> Result<Recommendation, CoreError> {
    let recommendation = tx.recommendation(id).await?.filter(|r| actor.agency_id() == Some(r.owner_agency_id));
    recommendation.ok_or(CoreError::NotFound)
}

impl Core {
    /// A page of the recommendations the actor's agency owns, soonest due first: only those awaiting a response
    /// unless `all`. The read is audited with the ids.
    pub async fn recommendations(
        &self,
        actor: &Actor,
        all: bool,
        paging: &RecommendationPaging,
    ) -> Result<RecommendationPage, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::RecommendationsListed, "recommendation"), async {
            actor.case_records()?;
            check_at_all(actor, Action::AnswerRecommendation)?;
            let agency = actor.agency_id().expect("the table grants this to agencies' staff only");
            let mut tx = self.begin_read().await?;
            let owned = tx.recommendations_owned(agency, !all, Some(&paging.one_more())).await?;
            let Page { items: owned, next } = Page::cut(owned, paging, |r| Cursor { key: r.due_on, id: r.id });
            let event = self.audit_event(
                actor,
                AuditAction::RecommendationsListed,
                "recommendation",
                None,
                &serde_json::json!({ "ids": owned.iter().map(|r| r.id.to_string()).collect::<Vec<_>>() }),
            );
            let items = with_owners(tx.as_mut(), owned).await?;
            self.record_read(tx, event).await?;
            Ok(RecommendationPage { items, next })
        })
        .await
    }

    /// One recommendation the actor's agency owns.
    pub async fn recommendation(&self, actor: &Actor, id: RecommendationId) -> Result<OwnedRecommendation, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::RecommendationsListed, "recommendation", &id), async {
            actor.case_records()?;
            let mut tx = self.begin_read().await?;
            let recommendation = owned(tx.as_mut(), actor, id).await?;
            let mut owned = with_owners(tx.as_mut(), vec![recommendation]).await?;
            Ok(owned.remove(0))
        })
        .await
    }

    /// Records the owning agency's response: accepted and done, or declined with a reason.
    pub async fn answer_recommendation(
        &self,
        actor: &Actor,
        id: RecommendationId,
        new: NewResponse,
    ) -> Result<OwnedRecommendation, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::RecommendationAnswered, "recommendation", &id), async {
        actor.case_records()?;
        check_at_all(actor, Action::AnswerRecommendation)?;
        let user = actor.user_id().expect("the table grants this to case staff, never operators");
        let mut tx = self.begin().await?;
        let mut recommendation = owned(tx.as_mut(), actor, id).await?;
        check(actor, Action::AnswerRecommendation, &Subject::Recommendation(&recommendation))?;
        let now = self.now();
        let responded_at = new.responded_at.unwrap_or(now);
        check_time("responded_at", responded_at, recommendation.created_at, "the recommendation was made", now)?;
        recommendation.response =
            Some(RecommendationResponse { decision: new.decision, text: new.text, responded_at, responded_by: user });
        tx.answer_recommendation(&recommendation).await?;
        let event = self.audit_event(
            actor,
            AuditAction::RecommendationAnswered,
            "recommendation",
            Some(id.to_string()),
            &serde_json::json!({ "decision": new.decision.as_str(), "episode_id": recommendation.episode_id.to_string() }),
        );
        tx.append_audit(event).await?;
        let mut owned = with_owners(tx.as_mut(), vec![recommendation]).await?;
        tx.commit().await?;
        Ok(owned.remove(0))
        }).await
    }
}
