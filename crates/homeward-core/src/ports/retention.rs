//! Retention's part of a transaction: the facts that decide how long a person's records are kept, and the erasure of
//! what is due. Unscoped: only an operator's service calls them.

use async_trait::async_trait;
use time::Date;

use crate::domain::ids::PersonId;
use crate::domain::time::Timestamp;
use crate::error::StoreError;
use crate::rules::retention::PersonFacts;

/// How many of each kind of record erasing one person removed or blanked: what its tombstone says, and no more.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Erased {
    pub profiles: u64,
    pub photos: u64,
    pub placements: u64,
    pub episodes: u64,
    pub risk_assessments: u64,
    pub safe_and_well_checks: u64,
    pub return_interviews: u64,
    pub recommendations: u64,
    pub intel_links: u64,
    pub associates: u64,
    pub references: u64,
    pub ssda903_rows: u64,
    pub context_memberships: u64,
    /// Child abduction warning notices served in respect of them.
    pub notices: u64,
    /// Part 2 descriptions, long-term register entries and reviews, support plans and sessions, and helpline
    /// contacts linked to them.
    pub follow_up: u64,
}

#[async_trait]
pub trait RetentionTx: Send {
    /// The next people not yet erased after `after` (by id as text; `""` for the first), at most `limit`, each with
    /// the facts that decide when their records fall due.
    async fn retention_facts_after(
        &mut self,
        after: &str,
        limit: u32,
    ) -> Result<Vec<(PersonId, PersonFacts)>, StoreError>;

    /// Erases a person's records: names replaced, the date of birth replaced by `born` (a day of its year chosen by
    /// the retention rule), profiles, photo,
    /// placements, the senders' references, SSDA903 rows and match keys removed, every free-text field of their
    /// episodes, assessments, checks, interviews and recommendations blanked, their places-and-people links removed
    /// with any associate no other record names, and the person marked erased. The coded facts the statutory
    /// figures count (dates, grades, outcomes, flags) stay.
    async fn erase_person(&mut self, person: PersonId, born: Date, at: Timestamp) -> Result<Erased, StoreError>;

    /// Removes browser sessions last used before `before`; how many.
    async fn remove_sessions_unused_since(&mut self, before: Timestamp) -> Result<u64, StoreError>;

    /// Clears what helpline contacts linked to no person, made before `before`, hold about the caller and what they
    /// asked (the rest stays for the provider's figures); how many were cleared. Those already clear are not counted.
    async fn erase_unlinked_helpline_contacts_before(&mut self, before: Timestamp) -> Result<u64, StoreError>;

    /// Removes notifications delivered or given up on that were created before `before`; how many.
    async fn remove_notifications_sent_before(&mut self, before: Timestamp) -> Result<u64, StoreError>;
}
