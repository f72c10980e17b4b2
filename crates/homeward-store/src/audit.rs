//! Keeping reads' audit events before the reads are answered, without waiting for a long job.
//!
//! A batch of events (see `group_commit`) is sealed onto the chain when the chain is free within
//! [`homeward_core::error::AUDIT_GRACE`]. When a long job (an import, the national seed) holds it longer, the batch is
//! written to the spool instead, durably, and the reads are answered: a read never waits for an import. The next
//! batch that finds the chain free seals the spool's events first, in the order they were kept, then its own; the
//! scheduler's tick and `audit verify` seal whatever is left. The chain's head records how far the spool has been
//! sealed, in the same transaction as the events sealed from it, so an event is sealed once even where the spool
//! lives in a database of its own (SQLite) and is emptied only afterwards.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use homeward_core::StoreError;
use homeward_core::domain::audit::{AuditEvent, NewAuditEvent};
use homeward_core::ports::Tx;

use crate::dialect::Dialect;
use crate::tx::SqlTx;

/// How long batches go straight to the spool once the chain was found held, before one tries the chain again: a long
/// job makes one batch a second wait the grace, not every batch.
const RETRY_CHAIN_AFTER: Duration = Duration::from_secs(1);

/// When the chain was last found held by a long job, and so when to try it again.
#[derive(Debug, Default)]
pub(crate) struct ChainHeld(Mutex<Option<Instant>>);

impl ChainHeld {
    fn still_held(&self) -> bool {
        self.0.lock().expect("never poisoned").is_some_and(|retry_at| Instant::now() < retry_at)
    }

    fn found_held(&self) {
        *self.0.lock().expect("never poisoned") = Some(Instant::now() + RETRY_CHAIN_AFTER);
    }

    fn found_free(&self) {
        *self.0.lock().expect("never poisoned") = None;
    }
}

/// Keeps the batch's events, sealed onto the chain or, while a long job holds it, spooled; answers once they are on
/// disk either way, one answer per event.
pub(crate) async fn keep<D: Dialect>(
    pools: &D::Pools,
    held: &ChainHeld,
    events: Vec<NewAuditEvent>,
) -> Result<Vec<()>, StoreError> {
    let count = events.len();
    let events: Vec<AuditEvent> = events.into_iter().map(NewAuditEvent::unsealed).collect();
    let sealed = if held.still_held() {
        Err(StoreError::Busy("a long job held the audit chain a moment ago".into()))
    } else {
        seal::<D>(pools, &events).await
    };
    match sealed {
        Ok(_) => held.found_free(),
        Err(StoreError::Busy(why)) => {
            held.found_held();
            // Nowhere durable to wait (an in-memory database): the reads are told to try again.
            let Some(conn) = D::begin_spool(pools).await? else { return Err(StoreError::Busy(why)) };
            let mut spool = SqlTx::<D>::new(conn);
            spool.spool(&events).await?;
            Box::new(spool).commit().await?;
            tracing::info!(events = count, "audit events spooled while a long job holds the chain");
        }
        Err(error) => return Err(error),
    }
    Ok(vec![(); count])
}

/// Seals what the spool holds onto the chain, if the chain is free; answers how many events were sealed (none when a
/// long job still holds it: they stay safely spooled).
pub(crate) async fn seal_spooled<D: Dialect>(pools: &D::Pools, held: &ChainHeld) -> Result<u64, StoreError> {
    match seal::<D>(pools, &[]).await {
        Ok(sealed) => {
            held.found_free();
            Ok(sealed as u64)
        }
        Err(StoreError::Busy(_)) => Ok(0),
        Err(error) => Err(error),
    }
}

/// Seals the spool's events, then `events`, onto the chain in one transaction; answers how many came from the spool.
/// Busy when a long job holds the chain past the audit grace.
async fn seal<D: Dialect>(pools: &D::Pools, events: &[AuditEvent]) -> Result<usize, StoreError> {
    let mut chain = SqlTx::<D>::new(D::begin_chain(pools).await?);
    let head = chain.chain_head().await?;
    let spooled = if D::SPOOL_APART {
        // Apart (SQLite), what the spool holds up to the head's mark is sealed already; it is emptied after the
        // chain commits.
        match D::begin_spool(pools).await? {
            Some(conn) => SqlTx::<D>::new(conn).spooled_after(head.spooled_through).await?,
            None => Vec::new(),
        }
    } else {
        // Beside the chain (PostgreSQL), the events are taken out of the spool by the same statement that reads
        // them, in this transaction: one that another server's spooling commits meanwhile, even with a lower
        // number, stays for the next seal rather than being removed unsealed.
        chain.take_spooled().await?
    };
    if spooled.is_empty() && events.is_empty() {
        return Ok(0);
    }
    let through = spooled.last().map(|(id, _)| *id);
    let from_spool = spooled.len();
    let all = spooled.into_iter().map(|(_, event)| event).chain(events.iter().cloned()).collect();
    chain.append_sealed(head, all, through).await?;
    Box::new(chain).commit().await?;
    if let (Some(through), true) = (through, D::SPOOL_APART) {
        // Already sealed and recorded as such: if emptying the spool fails, the next seal skips them all the same.
        if let Err(error) = forget_apart::<D>(pools, through).await {
            tracing::warn!(%error, "sealed audit events could not be removed from the spool; they will be skipped");
        }
    }
    Ok(from_spool)
}

async fn forget_apart<D: Dialect>(pools: &D::Pools, through: i64) -> Result<(), StoreError> {
    if let Some(conn) = D::begin_spool(pools).await? {
        let mut spool = SqlTx::<D>::new(conn);
        spool.forget_spooled(through).await?;
        Box::new(spool).commit().await?;
    }
    Ok(())
}
