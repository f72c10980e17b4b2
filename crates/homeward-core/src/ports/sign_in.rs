//! Sign-in's part of a transaction: attempt counters, second factors, recovery codes (issue 16, item 1).

use async_trait::async_trait;

use crate::domain::ids::{AgencyId, UserId};
use crate::domain::second_factor::SecondFactor;
use crate::domain::time::Timestamp;
use crate::domain::user::User;
use crate::error::StoreError;
use crate::rules::sessions::AttemptCount;

/// Counters, second factors and recovery codes.
#[async_trait]
pub trait SignInTx: Send {
    /// The counter under `key` (a fresh one, stored, if there was none), held for this transaction: another
    /// transaction asking for it waits until this one ends, so concurrent attempts are counted one after another.
    async fn sign_in_counter(&mut self, key: &str, now: Timestamp) -> Result<AttemptCount, StoreError>;
    async fn set_sign_in_counter(&mut self, key: &str, count: &AttemptCount) -> Result<(), StoreError>;
    /// Forgets the counter; answers whether there was one.
    async fn clear_sign_in_counter(&mut self, key: &str) -> Result<bool, StoreError>;

    async fn second_factor(&mut self, user: UserId) -> Result<Option<SecondFactor>, StoreError>;
    /// Records the user's second factor, replacing any they had.
    async fn put_second_factor(&mut self, factor: &SecondFactor) -> Result<(), StoreError>;
    /// Records that a code for `step` was accepted, unless one for this step or a later one already was: answers
    /// whether it was recorded (so a code is used once, however many requests bring it at once).
    async fn use_totp_step(&mut self, user: UserId, step: i64) -> Result<bool, StoreError>;
    /// Removes the user's second factor and recovery codes; answers whether there was a second factor.
    async fn delete_second_factor(&mut self, user: UserId) -> Result<bool, StoreError>;

    async fn insert_recovery_codes(&mut self, user: UserId, hashes: &[String]) -> Result<(), StoreError>;
    /// Marks an unused recovery code used; answers whether there was one.
    async fn use_recovery_code(&mut self, user: UserId, hash: &str, at: Timestamp) -> Result<bool, StoreError>;
    async fn recovery_codes_left(&mut self, user: UserId) -> Result<i64, StoreError>;

    /// The agency's users by name, with whether each has a confirmed second factor: their admin's page.
    async fn agency_users(&mut self, agency: AgencyId) -> Result<Vec<(User, bool)>, StoreError>;

    /// Ends every session of the user (after their second factor is reset).
    async fn delete_sessions_of(&mut self, user: UserId) -> Result<(), StoreError>;
}
