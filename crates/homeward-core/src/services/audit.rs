//! Verifying the audit chain end to end, a page at a time so memory stays flat however long the log is.

use crate::domain::audit::{ChainBreak, ChainVerifier};
use crate::error::CoreError;

use super::Core;

/// The outcome of a verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditReport {
    Intact { events: i64 },
    Broken(ChainBreak),
}

impl Core {
    /// Walks the whole chain. `progress` is told how many events have been checked so far.
    pub async fn verify_audit(&self, mut progress: impl FnMut(i64)) -> Result<AuditReport, CoreError> {
        const PAGE: u32 = 5_000;
        let store = self.store();
        // Events acknowledged but still spooled (a long job held the chain) are sealed first, so they are verified
        // too; while the chain is held they stay spooled and are verified next time.
        store.seal_spooled_audit().await?;
        let mut verifier = ChainVerifier::default();
        let mut after = 0;
        loop {
            let page = store.audit_events_after(after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for event in &page {
                if let Err(broken) = verifier.check(event) {
                    return Ok(AuditReport::Broken(broken));
                }
            }
            progress(after);
        }
        Ok(match verifier.finish(store.audit_head().await?) {
            Ok(events) => AuditReport::Intact { events },
            Err(broken) => AuditReport::Broken(broken),
        })
    }
}
