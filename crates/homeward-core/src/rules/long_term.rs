//! When an episode is long-term missing and when its reviews fall due: the one place these are decided.

use time::{Date, Duration};

use crate::domain::episode::{Episode, EpisodeStatus};
use crate::domain::long_term::ReviewInterval;
use crate::domain::time::{Timestamp, london};
use crate::rules::timed::LONG_TERM_MISSING;

/// Reviews of a long-term missing episode are this many days apart unless its entry says otherwise.
pub const DEFAULT_REVIEW_DAYS: u16 = 90;

/// The default interval, as the domain type.
pub fn default_interval() -> ReviewInterval {
    ReviewInterval::from_days(i64::from(DEFAULT_REVIEW_DAYS)).expect("the default is within the allowed range")
}

/// When the episode goes onto the register: a year after the person went missing.
pub fn register_since(went_missing_at: Timestamp) -> Timestamp {
    went_missing_at.plus(LONG_TERM_MISSING)
}

/// Whether the episode is on the register now: still open a year after the person went missing.
pub fn is_long_term(episode: &Episode, now: Timestamp) -> bool {
    episode.status == EpisodeStatus::Missing && register_since(episode.went_missing_at) <= now
}

/// The latest moment someone may have gone missing to be long-term missing at `now`: lists ask for open episodes
/// that went missing at or before it.
pub fn went_missing_by(now: Timestamp) -> Timestamp {
    now.plus(-LONG_TERM_MISSING)
}

/// The UK date the next review falls due: the day the episode went onto the register, then one interval after the
/// latest review.
pub fn review_due_on(went_missing_at: Timestamp, last_review: Option<Date>, interval: ReviewInterval) -> Date {
    match last_review {
        None => london(register_since(went_missing_at)).date(),
        Some(on) => on + Duration::days(i64::from(interval.days())),
    }
}

/// Whether the review is overdue on `today` (a UK date): the day after its due date.
pub fn review_overdue(due_on: Date, today: Date) -> bool {
    today > due_on
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("a valid timestamp")
    }

    #[test]
    fn the_first_review_falls_on_entering_the_register_then_every_interval() {
        let went = at("2025-03-05T10:00:00Z");
        assert_eq!(review_due_on(went, None, default_interval()), date!(2026 - 03 - 05));
        assert_eq!(review_due_on(went, Some(date!(2026 - 03 - 10)), default_interval()), date!(2026 - 06 - 08));
        let monthly = ReviewInterval::from_days(30).expect("in range");
        assert_eq!(review_due_on(went, Some(date!(2026 - 03 - 10)), monthly), date!(2026 - 04 - 09));
        assert!(!review_overdue(date!(2026 - 04 - 09), date!(2026 - 04 - 09)));
        assert!(review_overdue(date!(2026 - 04 - 09), date!(2026 - 04 - 10)));
    }

    #[test]
    fn a_year_and_still_open_is_long_term() {
        let now = at("2026-03-05T10:00:00Z");
        assert_eq!(went_missing_by(now), at("2025-03-05T10:00:00Z"));
        assert_eq!(register_since(at("2025-03-05T10:00:00Z")), now);
    }
}
