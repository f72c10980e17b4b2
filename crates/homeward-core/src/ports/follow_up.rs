//! What follows a report, as a transaction reads and writes it (issue 17): the review of a legacy "absent"
//! episode, the Philomena Protocol's part 2 on an episode, earlier versions of a profile, and the long-term
//! missing register.

use async_trait::async_trait;

use crate::authz::Scope;
use crate::domain::ids::{EpisodeId, PersonId};
use crate::domain::legacy::{LegacyAbsent, LegacyAbsentReview};
use crate::domain::long_term::{LongTermEntry, LongTermListing, LongTermReview};
use crate::domain::paging::Paging;
use crate::domain::profile::{MissingDescription, Profile};
use crate::domain::time::Timestamp;
use crate::error::StoreError;

/// Which long-term missing episodes to list: open ones that went missing at or before `went_missing_by`, within
/// the scope, and for a council only the children it is responsible for.
#[derive(Debug, Clone, Copy)]
pub struct LongTermQuery {
    pub went_missing_by: Timestamp,
    pub responsible_la: Option<crate::domain::ids::AgencyId>,
    pub paging: Paging<Timestamp, EpisodeId>,
}

#[async_trait]
pub trait FollowUpTx: Send {
    /// The episode's legacy "absent" flag and its review, if it was imported as "absent".
    async fn legacy_absent(&mut self, episode: EpisodeId) -> Result<Option<LegacyAbsent>, StoreError>;
    /// Records the review; false when the episode has no "absent" flag or was reviewed already.
    async fn review_legacy_absent(
        &mut self,
        episode: EpisodeId,
        review: &LegacyAbsentReview,
    ) -> Result<bool, StoreError>;

    async fn missing_description(&mut self, episode: EpisodeId) -> Result<Option<MissingDescription>, StoreError>;
    /// Saves part 2, replacing an earlier one.
    async fn save_missing_description(&mut self, description: &MissingDescription) -> Result<(), StoreError>;

    /// Up to `paging.limit` versions of the person's profile, the latest first, older than the cursor's version.
    async fn profile_version_page(
        &mut self,
        person: PersonId,
        paging: &Paging<i64, PersonId>,
    ) -> Result<Vec<Profile>, StoreError>;
    async fn profile_version(&mut self, person: PersonId, version: i64) -> Result<Option<Profile>, StoreError>;

    /// Long-term missing episodes in scope, the longest missing first, each with its entry and latest review.
    async fn long_term_listings(
        &mut self,
        scope: Scope,
        query: &LongTermQuery,
    ) -> Result<Vec<LongTermListing>, StoreError>;
    async fn long_term_entry(&mut self, episode: EpisodeId) -> Result<Option<LongTermEntry>, StoreError>;
    /// Saves the entry whole, replacing an earlier one.
    async fn save_long_term_entry(&mut self, entry: &LongTermEntry) -> Result<(), StoreError>;
    /// The episode's reviews, the latest first.
    async fn long_term_reviews(&mut self, episode: EpisodeId) -> Result<Vec<LongTermReview>, StoreError>;
    async fn insert_long_term_review(&mut self, review: &LongTermReview) -> Result<(), StoreError>;
    /// Every open long-term episode (went missing at or before `went_missing_by`), with its entry and latest
    /// review, for the scheduler's review alerts.
    async fn long_term_sweep(&mut self, went_missing_by: Timestamp) -> Result<Vec<LongTermListing>, StoreError>;
}
