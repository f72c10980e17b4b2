//! Deadlines that run from the moment a person comes back or goes missing (DOMAIN.md, Deadlines).

use time::Duration;

use crate::domain::time::Timestamp;

/// A return home interview must be offered within 72 hours of the child's return (national, statutory guidance).
pub const RETURN_INTERVIEW_WINDOW: Duration = Duration::hours(72);

/// When the return interview for a return at `returned_at` is due.
pub fn return_interview_due(returned_at: Timestamp) -> Timestamp {
    returned_at.plus(RETURN_INTERVIEW_WINDOW)
}

/// Whether something done at `done_at` was within 72 hours of `returned_at` (at most 72 hours after: CONTRACT.md).
pub fn within_72_hours(returned_at: Timestamp, done_at: Timestamp) -> bool {
    done_at.since(returned_at) <= RETURN_INTERVIEW_WINDOW
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("valid")
    }

    #[test]
    fn the_interview_is_due_exactly_72_hours_after_return() {
        assert_eq!(return_interview_due(at("2026-03-28T22:15:00Z")), at("2026-03-31T22:15:00Z"));
    }

    #[test]
    fn seventy_two_hours_to_the_microsecond_is_still_in_time() {
        let returned = at("2026-03-01T10:00:00Z");
        assert!(within_72_hours(returned, at("2026-03-04T10:00:00Z")));
        assert!(!within_72_hours(returned, at("2026-03-04T10:00:00.000001Z")));
    }
}
