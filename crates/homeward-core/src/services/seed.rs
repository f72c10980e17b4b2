//! Loading a whole synthetic data set into an empty database, as one audited change.

use crate::authz::Actor;
use crate::domain::audit::AuditAction;
use crate::error::CoreError;
use crate::ports::BulkData;

use super::Core;

/// What a seed wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SeedSummary {
    pub agencies: usize,
    pub users: usize,
    pub people: usize,
    pub episodes: usize,
    pub assessments: usize,
    pub return_interviews: usize,
}

impl Core {
    /// Whether the database has never been used (no agency registered).
    pub async fn is_empty(&self) -> Result<bool, CoreError> {
        let mut tx = self.begin().await?;
        Ok(tx.is_empty().await?)
    }

    /// Writes a synthetic data set. Only operators may, and only into an empty database, so demo data can never
    /// be mixed into real records.
    pub async fn seed(&self, actor: &Actor, data: &BulkData, seed: u64) -> Result<SeedSummary, CoreError> {
        actor.require_operator("only the service's operators may seed demo data")?;
        let mut tx = self.begin_long_job().await?;
        if !tx.is_empty().await? {
            return Err(CoreError::Rule {
                code: "not_empty",
                message: "the database already holds agencies: demo data is only seeded into an empty database".into(),
                field: None,
            });
        }
        let mut data = std::borrow::Cow::Borrowed(data);
        if data.match_keys.is_empty() {
            data.to_mut().match_keys = self.match_keys(&data.people);
        }
        tx.bulk_insert(&data).await?;
        // Their places and people are filed by the scheduler from the start, a batch a tick (refiling changes nothing).
        tx.set_intel_backfill(Some("")).await?;
        let summary = SeedSummary {
            agencies: data.agencies.len(),
            users: data.users.len(),
            people: data.people.len(),
            episodes: data.episodes.len(),
            assessments: data.assessments.len(),
            return_interviews: data.return_interviews.len(),
        };
        let mut details = serde_json::to_value(summary).expect("counts always serialise");
        details["seed"] = seed.into();
        let event = self.audit_event(actor, AuditAction::DemoSeeded, "database", None, &details);
        tx.append_audit(event).await?;
        tx.refresh_statistics().await?;
        tx.commit().await?;
        Ok(summary)
    }
}
