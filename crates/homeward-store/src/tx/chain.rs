//! The audit chain: events sealed onto it in order, and the spool of reads' events that waited while a long job held
//! it. An event is sealed exactly once: the chain's head records how far the spool has been sealed, in the same
//! transaction as the events sealed from it.

use homeward_core::StoreError;
use homeward_core::domain::audit::{AuditEvent, NewAuditEvent};

use super::SqlTx;
use crate::dialect::{Dialect, Row, corrupt};
use crate::rows;
use crate::tables;
use crate::value::query;

/// The chain's head as read, locked, at the start of an append.
#[derive(Debug)]
pub(crate) struct Head {
    last_seq: i64,
    last_hash: String,
    /// The newest spooled event already sealed onto the chain.
    pub(crate) spooled_through: i64,
}

impl<D: Dialect> SqlTx<D> {
    pub(super) async fn seal_and_append(&mut self, event: NewAuditEvent) -> Result<AuditEvent, StoreError> {
        let head = self.chain_head().await?;
        let mut sealed = self.append_sealed(head, vec![event.unsealed()], None).await?;
        Ok(sealed.pop().expect("one event in, one sealed"))
    }

    /// Seals the genesis event as event 1 if the chain has not begun: its head (locked) at 0 and no event stored.
    pub(super) async fn begin_chain(&mut self, genesis: NewAuditEvent) -> Result<Option<AuditEvent>, StoreError> {
        let sql = format!("SELECT last_seq FROM audit_head WHERE id = 1{}", D::LOCK_ROW);
        let Some(head) = D::fetch_optional(&mut self.conn, query!(sql)).await? else { return Ok(None) };
        if head.int("last_seq")? != Some(0) {
            return Ok(None);
        }
        let stored = D::fetch_optional(&mut self.conn, query!("SELECT seq FROM audit_events LIMIT 1")).await?;
        if stored.is_some() {
            return Ok(None);
        }
        self.seal_and_append(genesis).await.map(Some)
    }

    /// The chain's head, read and held for this transaction: SQLite's single writer, and PostgreSQL's row lock (the
    /// dialect's `LOCK_ROW`), keep every event sealed onto the true latest hash, so the chain never forks.
    pub(crate) async fn chain_head(&mut self) -> Result<Head, StoreError> {
        let sql = format!("SELECT last_seq, last_hash, spooled_through FROM audit_head WHERE id = 1{}", D::LOCK_ROW);
        let head = D::fetch_optional(&mut self.conn, query!(sql)).await?.ok_or_else(|| corrupt("audit_head"))?;
        Ok(Head {
            last_seq: head.int("last_seq")?.ok_or_else(|| corrupt("last_seq"))?,
            last_hash: head.text("last_hash")?.ok_or_else(|| corrupt("last_hash"))?,
            spooled_through: head.int("spooled_through")?.ok_or_else(|| corrupt("spooled_through"))?,
        })
    }

    /// Seals the events (their texts, unsealed) onto the chain after `head` in the order given and appends them,
    /// writing the head once; `spooled_through`, when given, records the newest spooled event among them.
    pub(crate) async fn append_sealed(
        &mut self,
        head: Head,
        events: Vec<AuditEvent>,
        spooled_through: Option<i64>,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        let Head { mut last_seq, mut last_hash, spooled_through: through } = head;
        let sealed: Vec<AuditEvent> = events
            .into_iter()
            .map(|event| {
                last_seq += 1;
                let sealed = event.sealed_as(last_seq, &last_hash);
                last_hash.clone_from(&sealed.hash);
                sealed
            })
            .collect();
        self.insert(tables::audit_events(&sealed)).await?;
        let through = spooled_through.unwrap_or(through);
        let sql = "UPDATE audit_head SET last_seq = $1, last_hash = $2, spooled_through = $3 WHERE id = 1";
        self.run(query!(sql, last_seq, last_hash, through)).await?;
        Ok(sealed)
    }

    /// Keeps events in the spool, in this transaction on the spool.
    pub(crate) async fn spool(&mut self, events: &[AuditEvent]) -> Result<(), StoreError> {
        self.insert(tables::audit_spool(events)).await
    }

    /// Spooled events newer than `after`, oldest first, each with its place in the spool.
    pub(crate) async fn spooled_after(&mut self, after: i64) -> Result<Vec<(i64, AuditEvent)>, StoreError> {
        self.all(query!("SELECT * FROM audit_spool WHERE id > $1 ORDER BY id", after), rows::spooled_event).await
    }

    /// Takes every spooled event out of the spool, oldest first, each with its place in the spool: read and deleted
    /// by one statement, so only what it read is removed.
    pub(crate) async fn take_spooled(&mut self) -> Result<Vec<(i64, AuditEvent)>, StoreError> {
        let mut taken = self.all(query!("DELETE FROM audit_spool RETURNING *"), rows::spooled_event).await?;
        taken.sort_unstable_by_key(|(id, _)| *id);
        Ok(taken)
    }

    /// Forgets spooled events up to and including `through`, once they are sealed.
    pub(crate) async fn forget_spooled(&mut self, through: i64) -> Result<(), StoreError> {
        self.run(query!("DELETE FROM audit_spool WHERE id <= $1", through)).await.map(drop)
    }
}
