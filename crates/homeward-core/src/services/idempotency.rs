//! Requests sent with an idempotency key: the key is taken, in a transaction of its own that commits before the
//! request is carried out; the work's own transaction marks it carried out; then it is settled with the answer,
//! which every repeat of the same request is given again (each replay audited, as it hands a record back). A
//! request that changed nothing lets its key go, so that it may be sent again.

use crate::authz::Actor;
use crate::domain::audit::AuditAction;
use crate::domain::idempotency::{Claim, Fingerprint, Holder, IdempotencyKey, StoredResponse};
use crate::domain::ids::UserId;
use crate::error::CoreError;
use crate::ports::PendingKey;
use crate::rules::idempotency as rule;

use super::Core;

/// Keys are per user: an operator at the server's shell sends none.
fn owner(actor: &Actor) -> Result<UserId, CoreError> {
    actor.user_id().ok_or(CoreError::Unauthenticated)
}

impl Core {
    /// Takes the actor's key for this request on behalf of server `holder`, or says why the request must not be
    /// carried out now: answered before (replay it), under way, carried out with its answer lost, or the key named
    /// another request. `running_here` says whether this server is carrying a request under this key out now.
    pub async fn claim_idempotency_key(
        &self,
        actor: &Actor,
        key: &IdempotencyKey,
        fingerprint: &Fingerprint,
        holder: &str,
        running_here: bool,
    ) -> Result<Claim, CoreError> {
        let user = owner(actor)?;
        let now = self.now();
        let mut tx = self.begin().await?;
        let held = tx.take_idempotency_key(user, key, fingerprint, holder, now, rule::expired_before(now)).await?;
        let claim = match held {
            None => Claim::Taken,
            Some(held) => {
                let standing = match (held.holder == holder, running_here) {
                    (true, true) => Holder::RunningHere,
                    (true, false) => Holder::EndedHere,
                    (false, _) => Holder::Elsewhere,
                };
                let taken_at = held.taken_at;
                match rule::repeat(held, fingerprint, standing, now) {
                    Claim::Taken if !tx.retake_idempotency_key(user, key, holder, now, taken_at).await? => {
                        Claim::InFlight
                    }
                    claim => claim,
                }
            }
        };
        tx.commit().await?;
        if let Claim::Replay(response) = &claim {
            let details = serde_json::json!({ "status": response.status });
            let event = self.audit_event(actor, AuditAction::RequestReplayed, "request", None, &details);
            self.store.record_audit(event).await?;
        }
        Ok(claim)
    }

    /// Carries `work` out under the actor's key: the transactions it commits mark the key carried out.
    pub async fn carry_out<F: std::future::Future>(
        &self,
        actor: &Actor,
        key: &IdempotencyKey,
        work: F,
    ) -> Result<F::Output, CoreError> {
        let pending = PendingKey { user: owner(actor)?, key: key.clone() };
        Ok(crate::ports::carrying_out(pending, work).await)
    }

    /// Keeps the answer to the request that took the key.
    pub async fn settle_idempotency_key(
        &self,
        actor: &Actor,
        key: &IdempotencyKey,
        response: &StoredResponse,
    ) -> Result<(), CoreError> {
        let mut tx = self.begin().await?;
        tx.settle_idempotency_key(owner(actor)?, key, response).await?;
        Ok(tx.commit().await?)
    }

    /// Lets the key go: its request was not carried out, and may be sent again with it.
    pub async fn release_idempotency_key(&self, actor: &Actor, key: &IdempotencyKey) -> Result<(), CoreError> {
        let mut tx = self.begin().await?;
        tx.release_idempotency_key(owner(actor)?, key).await?;
        Ok(tx.commit().await?)
    }
}
