//! How long a browser session lasts, and how repeated failed sign-ins slow down (NCSC: throttle rather than lock
//! out, so an attacker cannot lock a real user out of their account).

use time::Duration;

use crate::domain::time::Timestamp;

/// Session lifetimes. Local policy: these are the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Signed out after this long without a request.
    pub idle: Duration,
    /// Signed out this long after signing in, however active.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self { idle: Duration::minutes(30), absolute: Duration::hours(12) }
    }
}

impl SessionPolicy {
    pub fn is_live(&self, created_at: Timestamp, last_seen_at: Timestamp, now: Timestamp) -> bool {
        now.since(last_seen_at) < self.idle && now.since(created_at) < self.absolute
    }
}

/// Recording each request's time would write on every page; a minute's precision is plenty for idle expiry.
pub const TOUCH_EVERY: Duration = Duration::minutes(1);

/// Failed sign-ins for one email address are counted over this window.
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);

/// How long to hold the answer to a sign-in after `failures` recent failures for that email: nothing for the first
/// three, then doubling from one second to at most thirty.
pub fn sign_in_delay(failures: i64) -> Duration {
    if failures < 3 {
        return Duration::ZERO;
    }
    let doublings = u32::try_from((failures - 3).min(5)).unwrap_or(5);
    Duration::seconds(i64::from(2u32.pow(doublings)).min(30))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_ins_slow_down_after_three_failures_and_cap_at_thirty_seconds() {
        assert_eq!(sign_in_delay(0), Duration::ZERO);
        assert_eq!(sign_in_delay(2), Duration::ZERO);
        assert_eq!(sign_in_delay(3), Duration::seconds(1));
        assert_eq!(sign_in_delay(4), Duration::seconds(2));
        assert_eq!(sign_in_delay(7), Duration::seconds(16));
        assert_eq!(sign_in_delay(8), Duration::seconds(30));
        assert_eq!(sign_in_delay(1_000), Duration::seconds(30));
    }

    #[test]
    fn sessions_end_when_idle_or_old() {
        let policy = SessionPolicy::default();
        let start = Timestamp::parse_rfc3339("2026-01-01T08:00:00Z").expect("valid");
        assert!(policy.is_live(start, start, start.plus(Duration::minutes(29))));
        assert!(!policy.is_live(start, start, start.plus(Duration::minutes(30))));
        let busy = start.plus(Duration::hours(12));
        assert!(!policy.is_live(start, busy, busy), "active all day still ends at twelve hours");
    }
}
