//! Reviewing an episode imported as "absent" (DOMAIN.md): the grade was abolished in 2017, so such an episode is
//! stored as no apparent risk and shows `legacy_absent_review` until a police supervisor has looked at it again.

use crate::authz::{Action, Actor, Subject, check};
use crate::domain::audit::AuditAction;
use crate::domain::ids::EpisodeId;
use crate::domain::legacy::{LegacyAbsent, LegacyAbsentReview};
use crate::domain::text::FreeText;
use crate::error::CoreError;

use super::Core;

impl Core {
    /// Records a police supervisor's review of a legacy "absent" episode; once only. `note` is what they
    /// concluded, if they wrote it down (a new grade is a risk assessment of its own).
    pub async fn review_legacy_absent(
        &self,
        actor: &Actor,
        id: EpisodeId,
        note: Option<&str>,
    ) -> Result<LegacyAbsent, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::LegacyAbsentReviewed, "episode", &id), async {
            let note = match note.map(str::trim).filter(|n| !n.is_empty()) {
                Some(text) => Some(FreeText::parse(text).map_err(|e| CoreError::invalid("note", e.to_string()))?),
                None => None,
            };
            let mut tx = self.begin().await?;
            let facts = super::episode_facts(tx.as_mut(), id, actor.case_scope(), self.now()).await?;
            check(actor, Action::ReviewLegacyAbsent, &Subject::Episode(&facts))?;
            let review = LegacyAbsentReview {
                reviewed_by: actor.user_id().expect("a police supervisor reviews"),
                reviewed_at: self.now(),
                note,
            };
            if !tx.review_legacy_absent(id, &review).await? {
                // Another supervisor's review landed between the read and the write.
                return Err(CoreError::Rule {
                    code: "already_reviewed",
                    message: "this episode's \"absent\" grade has already been reviewed".into(),
                    field: None,
                });
            }
            let details = serde_json::json!({ "noted": review.note.is_some() });
            let event =
                self.audit_event(actor, AuditAction::LegacyAbsentReviewed, "episode", Some(id.to_string()), &details);
            tx.append_audit(event).await?;
            tx.commit().await?;
            Ok(LegacyAbsent { review: Some(review) })
        })
        .await
    }
}
