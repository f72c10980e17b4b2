//! Group commit of audit events that stand alone (the reads' events): many requests' events appended in one
//! transaction and one flush to disk, each request answered only once that transaction has committed.
//!
//! There is no background task to start or stop. Each caller queues its event, then either finds it answered or
//! takes the flushing turn; the one whose turn it is writes everything queued so far as one batch. While that batch
//! is written the next events queue up behind it, so the busier the server the larger the batches and the fewer the
//! flushes. The batch itself is written by a spawned task holding the turn, so a caller that goes away (a client
//! that hangs up) never leaves a batch half-answered or the turn taken.

use std::future::Future;
use std::sync::{Arc, Mutex};

use homeward_core::StoreError;
use homeward_core::domain::audit::NewAuditEvent;
use tokio::sync::oneshot;

/// The answer one event's request waits for: what became of the event (`T`), or why its batch was not written.
type Answer<T> = oneshot::Sender<Result<T, StoreError>>;

/// The queue of events waiting for a batch, and the turn to write one.
#[derive(Debug)]
pub(crate) struct GroupCommit<T> {
    queued: Mutex<Vec<(NewAuditEvent, Answer<T>)>>,
    /// Held while a batch is written: the chain is appended to by one batch at a time from this process (other
    /// processes and writes take their turn on the database's own lock).
    turn: Arc<tokio::sync::Mutex<()>>,
}

impl<T> Default for GroupCommit<T> {
    fn default() -> Self {
        Self { queued: Mutex::default(), turn: Arc::default() }
    }
}

impl<T: Send + 'static> GroupCommit<T> {
    /// Appends the event in a batch written by `write`, which keeps the events in the order given, together, and
    /// answers what became of each. Answers once that batch is on disk (or failed, when nothing of it was kept).
    pub(crate) async fn append<W, F>(&self, event: NewAuditEvent, write: W) -> Result<T, StoreError>
    where
        W: FnOnce(Vec<NewAuditEvent>) -> F + Send + 'static,
        F: Future<Output = Result<Vec<T>, StoreError>> + Send + 'static,
    {
        let (answer, mut answered) = oneshot::channel();
        self.queued.lock().expect("the queue's lock is never poisoned").push((event, answer));
        let turn = tokio::select! {
            // Another caller's batch took this event and has answered: nothing to wait for.
            biased;
            result = &mut answered => return result.unwrap_or_else(|_| Err(abandoned())),
            turn = Arc::clone(&self.turn).lock_owned() => turn,
        };
        // Holding the turn, no batch is being written: this event was answered before the turn was released, or is
        // still queued and goes in the batch taken now.
        if let Ok(result) = answered.try_recv() {
            return result;
        }
        let batch = std::mem::take(&mut *self.queued.lock().expect("the queue's lock is never poisoned"));
        tokio::spawn(async move {
            let (events, answers): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
            match write(events).await {
                Ok(sealed) => {
                    for (answer, event) in answers.into_iter().zip(sealed) {
                        // A caller that went away no longer waits; its event is kept all the same.
                        let _ = answer.send(Ok(event));
                    }
                }
                Err(error) => {
                    tracing::error!(%error, "a batch of audit events was not written");
                    // Each caller hears what went wrong, busy kept as busy and unavailable as
                    // unavailable: waiting for the writer, or for a primary, is no fault.
                    let told = |error: &StoreError| match error {
                        StoreError::Busy(why) => StoreError::Busy(why.clone()),
                        StoreError::Unavailable(why) => StoreError::Unavailable(why.clone()),
                        other => StoreError::Backend(other.to_string()),
                    };
                    for answer in answers {
                        let _ = answer.send(Err(told(&error)));
                    }
                }
            }
            // Every caller of the batch is answered before the next batch may begin.
            drop(turn);
        });
        answered.await.unwrap_or_else(|_| Err(abandoned()))
    }
}

/// The batch's writer ended without answering (it panicked): nothing says the event was kept.
fn abandoned() -> StoreError {
    StoreError::Backend("the audit batch ended without an answer".to_owned())
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use homeward_core::domain::audit::{AuditAction, AuditEvent, GENESIS_HASH};
    use homeward_core::domain::time::Timestamp;

    use super::*;

    fn event(n: usize) -> NewAuditEvent {
        let at = Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").expect("valid");
        NewAuditEvent {
            target_id: Some(format!("e-{n}")),
            ..NewAuditEvent::bare(at, "operator:test", AuditAction::EpisodeRead, "episode")
        }
    }

    fn seal(events: Vec<NewAuditEvent>) -> Vec<AuditEvent> {
        events.into_iter().enumerate().map(|(i, e)| e.seal(i as i64 + 1, GENESIS_HASH)).collect()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_events_share_batches_and_each_is_answered_with_its_own() {
        let commit = Arc::new(GroupCommit::<AuditEvent>::default());
        let batches = Arc::new(AtomicUsize::new(0));
        let callers: Vec<_> = (0..64)
            .map(|n| {
                let (commit, batches) = (Arc::clone(&commit), Arc::clone(&batches));
                tokio::spawn(async move {
                    commit
                        .append(event(n), move |events| async move {
                            batches.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                            Ok(seal(events))
                        })
                        .await
                })
            })
            .collect();
        for (n, caller) in callers.into_iter().enumerate() {
            let sealed = caller.await.expect("the caller ran").expect("the batch was written");
            assert_eq!(sealed.target_id, Some(format!("e-{n}")), "each caller gets its own event back");
        }
        assert!(batches.load(Ordering::SeqCst) < 64, "events waiting together are written together");
    }

    #[tokio::test]
    async fn a_batch_that_fails_answers_every_one_of_its_events_with_the_failure_and_the_next_goes_on() {
        let commit = GroupCommit::<AuditEvent>::default();
        let failed = commit
            .append(event(1), |_| async { Err(StoreError::Backend("disk full".into())) })
            .await
            .expect_err("nothing was kept");
        assert!(failed.to_string().contains("disk full"));
        let kept = commit.append(event(2), |events| async move { Ok(seal(events)) }).await.expect("written");
        assert_eq!(kept.target_id.as_deref(), Some("e-2"));
    }
}
