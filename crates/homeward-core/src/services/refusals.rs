//! Refused attempts, audited: a record asked for outside the actor's scope (answered exactly as a missing one), or
//! an action the actor may not take. Each service that acts on a record by id, or lists records, runs its work
//! through [`Core::attempt`]; a refusal then appends one `access.refused` event naming the actor, the action
//! attempted (the event success would have written), the target and the answer, once the work's transaction has
//! ended. The answer to the actor is unchanged: whether the record exists is written to the audit log only, and is
//! looked up for a missing record and a hidden one alike, so the two still take the same path.

use std::future::Future;

use crate::authz::{Actor, Identity};
use crate::domain::audit::AuditAction;
use crate::error::CoreError;

use super::Core;

/// What an actor attempted: the event success would have written, and the record it was on, if one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub action: AuditAction,
    pub target_kind: &'static str,
    pub target_id: Option<String>,
}

impl Attempt {
    /// An attempt on one record.
    pub fn on(action: AuditAction, target_kind: &'static str, id: &impl ToString) -> Self {
        Self { action, target_kind, target_id: Some(id.to_string()) }
    }

    /// An attempt on no one record: a list, a search, figures.
    pub fn list(action: AuditAction, target_kind: &'static str) -> Self {
        Self { action, target_kind, target_id: None }
    }
}

impl Core {
    /// Runs `work` and answers with its result; a refusal (not found, forbidden) is audited first. The work is
    /// boxed, so a service's future stays the size of a pointer however much its work holds across awaits.
    pub(crate) fn attempt<'a, T: Send + 'a>(
        &'a self,
        actor: &'a Actor,
        attempt: Attempt,
        work: impl Future<Output = Result<T, CoreError>> + Send + 'a,
    ) -> impl Future<Output = Result<T, CoreError>> + Send + 'a {
        let work = Box::pin(work);
        async move {
            let result = work.await;
            if let Err(refusal @ (CoreError::NotFound | CoreError::Forbidden(_))) = &result {
                self.audit_refusal(actor, attempt, refusal).await?;
            }
            result
        }
    }

    async fn audit_refusal(&self, actor: &Actor, attempt: Attempt, refusal: &CoreError) -> Result<(), CoreError> {
        // Operators see every record; a refusal to them is a missing record or a mistake, not an attempt.
        if let Identity::Operator { .. } = actor.identity {
            return Ok(());
        }
        let answer = if matches!(refusal, CoreError::NotFound) { "not_found" } else { "forbidden" };
        let exists = match &attempt.target_id {
            Some(id) => {
                let mut tx = self.begin_read().await?;
                tx.record_exists(attempt.target_kind, id).await?
            }
            None => None,
        };
        let details = serde_json::json!({
            "attempted": attempt.action.as_str(),
            "answer": answer,
            "record_exists": exists,
        });
        let event =
            self.audit_event(actor, AuditAction::AccessRefused, attempt.target_kind, attempt.target_id, &details);
        self.store().record_audit(event).await?;
        Ok(())
    }
}
