//! The audit chain as a whole: begun with a genesis event naming the deployment, its head checkpointed (signed with
//! the deployment's key, kept outside the database by the caller), and verified end to end against those
//! checkpoints, a page at a time so memory stays flat however long the log is.

use crate::domain::audit::{ChainBreak, ChainStart, ChainVerifier, NewAuditEvent};
use crate::domain::checkpoint::{Checkpoint, CheckpointCheck};
use crate::error::CoreError;

use super::Core;

/// The outcome of a verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditReport {
    Intact { events: i64 },
    Broken(ChainBreak),
}

/// A verification against checkpoints: the outcome, how the chain begins, and how many checkpoints were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerification {
    pub report: AuditReport,
    pub start: ChainStart,
    pub checkpoints: usize,
}

impl Core {
    /// Begins the audit chain of a new database with its genesis event, naming the deployment; does nothing once
    /// the chain has begun (or when its head record is gone, which `audit verify` then reports). Says whether it
    /// wrote the genesis event. Every command opening the database calls it, so a new database's first event is
    /// always its genesis, and a log found empty later was emptied.
    pub async fn begin_audit_chain(&self, deployment: &str) -> Result<bool, CoreError> {
        // Read first, without a lock: once the chain has begun (nearly always) nothing waits for the writer.
        if self.store().audit_head().await?.is_none_or(|(seq, _)| seq != 0) {
            return Ok(false);
        }
        let mut tx = self.begin().await?;
        let written = tx.begin_audit_chain(NewAuditEvent::genesis(self.now(), deployment)).await?;
        tx.commit().await?;
        Ok(written.is_some())
    }

    /// A checkpoint of the chain's head now, for the caller to keep outside the database. Spooled events are sealed
    /// first, so the checkpoint covers every event acknowledged so far that the chain could take.
    ///
    /// # Errors
    /// The head record is gone (the chain has been tampered with: `audit verify` says how).
    pub async fn audit_checkpoint(&self) -> Result<Checkpoint, CoreError> {
        let store = self.store();
        if let Err(error) = store.seal_spooled_audit().await {
            tracing::warn!(%error, "spooled audit events could not be sealed before the checkpoint");
        }
        let (seq, hash) = store.audit_head().await?.ok_or(CoreError::Rule {
            code: "audit_head_missing",
            message: "the audit chain's head record is missing, so there is nothing to checkpoint: run audit verify"
                .into(),
            field: None,
        })?;
        Ok(Checkpoint::new(seq, &hash, self.now()))
    }

    /// Walks the whole chain. `progress` is told how many events have been checked so far.
    pub async fn verify_audit(&self, progress: impl FnMut(i64)) -> Result<AuditReport, CoreError> {
        Ok(self.verify_audit_against(Vec::new(), progress).await?.report)
    }

    /// Walks the whole chain, and checks it against checkpoints taken before (already read and their signatures
    /// checked): each checkpointed event must be on the chain with the checkpointed hash, and the chain must reach
    /// the newest checkpoint, so events removed from the end (the head rewritten to match) or the whole log deleted
    /// are found even by someone who recomputed every hash.
    pub async fn verify_audit_against(
        &self,
        checkpoints: Vec<Checkpoint>,
        mut progress: impl FnMut(i64),
    ) -> Result<AuditVerification, CoreError> {
        const PAGE: u32 = 5_000;
        let store = self.store();
        // Events acknowledged but still spooled (a long job held the chain) are sealed first, so they are verified
        // too; while the chain is held they stay spooled and are verified next time. A chain whose head record is
        // gone cannot take them: they stay spooled, and the walk below says what is wrong with the chain.
        if let Err(error) = store.seal_spooled_audit().await {
            tracing::warn!(%error, "spooled audit events could not be sealed before verifying");
        }
        let mut verifier = ChainVerifier::default();
        let mut checkpoints = CheckpointCheck::new(checkpoints);
        let broken = |verifier: &ChainVerifier, broken| AuditVerification {
            report: AuditReport::Broken(broken),
            start: verifier.start().clone(),
            checkpoints: 0,
        };
        let mut after = 0;
        loop {
            let page = store.audit_events_after(after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for event in &page {
                if let Err(break_) = verifier.check(event).and_then(|()| checkpoints.observe(event)) {
                    return Ok(broken(&verifier, break_));
                }
            }
            progress(after);
        }
        // Checkpoints first: a chain cut short of one says what was removed more plainly than its head can. An empty
        // log is plainest said as such.
        let checked = match checkpoints.finish(after) {
            Ok(checked) => checked,
            Err(break_) if after > 0 => return Ok(broken(&verifier, break_)),
            Err(_) => 0,
        };
        let start = verifier.start().clone();
        let report = match verifier.finish(store.audit_head().await?) {
            Ok(events) => AuditReport::Intact { events },
            Err(broken) => AuditReport::Broken(broken),
        };
        Ok(AuditVerification { report, start, checkpoints: checked })
    }
}
