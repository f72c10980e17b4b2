//! Which alerts a change raises (the passing of time: `timed`), and for which agency (DOMAIN.md, Deadlines and
//! notifications, and the local escalation rules).

use time::Duration;

use crate::domain::agency::AgencyKind;
use crate::domain::alert::AlertKind;
use crate::domain::episode::Episode;
use crate::domain::ids::AgencyId;
use crate::domain::person::Person;
use crate::domain::risk::{EpisodeRisk, RiskGrade};
use crate::domain::time::Timestamp;

/// An alert to raise: its kind, the agency it is for, and what makes it distinct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub kind: AlertKind,
    pub agency: AgencyId,
    pub occasion: String,
}

/// Whether an episode an import created lays on others what a report here would (a children's home's word to
/// Ofsted, a child abduction warning notice's alert): only while it is still open, a live case the sender's system
/// passes on. An episode long over, loaded from the past, owes nothing now.
pub fn live_on_import(episode: &Episode) -> bool {
    episode.returned_at.is_none()
}

/// Episodes within this window, the new one included, count towards a strategy meeting.
pub const STRATEGY_MEETING_WINDOW: Duration = Duration::days(30);
pub const STRATEGY_MEETING_EPISODES: usize = 3;

/// Two records confirmed as one child may each hold the same absence (a police and a council copy of one episode):
/// a linked record's episode starting within this of one of the person's own is taken to be the same absence.
pub const SAME_ABSENCE_WITHIN: Duration = Duration::hours(12);

/// The starts of the absences a person's episodes and their linked records' episodes stand for: every one of the
/// person's own (`own`, the new episode's included), and each of the linked records' (`linked`) that does not start
/// within [`SAME_ABSENCE_WITHIN`] of one of the person's own or of a linked one already counted.
pub fn distinct_absences(own: &[Timestamp], linked: &[Timestamp]) -> Vec<Timestamp> {
    let mut counted: Vec<Timestamp> = own.to_vec();
    let mut linked = linked.to_vec();
    linked.sort_unstable();
    for start in linked {
        let near = |at: &Timestamp| at.plus(-SAME_ABSENCE_WITHIN) <= start && start <= at.plus(SAME_ABSENCE_WITHIN);
        if !counted.iter().any(near) {
            counted.push(start);
        }
    }
    counted
}

/// Alerts raised by reporting an episode, given who reported it and when the person's other episodes started
/// (those of records confirmed as the same person included).
/// A report by anyone but the police tells the episode's force at once.
pub fn on_report(episode: &Episode, person: &Person, reported_by: AgencyKind, other_starts: &[Timestamp]) -> Vec<Due> {
    let occasion = episode.id.to_string();
    let mut due = Vec::new();
    if let Some(force) = episode.police_force_id.filter(|_| reported_by != AgencyKind::Police) {
        due.push(Due { kind: AlertKind::ReportedToForce, agency: force, occasion: occasion.clone() });
    }
    let Some(council) = person.responsible_la_id.filter(|_| person.is_child_at(episode.went_missing_at)) else {
        return due;
    };
    if person.looked_after {
        due.push(Due { kind: AlertKind::IroToBeTold, agency: council, occasion: occasion.clone() });
    }
    let since = episode.went_missing_at.plus(-STRATEGY_MEETING_WINDOW);
    let recent = other_starts.iter().filter(|at| **at >= since && **at <= episode.went_missing_at).count() + 1;
    if recent >= STRATEGY_MEETING_EPISODES {
        due.push(Due { kind: AlertKind::StrategyMeeting, agency: council, occasion });
    }
    due
}

/// Alerts raised by a change of an episode's risk picture, `occasion` naming the change (the assessment).
pub fn on_risk_change(
    before: &EpisodeRisk,
    after: &EpisodeRisk,
    episode: &Episode,
    person: &Person,
    occasion: &str,
) -> Vec<Due> {
    let councils = [person.responsible_la_id, person.host_la_id];
    let mut due = Vec::new();
    let child = person.is_child_at(episode.went_missing_at);
    if child && after.joint == Some(RiskGrade::High) && before.joint != Some(RiskGrade::High) {
        due.extend(councils.into_iter().flatten().map(|agency| Due {
            kind: AlertKind::ChildHighRisk,
            agency,
            occasion: occasion.to_owned(),
        }));
    }
    if after.disagreement && !before.disagreement {
        due.extend([episode.police_force_id, person.responsible_la_id].into_iter().flatten().map(|agency| Due {
            kind: AlertKind::RiskDisagreement,
            agency,
            occasion: occasion.to_owned(),
        }));
    }
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("valid")
    }

    #[test]
    fn a_linked_record_holding_the_same_absence_counts_it_once() {
        let own = [at("2026-05-01T21:00:00Z")];
        // The council's copy of the same night, and a separate absence two days later.
        let linked = [at("2026-05-01T23:30:00Z"), at("2026-05-03T20:00:00Z"), at("2026-05-03T21:00:00Z")];
        assert_eq!(distinct_absences(&own, &linked), [own[0], linked[1]]);
        // The person's own episodes are each an absence, however close.
        let own = [at("2026-05-01T09:00:00Z"), at("2026-05-01T20:00:00Z")];
        assert_eq!(distinct_absences(&own, &[]).len(), 2);
    }
}
