//! The long-term missing register (DOMAIN.md: missing over a year): an episode still open after a year is on it
//! by that fact alone; its entry records the family liaison, how often it is reviewed, the UK Missing Persons Unit
//! referral and the family's guardianship order (Guardianship (Missing Persons) Act 2017).

use time::Date;

use super::episode::EpisodeListing;
use super::ids::{EpisodeId, LongTermReviewId, UserId};
use super::text::{DisplayName, FreeText, Reference};
use super::time::Timestamp;

/// What the register holds about one long-term missing episode, beyond the episode itself. Every field but the
/// review interval stays empty until someone knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongTermEntry {
    pub episode_id: EpisodeId,
    /// The family liaison officer.
    pub liaison_officer: Option<DisplayName>,
    /// How the family and the liaison officer reach each other.
    pub liaison_contact: Option<FreeText>,
    /// When the liaison officer last spoke with the family.
    pub last_contact_on: Option<Date>,
    /// Days between reviews.
    pub review_interval: ReviewInterval,
    /// When the case was referred to the UK Missing Persons Unit, and its reference there.
    pub mpu_referred_on: Option<Date>,
    pub mpu_reference: Option<Reference>,
    /// When the High Court made a guardianship order for the missing person's affairs, and the guardian it named.
    pub guardianship_order_on: Option<Date>,
    pub guardian: Option<DisplayName>,
    pub updated_by: UserId,
    pub updated_at: Timestamp,
}

/// One review of a long-term missing episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongTermReview {
    pub id: LongTermReviewId,
    pub episode_id: EpisodeId,
    pub reviewed_on: Date,
    pub summary: FreeText,
    pub reviewed_by: UserId,
    pub recorded_at: Timestamp,
}

/// Days between reviews of a long-term missing episode: a week to a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReviewInterval(u16);

impl ReviewInterval {
    pub const MIN_DAYS: u16 = 7;
    pub const MAX_DAYS: u16 = 365;

    pub fn parse(text: &str) -> Result<Self, String> {
        let days: i64 = text.trim().parse().map_err(|_| "enter the number of days between reviews".to_owned())?;
        Self::from_days(days)
    }

    pub fn from_days(days: i64) -> Result<Self, String> {
        u16::try_from(days)
            .ok()
            .filter(|d| (Self::MIN_DAYS..=Self::MAX_DAYS).contains(d))
            .map(Self)
            .ok_or_else(|| format!("reviews must be {} to {} days apart", Self::MIN_DAYS, Self::MAX_DAYS))
    }

    pub fn days(self) -> u16 {
        self.0
    }
}

/// One episode on the register: the episode and person as lists show them, its entry (if one has been made) and
/// its latest review.
#[derive(Debug, Clone)]
pub struct LongTermListing {
    pub listing: EpisodeListing,
    /// The person's responsible council, which keeps the register with the police.
    pub responsible_la_id: Option<super::ids::AgencyId>,
    pub entry: Option<LongTermEntry>,
    pub last_reviewed_on: Option<Date>,
}

/// A listing with when its next review falls due, and whether that has passed.
#[derive(Debug, Clone)]
pub struct LongTermItem {
    pub listing: LongTermListing,
    pub review_due_on: Date,
    pub review_overdue: bool,
}

/// An episode's entry and reviews, newest review first, as its page and the API show them.
#[derive(Debug, Clone)]
pub struct LongTermRecord {
    pub episode_id: EpisodeId,
    /// When the episode went onto the register: a year after the person went missing.
    pub since: Timestamp,
    pub entry: Option<LongTermEntry>,
    pub reviews: Vec<LongTermReview>,
    /// When the next review falls due (UK date).
    pub review_due_on: Date,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interval_is_a_week_to_a_year_of_whole_days() {
        assert_eq!(ReviewInterval::parse("90").map(ReviewInterval::days), Ok(90));
        assert!(ReviewInterval::parse("6").is_err());
        assert!(ReviewInterval::parse("366").is_err());
        assert!(ReviewInterval::parse("-5").is_err());
        assert!(ReviewInterval::parse("ninety").is_err());
    }
}
