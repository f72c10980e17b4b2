//! Where a return interview stands against its 72 hours (DOMAIN.md, Deadlines and notifications): which interviews
//! await their offer, which are overdue, and which council is told when one is. Lists, counts and alerts all ask
//! these, and stores filter only by the selections they compute.

use crate::domain::ids::AgencyId;
use crate::domain::return_interview::{InterviewFilter, InterviewSelection, InterviewStatus, ReturnInterview};
use crate::domain::time::Timestamp;

/// An interview not yet offered: just created, or assigned to a practitioner.
pub const AWAITING_OFFER: [InterviewStatus; 2] = [InterviewStatus::Due, InterviewStatus::Assigned];

/// Statutory interviews not yet offered: the work the 72-hour deadline runs on. An adult's return conversation has
/// no deadline, so never waits on one.
pub fn awaiting_offer() -> InterviewSelection {
    InterviewSelection { statutory: Some(true), statuses: Some(AWAITING_OFFER.to_vec()), due_before: None }
}

/// Of those, the ones whose 72 hours have run out at `now`; one due exactly now is still in time.
pub fn overdue(now: Timestamp) -> InterviewSelection {
    InterviewSelection { due_before: Some(now), ..awaiting_offer() }
}

/// Whether the interview is overdue at `now`.
pub fn is_overdue(interview: &ReturnInterview, now: Timestamp) -> bool {
    overdue(now).matches(interview)
}

/// The interviews a list asks for: any, or those of one status, and only overdue ones when asked.
pub fn listed(filter: InterviewFilter, now: Timestamp) -> InterviewSelection {
    let mut selection = if filter.overdue { overdue(now) } else { InterviewSelection::default() };
    if let Some(status) = filter.status {
        let statuses = selection.statuses.unwrap_or_else(|| vec![status]);
        selection.statuses = Some(statuses.into_iter().filter(|s| *s == status).collect());
    }
    selection
}

/// The council told that a child's interview is overdue: the council responsible for the child, or, for a child
/// with none, the council whose area they went missing from.
pub fn told_of_overdue(responsible_la_id: Option<AgencyId>, area_la_id: Option<AgencyId>) -> Option<AgencyId> {
    responsible_la_id.or(area_la_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::EpisodeId;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("valid")
    }

    fn interview(status: InterviewStatus, statutory: bool) -> ReturnInterview {
        ReturnInterview {
            status,
            ..ReturnInterview::after_return(
                EpisodeId::random(),
                statutory,
                at("2026-03-01T10:00:00Z"),
                at("2026-03-01T10:00:00Z"),
            )
        }
    }

    #[test]
    fn an_interview_not_offered_is_overdue_only_once_its_72_hours_have_passed() {
        let due = interview(InterviewStatus::Assigned, true);
        assert!(!is_overdue(&due, due.due_at), "due exactly now is still in time");
        assert!(is_overdue(&due, due.due_at.plus(time::Duration::microseconds(1))));
        let late = due.due_at.plus(time::Duration::hours(1));
        for status in [InterviewStatus::Offered, InterviewStatus::Completed, InterviewStatus::Declined] {
            assert!(!is_overdue(&interview(status, true), late), "{status} has been offered");
        }
        assert!(!is_overdue(&interview(InterviewStatus::Due, false), late), "a conversation has no deadline");
        assert!(awaiting_offer().matches(&interview(InterviewStatus::Due, true)));
    }

    #[test]
    fn a_list_of_one_status_that_is_never_overdue_asks_for_nothing() {
        let now = at("2026-03-05T10:00:00Z");
        let offered_overdue = listed(InterviewFilter { status: Some(InterviewStatus::Offered), overdue: true }, now);
        assert_eq!(offered_overdue.statuses, Some(Vec::new()));
        let due_overdue = listed(InterviewFilter { status: Some(InterviewStatus::Due), overdue: true }, now);
        assert_eq!(due_overdue.statuses, Some(vec![InterviewStatus::Due]));
        assert_eq!(listed(InterviewFilter::default(), now), InterviewSelection::default());
    }

    #[test]
    fn the_responsible_council_is_told_or_else_the_council_of_the_area() {
        let (responsible, area) = (AgencyId::random(), AgencyId::random());
        assert_eq!(told_of_overdue(Some(responsible), Some(area)), Some(responsible));
        assert_eq!(told_of_overdue(None, Some(area)), Some(area));
        assert_eq!(told_of_overdue(None, None), None);
    }
}
