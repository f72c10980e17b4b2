//! Checkpoints of the audit chain kept outside the database: the head's number and hash at a moment, signed with the
//! deployment's key (which is not in the database either). Anyone able to change the database can recompute every
//! hash of the chain, but not a checkpoint's signature, so a chain cut short, rewritten or deleted no longer agrees
//! with the checkpoints taken before.
//!
//! A checkpoint is written as one line of JSON, `{"at","hash","mac","seq"}`, appended to a file and optionally sent
//! to a webhook; reading and writing them is the binary's work, making and checking them the core's.

use super::audit::{AuditEvent, ChainBreak};
use super::keys::DeploymentKey;
use super::time::Timestamp;

/// The key's purpose for checkpoints: a MAC made for anything else never passes as one.
const PURPOSE: &str = "audit-checkpoint";

/// The chain's head at a moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    /// When it was taken, RFC 3339.
    pub at: String,
}

/// Why a line is not a checkpoint of this deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointFault {
    #[error("is not a checkpoint (a JSON object with seq, hash, at and mac)")]
    Malformed,
    #[error("is not signed with this deployment's key: it was altered, or written under another key")]
    BadSignature,
}

impl Checkpoint {
    pub fn new(seq: i64, hash: &str, at: Timestamp) -> Self {
        Self { seq, hash: hash.to_owned(), at: at.to_rfc3339() }
    }

    /// What is signed: every field, in a fixed order, each on its own line (none can hold a newline once parsed).
    fn message(&self) -> String {
        format!("homeward audit checkpoint v1\n{}\n{}\n{}", self.seq, self.hash, self.at)
    }

    /// The checkpoint as one line of JSON, signed with the key (no newline at the end).
    pub fn signed_line(&self, key: &DeploymentKey) -> String {
        serde_json::json!({
            "seq": self.seq,
            "hash": self.hash,
            "at": self.at,
            "mac": key.mac_hex(PURPOSE, self.message().as_bytes()),
        })
        .to_string()
    }

    /// Reads a line written by [`Self::signed_line`], refusing it unless the key signed exactly what it says.
    ///
    /// # Errors
    /// Not such a line, or its signature does not match.
    pub fn parse_line(line: &str, key: &DeploymentKey) -> Result<Self, CheckpointFault> {
        let value: serde_json::Value = serde_json::from_str(line.trim()).map_err(|_| CheckpointFault::Malformed)?;
        let text = |name: &str| value.get(name).and_then(serde_json::Value::as_str).ok_or(CheckpointFault::Malformed);
        let seq = value.get("seq").and_then(serde_json::Value::as_i64).ok_or(CheckpointFault::Malformed)?;
        let checkpoint = Self { seq, hash: text("hash")?.to_owned(), at: text("at")?.to_owned() };
        let mac = hex::decode(text("mac")?).map_err(|_| CheckpointFault::BadSignature)?;
        if key.verify(PURPOSE, checkpoint.message().as_bytes(), &mac) {
            Ok(checkpoint)
        } else {
            Err(CheckpointFault::BadSignature)
        }
    }
}

/// Checks a chain, read in order, against checkpoints: each checkpointed number must hold the checkpointed hash,
/// and the chain must reach the newest checkpoint. Remembers only the checkpoints not yet passed.
#[derive(Debug, Clone, Default)]
pub struct CheckpointCheck {
    /// Newest first, so the next one due is at the end.
    pending: Vec<Checkpoint>,
    checked: usize,
}

impl CheckpointCheck {
    pub fn new(mut checkpoints: Vec<Checkpoint>) -> Self {
        checkpoints.sort_by_key(|c| std::cmp::Reverse(c.seq));
        Self { pending: checkpoints, checked: 0 }
    }

    /// Checks the checkpoints of this event's number (events come in order, each already checked on the chain).
    ///
    /// # Errors
    /// A checkpoint of this number recorded another hash.
    pub fn observe(&mut self, event: &AuditEvent) -> Result<(), ChainBreak> {
        while let Some(next) = self.pending.last() {
            if next.seq > event.seq {
                break;
            }
            // A checkpoint of a number the chain skipped is caught by the chain itself (a gap); one below the
            // first event read (numbering starts at 1) can only be the empty chain's, which holds nothing.
            if next.seq == event.seq && next.hash != event.hash {
                return Err(ChainBreak::UnlikeCheckpoint { seq: next.seq, at: next.at.clone() });
            }
            self.checked += 1;
            self.pending.pop();
        }
        Ok(())
    }

