//! How long a browser session lasts, and how many sign-in attempts an account or a source may make before it is
//! locked out for a while (issue 16, item 1). Attempts are counted before anything is checked, so guesses sent at
//! once are refused, not merely slowed; each lock-out lasts twice the one before, up to a cap, and ends with time
//! or when an administrator lifts it.

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

/// How long a session that has passed the password may take to pass the second factor (or finish enrolling).
pub const SECOND_FACTOR_WITHIN: Duration = Duration::minutes(10);

/// How many attempts one key (an account, or a source) may make before it is locked out, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptLimit {
    /// Attempts not followed by a sign-in that are checked; the next one is refused and starts a lock-out.
    pub allowed: u32,
    /// The first lock-out's length; each later one doubles it.
    pub first_lock: Duration,
    /// No lock-out lasts longer.
    pub longest_lock: Duration,
    /// A counter left alone this long starts again from nothing (lock-outs included).
    pub forget_after: Duration,
}

/// One account (an email address, whether or not anyone has it): five wrong passwords or codes, then a minute,
/// doubling to an hour. Local policy: these are the defaults.
pub const ACCOUNT_LIMIT: AttemptLimit = AttemptLimit {
    allowed: 5,
    first_lock: Duration::minutes(1),
    longest_lock: Duration::hours(1),
    forget_after: Duration::hours(24),
};

/// One source (the client address as the server sees it) across every account: wide enough for an office behind one
/// address, narrow enough that one password tried across many accounts stops after thirty.
pub const SOURCE_LIMIT: AttemptLimit = AttemptLimit {
    allowed: 30,
    first_lock: Duration::minutes(1),
    longest_lock: Duration::hours(1),
    forget_after: Duration::hours(24),
};

/// The source an attempt is counted under: an IPv4 address (or an IPv4 address carried in IPv6) whole, an IPv6
/// address by its /64, the smallest network a single subscriber is normally given, so that one client cannot make a
/// new source of every address of its own network.
pub fn counted_source(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                v4.to_string()
            } else {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        }
    }
}

/// A counter as stored: attempts not yet followed by a sign-in, lock-outs so far, the current lock-out's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptCount {
    pub failures: u32,
    pub lockouts: u32,
    pub locked_until: Option<Timestamp>,
    pub last_at: Timestamp,
}

impl AttemptCount {
    /// A counter nobody has used.
    pub fn fresh(now: Timestamp) -> Self {
        Self { failures: 0, lockouts: 0, locked_until: None, last_at: now }
    }
}

/// Whether an attempt may be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptVerdict {
    /// Check it: it has been counted as a failure until it succeeds.
    Check,
    /// Refuse it unchecked: the key is locked out until then.
    Refused { until: Timestamp },
}

impl AttemptLimit {
    /// Counts an attempt before it is checked: the verdict, and the counter to store. Every attempt counts as a
    /// failure until it succeeds ([`AttemptCount::succeeded`]), so attempts made at once are each counted.
    pub fn attempt(&self, before: AttemptCount, now: Timestamp) -> (AttemptVerdict, AttemptCount) {
        let mut count = before;
        if now.since(count.last_at) >= self.forget_after {
            count = AttemptCount::fresh(now);
        }
        if let Some(until) = count.locked_until {
            if until > now {
                return (AttemptVerdict::Refused { until }, count);
            }
            // The lock-out is over: a new series of attempts, each lock-out still longer than the last.
            count.locked_until = None;
            count.failures = 0;
        }
        count.last_at = now;
        if count.failures >= self.allowed {
            let until = now.plus(self.lock_for(count.lockouts));
            count.locked_until = Some(until);
            count.lockouts = count.lockouts.saturating_add(1);
            count.failures = 0;
            return (AttemptVerdict::Refused { until }, count);
        }
        count.failures += 1;
        (AttemptVerdict::Check, count)
    }

    /// How long the lock-out after `lockouts` earlier ones lasts: the first, doubling, up to the longest.
    pub fn lock_for(&self, lockouts: u32) -> Duration {
        let factor = 2i32.saturating_pow(lockouts.min(20));
        (self.first_lock * factor).min(self.longest_lock)
    }
}

impl AttemptCount {
    /// The attempt that was counted succeeded: it is no longer a failure.
    #[must_use]
    pub fn succeeded(self) -> Self {
        Self { failures: self.failures.saturating_sub(1), ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("valid")
    }

    #[test]
    fn five_attempts_are_checked_then_a_lock_out_doubling_to_an_hour() {
        let now = at("2026-01-01T08:00:00Z");
        let mut count = AttemptCount::fresh(now);
        for _ in 0..5 {
            let (verdict, next) = ACCOUNT_LIMIT.attempt(count, now);
            assert_eq!(verdict, AttemptVerdict::Check);
            count = next;
        }
        let (verdict, locked) = ACCOUNT_LIMIT.attempt(count, now);
        assert_eq!(verdict, AttemptVerdict::Refused { until: now.plus(Duration::minutes(1)) });
        let (again, _) = ACCOUNT_LIMIT.attempt(locked, now.plus(Duration::seconds(59)));
        assert!(matches!(again, AttemptVerdict::Refused { .. }), "still locked within the minute");
        let later = now.plus(Duration::minutes(1));
        let mut count = locked;
        for _ in 0..5 {
            let (verdict, next) = ACCOUNT_LIMIT.attempt(count, later);
            assert_eq!(verdict, AttemptVerdict::Check, "the lock-out is over: five more are checked");
            count = next;
        }
        let (verdict, _) = ACCOUNT_LIMIT.attempt(count, later);
        assert_eq!(verdict, AttemptVerdict::Refused { until: later.plus(Duration::minutes(2)) }, "doubled");
        assert_eq!(ACCOUNT_LIMIT.lock_for(6), Duration::hours(1), "capped at an hour");
        assert_eq!(ACCOUNT_LIMIT.lock_for(u32::MAX), Duration::hours(1));
    }

    #[test]
    fn a_success_uncounts_its_attempt_and_an_idle_counter_is_forgotten() {
        let now = at("2026-01-01T08:00:00Z");
        let (_, count) = ACCOUNT_LIMIT.attempt(AttemptCount::fresh(now), now);
        assert_eq!(count.succeeded().failures, 0);
        let stale = AttemptCount { failures: 5, lockouts: 3, locked_until: None, last_at: now };
        let (verdict, count) = ACCOUNT_LIMIT.attempt(stale, now.plus(Duration::hours(24)));
        assert_eq!((verdict, count.failures, count.lockouts), (AttemptVerdict::Check, 1, 0));
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

    #[test]
    fn an_ipv6_client_is_one_source_across_its_64_and_a_mapped_ipv4_is_its_ipv4() {
        let ip = |text: &str| text.parse::<std::net::IpAddr>().expect("an address");
        assert_eq!(counted_source(ip("2001:db8:1:2:aaaa::1")), counted_source(ip("2001:db8:1:2:ffff::9")));
        assert_ne!(counted_source(ip("2001:db8:1:2::1")), counted_source(ip("2001:db8:1:3::1")));
        assert_eq!(counted_source(ip("::ffff:192.0.2.7")), "192.0.2.7");
        assert_eq!(counted_source(ip("192.0.2.7")), "192.0.2.7");
    }
}
