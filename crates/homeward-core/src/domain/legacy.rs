//! A legacy "absent" episode (DOMAIN.md): the category was abolished in 2017, so an import carrying it is stored as
//! no apparent risk and stays flagged until a police supervisor has reviewed the grade it was given.

use super::ids::UserId;
use super::text::FreeText;
use super::time::Timestamp;

/// What is known of an episode imported as "absent".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyAbsent {
    /// The supervisor's review, once done; until then the episode shows `legacy_absent_review`.
    pub review: Option<LegacyAbsentReview>,
}

impl LegacyAbsent {
    /// Whether the episode still waits for a supervisor's review.
    pub fn awaiting_review(&self) -> bool {
        self.review.is_none()
    }
}

/// A police supervisor's review of a legacy "absent" episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyAbsentReview {
    pub reviewed_by: UserId,
    pub reviewed_at: Timestamp,
    /// What the supervisor concluded, if they wrote it down.
    pub note: Option<FreeText>,
}
