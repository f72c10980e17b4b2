//! When a children's home owes Ofsted a notification, and when Homeward alerts its manager that one is unrecorded.
//!
//! Children's Homes Regulations 2015 reg 40(4): the registered person notifies Ofsted "without delay" when a child
//! is suspected of being sexually exploited, or when an incident at the home needs the police. Homeward prompts the
//! home the moment either is recorded of a child who went missing from it while placed with it, and, since "without
//! delay" sets no hour, alerts the home when a prompt is still unrecorded a day later.

use time::Duration;

use crate::domain::agency::AgencyKind;
use crate::domain::episode::{Episode, MissingFrom};
use crate::domain::ids::AgencyId;
use crate::domain::ofsted::OfstedNotification;
use crate::domain::person::Person;
use crate::domain::time::Timestamp;
use crate::error::CoreError;
use crate::rules::clock::check_time;

/// How long after the prompt an unrecorded notification is alerted to the home.
pub const NOTIFY_WITHIN: Duration = Duration::hours(24);

/// The children's home that owes Ofsted a notification about this episode: the child's placement provider, a care
/// provider, when the child went missing from a children's home. `provider_kind` is that provider's kind.
pub fn home_to_prompt(episode: &Episode, person: &Person, provider_kind: Option<AgencyKind>) -> Option<AgencyId> {
    let from_a_home = episode.missing_from == MissingFrom::ChildrensHome;
    let child = person.is_child_at(episode.went_missing_at);
    let home = person.placement_provider_id.filter(|_| provider_kind == Some(AgencyKind::CareProvider))?;
    (from_a_home && child).then_some(home)
}

/// When an unrecorded notification falls overdue.
pub fn overdue_at(notification: &OfstedNotification) -> Timestamp {
    notification.prompted_at.plus(NOTIFY_WITHIN)
}

/// Whether the notification was recorded as made within the day Homeward allows.
pub fn notified_in_time(prompted_at: Timestamp, notified_at: Option<Timestamp>) -> bool {
    notified_at.is_some_and(|at| at <= prompted_at.plus(NOTIFY_WITHIN))
}

/// Refuses a notification time before the child went missing (nothing was owed then) or in the future.
pub fn check_notified_at(at: Timestamp, went_missing_at: Timestamp, now: Timestamp) -> Result<(), CoreError> {
    check_time("notified_at", at, went_missing_at, "the child went missing", now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("valid")
    }

    #[test]
    fn a_day_after_the_prompt_is_in_time_and_a_moment_more_is_not() {
        let prompted = at("2026-03-05T08:00:00Z");
        assert!(notified_in_time(prompted, Some(at("2026-03-06T08:00:00Z"))));
        assert!(!notified_in_time(prompted, Some(at("2026-03-06T08:00:01Z"))));
        assert!(!notified_in_time(prompted, None));
    }

    #[test]
    fn a_notification_is_not_before_the_child_went_missing_nor_in_the_future() {
        let went = at("2026-03-05T08:00:00Z");
        let now = at("2026-03-06T08:00:00Z");
        assert!(check_notified_at(at("2026-03-05T07:59:59Z"), went, now).is_err());
        assert!(check_notified_at(at("2026-03-06T09:00:00Z"), went, now).is_err());
        assert!(check_notified_at(at("2026-03-05T09:00:00Z"), went, now).is_ok());
    }
}
