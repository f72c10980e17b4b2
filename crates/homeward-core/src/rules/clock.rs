//! Times people give for what happened: never before what they follow, never ahead of the service's clock by more
//! than the machines' clocks may differ.

use time::Duration;

use crate::domain::time::Timestamp;
use crate::error::CoreError;

/// Clocks differ a little between machines; a time this far ahead of ours is still accepted.
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// Whether `at` is later than anything a clock could read at `now`.
pub fn in_the_future(at: Timestamp, now: Timestamp) -> bool {
    at > now.plus(CLOCK_SKEW)
}

/// Refuses, as a field error, a time before `earliest` (described for a person as `earliest_is`) or in the future.
pub fn check_time(
    field: &str,
    at: Timestamp,
    earliest: Timestamp,
    earliest_is: &str,
    now: Timestamp,
) -> Result<(), CoreError> {
    if at < earliest {
        return Err(CoreError::invalid(field, format!("must not be before {earliest_is}")));
    }
    if in_the_future(at, now) {
        return Err(CoreError::invalid(field, "must not be in the future"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_minutes_ahead_is_a_clock_difference_and_a_moment_more_is_the_future() {
        let now = Timestamp::parse_rfc3339("2026-03-01T10:00:00Z").expect("valid");
        assert!(!in_the_future(now.plus(CLOCK_SKEW), now));
        assert!(in_the_future(now.plus(CLOCK_SKEW + Duration::microseconds(1)), now));
        assert!(check_time("at", now.plus(CLOCK_SKEW), now, "then", now).is_ok());
        assert!(check_time("at", now.plus(Duration::hours(-1)), now, "then", now).is_err());
    }
}
