//! The daily digest of an agency's alerts, for its senior managers and missing persons coordinators: when it is
//! sent and what it counts. Who may receive it is decided in `authz` (the `receive_digest` action).

use time::{Date, Duration, Time};

use crate::domain::time::{Timestamp, from_london, london};

/// The digest goes at 07:00 London time, before the morning's meetings: the first scheduler tick at or after it
/// sends the day's, once, whichever server ticks.
pub const SEND_AT: Time = time::macros::time!(07:00);

/// An open alert waiting longer than this is counted as overdue: nobody has acted on it for a day.
pub const OVERDUE_AFTER: Duration = Duration::hours(24);

/// The day whose digest is due at `now`, if its time has come (London time, so 07:00 is 07:00 in summer too).
pub fn due_day(now: Timestamp) -> Option<Date> {
    let local = london(now);
    (local.time() >= SEND_AT).then(|| local.date())
}

/// What the day's digest counts, as moments: alerts open and raised before `overdue_before` are overdue; alerts
/// closed at or after `closed_since` (the previous day's sending time, so consecutive digests neither overlap nor
/// leave a gap, whenever the tick ran and however long the London day) were closed since the last digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub overdue_before: Timestamp,
    pub closed_since: Timestamp,
}

/// The window of `day`'s digest, sent at `now`.
pub fn window(day: Date, now: Timestamp) -> Window {
    let yesterday = day.previous_day().and_then(|d| from_london(d, SEND_AT));
    Window { overdue_before: now.plus(-OVERDUE_AFTER), closed_since: yesterday.unwrap_or(now.plus(-Duration::days(1))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("a time")
    }

    #[test]
    fn the_digest_is_due_from_seven_in_the_morning_london_time() {
        assert_eq!(due_day(at("2026-01-12T06:59:59Z")), None);
        assert_eq!(due_day(at("2026-01-12T07:00:00Z")).map(|d| d.to_string()).as_deref(), Some("2026-01-12"));
        // British Summer Time: 07:00 in London is 06:00 UTC.
        assert_eq!(due_day(at("2026-07-12T05:59:00Z")), None);
        assert_eq!(due_day(at("2026-07-12T06:00:00Z")).map(|d| d.to_string()).as_deref(), Some("2026-07-12"));
    }

    #[test]
    fn it_counts_closures_since_the_previous_digests_time_whenever_the_tick_ran() {
        let day = |text: &str| {
            time::Date::parse(text, time::macros::format_description!("[year]-[month]-[day]")).expect("a date")
        };
        let w = window(day("2026-01-12"), at("2026-01-12T09:30:00Z"));
        assert_eq!(w.closed_since, at("2026-01-11T07:00:00Z"), "a late tick still starts where yesterday's began");
        assert_eq!(w.overdue_before, at("2026-01-11T09:30:00Z"));
        // The clocks go forward on 29 March 2026: the day before's 07:00 was GMT, this one's BST.
        let spring = window(day("2026-03-30"), at("2026-03-30T06:00:00Z"));
        assert_eq!(spring.closed_since, at("2026-03-29T06:00:00Z"));
    }
}
