//! Idempotency keys' part of a transaction (issue 16, item 8), and the key a request is being carried out under.
//!
//! A request with a key is carried out within [`carrying_out`]; every transaction begun for work ([`super::Store::
//! begin`]) that commits meanwhile marks the key carried out *in that same transaction*, so the key's record says
//! truly whether the work was committed even when the server loses its database before the answer is kept.

use std::cell::RefCell;
use std::pin::Pin;
use std::task::{Context, Poll};

use async_trait::async_trait;

use crate::domain::idempotency::{Fingerprint, IdempotencyKey, KeyRecord, StoredResponse};
use crate::domain::ids::UserId;
use crate::domain::time::Timestamp;
use crate::error::StoreError;

/// A user's key, as the request carried out under it is known to the store.
#[derive(Debug, Clone)]
pub struct PendingKey {
    pub user: UserId,
    pub key: IdempotencyKey,
}

thread_local! {
    /// The key of the request whose future is being polled on this thread, set only while it is polled.
    static PENDING: RefCell<Option<PendingKey>> = const { RefCell::new(None) };
}

/// A request's handling, polled with its key in place: what a task-local value is, without the core depending on
/// an async runtime.
struct CarriedOut<F> {
    pending: PendingKey,
    work: Pin<Box<F>>,
}

/// Puts the previous key back when the poll ends, however it ends.
struct Restore(Option<PendingKey>);

impl Drop for Restore {
    fn drop(&mut self) {
        let previous = self.0.take();
        PENDING.with(|cell| *cell.borrow_mut() = previous);
    }
}

impl<F: Future> Future for CarriedOut<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let pending = self.pending.clone();
        let _restore = Restore(PENDING.with(|cell| cell.borrow_mut().replace(pending)));
        self.work.as_mut().poll(cx)
    }
}

/// Runs `work` (a request's handling) as carried out under `pending`. Work it spawns onto other tasks is not.
pub async fn carrying_out<F: Future>(pending: PendingKey, work: F) -> F::Output {
    CarriedOut { pending, work: Box::pin(work) }.await
}

/// The key the current request is being carried out under, if any: what a committing transaction marks.
pub fn pending_key() -> Option<PendingKey> {
    PENDING.with(|cell| cell.borrow().clone())
}

/// The keys each user has sent, with the answers given.
#[async_trait]
pub trait IdempotencyTx: Send {
    /// Takes the user's key for a request with this fingerprint for `holder` at `at`, unless it is held already and
    /// was taken at or after `expired_before`: then nothing changes and the key's record is answered. An expired key
    /// is taken afresh. Two requests taking one key at once: one takes it, the other is answered its record.
    async fn take_idempotency_key(
        &mut self,
        user: UserId,
        key: &IdempotencyKey,
        fingerprint: &Fingerprint,
        holder: &str,
        at: Timestamp,
        expired_before: Timestamp,
    ) -> Result<Option<KeyRecord>, StoreError>;
    /// Takes the key again for `holder` at `at` if it is still as read (taken at `taken_at`, neither carried out nor
    /// answered); says whether it did, so two retries racing for it take it once.
    async fn retake_idempotency_key(
        &mut self,
        user: UserId,
        key: &IdempotencyKey,
        holder: &str,
        at: Timestamp,
        taken_at: Timestamp,
    ) -> Result<bool, StoreError>;
    /// Marks the key's request carried out: called in the transaction that does its work.
    async fn mark_carried_out(&mut self, pending: &PendingKey) -> Result<(), StoreError>;
    /// Keeps the answer given to the request that took the key.
    async fn settle_idempotency_key(
        &mut self,
        user: UserId,
        key: &IdempotencyKey,
        response: &StoredResponse,
    ) -> Result<(), StoreError>;
    /// Lets a key go whose request was not carried out, so that it may be sent again, as itself or another.
    async fn release_idempotency_key(&mut self, user: UserId, key: &IdempotencyKey) -> Result<(), StoreError>;
    /// Removes keys taken before `before`; answers how many.
    async fn purge_idempotency_keys(&mut self, before: Timestamp) -> Result<u64, StoreError>;
}