    /// Once the chain has been read to its end at `last`: the chain must reach every checkpoint. Answers how many
    /// checkpoints were checked.
    ///
    /// # Errors
    /// A checkpoint recorded an event beyond the end of the chain.
    pub fn finish(mut self, last: i64) -> Result<usize, ChainBreak> {
        // The newest checkpoint beyond the end names how much was removed.
        self.pending.retain(|c| c.seq > last && c.seq > 0);
        match self.pending.first() {
            Some(newest) => Err(ChainBreak::BehindCheckpoint { last, checkpointed: newest.seq, at: newest.at.clone() }),
            None => Ok(self.checked),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::{AuditAction, GENESIS_HASH, NewAuditEvent};

    fn at() -> Timestamp {
        Timestamp::parse_rfc3339("2026-06-01T12:00:00Z").expect("valid")
    }

    fn chain(len: i64) -> Vec<AuditEvent> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=len)
            .map(|n| {
                let sealed = NewAuditEvent::bare(at(), "analyst", AuditAction::FiguresRead, "figures").seal(n, &prev);
                prev.clone_from(&sealed.hash);
                sealed
            })
            .collect()
    }

    fn check(events: &[AuditEvent], checkpoints: Vec<Checkpoint>) -> Result<usize, ChainBreak> {
        let mut check = CheckpointCheck::new(checkpoints);
        for event in events {
            check.observe(event)?;
        }
        check.finish(events.last().map_or(0, |e| e.seq))
    }

    fn checkpoint_of(event: &AuditEvent) -> Checkpoint {
        Checkpoint::new(event.seq, &event.hash, at())
    }

    #[test]
    fn a_signed_line_reads_back_and_any_change_to_it_is_refused() {
        let key = DeploymentKey::from_bytes(&[9u8; 32]).expect("32 bytes");
        let checkpoint = Checkpoint::new(42, &"ab".repeat(32), at());
        let line = checkpoint.signed_line(&key);
        assert!(!line.contains('\n'));
        assert_eq!(Checkpoint::parse_line(&line, &key), Ok(checkpoint));
        let moved = line.replace("\"seq\":42", "\"seq\":41");
        assert_eq!(Checkpoint::parse_line(&moved, &key), Err(CheckpointFault::BadSignature));
        let other = DeploymentKey::from_bytes(&[8u8; 32]).expect("32 bytes");
        assert_eq!(Checkpoint::parse_line(&line, &other), Err(CheckpointFault::BadSignature));
        assert_eq!(Checkpoint::parse_line("{\"seq\":1}", &key), Err(CheckpointFault::Malformed));
        assert_eq!(Checkpoint::parse_line("not json", &key), Err(CheckpointFault::Malformed));
    }

    #[test]
    fn a_chain_that_holds_its_checkpoints_passes() {
        let events = chain(5);
        let checkpoints = vec![checkpoint_of(&events[4]), checkpoint_of(&events[1]), checkpoint_of(&events[1])];
        assert_eq!(check(&events, checkpoints), Ok(3));
        assert_eq!(check(&events, Vec::new()), Ok(0));
    }

    #[test]
    fn a_chain_cut_short_of_a_checkpoint_fails_naming_it() {
        let events = chain(5);
        let checkpoints = vec![checkpoint_of(&events[2]), checkpoint_of(&events[4])];
        assert_eq!(
            check(&events[..3], checkpoints.clone()),
            Err(ChainBreak::BehindCheckpoint { last: 3, checkpointed: 5, at: at().to_rfc3339() })
        );
        assert!(matches!(check(&[], checkpoints), Err(ChainBreak::BehindCheckpoint { last: 0, checkpointed: 5, .. })));
    }

    #[test]
    fn a_chain_rewritten_under_a_checkpoint_fails_naming_the_event() {
        let events = chain(5);
        let checkpoints = vec![checkpoint_of(&events[3])];
        let mut rewritten = chain(3);
        let mut prev = rewritten[2].hash.clone();
        for n in 4..=5 {
            let event = NewAuditEvent::bare(at(), "admin", AuditAction::UserCreated, "user").seal(n, &prev);
            prev.clone_from(&event.hash);
            rewritten.push(event);
        }
        assert_eq!(check(&rewritten, checkpoints), Err(ChainBreak::UnlikeCheckpoint { seq: 4, at: at().to_rfc3339() }));
    }
}
